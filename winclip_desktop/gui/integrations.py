"""Glue between the main window and the optional widgets and services of other modules.

Each widget (score histogram, recipe panel, calibration dialog, live station, history) and the
inspection log is imported inside a guard: when its module is missing or fails to import, the
window starts without it and logs why. The functions here take the main window as their first
argument and use only its documented attributes and methods.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt

from winclip_desktop.engine.config import InspectorConfig
from winclip_desktop.engine.types import PostProcessSettings

logger = logging.getLogger(__name__)


def _optional(module: str, name: str):
    """Return ``module.name`` or None (logged) when the module cannot be imported."""
    try:
        imported = __import__(module, fromlist=[name])
        return getattr(imported, name)
    except (ImportError, AttributeError) as exc:
        logger.info("%s.%s is not available: %s", module, name, exc)
        return None


# ===================================================================== score histogram


def create_histogram(window):
    widget_class = _optional("winclip_desktop.gui.statistics", "HistogramWidget")
    return None if widget_class is None else widget_class()


def update_histogram(histogram, records, image_threshold: float) -> None:
    """Plot the model verdicts and scores of ``records``; labels come from MVTec-style paths."""
    if histogram is None:
        return
    labels_from_paths = _optional("winclip_desktop.gui.statistics", "labels_from_paths")
    scores = [record.image_score for record in records]
    verdicts = [record.verdict for record in records]
    labels = None
    if labels_from_paths is not None:
        labels = labels_from_paths([record.path if record.path is not None else record.name for record in records])
    histogram.setResults(scores, verdicts, labels)
    if math.isfinite(image_threshold):
        histogram.setThreshold(image_threshold)


# ===================================================================== inspection log and history


def open_inspection_log():
    """Open the station's inspection log at its default path, or return None (logged) when that fails."""
    log_class = _optional("winclip_desktop.storage.inspection_log", "InspectionLog")
    if log_class is None:
        return None
    try:
        return log_class()
    except (OSError, RuntimeError, ValueError) as exc:
        logger.error("Inspection log not available; results are not recorded: %s", exc)
        return None


def create_history(window):
    widget_class = _optional("winclip_desktop.gui.history", "HistoryWidget")
    if widget_class is None or window.inspection_log is None:
        return None
    return widget_class(window.inspection_log)


def record_inspection(window, name: str, path: Path, content_hash: str, result=None, error: str | None = None) -> None:
    """Queue one folder-run result (or error) in the inspection log; log errors are logged, not raised."""
    log = window.inspection_log
    if log is None:
        return
    from winclip_desktop.storage.inspection_log import SOURCE_FOLDER, InspectionRecord

    recipe = window.activeRecipe()
    common = {
        "source_kind": SOURCE_FOLDER,
        "source": str(window.lastFolder() or ""),
        "content_hash": content_hash,
        "image_path": path,
        "recipe_name": getattr(recipe, "name", None),
        "recipe_hash": recipe.settings_hash() if recipe is not None else None,
        "identity": window.identity() or {},
    }
    try:
        if error is not None:
            record = InspectionRecord.from_error(error, **common)
        else:
            record = InspectionRecord.from_result(result, **common)
        log.record(record)
    except (RuntimeError, ValueError, TypeError) as exc:
        logger.error("Could not record %s in the inspection log %s: %s", path, log.path, exc)


def record_override(window, record) -> None:
    """Queue an operator override of a folder result in the inspection log; log errors are logged, not raised."""
    log = window.inspection_log
    content_hash = record.extra.get("content_hash") if record is not None else None
    if log is None or record is None or record.path is None or not content_hash:
        return
    try:
        log.update_override((record.path, content_hash), record.override, record.comment)
    except (RuntimeError, ValueError) as exc:
        logger.error("Could not store the override of %s in the inspection log %s: %s", record.path, log.path, exc)


def close_inspection_log(window) -> None:
    if window.inspection_log is not None:
        window.inspection_log.close()


# ===================================================================== recipes


def load_recipe_file(window, path: str | Path) -> bool:
    """Load a recipe file and apply it; a bad file is reported in the window. Returns True on success."""
    load_recipe = _optional("winclip_desktop.engine.recipe", "load_recipe")
    if load_recipe is None:
        return False
    try:
        recipe = load_recipe(path)
    except (OSError, ValueError) as exc:
        window.showError(QCoreApplication.translate("MainWindow", "Cannot load the recipe"), str(exc))
        return False
    window.applyRecipe(recipe, str(path))
    return True


def create_recipe_panel(window):
    panel_class = _optional("winclip_desktop.gui.recipe_panel", "RecipePanel")
    if panel_class is None:
        return None
    try:
        return panel_class()
    except (OSError, ValueError) as exc:
        logger.error("Recipe panel not available: %s", exc)
        return None


def connect_recipe_panel(panel, window) -> None:
    """Let the panel save the window's current settings and apply the recipes it loads."""
    panel.setSettingsProvider(lambda: current_recipe_settings(window))
    panel.recipeLoaded.connect(lambda recipe: window.applyRecipe(recipe, str(panel.selectedPath() or "")))


def current_recipe_settings(window) -> dict:
    """Return the window's inputs and thresholds as ``Recipe`` fields (the panel adds name and words).

    Raises ValueError with a message for the user when the class name or the reference folder is invalid.
    """
    spec = window.inspectorSpec()
    settings: PostProcessSettings = window.settings()
    values = {
        "class_name": spec["class_name"],
        "reference_paths": [Path(path) for path in spec.get("reference_paths", ())],
        "image_threshold": settings.image_threshold,
        "pixel_threshold": settings.pixel_threshold,
        "kernel_size": settings.kernel_size,
        "min_area": settings.min_area,
    }
    for key in ("model_name", "weights"):
        if key in spec:
            values[key] = spec[key]
    return values


# ===================================================================== live station


def create_station(window, source: str | None):
    """Create the live station tab; with ``source`` it also loads the model and starts inspecting.

    Without a source the station waits for the operator to choose one and to load the model
    from its own setup box, so opening the window never loads a second model.
    """
    widget_class = _optional("winclip_desktop.gui.station", "StationWidget")
    if widget_class is None:
        return None
    try:
        station = widget_class(window, settings=window.settings(), capture_dir=default_capture_dir())
    except (OSError, RuntimeError, ValueError) as exc:
        logger.error("Live station not available: %s", exc)
        return None
    if source:
        try:
            station.load_inspector(InspectorConfig(**window.inspectorSpec()))
        except ValueError as exc:
            window.showError(QCoreApplication.translate("MainWindow", "Cannot start the live station"), str(exc))
        if station.set_source(source):
            station.start()
    return station


def default_capture_dir() -> Path | None:
    """``<data dir>/captures``, where the station saves NG frames; None when the data folder is unusable."""
    try:
        from winclip_desktop.paths import data_dir

        return data_dir() / "captures"
    except (ImportError, OSError) as exc:
        logger.error("No capture folder for the live station: %s", exc)
        return None


def connect_station(station, window) -> None:
    station.inspected.connect(lambda record: add_station_record(window, record))
    station.inspector_ready.connect(lambda identity: show_random_banner(window, identity))


def show_random_banner(window, identity: dict) -> None:
    """Show the window's red banner when the station's own model has random weights (also from a recipe)."""
    if identity.get("is_random"):
        window.banner.show()


def add_station_record(window, record) -> None:
    """Add a ``StationRecord`` to the shared results table, the score trend and the inspection log."""
    path = record.source_meta.get("path") if isinstance(record.source_meta, dict) else None
    window.addLiveRecord(
        record.name,
        record.image,
        record.result,
        dict(record.identity),
        path=Path(path) if path else None,
        extra={"saved": dict(record.saved), "sequence": record.sequence},
    )
    if window.trend is not None:
        window.trend.appendScore(float(record.result.image_score), record.result.verdict)
    if window.stationTabShown():
        window.region_list.setRegions(record.result.regions)
    record_station_inspection(window, record, Path(path) if path else None)


def record_station_inspection(window, record, path: Path | None) -> None:
    """Queue one live inspection in the inspection log; log errors are logged, not raised.

    ``path`` is the image file of a watched-folder frame, None for a camera frame. The saved
    capture files (frame, annotated image, mask) become the record's export paths.
    """
    log = window.inspection_log
    if log is None:
        return
    from winclip_desktop.storage.inspection_log import SOURCE_CAMERA, SOURCE_WATCHED_FOLDER, InspectionRecord

    recipe = window.activeRecipe()
    try:
        entry = InspectionRecord.from_result(
            record.result,
            source_kind=SOURCE_WATCHED_FOLDER if path is not None else SOURCE_CAMERA,
            source=record.source_name,
            content_hash=record.content_hash,
            image_path=path,
            recipe_name=getattr(recipe, "name", None),
            recipe_hash=recipe.settings_hash() if recipe is not None else None,
            identity=dict(record.identity),
            export_paths={kind: Path(saved).absolute() for kind, saved in record.saved.items()},
        )
        # A live frame is dated by its capture time, not by its verdict, and time_utc is recomputed.
        log.record(dataclasses.replace(entry, time_epoch=record.capture_wall_time, time_utc=""))
    except (RuntimeError, ValueError, TypeError) as exc:
        logger.error("Could not record %s in the inspection log %s: %s", record.name, log.path, exc)


def create_trend(window):
    widget_class = _optional("winclip_desktop.gui.statistics", "TrendWidget")
    return None if widget_class is None else widget_class()


def shutdown_station(station) -> None:
    if station is not None:
        station.shutdown()


# ===================================================================== calibration


def calibration_available() -> bool:
    return _optional("winclip_desktop.gui.calibration_dialog", "CalibrationDialog") is not None


def open_calibration_dialog(window):
    """Open the calibration dialog for the current class name; Apply moves the thresholds.

    Returns the dialog, or None when it cannot be opened (the reason is shown).
    """
    dialog_class = _optional("winclip_desktop.gui.calibration_dialog", "CalibrationDialog")
    if dialog_class is None:
        return None
    try:
        spec = window.inspectorSpec()
    except ValueError as exc:
        window.showError(QCoreApplication.translate("MainWindow", "Cannot calibrate"), str(exc))
        return None
    dialog = dialog_class(window, config=InspectorConfig(**spec))
    dialog.thresholdsApplied.connect(window.applyCalibratedThresholds)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.show()
    return dialog


def stop_calibrations(timeout_ms: int) -> None:
    stop = _optional("winclip_desktop.gui.calibration_dialog", "stop_calibration_jobs")
    if stop is not None:
        stop(timeout_ms)
