"""Tests of the SQLite inspection log (storage.inspection_log) and its CSV export (storage.log_export)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import csv
import hashlib
import logging
import sqlite3
import subprocess
import sys
import threading
import time
from argparse import Namespace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from winclip_desktop.engine.postprocess import postprocess
from winclip_desktop.engine.types import NG, OK, PostProcessSettings
from winclip_desktop.storage.inspection_log import (
    ERROR_FILTER,
    MIGRATIONS,
    InspectionLog,
    InspectionLogError,
    InspectionRecord,
    Migration,
    SchemaVersionError,
    sha256_of_file,
    sha256_of_frame,
)
from winclip_desktop.storage.log_export import (
    CSV_COLUMNS,
    export_csv,
    parse_time,
    parse_until,
    run_log_export,
    write_csv,
)

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
BOTTLE_TEST = DATASETS / "mvtec_ad" / "bottle" / "test"


def make_record(index: int = 0, **overrides) -> InspectionRecord:
    values = dict(
        source_kind="folder",
        source="/line1/batch",
        content_hash=f"hash-{index}",
        image_path=f"/line1/batch/img_{index:04d}.png",
        recipe_name="bottle",
        recipe_hash="r1",
        model="winclip-tiny",
        weights="random",
        image_score=0.25,
        verdict=OK,
        image_threshold=0.5,
        pixel_threshold=0.6,
    )
    values.update(overrides)
    return InspectionRecord(**values)


@pytest.fixture
def log(tmp_path):
    inspection_log = InspectionLog(tmp_path / "inspections.sqlite3")
    yield inspection_log
    inspection_log.close()


# -- opening and schema ------------------------------------------------------------------------


def test_open_sets_wal_and_version(log):
    conn = sqlite3.connect(log.path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) == 2
        columns = {row[1] for row in conn.execute("PRAGMA table_info(inspections)")}
    finally:
        conn.close()
    for name in ("time_utc", "time_epoch", "source_kind", "content_hash", "recipe_hash", "weights",
                 "regions_json", "override", "comment", "export_paths_json", "error", "references_hash"):
        assert name in columns


def test_default_path_uses_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("WINCLIP_DESKTOP_DATA_DIR", str(tmp_path / "data"))
    with InspectionLog() as default_log:
        assert default_log.path == (tmp_path / "data" / "inspections.sqlite3").resolve()
        assert default_log.path.is_file()


def add_station_column(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE inspections ADD COLUMN station TEXT NOT NULL DEFAULT 'line-1'")


NEXT_VERSION = len(MIGRATIONS) + 1


def test_v1_database_gains_references_hash(tmp_path):
    """A log written before reference fingerprints existed opens, keeps its rows and records new ones."""
    db = tmp_path / "v1.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        from winclip_desktop.storage.inspection_log import migrate

        migrate(conn, MIGRATIONS[:1])
        conn.execute(
            "INSERT INTO inspections (time_utc, time_epoch, source_kind, source, content_hash, reference_count)"
            " VALUES ('2026-01-01T00:00:00Z', 1767225600, 'folder', '/line', 'old-hash', 2)"
        )
    finally:
        conn.close()

    with InspectionLog(db) as upgraded:
        upgraded.record(make_record(1))
        assert upgraded.flush()
        records = upgraded.query()
    assert [r.content_hash for r in records] == ["old-hash", "hash-1"]
    assert records[0].reference_count == 2
    assert records[0].references_hash is None


def test_current_database_migrated_to_next_version(tmp_path):
    db = tmp_path / "old.sqlite3"
    with InspectionLog(db) as old_log:
        old_log.record(make_record(1))
        old_log.record(make_record(2))

    steps = MIGRATIONS + (Migration(NEXT_VERSION, "add the station column", add_station_column),)
    with InspectionLog(db, migrations=steps) as new_log:
        records = new_log.query()
    assert [r.content_hash for r in records] == ["hash-1", "hash-2"]

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == NEXT_VERSION
        assert conn.execute("SELECT station FROM inspections").fetchall() == [("line-1",), ("line-1",)]
    finally:
        conn.close()


def test_failed_migration_leaves_version(tmp_path):
    db = tmp_path / "old.sqlite3"
    InspectionLog(db).close()

    def broken_step(conn):
        conn.execute("CREATE TABLE half_done (x INTEGER)")
        raise RuntimeError("disk on fire")

    steps = MIGRATIONS + (Migration(NEXT_VERSION, "broken step", broken_step),)
    with pytest.raises(InspectionLogError, match=f"schema version {NEXT_VERSION}.*disk on fire"):
        InspectionLog(db, migrations=steps)

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()
    assert "half_done" not in tables


def test_newer_schema_rejected(tmp_path):
    db = tmp_path / "future.sqlite3"
    steps = MIGRATIONS + (Migration(NEXT_VERSION, "add the station column", add_station_column),)
    InspectionLog(db, migrations=steps).close()
    expected = rf"future\.sqlite3 has schema version {NEXT_VERSION}.*up to {len(MIGRATIONS)}"
    with pytest.raises(SchemaVersionError, match=expected):
        InspectionLog(db)


def test_foreign_sqlite_rejected(tmp_path):
    db = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE customers (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaVersionError, match="another program"):
        InspectionLog(db)


def test_non_database_file_rejected(tmp_path):
    db = tmp_path / "notes.sqlite3"
    db.write_bytes(b"these are not the pages of an SQLite database" * 100)
    with pytest.raises(InspectionLogError, match="notes.sqlite3"):
        InspectionLog(db)


def test_directory_path_rejected(tmp_path):
    with pytest.raises(InspectionLogError, match="is a directory"):
        InspectionLog(tmp_path)


def test_migration_steps_must_be_numbered():
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        from winclip_desktop.storage.inspection_log import migrate

        with pytest.raises(ValueError, match="numbered"):
            migrate(conn, (Migration(2, "skips version 1", add_station_column),))
    finally:
        conn.close()


# -- writing and reading ------------------------------------------------------------------------


def test_result_round_trip(log, tmp_path):
    anomaly_map = np.zeros((64, 80), np.float32)
    anomaly_map[10:30, 20:50] = 0.9
    result = postprocess(anomaly_map, 0.8, PostProcessSettings(image_threshold=0.5, pixel_threshold=0.5,
                                                               kernel_size=3, min_area=10))
    assert result.verdict == NG
    assert len(result.regions) == 1
    identity = {"model": "winclip-tiny", "weights": "random", "class_name": "bottle", "reference_count": 2}
    record = InspectionRecord.from_result(
        result,
        source_kind="folder",
        source=tmp_path,
        content_hash="abc123",
        image_path=tmp_path / "part 7 瓶.png",
        recipe_name="bottle-line1",
        recipe_hash="9f8e",
        identity=identity,
        export_paths={"annotated": tmp_path / "annotated" / "part.png"},
    )
    log.record(record)
    assert log.flush(timeout=10)

    (stored,) = log.query()
    assert stored.id is not None
    assert stored.image_path == str(tmp_path / "part 7 瓶.png")
    assert stored.time_epoch == pytest.approx(record.time_epoch)
    assert stored.time_utc == record.time_utc
    assert stored.time_utc.endswith("+00:00")
    assert stored.image_score == pytest.approx(0.8)
    assert stored.verdict == NG
    assert stored.image_threshold == 0.5
    assert stored.pixel_threshold == 0.5
    assert stored.regions == [region.to_dict() for region in result.regions]
    assert stored.regions[0]["bbox"] == [20, 10, 30, 20]
    assert stored.export_paths == {"annotated": str(tmp_path / "annotated" / "part.png")}
    assert (stored.model, stored.weights, stored.class_name, stored.reference_count) == (
        "winclip-tiny", "random", "bottle", 2)
    assert stored.recipe_name == "bottle-line1"
    assert stored.recipe_hash == "9f8e"
    assert stored.is_random_weights
    assert stored.error is None


def test_export_paths_joined_to_root(tmp_path):
    result = postprocess(np.zeros((8, 8), np.float32), 0.1, PostProcessSettings())
    files = {"annotated": "annotated/good/000.png.png", "mask": "masks/good/000.png.png", "map": None}
    record = InspectionRecord.from_result(result, source_kind="folder", source="/in", content_hash="h",
                                          export_paths=files, export_root=tmp_path)
    assert record.export_paths == {
        "annotated": str(tmp_path / "annotated" / "good" / "000.png.png"),
        "mask": str(tmp_path / "masks" / "good" / "000.png.png"),
    }


def test_error_record_round_trip(log):
    log.record(InspectionRecord.from_error(
        ValueError("cannot decode /x/broken.png: truncated PNG"),
        source_kind="watched_folder", source="/x", content_hash="", image_path="/x/broken.png"))
    log.flush()
    (stored,) = log.query()
    assert stored.error == "cannot decode /x/broken.png: truncated PNG"
    assert stored.verdict is None
    assert stored.image_score is None
    assert stored.source_kind == "watched_folder"


def test_record_committed_without_flush(log):
    log.record(make_record(1))
    deadline = time.monotonic() + 5.0
    while log.count() == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert log.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("source_kind", "usb-stick", "invalid source kind"),
        ("verdict", "MAYBE", "invalid verdict"),
        ("override", "ok", "invalid operator override"),
    ],
)
def test_invalid_record_rejected(log, field, value, message):
    with pytest.raises(ValueError, match=message):
        log.record(make_record(**{field: value}))


def test_unserialisable_region_rejected(log):
    with pytest.raises(TypeError, match="cannot be stored as JSON"):
        log.record(make_record(regions=[{"id": 1, "shape": object()}]))


def test_numpy_values_in_regions_stored(log):
    log.record(make_record(regions=[{"id": np.int64(1), "max_score": np.float32(0.5), "bbox": np.array([1, 2, 3, 4])}]))
    log.flush()
    assert log.query()[0].regions == [{"id": 1, "max_score": 0.5, "bbox": [1, 2, 3, 4]}]


def test_relative_image_path_made_absolute(log, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    log.record(make_record(image_path="sub/a.png"))
    log.flush()
    assert log.query()[0].image_path == str(tmp_path / "sub" / "a.png")
    assert log.is_done("sub/a.png", "hash-0")


def test_eight_threads_write_1600_rows(log, caplog):
    caplog.set_level(logging.WARNING)
    errors = []
    start = threading.Barrier(8)

    def write(thread_index):
        try:
            start.wait()
            for i in range(200):
                log.record(make_record(content_hash=f"{thread_index}-{i}", image_path=f"/p/{thread_index}/{i}.png"))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert log.flush(timeout=30)
    assert errors == []
    assert log.count() == 1600
    assert len(log.done_keys()) == 1600
    assert log.failed_writes == 0
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_concurrent_reads_during_writes(log):
    errors = []
    stop = threading.Event()

    def read():
        try:
            while not stop.is_set():
                log.query(verdict=OK, limit=50, newest_first=True)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for reader in readers:
        reader.start()
    for i in range(300):
        log.record(make_record(i))
    log.flush()
    stop.set()
    for reader in readers:
        reader.join()
    assert errors == []
    assert log.count() == 300


def test_query_filters(log):
    base = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc).timestamp()
    log.record(make_record(1, time_epoch=base, verdict=OK, recipe_name="bottle", source="/a"))
    log.record(make_record(2, time_epoch=base + 3600, verdict=NG, recipe_name="bottle", source="/a"))
    log.record(make_record(3, time_epoch=base + 7200, verdict=OK, recipe_name="tile", source="/b"))
    log.record(make_record(4, time_epoch=base + 7300, verdict=None, image_score=None, error="unreadable",
                           source="/b", source_kind="camera"))
    log.flush()

    def hashes(**filters):
        return [r.content_hash for r in log.query(**filters)]

    assert hashes() == ["hash-1", "hash-2", "hash-3", "hash-4"]
    assert hashes(since=base + 3600) == ["hash-2", "hash-3", "hash-4"]
    assert hashes(until=base + 3600) == ["hash-1"]
    assert hashes(since=datetime.fromtimestamp(base + 1, tz=timezone.utc),
                  until=datetime.fromtimestamp(base + 7200, tz=timezone.utc)) == ["hash-2"]
    assert hashes(verdict=OK) == ["hash-1", "hash-3"]
    assert hashes(verdict=NG) == ["hash-2"]
    assert hashes(verdict=ERROR_FILTER) == ["hash-4"]
    assert hashes(recipe="tile") == ["hash-3"]
    assert hashes(source="/b") == ["hash-3", "hash-4"]
    assert hashes(source_kind="camera") == ["hash-4"]
    assert hashes(limit=2, newest_first=True) == ["hash-4", "hash-3"]
    assert log.distinct_values("recipe_name") == ["bottle", "tile"]
    assert log.distinct_values("source") == ["/a", "/b"]
    with pytest.raises(ValueError, match="invalid verdict filter"):
        log.query(verdict="bad")
    with pytest.raises(ValueError, match="not 'error'"):
        log.distinct_values("error")


def test_override_by_id_and_by_image(log):
    log.record(make_record(1, verdict=NG))
    log.record(make_record(2, verdict=OK, comment="first look"))
    log.flush()
    first, second = log.query()

    assert log.update_override(first.id, OK, "dust, not a crack").result(timeout=10) == 1
    assert log.update_override((second.image_path, second.content_hash), NG).result(timeout=10) == 1
    assert log.update_override(999_999, NG).result(timeout=10) == 0

    first, second = log.query()
    assert (first.override, first.comment, first.final_verdict) == (OK, "dust, not a crack", OK)
    assert (second.override, second.comment, second.final_verdict) == (NG, "first look", NG)
    assert [r.content_hash for r in log.query(verdict=OK)] == ["hash-1"]

    assert log.update_override(first.id, None).result(timeout=10) == 1
    assert log.get(first.id).override is None
    with pytest.raises(ValueError, match="invalid operator override"):
        log.update_override(first.id, "GOOD")


def test_override_by_image_picks_newest(log):
    log.record(make_record(1, time_epoch=1000.0))
    log.record(make_record(1, time_epoch=2000.0))
    log.update_override(("/line1/batch/img_0001.png", "hash-1"), NG, "rechecked")
    log.flush()
    older, newer = log.query()
    assert older.override is None
    assert newer.override == NG


def test_resume_keys(log):
    log.record(make_record(1, source="/a"))
    log.record(make_record(2, source="/a", verdict=None, image_score=None, error="model failed"))
    log.record(make_record(3, source="/b"))
    log.flush()
    assert log.is_done("/line1/batch/img_0001.png", "hash-1")
    assert not log.is_done("/line1/batch/img_0001.png", "hash-1-changed")
    assert not log.is_done("/line1/batch/img_0002.png", "hash-2")
    assert log.done_keys("/a") == {("/line1/batch/img_0001.png", "hash-1")}
    assert len(log.done_keys()) == 2


def test_close_idempotent(tmp_path):
    closing_log = InspectionLog(tmp_path / "db.sqlite3")
    closing_log.record(make_record(1))
    closing_log.close()
    closing_log.close()
    assert closing_log.closed
    assert closing_log.flush(timeout=1)
    assert closing_log.count() == 1
    with pytest.raises(InspectionLogError, match="is closed"):
        closing_log.record(make_record(2))
    with pytest.raises(InspectionLogError, match="is closed"):
        closing_log.update_override(1, OK)


def test_two_logs_share_file(tmp_path):
    db = tmp_path / "shared.sqlite3"
    with InspectionLog(db) as first, InspectionLog(db) as second:
        for i in range(50):
            first.record(make_record(i))
            second.record(make_record(100 + i))
        assert first.flush()
        assert second.flush()
        assert first.count() == 100


_KILLED_WRITER = """
import sys, time
from winclip_desktop.storage.inspection_log import InspectionLog, InspectionRecord
log = InspectionLog(sys.argv[1])
index = 0
def write(n):
    global index
    for _ in range(n):
        log.record(InspectionRecord(source_kind="camera", source="cam0", content_hash=str(index),
                                    verdict="OK", image_score=0.1, weights="random"))
        index += 1
write(100)
log.flush()
print("flushed", flush=True)
while True:
    write(20)
    time.sleep(0.001)
"""


def test_sigkill_keeps_committed_rows(tmp_path):
    if sys.platform == "win32":
        pytest.skip("SIGKILL is POSIX only")
    db = tmp_path / "killed.sqlite3"
    process = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "flushed"
        time.sleep(0.3)
    finally:
        process.kill()
        process.wait(timeout=10)
        process.stdout.close()

    with InspectionLog(db) as reopened:
        rows = reopened.count()
        reopened.record(make_record(1))
        assert reopened.flush()
        assert reopened.count() == rows + 1
    assert rows >= 100
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


# -- content hashes -------------------------------------------------------------------------------


def test_file_hash_matches_bytes(tmp_path):
    images = sorted((BOTTLE_TEST / "broken_large").glob("*.png"))[:1]
    if not images:
        pytest.skip(f"MVTec AD bottle images not found under {BOTTLE_TEST}")
    data = images[0].read_bytes()
    assert sha256_of_file(images[0], chunk_size=4096) == hashlib.sha256(data).hexdigest()


def test_frame_hash_includes_shape():
    frame = np.arange(24, dtype=np.uint8).reshape(2, 4, 3)
    assert sha256_of_frame(frame) == sha256_of_frame(frame.copy())
    assert sha256_of_frame(frame) != sha256_of_frame(frame.reshape(4, 2, 3))
    assert sha256_of_frame(frame[:, ::-1]) == sha256_of_frame(np.ascontiguousarray(frame[:, ::-1]))


# -- time parsing and CSV export -----------------------------------------------------------------

NOW = datetime(2026, 12, 10, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24h", NOW - timedelta(hours=24)),
        ("7d", NOW - timedelta(days=7)),
        ("30m", NOW - timedelta(minutes=30)),
        ("90s", NOW - timedelta(seconds=90)),
        ("2w", NOW - timedelta(weeks=2)),
        ("1.5h", NOW - timedelta(minutes=90)),
        ("now", NOW),
        ("2026-12-01T08:00Z", datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)),
        ("2026-12-01T08:00+08:00", datetime(2026, 12, 1, 0, 0, tzinfo=timezone.utc)),
    ],
)
def test_parse_time_forms(text, expected):
    assert parse_time(text, now=NOW) == expected


def test_parse_time_local_date():
    parsed = parse_time("2026-12-01")
    assert parsed.tzinfo is not None
    assert parsed == datetime(2026, 12, 1).astimezone()
    assert parse_time("2026-12-01T08:00") == datetime(2026, 12, 1, 8, 0).astimezone()


@pytest.mark.parametrize("text", ["yesterday", "7 days", "2026-13-01", "-1h", ""])
def test_parse_time_invalid(text):
    with pytest.raises(ValueError, match="invalid time"):
        parse_time(text, now=NOW)


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as file:
        return list(csv.DictReader(file))


def test_export_csv_filters_and_columns(log, tmp_path):
    base = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc).timestamp()
    log.record(make_record(1, time_epoch=base - 86400))
    log.record(make_record(2, time_epoch=base + 60, verdict=NG, comment="划痕 near the neck",
                           regions=[{"id": 1, "area": 120, "bbox": [1, 2, 3, 4]}]))
    log.record(make_record(3, time_epoch=base + 120))
    log.flush()
    out = tmp_path / "export.csv"

    count = export_csv(log, out, since="2026-12-01T08:00Z", until=base + 100)

    assert count == 1
    rows = read_csv(out)
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert len(rows) == 1
    row = rows[0]
    assert row["content_hash"] == "hash-2"
    assert row["comment"] == "划痕 near the neck"
    assert row["final_verdict"] == NG
    assert row["region_count"] == "1"
    assert row["weights"] == "random"
    assert row["time_utc"].startswith("2026-12-01T08:01:00")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".export")) == []


def test_failed_export_keeps_old_file(tmp_path):
    out = tmp_path / "export.csv"
    out.write_text("previous export\n", encoding="utf-8")

    def failing_records():
        yield make_record(1)
        raise OSError("source went away")

    with pytest.raises(OSError, match="source went away"):
        write_csv(failing_records(), out)
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv"]


def test_export_to_missing_directory(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        write_csv([make_record(1)], tmp_path / "no-such-dir" / "out.csv")


def test_run_log_export(tmp_path, capsys):
    db = tmp_path / "station.sqlite3"
    with InspectionLog(db) as station_log:
        station_log.record(make_record(1, time_epoch=time.time() - 3 * 3600))
        station_log.record(make_record(2, time_epoch=time.time() - 60))
    out = tmp_path / "last-hour.csv"

    status = run_log_export(Namespace(since="1h", until=None, out=str(out), db=str(db)))

    assert status == 0
    assert [row["content_hash"] for row in read_csv(out)] == ["hash-2"]
    assert "wrote 1 inspection records" in capsys.readouterr().out


def test_run_log_export_bad_arguments(tmp_path, caplog):
    out = tmp_path / "out.csv"
    missing_db = tmp_path / "missing.sqlite3"
    assert run_log_export(Namespace(since=None, until=None, out=str(out), db=str(missing_db))) == 2
    assert "not found" in caplog.text
    assert not missing_db.exists()
    assert run_log_export(Namespace(since="last week", until=None, out=str(out), db=None)) == 2
    assert "invalid time 'last week'" in caplog.text
    assert run_log_export(Namespace(since="1h", until="2h", out=str(out), db=None)) == 2
    assert "must be earlier" in caplog.text
    assert not out.exists()


def test_until_date_includes_whole_day():
    assert parse_until("2026-12-05", now=NOW) == parse_time("2026-12-06", now=NOW)
    assert parse_until("2026-12-05T08:00", now=NOW) == parse_time("2026-12-05T08:00", now=NOW)
    assert parse_until("24h", now=NOW) == parse_time("24h", now=NOW)


def test_run_log_export_leaves_empty_file_alone(tmp_path, caplog):
    empty = tmp_path / "afile"
    empty.touch()
    assert run_log_export(Namespace(since=None, until=None, out=str(tmp_path / "out.csv"), db=str(empty))) == 2
    assert "afile is an empty file" in caplog.text
    assert empty.stat().st_size == 0
