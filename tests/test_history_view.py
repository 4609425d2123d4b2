"""Tests of the history view (gui.history) on a real SQLite inspection log and real PNG files."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import csv
import shutil
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, Qt

from winclip_desktop.engine.types import NG, OK
from winclip_desktop.gui.history import HistoryTableModel, HistoryWidget, _format
from winclip_desktop.storage.inspection_log import ERROR_FILTER, InspectionLog, InspectionRecord

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
BOTTLE_IMAGE = DATASETS / "mvtec_ad" / "bottle" / "test" / "broken_large" / "000.png"

HOUR = 3600.0


@pytest.fixture
def bottle_png(tmp_path) -> Path:
    """A real 900x900 PNG from MVTec AD, copied to stand in for an annotated export."""
    if not BOTTLE_IMAGE.is_file():
        pytest.skip(f"MVTec AD bottle image not found at {BOTTLE_IMAGE}")
    target = tmp_path / "exports" / "annotated" / "000.png.png"
    target.parent.mkdir(parents=True)
    shutil.copyfile(BOTTLE_IMAGE, target)
    return target


@pytest.fixture
def station_log(tmp_path, bottle_png):
    """A log with six records: five from the last hours and one from ten days ago."""
    log = InspectionLog(tmp_path / "station.sqlite3")
    now = time.time()
    common = dict(source_kind="folder", model="ViT-B-16-plus-240", image_threshold=0.5, pixel_threshold=0.55)
    log.record(InspectionRecord(
        **common, source="/line1", content_hash="h1", image_path="/line1/ok_1.png", time_epoch=now - 5 * HOUR,
        recipe_name="bottle", weights="laion400m_e32", image_score=0.21, verdict=OK))
    log.record(InspectionRecord(
        **common, source="/line1", content_hash="h2", image_path="/line1/ng_with_export.png",
        time_epoch=now - 4 * HOUR, recipe_name="bottle", weights="random", image_score=0.81, verdict=NG,
        regions=[{"id": 1, "area": 400}], export_paths={"annotated": str(bottle_png)}))
    log.record(InspectionRecord(
        **common, source="/line2", content_hash="h3", image_path="/line2/ng_export_gone.png",
        time_epoch=now - 3 * HOUR, recipe_name="tile", weights="laion400m_e32", image_score=0.77, verdict=NG,
        export_paths={"annotated": str(bottle_png.parent / "deleted.png.png")}))
    log.record(InspectionRecord(
        **common, source="/line2", content_hash="", image_path="/line2/broken.png", time_epoch=now - 2 * HOUR,
        recipe_name="tile", weights="laion400m_e32", error="cannot decode /line2/broken.png: truncated file"))
    log.record(InspectionRecord(
        **common, source="/line2", content_hash="h5", image_path="/line2/overridden.png", time_epoch=now - 1 * HOUR,
        recipe_name="tile", weights="laion400m_e32", image_score=0.62, verdict=NG, override=OK,
        comment="dust, wiped"))
    log.record(InspectionRecord(
        **common, source="/line1", content_hash="h6", image_path="/line1/old.png", time_epoch=now - 240 * HOUR,
        recipe_name="bottle", weights="laion400m_e32", image_score=0.3, verdict=OK))
    assert log.flush()
    yield log
    log.close()


@pytest.fixture
def widget(qtbot, station_log):
    history = HistoryWidget(station_log)
    qtbot.addWidget(history)
    history.resize(1000, 600)
    yield history
    history.shutdown()


def refresh(qtbot, history: HistoryWidget) -> int:
    with qtbot.waitSignal(history.recordsLoaded, timeout=10_000) as blocker:
        history.refresh()
    return blocker.args[0]


def show_and_load(qtbot, history: HistoryWidget) -> None:
    """Show the widget and wait for the refresh that showing it starts."""
    with qtbot.waitSignal(history.recordsLoaded, timeout=10_000):
        history.show()
    qtbot.waitExposed(history)


def shown_images(history: HistoryWidget) -> list[str]:
    return [history.model.record(row).image_path for row in range(history.model.rowCount())]


def row_of(history: HistoryWidget, image_name: str) -> int:
    for row in range(history.proxy.rowCount()):
        record = history.proxy.data(history.proxy.index(row, 0), Qt.ItemDataRole.UserRole + 1)
        if record.image_path.endswith(image_name):
            return row
    raise AssertionError(f"{image_name} is not in the table")


def select_combo_data(combo, value) -> None:
    index = combo.findData(value)
    assert index >= 0, f"{value!r} is not an item of the combo box"
    combo.setCurrentIndex(index)


def test_default_range_shows_last_week(qtbot, widget):
    assert refresh(qtbot, widget) == 5
    assert "/line1/old.png" not in shown_images(widget)
    assert widget.proxy.rowCount() == 5
    assert widget.status_label.text() == "Inspections: 5"
    newest = widget.proxy.data(widget.proxy.index(0, HistoryTableModel.COLUMN_IMAGE))
    assert newest == "overridden.png"


def test_show_event_loads(qtbot, widget):
    with qtbot.waitSignal(widget.recordsLoaded, timeout=10_000):
        widget.show()
    assert widget.model.rowCount() == 5


def test_verdict_filter(qtbot, widget):
    select_combo_data(widget.verdict_combo, NG)
    refresh(qtbot, widget)
    assert sorted(shown_images(widget)) == ["/line1/ng_with_export.png", "/line2/ng_export_gone.png"]

    select_combo_data(widget.verdict_combo, OK)
    refresh(qtbot, widget)
    assert sorted(shown_images(widget)) == ["/line1/ok_1.png", "/line2/overridden.png"]

    select_combo_data(widget.verdict_combo, ERROR_FILTER)
    refresh(qtbot, widget)
    assert shown_images(widget) == ["/line2/broken.png"]


def test_recipe_and_source_filters(qtbot, widget):
    refresh(qtbot, widget)
    recipes = [widget.recipe_combo.itemData(i) for i in range(widget.recipe_combo.count())]
    sources = [widget.source_combo.itemData(i) for i in range(widget.source_combo.count())]
    assert recipes == [None, "bottle", "tile"]
    assert sources == [None, "/line1", "/line2"]

    select_combo_data(widget.recipe_combo, "tile")
    refresh(qtbot, widget)
    assert len(shown_images(widget)) == 3

    select_combo_data(widget.recipe_combo, None)
    select_combo_data(widget.source_combo, "/line1")
    refresh(qtbot, widget)
    assert sorted(shown_images(widget)) == ["/line1/ng_with_export.png", "/line1/ok_1.png"]
    assert widget.source_combo.currentData() == "/line1"


def test_time_range_filter(qtbot, widget):
    now = QDateTime.currentDateTime()
    widget.from_edit.setDateTime(now.addSecs(-int(4.5 * HOUR)))
    widget.until_now_check.setChecked(False)
    widget.to_edit.setDateTime(now.addSecs(-int(2.5 * HOUR)))
    refresh(qtbot, widget)
    assert sorted(shown_images(widget)) == ["/line1/ng_with_export.png", "/line2/ng_export_gone.png"]

    widget.from_edit.setDateTime(now.addSecs(-int(300 * HOUR)))
    widget.until_now_check.setChecked(True)
    refresh(qtbot, widget)
    assert len(shown_images(widget)) == 6


def test_inverted_time_range_rejected(qtbot, widget):
    refresh(qtbot, widget)
    now = QDateTime.currentDateTime()
    widget.until_now_check.setChecked(False)
    widget.from_edit.setDateTime(now)
    widget.to_edit.setDateTime(now.addSecs(-2 * int(HOUR)))
    widget.refresh()
    assert "must be before" in widget.status_label.text()
    assert widget.model.rowCount() == 5


def test_table_text(qtbot, widget):
    refresh(qtbot, widget)
    model = widget.proxy

    def cell(image_name, column):
        return model.data(model.index(row_of(widget, image_name), column))

    assert cell("ng_with_export.png", HistoryTableModel.COLUMN_SCORE) == "0.8100 (random weights)"
    assert cell("ok_1.png", HistoryTableModel.COLUMN_SCORE) == "0.2100"
    assert cell("overridden.png", HistoryTableModel.COLUMN_VERDICT) == "OK (operator; model NG)"
    assert cell("overridden.png", HistoryTableModel.COLUMN_NOTE) == "dust, wiped"
    assert cell("broken.png", HistoryTableModel.COLUMN_VERDICT) == "Error"
    assert cell("broken.png", HistoryTableModel.COLUMN_NOTE).startswith("cannot decode")
    assert cell("ng_with_export.png", HistoryTableModel.COLUMN_REGIONS) == "1"


def test_enter_opens_annotated_image(qtbot, widget, bottle_png):
    show_and_load(qtbot, widget)
    row = row_of(widget, "ng_with_export.png")
    widget.table.setFocus()
    widget.table.setCurrentIndex(widget.proxy.index(row, 0))

    with qtbot.waitSignal(widget.entryShown, timeout=10_000):
        qtbot.keyClick(widget.table, Qt.Key.Key_Return)

    pixmap = widget.image_view.image()
    assert pixmap is not None
    assert (pixmap.width(), pixmap.height()) == (900, 900)
    assert widget.image_message_label.text() == ""
    assert "Random weights" in widget.detail_label.text()
    assert widget.shownRecord().content_hash == "h2"


def test_double_click_missing_export(qtbot, widget, bottle_png):
    show_and_load(qtbot, widget)
    row = row_of(widget, "ng_export_gone.png")
    center = widget.table.visualRect(widget.proxy.index(row, 1)).center()

    # A real double-click starts with a press; the view opens only the item that was pressed.
    qtbot.mouseClick(widget.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    with qtbot.waitSignal(widget.entryShown, timeout=10_000):
        qtbot.mouseDClick(widget.table.viewport(), Qt.MouseButton.LeftButton, pos=center)

    message = widget.image_message_label.text()
    assert "was not found" in message
    assert str(bottle_png.parent / "deleted.png.png") in message
    assert widget.image_view.image() is None
    assert "Random weights" not in widget.detail_label.text()


def test_original_shown_when_export_missing(qtbot, widget, station_log, tmp_path):
    original = tmp_path / "original.png"
    shutil.copyfile(BOTTLE_IMAGE, original)
    record = InspectionRecord(source_kind="folder", source=str(tmp_path), content_hash="h7",
                              image_path=str(original), image_score=0.4, verdict=OK, weights="laion400m_e32")
    with qtbot.waitSignal(widget.entryShown, timeout=10_000):
        widget.openEntry(record)
    assert "No annotated image was saved" in widget.image_message_label.text()
    assert "original image" in widget.image_message_label.text()
    assert widget.image_view.image() is not None


def test_unreadable_annotated_file(qtbot, widget, tmp_path):
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n truncated")
    record = InspectionRecord(source_kind="camera", source="cam0", content_hash="h8", image_score=0.4,
                              verdict=OK, export_paths={"annotated": str(broken)})
    with qtbot.waitSignal(widget.entryShown, timeout=10_000):
        widget.openEntry(record)
    assert widget.image_message_label.text().startswith("The image could not be read")
    assert widget.image_view.image() is None


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as file:
        return list(csv.DictReader(file))


def test_export_selection(qtbot, widget, tmp_path):
    refresh(qtbot, widget)
    selection = widget.table.selectionModel()
    for name in ("ok_1.png", "broken.png"):
        selection.select(widget.proxy.index(row_of(widget, name), 0),
                         selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    out = tmp_path / "selected.csv"

    with qtbot.waitSignal(widget.exportFinished, timeout=10_000) as blocker:
        widget.exportCsvTo(out)

    assert blocker.args == [str(out), 2, ""]
    assert sorted(row["image_path"] for row in read_csv(out)) == ["/line1/ok_1.png", "/line2/broken.png"]
    assert widget.export_button.isEnabled()
    assert "Exported 2 inspections" in widget.status_label.text()


def test_export_filter_without_selection(qtbot, widget, tmp_path):
    select_combo_data(widget.verdict_combo, NG)
    refresh(qtbot, widget)
    out = tmp_path / "ng.csv"
    with qtbot.waitSignal(widget.exportFinished, timeout=10_000) as blocker:
        widget.exportCsvTo(out)
    assert blocker.args[1] == 2
    assert {row["final_verdict"] for row in read_csv(out)} == {NG}


def test_export_failure_reported(qtbot, widget, tmp_path):
    refresh(qtbot, widget)
    out = tmp_path / "missing-dir" / "out.csv"
    with qtbot.waitSignal(widget.exportFinished, timeout=10_000) as blocker:
        widget.exportCsvTo(out)
    assert blocker.args[1] == 0
    assert "does not exist" in blocker.args[2]
    assert "failed" in widget.status_label.text()
    assert not out.exists()


def test_row_limit_message(qtbot, station_log):
    history = HistoryWidget(station_log, row_limit=3)
    qtbot.addWidget(history)
    assert refresh(qtbot, history) == 3
    assert "newest 3 inspections only" in history.status_label.text()
    history.shutdown()


def test_format_single_pass():
    assert _format("Export to %1 failed: %2", "/tmp/100%2.csv", "disk full") == "Export to /tmp/100%2.csv failed: disk full"
    assert _format("%1 (operator; model %2)", "OK", "NG") == "OK (operator; model NG)"


def test_chinese_translation_loaded(qtbot, station_log):
    from PySide6.QtCore import QCoreApplication, QTranslator

    qm_file = Path(__file__).resolve().parents[1] / "resources" / "i18n" / "winclip_desktop_zh_CN.qm"
    if not qm_file.is_file():
        pytest.skip(f"compiled translations not found at {qm_file}; run packaging/update_translations.py")
    translator = QTranslator()
    assert translator.load(str(qm_file))
    QCoreApplication.installTranslator(translator)
    try:
        history = HistoryWidget(station_log)
        qtbot.addWidget(history)
        assert history.refresh_button.text() == "刷新"
        assert history.model.headerData(0, Qt.Orientation.Horizontal) == "时间"
        assert refresh(qtbot, history) == 5
        assert history.status_label.text() == "检测记录：5 条"
        history.shutdown()
    finally:
        QCoreApplication.removeTranslator(translator)
