<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ResultsModel</name>
    <message>
        <location filename="../../winclip_desktop/gui/results_model.py" line="121"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/results_model.py" line="122"/>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/results_model.py" line="123"/>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/results_model.py" line="124"/>
        <source>Regions</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/results_model.py" line="125"/>
        <source>Override</source>
        <translation>复判</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/results_model.py" line="126"/>
        <source>Comment</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/results_model.py" line="127"/>
        <location filename="../../winclip_desktop/gui/results_model.py" line="170"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
</TS>
