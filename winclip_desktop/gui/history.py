"""History view: browse, filter and export the inspection log, and reopen an entry's annotated image.

Threading: queries, image decoding and CSV export run in a QThreadPool owned by the widget, and
their results come back to the GUI thread by queued signals. A query of a few thousand rows
would be fast enough on the GUI thread. But a station that inspects one part per second logs
about 30,000 rows in an 8-hour shift, and the annotated PNG of a large camera image takes a
noticeable time to decode. So the GUI thread only checks whether an image file exists. Each
request carries a generation number, and results of superseded requests are dropped.
"""

from __future__ import annotations

import html
import logging
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    QSortFilterProxyModel,
    Qt,
    QThreadPool,
    QTime,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QImage, QImageReader, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from winclip_desktop.engine.types import NG, OK
from winclip_desktop.gui.pool_signals import emit_from_pool
from winclip_desktop.storage.inspection_log import (
    ANNOTATED_EXPORT_KEY,
    ERROR_FILTER,
    InspectionLog,
    InspectionRecord,
)
from winclip_desktop.storage.log_export import export_csv, write_csv

logger = logging.getLogger(__name__)

DEFAULT_ROW_LIMIT = 10_000
DEFAULT_DAYS = 7

# Okabe-Ito colours, the same as the verdict colours of gui.statistics.
NG_TEXT_COLOR = QColor(213, 94, 0)
ERROR_TEXT_COLOR = QColor(150, 150, 150)
RANDOM_WEIGHTS_COLOR = "#d55e00"

SORT_ROLE = Qt.ItemDataRole.UserRole
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class HistoryFilter:
    """Filter values of the history view, in the form :meth:`InspectionLog.query` takes.

    ``since`` and ``until`` are epoch seconds (``until`` exclusive, None for "up to now").
    """

    since: float | None = None
    until: float | None = None
    verdict: str | None = None
    recipe: str | None = None
    source: str | None = None

    def query_kwargs(self) -> dict[str, Any]:
        return {
            "since": self.since,
            "until": self.until,
            "verdict": self.verdict,
            "recipe": self.recipe,
            "source": self.source,
        }


def annotated_image_path(record: InspectionRecord) -> str | None:
    """Return the annotated PNG of a record from its export paths, or None when none was saved."""
    path = record.export_paths.get(ANNOTATED_EXPORT_KEY)
    if path:
        return path
    for key, value in record.export_paths.items():
        if "annotated" in key.lower() and value:
            return value
    return None


def _local_time_text(epoch: float) -> str:
    return datetime.fromtimestamp(epoch).strftime("%Y-%m-%d %H:%M:%S")


# --------------------------------------------------------------------------------------------
# Background tasks
# --------------------------------------------------------------------------------------------


class _TaskSignals(QObject):
    recordsLoaded = Signal(int, object, object, object)  # generation, records, recipes, sources
    queryFailed = Signal(int, str)
    imageLoaded = Signal(int, object, str)  # generation, QImage or None, error text
    exportDone = Signal(str, int, str)  # path, rows, error text ("" on success)


class _Task(QRunnable):
    """Pool task that runs ``function``, which reports through the signals it was given."""

    def __init__(self, function: Callable[[], None]) -> None:
        super().__init__()
        self._function = function

    def run(self) -> None:
        self._function()


def _load_records(
    signals: _TaskSignals, generation: int, log: InspectionLog, history_filter: HistoryFilter, limit: int
) -> None:
    try:
        records = log.query(**history_filter.query_kwargs(), limit=limit, newest_first=True)
        recipes = log.distinct_values("recipe_name")
        sources = log.distinct_values("source")
    except Exception as exc:  # noqa: BLE001 - reported in the widget, because the GUI must keep running
        logger.exception("history: query of inspection log %s failed", log.path)
        emit_from_pool(signals.queryFailed, generation, str(exc))
        return
    emit_from_pool(signals.recordsLoaded, generation, records, recipes, sources)


def _load_image(signals: _TaskSignals, generation: int, path: str) -> None:
    # QImage (unlike QPixmap) may be created outside the GUI thread.
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    image = reader.read()
    if image.isNull():
        emit_from_pool(signals.imageLoaded, generation, None, reader.errorString())
    else:
        emit_from_pool(signals.imageLoaded, generation, image, "")


def _export(
    signals: _TaskSignals,
    path: str,
    log: InspectionLog,
    selected: list[InspectionRecord] | None,
    history_filter: HistoryFilter,
) -> None:
    try:
        if selected is not None:
            rows = write_csv(selected, path)
        else:
            rows = export_csv(log, path, **history_filter.query_kwargs())
    except Exception as exc:  # noqa: BLE001 - OSError and SQLite errors, reported in the widget
        logger.exception("history: CSV export to %s failed", path)
        emit_from_pool(signals.exportDone, path, 0, str(exc))
        return
    emit_from_pool(signals.exportDone, path, rows, "")


# --------------------------------------------------------------------------------------------
# Table model
# --------------------------------------------------------------------------------------------


class HistoryTableModel(QAbstractTableModel):
    """Table model of inspection records with one row per record, in the order loaded (newest first)."""

    COLUMN_TIME, COLUMN_VERDICT, COLUMN_SCORE, COLUMN_RECIPE, COLUMN_SOURCE, COLUMN_IMAGE, \
        COLUMN_REGIONS, COLUMN_NOTE = range(8)
    COLUMN_COUNT = 8

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: list[InspectionRecord] = []

    def setRecords(self, records: list[InspectionRecord]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def records(self) -> list[InspectionRecord]:
        return list(self._records)

    def record(self, row: int) -> InspectionRecord:
        return self._records[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = (
            self.tr("Time"),
            self.tr("Verdict"),
            self.tr("Score"),
            self.tr("Recipe"),
            self.tr("Source"),
            self.tr("Image"),
            self.tr("Regions"),
            self.tr("Comment / error"),
        )
        return headers[section] if 0 <= section < len(headers) else None

    def verdictText(self, record: InspectionRecord) -> str:
        """Return the final verdict as shown in the table, marking operator overrides and errors."""
        if record.error is not None:
            return self.tr("Error")
        if record.override and record.override != record.verdict:
            return _format(self.tr("%1 (operator; model %2)"), record.override, record.verdict)
        return record.final_verdict or ""

    def scoreText(self, record: InspectionRecord) -> str:
        """Return the image score as text, marked when it comes from random weights."""
        if record.image_score is None:
            return ""
        score = f"{record.image_score:.4f}"
        if record.is_random_weights:
            return _format(self.tr("%1 (random weights)"), score)
        return score

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(record, column)
        if role == SORT_ROLE:
            return self._sort_key(record, column)
        if role == RECORD_ROLE:
            return record
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COLUMN_VERDICT:
            if record.error is not None:
                return ERROR_TEXT_COLOR
            if record.final_verdict == NG:
                return NG_TEXT_COLOR
        return None

    def _display(self, record: InspectionRecord, column: int) -> str:
        if column == self.COLUMN_TIME:
            return _local_time_text(record.time_epoch)
        if column == self.COLUMN_VERDICT:
            return self.verdictText(record)
        if column == self.COLUMN_SCORE:
            return self.scoreText(record)
        if column == self.COLUMN_RECIPE:
            return record.recipe_name or ""
        if column == self.COLUMN_SOURCE:
            return record.source
        if column == self.COLUMN_IMAGE:
            return os.path.basename(record.image_path) if record.image_path else ""
        if column == self.COLUMN_REGIONS:
            return "" if record.error is not None else str(len(record.regions))
        if column == self.COLUMN_NOTE:
            return record.error or record.comment or ""
        return ""

    def _sort_key(self, record: InspectionRecord, column: int) -> Any:
        if column == self.COLUMN_TIME:
            return record.time_epoch
        if column == self.COLUMN_SCORE:
            return -1.0e30 if record.image_score is None else record.image_score
        if column == self.COLUMN_REGIONS:
            return len(record.regions)
        return self._display(record, column)

    def _tooltip(self, record: InspectionRecord, column: int) -> str | None:
        if column == self.COLUMN_IMAGE and record.image_path:
            return record.image_path
        if column == self.COLUMN_SCORE and record.is_random_weights:
            return self.tr("Scored with random weights: the score is meaningless.")
        if column == self.COLUMN_TIME:
            return record.time_utc
        if column == self.COLUMN_NOTE:
            return record.error or record.comment
        return None


# --------------------------------------------------------------------------------------------
# Widgets
# --------------------------------------------------------------------------------------------


class _ImageView(QLabel):
    """Label that shows a pixmap scaled to its size, keeping the aspect ratio."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap: QPixmap | None = None
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(160, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def setImage(self, pixmap: QPixmap | None) -> None:
        self._pixmap = pixmap
        self._rescale()

    def image(self) -> QPixmap | None:
        """Return the full-size pixmap shown, or None."""
        return self._pixmap

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        if self._pixmap is None or self._pixmap.isNull():
            self.clear()
            return
        self.setPixmap(
            self._pixmap.scaled(
                self.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )


class HistoryWidget(QWidget):
    """Inspection log browser: filters, a table of entries, the entry's annotated image, CSV export.

    Signals (all emitted in the GUI thread):
        recordsLoaded(int): a refresh finished with this many rows shown.
        entryShown(int): the detail panel finished showing the entry with this record id,
            with its image or with a message why there is none.
        exportFinished(str, int, str): a CSV export to the path finished with this many rows;
            the third value is the error message, empty on success.
    """

    recordsLoaded = Signal(int)
    entryShown = Signal(int)
    exportFinished = Signal(str, int, str)

    def __init__(
        self, log: InspectionLog, parent: QWidget | None = None, *, row_limit: int = DEFAULT_ROW_LIMIT
    ) -> None:
        super().__init__(parent)
        self._log = log
        self._row_limit = row_limit
        self._query_generation = 0
        self._image_generation = 0
        self._shown_record: InspectionRecord | None = None
        self._busy_exports = 0

        # The pool is created before the signals object so that it is destroyed first, and its
        # destructor waits for running tasks while their signals object still exists.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._signals = _TaskSignals(self)
        self._signals.recordsLoaded.connect(self._on_records_loaded)
        self._signals.queryFailed.connect(self._on_query_failed)
        self._signals.imageLoaded.connect(self._on_image_loaded)
        self._signals.exportDone.connect(self._on_export_done)

        self._build_filter_bar()
        self._build_table()
        self._build_detail_panel()

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self._detail_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(self._filter_layout)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status_label)

    # -- construction ---------------------------------------------------------------------------

    def _build_filter_bar(self) -> None:
        now = QDateTime.currentDateTime()
        start = QDateTime(now.date().addDays(-(DEFAULT_DAYS - 1)), QTime(0, 0))

        self.from_edit = QDateTimeEdit(start, self)
        self.to_edit = QDateTimeEdit(QDateTime(now.date(), QTime(23, 59)), self)
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.until_now_check = QCheckBox(self.tr("Up to now"), self)
        self.until_now_check.setToolTip(self.tr("Show the newest inspections, including those recorded after opening the view."))
        self.until_now_check.setChecked(True)
        self.to_edit.setEnabled(False)
        self.until_now_check.toggled.connect(lambda checked: self.to_edit.setEnabled(not checked))

        self.verdict_combo = QComboBox(self)
        self.verdict_combo.addItem(self.tr("All verdicts"), None)
        self.verdict_combo.addItem(self.tr("OK"), OK)
        self.verdict_combo.addItem(self.tr("NG"), NG)
        self.verdict_combo.addItem(self.tr("Error"), ERROR_FILTER)
        self.verdict_combo.setToolTip(self.tr("The operator override counts when it is set."))

        self.recipe_combo = QComboBox(self)
        self.recipe_combo.addItem(self.tr("All recipes"), None)
        self.source_combo = QComboBox(self)
        self.source_combo.addItem(self.tr("All sources"), None)
        self.source_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.source_combo.setMinimumContentsLength(20)

        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QPushButton(self.tr("Export CSV..."), self)
        self.export_button.setToolTip(self.tr("Export the selected rows, or every row that matches the filter when none is selected."))
        self.export_button.clicked.connect(self._on_export_clicked)

        form = QFormLayout()
        time_row = QHBoxLayout()
        time_row.addWidget(self.from_edit)
        time_row.addWidget(QLabel(self.tr("to"), self))
        time_row.addWidget(self.to_edit)
        time_row.addWidget(self.until_now_check)
        time_row.addStretch(1)
        form.addRow(self.tr("From"), time_row)
        choice_row = QHBoxLayout()
        choice_row.addWidget(self.verdict_combo)
        choice_row.addWidget(self.recipe_combo)
        choice_row.addWidget(self.source_combo, 1)
        choice_row.addWidget(self.refresh_button)
        choice_row.addWidget(self.export_button)
        form.addRow(self.tr("Filter"), choice_row)
        self._filter_layout = form

    def _build_table(self) -> None:
        self.model = HistoryTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(HistoryTableModel.COLUMN_TIME, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        # activated covers double-click and Enter (and single click where the platform opens items so).
        self.table.activated.connect(self._on_activated)

        self.status_label = QLabel(self)

    def _build_detail_panel(self) -> None:
        self._detail_panel = QWidget(self)
        self.detail_label = QLabel(self._detail_panel)
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.RichText)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.image_message_label = QLabel(self._detail_panel)
        self.image_message_label.setWordWrap(True)
        self.image_view = _ImageView(self._detail_panel)
        self.detail_label.setText(self.tr("Double-click an inspection or press Enter to show its annotated image."))

        layout = QVBoxLayout(self._detail_panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.image_message_label)
        layout.addWidget(self.image_view, 1)

    def showEvent(self, event: QShowEvent) -> None:
        """Reload the entries each time the view is shown, so a newly opened tab is up to date."""
        super().showEvent(event)
        self.refresh()

    # -- filters and loading --------------------------------------------------------------------

    def currentFilter(self) -> HistoryFilter:
        """Return the filter set in the controls."""
        since = float(self.from_edit.dateTime().toSecsSinceEpoch())
        until: float | None = None
        if not self.until_now_check.isChecked():
            # The editor shows minutes, so "to 12:30" includes the whole minute 12:30.
            until = float(self.to_edit.dateTime().toSecsSinceEpoch() // 60 * 60 + 60)
        return HistoryFilter(
            since=since,
            until=until,
            verdict=self.verdict_combo.currentData(),
            recipe=self.recipe_combo.currentData(),
            source=self.source_combo.currentData(),
        )

    @Slot()
    def refresh(self) -> None:
        """Load the entries that match the filter, newest first, in the background."""
        history_filter = self.currentFilter()
        if history_filter.until is not None and history_filter.since >= history_filter.until:
            self.status_label.setText(self.tr("The start of the time range must be before its end."))
            return
        self._query_generation += 1
        generation = self._query_generation
        self.status_label.setText(self.tr("Loading..."))
        self._pool.start(
            _Task(lambda: _load_records(self._signals, generation, self._log, history_filter, self._row_limit))
        )

    @Slot(int, object, object, object)
    def _on_records_loaded(self, generation: int, records: list, recipes: list, sources: list) -> None:
        if generation != self._query_generation:
            return
        self.model.setRecords(records)
        self._fill_combo(self.recipe_combo, recipes)
        self._fill_combo(self.source_combo, sources)
        if len(records) >= self._row_limit:
            self.status_label.setText(
                _format(
                    self.tr("Showing the newest %1 inspections only. Narrow the filter to see older ones. Export CSV without a selection exports all matching inspections."),
                    len(records),
                )
            )
        else:
            self.status_label.setText(_format(self.tr("Inspections: %1"), len(records)))
        self.recordsLoaded.emit(len(records))

    @Slot(int, str)
    def _on_query_failed(self, generation: int, message: str) -> None:
        if generation != self._query_generation:
            return
        self.status_label.setText(_format(self.tr("Could not read the inspection log: %1"), message))
        self.recordsLoaded.emit(self.model.rowCount())

    @staticmethod
    def _fill_combo(combo: QComboBox, values: list[str]) -> None:
        """Replace the items after "All ..." with ``values``, keeping the current choice."""
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for value in values:
            combo.addItem(value, value)
        index = combo.findData(current) if current is not None else 0
        if index < 0:  # the chosen value no longer exists, but keep it so the active filter stays visible
            combo.addItem(current, current)
            index = combo.count() - 1
        combo.setCurrentIndex(index)
        combo.blockSignals(False)

    # -- opening an entry -----------------------------------------------------------------------

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        record = self.proxy.data(index, RECORD_ROLE)
        if record is not None:
            self.openEntry(record)

    def openEntry(self, record: InspectionRecord) -> None:
        """Show an entry's details and load its annotated image (or the original when that is gone)."""
        self._image_generation += 1
        self._shown_record = record
        self.detail_label.setText(self._detail_html(record))
        self.image_view.setImage(None)

        annotated = annotated_image_path(record)
        if annotated and os.path.isfile(annotated):
            self.image_message_label.setText("")
            self._start_image_load(annotated)
            return

        if annotated:
            message = _format(
                self.tr("The annotated image %1 was not found. It may have been moved or deleted."), annotated
            )
        else:
            message = self.tr("No annotated image was saved for this inspection.")
        if record.image_path and os.path.isfile(record.image_path):
            self.image_message_label.setText(message + " " + self.tr("Showing the original image without overlay."))
            self._start_image_load(record.image_path)
            return
        self.image_message_label.setText(message)
        self.entryShown.emit(record.id if record.id is not None else -1)

    def shownRecord(self) -> InspectionRecord | None:
        """Return the entry shown in the detail panel, or None."""
        return self._shown_record

    def _start_image_load(self, path: str) -> None:
        generation = self._image_generation
        self._pool.start(_Task(lambda: _load_image(self._signals, generation, path)))

    @Slot(int, object, str)
    def _on_image_loaded(self, generation: int, image: QImage | None, error: str) -> None:
        if generation != self._image_generation or self._shown_record is None:
            return
        if image is None:
            self.image_message_label.setText(
                _format(self.tr("The image could not be read: %1"), error or self.tr("unknown error"))
            )
        else:
            self.image_view.setImage(QPixmap.fromImage(image))  # QPixmap only in the GUI thread
        record_id = self._shown_record.id
        self.entryShown.emit(record_id if record_id is not None else -1)

    def _detail_html(self, record: InspectionRecord) -> str:
        def row(label: str, value: str) -> str:
            return f"<tr><td><b>{html.escape(label)}</b></td><td>{html.escape(value)}</td></tr>"

        rows = [
            row(self.tr("Time"), _local_time_text(record.time_epoch)),
            row(self.tr("Verdict"), self.model.verdictText(record)),
            row(self.tr("Score"), self.model.scoreText(record)),
            row(self.tr("Thresholds"), self._thresholds_text(record)),
            row(self.tr("Regions"), str(len(record.regions))),
            row(self.tr("Recipe"), record.recipe_name or ""),
            row(self.tr("Model"), f"{record.model or ''} / {record.weights or ''}"),
            row(self.tr("Source"), record.source),
            row(self.tr("Image"), record.image_path or self.tr("(camera frame)")),
        ]
        if record.comment:
            rows.append(row(self.tr("Comment"), record.comment))
        if record.error:
            rows.append(row(self.tr("Error"), record.error))
        text = "<table>" + "".join(rows) + "</table>"
        if record.is_random_weights:
            warning = self.tr("Random weights: scores and verdicts of this inspection are meaningless.")
            text = f'<p style="color:{RANDOM_WEIGHTS_COLOR}"><b>{html.escape(warning)}</b></p>' + text
        return text

    def _thresholds_text(self, record: InspectionRecord) -> str:
        if record.image_threshold is None:
            return ""
        pixel = "-" if record.pixel_threshold is None else f"{record.pixel_threshold:.4g}"
        return _format(self.tr("image %1, pixel %2"), f"{record.image_threshold:.4g}", pixel)

    # -- export ---------------------------------------------------------------------------------

    def selectedRecords(self) -> list[InspectionRecord]:
        """Return the records of the selected rows, in table order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.proxy.data(self.proxy.index(row, 0), RECORD_ROLE) for row in rows]

    @Slot()
    def _on_export_clicked(self) -> None:
        default_name = f"inspections-{datetime.now():%Y%m%d-%H%M}.csv"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export inspection log"), str(Path.home() / default_name), self.tr("CSV files (*.csv)")
        )
        if path:
            self.exportCsvTo(path)

    def exportCsvTo(self, path: str | os.PathLike) -> None:
        """Export the selected rows to ``path`` as CSV, or all rows that match the filter when none is selected.

        The export runs in the background and ends with ``exportFinished``.
        """
        selected = self.selectedRecords() or None
        history_filter = self.currentFilter()
        target = os.fspath(path)
        self._busy_exports += 1
        self.export_button.setEnabled(False)
        self.status_label.setText(_format(self.tr("Exporting to %1..."), target))
        self._pool.start(_Task(lambda: _export(self._signals, target, self._log, selected, history_filter)))

    @Slot(str, int, str)
    def _on_export_done(self, path: str, rows: int, error: str) -> None:
        self._busy_exports -= 1
        self.export_button.setEnabled(self._busy_exports == 0)
        if error:
            self.status_label.setText(_format(self.tr("Export to %1 failed: %2"), path, error))
        else:
            self.status_label.setText(_format(self.tr("Exported %1 inspections to %2"), rows, path))
        self.exportFinished.emit(path, rows, error)

    # -- shutdown -------------------------------------------------------------------------------

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Drop queued background tasks, wait for running ones and return True when all finished."""
        self._pool.clear()
        return self._pool.waitForDone(timeout_ms)


def _format(template: str, *values: object) -> str:
    """Replace the Qt-style placeholders %1, %2, ... of a translated text in one pass.

    One pass, so that a value which contains "%2" (a file name, say) is not substituted again.
    """

    def substitute(match: re.Match) -> str:
        number = int(match.group(1))
        return str(values[number - 1]) if 1 <= number <= len(values) else match.group(0)

    return re.sub(r"%(\d)", substitute, template)
