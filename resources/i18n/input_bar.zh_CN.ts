<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>InputBar</name>
    <message>
        <location filename="../../winclip_desktop/gui/input_bar.py" line="36"/>
        <source>e.g. bottle</source>
        <translation>例如 bottle</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/input_bar.py" line="37"/>
        <source>Name of the inspected object, used in the text prompts.</source>
        <translation>被检测物体的名称，用于文本提示词。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/input_bar.py" line="39"/>
        <source>optional: folder of normal images</source>
        <translation>可选：良品图像文件夹</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/input_bar.py" line="40"/>
        <source>Normal reference images turn on few-shot WinCLIP+.</source>
        <translation>提供良品参考图像即启用少样本 WinCLIP+。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/input_bar.py" line="45"/>
        <source>Open folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/input_bar.py" line="46"/>
        <source>Inspect again</source>
        <translation>重新检测</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/input_bar.py" line="47"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/input_bar.py" line="49"/>
        <source>Export results…</source>
        <translation>导出结果…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/input_bar.py" line="50"/>
        <source>Export results with anomaly maps (.npy)…</source>
        <translation>导出结果及异常图（.npy）…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/input_bar.py" line="52"/>
        <source>Calibrate…</source>
        <translation>标定…</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/input_bar.py" line="53"/>
        <source>Choose thresholds from labelled good and defective images.</source>
        <translation>根据已标注的良品和不良品图像确定阈值。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/input_bar.py" line="58"/>
        <source>Class name</source>
        <translation>类别名称</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/input_bar.py" line="61"/>
        <source>Reference folder</source>
        <translation>参考图像文件夹</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/input_bar.py" line="100"/>
        <source>Enter the class name of the inspected object (for example bottle) first.</source>
        <translation>请先输入被检测物体的类别名称（例如 bottle）。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/input_bar.py" line="117"/>
        <source>Reference folder not found: %1. Choose a folder of normal images or clear the field.</source>
        <translation>找不到参考图像文件夹：%1。请选择良品图像文件夹，或清空此项。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/input_bar.py" line="121"/>
        <source>The reference folder %1 contains no images.</source>
        <translation>参考图像文件夹 %1 中没有图像。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/input_bar.py" line="126"/>
        <source>Reference images (normal parts)</source>
        <translation>参考图像（良品）</translation>
    </message>
</context>
</TS>
