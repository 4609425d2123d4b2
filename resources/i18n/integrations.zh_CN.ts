<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../winclip_desktop/gui/integrations.py" line="134"/>
        <source>Cannot load the recipe</source>
        <translation>无法加载配方</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/integrations.py" line="199"/>
        <source>Cannot start the live station</source>
        <translation>无法启动在线检测站</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/integrations.py" line="298"/>
        <source>Cannot calibrate</source>
        <translation>无法标定</translation>
    </message>
</context>
</TS>
