<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>StationWidget</name>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="194"/>
        <source>Random weights: scores are meaningless. Use this only to test the station.</source>
        <translation>随机权重：分数没有意义。仅用于测试检测工位。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="253"/>
        <source>Score —</source>
        <translation>分数 —</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="292"/>
        <source>Reset counters</source>
        <translation>计数清零</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="295"/>
        <source>Since start</source>
        <translation>自开始以来</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="306"/>
        <source>Capture: – fps</source>
        <translation>采集：– 帧/秒</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="307"/>
        <source>Inspection: – fps</source>
        <translation>检测：– 帧/秒</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="308"/>
        <source>Latency capture to verdict: – ms</source>
        <translation>采集到判定延迟：– 毫秒</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="313"/>
        <source>Continuous</source>
        <translation>连续</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="314"/>
        <source>Triggered</source>
        <translation>触发</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="317"/>
        <source>Inspect (F6 / Space)</source>
        <translation>检测（F6 / 空格）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="319"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="321"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="324"/>
        <source>Show heatmap of the last inspection</source>
        <translation>显示最近一次检测的热力图</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="327"/>
        <source>Save all frames (not only NG)</source>
        <translation>保存所有图像（不仅是 NG）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="331"/>
        <source>Capture folder…</source>
        <translation>保存文件夹…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="334"/>
        <source>Controls</source>
        <translation>控制</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="336"/>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="350"/>
        <source>Source: %1</source>
        <translation>图像源：%1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="352"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="360"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="365"/>
        <source>Load model</source>
        <translation>加载模型</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="369"/>
        <source>Setup</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="371"/>
        <source>Source</source>
        <translation>图像源</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="372"/>
        <source>Class name</source>
        <translation>类别名称</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="373"/>
        <source>Reference images</source>
        <translation>参考图像</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="436"/>
        <source>Cannot open the source: %1</source>
        <translation>无法打开图像源：%1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="464"/>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="482"/>
        <source>not saving</source>
        <translation>不保存</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="483"/>
        <source>Capture folder: %1</source>
        <translation>保存文件夹：%1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="499"/>
        <source>Choose a source first (%1).</source>
        <translation>请先选择图像源（%1）。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="521"/>
        <source>Switch to triggered mode to inspect single frames.</source>
        <translation>请切换到触发模式以检测单帧图像。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="524"/>
        <source>Press Start before inspecting.</source>
        <translation>请先按“开始”再检测。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="575"/>
        <source>Score %1</source>
        <translation>分数 %1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="578"/>
        <source>Latency capture to verdict: %1 ms</source>
        <translation>采集到判定延迟：%1 毫秒</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="581"/>
        <source>Inspection: %1 fps</source>
        <translation>检测：%1 帧/秒</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="597"/>
        <source>random weights</source>
        <translation>随机权重</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="607"/>
        <source>Loading the model failed: %1</source>
        <translation>加载模型失败：%1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="634"/>
        <source>Capture: %1 fps</source>
        <translation>采集：%1 帧/秒</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="660"/>
        <source>OK %1</source>
        <translation>OK %1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="661"/>
        <source>NG %1</source>
        <translation>NG %1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="664"/>
        <source>Yield %1</source>
        <translation>良率 %1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="666"/>
        <source>since %1</source>
        <translation>自 %1 起</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="674"/>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="676"/>
        <source>No source</source>
        <translation>无图像源</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="689"/>
        <source>%1: running</source>
        <translation>%1：运行中</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="691"/>
        <source>%1: connecting…</source>
        <translation>%1：正在连接…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="693"/>
        <source>%1: camera lost</source>
        <translation>%1：相机丢失</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="695"/>
        <source>%1: reconnecting… (attempt %2)</source>
        <translation>%1：正在重新连接…（第 %2 次尝试）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="698"/>
        <source>%1: video ended</source>
        <translation>%1：视频已结束</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="699"/>
        <source>%1: stopped</source>
        <translation>%1：已停止</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="710"/>
        <source>none (zero-shot)</source>
        <translation>无（零样本）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="710"/>
        <source>%1 images</source>
        <translation>%1 张图像</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="719"/>
        <source>Cannot start the source: %1</source>
        <translation>无法启动图像源：%1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="724"/>
        <source>Capture folder</source>
        <translation>保存文件夹</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="730"/>
        <source>Normal reference images</source>
        <translation>正常参考图像</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="730"/>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="740"/>
        <source>Enter the class name of the inspected object, for example bottle.</source>
        <translation>请输入被检测物体的类别名称，例如 bottle。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="784"/>
        <source>winclip-desktop inspection station</source>
        <translation>winclip-desktop 检测工位</translation>
    </message>
</context>
</TS>
