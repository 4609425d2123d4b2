<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>StationWorker</name>
    <message>
        <location filename="../../winclip_desktop/gui/station_worker.py" line="260"/>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station_worker.py" line="261"/>
        <source>Building prompts…</source>
        <translation>正在生成提示词…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station_worker.py" line="262"/>
        <source>Encoding reference images…</source>
        <translation>正在编码参考图像…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station_worker.py" line="289"/>
        <source>No frame arrived within %1 s of the trigger; the trigger was dropped.</source>
        <translation>触发后 %1 秒内没有收到图像，本次触发已丢弃。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station_worker.py" line="311"/>
        <source>Inspection failed: %1</source>
        <translation>检测失败：%1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station_worker.py" line="377"/>
        <source>Saving the frame failed: %1</source>
        <translation>保存图像失败：%1</translation>
    </message>
</context>
</TS>
