"""Closing the window in the middle of a 500-image run ends the process cleanly and quickly."""

import os
import subprocess
import sys
import time

import numpy as np
from PIL import Image

IMAGE_COUNT = 500

SCRIPT = r"""
import sys, time
from types import SimpleNamespace
from PySide6.QtCore import QTimer
from winclip_desktop.gui.app import ensure_application
from winclip_desktop.gui.main_window import MainWindow

app = ensure_application()
options = SimpleNamespace(folder=None, class_name="bottle", weights="random", model_name="winclip-tiny", device="cpu",
                          reference=None, screenshot=None, source=None, recipe=None, language="en")
window = MainWindow(options)
window.show()
window.openFolder(sys.argv[1])

def close_when_busy():
    if window.model.rowCount() >= 20:
        print(f"closing after {window.model.rowCount()} results at {time.time():.3f}", flush=True)
        window.close()
    else:
        QTimer.singleShot(50, close_when_busy)

QTimer.singleShot(50, close_when_busy)
app.exec()
"""


def test_close_during_500_image_run(tmp_path):
    folder = tmp_path / "images"
    folder.mkdir()
    rng = np.random.default_rng(0)
    for index in range(IMAGE_COUNT):
        Image.fromarray(rng.integers(0, 255, (48, 48, 3), dtype=np.uint8)).save(folder / f"{index:03d}.png")

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(folder)], env=env, capture_output=True, text=True, timeout=300
    )
    ended = time.time()

    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "closing after" in completed.stdout
    closed_at = float(completed.stdout.split(" at ")[-1])
    assert ended - closed_at < 3.0
    assert "Destroyed while thread" not in completed.stderr
    assert "Traceback" not in completed.stderr
