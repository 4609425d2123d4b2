"""Shared test set-up: no display, and per-user folders kept out of the real home directory."""

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

_user_root = Path(tempfile.mkdtemp(prefix="winclip-desktop-tests-"))
for _name in ("DATA", "CACHE", "LOG"):
    os.environ[f"WINCLIP_DESKTOP_{_name}_DIR"] = str(_user_root / _name.lower())

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
BOTTLE = DATASETS / "mvtec_ad" / "bottle"


@pytest.fixture(scope="session")
def bottle_root() -> Path:
    """The MVTec AD bottle category beside the repository (skips when the data set is missing)."""
    if not (BOTTLE / "test").is_dir():
        pytest.skip(f"MVTec AD bottle images not found at {BOTTLE}")
    return BOTTLE
