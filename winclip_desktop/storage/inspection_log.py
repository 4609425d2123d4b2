"""SQLite inspection log of one station: one row per inspected image.

Threading model: one writer thread owns the only write connection. Any thread (inspection
worker, GUI, CLI) may call :meth:`InspectionLog.record` or :meth:`InspectionLog.update_override`.
They validate and serialise the record in the caller's thread and put it on an unbounded queue,
so the caller does not wait for disk I/O. The writer takes everything that is waiting (at most
``MAX_BATCH_SIZE`` items), writes it in one transaction and commits at once, so a record is
committed a few milliseconds after it arrives. Reads (:meth:`InspectionLog.query` and friends)
open their own short-lived connection in the calling thread, which WAL mode lets run in
parallel with the writer.

Durability: the database runs in WAL mode with ``synchronous=FULL``, so every commit is fsynced
to the write-ahead log. ``NORMAL`` would already survive a killed process (a SIGKILL loses only
what is still in the queue), but after a power cut it may roll back the last commits. On a
shop floor power cuts happen, and an inspection log is a quality record of parts that may
already have moved on. The cost is one fsync per batch on the writer thread, which is far
below the inspection rate of a WinCLIP station (tens of images per second at most).

The schema is versioned with ``PRAGMA user_version`` and migrated forward on open by the
steps in :data:`MIGRATIONS`.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import contextlib
import hashlib
import json
import logging
import os
import queue
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from winclip_desktop.engine.types import NG, OK, InspectionResult, Region

logger = logging.getLogger(__name__)

SOURCE_FOLDER = "folder"
SOURCE_CAMERA = "camera"
SOURCE_WATCHED_FOLDER = "watched_folder"
SOURCE_KINDS = (SOURCE_FOLDER, SOURCE_CAMERA, SOURCE_WATCHED_FOLDER)

# Key of the annotated PNG in InspectionRecord.export_paths (the history view shows that file).
ANNOTATED_EXPORT_KEY = "annotated"

# Value of the ``verdict`` filter of InspectionLog.query that selects records with an error.
ERROR_FILTER = "ERROR"

BUSY_TIMEOUT_S = 10.0
MAX_BATCH_SIZE = 256
# Attempts to commit a batch when SQLite reports a locked or busy database (another process).
MAX_COMMIT_ATTEMPTS = 3


class InspectionLogError(RuntimeError):
    """The inspection log database cannot be opened, migrated or written."""


class SchemaVersionError(InspectionLogError):
    """The database has a schema version that this program does not know."""


# --------------------------------------------------------------------------------------------
# Record
# --------------------------------------------------------------------------------------------


def _iso_utc(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).isoformat(timespec="milliseconds")


@dataclass
class InspectionRecord:
    """One inspected image (or frame) as stored in the log.

    ``time_epoch`` is seconds since the Unix epoch, and ``time_utc`` is the same instant as ISO 8601
    in UTC and is filled from ``time_epoch`` when left empty. ``image_path`` is None for camera
    frames. ``content_hash`` is the hex SHA-256 of the file bytes (:func:`sha256_of_file`) or of
    the frame (:func:`sha256_of_frame`). ``regions`` are :meth:`Region.to_dict` dicts.
    ``references_hash`` identifies the reference images of a few-shot result (None for zero-shot).
    ``export_paths`` maps an export kind (``ANNOTATED_EXPORT_KEY``, ``"mask"``, ...) to a file path. ``error``
    is set when the image could not be inspected, and then the score and verdict are None.
    ``id`` is assigned by the database and is None until the record is read back.
    """

    source_kind: str
    source: str
    content_hash: str
    image_path: str | None = None
    time_epoch: float = field(default_factory=time.time)
    time_utc: str = ""
    recipe_name: str | None = None
    recipe_hash: str | None = None
    model: str | None = None
    weights: str | None = None
    class_name: str | None = None
    reference_count: int | None = None
    references_hash: str | None = None
    image_score: float | None = None
    verdict: str | None = None
    image_threshold: float | None = None
    pixel_threshold: float | None = None
    regions: list[dict] = field(default_factory=list)
    override: str | None = None
    comment: str | None = None
    export_paths: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        if not self.time_utc:
            self.time_utc = _iso_utc(self.time_epoch)

    @property
    def final_verdict(self) -> str | None:
        """The operator override when set, otherwise the model verdict (None for an error)."""
        return self.override or self.verdict

    @property
    def is_random_weights(self) -> bool:
        """True when the score came from random weights and therefore means nothing."""
        return self.weights == "random"

    @classmethod
    def from_result(
        cls,
        result: InspectionResult,
        *,
        source_kind: str,
        source: str,
        content_hash: str,
        image_path: str | os.PathLike | None = None,
        recipe_name: str | None = None,
        recipe_hash: str | None = None,
        identity: dict | None = None,
        export_paths: dict[str, str | os.PathLike | None] | None = None,
        export_root: str | os.PathLike | None = None,
    ) -> InspectionRecord:
        """Build a record from an engine result and ``Inspector.identity``.

        ``export_paths`` entries with a None path (a file that was not written) are left out.
        Relative export paths, such as the ``files`` of ``ResultExporter.add``, are joined to
        ``export_root`` so that the stored paths can be opened later from any working directory.
        """
        identity = identity or {}
        stored_exports = {}
        for kind, export_path in (export_paths or {}).items():
            if export_path is None:
                continue
            if export_root is not None:
                export_path = os.path.join(os.fspath(export_root), os.fspath(export_path))
            stored_exports[kind] = os.fspath(export_path)
        regions = [r.to_dict() if isinstance(r, Region) else dict(r) for r in result.regions]
        return cls(
            source_kind=source_kind,
            source=str(source),
            content_hash=content_hash,
            image_path=os.fspath(image_path) if image_path is not None else None,
            recipe_name=recipe_name,
            recipe_hash=recipe_hash,
            model=identity.get("model"),
            weights=identity.get("weights"),
            class_name=identity.get("class_name"),
            reference_count=identity.get("reference_count"),
            references_hash=identity.get("references_hash"),
            image_score=float(result.image_score),
            verdict=result.verdict,
            image_threshold=float(result.settings.image_threshold),
            pixel_threshold=float(result.settings.pixel_threshold),
            regions=regions,
            export_paths=stored_exports,
        )

    @classmethod
    def from_error(
        cls,
        error: str | BaseException,
        *,
        source_kind: str,
        source: str,
        content_hash: str,
        image_path: str | os.PathLike | None = None,
        recipe_name: str | None = None,
        recipe_hash: str | None = None,
        identity: dict | None = None,
    ) -> InspectionRecord:
        """Build the record of an image that could not be inspected (unreadable file, model failure).

        Pass an empty ``content_hash`` for a file that cannot be read.
        """
        identity = identity or {}
        return cls(
            source_kind=source_kind,
            source=str(source),
            content_hash=content_hash,
            image_path=os.fspath(image_path) if image_path is not None else None,
            recipe_name=recipe_name,
            recipe_hash=recipe_hash,
            model=identity.get("model"),
            weights=identity.get("weights"),
            class_name=identity.get("class_name"),
            reference_count=identity.get("reference_count"),
            references_hash=identity.get("references_hash"),
            error=str(error) or type(error).__name__,
        )


def sha256_of_file(path: str | os.PathLike, chunk_size: int = 1 << 20) -> str:
    """Return the hex SHA-256 of a file's bytes, read in chunks of ``chunk_size`` bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(chunk_size), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_of_frame(frame: np.ndarray) -> str:
    """Return the hex SHA-256 of a camera frame: its dtype, shape and pixel bytes (C order)."""
    digest = hashlib.sha256()
    digest.update(f"{frame.dtype.str}{frame.shape}".encode("ascii"))
    digest.update(np.ascontiguousarray(frame).tobytes())
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------
# Schema and migrations
# --------------------------------------------------------------------------------------------

# Columns written by InspectionLog.record, in the order of the INSERT statement ("id" excluded).
_COLUMNS = (
    "time_utc",
    "time_epoch",
    "source_kind",
    "source",
    "image_path",
    "content_hash",
    "recipe_name",
    "recipe_hash",
    "model",
    "weights",
    "class_name",
    "reference_count",
    "image_score",
    "verdict",
    "image_threshold",
    "pixel_threshold",
    "regions_json",
    "override",
    "comment",
    "export_paths_json",
    "error",
    "references_hash",
)

_INSERT_SQL = (
    f"INSERT INTO inspections ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)})"
)


@dataclass(frozen=True)
class Migration:
    """One schema step: ``apply`` moves a database from ``version - 1`` to ``version``.

    ``apply`` runs inside a transaction that also sets ``PRAGMA user_version``, so a step
    either completes or leaves the database unchanged. It must use ``conn.execute`` (not
    ``executescript``, which commits).
    """

    version: int
    description: str
    apply: Callable[[sqlite3.Connection], None]


def _create_schema_v1(conn: sqlite3.Connection) -> None:
    conn.execute(
        """
        CREATE TABLE inspections (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            time_utc TEXT NOT NULL,
            time_epoch REAL NOT NULL,
            source_kind TEXT NOT NULL,
            source TEXT NOT NULL,
            image_path TEXT,
            content_hash TEXT NOT NULL,
            recipe_name TEXT,
            recipe_hash TEXT,
            model TEXT,
            weights TEXT,
            class_name TEXT,
            reference_count INTEGER,
            image_score REAL,
            verdict TEXT CHECK (verdict IN ('OK', 'NG')),
            image_threshold REAL,
            pixel_threshold REAL,
            regions_json TEXT NOT NULL DEFAULT '[]',
            override TEXT CHECK (override IN ('OK', 'NG')),
            comment TEXT,
            export_paths_json TEXT NOT NULL DEFAULT '{}',
            error TEXT
        )
        """
    )
    conn.execute("CREATE INDEX inspections_time ON inspections (time_epoch)")
    conn.execute("CREATE INDEX inspections_image ON inspections (image_path, content_hash)")
    conn.execute("CREATE INDEX inspections_source ON inspections (source, time_epoch)")


def _add_references_hash(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE inspections ADD COLUMN references_hash TEXT")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "create the inspections table", _create_schema_v1),
    Migration(2, "record which reference images a few-shot result used", _add_references_hash),
)


def schema_version(conn: sqlite3.Connection) -> int:
    """Return ``PRAGMA user_version`` of an open database."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS, db_label: str = "database"
) -> int:
    """Apply the steps of ``migrations`` that the database does not have yet and return the new version.

    ``conn`` must be in autocommit mode (``isolation_level=None``). Each step runs in its own
    ``BEGIN IMMEDIATE`` transaction, and the version is read again inside it, so two processes
    that open the same old database at once do not both apply a step.

    Raises:
        ValueError: ``migrations`` are not numbered 1, 2, 3, ...
        SchemaVersionError: the database is newer than the last step, or it is a non-empty
            SQLite database of another program (version 0 with tables).
        InspectionLogError: a step failed, and the database stays at the previous version.
    """
    for expected, step in enumerate(migrations, start=1):
        if step.version != expected:
            raise ValueError(
                f"migration steps must be numbered 1, 2, 3, ..., but step {expected} has version {step.version}"
            )
    latest = len(migrations)
    current = schema_version(conn)
    if current > latest:
        raise SchemaVersionError(
            f"{db_label} has schema version {current}, but this version of winclip-desktop "
            f"knows versions up to {latest}. Update winclip-desktop or use another database file."
        )
    if current == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        if tables:
            raise SchemaVersionError(
                f"{db_label} is an SQLite database of another program (it has tables but no "
                f"winclip-desktop schema version). Choose another database file."
            )

    for step in migrations[current:]:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(conn) >= step.version:  # another process migrated meanwhile
                conn.execute("ROLLBACK")
                continue
            step.apply(conn)
            conn.execute(f"PRAGMA user_version = {int(step.version)}")
            conn.execute("COMMIT")
        except Exception as exc:
            conn.execute("ROLLBACK")
            raise InspectionLogError(
                f"migrating {db_label} to schema version {step.version} ({step.description}) "
                f"failed: {exc}. The database was left at version {step.version - 1}."
            ) from exc
        logger.info("migrated %s to schema version %d: %s", db_label, step.version, step.description)
    return schema_version(conn)


# --------------------------------------------------------------------------------------------
# Row conversion
# --------------------------------------------------------------------------------------------


def _json_default(value: Any) -> Any:
    """Convert values that the json module cannot encode: numpy scalars and arrays, paths."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    raise TypeError(f"value of type {type(value).__name__} cannot be stored as JSON: {value!r}")


def _validate(record: InspectionRecord) -> None:
    if record.source_kind not in SOURCE_KINDS:
        raise ValueError(
            f"invalid source kind {record.source_kind!r}: expected one of {', '.join(SOURCE_KINDS)}"
        )
    if record.verdict not in (OK, NG, None):
        raise ValueError(f"invalid verdict {record.verdict!r}: expected 'OK', 'NG' or None")
    if record.override not in (OK, NG, None):
        raise ValueError(f"invalid operator override {record.override!r}: expected 'OK', 'NG' or None")
    if not isinstance(record.content_hash, str):
        raise ValueError(f"content hash must be a hex string, got {type(record.content_hash).__name__}")


def _to_row(record: InspectionRecord) -> tuple:
    """Validate a record and return the values of ``_COLUMNS``, or raise ValueError or TypeError."""
    _validate(record)
    values = {
        "time_utc": record.time_utc,
        "time_epoch": float(record.time_epoch),
        "source_kind": record.source_kind,
        "source": str(record.source),
        "image_path": os.path.abspath(record.image_path) if record.image_path else None,
        "content_hash": record.content_hash,
        "recipe_name": record.recipe_name,
        "recipe_hash": record.recipe_hash,
        "model": record.model,
        "weights": record.weights,
        "class_name": record.class_name,
        "reference_count": None if record.reference_count is None else int(record.reference_count),
        "image_score": None if record.image_score is None else float(record.image_score),
        "verdict": record.verdict,
        "image_threshold": None if record.image_threshold is None else float(record.image_threshold),
        "pixel_threshold": None if record.pixel_threshold is None else float(record.pixel_threshold),
        "regions_json": json.dumps(record.regions, default=_json_default),
        "override": record.override,
        "comment": record.comment,
        "export_paths_json": json.dumps(record.export_paths, default=_json_default),
        "error": record.error,
        "references_hash": record.references_hash,
    }
    return tuple(values[name] for name in _COLUMNS)


def _from_row(row: sqlite3.Row) -> InspectionRecord:
    return InspectionRecord(
        id=row["id"],
        time_utc=row["time_utc"],
        time_epoch=row["time_epoch"],
        source_kind=row["source_kind"],
        source=row["source"],
        image_path=row["image_path"],
        content_hash=row["content_hash"],
        recipe_name=row["recipe_name"],
        recipe_hash=row["recipe_hash"],
        model=row["model"],
        weights=row["weights"],
        class_name=row["class_name"],
        reference_count=row["reference_count"],
        references_hash=row["references_hash"],
        image_score=row["image_score"],
        verdict=row["verdict"],
        image_threshold=row["image_threshold"],
        pixel_threshold=row["pixel_threshold"],
        regions=json.loads(row["regions_json"]),
        override=row["override"],
        comment=row["comment"],
        export_paths=json.loads(row["export_paths_json"]),
        error=row["error"],
    )


def to_epoch(value: datetime | float | int) -> float:
    """Convert a datetime (naive means local time) or epoch seconds to epoch seconds."""
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, (int, float)):
        return float(value)
    raise TypeError(f"expected a datetime or epoch seconds, got {type(value).__name__}: {value!r}")


# --------------------------------------------------------------------------------------------
# Writer queue items
# --------------------------------------------------------------------------------------------


class _Insert(NamedTuple):
    row: tuple
    image_path: str | None


class _Override(NamedTuple):
    key: int | tuple[str, str]
    override: str | None
    comment: str | None
    future: concurrent.futures.Future


class _Flush(NamedTuple):
    done: threading.Event


_STOP = object()


def _close_at_exit(log_ref: Callable[[], InspectionLog | None]) -> None:
    log = log_ref()
    if log is not None:
        log.close()


# --------------------------------------------------------------------------------------------
# InspectionLog
# --------------------------------------------------------------------------------------------


class InspectionLog:
    """The inspection log database of one station, with a single writer thread.

    ``path`` defaults to ``<data dir>/inspections.sqlite3`` (see :mod:`winclip_desktop.paths`);
    its parent directory is created. Opening migrates the schema and raises
    :class:`InspectionLogError` (or :class:`SchemaVersionError`) with the path and the reason
    when the file cannot be used. ``migrations`` exists so tests can add steps.

    The log is closed (queue flushed, writer stopped) by :meth:`close`, by leaving a ``with``
    block, or at interpreter exit.
    """

    def __init__(
        self,
        path: str | os.PathLike | None = None,
        *,
        migrations: Sequence[Migration] = MIGRATIONS,
    ) -> None:
        if path is None:
            from winclip_desktop.paths import default_inspection_log_path

            path = default_inspection_log_path()
        self._path = Path(path).expanduser().resolve()
        if self._path.is_dir():
            raise InspectionLogError(
                f"inspection log path {self._path} is a directory. Pass a file path such as "
                f"{self._path / 'inspections.sqlite3'}."
            )
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InspectionLogError(
                f"cannot create the directory of the inspection log {self._path}: {exc}"
            ) from exc

        self._migrations = tuple(migrations)
        self._queue: queue.Queue = queue.Queue()
        self._lock = threading.Lock()  # guards _closed against record() racing close()
        self._closed = False
        self._failed_writes = 0
        self._ready = threading.Event()
        self._startup_error: BaseException | None = None
        self._writer = threading.Thread(
            target=self._run_writer, name=f"inspection-log-writer:{self._path.name}", daemon=True
        )
        self._writer.start()
        self._ready.wait()
        if self._startup_error is not None:
            self._closed = True
            self._writer.join()
            raise self._startup_error

        # A weak reference, so the exit hook does not keep a forgotten log alive.
        self._exit_hook = lambda ref=weakref.ref(self): _close_at_exit(ref)
        atexit.register(self._exit_hook)
        logger.info("opened inspection log %s", self._path)

    # -- properties -----------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        """Absolute path of the database file."""
        return self._path

    @property
    def closed(self) -> bool:
        """True after :meth:`close`."""
        return self._closed

    @property
    def failed_writes(self) -> int:
        """Number of records and overrides that could not be written (each one was logged)."""
        return self._failed_writes

    # -- writing ----------------------------------------------------------------------------------

    def record(self, record: InspectionRecord) -> None:
        """Queue a record for the writer thread and return at once.

        The record is validated and serialised in the caller's thread, so a bad value raises
        ValueError or TypeError here. ``image_path`` is stored as an absolute path. Raises
        InspectionLogError after :meth:`close`.
        """
        row = _to_row(record)
        with self._lock:
            self._raise_if_closed()
            self._queue.put(_Insert(row, record.image_path))

    def update_override(
        self,
        key: int | tuple[str | os.PathLike, str],
        override: str | None,
        comment: str | None = None,
    ) -> concurrent.futures.Future:
        """Queue an operator override of a record's verdict and return at once.

        ``key`` is a record id or an ``(image_path, content_hash)`` pair, which selects the
        newest record of that image. ``override`` is "OK", "NG" or None (clears it). A
        ``comment`` of None keeps the stored comment. The returned future resolves to the
        number of updated rows (0 when no record matches) after the change is committed.
        """
        if override not in (OK, NG, None):
            raise ValueError(f"invalid operator override {override!r}: expected 'OK', 'NG' or None")
        if isinstance(key, tuple):
            image_path, content_hash = key
            key = (os.path.abspath(os.fspath(image_path)), content_hash)
        elif not isinstance(key, int):
            raise TypeError(f"key must be a record id or an (image_path, content_hash) pair, got {key!r}")
        future: concurrent.futures.Future = concurrent.futures.Future()
        with self._lock:
            self._raise_if_closed()
            self._queue.put(_Override(key, override, comment, future))
        return future

    def flush(self, timeout: float | None = 10.0) -> bool:
        """Wait until everything queued before this call is committed (or has failed and been logged).

        Returns False when ``timeout`` seconds passed first.
        """
        done = threading.Event()
        with self._lock:
            if self._closed:
                self._writer.join(timeout)
                return not self._writer.is_alive()
            self._queue.put(_Flush(done))
        return done.wait(timeout)

    def close(self, timeout: float | None = 10.0) -> None:
        """Commit what is queued and stop the writer thread. Calling it again does nothing."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(_STOP)
        self._writer.join(timeout)
        if self._writer.is_alive():
            logger.error(
                "inspection log %s: the writer thread did not stop within %s s, "
                "so about %d queued items may be lost",
                self._path,
                timeout,
                self._queue.qsize(),
            )
        atexit.unregister(self._exit_hook)
        logger.info("closed inspection log %s", self._path)

    def __enter__(self) -> InspectionLog:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _raise_if_closed(self) -> None:
        if self._closed:
            raise InspectionLogError(f"inspection log {self._path} is closed")

    # -- writer thread ----------------------------------------------------------------------------

    def _run_writer(self) -> None:
        try:
            conn = self._open_write_connection()
        except Exception as exc:  # reported to the constructor, which re-raises it
            self._startup_error = exc
            self._ready.set()
            return
        self._ready.set()
        try:
            while True:
                batch = [self._queue.get()]
                while len(batch) < MAX_BATCH_SIZE:
                    try:
                        batch.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                if self._process_batch(conn, batch):
                    break
        finally:
            conn.close()

    def _open_write_connection(self) -> sqlite3.Connection:
        label = f"inspection log {self._path}"
        try:
            conn = sqlite3.connect(self._path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as exc:
            raise InspectionLogError(f"cannot open {label}: {exc}") from exc
        try:
            journal_mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if journal_mode.lower() != "wal":
                # For example on some network file systems. Writes still work, with less concurrency.
                logger.warning("%s: WAL mode is not available, journal mode is %s", label, journal_mode)
            conn.execute("PRAGMA synchronous = FULL")
            migrate(conn, self._migrations, label)
        except InspectionLogError:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise InspectionLogError(
                f"cannot open {label}: {exc}. If the file is not an inspection log, "
                f"choose another database file."
            ) from exc
        return conn

    def _process_batch(self, conn: sqlite3.Connection, batch: list) -> bool:
        """Write the inserts and overrides of ``batch`` in one transaction and return True on stop.

        Flush events are set even when the writes failed, so no caller waits forever.
        """
        writes = [item for item in batch if isinstance(item, (_Insert, _Override))]
        try:
            if writes:
                self._commit_writes(conn, writes)
        except Exception:  # keeps the writer alive for later records, and these are lost and logged
            logger.exception("inspection log %s: dropped %d items after an unexpected error", self._path, len(writes))
            self._failed_writes += len(writes)
            for item in writes:
                if isinstance(item, _Override) and not item.future.done():
                    item.future.set_exception(InspectionLogError("override not written, see the application log"))
        finally:
            for item in batch:
                if isinstance(item, _Flush):
                    item.done.set()
        return any(item is _STOP for item in batch)

    def _commit_writes(self, conn: sqlite3.Connection, writes: list) -> None:
        for attempt in range(1, MAX_COMMIT_ATTEMPTS + 1):
            try:
                conn.execute("BEGIN IMMEDIATE")
                results = [self._execute_write(conn, item) for item in writes]
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                # Locked or busy beyond BUSY_TIMEOUT_S (another process), disk full, I/O error.
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if attempt < MAX_COMMIT_ATTEMPTS:
                    logger.warning(
                        "inspection log %s: commit of %d items failed (attempt %d of %d), retrying: %s",
                        self._path, len(writes), attempt, MAX_COMMIT_ATTEMPTS, exc,
                    )
                    time.sleep(0.5 * attempt)
                    continue
                logger.error(
                    "inspection log %s: dropped %d items after %d failed commits: %s",
                    self._path, len(writes), MAX_COMMIT_ATTEMPTS, exc,
                )
                self._failed_writes += len(writes)
                for item in writes:
                    if isinstance(item, _Override):
                        item.future.set_exception(InspectionLogError(f"override not written: {exc}"))
                return
            self._failed_writes += sum(1 for result in results if result is None)
            for item, result in zip(writes, results):
                if isinstance(item, _Override):
                    item.future.set_result(result or 0)
            return

    def _execute_write(self, conn: sqlite3.Connection, item: _Insert | _Override) -> int | None:
        """Execute one write inside the open transaction and return the changed rows, or None if rejected.

        A constraint violation rejects only this item (logged), not the batch.
        """
        try:
            if isinstance(item, _Insert):
                return conn.execute(_INSERT_SQL, item.row).rowcount
            return self._execute_override(conn, item)
        except (sqlite3.IntegrityError, sqlite3.InterfaceError) as exc:
            if isinstance(item, _Insert):
                logger.error("inspection log %s: record of %s rejected: %s", self._path, item.image_path, exc)
            else:
                logger.error("inspection log %s: override of %r rejected: %s", self._path, item.key, exc)
            return None

    @staticmethod
    def _execute_override(conn: sqlite3.Connection, item: _Override) -> int:
        comment_sql = "" if item.comment is None else ", comment = :comment"
        if isinstance(item.key, int):
            where = "id = :id"
            params: dict[str, Any] = {"id": item.key}
        else:
            where = (
                "id = (SELECT max(id) FROM inspections "
                "WHERE image_path = :image_path AND content_hash = :content_hash)"
            )
            params = {"image_path": item.key[0], "content_hash": item.key[1]}
        params.update(override=item.override, comment=item.comment)
        sql = f"UPDATE inspections SET override = :override{comment_sql} WHERE {where}"
        changed = conn.execute(sql, params).rowcount
        if changed == 0:
            logger.warning("operator override: no inspection record matches %r", item.key)
        return changed

    # -- reading ----------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _read_connection(self):
        """Open a read-only connection for the calling thread and close it afterwards."""
        conn = sqlite3.connect(self._path, timeout=BUSY_TIMEOUT_S)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA query_only = ON")
            yield conn
        finally:
            conn.close()

    def query(
        self,
        since: datetime | float | None = None,
        until: datetime | float | None = None,
        verdict: str | None = None,
        recipe: str | None = None,
        source: str | None = None,
        limit: int | None = None,
        *,
        source_kind: str | None = None,
        newest_first: bool = False,
    ) -> list[InspectionRecord]:
        """Return the committed records that match every given filter.

        ``since`` is inclusive and ``until`` exclusive. Both are datetimes (naive means local
        time) or epoch seconds. ``verdict`` "OK" or "NG" matches the final verdict (the operator
        override when set) of records without error, and :data:`ERROR_FILTER` matches records
        with an error. Records come in time order, oldest first unless ``newest_first``, and
        ``limit`` keeps the first ``limit`` of that order. Records still in the writer queue are
        not seen, so call :meth:`flush` first when that matters.
        """
        where, params = self._where_clause(since, until, verdict, recipe, source, source_kind)
        order = "DESC" if newest_first else "ASC"
        sql = f"SELECT * FROM inspections{where} ORDER BY time_epoch {order}, id {order}"
        if limit is not None:
            if limit < 0:
                raise ValueError(f"limit must be >= 0, got {limit}")
            sql += " LIMIT ?"
            params.append(int(limit))
        with self._read_connection() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [_from_row(row) for row in rows]

    @staticmethod
    def _where_clause(
        since: datetime | float | None,
        until: datetime | float | None,
        verdict: str | None,
        recipe: str | None,
        source: str | None,
        source_kind: str | None,
    ) -> tuple[str, list]:
        conditions: list[str] = []
        params: list = []
        if since is not None:
            conditions.append("time_epoch >= ?")
            params.append(to_epoch(since))
        if until is not None:
            conditions.append("time_epoch < ?")
            params.append(to_epoch(until))
        if verdict is not None:
            if verdict == ERROR_FILTER:
                conditions.append("error IS NOT NULL")
            elif verdict in (OK, NG):
                conditions.append("error IS NULL AND coalesce(override, verdict) = ?")
                params.append(verdict)
            else:
                raise ValueError(f"invalid verdict filter {verdict!r}: expected 'OK', 'NG' or {ERROR_FILTER!r}")
        if recipe is not None:
            conditions.append("recipe_name = ?")
            params.append(recipe)
        if source is not None:
            conditions.append("source = ?")
            params.append(str(source))
        if source_kind is not None:
            conditions.append("source_kind = ?")
            params.append(source_kind)
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        return where, params

    def get(self, record_id: int) -> InspectionRecord | None:
        """Return the record with this id, or None."""
        with self._read_connection() as conn:
            row = conn.execute("SELECT * FROM inspections WHERE id = ?", (record_id,)).fetchone()
        return None if row is None else _from_row(row)

    def count(self) -> int:
        """Return the number of committed records."""
        with self._read_connection() as conn:
            return int(conn.execute("SELECT count(*) FROM inspections").fetchone()[0])

    def distinct_values(self, column: str) -> list[str]:
        """Return the sorted distinct non-null values of ``recipe_name``, ``source`` or ``source_kind``."""
        if column not in ("recipe_name", "source", "source_kind"):
            raise ValueError(f"distinct values are available for recipe_name, source and source_kind, not {column!r}")
        with self._read_connection() as conn:
            rows = conn.execute(
                f"SELECT DISTINCT {column} FROM inspections WHERE {column} IS NOT NULL ORDER BY {column}"
            ).fetchall()
        return [row[0] for row in rows]

    def done_keys(self, source: str | None = None) -> set[tuple[str, str]]:
        """Return the (absolute image path, content hash) pairs that have a record without error.

        A resumed run skips an image whose pair is in this set. ``source`` limits the set to one
        folder or camera. Records still in the writer queue are not included.
        """
        sql = (
            "SELECT DISTINCT image_path, content_hash FROM inspections "
            "WHERE error IS NULL AND image_path IS NOT NULL"
        )
        params: list = []
        if source is not None:
            sql += " AND source = ?"
            params.append(str(source))
        with self._read_connection() as conn:
            return {(row[0], row[1]) for row in conn.execute(sql, params)}

    def is_done(self, image_path: str | os.PathLike, content_hash: str) -> bool:
        """Return True when this image with these exact bytes has a committed record without error."""
        with self._read_connection() as conn:
            row = conn.execute(
                "SELECT 1 FROM inspections WHERE image_path = ? AND content_hash = ? "
                "AND error IS NULL LIMIT 1",
                (os.path.abspath(os.fspath(image_path)), content_hash),
            ).fetchone()
        return row is not None
