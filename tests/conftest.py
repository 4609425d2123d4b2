"""Shared test set-up: no display, and per-user folders kept out of the real home directory."""

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

_user_root = Path(tempfile.mkdtemp(prefix="winclip-desktop-tests-"))
for _name in ("DATA", "CACHE", "LOG", "CONFIG"):
    os.environ[f"WINCLIP_DESKTOP_{_name}_DIR"] = str(_user_root / _name.lower())

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
BOTTLE = DATASETS / "mvtec_ad" / "bottle"

TINY_INSPECTOR = {"class_name": "bottle", "model_name": "winclip-tiny", "weights": "random", "device": "cpu"}
"""InspectorConfig keyword arguments of the small random-weights model used by tests."""


@pytest.fixture(autouse=True)
def _qsettings_in_tmp(tmp_path_factory):
    """Point QSettings (INI and native formats, user and system scope) at a fresh temporary folder."""
    try:
        from PySide6.QtCore import QSettings
    except ImportError:
        yield
        return
    folder = str(tmp_path_factory.mktemp("qsettings"))
    for settings_format in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(settings_format, scope, folder)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    yield


@pytest.fixture(scope="session")
def bottle_root() -> Path:
    """The MVTec AD bottle category beside the repository (skips when the data set is missing)."""
    if not (BOTTLE / "test").is_dir():
        pytest.skip(f"MVTec AD bottle images not found at {BOTTLE}")
    return BOTTLE


@pytest.fixture(scope="session")
def small_bottle_folder(bottle_root, tmp_path_factory) -> Path:
    """Six real bottle test images (2 good, 2 broken_large, 2 contamination) scaled to 240x240 PNG.

    The layout under the returned folder is ``test/<type>/<name>.png``, so MVTec-style ground
    truth can be read from the paths. Treat the folder as read-only: it is shared by the session.
    """
    from PIL import Image

    folder = tmp_path_factory.mktemp("bottle_small")
    for defect_type in ("good", "broken_large", "contamination"):
        target = folder / "test" / defect_type
        target.mkdir(parents=True)
        for source in sorted((bottle_root / "test" / defect_type).glob("*.png"))[:2]:
            with Image.open(source) as image:
                image.convert("RGB").resize((240, 240), Image.Resampling.BILINEAR).save(target / source.name)
    return folder


@pytest.fixture(scope="session")
def tiny_inspector():
    """The real tiny WinCLIP inspector with random weights, loaded once per session (about 2 s).

    It is not thread-safe: use it from one thread at a time.
    """
    from winclip_desktop.engine.inspector import Inspector, InspectorConfig

    return Inspector.load(InspectorConfig(**TINY_INSPECTOR))

