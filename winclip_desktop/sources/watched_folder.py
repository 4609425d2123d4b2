"""A watched folder: every new image file that lands in it is delivered once, after it is complete.

A background thread polls the folder (polling also works on network shares, where change
notifications are unreliable). A file is delivered when:

1. its name has an image suffix (see ``IMAGE_SUFFIXES``) and does not start with "." or "~", so
   temporary names such as ``x.png.part`` or ``.x.png`` are ignored until they are renamed;
2. its size and modification time have not changed for ``settle_s`` seconds;
3. it decodes completely with :func:`~winclip_desktop.engine.image_io.read_image`. A file that still
   fails ``decode_timeout_s`` after it settled is rejected: it is listed in
   :attr:`WatchedFolderSource.rejected`, logged, and not retried until it changes or the
   source is created again.

Files are identified by (path relative to the folder, size, modification time in ns). After the
consumer has inspected a frame it calls :meth:`WatchedFolderSource.mark_done`, which adds the
file's identity to a JSON state file. Files listed there are not delivered again, also after a
restart. A file that is replaced by different content gets a new identity and is delivered again.
A file that was delivered but never marked done (the program stopped first) is delivered again
after a restart. An optional ``is_done(path)`` callback, for example a lookup in the inspection
log, can skip further files.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from winclip_desktop.engine.image_io import DEFAULT_MAX_PIXELS, IMAGE_SUFFIXES, ImageReadError, read_image
from winclip_desktop.storage.atomic import atomic_write_text

from .base import DEFAULT_STOP_TIMEOUT_S, Frame, FrameSource, SourceStatus, SourceUnavailableError

logger = logging.getLogger(__name__)

STATE_VERSION = 1

FileKey = tuple[str, int, int]
"""Identity of a file: (path relative to the folder with "/" separators, size in bytes, mtime in ns)."""


@dataclass
class _Candidate:
    """A file seen with one size and mtime, and the time it was first seen with them."""

    size: int
    mtime_ns: int
    since: float


def default_state_path(folder: str | os.PathLike) -> Path:
    """Return the state file used for ``folder`` when none is given, under the data directory."""
    from winclip_desktop.paths import data_dir

    resolved = Path(folder).resolve()
    digest = hashlib.sha1(str(resolved).encode("utf-8")).hexdigest()[:12]
    return data_dir() / "watched_folders" / f"{resolved.name or 'root'}-{digest}.json"


class WatchedFolderSource(FrameSource):
    """Delivers each new, complete image file in ``folder`` once, in path order within each scan.

    Args:
        folder: the folder to watch. Subfolders are included only with ``recursive``.
        state_path: JSON file of inspected files, :func:`default_state_path` when None.
        settle_s: time in seconds the size and mtime must stay unchanged.
        poll_interval_s: time between two scans of the folder.
        decode_timeout_s: time after settling during which a file that does not decode is retried.
        skip_existing: if True, image files in the folder at the first scan after construction are
            recorded as done without being delivered. Otherwise they are delivered like new ones.
        is_done: optional callback that returns True for a path that must not be delivered.
        queue_size: maximum number of decoded frames waiting for the consumer. Further files wait
            on disk, so a large backlog does not fill the memory.

    Raises:
        SourceUnavailableError: ``folder`` does not exist or is not a folder.
    """

    delivers_every_frame = True

    def __init__(
        self,
        folder: str | os.PathLike,
        *,
        state_path: str | os.PathLike | None = None,
        settle_s: float = 0.5,
        poll_interval_s: float = 0.2,
        decode_timeout_s: float = 10.0,
        recursive: bool = False,
        skip_existing: bool = False,
        is_done: Callable[[Path], bool] | None = None,
        queue_size: int = 4,
        max_pixels: int = DEFAULT_MAX_PIXELS,
    ) -> None:
        self.folder = Path(folder)
        if not self.folder.is_dir():
            reason = "is not a folder" if self.folder.exists() else "does not exist"
            raise SourceUnavailableError(f"Watched folder {self.folder} {reason}. Choose an existing folder.")
        super().__init__(f"folder {self.folder}")
        self.state_path = Path(state_path) if state_path is not None else default_state_path(self.folder)
        self.settle_s = settle_s
        self.poll_interval_s = poll_interval_s
        self.decode_timeout_s = decode_timeout_s
        self.recursive = recursive
        self.skip_existing = skip_existing
        self.is_done = is_done
        self.max_pixels = max_pixels

        self.rejected: list[tuple[Path, str]] = []
        """Files that never decoded, with the error message, in the order they were rejected."""

        self._lock = threading.Lock()
        self._done: set[FileKey] = self._load_state()
        self._first_scan_done = False
        self._delivered: set[FileKey] = set()
        self._rejected_keys: set[FileKey] = set()
        self._candidates: dict[str, _Candidate] = {}
        self._queue: queue.Queue[Frame] = queue.Queue(maxsize=queue_size)
        self._latest: Frame | None = None
        self._sequence = 0
        self._stop_event: threading.Event | None = None
        self._thread: threading.Thread | None = None

    # FrameSource -----------------------------------------------------------------------------

    def start(self) -> None:
        with self._lock:
            self._check_not_closed()
            if self._thread is not None and self._thread.is_alive():
                return
            self._stop_event = threading.Event()
            self._set_state(SourceStatus.STARTING)
            self._thread = threading.Thread(
                target=self._poll_loop, args=(self._stop_event,), name=f"{self.name} poller", daemon=True
            )
            self._thread.start()

    def stop(self, timeout: float = DEFAULT_STOP_TIMEOUT_S) -> None:
        with self._lock:
            stop_event, thread = self._stop_event, self._thread
            self._stop_event = self._thread = None
        if stop_event is None:
            return
        stop_event.set()
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                logger.warning("%s: poller still busy after %.1f s (slow file system?); abandoned", self.name, timeout)
        self._set_state(SourceStatus.STOPPED)

    def latest(self) -> Frame | None:
        return self._latest

    def next_frame(self, after_sequence: int, timeout: float, captured_after: float | None = None) -> Frame | None:
        try:
            return self._queue.get(timeout=timeout) if timeout > 0 else self._queue.get_nowait()
        except queue.Empty:
            return None

    def mark_done(self, frame: Frame) -> None:
        """Record the frame's file as inspected in the state file, so it is not delivered again."""
        key = frame.meta.get("key")
        if key is None:
            raise ValueError(f"Frame {frame.sequence} did not come from {self.name}: it has no file key.")
        with self._lock:
            self._done.add(tuple(key))
            self._save_state()

    @property
    def pending_count(self) -> int:
        """Number of decoded frames waiting for the consumer."""
        return self._queue.qsize()

    # State file ------------------------------------------------------------------------------

    def _load_state(self) -> set[FileKey]:
        """Read the state file and keep the entries whose file still exists with that identity."""
        if not self.state_path.exists():
            return set()
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
            entries = {(str(name), int(size), int(mtime)) for name, size, mtime in data["done"]}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            # Starting over re-inspects the folder's files, which is safer than skipping new ones.
            logger.error(
                "Ignoring the unreadable watched-folder state %s (%s); files already there will be inspected again",
                self.state_path,
                exc,
            )
            return set()
        return {key for key in entries if self._identity_of(key[0]) == key}

    def _save_state(self) -> None:
        data = {
            "version": STATE_VERSION,
            "folder": str(self.folder.resolve()),
            "done": sorted([list(key) for key in self._done]),
        }
        try:
            self.state_path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.state_path, json.dumps(data, indent=0))
        except OSError as exc:
            # NOTE: the files stay done for this run, but after a restart they are inspected again.
            logger.error("Cannot save the watched-folder state %s: %s", self.state_path, exc)

    def _identity_of(self, relative: str) -> FileKey | None:
        try:
            status = (self.folder / relative).stat()
        except OSError:
            return None
        return (relative, status.st_size, status.st_mtime_ns)

    # Poller thread ---------------------------------------------------------------------------

    def _poll_loop(self, stop_event: threading.Event) -> None:
        while True:
            try:
                self._poll_once(stop_event)
            except Exception:  # noqa: BLE001 - keep watching after an unexpected error; it is logged
                logger.exception("%s: scanning failed", self.name)
            if stop_event.wait(self.poll_interval_s):
                return

    def _poll_once(self, stop_event: threading.Event) -> None:
        try:
            files = self._scan()
        except OSError as exc:
            self._set_state(SourceStatus.CAMERA_LOST, f"cannot list the folder: {exc.strerror or exc}")
            return
        if self.status is not SourceStatus.RUNNING:
            self._set_state(SourceStatus.RUNNING)

        if not self._first_scan_done:
            self._first_scan_done = True
            if self.skip_existing:
                self._record_existing(files)
                return

        now = time.monotonic()
        self._candidates = {name: c for name, c in self._candidates.items() if name in files}
        for relative, (size, mtime_ns) in sorted(files.items()):
            if stop_event.is_set() or self._queue.full():
                return
            self._consider(relative, size, mtime_ns, now)

    def _scan(self) -> dict[str, tuple[int, int]]:
        """Return {relative path: (size, mtime_ns)} of the image files in the folder."""
        found: dict[str, tuple[int, int]] = {}
        pending = [self.folder]
        while pending:
            directory = pending.pop()
            with os.scandir(directory) as entries:
                for entry in entries:
                    if entry.name.startswith((".", "~")):
                        continue
                    try:
                        if entry.is_dir():
                            if self.recursive:
                                pending.append(Path(entry.path))
                            continue
                        if Path(entry.name).suffix.lower() not in IMAGE_SUFFIXES or not entry.is_file():
                            continue
                        status = entry.stat()
                    except OSError:
                        continue  # removed or renamed while listing
                    relative = Path(entry.path).relative_to(self.folder).as_posix()
                    found[relative] = (status.st_size, status.st_mtime_ns)
        return found

    def _record_existing(self, files: dict[str, tuple[int, int]]) -> None:
        with self._lock:
            self._done.update((name, size, mtime) for name, (size, mtime) in files.items())
            self._save_state()
        logger.info("%s: %d files already there are recorded as done without inspection", self.name, len(files))

    def _consider(self, relative: str, size: int, mtime_ns: int, now: float) -> None:
        """Deliver one file if it is new, has settled and decodes."""
        key: FileKey = (relative, size, mtime_ns)
        with self._lock:
            known = key in self._done or key in self._delivered or key in self._rejected_keys
        if known:
            return

        candidate = self._candidates.get(relative)
        if candidate is None or (candidate.size, candidate.mtime_ns) != (size, mtime_ns):
            self._candidates[relative] = _Candidate(size, mtime_ns, now)
            return
        if now - candidate.since < self.settle_s or size == 0:
            return

        path = self.folder / relative
        if self.is_done is not None and self.is_done(path):
            with self._lock:
                self._done.add(key)
            return

        try:
            image = read_image(path, self.max_pixels)
        except ImageReadError as exc:
            if now - candidate.since >= self.settle_s + self.decode_timeout_s:
                self._reject(key, path, str(exc))
            return
        if self._identity_of(relative) != key:
            return  # changed while being read: wait for it to settle again

        self._deliver(key, path, image)

    def _reject(self, key: FileKey, path: Path, message: str) -> None:
        logger.warning("%s: skipping %s, which never became readable: %s", self.name, path, message)
        with self._lock:
            self._rejected_keys.add(key)
        self.rejected.append((path, message))

    def _deliver(self, key: FileKey, path: Path, image) -> None:
        self._sequence += 1
        frame = Frame(
            image,
            self._sequence,
            time.monotonic(),
            time.time(),
            {"path": str(path), "key": key, "size": key[1], "mtime_ns": key[2]},
        )
        with self._lock:
            self._delivered.add(key)
        self._queue.put(frame)
        self._latest = frame
        self._capture_rate.tick()
        logger.info("%s: delivered %s", self.name, path)
