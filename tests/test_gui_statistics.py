"""Histogram and trend plots: real pyqtgraph widgets, offscreen, driven by real mouse events."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from winclip_desktop.gui.statistics import (
    COLOR_BY_GROUND_TRUTH,
    COLOR_BY_VERDICT,
    HistogramWidget,
    TrendWidget,
    ground_truth_label,
    labels_from_paths,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _scores_and_verdicts(count=60, threshold=0.6, seed=0):
    rng = np.random.default_rng(seed)
    scores = rng.uniform(0.0, 1.0, count)
    verdicts = ["NG" if score >= threshold else "OK" for score in scores]
    return scores, verdicts


def _send_mouse(widget, event_type, position, button, buttons):
    event = QMouseEvent(
        event_type,
        QPointF(position),
        QPointF(widget.mapToGlobal(position)),
        button,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def _drag_threshold_line(histogram, start_value, end_value, steps=10):
    """Drag the plot from x=start_value to x=end_value with the left button, as a user would.

    pyqtgraph drops mouse moves that arrive within 10 ms of the previous one (its default
    mouseRateLimit of 100 per second), so each step waits 20 ms.
    """
    plot = histogram.plotWidget()
    view_box = plot.getPlotItem().getViewBox()
    y_middle = float(np.mean(view_box.viewRange()[1]))
    start = plot.mapFromScene(view_box.mapViewToScene(QPointF(start_value, y_middle)))
    end = plot.mapFromScene(view_box.mapViewToScene(QPointF(end_value, y_middle)))
    viewport = plot.viewport()
    no_button = Qt.MouseButton.NoButton
    left = Qt.MouseButton.LeftButton

    QTest.qWait(20)
    _send_mouse(viewport, QEvent.Type.MouseMove, start, no_button, no_button)
    _send_mouse(viewport, QEvent.Type.MouseButtonPress, start, left, left)
    for step in range(1, steps + 1):
        QTest.qWait(20)
        _send_mouse(viewport, QEvent.Type.MouseMove, start + (end - start) * step / steps, no_button, left)
    _send_mouse(viewport, QEvent.Type.MouseButtonRelease, end, left, no_button)
    QApplication.processEvents()


@pytest.fixture
def histogram(qtbot):
    widget = HistogramWidget()
    qtbot.addWidget(widget)
    widget.resize(800, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_ground_truth_label_mvtec_paths():
    assert ground_truth_label("/data/bottle/test/good/000.png") is False
    assert ground_truth_label("/data/bottle/test/broken_large/003.png") is True
    assert ground_truth_label("/data/bottle/train/good/000.png") is None
    assert ground_truth_label("/inbox/000.png") is None
    assert ground_truth_label("000.png") is None
    assert labels_from_paths(["a/test/good/1.png", "a/test/crack/2.png", "b/3.png"]) == [False, True, None]


def test_histogram_drag_emits_threshold(histogram, qtbot):
    scores, verdicts = _scores_and_verdicts()
    histogram.setResults(scores, verdicts)
    histogram.setThreshold(0.4)
    QApplication.processEvents()

    received = []
    histogram.thresholdChanged.connect(received.append)

    _drag_threshold_line(histogram, 0.4, 0.8)

    assert len(received) >= 2
    assert all(isinstance(value, float) for value in received)
    assert received == sorted(received)
    assert received[-1] == pytest.approx(histogram.threshold())
    assert histogram.threshold() == pytest.approx(0.8, abs=0.05)


def test_histogram_set_threshold_does_not_emit(histogram, qtbot):
    scores, verdicts = _scores_and_verdicts()
    histogram.setResults(scores, verdicts)

    with qtbot.assertNotEmitted(histogram.thresholdChanged):
        histogram.setThreshold(0.25)
        histogram.setThreshold(0.75)
        QApplication.processEvents()

    assert histogram.threshold() == pytest.approx(0.75)


def test_histogram_slider_mirroring_has_no_loop(histogram, qtbot):
    """A slot that feeds every thresholdChanged back into setThreshold must not trigger extra emissions."""
    scores, verdicts = _scores_and_verdicts()
    histogram.setResults(scores, verdicts)
    histogram.setThreshold(0.3)
    QApplication.processEvents()
    received = []
    nesting = {"depth": 0, "max_depth": 0}

    def mirror(value):
        nesting["depth"] += 1
        nesting["max_depth"] = max(nesting["max_depth"], nesting["depth"])
        received.append(value)
        histogram.setThreshold(round(value, 2))
        nesting["depth"] -= 1

    histogram.thresholdChanged.connect(mirror)
    _drag_threshold_line(histogram, 0.3, 0.7, steps=5)

    assert len(received) >= 1
    assert nesting["max_depth"] == 1
    assert histogram.threshold() == pytest.approx(round(received[-1], 2))


def test_histogram_counts_equal_input(histogram):
    scores, verdicts = _scores_and_verdicts(count=97, seed=3)
    histogram.setResults(scores, verdicts)

    bars = histogram.histogramCounts()
    assert set(bars) == {"OK", "NG"}
    assert int(bars["OK"].sum()) == verdicts.count("OK")
    assert int(bars["NG"].sum()) == verdicts.count("NG")
    edges = histogram.binEdges()
    assert edges.size == 31
    expected, _ = np.histogram(scores, bins=edges)
    np.testing.assert_array_equal(bars["OK"] + bars["NG"], expected)

    counts = histogram.counts()
    assert counts["total"] == 97
    assert counts["OK"] == verdicts.count("OK")
    assert counts["NG"] == verdicts.count("NG")
    summary = histogram.summaryText()
    assert f"{counts['OK']} OK" in summary
    assert f"yield {100 * counts['OK'] / 97:.1f} %" in summary


def test_histogram_ground_truth_colouring(histogram):
    paths = [
        "bottle/test/good/000.png",
        "bottle/test/good/001.png",
        "bottle/test/broken_small/000.png",
        "bottle/test/contamination/004.png",
        "bottle/test/contamination/005.png",
        "inbox/unlabelled.png",
    ]
    scores = [0.1, 0.2, 0.7, 0.8, 0.3, 0.5]
    verdicts = ["OK", "OK", "NG", "NG", "OK", "OK"]
    histogram.setResults(scores, verdicts, labels_from_paths(paths))
    histogram.setColorBy(COLOR_BY_GROUND_TRUTH)

    assert histogram.colorBy() == COLOR_BY_GROUND_TRUTH
    bars = histogram.histogramCounts()
    assert int(bars["good"].sum()) == 2
    assert int(bars["defective"].sum()) == 3
    assert int(bars["unknown"].sum()) == 1
    assert "2 good, 3 defective, 1 unknown" in histogram.summaryText()

    # New results without labels fall back to verdict colouring.
    histogram.setResults(scores, verdicts)
    assert histogram.colorBy() == COLOR_BY_VERDICT
    assert set(histogram.histogramCounts()) == {"OK", "NG"}


def test_histogram_non_finite_scores_not_plotted(histogram):
    histogram.setResults([0.1, float("nan"), 0.9, float("inf")], ["OK", "OK", "NG", "NG"])

    bars = histogram.histogramCounts()
    assert int(bars["OK"].sum()) == 1
    assert int(bars["NG"].sum()) == 1
    assert histogram.counts()["non_finite"] == 2
    assert "2 without a finite score" in histogram.summaryText()


def test_histogram_constant_scores_one_bin(histogram):
    histogram.setResults([0.42, 0.42, 0.42], ["OK", "OK", "OK"])

    assert histogram.binEdges().size == 2
    assert histogram.histogramCounts()["OK"].tolist() == [3]


def test_histogram_rejects_bad_input(histogram):
    with pytest.raises(ValueError, match="3 scores but 2 verdicts"):
        histogram.setResults([0.1, 0.2, 0.3], ["OK", "NG"])
    with pytest.raises(ValueError, match="'maybe'"):
        histogram.setResults([0.1], ["maybe"])
    with pytest.raises(ValueError, match="labels"):
        histogram.setResults([0.1, 0.2], ["OK", "OK"], labels=[True])
    with pytest.raises(ValueError, match="finite"):
        histogram.setThreshold(float("nan"))
    with pytest.raises(ValueError, match="colour mode"):
        histogram.setColorBy("rainbow")


def test_histogram_empty_state(histogram):
    histogram.setResults([0.3], ["OK"])
    histogram.clear()

    assert histogram.counts()["total"] == 0
    assert histogram.histogramCounts() == {}
    assert histogram.summaryText() == "No results yet."


def _assert_png(path: Path):
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    image = QImage(str(path))
    assert not image.isNull()
    assert image.width() > 100
    assert image.height() > 100


def test_histogram_export_png(histogram, tmp_path):
    scores, verdicts = _scores_and_verdicts()
    histogram.setResults(scores, verdicts)

    written = histogram.exportPng(tmp_path / "histogram.png")

    assert written == tmp_path / "histogram.png"
    _assert_png(written)


def test_export_png_hidden_widget(qtbot, tmp_path):
    trend = TrendWidget()
    qtbot.addWidget(trend)
    trend.appendScore(0.2, "OK")
    trend.appendScore(0.9, "NG")

    _assert_png(trend.exportPng(tmp_path / "trend.png"))


def test_export_png_missing_folder_raises(histogram, tmp_path):
    target = tmp_path / "no_such_folder" / "plot.png"
    with pytest.raises(OSError, match="no_such_folder"):
        histogram.exportPng(target)


def test_trend_append_and_trim(qtbot):
    trend = TrendWidget(max_points=4)
    qtbot.addWidget(trend)
    scores = [0.1, 0.5, 0.9, 0.2, 0.7, 0.3]
    verdicts = ["OK", "OK", "NG", "OK", "NG", "OK"]
    for score, verdict in zip(scores, verdicts):
        trend.appendScore(score, verdict)

    np.testing.assert_allclose(trend.scores(), scores[-4:])
    assert trend.verdicts() == verdicts[-4:]
    assert trend.totalCount() == 6
    assert trend.summaryText() == "6 inspections, 2 NG (plot shows the last 4)"

    trend.clear()
    assert trend.scores().size == 0
    assert trend.totalCount() == 0
    assert trend.summaryText() == "No inspections yet."


def test_trend_threshold_and_bad_input(qtbot):
    trend = TrendWidget()
    qtbot.addWidget(trend)
    trend.setThreshold(0.35)
    assert trend.threshold() == pytest.approx(0.35)

    trend.appendScore(float("nan"), "OK")
    assert trend.totalCount() == 0
    with pytest.raises(ValueError, match="'bad'"):
        trend.appendScore(0.1, "bad")
