"""The main window: folder review workbench, with the live station and history as further tabs.

Widgets (results table, image view, controls) share one ``ResultsModel``. Model loading,
inspection and export run in ``WorkerHost``'s thread, re-thresholding in ``Reprocessor``'s
thread and image decoding in ``DisplayLoader``'s pool. This class only wires their signals,
so the GUI thread does not wait for the model or for image files.
"""

from __future__ import annotations

import atexit
import logging
import math
import weakref
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from winclip_desktop.engine.postprocess import postprocess
from winclip_desktop.engine.types import NG, PostProcessSettings
from winclip_desktop.gui import integrations
from winclip_desktop.gui.controls import LEVELS_AROUND_THRESHOLD, DisplayControls, OverridePanel, ThresholdControls
from winclip_desktop.gui.display_loader import DisplayLoader
from winclip_desktop.gui.image_view import ImageView
from winclip_desktop.gui.input_bar import InputBar
from winclip_desktop.gui.region_list import RegionList
from winclip_desktop.gui.reprocess import Reprocessor, ReprocessJob
from winclip_desktop.gui.results_model import ERROR, SOURCE_FOLDER, SOURCE_LIVE, ResultsModel
from winclip_desktop.gui.results_panel import ResultsPanel
from winclip_desktop.gui.thumbnails import ThumbnailProvider
from winclip_desktop.gui.window_settings import (
    load_display,
    load_thresholds,
    open_settings,
    read_bool,
    read_str,
    save_display,
    save_thresholds,
)
from winclip_desktop.gui.worker import (
    OUTCOME_CANCELLED,
    OUTCOME_COMPLETED,
    ExportItem,
    ExportRequest,
    InspectedImage,
    RunRequest,
    WorkerHost,
    default_image_reader,
    default_inspector_loader,
)

logger = logging.getLogger(__name__)

DEFAULT_SIZE = (1600, 1000)  # also the size of every --screenshot grab
CLOSE_WAIT_MS = 2500  # how long closing waits for the worker before deferring the close
REPROCESS_DELAY_MS = 30  # coalesces the value changes of a dragged slider
HISTOGRAM_DELAY_MS = 150


class MainWindow(QMainWindow):
    """The inspection window.

    Args:
        options: the CLI's ``gui`` arguments (folder, class_name, reference, weights, model_name,
            device, precision, recipe, source; any may be missing or None).
        inspector_loader: ``loader(spec, progress) -> Inspector``; tests pass one that counts calls.
        image_reader: ``reader(path) -> RGB uint8 array``.

    Signals:
        runFinished(outcome): an inspection run ended: "completed", "cancelled" or "failed".
        exportFinished(outcome, message): an export ended; the message is the folder or the error.
        imageDisplayed(key): the image view now shows the result ``key``.
    """

    runFinished = Signal(str)
    exportFinished = Signal(str, str)
    imageDisplayed = Signal(int)

    def __init__(self, options=None, inspector_loader=default_inspector_loader, image_reader=default_image_reader, parent=None):
        super().__init__(parent)
        self.options = options if options is not None else SimpleNamespace()
        self._image_reader = image_reader
        self._settings = PostProcessSettings()
        self._folder: Path | None = None
        self._identity: dict | None = None
        self._displayed_key = -1
        self._displayed_result = None
        self._close_requested = False
        self._shut_down = False
        self._default_dock_sizes_pending = True
        self._last_error_box: QMessageBox | None = None
        # A --screenshot run starts from the defaults and the command line, ignoring and keeping
        # the saved settings, so that its picture does not depend on earlier sessions. It never
        # opens a message box.
        self._screenshot_mode = bool(getattr(self.options, "screenshot", None))
        self._recipe = None
        self._recipe_path: str = ""
        self.station = None
        self.history = None
        self.inspection_log = None

        self.model = ResultsModel(self)
        self.thumbnails = ThumbnailProvider(parent=self)
        self.display_loader = DisplayLoader(self)
        self.reprocessor = Reprocessor(self.model.anomalyMap, self)
        self.host = WorkerHost(self.model.maps.get, self.model.frames.get, inspector_loader, image_reader, self)

        self.setWindowTitle(self.tr("WinCLIP inspection"))
        self.resize(*DEFAULT_SIZE)
        self.setDockOptions(QMainWindow.DockOption.AllowTabbedDocks | QMainWindow.DockOption.AnimatedDocks)
        self._build_central()
        self._build_docks()
        self._build_status_bar()
        self._build_shortcuts()
        self._connect_signals()
        self._restore_settings()
        self._apply_options()
        self._show_threshold_lines()
        self._add_optional_tabs()
        self._ensure_minimum_size()
        self._apply_display()
        self._update_busy(False)
        # A weak reference, so that the exit hook does not keep a dropped window alive.
        atexit.register(_shutdown_at_exit, weakref.ref(self))

    # ================================================================= construction

    def _build_central(self) -> None:
        self.input_bar = InputBar(integrations.calibration_available())
        # Shortcuts to the fields, used throughout the window and by tests.
        self.class_name_edit = self.input_bar.class_name_edit
        self.reference_edit = self.input_bar.reference_edit
        self.open_button = self.input_bar.open_button
        self.rerun_button = self.input_bar.rerun_button
        self.export_button = self.input_bar.export_button
        self.calibrate_button = self.input_bar.calibrate_button
        self.identity_label = QLabel()
        self.identity_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.banner = QLabel(self.tr("Random weights: scores are meaningless"))
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setStyleSheet("background: #c62828; color: white; font-weight: bold; padding: 6px;")
        self.banner.setToolTip(
            self.tr("The model was not loaded from trained weights. Verdicts, maps and regions only test the pipeline.")
        )
        self.banner.hide()

        self.results = ResultsPanel(self.model, self.thumbnails)
        self.image_view = ImageView()
        self.image_caption = QLabel()
        self.image_caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Wrapped, so that a long error message neither widens the window nor gets cut.
        self.image_caption.setWordWrap(True)
        viewer = QWidget()
        viewer_layout = QVBoxLayout(viewer)
        viewer_layout.setContentsMargins(0, 0, 0, 0)
        viewer_layout.addWidget(self.image_caption)
        viewer_layout.addWidget(self.image_view, 1)
        self.review_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.review_splitter.addWidget(self.results)
        self.review_splitter.addWidget(viewer)
        self.review_splitter.setStretchFactor(0, 0)
        self.review_splitter.setStretchFactor(1, 1)
        self.review_splitter.setSizes([600, 620])

        self.tabs = QTabWidget()
        self.tabs.addTab(self.review_splitter, self.tr("Review"))

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.input_bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

    def _add_dock(self, widget: QWidget, title: str, name: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self.threshold_controls = ThresholdControls(self._settings)
        self.display_controls = DisplayControls()
        self.region_list = RegionList()
        self.override_panel = OverridePanel()
        # Right column: thresholds, [regions | display | recipes], operator review, [histogram | trend].
        # Tabbed stacks keep the column's minimum height within a 1000-pixel window.
        self.thresholds_dock = self._add_dock(self.threshold_controls, self.tr("Thresholds"), "thresholdsDock", right)

        self.regions_dock = self._add_dock(self.region_list, self.tr("Regions"), "regionsDock", right)
        self.display_dock = self._add_dock(self.display_controls, self.tr("Display"), "displayDock", right)
        self.tabifyDockWidget(self.regions_dock, self.display_dock)
        self.regions_dock.raise_()
        self.review_dock = self._add_dock(self.override_panel, self.tr("Operator review"), "reviewDock", right)

        self.histogram = integrations.create_histogram(self)
        self.histogram_dock = None
        if self.histogram is not None:
            self.histogram_dock = self._add_dock(self.histogram, self.tr("Score histogram"), "histogramDock", right)
        self.trend = integrations.create_trend(self)
        self.trend_dock = None
        if self.trend is not None:
            self.trend_dock = self._add_dock(self.trend, self.tr("Score trend"), "trendDock", right)
            if self.histogram_dock is not None:
                self.tabifyDockWidget(self.histogram_dock, self.trend_dock)
                self.histogram_dock.raise_()

        self.recipe_panel = integrations.create_recipe_panel(self)
        self.recipe_dock = None
        if self.recipe_panel is not None:
            self.recipe_dock = self._add_dock(self.recipe_panel, self.tr("Recipes"), "recipesDock", right)
            self.tabifyDockWidget(self.display_dock, self.recipe_dock)
            self.regions_dock.raise_()

    def _apply_default_dock_sizes(self) -> None:
        # resizeDocks needs a laid-out window, so it runs on the first show without a saved layout.
        self.resizeDocks([self.thresholds_dock], [380], Qt.Orientation.Horizontal)
        column = [self.thresholds_dock, self.regions_dock, self.review_dock]
        heights = [140, 260, 150]
        if self.histogram_dock is not None:
            column.append(self.histogram_dock)
            heights.append(330)
        self.resizeDocks(column, heights, Qt.Orientation.Vertical)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._default_dock_sizes_pending:
            self._default_dock_sizes_pending = False
            self._apply_default_dock_sizes()

    def _build_status_bar(self) -> None:
        self.status_label = QLabel()
        # Ignored width: a long message is cut at the window edge instead of widening the window.
        # Its full text is in the tooltip.
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.hover_label = QLabel()
        self.hover_label.setMinimumWidth(230)
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(260)
        self.progress_bar.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        bar = self.statusBar()
        bar.addWidget(self.status_label, 1)
        bar.addPermanentWidget(self.identity_label)
        bar.addPermanentWidget(self.hover_label)
        bar.addPermanentWidget(self.progress_bar)
        bar.addPermanentWidget(self.cancel_button)

    def _build_shortcuts(self) -> None:
        bindings = (
            ("J", self.results.nextImage),
            ("K", self.results.previousImage),
            ("N", self.results.nextNg),
        )
        self.shortcuts = []
        for key, slot in bindings:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(lambda slot=slot: self._on_review_key(slot))
            self.shortcuts.append(shortcut)

    def _connect_signals(self) -> None:
        self.input_bar.openRequested.connect(lambda: self.openFolder())
        self.input_bar.rerunRequested.connect(self.inspectAgain)
        self.input_bar.exportRequested.connect(lambda save_maps: self.exportResults(save_maps=save_maps))
        self.input_bar.calibrateRequested.connect(lambda: integrations.open_calibration_dialog(self))
        self.cancel_button.clicked.connect(self.cancelRun)

        worker = self.host.inspection
        worker.statusChanged.connect(self._on_worker_status)
        worker.progressChanged.connect(self._on_progress)
        worker.inspectorReady.connect(self._on_inspector_ready)
        worker.imageInspected.connect(self._on_image_inspected)
        worker.imageFailed.connect(self._on_image_failed)
        worker.runFinished.connect(self._on_run_finished)
        self.host.exporter.progressChanged.connect(self._on_progress)
        self.host.exporter.exportFinished.connect(self._on_export_finished)
        self.host.thread.finished.connect(self._on_worker_thread_finished)

        self.results.currentKeyChanged.connect(self._on_current_key)
        self.display_loader.loaded.connect(self._on_image_loaded)
        self.display_loader.failed.connect(self._on_image_load_failed)
        self.reprocessor.resultReady.connect(self._on_reprocessed)
        self.reprocessor.done.connect(self._schedule_histogram)
        self.reprocessor.failed.connect(lambda message: self._show_status(message))

        self.threshold_controls.settingsChanged.connect(self._on_settings_changed)
        self.display_controls.displayChanged.connect(self._apply_display)
        self.region_list.regionActivated.connect(self.image_view.selectRegion)
        self.override_panel.overrideRequested.connect(self._on_override_requested)
        self.image_view.pixelHovered.connect(self._on_pixel_hovered)
        self.image_view.hoverLeft.connect(self.hover_label.clear)
        self.model.overrideChanged.connect(self._on_override_changed)
        self.model.rowsInserted.connect(self._schedule_histogram)
        self.model.modelReset.connect(self._schedule_histogram)

        self._reprocess_timer = QTimer(self, singleShot=True, interval=REPROCESS_DELAY_MS)
        self._reprocess_timer.timeout.connect(self._start_reprocess)
        self._histogram_timer = QTimer(self, singleShot=True, interval=HISTOGRAM_DELAY_MS)
        self._histogram_timer.timeout.connect(self._update_histogram)
        if self.histogram is not None:
            self.histogram.thresholdChanged.connect(self._on_histogram_threshold)
        if self.recipe_panel is not None:
            integrations.connect_recipe_panel(self.recipe_panel, self)

    def _add_optional_tabs(self) -> None:
        self.inspection_log = integrations.open_inspection_log()
        self.station = integrations.create_station(self, getattr(self.options, "source", None))
        if self.station is not None:
            self.station_tab = _scrollable(self.station)
            self.tabs.addTab(self.station_tab, self.tr("Live station"))
            integrations.connect_station(self.station, self)
            self.tabs.currentChanged.connect(lambda _index: self._show_regions_of_current_tab())
            if getattr(self.options, "source", None):
                self.tabs.setCurrentWidget(self.station_tab)
                if self.trend_dock is not None:
                    self.trend_dock.raise_()
        self.history = integrations.create_history(self)
        if self.history is not None:
            self.tabs.addTab(_scrollable(self.history), self.tr("History"))

    # ================================================================= options and persistence

    def _restore_settings(self) -> None:
        if self._screenshot_mode:
            return
        settings = open_settings()
        self._restore_layout(settings)
        self.class_name_edit.setText(read_str(settings, "input/className"))
        self.reference_edit.setText(read_str(settings, "input/referenceFolder"))
        last_folder = read_str(settings, "input/lastFolder")
        self._folder = Path(last_folder) if last_folder else None
        self._recipe_path = read_str(settings, "input/lastRecipe")
        self._restore_recipe()
        self._settings = load_thresholds(settings, self._settings)
        self.threshold_controls.setSettings(self._settings)
        load_display(settings, self.display_controls)
        self.results.setThumbnailsVisible(read_bool(settings, "review/thumbnails", False))

    def _restore_layout(self, settings) -> None:
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if state is not None and self.restoreState(state):
            self._default_dock_sizes_pending = False
        splitter = settings.value("window/reviewSplitter")
        if splitter is not None:
            self.review_splitter.restoreState(splitter)

    def _ensure_minimum_size(self) -> None:
        """Replace a restored size below the window's minimum size by the default size.

        ``restoreGeometry`` shrinks a saved geometry to fit the current screen. Qt then grows the
        window only to its minimum size, where the image view and the plots are squeezed.
        """
        minimum = self.minimumSizeHint().expandedTo(self.minimumSize())
        size = self.size()
        if size.width() >= minimum.width() and size.height() >= minimum.height():
            return
        default = QSize(*DEFAULT_SIZE).expandedTo(minimum)
        logger.info(
            "Window size %dx%d is below the minimum %dx%d; using %dx%d",
            size.width(), size.height(), minimum.width(), minimum.height(), default.width(), default.height(),
        )
        self.resize(default)

    def _restore_recipe(self) -> None:
        """Reload the last recipe for its words and references; the thresholds stay as saved."""
        if not self._recipe_path or not Path(self._recipe_path).is_file():
            return
        try:
            from winclip_desktop.engine.recipe import load_recipe

            self._recipe = load_recipe(self._recipe_path)
        except (ImportError, OSError, ValueError) as exc:
            logger.warning("Last recipe %s not loaded: %s", self._recipe_path, exc)
            return
        if self.recipe_panel is not None:
            self.recipe_panel.setObjectWords(list(self._recipe.object_words))

    def saveSettings(self) -> None:
        """Write layout, inputs, thresholds and display options to the QSettings file."""
        settings = open_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/reviewSplitter", self.review_splitter.saveState())
        settings.setValue("input/className", self.class_name_edit.text())
        settings.setValue("input/referenceFolder", self.reference_edit.text())
        settings.setValue("input/lastFolder", "" if self._folder is None else str(self._folder))
        settings.setValue("input/lastRecipe", self._recipe_path)
        save_thresholds(settings, self._settings)
        save_display(settings, self.display_controls)
        settings.setValue("review/thumbnails", self.results.show_thumbnails.isChecked())
        settings.sync()

    def _apply_options(self) -> None:
        options = self.options
        recipe_path = getattr(options, "recipe", None)
        if recipe_path:
            integrations.load_recipe_file(self, recipe_path)
        if getattr(options, "class_name", None):
            self.class_name_edit.setText(options.class_name)
        if getattr(options, "reference", None):
            self.reference_edit.setText(str(options.reference))
        overrides = {}
        for name in ("image_threshold", "pixel_threshold", "kernel_size", "min_area"):
            value = getattr(options, name, None)
            if value is not None:
                overrides[name] = value
        if overrides:
            # The controls clamp and round the values (an even kernel becomes odd).
            self.threshold_controls.setSettings(PostProcessSettings(**{**self._settings.to_dict(), **overrides}))
            self._settings = self.threshold_controls.settings()
        if getattr(options, "weights", None) == "random":
            self.banner.show()

    def identity(self) -> dict | None:
        """Return ``Inspector.identity`` of the latest run, or None before a model was loaded."""
        return self._identity

    def activeRecipe(self):
        """Return the loaded ``Recipe`` while its class name is the one entered, else None."""
        recipe = self._recipe
        if recipe is not None and recipe.class_name == self.class_name_edit.text().strip():
            return recipe
        return None

    def applyRecipe(self, recipe, path: str = "") -> None:
        """Take the class name and thresholds of ``recipe``; its words, references and model apply to the next run."""
        self._recipe = recipe
        self._recipe_path = path or self._recipe_path
        self.class_name_edit.setText(recipe.class_name)
        self.reference_edit.clear()  # the recipe's reference images replace the folder
        if self.recipe_panel is not None:
            self.recipe_panel.setObjectWords(list(recipe.object_words))
        self.setSettings(recipe.postprocess_settings())
        self._show_status(self.tr("Recipe %1 loaded").replace("%1", recipe.name))
        logger.info("Recipe %s loaded from %s", recipe.name, path or "the recipe panel")

    def lastFolder(self) -> Path | None:
        """Return the folder of the latest run (restored from the settings at start), or None."""
        return self._folder

    # ================================================================= runs

    def inspectorSpec(self) -> dict:
        """Return the ``InspectorConfig`` keyword arguments for the current inputs and recipe.

        The object words come from the recipe panel's editor when the panel exists, else from the
        active recipe. Raises ValueError with a message for the user (see ``InputBar.inspectorSpec``).
        """
        words = self.recipe_panel.objectWords() if self.recipe_panel is not None else None
        return self.input_bar.inspectorSpec(self.options, self.activeRecipe(), words)

    def openFolder(self, folder: str | Path | None = None) -> bool:
        """Inspect every image under ``folder`` (chosen in a dialog when None); return True when a run started."""
        if folder is None:
            start = str(self._folder) if self._folder is not None else ""
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Open image folder"), start)
            if not chosen:
                return False
            folder = chosen
        return self.startRun(Path(folder))

    def inspectAgain(self) -> bool:
        if self._folder is None:
            return self.openFolder()
        return self.startRun(self._folder)

    def startRun(self, folder: Path) -> bool:
        """Clear the folder results and inspect ``folder`` in the worker thread."""
        if self.host.busy:
            self._show_status(self.tr("An inspection or export is still running."))
            return False
        if not folder.is_dir():
            self._report_missing_folder(folder)
            return False
        try:
            spec = self.inspectorSpec()
        except ValueError as exc:
            self.showError(self.tr("Cannot start the inspection"), str(exc))
            return False
        self._folder = folder
        self.model.clear(SOURCE_FOLDER)
        self.thumbnails.clear()
        self.display_loader.forget()
        self._show_key(-1)
        self.progress_bar.setRange(0, 0)
        self._show_status(self.tr("Starting…"))
        # An export folder inside the input folder would otherwise be inspected too.
        last_export = read_str(open_settings(), "input/lastExportFolder")
        exclude = (Path(last_export),) if last_export else ()
        self.host.startRun(RunRequest(spec=spec, root=folder, settings=self._settings, exclude=exclude))
        self._update_busy(True)
        logger.info("Inspecting %s as %r", folder, spec.get("class_name"))
        return True

    def _report_missing_folder(self, folder: Path) -> None:
        # A relative path is shown with the absolute path it was resolved to.
        location = str(folder) if folder.is_absolute() else f"{folder} ({folder.resolve()})"
        if folder.exists():
            text = self.tr("%1 is not a folder. Choose a folder of images.")
        else:
            text = self.tr("The folder %1 does not exist. Choose a folder of images.")
        self._show_status(self.tr("Folder not found: %1").replace("%1", str(folder)))
        self.showError(self.tr("Folder not found"), text.replace("%1", location))

    def cancelRun(self) -> None:
        """Stop the running inspection or export before its next image."""
        if self.host.busy:
            self.host.cancel()
            self._show_status(self.tr("Cancelling…"))

    def isBusy(self) -> bool:
        return self.host.busy

    @Slot(str)
    def _on_worker_status(self, stage: str) -> None:
        texts = {
            "finding images": self.tr("Finding images…"),
            "loading model": self.tr("Loading model…"),
            "building prompts": self.tr("Building prompts…"),
            "encoding reference images": self.tr("Encoding reference images…"),
            "inspecting": self.tr("Inspecting…"),
        }
        self._show_status(texts.get(stage, stage))

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        self.progress_bar.setFormat(f"{done} / {total}")

    @Slot(object, bool)
    def _on_inspector_ready(self, identity: dict, is_random: bool) -> None:
        self._identity = identity
        self.banner.setVisible(is_random)
        self.identity_label.setText(
            self.tr("Model %1, weights %2, %3 references")
            .replace("%1", str(identity.get("model")))
            .replace("%2", str(identity.get("weights")))
            .replace("%3", str(identity.get("reference_count", 0)))
        )

    @Slot(object)
    def _on_image_inspected(self, item: InspectedImage) -> None:
        result = item.result
        if result.settings != self._settings:
            # The thresholds changed while the worker inspected with the old ones.
            image_size = result.image_size
            result = postprocess(result.anomaly_map, result.image_score, self._settings)
            result.image_size = image_size
        extra = {"content_hash": item.content_hash}
        self.model.addResult(item.name, result, self._identity or {}, path=item.path, source=SOURCE_FOLDER, extra=extra)
        integrations.record_inspection(self, item.name, item.path, item.content_hash, result=result)
        if self.results.currentKey() < 0:
            self.results.selectRow(0)

    @Slot(str, str, str)
    def _on_image_failed(self, name: str, path: str, message: str) -> None:
        self.model.addError(name, message, path=Path(path), source=SOURCE_FOLDER)
        integrations.record_inspection(self, name, Path(path), "", error=message)

    @Slot(str, str)
    def _on_run_finished(self, outcome: str, message: str) -> None:
        self._update_busy(False)
        counts = self.model.counts()
        if outcome == OUTCOME_COMPLETED:
            self._show_status(
                self.tr("Finished: %1 images, %2 NG, %3 errors")
                .replace("%1", str(counts["total"]))
                .replace("%2", str(counts[NG]))
                .replace("%3", str(counts[ERROR]))
            )
        elif outcome == OUTCOME_CANCELLED:
            self._show_status(self.tr("Cancelled after %1 images").replace("%1", str(counts["total"])))
        else:
            # The worker has logged the error already.
            self._show_status(self.tr("Inspection failed: %1").replace("%1", message))
            self.showError(self.tr("Inspection failed"), message, log=False)
        self.runFinished.emit(outcome)

    def _update_busy(self, busy: bool) -> None:
        self.input_bar.setBusy(busy)
        self.cancel_button.setEnabled(busy)
        if not busy:
            self.progress_bar.setRange(0, 1)
            self.progress_bar.setValue(0)
            self.progress_bar.setFormat("")

    # ================================================================= export

    def exportResults(self, out_dir: str | Path | None = None, save_maps: bool = False) -> bool:
        """Write the folder results (files as the CLI ``scan`` writes them) into ``out_dir`` in the worker thread.

        Asks for the folder with a dialog when ``out_dir`` is None. Live station records are not
        exported here: the station saves its own captures. Returns True when the export started.
        """
        if self.host.busy:
            self._show_status(self.tr("An inspection or export is still running."))
            return False
        records = [record for record in self.model.records() if record.source == SOURCE_FOLDER]
        if not records or self._folder is None:
            self._show_status(self.tr("Nothing to export: inspect a folder first."))
            return False
        if out_dir is None:
            start = read_str(open_settings(), "input/lastExportFolder")
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Export results to"), start)
            if not chosen:
                return False
            out_dir = chosen
        out_dir = Path(out_dir)
        settings = open_settings()
        settings.setValue("input/lastExportFolder", str(out_dir))
        items = tuple(
            ExportItem(
                key=record.key,
                name=record.name,
                path=record.path,
                image_score=record.image_score,
                error=record.error,
                override=record.override,
                comment=record.comment,
                identity=record.identity,
            )
            for record in records
        )
        identity = next((record.identity for record in records if record.identity), {})
        meta = {**identity, "thresholds": self._settings.to_dict(), "input_folder": str(self._folder), "exported_from": "gui"}
        request = ExportRequest(out_dir=out_dir, input_root=self._folder, settings=self._settings, items=items, meta=meta)
        self.host.startExport(request)
        self._update_busy(True)
        self._show_status(self.tr("Exporting to %1…").replace("%1", str(out_dir)))
        return True

    @Slot(str, str)
    def _on_export_finished(self, outcome: str, message: str) -> None:
        self._update_busy(False)
        if outcome == OUTCOME_COMPLETED:
            self._show_status(self.tr("Exported to %1").replace("%1", message))
        elif outcome == OUTCOME_CANCELLED:
            self._show_status(self.tr("Export cancelled; the files written so far are complete."))
        else:
            # The worker has logged the error already.
            self._show_status(self.tr("Export failed: %1").replace("%1", message))
            self.showError(self.tr("Export failed"), message, log=False)
        self.exportFinished.emit(outcome, message)

    # ================================================================= display of the current result

    def currentKey(self) -> int:
        return self.results.currentKey()

    def displayedKey(self) -> int:
        """Return the key of the result the image view shows, or -1."""
        return self._displayed_key

    def displayedResult(self):
        """Return the ``InspectionResult`` (current thresholds) of the displayed image, or None."""
        return self._displayed_result

    def _on_review_key(self, slot) -> None:
        if self.tabs.currentWidget() is self.review_splitter:
            slot()

    @Slot(int)
    def _on_current_key(self, key: int) -> None:
        self._show_key(key)

    def _show_key(self, key: int) -> None:
        record = self.model.record(key) if key >= 0 else None
        self.override_panel.setRecord(record)
        if record is None:
            self.display_loader.cancel()
            self._displayed_key = -1
            self._displayed_result = None
            self.image_view.clear()
            self._set_review_regions([])
            self.image_caption.clear()
            return
        if record.error is not None:
            self.display_loader.cancel()
            self._displayed_key = key
            self._displayed_result = None
            self.image_view.clear()
            self._set_review_regions([])
            self.image_caption.setText(self.tr("%1 was not inspected: %2").replace("%1", record.name).replace("%2", record.error))
            self.imageDisplayed.emit(key)
            return
        self._request_display(key)

    def _request_display(self, key: int) -> None:
        record = self.model.record(key)
        if record is None or record.error is not None:
            return
        reader, frames, path = self._image_reader, self.model.frames, record.path

        def load_image():
            try:
                return frames.get(key)
            except KeyError:
                if path is None:
                    raise
                return reader(path)

        self.display_loader.request(key, load_image, self.model.anomalyMap(key), record.image_score, self._settings)

    @Slot(int, object, object)
    def _on_image_loaded(self, key: int, image, result) -> None:
        if key != self.results.currentKey():
            return
        if result is not None and result.settings != self._settings:
            self._request_display(key)  # the thresholds moved while it loaded
            return
        record = self.model.record(key)
        self._displayed_key = key
        self._displayed_result = result
        if result is None:
            self.image_view.setResult(image, None, None, [])
            self._set_review_regions([])
        else:
            self.image_view.setResult(image, result.anomaly_map, result.mask, result.regions)
            self._set_review_regions(result.regions)
        self._update_caption(record, result)
        self.imageDisplayed.emit(key)

    def stationTabShown(self) -> bool:
        """Return True when the live station is the current tab."""
        return self.station is not None and self.tabs.currentWidget() is self.station_tab

    def _set_review_regions(self, regions: list) -> None:
        """List the regions of the displayed review image, unless the station tab owns the list."""
        if not self.stationTabShown():
            self.region_list.setRegions(regions)

    def _show_regions_of_current_tab(self) -> None:
        """List the regions of the last live inspection on the station tab, else of the displayed image."""
        if self.stationTabShown():
            record = self.station.last_record
            self.region_list.setRegions(record.result.regions if record is not None else [])
        else:
            result = self._displayed_result
            self.region_list.setRegions(result.regions if result is not None else [])

    @Slot(int, str)
    def _on_image_load_failed(self, key: int, message: str) -> None:
        if key != self.results.currentKey():
            return
        self._displayed_key = key
        self._displayed_result = None
        self.image_view.clear()
        self._set_review_regions([])
        self.image_caption.setText(message)
        self.imageDisplayed.emit(key)

    def _update_caption(self, record, result) -> None:
        if record is None:
            self.image_caption.clear()
            return
        verdict = result.verdict if result is not None else record.verdict
        text = (
            self.tr("%1 — score %2 — %3 — regions: %4")
            .replace("%1", record.name)
            .replace("%2", f"{record.image_score:.4f}")
            .replace("%3", verdict or "")
            .replace("%4", str(len(result.regions) if result is not None else len(record.regions)))
        )
        if record.override:
            text += self.tr(" — override %1").replace("%1", record.override)
        self.image_caption.setText(text)

    @Slot(int, int, float)
    def _on_pixel_hovered(self, x: int, y: int, score: float) -> None:
        score_text = "–" if math.isnan(score) else f"{score:.4f}"
        self.hover_label.setText(self.tr("x %1, y %2: score %3").replace("%1", str(x)).replace("%2", str(y)).replace("%3", score_text))

    # ================================================================= thresholds and display options

    def settings(self) -> PostProcessSettings:
        """Return the post-processing settings in use."""
        return self._settings

    def setSettings(self, settings: PostProcessSettings) -> None:
        """Apply new thresholds, as if the user moved the controls."""
        self.threshold_controls.setSettings(settings, emit=True)

    def _show_threshold_lines(self) -> None:
        """Move the threshold lines of the histogram and the score trend to the image threshold in use."""
        if self.histogram is not None:
            self.histogram.setThreshold(self._settings.image_threshold)
        if self.trend is not None:
            self.trend.setThreshold(self._settings.image_threshold)

    @Slot(object)
    def _on_settings_changed(self, settings: PostProcessSettings) -> None:
        if settings == self._settings:
            return
        self._settings = settings
        self._show_threshold_lines()
        if self.station is not None:
            self.station.set_settings(settings)
        if self.display_controls.levelsMode() == LEVELS_AROUND_THRESHOLD:
            self._apply_levels()
        self._reprocess_timer.start()

    def isReprocessing(self) -> bool:
        """True while verdicts and regions are being recomputed for new thresholds."""
        return self._reprocess_timer.isActive() or self.reprocessor.busy

    @Slot()
    def _start_reprocess(self) -> None:
        current = self.results.currentKey()
        jobs = [
            ReprocessJob(record.key, record.image_score)
            for record in self.model.records()
            if record.error is None and record.image_score is not None
        ]
        jobs.sort(key=lambda job: job.key != current)  # the displayed image first
        self.reprocessor.request(self._settings, jobs, current)

    @Slot(int, object)
    def _on_reprocessed(self, key: int, result) -> None:
        self.model.applySettingsResult(key, result.verdict, result.regions, result.settings)
        if key == self._displayed_key and result.mask.size:
            self._displayed_result = result
            self.image_view.setRegions(result.mask, result.regions)
            self._set_review_regions(result.regions)
            self._update_caption(self.model.record(key), result)
            self.imageDisplayed.emit(key)

    @Slot(float, float)
    def applyCalibratedThresholds(self, image_threshold: float, pixel_threshold: float) -> None:
        """Take calibrated thresholds; a NaN pixel threshold (not calibrated) keeps the current one."""
        self.threshold_controls.setImageThreshold(image_threshold, emit=False)
        if math.isfinite(pixel_threshold):
            self.threshold_controls.setPixelThreshold(pixel_threshold, emit=False)
        self.setSettings(self.threshold_controls.settings())
        self._show_status(self.tr("Calibrated thresholds applied"))

    @Slot(float)
    def _on_histogram_threshold(self, value: float) -> None:
        self.threshold_controls.setImageThreshold(value)

    @Slot()
    def _apply_display(self) -> None:
        controls = self.display_controls
        self.image_view.setOpacity(controls.opacityValue())
        self.image_view.setColormap(controls.colormap.currentText())
        self.image_view.setContoursVisible(controls.contours.isChecked())
        self.image_view.setSideBySide(controls.side_by_side.isChecked())
        self._apply_levels()

    def _apply_levels(self) -> None:
        self.image_view.setLevels(*self.display_controls.levelsFor(self._settings.pixel_threshold))

    def _schedule_histogram(self, *_args) -> None:
        if self.histogram is not None:
            self._histogram_timer.start()

    @Slot()
    def _update_histogram(self) -> None:
        records = [record for record in self.model.records() if record.error is None and record.verdict is not None]
        integrations.update_histogram(self.histogram, records, self._settings.image_threshold)

    # ================================================================= operator override

    def setOverride(self, verdict: str | None, comment: str = "", key: int | None = None) -> None:
        """Record the operator's verdict ("OK", "NG" or None to clear) for ``key`` (default: the current image)."""
        key = self.results.currentKey() if key is None else key
        if key < 0:
            raise ValueError("No image is selected; select one in the results table first.")
        self.model.setOverride(key, verdict, comment if verdict else "")

    @Slot(str, str)
    def _on_override_requested(self, verdict: str, comment: str) -> None:
        key = self.results.currentKey()
        if key >= 0:
            self.setOverride(verdict or None, comment, key)

    @Slot(int)
    def _on_override_changed(self, key: int) -> None:
        record = self.model.record(key)
        if key == self.results.currentKey():
            self.override_panel.setRecord(record)
            self._update_caption(record, self._displayed_result)
        integrations.record_override(self, record)
        self._schedule_histogram()

    # ================================================================= live station records

    def addLiveRecord(self, name: str, frame, result, identity: dict, path: Path | None = None, extra: dict | None = None) -> int:
        """Add a live station inspection to the shared results table and return its key."""
        return self.model.addResult(name, result, identity, path=path, source=SOURCE_LIVE, frame=frame, extra=extra)

    # ================================================================= helpers

    def _show_status(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setToolTip(text)

    def showError(self, title: str, text: str, log: bool = True) -> None:
        """Log an error and show it in a window-modal message box that does not block the caller.

        ``log=False`` skips the log line for an error that is logged where it happened. In a
        --screenshot run the error is only logged, because no operator is present to close the box.
        """
        if log:
            logger.error("%s: %s", title, text)
        if self._screenshot_mode:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # window-modal without a nested event loop
        self._last_error_box = box

    # ================================================================= closing

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if not self._close_requested:
            self._close_requested = True
            if not self._screenshot_mode:
                self.saveSettings()
        if not self.host.shutdown(CLOSE_WAIT_MS):
            # NOTE: the worker cannot be interrupted inside one model call or one stage of
            # Inspector.load, such as reading a large checkpoint. The window closes itself when
            # that step ends.
            self._show_status(self.tr("Closing after the current step finishes…"))
            event.ignore()
            return
        if self._last_error_box is not None and self._last_error_box.isVisible():
            self._last_error_box.close()  # an open child dialog would keep the application running
        self.shutdown()
        event.accept()

    def shutdown(self, timeout_ms: int = CLOSE_WAIT_MS) -> bool:
        """Stop every worker thread, close the inspection log and delete the temporary arrays.

        Called by closing the window, and at interpreter exit for a window that was never
        closed, because Qt aborts the process when a running QThread is destroyed. Returns False
        when the inspection thread is still busy after ``timeout_ms``. Calling it again does nothing.
        """
        if self._shut_down:
            return True
        if not self.host.shutdown(timeout_ms):
            return False
        self._shut_down = True
        integrations.shutdown_station(self.station)
        integrations.stop_calibrations(1000)
        if self.history is not None:
            self.history.shutdown(2000)
        integrations.close_inspection_log(self)
        self.reprocessor.stop()
        self.display_loader.shutdown()
        self.thumbnails.shutdown()
        self.model.close()
        return True

    @Slot()
    def _on_worker_thread_finished(self) -> None:
        if self._close_requested:
            QTimer.singleShot(0, self.close)


def _scrollable(widget: QWidget) -> QScrollArea:
    """Wrap a tab's widget so that its minimum height does not set the window's."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


def _shutdown_at_exit(window_ref: weakref.ref) -> None:
    window = window_ref()
    if window is None:
        return
    try:
        window.shutdown()
    except RuntimeError:
        pass  # the C++ window is already deleted, and its threads with it
