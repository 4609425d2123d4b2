<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>RegionList</name>
    <message>
        <location filename="../../winclip_desktop/gui/region_list.py" line="46"/>
        <source>Id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/region_list.py" line="46"/>
        <source>Area (px)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/region_list.py" line="46"/>
        <source>Box x, y, w × h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/region_list.py" line="46"/>
        <source>Max score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/region_list.py" line="46"/>
        <source>Mean score</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
