"""WinCLIP score formulas: text similarity, harmonic aggregation, scale fusion and WinCLIP+ memory scores."""

from __future__ import annotations

import torch
import torch.nn.functional as F

TEMPERATURE = 0.07
MIN_SCORE = 1e-12


def anomaly_probability(embeddings: torch.Tensor, text_embeddings: torch.Tensor) -> torch.Tensor:
    """Return P(anomalous) of each embedding against the [normal, anomalous] text embeddings.

    Args:
        embeddings: ``[..., dim]`` image or window embeddings (not normalised).
        text_embeddings: ``[2, dim]``, row 0 the normal and row 1 the anomalous class embedding.

    Returns:
        ``[...]``: softmax over the two cosine similarities divided by 0.07, anomalous column.
    """
    similarity = F.normalize(embeddings, dim=-1) @ F.normalize(text_embeddings, dim=-1).T
    return (similarity / TEMPERATURE).softmax(dim=-1)[..., 1]


def harmonic_aggregation(window_scores: torch.Tensor, cover: torch.Tensor) -> torch.Tensor:
    """Return, for each patch, the harmonic mean of the scores of all windows that contain it.

    Args:
        window_scores: ``[batch, num_windows]``, positive.
        cover: ``[num_windows, num_patches]`` 0/1 matrix from :func:`windows.cover_matrix`.

    Returns:
        ``[batch, num_patches]``. A window score of 0 makes the patch score about 0, the harmonic limit.
    """
    cover = cover.to(window_scores)
    # Scores are floored at MIN_SCORE: a reciprocal of inf times the zeros of the cover matrix would give NaN.
    reciprocals = window_scores.clamp_min(MIN_SCORE).reciprocal()
    return cover.sum(dim=0) / (reciprocals @ cover)


def fuse_zero_shot(scale_maps: list[torch.Tensor], image_scores: torch.Tensor) -> torch.Tensor:
    """Return the harmonic mean over the window scales and the image score.

    Args:
        scale_maps: each ``[batch, num_patches]``, one per window scale.
        image_scores: ``[batch]``.

    Returns:
        ``[batch, num_patches]``.
    """
    terms = [scale_map.reciprocal() for scale_map in scale_maps]
    terms.append(image_scores.reciprocal().unsqueeze(-1).expand_as(scale_maps[0]))
    return len(terms) / torch.stack(terms).sum(dim=0)


def memory_distance(features: torch.Tensor, memory: torch.Tensor) -> torch.Tensor:
    """Return min over memory entries of (1 - cosine similarity) / 2 for each feature.

    Args:
        features: ``[batch, locations, dim]``.
        memory: ``[entries, dim]``, features of the same kind from the normal reference images.

    Returns:
        ``[batch, locations]`` in [0, 1].
    """
    similarity = F.normalize(features, dim=-1) @ F.normalize(memory, dim=-1).T
    # Rounding can put a cosine slightly above 1, so the distance is clamped to its range.
    return ((1.0 - similarity.max(dim=-1).values) / 2.0).clamp(0.0, 1.0)


def combine_few_shot(
    zero_shot_map: torch.Tensor, few_shot_map: torch.Tensor, zero_shot_scores: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """Combine zero-shot and few-shot results as WinCLIP+ does.

    Args:
        zero_shot_map, few_shot_map: ``[batch, num_patches]``.
        zero_shot_scores: ``[batch]``.

    Returns:
        ``(map, image_scores)``: the mean of the two maps, and the mean of the zero-shot image score
        and the few-shot map's maximum.
    """
    combined_map = (zero_shot_map + few_shot_map) / 2.0
    image_scores = (zero_shot_scores + few_shot_map.max(dim=-1).values) / 2.0
    return combined_map, image_scores
