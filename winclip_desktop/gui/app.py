"""Entry point of the desktop application: ``run_gui(options) -> exit code``."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from winclip_desktop.gui.window_settings import APPLICATION, ORGANISATION

logger = logging.getLogger(__name__)

SCREENSHOT_SETTLE_MS = 300  # lets the layout and the pyqtgraph views render before the grab
SCREENSHOT_DISPLAY_TIMEOUT_MS = 30_000
SCREENSHOT_LIVE_INSPECTIONS = 5  # live-station inspections to wait for before the grab
SCREENSHOT_LIVE_TIMEOUT_MS = 300_000
EXIT_GRACE_MS = 500  # extra wait at exit for worker threads that did not stop when their window closed


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
        self._timeout.timeout.connect(self._on_timeout)
        self._live = False

    def start(self, folder: str | None, live: bool = False) -> None:
        station = getattr(self.window, "station", None)
        if not folder and live and station is not None:
            self._live_count = 0
            self._run_ok = False  # until enough live inspections arrive before the timeout
            if station.source is None:
                logger.error("Screenshot: the live source did not open, so the window is saved as it is")
                QTimer.singleShot(SCREENSHOT_SETTLE_MS, self._grab)
                return
            self._live = True
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
            QTimer.singleShot(SCREENSHOT_SETTLE_MS, self._grab)
            return
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

    def _on_timeout(self) -> None:
        if self._live:
            logger.error(
                "Screenshot: only %d of %d live inspections within %d s; check the source and the model messages above",
                self._live_count, SCREENSHOT_LIVE_INSPECTIONS, SCREENSHOT_LIVE_TIMEOUT_MS // 1000,
            )
        else:
            logger.error("Screenshot: timed out after %d s waiting for the selected image", SCREENSHOT_DISPLAY_TIMEOUT_MS // 1000)
        self._grab()

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


def exit_now_if_busy(code: int, busy: Sequence[str], flush: Callable[[], None] | None = None) -> None:
    """End the process with ``code`` at once when ``busy`` lists worker threads that still run.

    ``busy`` contains one description per running thread, such as "station worker thread is still
    inspecting frame 12 of camera 0". A model call cannot be interrupted, and Qt aborts the
    process (status 134, "QThread: Destroyed while thread is still running") when Python destroys
    a running QThread at interpreter exit. So this calls ``flush`` (for example closing the
    inspection log), closes the logging handlers, flushes stdout and stderr, and leaves with
    ``os._exit(code)``, which skips ``atexit`` hooks and object destruction. Returns only when
    ``busy`` is empty.
    """
    if not busy:
        return
    logger.info("Exiting with status %d without waiting, because the %s", code, "; the ".join(busy))
    if flush is not None:
        try:
            flush()
        except Exception:  # noqa: BLE001 - the process ends next; every failure is logged first
            logger.exception("Flushing before exit failed")
    from winclip_desktop.app_logging import shutdown_logging

    shutdown_logging()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass  # a closed or broken stream: nothing more can be written
    os._exit(code)


def _running_worker_activities(window) -> list[str]:
    """Shut ``window`` down when closing did not, and list its worker threads that still run."""
    busy = []
    if not window.shutdown():
        busy.append("folder inspection thread is still inside a model call")
    try:
        from winclip_desktop.gui.station import running_worker_activities
    except ImportError:
        return busy  # without the station module no station thread exists
    return busy + running_worker_activities(EXIT_GRACE_MS)


def run_gui(options) -> int:
    """Open the main window and run the event loop; return the process exit code.

    ``options`` has the attributes of the CLI's ``gui`` arguments: folder, class_name, reference,
    weights, device, model_name, screenshot, source, recipe and language (missing ones count as
    None). With ``screenshot`` the window inspects ``folder``, selects the first image with
    regions, saves the PNG and exits with 0, or with 1 when the run failed or the file could
    not be written.

    When a worker thread is still inside a model call after the window closed, the process ends
    at once through :func:`exit_now_if_busy` with the same exit code, and this function does not
    return.
    """
    app = ensure_application()
    install_language(app, getattr(options, "language", None))

    from winclip_desktop.gui import integrations
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
    code = exit_code["value"] if exit_code["value"] is not None else int(code)
    busy = _running_worker_activities(window)
    exit_now_if_busy(code, busy, flush=lambda: integrations.close_inspection_log(window))
    return code
