"""Image view of one inspected image: original and heatmap overlay side by side, with region outlines.

The two views sit left and right in a wide widget and one above the other in a tall one.
A new image is fitted into the view, and the fit is redone on every resize until the user
zooms or pans, so an image shown before the layout has settled still fills the final view.

Two pyqtgraph ViewBoxes share zoom and pan through ``setXLink``/``setYLink``. The heatmap's colour
scale uses fixed levels given by the caller (never the map's own min/max), so the same score has the
same colour on every image and a flat normal map does not light up.
Image coordinates are original image pixels: x is the column and y the row. Pixel (x, y)
covers the square [x, x+1) x [y, y+1).
"""

from __future__ import annotations

import logging
import math

import cv2
import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Signal
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QBoxLayout, QGraphicsPathItem, QWidget

from winclip_desktop.engine.types import Region

logger = logging.getLogger(__name__)

DEFAULT_COLORMAP = "turbo"
DEFAULT_LEVELS = (0.0, 1.0)
DISPLAY_LIMIT = 1e6  # map values beyond +/- this are shown as this value
MAX_REGION_LABELS = 200  # more labels than this clutter the view and slow down redraws
# Width and height in pixels below which the widget cannot shrink. The overlay pane loses about
# 85 pixels to its colour bar, so a narrower widget leaves the image view no width at all.
MIN_WIDGET_SIZE = (360, 320)

_CONTOUR_COLOUR = (0, 255, 255)
_HIGHLIGHT_COLOUR = (255, 230, 0)
_LABEL_FILL = (0, 0, 0, 170)


def available_colormaps() -> list[str]:
    """Sorted names of the colour maps pyqtgraph ships (``pyqtgraph.colormap.listMaps()``)."""
    return sorted(pg.colormap.listMaps(), key=str.lower)


def display_map(anomaly_map: np.ndarray) -> np.ndarray:
    """Return the map as finite float32 for display: NaN -> 0, values clipped to +/-DISPLAY_LIMIT.

    The clip keeps pyqtgraph's level scaling from overflowing float32; it changes only the
    colours of values far outside any colour scale. The input is copied only when it needs a change.
    """
    scores = np.asarray(anomaly_map, dtype=np.float32)
    if scores.size and not (np.isfinite(scores).all() and np.abs(scores).max() <= DISPLAY_LIMIT):
        scores = np.clip(np.nan_to_num(scores, nan=0.0, posinf=DISPLAY_LIMIT, neginf=-DISPLAY_LIMIT), -DISPLAY_LIMIT, DISPLAY_LIMIT)
    return scores


def region_contours(mask: np.ndarray, regions: list[Region]) -> dict[int | None, list[np.ndarray]]:
    """Group the outer contours of a 0/255 mask by region id.

    A contour belongs to the region whose bounding box equals the contour's bounding rectangle,
    which holds for the outer border of an 8-connected component. Contours that match no region
    (possible when the mask and the regions come from different settings) are listed under None.
    Each contour is an (N, 2) float array of (x, y) pixel centres.
    """
    grouped: dict[int | None, list[np.ndarray]] = {}
    if mask is None or mask.size == 0 or not mask.any():
        return grouped
    contours, _ = cv2.findContours((mask > 0).astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    region_of_bbox = {tuple(region.bbox): region.id for region in regions}
    for contour in contours:
        bbox = tuple(int(v) for v in cv2.boundingRect(contour))
        points = contour.reshape(-1, 2).astype(np.float64) + 0.5
        grouped.setdefault(region_of_bbox.get(bbox), []).append(points)
    return grouped


def contour_path(contours: list[np.ndarray]) -> QPainterPath:
    """Return one closed painter path through every contour of :func:`region_contours`."""
    path = QPainterPath()
    for points in contours:
        if len(points) == 0:
            continue
        path.moveTo(QPointF(points[0][0], points[0][1]))
        for x, y in points[1:]:
            path.lineTo(QPointF(x, y))
        path.closeSubpath()
    return path


def _has_area(box: pg.ViewBox) -> bool:
    size = box.size()
    return size.width() >= 1 and size.height() >= 1


def _image_item() -> pg.ImageItem:
    return pg.ImageItem(axisOrder="row-major")


class ImageView(QWidget):
    """The original image and the heatmap overlay with region outlines, zoom and pan linked.

    Signals:
        pixelHovered(x, y, score): the mouse is over pixel (x, y); ``score`` is the raw map value
            (NaN when the image has no map).
        hoverLeft(): the mouse left the image.
    """

    pixelHovered = Signal(int, int, float)
    hoverLeft = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._image: np.ndarray | None = None
        self._map: np.ndarray | None = None
        self._regions: list[Region] = []
        self._contours: dict[int | None, list[np.ndarray]] = {}
        self._selected_region: int | None = None
        self._levels = DEFAULT_LEVELS
        self._colormap_name = DEFAULT_COLORMAP
        self._opacity = 0.5
        self._contours_visible = True
        self._side_by_side = True
        self._labels: list[pg.TextItem] = []
        self._fit_requested = False  # keep the whole image in view through resizes
        self.setMinimumSize(*MIN_WIDGET_SIZE)

        self.original_widget = pg.GraphicsLayoutWidget()
        self.original_box = self.original_widget.addViewBox(row=0, col=0, lockAspect=True, invertY=True, enableMenu=False)
        self.original_image = _image_item()
        self.original_box.addItem(self.original_image)

        self.overlay_widget = pg.GraphicsLayoutWidget()
        self.overlay_box = self.overlay_widget.addViewBox(row=0, col=0, lockAspect=True, invertY=True, enableMenu=False)
        self.overlay_image = _image_item()
        self.heat_image = _image_item()
        self.heat_image.setZValue(1)
        self.overlay_box.addItem(self.overlay_image)
        self.overlay_box.addItem(self.heat_image)
        self.contour_item = QGraphicsPathItem()
        self.contour_item.setPen(pg.mkPen(_CONTOUR_COLOUR, width=2))
        self.contour_item.setZValue(2)
        self.highlight_item = QGraphicsPathItem()
        self.highlight_item.setPen(pg.mkPen(_HIGHLIGHT_COLOUR, width=4))
        self.highlight_item.setZValue(3)
        self.overlay_box.addItem(self.contour_item)
        self.overlay_box.addItem(self.highlight_item)
        self.color_bar = pg.ColorBarItem(
            values=self._levels, colorMap=pg.colormap.get(self._colormap_name), interactive=False, width=14,
            colorMapMenu=False,
        )
        self.overlay_widget.addItem(self.color_bar, row=0, col=1)

        # Linked in both directions: zooming either view moves the other.
        self.original_box.setXLink(self.overlay_box)
        self.original_box.setYLink(self.overlay_box)

        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._layout.addWidget(self.original_widget, 1)
        self._layout.addWidget(self.overlay_widget, 1)

        for widget, box in ((self.original_widget, self.original_box), (self.overlay_widget, self.overlay_box)):
            widget.scene().sigMouseMoved.connect(lambda pos, box=box: self._on_mouse_moved(box, pos))
            box.sigResized.connect(self._on_box_resized)
            box.sigRangeChangedManually.connect(self._on_range_changed_by_user)

        self._apply_colormap()
        self.heat_image.setOpacity(self._opacity)

    # ----------------------------------------------------------------- content

    def setResult(self, image_rgb: np.ndarray, anomaly_map: np.ndarray | None, mask: np.ndarray | None, regions: list[Region]) -> None:
        """Show an image (H, W, 3 uint8 RGB) with its map (H, W) and the regions of its mask.

        The zoom and pan stay as they are when the new image has the same size as the previous
        one, so stepping through a folder compares the same spot. An image of another size is
        fitted into the view.
        """
        previous_shape = None if self._image is None else self._image.shape[:2]
        self._image = image_rgb
        self._map = None if anomaly_map is None else np.asarray(anomaly_map)
        self.original_image.setImage(image_rgb, autoLevels=False, levels=(0, 255))
        self.overlay_image.setImage(image_rgb, autoLevels=False, levels=(0, 255))
        if self._map is not None and self._map.shape[:2] != image_rgb.shape[:2]:
            logger.warning(
                "Anomaly map shape %s differs from image shape %s; the heatmap is hidden",
                self._map.shape, image_rgb.shape[:2],
            )
            self._map = None
        self._update_heat()
        self.setRegions(mask, regions)
        if previous_shape != image_rgb.shape[:2]:
            self.fitImage()

    def setRegions(self, mask: np.ndarray | None, regions: list[Region]) -> None:
        """Replace the region outlines and labels (after new thresholds); keep the selected id if it still exists."""
        self._regions = list(regions)
        self._contours = region_contours(mask, self._regions) if mask is not None else {}
        all_contours = [points for contours in self._contours.values() for points in contours]
        self.contour_item.setPath(contour_path(all_contours))
        self._update_labels()
        ids = {region.id for region in self._regions}
        if self._selected_region not in ids:
            self._selected_region = None
        self._update_highlight()
        self._apply_contour_visibility()

    def clear(self) -> None:
        """Show nothing."""
        self._image = None
        self._map = None
        self.original_image.clear()
        self.overlay_image.clear()
        self.heat_image.clear()
        self.setRegions(None, [])

    def hasImage(self) -> bool:
        return self._image is not None

    def regions(self) -> list[Region]:
        return list(self._regions)

    def _update_heat(self) -> None:
        if self._map is None:
            self.heat_image.clear()
            return
        self.heat_image.setImage(display_map(self._map), autoLevels=False, levels=self._levels)

    def _update_labels(self) -> None:
        for label in self._labels:
            self.overlay_box.removeItem(label)
        self._labels = []
        for region in self._regions[:MAX_REGION_LABELS]:
            x, y, _, _ = region.bbox
            label = pg.TextItem(str(region.id), color=_CONTOUR_COLOUR, fill=_LABEL_FILL, anchor=(0, 1))
            label.setPos(x, y)
            label.setZValue(4)
            self.overlay_box.addItem(label)
            self._labels.append(label)

    # ----------------------------------------------------------------- display options

    def levels(self) -> tuple[float, float]:
        """Return the heatmap's colour scale (low, high) in score units."""
        return self._levels

    def heatLevels(self) -> tuple[float, float]:
        """Return the levels that the heatmap ImageItem uses (for checks)."""
        low, high = self.heat_image.getLevels() if self.heat_image.image is not None else self._levels
        return float(low), float(high)

    def setLevels(self, low: float, high: float) -> None:
        """Set the colour scale; ``high`` must be greater than ``low`` and both finite."""
        if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
            raise ValueError(f"invalid heatmap levels ({low}, {high}): both must be finite and high > low")
        self._levels = (float(low), float(high))
        if self.heat_image.image is not None:
            self.heat_image.setLevels(self._levels)
        self.color_bar.setLevels(self._levels)

    def colormapName(self) -> str:
        return self._colormap_name

    def setColormap(self, name: str) -> None:
        """Use one of ``available_colormaps()``; raises ValueError for an unknown name."""
        if name not in pg.colormap.listMaps():
            raise ValueError(f"unknown colour map {name!r}; choose one of {', '.join(available_colormaps()[:8])}, ...")
        self._colormap_name = name
        self._apply_colormap()

    def _apply_colormap(self) -> None:
        colormap = pg.colormap.get(self._colormap_name)
        self.heat_image.setColorMap(colormap)
        self.color_bar.setColorMap(colormap)

    def opacity(self) -> float:
        return self._opacity

    def setOpacity(self, opacity: float) -> None:
        """Heatmap opacity from 0 (invisible) to 1 (opaque)."""
        self._opacity = min(1.0, max(0.0, float(opacity)))
        self.heat_image.setOpacity(self._opacity)

    def contoursVisible(self) -> bool:
        return self._contours_visible

    def setContoursVisible(self, visible: bool) -> None:
        self._contours_visible = bool(visible)
        self._apply_contour_visibility()

    def _apply_contour_visibility(self) -> None:
        self.contour_item.setVisible(self._contours_visible)
        self.highlight_item.setVisible(self._contours_visible and self._selected_region is not None)
        for label in self._labels:
            label.setVisible(self._contours_visible)

    def sideBySide(self) -> bool:
        return self._side_by_side

    def setSideBySide(self, enabled: bool) -> None:
        """Show the original next to the overlay (True) or the overlay alone (False)."""
        self._side_by_side = bool(enabled)
        self.original_widget.setVisible(self._side_by_side)
        self._apply_fit()

    # ----------------------------------------------------------------- zoom, pan and regions

    def viewRange(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """Return the visible ((x_min, x_max), (y_min, y_max)) of the overlay view, in image pixels."""
        (x0, x1), (y0, y1) = self.overlay_box.viewRange()
        return (x0, x1), (y0, y1)

    def setViewRange(self, x_range: tuple[float, float], y_range: tuple[float, float]) -> None:
        self._fit_requested = False
        self.overlay_box.setRange(xRange=x_range, yRange=y_range, padding=0)

    def fitImage(self) -> None:
        """Zoom so that the whole image is visible, now and after each resize until the user zooms or pans."""
        self._fit_requested = True
        self._apply_fit()

    def isFitted(self) -> bool:
        """True while the view keeps the whole image fitted (no zoom or pan since the last fit)."""
        return self._fit_requested

    def _apply_fit(self) -> None:
        if self._image is None or not self._fit_requested:
            return
        # pyqtgraph cannot keep the aspect ratio of a view without width or height, and the
        # linked view then takes a range thousands of times too large. Such a view is fitted
        # by the resize that gives it an area.
        if not all(_has_area(box) for box in self._visible_boxes()):
            return
        height, width = self._image.shape[:2]
        self.overlay_box.setRange(QRectF(0, 0, width, height), padding=0.02)

    def _visible_boxes(self) -> list[pg.ViewBox]:
        return [self.overlay_box, self.original_box] if self._side_by_side else [self.overlay_box]

    def _on_box_resized(self, _box=None) -> None:
        self._apply_fit()

    def _on_range_changed_by_user(self, _mask=None) -> None:
        self._fit_requested = False

    def selectedRegionId(self) -> int | None:
        return self._selected_region

    def selectRegion(self, region_id: int | None) -> None:
        """Highlight a region and centre the view on its centroid (zoomed out if it does not fit)."""
        region = next((r for r in self._regions if r.id == region_id), None)
        self._selected_region = None if region is None else region.id
        self._update_highlight()
        self._apply_contour_visibility()
        if region is not None:
            self._centre_on(region)

    def _update_highlight(self) -> None:
        contours = self._contours.get(self._selected_region, []) if self._selected_region is not None else []
        self.highlight_item.setPath(contour_path(contours))

    def _centre_on(self, region: Region) -> None:
        (x0, x1), (y0, y1) = self.viewRange()
        width = max(x1 - x0, region.bbox[2] * 1.5)
        height = max(y1 - y0, region.bbox[3] * 1.5)
        cx, cy = region.centroid
        self._fit_requested = False
        self.overlay_box.setRange(xRange=(cx - width / 2, cx + width / 2), yRange=(cy - height / 2, cy + height / 2), padding=0)

    # ----------------------------------------------------------------- hover

    def scoreAt(self, x: int, y: int) -> float:
        """Return the raw map value at pixel (x, y), NaN outside the map or without a map."""
        if self._map is None:
            return math.nan
        height, width = self._map.shape[:2]
        if not (0 <= x < width and 0 <= y < height):
            return math.nan
        return float(self._map[y, x])

    def _on_mouse_moved(self, box: pg.ViewBox, scene_pos) -> None:
        if self._image is None:
            return
        point = box.mapSceneToView(scene_pos)
        x, y = int(math.floor(point.x())), int(math.floor(point.y()))
        height, width = self._image.shape[:2]
        if 0 <= x < width and 0 <= y < height:
            self.pixelHovered.emit(x, y, self.scoreAt(x, y))
        else:
            self.hoverLeft.emit()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Side by side in a wide area, one above the other in a tall one: larger images either way.
        size = event.size()
        direction = QBoxLayout.Direction.LeftToRight if size.width() >= size.height() else QBoxLayout.Direction.TopToBottom
        if self._layout.direction() != direction:
            self._layout.setDirection(direction)
        super().resizeEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.hoverLeft.emit()
        super().leaveEvent(event)


__all__ = ["ImageView", "available_colormaps", "display_map", "region_contours", "DEFAULT_COLORMAP", "DEFAULT_LEVELS"]
