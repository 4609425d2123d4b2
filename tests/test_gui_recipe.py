"""Recipe panel: real TOML files in a temporary recipes folder, real Qt widgets offscreen."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from winclip_desktop import paths
from winclip_desktop.engine.recipe import Recipe, load_recipe
from winclip_desktop.gui.recipe_panel import (
    RecipePanel,
    default_recipes_dir,
    normalize_object_words,
    recipe_file_stem,
)


def _settings(tmp_path: Path, **overrides) -> dict:
    reference = tmp_path / "refs" / "000.png"
    reference.parent.mkdir(parents=True, exist_ok=True)
    reference.write_bytes(b"placeholder, only its path is stored")
    values = {
        "class_name": "bottle",
        "model_name": "winclip-tiny",
        "weights": "random",
        "reference_paths": [reference],
        "image_threshold": 0.42,
        "pixel_threshold": 0.37,
        "kernel_size": 7,
        "min_area": 20,
    }
    values.update(overrides)
    return values


@pytest.fixture
def recipes_dir(tmp_path) -> Path:
    folder = tmp_path / "recipes"
    folder.mkdir()
    return folder


@pytest.fixture
def panel(qtbot, recipes_dir):
    widget = RecipePanel(recipes_dir=recipes_dir)
    qtbot.addWidget(widget)
    return widget


def test_save_list_load_round_trip(panel, qtbot, recipes_dir, tmp_path):
    settings = _settings(tmp_path)
    panel.setCurrentSettings(settings)
    panel.wordsEditor().addWord("bottle")
    panel.wordsEditor().addWord("glass bottle")

    with qtbot.waitSignal(panel.recipeSaved, timeout=1000) as saved:
        path = panel.saveCurrentAs("Bottle line 3")

    assert saved.args == [str(path)]
    assert path == recipes_dir / "Bottle_line_3.toml"
    assert path.is_file()
    assert panel.recipeNames() == ["Bottle line 3"]
    assert panel.selectedPath() == path

    # A fresh panel reads the file back from disk.
    other = RecipePanel(recipes_dir=recipes_dir)
    qtbot.addWidget(other)
    assert other.recipeNames() == ["Bottle line 3"]
    assert other.objectWords() == []

    with qtbot.waitSignal(other.recipeLoaded, timeout=1000) as loaded:
        returned = other.loadRecipe(path)
    recipe = loaded.args[0]

    assert isinstance(recipe, Recipe)
    assert recipe == returned
    assert recipe.name == "Bottle line 3"
    assert recipe.object_words == ["bottle", "glass bottle"]
    assert recipe.class_name == "bottle"
    assert recipe.model_name == "winclip-tiny"
    assert recipe.weights == "random"
    assert recipe.image_threshold == pytest.approx(0.42)
    assert recipe.pixel_threshold == pytest.approx(0.37)
    assert recipe.kernel_size == 7
    assert recipe.min_area == 20
    assert recipe.reference_paths == [settings["reference_paths"][0]]
    assert other.objectWords() == ["bottle", "glass bottle"]
    assert other.statusText() == "Loaded Bottle line 3"


def test_save_chinese_name_round_trip(panel, tmp_path):
    panel.setCurrentSettings(_settings(tmp_path))
    panel.setObjectWords(["瓶子", "玻璃瓶"])

    path = panel.saveCurrentAs("瓶子 3号线")

    assert path.name == "瓶子_3号线.toml"
    recipe = load_recipe(path)
    assert recipe.name == "瓶子 3号线"
    assert recipe.object_words == ["瓶子", "玻璃瓶"]


def test_save_existing_needs_overwrite(panel, tmp_path):
    panel.setCurrentSettings(_settings(tmp_path))
    path = panel.saveCurrentAs("Line")

    panel.setCurrentSettings(_settings(tmp_path, image_threshold=0.9))
    with pytest.raises(FileExistsError, match="Line.toml"):
        panel.saveCurrentAs("Line")
    assert load_recipe(path).image_threshold == pytest.approx(0.42)

    panel.saveCurrentAs("Line", overwrite=True)
    assert load_recipe(path).image_threshold == pytest.approx(0.9)
    assert panel.recipeNames() == ["Line"]


def test_save_without_settings_rejected(panel):
    assert not panel._save_button.isEnabled()
    with pytest.raises(ValueError, match="no current settings"):
        panel.saveCurrentAs("Anything")
    with pytest.raises(ValueError, match="recipe name"):
        panel.saveCurrentAs("   ")


def test_save_invalid_setting_names_field(panel, tmp_path, recipes_dir):
    panel.setCurrentSettings(_settings(tmp_path, kernel_size=4))

    with pytest.raises(ValueError, match="kernel_size"):
        panel.saveCurrentAs("Bad kernel")
    assert list(recipes_dir.iterdir()) == []


def test_settings_provider_wins(panel, tmp_path):
    panel.setCurrentSettings(_settings(tmp_path, image_threshold=0.1))
    provided = Recipe(name="ignored", object_words=["ignored word"], **_settings(tmp_path, image_threshold=0.77))
    panel.setSettingsProvider(lambda: provided)
    panel.setObjectWords(["bottle"])

    path = panel.saveCurrentAs("From provider")

    recipe = load_recipe(path)
    assert recipe.name == "From provider"
    assert recipe.image_threshold == pytest.approx(0.77)
    assert recipe.object_words == ["bottle"]


def test_invalid_file_listed_not_loaded(panel, qtbot, recipes_dir):
    broken = recipes_dir / "broken.toml"
    broken.write_text('format_version = 1\nname = "Broken"\n', encoding="utf-8")
    panel.refresh()

    entries = panel.entries()
    assert len(entries) == 1
    assert entries[0].recipe is None
    assert "class_name" in entries[0].error
    assert panel.recipeNames() == []
    item = panel._list.item(0)
    assert "invalid" in item.text()

    panel._list.setCurrentRow(0)
    assert not panel._load_button.isEnabled()
    assert panel._delete_button.isEnabled()
    with qtbot.assertNotEmitted(panel.recipeLoaded):
        panel._load_item(item)
    assert "Could not load the recipe" in panel.statusText()
    assert "broken.toml" in panel.statusText()


def test_delete_recipe(panel, tmp_path, recipes_dir, monkeypatch):
    panel.setCurrentSettings(_settings(tmp_path))
    first = panel.saveCurrentAs("First")
    second = panel.saveCurrentAs("Second")
    assert panel.recipeNames() == ["First", "Second"]

    panel.selectPath(first)
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    panel._delete_button.click()

    assert not first.exists()
    assert second.exists()
    assert panel.recipeNames() == ["Second"]

    outside = tmp_path / "outside.toml"
    outside.write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match="not in the recipes folder"):
        panel.deleteRecipe(outside)
    assert outside.exists()


def test_save_button_prompts_for_name(panel, tmp_path, recipes_dir, monkeypatch):
    panel.setCurrentSettings(_settings(tmp_path))
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Prompted", True))

    assert panel._save_button.isEnabled()
    panel._save_button.click()

    assert (recipes_dir / "Prompted.toml").is_file()
    assert panel.recipeNames() == ["Prompted"]

    # Saving the same name again shows a confirmation, and "No" keeps the old file.
    panel.setCurrentSettings(_settings(tmp_path, image_threshold=0.99))
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.No)
    panel._save_button.click()
    assert load_recipe(recipes_dir / "Prompted.toml").image_threshold == pytest.approx(0.42)


def test_load_warns_missing_references(panel, qtbot, tmp_path):
    settings = _settings(tmp_path)
    panel.setCurrentSettings(settings)
    path = panel.saveCurrentAs("Refs")
    settings["reference_paths"][0].unlink()

    with qtbot.waitSignal(panel.recipeLoaded, timeout=1000):
        panel.loadRecipe(path)

    assert "1 reference images are missing" in panel.statusText()


def test_object_words_editor_signals(panel, qtbot):
    editor = panel.wordsEditor()

    with qtbot.waitSignal(panel.objectWordsChanged, timeout=1000) as changed:
        assert editor.addWord("  bottle ")
    assert changed.args == [["bottle"]]

    with qtbot.assertNotEmitted(panel.objectWordsChanged):
        assert not editor.addWord("bottle")
        assert not editor.addWord("   ")
        panel.setObjectWords(["a", "b"])
    assert panel.objectWords() == ["a", "b"]

    with qtbot.waitSignal(panel.objectWordsChanged, timeout=1000) as changed:
        assert editor.removeWord("a")
    assert changed.args == [["b"]]
    assert not editor.removeWord("missing")


def test_recipe_file_stem_cases():
    assert recipe_file_stem("Bottle line 3") == "Bottle_line_3"
    assert recipe_file_stem('a/b\\c:d*e?f"g<h>i|j') == "a_b_c_d_e_f_g_h_i_j"
    assert recipe_file_stem("  ...  ") == "recipe"
    assert recipe_file_stem("CON") == "CON_"
    assert recipe_file_stem("瓶子") == "瓶子"
    assert len(recipe_file_stem("x" * 500)) == 80


def test_normalize_object_words():
    assert normalize_object_words([" bottle", "", "bottle", "Bottle", "  "]) == ["bottle", "Bottle"]


def test_default_recipes_dir_under_data_dir(qtbot):
    folder = default_recipes_dir()

    assert folder == paths.data_dir() / "recipes"
    assert folder.is_dir()
    panel = RecipePanel()
    qtbot.addWidget(panel)
    assert panel.recipesDir() == folder
