"""Turn an anomaly map and an image score into a verdict, a defect mask and defect regions.

This step needs no model, so a stored anomaly map can be re-thresholded with new settings.
"""

from __future__ import annotations

import logging
import math
import numbers

import cv2
import numpy as np

from .types import NG, OK, InspectionResult, PostProcessSettings, Region

logger = logging.getLogger(__name__)


def validate_settings(settings: PostProcessSettings) -> None:
    """Raise ValueError naming the field and value unless ``settings`` can be applied.

    Thresholds must be finite numbers. ``kernel_size`` must be 0, 1 (both mean no morphology) or an
    odd number, because an even structuring element has no centre pixel and shifts every region.
    ``min_area`` must be a non-negative integer.
    """
    for name in ("image_threshold", "pixel_threshold"):
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number; got {value!r}")

    kernel_size = settings.kernel_size
    if isinstance(kernel_size, bool) or not isinstance(kernel_size, numbers.Integral):
        raise ValueError(f"kernel_size must be an integer; got {kernel_size!r}")
    if kernel_size < 0:
        raise ValueError(f"kernel_size must be 0 or more; got {kernel_size}")
    if kernel_size > 1 and kernel_size % 2 == 0:
        raise ValueError(
            f"kernel_size must be 0, 1 or an odd number (an even kernel shifts regions); got {kernel_size}"
        )

    min_area = settings.min_area
    if isinstance(min_area, bool) or not isinstance(min_area, numbers.Integral):
        raise ValueError(f"min_area must be an integer; got {min_area!r}")
    if min_area < 0:
        raise ValueError(f"min_area must be 0 or more; got {min_area}")


def sanitize_map(anomaly_map: np.ndarray) -> np.ndarray:
    """Return ``anomaly_map`` as a finite float32 (H, W) array.

    NaN becomes 0, +inf and -inf become the largest and smallest finite float32. The input is
    returned unchanged (no copy) when it is already finite float32.
    """
    scores = np.asarray(anomaly_map)
    if scores.ndim != 2:
        raise ValueError(f"anomaly map must be a 2-D (height, width) array; got shape {scores.shape}")
    scores = scores.astype(np.float32, copy=False)
    if scores.size and not np.isfinite(scores).all():
        bad_count = int(np.count_nonzero(~np.isfinite(scores)))
        logger.warning("anomaly map has %d NaN or infinite values; NaN is treated as 0", bad_count)
        finfo = np.finfo(np.float32)
        scores = np.nan_to_num(scores, nan=0.0, posinf=finfo.max, neginf=finfo.min)
    return scores


def decide_verdict(image_score: float, image_threshold: float) -> str:
    """Return NG when ``image_score >= image_threshold``, else OK.

    A NaN score returns NG, because an image whose score could not be computed must not pass.
    """
    if math.isnan(image_score):
        logger.warning("image score is NaN; the verdict is NG")
        return NG
    return NG if image_score >= image_threshold else OK


def binarize_map(anomaly_map: np.ndarray, pixel_threshold: float, kernel_size: int) -> np.ndarray:
    """Threshold ``anomaly_map > pixel_threshold`` and smooth the mask by a close then an open.

    Returns a uint8 0/1 (H, W) array. The structuring element is an ellipse of ``kernel_size``
    pixels, and ``kernel_size`` <= 1 skips the morphology.
    """
    binary = (anomaly_map > pixel_threshold).astype(np.uint8)
    if kernel_size > 1:
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (kernel_size, kernel_size))
        binary = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, kernel)
        binary = cv2.morphologyEx(binary, cv2.MORPH_OPEN, kernel)
    return binary


def extract_regions(binary: np.ndarray, anomaly_map: np.ndarray, min_area: int) -> tuple[np.ndarray, list[Region]]:
    """Find the 8-connected regions of ``binary`` with an area of at least ``min_area`` pixels.

    Returns the uint8 0/255 mask of the kept regions and the regions, numbered from 1 in order of
    descending maximum score (ties keep the raster order of the regions' first pixels).
    """
    label_count, labels, stats, centroids = cv2.connectedComponentsWithStats(binary, connectivity=8)
    # Label 0 is the background.
    candidate_labels = np.arange(1, label_count)
    areas = stats[1:, cv2.CC_STAT_AREA]
    kept_labels = candidate_labels[areas >= min_area]
    if kept_labels.size == 0:
        return np.zeros(binary.shape, dtype=np.uint8), []

    # Per-label reductions over all pixels at once (np.maximum.at is fast since NumPy 1.25).
    flat_labels = labels.ravel()
    flat_scores = anomaly_map.ravel()
    label_max = np.full(label_count, -np.inf, dtype=np.float32)
    np.maximum.at(label_max, flat_labels, flat_scores)
    label_sum = np.bincount(flat_labels, weights=flat_scores, minlength=label_count)
    max_scores = label_max[kept_labels].astype(np.float64)
    mean_scores = label_sum[kept_labels] / stats[kept_labels, cv2.CC_STAT_AREA]
    # np.lexsort sorts by the last key first: descending max score, then ascending label.
    order = np.lexsort((kept_labels, -max_scores))

    regions = []
    for region_id, index in enumerate(order, start=1):
        label = kept_labels[index]
        x, y, width, height, area = (int(v) for v in stats[label])
        regions.append(
            Region(
                id=region_id,
                area=area,
                bbox=(x, y, width, height),
                centroid=(float(centroids[label][0]), float(centroids[label][1])),
                max_score=float(max_scores[index]),
                mean_score=float(mean_scores[index]),
            )
        )

    keep_lookup = np.zeros(label_count, dtype=np.uint8)
    keep_lookup[kept_labels] = 255
    mask = keep_lookup[labels]
    return mask, regions


def postprocess(anomaly_map: np.ndarray, image_score: float, settings: PostProcessSettings) -> InspectionResult:
    """Apply ``settings`` to one image's anomaly map and image score.

    Args:
        anomaly_map: (H, W) anomaly scores at the image's original resolution, any real dtype.
            NaN is treated as 0 and infinities are clipped to the float32 range.
        image_score: the image-level anomaly score.
        settings: thresholds and morphology. The verdict is NG when ``image_score >=
            settings.image_threshold``. A pixel is defective when its score is strictly greater than
            ``settings.pixel_threshold``, before morphology.

    Returns:
        An InspectionResult whose ``anomaly_map`` is the finite float32 map, whose ``mask`` is uint8
        0/255 with only the regions of at least ``settings.min_area`` pixels, and whose ``regions`` are
        numbered from 1 by descending maximum score.

    Raises:
        ValueError: the settings are invalid or the map is not 2-D. The message names the value.
    """
    validate_settings(settings)
    scores = sanitize_map(anomaly_map)
    image_score = float(image_score)
    verdict = decide_verdict(image_score, settings.image_threshold)

    if scores.size == 0:
        mask = np.zeros(scores.shape, dtype=np.uint8)
        regions: list[Region] = []
    else:
        binary = binarize_map(scores, settings.pixel_threshold, settings.kernel_size)
        mask, regions = extract_regions(binary, scores, settings.min_area)

    return InspectionResult(
        image_score=image_score,
        anomaly_map=scores,
        verdict=verdict,
        mask=mask,
        regions=regions,
        settings=settings,
        image_size=(int(scores.shape[0]), int(scores.shape[1])),
    )
