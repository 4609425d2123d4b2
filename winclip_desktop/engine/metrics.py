"""Detection and segmentation metrics of anomaly scores against ground truth.

Labels are 0 for good and 1 for defective. A score predicts "defective" when ``score >= threshold``.
Every metric is a float in [0, 1], or None where it is undefined (one class only), never NaN.

Image-level AUROC and AP come from scikit-learn. Pixel-level metrics and AU-PRO share one
descending sort of all pixels (:func:`binary_curve`), because three scikit-learn calls on the
67 million pixels of a full MVTec AD category would sort them three times and hold several copies.
The tests check that the shared curve gives the same AUROC, AP and F1-max as scikit-learn.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Sequence

import cv2
import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

from .postprocess import sanitize_map

logger = logging.getLogger(__name__)

METRIC_KEYS = (
    "image_auroc",
    "image_ap",
    "image_f1_max",
    "pixel_auroc",
    "pixel_ap",
    "pixel_f1_max",
    "aupro",
)

METRIC_LABELS = {
    "image_auroc": "image AUROC",
    "image_ap": "image AP",
    "image_f1_max": "image F1-max",
    "pixel_auroc": "pixel AUROC",
    "pixel_ap": "pixel AP",
    "pixel_f1_max": "pixel F1-max",
    "aupro": "AU-PRO (FPR <= 0.3)",
}

# MVTec AD integrates the PRO curve up to this false positive rate.
AUPRO_MAX_FPR = 0.3


@dataclass(frozen=True)
class F1Max:
    """The best F1 score over all thresholds and the threshold that reaches it.

    ``threshold`` is one of the scores, and ``score >= threshold`` classifies as the optimum does.
    ``index`` is the position of ``threshold`` in the curve's thresholds. All fields are None when
    there are no positives.
    """

    f1: float | None
    threshold: float | None
    precision: float | None = None
    recall: float | None = None
    index: int | None = None


@dataclass(frozen=True)
class BinaryCurve:
    """Confusion counts at every distinct score, from the highest score to the lowest.

    At index i, ``true_positives[i]`` and ``false_positives[i]`` count the positive and negative
    samples with ``score >= thresholds[i]``. ``positive_indices`` contains the input indices of the
    positive samples in descending score order, so the positives counted at index i are
    ``positive_indices[:true_positives[i]]``.
    """

    thresholds: np.ndarray
    true_positives: np.ndarray
    false_positives: np.ndarray
    positive_count: int
    negative_count: int
    positive_indices: np.ndarray

    def precision(self) -> np.ndarray:
        """Precision at each threshold, float64. Each threshold is a sample's score, so the count is > 0."""
        return self.true_positives / (self.true_positives + self.false_positives)

    def recall(self) -> np.ndarray:
        """Recall at each threshold, float64, or zeros when there are no positives."""
        if self.positive_count == 0:
            return np.zeros(len(self.thresholds))
        return self.true_positives / self.positive_count

    def auroc(self) -> float | None:
        """Area under the ROC curve by the trapezoid rule, or None with a single class.

        The area is summed in exact integer arithmetic over the counts, so no per-threshold
        float arrays are needed.
        """
        if self.positive_count == 0 or self.negative_count == 0:
            return None
        true_positives = self.true_positives
        false_positives = self.false_positives
        # Twice the trapezoid area in count units, starting from the point (0, 0).
        doubled_area = int(false_positives[0]) * int(true_positives[0])
        doubled_area += int(np.dot(np.diff(false_positives), true_positives[1:] + true_positives[:-1]))
        return _clip_unit(doubled_area / (2.0 * self.positive_count * self.negative_count))

    def average_precision(self) -> float | None:
        """AP as scikit-learn defines it: sum of (R_i - R_(i-1)) * P_i, or None with a single class."""
        if self.positive_count == 0 or self.negative_count == 0:
            return None
        recall_steps = np.diff(self.true_positives, prepend=0)
        steps = np.flatnonzero(recall_steps)
        true_positives = self.true_positives[steps]
        precision = true_positives / (true_positives + self.false_positives[steps])
        return _clip_unit(np.dot(recall_steps[steps], precision) / self.positive_count)

    def f1_max(self, exclude_lowest: bool = False) -> F1Max:
        """Find the maximum F1 = 2PR / (P + R), taking F1 as 0 where P + R = 0.

        Uses F1 = 2 TP / (TP + FP + positives), which equals 2PR / (P + R) and has no 0 / 0. Ties go to
        the highest threshold, the one with the fewest false alarms. ``exclude_lowest`` skips the
        lowest threshold, which classifies every sample as positive.
        """
        if self.positive_count == 0:
            return F1Max(None, None)
        true_positives = self.true_positives
        false_positives = self.false_positives
        if exclude_lowest:
            true_positives = true_positives[:-1]
            false_positives = false_positives[:-1]
        if len(true_positives) == 0:
            return F1Max(None, None)

        f1 = 2.0 * true_positives / (true_positives + false_positives + self.positive_count)
        best = int(np.argmax(f1))
        return F1Max(
            f1=_clip_unit(f1[best]),
            threshold=float(self.thresholds[best]),
            precision=float(true_positives[best] / (true_positives[best] + false_positives[best])),
            recall=float(true_positives[best] / self.positive_count),
            index=best,
        )


def _clip_unit(value: float) -> float:
    # Rounding in sums of millions of terms can leave a value a few ulps outside [0, 1].
    return float(min(max(float(value), 0.0), 1.0))


def binary_curve(labels: np.ndarray, scores: np.ndarray) -> BinaryCurve:
    """Count positives and negatives at or above each distinct score, by one descending sort.

    Args:
        labels: (N,) bool or 0/1, True for positive (defective).
        scores: (N,) finite real scores. float32 is kept as float32 to save memory.

    Memory on top of the inputs: the int64 sort indices, a sorted copy of the scores and labels,
    and per distinct score its value, its run end and two int64 counts.
    """
    labels = np.asarray(labels).ravel().astype(bool, copy=False)
    scores = np.asarray(scores).ravel()
    if labels.shape != scores.shape:
        raise ValueError(f"labels and scores differ in length: {labels.size} vs {scores.size}")
    sample_count = scores.size

    order = np.argsort(scores)[::-1]
    sorted_scores = scores[order]
    sorted_labels = labels[order]

    # Positions (in descending score order) of the positive samples, and of the last sample of
    # each run of tied scores. Counting positives up to each run end gives the counts.
    positive_positions = np.flatnonzero(sorted_labels)
    del sorted_labels
    positive_indices = order[positive_positions]
    del order

    run_ends = np.flatnonzero(sorted_scores[1:] != sorted_scores[:-1])
    run_ends = np.append(run_ends, sample_count - 1) if sample_count else run_ends
    thresholds = sorted_scores[run_ends]
    del sorted_scores

    true_positives = np.searchsorted(positive_positions, run_ends, side="right").astype(np.int64)
    false_positives = run_ends + 1 - true_positives
    positive_count = int(positive_positions.size)
    return BinaryCurve(
        thresholds=thresholds,
        true_positives=true_positives,
        false_positives=false_positives,
        positive_count=positive_count,
        negative_count=sample_count - positive_count,
        positive_indices=positive_indices,
    )


def f1_max(labels: Sequence[int], scores: Sequence[float]) -> F1Max:
    """Find the maximum F1 over all thresholds and the F1-optimal threshold (None without positives)."""
    labels_array, scores_array = validate_image_inputs(labels, scores)
    return binary_curve(labels_array == 1, scores_array).f1_max()


def validate_image_inputs(labels: Sequence[int], scores: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Return labels as int64 and scores as float64 arrays, or raise ValueError naming the bad index."""
    labels_array = np.asarray(labels)
    scores_array = np.asarray(scores, dtype=np.float64)
    if labels_array.ndim != 1 or scores_array.ndim != 1:
        raise ValueError(
            f"image labels and scores must be 1-D; got shapes {labels_array.shape} and {scores_array.shape}"
        )
    if labels_array.size != scores_array.size:
        raise ValueError(f"got {labels_array.size} image labels but {scores_array.size} image scores")
    invalid_labels = ~np.isin(labels_array, (0, 1))
    if invalid_labels.any():
        index = int(np.flatnonzero(invalid_labels)[0])
        raise ValueError(
            f"image label at index {index} is {labels_array[index]!r}; labels must be 0 (good) or 1 (defective)"
        )
    non_finite = ~np.isfinite(scores_array)
    if non_finite.any():
        index = int(np.flatnonzero(non_finite)[0])
        raise ValueError(f"image score at index {index} is {scores_array[index]}; scores must be finite")
    return labels_array.astype(np.int64), scores_array


def image_metrics(labels: Sequence[int], scores: Sequence[float]) -> dict[str, float | None]:
    """Compute image AUROC, AP (scikit-learn) and F1-max, each None when it is undefined."""
    labels_array, scores_array = validate_image_inputs(labels, scores)
    has_both_classes = np.unique(labels_array).size == 2
    auroc = _clip_unit(roc_auc_score(labels_array, scores_array)) if has_both_classes else None
    ap = _clip_unit(average_precision_score(labels_array, scores_array)) if has_both_classes else None
    best = binary_curve(labels_array == 1, scores_array).f1_max() if labels_array.size else F1Max(None, None)
    return {"image_auroc": auroc, "image_ap": ap, "image_f1_max": best.f1}


def validate_pixel_inputs(masks: Sequence[np.ndarray | None], maps: Sequence[np.ndarray]) -> None:
    """Raise ValueError, naming the image index, unless every map is 2-D with the shape of its mask."""
    if len(masks) != len(maps):
        raise ValueError(f"got {len(masks)} masks but {len(maps)} anomaly maps")
    for index, (mask, anomaly_map) in enumerate(zip(masks, maps)):
        map_shape = np.shape(anomaly_map)
        if len(map_shape) != 2:
            raise ValueError(f"anomaly map {index} must be 2-D (height, width); got shape {map_shape}")
        if mask is not None and np.shape(mask) != map_shape:
            raise ValueError(
                f"mask {index} has shape {np.shape(mask)} but its anomaly map has shape {map_shape}; "
                "compute maps at the original image resolution"
            )


def flatten_pixels(masks: Sequence[np.ndarray | None], maps: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Concatenate all images' pixels into one score array and one ground-truth region id array.

    Args:
        masks: per image an (H, W) ground-truth mask where nonzero is defective, or None for a
            good image without a mask.
        maps: per image an (H, W) anomaly map of the same shape as its mask. NaN is treated as 0.

    Returns:
        (scores float32 (N,), region_ids int32 (N,)). ``region_ids`` is 0 for normal pixels and
        numbers the 8-connected defect regions of all images from 1.
    """
    validate_pixel_inputs(masks, maps)

    total = sum(int(np.size(anomaly_map)) for anomaly_map in maps)
    scores = np.empty(total, dtype=np.float32)
    region_ids = np.zeros(total, dtype=np.int32)
    region_count = 0
    start = 0
    for mask, anomaly_map in zip(masks, maps):
        size = int(np.size(anomaly_map))
        scores[start : start + size] = sanitize_map(anomaly_map).ravel()
        if mask is not None:
            defect = (np.asarray(mask) > 0).astype(np.uint8)
            label_count, labels = cv2.connectedComponents(defect, connectivity=8)
            image_region_ids = labels.ravel()
            image_region_ids[image_region_ids > 0] += region_count
            region_ids[start : start + size] = image_region_ids
            region_count += label_count - 1
        start += size
    return scores, region_ids


def aupro_from_curve(curve: BinaryCurve, region_ids: np.ndarray, max_fpr: float = AUPRO_MAX_FPR) -> float | None:
    """Compute the normalized area under the PRO-over-FPR curve up to ``max_fpr``, as MVTec AD defines it.

    ``curve`` must come from :func:`binary_curve` with ``labels = region_ids > 0``. At each distinct
    score, FPR is the fraction of all normal pixels at or above it, and PRO is the mean over all
    ground-truth regions of the fraction of the region's pixels at or above it. The curve starts at
    (0, 0), is integrated by the trapezoid rule up to ``max_fpr`` (interpolated linearly there) and
    divided by ``max_fpr``. Returns None without defect or without normal pixels.
    """
    if not 0.0 < max_fpr <= 1.0:
        raise ValueError(f"max_fpr must be in (0, 1]; got {max_fpr}")
    if curve.positive_count == 0 or curve.negative_count == 0:
        return None

    # Each defect pixel weighs 1 / (area of its region). The weight sum over the defect pixels at or
    # above a threshold, divided by the region count, is the mean per-region overlap (PRO).
    region_areas = np.bincount(region_ids)
    region_count = int(np.count_nonzero(region_areas[1:]))
    region_weights = np.zeros(region_areas.size)
    region_weights[1:] = 1.0 / np.maximum(region_areas[1:], 1)
    sorted_weights = region_weights[region_ids[curve.positive_indices]]
    weight_sums = np.concatenate(([0.0], np.cumsum(sorted_weights)))

    # Only the points up to the first one beyond max_fpr matter, so the cut is made on the integer
    # counts before any float array of all points exists. One extra point absorbs float rounding.
    cut_count = max_fpr * curve.negative_count
    end = int(np.searchsorted(curve.false_positives, cut_count, side="right")) + 2
    fpr = np.concatenate(([0.0], curve.false_positives[:end] / curve.negative_count))
    pro = np.concatenate(([0.0], weight_sums[curve.true_positives[:end]] / region_count))
    pro = np.minimum(pro, 1.0)

    inside = int(np.searchsorted(fpr, max_fpr, side="right"))
    area = float(np.trapezoid(pro[:inside], fpr[:inside]))
    if inside < fpr.size:
        left_fpr, right_fpr = fpr[inside - 1], fpr[inside]
        left_pro, right_pro = pro[inside - 1], pro[inside]
        pro_at_max = left_pro + (right_pro - left_pro) * (max_fpr - left_fpr) / (right_fpr - left_fpr)
        area += (max_fpr - left_fpr) * (left_pro + pro_at_max) / 2.0
    return _clip_unit(area / max_fpr)


def pixel_metrics(masks: Sequence[np.ndarray | None], maps: Sequence[np.ndarray]) -> dict[str, float | None]:
    """Compute pixel AUROC, AP, F1-max and AU-PRO over all pixels of all images, from one shared sort.

    See :func:`flatten_pixels` for the inputs. Every value is None when there is no defect pixel,
    and AUROC, AP and AU-PRO are None when there is no normal pixel.
    """
    scores, region_ids = flatten_pixels(masks, maps)
    curve = binary_curve(region_ids > 0, scores)
    del scores
    return {
        "pixel_auroc": curve.auroc(),
        "pixel_ap": curve.average_precision(),
        "pixel_f1_max": curve.f1_max().f1,
        "aupro": aupro_from_curve(curve, region_ids),
    }


def aupro(masks: Sequence[np.ndarray | None], maps: Sequence[np.ndarray], max_fpr: float = AUPRO_MAX_FPR) -> float | None:
    """Compute the AU-PRO of anomaly maps against ground-truth masks, as :func:`aupro_from_curve` defines it."""
    scores, region_ids = flatten_pixels(masks, maps)
    curve = binary_curve(region_ids > 0, scores)
    del scores
    return aupro_from_curve(curve, region_ids, max_fpr)


def compute_metrics(
    image_labels: Sequence[int],
    image_scores: Sequence[float],
    masks: Sequence[np.ndarray | None] | None = None,
    maps: Sequence[np.ndarray] | None = None,
) -> dict[str, float | None]:
    """Compute every metric in METRIC_KEYS, each a float in [0, 1] or None.

    Args:
        image_labels: per image 0 (good) or 1 (defective).
        image_scores: per image a finite anomaly score.
        masks: per image an (H, W) ground-truth mask (nonzero is defective) or None for a good
            image. The pixel metrics are None unless both masks and maps are given.
        maps: per image the (H, W) anomaly map at the original resolution.

    For 83 random float32 maps of 900 x 900 (67 million pixels, uniform in [0, 1)) the peak
    resident memory was 1.8 GB, inputs included, and the run took 21 s on a shared 2-core VM.
    """
    metrics: dict[str, float | None] = dict.fromkeys(METRIC_KEYS)
    metrics.update(image_metrics(image_labels, image_scores))
    if masks is not None and maps is not None:
        if len(maps) != len(image_labels):
            raise ValueError(f"got {len(maps)} anomaly maps for {len(image_labels)} images")
        metrics.update(pixel_metrics(masks, maps))
    elif masks is not None or maps is not None:
        logger.info("pixel metrics skipped: they need both ground-truth masks and anomaly maps")
    return metrics


def format_metrics_table(metrics: dict[str, float | None]) -> str:
    """Format the metrics as a two-column text table, with None shown as "n/a"."""
    rows = [(METRIC_LABELS[key], _format_value(metrics.get(key))) for key in METRIC_KEYS]
    name_width = max(len(name) for name, _ in rows)
    lines = [f"{'metric':<{name_width}}  value"]
    lines += [f"{name:<{name_width}}  {value}" for name, value in rows]
    return "\n".join(lines)


def _format_value(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.4f}"
