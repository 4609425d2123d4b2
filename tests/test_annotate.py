"""Tests for storage.annotate: heatmap overlays and annotated result images."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from winclip_desktop.engine.image_io import read_image
from winclip_desktop.engine.types import NG, OK, InspectionResult, PostProcessSettings, Region
from winclip_desktop.storage.annotate import MIN_SHORT_SIDE, render_annotated, render_overlay

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
BOTTLE = DATASETS / "mvtec_ad" / "bottle"

NOTE = "random weights - scores are meaningless"


@pytest.fixture(scope="module")
def bottle():
    """A defective bottle image and its ground-truth mask (uint8 0/255)."""
    image_path = BOTTLE / "test" / "broken_large" / "000.png"
    mask_path = BOTTLE / "ground_truth" / "broken_large" / "000_mask.png"
    if not image_path.exists() or not mask_path.exists():
        pytest.skip(f"test data set missing: {BOTTLE} (see shared/datasets/README.md)")
    image = read_image(image_path)
    mask = np.where(read_image(mask_path)[:, :, 0] > 127, 255, 0).astype(np.uint8)
    return image, mask


def _regions(mask: np.ndarray) -> list[Region]:
    count, _, stats, centroids = cv2.connectedComponentsWithStats((mask > 0).astype(np.uint8))
    return [
        Region(
            id=index,
            area=int(stats[index, cv2.CC_STAT_AREA]),
            bbox=tuple(int(value) for value in stats[index, :4]),
            centroid=(float(centroids[index, 0]), float(centroids[index, 1])),
            max_score=0.9,
            mean_score=0.7,
        )
        for index in range(1, count)
    ]


def _result(mask: np.ndarray, anomaly_map: np.ndarray | None = None, verdict: str = NG, score: float = 0.8):
    """Build a result from a mask. The scores are test inputs, not model output."""
    if anomaly_map is None:
        anomaly_map = np.zeros(mask.shape, dtype=np.float32)
    return InspectionResult(
        image_score=score,
        anomaly_map=anomaly_map.astype(np.float32),
        verdict=verdict,
        mask=mask,
        regions=_regions(mask),
        settings=PostProcessSettings(),
        image_size=mask.shape,
    )


def _jet_rgb(level: int) -> np.ndarray:
    bgr = cv2.applyColorMap(np.array([[level]], dtype=np.uint8), cv2.COLORMAP_JET)[0, 0]
    return bgr[::-1].astype(int)


def _count_colour(area: np.ndarray, low: tuple[int, int, int], high: tuple[int, int, int]) -> int:
    return int(cv2.inRange(area, np.array(low), np.array(high)).astype(bool).sum())


def _green(area: np.ndarray) -> int:
    return _count_colour(area, (0, 120, 0), (80, 255, 80))


def _red(area: np.ndarray) -> int:
    return _count_colour(area, (150, 0, 0), (255, 80, 80))


def _yellow(area: np.ndarray) -> int:
    return _count_colour(area, (150, 150, 0), (255, 255, 80))


# render_overlay


def test_overlay_zero_map_stays_low_colour(bottle):
    image, _ = bottle
    overlay = render_overlay(image, np.zeros(image.shape[:2], np.float32), levels=(0.0, 1.0), alpha=0.5)
    low = _jet_rgb(0)

    expected = np.rint(image.astype(float) * 0.5 + low * 0.5)
    assert overlay.shape == image.shape
    assert overlay.dtype == np.uint8
    assert np.abs(overlay.astype(float) - expected).max() <= 1


def test_overlay_uses_fixed_levels(bottle):
    image, _ = bottle
    flat = np.full(image.shape[:2], 0.2, np.float32)
    spot = flat.copy()
    spot[100:200, 100:200] = 0.9

    flat_overlay = render_overlay(image, flat, levels=(0.0, 1.0))
    spot_overlay = render_overlay(image, spot, levels=(0.0, 1.0))

    outside = np.ones(image.shape[:2], bool)
    outside[100:200, 100:200] = False
    np.testing.assert_array_equal(flat_overlay[outside], spot_overlay[outside])
    assert not np.array_equal(flat_overlay[150, 150], spot_overlay[150, 150])


def test_overlay_constant_maps_differ_by_level(bottle):
    image, _ = bottle
    normal = render_overlay(image, np.full(image.shape[:2], 0.1, np.float32), levels=(0.0, 1.0), alpha=1.0)
    defective = render_overlay(image, np.full(image.shape[:2], 0.95, np.float32), levels=(0.0, 1.0), alpha=1.0)

    assert normal[..., 2].mean() > normal[..., 0].mean()
    assert defective[..., 0].mean() > defective[..., 2].mean()


def test_overlay_levels_clip(bottle):
    image, _ = bottle
    above = render_overlay(image, np.full(image.shape[:2], 5.0, np.float32), levels=(0.2, 0.6))
    at_high = render_overlay(image, np.full(image.shape[:2], 0.6, np.float32), levels=(0.2, 0.6))

    np.testing.assert_array_equal(above, at_high)


def test_overlay_nan_and_inf_safe(bottle):
    image, _ = bottle
    shape = image.shape[:2]
    zeros = render_overlay(image, np.zeros(shape, np.float32))
    ones = render_overlay(image, np.ones(shape, np.float32))

    nan_overlay = render_overlay(image, np.full(shape, np.nan, np.float32))
    positive_inf = render_overlay(image, np.full(shape, np.inf, np.float32))
    negative_inf = render_overlay(image, np.full(shape, -np.inf, np.float32))

    np.testing.assert_array_equal(nan_overlay, zeros)
    np.testing.assert_array_equal(positive_inf, ones)
    np.testing.assert_array_equal(negative_inf, zeros)


def test_overlay_alpha_extremes(bottle):
    image, _ = bottle
    scores = np.zeros(image.shape[:2], np.float32)

    np.testing.assert_array_equal(render_overlay(image, scores, alpha=0.0), image)
    heat_only = render_overlay(image, scores, alpha=1.0)
    np.testing.assert_array_equal(heat_only[0, 0], _jet_rgb(0))


def test_overlay_resizes_small_map(bottle):
    image, _ = bottle
    small = np.zeros((30, 30), np.float32)
    small[:, 15:] = 1.0

    overlay = render_overlay(image, small, alpha=1.0)

    assert overlay.shape == image.shape
    np.testing.assert_array_equal(overlay[450, 10], _jet_rgb(0))
    np.testing.assert_array_equal(overlay[450, 890], _jet_rgb(255))


def test_overlay_accepts_greyscale_image():
    grey = np.full((16, 16), 100, np.uint8)

    overlay = render_overlay(grey, np.zeros((16, 16), np.float32), alpha=0.0)

    assert overlay.shape == (16, 16, 3)
    assert (overlay == 100).all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"levels": (1.0, 1.0)}, "high > low"),
        ({"levels": (0.5, 0.1)}, "high > low"),
        ({"levels": (float("nan"), 1.0)}, "finite"),
        ({"levels": "ab"}, "two numbers"),
        ({"alpha": 1.5}, "alpha"),
    ],
    ids=["equal_levels", "reversed_levels", "nan_level", "text_levels", "alpha_above_one"],
)
def test_overlay_rejects_invalid_arguments(kwargs, message):
    image = np.zeros((8, 8, 3), np.uint8)

    with pytest.raises(ValueError, match=message):
        render_overlay(image, np.zeros((8, 8), np.float32), **kwargs)


def test_overlay_rejects_float_image():
    with pytest.raises(ValueError, match="uint8"):
        render_overlay(np.zeros((8, 8, 3), np.float32), np.zeros((8, 8), np.float32))


# render_annotated


def test_annotated_ng_verdict_red(bottle):
    image, mask = bottle
    annotated = render_annotated(image, _result(mask, verdict=NG))

    banner = annotated[:120, :400]
    assert annotated.shape == image.shape
    assert _red(banner) > 500
    assert _green(banner) == 0


def test_annotated_ok_verdict_green(bottle):
    image, _ = bottle
    empty = np.zeros(image.shape[:2], np.uint8)
    annotated = render_annotated(image, _result(empty, verdict=OK, score=0.1))

    banner = annotated[:120, :400]
    assert _green(banner) > 500
    assert _red(banner) == 0


def test_annotated_draws_region_contours(bottle):
    image, mask = bottle
    result = _result(mask)
    overlay = render_overlay(image, result.anomaly_map)

    annotated = render_annotated(image, result)

    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    points = np.concatenate(contours)[:, 0, :]
    on_contour = annotated[points[:, 1], points[:, 0]]
    white = (on_contour > 200).all(axis=1)
    assert white.mean() > 0.9
    assert (overlay[points[:, 1], points[:, 0]] > 200).all(axis=1).mean() < 0.1


def test_annotated_labels_regions(bottle):
    image, mask = bottle
    with_regions = render_annotated(image, _result(mask))
    without_ids = _result(mask)
    without_ids.regions = []

    no_labels = render_annotated(image, without_ids)

    ys, xs = np.nonzero(mask)
    top = ys.min()
    left = xs[ys == top].min()
    label_area = (slice(max(0, top - 40), top), slice(left, left + 40))
    assert not np.array_equal(with_regions[label_area], no_labels[label_area])
    assert (with_regions[label_area] == 0).all(axis=2).sum() > 50


def test_annotated_weights_note_visible(bottle):
    image, _ = bottle
    empty = np.zeros(image.shape[:2], np.uint8)
    result = _result(empty, verdict=OK, score=0.1)

    with_note = render_annotated(image, result, weights_note=NOTE)
    without_note = render_annotated(image, result)

    bottom = slice(image.shape[0] - 100, image.shape[0])
    assert _yellow(with_note[bottom]) > 300
    assert _yellow(without_note[bottom]) == 0


def test_annotated_non_ascii_note(bottle):
    image, _ = bottle
    empty = np.zeros(image.shape[:2], np.uint8)

    annotated = render_annotated(image, _result(empty, verdict=OK), weights_note="随机权重 random")

    assert _yellow(annotated[-100:]) > 100


def test_annotated_small_image_upscaled(bottle):
    image, mask = bottle
    small_image = cv2.resize(image, (64, 64), interpolation=cv2.INTER_AREA)
    small_mask = cv2.resize(mask, (64, 64), interpolation=cv2.INTER_NEAREST)

    annotated = render_annotated(small_image, _result(small_mask, verdict=NG), weights_note=NOTE)

    assert annotated.shape == (MIN_SHORT_SIDE, MIN_SHORT_SIDE, 3)
    assert _red(annotated[:40, :]) > 50
    assert _yellow(annotated[-40:, :]) > 50


def test_annotated_one_pixel_image():
    image = np.full((1, 1, 3), 128, np.uint8)
    result = _result(np.zeros((1, 1), np.uint8), verdict=OK, score=0.0)

    annotated = render_annotated(image, result, weights_note=NOTE)

    assert annotated.shape == (MIN_SHORT_SIDE, MIN_SHORT_SIDE, 3)


def _verdict_box_height(annotated: np.ndarray) -> int:
    """Return the height of the black verdict box, measured down its left edge."""
    column = annotated[:, 2 + min(annotated.shape[:2]) // 100 + 1]
    black = (column == 0).all(axis=1)
    start = int(np.argmax(black))
    end = start + int(np.argmin(black[start:]))
    return end - start


def test_annotated_large_image_scales_text(bottle):
    image, mask = bottle
    large_image = cv2.resize(image, (4000, 3000), interpolation=cv2.INTER_LINEAR)
    large_mask = cv2.resize(mask, (4000, 3000), interpolation=cv2.INTER_NEAREST)

    large = render_annotated(large_image, _result(large_mask, verdict=NG))
    normal = render_annotated(image, _result(mask, verdict=NG))

    assert large.shape == (3000, 4000, 3)
    assert _verdict_box_height(normal) > 40
    assert _verdict_box_height(large) > 2.5 * _verdict_box_height(normal)
    assert _red(large[:400, :1600]) > 5 * _red(normal[:120, :400])


def test_annotated_nan_score_and_nan_map(bottle):
    image, mask = bottle
    result = _result(mask, anomaly_map=np.full(mask.shape, np.nan, np.float32), score=float("nan"))

    annotated = render_annotated(image, result)

    assert annotated.shape == image.shape
    assert _red(annotated[:120, :400]) > 100


def test_annotated_leaves_inputs_unchanged(bottle):
    image, mask = bottle
    image_copy, mask_copy = image.copy(), mask.copy()

    render_annotated(image, _result(mask), weights_note=NOTE)

    np.testing.assert_array_equal(image, image_copy)
    np.testing.assert_array_equal(mask, mask_copy)


def test_annotated_custom_levels_change_heatmap(bottle):
    image, mask = bottle
    scores = np.full(mask.shape, 0.3, np.float32)
    result = _result(np.zeros_like(mask), anomaly_map=scores, verdict=OK)

    default_levels = render_annotated(image, result)
    narrow_levels = render_annotated(image, result, levels=(0.25, 0.35))

    centre = (slice(400, 500), slice(400, 500))
    assert not np.array_equal(default_levels[centre], narrow_levels[centre])
