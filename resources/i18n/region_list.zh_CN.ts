<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>RegionList</name>
    <message>
        <location filename="../../winclip_desktop/gui/region_list.py" line="46"/>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/region_list.py" line="46"/>
        <source>Area (px)</source>
        <translation>面积（像素）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/region_list.py" line="46"/>
        <source>Box x, y, w × h</source>
        <translation>边框 x, y, 宽 × 高</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/region_list.py" line="46"/>
        <source>Max score</source>
        <translation>最高得分</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/region_list.py" line="46"/>
        <source>Mean score</source>
        <translation>平均得分</translation>
    </message>
</context>
</TS>
