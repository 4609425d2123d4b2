<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CalibrationDialog</name>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="491"/>
        <source>Calibrate thresholds</source>
        <translation>校准阈值</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="501"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="502"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="519"/>
        <source>Labelled images</source>
        <translation>带标注的图像</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="520"/>
        <source>MVTec AD layout (test/good, test/&lt;defect type&gt;, ground_truth)</source>
        <translation>MVTec AD 目录结构（test/good、test/&lt;缺陷类型&gt;、ground_truth）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="521"/>
        <source>A good folder and a defective folder</source>
        <translation>一个良品文件夹和一个缺陷品文件夹</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="528"/>
        <source>Data set folder, e.g. .../mvtec_ad</source>
        <translation>数据集文件夹，例如 .../mvtec_ad</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="530"/>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="540"/>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="544"/>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="535"/>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="536"/>
        <source>Category:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="539"/>
        <source>Images of normal parts</source>
        <translation>正常零件的图像</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="541"/>
        <source>Choose the good folder</source>
        <translation>选择良品文件夹</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="543"/>
        <source>Optional: leave empty when you have good images only</source>
        <translation>可选：只有良品图像时留空</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="546"/>
        <source>Choose the defective folder</source>
        <translation>选择缺陷品文件夹</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="550"/>
        <source>Good:</source>
        <translation>良品：</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="551"/>
        <source>Defective:</source>
        <translation>缺陷品：</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="565"/>
        <source>Margin for good images only</source>
        <translation>仅有良品时的余量</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="574"/>
        <source>Without defective images the image threshold is the highest good score plus this margin (in score units), so no good image is flagged. A larger margin flags fewer parts.</source>
        <translation>没有缺陷品图像时，图像阈值取良品最高分加上此余量（分数单位），因此不会有良品被判为 NG。余量越大，判为 NG 的零件越少。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="580"/>
        <source>Margin:</source>
        <translation>余量：</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="585"/>
        <source>Run calibration</source>
        <translation>开始校准</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="587"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="600"/>
        <source>Random weights: scores and thresholds are meaningless and only test the pipeline.</source>
        <translation>随机权重：分数和阈值没有意义，仅用于测试流程。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="608"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="624"/>
        <source>Image threshold:</source>
        <translation>图像阈值：</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="625"/>
        <source>Pixel threshold:</source>
        <translation>像素阈值：</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="626"/>
        <source>Flagged as NG:</source>
        <translation>判为 NG：</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="668"/>
        <source>Choose the data set folder first.</source>
        <translation>请先选择数据集文件夹。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="673"/>
        <source>Choose the folder of good images first.</source>
        <translation>请先选择良品图像文件夹。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="696"/>
        <source>Starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="706"/>
        <source>Cancelling...</source>
        <translation>正在取消...</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="756"/>
        <source>Choose the data set folder</source>
        <translation>选择数据集文件夹</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="773"/>
        <source>{name} (this folder)</source>
        <translation>{name}（此文件夹）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="789"/>
        <source>{message}: {done} of {total}</source>
        <translation>{message}：{done} / {total}</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="801"/>
        <source>Done: {count} images scored</source>
        <translation>完成：已评分 {count} 张图像</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="815"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="834"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="835"/>
        <source>Calibration failed: {message}</source>
        <translation>校准失败：{message}</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="899"/>
        <source>{missing} of {defective} defective images have no ground-truth mask</source>
        <translation>{defective} 张缺陷品图像中有 {missing} 张没有真值掩膜</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="902"/>
        <source>see the message below</source>
        <translation>见下方说明</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="854"/>
        <source>not calibrated ({reason})</source>
        <translation>未校准（{reason}）</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="860"/>
        <source>{good_flagged} of {good} good images, {defective_flagged} of {defective} defective images</source>
        <translation>良品 {good} 张中 {good_flagged} 张，缺陷品 {defective} 张中 {defective_flagged} 张</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="870"/>
        <source>Skipped {count} unreadable images: {names}</source>
        <translation>跳过了 {count} 张无法读取的图像：{names}</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="874"/>
        <source>This threshold would flag every image, so it cannot be applied.</source>
        <translation>此阈值会把所有图像判为 NG，因此不能应用。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="881"/>
        <source>Fallback: {reason}, so the threshold is the highest good score {max_good:.6g} plus the margin {margin:.{decimals}f}. Edit the margin above to move it; no good image is flagged.</source>
        <translation>备用方法：{reason}，因此阈值取良品最高分 {max_good:.6g} 加上余量 {margin:.{decimals}f}。可在上方修改余量来调整阈值；不会有良品被判为 NG。</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="884"/>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="897"/>
        <source>no defective images</source>
        <translation>没有缺陷品图像</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="885"/>
        <source>all images have the same score</source>
        <translation>所有图像分数相同</translation>
    </message>
</context>
<context>
    <name>CalibrationWorker</name>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="331"/>
        <source>Reading the labelled images</source>
        <translation>正在读取带标注的图像</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="343"/>
        <source>Scoring images</source>
        <translation>正在为图像评分</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="354"/>
        <source>Model: {stage}</source>
        <translation>模型：{stage}</translation>
    </message>
</context>
<context>
    <name>PrecisionRecallPlot</name>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="411"/>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="412"/>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="431"/>
        <source>No precision-recall curve: it needs defective images.</source>
        <translation>没有精确率-召回率曲线：需要缺陷品图像。</translation>
    </message>
</context>
</TS>
