"""Every GUI string has a finished Simplified Chinese translation, and the shipped .qm file loads."""

import importlib.util
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

ROOT = Path(__file__).resolve().parents[1]


def load_script():
    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "packaging" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_gui_string_translated(tmp_path):
    script = load_script()
    gui_modules = sorted(path for path in (ROOT / "winclip_desktop" / "gui").glob("*.py") if path.name != "__init__.py")
    lupdate = script.tool("pyside6-lupdate")
    missing = []
    for module in gui_modules:
        shipped = ROOT / "resources" / "i18n" / f"{module.stem}.zh_CN.ts"
        fresh = tmp_path / shipped.name
        if shipped.exists():
            fresh.write_bytes(shipped.read_bytes())
        subprocess.run([lupdate, str(module), "-no-obsolete", "-ts", str(fresh)], check=True, capture_output=True)
        missing += [f"{module.name}: {text!r}" for text in script.unfinished(fresh)]
    assert missing == [], "untranslated GUI strings; run packaging/update_translations.py and translate them"


def test_chinese_qm_translates():
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    translator = QTranslator()
    assert translator.load(str(ROOT / "resources" / "i18n" / "winclip_desktop_zh_CN.qm"))
    translated = [
        message for message in ("Cancel", "Open folder…", "Export…", "Inspect")
        if any(translator.translate(context, message) for context in ("MainWindow", "StationWidget", "InputBar", "ResultsPanel"))
    ]
    assert translated, "no known string is translated by the shipped .qm"
