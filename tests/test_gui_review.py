"""Review components on their own: image view, results model and proxy, controls, stores, reprocessing."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import logging
import math
import threading

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QSplitter

from winclip_desktop.engine.postprocess import postprocess
from winclip_desktop.engine.types import NG, OK, PostProcessSettings, Region
from winclip_desktop.gui.array_store import ArrayStore
from winclip_desktop.gui.controls import (
    LEVELS_AROUND_THRESHOLD,
    LEVELS_FIXED,
    LEVELS_MANUAL,
    DisplayControls,
    OverridePanel,
    ThresholdControls,
)
from winclip_desktop.gui.display_loader import DisplayLoader
from winclip_desktop.gui.image_view import ImageView, region_contours
from winclip_desktop.gui.region_list import RegionList
from winclip_desktop.gui.reprocess import Reprocessor, ReprocessJob
from winclip_desktop.gui.results_model import (
    ERROR,
    SOURCE_FOLDER,
    SOURCE_LIVE,
    VERDICT_FILTER_OVERRIDDEN,
    ResultsFilterProxy,
    ResultsModel,
)

SETTINGS = PostProcessSettings(image_threshold=0.5, pixel_threshold=0.5, kernel_size=1, min_area=1)


@pytest.fixture(scope="module")
def bottle_image(bottle_root):
    """A real defective bottle image scaled to 300x300 RGB."""
    path = sorted((bottle_root / "test" / "broken_large").glob("*.png"))[0]
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB").resize((300, 300), Image.Resampling.BILINEAR))


def two_blob_map(height=300, width=300):
    """A float32 map with two separate hot squares (0.9 and 0.7) on a 0.1 background."""
    anomaly_map = np.full((height, width), 0.1, dtype=np.float32)
    anomaly_map[20:60, 30:90] = 0.9
    anomaly_map[150:200, 180:260] = 0.7
    return anomaly_map


@pytest.fixture
def view(qtbot):
    widget = ImageView()
    qtbot.addWidget(widget)
    widget.resize(1000, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


# --------------------------------------------------------------------------- image view


@pytest.mark.parametrize(
    "make_map",
    [
        pytest.param(lambda: np.full((300, 300), 0.37, dtype=np.float32), id="constant"),
        pytest.param(lambda: np.zeros((300, 300), dtype=np.float32), id="zero"),
        pytest.param(lambda: np.full((300, 300), np.nan, dtype=np.float32), id="all-nan"),
        pytest.param(
            lambda: np.where(np.eye(300, dtype=bool), np.nan, np.inf).astype(np.float32), id="nan-and-inf"
        ),
    ],
)
def test_view_levels_fixed_for_degenerate_maps(view, bottle_image, make_map):
    view.setLevels(0.3, 0.7)
    for _ in range(3):
        anomaly_map = make_map()
        result = postprocess(anomaly_map, 0.5, SETTINGS)
        view.setResult(bottle_image, anomaly_map, result.mask, result.regions)
        low, high = view.heatLevels()
        assert math.isfinite(low)
        assert math.isfinite(high)
        assert (low, high) == (0.3, 0.7)
        assert np.isfinite(view.heat_image.image).all()


def test_view_levels_survive_new_images(view, bottle_image):
    view.setLevels(0.2, 0.8)
    for scale in (0.1, 10.0, 1000.0):
        anomaly_map = two_blob_map() * scale
        view.setResult(bottle_image, anomaly_map, None, [])
        assert view.heatLevels() == (0.2, 0.8)


def test_view_rejects_invalid_levels(view):
    for low, high in ((0.5, 0.5), (0.6, 0.4), (math.nan, 1.0), (0.0, math.inf)):
        with pytest.raises(ValueError, match="levels"):
            view.setLevels(low, high)
    assert view.levels() == (0.0, 1.0)


def test_view_hides_map_of_wrong_shape(view, bottle_image):
    view.setResult(bottle_image, np.zeros((10, 10), dtype=np.float32), None, [])
    assert view.heat_image.image is None
    assert view.hasImage()


def test_view_draws_region_outlines_and_labels(view, bottle_image):
    anomaly_map = two_blob_map()
    result = postprocess(anomaly_map, 0.9, SETTINGS)
    view.setResult(bottle_image, anomaly_map, result.mask, result.regions)

    assert len(result.regions) == 2
    assert not view.contour_item.path().isEmpty()
    assert [label.toPlainText() for label in view._labels] == ["1", "2"]
    bounds = view.contour_item.path().boundingRect()
    assert bounds.left() == pytest.approx(30.5)
    assert bounds.right() == pytest.approx(259.5)

    view.setContoursVisible(False)
    assert not view.contour_item.isVisible()
    assert not any(label.isVisible() for label in view._labels)


def test_region_contours_grouped_by_region_id():
    result = postprocess(two_blob_map(), 0.9, SETTINGS)
    grouped = region_contours(result.mask, result.regions)

    assert sorted(grouped) == [1, 2]
    for region in result.regions:
        x, y, width, height = region.bbox
        points = np.concatenate(grouped[region.id])
        assert points[:, 0].min() == pytest.approx(x + 0.5)
        assert points[:, 0].max() == pytest.approx(x + width - 0.5)
        assert points[:, 1].min() == pytest.approx(y + 0.5)
        assert points[:, 1].max() == pytest.approx(y + height - 0.5)


def assert_view_shows_whole_image(view, height, width):
    """The view range contains the whole image and is fitted to it along one axis."""
    (x0, x1), (y0, y1) = view.viewRange()
    assert x0 <= 0
    assert x1 >= width
    assert y0 <= 0
    assert y1 >= height
    assert min((x1 - x0) / width, (y1 - y0) / height) < 1.2  # not shrunk to a dot


def test_view_fit_survives_squeezed_layout(qtbot, bottle_image):
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(QLabel("results"))
    view = ImageView()
    splitter.addWidget(view)
    splitter.setCollapsible(1, False)
    qtbot.addWidget(splitter)
    splitter.resize(900, 730)
    splitter.show()
    qtbot.waitExposed(splitter)
    splitter.setSizes([650, 250])
    view.setResult(bottle_image, two_blob_map(), None, [])

    # A window at its minimum width squeezes the view as far as the splitter allows, then grows.
    splitter.setSizes([900, 0])
    qtbot.wait(20)
    assert view.overlay_box.width() >= 1
    splitter.setSizes([400, 500])
    qtbot.wait(20)

    assert view.isFitted()
    assert_view_shows_whole_image(view, *bottle_image.shape[:2])


def test_view_image_shown_before_layout_is_fitted(qtbot, bottle_image):
    view = ImageView()
    qtbot.addWidget(view)
    view.setResult(bottle_image, two_blob_map(), None, [])  # the boxes have no size yet
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(20)

    assert_view_shows_whole_image(view, *bottle_image.shape[:2])


def test_view_zoom_kept_through_resize(qtbot, view, bottle_image):
    view.setResult(bottle_image, two_blob_map(), None, [])
    view.setViewRange((100.0, 150.0), (100.0, 150.0))
    view.resize(1200, 600)
    qtbot.wait(20)

    (x0, x1), (y0, y1) = view.viewRange()
    assert not view.isFitted()
    assert (x0 + x1) / 2 == pytest.approx(125.0, abs=0.5)
    assert (y0 + y1) / 2 == pytest.approx(125.0, abs=0.5)
    assert x1 - x0 < 100


def test_side_by_side_views_share_zoom(view, bottle_image):
    view.setResult(bottle_image, two_blob_map(), None, [])
    view.setViewRange((100.0, 150.0), (100.0, 150.0))

    (x0, x1), (y0, y1) = view.original_box.viewRange()
    assert (x0 + x1) / 2 == pytest.approx(125.0, abs=0.5)
    assert (y0 + y1) / 2 == pytest.approx(125.0, abs=0.5)

    view.original_box.setRange(xRange=(0.0, 40.0), yRange=(0.0, 40.0), padding=0)
    (x0, x1), (y0, y1) = view.viewRange()
    assert (x0 + x1) / 2 == pytest.approx(20.0, abs=0.5)

    view.setSideBySide(False)
    assert not view.original_widget.isVisible()
    assert view.overlay_widget.isVisible()


def test_hover_reports_pixel_score(qtbot, view, bottle_image):
    anomaly_map = two_blob_map()
    view.setResult(bottle_image, anomaly_map, None, [])
    view.setSideBySide(False)
    view.fitImage()
    qtbot.wait(50)

    scene_point = view.overlay_box.mapViewToScene(QPoint(40, 30).toPointF() + QPoint(0, 0).toPointF())
    widget_point = view.overlay_widget.mapFromScene(scene_point)
    with qtbot.waitSignal(view.pixelHovered, timeout=2000) as blocker:
        QTest.mouseMove(view.overlay_widget.viewport(), widget_point)
    x, y, score = blocker.args
    assert abs(x - 40) <= 1
    assert abs(y - 30) <= 1
    assert score == pytest.approx(float(anomaly_map[y, x]))


def test_select_region_centres_view(view, bottle_image):
    anomaly_map = two_blob_map()
    result = postprocess(anomaly_map, 0.9, SETTINGS)
    view.setResult(bottle_image, anomaly_map, result.mask, result.regions)
    view.setViewRange((0.0, 50.0), (0.0, 50.0))

    region = result.regions[1]
    view.selectRegion(region.id)

    (x0, x1), (y0, y1) = view.viewRange()
    assert view.selectedRegionId() == region.id
    assert (x0 + x1) / 2 == pytest.approx(region.centroid[0], abs=0.5)
    assert (y0 + y1) / 2 == pytest.approx(region.centroid[1], abs=0.5)
    assert x1 - x0 >= region.bbox[2]  # zoomed out so the whole region fits
    assert not view.highlight_item.path().isEmpty()

    view.selectRegion(None)
    assert view.selectedRegionId() is None
    assert view.highlight_item.path().isEmpty()


# --------------------------------------------------------------------------- region list


def test_region_list_click_emits_region_id(qtbot):
    widget = RegionList()
    qtbot.addWidget(widget)
    widget.show()
    result = postprocess(two_blob_map(), 0.9, SETTINGS)
    widget.setRegions(result.regions)

    assert widget.regionCount() == 2
    assert widget.table.item(0, 2).text() == "30, 20, 60 × 40"
    rect = widget.table.visualRect(widget.table.model().index(1, 0))
    with qtbot.waitSignal(widget.regionActivated) as blocker:
        QTest.mouseClick(widget.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [2]

    with qtbot.assertNotEmitted(widget.regionActivated):
        widget.selectRegion(1)
    assert widget.selectedRegionId() == 1


def test_region_table_fits_dock_width(qtbot):
    """All five columns of a large region fit the default 330-pixel-wide Regions dock."""
    widget = RegionList()
    qtbot.addWidget(widget)
    widget.resize(330, 200)
    widget.show()
    qtbot.waitExposed(widget)
    region = Region(id=12, area=251454, bbox=(1195, 1092, 1554, 1649), centroid=(1900.0, 1800.0), max_score=0.9876, mean_score=0.5432)
    widget.setRegions([region])

    scroll_bar = widget.table.horizontalScrollBar()
    assert scroll_bar.maximum() == 0, "the region table scrolls sideways"
    assert widget.table.horizontalHeaderItem(2).toolTip().startswith("Bounding box")


# --------------------------------------------------------------------------- results model and proxy


def make_result(score, anomaly_map=None):
    anomaly_map = two_blob_map(40, 40) if anomaly_map is None else anomaly_map
    return postprocess(anomaly_map, score, SETTINGS)


def test_model_rows_counts_and_overrides(qtbot):
    model = ResultsModel()
    ok_key = model.addResult("a.png", make_result(0.2), {"weights": "random"})
    ng_key = model.addResult("b.png", make_result(0.8), {"weights": "random"})
    error_key = model.addError("c.png", "Cannot read image c.png: truncated file.")

    assert model.rowCount() == 3
    assert model.counts() == {OK: 1, NG: 1, ERROR: 1, "total": 3}
    assert model.anomalyMap(ok_key).shape == (40, 40)
    assert model.anomalyMap(error_key) is None

    with qtbot.waitSignal(model.overrideChanged) as blocker:
        model.setOverride(ng_key, OK, "reflection, not a defect")
    assert blocker.args == [ng_key]
    assert model.record(ng_key).final_verdict == OK
    assert model.counts()[OK] == 2
    with pytest.raises(ValueError, match="override"):
        model.setOverride(ok_key, "maybe")
    with pytest.raises(KeyError):
        model.setOverride(999, OK)


def test_model_caps_live_rows_and_clears_by_source():
    model = ResultsModel(max_live_records=3)
    folder_key = model.addResult("folder.png", make_result(0.2), {})
    live_keys = [
        model.addResult(f"frame {i}", make_result(0.2), {}, source=SOURCE_LIVE, frame=np.zeros((40, 40, 3), np.uint8))
        for i in range(5)
    ]

    assert [record.name for record in model.records()] == ["folder.png", "frame 2", "frame 3", "frame 4"]
    assert model.anomalyMap(live_keys[0]) is None
    assert live_keys[0] not in model.frames
    assert live_keys[4] in model.frames

    model.clear(SOURCE_LIVE)
    assert [record.key for record in model.records()] == [folder_key]
    assert len(model.frames) == 0
    model.clear(SOURCE_FOLDER)
    assert model.rowCount() == 0
    assert len(model.maps) == 0


def test_proxy_filters_overridden_and_errors():
    model = ResultsModel()
    keys = [model.addResult(f"{i}.png", make_result(score), {}) for i, score in enumerate((0.1, 0.6, 0.9))]
    model.addError("bad.png", "Cannot read image bad.png: empty file.")
    model.setOverride(keys[2], OK)
    proxy = ResultsFilterProxy()
    proxy.setSourceModel(model)

    proxy.setVerdictFilter(VERDICT_FILTER_OVERRIDDEN)
    assert proxy.rowCount() == 1
    proxy.setVerdictFilter(ERROR)
    assert proxy.rowCount() == 1
    proxy.setVerdictFilter(NG)
    assert proxy.rowCount() == 1  # 0.9 was overridden to OK
    proxy.setVerdictFilter("all")
    proxy.setScoreRange(0.5, 1.0)
    assert proxy.rowCount() == 2  # the error row has no score
    with pytest.raises(ValueError, match="upper bound"):
        proxy.setScoreRange(0.6, 0.5)
    with pytest.raises(ValueError, match="verdict filter"):
        proxy.setVerdictFilter("bad")


# --------------------------------------------------------------------------- array store


def test_array_store_spills_above_budget():
    arrays = [np.full((100, 100), i, dtype=np.float32) for i in range(5)]
    store = ArrayStore(memory_budget=2 * arrays[0].nbytes)
    for key, array in enumerate(arrays):
        store.put(key, array)

    assert store.memory_bytes == 2 * arrays[0].nbytes
    assert store.spilled_count == 3
    for key, array in enumerate(arrays):
        np.testing.assert_array_equal(store.get(key), array)
    spill_folder = store._folder
    assert spill_folder.is_dir()

    store.discard(4)
    assert 4 not in store
    with pytest.raises(KeyError):
        store.get(4)
    store.close()
    assert not spill_folder.exists()
    assert len(store) == 0


# --------------------------------------------------------------------------- controls


def test_threshold_slider_and_spin_stay_in_sync(qtbot):
    controls = ThresholdControls(PostProcessSettings(0.5, 0.5, 5, 64))
    qtbot.addWidget(controls)
    emitted = []
    controls.settingsChanged.connect(emitted.append)

    controls.image_threshold.slider.setValue(250)
    assert controls.image_threshold.spin.value() == pytest.approx(0.25)
    controls.pixel_threshold.spin.setValue(0.625)
    assert controls.pixel_threshold.slider.value() == 625
    assert len(emitted) == 2
    assert emitted[-1] == PostProcessSettings(0.25, 0.625, 5, 64)

    controls.kernel_size.setValue(4)  # even kernels shift regions; the control rounds up
    assert controls.kernel_size.value() == 5
    controls.kernel_size.setValue(8)
    assert emitted[-1].kernel_size == 9

    emitted.clear()
    controls.setSettings(PostProcessSettings(0.1, 0.2, 3, 10))
    assert emitted == []
    assert controls.settings() == PostProcessSettings(0.1, 0.2, 3, 10)


def test_display_levels_per_mode(qtbot):
    controls = DisplayControls()
    qtbot.addWidget(controls)

    controls.setLevelsMode(LEVELS_FIXED)
    assert controls.levelsFor(0.42) == (0.0, 1.0)
    controls.setLevelsMode(LEVELS_AROUND_THRESHOLD)
    controls.half_width.setValue(0.05)
    assert controls.levelsFor(0.42) == pytest.approx((0.37, 0.47))
    controls.setLevelsMode(LEVELS_MANUAL)
    controls.level_low.setValue(0.2)
    controls.level_high.setValue(0.3)
    assert controls.levelsFor(0.42) == pytest.approx((0.2, 0.3))
    controls.level_high.setValue(0.1)  # invalid: high below low
    assert controls.levelsFor(0.42) == (0.0, 1.0)


def test_override_panel_disabled_for_errors(qtbot):
    panel = OverridePanel()
    qtbot.addWidget(panel)
    model = ResultsModel()
    good = model.record(model.addResult("a.png", make_result(0.3), {}))
    bad = model.record(model.addError("b.png", "Cannot read image b.png: empty file."))

    panel.setRecord(bad)
    assert not panel.mark_ng.isEnabled()
    panel.setRecord(good)
    assert panel.mark_ng.isEnabled()
    with qtbot.waitSignal(panel.overrideRequested) as blocker:
        panel.comment.setText("  dent  ")
        QTest.mouseClick(panel.mark_ng, Qt.MouseButton.LeftButton)
    assert blocker.args == [NG, "dent"]


# --------------------------------------------------------------------------- background work


def test_reprocessor_delivers_latest_settings_only(qtbot):
    maps = {key: two_blob_map(120, 120) * (1 + key / 10) for key in range(20)}
    reprocessor = Reprocessor(lambda key: maps.get(key))
    jobs = [ReprocessJob(key, 0.5) for key in maps]
    received = {}
    reprocessor.resultReady.connect(lambda key, result: received.setdefault(key, []).append(result))

    with qtbot.waitSignal(reprocessor.done, timeout=10_000):
        reprocessor.request(PostProcessSettings(0.9, 0.05, 1, 1), jobs, full_result_key=3)
        final = PostProcessSettings(0.4, 0.8, 1, 1)
        reprocessor.request(final, jobs, full_result_key=3)
    qtbot.wait(100)
    assert reprocessor.stop()

    assert sorted(received) == list(range(20))
    for key, results in received.items():
        latest = results[-1]
        assert latest.settings == final
        assert latest.regions == postprocess(maps[key], 0.5, final).regions
    assert received[3][-1].mask.shape == (120, 120)
    assert received[4][-1].mask.size == 0  # only the displayed result keeps its mask


def test_display_loader_reports_read_errors(qtbot):
    loader = DisplayLoader()

    def broken():
        raise ValueError("Cannot read image /data/x.png: truncated file.")

    with qtbot.waitSignal(loader.failed, timeout=5000) as blocker:
        loader.request(7, broken, None, None, SETTINGS)
    assert blocker.args == [7, "Cannot read image /data/x.png: truncated file."]

    image = np.zeros((20, 30, 3), np.uint8)
    with qtbot.waitSignal(loader.loaded, timeout=5000) as blocker:
        loader.request(8, lambda: image, two_blob_map(20, 30), 0.7, SETTINGS)
    key, loaded_image, result = blocker.args
    assert key == 8
    assert loaded_image is image
    assert result.mask.shape == (20, 30)
    loader.shutdown()


def test_orphaned_load_task_ends_quietly(qtbot, caplog, capfd):
    """A decode still running when the window is deleted drops its result instead of raising."""
    import shiboken6

    loader = DisplayLoader()
    started, release = threading.Event(), threading.Event()

    def slow_image():
        started.set()
        release.wait(5)
        return np.zeros((20, 30, 3), np.uint8)

    caplog.set_level(logging.DEBUG, logger="winclip_desktop.gui.pool_signals")
    loader.request(1, slow_image, None, None, SETTINGS)
    assert started.wait(5)
    shiboken6.delete(loader._signals)  # what PySide does to the window's objects at exit
    release.set()
    assert loader.pool.waitForDone(5000)

    assert "receiver is gone" in caplog.text
    assert "Traceback" not in capfd.readouterr().err


# --------------------------------------------------------------------------- score histogram


@pytest.fixture(scope="module")
def bottle_scores(small_bottle_folder, tiny_inspector):
    """Image scores of the six small bottle images from the tiny random-weights model."""
    from winclip_desktop.engine.image_io import find_images, read_image

    return [tiny_inspector.inspect(read_image(path), SETTINGS).image_score for path in find_images(small_bottle_folder)]


@pytest.fixture
def histogram(qtbot):
    from winclip_desktop.gui.statistics import HistogramWidget

    widget = HistogramWidget()
    qtbot.addWidget(widget)
    widget.resize(380, 260)  # the size of the histogram dock in a 1600x1000 window
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def bar_width_pixels(histogram):
    view_box = histogram.plotWidget().getPlotItem().getViewBox()
    edges = histogram.binEdges()
    left = view_box.mapViewToScene(QPointF(edges[0], 0)).x()
    right = view_box.mapViewToScene(QPointF(edges[1], 0)).x()
    return right - left


@pytest.mark.parametrize("threshold", [0.0, 1.0])
def test_histogram_far_threshold_stays_readable(qtbot, histogram, bottle_scores, threshold):
    verdict = NG if threshold == 0.0 else OK
    histogram.setThreshold(threshold)
    histogram.setResults(bottle_scores, [verdict] * len(bottle_scores))
    qtbot.wait(20)

    assert int(sum(counts.sum() for counts in histogram.histogramCounts().values())) == len(bottle_scores)
    assert bar_width_pixels(histogram) >= 3
    legend = histogram.plotWidget().getPlotItem().legend
    assert [label.text for _sample, label in legend.items] == [verdict]
    view_box = histogram.plotWidget().getPlotItem().getViewBox()
    assert view_box.sceneBoundingRect().contains(histogram.thresholdLabel().sceneBoundingRect())


def test_histogram_bins_follow_dragged_threshold(qtbot, histogram, bottle_scores):
    histogram.setThreshold(0.5)
    histogram.setResults(bottle_scores, [OK] * len(bottle_scores))
    histogram.setThreshold(float(np.median(bottle_scores)))  # inside the score range: 30 bins over the scores

    assert histogram.binEdges().size == 31
    assert histogram.binEdges()[0] == pytest.approx(min(bottle_scores))
    assert histogram.binEdges()[-1] == pytest.approx(max(bottle_scores))

    histogram.setThreshold(0.9)
    assert histogram.binEdges().size < 31
    assert bar_width_pixels(histogram) >= 3
