"""Write scan results to an output folder: annotated images, masks, anomaly maps and summaries.

File-naming scheme. Each input is named by its path relative to the input folder, in POSIX form
and with its original suffix kept. The output suffix is appended to that name::

    input  good/000.png
    OUT/annotated/good/000.png.png   annotated RGB image (storage.annotate.render_annotated), upscaled
                                     when the input's shorter side is under 256 pixels
    OUT/masks/good/000.png.png       defect mask, uint8 0/255, single channel, the input's H x W
    OUT/maps/good/000.png.npy        anomaly map, float32, the input's H x W (only with save_maps)
    OUT/results.json                 identity, thresholds and one entry per image
    OUT/results.csv                  one row per image

Distinct inputs have distinct relative paths, and appending a fixed suffix keeps them distinct, so
``a.png`` and ``a.jpg`` in one folder never overwrite each other's outputs. NOTE: on a
case-insensitive output file system, inputs that differ only in letter case (possible on a
case-sensitive input file system) still share output files.

Every file is written atomically (storage.atomic), so a file under its final name is never
half-written. ``results.json`` is strict JSON: non-finite scores are written as null.
``results.csv`` is UTF-8 with a byte-order mark, so that spreadsheet programs on Windows read
non-ASCII paths correctly.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
import os
import time
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np

from winclip_desktop import __version__
from winclip_desktop.engine.image_io import encode_png
from winclip_desktop.engine.types import NG, OK, InspectionResult
from winclip_desktop.storage.annotate import render_annotated
from winclip_desktop.storage.atomic import ExportError, atomic_write_bytes, atomic_write_text

logger = logging.getLogger(__name__)

RESULTS_JSON = "results.json"
RESULTS_CSV = "results.csv"
ANNOTATED_DIR = "annotated"
MASKS_DIR = "masks"
MAPS_DIR = "maps"
CSV_COLUMNS = (
    "path",
    "image_score",
    "verdict",
    "region_count",
    "max_region_score",
    "override",
    "comment",
    "error",
)
IDENTITY_KEYS = ("model", "weights", "class_name", "reference_count", "references_hash")
RANDOM_WEIGHTS_NOTE = "random weights - scores are meaningless"
"""Note drawn on annotated images when the identity's weights are "random"."""

_OVERRIDES = (None, OK, NG)


class ResultExporter:
    """Write per-image result files and keep the rows for results.json and results.csv.

    Not thread-safe: call all methods from one thread, typically the scan worker.

    Args:
        out_dir: output folder, created when missing.
        input_root: folder that relative paths are relative to. Absolute paths under it are
            accepted by :meth:`add` and :meth:`add_error` too.
        save_maps: also write each anomaly map as a float32 ``.npy`` file.
        summary_interval_s: after :meth:`add` or :meth:`add_error`, rewrite the summaries when at
            least this many seconds have passed since the last rewrite, so a killed scan leaves
            them nearly complete. 0 rewrites after every image, None only on request.

    Raises:
        ExportError: ``out_dir`` cannot be created.
    """

    def __init__(
        self,
        out_dir: str | os.PathLike,
        input_root: str | os.PathLike,
        save_maps: bool = False,
        summary_interval_s: float | None = 10.0,
    ) -> None:
        self.out_dir = Path(out_dir)
        self.input_root = Path(input_root)
        self.save_maps = save_maps
        self.summary_interval_s = summary_interval_s
        self._rows: dict[str, dict[str, Any]] = {}
        self._identity: dict[str, Any] | None = None
        self._full_identity: dict[str, Any] | None = None
        self._thresholds: dict[str, Any] | None = None
        self._last_summary = time.monotonic()
        self._make_folder(self.out_dir)
        if _is_inside(self.out_dir, self.input_root):
            logger.warning(
                "Output folder %s is inside the input folder %s. A later scan of the input folder "
                "will also find the annotated images and masks unless it excludes the output folder",
                self.out_dir,
                self.input_root,
            )

    @property
    def rows(self) -> list[dict[str, Any]]:
        """Copies of the image entries of results.json, in the order they were added."""
        return [dict(row) for row in self._rows.values()]

    @property
    def identity(self) -> dict[str, Any] | None:
        """The inspector identity of the first added result, or None before any."""
        return None if self._full_identity is None else dict(self._full_identity)

    def add(
        self,
        relative_path: str | os.PathLike,
        image_rgb: np.ndarray,
        result: InspectionResult,
        identity: dict[str, Any],
        override: str | None = None,
        comment: str = "",
    ) -> dict[str, Any]:
        """Write the files of one inspected image and keep its row. Return a copy of the row.

        Adding a path again replaces its row and files.

        Args:
            relative_path: the image's path relative to ``input_root``.
            image_rgb: the image as inspected, H x W x 3 uint8 RGB.
            result: its result. ``mask`` and ``anomaly_map`` must be H x W like the image.
            identity: ``Inspector.identity`` (model, weights, class_name, reference_count,
                references_hash). It
                must be the same for every image of one export.
            override: the operator's verdict, "OK" or "NG", or None.
            comment: the operator's comment.

        Raises:
            ValueError: invalid path, mismatched sizes, a changed identity or invalid override.
            ExportError: a file cannot be written. No file is left half-written, but the files
                of this image written before the failure stay, and the row is not kept.
        """
        key = self._relative_key(relative_path)
        image = np.asarray(image_rgb)
        self._check_sizes(key, image, result)
        self._check_identity(identity)
        _check_override(override)

        files = {
            "annotated": f"{ANNOTATED_DIR}/{key}.png",
            "mask": f"{MASKS_DIR}/{key}.png",
            "map": f"{MAPS_DIR}/{key}.npy" if self.save_maps else None,
        }
        note = RANDOM_WEIGHTS_NOTE if identity.get("weights") == "random" else None
        annotated = render_annotated(image, result, weights_note=note)
        mask = (np.asarray(result.mask) > 0).astype(np.uint8) * 255
        self._write(files["annotated"], encode_png(annotated))
        self._write(files["mask"], encode_png(mask))
        if files["map"] is not None:
            self._write(files["map"], _encode_npy(result.anomaly_map))

        thresholds = result.settings.to_dict()
        self._thresholds = thresholds
        self._rows[key] = {
            "path": key,
            "image_score": _finite_or_none(result.image_score),
            "verdict": result.verdict,
            "regions": [region.to_dict() for region in result.regions],
            "thresholds": thresholds,
            "override": override,
            "comment": comment,
            "files": files,
        }
        self._maybe_rewrite_summary()
        return dict(self._rows[key])

    def add_previous(self, relative_path: str | os.PathLike, row: dict[str, Any]) -> dict[str, Any]:
        """Keep the row of an image whose files an earlier run already wrote into ``out_dir``.

        Nothing is written except the summaries. ``row`` needs "image_score", "verdict" and
        "files" (paths relative to ``out_dir``), and may have "regions", "thresholds",
        "override" and "comment". Its "path" is replaced by ``relative_path``. Return the row.

        Raises:
            ValueError: invalid path, missing keys or invalid override.
        """
        key = self._relative_key(relative_path)
        missing = [name for name in ("image_score", "verdict", "files") if name not in row]
        if missing:
            raise ValueError(f"{key}: the previous result is missing {', '.join(missing)}.")
        override = row.get("override")
        _check_override(override)
        self._rows[key] = {
            "path": key,
            "image_score": _finite_or_none(row["image_score"]),
            "verdict": row["verdict"],
            "regions": list(row.get("regions") or []),
            "thresholds": row.get("thresholds"),
            "override": override,
            "comment": row.get("comment") or "",
            "files": dict(row["files"]),
        }
        self._maybe_rewrite_summary()
        return dict(self._rows[key])

    def add_error(self, relative_path: str | os.PathLike, message: str) -> dict[str, Any]:
        """Record an image that could not be inspected, with the error message. Return the row."""
        key = self._relative_key(relative_path)
        self._rows[key] = {"path": key, "error": str(message)}
        self._maybe_rewrite_summary()
        return dict(self._rows[key])

    def set_review(self, relative_path: str | os.PathLike, override: str | None, comment: str = "") -> None:
        """Set the operator's verdict override and comment of an added image.

        Raises:
            KeyError: the image has no result row (not added, or added as an error).
            ValueError: ``override`` is not None, "OK" or "NG".
        """
        key = self._relative_key(relative_path)
        _check_override(override)
        row = self._rows.get(key)
        if row is None or "error" in row:
            raise KeyError(f"No inspection result for {key}: add it before reviewing it.")
        row["override"] = override
        row["comment"] = comment

    def rewrite_summary(self) -> None:
        """Write results.json (with ``"complete": false``) and results.csv for the rows so far.

        Raises:
            ExportError: a summary cannot be written. The previous summaries are unchanged.
        """
        self._write_summaries(meta=None, complete=False)

    def finish(self, meta: dict[str, Any] | None = None) -> Path:
        """Write the final results.json (``"complete": true``) and results.csv. Return the JSON path.

        ``meta`` entries (for example input folder, start and end times) are added at the top
        level of results.json. Identity keys and "thresholds" in ``meta`` replace the recorded
        ones, which come from the first result's identity and the latest result's settings.
        "counts" counts the final verdicts, which are the overrides where the operator set one.

        Raises:
            ExportError: a summary cannot be written.
            ValueError: ``meta`` cannot be written as JSON.
        """
        self._write_summaries(meta=meta or {}, complete=True)
        return self.out_dir / RESULTS_JSON

    def summary(self, meta: dict[str, Any] | None = None, complete: bool = False) -> dict[str, Any]:
        """Return the content of results.json as a dictionary of plain JSON values."""
        document: dict[str, Any] = {
            "format_version": 1,
            "winclip_desktop_version": __version__,
        }
        identity = self._identity or {}
        for name in IDENTITY_KEYS:
            document[name] = identity.get(name)
        document["identity"] = self._full_identity
        document["thresholds"] = self._thresholds
        document["input_root"] = str(self.input_root)
        document.update(meta or {})
        document["complete"] = complete
        document["counts"] = self._counts()
        document["images"] = list(self._rows.values())
        return _to_json_value(document)

    def _write_summaries(self, meta: dict[str, Any] | None, complete: bool) -> None:
        self._check_out_dir()
        document = self.summary(meta, complete)
        try:
            text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"Cannot write {RESULTS_JSON}: the metadata is not valid JSON ({exc}).") from exc
        atomic_write_text(self.out_dir / RESULTS_JSON, text + "\n")
        atomic_write_text(self.out_dir / RESULTS_CSV, self._csv_text(), encoding="utf-8-sig")
        self._last_summary = time.monotonic()

    def _csv_text(self) -> str:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        for row in self._rows.values():
            writer.writerow(_csv_row(row))
        return buffer.getvalue()

    def _counts(self) -> dict[str, int]:
        counts = {OK: 0, NG: 0, "error": 0}
        for row in self._rows.values():
            if "error" in row:
                counts["error"] += 1
            else:
                verdict = row["override"] or row["verdict"]
                counts[verdict] = counts.get(verdict, 0) + 1
        return counts

    def _maybe_rewrite_summary(self) -> None:
        """Rewrite the summaries when the interval has passed. A failure is logged, not raised,
        because the image's own files are already written and the next rewrite tries again."""
        if self.summary_interval_s is None:
            return
        if time.monotonic() - self._last_summary < self.summary_interval_s:
            return
        try:
            self.rewrite_summary()
        except ExportError as exc:
            logger.warning("Could not update the result summaries (retried later): %s", exc)

    def _relative_key(self, relative_path: str | os.PathLike) -> str:
        """Return the POSIX path relative to input_root, rejecting paths that leave it."""
        path = Path(relative_path)
        if path.is_absolute():
            try:
                path = path.relative_to(self.input_root)
            except ValueError as exc:
                raise ValueError(
                    f"Image path {relative_path} is not inside the input folder {self.input_root}."
                ) from exc
        posix = PurePosixPath(path.as_posix())
        if not posix.parts or posix.parts == (".",) or ".." in posix.parts:
            raise ValueError(
                f"Invalid relative image path {str(relative_path)!r}: expected a file path inside "
                f"the input folder {self.input_root}, without '..'."
            )
        return str(posix)

    def _check_sizes(self, key: str, image: np.ndarray, result: InspectionResult) -> None:
        if image.ndim < 2:
            raise ValueError(f"{key}: the image must be H x W x 3, got shape {image.shape}.")
        size = image.shape[:2]
        for name in ("mask", "anomaly_map"):
            shape = np.asarray(getattr(result, name)).shape
            if shape != size:
                raise ValueError(
                    f"{key}: result.{name} has shape {shape} but the image is {size[0]} x {size[1]}. "
                    "The engine must return maps and masks at the original image size."
                )

    def _check_identity(self, identity: dict[str, Any]) -> None:
        recorded = {name: identity.get(name) for name in IDENTITY_KEYS}
        if self._identity is None:
            self._identity = recorded
            self._full_identity = dict(identity)
        elif recorded != self._identity:
            raise ValueError(
                f"The inspector identity changed within one export, from {self._identity} to {recorded}. "
                "Write the results of each inspector to its own output folder."
            )

    def _write(self, relative_file: str, data: bytes) -> None:
        path = self.out_dir / relative_file
        self._check_out_dir()
        self._make_folder(path.parent)
        atomic_write_bytes(path, data)

    def _check_out_dir(self) -> None:
        if not self.out_dir.is_dir():
            raise ExportError(
                self.out_dir,
                "output folder no longer exists (deleted, moved or unmounted during the run)",
                "Recreate it or choose another output folder, then scan again.",
            )

    @staticmethod
    def _make_folder(folder: Path) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportError.from_os_error(folder, exc) from exc


def _check_override(override: str | None) -> None:
    if override not in _OVERRIDES:
        raise ValueError(f"Invalid override {override!r}: expected None, {OK!r} or {NG!r}.")


def _csv_row(row: dict[str, Any]) -> dict[str, Any]:
    if "error" in row:
        return {"path": row["path"], "error": row["error"]}
    region_scores = [region["max_score"] for region in row["regions"] if region.get("max_score") is not None]
    return {
        "path": row["path"],
        "image_score": _csv_number(row["image_score"]),
        "verdict": row["verdict"],
        "region_count": len(row["regions"]),
        "max_region_score": _csv_number(max(region_scores)) if region_scores else "",
        "override": row["override"] or "",
        "comment": row["comment"] or "",
        "error": "",
    }


def _csv_number(value: Any) -> str:
    value = _finite_or_none(value)
    return "" if value is None else repr(value)


def _encode_npy(anomaly_map: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, np.ascontiguousarray(anomaly_map, dtype=np.float32), allow_pickle=False)
    return buffer.getvalue()


def _finite_or_none(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _to_json_value(value: Any) -> Any:
    """Convert numpy scalars and arrays, tuples and paths to JSON values, and non-finite floats to None."""
    if isinstance(value, dict):
        return {str(key): _to_json_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_json_value(item) for item in value]
    if isinstance(value, np.ndarray):
        return _to_json_value(value.tolist())
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return _finite_or_none(value)
    if isinstance(value, os.PathLike):
        return Path(value).as_posix()
    return value


def _is_inside(folder: Path, root: Path) -> bool:
    try:
        folder.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True
