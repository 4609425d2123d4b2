"""Table of the defect regions of the selected image."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from winclip_desktop.engine.types import Region

logger = logging.getLogger(__name__)

REGION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
BOX_COLUMN = 2


class _NumericItem(QTableWidgetItem):
    """A cell that sorts by its numeric value instead of its text."""

    def __init__(self, text: str, value: float):
        super().__init__(text)
        self.setData(Qt.ItemDataRole.UserRole, value)
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine = self.data(Qt.ItemDataRole.UserRole)
        theirs = other.data(Qt.ItemDataRole.UserRole)
        if mine is None or theirs is None:
            return super().__lt__(other)
        return mine < theirs


class RegionList(QWidget):
    """Id, area, bounding box, max and mean score of each region.

    ``regionActivated(id)`` fires when the user selects a row; ``setRegions`` and ``selectRegion``
    change the table without emitting it.
    """

    regionActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, 5)
        # Short headers keep the five columns within the dock's width, and the tooltips give the units.
        headers = [
            (self.tr("Id"), self.tr("Region number, as drawn on the overlay")),
            (self.tr("Area"), self.tr("Area in image pixels")),
            (self.tr("Box"), self.tr("Bounding box: x, y, width × height in image pixels")),
            (self.tr("Max"), self.tr("Highest pixel score in the region")),
            (self.tr("Mean"), self.tr("Mean pixel score in the region")),
        ]
        for column, (title, tooltip) in enumerate(headers):
            header_item = QTableWidgetItem(title)
            header_item.setToolTip(tooltip)
            self.table.setHorizontalHeaderItem(column, header_item)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(BOX_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        self._updating = False
        self.table.itemSelectionChanged.connect(self._on_selection)
        # A click on the row that is already selected changes no selection but should centre again.
        self.table.cellClicked.connect(lambda _row, _column: self._on_selection())

    def setRegions(self, regions: list[Region]) -> None:
        self._updating = True
        self.table.setSortingEnabled(False)
        self.table.clearContents()
        self.table.setRowCount(len(regions))
        for row, region in enumerate(regions):
            x, y, width, height = region.bbox
            cells = [
                _NumericItem(str(region.id), region.id),
                _NumericItem(str(region.area), region.area),
                QTableWidgetItem(f"{x}, {y}, {width} × {height}"),
                _NumericItem(f"{region.max_score:.4f}", region.max_score),
                _NumericItem(f"{region.mean_score:.4f}", region.mean_score),
            ]
            for column, cell in enumerate(cells):
                cell.setData(REGION_ID_ROLE, region.id)
                self.table.setItem(row, column, cell)
        self.table.setSortingEnabled(True)
        self._updating = False

    def regionCount(self) -> int:
        return self.table.rowCount()

    def rowOfRegion(self, region_id: int) -> int:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(REGION_ID_ROLE) == region_id:
                return row
        return -1

    def selectRegion(self, region_id: int | None) -> None:
        self._updating = True
        row = -1 if region_id is None else self.rowOfRegion(region_id)
        if row < 0:
            self.table.clearSelection()
        else:
            self.table.selectRow(row)
        self._updating = False

    def selectedRegionId(self) -> int | None:
        items = self.table.selectedItems()
        return items[0].data(REGION_ID_ROLE) if items else None

    def _on_selection(self) -> None:
        if self._updating:
            return
        region_id = self.selectedRegionId()
        if region_id is not None:
            self.regionActivated.emit(int(region_id))
