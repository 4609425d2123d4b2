"""Tests of the detection and segmentation metrics against scikit-learn and hand-computed cases."""

from __future__ import annotations

import json

import numpy as np
import pytest
from skimage.measure import label as label_regions
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score

from winclip_desktop.engine.metrics import (
    METRIC_KEYS,
    aupro,
    binary_curve,
    compute_metrics,
    f1_max,
    format_metrics_table,
    image_metrics,
    pixel_metrics,
)


def sklearn_f1_max(labels: np.ndarray, scores: np.ndarray) -> float:
    precision, recall, _ = precision_recall_curve(labels, scores)
    denominator = precision + recall
    f1 = np.divide(2 * precision * recall, denominator, out=np.zeros_like(denominator), where=denominator > 0)
    return float(f1.max())


def reference_aupro(masks: list[np.ndarray], maps: list[np.ndarray], max_fpr: float = 0.3) -> float:
    """AU-PRO by brute force: one pass over all pixels per distinct score, regions from scikit-image."""
    regions = []
    normal_scores = []
    for mask, anomaly_map in zip(masks, maps):
        labelled = label_regions(mask > 0, connectivity=2)
        for region_id in range(1, labelled.max() + 1):
            regions.append(anomaly_map[labelled == region_id])
        normal_scores.append(anomaly_map[mask == 0])
    normal_scores = np.concatenate(normal_scores)

    points = [(0.0, 0.0)]
    for threshold in np.unique(np.concatenate([m.ravel() for m in maps]))[::-1]:
        fpr = float(np.mean(normal_scores >= threshold))
        pro = float(np.mean([np.mean(region >= threshold) for region in regions]))
        points.append((fpr, pro))

    area = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if x0 >= max_fpr:
            break
        if x1 > max_fpr:
            y1 = y0 + (y1 - y0) * (max_fpr - x0) / (x1 - x0)
            x1 = max_fpr
        area += (x1 - x0) * (y0 + y1) / 2
    return area / max_fpr


# Image-level metrics


def test_image_metrics_match_sklearn():
    for seed in range(10):
        rng = np.random.default_rng(seed)
        labels = (rng.random(60) < 0.4).astype(int)
        labels[:2] = [0, 1]
        # Rounding makes ties, which every implementation must group.
        scores = np.round(rng.random(60), 1)

        metrics = image_metrics(labels, scores)

        assert metrics["image_auroc"] == pytest.approx(roc_auc_score(labels, scores), abs=1e-12)
        assert metrics["image_ap"] == pytest.approx(average_precision_score(labels, scores), abs=1e-12)
        assert metrics["image_f1_max"] == pytest.approx(sklearn_f1_max(labels, scores), abs=1e-12)


def test_f1_max_hand_case():
    best = f1_max([1, 0], [0.1, 0.9])

    assert best.f1 == pytest.approx(2 / 3)
    assert best.threshold == pytest.approx(0.1)
    assert best.precision == pytest.approx(0.5)
    assert best.recall == pytest.approx(1.0)


def test_f1_max_threshold_reproduces_optimum():
    rng = np.random.default_rng(3)
    labels = (rng.random(200) < 0.3).astype(int)
    scores = rng.random(200) + labels * 0.4

    best = f1_max(labels, scores)
    predicted = scores >= best.threshold
    true_positives = np.sum(predicted & (labels == 1))
    f1 = 2 * true_positives / (predicted.sum() + labels.sum())

    assert f1 == pytest.approx(best.f1)


def test_f1_max_without_positives_is_none():
    best = f1_max([0, 0, 0], [0.1, 0.5, 0.9])

    assert best.f1 is None
    assert best.threshold is None


def test_image_metrics_single_class_is_none():
    only_good = image_metrics([0, 0, 0], [0.2, 0.3, 0.4])
    only_defective = image_metrics([1, 1], [0.2, 0.3])

    assert only_good == {"image_auroc": None, "image_ap": None, "image_f1_max": None}
    assert only_defective["image_auroc"] is None
    assert only_defective["image_ap"] is None
    assert only_defective["image_f1_max"] == pytest.approx(1.0)


def test_image_metrics_reject_bad_input():
    with pytest.raises(ValueError, match="index 1"):
        image_metrics([0, 1], [0.1, float("nan")])
    with pytest.raises(ValueError, match="must be 0 .good. or 1"):
        image_metrics([0, 2], [0.1, 0.2])
    with pytest.raises(ValueError, match="3 image labels but 2 image scores"):
        image_metrics([0, 1, 1], [0.1, 0.2])


# Shared pixel curve


def test_binary_curve_matches_sklearn_with_ties():
    for seed in range(10):
        rng = np.random.default_rng(100 + seed)
        labels = rng.random(5000) < 0.05
        scores = np.round(rng.random(5000) + labels * 0.3, 2).astype(np.float32)

        curve = binary_curve(labels, scores)

        assert curve.auroc() == pytest.approx(roc_auc_score(labels, scores), abs=1e-12)
        assert curve.average_precision() == pytest.approx(average_precision_score(labels, scores), abs=1e-12)
        assert curve.f1_max().f1 == pytest.approx(sklearn_f1_max(labels, scores), abs=1e-12)


def test_binary_curve_counts():
    curve = binary_curve(np.array([1, 0, 1, 0]), np.array([0.9, 0.9, 0.5, 0.1]))

    assert curve.thresholds.tolist() == pytest.approx([0.9, 0.5, 0.1])
    assert curve.true_positives.tolist() == [1, 2, 2]
    assert curve.false_positives.tolist() == [1, 1, 2]
    assert sorted(curve.positive_indices.tolist()) == [0, 2]


def test_pixel_metrics_match_sklearn():
    rng = np.random.default_rng(7)
    shapes = [(20, 30), (25, 25), (16, 40)]
    masks = [(rng.random(shape) < 0.1).astype(np.uint8) * 255 for shape in shapes]
    masks.append(None)
    maps = [(rng.random(shape) + (mask > 0) * 0.5).astype(np.float32) for shape, mask in zip(shapes, masks)]
    maps.append(rng.random((10, 10)).astype(np.float32))
    all_labels = np.concatenate([(m > 0).ravel() for m in masks[:3]] + [np.zeros(100, bool)])
    all_scores = np.concatenate([m.ravel() for m in maps])

    metrics = pixel_metrics(masks, maps)

    assert metrics["pixel_auroc"] == pytest.approx(roc_auc_score(all_labels, all_scores), abs=1e-12)
    assert metrics["pixel_ap"] == pytest.approx(average_precision_score(all_labels, all_scores), abs=1e-12)
    assert metrics["pixel_f1_max"] == pytest.approx(sklearn_f1_max(all_labels, all_scores), abs=1e-12)


def test_pixel_metrics_single_class_is_none():
    no_defect = pixel_metrics([np.zeros((8, 8))], [np.random.default_rng(0).random((8, 8))])
    no_normal = pixel_metrics([np.ones((8, 8))], [np.random.default_rng(0).random((8, 8))])

    assert all(value is None for value in no_defect.values())
    assert no_normal["pixel_auroc"] is None
    assert no_normal["pixel_ap"] is None
    assert no_normal["aupro"] is None
    assert no_normal["pixel_f1_max"] == pytest.approx(1.0)


def test_pixel_metrics_treat_nan_as_zero():
    mask = np.zeros((6, 6), np.uint8)
    mask[1:3, 1:3] = 1
    anomaly_map = np.linspace(0, 1, 36, dtype=np.float32).reshape(6, 6)
    with_nan = anomaly_map.copy()
    with_nan[5, 5] = np.nan
    with_zero = anomaly_map.copy()
    with_zero[5, 5] = 0.0

    assert pixel_metrics([mask], [with_nan]) == pixel_metrics([mask], [with_zero])


def test_pixel_metrics_reject_shape_mismatch():
    with pytest.raises(ValueError, match="mask 1 has shape"):
        pixel_metrics([np.zeros((4, 4)), np.zeros((4, 5))], [np.zeros((4, 4)), np.zeros((5, 4))])
    with pytest.raises(ValueError, match="2 masks but 1 anomaly maps"):
        pixel_metrics([np.zeros((4, 4)), None], [np.zeros((4, 4))])


# AU-PRO


def test_aupro_map_equal_to_mask_is_one():
    mask = np.zeros((40, 40), np.uint8)
    mask[5:15, 5:15] = 255
    mask[30:33, 20:35] = 255

    assert aupro([mask], [(mask > 0).astype(np.float32)]) == pytest.approx(1.0)


def test_aupro_constant_map():
    mask = np.zeros((40, 40), np.uint8)
    mask[5:15, 5:15] = 1

    assert aupro([mask], [np.full((40, 40), 0.3, np.float32)]) == pytest.approx(0.15)


def test_aupro_twenty_percent_false_positives():
    mask = np.zeros((10, 12), np.uint8)
    mask[2:6, 2:7] = 1  # 20 defect pixels, 100 normal pixels
    anomaly_map = np.zeros((10, 12), np.float32)
    anomaly_map[mask > 0] = 0.5
    normal_positions = np.flatnonzero(mask.ravel() == 0)
    anomaly_map.ravel()[normal_positions[::5]] = 0.5

    assert aupro([mask], [anomaly_map]) == pytest.approx(2 / 3)


def test_aupro_weights_regions_not_pixels():
    mask = np.zeros((30, 30), np.uint8)
    mask[0:10, 0:10] = 1  # 100 pixels, found
    mask[20:22, 20:22] = 1  # 4 pixels, missed
    anomaly_map = np.zeros((30, 30), np.float32)
    anomaly_map[0:10, 0:10] = 1.0

    # Points (0, 0), (0, 0.5), (1, 1): PRO is 0.65 at FPR 0.3, area 0.3 * (0.5 + 0.65) / 2.
    assert aupro([mask], [anomaly_map]) == pytest.approx(0.575)


def test_aupro_regions_are_eight_connected():
    mask = np.zeros((8, 8), np.uint8)
    mask[0, 0] = mask[1, 1] = 1  # one region through the diagonal
    mask[5, 5] = 1
    anomaly_map = np.zeros((8, 8), np.float32)
    anomaly_map[0, 0] = 1.0

    # Two regions with overlaps 0.5 and 0: points (0, 0), (0, 0.25), (1, 1).
    assert aupro([mask], [anomaly_map]) == pytest.approx(0.3625)


def test_aupro_regions_counted_across_images():
    first = np.zeros((10, 10), np.uint8)
    first[2:4, 2:4] = 1
    second = np.zeros((10, 10), np.uint8)
    second[5:9, 5:9] = 1
    first_map = first.astype(np.float32)
    second_map = np.zeros((10, 10), np.float32)

    assert aupro([first, second], [first_map, second_map]) == pytest.approx(
        reference_aupro([first, second], [first_map, second_map])
    )


def test_aupro_matches_brute_force_reference():
    for seed in range(8):
        rng = np.random.default_rng(200 + seed)
        masks = [(rng.random((12, 15)) < 0.15).astype(np.uint8) for _ in range(3)]
        maps = [np.round(rng.random((12, 15)) + mask * 0.3, 2).astype(np.float32) for mask in masks]

        assert aupro(masks, maps) == pytest.approx(reference_aupro(masks, maps), abs=1e-9)


def test_aupro_never_exceeds_one():
    for seed in range(30):
        rng = np.random.default_rng(seed)
        mask = (rng.random((32, 32)) < rng.uniform(0.01, 0.5)).astype(np.uint8)
        if seed % 3 == 0:
            anomaly_map = mask.astype(np.float32)
        else:
            anomaly_map = rng.random((32, 32)).astype(np.float32) + mask * rng.uniform(0, 2)

        value = aupro([mask], [anomaly_map])

        assert 0.0 <= value <= 1.0


def test_aupro_undefined_cases_are_none():
    anomaly_map = np.random.default_rng(0).random((8, 8))

    assert aupro([np.zeros((8, 8))], [anomaly_map]) is None
    assert aupro([None], [anomaly_map]) is None
    assert aupro([np.ones((8, 8))], [anomaly_map]) is None


# compute_metrics and the table


def test_compute_metrics_keys_and_range():
    rng = np.random.default_rng(11)
    labels = [0, 0, 1, 1, 1]
    masks = [None, np.zeros((16, 16))] + [(rng.random((16, 16)) < 0.2) for _ in range(3)]
    maps = [rng.random((16, 16)).astype(np.float32) for _ in range(5)]
    scores = [float(m.max()) for m in maps]

    metrics = compute_metrics(labels, scores, masks, maps)

    assert tuple(metrics) == METRIC_KEYS
    for key, value in metrics.items():
        assert value is not None, key
        assert 0.0 <= value <= 1.0, key


def test_compute_metrics_without_pixels():
    metrics = compute_metrics([0, 1], [0.2, 0.8])

    assert metrics["image_auroc"] == pytest.approx(1.0)
    assert metrics["pixel_auroc"] is None
    assert metrics["aupro"] is None


def test_compute_metrics_json_has_no_nan():
    single_class = compute_metrics([0, 0], [0.3, 0.4], [None, None], [np.zeros((4, 4)), np.ones((4, 4))])

    text = json.dumps(single_class, allow_nan=False)

    assert json.loads(text) == dict.fromkeys(METRIC_KEYS)


def test_format_metrics_table():
    table = format_metrics_table({"image_auroc": 0.98765, "aupro": None})
    lines = table.splitlines()

    assert len(lines) == len(METRIC_KEYS) + 1
    assert "0.9877" in lines[1]
    assert lines[1].startswith("image AUROC")
    assert lines[-1].startswith("AU-PRO")
    assert lines[-1].endswith("n/a")
