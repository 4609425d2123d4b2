"""The live station's inspection worker: a QObject that runs in its own QThread.

Whenever the worker is free, it takes the newest frame from the frame source and runs
``inspector.inspect(frame_rgb, settings)``. It saves the frame when asked (see
:class:`CaptureSettings`) and emits a :class:`StationRecord` with the frame's sequence number,
capture time and the latency from capture to verdict. Model loading also runs here, so the window
never freezes while a model, prompts or reference images load.

Thread rules: :meth:`StationWorker.load_inspector`, :meth:`StationWorker.start_loop` and
:meth:`StationWorker.stop_loop` are slots that must run in the worker thread (connect a signal to
them, or call them before moving the worker). The ``set_*`` methods and
:meth:`StationWorker.request_inspection` only store values under a lock, so the GUI thread may call
them directly.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal, Slot

from winclip_desktop.engine.types import NG, InspectionResult, PostProcessSettings
from winclip_desktop.sources.base import Frame, FrameSource, RateMeter

logger = logging.getLogger(__name__)

CONTINUOUS = "continuous"
TRIGGERED = "triggered"
MODES = (CONTINUOUS, TRIGGERED)

TRIGGER_FRAME_TIMEOUT_S = 2.0
"""Maximum wait for a frame captured after a trigger before the trigger is dropped."""

FRAME_WAIT_S = 0.05
"""Maximum time one loop step waits for a frame, so queued slot calls are handled in between."""

LOOP_INTERVAL_MS = 5

INSPECTION_RATE_WINDOW_S = 5.0
"""Sliding window of the inspection rate. Slower inspections are rated by the last interval instead."""

RANDOM_WEIGHTS_NOTE = "random weights - scores are meaningless"
"""Note drawn on saved images of a random-weights inspector (ASCII, because OpenCV fonts are ASCII)."""


@dataclass(frozen=True)
class CaptureSettings:
    """Capture folder and save policy of the station.

    With a ``folder``, NG frames (all frames when ``save_all``) are saved under
    ``<folder>/<YYYY-MM-DD>/`` as ``<time>_<sequence>_<verdict>.png`` (the frame as captured),
    ``..._annotated.png`` and ``..._mask.png``. Without a folder nothing is saved.
    """

    folder: Path | None = None
    save_all: bool = False


@dataclass
class StationRecord:
    """One live inspection, as emitted by :attr:`StationWorker.inspected`.

    Times are ``time.monotonic()`` seconds except ``capture_wall_time`` (``time.time()``).
    ``latency_s`` runs from capture to verdict, ``inference_s`` covers ``inspector.inspect`` only.
    ``image`` is the inspected H x W x 3 uint8 RGB frame. ``content_hash`` is the hex SHA-256 of the
    image file for a watched folder, else of the frame (see ``storage.inspection_log``).
    ``inspection_fps`` is 0.0 until two inspections finished since the station started.
    ``saved`` maps "image", "annotated" and "mask" to the files written, and ``save_error`` is
    the message when saving failed.
    """

    sequence: int
    capture_time: float
    capture_wall_time: float
    verdict_time: float
    latency_s: float
    inference_s: float
    image: np.ndarray
    result: InspectionResult
    mode: str
    source_name: str
    source_meta: dict
    identity: dict
    is_random: bool
    inspection_fps: float
    content_hash: str = ""
    saved: dict[str, str] = field(default_factory=dict)
    save_error: str | None = None

    @property
    def name(self) -> str:
        """Display name: the file name for a watched folder, else the sequence number."""
        path = self.source_meta.get("path")
        return Path(path).name if path else f"frame {self.sequence}"

    def to_dict(self) -> dict[str, Any]:
        """Return the record's values without arrays, for logs and JSON."""
        return {
            "name": self.name,
            "sequence": self.sequence,
            "captured_at": datetime.fromtimestamp(self.capture_wall_time).isoformat(timespec="milliseconds"),
            "latency_ms": round(self.latency_s * 1000.0, 1),
            "inference_ms": round(self.inference_s * 1000.0, 1),
            "image_score": float(self.result.image_score),
            "verdict": self.result.verdict,
            "region_count": len(self.result.regions),
            "mode": self.mode,
            "source": self.source_name,
            "path": self.source_meta.get("path"),
            "identity": dict(self.identity),
            "random_weights": self.is_random,
            "saved": dict(self.saved),
            "save_error": self.save_error,
        }


class StationWorker(QObject):
    """Inspects frames of a :class:`FrameSource` in its own thread. See the module docstring."""

    inspected = Signal(object)  # StationRecord
    status_changed = Signal(str)  # translated status text, "" when idle
    inspector_ready = Signal(object)  # identity dict of the loaded inspector, with "is_random"
    inspector_failed = Signal(str)  # error message of a failed load
    error = Signal(str)  # an inspection or saving error, already logged

    def __init__(self, settings: PostProcessSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._source: FrameSource | None = None
        self._inspector: Any = None
        self._settings = settings or PostProcessSettings()
        self._mode = CONTINUOUS
        self._running = False
        self._triggers: collections.deque[float] = collections.deque()
        self._capture = CaptureSettings()
        self._last_sequence = 0
        self._rate = RateMeter(window_s=INSPECTION_RATE_WINDOW_S)
        self._previous_finish: float | None = None  # end of the previous inspection since set_running(True)
        self._activity = ""
        self._timer: QTimer | None = None
        self._last_error = ""
        self.inspection_count = 0
        """Number of inspections since the worker was created."""

    # Thread-safe setters (any thread) --------------------------------------------------------

    def set_source(self, source: FrameSource | None) -> None:
        with self._lock:
            self._source = source
            self._last_sequence = 0
            self._triggers.clear()

    def set_inspector(self, inspector: Any) -> None:
        """Use an already loaded inspector. It must not be used by any other thread afterwards."""
        with self._lock:
            self._inspector = inspector

    def set_settings(self, settings: PostProcessSettings) -> None:
        with self._lock:
            self._settings = settings

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"Invalid station mode {mode!r}; use {CONTINUOUS!r} or {TRIGGERED!r}.")
        with self._lock:
            self._mode = mode
            self._triggers.clear()

    def set_running(self, running: bool) -> None:
        with self._lock:
            self._running = running
            self._triggers.clear()
            if not running:
                self._previous_finish = None
        if not running:
            self._rate.reset()

    def set_capture(self, capture: CaptureSettings) -> None:
        with self._lock:
            self._capture = capture

    def request_inspection(self) -> None:
        """Queue one inspection of the first frame captured from now on (triggered mode).

        Each trigger gets its own frame: triggers that come faster than the camera delivers frames
        wait for the following frames rather than inspecting one frame twice.
        """
        with self._lock:
            self._triggers.append(time.monotonic())

    @property
    def has_inspector(self) -> bool:
        return self._inspector is not None

    @property
    def activity(self) -> str:
        """What the worker thread is doing now, such as "inspecting frame 12 of camera 0"; "" when idle."""
        with self._lock:
            return self._activity

    def _set_activity(self, text: str) -> None:
        with self._lock:
            self._activity = text

    # Slots (worker thread) -------------------------------------------------------------------

    @Slot()
    def start_loop(self) -> None:
        """Start the inspection loop in the current (worker) thread."""
        if self._timer is None:
            self._timer = QTimer(self)
            self._timer.setInterval(LOOP_INTERVAL_MS)
            self._timer.timeout.connect(self._step)
        self._timer.start()

    @Slot()
    def stop_loop(self) -> None:
        if self._timer is not None:
            self._timer.stop()

    @Slot(object)
    def load_inspector(self, config: Any) -> None:
        """Load an inspector for ``config`` (an ``InspectorConfig``) and use it from now on.

        Emits :attr:`status_changed` for each loading stage, then :attr:`inspector_ready` or
        :attr:`inspector_failed`. Until the new inspector is ready the worker does not inspect.
        """
        from winclip_desktop.engine.inspector import Inspector

        with self._lock:
            self._inspector = None
        self.status_changed.emit(self._stage_text("loading model"))
        self._set_activity(
            f"loading the model {getattr(config, 'model_name', '?')} for class {getattr(config, 'class_name', '?')!r}"
        )
        try:
            inspector = Inspector.load(config, progress=lambda stage: self.status_changed.emit(self._stage_text(stage)))
        except Exception as exc:  # noqa: BLE001 - model loading raises many types; the user must see each
            logger.exception("Loading the inspector for class %r failed", getattr(config, "class_name", "?"))
            self.status_changed.emit("")
            self.inspector_failed.emit(str(exc))
            return
        finally:
            self._set_activity("")
        with self._lock:
            self._inspector = inspector
        self.status_changed.emit("")
        self.inspector_ready.emit({**inspector.identity, "is_random": bool(inspector.is_random)})

    def _stage_text(self, stage: str) -> str:
        texts = {
            "loading model": self.tr("Loading model…"),
            "building prompts": self.tr("Building prompts…"),
            "encoding reference images": self.tr("Encoding reference images…"),
        }
        return texts.get(stage, stage)

    # Inspection loop -------------------------------------------------------------------------

    @Slot()
    def _step(self) -> None:
        with self._lock:
            source, inspector, running, mode = self._source, self._inspector, self._running, self._mode
        if not running or source is None or inspector is None:
            return
        if mode == CONTINUOUS:
            frame = source.next_frame(self._last_sequence, FRAME_WAIT_S)
        else:
            frame = self._frame_for_trigger(source)
        if frame is not None:
            self._inspect(source, inspector, frame, mode)

    def _frame_for_trigger(self, source: FrameSource) -> Frame | None:
        with self._lock:
            if not self._triggers:
                return None
            trigger_time = self._triggers.popleft()
        frame = source.next_frame(self._last_sequence, TRIGGER_FRAME_TIMEOUT_S, captured_after=trigger_time)
        if frame is None:
            self._report_error(
                self.tr("No frame arrived within %1 s of the trigger; the trigger was dropped.").replace(
                    "%1", f"{TRIGGER_FRAME_TIMEOUT_S:g}"
                )
            )
        return frame

    def _inspect(self, source: FrameSource, inspector: Any, frame: Frame, mode: str) -> None:
        self._set_activity(f"inspecting frame {frame.sequence} of {source.name}")
        try:
            self._inspect_and_save(source, inspector, frame, mode)
        finally:
            self._set_activity("")

    def _inspect_and_save(self, source: FrameSource, inspector: Any, frame: Frame, mode: str) -> None:
        self._last_sequence = frame.sequence
        with self._lock:
            settings, capture = self._settings, self._capture
        started = time.monotonic()
        try:
            result = inspector.inspect(frame.image, settings)
        except Exception as exc:  # noqa: BLE001 - one bad frame must not stop the station; it is logged
            logger.exception("Inspecting frame %d of %s failed", frame.sequence, source.name)
            self._report_error(self.tr("Inspection failed: %1").replace("%1", str(exc)), log=False)
            return
        finished = time.monotonic()
        inspection_fps = self._tick_rate(finished)
        self.inspection_count += 1

        record = StationRecord(
            sequence=frame.sequence,
            capture_time=frame.capture_time,
            capture_wall_time=frame.wall_time,
            verdict_time=finished,
            latency_s=finished - frame.capture_time,
            inference_s=finished - started,
            image=frame.image,
            result=result,
            mode=mode,
            source_name=source.name,
            source_meta={key: value for key, value in frame.meta.items() if key != "key"},
            identity=dict(getattr(inspector, "identity", {})),
            is_random=bool(getattr(inspector, "is_random", False)),
            inspection_fps=inspection_fps,
            content_hash=_content_hash(frame),
        )
        if capture.folder is not None and (capture.save_all or result.verdict == NG):
            self._save(record, capture.folder)
        source.mark_done(frame)
        self.inspected.emit(record)

    def _tick_rate(self, finished: float) -> float:
        """Count an inspection that ended at ``finished`` and return the inspection rate in 1/s.

        The rate is measured over :data:`INSPECTION_RATE_WINDOW_S`. When fewer than two inspections
        fall in that window (a large model on a CPU takes several seconds each), the rate is the
        inverse of the time since the previous inspection. It is 0.0 after the first inspection.
        """
        self._rate.tick(finished)
        rate = self._rate.rate(finished)
        with self._lock:
            previous, self._previous_finish = self._previous_finish, finished
        if rate == 0.0 and previous is not None and finished > previous:
            rate = 1.0 / (finished - previous)
        return rate

    def _save(self, record: StationRecord, folder: Path) -> None:
        from winclip_desktop.engine.image_io import write_png
        from winclip_desktop.storage.annotate import render_annotated

        stamp = datetime.fromtimestamp(record.capture_wall_time)
        day_folder = folder / stamp.strftime("%Y-%m-%d")
        stem = f"{stamp.strftime('%H%M%S_%f')[:-3]}_{record.sequence:06d}_{record.result.verdict}"
        paths = {
            "image": day_folder / f"{stem}.png",
            "annotated": day_folder / f"{stem}_annotated.png",
            "mask": day_folder / f"{stem}_mask.png",
        }
        try:
            day_folder.mkdir(parents=True, exist_ok=True)
            annotated = render_annotated(
                record.image, record.result, weights_note=RANDOM_WEIGHTS_NOTE if record.is_random else None
            )
            write_png(paths["image"], record.image)
            write_png(paths["annotated"], annotated)
            write_png(paths["mask"], np.asarray(record.result.mask, dtype=np.uint8))
        except (OSError, ValueError) as exc:
            logger.error("Saving frame %d to %s failed: %s", record.sequence, day_folder, exc)
            record.save_error = str(exc)
            self._report_error(self.tr("Saving the frame failed: %1").replace("%1", str(exc)), log=False)
            return
        record.saved = {name: str(path) for name, path in paths.items()}

    def _report_error(self, message: str, log: bool = True) -> None:
        """Emit ``message`` on :attr:`error`. With ``log``, also log it unless it repeats the previous one."""
        if log and message != self._last_error:
            logger.warning("%s", message)
        self._last_error = message
        self.error.emit(message)


def _content_hash(frame: Frame) -> str:
    """Return the SHA-256 of the frame's image file (watched folder) or of its pixels (camera)."""
    from winclip_desktop.storage.inspection_log import sha256_of_file, sha256_of_frame

    path = frame.meta.get("path")
    if path:
        # NOTE: the file is read again here, so a file replaced after it was inspected gets the
        # hash of its new content. The watched folder delivers only files that stopped changing.
        try:
            return sha256_of_file(path)
        except OSError as exc:
            logger.warning("Cannot hash %s (%s); the inspection log gets the hash of the decoded image", path, exc)
    return sha256_of_frame(frame.image)
