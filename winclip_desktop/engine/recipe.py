"""Recipes: everything that defines the inspection of one product, stored as a TOML file.

A recipe file looks like this (every table and key except ``format_version``, ``name`` and
``class_name`` may be left out, and then takes the default)::

    format_version = 1
    name = "Bottle line 3"
    class_name = "bottle"

    [prompts]
    object_words = ["bottle", "glass bottle"]   # empty: the class name in the default prompts

    [model]
    name = "ViT-B-16-plus-240"
    weights = "laion400m_e32"                   # open_clip tag, checkpoint path or "random"

    [references]
    paths = ["references/000.png"]              # relative paths start at the recipe's folder

    [thresholds]
    image = 0.5                                 # verdict NG when the image score >= this
    pixel = 0.5                                 # a pixel is defective when its score > this

    [postprocess]
    kernel_size = 5                             # elliptical close/open kernel, 0 or 1 for none
    min_area = 64                               # smallest kept region, in pixels
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import numbers
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import tomli_w

from winclip_desktop.engine.defaults import DEFAULT_MODEL, DEFAULT_PRETRAINED
from winclip_desktop.storage.atomic import atomic_write_bytes

from .postprocess import validate_settings
from .types import PostProcessSettings

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

logger = logging.getLogger(__name__)

DEFAULT_WEIGHTS = DEFAULT_PRETRAINED

FORMAT_VERSION = 1
"""The recipe format this module writes, and the newest one it reads."""

# File layout: table name -> {key in the file: Recipe field}. The top-level keys use table "".
_LAYOUT = {
    "": {"format_version": None, "name": "name", "class_name": "class_name"},
    "prompts": {"object_words": "object_words"},
    "model": {"name": "model_name", "weights": "weights"},
    "references": {"paths": "reference_paths"},
    "thresholds": {"image": "image_threshold", "pixel": "pixel_threshold"},
    "postprocess": {"kernel_size": "kernel_size", "min_area": "min_area"},
}


# Recipe field -> "table.key" in the file, for error messages.
_FILE_KEYS = {
    field_name: f"{table}.{key}" if table else key
    for table, keys in _LAYOUT.items()
    for key, field_name in keys.items()
    if field_name is not None
}


class RecipeError(ValueError):
    """An invalid recipe file or value. The message names the file and the key.

    ``field`` is the name of the invalid Recipe field, or None when the error concerns the file.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class Recipe:
    """The settings that define the inspection of one product.

    ``object_words`` are alternative names of the object for the prompts, and an empty list means
    the class name in the default prompt ensemble. ``reference_paths`` are normal images for
    few-shot inspection. Paths loaded from a file are absolute.
    """

    name: str
    class_name: str
    object_words: list[str] = field(default_factory=list)
    reference_paths: list[Path] = field(default_factory=list)
    model_name: str = DEFAULT_MODEL
    weights: str = DEFAULT_WEIGHTS
    image_threshold: float = 0.5
    pixel_threshold: float = 0.5
    kernel_size: int = 5
    min_area: int = 64

    def __post_init__(self) -> None:
        self.validate()
        self.object_words = list(self.object_words)
        self.reference_paths = [Path(path) for path in self.reference_paths]

    def validate(self) -> None:
        """Raise RecipeError naming the field and the value unless every field is valid."""
        for name in ("name", "class_name", "model_name", "weights"):
            _require_text(name, getattr(self, name))
        if not isinstance(self.object_words, (list, tuple)):
            raise RecipeError(f"object_words must be a list of words; got {self.object_words!r}", "object_words")
        for word in self.object_words:
            _require_text("object_words", word)
        if not isinstance(self.reference_paths, (list, tuple)):
            raise RecipeError(
                f"reference_paths must be a list of paths; got {self.reference_paths!r}", "reference_paths"
            )
        for path in self.reference_paths:
            if not isinstance(path, (str, os.PathLike)) or not str(path).strip():
                raise RecipeError(f"reference_paths must contain non-empty paths; got {path!r}", "reference_paths")
        for name in ("image_threshold", "pixel_threshold"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
                raise RecipeError(f"{name} must be a finite number; got {value!r}", name)
        for name in ("kernel_size", "min_area"):
            try:
                validate_settings(replace(PostProcessSettings(), **{name: getattr(self, name)}))
            except ValueError as exc:
                raise RecipeError(str(exc), name) from exc

    def postprocess_settings(self) -> PostProcessSettings:
        """Return the thresholds and morphology of this recipe."""
        return PostProcessSettings(
            image_threshold=self.image_threshold,
            pixel_threshold=self.pixel_threshold,
            kernel_size=self.kernel_size,
            min_area=self.min_area,
        )

    def settings_dict(self) -> dict[str, Any]:
        """Return every setting that affects inspection results, as plain JSON values.

        ``name`` is left out, so renaming a recipe keeps its hash. Reference paths are absolute
        POSIX strings, so a moved reference image changes the hash.
        """
        return {
            "format_version": FORMAT_VERSION,
            "class_name": self.class_name,
            "object_words": list(self.object_words),
            "reference_paths": [Path(path).absolute().as_posix() for path in self.reference_paths],
            "model_name": self.model_name,
            "weights": self.weights,
            "image_threshold": float(self.image_threshold),
            "pixel_threshold": float(self.pixel_threshold),
            "kernel_size": int(self.kernel_size),
            "min_area": int(self.min_area),
        }

    def settings_hash(self) -> str:
        """SHA-256 hex digest of the canonical JSON of :meth:`settings_dict`, for the inspection log.

        The JSON has sorted keys, no spaces and non-ASCII characters as they are (UTF-8).
        """
        canonical = json.dumps(
            self.settings_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _require_text(name: str, value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise RecipeError(f"{name} must be a non-empty string; got {value!r}", name)


def load_recipe(path: str | os.PathLike) -> Recipe:
    """Read a recipe file. Relative reference paths are resolved against the file's folder.

    Raises:
        FileNotFoundError: the file does not exist.
        RecipeError: the file is not valid TOML, was written by a newer version, has an unknown
            key, misses a required key or has an invalid value. The message names the file and key.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"Recipe file not found: {path}. Check the path or save the recipe first.")
    try:
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise RecipeError(f"Invalid recipe file {path}: not valid TOML ({exc}).") from exc
    except UnicodeDecodeError as exc:
        raise RecipeError(f"Invalid recipe file {path}: not UTF-8 text ({exc}).") from exc

    _check_format_version(path, document)
    values = _read_layout(path, document)
    folder = path.parent.absolute()
    # normpath removes ".." without following symbolic links, as the user reads the path.
    values["reference_paths"] = [
        Path(os.path.normpath(folder / reference)) for reference in values.get("reference_paths", [])
    ]
    try:
        recipe = Recipe(**values)
    except RecipeError as exc:
        key = _FILE_KEYS.get(exc.field, exc.field)
        raise RecipeError(f"Invalid recipe file {path}: key '{key}' is invalid: {exc}", exc.field) from exc
    logger.info("loaded recipe %r from %s", recipe.name, path)
    return recipe


def _check_format_version(path: Path, document: dict) -> None:
    version = document.get("format_version")
    if version is None:
        raise RecipeError(f"Invalid recipe file {path}: missing key 'format_version' (expected {FORMAT_VERSION}).")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise RecipeError(f"Invalid recipe file {path}: 'format_version' must be a positive integer; got {version!r}.")
    if version > FORMAT_VERSION:
        raise RecipeError(
            f"Recipe file {path} has format version {version}, but this version of winclip-desktop reads up to "
            f"{FORMAT_VERSION}. Update winclip-desktop to open it."
        )


def _read_layout(path: Path, document: dict) -> dict[str, Any]:
    """Map the file's tables and keys to Recipe fields, rejecting unknown keys and wrong types."""
    values: dict[str, Any] = {}
    for key, value in document.items():
        if key in _LAYOUT[""]:
            field_name = _LAYOUT[""][key]
            if field_name is not None:
                values[field_name] = value
        elif key in _LAYOUT and key != "":
            if not isinstance(value, dict):
                raise RecipeError(f"Invalid recipe file {path}: '{key}' must be a table, written as [{key}], not {value!r}.")
            for sub_key, sub_value in value.items():
                if sub_key not in _LAYOUT[key]:
                    known = ", ".join(_LAYOUT[key])
                    raise RecipeError(f"Invalid recipe file {path}: unknown key '{key}.{sub_key}' (known keys: {known}).")
                values[_LAYOUT[key][sub_key]] = _check_type(path, f"{key}.{sub_key}", sub_value)
        else:
            raise RecipeError(f"Invalid recipe file {path}: unknown key '{key}'.")

    for required in ("name", "class_name"):
        if required not in values:
            raise RecipeError(f"Invalid recipe file {path}: missing key '{required}'.")
    return values


def _check_type(path: Path, key: str, value: Any) -> Any:
    # TOML has separate integer and float types, so an integer where a float is expected is fine,
    # but a float kernel size or min area is not.
    expected = {
        "prompts.object_words": list,
        "references.paths": list,
        "model.name": str,
        "model.weights": str,
        "thresholds.image": (int, float),
        "thresholds.pixel": (int, float),
        "postprocess.kernel_size": int,
        "postprocess.min_area": int,
    }[key]
    if isinstance(value, bool) or not isinstance(value, expected):
        raise RecipeError(f"Invalid recipe file {path}: key '{key}' has the invalid value {value!r}.")
    if expected is list and not all(isinstance(item, str) for item in value):
        raise RecipeError(f"Invalid recipe file {path}: key '{key}' must be a list of strings; got {value!r}.")
    return value


def recipe_document(recipe: Recipe, folder: str | os.PathLike) -> dict[str, Any]:
    """Build the TOML document of ``recipe``, with reference paths relative to ``folder`` where possible.

    A reference path inside ``folder`` is written relative to it with "/" separators, so the
    recipe and its references can move together. Other absolute paths stay absolute, and relative
    paths are written unchanged (they are read relative to the recipe's folder).
    """
    recipe.validate()
    folder = Path(folder).absolute()
    return {
        "format_version": FORMAT_VERSION,
        "name": recipe.name,
        "class_name": recipe.class_name,
        "prompts": {"object_words": list(recipe.object_words)},
        "model": {"name": recipe.model_name, "weights": recipe.weights},
        "references": {"paths": [_relative_reference(Path(path), folder) for path in recipe.reference_paths]},
        "thresholds": {"image": float(recipe.image_threshold), "pixel": float(recipe.pixel_threshold)},
        "postprocess": {"kernel_size": int(recipe.kernel_size), "min_area": int(recipe.min_area)},
    }


def _relative_reference(path: Path, folder: Path) -> str:
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return str(path)


def save_recipe(recipe: Recipe, path: str | os.PathLike) -> None:
    """Write ``recipe`` to ``path`` as TOML, atomically: a temporary file in the same folder replaces it.

    Raises:
        RecipeError: a field is invalid.
        FileNotFoundError: the folder of ``path`` does not exist.
        winclip_desktop.storage.atomic.ExportError: the file cannot be written (an OSError).
    """
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise FileNotFoundError(f"Cannot save the recipe to {path}: the folder {folder} does not exist.")
    data = tomli_w.dumps(recipe_document(recipe, folder)).encode("utf-8")
    atomic_write_bytes(path, data)
    logger.info("saved recipe %r to %s", recipe.name, path)
