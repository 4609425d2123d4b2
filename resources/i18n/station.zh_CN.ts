<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>StationWidget</name>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="210"/>
        <source>Random weights: scores are meaningless. Use this only to test the station.</source>
        <translation>随机权重：分数没有意义。仅用于测试检测工位。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="282"/>
        <source>Score —</source>
        <translation>分数 —</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="329"/>
        <source>Reset counters</source>
        <translation>计数清零</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="332"/>
        <source>Since start</source>
        <translation>自开始以来</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="343"/>
        <source>Capture: – fps</source>
        <translation>采集：– 帧/秒</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="344"/>
        <source>Inspection: – fps</source>
        <translation>检测：– 帧/秒</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="345"/>
        <source>Latency capture to verdict: – ms</source>
        <translation>采集到判定延迟：– 毫秒</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="350"/>
        <source>Continuous</source>
        <translation>连续</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="351"/>
        <source>Triggered</source>
        <translation>触发</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="354"/>
        <source>Inspect (F6 / Space)</source>
        <translation>检测（F6 / 空格）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="356"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="358"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="361"/>
        <source>Show heatmap of the last inspection</source>
        <translation>显示最近一次检测的热力图</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="364"/>
        <source>Outline defect regions</source>
        <translation>勾画缺陷区域</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="367"/>
        <source>Save all frames (not only NG)</source>
        <translation>保存所有图像（不仅是 NG）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="371"/>
        <source>Capture folder…</source>
        <translation>保存文件夹…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="374"/>
        <source>Controls</source>
        <translation>控制</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="376"/>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="391"/>
        <source>Source: %1</source>
        <translation>图像源：%1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="393"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="401"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="406"/>
        <source>Load model</source>
        <translation>加载模型</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="410"/>
        <source>Setup</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="412"/>
        <source>Source</source>
        <translation>图像源</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="413"/>
        <source>Class name</source>
        <translation>类别名称</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="414"/>
        <source>Reference images</source>
        <translation>参考图像</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="479"/>
        <source>Cannot open the source: %1</source>
        <translation>无法打开图像源：%1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="510"/>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="528"/>
        <source>not saving</source>
        <translation>不保存</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="529"/>
        <source>Capture folder: %1</source>
        <translation>保存文件夹：%1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="545"/>
        <source>Choose a source first (%1).</source>
        <translation>请先选择图像源（%1）。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="567"/>
        <source>Switch to triggered mode to inspect single frames.</source>
        <translation>请切换到触发模式以检测单帧图像。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="570"/>
        <source>Press Start before inspecting.</source>
        <translation>请先按“开始”再检测。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="621"/>
        <source>Score %1</source>
        <translation>分数 %1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="625"/>
        <source>Latency capture to verdict: %1 ms</source>
        <translation>采集到判定延迟：%1 毫秒</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="628"/>
        <source>Inspection: %1 fps</source>
        <translation>检测：%1 帧/秒</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="639"/>
        <source>No defect region</source>
        <translation>无缺陷区域</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="641"/>
        <source>1 defect region</source>
        <translation>1 个缺陷区域</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="642"/>
        <source>%1 defect regions</source>
        <translation>%1 个缺陷区域</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="654"/>
        <source>random weights</source>
        <translation>随机权重</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="664"/>
        <source>Loading the model failed: %1</source>
        <translation>加载模型失败：%1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="691"/>
        <source>Capture: %1 fps</source>
        <translation>采集：%1 帧/秒</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="718"/>
        <source>OK %1</source>
        <translation>OK %1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="719"/>
        <source>NG %1</source>
        <translation>NG %1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="722"/>
        <source>Yield %1</source>
        <translation>良率 %1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="724"/>
        <source>since %1</source>
        <translation>自 %1 起</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="732"/>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="734"/>
        <source>No source</source>
        <translation>无图像源</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="747"/>
        <source>%1: running</source>
        <translation>%1：运行中</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="749"/>
        <source>%1: connecting…</source>
        <translation>%1：正在连接…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="751"/>
        <source>%1: camera lost</source>
        <translation>%1：相机丢失</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="753"/>
        <source>%1: reconnecting… (attempt %2)</source>
        <translation>%1：正在重新连接…（第 %2 次尝试）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="756"/>
        <source>%1: video ended</source>
        <translation>%1：视频已结束</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="757"/>
        <source>%1: stopped</source>
        <translation>%1：已停止</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="768"/>
        <source>none (zero-shot)</source>
        <translation>无（零样本）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="768"/>
        <source>%1 images</source>
        <translation>%1 张图像</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="777"/>
        <source>Cannot start the source: %1</source>
        <translation>无法启动图像源：%1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="782"/>
        <source>Capture folder</source>
        <translation>保存文件夹</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="788"/>
        <source>Normal reference images</source>
        <translation>正常参考图像</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="788"/>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="798"/>
        <source>Enter the class name of the inspected object, for example bottle.</source>
        <translation>请输入被检测物体的类别名称，例如 bottle。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="842"/>
        <source>winclip-desktop inspection station</source>
        <translation>winclip-desktop 检测工位</translation>
    </message>
</context>
</TS>
