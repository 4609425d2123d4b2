"""Running a GUI script in its own process until it saves a screenshot, for exit-path tests.

The GUI runs in its own process, because ``QApplication.exec()`` and ``quit()`` in the test process
break the event loops of later tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest


def run_until_screenshot(
    script: str, shot: Path, cwd: Path, extra_env: dict | None = None
) -> tuple[subprocess.CompletedProcess, float]:
    """Run ``script`` in a new Python process; return its result and its run time after ``shot`` appeared."""
    path = cwd / "run_gui_script.py"
    path.write_text(script, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(cwd / "config"), **(extra_env or {}))
    process = subprocess.Popen(
        [sys.executable, str(path)], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 150
    while not shot.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    shot_time = time.monotonic()
    try:
        stdout, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        pytest.fail(f"the process did not exit within 60 s of the screenshot; stderr: {stderr[-3000:]}")
    elapsed = time.monotonic() - shot_time
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr), elapsed
