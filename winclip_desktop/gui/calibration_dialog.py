"""Threshold calibration on labelled images: a worker that scores and calibrates, and its dialog.

The computation (``run_calibration`` and ``CalibrationWorker``) has no widgets, so tests and other
front ends can run it directly. In ``CalibrationDialog`` the user chooses the labelled images: an
MVTec AD category, or a good folder and an optional defective folder. The dialog runs the worker
in a QThread and shows the precision-recall curve and the chosen thresholds. Apply emits
``thresholdsApplied(image_threshold, pixel_threshold_or_nan)``.
"""

from __future__ import annotations

import logging
import math
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import cv2
import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from winclip_desktop.engine.calibration import DEFAULT_MARGIN, METHOD_MARGIN, CalibrationResult, calibrate
from winclip_desktop.engine.dataset import TestItem, load_labelled_folders, load_mask, load_mvtec_category
from winclip_desktop.engine.image_io import ImageReadError, read_image

logger = logging.getLogger(__name__)

PIXEL_CALIBRATION_MAX_SIDE = 256
"""Maximum length in pixels of the longer side of the anomaly maps and masks for the pixel threshold.

Full-size maps of a whole category take hundreds of MB (83 bottle maps of 900 x 900 float32 are
about 270 MB). WinCLIP maps are upsampled from a patch grid of a few dozen cells per side, so
shrinking them to 256 pixels changes the pixel-score distribution little.
"""

MARGIN_DECIMALS = 5

SOURCE_MVTEC = "mvtec"
SOURCE_FOLDERS = "folders"


class CalibrationCancelled(Exception):
    """Raised inside ``run_calibration`` when the caller's cancel check returns True."""


@dataclass(frozen=True)
class CalibrationRequest:
    """The labelled images to calibrate on.

    With ``source`` ``SOURCE_MVTEC``, ``root`` contains the folder ``category``, or is the category
    folder when ``category`` is None. With ``SOURCE_FOLDERS``, ``root`` is the good folder and
    ``defective_dir`` the optional defective folder.
    """

    source: str
    root: Path
    category: str | None = None
    defective_dir: Path | None = None
    margin: float = DEFAULT_MARGIN

    def load_items(self) -> list[TestItem]:
        """Read the labelled test items. Raises FileNotFoundError or DatasetLayoutError naming the folder."""
        if self.source == SOURCE_MVTEC:
            return load_mvtec_category(self.root, self.category).test
        if self.source == SOURCE_FOLDERS:
            return load_labelled_folders(self.root, self.defective_dir)
        raise ValueError(f"Unknown calibration source {self.source!r}: use {SOURCE_MVTEC!r} or {SOURCE_FOLDERS!r}.")


@dataclass
class CalibrationOutcome:
    """Scores of the calibration images and the thresholds chosen from them.

    ``labels`` (0 good, 1 defective) and ``scores`` have one entry per scored image in ``paths``.
    ``skipped`` lists "path: reason" for images that could not be read. ``pixel_note`` is the
    English reason why the pixel threshold was not calibrated, or empty. ``missing_mask_count`` counts
    the defective images without a ground-truth mask.
    """

    result: CalibrationResult
    labels: np.ndarray
    scores: np.ndarray
    paths: list[Path]
    margin: float
    skipped: list[str] = field(default_factory=list)
    pixel_note: str = ""
    missing_mask_count: int = 0
    identity: dict = field(default_factory=dict)
    is_random: bool = False

    @property
    def good_count(self) -> int:
        return int(np.count_nonzero(self.labels == 0))

    @property
    def defective_count(self) -> int:
        return int(np.count_nonzero(self.labels == 1))

    def flagged_counts(self, image_threshold: float | None = None) -> tuple[int, int]:
        """Return (good images flagged NG, defective images flagged NG) at ``image_threshold``.

        The verdict rule is the engine's: NG when ``score >= image_threshold``. The default
        threshold is the calibrated one.
        """
        threshold = self.result.image_threshold if image_threshold is None else image_threshold
        flagged = self.scores >= threshold
        return int(np.count_nonzero(flagged & (self.labels == 0))), int(np.count_nonzero(flagged & (self.labels == 1)))

    def flags_every_image(self) -> bool:
        """True when the image threshold would flag every calibration image as NG."""
        return bool(self.scores.size) and bool(np.all(self.scores >= self.result.image_threshold))


def shrink_for_pixel_calibration(
    anomaly_map: np.ndarray, mask: np.ndarray | None, max_side: int = PIXEL_CALIBRATION_MAX_SIDE
) -> tuple[np.ndarray, np.ndarray | None]:
    """Shrink an (H, W) map (area averaging) and its bool mask (nearest pixel) so the longer side is <= max_side."""
    height, width = anomaly_map.shape[:2]
    scale = max_side / max(height, width)
    if scale >= 1.0:
        return anomaly_map, mask
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    small_map = cv2.resize(anomaly_map.astype(np.float32, copy=False), size, interpolation=cv2.INTER_AREA)
    small_mask = None
    if mask is not None:
        small_mask = cv2.resize(mask.astype(np.uint8), size, interpolation=cv2.INTER_NEAREST) > 0
    return small_map, small_mask


def pixel_calibration_note(items: Sequence[TestItem]) -> str:
    """Return why the pixel threshold cannot be calibrated on ``items``, or "" when it can."""
    defective = [item for item in items if item.label == 1]
    if not defective:
        return "no defective images"
    missing = sum(1 for item in defective if item.mask_path is None)
    if missing:
        return f"{missing} of {len(defective)} defective images have no ground-truth mask"
    return ""


def run_calibration(
    items: Sequence[TestItem],
    inspector,
    margin: float = DEFAULT_MARGIN,
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> CalibrationOutcome:
    """Score ``items`` with ``inspector`` and choose the image and pixel thresholds.

    ``inspector`` is a loaded ``Inspector`` (anything with ``score(images) -> (scores, maps)``).
    The pixel threshold is calibrated only when every defective item has a ground-truth mask.
    Unreadable images are skipped and listed in ``CalibrationOutcome.skipped``.
    ``progress(done, total)`` is called after each batch, ``is_cancelled()`` before each batch.

    Raises:
        CalibrationCancelled: ``is_cancelled()`` returned True.
        ValueError: no item could be scored, or no good image was scored (from ``calibrate``).
    """
    report = progress or (lambda done, total: None)
    cancelled = is_cancelled or (lambda: False)
    pixel_note = pixel_calibration_note(items)
    use_pixels = not pixel_note
    batch_size = max(1, int(getattr(getattr(inspector, "config", None), "batch_size", 4)))

    labels: list[int] = []
    scores: list[float] = []
    paths: list[Path] = []
    masks: list[np.ndarray | None] = []
    maps: list[np.ndarray] = []
    skipped: list[str] = []
    total = len(items)
    report(0, total)

    for start in range(0, total, batch_size):
        if cancelled():
            raise CalibrationCancelled()
        batch_items = []
        batch_images = []
        for item in items[start : start + batch_size]:
            try:
                batch_images.append(read_image(item.path))
            except ImageReadError as exc:
                logger.warning("Calibration skipped an unreadable image: %s", exc)
                skipped.append(str(exc))
                continue
            batch_items.append(item)
        if batch_images:
            batch_scores, batch_maps = inspector.score(batch_images)
            for item, score, anomaly_map in zip(batch_items, batch_scores, batch_maps):
                if use_pixels:
                    mask = load_mask(item, anomaly_map.shape) if item.label == 1 else None
                    small_map, small_mask = shrink_for_pixel_calibration(anomaly_map, mask)
                    maps.append(small_map)
                    masks.append(small_mask)
                labels.append(item.label)
                scores.append(float(score))
                paths.append(item.path)
        report(min(start + batch_size, total), total)

    scored_paths = set(paths)
    missing_mask_count = sum(
        1 for item in items if item.label == 1 and item.mask_path is None and item.path in scored_paths
    )
    if not scores:
        raise ValueError(f"None of the {total} calibration images could be read; see the log for each file.")
    if use_pixels and 1 not in labels:
        pixel_note = "no defective image could be read"
        use_pixels = False

    result = calibrate(
        labels,
        scores,
        masks if use_pixels else None,
        maps if use_pixels else None,
        margin=margin,
    )
    return CalibrationOutcome(
        result=result,
        labels=np.asarray(labels, dtype=np.int64),
        scores=np.asarray(scores, dtype=np.float64),
        paths=paths,
        margin=margin,
        skipped=skipped,
        pixel_note=pixel_note,
        missing_mask_count=missing_mask_count,
        identity=dict(getattr(inspector, "identity", {}) or {}),
        is_random=bool(getattr(inspector, "is_random", False)),
    )


def recalibrate_with_margin(outcome: CalibrationOutcome, margin: float) -> CalibrationOutcome:
    """Return ``outcome`` with the image threshold recomputed for a new margin, without the model.

    The margin matters only for the fallback method (no defective images, or all scores equal),
    so other outcomes are returned unchanged. The pixel threshold is kept.
    """
    if outcome.result.method != METHOD_MARGIN:
        return outcome
    image_result = calibrate(outcome.labels, outcome.scores, margin=margin)
    old = outcome.result
    merged = CalibrationResult(
        image_threshold=image_result.image_threshold,
        pixel_threshold=old.pixel_threshold,
        method=image_result.method,
        message=image_result.message,
        pr_curve=image_result.pr_curve,
        chosen_point=image_result.chosen_point,
        pixel_point=old.pixel_point,
    )
    return CalibrationOutcome(
        result=merged,
        labels=outcome.labels,
        scores=outcome.scores,
        paths=outcome.paths,
        margin=margin,
        skipped=outcome.skipped,
        pixel_note=outcome.pixel_note,
        missing_mask_count=outcome.missing_mask_count,
        identity=outcome.identity,
        is_random=outcome.is_random,
    )


class CalibrationWorker(QObject):
    """Worker for one calibration: read the data set, load the model if needed, score and calibrate.

    Pass a loaded ``inspector`` or an ``InspectorConfig`` to build one in the worker thread. A
    passed inspector must not be used elsewhere while the worker runs, because Inspector is not
    thread-safe. Exactly one of ``finished``, ``failed`` and ``cancelled`` is emitted per ``run``.
    """

    progress = Signal(int, int, str)  # done, total, stage message (already translated)
    finished = Signal(object)  # CalibrationOutcome
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, request: CalibrationRequest, inspector=None, config=None) -> None:
        super().__init__()
        if (inspector is None) == (config is None):
            raise ValueError("CalibrationWorker needs exactly one of inspector and config.")
        self._request = request
        self._inspector = inspector
        self._config = config
        self._cancel_event = threading.Event()

    def cancel(self) -> None:
        """Ask the running calibration to stop before its next batch; safe from any thread."""
        self._cancel_event.set()

    def isCancelRequested(self) -> bool:
        return self._cancel_event.is_set()

    @Slot()
    def run(self) -> None:
        try:
            outcome = self._run()
        except CalibrationCancelled:
            logger.info("Calibration cancelled")
            self.cancelled.emit()
        except (ValueError, OSError) as exc:
            logger.warning("Calibration failed: %s", exc)
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - a worker thread must report every error to the GUI
            logger.exception("Calibration failed unexpectedly")
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.finished.emit(outcome)

    def _run(self) -> CalibrationOutcome:
        self.progress.emit(0, 0, self.tr("Reading the labelled images"))
        items = self._request.load_items()
        self._check_cancelled()

        inspector = self._inspector
        if inspector is None:
            # torch is imported here, in the worker thread, so the dialog stays responsive.
            from winclip_desktop.engine.inspector import Inspector

            inspector = Inspector.load(self._config, progress=self._report_stage)
            self._check_cancelled()

        scoring_message = self.tr("Scoring images")
        return run_calibration(
            items,
            inspector,
            margin=self._request.margin,
            progress=lambda done, total: self.progress.emit(done, total, scoring_message),
            is_cancelled=self._cancel_event.is_set,
        )

    def _report_stage(self, stage: str) -> None:
        self._check_cancelled()
        self.progress.emit(0, 0, self.tr("Model: {stage}").format(stage=stage))

    def _check_cancelled(self) -> None:
        if self._cancel_event.is_set():
            raise CalibrationCancelled()


# Threads and workers of calibrations, kept referenced until their thread has finished, because
# Qt aborts when a running QThread is destroyed and a dialog may close before its worker ends.
_running_jobs: list[tuple[QThread, CalibrationWorker]] = []


def _prune_finished_jobs() -> None:
    _running_jobs[:] = [job for job in _running_jobs if not job[0].isFinished()]


def _start_worker(worker: CalibrationWorker) -> QThread:
    _prune_finished_jobs()
    thread = QThread()
    thread.setObjectName("calibration")
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    # A direct connection quits the event loop from the worker thread itself, so the thread also
    # ends while the GUI thread is blocked in stop_calibration_jobs().
    for signal in (worker.finished, worker.failed, worker.cancelled):
        signal.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    _running_jobs.append((thread, worker))
    thread.start()
    return thread


def stop_calibration_jobs(timeout_ms: int = 30_000) -> bool:
    """Cancel every running calibration and wait for its thread; call before the application quits.

    Blocks the calling thread for up to ``timeout_ms`` per job. A worker stops at its next check,
    which comes before each batch of images and at each stage of model loading. Returns True when
    every thread has ended.
    """
    for _thread, worker in _running_jobs:
        worker.cancel()
    all_ended = True
    for thread, _worker in _running_jobs:
        if not thread.wait(timeout_ms):
            logger.error("Calibration thread did not stop within %d ms", timeout_ms)
            all_ended = False
    _prune_finished_jobs()
    return all_ended


class PrecisionRecallPlot(pg.PlotWidget):
    """Image-level precision-recall curve with the chosen operating point."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.showGrid(x=True, y=True, alpha=0.3)
        self.setLabel("bottom", self.tr("Recall"))
        self.setLabel("left", self.tr("Precision"))
        self.setXRange(0, 1.02, padding=0)
        self.setYRange(0, 1.02, padding=0)
        self._curve = pg.PlotDataItem(pen=pg.mkPen((0, 114, 178), width=2))
        self._point = pg.ScatterPlotItem(size=12, brush=pg.mkBrush(213, 94, 0), pen=pg.mkPen("k"))
        self._text = pg.TextItem(color=(90, 90, 90), anchor=(0.5, 0.5))
        self._text.setPos(0.5, 0.5)
        for item in (self._curve, self._point, self._text):
            self.addItem(item)

    def showResult(self, result: CalibrationResult | None) -> None:
        """Plot the curve and chosen point of ``result``, or a hint when it has no curve."""
        curve = result.pr_curve if result is not None else None
        if curve is None:
            self._curve.setData([], [])
            self._point.setData([], [])
            if result is None:
                self._text.setText("")
            else:
                self._text.setText(self.tr("No precision-recall curve: it needs defective images."))
            return
        self._text.setText("")
        self._curve.setData(np.asarray(curve.recall, dtype=np.float64), np.asarray(curve.precision, dtype=np.float64))
        point = result.chosen_point
        if point is None:
            self._point.setData([], [])
        else:
            self._point.setData([point.recall], [point.precision])

    def curveData(self) -> tuple[np.ndarray, np.ndarray]:
        """Return the plotted (recall, precision) arrays."""
        x, y = self._curve.getData()
        return (np.zeros(0) if x is None else x), (np.zeros(0) if y is None else y)

    def chosenPoint(self) -> tuple[float, float] | None:
        """Return the plotted (recall, precision) of the chosen point, or None."""
        points = self._point.data
        if len(points) == 0:
            return None
        return float(points[0]["x"]), float(points[0]["y"])


def _browse_row(line_edit: QLineEdit, button: QPushButton) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(line_edit, 1)
    layout.addWidget(button)
    return row


class CalibrationDialog(QDialog):
    """Choose labelled images, calibrate the thresholds in a worker thread, and apply them.

    Pass either a loaded ``inspector`` (which the caller must not use while a calibration runs)
    or an ``InspectorConfig`` as ``config``, from which the worker builds its own inspector.
    ``thresholdsApplied(image_threshold, pixel_threshold)`` carries NaN as the pixel threshold
    when it could not be calibrated.
    """

    thresholdsApplied = Signal(float, float)
    calibrationFinished = Signal(object)  # CalibrationOutcome
    calibrationFailed = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        inspector=None,
        config=None,
        margin: float = DEFAULT_MARGIN,
    ) -> None:
        super().__init__(parent)
        if (inspector is None) == (config is None):
            raise ValueError("CalibrationDialog needs exactly one of inspector and config.")
        self._inspector = inspector
        self._config = config
        self._worker: CalibrationWorker | None = None
        self._thread: QThread | None = None
        self._outcome: CalibrationOutcome | None = None
        self.setWindowTitle(self.tr("Calibrate thresholds"))

        layout = QVBoxLayout(self)
        layout.addWidget(self._build_source_group())
        layout.addWidget(self._build_margin_group())
        layout.addLayout(self._build_run_row())
        layout.addWidget(self._build_random_warning())
        layout.addWidget(self._build_result_group(), 1)

        self._buttons = QDialogButtonBox()
        self._apply_button = self._buttons.addButton(self.tr("Apply"), QDialogButtonBox.ButtonRole.AcceptRole)
        self._close_button = self._buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self._apply_button.setEnabled(False)
        self._apply_button.clicked.connect(self._on_apply)
        self._close_button.clicked.connect(self.reject)
        layout.addWidget(self._buttons)

        # Enter in a folder field must not press Apply or Run, so no button is a default button.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)

        self._set_running(False)
        self.resize(720, 760)

    # Building the widgets ---------------------------------------------------------------------

    def _build_source_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Labelled images"))
        self._mvtec_radio = QRadioButton(self.tr("MVTec AD layout (test/good, test/<defect type>, ground_truth)"))
        self._folders_radio = QRadioButton(self.tr("A good folder and a defective folder"))
        self._mvtec_radio.setChecked(True)
        source_buttons = QButtonGroup(group)
        source_buttons.addButton(self._mvtec_radio)
        source_buttons.addButton(self._folders_radio)

        self._root_edit = QLineEdit()
        self._root_edit.setPlaceholderText(self.tr("Data set folder, e.g. .../mvtec_ad"))
        self._root_edit.editingFinished.connect(self._refresh_categories)
        root_browse = QPushButton(self.tr("Browse..."))
        root_browse.clicked.connect(self._browse_root)
        self._category_combo = QComboBox()
        mvtec_page = QWidget()
        mvtec_form = QFormLayout(mvtec_page)
        mvtec_form.addRow(self.tr("Folder:"), _browse_row(self._root_edit, root_browse))
        mvtec_form.addRow(self.tr("Category:"), self._category_combo)

        self._good_edit = QLineEdit()
        self._good_edit.setPlaceholderText(self.tr("Images of normal parts"))
        good_browse = QPushButton(self.tr("Browse..."))
        good_browse.clicked.connect(lambda: self._browse_folder(self._good_edit, self.tr("Choose the good folder")))
        self._defective_edit = QLineEdit()
        self._defective_edit.setPlaceholderText(self.tr("Optional: leave empty when you have good images only"))
        defective_browse = QPushButton(self.tr("Browse..."))
        defective_browse.clicked.connect(
            lambda: self._browse_folder(self._defective_edit, self.tr("Choose the defective folder"))
        )
        folders_page = QWidget()
        folders_form = QFormLayout(folders_page)
        folders_form.addRow(self.tr("Good:"), _browse_row(self._good_edit, good_browse))
        folders_form.addRow(self.tr("Defective:"), _browse_row(self._defective_edit, defective_browse))

        self._source_pages = QStackedWidget()
        self._source_pages.addWidget(mvtec_page)
        self._source_pages.addWidget(folders_page)
        self._mvtec_radio.toggled.connect(lambda checked: self._source_pages.setCurrentIndex(0 if checked else 1))

        layout = QVBoxLayout(group)
        layout.addWidget(self._mvtec_radio)
        layout.addWidget(self._folders_radio)
        layout.addWidget(self._source_pages)
        return group

    def _build_margin_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Margin for good images only"))
        self._margin_spin = QDoubleSpinBox()
        self._margin_spin.setDecimals(MARGIN_DECIMALS)
        self._margin_spin.setRange(10.0**-MARGIN_DECIMALS, 1000.0)
        self._margin_spin.setSingleStep(0.001)
        self._margin_spin.setValue(DEFAULT_MARGIN)
        self._margin_spin.valueChanged.connect(self._on_margin_changed)
        help_label = QLabel(
            self.tr(
                "Without defective images the image threshold is the highest good score plus this margin "
                "(in score units), so no good image is flagged. A larger margin flags fewer parts."
            )
        )
        help_label.setWordWrap(True)
        layout = QFormLayout(group)
        layout.addRow(self.tr("Margin:"), self._margin_spin)
        layout.addRow(help_label)
        return group

    def _build_run_row(self) -> QHBoxLayout:
        self._run_button = QPushButton(self.tr("Run calibration"))
        self._run_button.clicked.connect(self.start)
        self._cancel_button = QPushButton(self.tr("Cancel"))
        self._cancel_button.clicked.connect(self.cancel)
        self._progress_bar = QProgressBar()
        self._status_label = QLabel()
        row = QHBoxLayout()
        row.addWidget(self._run_button)
        row.addWidget(self._cancel_button)
        row.addWidget(self._progress_bar, 1)
        row.addWidget(self._status_label, 1)
        return row

    def _build_random_warning(self) -> QLabel:
        self._random_label = QLabel(
            self.tr("Random weights: scores and thresholds are meaningless and only test the pipeline.")
        )
        self._random_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self._random_label.setWordWrap(True)
        self._random_label.setVisible(self._uses_random_weights())
        return self._random_label

    def _build_result_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Result"))
        self._pr_plot = PrecisionRecallPlot()
        self._pr_plot.setMinimumHeight(220)
        self._image_threshold_label = QLabel("-")
        self._pixel_threshold_label = QLabel("-")
        self._flagged_label = QLabel("-")
        self._method_label = QLabel()
        self._method_label.setWordWrap(True)
        self._fallback_label = QLabel()
        self._fallback_label.setWordWrap(True)
        self._fallback_label.setStyleSheet("color: #8a5300;")
        self._fallback_label.setVisible(False)
        for label in (self._image_threshold_label, self._pixel_threshold_label, self._method_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.addRow(self.tr("Image threshold:"), self._image_threshold_label)
        form.addRow(self.tr("Pixel threshold:"), self._pixel_threshold_label)
        form.addRow(self.tr("Flagged as NG:"), self._flagged_label)
        layout = QVBoxLayout(group)
        layout.addWidget(self._pr_plot, 1)
        layout.addLayout(form)
        layout.addWidget(self._fallback_label)
        layout.addWidget(self._method_label)
        return group

    # Public API -------------------------------------------------------------------------------

    def setMvtecSource(self, root: str | Path, category: str | None = None) -> None:
        """Select an MVTec AD category: ``root`` contains ``category``, or is the category folder when None."""
        self._mvtec_radio.setChecked(True)
        self._root_edit.setText(str(root))
        self._refresh_categories()
        if category is not None:
            index = self._category_combo.findData(category)
            if index < 0:
                self._category_combo.addItem(category, category)
                index = self._category_combo.count() - 1
            self._category_combo.setCurrentIndex(index)

    def setFolderSource(self, good_dir: str | Path, defective_dir: str | Path | None = None) -> None:
        """Select a good folder and an optional defective folder."""
        self._folders_radio.setChecked(True)
        self._good_edit.setText(str(good_dir))
        self._defective_edit.setText("" if defective_dir is None else str(defective_dir))

    def margin(self) -> float:
        """Return the margin added to the highest good score, in score units."""
        return float(self._margin_spin.value())

    def setMargin(self, margin: float) -> None:
        """Set the margin; a finished fallback calibration is recomputed at once (no model run)."""
        self._margin_spin.setValue(float(margin))

    def request(self) -> CalibrationRequest:
        """Build the request from the form. Raises ValueError with a user message when a field is missing."""
        margin = self.margin()
        if self._mvtec_radio.isChecked():
            root_text = self._root_edit.text().strip()
            if not root_text:
                raise ValueError(self.tr("Choose the data set folder first."))
            category = self._category_combo.currentData()
            return CalibrationRequest(SOURCE_MVTEC, Path(root_text), category=category, margin=margin)
        good_text = self._good_edit.text().strip()
        if not good_text:
            raise ValueError(self.tr("Choose the folder of good images first."))
        defective_text = self._defective_edit.text().strip()
        defective = Path(defective_text) if defective_text else None
        return CalibrationRequest(SOURCE_FOLDERS, Path(good_text), defective_dir=defective, margin=margin)

    @Slot()
    def start(self) -> None:
        """Start a calibration in a worker thread; does nothing while one is running."""
        if self.isRunning():
            return
        try:
            request = self.request()
        except ValueError as exc:
            self._show_error(str(exc))
            return
        self._outcome = None
        self._show_outcome(None)
        self._worker = CalibrationWorker(request, inspector=self._inspector, config=self._config)
        self._worker.progress.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._worker.cancelled.connect(self._on_cancelled)
        self._progress_bar.setRange(0, 0)
        self._status_label.setText(self.tr("Starting"))
        self._set_running(True)
        logger.info("Calibration started: %s", request)
        self._thread = _start_worker(self._worker)

    @Slot()
    def cancel(self) -> None:
        """Ask a running calibration to stop after the current batch."""
        if self._worker is not None and self.isRunning():
            self._worker.cancel()
            self._status_label.setText(self.tr("Cancelling..."))
            self._cancel_button.setEnabled(False)

    def isRunning(self) -> bool:
        return self._thread is not None and self._worker is not None

    def outcome(self) -> CalibrationOutcome | None:
        """Return the last finished calibration, or None."""
        return self._outcome

    def reject(self) -> None:
        """Close the dialog; a running calibration is cancelled and ends in the background."""
        self.cancel()
        self._detach_worker()
        super().reject()

    # Slots and helpers ------------------------------------------------------------------------

    def _uses_random_weights(self) -> bool:
        if self._inspector is not None:
            return bool(getattr(self._inspector, "is_random", False))
        return getattr(self._config, "weights", "") == "random"

    def _set_running(self, running: bool) -> None:
        self._run_button.setEnabled(not running)
        self._cancel_button.setEnabled(running)
        self._source_pages.setEnabled(not running)
        self._mvtec_radio.setEnabled(not running)
        self._folders_radio.setEnabled(not running)
        self._apply_button.setEnabled(not running and self._can_apply())
        self._progress_bar.setVisible(running)

    def _can_apply(self) -> bool:
        return self._outcome is not None and not self._outcome.flags_every_image()

    def _detach_worker(self) -> None:
        worker = self._worker
        if worker is not None:
            connections = (
                (worker.progress, self._on_progress),
                (worker.finished, self._on_finished),
                (worker.failed, self._on_failed),
                (worker.cancelled, self._on_cancelled),
            )
            for signal, slot in connections:
                signal.disconnect(slot)
        self._worker = None
        self._thread = None

    def _browse_root(self) -> None:
        if self._browse_folder(self._root_edit, self.tr("Choose the data set folder")):
            self._refresh_categories()

    def _browse_folder(self, line_edit: QLineEdit, title: str) -> bool:
        folder = QFileDialog.getExistingDirectory(self, title, line_edit.text())
        if folder:
            line_edit.setText(folder)
        return bool(folder)

    def _refresh_categories(self) -> None:
        """List the subfolders of the data set folder that contain test/ (or the folder itself)."""
        current = self._category_combo.currentData()
        self._category_combo.clear()
        root = Path(self._root_edit.text().strip())
        if not root.is_dir():
            return
        if (root / "test").is_dir():
            self._category_combo.addItem(self.tr("{name} (this folder)").format(name=root.name), None)
            return
        try:
            categories = sorted(path.name for path in root.iterdir() if (path / "test").is_dir())
        except OSError as exc:
            logger.warning("Could not list the data set folder %s: %s", root, exc)
            return
        for name in categories:
            self._category_combo.addItem(name, name)
        if current is not None and self._category_combo.findData(current) >= 0:
            self._category_combo.setCurrentIndex(self._category_combo.findData(current))

    def _on_progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self._progress_bar.setRange(0, total)
            self._progress_bar.setValue(done)
            status = self.tr("{message}: {done} of {total}").format(message=message, done=done, total=total)
            self._status_label.setText(status)
        else:
            self._progress_bar.setRange(0, 0)
            self._status_label.setText(message)

    def _on_finished(self, outcome: CalibrationOutcome) -> None:
        self._detach_worker()
        if not math.isclose(outcome.margin, self.margin()):
            # The user edited the margin while the model was running.
            outcome = recalibrate_with_margin(outcome, self.margin())
        self._outcome = outcome
        self._status_label.setText(self.tr("Done: {count} images scored").format(count=outcome.scores.size))
        self._set_running(False)
        self._show_outcome(outcome)
        self.calibrationFinished.emit(outcome)

    def _on_failed(self, message: str) -> None:
        self._detach_worker()
        self._set_running(False)
        self._show_error(message)
        self.calibrationFailed.emit(message)

    def _on_cancelled(self) -> None:
        self._detach_worker()
        self._set_running(False)
        self._status_label.setText(self.tr("Cancelled"))

    def _on_margin_changed(self, value: float) -> None:
        if self._outcome is None or self._outcome.result.method != METHOD_MARGIN:
            return
        self._outcome = recalibrate_with_margin(self._outcome, float(value))
        self._show_outcome(self._outcome)
        self._apply_button.setEnabled(not self.isRunning() and self._can_apply())

    def _on_apply(self) -> None:
        if not self._can_apply():
            return
        result = self._outcome.result
        pixel = math.nan if result.pixel_threshold is None else float(result.pixel_threshold)
        logger.info("Calibrated thresholds applied: image %.6g, pixel %.6g", result.image_threshold, pixel)
        self.thresholdsApplied.emit(float(result.image_threshold), pixel)
        self.accept()

    def _show_error(self, message: str) -> None:
        self._status_label.setText(self.tr("Failed"))
        self._method_label.setText(self.tr("Calibration failed: {message}").format(message=message))
        self._method_label.setStyleSheet("color: #b00020;")

    def _show_outcome(self, outcome: CalibrationOutcome | None) -> None:
        self._method_label.setStyleSheet("")
        self._random_label.setVisible(self._uses_random_weights() or (outcome is not None and outcome.is_random))
        if outcome is None:
            self._pr_plot.showResult(None)
            for label in (self._image_threshold_label, self._pixel_threshold_label, self._flagged_label):
                label.setText("-")
            self._method_label.setText("")
            self._fallback_label.setVisible(False)
            return

        result = outcome.result
        self._pr_plot.showResult(result)
        self._image_threshold_label.setText(f"{result.image_threshold:.6g}")
        if result.pixel_threshold is None:
            reason = self._pixel_reason(outcome)
            self._pixel_threshold_label.setText(self.tr("not calibrated ({reason})").format(reason=reason))
        else:
            self._pixel_threshold_label.setText(f"{result.pixel_threshold:.6g}")

        good_flagged, defective_flagged = outcome.flagged_counts()
        self._flagged_label.setText(
            self.tr("{good_flagged} of {good} good images, {defective_flagged} of {defective} defective images").format(
                good_flagged=good_flagged,
                good=outcome.good_count,
                defective_flagged=defective_flagged,
                defective=outcome.defective_count,
            )
        )

        notes = [result.message]
        if outcome.skipped:
            notes.append(self.tr("Skipped {count} unreadable images: {names}").format(
                count=len(outcome.skipped), names="; ".join(outcome.skipped[:3])
            ))
        if outcome.flags_every_image():
            notes.append(self.tr("This threshold would flag every image, so it cannot be applied."))
        self._method_label.setText("\n".join(notes))

        if result.method == METHOD_MARGIN:
            max_good = float(outcome.scores[outcome.labels == 0].max())
            self._fallback_label.setText(
                self.tr(
                    "Fallback: {reason}, so the threshold is the highest good score {max_good:.6g} plus the "
                    "margin {margin:.{decimals}f}. Edit the margin above to move it; no good image is flagged."
                ).format(
                    reason=self.tr("no defective images") if outcome.defective_count == 0
                    else self.tr("all images have the same score"),
                    max_good=max_good,
                    margin=outcome.margin,
                    decimals=MARGIN_DECIMALS,
                )
            )
            self._fallback_label.setVisible(True)
        else:
            self._fallback_label.setVisible(False)

    def _pixel_reason(self, outcome: CalibrationOutcome) -> str:
        if outcome.defective_count == 0:
            return self.tr("no defective images")
        if outcome.missing_mask_count:
            return self.tr("{missing} of {defective} defective images have no ground-truth mask").format(
                missing=outcome.missing_mask_count, defective=outcome.defective_count
            )
        return self.tr("see the message below")

    def apply_button(self) -> QPushButton:
        """Return the Apply button (for tests and keyboard focus)."""
        return self._apply_button
