"""Tests of the MVTec AD reader and the labelled-folder reader, on the real bottle category and on small layouts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from winclip_desktop.engine.dataset import (
    DatasetLayoutError,
    TestItem,
    load_labelled_folders,
    load_mask,
    load_mvtec_category,
    reference_images,
)
from winclip_desktop.engine.image_io import write_png

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
MVTEC = DATASETS / "mvtec_ad"

needs_bottle = pytest.mark.skipif(
    not (MVTEC / "bottle" / "test").is_dir(), reason=f"MVTec AD bottle category not found under {MVTEC}"
)


def write_image(path: Path, shape=(8, 8), value=0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_png(path, np.full((*shape, 3), value, np.uint8))
    return path


def write_mask(path: Path, mask: np.ndarray) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_png(path, mask.astype(np.uint8))
    return path


def make_category(root: Path) -> Path:
    """Write a tiny category: 3 train images, 2 good and 2 defective test images, one mask missing."""
    category = root / "widget"
    for name in ("002.png", "000.png", "001.png"):
        write_image(category / "train" / "good" / name)
    write_image(category / "test" / "good" / "000.png")
    write_image(category / "test" / "good" / "001.png")
    write_image(category / "test" / "scratch" / "000.png")
    write_image(category / "test" / "scratch" / "001.png")
    mask = np.zeros((8, 8), np.uint8)
    mask[2:4, 2:5] = 255
    write_mask(category / "ground_truth" / "scratch" / "000_mask.png", mask)
    return category


# The real bottle category


@needs_bottle
def test_bottle_counts():
    bottle = load_mvtec_category(MVTEC, "bottle")

    assert bottle.name == "bottle"
    assert len(bottle.train_good) == 20
    assert len(bottle.test) == 83
    assert sum(item.label for item in bottle.test) == 63
    assert bottle.defect_types == ["broken_large", "broken_small", "contamination"]
    assert bottle.has_all_masks


@needs_bottle
def test_bottle_items_sorted_and_labelled():
    bottle = load_mvtec_category(MVTEC, "bottle")

    assert [item.path for item in bottle.test] == sorted(item.path for item in bottle.test)
    assert bottle.train_good == sorted(bottle.train_good)
    for item in bottle.test:
        assert item.label == (0 if item.defect_type == "good" else 1)
        if item.label == 1:
            assert item.mask_path.name == f"{item.path.stem}_mask.png"
            assert item.mask_path.parent.name == item.defect_type
        else:
            assert item.mask_path is None


@needs_bottle
def test_bottle_masks_load():
    bottle = load_mvtec_category(MVTEC, "bottle")
    defective = next(item for item in bottle.test if item.label == 1)
    good = next(item for item in bottle.test if item.label == 0)

    defect_mask = load_mask(defective, (900, 900))
    good_mask = load_mask(good, (900, 900))

    assert defect_mask.dtype == bool
    assert defect_mask.shape == (900, 900)
    assert 0 < defect_mask.sum() < 900 * 900
    assert good_mask.shape == (900, 900)
    assert not good_mask.any()


@needs_bottle
def test_bottle_accepts_category_folder():
    from_root = load_mvtec_category(MVTEC, "bottle")
    from_folder = load_mvtec_category(MVTEC / "bottle")
    from_folder_named = load_mvtec_category(MVTEC / "bottle", "bottle")

    assert from_folder.test == from_root.test
    assert from_folder_named.test == from_root.test
    assert from_folder.name == "bottle"


@needs_bottle
def test_bottle_reference_images():
    bottle = load_mvtec_category(MVTEC, "bottle")

    references = reference_images(bottle, 4)

    assert [path.name for path in references] == ["000.png", "001.png", "002.png", "003.png"]
    assert reference_images(bottle, 0) == []
    with pytest.raises(ValueError, match=r"21 reference images .*train.good has 20"):
        reference_images(bottle, 21)


@needs_bottle
def test_unknown_category_lists_available():
    with pytest.raises(FileNotFoundError, match=r"Category folder not found: .*cable.*Categories found there: bottle"):
        load_mvtec_category(MVTEC, "cable")


# Small layouts written by the tests


def test_small_category(tmp_path):
    category = load_mvtec_category(make_category(tmp_path))

    assert [path.name for path in category.train_good] == ["000.png", "001.png", "002.png"]
    assert [(item.defect_type, item.path.name) for item in category.test] == [
        ("good", "000.png"),
        ("good", "001.png"),
        ("scratch", "000.png"),
        ("scratch", "001.png"),
    ]
    assert category.labels == [0, 0, 1, 1]
    assert category.test[2].mask_path is not None
    assert category.test[3].mask_path is None
    assert not category.has_all_masks


def test_load_mask_values(tmp_path):
    category = load_mvtec_category(make_category(tmp_path))

    mask = load_mask(category.test[2], (8, 8))

    assert mask.sum() == 6
    assert mask[2:4, 2:5].all()


def test_load_mask_zero_one_values(tmp_path):
    mask = np.zeros((5, 5), np.uint8)
    mask[1, 1] = 1
    path = write_mask(tmp_path / "m.png", mask)

    loaded = load_mask(TestItem(tmp_path / "x.png", 1, "dent", path), (5, 5))

    assert loaded.sum() == 1
    assert loaded[1, 1]


def test_load_mask_errors(tmp_path):
    category = load_mvtec_category(make_category(tmp_path))

    with pytest.raises(ValueError, match=r"No ground-truth mask for the defective image .*scratch.001\.png"):
        load_mask(category.test[3], (8, 8))
    with pytest.raises(ValueError, match=r"000_mask\.png is 8 x 8 pixels but its image .* is 10 x 8"):
        load_mask(category.test[2], (8, 10))


def test_missing_test_folder(tmp_path):
    (tmp_path / "widget" / "train" / "good").mkdir(parents=True)

    with pytest.raises(DatasetLayoutError, match=r"Missing test folder: .*widget.test"):
        load_mvtec_category(tmp_path, "widget")


def test_test_folder_without_images(tmp_path):
    (tmp_path / "widget" / "test" / "good").mkdir(parents=True)
    (tmp_path / "widget" / "test" / "good" / "notes.txt").write_text("no images here")

    with pytest.raises(DatasetLayoutError, match=r"No test images in .*widget.test"):
        load_mvtec_category(tmp_path / "widget")


def test_missing_root(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"Data set folder not found: .*nowhere"):
        load_mvtec_category(tmp_path / "nowhere", "bottle")


def test_reference_images_rejects_bad_k(tmp_path):
    category = load_mvtec_category(make_category(tmp_path))

    with pytest.raises(ValueError, match="got -1"):
        reference_images(category, -1)
    with pytest.raises(ValueError, match=r"4 reference images .* has 3"):
        reference_images(category, 4)
    assert len(reference_images(category, np.int64(2))) == 2


def test_category_without_train_folder(tmp_path):
    category_folder = make_category(tmp_path)
    for path in (category_folder / "train" / "good").iterdir():
        path.unlink()

    category = load_mvtec_category(category_folder)

    assert category.train_good == []
    with pytest.raises(ValueError, match="has 0"):
        reference_images(category, 1)


# Two plain folders


def test_labelled_folders(tmp_path):
    write_image(tmp_path / "ok" / "b.png")
    write_image(tmp_path / "ok" / "a.png")
    write_image(tmp_path / "ng" / "sub" / "c.jpg")

    items = load_labelled_folders(tmp_path / "ok", tmp_path / "ng")

    assert [(item.path.name, item.label, item.defect_type) for item in items] == [
        ("a.png", 0, "good"),
        ("b.png", 0, "good"),
        ("c.jpg", 1, "defective"),
    ]
    assert all(item.mask_path is None for item in items)


def test_labelled_folders_good_only(tmp_path):
    write_image(tmp_path / "ok" / "a.png")

    items = load_labelled_folders(tmp_path / "ok")

    assert [item.label for item in items] == [0]


def test_labelled_folders_nested(tmp_path):
    write_image(tmp_path / "all" / "bad.png")
    write_image(tmp_path / "all" / "good" / "fine.png")

    items = load_labelled_folders(tmp_path / "all" / "good", tmp_path / "all")

    assert [(item.path.name, item.label) for item in items] == [("fine.png", 0), ("bad.png", 1)]


def test_labelled_folders_errors(tmp_path):
    write_image(tmp_path / "ok" / "a.png")
    (tmp_path / "empty").mkdir()

    with pytest.raises(DatasetLayoutError, match=r"No images in the defective folder .*empty"):
        load_labelled_folders(tmp_path / "ok", tmp_path / "empty")
    with pytest.raises(DatasetLayoutError, match="are the same folder"):
        load_labelled_folders(tmp_path / "ok", tmp_path / "ok")
    with pytest.raises(FileNotFoundError, match=r"missing"):
        load_labelled_folders(tmp_path / "missing", tmp_path / "ok")
