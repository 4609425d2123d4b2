"""The headless commands on real bottle images with the tiny random model."""

import csv
import json
import math
import shutil

import numpy as np
import pytest
from PIL import Image

from winclip_desktop.cli import main
from winclip_desktop.engine.recipe import load_recipe

TINY = ["--model", "winclip-tiny", "--weights", "random", "--device", "cpu"]


def small_copy(source, target, size=None):
    target.parent.mkdir(parents=True, exist_ok=True)
    image = Image.open(source)
    if size is not None:
        image = image.resize(size, Image.Resampling.BILINEAR)
    image.save(target)


@pytest.fixture(scope="module")
def scan_folder(tmp_path_factory, bottle_root):
    """A nested folder of real bottle images at 900x900, one greyscale copy and one unreadable file."""
    root = tmp_path_factory.mktemp("scan_input")
    shutil.copy(bottle_root / "test" / "good" / "000.png", root / "good_000.png")
    shutil.copy(bottle_root / "test" / "broken_large" / "000.png", root / "broken.png")
    (root / "sub").mkdir()
    Image.open(bottle_root / "test" / "contamination" / "001.png").convert("L").save(root / "sub" / "grey.jpg")
    (root / "sub" / "notes.png").write_text("this is not an image")
    return root


@pytest.fixture(scope="module")
def mvtec_small(tmp_path_factory, bottle_root):
    """A small MVTec AD layout of real bottle images and masks, downscaled to 256x256."""
    root = tmp_path_factory.mktemp("mvtec") / "bottle"
    for index in range(3):
        small_copy(bottle_root / "train" / "good" / f"00{index}.png", root / "train" / "good" / f"00{index}.png", (256, 256))
    for index in range(3):
        small_copy(bottle_root / "test" / "good" / f"00{index}.png", root / "test" / "good" / f"00{index}.png", (256, 256))
    for defect in ("broken_large", "contamination"):
        for index in range(2):
            name = f"00{index}.png"
            small_copy(bottle_root / "test" / defect / name, root / "test" / defect / name, (256, 256))
            mask = Image.open(bottle_root / "ground_truth" / defect / f"00{index}_mask.png").resize((256, 256), Image.Resampling.NEAREST)
            (root / "ground_truth" / defect).mkdir(parents=True, exist_ok=True)
            mask.save(root / "ground_truth" / defect / f"00{index}_mask.png")
    return root


def test_scan_writes_every_file(scan_folder, tmp_path):
    out = tmp_path / "out"
    status = main(["scan", str(scan_folder), "--class-name", "bottle", "--out", str(out), "--save-maps",
                   "--pixel-threshold", "0.0", "--db", str(tmp_path / "log.sqlite3"), *TINY])
    assert status == 0

    document = json.loads((out / "results.json").read_text())
    assert document["weights"] == "random"
    assert document["model"] == "winclip-tiny"
    assert document["class_name"] == "bottle"
    assert document["reference_count"] == 0
    entries = {entry["path"]: entry for entry in document["images"]}
    assert set(entries) == {"good_000.png", "broken.png", "sub/grey.jpg", "sub/notes.png"}
    assert "sub/notes.png" in entries["sub/notes.png"]["error"]

    for name, size in [("good_000.png", (900, 900)), ("broken.png", (900, 900)), ("sub/grey.jpg", (900, 900))]:
        entry = entries[name]
        assert entry["verdict"] in ("OK", "NG")
        assert entry["thresholds"]["pixel_threshold"] == 0.0
        assert isinstance(entry["image_score"], float)
        mask = np.asarray(Image.open(out / "masks" / f"{name}.png"))
        assert mask.shape == size
        assert set(np.unique(mask)) <= {0, 255}
        anomaly_map = np.load(out / "maps" / f"{name}.npy")
        assert anomaly_map.shape == size
        assert anomaly_map.dtype == np.float32
        assert Image.open(out / "annotated" / f"{name}.png").mode == "RGB"
    assert entries["broken.png"]["regions"], "a pixel threshold of 0 must mark regions"
    region = entries["broken.png"]["regions"][0]
    assert {"id", "area", "bbox", "centroid", "max_score", "mean_score"} <= set(region)

    rows = list(csv.DictReader((out / "results.csv").open(encoding="utf-8-sig")))
    assert len(rows) == 4


def test_scan_fails_only_without_any_image(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "broken.png").write_bytes(b"")
    status = main(["scan", str(tmp_path / "in"), "--class-name", "bottle", "--out", str(tmp_path / "out"), "--no-log", *TINY])
    assert status == 1
    assert "broken.png" in (tmp_path / "out" / "results.json").read_text()


def test_scan_missing_folder_is_named(tmp_path, caplog):
    status = main(["scan", str(tmp_path / "absent"), "--class-name", "bottle", "--out", str(tmp_path / "out"), *TINY])
    assert status == 2
    assert "absent" in caplog.text


def test_scan_resumes_from_log(scan_folder, tmp_path, caplog):
    arguments = ["scan", str(scan_folder), "--class-name", "bottle", "--out", str(tmp_path / "out"),
                 "--db", str(tmp_path / "log.sqlite3"), *TINY]
    assert main(arguments) == 0
    first = json.loads((tmp_path / "out" / "results.json").read_text())
    caplog.clear()
    assert main(arguments) == 0
    assert "0 inspected, 3 already done and skipped" in caplog.text
    second = json.loads((tmp_path / "out" / "results.json").read_text())
    assert second["weights"] == "random"
    assert second["identity"]["model"] == "winclip-tiny"
    scores = lambda document: {e["path"]: e.get("image_score") for e in document["images"]}  # noqa: E731
    assert scores(second) == scores(first)


def test_resume_checks_references_and_out(scan_folder, bottle_root, tmp_path, caplog):
    """Results made with other reference images, or exported to another folder, are not reused."""
    for name, image in (("refs_a", "000.png"), ("refs_b", "001.png")):
        small_copy(bottle_root / "train" / "good" / image, tmp_path / name / image, (240, 240))

    def scan(references, out):
        caplog.clear()
        arguments = ["scan", str(scan_folder), "--class-name", "bottle", "--reference", str(tmp_path / references),
                     "--out", str(tmp_path / out), "--db", str(tmp_path / "log.sqlite3"), *TINY]
        assert main(arguments) == 0
        return caplog.text

    assert "3 inspected, 0 already done" in scan("refs_a", "out_a")
    assert "3 inspected, 0 already done" in scan("refs_b", "out_a")
    assert "3 inspected, 0 already done" in scan("refs_b", "out_b")
    assert (tmp_path / "out_b" / "annotated" / "broken.png.png").is_file()
    assert "0 inspected, 3 already done" in scan("refs_b", "out_b")

    document = json.loads((tmp_path / "out_b" / "results.json").read_text())
    assert len(document["references_hash"]) == 64


def test_evaluate_writes_metrics(mvtec_small, tmp_path, capsys):
    status = main(["evaluate", str(mvtec_small.parent), "--category", "bottle", "--shots", "2", "--out", str(tmp_path), *TINY])
    assert status == 0
    document = json.loads((tmp_path / "metrics.json").read_text())
    assert document["shots"] == 2
    assert document["reference_count"] == 2
    assert document["test_images"] == 7
    assert document["defective_images"] == 4
    for key in ("image_auroc", "image_ap", "image_f1_max", "pixel_auroc", "pixel_ap", "pixel_f1_max", "aupro"):
        value = document["metrics"][key]
        assert value is None or 0.0 <= value <= 1.0, key
    assert "random weights" in capsys.readouterr().out


def test_calibrate_recipe_read_by_scan(mvtec_small, tmp_path):
    recipe_path = tmp_path / "bottle.toml"
    assert main(["calibrate", str(mvtec_small.parent), "--category", "bottle", "--out", str(recipe_path), *TINY]) == 0
    recipe = load_recipe(recipe_path)
    assert recipe.class_name == "bottle"
    assert recipe.weights == "random"

    out = tmp_path / "out"
    assert main(["scan", str(mvtec_small / "test"), "--recipe", str(recipe_path), "--out", str(out), "--no-log", "--device", "cpu"]) == 0
    document = json.loads((out / "results.json").read_text())
    assert document["class_name"] == "bottle"
    assert document["thresholds"]["image_threshold"] == pytest.approx(recipe.image_threshold)
    flagged = [entry["verdict"] == "NG" for entry in document["images"]]
    assert not all(flagged)


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--min-area", "-5", "--min-area must be 0 or more"),
        ("--kernel-size", "4", "--kernel-size must be 0, 1 or an odd number"),
        ("--image-threshold", "nan", "--image-threshold must be a finite number"),
    ],
)
def test_invalid_option_rejected_before_load(scan_folder, tmp_path, caplog, option, value, expected):
    arguments = ["scan", str(scan_folder), "--class-name", "bottle", "--out", str(tmp_path / "out"), "--no-log",
                 option, value, *TINY]
    assert main(arguments) == 2
    assert expected in caplog.text
    assert "Traceback" not in caplog.text
    assert "loaded in" not in caplog.text  # rejected before the model loads
    assert not (tmp_path / "out").exists()


def test_out_of_range_threshold_warns(scan_folder, tmp_path, caplog):
    arguments = ["scan", str(scan_folder), "--class-name", "bottle", "--out", str(tmp_path / "out"), "--no-log",
                 "--image-threshold", "1e9", "--pixel-threshold", "-1", *TINY]
    assert main(arguments) == 0
    assert "--image-threshold 1e+09 is outside [0, 1], the range of the scores, so no image can be NG" in caplog.text
    assert "--pixel-threshold -1 is outside [0, 1], the range of the scores, so every pixel is defective" in caplog.text


def test_calibrate_folders_without_masks(mvtec_small, tmp_path, caplog):
    """Plain folders of good and defective images calibrate the image threshold only."""
    out = tmp_path / "plain.toml"
    status = main(["calibrate", "--good", str(mvtec_small / "test" / "good"), "--defective",
                   str(mvtec_small / "test" / "broken_large"), "--class-name", "bottle", "--out", str(out), *TINY])
    assert status == 0
    assert "2 defective images have no ground-truth mask" in caplog.text
    recipe = load_recipe(out)
    assert math.isfinite(recipe.image_threshold)
    assert recipe.pixel_threshold == 0.5  # the default, because nothing calibrated it


def test_log_export_after_scan(scan_folder, tmp_path):
    database = tmp_path / "log.sqlite3"
    assert main(["scan", str(scan_folder), "--class-name", "bottle", "--out", str(tmp_path / "out"), "--db", str(database), *TINY]) == 0
    assert main(["log", "export", "--since", "1h", "--out", str(tmp_path / "log.csv"), "--db", str(database)]) == 0
    rows = list(csv.DictReader((tmp_path / "log.csv").open(encoding="utf-8-sig")))
    assert len(rows) == 4
