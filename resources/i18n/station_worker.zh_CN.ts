<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>StationWorker</name>
    <message>
        <location filename="../../winclip_desktop/gui/station_worker.py" line="230"/>
        <source>Loading model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station_worker.py" line="231"/>
        <source>Building prompts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station_worker.py" line="232"/>
        <source>Encoding reference images…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station_worker.py" line="259"/>
        <source>No frame arrived within %1 s of the trigger; the trigger was dropped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station_worker.py" line="274"/>
        <source>Inspection failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station_worker.py" line="324"/>
        <source>Saving the frame failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
