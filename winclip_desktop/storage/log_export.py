"""CSV export of the inspection log, and the ``log export`` command behind the CLI.

The CSV is written to a temporary file in the target directory, fsynced and renamed over the
target with :func:`os.replace`, so a reader never sees a half-written file and an existing file
is replaced only by a complete one.
"""

from __future__ import annotations

import contextlib
import csv
import json
import logging
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from winclip_desktop.storage.inspection_log import InspectionLog, InspectionLogError, InspectionRecord

logger = logging.getLogger(__name__)

CSV_COLUMNS = (
    "id",
    "time_utc",
    "time_local",
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
    "override",
    "final_verdict",
    "comment",
    "image_threshold",
    "pixel_threshold",
    "region_count",
    "regions",
    "export_paths",
    "error",
)

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$", re.IGNORECASE)
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DURATION_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}

TimeValue = datetime | float | int | str


def parse_time(text: str, now: datetime | None = None) -> datetime:
    """Parse a ``--since``/``--until`` value into a timezone-aware UTC datetime.

    Accepted forms:

    - a date (``2026-12-01``), which means midnight local time;
    - a local date and time (``2026-12-01T08:00``, ``2026-12-01 08:00:30``);
    - an ISO 8601 time with an offset (``2026-12-01T08:00Z``, ``2026-12-01T08:00+08:00``);
    - a duration back from ``now`` with the unit s, m, h, d or w (``90s``, ``30m``, ``24h``,
      ``7d``, ``2w``);
    - ``now``.

    Local time is the time zone of this computer, because operators type the wall-clock time of
    their shift.

    Raises:
        ValueError: the text matches none of these forms. The message lists them.
    """
    value = text.strip()
    now = now or datetime.now(timezone.utc)
    if value.lower() == "now":
        return now.astimezone(timezone.utc)

    duration = _DURATION.match(value)
    if duration:
        amount, unit = float(duration.group(1)), duration.group(2).lower()
        return (now - timedelta(**{_DURATION_UNITS[unit]: amount})).astimezone(timezone.utc)

    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"invalid time {text!r}: use a date (2026-12-01), a local date and time "
            f"(2026-12-01T08:00), an ISO 8601 time with offset (2026-12-01T08:00Z) or a duration "
            f"back from now (30m, 24h, 7d)"
        ) from None
    # astimezone() on a naive datetime interprets it as local time.
    return parsed.astimezone(timezone.utc)


def parse_until(text: str, now: datetime | None = None) -> datetime:
    """Parse an ``--until`` value like :func:`parse_time`, except that a bare date includes that whole day."""
    parsed = parse_time(text, now)
    if _DATE_ONLY.match(text.strip()):
        parsed += timedelta(days=1)
    return parsed


def _as_time(value: TimeValue | None) -> datetime | float | None:
    if isinstance(value, str):
        return parse_time(value)
    return value


def _csv_row(record: InspectionRecord) -> dict[str, Any]:
    local_time = datetime.fromtimestamp(record.time_epoch).astimezone()
    return {
        "id": record.id,
        "time_utc": record.time_utc,
        "time_local": local_time.isoformat(timespec="seconds"),
        "source_kind": record.source_kind,
        "source": record.source,
        "image_path": record.image_path,
        "content_hash": record.content_hash,
        "recipe_name": record.recipe_name,
        "recipe_hash": record.recipe_hash,
        "model": record.model,
        "weights": record.weights,
        "class_name": record.class_name,
        "reference_count": record.reference_count,
        "image_score": record.image_score,
        "verdict": record.verdict,
        "override": record.override,
        "final_verdict": record.final_verdict,
        "comment": record.comment,
        "image_threshold": record.image_threshold,
        "pixel_threshold": record.pixel_threshold,
        "region_count": len(record.regions),
        "regions": json.dumps(record.regions, ensure_ascii=False),
        "export_paths": json.dumps(record.export_paths, ensure_ascii=False),
        "error": record.error,
    }


def write_csv(records: Iterable[InspectionRecord], path: str | os.PathLike, *, excel_bom: bool = True) -> int:
    """Write ``records`` as CSV to ``path`` atomically and return the number of rows.

    Columns are :data:`CSV_COLUMNS`, and empty cells mean None. With ``excel_bom`` the file
    starts with a UTF-8 byte order mark, so Excel reads non-ASCII paths and comments (for
    example Chinese) correctly. Python readers then need ``encoding="utf-8-sig"``.

    Raises:
        FileNotFoundError: the target directory does not exist.
        OSError: the file cannot be written. No partial file is left behind.
    """
    target = Path(path).expanduser().absolute()
    if not target.parent.is_dir():
        raise FileNotFoundError(f"cannot write {target}: the directory {target.parent} does not exist")
    if target.is_dir():
        raise IsADirectoryError(f"cannot write the CSV file {target}: it is a directory")

    # An existing target keeps its permissions. A new file gets rw-r--r-- instead of mkstemp's 0600.
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o644
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    rows = 0
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8-sig" if excel_bom else "utf-8") as file:
            writer = csv.DictWriter(file, fieldnames=CSV_COLUMNS)
            writer.writeheader()
            for record in records:
                writer.writerow(_csv_row(record))
                rows += 1
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    logger.info("exported %d inspection records to %s", rows, target)
    return rows


def export_csv(
    log: InspectionLog,
    path: str | os.PathLike,
    since: TimeValue | None = None,
    until: TimeValue | None = None,
    *,
    verdict: str | None = None,
    recipe: str | None = None,
    source: str | None = None,
    source_kind: str | None = None,
    excel_bom: bool = True,
) -> int:
    """Export the committed records that match the filters to ``path`` and return the row count.

    ``since`` (inclusive) and ``until`` (exclusive) are datetimes, epoch seconds or strings for
    :func:`parse_time`. The other filters are those of :meth:`InspectionLog.query`. Rows are in
    time order, oldest first. See :func:`write_csv` for the file format and errors.
    """
    records = log.query(
        since=_as_time(since),
        until=_as_time(until),
        verdict=verdict,
        recipe=recipe,
        source=source,
        source_kind=source_kind,
    )
    return write_csv(records, path, excel_bom=excel_bom)


def run_log_export(args: Any) -> int:
    """Run ``winclip-desktop log export`` and return the exit status.

    ``args`` has ``out`` (the CSV path, required), ``since`` and ``until`` (strings for
    :func:`parse_time` or None) and ``db`` (the database path, or None for the station's default
    log). The database must exist: exporting never creates an empty log. Exit status 0 means
    success, 2 an invalid argument or a missing database, 1 a failure to read or write.
    """
    from winclip_desktop.paths import default_inspection_log_path

    out = getattr(args, "out", None)
    if not out:
        logger.error("log export: --out FILE.csv is required")
        return 2
    try:
        since = parse_time(args.since) if getattr(args, "since", None) else None
        until = parse_until(args.until) if getattr(args, "until", None) else None
    except ValueError as exc:
        logger.error("log export: %s", exc)
        return 2
    if since is not None and until is not None and since >= until:
        logger.error("log export: --since (%s) must be earlier than --until (%s)", args.since, args.until)
        return 2

    db = Path(args.db).expanduser() if getattr(args, "db", None) else default_inspection_log_path()
    if not db.is_file():
        logger.error("log export: inspection log %s not found. Pass the database with --db PATH.", db)
        return 2
    if db.stat().st_size == 0:
        # SQLite would accept an empty file as a new database and turn it into an empty log.
        logger.error("log export: %s is an empty file, not an inspection log. Pass the database with --db PATH.", db)
        return 2

    try:
        with InspectionLog(db) as log:
            rows = export_csv(log, out, since=since, until=until)
    except (InspectionLogError, OSError) as exc:
        logger.error("log export failed: %s", exc)
        return 1
    sys.stdout.write(f"wrote {rows} inspection records from {db} to {Path(out).absolute()}\n")
    return 0
