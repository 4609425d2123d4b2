<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="126"/>
        <source>WinCLIP inspection</source>
        <translation>WinCLIP 检测</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="158"/>
        <source>Random weights: scores are meaningless</source>
        <translation>随机权重：得分没有意义</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="162"/>
        <source>The model was not loaded from trained weights. Verdicts, maps and regions only test the pipeline.</source>
        <translation>模型未加载训练好的权重。判定、异常图和区域仅用于测试流程。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="185"/>
        <source>Review</source>
        <translation>复查</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="213"/>
        <source>Thresholds</source>
        <translation>阈值</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="216"/>
        <source>Display</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="215"/>
        <source>Regions</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="219"/>
        <source>Operator review</source>
        <translation>人工复判</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="224"/>
        <source>Score histogram</source>
        <translation>得分直方图</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="228"/>
        <source>Score trend</source>
        <translation>得分趋势</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="236"/>
        <source>Recipes</source>
        <translation>配方</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="266"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="335"/>
        <source>Live station</source>
        <translation>在线检测站</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="344"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="462"/>
        <source>Recipe %1 loaded</source>
        <translation>已加载配方 %1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="484"/>
        <source>Open image folder</source>
        <translation>打开图像文件夹</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="498"/>
        <location filename="../../winclip_desktop/gui/main_window.py" line="625"/>
        <source>An inspection or export is still running.</source>
        <translation>检测或导出仍在进行中。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="531"/>
        <source>Folder not found</source>
        <translation>找不到文件夹</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="530"/>
        <source>Folder not found: %1</source>
        <translation>找不到文件夹：%1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="527"/>
        <source>%1 is not a folder. Choose a folder of images.</source>
        <translation>%1 不是文件夹。请选择一个图像文件夹。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="529"/>
        <source>The folder %1 does not exist. Choose a folder of images.</source>
        <translation>文件夹 %1 不存在。请选择一个图像文件夹。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="506"/>
        <source>Cannot start the inspection</source>
        <translation>无法开始检测</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="514"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="537"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="545"/>
        <source>Finding images…</source>
        <translation>正在查找图像…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="546"/>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="547"/>
        <source>Building prompts…</source>
        <translation>正在生成提示词…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="548"/>
        <source>Encoding reference images…</source>
        <translation>正在编码参考图像…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="549"/>
        <source>Inspecting…</source>
        <translation>正在检测…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="564"/>
        <source>Model %1, weights %2, %3 references</source>
        <translation>模型 %1，权重 %2，参考图像 %3 张</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="595"/>
        <source>Finished: %1 images, %2 NG, %3 errors</source>
        <translation>完成：%1 张图像，%2 张 NG，%3 个错误</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="601"/>
        <source>Cancelled after %1 images</source>
        <translation>已在 %1 张图像后取消</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="604"/>
        <source>Inspection failed: %1</source>
        <translation>检测失败：%1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="605"/>
        <source>Inspection failed</source>
        <translation>检测失败</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="629"/>
        <source>Nothing to export: inspect a folder first.</source>
        <translation>没有可导出的结果：请先检测一个文件夹。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="633"/>
        <source>Export results to</source>
        <translation>导出结果到</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="658"/>
        <source>Exporting to %1…</source>
        <translation>正在导出到 %1…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="665"/>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="667"/>
        <source>Export cancelled; the files written so far are complete.</source>
        <translation>导出已取消；已写入的文件是完整的。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="670"/>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="671"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="712"/>
        <source>%1 was not inspected: %2</source>
        <translation>%1 未检测：%2</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="787"/>
        <source>%1 — score %2 — %3 — regions: %4</source>
        <translation>%1 — 得分 %2 — %3 — 区域数：%4</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="794"/>
        <source> — override %1</source>
        <translation> — 复判 %1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="800"/>
        <source>x %1, y %2: score %3</source>
        <translation>x %1，y %2：得分 %3</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="863"/>
        <source>Calibrated thresholds applied</source>
        <translation>已应用标定的阈值</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="952"/>
        <source>Closing after the current step finishes…</source>
        <translation>当前步骤完成后将关闭…</translation>
    </message>
</context>
</TS>
