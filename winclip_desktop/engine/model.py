"""WinCLIP and WinCLIP+ as one torch module over an open_clip CLIP model."""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from winclip_desktop.engine.scoring import (
    anomaly_probability,
    combine_few_shot,
    fuse_zero_shot,
    harmonic_aggregation,
    memory_distance,
)
from winclip_desktop.engine.windows import (
    cover_matrix,
    embed_tokens,
    encode_sequences,
    encode_windows,
    window_indices,
)

WINDOW_SIZES = (3, 2)
TEXT_BATCH_SIZE = 64


@dataclass
class ImageFeatures:
    """Features of a batch of images.

    ``class_embeddings``: ``[batch, embed_dim]``; ``patch_tokens``: ``[batch, num_patches, width]``
    (last layer after ``ln_post``, not projected); ``window_embeddings``: window size to
    ``[batch, num_windows, embed_dim]``.
    """

    class_embeddings: torch.Tensor
    patch_tokens: torch.Tensor
    window_embeddings: dict[int, torch.Tensor]


class WinClipModel(nn.Module):
    """Zero-shot WinCLIP, and WinCLIP+ once reference images are set.

    Args:
        clip: an open_clip ``CLIP`` model with a ViT image tower.
        window_sizes: window sizes in patches.
        chunk_size: maximum number of window sequences per transformer forward.
    """

    def __init__(self, clip: nn.Module, window_sizes: tuple[int, ...] = WINDOW_SIZES, chunk_size: int = 1024):
        super().__init__()
        self.clip = clip
        self.window_sizes = tuple(window_sizes)
        self.chunk_size = chunk_size
        self.grid_size = tuple(clip.visual.grid_size)
        num_patches = self.grid_size[0] * self.grid_size[1]
        for size in self.window_sizes:
            indices = window_indices(self.grid_size, size)
            self.register_buffer(f"indices_{size}", indices, persistent=False)
            self.register_buffer(f"cover_{size}", cover_matrix(indices, num_patches), persistent=False)
        self.text_embeddings: torch.Tensor | None = None
        self.memory: dict[str, torch.Tensor] | None = None

    @property
    def image_size(self) -> int:
        return int(self.clip.visual.image_size[0])

    @property
    def has_references(self) -> bool:
        return self.memory is not None

    @torch.no_grad()
    def encode_text(self, tokens: torch.Tensor) -> torch.Tensor:
        """Return the mean raw ``encode_text`` output of token rows ``[prompts, context]`` as ``[embed_dim]``."""
        device = next(self.clip.parameters()).device
        embeddings = [
            self.clip.encode_text(batch.to(device)).float() for batch in tokens.split(TEXT_BATCH_SIZE)
        ]
        return torch.cat(embeddings).mean(dim=0)

    def set_text_embeddings(self, normal: torch.Tensor, anomalous: torch.Tensor) -> None:
        """Set the class embeddings, each ``[embed_dim]``."""
        self.text_embeddings = torch.stack([normal, anomalous]).float()

    @torch.no_grad()
    def encode_images(self, images: torch.Tensor) -> ImageFeatures:
        """Encode normalised images ``[batch, 3, size, size]``: the whole image and every window."""
        visual = self.clip.visual
        embedded = embed_tokens(visual, images)
        class_embeddings, patch_tokens = encode_sequences(visual, embedded)
        window_embeddings = {
            size: encode_windows(visual, embedded, getattr(self, f"indices_{size}"), self.chunk_size)
            for size in self.window_sizes
        }
        return ImageFeatures(class_embeddings.float(), patch_tokens.float(), {k: v.float() for k, v in window_embeddings.items()})

    @torch.no_grad()
    def set_references(self, images: torch.Tensor | None) -> None:
        """Store the features of normal reference images ``[shots, 3, size, size]`` for WinCLIP+; None clears them."""
        if images is None or len(images) == 0:
            self.memory = None
            return
        features = self.encode_images(images)
        memory = {"patch": features.patch_tokens.flatten(0, 1)}
        for size, embeddings in features.window_embeddings.items():
            memory[f"window_{size}"] = embeddings.flatten(0, 1)
        self.memory = memory

    @torch.no_grad()
    def forward(self, images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Score normalised images ``[batch, 3, size, size]``.

        Returns:
            ``(image_scores [batch], maps [batch, grid_h, grid_w])`` at patch-grid resolution.
        """
        if self.text_embeddings is None:
            raise RuntimeError("Text embeddings are not set: call set_text_embeddings first.")
        text = self.text_embeddings.to(images.device)
        features = self.encode_images(images)

        image_scores = anomaly_probability(features.class_embeddings, text)
        scale_maps = [
            harmonic_aggregation(anomaly_probability(features.window_embeddings[size], text), self.cover(size))
            for size in self.window_sizes
        ]
        anomaly_map = fuse_zero_shot(scale_maps, image_scores)

        if self.memory is not None:
            few_shot_maps = [
                harmonic_aggregation(
                    memory_distance(features.window_embeddings[size], self.memory[f"window_{size}"]), self.cover(size)
                )
                for size in self.window_sizes
            ]
            few_shot_maps.append(memory_distance(features.patch_tokens, self.memory["patch"]))
            few_shot_map = torch.stack(few_shot_maps).mean(dim=0)
            anomaly_map, image_scores = combine_few_shot(anomaly_map, few_shot_map, image_scores)

        return image_scores, anomaly_map.reshape(-1, *self.grid_size)

    def cover(self, size: int) -> torch.Tensor:
        return getattr(self, f"cover_{size}")


def upsample_map(grid_map: torch.Tensor, size: tuple[int, int]) -> torch.Tensor:
    """Resize one ``[grid_h, grid_w]`` map to ``size`` (height, width), bilinear, align_corners=False."""
    return F.interpolate(grid_map[None, None].float(), size=size, mode="bilinear", align_corners=False)[0, 0]
