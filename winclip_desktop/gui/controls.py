"""Control panels of the review window: thresholds and morphology, display options, operator override."""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from winclip_desktop.engine.types import NG, OK, PostProcessSettings
from winclip_desktop.gui.image_view import DEFAULT_COLORMAP, available_colormaps

logger = logging.getLogger(__name__)

SLIDER_STEPS = 1000  # a threshold slider moves in steps of 1/1000 over [0, 1]

LEVELS_FIXED = "fixed"  # the colour scale is [0, 1]
LEVELS_AROUND_THRESHOLD = "threshold"  # [pixel threshold - half width, pixel threshold + half width]
LEVELS_MANUAL = "manual"  # low and high set by the user


class ThresholdSlider(QWidget):
    """A slider over [0, 1] paired with a spin box; ``valueChanged(float)`` fires once per change."""

    valueChanged = Signal(float)

    def __init__(self, value: float = 0.5, parent: QWidget | None = None):
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.spin = QDoubleSpinBox()
        self.spin.setRange(0.0, 1.0)
        self.spin.setDecimals(5)
        self.spin.setSingleStep(0.005)
        self.spin.setKeyboardTracking(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        self.setValue(value)
        self.slider.valueChanged.connect(self._on_slider)
        self.spin.valueChanged.connect(self._on_spin)

    def value(self) -> float:
        return float(self.spin.value())

    def setValue(self, value: float) -> None:
        """Set the value without emitting ``valueChanged``."""
        self.spin.blockSignals(True)
        self.slider.blockSignals(True)
        self.spin.setValue(value)
        self.slider.setValue(round(self.spin.value() * SLIDER_STEPS))
        self.slider.blockSignals(False)
        self.spin.blockSignals(False)

    def _on_slider(self, position: int) -> None:
        self.spin.blockSignals(True)
        self.spin.setValue(position / SLIDER_STEPS)
        self.spin.blockSignals(False)
        self.valueChanged.emit(self.value())

    def _on_spin(self, value: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(value * SLIDER_STEPS))
        self.slider.blockSignals(False)
        self.valueChanged.emit(self.value())


class ThresholdControls(QWidget):
    """Image and pixel thresholds, morphology kernel and minimum region area.

    ``settingsChanged(PostProcessSettings)`` fires on every user change; ``setSettings`` and
    ``setImageThreshold`` update the controls without emitting it unless asked to.
    """

    settingsChanged = Signal(object)

    def __init__(self, settings: PostProcessSettings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        settings = settings or PostProcessSettings()
        self.image_threshold = ThresholdSlider(settings.image_threshold)
        self.image_threshold.setToolTip(self.tr("An image is NG when its score is at or above this value."))
        self.pixel_threshold = ThresholdSlider(settings.pixel_threshold)
        self.pixel_threshold.setToolTip(self.tr("A pixel is defective when its score is above this value."))
        self.kernel_size = QSpinBox()
        self.kernel_size.setRange(1, 51)
        self.kernel_size.setSingleStep(2)
        self.kernel_size.setKeyboardTracking(False)
        self.kernel_size.setSuffix(self.tr(" px"))
        self.kernel_size.setToolTip(self.tr("Diameter of the closing and opening applied to the mask; 1 turns morphology off."))
        self.min_area = QSpinBox()
        self.min_area.setRange(0, 100_000_000)
        self.min_area.setSingleStep(16)
        self.min_area.setKeyboardTracking(False)
        self.min_area.setSuffix(self.tr(" px"))
        self.min_area.setToolTip(self.tr("Regions smaller than this many pixels are dropped."))
        self._set_morphology(settings)

        form = QFormLayout(self)
        form.addRow(self.tr("Image threshold"), self.image_threshold)
        form.addRow(self.tr("Pixel threshold"), self.pixel_threshold)
        form.addRow(self.tr("Morphology kernel"), self.kernel_size)
        form.addRow(self.tr("Minimum area"), self.min_area)

        self.image_threshold.valueChanged.connect(self._emit)
        self.pixel_threshold.valueChanged.connect(self._emit)
        self.kernel_size.valueChanged.connect(self._on_kernel)
        self.min_area.valueChanged.connect(self._emit)

    def settings(self) -> PostProcessSettings:
        return PostProcessSettings(
            image_threshold=self.image_threshold.value(),
            pixel_threshold=self.pixel_threshold.value(),
            kernel_size=int(self.kernel_size.value()),
            min_area=int(self.min_area.value()),
        )

    def setSettings(self, settings: PostProcessSettings, emit: bool = False) -> None:
        self.image_threshold.setValue(settings.image_threshold)
        self.pixel_threshold.setValue(settings.pixel_threshold)
        self._set_morphology(settings)
        if emit:
            self._emit()

    def setImageThreshold(self, value: float, emit: bool = True) -> None:
        """Move the image threshold (from the histogram line or a calibration)."""
        if not math.isfinite(value):
            return
        self.image_threshold.setValue(value)
        if emit:
            self._emit()

    def setPixelThreshold(self, value: float, emit: bool = True) -> None:
        if not math.isfinite(value):
            return
        self.pixel_threshold.setValue(value)
        if emit:
            self._emit()

    def _set_morphology(self, settings: PostProcessSettings) -> None:
        self.kernel_size.blockSignals(True)
        self.min_area.blockSignals(True)
        self.kernel_size.setValue(_odd_kernel(settings.kernel_size))
        self.min_area.setValue(settings.min_area)
        self.kernel_size.blockSignals(False)
        self.min_area.blockSignals(False)

    def _on_kernel(self, value: int) -> None:
        # postprocess accepts only 0, 1 or odd kernels; typing an even number rounds it up.
        odd = _odd_kernel(value)
        if odd != value:
            self.kernel_size.setValue(odd)
            return
        self._emit()

    def _emit(self, *_args) -> None:
        self.settingsChanged.emit(self.settings())


def _odd_kernel(value: int) -> int:
    value = max(1, int(value))
    return value if value % 2 == 1 else value + 1


class DisplayControls(QWidget):
    """Heatmap opacity, colour map, colour scale levels, contours and side-by-side view.

    ``displayChanged()`` fires on every change; read the values through the getters.
    """

    displayChanged = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setValue(50)
        self.colormap = QComboBox()
        self.colormap.addItems(available_colormaps())
        self.colormap.setCurrentText(DEFAULT_COLORMAP)
        self.levels_mode = QComboBox()
        self.levels_mode.addItem(self.tr("Fixed 0 to 1"), LEVELS_FIXED)
        self.levels_mode.addItem(self.tr("Pixel threshold ± width"), LEVELS_AROUND_THRESHOLD)
        self.levels_mode.addItem(self.tr("Manual"), LEVELS_MANUAL)
        self.levels_mode.setCurrentIndex(1)
        self.half_width = QDoubleSpinBox()
        self.half_width.setRange(0.001, 1.0)
        self.half_width.setDecimals(3)
        self.half_width.setSingleStep(0.01)
        self.half_width.setValue(0.1)
        self.level_low = QDoubleSpinBox()
        self.level_high = QDoubleSpinBox()
        for spin, value in ((self.level_low, 0.0), (self.level_high, 1.0)):
            spin.setRange(-1000.0, 1000.0)
            spin.setDecimals(3)
            spin.setSingleStep(0.01)
            spin.setValue(value)
        self.contours = QCheckBox(self.tr("Region outlines"))
        self.contours.setChecked(True)
        self.side_by_side = QCheckBox(self.tr("Original side by side"))
        self.side_by_side.setChecked(True)

        manual = QHBoxLayout()
        manual.addWidget(self.level_low)
        manual.addWidget(QLabel(self.tr("to")))
        manual.addWidget(self.level_high)
        form = QFormLayout(self)
        form.addRow(self.tr("Heatmap opacity"), self.opacity)
        form.addRow(self.tr("Colour map"), self.colormap)
        form.addRow(self.tr("Colour scale"), self.levels_mode)
        form.addRow(self.tr("Half width"), self.half_width)
        form.addRow(self.tr("Manual scale"), manual)
        form.addRow(self.contours)
        form.addRow(self.side_by_side)

        self.opacity.valueChanged.connect(self.displayChanged)
        self.colormap.currentTextChanged.connect(self.displayChanged)
        self.levels_mode.currentIndexChanged.connect(self._on_mode)
        self.half_width.valueChanged.connect(self.displayChanged)
        self.level_low.valueChanged.connect(self.displayChanged)
        self.level_high.valueChanged.connect(self.displayChanged)
        self.contours.toggled.connect(self.displayChanged)
        self.side_by_side.toggled.connect(self.displayChanged)
        self._on_mode()

    def _on_mode(self, *_args) -> None:
        mode = self.levelsMode()
        self.half_width.setEnabled(mode == LEVELS_AROUND_THRESHOLD)
        self.level_low.setEnabled(mode == LEVELS_MANUAL)
        self.level_high.setEnabled(mode == LEVELS_MANUAL)
        self.displayChanged.emit()

    def levelsMode(self) -> str:
        return self.levels_mode.currentData()

    def setLevelsMode(self, mode: str) -> None:
        index = self.levels_mode.findData(mode)
        if index >= 0:
            self.levels_mode.setCurrentIndex(index)

    def levelsFor(self, pixel_threshold: float) -> tuple[float, float]:
        """Return the colour scale (low, high) for the current mode; always finite with high > low.

        An invalid manual scale (high <= low) falls back to [0, 1].
        """
        mode = self.levelsMode()
        if mode == LEVELS_AROUND_THRESHOLD:
            width = self.half_width.value()
            return pixel_threshold - width, pixel_threshold + width
        if mode == LEVELS_MANUAL:
            low, high = self.level_low.value(), self.level_high.value()
            if high > low:
                return low, high
        return 0.0, 1.0

    def opacityValue(self) -> float:
        return self.opacity.value() / 100.0


class OverridePanel(QWidget):
    """The operator's verdict for the selected image: Mark OK, Mark NG or Clear, with a comment.

    ``overrideRequested(verdict, comment)`` carries "OK", "NG" or "" (clear).
    """

    overrideRequested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = QLabel(self.tr("No image selected"))
        self.summary.setWordWrap(True)
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(self.tr("Optional comment"))
        self.mark_ok = QPushButton(self.tr("Mark OK"))
        self.mark_ng = QPushButton(self.tr("Mark NG"))
        self.clear = QPushButton(self.tr("Clear override"))
        self.mark_ok.setToolTip(self.tr("Record that this image is good, whatever the model says."))
        self.mark_ng.setToolTip(self.tr("Record that this image is defective, whatever the model says."))

        buttons = QHBoxLayout()
        buttons.addWidget(self.mark_ok)
        buttons.addWidget(self.mark_ng)
        buttons.addWidget(self.clear)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.comment)
        layout.addLayout(buttons)
        layout.addStretch(1)

        self.mark_ok.clicked.connect(lambda: self.overrideRequested.emit(OK, self.comment.text().strip()))
        self.mark_ng.clicked.connect(lambda: self.overrideRequested.emit(NG, self.comment.text().strip()))
        self.clear.clicked.connect(lambda: self.overrideRequested.emit("", ""))
        self.setRecord(None)

    def setRecord(self, record) -> None:
        """Show the selected ``ResultRecord`` (or None) and enable the buttons for inspected images."""
        usable = record is not None and record.error is None
        for widget in (self.mark_ok, self.mark_ng, self.clear, self.comment):
            widget.setEnabled(usable)
        if record is None:
            self.summary.setText(self.tr("No image selected"))
            self.comment.clear()
            return
        if record.error is not None:
            self.summary.setText(self.tr("%1 was not inspected:\n%2").replace("%1", record.name).replace("%2", record.error))
            self.comment.clear()
            return
        override = record.override or self.tr("none")
        self.summary.setText(
            self.tr("%1\nModel verdict: %2 (score %3)\nOverride: %4")
            .replace("%1", record.name)
            .replace("%2", record.verdict or "")
            .replace("%3", f"{record.image_score:.4f}")
            .replace("%4", override)
        )
        self.comment.setText(record.comment)
