"""Tests of recipe files: round trip, defaults, hashing and the errors for bad files."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from winclip_desktop.engine.recipe import (
    DEFAULT_MODEL,
    DEFAULT_WEIGHTS,
    FORMAT_VERSION,
    Recipe,
    RecipeError,
    load_recipe,
    save_recipe,
)
from winclip_desktop.engine.types import PostProcessSettings

MINIMAL = 'format_version = 1\nname = "Line 3"\nclass_name = "bottle"\n'


def make_recipe(folder: Path, **overrides) -> Recipe:
    values = {
        "name": "Bottle line 3",
        "class_name": "bottle",
        "object_words": ["bottle", "glass bottle", "瓶子"],
        # The second reference lies outside the recipe's folder, so it is saved as an absolute path.
        "reference_paths": [folder / "refs" / "000.png", folder.parent / "golden" / "001.png"],
        "model_name": "winclip-tiny",
        "weights": "random",
        "image_threshold": 0.42,
        "pixel_threshold": 0.37,
        "kernel_size": 7,
        "min_area": 20,
    }
    values.update(overrides)
    return Recipe(**values)


def write_recipe_text(folder: Path, text: str) -> Path:
    path = folder / "recipe.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_round_trip(tmp_path):
    recipe = make_recipe(tmp_path)
    path = tmp_path / "bottle.toml"

    save_recipe(recipe, path)
    loaded = load_recipe(path)

    assert loaded == recipe
    assert loaded.settings_hash() == recipe.settings_hash()


def test_saved_file_layout(tmp_path):
    path = tmp_path / "bottle.toml"

    save_recipe(make_recipe(tmp_path), path)
    text = path.read_text(encoding="utf-8")

    assert text.startswith(f"format_version = {FORMAT_VERSION}\n")
    assert '"refs/000.png"' in text
    assert tomllib.loads(text)["references"]["paths"][1] == str(tmp_path.parent / "golden" / "001.png")
    assert "[thresholds]" in text
    assert "瓶子" in text
    assert [p.name for p in tmp_path.iterdir()] == ["bottle.toml"]


def test_save_replaces_existing_file(tmp_path):
    path = tmp_path / "bottle.toml"
    save_recipe(make_recipe(tmp_path), path)

    save_recipe(make_recipe(tmp_path, image_threshold=0.9), path)

    assert load_recipe(path).image_threshold == pytest.approx(0.9)
    assert [p.name for p in tmp_path.iterdir()] == ["bottle.toml"]


def test_save_to_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"folder .*missing does not exist"):
        save_recipe(make_recipe(tmp_path), tmp_path / "missing" / "bottle.toml")


def test_relative_references_resolve_against_recipe_folder(tmp_path, monkeypatch):
    recipe_folder = tmp_path / "recipes"
    recipe_folder.mkdir()
    path = write_recipe_text(recipe_folder, MINIMAL + '[references]\npaths = ["refs/a.png", "../shared/b.png"]\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)

    recipe = load_recipe(Path("..") / "recipes" / "recipe.toml")

    assert recipe.reference_paths[0] == recipe_folder / "refs" / "a.png"
    assert recipe.reference_paths[0].is_absolute()
    assert recipe.reference_paths[1] == tmp_path / "shared" / "b.png"


def test_minimal_file_takes_defaults(tmp_path):
    recipe = load_recipe(write_recipe_text(tmp_path, MINIMAL))

    assert recipe.name == "Line 3"
    assert recipe.class_name == "bottle"
    assert recipe.object_words == []
    assert recipe.reference_paths == []
    assert recipe.model_name == DEFAULT_MODEL
    assert recipe.weights == DEFAULT_WEIGHTS
    assert recipe.postprocess_settings() == PostProcessSettings()


def test_postprocess_settings(tmp_path):
    settings = make_recipe(tmp_path).postprocess_settings()

    assert settings == PostProcessSettings(image_threshold=0.42, pixel_threshold=0.37, kernel_size=7, min_area=20)


def test_settings_hash(tmp_path):
    recipe = make_recipe(tmp_path)
    digest = recipe.settings_hash()

    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert make_recipe(tmp_path).settings_hash() == digest
    assert make_recipe(tmp_path, name="Renamed").settings_hash() == digest
    assert make_recipe(tmp_path, pixel_threshold=0.38).settings_hash() != digest
    assert make_recipe(tmp_path, object_words=["bottle"]).settings_hash() != digest
    assert make_recipe(tmp_path, reference_paths=[]).settings_hash() != digest
    assert make_recipe(tmp_path, weights="laion400m_e32").settings_hash() != digest


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"Recipe file not found: .*nothing\.toml"):
        load_recipe(tmp_path / "nothing.toml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name = [", r"not valid TOML"),
        ('name = "x"\nclass_name = "bottle"\n', r"missing key 'format_version'"),
        ('format_version = 2\nname = "x"\nclass_name = "y"\n', r"format version 2, .* reads up to 1"),
        ('format_version = "1"\nname = "x"\nclass_name = "y"\n', r"'format_version' must be a positive integer"),
        ('format_version = 1\nclass_name = "bottle"\n', r"missing key 'name'"),
        (MINIMAL.replace('class_name = "bottle"', 'class_name = ""'), r"key 'class_name' is invalid: class_name must be a non-empty string"),
        (MINIMAL + "colour = 3\n", r"unknown key 'colour'"),
        (MINIMAL + "[thresholds]\nimgae = 0.3\n", r"unknown key 'thresholds.imgae' \(known keys: image, pixel\)"),
        (MINIMAL + '[thresholds]\nimage = "high"\n', r"key 'thresholds.image' has the invalid value 'high'"),
        (MINIMAL + "[thresholds]\npixel = nan\n", r"key 'thresholds.pixel' is invalid: pixel_threshold must be a finite number; got nan"),
        (MINIMAL + "[postprocess]\nkernel_size = 4\n", r"key 'postprocess.kernel_size' is invalid: kernel_size must be 0, 1 or an odd number.*got 4"),
        (MINIMAL + "[postprocess]\nkernel_size = 2.5\n", r"key 'postprocess.kernel_size' has the invalid value 2.5"),
        (MINIMAL + "[postprocess]\nmin_area = -1\n", r"key 'postprocess.min_area' is invalid: min_area must be 0 or more; got -1"),
        (MINIMAL + "[prompts]\nobject_words = [1, 2]\n", r"'prompts.object_words' must be a list of strings"),
        (MINIMAL + "prompts = 3\n", r"'prompts' must be a table"),
    ],
)
def test_invalid_file_names_file_and_key(tmp_path, text, message):
    path = write_recipe_text(tmp_path, text)

    with pytest.raises(RecipeError, match=message) as raised:
        load_recipe(path)

    assert str(path) in str(raised.value)


def test_invalid_recipe_values(tmp_path):
    with pytest.raises(RecipeError, match="image_threshold must be a finite number; got inf"):
        make_recipe(tmp_path, image_threshold=float("inf"))
    with pytest.raises(RecipeError, match="object_words must be a non-empty string; got ' '"):
        make_recipe(tmp_path, object_words=["bottle", " "])
    with pytest.raises(RecipeError, match="kernel_size must be 0 or more; got -1"):
        make_recipe(tmp_path, kernel_size=-1)


def test_invalid_recipe_is_not_saved(tmp_path):
    recipe = make_recipe(tmp_path)
    recipe.min_area = -5

    with pytest.raises(RecipeError, match="min_area"):
        save_recipe(recipe, tmp_path / "bad.toml")
    assert not (tmp_path / "bad.toml").exists()


def test_recipe_converts_paths_and_words(tmp_path):
    recipe = make_recipe(tmp_path, reference_paths=[str(tmp_path / "a.png")], object_words=("bottle",))

    assert recipe.reference_paths == [tmp_path / "a.png"]
    assert recipe.object_words == ["bottle"]
