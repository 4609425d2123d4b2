"""Turning RGB images of any size into the CLIP input tensor."""

from __future__ import annotations

import numpy as np
import torch
from PIL import Image

# CLIP's normalisation, used by every OpenAI-style open_clip ViT, ViT-B-16-plus-240 included.
CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)


def to_model_input(image: np.ndarray, size: int, mean=CLIP_MEAN, std=CLIP_STD) -> torch.Tensor:
    """Resize the whole image to ``size`` x ``size`` (bicubic, aspect ratio not kept) and normalise it.

    Args:
        image: ``[height, width, 3]`` uint8 RGB.

    Returns:
        ``[3, size, size]`` float32.
    """
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise ValueError(f"Expected an RGB uint8 image of shape (H, W, 3), got {image.dtype} {image.shape}.")
    resized = Image.fromarray(image).resize((size, size), Image.Resampling.BICUBIC)
    tensor = torch.from_numpy(np.asarray(resized, dtype=np.float32) / 255.0).permute(2, 0, 1)
    mean_tensor = torch.tensor(mean, dtype=torch.float32).view(3, 1, 1)
    std_tensor = torch.tensor(std, dtype=torch.float32).view(3, 1, 1)
    return (tensor - mean_tensor) / std_tensor
