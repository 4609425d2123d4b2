"""A scan killed with SIGKILL keeps every finished image, and the same scan run again completes the rest."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import numpy as np
import pytest
from PIL import Image

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX only")

IMAGE_COUNT = 14


def logged_rows(database) -> int:
    if not database.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as connection:
            return connection.execute("SELECT COUNT(*) FROM inspections").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # the table is not created yet


def scan_command(folder, out, database):
    return [sys.executable, "-m", "winclip_desktop", "scan", str(folder), "--class-name", "bottle", "--out", str(out),
            "--db", str(database), "--model", "winclip-tiny", "--weights", "random", "--device", "cpu"]


def test_sigkill_then_resume(bottle_root, tmp_path):
    folder = tmp_path / "input"
    folder.mkdir()
    sources = sorted((bottle_root / "test").glob("*/*.png"))[:IMAGE_COUNT]
    for index, source in enumerate(sources):
        shutil.copy(source, folder / f"{index:02d}_{source.parent.name}.png")
    out, database = tmp_path / "out", tmp_path / "log.sqlite3"

    process = subprocess.Popen(scan_command(folder, out, database), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while logged_rows(database) < 3 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "the scan ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)

    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finished = connection.execute("SELECT image_path FROM inspections WHERE error IS NULL").fetchall()
    assert 3 <= len(finished) < IMAGE_COUNT
    for annotated in (out / "annotated").glob("*.png"):
        assert Image.open(annotated).size == (900, 900)  # no half-written PNG under a final name
        assert np.asarray(Image.open(annotated)).shape == (900, 900, 3)

    resumed = subprocess.run(scan_command(folder, out, database), capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert f"{IMAGE_COUNT - len(finished)} inspected, {len(finished)} already done and skipped" in resumed.stderr

    with sqlite3.connect(database) as connection:
        paths = [row[0] for row in connection.execute("SELECT image_path FROM inspections WHERE error IS NULL")]
    assert len(paths) == IMAGE_COUNT
    assert len(set(paths)) == IMAGE_COUNT
    document = json.loads((out / "results.json").read_text())
    assert document["complete"] is True
    assert len(document["images"]) == IMAGE_COUNT
    assert all("error" not in entry for entry in document["images"])
    assert all(os.path.exists(out / entry["files"]["annotated"]) for entry in document["images"])
