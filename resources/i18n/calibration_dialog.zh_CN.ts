<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CalibrationDialog</name>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="485"/>
        <source>Calibrate thresholds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="495"/>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="496"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="508"/>
        <source>Labelled images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="509"/>
        <source>MVTec AD layout (test/good, test/&lt;defect type&gt;, ground_truth)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="510"/>
        <source>A good folder and a defective folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="517"/>
        <source>Data set folder, e.g. .../mvtec_ad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="519"/>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="529"/>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="533"/>
        <source>Browse...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="524"/>
        <source>Folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="525"/>
        <source>Category:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="528"/>
        <source>Images of normal parts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="530"/>
        <source>Choose the good folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="532"/>
        <source>Optional: leave empty when you have good images only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="535"/>
        <source>Choose the defective folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="539"/>
        <source>Good:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="540"/>
        <source>Defective:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="554"/>
        <source>Margin for good images only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="563"/>
        <source>Without defective images the image threshold is the highest good score plus this margin (in score units), so no good image is flagged. A larger margin flags fewer parts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="569"/>
        <source>Margin:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="574"/>
        <source>Run calibration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="576"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="589"/>
        <source>Random weights: scores and thresholds are meaningless and only test the pipeline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="597"/>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="613"/>
        <source>Image threshold:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="614"/>
        <source>Pixel threshold:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="615"/>
        <source>Flagged as NG:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="657"/>
        <source>Choose the data set folder first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="662"/>
        <source>Choose the folder of good images first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="685"/>
        <source>Starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="695"/>
        <source>Cancelling...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="745"/>
        <source>Choose the data set folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="762"/>
        <source>{name} (this folder)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="778"/>
        <source>{message}: {done} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="789"/>
        <source>Done: {count} images scored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="803"/>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="822"/>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="823"/>
        <source>Calibration failed: {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="841"/>
        <source>see the message below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="842"/>
        <source>not calibrated ({reason})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="848"/>
        <source>{good_flagged} of {good} good images, {defective_flagged} of {defective} defective images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="858"/>
        <source>Skipped {count} unreadable images: {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="862"/>
        <source>This threshold would flag every image, so it cannot be applied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="869"/>
        <source>Fallback: {reason}, so the threshold is the highest good score {max_good:.6g} plus the margin {margin:.{decimals}f}. Edit the margin above to move it; no good image is flagged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="872"/>
        <source>no defective images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="873"/>
        <source>all images have the same score</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CalibrationWorker</name>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="323"/>
        <source>Reading the labelled images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="335"/>
        <source>Scoring images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="346"/>
        <source>Model: {stage}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrecisionRecallPlot</name>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="402"/>
        <source>Recall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="403"/>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../winclip_desktop/gui/calibration_dialog.py" line="422"/>
        <source>No precision-recall curve: it needs defective images.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
