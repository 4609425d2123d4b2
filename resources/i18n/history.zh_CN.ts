<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>HistoryTableModel</name>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="221"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="222"/>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="223"/>
        <source>Score</source>
        <translation>分数</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="224"/>
        <source>Recipe</source>
        <translation>配方</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="225"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="226"/>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="227"/>
        <source>Regions</source>
        <translation>缺陷区域</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="228"/>
        <source>Comment / error</source>
        <translation>备注 / 错误</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="235"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="237"/>
        <source>%1 (operator; model %2)</source>
        <translation>%1（操作员判定；模型 %2）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="246"/>
        <source>%1 (random weights)</source>
        <translation>%1（随机权重）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="301"/>
        <source>Scored with random weights: the score is meaningless.</source>
        <translation>使用随机权重评分：该分数没有意义。</translation>
    </message>
</context>
<context>
    <name>HistoryWidget</name>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="409"/>
        <source>Up to now</source>
        <translation>截至现在</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="410"/>
        <source>Show the newest inspections, including those recorded after opening the view.</source>
        <translation>显示最新的检测记录，包括打开此视图之后记录的。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="416"/>
        <source>All verdicts</source>
        <translation>全部判定</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="417"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="418"/>
        <source>NG</source>
        <translation>NG</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="419"/>
        <location filename="../../winclip_desktop/gui/history.py" line="640"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="420"/>
        <source>The operator override counts when it is set.</source>
        <translation>如有操作员改判，按改判结果筛选。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="423"/>
        <source>All recipes</source>
        <translation>全部配方</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="425"/>
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="429"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="431"/>
        <source>Export CSV...</source>
        <translation>导出 CSV...</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="432"/>
        <source>Export the selected rows, or every row that matches the filter when none is selected.</source>
        <translation>导出选中的行；未选中任何行时，导出所有符合筛选条件的行。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="438"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="442"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="449"/>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="482"/>
        <source>Double-click an inspection or press Enter to show its annotated image.</source>
        <translation>双击一条检测记录或按回车键，显示其标注图像。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="517"/>
        <source>The start of the time range must be before its end.</source>
        <translation>时间范围的开始必须早于结束。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="521"/>
        <source>Loading...</source>
        <translation>正在加载...</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="536"/>
        <source>Showing the newest %1 inspections only. Narrow the filter to see older ones. Export CSV without a selection exports all matching inspections.</source>
        <translation>仅显示最新的 %1 条检测记录。缩小筛选范围可查看更早的记录。未选中任何行时，导出 CSV 会导出所有符合条件的记录。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="541"/>
        <source>Inspections: %1</source>
        <translation>检测记录：%1 条</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="548"/>
        <source>Could not read the inspection log: %1</source>
        <translation>无法读取检测日志：%1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="590"/>
        <source>The annotated image %1 was not found. It may have been moved or deleted.</source>
        <translation>未找到标注图像 %1，它可能已被移动或删除。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="593"/>
        <source>No annotated image was saved for this inspection.</source>
        <translation>此次检测没有保存标注图像。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="595"/>
        <source>Showing the original image without overlay.</source>
        <translation>显示不带叠加层的原始图像。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="615"/>
        <source>The image could not be read: %1</source>
        <translation>无法读取图像：%1</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="615"/>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="627"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="628"/>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="629"/>
        <source>Score</source>
        <translation>分数</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="630"/>
        <source>Thresholds</source>
        <translation>阈值</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="631"/>
        <source>Regions</source>
        <translation>缺陷区域</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="632"/>
        <source>Recipe</source>
        <translation>配方</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="633"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="634"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="635"/>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="635"/>
        <source>(camera frame)</source>
        <translation>（相机帧）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="638"/>
        <source>Comment</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="643"/>
        <source>Random weights: scores and verdicts of this inspection are meaningless.</source>
        <translation>随机权重：此次检测的分数和判定没有意义。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="651"/>
        <source>image %1, pixel %2</source>
        <translation>图像 %1，像素 %2</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="664"/>
        <source>Export inspection log</source>
        <translation>导出检测日志</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="664"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="679"/>
        <source>Exporting to %1...</source>
        <translation>正在导出到 %1...</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="687"/>
        <source>Export to %1 failed: %2</source>
        <translation>导出到 %1 失败：%2</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/history.py" line="689"/>
        <source>Exported %1 inspections to %2</source>
        <translation>已将 %1 条检测记录导出到 %2</translation>
    </message>
</context>
</TS>
