"""Recipe panel: list, load, save and delete recipe files, and edit the object words of the prompts.

Recipes are TOML files (see ``winclip_desktop.engine.recipe``) in one recipes folder, by default
``<user data dir>/recipes``. The panel reads and writes only that folder. The main window supplies
the settings to save, through ``setCurrentSettings`` or a provider callback, and applies a loaded
recipe when ``recipeLoaded`` arrives.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from winclip_desktop import paths
from winclip_desktop.engine.recipe import Recipe, RecipeError, load_recipe, save_recipe

logger = logging.getLogger(__name__)

RECIPE_SUFFIX = ".toml"
MAX_FILE_STEM_LENGTH = 80

# Characters that Windows, macOS or Linux reject in file names, and control characters.
_INVALID_FILENAME_CHARACTERS = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_WINDOWS_RESERVED_NAMES = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{number}" for number in range(1, 10)),
    *(f"LPT{number}" for number in range(1, 10)),
}

SettingsProvider = Callable[[], "Recipe | dict[str, Any]"]


def default_recipes_dir() -> Path:
    """Return ``<user data dir>/recipes``, created if missing (see ``winclip_desktop.paths``)."""
    folder = paths.data_dir() / "recipes"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def recipe_file_stem(name: str) -> str:
    """Return a file name stem for a recipe name that is valid on Windows, macOS and Linux.

    Letters of any script are kept, so a Chinese name stays readable. Characters that a file
    system rejects become "_", and names reserved on Windows (CON, NUL, COM1, ...) get a "_" suffix.
    """
    stem = _INVALID_FILENAME_CHARACTERS.sub("_", name.strip())
    stem = re.sub(r"\s+", "_", stem).strip("._")[:MAX_FILE_STEM_LENGTH].rstrip("._")
    if not stem:
        return "recipe"
    if stem.upper() in _WINDOWS_RESERVED_NAMES:
        stem += "_"
    return stem


def normalize_object_words(words: list[str]) -> list[str]:
    """Strip each word, drop empty ones and drop repeats (case-sensitive), keeping the order."""
    result: list[str] = []
    for word in words:
        word = word.strip()
        if word and word not in result:
            result.append(word)
    return result


@dataclass(frozen=True)
class RecipeEntry:
    """One file in the recipes folder. For an invalid file ``recipe`` is None and ``error`` is the reason."""

    path: Path
    recipe: Recipe | None
    error: str = ""

    @property
    def display_name(self) -> str:
        return self.recipe.name if self.recipe is not None else self.path.stem


def scan_recipes(folder: Path) -> list[RecipeEntry]:
    """Read every ``*.toml`` file directly in ``folder``, sorted by file name; invalid files keep their error."""
    entries = []
    for path in sorted(folder.glob(f"*{RECIPE_SUFFIX}"), key=lambda p: p.name.lower()):
        if not path.is_file():
            continue
        try:
            entries.append(RecipeEntry(path, load_recipe(path)))
        except (RecipeError, OSError) as exc:
            logger.warning("Invalid recipe file %s: %s", path, exc)
            entries.append(RecipeEntry(path, None, str(exc)))
    return entries


class ObjectWordsEditor(QWidget):
    """Editable list of alternative names of the object, used in place of the class name in the prompts."""

    wordsChanged = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._list = QListWidget()
        self._list.setToolTip(self.tr("Double-click a word to edit it."))
        self._list.itemChanged.connect(self._on_item_changed)
        self._input = QLineEdit()
        self._input.setPlaceholderText(self.tr("e.g. glass bottle"))
        self._input.returnPressed.connect(self._add_from_input)
        add_button = QPushButton(self.tr("Add"))
        add_button.clicked.connect(self._add_from_input)
        self._remove_button = QPushButton(self.tr("Remove"))
        self._remove_button.clicked.connect(self._remove_selected)

        input_row = QHBoxLayout()
        input_row.addWidget(self._input, 1)
        input_row.addWidget(add_button)
        input_row.addWidget(self._remove_button)
        hint = QLabel(self.tr("Empty list: the prompts use the class name."))
        hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._list, 1)
        layout.addLayout(input_row)
        layout.addWidget(hint)

    def words(self) -> list[str]:
        """Return the words in list order, stripped, without empty entries or repeats."""
        return normalize_object_words([self._list.item(row).text() for row in range(self._list.count())])

    def setWords(self, words: list[str]) -> None:
        """Replace the words without emitting ``wordsChanged``."""
        self._list.blockSignals(True)
        try:
            self._list.clear()
            for word in normalize_object_words(list(words)):
                self._list.addItem(self._make_item(word))
        finally:
            self._list.blockSignals(False)

    def addWord(self, word: str) -> bool:
        """Append ``word``; return False (and change nothing) when it is empty or already listed."""
        word = word.strip()
        if not word or word in self.words():
            return False
        self._list.blockSignals(True)
        try:
            self._list.addItem(self._make_item(word))
        finally:
            self._list.blockSignals(False)
        self.wordsChanged.emit(self.words())
        return True

    def removeWord(self, word: str) -> bool:
        """Remove ``word``; return False when it is not listed."""
        for row in range(self._list.count()):
            if self._list.item(row).text().strip() == word:
                self._list.takeItem(row)
                self.wordsChanged.emit(self.words())
                return True
        return False

    def _make_item(self, word: str) -> QListWidgetItem:
        item = QListWidgetItem(word)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def _add_from_input(self) -> None:
        if self.addWord(self._input.text()):
            self._input.clear()

    def _remove_selected(self) -> None:
        for item in self._list.selectedItems():
            self._list.takeItem(self._list.row(item))
        self.wordsChanged.emit(self.words())

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if not item.text().strip():
            self._list.takeItem(self._list.row(item))
        self.wordsChanged.emit(self.words())


class RecipePanel(QWidget):
    """List, load, save and delete recipes, and edit the object words of the prompts.

    Signals:
        recipeLoaded(Recipe): the user loaded a recipe; the main window applies all its settings.
        recipeSaved(str): path of a recipe file that was just written.
        objectWordsChanged(list): the user edited the object words; the prompts need rebuilding.
    """

    recipeLoaded = Signal(object)
    recipeSaved = Signal(str)
    objectWordsChanged = Signal(list)

    def __init__(
        self,
        parent: QWidget | None = None,
        recipes_dir: str | Path | None = None,
        settings_provider: SettingsProvider | None = None,
    ) -> None:
        super().__init__(parent)
        self._recipes_dir = Path(recipes_dir) if recipes_dir is not None else default_recipes_dir()
        self._settings_provider = settings_provider
        self._current_settings: dict[str, Any] | None = None
        self._entries: list[RecipeEntry] = []

        self._folder_label = QLabel()
        self._folder_label.setWordWrap(True)
        self._folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        folder_button = QPushButton(self.tr("Folder..."))
        folder_button.setToolTip(self.tr("Choose another recipes folder"))
        folder_button.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self._folder_label, 1)
        folder_row.addWidget(folder_button)

        self._list = QListWidget()
        self._list.itemDoubleClicked.connect(lambda item: self._load_item(item))
        self._list.currentRowChanged.connect(self._update_buttons)

        self._load_button = QPushButton(self.tr("Load"))
        self._load_button.clicked.connect(self._load_selected)
        self._save_button = QPushButton(self.tr("Save current..."))
        self._save_button.setToolTip(self.tr("Save the current settings and object words as a recipe"))
        self._save_button.clicked.connect(self._save_with_prompt)
        self._delete_button = QPushButton(self.tr("Delete"))
        self._delete_button.clicked.connect(self._delete_selected)
        refresh_button = QPushButton(self.tr("Refresh"))
        refresh_button.clicked.connect(self.refresh)
        button_row = QHBoxLayout()
        for button in (self._load_button, self._save_button, self._delete_button, refresh_button):
            button_row.addWidget(button)

        self._words_editor = ObjectWordsEditor()
        self._words_editor.wordsChanged.connect(self.objectWordsChanged)
        words_group = QGroupBox(self.tr("Object words (names of the object in the prompts)"))
        words_layout = QVBoxLayout(words_group)
        words_layout.addWidget(self._words_editor)

        self._status_label = QLabel()
        self._status_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(folder_row)
        layout.addWidget(self._list, 1)
        layout.addLayout(button_row)
        layout.addWidget(words_group)
        layout.addWidget(self._status_label)

        self.refresh()

    # Public API -------------------------------------------------------------------------------

    def recipesDir(self) -> Path:
        """Return the folder the panel lists and saves to."""
        return self._recipes_dir

    def setRecipesDir(self, folder: str | Path) -> None:
        """List and save recipes in ``folder`` from now on; creates it if missing."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        self._recipes_dir = folder
        self.refresh()

    def setSettingsProvider(self, provider: SettingsProvider | None) -> None:
        """Set a callback that returns the current settings at save time, in place of setCurrentSettings.

        The callback returns a Recipe or a dict of Recipe fields. Its ``name`` and ``object_words``
        are ignored, because the save prompt and the object words editor supply them.
        """
        self._settings_provider = provider
        self._update_buttons()

    def setCurrentSettings(self, settings: Recipe | dict[str, Any] | None) -> None:
        """Store the settings that "Save current..." writes (a Recipe or a dict of Recipe fields)."""
        self._current_settings = None if settings is None else self._settings_dict(settings)
        self._update_buttons()

    def objectWords(self) -> list[str]:
        """Return the object words of the editor."""
        return self._words_editor.words()

    def setObjectWords(self, words: list[str]) -> None:
        """Replace the object words of the editor without emitting ``objectWordsChanged``."""
        self._words_editor.setWords(words)

    def wordsEditor(self) -> ObjectWordsEditor:
        """Return the object words editor."""
        return self._words_editor

    def entries(self) -> list[RecipeEntry]:
        """Return the listed recipe files, valid and invalid, in list order."""
        return list(self._entries)

    def recipeNames(self) -> list[str]:
        """Return the names of the valid recipes in list order."""
        return [entry.recipe.name for entry in self._entries if entry.recipe is not None]

    @Slot()
    def refresh(self) -> None:
        """Reread the recipes folder and keep the selection on the same file when it still exists."""
        selected = self.selectedPath()
        # NOTE: the folder is read on the GUI thread. Recipe files are small, but a slow network
        # share would stall the window while it is listed.
        try:
            self._entries = scan_recipes(self._recipes_dir)
        except OSError as exc:
            logger.warning("Could not list the recipes folder %s: %s", self._recipes_dir, exc)
            self._entries = []
            self._show_status(self.tr("Could not read the recipes folder: {error}").format(error=exc), error=True)
        self._folder_label.setText(self.tr("Recipes folder: {folder}").format(folder=self._recipes_dir))

        self._list.blockSignals(True)
        try:
            self._list.clear()
            for entry in self._entries:
                item = QListWidgetItem(entry.display_name)
                item.setData(Qt.ItemDataRole.UserRole, str(entry.path))
                if entry.recipe is None:
                    item.setText(self.tr("{name} (invalid)").format(name=entry.display_name))
                    item.setToolTip(entry.error)
                    item.setForeground(Qt.GlobalColor.red)
                else:
                    item.setToolTip(
                        self.tr("{path}\nclass: {class_name}, model: {model}").format(
                            path=entry.path, class_name=entry.recipe.class_name, model=entry.recipe.model_name
                        )
                    )
                self._list.addItem(item)
        finally:
            self._list.blockSignals(False)
        if selected is not None:
            self.selectPath(selected)
        self._update_buttons()

    def selectedPath(self) -> Path | None:
        """Return the file of the selected recipe, or None."""
        item = self._list.currentItem()
        return None if item is None else Path(item.data(Qt.ItemDataRole.UserRole))

    def selectPath(self, path: str | Path) -> bool:
        """Select the recipe file ``path`` in the list; return False when it is not listed."""
        target = Path(path)
        for row in range(self._list.count()):
            if Path(self._list.item(row).data(Qt.ItemDataRole.UserRole)) == target:
                self._list.setCurrentRow(row)
                return True
        return False

    def loadRecipe(self, path: str | Path) -> Recipe:
        """Read the recipe file, show its object words and emit ``recipeLoaded``.

        Raises FileNotFoundError or RecipeError (naming the file and key) for an invalid file.
        """
        recipe = load_recipe(path)
        self._words_editor.setWords(list(recipe.object_words))
        missing = [reference for reference in recipe.reference_paths if not Path(reference).is_file()]
        if missing:
            self._show_status(
                self.tr("Loaded {name}, but {count} reference images are missing, e.g. {path}").format(
                    name=recipe.name, count=len(missing), path=missing[0]
                ),
                error=True,
            )
        else:
            self._show_status(self.tr("Loaded {name}").format(name=recipe.name))
        self.selectPath(path)
        logger.info("Recipe %r loaded from %s", recipe.name, path)
        self.recipeLoaded.emit(recipe)
        return recipe

    def pathForName(self, name: str) -> Path:
        """Return the file a recipe called ``name`` is saved to."""
        return self._recipes_dir / f"{recipe_file_stem(name)}{RECIPE_SUFFIX}"

    def saveCurrentAs(self, name: str, overwrite: bool = False) -> Path:
        """Save the current settings and object words as recipe ``name``; return the file written.

        Raises:
            ValueError: no current settings, or an empty name.
            FileExistsError: the file exists and ``overwrite`` is False.
            RecipeError: a setting is invalid (the message names the field).
            OSError: the file cannot be written.
        """
        name = name.strip()
        if not name:
            raise ValueError(self.tr("Enter a recipe name."))
        settings = self._collect_settings()
        if settings is None:
            raise ValueError(self.tr("There are no current settings to save yet."))
        if "class_name" not in settings:
            raise ValueError(self.tr("The current settings have no class name, so they cannot be saved."))
        path = self.pathForName(name)
        if path.exists() and not overwrite:
            raise FileExistsError(self.tr("A recipe file {path} already exists.").format(path=path))

        recipe = Recipe(name=name, object_words=self._words_editor.words(), **settings)
        save_recipe(recipe, path)
        self.refresh()
        self.selectPath(path)
        self._show_status(self.tr("Saved {name} to {path}").format(name=name, path=path))
        self.recipeSaved.emit(str(path))
        return path

    def deleteRecipe(self, path: str | Path) -> None:
        """Delete the recipe file ``path``, which must be in the recipes folder; raises OSError on failure."""
        path = Path(path)
        if path.parent.resolve() != self._recipes_dir.resolve():
            raise ValueError(
                self.tr("{path} is not in the recipes folder {folder}.").format(path=path, folder=self._recipes_dir)
            )
        path.unlink()
        logger.info("Recipe file %s deleted", path)
        self.refresh()
        self._show_status(self.tr("Deleted {name}").format(name=path.name))

    def statusText(self) -> str:
        """Return the last status or error message shown under the list."""
        return self._status_label.text()

    # Internals --------------------------------------------------------------------------------

    @staticmethod
    def _settings_dict(settings: Recipe | dict[str, Any]) -> dict[str, Any]:
        """Return the Recipe fields of ``settings`` except name and object_words, which the panel supplies."""
        if isinstance(settings, Recipe):
            values = {item.name: getattr(settings, item.name) for item in fields(Recipe)}
        else:
            values = dict(settings)
        values.pop("name", None)
        values.pop("object_words", None)
        known = {item.name for item in fields(Recipe)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"Unknown recipe settings {unknown}; known fields: {', '.join(sorted(known))}.")
        return values

    def _collect_settings(self) -> dict[str, Any] | None:
        if self._settings_provider is not None:
            provided = self._settings_provider()
            return None if provided is None else self._settings_dict(provided)
        return None if self._current_settings is None else dict(self._current_settings)

    def _has_settings(self) -> bool:
        return self._settings_provider is not None or self._current_settings is not None

    def _update_buttons(self, *_args) -> None:
        path = self.selectedPath()
        entry = next((entry for entry in self._entries if entry.path == path), None)
        self._load_button.setEnabled(entry is not None and entry.recipe is not None)
        self._delete_button.setEnabled(entry is not None)
        self._save_button.setEnabled(self._has_settings())

    def _show_status(self, text: str, error: bool = False) -> None:
        self._status_label.setText(text)
        self._status_label.setStyleSheet("color: #b00020;" if error else "")

    def _load_item(self, item: QListWidgetItem) -> None:
        path = Path(item.data(Qt.ItemDataRole.UserRole))
        try:
            self.loadRecipe(path)
        except (RecipeError, OSError) as exc:
            logger.warning("Could not load recipe %s: %s", path, exc)
            self._show_status(self.tr("Could not load the recipe: {error}").format(error=exc), error=True)

    def _load_selected(self) -> None:
        item = self._list.currentItem()
        if item is not None:
            self._load_item(item)

    def _save_with_prompt(self) -> None:
        selected = next((entry for entry in self._entries if entry.path == self.selectedPath()), None)
        suggestion = selected.display_name if selected is not None else ""
        name, accepted = QInputDialog.getText(
            self, self.tr("Save recipe"), self.tr("Recipe name:"), QLineEdit.EchoMode.Normal, suggestion
        )
        if not accepted or not name.strip():
            return
        overwrite = False
        path = self.pathForName(name)
        if path.exists():
            answer = QMessageBox.question(
                self,
                self.tr("Replace recipe"),
                self.tr("The recipe file {file} already exists. Replace it?").format(file=path.name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            overwrite = True
        try:
            self.saveCurrentAs(name, overwrite=overwrite)
        except (ValueError, OSError) as exc:
            logger.warning("Could not save recipe %r: %s", name, exc)
            self._show_status(self.tr("Could not save the recipe: {error}").format(error=exc), error=True)

    def _delete_selected(self) -> None:
        path = self.selectedPath()
        if path is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete recipe"), self.tr("Delete the recipe file {file}?").format(file=path.name)
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.deleteRecipe(path)
        except (ValueError, OSError) as exc:
            logger.warning("Could not delete recipe %s: %s", path, exc)
            self._show_status(self.tr("Could not delete the recipe: {error}").format(error=exc), error=True)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the recipes folder"), str(self._recipes_dir))
        if folder:
            try:
                self.setRecipesDir(folder)
            except OSError as exc:
                self._show_status(self.tr("Could not use the folder: {error}").format(error=exc), error=True)
