"""Sliding windows over the ViT patch grid and the window forward pass.

A window of k x k patches (stride one patch) is a token sequence of the class token plus the
window's patch tokens, taken after the patch and positional embedding. Tokens outside the window are
left out, not zeroed. On a 15 x 15 grid there are 196 windows of 2 x 2 and 169 of 3 x 3.
"""

from __future__ import annotations

import torch


def window_indices(grid_size: tuple[int, int], kernel: int) -> torch.Tensor:
    """Return the flat patch indices of every ``kernel`` x ``kernel`` window, stride 1.

    Returns:
        Long tensor of shape ``[num_windows, kernel * kernel]``, windows in row-major order of their
        top-left patch; patch index = row * grid_width + column.
    """
    height, width = grid_size
    if kernel < 1 or kernel > min(height, width):
        raise ValueError(f"Invalid window size {kernel} for a {height}x{width} patch grid.")
    grid = torch.arange(height * width).reshape(height, width)
    windows = grid.unfold(0, kernel, 1).unfold(1, kernel, 1)  # [rows, cols, kernel, kernel]
    return windows.reshape(-1, kernel * kernel)


def cover_matrix(indices: torch.Tensor, num_patches: int) -> torch.Tensor:
    """Return a ``[num_windows, num_patches]`` 0/1 float matrix: entry (w, p) is 1 when window w covers patch p."""
    cover = torch.zeros(indices.shape[0], num_patches)
    cover.scatter_(1, indices, 1.0)
    return cover


def embed_tokens(visual: torch.nn.Module, images: torch.Tensor) -> torch.Tensor:
    """Return patch and positional embeddings before ``ln_pre``.

    Args:
        visual: an open_clip ``VisionTransformer``.
        images: ``[batch, 3, size, size]``, normalised.

    Returns:
        ``[batch, 1 + num_patches, width]``, the class token first.
    """
    x = visual.conv1(images)  # [batch, width, grid_h, grid_w]
    x = x.flatten(2).transpose(1, 2)  # [batch, num_patches, width]
    class_token = visual.class_embedding.to(x.dtype).expand(x.shape[0], 1, -1)
    x = torch.cat([class_token, x], dim=1)
    return x + visual.positional_embedding.to(x.dtype)


def run_blocks(transformer: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Run the residual blocks of an open_clip ``Transformer`` on ``x`` of shape ``[batch, length, width]``.

    open_clip 2.26.1 and later build the vision transformer batch first; older releases run it
    sequence first, and their ``Transformer`` has no ``batch_first`` attribute. Calling the blocks in
    the layout they were built for keeps each window's attention inside that window.
    """
    batch_first = getattr(transformer, "batch_first", False)
    if not batch_first:
        x = x.transpose(0, 1)
    for block in transformer.resblocks:
        x = block(x)
    if not batch_first:
        x = x.transpose(0, 1)
    return x


def encode_sequences(visual: torch.nn.Module, tokens: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Send embedded token sequences through the rest of the image encoder.

    Args:
        tokens: ``[batch, length, width]`` with the class token at position 0, after the positional
            embedding and before ``ln_pre``.

    Returns:
        ``(pooled, tokens)``: the projected class embedding ``[batch, embed_dim]`` and the
        post-``ln_post`` tokens ``[batch, length - 1, width]`` (not projected).
    """
    x = visual.ln_pre(tokens)
    x = run_blocks(visual.transformer, x)
    if getattr(visual, "attn_pool", None) is not None:
        raise NotImplementedError("Vision towers with attentional pooling are not supported by WinCLIP.")
    if getattr(visual, "final_ln_after_pool", False):
        pooled, patch_tokens = x[:, 0], x[:, 1:]
        pooled = visual.ln_post(pooled)
    else:
        x = visual.ln_post(x)
        pooled, patch_tokens = x[:, 0], x[:, 1:]
    if visual.proj is not None:
        pooled = pooled @ visual.proj
    return pooled, patch_tokens


def encode_windows(
    visual: torch.nn.Module, embedded: torch.Tensor, indices: torch.Tensor, chunk_size: int = 1024
) -> torch.Tensor:
    """Return the embedding of every window of every image, many windows per forward.

    Args:
        embedded: ``[batch, 1 + num_patches, width]`` from :func:`embed_tokens`.
        indices: ``[num_windows, kernel * kernel]`` from :func:`window_indices`.
        chunk_size: maximum number of window sequences sent through the transformer at once.

    Returns:
        ``[batch, num_windows, embed_dim]``.
    """
    batch = embedded.shape[0]
    num_windows, window_length = indices.shape
    class_tokens = embedded[:, :1]  # [batch, 1, width]
    patches = embedded[:, 1:]  # [batch, num_patches, width]

    # Gather every window's patches: [batch, num_windows, window_length, width].
    gathered = patches[:, indices.to(embedded.device)]
    sequences = torch.cat(
        [class_tokens.unsqueeze(1).expand(-1, num_windows, -1, -1), gathered], dim=2
    ).reshape(batch * num_windows, window_length + 1, -1)

    pooled = [encode_sequences(visual, chunk)[0] for chunk in sequences.split(chunk_size)]
    return torch.cat(pooled).reshape(batch, num_windows, -1)
