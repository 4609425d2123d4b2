"""The live inspection station: live view, OK/NG banner, counters and controls for one frame source.

:class:`StationWidget` shows the newest camera frame at the camera's rate (a QTimer pulls
:meth:`FrameSource.latest`), while a :class:`~winclip_desktop.gui.station_worker.StationWorker` in
its own QThread inspects the newest frame whenever it is free. Nothing slow runs in the GUI thread:
devices open in the source's threads, models load in the worker, and a replaced or stopped source
is closed in a background thread.

Small API for the main window::

    station = StationWidget(parent, inspector_config=config, settings=settings, capture_dir=folder)
    station.set_source("video:line.avi")      # or a FrameSource
    station.start()                           # Start button
    station.inspected.connect(add_to_results) # StationRecord per inspection
    station.shutdown()                        # before the window closes

:func:`main_station` opens the station as a window of its own, optionally saving a screenshot.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QThread, QTimer, Qt, Signal, Slot
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsPathItem,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from winclip_desktop.engine.types import NG, OK, PostProcessSettings
from winclip_desktop.gui.image_view import (
    DEFAULT_COLORMAP,
    DEFAULT_LEVELS,
    contour_path,
    display_map,
    region_contours,
)
from winclip_desktop.gui.station_worker import (
    CONTINUOUS,
    MODES,
    TRIGGERED,
    CaptureSettings,
    StationRecord,
    StationWorker,
)
from winclip_desktop.sources.base import FrameSource, SourceError, SourceStatus
from winclip_desktop.sources.factory import SPEC_HELP, SourceSpecError, create_source

logger = logging.getLogger(__name__)

DISPLAY_INTERVAL_MS = 15
"""Period of the live-view timer. A frame is drawn only when a new one arrived, so up to ~66 fps."""

PANEL_WIDTH = 400
"""Width in pixels of the right-hand panel (banner, counters, controls, setup)."""

READOUT_INTERVAL_S = 0.5
"""Period at which the fps and status readouts are refreshed, so the numbers stay readable."""

ERROR_DISPLAY_S = 10.0
"""Time an error message stays in the status line (it also goes to the log and the error signal)."""

THREAD_STOP_TIMEOUT_MS = 1000
"""Time :meth:`StationWidget.shutdown` waits for the worker thread. One model call cannot be
interrupted, so a longer wait would only delay closing the window. A thread still running after
it is listed by :func:`running_worker_activities`."""

OUTLINE_COLOUR = (0, 255, 255)
"""Colour of the defect-region outlines drawn over the live view (cyan, as in the review view)."""

HEATMAP_MAX_ALPHA = 170
"""Opacity (0-255) of the heatmap overlay at the top of its colour scale. Low scores are transparent."""

_BANNER_STYLES = {
    OK: "background-color: #1b7f2a; color: white;",
    NG: "background-color: #c62828; color: white;",
    None: "background-color: #5f6368; color: white;",
}
_WARNING_STYLE = "background-color: #ffb300; color: black; font-weight: bold; padding: 6px;"

# Worker threads that did not stop in time (in the middle of one inspection or of loading a model).
# Keeping a reference prevents Qt from destroying a running QThread, which aborts the program.
_LINGERING_THREADS: list[tuple[QThread, StationWorker]] = []


def format_fps(fps: float) -> str:
    """Format a rate in frames per second: one decimal from 1 fps on, two significant digits below
    (0.07), and "–" for 0, which means not measured yet."""
    if fps <= 0.0:
        return "–"
    if fps >= 1.0:
        return f"{fps:.1f}"
    return f"{fps:.2g}"


def running_worker_activities(wait_ms: int = 0) -> list[str]:
    """Wait up to ``wait_ms`` for the station worker threads that outlived :meth:`StationWidget.shutdown`.

    Returns what each thread that is still running is doing ("inspecting frame 12 of camera 0").
    Python destroys these QThread objects at interpreter exit, and Qt aborts the process when a
    running QThread is destroyed. So an application that gets a non-empty list must end with
    ``os._exit`` (see :func:`winclip_desktop.gui.app.exit_now_if_busy`).
    """
    deadline = time.monotonic() + wait_ms / 1000.0
    for thread, _worker in _LINGERING_THREADS:
        thread.wait(max(0, int((deadline - time.monotonic()) * 1000)))
    _LINGERING_THREADS[:] = [(thread, worker) for thread, worker in _LINGERING_THREADS if thread.isRunning()]
    return [
        f"station worker thread is still {worker.activity or 'stopping'}" for _thread, worker in _LINGERING_THREADS
    ]


def heatmap_lookup_table(colormap: str = DEFAULT_COLORMAP) -> np.ndarray:
    """Return a 256 x 4 uint8 RGBA table: the colour map with opacity rising from 0 to HEATMAP_MAX_ALPHA."""
    table = pg.colormap.get(colormap).getLookupTable(0.0, 1.0, 256, alpha=True)
    table = np.array(table, dtype=np.uint8)
    table[:, 3] = np.linspace(0, HEATMAP_MAX_ALPHA, 256).astype(np.uint8)
    return table


class StationWidget(QWidget):
    """Live inspection station for one frame source. See the module docstring for the API.

    Args:
        parent: parent widget.
        inspector_config: an ``InspectorConfig`` to load in the worker at once, or None to call
            :meth:`load_inspector` or :meth:`set_inspector` later.
        settings: thresholds and morphology of the verdict.
        capture_dir: folder where NG frames (all frames with ``save_all``) are saved, or None to
            save nothing. See :class:`CaptureSettings` for the file names.
        save_all: save every inspected frame, not only NG ones.
        mode: "continuous" or "triggered".
    """

    inspected = Signal(object)  # StationRecord of every inspection, for the shared results list
    inspector_ready = Signal(object)  # identity dict of a newly loaded inspector, with "is_random"
    error = Signal(str)  # translated message of an error shown in the status line
    _load_requested = Signal(object)  # InspectorConfig for the worker thread

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        inspector_config: Any = None,
        settings: PostProcessSettings | None = None,
        capture_dir: str | Path | None = None,
        save_all: bool = False,
        mode: str = CONTINUOUS,
    ) -> None:
        super().__init__(parent)
        self._settings = settings or PostProcessSettings()
        self._source: FrameSource | None = None
        self._inspector_config = inspector_config
        self._reference_paths: tuple[str, ...] = tuple(getattr(inspector_config, "reference_paths", ()) or ())
        self._running = False
        self._worker_status = ""
        self._error_text = ""
        self._error_time = 0.0
        self._source_error = ""  # reason the last source failed to open, shown until a source opens
        self._shown_frame: Any = None
        self._last_record: StationRecord | None = None
        self._last_readout = 0.0
        self._counts = {OK: 0, NG: 0}
        self._counts_since = time.time()
        self._is_random = False
        self._shut_down = False
        self._banner_verdict: str | None = "not drawn yet"

        self._build_ui()
        self._start_worker(self._settings)
        self.set_capture(capture_dir, save_all)
        self.set_mode(mode)

        self._display_timer = QTimer(self)
        self._display_timer.setInterval(DISPLAY_INTERVAL_MS)
        self._display_timer.timeout.connect(self._refresh_view)
        self._display_timer.start()

        if inspector_config is not None:
            self.load_inspector(inspector_config)
        self._update_controls()

    # Construction ----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self._warning = QLabel(self.tr("Random weights: scores are meaningless. Use this only to test the station."))
        self._warning.setStyleSheet(_WARNING_STYLE)
        self._warning.setWordWrap(True)
        self._warning.setVisible(False)

        self._graphics = pg.GraphicsLayoutWidget()
        self._view = self._graphics.addViewBox()
        self._view.setAspectLocked(True)
        self._view.invertY(True)
        self._view.setMenuEnabled(False)
        self._frame_item = pg.ImageItem(axisOrder="row-major")
        self._heat_item = pg.ImageItem(axisOrder="row-major")
        self._heat_item.setLookupTable(heatmap_lookup_table())
        self._heat_item.setLevels(DEFAULT_LEVELS)
        self._heat_item.setZValue(10)
        self._heat_item.setVisible(False)
        self._outline_item = QGraphicsPathItem()
        self._outline_item.setPen(pg.mkPen(OUTLINE_COLOUR, width=3))
        self._outline_item.setZValue(20)
        self._outline_item.setVisible(False)
        self._view.addItem(self._frame_item)
        self._view.addItem(self._heat_item)
        self._view.addItem(self._outline_item)
        # The scale of the heatmap's colours; low scores are drawn transparent over the frame.
        self._color_bar = pg.ColorBarItem(
            values=DEFAULT_LEVELS, colorMap=pg.colormap.get(DEFAULT_COLORMAP), interactive=False, width=14,
            colorMapMenu=False,
        )
        self._graphics.addItem(self._color_bar, row=0, col=1)

        self._status = QLabel()
        self._status.setWordWrap(True)
        status_font = QFont()
        status_font.setPixelSize(18)
        self._status.setFont(status_font)

        left = QVBoxLayout()
        left.addWidget(self._warning)
        left.addWidget(self._graphics, 1)
        left.addWidget(self._status)

        right = QVBoxLayout()
        right.addWidget(self._build_banner())
        right.addWidget(self._build_counters())
        right.addWidget(self._build_controls())
        right.addWidget(self._build_setup())
        right.addStretch(1)
        panel = QWidget()
        panel.setLayout(right)
        panel.setFixedWidth(PANEL_WIDTH)
        # The panel scrolls on its own when it is taller than the window (larger fonts, Chinese
        # text), so the live image and the status line under it always stay in view.
        panel_area = QScrollArea()
        panel_area.setWidget(panel)
        panel_area.setWidgetResizable(True)
        panel_area.setFrameShape(QFrame.Shape.NoFrame)
        panel_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        panel_area.setFixedWidth(PANEL_WIDTH + panel_area.verticalScrollBar().sizeHint().width())

        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(panel_area)

        # Shortcuts act while the station's window is active and the station is visible.
        for key in (Qt.Key.Key_F6, Qt.Key.Key_Space):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.trigger)

    def _build_banner(self) -> QWidget:
        self._verdict_label = _banner_label("—", 120)
        self._verdict_label.setMinimumHeight(160)
        self._score_label = _banner_label(self.tr("Score —"), 48)
        self._regions_label = _banner_label("", 28)
        self._banner_note = _banner_label("", 22)
        self._banner_note.setVisible(False)

        banner = QWidget()
        banner.setObjectName("verdictBanner")
        banner.setAutoFillBackground(True)
        layout = QVBoxLayout(banner)
        layout.addWidget(self._verdict_label)
        layout.addWidget(self._score_label)
        layout.addWidget(self._regions_label)
        layout.addWidget(self._banner_note)
        self._banner = banner
        self._set_banner_style(None)
        return banner

    def _build_counters(self) -> QWidget:
        big = QFont()
        big.setPixelSize(26)
        big.setBold(True)
        self._ok_label = QLabel()
        self._ng_label = QLabel()
        self._yield_label = QLabel()
        for label in (self._ok_label, self._ng_label, self._yield_label):
            label.setFont(big)
        self._since_label = QLabel()
        self._capture_fps_label = QLabel()
        self._inspection_fps_label = QLabel()
        self._latency_label = QLabel()
        reset = QPushButton(self.tr("Reset counters"))
        reset.clicked.connect(self.reset_counters)

        box = QGroupBox(self.tr("Since start"))
        grid = QGridLayout(box)
        grid.addWidget(self._ok_label, 0, 0)
        grid.addWidget(self._ng_label, 0, 1)
        grid.addWidget(self._yield_label, 1, 0, 1, 2)
        grid.addWidget(self._since_label, 2, 0)
        grid.addWidget(reset, 2, 1)
        grid.addWidget(self._capture_fps_label, 3, 0)
        grid.addWidget(self._inspection_fps_label, 3, 1)
        grid.addWidget(self._latency_label, 4, 0, 1, 2)
        self._update_counters()
        self._capture_fps_label.setText(self.tr("Capture: – fps"))
        self._inspection_fps_label.setText(self.tr("Inspection: – fps"))
        self._latency_label.setText(self.tr("Latency capture to verdict: – ms"))
        return box

    def _build_controls(self) -> QWidget:
        self._mode_combo = QComboBox()
        self._mode_combo.addItem(self.tr("Continuous"), CONTINUOUS)
        self._mode_combo.addItem(self.tr("Triggered"), TRIGGERED)
        self._mode_combo.currentIndexChanged.connect(lambda _: self.set_mode(self._mode_combo.currentData()))

        self._inspect_button = QPushButton(self.tr("Inspect (F6 / Space)"))
        self._inspect_button.clicked.connect(self.trigger)
        self._start_button = QPushButton(self.tr("Start"))
        self._start_button.clicked.connect(self.start)
        self._stop_button = QPushButton(self.tr("Stop"))
        self._stop_button.clicked.connect(self.stop)

        self._heatmap_check = QCheckBox(self.tr("Show heatmap of the last inspection"))
        self._heatmap_check.setChecked(True)
        self._heatmap_check.toggled.connect(self._update_overlay)
        self._outline_check = QCheckBox(self.tr("Outline defect regions"))
        self._outline_check.setChecked(True)
        self._outline_check.toggled.connect(self._update_overlay)
        self._save_all_check = QCheckBox(self.tr("Save all frames (not only NG)"))
        self._save_all_check.toggled.connect(lambda checked: self.set_capture(self._capture_dir, checked))
        self._capture_label = QLabel()
        self._capture_label.setWordWrap(True)
        choose_capture = QPushButton(self.tr("Capture folder…"))
        choose_capture.clicked.connect(self._choose_capture_dir)

        box = QGroupBox(self.tr("Controls"))
        grid = QGridLayout(box)
        grid.addWidget(QLabel(self.tr("Mode")), 0, 0)
        grid.addWidget(self._mode_combo, 0, 1)
        grid.addWidget(self._inspect_button, 1, 0, 1, 2)
        grid.addWidget(self._start_button, 2, 0)
        grid.addWidget(self._stop_button, 2, 1)
        grid.addWidget(self._heatmap_check, 3, 0, 1, 2)
        grid.addWidget(self._outline_check, 4, 0, 1, 2)
        grid.addWidget(self._save_all_check, 5, 0, 1, 2)
        grid.addWidget(self._capture_label, 6, 0)
        grid.addWidget(choose_capture, 6, 1)
        return box

    def _build_setup(self) -> QWidget:
        self._source_edit = QLineEdit()
        self._source_edit.setPlaceholderText(SPEC_HELP)
        self._source_edit.setToolTip(self.tr("Source: %1").replace("%1", SPEC_HELP))
        self._source_edit.returnPressed.connect(lambda: self.set_source(self._source_edit.text()))
        open_source = QPushButton(self.tr("Open"))
        open_source.clicked.connect(lambda: self.set_source(self._source_edit.text()))
        source_row = QHBoxLayout()
        source_row.addWidget(self._source_edit, 1)
        source_row.addWidget(open_source)

        self._class_edit = QLineEdit(getattr(self._inspector_config, "class_name", ""))
        self._references_label = QLabel()
        choose_references = QPushButton(self.tr("Choose…"))
        choose_references.clicked.connect(self._choose_references)
        references_row = QHBoxLayout()
        references_row.addWidget(self._references_label, 1)
        references_row.addWidget(choose_references)
        self._load_button = QPushButton(self.tr("Load model"))
        self._load_button.clicked.connect(self._reload_inspector)
        self._update_references_label()

        box = QGroupBox(self.tr("Setup"))
        form = QFormLayout(box)
        form.addRow(self.tr("Source"), source_row)
        form.addRow(self.tr("Class name"), self._class_edit)
        form.addRow(self.tr("Reference images"), references_row)
        form.addRow(self._load_button)
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        return box

    def _start_worker(self, settings: PostProcessSettings) -> None:
        self._thread = QThread()
        self._thread.setObjectName("station worker")
        self._worker = StationWorker(settings)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.start_loop)
        # finished is emitted in the worker thread, so the loop timer is stopped in its own thread.
        self._thread.finished.connect(self._worker.stop_loop, Qt.ConnectionType.DirectConnection)
        self._load_requested.connect(self._worker.load_inspector)
        self._worker.inspected.connect(self._on_inspected)
        self._worker.status_changed.connect(self._on_worker_status)
        self._worker.inspector_ready.connect(self._on_inspector_ready)
        self._worker.inspector_failed.connect(self._on_inspector_failed)
        self._worker.error.connect(self._show_error)
        self._thread.start()

    # Public API ------------------------------------------------------------------------------

    @property
    def worker(self) -> StationWorker:
        return self._worker

    @property
    def source(self) -> FrameSource | None:
        return self._source

    @property
    def running(self) -> bool:
        return self._running

    @property
    def mode(self) -> str:
        return self._mode_combo.currentData()

    @property
    def ok_count(self) -> int:
        return self._counts[OK]

    @property
    def ng_count(self) -> int:
        return self._counts[NG]

    @property
    def last_record(self) -> StationRecord | None:
        return self._last_record

    def set_source(self, source: FrameSource | str) -> bool:
        """Use ``source`` (a FrameSource or a specification such as ``camera:0``) from now on.

        The previous source is closed in a background thread. When the station is running, the new
        source starts at once. Returns False and shows the error in the status line when the
        specification is invalid or the source is unavailable.
        """
        if isinstance(source, str):
            spec = source
            try:
                source = create_source(spec)
            except (SourceSpecError, SourceError, OSError) as exc:
                logger.error("Cannot open the source %s: %s", spec, exc)
                self._source_edit.setText(spec)  # kept, so that the operator can correct it
                self._source_error = self.tr("Cannot open the source: %1").replace("%1", str(exc))
                self._update_status_line()
                self.error.emit(self._source_error)
                return False
            self._source_edit.setText(spec)
        else:
            self._source_edit.setText(source.name)
        previous, self._source = self._source, source
        self._source_error = ""
        self._worker.set_source(source)
        self._shown_frame = None
        self._last_record = None
        self._heat_item.setVisible(False)
        if previous is not None and previous is not source:
            _close_in_background(previous)
        if self._running:
            self._start_source()
        self._update_controls()
        return True

    def set_inspector(self, inspector: Any) -> None:
        """Use an already loaded inspector. The station's worker thread owns it from now on."""
        self._worker.set_inspector(inspector)
        self._on_inspector_ready({**inspector.identity, "is_random": bool(getattr(inspector, "is_random", False))})

    def load_inspector(self, config: Any) -> None:
        """Load an inspector for ``config`` (an ``InspectorConfig``) in the worker thread."""
        self._inspector_config = config
        self._class_edit.setText(config.class_name)
        self._reference_paths = tuple(str(path) for path in config.reference_paths)
        self._update_references_label()
        self._worker_status = self.tr("Loading model…")
        self._load_requested.emit(config)
        self._update_controls()
        self._update_status_line()

    def set_settings(self, settings: PostProcessSettings) -> None:
        """Use new thresholds from the next inspection on."""
        self._settings = settings
        self._worker.set_settings(settings)

    def set_capture(self, folder: str | Path | None, save_all: bool = False) -> None:
        """Save NG frames (all frames with ``save_all``) under ``folder``. None saves nothing."""
        self._capture_dir = Path(folder) if folder else None
        self._worker.set_capture(CaptureSettings(self._capture_dir, save_all))
        if self._save_all_check.isChecked() != save_all:
            self._save_all_check.blockSignals(True)
            self._save_all_check.setChecked(save_all)
            self._save_all_check.blockSignals(False)
        text = str(self._capture_dir) if self._capture_dir else self.tr("not saving")
        self._capture_label.setText(self.tr("Capture folder: %1").replace("%1", text))

    def set_mode(self, mode: str) -> None:
        """Switch between "continuous" (every frame the model keeps up with) and "triggered"."""
        if mode not in MODES:
            raise ValueError(f"Invalid station mode {mode!r}; use {CONTINUOUS!r} or {TRIGGERED!r}.")
        self._worker.set_mode(mode)
        index = self._mode_combo.findData(mode)
        if self._mode_combo.currentIndex() != index:
            self._mode_combo.setCurrentIndex(index)
        self._update_controls()

    @Slot()
    def start(self) -> None:
        """Start the source and the inspection. Shows a message when no source is set."""
        if self._source is None:
            self._show_error(self.tr("Choose a source first (%1).").replace("%1", SPEC_HELP))
            return
        if not self._start_source():
            return
        self._running = True
        self._worker.set_running(True)
        self._update_controls()

    @Slot()
    def stop(self) -> None:
        """Stop inspecting and stop the source (in a background thread)."""
        self._running = False
        self._worker.set_running(False)
        if self._source is not None:
            source = self._source
            threading.Thread(target=source.stop, name=f"stop {source.name}", daemon=True).start()
        self._update_controls()

    @Slot()
    def trigger(self) -> None:
        """Request one inspection (triggered mode). The Inspect button, F6 and Space call this."""
        if self.mode != TRIGGERED:
            self._show_error(self.tr("Switch to triggered mode to inspect single frames."))
            return
        if not self._running:
            self._show_error(self.tr("Press Start before inspecting."))
            return
        self._worker.request_inspection()

    @Slot()
    def reset_counters(self) -> None:
        self._counts = {OK: 0, NG: 0}
        self._counts_since = time.time()
        self._update_counters()

    def shutdown(self) -> bool:
        """Stop the timers, the worker thread and the source. Call before the widget is destroyed.

        Waits up to :data:`THREAD_STOP_TIMEOUT_MS` for the worker thread. Returns False when it is
        still running, because a model call cannot be interrupted. The thread then finishes in the
        background and :func:`running_worker_activities` lists it. Calling it again returns True.
        """
        if self._shut_down:
            return True
        self._shut_down = True
        self._display_timer.stop()
        self._worker.set_running(False)
        self._worker.set_source(None)
        if self._source is not None:
            _close_in_background(self._source)
        self._thread.quit()
        if self._thread.wait(THREAD_STOP_TIMEOUT_MS):
            return True
        logger.warning(
            "The station worker thread is still %s after %d ms, so it is left to finish in the background",
            self._worker.activity or "stopping",
            THREAD_STOP_TIMEOUT_MS,
        )
        _LINGERING_THREADS.append((self._thread, self._worker))
        return False

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.shutdown()
        super().closeEvent(event)

    # Worker signals --------------------------------------------------------------------------

    @Slot(object)
    def _on_inspected(self, record: StationRecord) -> None:
        if self._shut_down:
            return  # a late result of an inspection that ran during shutdown, when the log is closed
        self._last_record = record
        verdict = record.result.verdict
        if verdict in self._counts:
            self._counts[verdict] += 1
        self._verdict_label.setText(verdict)
        self._score_label.setText(self.tr("Score %1").replace("%1", f"{record.result.image_score:.3f}"))
        self._regions_label.setText(self._regions_text(record))
        self._set_banner_style(verdict)
        self._latency_label.setText(
            self.tr("Latency capture to verdict: %1 ms").replace("%1", f"{record.latency_s * 1000.0:.0f}")
        )
        self._inspection_fps_label.setText(
            self.tr("Inspection: %1 fps").replace("%1", format_fps(record.inspection_fps))
        )
        self._update_counters()
        contours = region_contours(record.result.mask, record.result.regions)
        self._outline_item.setPath(contour_path([points for group in contours.values() for points in group]))
        self._update_overlay()
        self.inspected.emit(record)

    def _regions_text(self, record: StationRecord) -> str:
        count = len(record.result.regions)
        if count == 0:
            return self.tr("No defect region")
        if count == 1:
            return self.tr("1 defect region")
        return self.tr("%1 defect regions").replace("%1", str(count))

    @Slot(str)
    def _on_worker_status(self, text: str) -> None:
        self._worker_status = text
        self._update_status_line()

    @Slot(object)
    def _on_inspector_ready(self, identity: dict) -> None:
        self._worker_status = ""
        self._is_random = bool(identity.get("is_random"))
        self._warning.setVisible(self._is_random)
        self._banner_note.setText(self.tr("random weights") if self._is_random else "")
        self._banner_note.setVisible(self._is_random)
        self._error_text = ""
        self._update_status_line()
        self._update_controls()
        self.inspector_ready.emit(identity)

    @Slot(str)
    def _on_inspector_failed(self, message: str) -> None:
        self._worker_status = ""
        self._show_error(self.tr("Loading the model failed: %1").replace("%1", message))
        self._update_controls()

    @Slot(str)
    def _show_error(self, message: str) -> None:
        self._error_text = message
        self._error_time = time.monotonic()
        self._update_status_line()
        self.error.emit(message)

    # Display ---------------------------------------------------------------------------------

    @Slot()
    def _refresh_view(self) -> None:
        source = self._source
        frame = source.latest() if source is not None else None
        if frame is not None and frame is not self._shown_frame:
            previous = self._shown_frame
            self._frame_item.setImage(frame.image, autoLevels=False, levels=(0, 255))
            self._shown_frame = frame
            if previous is None or previous.image.shape != frame.image.shape:
                self._view.autoRange(padding=0.0)
                self._update_overlay()
        now = time.monotonic()
        if now - self._last_readout >= READOUT_INTERVAL_S:
            self._last_readout = now
            fps = source.fps if source is not None else 0.0
            self._capture_fps_label.setText(self.tr("Capture: %1 fps").replace("%1", format_fps(fps)))
            self._update_status_line()

    def _update_overlay(self) -> None:
        """Draw the last inspection's heatmap and region outlines over the live frame (each toggled).

        Both are hidden while the live frame has another size than the inspected one.
        """
        record, frame = self._last_record, self._shown_frame
        fits = record is not None and frame is not None and record.result.anomaly_map.shape == frame.image.shape[:2]
        show_heat = fits and self._heatmap_check.isChecked()
        if show_heat:
            self._heat_item.setImage(display_map(record.result.anomaly_map), autoLevels=False, levels=DEFAULT_LEVELS)
        self._heat_item.setVisible(show_heat)
        self._outline_item.setVisible(fits and self._outline_check.isChecked())

    def _set_banner_style(self, verdict: str | None) -> None:
        # Style sheets are re-polished on every change, so they are set only when the verdict changes.
        if self._banner_verdict == verdict:
            return
        self._banner_verdict = verdict
        self._banner.setStyleSheet(f"#verdictBanner {{ {_BANNER_STYLES.get(verdict, _BANNER_STYLES[None])} }}")
        for label in (self._verdict_label, self._score_label, self._banner_note):
            label.setStyleSheet("color: white;")

    def _update_counters(self) -> None:
        ok, ng = self._counts[OK], self._counts[NG]
        self._ok_label.setText(self.tr("OK %1").replace("%1", str(ok)))
        self._ng_label.setText(self.tr("NG %1").replace("%1", str(ng)))
        total = ok + ng
        yield_text = f"{100.0 * ok / total:.1f} %" if total else "–"
        self._yield_label.setText(self.tr("Yield %1").replace("%1", yield_text))
        since = time.strftime("%H:%M:%S", time.localtime(self._counts_since))
        self._since_label.setText(self.tr("since %1").replace("%1", since))

    def _update_status_line(self) -> None:
        source = self._source
        parts = []
        if self._worker_status:
            parts.append(self._worker_status)
        elif not self._worker.has_inspector:
            parts.append(self.tr("No model loaded"))
        if source is None:
            parts.append(self._source_error or self.tr("No source"))
        else:
            parts.append(self._source_status_text(source))
        if self._error_text and time.monotonic() - self._error_time > ERROR_DISPLAY_S:
            self._error_text = ""
        if self._error_text:
            parts.append(self._error_text)
        self._status.setText(" · ".join(parts))
        self._status.setToolTip(source.state.message if source is not None else "")

    def _source_status_text(self, source: FrameSource) -> str:
        state = source.state
        if state.status is SourceStatus.RUNNING:
            return self.tr("%1: running").replace("%1", source.name)
        if state.status is SourceStatus.STARTING:
            return self.tr("%1: connecting…").replace("%1", source.name)
        if state.status is SourceStatus.CAMERA_LOST:
            text = self.tr("%1: camera lost").replace("%1", source.name)
            return f"{text} ({state.message})" if state.message else text
        if state.status is SourceStatus.RECONNECTING:
            text = self.tr("%1: reconnecting… (attempt %2)")
            return text.replace("%1", source.name).replace("%2", str(state.attempt))
        if state.status is SourceStatus.ENDED:
            return self.tr("%1: video ended").replace("%1", source.name)
        return self.tr("%1: stopped").replace("%1", source.name)

    def _update_controls(self) -> None:
        has_source = self._source is not None
        self._start_button.setEnabled(has_source and not self._running)
        self._stop_button.setEnabled(self._running)
        self._inspect_button.setEnabled(self._running and self.mode == TRIGGERED)
        self._load_button.setEnabled(self._inspector_config is not None and not self._worker_status)

    def _update_references_label(self) -> None:
        count = len(self._reference_paths)
        text = self.tr("none (zero-shot)") if count == 0 else self.tr("%1 images").replace("%1", str(count))
        self._references_label.setText(text)

    # Setup actions ---------------------------------------------------------------------------

    def _start_source(self) -> bool:
        try:
            self._source.start()
        except SourceError as exc:
            self._show_error(self.tr("Cannot start the source: %1").replace("%1", str(exc)))
            return False
        return True

    def _choose_capture_dir(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Capture folder"), str(self._capture_dir or ""))
        if folder:
            self.set_capture(folder, self._save_all_check.isChecked())

    def _choose_references(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Normal reference images"), "", self.tr("Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)")
        )
        if files:
            self._reference_paths = tuple(files)
            self._update_references_label()

    def _reload_inspector(self) -> None:
        """Load the model again with the class name and reference images of the setup box."""
        class_name = self._class_edit.text().strip()
        if not class_name:
            self._show_error(self.tr("Enter the class name of the inspected object, for example bottle."))
            return
        self.load_inspector(
            replace(self._inspector_config, class_name=class_name, reference_paths=self._reference_paths)
        )


def _banner_label(text: str, pixel_size: int) -> QLabel:
    """Return a centred bold label of the verdict banner with a font of ``pixel_size`` pixels."""
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    font = QFont()
    font.setPixelSize(pixel_size)
    font.setBold(True)
    label.setFont(font)
    return label


def _close_in_background(source: FrameSource) -> None:
    """Close ``source`` in a daemon thread, because close() can take seconds with a blocked driver."""
    threading.Thread(target=source.close, name=f"close {source.name}", daemon=True).start()


def main_station(args: Any) -> int:
    """Open the station as a window of its own and return the exit code of the Qt event loop.

    ``args`` is an ``argparse.Namespace`` with at least ``source`` and ``class_name``.
    Optional model attributes: ``model_name``, ``weights``, ``device``, ``precision`` and
    ``reference`` (a folder of normal images). Optional thresholds: ``image_threshold``,
    ``pixel_threshold``, ``min_area`` and ``kernel_size``. Optional station attributes:
    ``capture_dir``, ``save_all``, ``mode`` ("continuous" or "triggered") and ``language``.

    With ``screenshot`` (a PNG path), the window is saved after ``screenshot_after`` inspections
    (default 5) and the program quits. After ``screenshot_timeout`` seconds (default 300) the
    screenshot is saved anyway and the exit code is 1.

    When the worker thread is still inside a model call after the window closed, the process
    ends at once with ``os._exit`` (see :func:`winclip_desktop.gui.app.exit_now_if_busy`) and
    this function does not return.

    NOTE: ``args.recipe`` is not read here. The caller applies a recipe to ``args`` first.
    """
    from winclip_desktop.gui.app import EXIT_GRACE_MS, exit_now_if_busy
    from winclip_desktop.gui.i18n import install_translators

    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_translators(app, getattr(args, "language", None))

    station = StationWidget(
        inspector_config=_inspector_config_from_args(args),
        settings=_settings_from_args(args),
        capture_dir=getattr(args, "capture_dir", None) or _default_capture_dir(),
        save_all=bool(getattr(args, "save_all", False)),
        mode=getattr(args, "mode", None) or CONTINUOUS,
    )
    station.setWindowTitle(QCoreApplication.translate("StationWidget", "winclip-desktop inspection station"))
    station.resize(1400, 900)
    if getattr(args, "source", None):
        station.set_source(args.source)
    station.show()
    if station.source is not None:
        station.start()

    exit_code = {"value": 0}
    screenshot = getattr(args, "screenshot", None)
    if screenshot:
        _schedule_screenshot(app, station, Path(screenshot), args, exit_code)
    code = app.exec()
    station.shutdown()
    code = exit_code["value"] or code
    exit_now_if_busy(code, running_worker_activities(EXIT_GRACE_MS))
    return code


def _schedule_screenshot(app: QApplication, station: StationWidget, path: Path, args: Any, exit_code: dict) -> None:
    """Save ``path`` after the required number of inspections, or at the timeout, then quit ``app``."""
    required_count = int(getattr(args, "screenshot_after", None) or 5)
    timeout_s = float(getattr(args, "screenshot_timeout", None) or 300.0)
    count = {"value": 0, "saved": False}
    # A timer object owned by the station, so that it can be stopped and dies with the window.
    timeout_timer = QTimer(station)
    timeout_timer.setSingleShot(True)
    timeout_timer.setInterval(int(timeout_s * 1000))

    def save_and_quit() -> None:
        timeout_timer.stop()
        if count["saved"]:
            return
        count["saved"] = True
        path.parent.mkdir(parents=True, exist_ok=True)
        if not station.grab().save(str(path)):
            logger.error("Saving the screenshot %s failed", path)
            exit_code["value"] = 1
        else:
            logger.info("Screenshot after %d inspections saved to %s", count["value"], path)
        app.quit()

    def on_inspected(_record: StationRecord) -> None:
        count["value"] += 1
        if count["value"] == required_count:
            QTimer.singleShot(300, save_and_quit)  # let the banner and heatmap repaint first

    def on_timeout() -> None:
        if count["value"] < required_count:
            logger.error(
                "Only %d of %d inspections within %.0f s; saving the screenshot anyway",
                count["value"],
                required_count,
                timeout_s,
            )
            exit_code["value"] = 1
            save_and_quit()

    station.inspected.connect(on_inspected)
    timeout_timer.timeout.connect(on_timeout)
    timeout_timer.start()


def _inspector_config_from_args(args: Any) -> Any:
    from winclip_desktop.commands.common import inspector_config, reference_images

    defaults = {"model_name": None, "weights": None, "device": "auto", "precision": "fp32"}
    for name, value in defaults.items():
        if not hasattr(args, name):
            setattr(args, name, value)
    references = reference_images(getattr(args, "reference", None))
    return inspector_config(args, getattr(args, "class_name", None), references)


def _settings_from_args(args: Any) -> PostProcessSettings:
    base = PostProcessSettings()
    values = {}
    for name in ("image_threshold", "pixel_threshold", "min_area", "kernel_size"):
        value = getattr(args, name, None)
        values[name] = getattr(base, name) if value is None else value
    return PostProcessSettings(**values)


def _default_capture_dir() -> Path:
    from winclip_desktop.paths import data_dir

    return data_dir() / "captures"
