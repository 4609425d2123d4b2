"""Loading the shipped Qt translations (Simplified Chinese; English is the source language)."""

from __future__ import annotations

import logging
from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

logger = logging.getLogger(__name__)

SUPPORTED = ("zh_CN", "en")


def choose_language(language: str | None) -> str:
    """Return ``language`` when given, else ``zh_CN`` for a Chinese system locale and ``en`` otherwise."""
    if language:
        if language not in SUPPORTED:
            raise ValueError(f"Unsupported language {language!r}: use one of {', '.join(SUPPORTED)}.")
        return language
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def install_translators(app: QCoreApplication, language: str | None = None) -> str:
    """Install the application's and Qt's own translators for ``language``; return the language used."""
    chosen = choose_language(language)
    app._translators = []  # keep references: a collected QTranslator stops translating
    if chosen == "en":
        return chosen

    qm_file = resources.files("winclip_desktop.resources") / "i18n" / f"winclip_desktop_{chosen}.qm"
    translator = QTranslator(app)
    if translator.load(str(qm_file)):
        app.installTranslator(translator)
        app._translators.append(translator)
    else:
        logger.warning("Translation file %s could not be loaded; the interface stays in English.", qm_file)

    qt_translator = QTranslator(app)
    if qt_translator.load(QLocale(chosen), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_translator)
        app._translators.append(qt_translator)
    return chosen
