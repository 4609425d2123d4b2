"""``winclip-desktop scan``: inspect every image under a folder and export the results.

Each result is exported and committed to the inspection log as soon as it is produced. A scan that
is killed and started again with the same input and output skips the images that the log already
contains with the same path and content hash.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from tqdm import tqdm

from winclip_desktop.commands.common import (
    CommandError,
    inspector_config,
    postprocess_settings,
    reference_images,
)
from winclip_desktop.engine.image_io import DEFAULT_MAX_PIXELS, ImageReadError, find_images, read_image
from winclip_desktop.engine.inspector import Inspector
from winclip_desktop.engine.recipe import load_recipe
from winclip_desktop.storage.atomic import ExportError
from winclip_desktop.storage.export import IDENTITY_KEYS, ResultExporter
from winclip_desktop.storage.inspection_log import InspectionLog, InspectionRecord, sha256_of_file

logger = logging.getLogger(__name__)

SOURCE_KIND = "folder"


def add_arguments(parser) -> None:
    parser.add_argument("input_dir", help="folder of images, searched recursively (png, jpg, jpeg, bmp, tif, tiff)")
    parser.add_argument("--class-name", help="name of the inspected object, used in the prompts (e.g. bottle)")
    parser.add_argument("--out", required=True, help="output folder for results.json, results.csv, annotated/ and masks/")
    parser.add_argument("--reference", help="folder of normal reference images: enables few-shot WinCLIP+")
    parser.add_argument("--save-maps", action="store_true", help="also write each anomaly map as float32 .npy")
    parser.add_argument("--recipe", help="TOML recipe with class name, model, thresholds and references")
    parser.add_argument("--db", help="inspection log database (default: the station's log in the user data folder)")
    parser.add_argument("--no-log", action="store_true", help="do not record this scan in the inspection log")
    parser.add_argument("--no-resume", action="store_true", help="inspect every image again, even those already logged")
    parser.add_argument(
        "--max-pixels", type=int, default=DEFAULT_MAX_PIXELS, help="refuse images larger than this many pixels (default 100 million)"
    )


def run(args) -> int:
    """Run the scan and return the exit status: 0 when at least one image was inspected."""

    input_dir = Path(args.input_dir)
    if not input_dir.is_dir():
        raise CommandError(f"Input folder not found: {input_dir}. Pass a folder of images to scan.")
    out_dir = Path(args.out)
    recipe = load_recipe(args.recipe) if args.recipe else None
    settings = postprocess_settings(args, recipe)
    if args.reference:
        references = reference_images(args.reference)
    elif recipe is not None:
        references = list(recipe.reference_paths)
    else:
        references = []
    config = inspector_config(args, args.class_name, references, recipe)

    paths = find_images(input_dir, exclude=[out_dir])
    if not paths:
        raise CommandError(f"No images found under {input_dir} (png, jpg, jpeg, bmp, tif, tiff).")
    logger.info("Scanning %d images under %s", len(paths), input_dir)

    inspector = Inspector.load(config, progress=lambda stage: logger.info("%s", stage.capitalize()))
    identity = inspector.identity
    if inspector.is_random:
        logger.warning("Results are recorded with \"weights\": \"random\"; their scores are meaningless.")
    exporter = ResultExporter(out_dir, input_dir, save_maps=args.save_maps)
    log = None
    if not args.no_log:
        log = InspectionLog(Path(args.db) if args.db else None)
    recipe_name = recipe.name if recipe is not None else None
    recipe_hash = recipe.settings_hash() if recipe is not None else None
    source = os.path.abspath(input_dir)

    done = previous_results(log, source, out_dir, identity, settings) if log is not None and not args.no_resume else {}
    inspected = skipped = failed = 0
    try:
        for path in tqdm(paths, unit="image", desc="scan", dynamic_ncols=True):
            relative = path.relative_to(input_dir).as_posix()
            content_hash = file_hash(path)
            context = dict(
                source_kind=SOURCE_KIND, source=source, content_hash=content_hash or "", image_path=os.path.abspath(path),
                recipe_name=recipe_name, recipe_hash=recipe_hash, identity=identity,
            )
            previous = done.get((os.path.abspath(path), content_hash))
            if previous is not None:
                exporter.add_previous(relative, previous_row(previous, settings, out_dir))
                skipped += 1
                continue

            try:
                image = read_image(path, max_pixels=args.max_pixels)
                result = inspector.inspect(image, settings)
            except ImageReadError as error:
                failed += 1
                logger.error("%s", error)
                exporter.add_error(relative, str(error))
                if log is not None:
                    log.record(InspectionRecord.from_error(error, **context))
                continue
            except Exception as error:  # a model fault on one image must not end the scan
                failed += 1
                logger.exception("Inspection failed for %s", path)
                exporter.add_error(relative, f"Inspection failed for {path}: {error}")
                if log is not None:
                    log.record(InspectionRecord.from_error(error, **context))
                continue

            export_error = None
            files = {}
            try:
                files = exporter.add(relative, image, result, identity).get("files", {})
            except ExportError as error:
                export_error = str(error)
                logger.error("Export failed for %s: %s", path, error)
            inspected += 1
            if log is not None:
                record = InspectionRecord.from_result(result, export_paths=files, export_root=out_dir.absolute(), **context)
                record.error = export_error
                log.record(record)
    except KeyboardInterrupt:
        logger.warning("Scan interrupted after %d of %d images; the finished ones are saved.", inspected + skipped, len(paths))
        finish(exporter, inspector, settings, log)
        return 130

    finish(exporter, inspector, settings, log)
    logger.log(
        logging.WARNING if failed else logging.INFO,
        "Scan finished: %d inspected, %d already done and skipped, %d failed; results in %s",
        inspected, skipped, failed, out_dir,
    )
    return 0 if inspected + skipped > 0 else 1


def previous_results(
    log: InspectionLog, source: str, out_dir: Path, identity: dict, settings
) -> dict[tuple[str, str], InspectionRecord]:
    """Return earlier results of ``source`` made with the same model, class, references and thresholds.

    Only results exported to ``out_dir`` whose files are still there count, keyed by (image path,
    content hash). A scan into another output folder inspects every image again, so that folder
    gets its own annotated images and masks.
    """
    setup_keys = ("model", "weights", "class_name", "reference_count", "references_hash")
    expected_setup = tuple(identity.get(key) for key in setup_keys)
    out_root = out_dir.absolute()
    done = {}
    for record in log.query(source=source):
        annotated = record.export_paths.get("annotated")
        same_setup = (
            tuple(getattr(record, key) for key in setup_keys) == expected_setup
            and record.image_threshold == settings.image_threshold
            and record.pixel_threshold == settings.pixel_threshold
        )
        exported_here = bool(annotated) and Path(annotated).is_relative_to(out_root) and Path(annotated).is_file()
        if record.error is None and record.verdict is not None and same_setup and exported_here:
            done[(record.image_path, record.content_hash)] = record
    return done


def relative_to(path: str, folder: Path) -> str:
    """Return ``path`` relative to ``folder`` in POSIX form when it lies inside it, else unchanged."""
    try:
        return Path(path).relative_to(folder.absolute()).as_posix()
    except ValueError:
        return path


def previous_row(record: InspectionRecord, settings, out_dir: Path) -> dict:
    """Rebuild the results.json entry of an image inspected by an earlier run of the same scan."""
    return {
        "image_score": record.image_score,
        "verdict": record.verdict,
        "regions": record.regions,
        "thresholds": settings.to_dict(),
        "override": record.override,
        "comment": record.comment or "",
        "files": {kind: relative_to(path, out_dir) for kind, path in record.export_paths.items()},
    }


def file_hash(path: Path) -> str | None:
    try:
        return sha256_of_file(path)
    except OSError:
        return None


def finish(exporter: ResultExporter, inspector: Inspector, settings, log: InspectionLog | None) -> None:
    """Write the summaries with this run's identity, also when every row came from an earlier run."""
    identity = inspector.identity
    meta = {name: identity.get(name) for name in IDENTITY_KEYS}
    meta.update(identity=identity, thresholds=settings.to_dict())
    try:
        exporter.finish(meta)
    except ExportError as error:
        logger.error("Could not write the result summary: %s", error)
    if log is not None:
        log.close()
