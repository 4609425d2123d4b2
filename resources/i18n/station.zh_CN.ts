<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>StationWidget</name>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="164"/>
        <source>Random weights: scores are meaningless. Use this only to test the station.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="223"/>
        <source>Score —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="258"/>
        <source>Reset counters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="261"/>
        <source>Since start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="272"/>
        <source>Capture: – fps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="273"/>
        <source>Inspection: – fps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="274"/>
        <source>Latency capture to verdict: – ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="279"/>
        <source>Continuous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="280"/>
        <source>Triggered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="283"/>
        <source>Inspect (F6 / Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="285"/>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="287"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="290"/>
        <source>Show heatmap of the last inspection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="293"/>
        <source>Save all frames (not only NG)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="297"/>
        <source>Capture folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="300"/>
        <source>Controls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="302"/>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="316"/>
        <source>Source: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="318"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="326"/>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="331"/>
        <source>Load model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="335"/>
        <source>Setup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="337"/>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="338"/>
        <source>Class name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="339"/>
        <source>Reference images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="402"/>
        <source>Cannot open the source: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="430"/>
        <source>Loading model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="448"/>
        <source>not saving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="449"/>
        <source>Capture folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="465"/>
        <source>Choose a source first (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="487"/>
        <source>Switch to triggered mode to inspect single frames.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="490"/>
        <source>Press Start before inspecting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="528"/>
        <source>Score %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="531"/>
        <source>Latency capture to verdict: %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="534"/>
        <source>Inspection: %1 fps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="550"/>
        <source>random weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="560"/>
        <source>Loading the model failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="587"/>
        <source>Capture: %1 fps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="613"/>
        <source>OK %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="614"/>
        <source>NG %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="617"/>
        <source>Yield %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="619"/>
        <source>since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="627"/>
        <source>No model loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="629"/>
        <source>No source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="642"/>
        <source>%1: running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="644"/>
        <source>%1: connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="646"/>
        <source>%1: camera lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="648"/>
        <source>%1: reconnecting… (attempt %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="650"/>
        <source>%1: video ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="651"/>
        <source>%1: stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="662"/>
        <source>none (zero-shot)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="662"/>
        <source>%1 images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="671"/>
        <source>Cannot start the source: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="676"/>
        <source>Capture folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="682"/>
        <source>Normal reference images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="682"/>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="692"/>
        <source>Enter the class name of the inspected object, for example bottle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="731"/>
        <source>winclip-desktop inspection station</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
