<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="116"/>
        <source>WinCLIP inspection</source>
        <translation>WinCLIP 检测</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="134"/>
        <source>e.g. bottle</source>
        <translation>例如 bottle</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="135"/>
        <source>Name of the inspected object, used in the text prompts.</source>
        <translation>被检测物体的名称，用于文本提示词。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="137"/>
        <source>optional: folder of normal images</source>
        <translation>可选：良品图像文件夹</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="138"/>
        <source>Normal reference images turn on few-shot WinCLIP+.</source>
        <translation>提供良品参考图像即启用少样本 WinCLIP+。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="141"/>
        <source>Open folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="142"/>
        <source>Inspect again</source>
        <translation>重新检测</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="143"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="144"/>
        <source>Calibrate…</source>
        <translation>标定…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="145"/>
        <source>Choose thresholds from labelled good and defective images.</source>
        <translation>根据已标注的良品和不良品图像确定阈值。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="151"/>
        <source>Class name</source>
        <translation>类别名称</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="154"/>
        <source>Reference folder</source>
        <translation>参考图像文件夹</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="165"/>
        <source>Random weights: scores are meaningless</source>
        <translation>随机权重：得分没有意义</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="169"/>
        <source>The model was not loaded from trained weights. Verdicts, maps and regions only test the pipeline.</source>
        <translation>模型未加载训练好的权重。判定、异常图和区域仅用于测试流程。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="190"/>
        <source>Review</source>
        <translation>复查</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="216"/>
        <source>Thresholds</source>
        <translation>阈值</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="217"/>
        <source>Display</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="218"/>
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
        <location filename="../../winclip_desktop/gui/main_window.py" line="229"/>
        <source>Score trend</source>
        <translation>得分趋势</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="236"/>
        <source>Recipes</source>
        <translation>配方</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="248"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="316"/>
        <source>Live station</source>
        <translation>在线检测站</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="322"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="405"/>
        <source>Recipe %1 loaded</source>
        <translation>已加载配方 %1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="424"/>
        <source>Enter the class name of the inspected object (for example bottle) first.</source>
        <translation>请先输入被检测物体的类别名称（例如 bottle）。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="438"/>
        <source>Reference folder not found: %1. Choose a folder of normal images or clear the field.</source>
        <translation>找不到参考图像文件夹：%1。请选择良品图像文件夹，或清空此项。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="441"/>
        <source>The reference folder %1 contains no images.</source>
        <translation>参考图像文件夹 %1 中没有图像。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="449"/>
        <source>Open image folder</source>
        <translation>打开图像文件夹</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="463"/>
        <location filename="../../winclip_desktop/gui/main_window.py" line="577"/>
        <source>An inspection or export is still running.</source>
        <translation>检测或导出仍在进行中。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="466"/>
        <source>Folder not found</source>
        <translation>找不到文件夹</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="466"/>
        <source>Folder not found: %1</source>
        <translation>找不到文件夹：%1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="471"/>
        <source>Cannot start the inspection</source>
        <translation>无法开始检测</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="479"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="489"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="497"/>
        <source>Finding images…</source>
        <translation>正在查找图像…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="498"/>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="499"/>
        <source>Building prompts…</source>
        <translation>正在生成提示词…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="500"/>
        <source>Encoding reference images…</source>
        <translation>正在编码参考图像…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="501"/>
        <source>Inspecting…</source>
        <translation>正在检测…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="516"/>
        <source>Model %1, weights %2, %3 references</source>
        <translation>模型 %1，权重 %2，参考图像 %3 张</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="547"/>
        <source>Finished: %1 images, %2 NG, %3 errors</source>
        <translation>完成：%1 张图像，%2 张 NG，%3 个错误</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="553"/>
        <source>Cancelled after %1 images</source>
        <translation>已在 %1 张图像后取消</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="555"/>
        <location filename="../../winclip_desktop/gui/main_window.py" line="556"/>
        <source>Inspection failed</source>
        <translation>检测失败</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="581"/>
        <source>Nothing to export: inspect a folder first.</source>
        <translation>没有可导出的结果：请先检测一个文件夹。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="585"/>
        <source>Export results to</source>
        <translation>导出结果到</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="610"/>
        <source>Exporting to %1…</source>
        <translation>正在导出到 %1…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="617"/>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="619"/>
        <source>Export cancelled; the files written so far are complete.</source>
        <translation>导出已取消；已写入的文件是完整的。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="621"/>
        <location filename="../../winclip_desktop/gui/main_window.py" line="622"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="663"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="720"/>
        <source>%1 — score %2 — %3 — regions: %4</source>
        <translation>%1 — 得分 %2 — %3 — 区域数：%4</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="727"/>
        <source> — override %1</source>
        <translation> — 复判 %1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="733"/>
        <source>x %1, y %2: score %3</source>
        <translation>x %1，y %2：得分 %3</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="793"/>
        <source>Calibrated thresholds applied</source>
        <translation>已应用标定的阈值</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="853"/>
        <source>Reference images (normal parts)</source>
        <translation>参考图像（良品）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/main_window.py" line="878"/>
        <source>Closing after the current step finishes…</source>
        <translation>当前步骤完成后将关闭…</translation>
    </message>
</context>
</TS>
