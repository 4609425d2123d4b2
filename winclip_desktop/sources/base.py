"""The frame-source interface and the threaded capture loop shared by cameras, streams and videos.

A :class:`FrameSource` delivers RGB frames (H x W x 3 uint8) to two consumers at their own pace:
the live view calls :meth:`FrameSource.latest` at the display rate, and the inspection worker calls
:meth:`FrameSource.next_frame` whenever it is free. Live sources keep only the newest frame, in a
:class:`FrameSlot` of size 1, so the inspected frame is never more than one frame behind the camera
however slow inference is. A watched folder instead delivers every complete file once, from a queue
(:attr:`FrameSource.delivers_every_frame` is True there).

:class:`CaptureSource` implements the live behaviour once for every device: a reader thread reads
continuously and publishes each frame into the slot, and a separate watchdog thread checks that
frames keep arriving and keep changing. When the device stops delivering, the watchdog reports
"camera lost", abandons the reader (it may be blocked inside a driver call that cannot be
interrupted) and reconnects with exponential backoff. :meth:`FrameSource.stop` never waits for a
blocked reader longer than its timeout.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
import zlib
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

logger = logging.getLogger(__name__)

DEFAULT_STOP_TIMEOUT_S = 2.0
"""Default maximum time :meth:`FrameSource.stop` waits for its threads before abandoning them."""


class SourceError(RuntimeError):
    """A frame source that cannot be used as requested, for example one that is already closed."""


class SourceUnavailableError(SourceError):
    """A frame source whose optional dependency, driver or file is missing.

    The message names what is missing and how to install or configure it.
    """


class EndOfStream(Exception):
    """Raised by :meth:`CaptureSource._read_frame` when a video file has no more frames."""


class SourceStatus(str, enum.Enum):
    """Life-cycle state of a frame source. The value is the English status word used in logs."""

    STOPPED = "stopped"
    STARTING = "starting"
    RUNNING = "running"
    CAMERA_LOST = "camera lost"
    RECONNECTING = "reconnecting"
    ENDED = "ended"


@dataclass(frozen=True)
class SourceState:
    """Snapshot of a source's status.

    ``message`` is an English detail for logs and tooltips (the reason for "camera lost", for
    example). ``attempt`` counts reconnection attempts since the last frame (0 while running).
    ``since`` is the ``time.monotonic()`` value at which the status was entered.
    """

    status: SourceStatus
    message: str = ""
    attempt: int = 0
    since: float = 0.0


@dataclass(frozen=True)
class Frame:
    """One captured frame.

    ``image`` is H x W x 3 uint8 RGB and must not be modified by consumers, because the live view and
    the inspection worker can hold the same array. ``sequence`` increases by one per published frame
    over the lifetime of the source (reconnections included). ``capture_time`` is the
    ``time.monotonic()`` value at which the frame was read (for a watched folder, when the file was
    found complete), and ``wall_time`` the matching ``time.time()``. ``meta`` carries
    source-specific values such as ``counter`` (synthetic source) or ``path`` (watched folder).
    """

    image: np.ndarray
    sequence: int
    capture_time: float
    wall_time: float
    meta: dict = field(default_factory=dict)


class FrameSlot:
    """Thread-safe buffer that keeps only the newest frame, with a sequence number.

    Writers call :meth:`publish`. Readers call :meth:`latest`, which never waits, or :meth:`wait_newer`.
    """

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._frame: Frame | None = None
        self._sequence = 0

    def publish(self, image: np.ndarray, capture_time: float, wall_time: float, meta: dict | None = None) -> Frame:
        """Replace the stored frame with a new one, numbered one above the previous, and wake waiters."""
        with self._condition:
            self._sequence += 1
            frame = Frame(image, self._sequence, capture_time, wall_time, meta or {})
            self._frame = frame
            self._condition.notify_all()
        return frame

    def latest(self) -> Frame | None:
        """Return the newest frame, or None before the first one."""
        return self._frame

    def wait_newer(self, after_sequence: int, timeout: float, captured_after: float | None = None) -> Frame | None:
        """Wait up to ``timeout`` seconds for a frame newer than ``after_sequence`` and return it.

        With ``captured_after`` (a ``time.monotonic()`` value), only a frame captured at or after
        that time qualifies. Returns None on timeout.
        """
        deadline = time.monotonic() + max(0.0, timeout)
        with self._condition:
            while not self._qualifies(self._frame, after_sequence, captured_after):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._condition.wait(remaining)
            return self._frame

    def wake_all(self) -> None:
        """Wake every waiter so it rechecks its condition (used when the source stops)."""
        with self._condition:
            self._condition.notify_all()

    @staticmethod
    def _qualifies(frame: Frame | None, after_sequence: int, captured_after: float | None) -> bool:
        if frame is None or frame.sequence <= after_sequence:
            return False
        return captured_after is None or frame.capture_time >= captured_after


class RateMeter:
    """Event rate in events per second over a sliding time window, for capture and inspection fps."""

    def __init__(self, window_s: float = 2.0) -> None:
        self._window_s = window_s
        self._times: deque[float] = deque()
        self._lock = threading.Lock()

    def tick(self, now: float | None = None) -> None:
        """Record one event at ``now`` (``time.monotonic()`` when None)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._times.append(now)
            self._drop_old(now)

    def rate(self, now: float | None = None) -> float:
        """Return events per second in the window ending at ``now``, or 0.0 with fewer than two events."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._drop_old(now)
            if len(self._times) < 2:
                return 0.0
            span = self._times[-1] - self._times[0]
            return (len(self._times) - 1) / span if span > 0 else 0.0

    def reset(self) -> None:
        with self._lock:
            self._times.clear()

    def _drop_old(self, now: float) -> None:
        while self._times and now - self._times[0] > self._window_s:
            self._times.popleft()


def frame_hash(image: np.ndarray) -> int:
    """Return a CRC-32 of every 4th row and column of ``image``, a cheap test for repeated frames.

    Sampling 1/16 of the pixels costs well under a millisecond for a 1080p frame, and a live sensor's
    noise changes the sampled pixels of every new frame.
    """
    sample = np.ascontiguousarray(image[::4, ::4])
    return zlib.crc32(sample.tobytes())


def to_rgb(image: np.ndarray, channel_order: str = "BGR") -> np.ndarray:
    """Convert a decoded frame to H x W x 3 uint8 RGB.

    Accepts H x W greyscale, H x W x 1, H x W x 3 and H x W x 4 arrays in ``channel_order``
    ("BGR" for OpenCV, "RGB" otherwise). 16-bit frames are reduced to their high byte.

    Raises:
        ValueError: the array has another shape or is empty.
    """
    array = np.asarray(image)
    if array.size == 0:
        raise ValueError(f"empty frame of shape {array.shape}")
    if array.dtype == np.uint16:
        array = (array >> 8).astype(np.uint8)
    elif array.dtype != np.uint8:
        raise ValueError(f"frame dtype {array.dtype} is not supported (expected uint8 or uint16)")

    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.ndim == 2:
        return cv2.cvtColor(array, cv2.COLOR_GRAY2RGB)
    if array.ndim == 3 and array.shape[2] == 3:
        if channel_order == "BGR":
            return cv2.cvtColor(array, cv2.COLOR_BGR2RGB)
        return np.ascontiguousarray(array)
    if array.ndim == 3 and array.shape[2] == 4:
        code = cv2.COLOR_BGRA2RGB if channel_order == "BGR" else cv2.COLOR_RGBA2RGB
        return cv2.cvtColor(array, code)
    raise ValueError(f"frame of shape {array.shape} is not an image (expected H x W, H x W x 3 or H x W x 4)")


class FrameSource:
    """Interface of every frame source.

    Life cycle: :meth:`start` returns at once and opens the device in the background. :meth:`stop`
    ends capture and may be followed by another :meth:`start`. :meth:`close` stops for good.
    All methods are thread-safe. A source is also a context manager that closes on exit.
    """

    delivers_every_frame = False
    """True when :meth:`next_frame` returns every frame once (a queue) instead of the newest one."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._state_lock = threading.Lock()
        self._state = SourceState(SourceStatus.STOPPED, since=time.monotonic())
        self._capture_rate = RateMeter()
        self._closed = False

    # Interface -------------------------------------------------------------------------------

    def start(self) -> None:
        """Start capturing in background threads and return at once.

        Raises:
            SourceError: the source was closed.
        """
        raise NotImplementedError

    def stop(self, timeout: float = DEFAULT_STOP_TIMEOUT_S) -> None:
        """Stop capturing and return within about ``timeout`` seconds, even if a read is blocked."""
        raise NotImplementedError

    def latest(self) -> Frame | None:
        """Return the newest frame without waiting, or None before the first one."""
        raise NotImplementedError

    def next_frame(self, after_sequence: int, timeout: float, captured_after: float | None = None) -> Frame | None:
        """Wait up to ``timeout`` seconds for the next frame to inspect.

        Live sources return the newest frame whose sequence is above ``after_sequence`` (and, with
        ``captured_after``, that was captured at or after that ``time.monotonic()`` value). Queue
        sources return the oldest frame not yet delivered and ignore both arguments.
        Returns None on timeout.
        """
        raise NotImplementedError

    def mark_done(self, frame: Frame) -> None:
        """Record that ``frame`` was inspected. A watched folder persists this, live sources ignore it."""

    # Shared behaviour ------------------------------------------------------------------------

    def close(self, timeout: float = DEFAULT_STOP_TIMEOUT_S) -> None:
        """Stop (see :meth:`stop`) and release the source for good. Calling it again does nothing."""
        if self._closed:
            return
        self.stop(timeout)
        self._closed = True

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def state(self) -> SourceState:
        with self._state_lock:
            return self._state

    @property
    def status(self) -> SourceStatus:
        return self.state.status

    @property
    def fps(self) -> float:
        """Measured capture rate in frames per second over the last 2 s."""
        return self._capture_rate.rate()

    def _set_state(self, status: SourceStatus, message: str = "", attempt: int = 0) -> None:
        with self._state_lock:
            previous = self._state
            if previous.status == status and previous.message == message and previous.attempt == attempt:
                return
            self._state = SourceState(status, message, attempt, time.monotonic())
        if status in (SourceStatus.CAMERA_LOST, SourceStatus.RECONNECTING):
            logger.warning("%s: %s%s", self.name, status.value, f" ({message})" if message else "")
        else:
            logger.info("%s: %s%s", self.name, status.value, f" ({message})" if message else "")

    def _check_not_closed(self) -> None:
        if self._closed:
            raise SourceError(f"Frame source {self.name} is closed; create a new one to capture again.")

    def __enter__(self) -> FrameSource:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r}, status={self.status.value!r})"


@dataclass(frozen=True)
class WatchdogSettings:
    """Limits of the capture watchdog and of reconnection, in seconds.

    The watchdog reports "camera lost" in three cases. No frame arrived for ``no_frame_timeout_s``,
    plus one frame period for sources paced to a frame rate. The device is still opening
    ``open_timeout_s`` after the reader started. Or the same frame (by :func:`frame_hash`) was read
    ``repeat_min_count`` times in a row over at least ``repeat_timeout_s``.
    ``repeat_timeout_s=None`` turns repeat detection off, for example for a video of a still scene.
    Reconnection waits ``backoff_initial_s``, doubling up to ``backoff_max_s``, and resets after a
    frame. At most ``max_blocked_readers`` abandoned reader threads may still be blocked in the
    driver before the watchdog stops starting new ones.
    """

    no_frame_timeout_s: float = 2.0
    open_timeout_s: float = 10.0
    repeat_timeout_s: float | None = 2.0
    repeat_min_count: int = 10
    backoff_initial_s: float = 0.5
    backoff_max_s: float = 10.0
    max_blocked_readers: int = 4
    check_interval_s: float = 0.1


class _ReaderState:
    """Per-connection values that one reader thread writes and the watchdog reads."""

    def __init__(self, generation: int) -> None:
        self.generation = generation
        self.started = time.monotonic()
        self.abandoned = threading.Event()
        self.opened_time: float | None = None
        self.last_frame_time: float | None = None
        self.last_change_time: float | None = None
        self.last_hash: int | None = None
        self.repeat_count = 0
        self.saw_new_frame = False
        self.exit_reason: str | None = None
        self.ended = False
        self.thread: threading.Thread | None = None


def _is_alive(reader: _ReaderState) -> bool:
    return reader.thread is not None and reader.thread.is_alive()


class _Session:
    """One start-to-stop run of a capture source: its stop event, watchdog thread and current reader."""

    def __init__(self) -> None:
        self.stop_event = threading.Event()
        self.watchdog_thread: threading.Thread | None = None
        self.reader: _ReaderState | None = None


class CaptureSource(FrameSource):
    """A live source driven by a reader thread and a watchdog thread, keeping only the newest frame.

    Subclasses implement :meth:`_open_device`, :meth:`_read_frame` and :meth:`_release_device`.
    These run in the reader thread only, so a device handle is never used by two threads.
    ``pace_fps`` makes the reader publish at most that many frames per second, for video files
    and synthetic frames that would otherwise be read as fast as they decode.
    """

    def __init__(self, name: str, *, watchdog: WatchdogSettings | None = None, pace_fps: float | None = None) -> None:
        super().__init__(name)
        self.watchdog = watchdog or WatchdogSettings()
        self.pace_fps = pace_fps
        self._slot = FrameSlot()
        self._control_lock = threading.Lock()
        self._publish_lock = threading.Lock()
        self._session: _Session | None = None
        self._abandoned: list[_ReaderState] = []
        self._generation = 0
        self.lost_count = 0
        """Number of times this source reported "camera lost"."""

    # Subclass hooks (reader thread only) -----------------------------------------------------

    def _open_device(self) -> Any:
        """Open the device and return its handle. Raise any exception with a clear message on failure."""
        raise NotImplementedError

    def _read_frame(self, handle: Any) -> np.ndarray | tuple[np.ndarray, dict] | None:
        """Read one frame as H x W x 3 uint8 RGB, optionally with metadata for :attr:`Frame.meta`.

        Return None when the read failed, raise :class:`EndOfStream` at the end of a video.
        """
        raise NotImplementedError

    def _release_device(self, handle: Any) -> None:
        """Release the handle returned by :meth:`_open_device`."""

    # FrameSource -----------------------------------------------------------------------------

    def start(self) -> None:
        with self._control_lock:
            self._check_not_closed()
            if self._session is not None:
                return
            session = _Session()
            self._session = session
            self._capture_rate.reset()
            self._set_state(SourceStatus.STARTING)
            session.watchdog_thread = threading.Thread(
                target=self._supervise, args=(session,), name=f"{self.name} watchdog", daemon=True
            )
            session.watchdog_thread.start()

    def stop(self, timeout: float = DEFAULT_STOP_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        with self._control_lock:
            session, self._session = self._session, None
        if session is None:
            return
        session.stop_event.set()
        if session.watchdog_thread is not None:
            session.watchdog_thread.join(max(0.0, deadline - time.monotonic()))
        reader = session.reader
        if reader is not None:
            reader.abandoned.set()
            if reader.thread is not None:
                reader.thread.join(max(0.0, deadline - time.monotonic()))
                if reader.thread.is_alive():
                    self._abandoned.append(reader)
                    # The thread is a daemon blocked in the driver. It releases its device and exits
                    # if the call ever returns, and it never publishes another frame.
                    logger.warning("%s: reader thread still blocked after %.1f s; abandoned", self.name, timeout)
        with self._control_lock, self._publish_lock:
            if self._session is None:  # not restarted meanwhile by another thread
                self._set_state(SourceStatus.STOPPED)
        self._slot.wake_all()

    def latest(self) -> Frame | None:
        return self._slot.latest()

    def next_frame(self, after_sequence: int, timeout: float, captured_after: float | None = None) -> Frame | None:
        return self._slot.wait_newer(after_sequence, timeout, captured_after)

    @property
    def blocked_reader_count(self) -> int:
        """Number of abandoned reader threads still alive, usually blocked inside the driver."""
        return sum(1 for state in self._abandoned if _is_alive(state))

    # Watchdog thread -------------------------------------------------------------------------

    def _supervise(self, session: _Session) -> None:
        """Run readers one after the other, replacing each one that fails, stalls or repeats frames."""
        stop_event = session.stop_event
        attempt = 0
        backoff = self.watchdog.backoff_initial_s
        while not stop_event.is_set():
            if not self._wait_for_blocked_readers(session):
                break
            if attempt:
                self._set_session_state(session, SourceStatus.RECONNECTING, f"attempt {attempt}", attempt)
            reader = self._start_reader(session)

            reason = self._watch(reader, stop_event)
            if stop_event.is_set():
                break
            if reader.saw_new_frame:
                attempt, backoff = 0, self.watchdog.backoff_initial_s
            if reader.ended:
                self._set_session_state(session, SourceStatus.ENDED, "end of video")
                stop_event.wait()
                break

            self._abandon(reader)
            self.lost_count += 1
            attempt += 1
            self._set_session_state(
                session, SourceStatus.CAMERA_LOST, f"{reason.rstrip('.')}; reconnecting in {backoff:.1f} s", attempt
            )
            if stop_event.wait(backoff):
                break
            backoff = min(backoff * 2.0, self.watchdog.backoff_max_s)
        if session.reader is not None:
            session.reader.abandoned.set()

    def _set_session_state(self, session: _Session, status: SourceStatus, message: str = "", attempt: int = 0) -> None:
        """Set the state unless ``session`` was stopped, so a stopping watchdog never overwrites it."""
        with self._control_lock:
            if self._session is session and not session.stop_event.is_set():
                self._set_state(status, message, attempt)

    def _start_reader(self, session: _Session) -> _ReaderState:
        self._generation += 1
        reader = _ReaderState(self._generation)
        previous = session.reader
        repeat_detection = self.watchdog.repeat_timeout_s is not None
        if repeat_detection and previous is not None and previous.last_hash is not None:
            # A device that reconnects into the same frozen frame stays "camera lost" instead of
            # briefly reporting "running" on its first, unchanged frame.
            reader.last_hash = previous.last_hash
            reader.last_change_time = reader.started
        reader.thread = threading.Thread(
            target=self._read_loop,
            args=(reader, session.stop_event),
            name=f"{self.name} reader {self._generation}",
            daemon=True,
        )
        session.reader = reader
        reader.thread.start()
        return reader

    def _watch(self, reader: _ReaderState, stop_event: threading.Event) -> str:
        """Return the reason the reader must be replaced, or "" when the source is stopping."""
        settings = self.watchdog
        while not stop_event.wait(settings.check_interval_s):
            if reader.exit_reason is not None:
                return reader.exit_reason
            now = time.monotonic()
            if reader.last_frame_time is None:
                waiting_since = reader.opened_time or reader.started
                limit = settings.no_frame_timeout_s if reader.opened_time else settings.open_timeout_s
                if now - waiting_since > limit:
                    what = "after opening" if reader.opened_time else "while opening"
                    return f"no frame for {now - waiting_since:.1f} s {what}"
                continue
            silent_for = now - reader.last_frame_time
            # pace_fps can be set by _open_device (a video file's own rate), so it is read here.
            stall_limit = settings.no_frame_timeout_s + (1.0 / self.pace_fps if self.pace_fps else 0.0)
            if silent_for > stall_limit:
                return f"no frame for {silent_for:.1f} s"
            if self._repeats_too_long(reader, now):
                repeated_for = now - reader.last_change_time
                return f"the same frame was read {reader.repeat_count + 1} times in {repeated_for:.1f} s"
        return ""

    def _repeats_too_long(self, reader: _ReaderState, now: float) -> bool:
        limit = self.watchdog.repeat_timeout_s
        if limit is None or reader.last_change_time is None:
            return False
        return reader.repeat_count >= self.watchdog.repeat_min_count and now - reader.last_change_time >= limit

    def _wait_for_blocked_readers(self, session: _Session) -> bool:
        """Wait while too many abandoned readers are still blocked. Return False when stopping."""
        while True:
            self._abandoned = [state for state in self._abandoned if _is_alive(state)]
            if len(self._abandoned) < self.watchdog.max_blocked_readers:
                return True
            self._set_session_state(
                session,
                SourceStatus.CAMERA_LOST,
                f"{len(self._abandoned)} reader threads are still blocked in the driver; waiting before reconnecting",
            )
            if session.stop_event.wait(1.0):
                return False

    def _abandon(self, reader: _ReaderState) -> None:
        reader.abandoned.set()
        if reader.thread is not None and reader.thread.is_alive():
            self._abandoned.append(reader)

    # Reader thread ---------------------------------------------------------------------------

    def _read_loop(self, reader: _ReaderState, stop_event: threading.Event) -> None:
        try:
            handle = self._open_device()
        except Exception as exc:  # noqa: BLE001 - drivers raise many types; the watchdog retries
            logger.debug("%s: open failed", self.name, exc_info=True)
            reader.exit_reason = f"open failed: {exc}"
            return
        reader.opened_time = time.monotonic()
        try:
            self._read_until_stopped(reader, stop_event, handle)
        finally:
            try:
                self._release_device(handle)
            except Exception:  # noqa: BLE001 - a failed release must not hide the read error
                logger.exception("%s: releasing the device failed", self.name)

    def _read_until_stopped(self, reader: _ReaderState, stop_event: threading.Event, handle: Any) -> None:
        period = 1.0 / self.pace_fps if self.pace_fps else 0.0
        next_due = time.monotonic()
        while not stop_event.is_set() and not reader.abandoned.is_set():
            try:
                raw = self._read_frame(handle)
            except EndOfStream:
                reader.ended = True
                reader.exit_reason = "end of video"
                return
            except Exception as exc:  # noqa: BLE001 - drivers raise many types; the watchdog reconnects
                logger.debug("%s: read failed", self.name, exc_info=True)
                reader.exit_reason = f"read failed: {exc}"
                return
            if raw is None:
                reader.exit_reason = "read failed"
                return

            if period:
                delay = next_due - time.monotonic()
                if delay > 0 and stop_event.wait(delay):
                    return
                # After a stall, restart the schedule instead of publishing a burst to catch up.
                next_due = max(next_due + period, time.monotonic())
            self._publish(reader, raw)

    def _publish(self, reader: _ReaderState, raw: np.ndarray | tuple[np.ndarray, dict]) -> None:
        image, meta = raw if isinstance(raw, tuple) else (raw, {})
        now = time.monotonic()
        digest = frame_hash(image)
        if digest == reader.last_hash:
            reader.repeat_count += 1
        else:
            reader.last_hash = digest
            reader.repeat_count = 0
            reader.last_change_time = now
            reader.saw_new_frame = True
        reader.last_frame_time = now
        with self._publish_lock:
            # Checked under the lock so that no frame or RUNNING state follows stop()'s STOPPED.
            if reader.abandoned.is_set():
                return
            fresh = reader.repeat_count == 0 or self.watchdog.repeat_timeout_s is None
            if fresh and self.status is not SourceStatus.RUNNING:
                self._set_state(SourceStatus.RUNNING)
            self._slot.publish(image, now, time.time(), meta)
        self._capture_rate.tick(now)
