"""Main window flows with the real tiny inspector on real bottle images: runs, thresholds, export, closing."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import csv
import json
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from screenshot_process import run_until_screenshot
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from winclip_desktop.engine.postprocess import postprocess
from winclip_desktop.engine.types import NG, OK, PostProcessSettings
from winclip_desktop.gui import main_window as main_window_module
from winclip_desktop.gui.main_window import MainWindow
from winclip_desktop.gui.results_model import COL_NAME, COL_OVERRIDE, COL_REGIONS, COL_SCORE, COL_VERDICT, SCORE_ROLE, SOURCE_LIVE

RUN_TIMEOUT_MS = 60_000


class CountingInspector:
    """Forwards to the real tiny inspector, counts ``inspect`` calls and can slow each call down."""

    def __init__(self, inspector, delay_s: float = 0.0):
        self.inner = inspector
        self.delay_s = delay_s
        self.calls = 0
        self.lock = threading.Lock()

    @property
    def identity(self):
        return self.inner.identity

    @property
    def is_random(self):
        return self.inner.is_random

    def inspect(self, image, settings):
        with self.lock:
            self.calls += 1
        if self.delay_s:
            time.sleep(self.delay_s)
        return self.inner.inspect(image, settings)


class CountingLoader:
    """An inspector loader that reports the stages Inspector.load reports and counts loads."""

    def __init__(self, inspector: CountingInspector, load_delay_s: float = 0.0):
        self.inspector = inspector
        self.load_delay_s = load_delay_s
        self.specs = []

    def __call__(self, spec, progress):
        progress("loading model")
        if self.load_delay_s:
            time.sleep(self.load_delay_s)
        progress("building prompts")
        self.specs.append(spec)
        return self.inspector


@pytest.fixture
def counting(tiny_inspector):
    return CountingInspector(tiny_inspector)


def make_window(qtbot, loader, **options):
    values = {"class_name": "bottle", "weights": "random", "device": "cpu"}
    values.update(options)
    window = MainWindow(SimpleNamespace(**values), inspector_loader=loader)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, counting):
    return make_window(qtbot, CountingLoader(counting))


def run_folder(qtbot, window, folder, expected="completed"):
    with qtbot.waitSignal(window.runFinished, timeout=RUN_TIMEOUT_MS) as blocker:
        assert window.openFolder(folder)
    assert blocker.args == [expected]


def wait_reprocessed(qtbot, window):
    qtbot.waitUntil(lambda: not window.isReprocessing(), timeout=10_000)


def wait_displayed(qtbot, window):
    qtbot.waitUntil(lambda: window.displayedKey() == window.currentKey() >= 0, timeout=10_000)


def view_range(window):
    """The image view's visible (x_min, x_max, y_min, y_max)."""
    (x0, x1), (y0, y1) = window.image_view.viewRange()
    return [x0, x1, y0, y1]


def expected_regions(window, record, settings):
    return postprocess(window.model.anomalyMap(record.key), record.image_score, settings).regions


@pytest.fixture
def many_images(small_bottle_folder, tmp_path):
    """Eighteen images: the six small bottle images copied three times."""
    folder = tmp_path / "many"
    for copy in range(3):
        for path in sorted(small_bottle_folder.rglob("*.png")):
            target = folder / f"copy{copy}" / path.relative_to(small_bottle_folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return folder


# --------------------------------------------------------------------------- runs


def test_folder_run_fills_table(qtbot, window, counting, small_bottle_folder):
    run_folder(qtbot, window, small_bottle_folder)

    records = window.model.records()
    assert len(records) == 6
    assert counting.calls == 6
    assert {record.name for record in records} >= {"test/good/000.png", "test/broken_large/000.png"}
    for record in records:
        assert record.error is None
        assert np.isfinite(record.image_score)
        assert window.model.anomalyMap(record.key).shape == (240, 240)
        assert record.identity["weights"] == "random"
    assert window.banner.isVisible()
    assert "random" in window.identity_label.text()
    assert not window.isBusy()
    wait_displayed(qtbot, window)
    assert window.image_view.hasImage()


def test_unreadable_file_becomes_error_row(qtbot, window, small_bottle_folder, tmp_path):
    folder = tmp_path / "mixed"
    shutil.copytree(small_bottle_folder / "test" / "good", folder)
    (folder / "broken.png").write_text("not an image")

    run_folder(qtbot, window, folder)

    records = {record.name: record for record in window.model.records()}
    assert len(records) == 3
    assert records["broken.png"].error is not None
    assert "broken.png" in records["broken.png"].error
    assert records["000.png"].error is None
    assert window.model.counts()["ERROR"] == 1


def test_sliders_rethreshold_without_model_call(qtbot, window, counting, small_bottle_folder):
    run_folder(qtbot, window, small_bottle_folder)
    calls_after_run = counting.calls
    controls = window.threshold_controls

    controls.image_threshold.slider.setValue(0)
    wait_reprocessed(qtbot, window)
    assert [record.verdict for record in window.model.records()] == [NG] * 6

    controls.image_threshold.slider.setValue(1000)
    wait_reprocessed(qtbot, window)
    assert [record.verdict for record in window.model.records()] == [OK] * 6

    # Every map value is above 0, so each image becomes one region covering it.
    controls.pixel_threshold.slider.setValue(0)
    wait_reprocessed(qtbot, window)
    assert [len(record.regions) for record in window.model.records()] == [1] * 6
    assert window.model.records()[0].regions[0].area == 240 * 240

    controls.pixel_threshold.slider.setValue(1000)
    wait_reprocessed(qtbot, window)
    assert [len(record.regions) for record in window.model.records()] == [0] * 6

    # A threshold inside the score range of the first map: the table matches postprocess on the stored map.
    first = window.model.records()[0]
    median = float(np.median(window.model.anomalyMap(first.key)))
    controls.pixel_threshold.spin.setValue(median)
    controls.kernel_size.setValue(1)
    controls.min_area.setValue(1)
    wait_reprocessed(qtbot, window)
    settings = window.settings()
    assert settings == PostProcessSettings(1.0, round(median, 5), 1, 1)
    for record in window.model.records():
        assert record.regions == expected_regions(window, record, settings)
    assert len(window.model.records()[0].regions) >= 1

    assert counting.calls == calls_after_run


def test_histogram_line_moves_image_threshold(qtbot, window, small_bottle_folder):
    if window.histogram is None:
        pytest.skip("gui/statistics.py HistogramWidget is not available")
    run_folder(qtbot, window, small_bottle_folder)
    scores = sorted(record.image_score for record in window.model.records())
    middle = (scores[2] + scores[3]) / 2

    window.histogram.thresholdLine().setValue(middle)  # what a drag does
    wait_reprocessed(qtbot, window)

    assert window.threshold_controls.image_threshold.value() == pytest.approx(middle, abs=1e-4)
    assert sum(record.verdict == NG for record in window.model.records()) == 3

    window.threshold_controls.image_threshold.spin.setValue(0.25)
    assert window.histogram.threshold() == pytest.approx(0.25)


# --------------------------------------------------------------------------- table


def test_table_sorts_by_each_column(qtbot, window, small_bottle_folder):
    run_folder(qtbot, window, small_bottle_folder)
    proxy = window.results.proxy
    table = window.results.table
    scores = sorted(record.image_score for record in window.model.records())
    window.threshold_controls.image_threshold.spin.setValue((scores[1] + scores[2]) / 2)
    window.threshold_controls.pixel_threshold.spin.setValue(0.0)
    wait_reprocessed(qtbot, window)

    def column(col, role=Qt.ItemDataRole.DisplayRole):
        return [proxy.index(row, col).data(role) for row in range(proxy.rowCount())]

    table.sortByColumn(COL_SCORE, Qt.SortOrder.DescendingOrder)
    assert column(COL_SCORE, SCORE_ROLE) == sorted(scores, reverse=True)

    table.sortByColumn(COL_SCORE, Qt.SortOrder.AscendingOrder)
    assert column(COL_SCORE, SCORE_ROLE) == scores

    threshold = window.settings().image_threshold
    ng_count = sum(score >= threshold for score in scores)
    assert 0 < ng_count < 6
    table.sortByColumn(COL_VERDICT, Qt.SortOrder.DescendingOrder)
    assert column(COL_VERDICT) == [NG] * ng_count + [OK] * (6 - ng_count)

    table.sortByColumn(COL_NAME, Qt.SortOrder.DescendingOrder)
    names = column(COL_NAME)
    assert names == sorted(names, reverse=True)

    table.sortByColumn(COL_REGIONS, Qt.SortOrder.AscendingOrder)
    assert column(COL_REGIONS) == ["1"] * 6


def test_table_filters_by_verdict_and_score(qtbot, window, small_bottle_folder):
    run_folder(qtbot, window, small_bottle_folder)
    panel = window.results
    scores = sorted(record.image_score for record in window.model.records())
    window.threshold_controls.image_threshold.spin.setValue((scores[3] + scores[4]) / 2)
    wait_reprocessed(qtbot, window)
    threshold = window.settings().image_threshold
    ng_count = sum(score >= threshold for score in scores)
    assert 0 < ng_count < 6

    panel.setVerdictFilter(NG)
    assert panel.proxy.rowCount() == ng_count
    panel.setVerdictFilter(OK)
    assert panel.proxy.rowCount() == 6 - ng_count

    panel.setVerdictFilter("all")
    panel.setScoreFilter((scores[0] + scores[1]) / 2, (scores[4] + scores[5]) / 2)
    low, high = panel.proxy.scoreRange()
    expected = [score for score in scores if low <= score <= high]
    assert 0 < len(expected) < 6
    shown = sorted(panel.proxy.index(row, 0).data(SCORE_ROLE) for row in range(panel.proxy.rowCount()))
    assert shown == expected

    panel.setScoreFilter(None)
    assert panel.proxy.rowCount() == 6
    assert "6 shown" in panel.counts.text()


def test_keyboard_navigation_keeps_zoom(qtbot, window, small_bottle_folder):
    run_folder(qtbot, window, small_bottle_folder)
    panel = window.results
    panel.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
    panel.selectRow(0)
    wait_displayed(qtbot, window)
    window.image_view.setViewRange((40.0, 120.0), (60.0, 140.0))
    zoom = view_range(window)
    window.activateWindow()
    panel.table.setFocus()

    names = [panel.proxy.index(row, COL_NAME).data() for row in range(panel.proxy.rowCount())]
    QTest.keyClick(panel.table, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: window.displayedKey() == window.currentKey() and panel.table.currentIndex().row() == 1)
    assert window.model.record(window.displayedKey()).name == names[1]
    assert view_range(window) == pytest.approx(zoom)

    QTest.keyClick(panel.table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: panel.table.currentIndex().row() == 2)
    wait_displayed(qtbot, window)
    assert view_range(window) == pytest.approx(zoom)

    QTest.keyClick(panel.table, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: panel.table.currentIndex().row() == 1)
    wait_displayed(qtbot, window)
    assert view_range(window) == pytest.approx(zoom)

    # N jumps to the next NG row after the current one, wrapping around.
    window.setOverride(NG, key=window.model.records()[names.index(names[0])].key)
    ng_row = next(row for row in range(6) if panel.proxy.index(row, COL_OVERRIDE).data() == NG)
    QTest.keyClick(panel.table, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: panel.table.currentIndex().row() == ng_row)
    wait_displayed(qtbot, window)
    assert view_range(window) == pytest.approx(zoom)


def test_region_row_click_selects_and_centres(qtbot, window, small_bottle_folder):
    run_folder(qtbot, window, small_bottle_folder)
    window.results.selectRow(0)
    wait_displayed(qtbot, window)
    record = window.model.record(window.currentKey())
    anomaly_map = window.model.anomalyMap(record.key)
    settings = None
    for percentile in (99, 97, 95, 90, 80, 70):
        candidate = PostProcessSettings(0.5, float(np.percentile(anomaly_map, percentile)), 1, 1)
        if len(postprocess(anomaly_map, record.image_score, candidate).regions) >= 2:
            settings = candidate
            break
    assert settings is not None, "no threshold gives two regions on this map"
    window.setSettings(settings)
    wait_reprocessed(qtbot, window)
    qtbot.waitUntil(lambda: window.region_list.regionCount() >= 2)
    window.image_view.setViewRange((0.0, 60.0), (0.0, 60.0))

    table = window.region_list.table
    rect = table.visualRect(table.model().index(1, 0))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    region_id = table.item(1, 0).data(Qt.ItemDataRole.UserRole + 1)
    region = next(r for r in window.displayedResult().regions if r.id == region_id)
    assert window.image_view.selectedRegionId() == region_id
    assert not window.image_view.highlight_item.path().isEmpty()
    (x0, x1), (y0, y1) = window.image_view.viewRange()
    assert (x0 + x1) / 2 == pytest.approx(region.centroid[0], abs=1.0)
    assert (y0 + y1) / 2 == pytest.approx(region.centroid[1], abs=1.0)


# --------------------------------------------------------------------------- override and export


def test_override_is_stored_and_exported(qtbot, window, small_bottle_folder, tmp_path):
    run_folder(qtbot, window, small_bottle_folder)
    window.results.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
    window.results.selectRow(0)
    key = window.currentKey()
    name = window.model.record(key).name

    window.override_panel.comment.setText("scratch near the neck")
    QTest.mouseClick(window.override_panel.mark_ng, Qt.MouseButton.LeftButton)

    record = window.model.record(key)
    assert record.override == NG
    assert record.comment == "scratch near the neck"
    assert window.results.proxy.index(0, COL_OVERRIDE).data() == NG

    out = tmp_path / "export"
    with qtbot.waitSignal(window.exportFinished, timeout=RUN_TIMEOUT_MS) as blocker:
        assert window.exportResults(out)
    assert blocker.args[0] == "completed"

    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert document["weights"] == "random"
    entries = {entry["path"]: entry for entry in document["images"]}
    assert len(entries) == 6
    assert entries[name]["override"] == NG
    assert entries[name]["comment"] == "scratch near the neck"
    others = [entry for path, entry in entries.items() if path != name]
    assert all(entry["override"] is None for entry in others)
    assert (out / entries[name]["files"]["annotated"]).is_file()
    mask = np.asarray(Image.open(out / entries[name]["files"]["mask"]))
    assert mask.shape == (240, 240)

    with open(out / "results.csv", encoding="utf-8-sig", newline="") as file:
        rows = {row["path"]: row for row in csv.DictReader(file)}
    assert rows[name]["override"] == NG
    assert rows[name]["comment"] == "scratch near the neck"


def test_export_uses_current_thresholds(qtbot, window, small_bottle_folder, tmp_path):
    run_folder(qtbot, window, small_bottle_folder)
    window.threshold_controls.image_threshold.spin.setValue(0.0)
    window.threshold_controls.pixel_threshold.spin.setValue(0.0)
    wait_reprocessed(qtbot, window)

    out = tmp_path / "export"
    with qtbot.waitSignal(window.exportFinished, timeout=RUN_TIMEOUT_MS):
        window.exportResults(out)

    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert {entry["verdict"] for entry in document["images"]} == {NG}
    assert all(len(entry["regions"]) == 1 for entry in document["images"])
    assert document["thresholds"]["image_threshold"] == 0.0


def test_export_inside_input_not_reinspected(qtbot, window, small_bottle_folder, tmp_path):
    folder = tmp_path / "input"
    shutil.copytree(small_bottle_folder, folder)
    run_folder(qtbot, window, folder)
    with qtbot.waitSignal(window.exportFinished, timeout=RUN_TIMEOUT_MS):
        window.exportResults(folder / "results")
    assert len(list((folder / "results").rglob("*.png"))) == 12  # annotated images and masks

    run_folder(qtbot, window, folder)

    assert window.model.rowCount() == 6


def test_live_records_join_table_but_not_export(qtbot, window, counting, small_bottle_folder, tmp_path):
    run_folder(qtbot, window, small_bottle_folder)
    frame = np.asarray(Image.open(next((small_bottle_folder / "test" / "good").glob("*.png"))).convert("RGB"))
    result = counting.inner.inspect(frame, window.settings())
    key = window.addLiveRecord("frame 1", frame, result, counting.identity)

    assert window.model.record(key).source == SOURCE_LIVE
    assert window.results.selectKey(key)
    wait_displayed(qtbot, window)
    assert window.image_view.hasImage()

    out = tmp_path / "export"
    with qtbot.waitSignal(window.exportFinished, timeout=RUN_TIMEOUT_MS):
        window.exportResults(out)
    paths = [entry["path"] for entry in json.loads((out / "results.json").read_text(encoding="utf-8"))["images"]]
    assert len(paths) == 6
    assert "frame 1" not in paths


# --------------------------------------------------------------------------- other modules


def test_folder_results_are_logged_with_overrides(qtbot, counting, small_bottle_folder, tmp_path, monkeypatch):
    monkeypatch.setenv("WINCLIP_DESKTOP_DATA_DIR", str(tmp_path / "data"))
    window = make_window(qtbot, CountingLoader(counting))
    if window.inspection_log is None or window.history is None:
        pytest.skip("storage/inspection_log.py or gui/history.py is not available")
    assert window.inspection_log.path == (tmp_path / "data" / "inspections.sqlite3").resolve()
    run_folder(qtbot, window, small_bottle_folder)
    window.results.selectRow(0)
    key = window.currentKey()
    record = window.model.record(key)
    window.setOverride(OK, "glare", key=key)

    assert window.inspection_log.flush(10)
    logged = window.inspection_log.query(source=str(small_bottle_folder))
    assert len(logged) == 6
    assert {entry.weights for entry in logged} == {"random"}
    entry = next(entry for entry in logged if Path(entry.image_path) == record.path)
    assert entry.content_hash == record.extra["content_hash"]
    assert entry.image_score == pytest.approx(record.image_score)
    assert entry.override == OK
    assert entry.comment == "glare"


def test_recipe_option_sets_inputs(qtbot, counting, small_bottle_folder, tmp_path):
    recipe_module = pytest.importorskip("winclip_desktop.engine.recipe")
    reference = next((small_bottle_folder / "test" / "good").glob("*.png"))
    path = tmp_path / "bottle.toml"
    recipe_module.save_recipe(
        recipe_module.Recipe(
            name="bottle line 3",
            class_name="bottle",
            object_words=["glass bottle", "bottle"],
            reference_paths=[reference],
            image_threshold=0.28,
            pixel_threshold=0.27,
            kernel_size=3,
            min_area=16,
        ),
        path,
    )

    window = make_window(qtbot, CountingLoader(counting), class_name=None, recipe=str(path))
    assert window.class_name_edit.text() == "bottle"
    assert window.settings() == PostProcessSettings(0.28, 0.27, 3, 16)
    spec = window.inspectorSpec()
    assert spec["object_words"] == ("glass bottle", "bottle")
    assert spec["reference_paths"] == (str(reference),)
    assert spec["weights"] == "random"  # the command line wins over the recipe
    window.close()

    reopened = make_window(qtbot, CountingLoader(counting), class_name=None)
    assert reopened.activeRecipe().name == "bottle line 3"
    assert reopened.inspectorSpec()["object_words"] == ("glass bottle", "bottle")
    reopened.class_name_edit.setText("cable")
    assert reopened.activeRecipe() is None
    assert "reference_paths" not in reopened.inspectorSpec()


def test_recipe_panel_saves_and_loads(qtbot, counting, small_bottle_folder, tmp_path, monkeypatch):
    monkeypatch.setenv("WINCLIP_DESKTOP_DATA_DIR", str(tmp_path / "data"))
    window = make_window(qtbot, CountingLoader(counting))
    panel = window.recipe_panel
    if panel is None:
        pytest.skip("gui/recipe_panel.py is not available")
    window.reference_edit.setText(str(small_bottle_folder / "test" / "good"))
    window.setSettings(PostProcessSettings(0.29, 0.31, 3, 20))
    panel.setObjectWords(["wine bottle"])

    path = panel.saveCurrentAs("line A")
    window.setSettings(PostProcessSettings(0.5, 0.5, 5, 64))
    window.class_name_edit.setText("cable")
    panel.setObjectWords([])
    panel.loadRecipe(path)

    assert window.class_name_edit.text() == "bottle"
    assert window.settings() == PostProcessSettings(0.29, 0.31, 3, 20)
    spec = window.inspectorSpec()
    assert spec["object_words"] == ("wine bottle",)
    assert len(spec["reference_paths"]) == 2
    assert window.activeRecipe().name == "line A"


def test_bad_recipe_is_reported(qtbot, counting, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("this is not toml = = =", encoding="utf-8")

    window = make_window(qtbot, CountingLoader(counting), class_name=None, recipe=str(path))

    box = window._last_error_box
    assert str(path) in box.text()
    assert window.activeRecipe() is None


def test_calibration_applies_thresholds(qtbot, window):
    from winclip_desktop.gui import integrations

    if not integrations.calibration_available():
        pytest.skip("gui/calibration_dialog.py is not available")
    dialog = integrations.open_calibration_dialog(window)
    qtbot.addWidget(dialog)
    pixel_before = window.settings().pixel_threshold

    dialog.thresholdsApplied.emit(0.3125, float("nan"))
    assert window.settings().image_threshold == pytest.approx(0.3125)
    assert window.settings().pixel_threshold == pixel_before

    dialog.thresholdsApplied.emit(0.25, 0.125)
    assert window.settings() == PostProcessSettings(0.25, 0.125, 5, 64)
    assert window.threshold_controls.pixel_threshold.slider.value() == 125


def test_live_station_records_join_table(qtbot, tiny_inspector, small_bottle_folder, tmp_path):
    import cv2

    video = tmp_path / "line.avi"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"MJPG"), 10.0, (240, 240))
    for path in sorted(small_bottle_folder.rglob("*.png")):
        frame = cv2.cvtColor(np.asarray(Image.open(path).convert("RGB")), cv2.COLOR_RGB2BGR)
        for _ in range(3):
            writer.write(frame)
    writer.release()

    window = make_window(qtbot, CountingLoader(CountingInspector(tiny_inspector)), source=f"video:{video}", model_name="winclip-tiny")
    if window.station is None:
        pytest.skip("gui/station.py is not available")
    assert window.tabs.currentWidget() is window.station_tab

    qtbot.waitUntil(lambda: window.model.rowCount() >= 2, timeout=RUN_TIMEOUT_MS)
    # The station loads its own model: with random weights from a recipe it must raise the red banner.
    window.banner.hide()
    window.station.inspector_ready.emit({"is_random": True})
    assert not window.banner.isHidden()
    live = [record for record in window.model.records() if record.source == SOURCE_LIVE]
    assert len(live) >= 2
    assert live[0].identity["weights"] == "random"
    assert window.model.anomalyMap(live[0].key).shape == (240, 240)
    if window.trend is not None:
        assert window.trend.totalCount() >= 2

    # Every pixel scores above 0, so each frame becomes one region that the Regions dock lists.
    window.setSettings(PostProcessSettings(0.5, 0.0, 5, 64))
    qtbot.waitUntil(lambda: window.station.last_record.result.settings.pixel_threshold == 0.0, timeout=RUN_TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.region_list.regionCount() == 1, timeout=5000)
    window.tabs.setCurrentIndex(0)  # back to the review, where no image is displayed
    assert window.region_list.regionCount() == 0

    started = time.monotonic()
    window.close()
    assert time.monotonic() - started < 5.0
    assert not window.isVisible()


# --------------------------------------------------------------------------- cancel and close


def test_cancel_stops_run(qtbot, tiny_inspector, many_images):
    slow = CountingInspector(tiny_inspector, delay_s=0.2)
    window = make_window(qtbot, CountingLoader(slow))
    with qtbot.waitSignal(window.runFinished, timeout=RUN_TIMEOUT_MS) as blocker:
        window.openFolder(many_images)
        qtbot.waitUntil(lambda: window.model.rowCount() >= 2, timeout=RUN_TIMEOUT_MS)
        QTest.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["cancelled"]
    assert 2 <= window.model.rowCount() < 18
    assert slow.calls < 18
    assert window.open_button.isEnabled()

    slow.delay_s = 0.0
    run_folder(qtbot, window, many_images)
    assert window.model.rowCount() == 18


def test_close_during_run_stops_thread(qtbot, tiny_inspector, many_images):
    slow = CountingInspector(tiny_inspector, delay_s=0.2)
    window = make_window(qtbot, CountingLoader(slow))
    window.openFolder(many_images)
    qtbot.waitUntil(lambda: window.model.rowCount() >= 1, timeout=RUN_TIMEOUT_MS)

    started = time.monotonic()
    assert window.close()
    elapsed = time.monotonic() - started

    assert elapsed < 3.0
    assert window.host.thread.isFinished()
    assert not window.isVisible()
    calls = slow.calls
    time.sleep(0.5)
    assert slow.calls == calls


def test_close_during_model_load_closes_after_stage(qtbot, tiny_inspector, small_bottle_folder, monkeypatch):
    monkeypatch.setattr(main_window_module, "CLOSE_WAIT_MS", 100)
    inspector = CountingInspector(tiny_inspector)
    window = make_window(qtbot, CountingLoader(inspector, load_delay_s=1.0))
    window.openFolder(small_bottle_folder)
    qtbot.waitUntil(lambda: "Loading model" in window.status_label.text(), timeout=5000)

    window.close()
    assert window.isVisible()  # closing waits for the loading stage to end

    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert window.host.thread.isFinished()
    assert inspector.calls == 0


# --------------------------------------------------------------------------- persistence and entry point


def test_settings_persist_between_windows(qtbot, counting, small_bottle_folder):
    first = make_window(qtbot, CountingLoader(counting))
    run_folder(qtbot, first, small_bottle_folder)
    first.display_controls.opacity.setValue(80)
    first.display_controls.colormap.setCurrentText("viridis")
    first.display_controls.contours.setChecked(False)
    first.display_controls.side_by_side.setChecked(False)
    first.threshold_controls.setSettings(PostProcessSettings(0.31, 0.29, 7, 100), emit=True)
    first.results.setThumbnailsVisible(True)
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, first.display_dock)
    first.close()

    second = make_window(qtbot, CountingLoader(counting), class_name=None)
    assert second.display_controls.opacity.value() == 80
    assert second.image_view.colormapName() == "viridis"
    assert not second.image_view.contoursVisible()
    assert not second.image_view.sideBySide()
    assert second.settings() == PostProcessSettings(0.31, 0.29, 7, 100)
    assert second.lastFolder() == small_bottle_folder
    assert second.class_name_edit.text() == "bottle"
    assert second.results.show_thumbnails.isChecked()
    assert second.dockWidgetArea(second.display_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert second.dockWidgetArea(second.thresholds_dock) == Qt.DockWidgetArea.RightDockWidgetArea


def test_chinese_translation_is_shown(qtbot, counting):
    from PySide6.QtWidgets import QApplication

    from winclip_desktop.gui.i18n import install_translators

    app = QApplication.instance()
    assert install_translators(app, "zh_CN") == "zh_CN"
    try:
        window = make_window(qtbot, CountingLoader(counting))
        assert window.banner.text() == "随机权重：得分没有意义"
        assert window.model.headerData(COL_SCORE, Qt.Orientation.Horizontal) == "得分"
        assert window.override_panel.mark_ng.text() == "标记为 NG"
    finally:
        for translator in app._translators:
            app.removeTranslator(translator)
        app._translators = []


def test_thumbnails_are_generated_on_demand(qtbot, window, small_bottle_folder):
    run_folder(qtbot, window, small_bottle_folder)
    index = window.results.proxy.index(0, COL_NAME)
    assert index.data(Qt.ItemDataRole.DecorationRole) is None  # thumbnails are off

    window.results.setThumbnailsVisible(True)
    qtbot.waitUntil(lambda: index.data(Qt.ItemDataRole.DecorationRole) is not None, timeout=10_000)
    pixmap = index.data(Qt.ItemDataRole.DecorationRole)
    assert max(pixmap.width(), pixmap.height()) == 64


def test_unclosed_window_exits_cleanly(tmp_path):
    script = (
        "from PySide6.QtWidgets import QApplication; app = QApplication([]); "
        "from winclip_desktop.gui.main_window import MainWindow; window = MainWindow(); window.show(); "
        "app.processEvents(); print('window open')"
    )
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), QT_QPA_PLATFORM="offscreen")
    completed = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)

    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "window open" in completed.stdout
    assert "Destroyed while thread" not in completed.stderr


def test_screenshot_exit_code_after_failed_start(tmp_path, small_bottle_folder):
    # In its own process, because run_gui ends the process with os._exit when a worker thread of
    # any earlier station in the same process is still inside a model call.
    shot = tmp_path / "failed.png"
    script = (
        "import sys; from types import SimpleNamespace; from winclip_desktop.gui.app import run_gui; "
        f"sys.exit(run_gui(SimpleNamespace(folder={str(small_bottle_folder)!r}, class_name=None, "
        f"screenshot={str(shot)!r}, language='en')))"
    )
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), QT_QPA_PLATFORM="offscreen")
    completed = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path
    )

    assert completed.returncode == 1, completed.stderr[-3000:]
    assert shot.is_file()
    assert "Destroyed while thread" not in completed.stderr


def test_missing_video_screenshot_exits(tmp_path):
    shot = tmp_path / "missing.png"
    script = (
        "import sys; from types import SimpleNamespace; from winclip_desktop.gui.app import run_gui; "
        f"sys.exit(run_gui(SimpleNamespace(source='video:' + {str(tmp_path / 'absent.avi')!r}, class_name='bottle', "
        f"weights='random', model_name='winclip-tiny', device='cpu', screenshot={str(shot)!r}, language='en')))"
    )
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), QT_QPA_PLATFORM="offscreen",
               WINCLIP_DESKTOP_DATA_DIR=str(tmp_path / "data"))
    completed = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path
    )

    assert completed.returncode == 1, completed.stderr[-3000:]
    assert shot.is_file()
    assert "absent.avi does not exist" in completed.stderr
    assert "the live source did not open" in completed.stderr


def test_screenshot_mode_writes_png_and_exits(small_bottle_folder, tmp_path):
    shot = tmp_path / "window.png"
    script = (
        "import sys; from types import SimpleNamespace; from winclip_desktop.gui.app import run_gui; "
        f"sys.exit(run_gui(SimpleNamespace(folder={str(small_bottle_folder)!r}, class_name='bottle', "
        "reference=None, weights='random', device='cpu', model_name='winclip-tiny', "
        f"screenshot={str(shot)!r}, source=None, recipe=None, language='en', pixel_threshold=0.0)))"
    )
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), QT_QPA_PLATFORM="offscreen")
    completed = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=180, cwd=tmp_path
    )

    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "Destroyed while thread is still running" not in completed.stderr
    with Image.open(shot) as image:
        assert image.size == (1600, 1000)
        pixels = np.asarray(image.convert("RGB"))
    assert pixels.std() > 10  # not a blank grab


def test_live_screenshot_exits_during_inspection(small_bottle_folder, tmp_path):
    """The window closes after five live inspections while a 10 s inspection runs: exit 0 within 3 s."""
    import cv2

    video = tmp_path / "line.avi"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"MJPG"), 10.0, (240, 240))
    for path in sorted(small_bottle_folder.rglob("*.png"))[:3]:
        frame = cv2.cvtColor(np.asarray(Image.open(path).convert("RGB")), cv2.COLOR_RGB2BGR)
        for _ in range(3):
            writer.write(frame)
    writer.release()
    shot = tmp_path / "live.png"
    # Inspector.inspect keeps the tiny model's speed for the five inspections that the screenshot
    # waits for, and then sleeps 10 s per call, like the real-size model on a CPU.
    script = textwrap.dedent(
        f"""
        import logging
        import sys
        import time
        from types import SimpleNamespace

        from winclip_desktop.engine.inspector import Inspector
        from winclip_desktop.gui.app import run_gui

        inspect = Inspector.inspect
        calls = []


        def slow_after_five(self, image, settings):
            calls.append(None)
            if len(calls) > 5:
                print("slow inspection started", flush=True)
                time.sleep(10)
            return inspect(self, image, settings)


        Inspector.inspect = slow_after_five
        logging.basicConfig(level=logging.INFO)
        sys.exit(run_gui(SimpleNamespace(
            folder=None, source={f"video:{video}"!r}, class_name="bottle", reference=None, weights="random",
            device="cpu", model_name="winclip-tiny", screenshot={str(shot)!r}, recipe=None, language="en",
        )))
        """
    )
    completed, elapsed = run_until_screenshot(script, shot, tmp_path, {"WINCLIP_DESKTOP_DATA_DIR": str(tmp_path / "data")})
    stdout, stderr = completed.stdout, completed.stderr

    assert completed.returncode == 0, stderr[-3000:]
    assert shot.is_file()
    assert "slow inspection started" in stdout
    assert elapsed < 3.0
    assert "Destroyed while thread" not in stderr
    assert "still inspecting frame" in stderr
    assert "loading a model" not in stderr


# --------------------------------------------------------------------------- window size, errors and histogram


@pytest.fixture(params=["en", "zh_CN"])
def language(request):
    """Install the translators of each interface language for one test, then return to English."""
    from PySide6.QtWidgets import QApplication

    from winclip_desktop.gui.i18n import install_translators

    app = QApplication.instance()
    install_translators(app, request.param)
    yield request.param
    for translator in app._translators:
        app.removeTranslator(translator)
    app._translators = []


def assert_view_covers_image(window):
    """The image view shows the whole displayed image, fitted along one axis (not shrunk to a dot)."""
    height, width = window.displayedResult().image_size
    x0, x1, y0, y1 = view_range(window)
    assert x0 <= 0
    assert x1 >= width
    assert y0 <= 0
    assert y1 >= height
    assert min((x1 - x0) / width, (y1 - y0) / height) < 1.2
    for box in (window.image_view.overlay_box, window.image_view.original_box):
        assert box.width() > 100
        assert box.height() > 100


def test_image_fills_view_after_small_saved_size(qtbot, counting, small_bottle_folder, language):
    first = make_window(qtbot, CountingLoader(counting))
    first.resize(900, 700)  # Qt stops at the window's minimum size, which is saved on close
    first.close()

    window = make_window(qtbot, CountingLoader(counting))
    run_folder(qtbot, window, small_bottle_folder)
    wait_displayed(qtbot, window)
    qtbot.wait(300)  # the layout settles after the first image is shown

    assert_view_covers_image(window)
    minimum = window.minimumSizeHint()
    assert window.width() >= minimum.width()
    assert window.height() >= minimum.height()
    assert window.size().toTuple() == main_window_module.DEFAULT_SIZE


def test_minimum_size_keeps_fields_and_plots_usable(qtbot, counting, language):
    from winclip_desktop.gui.statistics import MIN_PLOT_SIZE

    window = make_window(qtbot, CountingLoader(counting))
    window.resize(300, 300)  # Qt stops at the window's minimum size
    qtbot.wait(100)

    edit = window.class_name_edit
    assert edit.width() > edit.fontMetrics().horizontalAdvance("bottle") + 20
    assert window.histogram.plotWidget().height() >= MIN_PLOT_SIZE[1]
    assert window.image_view.overlay_box.width() > 100


def test_screenshot_mode_ignores_saved_layout(qtbot, counting, tmp_path):
    from winclip_desktop.gui.window_settings import open_settings

    first = make_window(qtbot, CountingLoader(counting))
    first.resize(900, 700)
    first.close()
    saved = open_settings().value("window/geometry")

    window = make_window(qtbot, CountingLoader(counting), screenshot=str(tmp_path / "shot.png"))
    qtbot.wait(50)
    assert window.size().toTuple() == (1600, 1000)
    window.close()
    assert open_settings().value("window/geometry") == saved


class FailingLoader:
    """An inspector loader that raises ``error`` after the first stage message."""

    def __init__(self, error):
        self.error = error

    def __call__(self, spec, progress):
        progress("loading model")
        raise self.error


def error_records(caplog, logger_name):
    return [record for record in caplog.records if record.name == logger_name and record.levelname == "ERROR"]


def worker_errors(caplog):
    return error_records(caplog, "winclip_desktop.gui.worker")


def test_corrupt_checkpoint_reason_is_shown(qtbot, small_bottle_folder, tmp_path, caplog):
    checkpoint = tmp_path / "broken.safetensors"
    checkpoint.write_bytes(b"this is not a safetensors file")
    window = make_window(qtbot, main_window_module.default_inspector_loader, weights=str(checkpoint), model_name="winclip-tiny")

    with caplog.at_level("INFO"):
        run_folder(qtbot, window, small_bottle_folder, expected="failed")

    errors = worker_errors(caplog)
    assert len(errors) == 1
    assert errors[0].exc_info is None  # an expected error: one line, no traceback
    assert str(checkpoint) in errors[0].getMessage()
    status = window.status_label.text()
    assert status.startswith("Inspection failed: ")
    assert str(checkpoint) in status
    box = window._last_error_box
    assert box is not None
    assert str(checkpoint) in box.text()
    assert box.text() in status
    assert not error_records(caplog, "winclip_desktop.gui.main_window")  # logged once, by the worker


def test_unexpected_run_error_keeps_traceback(qtbot, small_bottle_folder, caplog):
    window = make_window(qtbot, FailingLoader(ZeroDivisionError("division by zero")))

    with caplog.at_level("INFO"):
        run_folder(qtbot, window, small_bottle_folder, expected="failed")

    errors = worker_errors(caplog)
    assert len(errors) == 1
    assert errors[0].exc_info is not None
    assert "ZeroDivisionError: division by zero" in window.status_label.text()


def test_failed_run_in_screenshot_mode_opens_no_box(qtbot, small_bottle_folder, tmp_path, caplog):
    from winclip_desktop.engine.weights import WeightsError

    message = "The pretrained weights are not downloaded yet and the model hub cannot be reached."
    window = make_window(qtbot, FailingLoader(WeightsError(message)), screenshot=str(tmp_path / "shot.png"))

    with caplog.at_level("INFO"):
        run_folder(qtbot, window, small_bottle_folder, expected="failed")

    assert window._last_error_box is None
    assert window.status_label.text() == f"Inspection failed: {message}"
    errors = worker_errors(caplog)
    assert len(errors) == 1
    assert errors[0].exc_info is None
    assert message in errors[0].getMessage()


def test_missing_folder_named_once(qtbot, window, tmp_path, caplog, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = Path("..") / "no_such_folder"

    with caplog.at_level("INFO"):
        assert not window.openFolder(folder)

    box = window._last_error_box
    assert box.windowTitle() == "Folder not found"
    assert "Folder not found" not in box.text()
    assert box.text().count(str(folder)) == 1
    assert str((tmp_path.parent / "no_such_folder").resolve()) in box.text()
    logged = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert len(logged) == 1
    assert logged[0].count("Folder not found") == 1


def test_error_row_message_is_readable(qtbot, window, small_bottle_folder, tmp_path):
    folder = tmp_path / "mixed"
    shutil.copytree(small_bottle_folder / "test" / "good", folder)
    (folder / "broken.png").write_text("not an image")
    run_folder(qtbot, window, folder)
    record = next(record for record in window.model.records() if record.error is not None)

    assert window.results.selectKey(record.key)
    wait_displayed(qtbot, window)

    table = window.results.table
    row = window.results.proxy.mapFromSource(window.model.index(window.model.rowOfKey(record.key), 0)).row()
    for column in range(window.model.columnCount()):
        if table.isColumnHidden(column):
            continue
        assert record.error in window.results.proxy.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
    assert window.results.proxy.index(row, COL_VERDICT).data() == "Error"
    assert record.error in window.image_caption.text()
    assert record.error in window.override_panel.summary.text()


def test_results_table_fits_without_scrolling(qtbot, window, small_bottle_folder):
    run_folder(qtbot, window, small_bottle_folder)
    qtbot.wait(50)

    table = window.results.table
    assert window.width() == 1600
    assert table.horizontalScrollBar().maximum() == 0
    header = table.horizontalHeader()
    for column in (COL_SCORE, COL_VERDICT, COL_REGIONS, COL_OVERRIDE):
        title = window.model.headerData(column, Qt.Orientation.Horizontal)
        assert not table.isColumnHidden(column)
        assert table.columnWidth(column) >= header.fontMetrics().horizontalAdvance(title)
    longest = max(table.fontMetrics().horizontalAdvance(record.name) for record in window.model.records())
    assert table.columnWidth(COL_NAME) >= longest


def test_threshold_option_reaches_plots(qtbot, counting):
    window = make_window(qtbot, CountingLoader(counting), image_threshold=0.275)
    assert window.settings().image_threshold == pytest.approx(0.275)
    assert window.histogram.threshold() == pytest.approx(0.275)
    assert window.trend.threshold() == pytest.approx(0.275)


def test_histogram_of_all_ng_run(qtbot, counting, small_bottle_folder):
    from PySide6.QtCore import QPointF

    window = make_window(qtbot, CountingLoader(counting), image_threshold=0.0)
    run_folder(qtbot, window, small_bottle_folder)
    histogram = window.histogram
    qtbot.waitUntil(lambda: histogram.counts()["total"] == 6, timeout=5000)
    qtbot.wait(50)

    assert histogram.counts()["NG"] == 6
    legend = histogram.plotWidget().getPlotItem().legend
    assert [label.text for _sample, label in legend.items] == ["NG"]
    view_box = histogram.plotWidget().getPlotItem().getViewBox()
    edges = histogram.binEdges()
    left = view_box.mapViewToScene(QPointF(edges[0], 0)).x()
    right = view_box.mapViewToScene(QPointF(edges[1], 0)).x()
    assert right - left >= 3  # pixels: a bar wide enough to see
    label_rect = histogram.thresholdLabel().sceneBoundingRect()
    assert view_box.sceneBoundingRect().contains(label_rect)


class FaultyInspector(CountingInspector):
    """Raises an unexpected exception on the second image only."""

    def inspect(self, image, settings):
        with self.lock:
            self.calls += 1
            call = self.calls
        if call == 2:
            raise IndexError("simulated fault deep in the model")
        return self.inner.inspect(image, settings)


def test_worker_fault_logged_and_run_goes_on(qtbot, tiny_inspector, small_bottle_folder, tmp_path, monkeypatch):
    monkeypatch.setenv("WINCLIP_DESKTOP_DATA_DIR", str(tmp_path / "data"))
    faulty = FaultyInspector(tiny_inspector)
    window = make_window(qtbot, CountingLoader(faulty))
    run_folder(qtbot, window, small_bottle_folder)

    errors = [record for record in window.model.records() if record.error]
    assert faulty.calls == 6
    assert len(errors) == 1
    assert "IndexError" in errors[0].error
    assert window.model.rowCount() == 6
    assert window.inspection_log is not None
    assert window.inspection_log.flush(10)
    logged_errors = [entry for entry in window.inspection_log.query(source=str(small_bottle_folder)) if entry.error]
    assert len(logged_errors) == 1
    assert "simulated fault" in logged_errors[0].error
