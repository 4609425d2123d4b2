"""Persistent window settings (QSettings): layout, last folders, thresholds and display options.

Settings are stored in an INI file for organisation and application "winclip-desktop" in the
user scope, for example ``~/.config/winclip-desktop/winclip-desktop.ini`` on Linux. Tests move
it with ``QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)``.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSettings

from winclip_desktop.engine.types import PostProcessSettings
from winclip_desktop.gui.controls import DisplayControls

logger = logging.getLogger(__name__)

ORGANISATION = "winclip-desktop"
APPLICATION = "winclip-desktop"


def open_settings() -> QSettings:
    """Return the application's QSettings (INI format, user scope)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


def read_str(settings: QSettings, key: str, default: str = "") -> str:
    value = settings.value(key, default)
    return default if value is None else str(value)


def read_float(settings: QSettings, key: str, default: float) -> float:
    try:
        return float(settings.value(key, default))
    except (TypeError, ValueError):
        logger.warning("Ignoring invalid setting %s=%r in %s", key, settings.value(key), settings.fileName())
        return default


def read_int(settings: QSettings, key: str, default: int) -> int:
    try:
        return int(settings.value(key, default))
    except (TypeError, ValueError):
        logger.warning("Ignoring invalid setting %s=%r in %s", key, settings.value(key), settings.fileName())
        return default


def read_bool(settings: QSettings, key: str, default: bool) -> bool:
    value = settings.value(key, default)
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return bool(value)


def save_thresholds(settings: QSettings, values: PostProcessSettings) -> None:
    settings.setValue("thresholds/image", values.image_threshold)
    settings.setValue("thresholds/pixel", values.pixel_threshold)
    settings.setValue("thresholds/kernel", values.kernel_size)
    settings.setValue("thresholds/minArea", values.min_area)


def load_thresholds(settings: QSettings, default: PostProcessSettings) -> PostProcessSettings:
    kernel = read_int(settings, "thresholds/kernel", default.kernel_size)
    return PostProcessSettings(
        image_threshold=read_float(settings, "thresholds/image", default.image_threshold),
        pixel_threshold=read_float(settings, "thresholds/pixel", default.pixel_threshold),
        kernel_size=kernel if kernel <= 1 or kernel % 2 == 1 else kernel + 1,
        min_area=max(0, read_int(settings, "thresholds/minArea", default.min_area)),
    )


def save_display(settings: QSettings, display: DisplayControls) -> None:
    settings.setValue("display/opacity", display.opacity.value())
    settings.setValue("display/colormap", display.colormap.currentText())
    settings.setValue("display/levelsMode", display.levelsMode())
    settings.setValue("display/halfWidth", display.half_width.value())
    settings.setValue("display/levelLow", display.level_low.value())
    settings.setValue("display/levelHigh", display.level_high.value())
    settings.setValue("display/contours", display.contours.isChecked())
    settings.setValue("display/sideBySide", display.side_by_side.isChecked())


def load_display(settings: QSettings, display: DisplayControls) -> None:
    display.opacity.setValue(read_int(settings, "display/opacity", display.opacity.value()))
    colormap = read_str(settings, "display/colormap", display.colormap.currentText())
    if display.colormap.findText(colormap) >= 0:
        display.colormap.setCurrentText(colormap)
    display.setLevelsMode(read_str(settings, "display/levelsMode", display.levelsMode()))
    display.half_width.setValue(read_float(settings, "display/halfWidth", display.half_width.value()))
    display.level_low.setValue(read_float(settings, "display/levelLow", display.level_low.value()))
    display.level_high.setValue(read_float(settings, "display/levelHigh", display.level_high.value()))
    display.contours.setChecked(read_bool(settings, "display/contours", True))
    display.side_by_side.setChecked(read_bool(settings, "display/sideBySide", True))
