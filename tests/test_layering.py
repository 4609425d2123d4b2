"""The engine, sources, storage and headless commands work without Qt."""

import subprocess
import sys

HEADLESS_CODE = """
import pkgutil, importlib, sys
import winclip_desktop
for package in ("engine", "sources", "storage", "commands"):
    module = importlib.import_module(f"winclip_desktop.{package}")
    for info in pkgutil.iter_modules(module.__path__):
        importlib.import_module(f"winclip_desktop.{package}.{info.name}")
importlib.import_module("winclip_desktop.cli").build_parser()
print(sorted(name for name in sys.modules if name.startswith(("PySide6", "pyqtgraph", "shiboken6"))))
"""


def test_headless_modules_import_no_qt():
    output = subprocess.run([sys.executable, "-c", HEADLESS_CODE], capture_output=True, text=True, timeout=120)
    assert output.returncode == 0, output.stderr[-2000:]
    assert output.stdout.strip() == "[]"


GUI_THREAD_CODE = """
import sys
import winclip_desktop.engine.config
import winclip_desktop.gui.calibration_dialog
import winclip_desktop.gui.integrations
import winclip_desktop.gui.main_window
import winclip_desktop.gui.station
print(sorted(name for name in ("torch", "open_clip") if name in sys.modules))
"""


def test_gui_modules_import_no_torch():
    """The window and the dialogs it opens import no torch: loading it takes seconds, so only workers do."""
    env_code = "import os; os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')\n" + GUI_THREAD_CODE
    output = subprocess.run([sys.executable, "-c", env_code], capture_output=True, text=True, timeout=120)
    assert output.returncode == 0, output.stderr[-2000:]
    assert output.stdout.strip().splitlines()[-1] == "[]"
