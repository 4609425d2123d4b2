<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>HistogramWidget</name>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="126"/>
        <source>Verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="127"/>
        <source>Ground truth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="129"/>
        <source>Ground truth is known for images under test/good (good) or test/&lt;type&gt; (defective).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="134"/>
        <source>Image score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="135"/>
        <source>Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="150"/>
        <source>threshold {value:.4f}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="162"/>
        <source>Colour by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="313"/>
        <source>good</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="314"/>
        <source>defective</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="318"/>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="322"/>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="323"/>
        <source>NG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="373"/>
        <source>No results yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="375"/>
        <source>{total} images: {ok} OK, {ng} NG, yield {yield_percent:.1f} %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="379"/>
        <source> | ground truth: {good} good, {defective} defective, {unknown} unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="383"/>
        <source> | {count} without a finite score (not plotted)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrendWidget</name>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="405"/>
        <source>Inspection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="406"/>
        <source>Image score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="410"/>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="411"/>
        <source>NG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="419"/>
        <source>threshold {value:.4f}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="510"/>
        <source>No inspections yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="512"/>
        <source>{total} inspections, {ng} NG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/statistics.py" line="514"/>
        <source> (plot shows the last {count})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
