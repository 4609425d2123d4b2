"""Refresh the Qt translation sources of the GUI and compile them into one .qm file per language.

Each module under winclip_desktop/gui has its own ``resources/i18n/<module>.<language>.ts``, so that
people working on different windows do not edit one file. pyside6-lupdate keeps the translations
already in a .ts file; pyside6-lrelease merges all .ts files of a language into
``resources/i18n/winclip_desktop_<language>.qm``, which the application loads.

Usage: python packaging/update_translations.py [--check]
  --check  only report strings without a finished translation; exit 1 when there are any.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUI = ROOT / "winclip_desktop" / "gui"
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 in this environment.")
    return found


def unfinished(ts_file: Path) -> list[str]:
    """Return the source texts of ``ts_file`` whose translation is empty or marked unfinished."""
    missing = []
    for message in ElementTree.parse(ts_file).getroot().iter("message"):
        translation = message.find("translation")
        kind = translation.get("type") if translation is not None else "unfinished"
        if kind == "vanished" or kind == "obsolete":
            continue
        if translation is None or kind == "unfinished" or not (translation.text or "").strip():
            missing.append(message.findtext("source") or "")
    return missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report untranslated strings, change nothing")
    args = parser.parse_args()

    modules = sorted(path for path in GUI.glob("*.py") if path.name != "__init__.py")
    status = 0
    for language in LANGUAGES:
        ts_files = []
        for module in modules:
            ts_file = I18N / f"{module.stem}.{language}.ts"
            if not args.check:
                subprocess.run(
                    [tool("pyside6-lupdate"), str(module), "-no-obsolete", "-ts", str(ts_file)],
                    check=True, capture_output=True,
                )
            if ts_file.exists() and ElementTree.parse(ts_file).getroot().find("context") is not None:
                ts_files.append(ts_file)
            elif ts_file.exists() and not args.check:
                ts_file.unlink()  # the module has no user-facing strings
        for ts_file in ts_files:
            for text in unfinished(ts_file):
                status = 1
                print(f"{ts_file.relative_to(ROOT)}: untranslated: {text!r}")
        if not args.check and ts_files:
            qm_file = I18N / f"winclip_desktop_{language}.qm"
            subprocess.run([tool("pyside6-lrelease"), *map(str, ts_files), "-qm", str(qm_file)], check=True, capture_output=True)
            print(f"wrote {qm_file.relative_to(ROOT)} from {len(ts_files)} files")
    return status if args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
