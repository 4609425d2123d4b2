"""A deliberately plain WinCLIP: one window per forward and Python loops, for equivalence tests.

It shares no code with the engine's model, windows or scoring modules. It calls the installed
open_clip ``visual.transformer`` on one window at a time, whatever tensor layout that transformer uses.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F


def encode_sequence(visual, tokens: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Encode one token sequence ``[length, width]`` (positional embedding added, before ln_pre)."""
    x = visual.ln_pre(tokens.unsqueeze(0))
    x = visual.transformer(x)
    x = visual.ln_post(x)
    return (x[0, 0] @ visual.proj), x[0, 1:]


def patch_embeddings(visual, image: torch.Tensor) -> torch.Tensor:
    """Return ``[1 + patches, width]``: the class token and the patch tokens plus positional embeddings."""
    patches = visual.conv1(image.unsqueeze(0))[0]  # [width, grid_h, grid_w]
    patches = patches.reshape(patches.shape[0], -1).T
    tokens = torch.cat([visual.class_embedding.unsqueeze(0), patches])
    return tokens + visual.positional_embedding


def windows_of(grid: int, size: int) -> list[list[int]]:
    windows = []
    for row in range(grid - size + 1):
        for column in range(grid - size + 1):
            windows.append([(row + r) * grid + column + c for r in range(size) for c in range(size)])
    return windows


def probability(embedding: torch.Tensor, normal: torch.Tensor, anomalous: torch.Tensor) -> float:
    embedding = embedding / embedding.norm()
    cos_normal = float(embedding @ (normal / normal.norm()))
    cos_anomalous = float(embedding @ (anomalous / anomalous.norm()))
    logits = torch.tensor([cos_normal, cos_anomalous]) / 0.07
    return float(logits.softmax(0)[1])


def harmonic_per_patch(window_scores: list[float], windows: list[list[int]], num_patches: int) -> list[float]:
    result = []
    for patch in range(num_patches):
        containing = [window_scores[w] for w, window in enumerate(windows) if patch in window]
        if min(containing) <= 0.0:
            result.append(0.0)  # a harmonic mean over values that include 0 is 0 (rounding can give -1e-8)
        else:
            result.append(len(containing) / sum(1.0 / score for score in containing))
    return result


def min_distance(feature: torch.Tensor, memory: list[torch.Tensor]) -> float:
    best = min(1.0 - float(F.cosine_similarity(feature, entry, dim=0)) for entry in memory)
    return best / 2.0


@torch.no_grad()
def image_features(visual, image: torch.Tensor, grid: int):
    tokens = patch_embeddings(visual, image)
    class_embedding, patch_tokens = encode_sequence(visual, tokens)
    windows = {}
    for size in (2, 3):
        embeddings = []
        for window in windows_of(grid, size):
            sequence = torch.cat([tokens[:1], tokens[[index + 1 for index in window]]])
            embeddings.append(encode_sequence(visual, sequence)[0])
        windows[size] = embeddings
    return class_embedding, list(patch_tokens), windows


@torch.no_grad()
def reference_winclip(clip, image: torch.Tensor, normal: torch.Tensor, anomalous: torch.Tensor, references=()):
    """Return ``(image_score, map [grid, grid])`` for one normalised image ``[3, size, size]``."""
    grid = clip.visual.grid_size[0]
    features = image_features(clip.visual, image, grid)
    reference_features = [image_features(clip.visual, reference, grid) for reference in references]
    return scores_from_features(features, reference_features, normal, anomalous, grid)


def scores_from_features(features, reference_features, normal, anomalous, grid: int):
    """Return ``(image_score, map [grid, grid])`` from :func:`image_features` of an image and its references."""
    num_patches = grid * grid
    class_embedding, patch_tokens, windows = features

    image_score = probability(class_embedding, normal, anomalous)
    scale_maps = {
        size: harmonic_per_patch(
            [probability(e, normal, anomalous) for e in windows[size]], windows_of(grid, size), num_patches
        )
        for size in (2, 3)
    }
    zero_shot = [3.0 / (1.0 / scale_maps[3][p] + 1.0 / scale_maps[2][p] + 1.0 / image_score) for p in range(num_patches)]
    if not reference_features:
        return image_score, torch.tensor(zero_shot).reshape(grid, grid)

    few_shot_scales = []
    for size in (2, 3):
        memory = [e for _, _, reference_windows in reference_features for e in reference_windows[size]]
        scores = [min_distance(e, memory) for e in windows[size]]
        few_shot_scales.append(harmonic_per_patch(scores, windows_of(grid, size), num_patches))
    patch_memory = [t for _, tokens, _ in reference_features for t in tokens]
    few_shot_scales.append([min_distance(t, patch_memory) for t in patch_tokens])
    few_shot = [sum(scale[p] for scale in few_shot_scales) / 3.0 for p in range(num_patches)]

    final = [(zero_shot[p] + few_shot[p]) / 2.0 for p in range(num_patches)]
    score = (image_score + max(few_shot)) / 2.0
    return score, torch.tensor(final).reshape(grid, grid)
