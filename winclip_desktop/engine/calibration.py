"""Choose image and pixel thresholds from scored, labelled images.

The image threshold maximises the image-level F1 score. With only good images F1 is undefined,
so the threshold is then the highest good score plus a margin that the user sets. The pixel
threshold maximises the pixel-level F1 score over the ground-truth masks, when there are masks.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .metrics import BinaryCurve, binary_curve, validate_image_inputs, validate_pixel_inputs
from .postprocess import sanitize_map

logger = logging.getLogger(__name__)

METHOD_F1 = "f1"
METHOD_MARGIN = "max_good_plus_margin"

DEFAULT_MARGIN = 0.01
"""Added to the highest good score when there are no defective images, in score units (absolute)."""

DEFAULT_MAX_PIXELS = 4_000_000
"""Pixels sampled for the pixel threshold; more are subsampled (see :func:`sample_pixels`)."""


@dataclass(frozen=True)
class OperatingPoint:
    """A threshold and the precision, recall and F1 score it gives on the calibration data."""

    threshold: float
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class PRCurve:
    """The precision-recall curve for plotting: one point per distinct score, highest score first.

    Point i classifies ``score >= thresholds[i]`` as defective. All arrays have the same length.
    """

    precision: np.ndarray
    recall: np.ndarray
    thresholds: np.ndarray


@dataclass(frozen=True)
class CalibrationResult:
    """Thresholds chosen from labelled scores, with how and why.

    ``method`` is "f1" or "max_good_plus_margin". ``message`` explains the choice in one or two
    English sentences for the user. ``pr_curve`` and ``chosen_point`` are the image-level curve and
    the point of ``image_threshold`` on it, both None without defective images.
    ``pixel_point`` is the pixel-level point of ``pixel_threshold``, None when that is None.
    """

    image_threshold: float
    pixel_threshold: float | None
    method: str
    message: str
    pr_curve: PRCurve | None = None
    chosen_point: OperatingPoint | None = None
    pixel_point: OperatingPoint | None = None


def calibrate(
    image_labels: Sequence[int],
    image_scores: Sequence[float],
    masks: Sequence[np.ndarray | None] | None = None,
    maps: Sequence[np.ndarray] | None = None,
    margin: float = DEFAULT_MARGIN,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> CalibrationResult:
    """Choose the image threshold, and the pixel threshold when masks and maps are given.

    Args:
        image_labels: per image 0 (good) or 1 (defective). At least one image must be good.
        image_scores: per image a finite anomaly score.
        masks: per image an (H, W) ground-truth mask (nonzero is defective), or None for a good image.
        maps: per image the (H, W) anomaly map of the same shape.
        margin: added to the highest good score when there are no defective images, or when
            all images have the same score. Must be > 0, so no good image is flagged.
        max_pixels: the pixel threshold is computed on at most about this many pixels.

    The chosen image threshold never flags every image: the F1 search skips the lowest score.

    Raises:
        ValueError: no image, no good image, invalid labels, scores, margin or pixel inputs.
    """
    if isinstance(margin, bool) or not isinstance(margin, (int, float)) or not math.isfinite(margin) or margin <= 0:
        raise ValueError(f"margin must be a finite number greater than 0; got {margin!r}")
    labels, scores = validate_image_inputs(image_labels, image_scores)
    good_count = int(np.count_nonzero(labels == 0))
    defective_count = labels.size - good_count
    if labels.size == 0:
        raise ValueError("Calibration needs scored images; got none.")
    if good_count == 0:
        raise ValueError(
            f"Calibration needs at least one good image; got {defective_count} defective images only. "
            "Add images of normal parts."
        )

    image_result = _calibrate_image_threshold(labels, scores, margin, good_count, defective_count)
    pixel_threshold, pixel_point, pixel_message = _calibrate_pixel_threshold(masks, maps, len(labels), max_pixels)
    message = f"{image_result.message} {pixel_message}".strip()
    logger.info("calibration: %s", message)
    return CalibrationResult(
        image_threshold=image_result.image_threshold,
        pixel_threshold=pixel_threshold,
        method=image_result.method,
        message=message,
        pr_curve=image_result.pr_curve,
        chosen_point=image_result.chosen_point,
        pixel_point=pixel_point,
    )


def _calibrate_image_threshold(
    labels: np.ndarray, scores: np.ndarray, margin: float, good_count: int, defective_count: int
) -> CalibrationResult:
    max_good = float(scores[labels == 0].max())
    margin_threshold = max_good + margin
    if defective_count == 0:
        message = (
            f"Only good images were given ({good_count}), so the image threshold is the highest good score "
            f"{max_good:.4g} plus the margin {margin:g}, and none of these images is flagged. "
            "Add defective images to calibrate by F1."
        )
        return CalibrationResult(margin_threshold, None, METHOD_MARGIN, message)

    curve = binary_curve(labels == 1, scores)
    pr_curve = PRCurve(precision=curve.precision(), recall=curve.recall(), thresholds=curve.thresholds)
    if len(curve.thresholds) < 2:
        message = (
            f"All {labels.size} images have the same score {max_good:.4g}, so good and defective images cannot "
            f"be told apart. The image threshold is that score plus the margin {margin:g}."
        )
        return CalibrationResult(margin_threshold, None, METHOD_MARGIN, message, pr_curve=pr_curve)

    point = best_f1_point(curve)
    message = (
        f"The image threshold {point.threshold:.4g} maximises F1 = {point.f1:.3f} (precision {point.precision:.3f}, "
        f"recall {point.recall:.3f}) on {good_count} good and {defective_count} defective images."
    )
    return CalibrationResult(point.threshold, None, METHOD_F1, message, pr_curve=pr_curve, chosen_point=point)


def best_f1_point(curve: BinaryCurve) -> OperatingPoint:
    """Return the F1-optimal threshold of ``curve``, placed between two distinct scores.

    The optimum classifies ``score >= t_k`` as positive, for the k-th distinct score t_k. The
    returned threshold is the midpoint of t_k and the next lower score t_(k+1), so ``>=`` and ``>``
    both classify the calibration data as the optimum does. The lowest score is never the optimum,
    because it would classify everything as positive. ``curve`` needs positives and at least two
    distinct scores.
    """
    best = curve.f1_max(exclude_lowest=True)
    upper = float(curve.thresholds[best.index])
    lower = float(curve.thresholds[best.index + 1])
    threshold = (upper + lower) / 2.0
    if not lower < threshold <= upper:
        # Adjacent floats have no midpoint in between, and t_k itself still classifies as intended.
        threshold = upper
    return OperatingPoint(threshold=threshold, precision=best.precision, recall=best.recall, f1=best.f1)


def _calibrate_pixel_threshold(
    masks: Sequence[np.ndarray | None] | None,
    maps: Sequence[np.ndarray] | None,
    image_count: int,
    max_pixels: int,
) -> tuple[float | None, OperatingPoint | None, str]:
    if masks is None or maps is None:
        if masks is not None or maps is not None:
            return None, None, "The pixel threshold was not calibrated because it needs both masks and anomaly maps."
        return None, None, ""
    if len(maps) != image_count:
        raise ValueError(f"got {len(maps)} anomaly maps for {image_count} images")

    pixel_labels, pixel_scores = sample_pixels(masks, maps, max_pixels)
    curve = binary_curve(pixel_labels, pixel_scores)
    if curve.positive_count == 0:
        return None, None, "The pixel threshold was not calibrated because the masks contain no defect pixels."
    if len(curve.thresholds) < 2:
        return None, None, "The pixel threshold was not calibrated because every pixel has the same score."

    point = best_f1_point(curve)
    sampled = f" on {pixel_labels.size} sampled pixels" if pixel_labels.size < _pixel_total(maps) else ""
    message = f"The pixel threshold {point.threshold:.4g} maximises pixel F1 = {point.f1:.3f}{sampled}."
    return point.threshold, point, message


def _pixel_total(maps: Sequence[np.ndarray]) -> int:
    return sum(int(np.size(anomaly_map)) for anomaly_map in maps)


def sample_pixels(
    masks: Sequence[np.ndarray | None], maps: Sequence[np.ndarray], max_pixels: int, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Return (labels bool (N,), scores float32 (N,)) of all pixels, or of a sample of about ``max_pixels``.

    Above ``max_pixels`` every image contributes the same fraction of its pixels, drawn without
    replacement by a NumPy generator seeded with ``seed``, so repeated calls return the same sample.
    Uniform sampling keeps the expected ratio of defect to normal pixels, so the F1-optimal
    threshold of the sample estimates that of all pixels. NaN in a map is treated as 0.
    """
    if isinstance(max_pixels, bool) or not isinstance(max_pixels, int) or max_pixels < 1:
        raise ValueError(f"max_pixels must be a positive integer; got {max_pixels!r}")
    validate_pixel_inputs(masks, maps)
    total = _pixel_total(maps)
    fraction = min(1.0, max_pixels / total) if total else 1.0
    rng = np.random.default_rng(seed)

    label_parts = []
    score_parts = []
    for mask, anomaly_map in zip(masks, maps):
        scores = sanitize_map(anomaly_map).ravel()
        labels = np.zeros(scores.size, dtype=bool) if mask is None else (np.asarray(mask) > 0).ravel()
        if fraction < 1.0:
            count = min(scores.size, math.ceil(scores.size * fraction))
            chosen = np.sort(rng.choice(scores.size, size=count, replace=False))
            scores = scores[chosen]
            labels = labels[chosen]
        label_parts.append(labels)
        score_parts.append(scores)
    if not score_parts:
        return np.zeros(0, dtype=bool), np.zeros(0, dtype=np.float32)
    return np.concatenate(label_parts), np.concatenate(score_parts)
