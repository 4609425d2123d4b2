"""``winclip-desktop evaluate``: image and pixel metrics on one category of an MVTec AD layout folder."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from tqdm import tqdm

from winclip_desktop.commands.common import CommandError, inspector_config
from winclip_desktop.engine import dataset
from winclip_desktop.engine.image_io import read_image
from winclip_desktop.engine.inspector import Inspector
from winclip_desktop.engine.metrics import compute_metrics, format_metrics_table
from winclip_desktop.storage.atomic import atomic_write_text

logger = logging.getLogger(__name__)


def add_arguments(parser) -> None:
    parser.add_argument("data_root", help="MVTec AD layout folder (holding CATEGORY/train, CATEGORY/test, CATEGORY/ground_truth)")
    parser.add_argument("--category", required=True, help="category folder name, e.g. bottle")
    parser.add_argument("--out", required=True, help="output folder for metrics.json")
    parser.add_argument("--shots", type=int, default=0, help="number of train/good reference images (0 = zero-shot)")
    parser.add_argument("--class-name", help="object name for the prompts (default: the category name)")


def score_test_set(inspector: Inspector, items, description: str, masks_optional: bool = False):
    """Return (labels, scores, masks, maps) of a list of labelled test items, maps at original size.

    With ``masks_optional`` a defective item without a ground-truth mask gets None as its mask;
    otherwise it raises ValueError.
    """
    labels, scores, masks, maps = [], [], [], []
    for item in tqdm(items, unit="image", desc=description, dynamic_ncols=True):
        image = read_image(item.path)
        [score], [anomaly_map] = inspector.score([image])
        labels.append(item.label)
        scores.append(score)
        maps.append(anomaly_map)
        if masks_optional and item.label == 1 and item.mask_path is None:
            masks.append(None)
        else:
            masks.append(dataset.load_mask(item, anomaly_map.shape))
    return labels, scores, masks, maps


def run(args) -> int:
    if args.shots < 0:
        raise CommandError(f"Invalid --shots {args.shots}: use 0 (zero-shot) or a positive number of reference images.")
    category = dataset.load_mvtec_category(args.data_root, args.category)
    references = dataset.reference_images(category, args.shots) if args.shots else []
    config = inspector_config(args, args.class_name or args.category, references)
    inspector = Inspector.load(config, progress=lambda stage: logger.info("%s", stage.capitalize()))

    started = time.perf_counter()
    labels, scores, masks, maps = score_test_set(inspector, category.test, f"evaluate {args.category}")
    metrics = compute_metrics(labels, scores, masks, maps)
    elapsed = time.perf_counter() - started

    print(format_metrics_table(metrics))
    if inspector.is_random:
        print("NOTE: random weights - these metrics only test the pipeline and mean nothing.")
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    document = {
        **inspector.identity,
        "category": args.category,
        "data_root": str(Path(args.data_root)),
        "shots": args.shots,
        "references": [str(path) for path in references],
        "test_images": len(labels),
        "defective_images": int(sum(labels)),
        "seconds": round(elapsed, 1),
        "metrics": metrics,
    }
    atomic_write_text(out_dir / "metrics.json", json.dumps(document, indent=2, allow_nan=False))
    logger.info("Metrics written to %s", out_dir / "metrics.json")
    return 0
