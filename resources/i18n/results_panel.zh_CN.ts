<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ResultsPanel</name>
    <message>
        <location filename="../../winclip_desktop/gui/results_panel.py" line="63"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/results_panel.py" line="64"/>
        <source>NG</source>
        <translation>NG</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/results_panel.py" line="65"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/results_panel.py" line="66"/>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/results_panel.py" line="67"/>
        <source>Overridden</source>
        <translation>已复判</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/results_panel.py" line="68"/>
        <source>Filter by final verdict (the override when there is one).</source>
        <translation>按最终判定筛选（有复判时以复判为准）。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/results_panel.py" line="69"/>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/results_panel.py" line="78"/>
        <source>Thumbnails</source>
        <translation>缩略图</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/results_panel.py" line="95"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/results_panel.py" line="215"/>
        <source>%1 images: %2 NG, %3 OK, %4 errors; %5 shown</source>
        <translation>共 %1 张图像：%2 张 NG，%3 张 OK，%4 个错误；显示 %5 张</translation>
    </message>
</context>
</TS>
