<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>HistogramWidget</name>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="155"/>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="156"/>
        <source>Ground truth</source>
        <translation>真值</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="158"/>
        <source>Ground truth is known for images under test/good (good) or test/&lt;type&gt; (defective).</source>
        <translation>位于 test/good（良品）或 test/&lt;类型&gt;（缺陷品）下的图像才有真值。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="163"/>
        <source>Image score</source>
        <translation>图像分数</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="164"/>
        <source>Images</source>
        <translation>图像数</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="182"/>
        <source>threshold {value:.4f}</source>
        <translation>阈值 {value:.4f}</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="195"/>
        <source>Colour by:</source>
        <translation>着色依据：</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="366"/>
        <source>good</source>
        <translation>良品</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="367"/>
        <source>defective</source>
        <translation>缺陷品</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="371"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="375"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="376"/>
        <source>NG</source>
        <translation>NG</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="431"/>
        <source>No results yet.</source>
        <translation>暂无结果。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="433"/>
        <source>{total} images: {ok} OK, {ng} NG, yield {yield_percent:.1f} %</source>
        <translation>共 {total} 张图像：{ok} 张 OK，{ng} 张 NG，良率 {yield_percent:.1f} %</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="437"/>
        <source> | ground truth: {good} good, {defective} defective, {unknown} unknown</source>
        <translation> | 真值：{good} 张良品，{defective} 张缺陷品，{unknown} 张未知</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="441"/>
        <source> | {count} without a finite score (not plotted)</source>
        <translation> | {count} 张没有有效分数（未绘制）</translation>
    </message>
</context>
<context>
    <name>TrendWidget</name>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="463"/>
        <source>Inspection</source>
        <translation>检测序号</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="464"/>
        <source>Image score</source>
        <translation>图像分数</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="468"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="469"/>
        <source>NG</source>
        <translation>NG</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="477"/>
        <source>threshold {value:.4f}</source>
        <translation>阈值 {value:.4f}</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="568"/>
        <source>No inspections yet.</source>
        <translation>暂无检测。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="570"/>
        <source>{total} inspections, {ng} NG</source>
        <translation>共 {total} 次检测，{ng} 次 NG</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="572"/>
        <source> (plot shows the last {count})</source>
        <translation>（图中显示最近 {count} 次）</translation>
    </message>
</context>
</TS>
