"""Tests of threshold calibration on hand-made scores and on real MVTec AD bottle masks."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from winclip_desktop.engine.calibration import (
    METHOD_F1,
    METHOD_MARGIN,
    calibrate,
    sample_pixels,
)
from winclip_desktop.engine.dataset import load_mask, load_mvtec_category
from winclip_desktop.engine.postprocess import postprocess
from winclip_desktop.engine.types import PostProcessSettings

MVTEC = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "mvtec_ad"


def test_only_good_flags_no_image():
    scores = [0.21, 0.35, 0.29, 0.33]

    result = calibrate([0, 0, 0, 0], scores)

    assert result.method == METHOD_MARGIN
    assert result.image_threshold == pytest.approx(0.36)
    assert all(score < result.image_threshold for score in scores)
    assert "margin" in result.message
    assert result.pr_curve is None
    assert result.chosen_point is None
    assert result.pixel_threshold is None


def test_only_good_uses_given_margin():
    result = calibrate([0, 0], [0.4, 0.5], margin=0.2)

    assert result.image_threshold == pytest.approx(0.7)


def test_separable_scores_threshold_between_classes():
    result = calibrate([0, 0, 0, 1, 1], [0.1, 0.2, 0.3, 0.6, 0.7])

    assert result.method == METHOD_F1
    assert result.image_threshold == pytest.approx(0.45)
    assert result.chosen_point.f1 == pytest.approx(1.0)
    assert result.chosen_point.threshold == result.image_threshold


def test_overlapping_scores_hand_case():
    # Thresholds from the top give F1 0.5, 0.8, 0.667, 0.857, 0.75, 0.667, so the optimum
    # flags scores >= 0.4 and the threshold sits between 0.4 and the next score 0.2.
    labels = [0, 0, 0, 1, 1, 1]
    scores = [0.1, 0.2, 0.5, 0.4, 0.6, 0.7]

    result = calibrate(labels, scores)

    assert result.image_threshold == pytest.approx(0.3)
    assert result.chosen_point.f1 == pytest.approx(6 / 7)
    assert result.chosen_point.precision == pytest.approx(0.75)
    assert result.chosen_point.recall == pytest.approx(1.0)
    assert "F1 = 0.857" in result.message


def test_threshold_inside_score_range():
    for seed in range(10):
        rng = np.random.default_rng(seed)
        labels = (rng.random(40) < 0.5).astype(int)
        labels[:2] = [0, 1]
        scores = rng.random(40) + labels * rng.uniform(-0.3, 0.6)

        result = calibrate(labels, scores)
        flagged = scores >= result.image_threshold

        assert scores.min() < result.image_threshold <= scores.max()
        assert not flagged.all()
        assert flagged.any()
        assert result.method == METHOD_F1


def test_threshold_reproduces_f1_optimum():
    rng = np.random.default_rng(5)
    labels = (rng.random(100) < 0.3).astype(int)
    scores = np.round(rng.random(100) + labels * 0.3, 2)

    result = calibrate(labels, scores)
    flagged = scores >= result.image_threshold
    true_positives = np.sum(flagged & (labels == 1))
    f1 = 2 * true_positives / (flagged.sum() + labels.sum())

    assert f1 == pytest.approx(result.chosen_point.f1)


def test_inverted_scores_never_flag_every_image():
    # Every defective image scores below every good image.
    result = calibrate([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9])

    assert result.image_threshold > 0.1


def test_identical_scores_fall_back_to_margin():
    result = calibrate([0, 1, 1], [0.4, 0.4, 0.4], margin=0.05)

    assert result.method == METHOD_MARGIN
    assert result.image_threshold == pytest.approx(0.45)
    assert "same score" in result.message


def test_pr_curve_for_plotting():
    result = calibrate([0, 0, 1, 1, 0], [0.1, 0.4, 0.35, 0.8, 0.2])
    curve = result.pr_curve

    assert len(curve.precision) == len(curve.recall) == len(curve.thresholds) == 5
    assert np.all(np.diff(curve.thresholds) < 0)
    assert np.all(np.diff(curve.recall) >= 0)
    assert curve.recall[-1] == pytest.approx(1.0)


def test_calibrate_rejects_bad_input():
    with pytest.raises(ValueError, match="at least one good image; got 2 defective"):
        calibrate([1, 1], [0.3, 0.4])
    with pytest.raises(ValueError, match="got none"):
        calibrate([], [])
    with pytest.raises(ValueError, match="margin must be .* greater than 0; got 0"):
        calibrate([0, 1], [0.3, 0.4], margin=0)
    with pytest.raises(ValueError, match="index 0"):
        calibrate([0, 1], [float("inf"), 0.4])


def test_pixel_threshold_separable():
    mask = np.zeros((20, 20), np.uint8)
    mask[5:10, 5:12] = 255
    anomaly_map = np.full((20, 20), 0.1, np.float32)
    anomaly_map[0:3, 0:3] = 0.3
    anomaly_map[mask > 0] = 0.8

    result = calibrate([0, 1], [0.2, 0.9], [None, mask], [np.zeros((20, 20), np.float32), anomaly_map])
    processed = postprocess(anomaly_map, 0.9, PostProcessSettings(0.5, result.pixel_threshold, 1, 1))

    assert result.pixel_threshold == pytest.approx(0.55)
    assert result.pixel_point.f1 == pytest.approx(1.0)
    assert np.array_equal(processed.mask, mask)


def test_pixel_threshold_needs_defect_pixels():
    result = calibrate([0, 0], [0.2, 0.3], [None, None], [np.ones((4, 4)), np.zeros((4, 4))])

    assert result.pixel_threshold is None
    assert "no defect pixels" in result.message


def test_pixel_threshold_needs_maps():
    result = calibrate([0, 1], [0.2, 0.3], masks=[None, np.ones((4, 4))])

    assert result.pixel_threshold is None
    assert "needs both masks and anomaly maps" in result.message


def test_sample_pixels_deterministic_and_proportional():
    rng = np.random.default_rng(0)
    masks = [(rng.random((100, 100)) < 0.1) for _ in range(3)]
    maps = [rng.random((100, 100)).astype(np.float32) for _ in range(3)]

    labels_a, scores_a = sample_pixels(masks, maps, max_pixels=3000)
    labels_b, scores_b = sample_pixels(masks, maps, max_pixels=3000)
    all_labels, all_scores = sample_pixels(masks, maps, max_pixels=10**6)

    assert labels_a.size == 3000
    assert np.array_equal(labels_a, labels_b)
    assert np.array_equal(scores_a, scores_b)
    assert all_labels.size == 30000
    assert labels_a.mean() == pytest.approx(all_labels.mean(), abs=0.02)


@pytest.mark.skipif(not (MVTEC / "bottle" / "test").is_dir(), reason=f"MVTec AD bottle category not found under {MVTEC}")
def test_pixel_threshold_on_bottle_masks():
    """Blurred real masks stand in for anomaly maps; the F1 threshold must land near the blur's midpoint."""
    bottle = load_mvtec_category(MVTEC, "bottle")
    items = [item for item in bottle.test if item.label == 1][:4] + [item for item in bottle.test if item.label == 0][:2]
    masks = [load_mask(item, (900, 900)) for item in items]
    maps = [cv2.GaussianBlur(mask.astype(np.float32), (0, 0), 4) for mask in masks]
    labels = [item.label for item in items]
    scores = [float(anomaly_map.max()) for anomaly_map in maps]

    result = calibrate(labels, scores, masks, maps, max_pixels=500_000)

    assert result.method == METHOD_F1
    assert 0.0 < result.image_threshold <= min(scores[:4])
    assert 0.3 < result.pixel_threshold < 0.7
    assert result.pixel_point.f1 > 0.9
    assert "sampled pixels" in result.message
