"""The row above the tabs: what to inspect (class name, reference folder) and the run buttons."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QMenu, QPushButton, QToolButton, QWidget

logger = logging.getLogger(__name__)

# Characters that the class name and reference folder boxes show at least, enough for class
# names such as "toothbrush" or "metal_nut" with room to spare.
MIN_FIELD_CHARS = 14


class InputBar(QWidget):
    """Class name and reference folder fields with the Open, Inspect again, Export and Calibrate buttons.

    Signals:
        openRequested(): the user wants to choose a folder and inspect it.
        rerunRequested(): inspect the last folder again.
        exportRequested(save_maps): export the results, with or without the anomaly maps.
        calibrateRequested(): open the calibration dialog.
    """

    openRequested = Signal()
    rerunRequested = Signal()
    exportRequested = Signal(bool)
    calibrateRequested = Signal()

    def __init__(self, calibration_available: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.class_name_edit = QLineEdit()
        self.class_name_edit.setPlaceholderText(self.tr("e.g. bottle"))
        self.class_name_edit.setToolTip(self.tr("Name of the inspected object, used in the text prompts."))
        self.reference_edit = QLineEdit()
        self.reference_edit.setPlaceholderText(self.tr("optional: folder of normal images"))
        self.reference_edit.setToolTip(self.tr("Normal reference images turn on few-shot WinCLIP+."))
        for field in (self.class_name_edit, self.reference_edit):
            field.setMinimumWidth(field.fontMetrics().averageCharWidth() * MIN_FIELD_CHARS + 16)
        self.reference_browse = QToolButton()
        self.reference_browse.setText("…")
        self.open_button = QPushButton(self.tr("Open folder…"))
        self.rerun_button = QPushButton(self.tr("Inspect again"))
        self.export_button = QPushButton(self.tr("Export…"))
        export_menu = QMenu(self.export_button)
        export_menu.addAction(self.tr("Export results…"), lambda: self.exportRequested.emit(False))
        export_menu.addAction(self.tr("Export results with anomaly maps (.npy)…"), lambda: self.exportRequested.emit(True))
        self.export_button.setMenu(export_menu)
        self.calibrate_button = QPushButton(self.tr("Calibrate…"))
        self.calibrate_button.setToolTip(self.tr("Choose thresholds from labelled good and defective images."))
        self.calibrate_button.setVisible(calibration_available)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Class name")))
        layout.addWidget(self.class_name_edit)
        layout.addSpacing(8)
        layout.addWidget(QLabel(self.tr("Reference folder")))
        layout.addWidget(self.reference_edit, 1)
        layout.addWidget(self.reference_browse)
        layout.addSpacing(8)
        layout.addWidget(self.open_button)
        layout.addWidget(self.rerun_button)
        layout.addWidget(self.export_button)
        layout.addWidget(self.calibrate_button)

        self.open_button.clicked.connect(self.openRequested)
        self.rerun_button.clicked.connect(self.rerunRequested)
        self.calibrate_button.clicked.connect(self.calibrateRequested)
        self.reference_browse.clicked.connect(self._browse_reference)

    def className(self) -> str:
        return self.class_name_edit.text().strip()

    def referenceFolder(self) -> str:
        return self.reference_edit.text().strip()

    def setBusy(self, busy: bool) -> None:
        """Disable the inputs and the run buttons while an inspection or export runs."""
        for widget in (self.open_button, self.rerun_button, self.export_button, self.class_name_edit, self.reference_edit):
            widget.setEnabled(not busy)

    def inspectorSpec(self, options, recipe=None, object_words: list[str] | None = None) -> dict:
        """Return the ``InspectorConfig`` keyword arguments for the entered class name and references.

        ``options`` supplies model_name, weights, precision and device (the command line).
        ``recipe`` adds its object words and reference images, and its model and weights where
        the command line names none. ``object_words``, when not None, replace the recipe's words
        (an empty list means the class name). A reference folder typed in the bar replaces the
        recipe's reference images. Raises ValueError with a message for the user when the class
        name is missing or the reference folder is missing or contains no images.
        """
        from winclip_desktop.engine.image_io import find_images

        class_name = self.className()
        if not class_name:
            raise ValueError(self.tr("Enter the class name of the inspected object (for example bottle) first."))
        spec: dict = {"class_name": class_name, "device": getattr(options, "device", None) or "auto"}
        for key in ("model_name", "weights", "precision"):
            value = getattr(options, key, None)
            if value:
                spec[key] = value
        if recipe is not None:
            spec.update(recipe_spec(recipe, spec))
        if object_words is not None:
            spec.pop("object_words", None)
            if object_words:
                spec["object_words"] = tuple(object_words)
        reference = self.referenceFolder()
        if reference:
            folder = Path(reference)
            if not folder.is_dir():
                raise ValueError(
                    self.tr("Reference folder not found: %1. Choose a folder of normal images or clear the field.").replace("%1", reference)
                )
            paths = find_images(folder)
            if not paths:
                raise ValueError(self.tr("The reference folder %1 contains no images.").replace("%1", reference))
            spec["reference_paths"] = tuple(str(path) for path in paths)
        return spec

    def _browse_reference(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Reference images (normal parts)"), self.referenceFolder())
        if chosen:
            self.reference_edit.setText(chosen)


def recipe_spec(recipe, spec: dict) -> dict:
    """Return the ``InspectorConfig`` arguments a recipe adds: object words, references, model and weights.

    Model and weights already in ``spec`` (from the command line) win over the recipe's.
    """
    extra: dict = {}
    if recipe.object_words:
        extra["object_words"] = tuple(recipe.object_words)
    if recipe.reference_paths:
        extra["reference_paths"] = tuple(str(path) for path in recipe.reference_paths)
    for key in ("model_name", "weights"):
        if key not in spec:
            extra[key] = getattr(recipe, key)
    return extra
