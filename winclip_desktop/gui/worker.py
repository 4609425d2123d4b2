"""Worker QObjects for the folder review: inspection runs and result export, off the GUI thread.

Both workers live in one long-lived QThread owned by ``WorkerHost``, so jobs run one at a time
and the loaded Inspector is reused between runs with the same configuration. Cancellation is a
``threading.Event`` checked between images and at each stage message of ``Inspector.load``.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal, Slot

from winclip_desktop.engine.types import InspectionResult, PostProcessSettings

logger = logging.getLogger(__name__)

OUTCOME_COMPLETED = "completed"
OUTCOME_CANCELLED = "cancelled"
OUTCOME_FAILED = "failed"

InspectorLoader = Callable[[dict, Callable[[str], None]], Any]


class RunCancelled(Exception):
    """Raised inside a job when the cancel event is set."""


def is_user_error(exc: BaseException) -> bool:
    """Return True for an expected error whose message is written for the user.

    These are ValueError and OSError with their subclasses (bad input, missing or unreadable
    files, such as ImageReadError) and the project's own RuntimeError subclasses (WeightsError,
    SourceError). Any other exception, a plain RuntimeError from torch included, is unexpected.
    """
    if isinstance(exc, (ValueError, OSError)):
        return True
    return isinstance(exc, RuntimeError) and type(exc).__module__.startswith("winclip_desktop.")


def log_failure(message: str, exc: BaseException, *args) -> None:
    """Log a failed job: one ERROR line for a user error, the traceback for anything else.

    ``message`` is a %-format for ``args``; the exception text is appended after a colon.
    """
    if is_user_error(exc):
        logger.error(message + ": %s", *args, exc)
        logger.debug("Traceback of the error above", exc_info=exc)
    else:
        logger.error(message, *args, exc_info=exc)


def failure_message(exc: BaseException) -> str:
    """Return the text to show for a failed job: the message of a user error, else type and message."""
    text = str(exc)
    if is_user_error(exc) and text:
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def default_inspector_loader(spec: dict, progress: Callable[[str], None]):
    """Load an Inspector from ``InspectorConfig`` keyword arguments.

    torch is imported here, in the worker thread, so the window appears without waiting for it.
    """
    from winclip_desktop.engine.inspector import Inspector, InspectorConfig

    return Inspector.load(InspectorConfig(**spec), progress=progress)


def default_image_reader(path: Path) -> np.ndarray:
    from winclip_desktop.engine.image_io import read_image

    return read_image(path)


@dataclass(frozen=True)
class RunRequest:
    """A folder to inspect: ``spec`` contains the ``InspectorConfig`` keyword arguments, and ``exclude`` folders are skipped."""

    spec: dict
    root: Path
    settings: PostProcessSettings
    exclude: tuple[Path, ...] = ()


@dataclass
class InspectedImage:
    """One image's result as emitted by the worker.

    ``name`` is the path relative to the run's root in posix form; ``content_hash`` is the hex
    SHA-256 of the file's bytes.
    """

    name: str
    path: Path
    result: InspectionResult
    content_hash: str = ""


@dataclass(frozen=True)
class ExportItem:
    """One results-table row to export. ``key`` finds its map (and live frame) in the stores."""

    key: int
    name: str
    path: Path | None
    image_score: float | None
    error: str | None
    override: str | None
    comment: str
    identity: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ExportRequest:
    """Export of the listed rows into ``out_dir`` with the CLI scan's file layout."""

    out_dir: Path
    input_root: Path
    settings: PostProcessSettings
    items: tuple[ExportItem, ...]
    save_maps: bool = False
    meta: dict = field(default_factory=dict)


class InspectionWorker(QObject):
    """Loads the Inspector and inspects every image under a folder; lives in the worker thread."""

    statusChanged = Signal(str)
    progressChanged = Signal(int, int)  # images done, images total
    inspectorReady = Signal(object, bool)  # identity dict, is_random
    imageInspected = Signal(object)  # InspectedImage
    imageFailed = Signal(str, str, str)  # name, path, message
    runFinished = Signal(str, str)  # outcome, message

    def __init__(
        self,
        cancel_event: threading.Event,
        loader: InspectorLoader = default_inspector_loader,
        reader: Callable[[Path], np.ndarray] = default_image_reader,
    ):
        super().__init__()
        self._cancel = cancel_event
        self._loader = loader
        self._reader = reader
        self._spec: dict | None = None
        self.inspector = None  # the loaded Inspector; only used from the worker thread

    def _check_cancel(self) -> None:
        if self._cancel.is_set():
            raise RunCancelled()

    def _report_stage(self, message: str) -> None:
        # Inspector.load calls this between its stages, which makes loading cancellable there.
        self._check_cancel()
        self.statusChanged.emit(message)

    def _ensure_inspector(self, spec: dict) -> None:
        if self.inspector is not None and self._spec == spec:
            return
        self.inspector = None
        self._spec = None
        inspector = self._loader(dict(spec), self._report_stage)
        self.inspector = inspector
        self._spec = dict(spec)

    @Slot(object)
    def run(self, request: RunRequest) -> None:
        """Inspect every image under ``request.root``; errors per file become ``imageFailed``."""
        from winclip_desktop.engine.image_io import find_images

        started = time.monotonic()
        try:
            self._check_cancel()
            self.statusChanged.emit("finding images")
            paths = find_images(request.root, exclude=request.exclude)
            self._ensure_inspector(request.spec)
            # Also emitted for a cached inspector, so the window always shows the identity in use.
            self.inspectorReady.emit(dict(self.inspector.identity), bool(getattr(self.inspector, "is_random", False)))
            total = len(paths)
            self.progressChanged.emit(0, total)
            self.statusChanged.emit("inspecting")
            for done, path in enumerate(paths, start=1):
                self._check_cancel()
                self._inspect_one(request, path)
                self.progressChanged.emit(done, total)
        except RunCancelled:
            logger.info("Inspection of %s cancelled", request.root)
            self.runFinished.emit(OUTCOME_CANCELLED, "")
            return
        except Exception as exc:  # noqa: BLE001 - any failure must end the run with a message, not kill the thread
            log_failure("Inspection of %s failed", exc, request.root)
            self.runFinished.emit(OUTCOME_FAILED, failure_message(exc))
            return
        logger.info("Inspected %d images under %s in %.1f s", total, request.root, time.monotonic() - started)
        self.runFinished.emit(OUTCOME_COMPLETED, "")

    def _inspect_one(self, request: RunRequest, path: Path) -> None:
        name = relative_name(path, request.root)
        try:
            image = self._reader(path)
        except (ValueError, OSError) as exc:
            logger.warning("Skipping %s: %s", path, exc)
            self.imageFailed.emit(name, str(path), str(exc))
            return
        try:
            result = self.inspector.inspect(image, request.settings)
        except (ValueError, RuntimeError) as exc:
            logger.error("Inspection failed for %s: %s", path, exc)
            self.imageFailed.emit(name, str(path), f"Inspection failed for {path}: {exc}")
            return
        except Exception as exc:  # noqa: BLE001 - an unexpected fault on one image must not end the run
            logger.exception("Inspection failed for %s", path)
            self.imageFailed.emit(name, str(path), f"Inspection failed for {path}: {type(exc).__name__}: {exc}")
            return
        self.imageInspected.emit(InspectedImage(name=name, path=path, result=result, content_hash=file_sha256(path)))


def file_sha256(path: Path) -> str:
    """Return the hex SHA-256 of the file's bytes, or "" when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as file:
            for chunk in iter(lambda: file.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        logger.warning("Cannot hash %s: %s", path, exc)
        return ""
    return digest.hexdigest()


def relative_name(path: Path, root: Path) -> str:
    """Return ``path`` relative to ``root`` in posix form, or the file name when it is outside."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


class ExportWorker(QObject):
    """Writes annotated images, masks, maps and the summaries through ``ResultExporter``."""

    progressChanged = Signal(int, int)
    exportFinished = Signal(str, str)  # outcome, message (the output folder on success)

    def __init__(
        self,
        cancel_event: threading.Event,
        load_map: Callable[[int], np.ndarray],
        load_frame: Callable[[int], np.ndarray],
        reader: Callable[[Path], np.ndarray] = default_image_reader,
    ):
        super().__init__()
        self._cancel = cancel_event
        self._load_map = load_map
        self._load_frame = load_frame
        self._reader = reader

    @Slot(object)
    def export(self, request: ExportRequest) -> None:
        from winclip_desktop.engine.postprocess import postprocess
        from winclip_desktop.storage.export import ResultExporter

        total = len(request.items)
        try:
            exporter = ResultExporter(request.out_dir, request.input_root, save_maps=request.save_maps)
            self.progressChanged.emit(0, total)
            for done, item in enumerate(request.items, start=1):
                if self._cancel.is_set():
                    raise RunCancelled()
                if item.error is not None:
                    exporter.add_error(item.name, item.error)
                else:
                    image = self._image(item)
                    result = postprocess(self._load_map(item.key), float(item.image_score), request.settings)
                    exporter.add(item.name, image, result, item.identity, override=item.override, comment=item.comment)
                self.progressChanged.emit(done, total)
            exporter.finish(request.meta)
        except RunCancelled:
            logger.info("Export to %s cancelled", request.out_dir)
            self.exportFinished.emit(OUTCOME_CANCELLED, str(request.out_dir))
            return
        except Exception as exc:  # noqa: BLE001 - report every failure (disk full, read-only folder) in the window
            log_failure("Export to %s failed", exc, request.out_dir)
            self.exportFinished.emit(OUTCOME_FAILED, failure_message(exc))
            return
        logger.info("Exported %d results to %s", total, request.out_dir)
        self.exportFinished.emit(OUTCOME_COMPLETED, str(request.out_dir))

    def _image(self, item: ExportItem) -> np.ndarray:
        try:
            return self._load_frame(item.key)
        except KeyError:
            if item.path is None:
                raise
            return self._reader(item.path)


class WorkerHost(QObject):
    """Owns the worker thread and both workers; start jobs and shut down from the GUI thread.

    The thread's event loop runs one job at a time. ``shutdown`` sets the cancel event, quits
    the loop and waits, so the QThread is never destroyed while running.
    """

    _runRequested = Signal(object)
    _exportRequested = Signal(object)

    def __init__(
        self,
        load_map: Callable[[int], np.ndarray],
        load_frame: Callable[[int], np.ndarray],
        loader: InspectorLoader = default_inspector_loader,
        reader: Callable[[Path], np.ndarray] = default_image_reader,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.cancel_event = threading.Event()
        self._busy = False
        self.thread = QThread()
        self.thread.setObjectName("inspection")
        self.inspection = InspectionWorker(self.cancel_event, loader, reader)
        self.exporter = ExportWorker(self.cancel_event, load_map, load_frame, reader)
        self.inspection.moveToThread(self.thread)
        self.exporter.moveToThread(self.thread)
        self._runRequested.connect(self.inspection.run)
        self._exportRequested.connect(self.exporter.export)
        self.inspection.runFinished.connect(self._on_job_finished)
        self.exporter.exportFinished.connect(self._on_job_finished)
        self.thread.start()

    @property
    def busy(self) -> bool:
        """True from a start until the job's finished signal reached the GUI thread."""
        return self._busy

    def startRun(self, request: RunRequest) -> None:
        if self._busy:
            raise RuntimeError("An inspection or export is still running; cancel it first.")
        self.cancel_event.clear()
        self._busy = True
        self._runRequested.emit(request)

    def startExport(self, request: ExportRequest) -> None:
        if self._busy:
            raise RuntimeError("An inspection or export is still running; cancel it first.")
        self.cancel_event.clear()
        self._busy = True
        self._exportRequested.emit(request)

    def cancel(self) -> None:
        """Ask the running job to stop before its next image."""
        self.cancel_event.set()

    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """Cancel the job, stop the thread and return True when it stopped within ``timeout_ms``."""
        self.cancel_event.set()
        self.thread.quit()
        stopped = self.thread.wait(timeout_ms)
        if not stopped:
            logger.warning("Inspection thread still busy %d ms after the cancel request", timeout_ms)
        return stopped

    @Slot(str, str)
    def _on_job_finished(self, outcome: str, message: str) -> None:
        self._busy = False
