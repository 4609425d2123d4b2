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
