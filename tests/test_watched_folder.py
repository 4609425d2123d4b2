"""Tests of the watched-folder source with real MVTec AD images copied and written into a folder."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
import shutil
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from winclip_desktop.engine.image_io import read_image
from winclip_desktop.sources.base import SourceStatus, SourceUnavailableError
from winclip_desktop.sources.watched_folder import WatchedFolderSource

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
BOTTLE = DATASETS / "mvtec_ad" / "bottle"

SETTLE_S = 0.3
POLL_S = 0.05


@pytest.fixture(scope="module")
def bottle_pngs() -> list[Path]:
    """Four real 900x900 bottle PNGs (good and defective)."""
    if not (BOTTLE / "test").is_dir():
        pytest.skip(f"MVTec AD bottle images not found at {BOTTLE}")
    return [
        BOTTLE / "test" / "good" / "000.png",
        BOTTLE / "test" / "broken_large" / "000.png",
        BOTTLE / "test" / "contamination" / "001.png",
        BOTTLE / "test" / "broken_small" / "002.png",
    ]


@pytest.fixture
def folder(tmp_path) -> Path:
    watched = tmp_path / "incoming"
    watched.mkdir()
    return watched


def make_source(folder: Path, **options) -> WatchedFolderSource:
    options.setdefault("state_path", folder.parent / "state" / "seen.json")
    options.setdefault("settle_s", SETTLE_S)
    options.setdefault("poll_interval_s", POLL_S)
    return WatchedFolderSource(folder, **options)


def consume(source: WatchedFolderSource, duration: float) -> list:
    """Take every delivered frame for ``duration`` seconds, marking each one done like the station does."""
    frames = []
    deadline = time.monotonic() + duration
    while time.monotonic() < deadline:
        frame = source.next_frame(0, timeout=0.05)
        if frame is not None:
            frames.append(frame)
            source.mark_done(frame)
    return frames


def write_slowly(source_file: Path, target: Path, duration: float, chunks: int = 10) -> None:
    """Write ``source_file`` to ``target`` in ``chunks`` pieces spread over ``duration`` seconds."""
    data = source_file.read_bytes()
    size = len(data) // chunks + 1
    with open(target, "wb") as handle:
        for start in range(0, len(data), size):
            handle.write(data[start : start + size])
            handle.flush()
            time.sleep(duration / chunks)


def test_each_file_inspected_once_when_complete(folder, bottle_pngs):
    source = make_source(folder)
    source.start()
    try:
        for path in bottle_pngs[:3]:
            shutil.copy(path, folder / f"{path.parent.name.replace('_', '-')}_{path.name}")
        slow_target = folder / "slow.png"
        writer = threading.Thread(target=write_slowly, args=(bottle_pngs[3], slow_target, 1.0))
        writer.start()
        frames = consume(source, 3.0)
        writer.join()
        frames += consume(source, 1.0)
    finally:
        source.close()

    names = [Path(frame.meta["path"]).name for frame in frames]
    assert sorted(names) == sorted(["good_000.png", "broken-large_000.png", "contamination_001.png", "slow.png"])
    assert len(names) == len(set(names))

    slow_frame = frames[names.index("slow.png")]
    expected = read_image(bottle_pngs[3])
    assert slow_frame.image.shape == expected.shape
    assert np.array_equal(slow_frame.image, expected)
    assert slow_frame.meta["size"] == bottle_pngs[3].stat().st_size


def test_files_not_reinspected_after_restart(folder, bottle_pngs):
    for path in bottle_pngs[:2]:
        shutil.copy(path, folder / f"before_{path.parent.name}.png")

    first = make_source(folder)
    first.start()
    try:
        delivered = consume(first, 1.5)
    finally:
        first.close()
    assert len(delivered) == 2

    second = make_source(folder)
    second.start()
    try:
        assert consume(second, 1.0) == []
        shutil.copy(bottle_pngs[2], folder / "after_restart.png")
        after = consume(second, 1.5)
    finally:
        second.close()
    assert [Path(frame.meta["path"]).name for frame in after] == ["after_restart.png"]

    state = json.loads((folder.parent / "state" / "seen.json").read_text(encoding="utf-8"))
    assert sorted(entry[0] for entry in state["done"]) == [
        "after_restart.png",
        "before_broken_large.png",
        "before_good.png",
    ]


def test_unacknowledged_file_delivered_again(folder, bottle_pngs):
    """A file delivered but not marked done (the program stopped first) is delivered after a restart."""
    shutil.copy(bottle_pngs[0], folder / "pending.png")
    first = make_source(folder)
    first.start()
    try:
        frame = first.next_frame(0, timeout=2.0)
        assert frame is not None
    finally:
        first.close()

    second = make_source(folder)
    second.start()
    try:
        again = consume(second, 1.0)
    finally:
        second.close()
    assert [Path(frame.meta["path"]).name for frame in again] == ["pending.png"]


def test_replaced_file_is_inspected_again(folder, bottle_pngs):
    target = folder / "part.png"
    shutil.copy(bottle_pngs[0], target)
    source = make_source(folder)
    source.start()
    try:
        assert len(consume(source, 1.0)) == 1
        shutil.copy(bottle_pngs[1], target)  # new content, size and mtime
        replaced = consume(source, 1.0)
    finally:
        source.close()
    assert len(replaced) == 1
    assert np.array_equal(replaced[0].image, read_image(bottle_pngs[1]))


def test_temporary_names_wait_for_rename(folder, bottle_pngs):
    source = make_source(folder)
    source.start()
    try:
        shutil.copy(bottle_pngs[0], folder / "frame.png.part")
        shutil.copy(bottle_pngs[1], folder / ".hidden.png")
        assert consume(source, 0.8) == []
        os.replace(folder / "frame.png.part", folder / "frame.png")
        frames = consume(source, 1.0)
    finally:
        source.close()
    assert [Path(frame.meta["path"]).name for frame in frames] == ["frame.png"]


def test_undecodable_file_rejected_once(folder, bottle_pngs):
    source = make_source(folder, decode_timeout_s=0.3)
    source.start()
    try:
        (folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
        shutil.copy(bottle_pngs[0], folder / "good.png")
        frames = consume(source, 1.5)
    finally:
        source.close()
    assert [Path(frame.meta["path"]).name for frame in frames] == ["good.png"]
    assert len(source.rejected) == 1
    rejected_path, message = source.rejected[0]
    assert rejected_path.name == "broken.png"
    assert "broken.png" in message


def test_skip_existing_records_backlog(folder, bottle_pngs):
    shutil.copy(bottle_pngs[0], folder / "old.png")
    source = make_source(folder, skip_existing=True)
    source.start()
    try:
        assert consume(source, 0.6) == []
        shutil.copy(bottle_pngs[1], folder / "new.png")
        frames = consume(source, 1.0)
    finally:
        source.close()
    assert [Path(frame.meta["path"]).name for frame in frames] == ["new.png"]


def test_is_done_callback_skips_files(folder, bottle_pngs):
    shutil.copy(bottle_pngs[0], folder / "logged.png")
    shutil.copy(bottle_pngs[1], folder / "fresh.png")
    source = make_source(folder, is_done=lambda path: path.name == "logged.png")
    source.start()
    try:
        frames = consume(source, 1.0)
    finally:
        source.close()
    assert [Path(frame.meta["path"]).name for frame in frames] == ["fresh.png"]


def test_backlog_bounded_by_queue(folder, bottle_pngs):
    for index in range(6):
        shutil.copy(bottle_pngs[index % 4], folder / f"backlog_{index}.png")
    source = make_source(folder, queue_size=2)
    source.start()
    try:
        time.sleep(1.0)  # without a consumer, at most two decoded frames wait in memory
        assert source.pending_count == 2
        frames = consume(source, 2.0)
    finally:
        source.close()
    assert len(frames) == 6


def test_missing_folder_rejected_and_lost_while_running(tmp_path, bottle_pngs):
    with pytest.raises(SourceUnavailableError, match="does not exist"):
        WatchedFolderSource(tmp_path / "nowhere", state_path=tmp_path / "state.json")

    folder = tmp_path / "share"
    folder.mkdir()
    source = make_source(folder)
    source.start()
    try:
        deadline = time.monotonic() + 2.0
        while source.status is not SourceStatus.RUNNING and time.monotonic() < deadline:
            time.sleep(0.02)
        shutil.rmtree(folder)
        deadline = time.monotonic() + 2.0
        while source.status is not SourceStatus.CAMERA_LOST and time.monotonic() < deadline:
            time.sleep(0.02)
        assert source.status is SourceStatus.CAMERA_LOST
        folder.mkdir()
        shutil.copy(bottle_pngs[0], folder / "back.png")
        frames = consume(source, 1.0)
    finally:
        source.close()
    assert [Path(frame.meta["path"]).name for frame in frames] == ["back.png"]
    assert source.status is SourceStatus.STOPPED


def test_corrupt_state_file_starts_over(folder, bottle_pngs, caplog):
    state_path = folder.parent / "state" / "seen.json"
    state_path.parent.mkdir()
    state_path.write_text("{not json", encoding="utf-8")
    shutil.copy(bottle_pngs[0], folder / "again.png")
    source = make_source(folder)
    source.start()
    try:
        frames = consume(source, 1.0)
    finally:
        source.close()
    assert len(frames) == 1
    assert "unreadable watched-folder state" in caplog.text


def test_station_inspects_each_file_once(qtbot, folder, bottle_pngs, tmp_path):
    """The live station with the tiny random-weights model inspects each landed file exactly once."""
    from winclip_desktop.engine.inspector import Inspector, InspectorConfig
    from winclip_desktop.gui.station import StationWidget

    inspector = Inspector.load(
        InspectorConfig(class_name="bottle", model_name="winclip-tiny", weights="random", device="cpu")
    )
    records = []

    def run_station(duration_ms: int, while_running=None, expected: int = 0) -> None:
        station = StationWidget(capture_dir=tmp_path / "captures")
        qtbot.addWidget(station)
        try:
            station.set_inspector(inspector)
            station.set_source(make_source(folder))
            station.inspected.connect(records.append)
            station.start()
            if while_running is not None:
                while_running()
            if expected:
                # The wait scales with machine load; the fixed wait after it catches duplicates.
                qtbot.waitUntil(lambda: len(records) >= expected, timeout=30_000)
            qtbot.wait(duration_ms)
        finally:
            station.shutdown()

    def land_files() -> None:
        shutil.copy(bottle_pngs[0], folder / "first.png")
        shutil.copy(bottle_pngs[1], folder / "second.png")
        writer = threading.Thread(target=write_slowly, args=(bottle_pngs[2], folder / "slow.png", 1.0))
        writer.start()
        qtbot.waitUntil(lambda: not writer.is_alive(), timeout=5000)

    run_station(1500, land_files, expected=3)
    names = [Path(record.source_meta["path"]).name for record in records]
    assert sorted(names) == ["first.png", "second.png", "slow.png"]
    slow = records[names.index("slow.png")]
    assert slow.result.anomaly_map.shape == (900, 900)
    assert slow.name == "slow.png"

    records.clear()
    run_station(1000)  # restart: nothing there is inspected again
    assert records == []
