<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>DisplayControls</name>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="196"/>
        <source>Fixed 0 to 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="197"/>
        <source>Pixel threshold ± width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="198"/>
        <source>Manual</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="212"/>
        <source>Region outlines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="214"/>
        <source>Original side by side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="219"/>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="222"/>
        <source>Heatmap opacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="223"/>
        <source>Colour map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="224"/>
        <source>Colour scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="225"/>
        <source>Half width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="226"/>
        <source>Manual scale</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OverridePanel</name>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="284"/>
        <location filename="../../winclip_desktop/gui/controls.py" line="315"/>
        <source>No image selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="287"/>
        <source>Optional comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="288"/>
        <source>Mark OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="289"/>
        <source>Mark NG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="290"/>
        <source>Clear override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="291"/>
        <source>Record that this image is good, whatever the model says.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="292"/>
        <source>Record that this image is defective, whatever the model says.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="319"/>
        <source>%1: not inspected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="322"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="324"/>
        <source>%1
Model verdict: %2 (score %3)
Override: %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ThresholdControls</name>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="96"/>
        <source>An image is NG when its score is at or above this value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="98"/>
        <source>A pixel is defective when its score is above this value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="103"/>
        <location filename="../../winclip_desktop/gui/controls.py" line="109"/>
        <source> px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="104"/>
        <source>Diameter of the closing and opening applied to the mask; 1 turns morphology off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="110"/>
        <source>Regions smaller than this many pixels are dropped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="114"/>
        <source>Image threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="115"/>
        <source>Pixel threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="116"/>
        <source>Morphology kernel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="117"/>
        <source>Minimum area</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
