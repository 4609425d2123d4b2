<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>RegionList</name>
    <message>
        <location filename="../../winclip_desktop/gui/region_list.py" line="48"/>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/region_list.py" line="48"/>
        <source>Region number, as drawn on the overlay</source>
        <translation>区域编号，与叠加图上标注的一致</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/region_list.py" line="49"/>
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/region_list.py" line="49"/>
        <source>Area in image pixels</source>
        <translation>面积（图像像素）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/region_list.py" line="50"/>
        <source>Box</source>
        <translation>外接框</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/region_list.py" line="50"/>
        <source>Bounding box: x, y, width × height in image pixels</source>
        <translation>外接框：x, y, 宽 × 高（图像像素）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/region_list.py" line="51"/>
        <source>Max</source>
        <translation>最高分</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/region_list.py" line="51"/>
        <source>Highest pixel score in the region</source>
        <translation>区域内像素的最高分数</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/region_list.py" line="52"/>
        <source>Mean</source>
        <translation>平均分</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/region_list.py" line="52"/>
        <source>Mean pixel score in the region</source>
        <translation>区域内像素的平均分数</translation>
    </message>
</context>
</TS>
