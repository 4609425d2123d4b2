"""Calibration dialog and worker on a small MVTec-layout copy of real bottle images, tiny random model."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import math
from pathlib import Path

import cv2
import numpy as np
import pytest

from winclip_desktop.engine.calibration import METHOD_F1, METHOD_MARGIN
from winclip_desktop.engine.dataset import load_labelled_folders
from winclip_desktop.engine.image_io import read_image
from winclip_desktop.engine.inspector import Inspector, InspectorConfig
from winclip_desktop.gui.calibration_dialog import (
    CalibrationCancelled,
    CalibrationDialog,
    run_calibration,
    shrink_for_pixel_calibration,
    stop_calibration_jobs,
)

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
BOTTLE = DATASETS / "mvtec_ad" / "bottle"
TINY_CONFIG = InspectorConfig(class_name="bottle", model_name="winclip-tiny", weights="random", device="cpu")
IMAGE_SIDE = 240
TIMEOUT_MS = 120_000


def _copy_resized(source: Path, target: Path, interpolation: int) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    image = cv2.imread(str(source), cv2.IMREAD_UNCHANGED)
    assert image is not None, f"could not read {source}"
    resized = cv2.resize(image, (IMAGE_SIDE, IMAGE_SIDE), interpolation=interpolation)
    assert cv2.imwrite(str(target), resized)


@pytest.fixture(scope="module")
def bottle_subset(tmp_path_factory) -> Path:
    """A bottle category with 4 good and 4 defective test images (with masks), shrunk to 240 x 240."""
    if not (BOTTLE / "test").is_dir():
        pytest.skip(f"MVTec AD bottle images not found at {BOTTLE}")
    category = tmp_path_factory.mktemp("mvtec") / "bottle"
    for stem in ("000", "001", "002", "003"):
        _copy_resized(
            BOTTLE / "test" / "good" / f"{stem}.png",
            category / "test" / "good" / f"{stem}.png",
            cv2.INTER_AREA,
        )
    for defect_type, stems in (("broken_large", ("000", "001")), ("contamination", ("000", "001"))):
        for stem in stems:
            _copy_resized(
                BOTTLE / "test" / defect_type / f"{stem}.png",
                category / "test" / defect_type / f"{stem}.png",
                cv2.INTER_AREA,
            )
            _copy_resized(
                BOTTLE / "ground_truth" / defect_type / f"{stem}_mask.png",
                category / "ground_truth" / defect_type / f"{stem}_mask.png",
                cv2.INTER_NEAREST,
            )
    return category


@pytest.fixture(scope="module")
def inspector():
    return Inspector.load(TINY_CONFIG)


@pytest.fixture
def dialog(qtbot, inspector):
    widget = CalibrationDialog(inspector=inspector)
    qtbot.addWidget(widget)
    yield widget
    widget.cancel()
    assert stop_calibration_jobs(timeout_ms=TIMEOUT_MS)


def _score_range(inspector, paths):
    scores, maps = inspector.score([read_image(path) for path in paths])
    pixel_low = min(float(anomaly_map.min()) for anomaly_map in maps)
    pixel_high = max(float(anomaly_map.max()) for anomaly_map in maps)
    return min(scores), max(scores), pixel_low, pixel_high


def test_dialog_mvtec_thresholds_in_range(dialog, qtbot, inspector, bottle_subset):
    dialog.setMvtecSource(bottle_subset.parent, "bottle")

    with qtbot.waitSignal(dialog.calibrationFinished, timeout=TIMEOUT_MS) as finished:
        dialog.start()
    outcome = finished.args[0]

    assert outcome is dialog.outcome()
    assert outcome.good_count == 4
    assert outcome.defective_count == 4
    assert outcome.skipped == []
    assert outcome.is_random

    low, high, pixel_low, pixel_high = _score_range(inspector, outcome.paths)
    result = outcome.result
    assert low <= result.image_threshold
    assert result.image_threshold <= high + outcome.margin
    if result.method == METHOD_F1:
        assert low < result.image_threshold <= high
        assert dialog._pr_plot.chosenPoint() == pytest.approx(
            (result.chosen_point.recall, result.chosen_point.precision)
        )
    assert not outcome.flags_every_image()

    assert result.pixel_threshold is not None
    assert pixel_low <= result.pixel_threshold <= pixel_high
    assert outcome.pixel_note == ""

    recall, precision = dialog._pr_plot.curveData()
    np.testing.assert_allclose(recall, result.pr_curve.recall)
    np.testing.assert_allclose(precision, result.pr_curve.precision)
    assert np.all((precision >= 0) & (precision <= 1))
    assert dialog._random_label.isVisibleTo(dialog)
    assert dialog.apply_button().isEnabled()

    with qtbot.waitSignal(dialog.thresholdsApplied, timeout=1000) as applied:
        dialog.apply_button().click()
    assert applied.args[0] == pytest.approx(result.image_threshold)
    assert applied.args[1] == pytest.approx(result.pixel_threshold)


def test_dialog_good_only_flags_none(dialog, qtbot, inspector, bottle_subset):
    good_folder = bottle_subset / "test" / "good"
    dialog.setFolderSource(good_folder)

    with qtbot.waitSignal(dialog.calibrationFinished, timeout=TIMEOUT_MS) as finished:
        dialog.start()
    outcome = finished.args[0]
    result = outcome.result

    assert result.method == METHOD_MARGIN
    assert outcome.defective_count == 0
    assert float(outcome.scores.max()) < result.image_threshold
    assert result.image_threshold == pytest.approx(float(outcome.scores.max()) + dialog.margin())
    assert outcome.flagged_counts() == (0, 0)
    assert result.pixel_threshold is None
    assert dialog._fallback_label.isVisibleTo(dialog)
    assert "margin" in dialog._fallback_label.text()
    assert dialog._pr_plot.curveData()[0].size == 0

    # The margin is editable and moves the threshold at once, without running the model again.
    dialog.setMargin(0.05)
    moved = dialog.outcome().result.image_threshold
    assert moved == pytest.approx(float(outcome.scores.max()) + 0.05)
    assert dialog.outcome().flagged_counts() == (0, 0)
    assert dialog._image_threshold_label.text() == f"{moved:.6g}"

    with qtbot.waitSignal(dialog.thresholdsApplied, timeout=1000) as applied:
        dialog.apply_button().click()
    assert applied.args[0] == pytest.approx(moved)
    assert math.isnan(applied.args[1])


def test_run_calibration_folders_without_masks(inspector, bottle_subset):
    items = load_labelled_folders(bottle_subset / "test" / "good", bottle_subset / "test" / "contamination")
    reports = []

    outcome = run_calibration(items, inspector, progress=lambda done, total: reports.append((done, total)))

    assert outcome.labels.tolist() == [0, 0, 0, 0, 1, 1]
    assert outcome.result.pixel_threshold is None
    assert "no ground-truth mask" in outcome.pixel_note
    assert outcome.missing_mask_count == 2
    assert reports[0] == (0, 6)
    assert reports[-1] == (6, 6)
    assert not outcome.flags_every_image()


def test_run_calibration_skips_unreadable_image(inspector, bottle_subset, tmp_path):
    good = tmp_path / "good"
    good.mkdir()
    for path in sorted((bottle_subset / "test" / "good").glob("*.png"))[:2]:
        (good / path.name).write_bytes(path.read_bytes())
    (good / "broken.png").write_bytes(b"not a png")
    items = load_labelled_folders(good)

    outcome = run_calibration(items, inspector)

    assert outcome.scores.size == 2
    assert len(outcome.skipped) == 1
    assert "broken.png" in outcome.skipped[0]


def test_run_calibration_cancel_before_scoring(inspector, bottle_subset):
    items = load_labelled_folders(bottle_subset / "test" / "good")

    with pytest.raises(CalibrationCancelled):
        run_calibration(items, inspector, is_cancelled=lambda: True)


def test_dialog_cancel_stops_worker(dialog, qtbot, bottle_subset):
    dialog.setMvtecSource(bottle_subset)

    dialog.start()
    assert dialog.isRunning()
    dialog.cancel()
    qtbot.waitUntil(lambda: not dialog.isRunning(), timeout=TIMEOUT_MS)

    assert dialog.outcome() is None
    assert dialog._status_label.text() == "Cancelled"
    assert not dialog.apply_button().isEnabled()


def test_dialog_missing_folder_reports_error(dialog, qtbot, tmp_path):
    missing = tmp_path / "no_such_dataset"
    dialog.setMvtecSource(missing, "bottle")

    with qtbot.waitSignal(dialog.calibrationFailed, timeout=TIMEOUT_MS) as failed:
        dialog.start()

    assert "no_such_dataset" in failed.args[0]
    assert "no_such_dataset" in dialog._method_label.text()
    assert not dialog.apply_button().isEnabled()


def test_dialog_empty_form_not_started(dialog):
    dialog.start()

    assert not dialog.isRunning()
    assert "data set folder" in dialog._method_label.text()


def test_dialog_close_while_running(qtbot, inspector, bottle_subset):
    dialog = CalibrationDialog(inspector=inspector)
    qtbot.addWidget(dialog)
    dialog.setMvtecSource(bottle_subset)
    applied = []
    dialog.thresholdsApplied.connect(lambda image, pixel: applied.append((image, pixel)))

    dialog.start()
    dialog.reject()

    assert not dialog.isRunning()
    assert stop_calibration_jobs(timeout_ms=TIMEOUT_MS)
    assert applied == []


def test_dialog_needs_inspector_or_config(qtbot, inspector):
    with pytest.raises(ValueError, match="exactly one"):
        CalibrationDialog()
    with pytest.raises(ValueError, match="exactly one"):
        CalibrationDialog(inspector=inspector, config=TINY_CONFIG)


def test_dialog_builds_inspector_from_config(qtbot, bottle_subset):
    dialog = CalibrationDialog(config=TINY_CONFIG)
    qtbot.addWidget(dialog)
    dialog.setFolderSource(bottle_subset / "test" / "good")

    with qtbot.waitSignal(dialog.calibrationFinished, timeout=TIMEOUT_MS) as finished:
        dialog.start()

    outcome = finished.args[0]
    assert outcome.identity["model"] == "winclip-tiny"
    assert outcome.identity["weights"] == "random"
    assert outcome.result.method == METHOD_MARGIN


def test_shrink_keeps_small_maps_and_masks():
    anomaly_map = np.linspace(0, 1, 900 * 600, dtype=np.float32).reshape(900, 600)
    mask = np.zeros((900, 600), dtype=bool)
    mask[100:300, 200:400] = True

    small_map, small_mask = shrink_for_pixel_calibration(anomaly_map, mask, max_side=256)

    assert small_map.shape == (256, 171)
    assert small_mask.shape == (256, 171)
    assert small_mask.dtype == bool
    assert small_mask.mean() == pytest.approx(mask.mean(), abs=0.01)
    unchanged_map, unchanged_mask = shrink_for_pixel_calibration(small_map, small_mask, max_side=256)
    assert unchanged_map is small_map
    assert unchanged_mask is small_mask


def test_dialog_folders_pixel_reason(dialog, qtbot, bottle_subset):
    dialog.setFolderSource(bottle_subset / "test" / "good", bottle_subset / "test" / "broken_large")

    with qtbot.waitSignal(dialog.calibrationFinished, timeout=TIMEOUT_MS) as finished:
        dialog.start()

    outcome = finished.args[0]
    assert outcome.defective_count == 2
    assert outcome.result.pixel_threshold is None
    assert dialog._pixel_threshold_label.text() == "not calibrated (2 of 2 defective images have no ground-truth mask)"
    good_flagged, defective_flagged = outcome.flagged_counts()
    assert good_flagged + defective_flagged < 6
    assert "of 4 good images" in dialog._flagged_label.text()
