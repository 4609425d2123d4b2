"""``winclip-desktop calibrate``: choose thresholds on labelled images and write them to a recipe."""

from __future__ import annotations

import logging
from pathlib import Path

from winclip_desktop.commands.common import CommandError, inspector_config, postprocess_settings
from winclip_desktop.commands.evaluate import score_test_set
from winclip_desktop.engine import dataset
from winclip_desktop.engine.calibration import calibrate
from winclip_desktop.engine.inspector import Inspector
from winclip_desktop.engine.recipe import Recipe, save_recipe

logger = logging.getLogger(__name__)


def add_arguments(parser) -> None:
    parser.add_argument("data_root", nargs="?", help="MVTec AD layout folder holding CATEGORY/")
    parser.add_argument("--category", help="category folder name, e.g. bottle")
    parser.add_argument("--good", help="instead of an MVTec layout: a folder of good images")
    parser.add_argument(
        "--defective",
        help="with --good: a folder of defective images (optional). They have no masks, so only the image threshold is calibrated",
    )
    parser.add_argument("--out", required=True, help="recipe file to write (.toml)")
    parser.add_argument("--shots", type=int, default=0, help="number of train/good reference images (0 = zero-shot)")
    parser.add_argument("--class-name", help="object name for the prompts (default: the category name)")
    parser.add_argument("--name", help="recipe name (default: the category or class name)")
    parser.add_argument(
        "--margin", type=float, default=None,
        help="with good images only: the threshold is the highest good score plus this margin",
    )


def labelled_items(args):
    """Return (items, references, default class name) from an MVTec layout or from --good/--defective."""
    if args.good:
        items = dataset.load_labelled_folders(args.good, args.defective)
        if args.shots:
            raise CommandError("--shots needs an MVTec layout (train/good); with --good, run zero-shot.")
        return items, [], args.class_name
    if not args.data_root or not args.category:
        raise CommandError("Pass DATA_ROOT --category NAME (MVTec AD layout), or --good DIR [--defective DIR].")
    category = dataset.load_mvtec_category(args.data_root, args.category)
    references = dataset.reference_images(category, args.shots) if args.shots else []
    return category.test, references, args.class_name or args.category


def run(args) -> int:
    items, references, class_name = labelled_items(args)
    config = inspector_config(args, class_name, references)
    settings = postprocess_settings(args)
    inspector = Inspector.load(config, progress=lambda stage: logger.info("%s", stage.capitalize()))
    labels, scores, masks, maps = score_test_set(inspector, items, "calibrate", masks_optional=True)
    unmasked = sum(1 for label, mask in zip(labels, masks) if label == 1 and mask is None)
    if unmasked:
        logger.warning(
            "%d defective images have no ground-truth mask, so only the image threshold is calibrated. "
            "Add masks (MVTec AD layout: ground_truth/<type>/<name>_mask.png) to calibrate the pixel threshold too.",
            unmasked,
        )
    has_masks = not unmasked and any(mask is not None and mask.any() for mask in masks)
    margin = {} if args.margin is None else {"margin": args.margin}
    result = calibrate(labels, scores, masks if has_masks else None, maps if has_masks else None, **margin)

    print(result.message)
    recipe = Recipe(
        name=args.name or class_name,
        class_name=class_name,
        model_name=config.model_name,
        weights=config.weights,
        reference_paths=[Path(path).resolve() for path in references],
        image_threshold=result.image_threshold,
        pixel_threshold=result.pixel_threshold if result.pixel_threshold is not None else settings.pixel_threshold,
        kernel_size=settings.kernel_size,
        min_area=settings.min_area,
    )
    save_recipe(recipe, args.out)
    print(f"image threshold {result.image_threshold:.6f}, pixel threshold {recipe.pixel_threshold:.6f} -> {args.out}")
    if inspector.is_random:
        print("NOTE: random weights - these thresholds only test the pipeline.")
    return 0
