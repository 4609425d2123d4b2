"""Score statistics plots: a histogram with a draggable image threshold, and a score trend.

Both widgets are display only. They never run the model and never change a verdict themselves.
The main window owns the results and the thresholds. It feeds the widgets with ``setResults``,
``appendScore`` and ``setThreshold``, and reacts to ``HistogramWidget.thresholdChanged``.
"""

from __future__ import annotations

import logging
import math
from collections import deque
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from winclip_desktop.engine.types import NG, OK

logger = logging.getLogger(__name__)

# Colour-blind friendly pairs (Okabe-Ito palette), as RGB tuples.
OK_COLOR = (0, 158, 115)
NG_COLOR = (213, 94, 0)
GOOD_COLOR = (0, 114, 178)
DEFECTIVE_COLOR = (230, 159, 0)
UNKNOWN_COLOR = (150, 150, 150)
THRESHOLD_COLOR = (204, 121, 167)

COLOR_BY_VERDICT = "verdict"
COLOR_BY_GROUND_TRUTH = "ground_truth"

# Histogram category keys, as returned by HistogramWidget.histogramCounts().
GOOD = "good"
DEFECTIVE = "defective"
UNKNOWN = "unknown"


def ground_truth_label(path: str | Path) -> bool | None:
    """Return the MVTec-style ground truth of an image path: True for defective, False for good.

    The image must sit directly in ``test/<type>/``: ``test/good/`` is good and any other
    ``test/<type>/`` folder is defective. Any other path returns None (unknown).
    """
    parts = Path(path).parts
    if len(parts) < 3 or parts[-3].lower() != "test":
        return None
    return parts[-2].lower() != "good"


def labels_from_paths(paths: Iterable[str | Path]) -> list[bool | None]:
    """Return ``ground_truth_label`` for each path, in order."""
    return [ground_truth_label(path) for path in paths]


def save_widget_png(widget: QWidget, path: str | Path) -> Path:
    """Render ``widget`` with ``QWidget.grab`` and write it to ``path`` as PNG.

    ``QWidget.grab`` works offscreen and for hidden widgets, unlike screen captures.
    Raises OSError naming the path when Qt cannot write the file.
    """
    path = Path(path)
    layout = widget.layout()
    if layout is not None:
        layout.activate()
    if not widget.isVisible():
        widget.resize(widget.size().expandedTo(widget.sizeHint()))
    pixmap = widget.grab()
    if pixmap.isNull():
        raise OSError(f"Could not render the plot for {path}: the widget has zero size.")
    if not pixmap.save(str(path), "PNG"):
        raise OSError(f"Could not write PNG file {path}: check that the folder exists and is writable.")
    logger.info("Saved plot %s (%dx%d pixels)", path, pixmap.width(), pixmap.height())
    return path


# Smallest plot area in pixels. Below about 150 pixels of height the axis labels, the legend
# and the threshold label no longer fit, and a window squeezes its docks to their minimum.
MIN_PLOT_SIZE = (220, 150)
# Factor between the histogram's y range and its highest stacked bar.
LEGEND_HEADROOM = 1.4


def _make_plot_widget() -> pg.PlotWidget:
    plot = pg.PlotWidget(background="w")
    plot.setMinimumSize(*MIN_PLOT_SIZE)
    plot.showGrid(x=True, y=True, alpha=0.3)
    plot.setMenuEnabled(False)
    # Scores are small numbers, and an SI prefix such as "(x0.001)" on the axis only confuses.
    for axis in ("left", "bottom"):
        plot.getAxis(axis).enableAutoSIPrefix(False)
    return plot


def _histogram_edges(scores: np.ndarray, bins: int, threshold: float | None = None) -> np.ndarray:
    """Return the bin edges of finite ``scores``, shape (n + 1,) with 1 <= n <= ``bins``.

    With the threshold inside the score range (or None) there are ``bins`` equal bins over the
    score range. The plot also shows the threshold, so with the threshold outside the score range
    each bin is 1/``bins`` of the shown range, scores and threshold together, and the bins cover
    only the scores. Otherwise scores bunched far from the threshold would get bars too narrow
    to see. Equal scores get one bin of that width, or 2 % of the score (at least 0.002) wide
    when they also equal the threshold.
    """
    low = float(scores.min())
    high = float(scores.max())
    shown_low, shown_high = low, high
    if threshold is not None and math.isfinite(threshold):
        shown_low, shown_high = min(low, threshold), max(high, threshold)
    if shown_high <= shown_low:
        half_width = max(abs(low) * 0.01, 1e-3)
        return np.array([low - half_width, low + half_width])
    if high > low and (shown_low, shown_high) == (low, high):
        return np.histogram_bin_edges(scores, bins=bins, range=(low, high))
    width = (shown_high - shown_low) / bins
    count = min(bins, max(1, math.ceil((high - low) / width)))
    start = (low + high) / 2 - count * width / 2
    edges = start + width * np.arange(count + 1, dtype=np.float64)
    # Rounding must not leave the lowest or highest score outside the bins.
    edges[0] = min(edges[0], low)
    edges[-1] = max(edges[-1], high)
    return edges


class HistogramWidget(QWidget):
    """Stacked score histogram of the current results with the image threshold as a draggable line.

    Bars are coloured by verdict (OK/NG) or, when ground truth labels are known, by label
    (good/defective/unknown). The line emits ``thresholdChanged`` only when the user drags it,
    never when ``setThreshold`` moves it, so a slider and the line can mirror each other without a
    signal loop.
    """

    thresholdChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None, bins: int = 30) -> None:
        super().__init__(parent)
        if bins < 1:
            raise ValueError(f"Histogram bins must be at least 1, got {bins}.")
        self._bins = bins
        self._scores = np.zeros(0, dtype=np.float64)
        self._verdicts: list[str] = []
        self._labels: list[bool | None] | None = None
        self._color_by = COLOR_BY_VERDICT
        self._edges = np.zeros(0, dtype=np.float64)
        self._counts: dict[str, np.ndarray] = {}
        self._bars: list[pg.BarGraphItem] = []
        self._moving_line_programmatically = False
        self._known_threshold = 0.5  # the line's value as last emitted or set

        self._color_combo = QComboBox()
        self._color_combo.addItem(self.tr("Verdict"), COLOR_BY_VERDICT)
        self._color_combo.addItem(self.tr("Ground truth"), COLOR_BY_GROUND_TRUTH)
        self._color_combo.setToolTip(
            self.tr("Ground truth is known for images under test/good (good) or test/<type> (defective).")
        )
        self._color_combo.currentIndexChanged.connect(self._on_color_combo_changed)

        self._plot = _make_plot_widget()
        self._plot.setLabel("bottom", self.tr("Image score"))
        self._plot.setLabel("left", self.tr("Images"))
        self._legend = self._plot.addLegend(
            offset=(-10, 10), labelTextColor="k", brush=pg.mkBrush(255, 255, 255, 200)
        )

        self._line = pg.InfiniteLine(
            pos=0.5,
            angle=90,
            movable=True,
            pen=pg.mkPen(THRESHOLD_COLOR, width=2),
            hoverPen=pg.mkPen(THRESHOLD_COLOR, width=4),
        )
        self._line.setZValue(10)
        # The label sits right of the line in the left half of the plot and left of it in the
        # right half, so that it stays inside the plot. Half way up it clears the legend in the
        # top corner, and its white fill keeps it readable over the bars.
        self._line_label = pg.InfLineLabel(
            self._line,
            text=self.tr("threshold {value:.4f}"),
            position=0.5,
            anchors=[(0, 0.5), (1, 0.5)],
            color=THRESHOLD_COLOR,
            fill=pg.mkBrush(255, 255, 255, 200),
        )
        self._line.sigPositionChanged.connect(self._on_line_moved)
        self._plot.addItem(self._line)

        self._summary = QLabel()
        self._summary.setWordWrap(True)

        top_row = QHBoxLayout()
        top_row.addWidget(QLabel(self.tr("Colour by:")))
        top_row.addWidget(self._color_combo)
        top_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top_row)
        layout.addWidget(self._plot, 1)
        layout.addWidget(self._summary)

        self._rebuild()

    # Public API -------------------------------------------------------------------------------

    def setResults(
        self,
        scores: Sequence[float] | np.ndarray,
        verdicts: Sequence[str],
        labels: Sequence[bool | None] | None = None,
    ) -> None:
        """Replace the plotted results.

        ``scores`` are image scores, ``verdicts`` are "OK"/"NG" of the same length, and ``labels``
        (optional) are ground truth per result: True defective, False good, None unknown
        (see ``labels_from_paths``). Non-finite scores are left out of the bars and counted apart.
        Raises ValueError when the lengths differ or a verdict is not "OK"/"NG".
        """
        scores_array = np.asarray(scores, dtype=np.float64).reshape(-1)
        verdict_list = [str(verdict) for verdict in verdicts]
        if len(verdict_list) != scores_array.size:
            raise ValueError(
                f"setResults got {scores_array.size} scores but {len(verdict_list)} verdicts; "
                "pass one verdict per score."
            )
        unknown_verdicts = sorted({verdict for verdict in verdict_list} - {OK, NG})
        if unknown_verdicts:
            raise ValueError(f"Invalid verdicts {unknown_verdicts}: each verdict must be {OK!r} or {NG!r}.")
        label_list = None
        if labels is not None:
            label_list = [None if label is None else bool(label) for label in labels]
            if len(label_list) != scores_array.size:
                raise ValueError(
                    f"setResults got {scores_array.size} scores but {len(label_list)} labels; "
                    "pass one label per score or labels=None."
                )

        self._scores = scores_array
        self._verdicts = verdict_list
        self._labels = label_list
        has_labels = label_list is not None and any(label is not None for label in label_list)
        self._set_ground_truth_available(has_labels)
        self._rebuild()

    def clear(self) -> None:
        """Remove all results."""
        self.setResults([], [])

    @Slot(float)
    def setThreshold(self, value: float) -> None:
        """Move the threshold line to ``value`` without emitting ``thresholdChanged``."""
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"Threshold must be a finite number, got {value}.")
        self._moving_line_programmatically = True
        try:
            self._line.setValue(value)
        finally:
            self._moving_line_programmatically = False
        self._known_threshold = value
        finite = self._scores[np.isfinite(self._scores)]
        if finite.size and not np.array_equal(_histogram_edges(finite, self._bins, value), self._edges):
            self._rebuild()  # the bin width follows the range the threshold adds to the plot
        else:
            self._update_x_range()

    def threshold(self) -> float:
        """Return the image threshold at the line's position."""
        return float(self._line.value())

    def setColorBy(self, mode: str) -> None:
        """Colour bars by ``COLOR_BY_VERDICT`` or ``COLOR_BY_GROUND_TRUTH``.

        Ground truth needs labels from ``setResults``; without them the bars stay coloured by verdict.
        """
        index = self._color_combo.findData(mode)
        if index < 0:
            raise ValueError(f"Unknown colour mode {mode!r}: use {COLOR_BY_VERDICT!r} or {COLOR_BY_GROUND_TRUTH!r}.")
        self._color_combo.setCurrentIndex(index)

    def colorBy(self) -> str:
        """Return the active colour mode (``COLOR_BY_VERDICT`` or ``COLOR_BY_GROUND_TRUTH``)."""
        return self._color_by

    def counts(self) -> dict[str, int]:
        """Return totals: total, OK, NG, good, defective, unknown (labels) and non_finite (scores)."""
        labels = self._labels or [None] * len(self._verdicts)
        return {
            "total": len(self._verdicts),
            OK: self._verdicts.count(OK),
            NG: self._verdicts.count(NG),
            GOOD: sum(1 for label in labels if label is False),
            DEFECTIVE: sum(1 for label in labels if label is True),
            UNKNOWN: sum(1 for label in labels if label is None),
            "non_finite": int(np.count_nonzero(~np.isfinite(self._scores))),
        }

    def binEdges(self) -> np.ndarray:
        """Return the histogram bin edges, shape (n + 1,) with n <= bins, or an empty array without results."""
        return self._edges.copy()

    def histogramCounts(self) -> dict[str, np.ndarray]:
        """Return the bar heights per category, each of shape (n,) as ``binEdges`` has n + 1 edges.

        A category without results has zeros here and neither bars nor a legend entry in the plot.

        Keys are "OK"/"NG" when coloured by verdict, and "good"/"defective"/"unknown" when
        coloured by ground truth.
        """
        return {key: counts.copy() for key, counts in self._counts.items()}

    def plotWidget(self) -> pg.PlotWidget:
        """Return the underlying pyqtgraph plot (for embedding tweaks and tests)."""
        return self._plot

    def thresholdLine(self) -> pg.InfiniteLine:
        """Return the draggable threshold line."""
        return self._line

    def thresholdLabel(self) -> pg.InfLineLabel:
        """Return the label that shows the threshold value next to the line."""
        return self._line_label

    def summaryText(self) -> str:
        """Return the counts and yield line shown under the plot."""
        return self._summary.text()

    def exportPng(self, path: str | Path) -> Path:
        """Write the widget (plot, legend and counts) to ``path`` as PNG. Raises OSError on failure."""
        return save_widget_png(self, path)

    # Internals --------------------------------------------------------------------------------

    def _set_ground_truth_available(self, available: bool) -> None:
        model = self._color_combo.model()
        item = model.item(self._color_combo.findData(COLOR_BY_GROUND_TRUTH))
        item.setEnabled(available)
        if not available and self._color_by == COLOR_BY_GROUND_TRUTH:
            self._color_combo.setCurrentIndex(self._color_combo.findData(COLOR_BY_VERDICT))

    def _on_color_combo_changed(self, index: int) -> None:
        self._color_by = self._color_combo.itemData(index)
        self._rebuild()

    def _on_line_moved(self) -> None:
        if self._moving_line_programmatically:
            return
        value = float(self._line.value())
        # Releasing the mouse maps the last drag position again, which can move the line by a
        # rounding error. That is no new threshold, and every emission re-thresholds the results.
        if math.isclose(value, self._known_threshold, rel_tol=1e-12, abs_tol=1e-15):
            return
        self._known_threshold = value
        self.thresholdChanged.emit(value)

    def _categories(self) -> list[tuple[str, str, tuple[int, int, int], np.ndarray]]:
        """Return (key, legend name, colour, boolean member mask) per category, bottom bar first."""
        if self._color_by == COLOR_BY_GROUND_TRUTH and self._labels is not None:
            labels = self._labels
            good = np.array([label is False for label in labels], dtype=bool)
            defective = np.array([label is True for label in labels], dtype=bool)
            categories = [
                (GOOD, self.tr("good"), GOOD_COLOR, good),
                (DEFECTIVE, self.tr("defective"), DEFECTIVE_COLOR, defective),
            ]
            unknown = np.array([label is None for label in labels], dtype=bool)
            if unknown.any():
                categories.append((UNKNOWN, self.tr("unknown"), UNKNOWN_COLOR, unknown))
            return categories
        verdicts = np.array(self._verdicts, dtype=object)
        return [
            (OK, self.tr("OK"), OK_COLOR, verdicts == OK),
            (NG, self.tr("NG"), NG_COLOR, verdicts == NG),
        ]

    def _rebuild(self) -> None:
        for bar in self._bars:
            self._plot.removeItem(bar)
        self._bars = []
        self._legend.clear()
        self._counts = {}

        finite = np.isfinite(self._scores)
        if finite.any():
            self._edges = _histogram_edges(self._scores[finite], self._bins, self.threshold())
            bottom = np.zeros(self._edges.size - 1, dtype=np.float64)
            for key, name, color, members in self._categories():
                counts, _ = np.histogram(self._scores[finite & members], bins=self._edges)
                self._counts[key] = counts
                if not counts.any():
                    continue  # an empty category would still get a legend entry
                bar = pg.BarGraphItem(
                    x0=self._edges[:-1],
                    x1=self._edges[1:],
                    y0=bottom.copy(),
                    height=counts,
                    brush=pg.mkBrush(*color, 220),
                    pen=pg.mkPen(255, 255, 255, 120),
                    name=name,
                )
                # The plot adds a named item to its legend by itself.
                self._plot.addItem(bar)
                self._bars.append(bar)
                bottom += counts
        else:
            self._edges = np.zeros(0, dtype=np.float64)

        self._update_x_range()
        # Headroom above the highest bar keeps the bars clear of the legend in the top corner.
        highest = float(sum(self._counts.values()).max()) if self._counts else 0.0
        self._plot.setYRange(0, max(highest, 1.0) * LEGEND_HEADROOM, padding=0)
        self._summary.setText(self._format_summary())

    def _update_x_range(self) -> None:
        """Fit the x range to the bins and the threshold line so the line never leaves the view."""
        threshold = self.threshold()
        if self._edges.size:
            low = min(float(self._edges[0]), threshold)
            high = max(float(self._edges[-1]), threshold)
        else:
            low, high = threshold - 0.5, threshold + 0.5
        padding = 0.05 * (high - low) if high > low else 0.05
        self._plot.setXRange(low - padding, high + padding, padding=0)

    def _format_summary(self) -> str:
        counts = self.counts()
        if counts["total"] == 0:
            return self.tr("No results yet.")
        yield_percent = 100.0 * counts[OK] / counts["total"]
        text = self.tr("{total} images: {ok} OK, {ng} NG, yield {yield_percent:.1f} %").format(
            total=counts["total"], ok=counts[OK], ng=counts[NG], yield_percent=yield_percent
        )
        if self._labels is not None and counts[UNKNOWN] < counts["total"]:
            text += self.tr(" | ground truth: {good} good, {defective} defective, {unknown} unknown").format(
                good=counts[GOOD], defective=counts[DEFECTIVE], unknown=counts[UNKNOWN]
            )
        if counts["non_finite"]:
            text += self.tr(" | {count} without a finite score (not plotted)").format(count=counts["non_finite"])
        return text


class TrendWidget(QWidget):
    """Image score over inspection order, for camera and watched-folder runs, with the threshold line.

    Points are numbered from 1 in the order ``appendScore`` receives them. Only the newest
    ``max_points`` stay plotted so a long camera run keeps a bounded memory and redraw cost.
    """

    def __init__(self, parent: QWidget | None = None, max_points: int = 5000) -> None:
        super().__init__(parent)
        if max_points < 1:
            raise ValueError(f"max_points must be at least 1, got {max_points}.")
        self._indices: deque[int] = deque(maxlen=max_points)
        self._scores: deque[float] = deque(maxlen=max_points)
        self._verdicts: deque[str] = deque(maxlen=max_points)
        self._total = 0
        self._total_ng = 0

        self._plot = _make_plot_widget()
        self._plot.setLabel("bottom", self.tr("Inspection"))
        self._plot.setLabel("left", self.tr("Image score"))
        self._plot.addLegend(offset=(-10, 10), labelTextColor="k", brush=pg.mkBrush(255, 255, 255, 200))

        self._curve = pg.PlotDataItem(pen=pg.mkPen(UNKNOWN_COLOR, width=1))
        self._ok_points = pg.ScatterPlotItem(size=6, brush=pg.mkBrush(*OK_COLOR), pen=None, name=self.tr("OK"))
        self._ng_points = pg.ScatterPlotItem(size=8, brush=pg.mkBrush(*NG_COLOR), pen=None, name=self.tr("NG"))
        self._plot.addItem(self._curve)
        self._plot.addItem(self._ok_points)
        self._plot.addItem(self._ng_points)

        self._line = pg.InfiniteLine(pos=0.5, angle=0, movable=False, pen=pg.mkPen(THRESHOLD_COLOR, width=2))
        pg.InfLineLabel(
            self._line,
            text=self.tr("threshold {value:.4f}"),
            position=0.05,
            anchors=[(0, 1), (0, 1)],
            color=THRESHOLD_COLOR,
        )
        self._plot.addItem(self._line)

        self._summary = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._plot, 1)
        layout.addWidget(self._summary)
        self._update_summary()

    @Slot(float, str)
    def appendScore(self, score: float, verdict: str) -> None:
        """Add the next inspection's image score and verdict ("OK"/"NG").

        A non-finite score is logged and skipped. Raises ValueError for any other verdict.
        """
        if verdict not in (OK, NG):
            raise ValueError(f"Invalid verdict {verdict!r}: use {OK!r} or {NG!r}.")
        score = float(score)
        if not math.isfinite(score):
            logger.warning("Trend plot skipped a non-finite image score (%s)", score)
            return
        self._total += 1
        if verdict == NG:
            self._total_ng += 1
        self._indices.append(self._total)
        self._scores.append(score)
        self._verdicts.append(verdict)
        self._redraw()

    @Slot()
    def clear(self) -> None:
        """Remove all points and restart numbering at 1."""
        self._indices.clear()
        self._scores.clear()
        self._verdicts.clear()
        self._total = 0
        self._total_ng = 0
        self._redraw()

    @Slot(float)
    def setThreshold(self, value: float) -> None:
        """Move the horizontal threshold line to ``value``."""
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"Threshold must be a finite number, got {value}.")
        self._line.setValue(value)

    def threshold(self) -> float:
        """Return the threshold the line shows."""
        return float(self._line.value())

    def scores(self) -> np.ndarray:
        """Return the plotted scores, oldest first, shape (n,), n <= max_points."""
        return np.asarray(self._scores, dtype=np.float64)

    def verdicts(self) -> list[str]:
        """Return the plotted verdicts, oldest first."""
        return list(self._verdicts)

    def totalCount(self) -> int:
        """Return the number of scores appended since the last ``clear``, including trimmed ones."""
        return self._total

    def summaryText(self) -> str:
        """Return the counts line shown under the plot."""
        return self._summary.text()

    def plotWidget(self) -> pg.PlotWidget:
        """Return the underlying pyqtgraph plot."""
        return self._plot

    def exportPng(self, path: str | Path) -> Path:
        """Write the widget (plot and counts) to ``path`` as PNG. Raises OSError on failure."""
        return save_widget_png(self, path)

    def _redraw(self) -> None:
        indices = np.asarray(self._indices, dtype=np.float64)
        scores = np.asarray(self._scores, dtype=np.float64)
        is_ng = np.asarray([verdict == NG for verdict in self._verdicts], dtype=bool)
        self._curve.setData(indices, scores)
        self._ok_points.setData(indices[~is_ng], scores[~is_ng])
        self._ng_points.setData(indices[is_ng], scores[is_ng])
        self._update_summary()

    def _update_summary(self) -> None:
        if self._total == 0:
            self._summary.setText(self.tr("No inspections yet."))
            return
        text = self.tr("{total} inspections, {ng} NG").format(total=self._total, ng=self._total_ng)
        if len(self._scores) < self._total:
            text += self.tr(" (plot shows the last {count})").format(count=len(self._scores))
        self._summary.setText(text)
