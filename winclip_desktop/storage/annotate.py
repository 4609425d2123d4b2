"""Render anomaly heatmaps and annotated result images as RGB arrays (OpenCV drawing, no Qt).

The heatmap colour scale uses fixed levels rather than each map's own minimum and maximum, so a
flat map of a normal image stays at the low end of the colour map instead of lighting up.

Text is drawn with OpenCV's Hershey fonts, which contain ASCII characters only. Other characters
are drawn as "?".
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import cv2
import numpy as np

from winclip_desktop.engine.types import NG, OK, InspectionResult

logger = logging.getLogger(__name__)

DEFAULT_LEVELS = (0.0, 1.0)
"""Colour-scale levels used when none are given: the range of WinCLIP's anomaly scores."""

MIN_SHORT_SIDE = 256
"""Annotated images with a shorter side are upscaled by an integer factor so text stays readable."""

MAX_UPSCALED_LONG_SIDE = 4096
"""Upscaling never makes the long side exceed this many pixels."""

_FONT = cv2.FONT_HERSHEY_SIMPLEX
_VERDICT_COLOURS = {OK: (0, 200, 0), NG: (235, 20, 20)}
_OTHER_VERDICT_COLOUR = (255, 200, 0)
_NOTE_COLOUR = (255, 220, 0)
_CONTOUR_COLOUR = (255, 255, 255)
_OUTLINE_COLOUR = (0, 0, 0)
_LABEL_COLOUR = (255, 255, 255)
_BOX_COLOUR = (0, 0, 0)


def render_overlay(
    image_rgb: np.ndarray,
    anomaly_map: np.ndarray,
    levels: tuple[float, float] = DEFAULT_LEVELS,
    alpha: float = 0.5,
    colormap: int = cv2.COLORMAP_JET,
) -> np.ndarray:
    """Blend a colour-mapped anomaly map over an image and return H x W x 3 uint8 RGB.

    Args:
        image_rgb: H x W x 3 uint8 RGB, or H x W uint8 greyscale.
        anomaly_map: 2-D float scores. A map of another size is resized to H x W (bilinear).
        levels: (low, high) scores drawn at the two ends of the colour map. Scores outside are
            clipped. NaN and -inf count as ``low``, +inf as ``high``.
        alpha: weight of the heatmap in the blend, 0 (image only) to 1 (heatmap only).
        colormap: an OpenCV colour map constant such as ``cv2.COLORMAP_JET``.

    Raises:
        ValueError: invalid image, map, levels or alpha, named in the message.
    """
    image = _as_rgb_uint8(image_rgb)
    low, high = _validate_levels(levels)
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha}.")

    scores = np.asarray(anomaly_map)
    if scores.ndim != 2 or scores.size == 0:
        raise ValueError(f"anomaly_map must be a non-empty 2-D array, got shape {scores.shape}.")
    scores = np.nan_to_num(scores.astype(np.float32), nan=low, posinf=high, neginf=low)
    height, width = image.shape[:2]
    if scores.shape != (height, width):
        logger.debug("Resizing anomaly map %s to image size %s", scores.shape, (height, width))
        scores = cv2.resize(scores, (width, height), interpolation=cv2.INTER_LINEAR)

    normalised = np.clip((scores - low) / (high - low), 0.0, 1.0)
    indices = np.rint(normalised * 255.0).astype(np.uint8)
    heat = cv2.cvtColor(cv2.applyColorMap(indices, colormap), cv2.COLOR_BGR2RGB)
    return cv2.addWeighted(image, 1.0 - alpha, heat, alpha, 0.0)


def render_annotated(
    image_rgb: np.ndarray,
    result: InspectionResult,
    levels: tuple[float, float] | None = None,
    weights_note: str | None = None,
) -> np.ndarray:
    """Draw the heatmap, region contours and ids, the verdict and an optional note on an image.

    The verdict and image score are drawn large at the top left, green for OK and red for NG.
    ``weights_note`` (for example "random weights - scores are meaningless") is drawn in yellow
    at the bottom. Font sizes and line widths scale with the image size. An image whose shorter
    side is under :data:`MIN_SHORT_SIDE` pixels is first upscaled by an integer factor (nearest
    neighbour), so the returned array can be larger than the input.

    Args:
        image_rgb: H x W x 3 uint8 RGB (or H x W greyscale) image that ``result`` belongs to.
        result: its inspection result. ``mask`` marks the regions and is resized (nearest
            neighbour) when its size differs from the image's.
        levels: colour-scale levels for the heatmap, :data:`DEFAULT_LEVELS` when None.
        weights_note: text shown when the scores must not be trusted, or None.
    """
    image = _as_rgb_uint8(image_rgb)
    overlay = render_overlay(image, result.anomaly_map, levels or DEFAULT_LEVELS)

    factor = _upscale_factor(*overlay.shape[:2])
    if factor > 1:
        overlay = cv2.resize(
            overlay, None, fx=factor, fy=factor, interpolation=cv2.INTER_NEAREST
        )
    canvas = np.ascontiguousarray(overlay)
    height, width = canvas.shape[:2]
    style = _Style.for_size(height, width)

    mask = _resize_mask(np.asarray(result.mask), height, width)
    _draw_contours(canvas, mask, style)
    _draw_region_ids(canvas, result, image.shape[:2], style)
    _draw_verdict(canvas, result, style)
    if weights_note:
        _draw_note(canvas, weights_note, style)
    return canvas


@dataclass(frozen=True)
class _Style:
    """Sizes in pixels derived from the canvas size."""

    short_side: int
    margin: int
    line_width: int
    verdict_height: int
    label_height: int
    note_height: int

    @classmethod
    def for_size(cls, height: int, width: int) -> _Style:
        short_side = min(height, width)
        return cls(
            short_side=short_side,
            margin=max(2, short_side // 100),
            line_width=max(1, round(short_side / 300)),
            verdict_height=max(10, short_side // 14),
            label_height=max(8, short_side // 40),
            note_height=max(8, short_side // 30),
        )


def _as_rgb_uint8(image_rgb: np.ndarray) -> np.ndarray:
    image = np.asarray(image_rgb)
    if image.dtype != np.uint8:
        raise ValueError(f"image must be uint8, got dtype {image.dtype}.")
    if image.ndim == 2:
        image = np.repeat(image[:, :, np.newaxis], 3, axis=2)
    if image.ndim != 3 or image.shape[2] != 3 or image.size == 0:
        raise ValueError(f"image must be H x W x 3 RGB or H x W greyscale, got shape {image.shape}.")
    return np.ascontiguousarray(image)


def _validate_levels(levels: tuple[float, float]) -> tuple[float, float]:
    try:
        low, high = (float(value) for value in levels)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"levels must be two numbers (low, high), got {levels!r}.") from exc
    if not (math.isfinite(low) and math.isfinite(high) and high > low):
        raise ValueError(f"levels must be finite with high > low, got {levels!r}.")
    return low, high


def _upscale_factor(height: int, width: int) -> int:
    short_side, long_side = min(height, width), max(height, width)
    if short_side >= MIN_SHORT_SIDE:
        return 1
    needed = math.ceil(MIN_SHORT_SIDE / short_side)
    allowed = max(1, MAX_UPSCALED_LONG_SIDE // long_side)
    return min(needed, allowed)


def _resize_mask(mask: np.ndarray, height: int, width: int) -> np.ndarray:
    if mask.ndim != 2 or mask.size == 0:
        raise ValueError(f"result.mask must be a non-empty 2-D array, got shape {mask.shape}.")
    binary = (mask > 0).astype(np.uint8) * 255
    if binary.shape != (height, width):
        binary = cv2.resize(binary, (width, height), interpolation=cv2.INTER_NEAREST)
    return binary


def _draw_contours(canvas: np.ndarray, mask: np.ndarray, style: _Style) -> None:
    """Outline every region of the mask, holes included, in white over a black border."""
    contours, _ = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return
    cv2.drawContours(canvas, contours, -1, _OUTLINE_COLOUR, style.line_width + 2, cv2.LINE_AA)
    cv2.drawContours(canvas, contours, -1, _CONTOUR_COLOUR, style.line_width, cv2.LINE_AA)


def _draw_region_ids(
    canvas: np.ndarray,
    result: InspectionResult,
    source_size: tuple[int, int],
    style: _Style,
) -> None:
    """Label each region with its id just above the topmost mask pixel inside its bounding box."""
    mask = np.asarray(result.mask)
    if mask.shape != source_size:
        mask = cv2.resize(
            (mask > 0).astype(np.uint8), (source_size[1], source_size[0]), interpolation=cv2.INTER_NEAREST
        )
    scale_y = canvas.shape[0] / source_size[0]
    scale_x = canvas.shape[1] / source_size[1]
    for region in result.regions:
        x, y = _label_anchor(mask, region.bbox)
        _draw_text_box(
            canvas,
            str(region.id),
            (round(x * scale_x), round(y * scale_y)),
            style.label_height,
            _LABEL_COLOUR,
            style,
            anchor="above",
        )


def _label_anchor(mask: np.ndarray, bbox: tuple[int, int, int, int]) -> tuple[int, int]:
    """Return (x, y) of the leftmost mask pixel in the top row of ``bbox``, or its top-left corner.

    The bounding-box corner itself can lie far from a curved region, so the label goes next to
    a pixel of the region instead. A neighbouring region that reaches into the box can take
    that place.
    """
    x, y, width, height = (int(value) for value in bbox)
    window = mask[max(0, y) : y + height, max(0, x) : x + width]
    rows, columns = np.nonzero(window)
    if rows.size == 0:
        return x, y
    top = rows.min()
    left = columns[rows == top].min()
    return max(0, x) + int(left), max(0, y) + int(top)


def _draw_verdict(canvas: np.ndarray, result: InspectionResult, style: _Style) -> None:
    score = result.image_score
    score_text = f"{score:.3f}" if math.isfinite(score) else "n/a"
    text = f"{result.verdict}  {score_text}"
    colour = _VERDICT_COLOURS.get(result.verdict, _OTHER_VERDICT_COLOUR)
    height = _fit_height(text, style.verdict_height, canvas.shape[1] - 4 * style.margin)
    _draw_text_box(canvas, text, (style.margin, style.margin), height, colour, style, anchor="below")


def _draw_note(canvas: np.ndarray, note: str, style: _Style) -> None:
    """Draw the note at the bottom, wrapped onto several lines when it does not fit."""
    max_width = canvas.shape[1] - 4 * style.margin
    lines = _wrap(_ascii(note), style.note_height, max_width)
    line_step = style.note_height + 3 * style.margin
    bottom = canvas.shape[0] - style.margin
    for index, line in enumerate(reversed(lines)):
        height = _fit_height(line, style.note_height, max_width)
        origin = (style.margin, bottom - index * line_step)
        _draw_text_box(canvas, line, origin, height, _NOTE_COLOUR, style, anchor="above")


def _draw_text_box(
    canvas: np.ndarray,
    text: str,
    corner: tuple[int, int],
    text_height: int,
    colour: tuple[int, int, int],
    style: _Style,
    anchor: str,
) -> None:
    """Draw ``text`` on a black box whose top-left (``anchor="below"``) or bottom-left
    (``anchor="above"``) corner is at ``corner``, shifted as needed to stay inside the canvas."""
    text = _ascii(text)
    font_scale = _font_scale(text_height)
    thickness = max(1, round(font_scale * 2))
    (text_width, cap_height), baseline = cv2.getTextSize(text, _FONT, font_scale, thickness)
    pad = style.margin
    box_width = text_width + 2 * pad
    box_height = cap_height + baseline + 2 * pad

    canvas_height, canvas_width = canvas.shape[:2]
    left = min(max(0, corner[0]), max(0, canvas_width - box_width))
    top = corner[1] if anchor == "below" else corner[1] - box_height
    top = min(max(0, top), max(0, canvas_height - box_height))

    cv2.rectangle(canvas, (left, top), (left + box_width, top + box_height), _BOX_COLOUR, cv2.FILLED)
    origin = (left + pad, top + pad + cap_height)
    cv2.putText(canvas, text, origin, _FONT, font_scale, colour, thickness, cv2.LINE_AA)


def _font_scale(text_height: int) -> float:
    """Return the Hershey font scale whose capital letters are about ``text_height`` pixels tall."""
    (_, unit_height), _ = cv2.getTextSize("0", _FONT, 1.0, 1)
    return max(0.3, text_height / unit_height)


def _fit_height(text: str, text_height: int, max_width: int) -> int:
    """Shrink ``text_height`` until ``text`` fits into ``max_width`` pixels, down to 8 pixels."""
    while text_height > 8:
        scale = _font_scale(text_height)
        (width, _), _ = cv2.getTextSize(text, _FONT, scale, max(1, round(scale * 2)))
        if width <= max_width:
            break
        text_height = max(8, int(text_height * 0.9))
    return text_height


def _wrap(text: str, text_height: int, max_width: int) -> list[str]:
    """Split ``text`` at spaces into lines that fit ``max_width`` at ``text_height``."""
    scale = _font_scale(text_height)
    thickness = max(1, round(scale * 2))
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        (width, _), _ = cv2.getTextSize(candidate, _FONT, scale, thickness)
        if current and width > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


def _ascii(text: str) -> str:
    return text.encode("ascii", "replace").decode("ascii")
