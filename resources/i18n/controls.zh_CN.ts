<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>DisplayControls</name>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="196"/>
        <source>Fixed 0 to 1</source>
        <translation>固定 0 到 1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="197"/>
        <source>Pixel threshold ± width</source>
        <translation>像素阈值 ± 宽度</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="198"/>
        <source>Manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="212"/>
        <source>Region outlines</source>
        <translation>区域轮廓</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="214"/>
        <source>Original side by side</source>
        <translation>并排显示原图</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="219"/>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="222"/>
        <source>Heatmap opacity</source>
        <translation>热力图不透明度</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="223"/>
        <source>Colour map</source>
        <translation>颜色映射</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="224"/>
        <source>Colour scale</source>
        <translation>颜色标尺</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="225"/>
        <source>Half width</source>
        <translation>半宽</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="226"/>
        <source>Manual scale</source>
        <translation>手动标尺</translation>
    </message>
</context>
<context>
    <name>OverridePanel</name>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="284"/>
        <location filename="../../winclip_desktop/gui/controls.py" line="315"/>
        <source>No image selected</source>
        <translation>未选择图像</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="287"/>
        <source>Optional comment</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="288"/>
        <source>Mark OK</source>
        <translation>标记为 OK</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="289"/>
        <source>Mark NG</source>
        <translation>标记为 NG</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="290"/>
        <source>Clear override</source>
        <translation>清除复判</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="291"/>
        <source>Record that this image is good, whatever the model says.</source>
        <translation>记录此图像为良品，不论模型判定如何。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="292"/>
        <source>Record that this image is defective, whatever the model says.</source>
        <translation>记录此图像为不良品，不论模型判定如何。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="319"/>
        <source>%1 was not inspected:
%2</source>
        <translation>%1 未检测：
%2</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="322"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="324"/>
        <source>%1
Model verdict: %2 (score %3)
Override: %4</source>
        <translation>%1
模型判定：%2（得分 %3）
复判：%4</translation>
    </message>
</context>
<context>
    <name>ThresholdControls</name>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="96"/>
        <source>An image is NG when its score is at or above this value.</source>
        <translation>图像得分大于或等于此值时判定为 NG。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="98"/>
        <source>A pixel is defective when its score is above this value.</source>
        <translation>像素得分高于此值时视为缺陷像素。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="103"/>
        <location filename="../../winclip_desktop/gui/controls.py" line="109"/>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="104"/>
        <source>Diameter of the closing and opening applied to the mask; 1 turns morphology off.</source>
        <translation>对掩膜做闭运算和开运算的结构元素直径；1 表示不做形态学处理。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="110"/>
        <source>Regions smaller than this many pixels are dropped.</source>
        <translation>小于此像素数的区域将被丢弃。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="114"/>
        <source>Image threshold</source>
        <translation>图像阈值</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="115"/>
        <source>Pixel threshold</source>
        <translation>像素阈值</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="116"/>
        <source>Morphology kernel</source>
        <translation>形态学核</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/controls.py" line="117"/>
        <source>Minimum area</source>
        <translation>最小面积</translation>
    </message>
</context>
</TS>
