"""Entry point of the desktop application: ``run_gui(options) -> exit code``."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from winclip_desktop.gui.window_settings import APPLICATION, ORGANISATION

logger = logging.getLogger(__name__)

SCREENSHOT_SETTLE_MS = 300  # lets the layout and the pyqtgraph views render before the grab
SCREENSHOT_DISPLAY_TIMEOUT_MS = 30_000
SCREENSHOT_LIVE_INSPECTIONS = 5  # live-station inspections to wait for before the grab
SCREENSHOT_LIVE_TIMEOUT_MS = 300_000


def ensure_application(argv: list[str] | None = None) -> QApplication:
    """Return the running QApplication, or create one named for QSettings."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    return app


def install_language(app: QApplication, language: str | None) -> str:
    """Install the translators for ``language`` (None: the system locale); return the language in use."""
    try:
        from winclip_desktop.gui.i18n import install_translators
    except ImportError as exc:
        logger.warning("Translations are not available (%s); the interface stays in English.", exc)
        return "en"
    return install_translators(app, language)


class ScreenshotTaker(QObject):
    """Inspects the window's folder, shows the first image with regions and saves a screenshot.

    ``finished(exit_code)`` fires once: 0 when the run completed and the PNG was written, else 1.
    The PNG is also written after a failed run, showing the window as it is.
    """

    finished = Signal(int)

    def __init__(self, window, path: str | Path):
        super().__init__(window)
        self.window = window
        self.path = Path(path)
        self._done = False
        self._run_ok = True
        self._target = None
        self._timeout = QTimer(self, singleShot=True, interval=SCREENSHOT_DISPLAY_TIMEOUT_MS)
        self._timeout.timeout.connect(self._grab)

    def start(self, folder: str | None, live: bool = False) -> None:
        station = getattr(self.window, "station", None)
        if not folder and live and station is not None:
            self._live_count = 0
            self._run_ok = False  # until enough live inspections arrive before the timeout
            station.inspected.connect(self._on_live_inspection)
            self._timeout.start(SCREENSHOT_LIVE_TIMEOUT_MS)
            return
        if folder:
            self.window.runFinished.connect(self._on_run_finished)
            if self.window.openFolder(folder):
                return
            logger.error("Screenshot: the inspection of %s did not start", folder)
            self._run_ok = False
        QTimer.singleShot(SCREENSHOT_SETTLE_MS, self._grab)

    def _on_run_finished(self, outcome: str) -> None:
        if outcome != "completed":
            logger.error("Screenshot: the inspection ended as %s", outcome)
            self._run_ok = False
        window = self.window
        model = window.model
        target = next((record.key for record in model.records() if record.error is None and record.regions), None)
        if target is None:
            logger.warning("Screenshot: no image has regions at the current thresholds; showing the first image")
            target = next((record.key for record in model.records()), None)
        if target is None:
            QTimer.singleShot(SCREENSHOT_SETTLE_MS, self._grab)
            return
        window.imageDisplayed.connect(self._on_displayed)
        self._target = target
        self._timeout.start()
        if window.displayedKey() == target:
            self._on_displayed(target)
        else:
            window.results.selectKey(target)

    def _on_live_inspection(self, record) -> None:
        self._live_count += 1
        if self._live_count == SCREENSHOT_LIVE_INSPECTIONS:
            self._run_ok = True
            QTimer.singleShot(SCREENSHOT_SETTLE_MS, self._grab)

    def _on_displayed(self, key: int) -> None:
        if key == self._target:
            QTimer.singleShot(SCREENSHOT_SETTLE_MS, self._grab)

    def _grab(self) -> None:
        if self._done:
            return
        self._done = True
        self._timeout.stop()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        ok = self.window.grab().save(str(self.path), "PNG")
        if ok:
            logger.info("Saved screenshot %s", self.path)
        else:
            logger.error("Could not write the screenshot %s; check that the folder is writable", self.path)
        self.finished.emit(0 if ok and self._run_ok else 1)


def run_gui(options) -> int:
    """Open the main window and run the event loop; return the process exit code.

    ``options`` has the attributes of the CLI's ``gui`` arguments: folder, class_name, reference,
    weights, device, model_name, screenshot, source, recipe and language (missing ones count as
    None). With ``screenshot`` the window inspects ``folder``, selects the first image with
    regions, saves the PNG and exits with 0, or with 1 when the run failed or the file could
    not be written.
    """
    app = ensure_application()
    install_language(app, getattr(options, "language", None))

    from winclip_desktop.gui.main_window import MainWindow

    window = MainWindow(options)
    window.show()
    exit_code = {"value": None}

    screenshot = getattr(options, "screenshot", None)
    if screenshot:
        taker = ScreenshotTaker(window, screenshot)

        def finish(code: int) -> None:
            exit_code["value"] = code
            window.close()

        taker.finished.connect(finish)
        live = bool(getattr(options, "source", None))
        QTimer.singleShot(0, lambda: taker.start(getattr(options, "folder", None), live=live))
    elif getattr(options, "folder", None):
        QTimer.singleShot(0, lambda: window.openFolder(options.folder))

    app.setQuitOnLastWindowClosed(True)
    code = app.exec()
    return exit_code["value"] if exit_code["value"] is not None else int(code)
