"""Read labelled image sets: a category in the MVTec AD layout, or two plain folders.

The MVTec AD layout of one category::

    <category>/train/good/                                normal images (few-shot references)
    <category>/test/good/                                 normal test images
    <category>/test/<defect type>/                        defective test images
    <category>/ground_truth/<defect type>/<stem>_mask.png 0/255 defect masks
"""

from __future__ import annotations

import logging
import numbers
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .image_io import IMAGE_SUFFIXES, find_images, read_image

logger = logging.getLogger(__name__)

GOOD = "good"
DEFECTIVE = "defective"
MASK_SUFFIX = "_mask"


class DatasetLayoutError(ValueError):
    """A data set folder that does not have the expected layout; the message names the path."""


@dataclass(frozen=True)
class TestItem:
    """One labelled test image.

    ``label`` is 0 for good and 1 for defective. ``defect_type`` is the name of the image's folder
    under test/ ("good" for normal images). ``mask_path`` is None for good images and for
    defective images without a ground-truth mask.
    """

    # The name starts with "Test", so tell pytest that this is not a test class.
    __test__ = False

    path: Path
    label: int
    defect_type: str
    mask_path: Path | None = None


@dataclass
class MVTecCategory:
    """One category of a data set in the MVTec AD layout, with its files sorted by path."""

    name: str
    root: Path
    train_good: list[Path] = field(default_factory=list)
    test: list[TestItem] = field(default_factory=list)

    @property
    def defect_types(self) -> list[str]:
        """Sorted names of the defect folders under test/, without "good"."""
        return sorted({item.defect_type for item in self.test if item.label == 1})

    @property
    def has_all_masks(self) -> bool:
        """True when every defective test image has a mask, so pixel metrics can be computed."""
        return all(item.mask_path is not None for item in self.test if item.label == 1)

    @property
    def labels(self) -> list[int]:
        """The test labels in the order of ``test``."""
        return [item.label for item in self.test]


def load_mvtec_category(root: str | os.PathLike, category: str | None = None) -> MVTecCategory:
    """Read one category in the MVTec AD layout.

    Args:
        root: the data set folder that contains ``category`` (e.g. ``.../mvtec_ad`` with
            ``category="bottle"``), or the category folder itself.
        category: the category name; None means ``root`` is the category folder.

    Raises:
        FileNotFoundError: ``root`` or the category folder does not exist.
        DatasetLayoutError: test/ is missing or its subfolders contain no images.
    """
    folder = _category_folder(Path(root), category)
    test_folder = folder / "test"
    if not test_folder.is_dir():
        raise DatasetLayoutError(
            f"Missing test folder: {test_folder}. An MVTec AD category needs test/<defect type>/ folders of "
            "images, with the normal images in test/good/."
        )

    test_items = []
    for type_folder in sorted(path for path in test_folder.iterdir() if path.is_dir()):
        defect_type = type_folder.name
        label = 0 if defect_type == GOOD else 1
        for image_path in find_images(type_folder):
            mask_path = None if label == 0 else _find_mask(folder, defect_type, image_path)
            test_items.append(TestItem(image_path, label, defect_type, mask_path))
    if not test_items:
        raise DatasetLayoutError(
            f"No test images in {test_folder}. Put the images in subfolders named after their defect type, "
            f"with normal images in {test_folder / GOOD} ({', '.join(IMAGE_SUFFIXES)})."
        )
    test_items.sort(key=lambda item: item.path)

    missing_masks = sum(1 for item in test_items if item.label == 1 and item.mask_path is None)
    if missing_masks:
        logger.warning(
            "%d defective images in %s have no mask under %s; pixel metrics will be unavailable",
            missing_masks,
            test_folder,
            folder / "ground_truth",
        )

    train_folder = folder / "train" / GOOD
    train_good = find_images(train_folder) if train_folder.is_dir() else []
    if not train_good:
        logger.info("no training images in %s; few-shot references are unavailable", train_folder)

    logger.info(
        "read %s: %d train/good images, %d test images (%d defective)",
        folder,
        len(train_good),
        len(test_items),
        sum(item.label for item in test_items),
    )
    return MVTecCategory(name=folder.name, root=folder, train_good=train_good, test=test_items)


def _category_folder(root: Path, category: str | None) -> Path:
    if not root.is_dir():
        raise FileNotFoundError(f"Data set folder not found: {root}. Check the path.")
    if category is None:
        return root
    candidate = root / category
    if candidate.is_dir():
        return candidate
    # The caller may have passed the category folder itself as the root.
    if root.name == category and (root / "test").is_dir():
        return root
    available = sorted(path.name for path in root.iterdir() if (path / "test").is_dir())
    hint = f" Categories found there: {', '.join(available)}." if available else ""
    raise FileNotFoundError(f"Category folder not found: {candidate}.{hint}")


def _find_mask(category_folder: Path, defect_type: str, image_path: Path) -> Path | None:
    mask_folder = category_folder / "ground_truth" / defect_type
    for suffix in (".png", *IMAGE_SUFFIXES):
        candidate = mask_folder / f"{image_path.stem}{MASK_SUFFIX}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def load_mask(item: TestItem, shape: tuple[int, int]) -> np.ndarray:
    """Read the ground-truth mask of ``item`` as a bool (H, W) array, True for defective pixels.

    Good images without a mask get an all-False mask of ``shape``. A pixel is defective when its
    brightest channel is >= 128, or > 0 in masks whose maximum is 1 (0/1 masks).

    Raises:
        ValueError: a defective item has no mask, or the mask size differs from ``shape`` (H, W).
        ImageReadError: the mask file cannot be read.
    """
    height, width = shape[:2]
    if item.mask_path is None:
        if item.label == 1:
            raise ValueError(
                f"No ground-truth mask for the defective image {item.path}. Add "
                f"ground_truth/{item.defect_type}/{item.path.stem}{MASK_SUFFIX}.png or skip the pixel metrics."
            )
        return np.zeros((height, width), dtype=bool)

    values = read_image(item.mask_path).max(axis=2)
    if values.shape != (height, width):
        raise ValueError(
            f"Mask {item.mask_path} is {values.shape[1]} x {values.shape[0]} pixels but its image {item.path} is "
            f"{width} x {height}. A mask must have the size of its image."
        )
    if values.max() <= 1:
        return values > 0
    return values >= 128


def reference_images(category: MVTecCategory, k: int) -> list[Path]:
    """Return the first ``k`` train/good images in sorted order, the few-shot references.

    Raises:
        ValueError: ``k`` is negative or larger than the number of train/good images.
    """
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 0:
        raise ValueError(f"The number of reference images must be an integer of 0 or more; got {k!r}")
    if k > len(category.train_good):
        raise ValueError(
            f"{k} reference images were requested but {category.root / 'train' / GOOD} has "
            f"{len(category.train_good)}. Use at most {len(category.train_good)} or add normal images there."
        )
    return category.train_good[: int(k)]


def load_labelled_folders(
    good_dir: str | os.PathLike, defective_dir: str | os.PathLike | None = None
) -> list[TestItem]:
    """Read a folder of good images and an optional folder of defective images, recursively.

    Returns the good items (label 0, defect type "good") and then the defective items (label 1,
    defect type "defective"), each group sorted by path, all without masks. A folder nested in the
    other is left out of the other's search, so no image gets both labels.

    Raises:
        FileNotFoundError, NotADirectoryError: a folder does not exist or is not a folder.
        DatasetLayoutError: a folder contains no images, or both arguments name the same folder.
    """
    good_path = Path(good_dir)
    defective_path = Path(defective_dir) if defective_dir is not None else None
    if defective_path is not None and _same_folder(good_path, defective_path):
        raise DatasetLayoutError(f"The good and the defective folder are the same folder: {good_path}.")

    exclude = [defective_path] if defective_path is not None else []
    items = [TestItem(path, 0, GOOD) for path in _find_labelled_images(good_path, exclude, "good")]
    if defective_path is not None:
        defective_images = _find_labelled_images(defective_path, [good_path], "defective")
        items += [TestItem(path, 1, DEFECTIVE) for path in defective_images]
    return items


def _same_folder(first: Path, second: Path) -> bool:
    try:
        return first.samefile(second)
    except OSError:
        return first.resolve() == second.resolve()


def _find_labelled_images(folder: Path, exclude: list[Path], kind: str) -> list[Path]:
    images = find_images(folder, exclude=exclude)
    if not images:
        raise DatasetLayoutError(f"No images in the {kind} folder {folder} ({', '.join(IMAGE_SUFFIXES)}).")
    return images
