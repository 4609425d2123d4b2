"""Tests for storage.export and storage.atomic: result files, summaries and write failures."""

from __future__ import annotations

import csv
import errno
import json
import os
import pickle
import shutil
import stat
from pathlib import Path

import cv2
import numpy as np
import pytest

from winclip_desktop.engine.image_io import ImageReadError, read_image
from winclip_desktop.engine.postprocess import postprocess
from winclip_desktop.engine.types import NG, OK, InspectionResult, PostProcessSettings, Region
from winclip_desktop.storage import atomic
from winclip_desktop.storage.atomic import ExportError, atomic_write_bytes, atomic_write_text
from winclip_desktop.storage.export import CSV_COLUMNS, RANDOM_WEIGHTS_NOTE, ResultExporter

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
BOTTLE_TEST = DATASETS / "mvtec_ad" / "bottle" / "test"
BOTTLE_MASKS = DATASETS / "mvtec_ad" / "bottle" / "ground_truth"

IDENTITY = {"model": "winclip-tiny", "weights": "random", "class_name": "bottle", "reference_count": 0}
PRETRAINED_IDENTITY = {**IDENTITY, "weights": "laion400m_e32"}
SETTINGS = PostProcessSettings(image_threshold=0.5, pixel_threshold=0.5, kernel_size=5, min_area=64)


def _strict_json(path: Path) -> dict:
    def reject(constant):
        raise AssertionError(f"{path} contains the non-JSON constant {constant}")

    return json.loads(path.read_text(encoding="utf-8"), parse_constant=reject)


def _csv_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _leftover_temp_files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*.tmp")]


@pytest.fixture(scope="module")
def samples():
    """Two real bottle images with results built from their ground truth.

    The anomaly map is the blurred ground-truth mask and the image score is its maximum: test
    inputs for the exporter, not model output.
    """
    if not BOTTLE_TEST.is_dir():
        pytest.skip(f"test data set missing: {BOTTLE_TEST} (see shared/datasets/README.md)")
    items = {}
    for relative in ("broken_large/000.png", "good/000.png"):
        image = read_image(BOTTLE_TEST / relative)
        mask_path = BOTTLE_MASKS / relative.replace(".png", "_mask.png")
        if mask_path.exists():
            truth = (read_image(mask_path)[:, :, 0] > 127).astype(np.float32)
        else:
            truth = np.zeros(image.shape[:2], np.float32)
        anomaly_map = cv2.GaussianBlur(truth * 0.8 + 0.1, (0, 0), 5)
        items[relative] = (image, postprocess(anomaly_map, float(anomaly_map.max()), SETTINGS))
    return items


def _exporter(tmp_path: Path, **kwargs) -> ResultExporter:
    options = {"save_maps": True, "summary_interval_s": None, **kwargs}
    return ResultExporter(tmp_path / "out", BOTTLE_TEST, **options)


# Result files


def test_add_writes_files_with_naming_scheme(tmp_path, samples):
    exporter = _exporter(tmp_path)
    image, result = samples["broken_large/000.png"]

    row = exporter.add("broken_large/000.png", image, result, IDENTITY)

    out = tmp_path / "out"
    assert row["files"] == {
        "annotated": "annotated/broken_large/000.png.png",
        "mask": "masks/broken_large/000.png.png",
        "map": "maps/broken_large/000.png.npy",
    }
    for relative_file in row["files"].values():
        assert (out / relative_file).is_file()
    assert read_image(out / row["files"]["annotated"]).shape == (900, 900, 3)


def test_mask_file_single_channel_original_size(tmp_path, samples):
    exporter = _exporter(tmp_path)
    image, result = samples["broken_large/000.png"]
    assert result.regions, "the sample must contain a defect region"

    exporter.add("broken_large/000.png", image, result, IDENTITY)

    mask = cv2.imdecode(
        np.frombuffer((tmp_path / "out/masks/broken_large/000.png.png").read_bytes(), np.uint8),
        cv2.IMREAD_UNCHANGED,
    )
    assert mask.shape == (900, 900)
    assert mask.dtype == np.uint8
    assert set(np.unique(mask)) == {0, 255}
    np.testing.assert_array_equal(mask, result.mask)


def test_map_file_float32_round_trip(tmp_path, samples):
    exporter = _exporter(tmp_path)
    image, result = samples["broken_large/000.png"]

    exporter.add("broken_large/000.png", image, result, IDENTITY)

    stored = np.load(tmp_path / "out/maps/broken_large/000.png.npy", allow_pickle=False)
    assert stored.dtype == np.float32
    np.testing.assert_array_equal(stored, result.anomaly_map)


def test_maps_not_written_by_default(tmp_path, samples):
    exporter = _exporter(tmp_path, save_maps=False)
    image, result = samples["good/000.png"]

    row = exporter.add("good/000.png", image, result, IDENTITY)

    assert row["files"]["map"] is None
    assert not (tmp_path / "out" / "maps").exists()


def test_same_stem_different_suffix_no_collision(tmp_path, samples):
    exporter = ResultExporter(tmp_path / "out", tmp_path / "in", summary_interval_s=None)
    defect_image, defect_result = samples["broken_large/000.png"]
    good_image, good_result = samples["good/000.png"]

    png_row = exporter.add("a.png", defect_image, defect_result, IDENTITY)
    jpg_row = exporter.add("a.jpg", good_image, good_result, IDENTITY)

    assert png_row["files"]["mask"] != jpg_row["files"]["mask"]
    png_mask = read_image(tmp_path / "out" / png_row["files"]["mask"])[:, :, 0]
    jpg_mask = read_image(tmp_path / "out" / jpg_row["files"]["mask"])[:, :, 0]
    np.testing.assert_array_equal(png_mask, defect_result.mask)
    np.testing.assert_array_equal(jpg_mask, good_result.mask)


def test_non_ascii_relative_path(tmp_path, samples):
    exporter = _exporter(tmp_path)
    image, result = samples["good/000.png"]

    exporter.add("検査_é/部品1.png", image, result, IDENTITY)
    exporter.finish()

    assert (tmp_path / "out/annotated/検査_é/部品1.png.png").is_file()
    assert _csv_rows(tmp_path / "out/results.csv")[0]["path"] == "検査_é/部品1.png"
    assert _strict_json(tmp_path / "out/results.json")["images"][0]["path"] == "検査_é/部品1.png"


def test_random_weights_note_on_annotated(tmp_path, samples):
    image, _ = samples["good/000.png"]
    flat = postprocess(np.zeros(image.shape[:2], np.float32), 0.0, SETTINGS)
    random_export = ResultExporter(tmp_path / "random", BOTTLE_TEST, summary_interval_s=None)
    pretrained_export = ResultExporter(tmp_path / "pretrained", BOTTLE_TEST, summary_interval_s=None)

    random_export.add("good/000.png", image, flat, IDENTITY)
    pretrained_export.add("good/000.png", image, flat, PRETRAINED_IDENTITY)

    def yellow_pixels(folder: Path) -> int:
        annotated = read_image(folder / "annotated/good/000.png.png")[-100:]
        return int(cv2.inRange(annotated, np.array([150, 150, 0]), np.array([255, 255, 80])).sum() // 255)

    assert RANDOM_WEIGHTS_NOTE
    assert yellow_pixels(tmp_path / "random") > 300
    assert yellow_pixels(tmp_path / "pretrained") == 0


# Summaries


def test_finish_writes_json_and_csv(tmp_path, samples):
    exporter = _exporter(tmp_path)
    for relative, (image, result) in samples.items():
        exporter.add(relative, image, result, IDENTITY)
    exporter.add_error("broken_large/001.png", "Cannot read image broken_large/001.png: file is empty (0 bytes).")

    json_path = exporter.finish({"input_root": "bottle/test", "started": "2024-01-01T00:00:00"})

    document = _strict_json(json_path)
    assert document["complete"] is True
    assert document["weights"] == "random"
    assert document["model"] == "winclip-tiny"
    assert document["class_name"] == "bottle"
    assert document["reference_count"] == 0
    assert document["thresholds"] == SETTINGS.to_dict()
    assert document["started"] == "2024-01-01T00:00:00"
    assert document["counts"] == {OK: 1, NG: 1, "error": 1}
    assert [entry["path"] for entry in document["images"]] == [
        "broken_large/000.png",
        "good/000.png",
        "broken_large/001.png",
    ]
    defect = document["images"][0]
    _, defect_result = samples["broken_large/000.png"]
    assert defect["verdict"] == NG
    assert defect["image_score"] == pytest.approx(defect_result.image_score)
    assert len(defect["regions"]) == len(defect_result.regions)
    assert defect["thresholds"] == SETTINGS.to_dict()
    assert defect["override"] is None
    assert document["images"][2] == {
        "path": "broken_large/001.png",
        "error": "Cannot read image broken_large/001.png: file is empty (0 bytes).",
    }


def test_csv_rows_and_columns(tmp_path, samples):
    exporter = _exporter(tmp_path)
    for relative, (image, result) in samples.items():
        exporter.add(relative, image, result, IDENTITY)
    exporter.add_error("broken_large/001.png", "file is empty")
    exporter.finish()

    rows = _csv_rows(tmp_path / "out/results.csv")
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert (tmp_path / "out/results.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    _, defect_result = samples["broken_large/000.png"]
    assert rows[0]["verdict"] == NG
    assert float(rows[0]["image_score"]) == pytest.approx(defect_result.image_score)
    assert int(rows[0]["region_count"]) == len(defect_result.regions)
    assert float(rows[0]["max_region_score"]) == pytest.approx(max(r.max_score for r in defect_result.regions))
    assert rows[0]["error"] == ""
    assert rows[1]["region_count"] == "0"
    assert rows[1]["max_region_score"] == ""
    assert rows[2]["error"] == "file is empty"
    assert rows[2]["verdict"] == ""


def test_rewrite_summary_mid_run(tmp_path, samples):
    exporter = _exporter(tmp_path)
    image, result = samples["broken_large/000.png"]
    exporter.add("broken_large/000.png", image, result, IDENTITY)

    exporter.rewrite_summary()

    partial = _strict_json(tmp_path / "out/results.json")
    assert partial["complete"] is False
    assert [entry["path"] for entry in partial["images"]] == ["broken_large/000.png"]
    assert len(_csv_rows(tmp_path / "out/results.csv")) == 1

    good_image, good_result = samples["good/000.png"]
    exporter.add("good/000.png", good_image, good_result, IDENTITY)
    exporter.finish()
    assert len(_strict_json(tmp_path / "out/results.json")["images"]) == 2


def test_summary_interval_zero_rewrites_every_add(tmp_path, samples):
    exporter = _exporter(tmp_path, summary_interval_s=0)
    image, result = samples["good/000.png"]

    exporter.add("good/000.png", image, result, IDENTITY)
    assert len(_strict_json(tmp_path / "out/results.json")["images"]) == 1

    exporter.add_error("bad.png", "broken")
    assert len(_strict_json(tmp_path / "out/results.json")["images"]) == 2


def test_summary_interval_none_writes_nothing_early(tmp_path, samples):
    exporter = _exporter(tmp_path, summary_interval_s=None)
    image, result = samples["good/000.png"]

    exporter.add("good/000.png", image, result, IDENTITY)

    assert not (tmp_path / "out/results.json").exists()


def test_non_finite_and_numpy_values_serialised(tmp_path, samples):
    exporter = _exporter(tmp_path)
    image, _ = samples["good/000.png"]
    mask = np.zeros(image.shape[:2], np.uint8)
    mask[10:30, 10:30] = 255
    region = Region(
        id=1,
        area=400,
        bbox=(10, 10, 20, 20),
        centroid=(19.5, 19.5),
        max_score=np.float32(0.75),
        mean_score=np.float32(np.nan),
    )
    result = InspectionResult(
        image_score=float("nan"),
        anomaly_map=np.zeros(image.shape[:2], np.float32),
        verdict=NG,
        mask=mask,
        regions=[region],
        settings=SETTINGS,
        image_size=image.shape[:2],
    )

    exporter.add("good/000.png", image, result, IDENTITY)
    exporter.finish({"note": np.float64(np.inf)})

    document = _strict_json(tmp_path / "out/results.json")
    entry = document["images"][0]
    assert entry["image_score"] is None
    assert entry["regions"][0]["max_score"] == pytest.approx(0.75)
    assert entry["regions"][0]["mean_score"] is None
    assert document["note"] is None
    assert _csv_rows(tmp_path / "out/results.csv")[0]["image_score"] == ""


def test_review_override_and_comment(tmp_path, samples):
    exporter = _exporter(tmp_path)
    image, result = samples["broken_large/000.png"]
    exporter.add("broken_large/000.png", image, result, IDENTITY, override=OK, comment="dust, not a crack")
    exporter.add_error("broken_large/001.png", "broken")

    exporter.finish()

    entry = _strict_json(tmp_path / "out/results.json")["images"][0]
    assert entry["override"] == OK
    assert entry["comment"] == "dust, not a crack"
    row = _csv_rows(tmp_path / "out/results.csv")[0]
    assert row["override"] == OK
    assert row["comment"] == "dust, not a crack"
    assert _strict_json(tmp_path / "out/results.json")["counts"][OK] == 1

    exporter.set_review("broken_large/000.png", NG, "confirmed")
    exporter.finish()
    assert _strict_json(tmp_path / "out/results.json")["images"][0]["override"] == NG

    with pytest.raises(KeyError, match="broken_large/001.png"):
        exporter.set_review("broken_large/001.png", OK)
    with pytest.raises(ValueError, match="Invalid override"):
        exporter.set_review("broken_large/000.png", "GOOD")


def test_add_previous_keeps_row_without_writing(tmp_path):
    exporter = _exporter(tmp_path)
    row = {
        "image_score": 0.4,
        "verdict": OK,
        "regions": [],
        "thresholds": SETTINGS.to_dict(),
        "override": None,
        "comment": "",
        "files": {"annotated": "annotated/good/000.png.png", "mask": "masks/good/000.png.png"},
    }

    exporter.add_previous("good/000.png", row)
    exporter.finish()

    entry = _strict_json(tmp_path / "out/results.json")["images"][0]
    assert entry["path"] == "good/000.png"
    assert entry["files"] == row["files"]
    assert not (tmp_path / "out/annotated").exists()
    with pytest.raises(ValueError, match="is missing files"):
        exporter.add_previous("good/001.png", {"image_score": 0.1, "verdict": OK})


# Invalid input


@pytest.mark.parametrize("relative", ["../escape.png", "", ".", "a/../../b.png"])
def test_rejects_paths_outside_input(tmp_path, samples, relative):
    exporter = _exporter(tmp_path)
    image, result = samples["good/000.png"]

    with pytest.raises(ValueError, match="Invalid relative image path"):
        exporter.add(relative, image, result, IDENTITY)


def test_absolute_path_under_input_root(tmp_path, samples):
    exporter = _exporter(tmp_path)
    image, result = samples["good/000.png"]

    row = exporter.add(BOTTLE_TEST / "good" / "000.png", image, result, IDENTITY)

    assert row["path"] == "good/000.png"
    with pytest.raises(ValueError, match="not inside the input folder"):
        exporter.add(tmp_path / "elsewhere.png", image, result, IDENTITY)


def test_rejects_mask_size_mismatch(tmp_path, samples):
    exporter = _exporter(tmp_path)
    image, result = samples["good/000.png"]
    small = postprocess(np.zeros((240, 240), np.float32), 0.1, SETTINGS)

    with pytest.raises(ValueError, match=r"result.mask has shape \(240, 240\) but the image is 900 x 900"):
        exporter.add("good/000.png", image, small, IDENTITY)


def test_rejects_changed_identity(tmp_path, samples):
    exporter = _exporter(tmp_path)
    image, result = samples["good/000.png"]
    exporter.add("good/000.png", image, result, IDENTITY)

    with pytest.raises(ValueError, match="identity changed"):
        exporter.add("good/001.png", image, result, PRETRAINED_IDENTITY)


# Write failures


def test_disk_full_during_add(tmp_path, samples, monkeypatch):
    exporter = _exporter(tmp_path)
    image, result = samples["broken_large/000.png"]
    exporter.add("broken_large/000.png", image, result, IDENTITY)
    exporter.rewrite_summary()
    summary_before = (tmp_path / "out/results.json").read_bytes()
    mask_before = (tmp_path / "out/masks/broken_large/000.png.png").read_bytes()

    def disk_full(descriptor, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(atomic.os, "write", disk_full)
        with pytest.raises(ExportError) as caught:
            exporter.add("broken_large/000.png", image, result, IDENTITY)
        with pytest.raises(ExportError):
            exporter.finish()

    assert "disk full" in str(caught.value)
    assert caught.value.errno == errno.ENOSPC
    assert str(tmp_path / "out") in str(caught.value)
    assert (tmp_path / "out/results.json").read_bytes() == summary_before
    assert (tmp_path / "out/masks/broken_large/000.png.png").read_bytes() == mask_before
    assert _leftover_temp_files(tmp_path / "out") == []


def test_output_folder_deleted_mid_run(tmp_path, samples):
    exporter = _exporter(tmp_path)
    image, result = samples["good/000.png"]
    exporter.add("good/000.png", image, result, IDENTITY)
    shutil.rmtree(tmp_path / "out")

    with pytest.raises(ExportError, match="output folder no longer exists") as caught:
        exporter.add("good/001.png", image, result, IDENTITY)
    with pytest.raises(ExportError, match="output folder no longer exists"):
        exporter.finish()

    assert caught.value.path == tmp_path / "out"
    assert not (tmp_path / "out").exists()


def test_read_only_folder_chmod(tmp_path, samples):
    if os.geteuid() == 0:
        pytest.skip("running as root, where chmod 0o500 does not stop writes; see the EROFS test")
    exporter = _exporter(tmp_path)
    image, result = samples["good/000.png"]
    (tmp_path / "out").chmod(0o500)
    try:
        with pytest.raises(ExportError, match="permission denied"):
            exporter.add("good/000.png", image, result, IDENTITY)
    finally:
        (tmp_path / "out").chmod(0o700)


def test_read_only_file_system(tmp_path, samples, monkeypatch):
    exporter = _exporter(tmp_path)
    image, result = samples["good/000.png"]

    def read_only(source, destination):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    with monkeypatch.context() as patch:
        patch.setattr(atomic.os, "replace", read_only)
        with pytest.raises(ExportError, match="folder is read-only") as caught:
            exporter.add("good/000.png", image, result, IDENTITY)

    assert caught.value.errno == errno.EROFS
    assert not (tmp_path / "out/annotated/good/000.png.png").exists()
    assert _leftover_temp_files(tmp_path / "out") == []


def test_output_parent_is_file(tmp_path):
    (tmp_path / "occupied").write_text("a file, not a folder", encoding="utf-8")

    with pytest.raises(ExportError, match="is a file, not a folder") as caught:
        ResultExporter(tmp_path / "occupied" / "out", BOTTLE_TEST)

    assert caught.value.errno == errno.ENOTDIR


def test_file_name_too_long(tmp_path, samples):
    exporter = _exporter(tmp_path)
    image, result = samples["good/000.png"]
    long_name = "x" * 248 + ".png"

    with pytest.raises(ExportError, match="too long") as caught:
        exporter.add(long_name, image, result, IDENTITY)

    assert caught.value.errno == errno.ENAMETOOLONG
    assert _leftover_temp_files(tmp_path / "out") == []


def test_failed_summary_update_keeps_image(tmp_path, samples, monkeypatch, caplog):
    exporter = _exporter(tmp_path, summary_interval_s=0)
    image, result = samples["good/000.png"]

    def fail(*args, **kwargs):
        raise ExportError(tmp_path / "out" / "results.json", "disk full")

    monkeypatch.setattr(exporter, "_write_summaries", fail)
    with caplog.at_level("WARNING", logger="winclip_desktop.storage.export"):
        row = exporter.add("good/000.png", image, result, IDENTITY)

    assert (tmp_path / "out" / row["files"]["annotated"]).is_file()
    assert [entry["path"] for entry in exporter.rows] == ["good/000.png"]
    assert "Could not update the result summaries" in caplog.text


# atomic writes


def test_errors_survive_pickling(tmp_path):
    export_error = ExportError(tmp_path / "x.png", "disk full", "Free disk space.", errno.ENOSPC)
    read_error = ImageReadError(tmp_path / "y.png", "file is empty (0 bytes)", "Copy it again.")

    export_copy = pickle.loads(pickle.dumps(export_error))
    read_copy = pickle.loads(pickle.dumps(read_error))

    assert str(export_copy) == str(export_error)
    assert export_copy.errno == errno.ENOSPC
    assert str(read_copy) == str(read_error)
    assert read_copy.path == read_error.path



def test_atomic_write_replaces_content(tmp_path):
    target = tmp_path / "data.txt"
    atomic_write_text(target, "first")

    atomic_write_text(target, "second, ünïcode")

    assert target.read_text(encoding="utf-8") == "second, ünïcode"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["data.txt"]


def test_atomic_write_file_mode_follows_umask(tmp_path):
    target = tmp_path / "data.bin"

    atomic_write_bytes(target, b"\x00\x01")

    assert stat.S_IMODE(target.stat().st_mode) == atomic._FILE_MODE


def test_atomic_fsync_failure_keeps_old_content(tmp_path, monkeypatch):
    target = tmp_path / "data.txt"
    atomic_write_text(target, "old")

    def fail_fsync(descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(atomic.os, "fsync", fail_fsync)
        with pytest.raises(ExportError, match="disk full"):
            atomic_write_text(target, "new")

    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["data.txt"]


def test_atomic_missing_folder(tmp_path):
    target = tmp_path / "missing" / "data.txt"

    with pytest.raises(ExportError, match="folder does not exist") as caught:
        atomic_write_text(target, "x")

    assert caught.value.path == target
    assert isinstance(caught.value, OSError)


def test_export_error_message_format(tmp_path):
    error = ExportError.from_os_error(tmp_path / "x.png", OSError(errno.ENOSPC, "No space left on device"))

    assert str(error) == f"Cannot write {tmp_path / 'x.png'}: disk full. Free disk space or choose another output folder."


# End to end with the tiny model


@pytest.fixture(scope="module")
def tiny_inspector():
    from winclip_desktop.engine.inspector import Inspector, InspectorConfig

    config = InspectorConfig(class_name="bottle", model_name="winclip-tiny", weights="random", device="cpu")
    return Inspector.load(config)


def test_export_tiny_model_results(tmp_path, samples, tiny_inspector):
    exporter = _exporter(tmp_path)
    image = read_image(BOTTLE_TEST / "broken_large" / "000.png")
    result = tiny_inspector.inspect(image, SETTINGS)

    exporter.add("broken_large/000.png", image, result, tiny_inspector.identity)
    exporter.finish({"thresholds": SETTINGS.to_dict()})

    document = _strict_json(tmp_path / "out/results.json")
    assert document["weights"] == "random"
    assert document["identity"]["model"] == "winclip-tiny"
    assert document["images"][0]["image_score"] == pytest.approx(result.image_score)
    stored = np.load(tmp_path / "out/maps/broken_large/000.png.npy")
    np.testing.assert_array_equal(stored, result.anomaly_map)
