"""The results table with its filter bar, thumbnails toggle and keyboard navigation."""

from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from winclip_desktop.engine.types import NG, OK
from winclip_desktop.gui.results_model import (
    COL_COMMENT,
    COL_ERROR,
    COL_NAME,
    COL_OVERRIDE,
    COL_REGIONS,
    COL_SCORE,
    COL_VERDICT,
    ERROR,
    FINAL_VERDICT_ROLE,
    KEY_ROLE,
    VERDICT_FILTER_ALL,
    VERDICT_FILTER_OVERRIDDEN,
    ResultsFilterProxy,
    ResultsModel,
)
from winclip_desktop.gui.thumbnails import THUMBNAIL_SIZE, ThumbnailProvider

logger = logging.getLogger(__name__)

_HEADER_PADDING = 28  # pixels for the sort arrow and the section margins
_CELL_PADDING = 14  # pixels for the cell margins and the grid line


class ResultsPanel(QWidget):
    """Sortable, filterable table of results; ``currentKeyChanged(key)`` fires on a new current row (-1 for none).

    Navigation (``nextImage``, ``previousImage``, ``nextNg``) follows the sorted and filtered order
    and wraps around at the end.
    """

    currentKeyChanged = Signal(int)

    def __init__(self, model: ResultsModel, thumbnails: ThumbnailProvider, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.thumbnails = thumbnails
        self.proxy = ResultsFilterProxy(self)
        self.proxy.setSourceModel(model)

        self.verdict_filter = QComboBox()
        self.verdict_filter.addItem(self.tr("All"), VERDICT_FILTER_ALL)
        self.verdict_filter.addItem(self.tr("NG"), NG)
        self.verdict_filter.addItem(self.tr("OK"), OK)
        self.verdict_filter.addItem(self.tr("Errors"), ERROR)
        self.verdict_filter.addItem(self.tr("Overridden"), VERDICT_FILTER_OVERRIDDEN)
        self.verdict_filter.setToolTip(self.tr("Filter by final verdict (the override when there is one)."))
        self.score_filter = QCheckBox(self.tr("Score"))
        self.score_low = QDoubleSpinBox()
        self.score_high = QDoubleSpinBox()
        for spin, value in ((self.score_low, 0.0), (self.score_high, 1.0)):
            spin.setRange(-1000.0, 1000.0)
            spin.setDecimals(5)
            spin.setSingleStep(0.01)
            spin.setValue(value)
            spin.setEnabled(False)
        self.show_thumbnails = QCheckBox(self.tr("Thumbnails"))

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self._fit_columns()
        self._default_row_height = self.table.verticalHeader().defaultSectionSize()

        self.counts = QLabel()

        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Show")))
        filters.addWidget(self.verdict_filter)
        filters.addSpacing(8)
        filters.addWidget(self.score_filter)
        filters.addWidget(self.score_low)
        filters.addWidget(QLabel("–"))
        filters.addWidget(self.score_high)
        filters.addStretch(1)
        filters.addWidget(self.show_thumbnails)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.counts)

        self.verdict_filter.currentIndexChanged.connect(self._apply_verdict_filter)
        self.score_filter.toggled.connect(self._apply_score_filter)
        self.score_low.valueChanged.connect(self._apply_score_filter)
        self.score_high.valueChanged.connect(self._apply_score_filter)
        self.show_thumbnails.toggled.connect(self.setThumbnailsVisible)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.thumbnails.thumbnailReady.connect(self.model.refreshRow)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.dataChanged):
            signal.connect(self._update_counts)
        self._update_counts()

    def _fit_columns(self) -> None:
        """Size the columns so that the table needs no horizontal scroll bar.

        The name column takes the width the others leave. The error column stays hidden because
        an error row shows its message in every cell's tooltip and in the caption of the selected
        image, where it is not cut.
        """
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnHidden(COL_ERROR, True)
        # Widest expected cell text of each fixed column, besides its header. A longer comment
        # is cut, and its cell's tooltip shows the whole text.
        samples = {
            COL_SCORE: ["-0.0000", "0.0000"],
            COL_VERDICT: [OK, NG, self.model.errorVerdictText()],
            COL_REGIONS: ["9999"],
            COL_OVERRIDE: [OK, NG],
            COL_COMMENT: ["comment text"],
        }
        cell_metrics = self.table.fontMetrics()
        header_metrics = header.fontMetrics()
        for column, texts in samples.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            # The header needs room for the sort arrow; a cell needs room for its margins.
            width = max(
                header_metrics.horizontalAdvance(title) + _HEADER_PADDING,
                max(cell_metrics.horizontalAdvance(text) for text in texts) + _CELL_PADDING,
            )
            self.table.setColumnWidth(column, width)

    # ----------------------------------------------------------------- filters

    def _apply_verdict_filter(self, *_args) -> None:
        self.proxy.setVerdictFilter(self.verdict_filter.currentData())

    def _apply_score_filter(self, *_args) -> None:
        enabled = self.score_filter.isChecked()
        self.score_low.setEnabled(enabled)
        self.score_high.setEnabled(enabled)
        low, high = self.score_low.value(), self.score_high.value()
        if not enabled:
            self.proxy.setScoreRange(None)
        elif high >= low:
            self.proxy.setScoreRange(low, high)
        self._update_counts()

    def setVerdictFilter(self, verdict: str) -> None:
        index = self.verdict_filter.findData(verdict)
        if index < 0:
            raise ValueError(f"unknown verdict filter {verdict!r}")
        self.verdict_filter.setCurrentIndex(index)

    def setScoreFilter(self, low: float | None, high: float | None = None) -> None:
        """Show only scores in [low, high]; ``low=None`` shows every score."""
        if low is not None:
            self.score_low.setValue(low)
            self.score_high.setValue(high if high is not None else low)
        self.score_filter.setChecked(low is not None)
        self._apply_score_filter()

    def setThumbnailsVisible(self, visible: bool) -> None:
        if self.show_thumbnails.isChecked() != visible:
            self.show_thumbnails.setChecked(visible)
            return  # the toggled signal calls back
        if visible:
            self.model.setThumbnailLookup(self._thumbnail_for)
            self.table.setIconSize(QSize(THUMBNAIL_SIZE, THUMBNAIL_SIZE))
            self.table.verticalHeader().setDefaultSectionSize(THUMBNAIL_SIZE + 4)
        else:
            self.model.setThumbnailLookup(None)
            self.table.verticalHeader().setDefaultSectionSize(self._default_row_height)

    def _thumbnail_for(self, record):
        if record.error is not None:
            return None
        key, path, model = record.key, record.path, self.model

        def load():
            try:
                return model.frames.get(key)
            except KeyError:
                from winclip_desktop.gui.worker import default_image_reader

                if path is None:
                    raise
                return default_image_reader(path)

        return self.thumbnails.thumbnail(key, load)

    def _update_counts(self, *_args) -> None:
        counts = self.model.counts()
        self.counts.setText(
            self.tr("%1 images: %2 NG, %3 OK, %4 errors; %5 shown")
            .replace("%1", str(counts["total"]))
            .replace("%2", str(counts[NG]))
            .replace("%3", str(counts[OK]))
            .replace("%4", str(counts[ERROR]))
            .replace("%5", str(self.proxy.rowCount()))
        )

    # ----------------------------------------------------------------- selection and navigation

    def currentKey(self) -> int:
        """Return the key of the current row, or -1 when there is none."""
        index = self.table.currentIndex()
        return int(index.data(KEY_ROLE)) if index.isValid() else -1

    def selectKey(self, key: int) -> bool:
        """Make the row of ``key`` current; return False when it is filtered out or unknown."""
        source_row = self.model.rowOfKey(key)
        if source_row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            return False
        self._select_proxy_row(index.row())
        return True

    def selectRow(self, row: int) -> None:
        """Make the ``row``-th visible row (sorted and filtered order) current."""
        if 0 <= row < self.proxy.rowCount():
            self._select_proxy_row(row)

    def _select_proxy_row(self, row: int) -> None:
        index = self.proxy.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def nextImage(self) -> None:
        self._step(+1)

    def previousImage(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        count = self.proxy.rowCount()
        if count == 0:
            return
        current = self.table.currentIndex()
        if current.isValid():
            row = (current.row() + delta) % count
        elif delta > 0:
            row = 0
        else:
            row = count - 1
        self._select_proxy_row(row)

    def nextNg(self) -> bool:
        """Move to the next row (wrapping) whose final verdict is NG; return False when there is none."""
        count = self.proxy.rowCount()
        start = self.table.currentIndex().row() if self.table.currentIndex().isValid() else -1
        for offset in range(1, count + 1):
            row = (start + offset) % count
            if self.proxy.index(row, 0).data(FINAL_VERDICT_ROLE) == NG:
                self._select_proxy_row(row)
                return True
        return False

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.currentKeyChanged.emit(int(current.data(KEY_ROLE)) if current.isValid() else -1)
