"""Argument groups and helpers shared by the headless commands."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from winclip_desktop.engine.config import InspectorConfig
from winclip_desktop.engine.image_io import find_images
from winclip_desktop.engine.postprocess import validate_settings
from winclip_desktop.engine.types import PostProcessSettings
from winclip_desktop.engine.weights import DEFAULT_MODEL, DEFAULT_PRETRAINED

logger = logging.getLogger(__name__)


class CommandError(Exception):
    """Invalid input to a command; the message names the value and what to do."""


def add_model_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("model")
    group.add_argument(
        "--weights",
        default=None,
        help=f"open_clip pretrained tag (default {DEFAULT_PRETRAINED}, downloaded on first use), a local checkpoint "
        "file (.pt, .bin, .safetensors), or 'random' to test the pipeline (scores are then meaningless)",
    )
    group.add_argument("--model", dest="model_name", default=None, help=f"open_clip model name (default {DEFAULT_MODEL})")
    group.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"), help="where the model runs (default auto)")
    group.add_argument(
        "--precision", default="fp32", choices=("fp32", "fp16", "bf16"), help="GPU precision; the CPU always uses fp32"
    )


def add_postprocess_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("post-processing")
    group.add_argument("--image-threshold", type=float, default=None, help="image score at or above which the verdict is NG (default 0.5)")
    group.add_argument("--pixel-threshold", type=float, default=None, help="map value above which a pixel is defective (default 0.5)")
    group.add_argument("--min-area", type=int, default=None, help="smallest kept region, in pixels (default 64)")
    group.add_argument("--kernel-size", type=int, default=None, help="elliptical morphology kernel size in pixels (default 5)")


def postprocess_settings(args, recipe=None) -> PostProcessSettings:
    """Return thresholds from the command line, falling back to the recipe, then to the defaults.

    Invalid values are rejected here, before the model loads, with the option's name.
    """
    base = recipe.postprocess_settings() if recipe is not None else PostProcessSettings()
    settings = PostProcessSettings(
        image_threshold=pick(getattr(args, "image_threshold", None), base.image_threshold),
        pixel_threshold=pick(getattr(args, "pixel_threshold", None), base.pixel_threshold),
        kernel_size=pick(getattr(args, "kernel_size", None), base.kernel_size),
        min_area=pick(getattr(args, "min_area", None), base.min_area),
    )
    try:
        validate_settings(settings)
    except ValueError as exc:
        message = str(exc)
        for field in ("image_threshold", "pixel_threshold", "kernel_size", "min_area"):
            message = message.replace(field, "--" + field.replace("_", "-"))
        raise CommandError(f"Invalid post-processing option: {message}.") from exc
    outcomes = (
        ("--image-threshold", settings.image_threshold, "every image is NG", "no image can be NG"),
        ("--pixel-threshold", settings.pixel_threshold, "every pixel is defective", "no pixel can be defective"),
    )
    for option, value, below, above in outcomes:
        if not 0.0 <= value <= 1.0:
            logger.warning("%s %g is outside [0, 1], the range of the scores, so %s.", option, value, below if value < 0 else above)
    return settings


def inspector_config(args, class_name: str | None, reference_paths=(), recipe=None) -> InspectorConfig:
    """Return the inspector settings from the command line, falling back to the recipe, then to the defaults."""
    name = class_name or (recipe.class_name if recipe is not None else None)
    if not name:
        recipe_option = " or --recipe FILE" if hasattr(args, "recipe") else ""
        raise CommandError(f"Missing class name: pass --class-name NAME (the inspected object, e.g. 'bottle'){recipe_option}.")
    return InspectorConfig(
        class_name=name,
        model_name=pick(args.model_name, recipe.model_name if recipe is not None else None, DEFAULT_MODEL),
        weights=pick(args.weights, recipe.weights if recipe is not None else None, DEFAULT_PRETRAINED),
        device=args.device,
        precision=args.precision,
        reference_paths=tuple(reference_paths),
        object_words=tuple(recipe.object_words) if recipe is not None else (),
    )


def reference_images(folder: str | None) -> list[Path]:
    """Return the images of a reference folder, or none when no folder is given."""
    if not folder:
        return []
    path = Path(folder)
    if not path.is_dir():
        raise CommandError(f"Reference folder not found: {path}. Pass a folder of images of normal parts to --reference.")
    images = find_images(path)
    if not images:
        raise CommandError(f"No images in the reference folder {path} (png, jpg, jpeg, bmp, tif, tiff).")
    return images


def pick(*values):
    """Return the first value that is not None."""
    return next((value for value in values if value is not None), None)
