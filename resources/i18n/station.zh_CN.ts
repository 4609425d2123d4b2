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
        <location filename="../../winclip_desktop/gui/station.py" line="312"/>
        <source>Reset counters</source>
        <translation>计数清零</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="315"/>
        <source>Since start</source>
        <translation>自开始以来</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="326"/>
        <source>Capture: – fps</source>
        <translation>采集：– 帧/秒</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="327"/>
        <source>Inspection: – fps</source>
        <translation>检测：– 帧/秒</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="328"/>
        <source>Latency capture to verdict: – ms</source>
        <translation>采集到判定延迟：– 毫秒</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="333"/>
        <source>Continuous</source>
        <translation>连续</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="334"/>
        <source>Triggered</source>
        <translation>触发</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="337"/>
        <source>Inspect (F6 / Space)</source>
        <translation>检测（F6 / 空格）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="339"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="341"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="344"/>
        <source>Show heatmap of the last inspection</source>
        <translation>显示最近一次检测的热力图</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="347"/>
        <source>Outline defect regions</source>
        <translation>勾画缺陷区域</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="350"/>
        <source>Save all frames (not only NG)</source>
        <translation>保存所有图像（不仅是 NG）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="354"/>
        <source>Capture folder…</source>
        <translation>保存文件夹…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="357"/>
        <source>Controls</source>
        <translation>控制</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="359"/>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="374"/>
        <source>Source: %1</source>
        <translation>图像源：%1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="376"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="384"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="389"/>
        <source>Load model</source>
        <translation>加载模型</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="393"/>
        <source>Setup</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="395"/>
        <source>Source</source>
        <translation>图像源</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="396"/>
        <source>Class name</source>
        <translation>类别名称</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="397"/>
        <source>Reference images</source>
        <translation>参考图像</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="462"/>
        <source>Cannot open the source: %1</source>
        <translation>无法打开图像源：%1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="493"/>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="511"/>
        <source>not saving</source>
        <translation>不保存</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="512"/>
        <source>Capture folder: %1</source>
        <translation>保存文件夹：%1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="528"/>
        <source>Choose a source first (%1).</source>
        <translation>请先选择图像源（%1）。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="550"/>
        <source>Switch to triggered mode to inspect single frames.</source>
        <translation>请切换到触发模式以检测单帧图像。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="553"/>
        <source>Press Start before inspecting.</source>
        <translation>请先按“开始”再检测。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="604"/>
        <source>Score %1</source>
        <translation>分数 %1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="608"/>
        <source>Latency capture to verdict: %1 ms</source>
        <translation>采集到判定延迟：%1 毫秒</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="611"/>
        <source>Inspection: %1 fps</source>
        <translation>检测：%1 帧/秒</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="622"/>
        <source>No defect region</source>
        <translation>无缺陷区域</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="624"/>
        <source>1 defect region</source>
        <translation>1 个缺陷区域</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="625"/>
        <source>%1 defect regions</source>
        <translation>%1 个缺陷区域</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="637"/>
        <source>random weights</source>
        <translation>随机权重</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="647"/>
        <source>Loading the model failed: %1</source>
        <translation>加载模型失败：%1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="674"/>
        <source>Capture: %1 fps</source>
        <translation>采集：%1 帧/秒</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="701"/>
        <source>OK %1</source>
        <translation>OK %1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="702"/>
        <source>NG %1</source>
        <translation>NG %1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="705"/>
        <source>Yield %1</source>
        <translation>良率 %1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="707"/>
        <source>since %1</source>
        <translation>自 %1 起</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="715"/>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="717"/>
        <source>No source</source>
        <translation>无图像源</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="730"/>
        <source>%1: running</source>
        <translation>%1：运行中</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="732"/>
        <source>%1: connecting…</source>
        <translation>%1：正在连接…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="734"/>
        <source>%1: camera lost</source>
        <translation>%1：相机丢失</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="737"/>
        <source>%1: reconnecting… (attempt %2)</source>
        <translation>%1：正在重新连接…（第 %2 次尝试）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="740"/>
        <source>%1: video ended</source>
        <translation>%1：视频已结束</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="741"/>
        <source>%1: stopped</source>
        <translation>%1：已停止</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="752"/>
        <source>none (zero-shot)</source>
        <translation>无（零样本）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="752"/>
        <source>%1 images</source>
        <translation>%1 张图像</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="761"/>
        <source>Cannot start the source: %1</source>
        <translation>无法启动图像源：%1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="766"/>
        <source>Capture folder</source>
        <translation>保存文件夹</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="772"/>
        <source>Normal reference images</source>
        <translation>正常参考图像</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="772"/>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="782"/>
        <source>Enter the class name of the inspected object, for example bottle.</source>
        <translation>请输入被检测物体的类别名称，例如 bottle。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/station.py" line="837"/>
        <source>winclip-desktop inspection station</source>
        <translation>winclip-desktop 检测工位</translation>
    </message>
</context>
</TS>
