"""Application logging: a rotating log file, the console, and suppression of repeated messages.

:func:`setup_logging` installs one handler on the root logger, a
:class:`RepeatSuppressingHandler`, which forwards records to a ``RotatingFileHandler`` in the
user log directory and to a ``StreamHandler`` on stderr. A camera that fails on every frame
would otherwise write the same error thousands of times a minute. The handler lets the first
``max_repeats`` copies of a message through and then writes one summary line per
``summary_every`` suppressed copies or per ``summary_interval`` seconds, whichever comes first.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import sys
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_BACKUP_COUNT = 5

FILE_FORMAT = "%(asctime)s.%(msecs)03d %(levelname)-8s %(name)s [%(threadName)s] %(message)s"
CONSOLE_FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"

# Marks the handlers that setup_logging installed, so a second call replaces them.
_HANDLER_MARK = "_winclip_desktop_handler"


@dataclass
class _RepeatState:
    count: int = 0  # copies seen since the key was (re)created
    suppressed: int = 0  # copies suppressed since the last summary
    window_start: float = 0.0  # clock time of the first copy suppressed since the last summary
    last_seen: float = 0.0
    last_record: logging.LogRecord | None = None


class RepeatSuppressingHandler(logging.Handler):
    """Forward records to ``targets``, collapsing repeats of one message into summary lines.

    Records are the same message when logger name, level and formatted message are equal.
    The first ``max_repeats`` copies are forwarded. Later copies are counted, and a summary
    record "previous message repeated N more times ..." is forwarded when ``summary_every``
    copies were suppressed, when the first suppressed copy is ``summary_interval`` seconds old
    (checked at the next record of any message), and on :meth:`flush` and :meth:`close`.
    A message that has not been seen for ``summary_interval`` seconds starts over with
    ``max_repeats`` copies. At most ``max_tracked`` messages are tracked, and the least recently
    seen is dropped first.
    """

    def __init__(
        self,
        targets: Sequence[logging.Handler],
        *,
        max_repeats: int = 5,
        summary_every: int = 1000,
        summary_interval: float = 60.0,
        max_tracked: int = 1000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        if max_repeats < 1 or summary_every < 1 or summary_interval <= 0 or max_tracked < 1:
            raise ValueError(
                "max_repeats, summary_every and max_tracked must be >= 1 and summary_interval > 0, got "
                f"{max_repeats}, {summary_every}, {max_tracked} and {summary_interval}"
            )
        self.targets = list(targets)
        self.max_repeats = max_repeats
        self.summary_every = summary_every
        self.summary_interval = summary_interval
        self.max_tracked = max_tracked
        self._clock = clock
        self._states: OrderedDict[tuple[str, int, str], _RepeatState] = OrderedDict()
        self._last_sweep = clock()

    @staticmethod
    def _key(record: logging.LogRecord) -> tuple[str, int, str]:
        try:
            message = record.getMessage()
        except Exception:  # bad %-arguments, which the target's formatter reports
            message = str(record.msg)
        return record.name, record.levelno, message

    def emit(self, record: logging.LogRecord) -> None:
        # Handler.handle holds self.lock here, so the state needs no other lock.
        now = self._clock()
        if now - self._last_sweep >= 1.0:
            self._sweep(now)
        key = self._key(record)
        state = self._states.get(key)
        if state is None:
            state = _RepeatState()
            self._states[key] = state
            while len(self._states) > self.max_tracked:
                _, oldest = self._states.popitem(last=False)
                self._emit_summary(oldest, now)
        else:
            self._states.move_to_end(key)
        state.count += 1
        state.last_seen = now

        if state.count <= self.max_repeats:
            self._forward(record)
            return
        if state.suppressed == 0:
            state.window_start = now
        state.suppressed += 1
        state.last_record = record
        if state.suppressed >= self.summary_every:
            self._emit_summary(state, now)

    def _sweep(self, now: float) -> None:
        """Write summaries whose window is over and drop the state of messages idle for ``summary_interval``."""
        self._last_sweep = now
        for key, state in list(self._states.items()):
            if state.suppressed and now - state.window_start >= self.summary_interval:
                self._emit_summary(state, now)
            if not state.suppressed and now - state.last_seen >= self.summary_interval:
                del self._states[key]

    def _emit_summary(self, state: _RepeatState, now: float) -> None:
        if not state.suppressed or state.last_record is None:
            return
        summary = logging.makeLogRecord(state.last_record.__dict__)
        summary.msg = "previous message repeated %d more times in %.0f s: %s"
        summary.args = (state.suppressed, max(0.0, now - state.window_start), self._key(state.last_record)[2])
        summary.exc_info = None
        summary.exc_text = None
        summary.stack_info = None
        summary.created = time.time()
        summary.msecs = (summary.created - int(summary.created)) * 1000
        state.suppressed = 0
        state.last_record = None
        self._forward(summary)

    def _forward(self, record: logging.LogRecord) -> None:
        for target in self.targets:
            if record.levelno >= target.level:
                target.handle(record)

    def flush(self) -> None:
        """Write every pending summary and flush the targets."""
        self.acquire()
        try:
            now = self._clock()
            for state in self._states.values():
                self._emit_summary(state, now)
            for target in self.targets:
                # A stream closed under the handler (for example at interpreter exit) is not an error
                # worth raising; logging.shutdown ignores the same two exceptions.
                with contextlib.suppress(OSError, ValueError):
                    target.flush()
        finally:
            self.release()

    def close(self) -> None:
        """Write the pending summaries, then close the targets."""
        self.flush()
        for target in self.targets:
            target.close()
        super().close()


def _parse_level(level: str | int) -> int:
    if isinstance(level, int):
        return level
    numeric = logging.getLevelName(str(level).upper())
    if not isinstance(numeric, int):
        raise ValueError(f"invalid log level {level!r}: use DEBUG, INFO, WARNING, ERROR or CRITICAL")
    return numeric


def _file_handler(directory: Path, max_bytes: int, backup_count: int) -> logging.Handler:
    from winclip_desktop.paths import APP_LOG_FILENAME

    directory.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        directory / APP_LOG_FILENAME, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(FILE_FORMAT, DATE_FORMAT))
    return handler


def quiet_root_info(record: logging.LogRecord) -> bool:
    """Keep INFO lines that libraries log through the root logger off the console.

    open_clip logs each step of building a model ("Parsing model identifier...") through the
    root logger. They still reach the log file, and the console shows them with ``--verbose``.
    """
    return record.name != "root" or record.levelno >= logging.WARNING


def setup_logging(
    level: str | int = "INFO",
    log_dir: str | Path | None = None,
    console: bool = True,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    backup_count: int = DEFAULT_BACKUP_COUNT,
) -> Path | None:
    """Configure the root logger for the application and return the log file path.

    The file is ``<log_dir>/winclip-desktop.log`` (``log_dir`` defaults to the user log
    directory of :mod:`winclip_desktop.paths`) and rotates at ``max_bytes`` bytes, keeping
    ``backup_count`` old files. ``console`` adds a handler on stderr. Python warnings are
    logged too. Calling it again replaces the handlers of the previous call, so handlers are
    never duplicated. When the log file cannot be opened, logging goes to the console only,
    a warning gives the reason, and the function returns None.

    Raises:
        ValueError: ``level`` is not a logging level name or number.
    """
    numeric_level = _parse_level(level)
    shutdown_logging()

    targets: list[logging.Handler] = []
    log_path: Path | None = None
    file_error: OSError | None = None
    directory: Path | str = log_dir or "the user log directory"
    try:
        if log_dir is None:
            from winclip_desktop.paths import log_dir as default_log_dir

            directory = default_log_dir()
        else:
            directory = Path(log_dir).expanduser()
        file_handler = _file_handler(directory, max_bytes, backup_count)
        targets.append(file_handler)
        log_path = Path(file_handler.baseFilename)
    except OSError as exc:
        file_error = exc

    if console or file_error is not None:
        console_handler = logging.StreamHandler(sys.stderr)
        console_handler.setFormatter(logging.Formatter(CONSOLE_FORMAT, DATE_FORMAT))
        if numeric_level > logging.DEBUG:
            console_handler.addFilter(quiet_root_info)
        targets.append(console_handler)

    handler = RepeatSuppressingHandler(targets)
    setattr(handler, _HANDLER_MARK, True)
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(numeric_level)
    # Pillow logs every PNG chunk at DEBUG level, which would drown a DEBUG log.
    logging.getLogger("PIL").setLevel(max(numeric_level, logging.INFO))
    logging.captureWarnings(True)

    if file_error is not None:
        logger.warning(
            "cannot write the log file in %s: %s. Logging to the console only. "
            "Set WINCLIP_DESKTOP_LOG_DIR to a writable directory to get a log file.",
            directory,
            file_error,
        )
    else:
        logger.debug("logging to %s at level %s", log_path, logging.getLevelName(numeric_level))
    return log_path


def shutdown_logging() -> None:
    """Remove and close the handlers installed by :func:`setup_logging`, writing pending summaries."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _HANDLER_MARK, False):
            root.removeHandler(handler)
            handler.close()
