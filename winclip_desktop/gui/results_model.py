"""The shared table of inspection results (folder runs and live station records) and its filter proxy.

Each row is a ``ResultRecord``: scalar results plus the keys of the arrays that belong to it. The
anomaly maps (float32, original image size) live in an ``ArrayStore`` so that thresholds can be
changed later without a new model call. Live frames are kept in a second store because they have
no file to read again. Binary masks are not kept: they are recomputed with ``postprocess`` for the
image on display and for export.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from winclip_desktop.engine.types import NG, OK, InspectionResult, PostProcessSettings, Region
from winclip_desktop.gui.array_store import ArrayStore

logger = logging.getLogger(__name__)

SOURCE_FOLDER = "folder"
SOURCE_LIVE = "live"

ERROR = "ERROR"  # final verdict of a row whose image could not be inspected

# Column order of the table.
COL_NAME, COL_SCORE, COL_VERDICT, COL_REGIONS, COL_OVERRIDE, COL_COMMENT, COL_ERROR = range(7)
COLUMN_COUNT = 7

# Custom item data roles.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # numeric or text value the proxy sorts by
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # the record's int key
FINAL_VERDICT_ROLE = Qt.ItemDataRole.UserRole + 3  # override if set, else the model verdict, else ERROR
SCORE_ROLE = Qt.ItemDataRole.UserRole + 4  # image score as float, or None for error rows

DEFAULT_MAX_LIVE_RECORDS = 200  # the inspection log and the capture folder keep every live record

_VERDICT_COLOURS = {OK: QColor(30, 140, 60), NG: QColor(200, 30, 30), ERROR: QColor(130, 130, 130)}


@dataclass
class ResultRecord:
    """One row of the results table.

    ``regions`` and ``verdict`` follow the current post-processing ``settings``; they change
    when the thresholds change. ``image_size`` is (height, width) in pixels.
    """

    key: int
    name: str
    source: str
    path: Path | None
    image_score: float | None = None
    verdict: str | None = None
    regions: list[Region] = field(default_factory=list)
    settings: PostProcessSettings | None = None
    image_size: tuple[int, int] = (0, 0)
    identity: dict = field(default_factory=dict)
    override: str | None = None
    comment: str = ""
    error: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def final_verdict(self) -> str:
        """The operator's override if there is one, else the model verdict, else ERROR."""
        if self.error is not None:
            return ERROR
        return self.override or self.verdict or ERROR

    @property
    def max_region_score(self) -> float | None:
        """The highest ``max_score`` over the regions, or None without regions."""
        if not self.regions:
            return None
        return max(region.max_score for region in self.regions)


class ResultsModel(QAbstractTableModel):
    """Qt table model of ``ResultRecord`` rows, shared by the folder review and the live station.

    Rows are appended in arrival order. Live records beyond ``max_live_records`` drop the oldest
    live row, so an all-day camera run keeps a bounded table.
    """

    overrideChanged = Signal(int)  # record key
    recordUpdated = Signal(int)  # record key: verdict/regions recomputed or thumbnail ready

    def __init__(
        self,
        parent: QObject | None = None,
        map_store: ArrayStore | None = None,
        frame_store: ArrayStore | None = None,
        max_live_records: int = DEFAULT_MAX_LIVE_RECORDS,
    ):
        super().__init__(parent)
        self._records: list[ResultRecord] = []
        self._row_of_key: dict[int, int] = {}
        self._next_key = 1
        # NOTE: maps and frames stay in memory up to each store's budget (1 GiB by default).
        # Beyond it they go to the temporary folder: about 4 * height * width bytes per map.
        self.maps = map_store if map_store is not None else ArrayStore(prefix="winclip-maps-")
        self.frames = frame_store if frame_store is not None else ArrayStore(prefix="winclip-frames-")
        self.max_live_records = max_live_records
        self._thumbnail_lookup: Callable[[ResultRecord], object] | None = None
        self._headers = [
            self.tr("Name"),
            self.tr("Score"),
            self.tr("Verdict"),
            self.tr("Regions"),
            self.tr("Override"),
            self.tr("Comment"),
            self.tr("Error"),
        ]

    # ----------------------------------------------------------------- Qt model interface

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._records):
            return None
        record = self._records[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display_text(record, column)
        if role == SORT_ROLE:
            return self._sort_value(record, column)
        if role == KEY_ROLE:
            return record.key
        if role == FINAL_VERDICT_ROLE:
            return record.final_verdict
        if role == SCORE_ROLE:
            return record.image_score
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(record, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, column)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_NAME and self._thumbnail_lookup is not None:
            return self._thumbnail_lookup(record)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_SCORE, COL_REGIONS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def errorVerdictText(self) -> str:
        """Return the verdict cell text of a row whose image could not be inspected."""
        return self.tr("Error")

    def _display_text(self, record: ResultRecord, column: int) -> str | None:
        if column == COL_NAME:
            return record.name
        if column == COL_SCORE:
            return "" if record.image_score is None else f"{record.image_score:.4f}"
        if column == COL_VERDICT:
            if record.error is not None:
                return self.errorVerdictText()
            return record.verdict or ""
        if column == COL_REGIONS:
            return "" if record.error is not None else str(len(record.regions))
        if column == COL_OVERRIDE:
            return record.override or ""
        if column == COL_COMMENT:
            return record.comment
        if column == COL_ERROR:
            return record.error or ""
        return None

    @staticmethod
    def _sort_value(record: ResultRecord, column: int):
        if column == COL_NAME:
            return record.name.lower()
        if column == COL_SCORE:
            # Error rows sort below every score.
            return -math.inf if record.image_score is None or math.isnan(record.image_score) else record.image_score
        if column == COL_VERDICT:
            return {NG: 2, OK: 1}.get(record.verdict or "", 0)
        if column == COL_REGIONS:
            return -1 if record.error is not None else len(record.regions)
        if column == COL_OVERRIDE:
            return record.override or ""
        if column == COL_COMMENT:
            return record.comment.lower()
        return record.error or ""

    @staticmethod
    def _foreground(record: ResultRecord, column: int):
        if column == COL_VERDICT and record.verdict in _VERDICT_COLOURS:
            return QBrush(_VERDICT_COLOURS[record.verdict])
        if column == COL_OVERRIDE and record.override in _VERDICT_COLOURS:
            return QBrush(_VERDICT_COLOURS[record.override])
        if record.error is not None:
            return QBrush(_VERDICT_COLOURS[ERROR])
        return None

    def _tooltip(self, record: ResultRecord, column: int) -> str | None:
        location = str(record.path) if record.path is not None else record.name
        if record.error is not None:
            # Every cell of an error row explains the error, because the row has no result to show.
            return f"{location}\n{record.error}" if column == COL_NAME else record.error
        if column == COL_NAME:
            return location
        if column in (COL_OVERRIDE, COL_COMMENT) and record.comment:
            return record.comment
        return None

    # ----------------------------------------------------------------- adding and removing rows

    def addResult(
        self,
        name: str,
        result: InspectionResult,
        identity: dict,
        path: Path | None = None,
        source: str = SOURCE_FOLDER,
        frame: np.ndarray | None = None,
        extra: dict | None = None,
    ) -> int:
        """Append an inspected image and return its key.

        The anomaly map is stored (not the mask). ``frame`` (H, W, 3 uint8 RGB) is kept for
        images without a readable file, such as live camera frames.
        """
        key = self._take_key()
        self.maps.put(key, np.asarray(result.anomaly_map, dtype=np.float32))
        if frame is not None:
            self.frames.put(key, frame)
        record = ResultRecord(
            key=key,
            name=name,
            source=source,
            path=path,
            image_score=float(result.image_score),
            verdict=result.verdict,
            regions=list(result.regions),
            settings=result.settings,
            image_size=tuple(result.image_size) if result.image_size != (0, 0) else result.anomaly_map.shape[:2],
            identity=dict(identity),
            extra=dict(extra or {}),
        )
        self._append(record)
        return key

    def addError(self, name: str, message: str, path: Path | None = None, source: str = SOURCE_FOLDER) -> int:
        """Append a row for an image that could not be read or inspected and return its key."""
        key = self._take_key()
        self._append(ResultRecord(key=key, name=name, source=source, path=path, error=message))
        return key

    def clear(self, source: str | None = None) -> None:
        """Remove all rows, or only the rows of one source (``SOURCE_FOLDER`` or ``SOURCE_LIVE``)."""
        if source is None:
            self.beginResetModel()
            self._records.clear()
            self._row_of_key.clear()
            self.maps.clear()
            self.frames.clear()
            self.endResetModel()
            return
        kept = [record for record in self._records if record.source != source]
        removed = [record for record in self._records if record.source == source]
        if not removed:
            return
        self.beginResetModel()
        self._records = kept
        self._reindex()
        for record in removed:
            self._release(record.key)
        self.endResetModel()

    def close(self) -> None:
        """Drop every row and delete the stores' spill folders."""
        self.clear()
        self.maps.close()
        self.frames.close()

    def _take_key(self) -> int:
        key = self._next_key
        self._next_key += 1
        return key

    def _append(self, record: ResultRecord) -> None:
        if record.source == SOURCE_LIVE:
            self._drop_oldest_live_rows(self.max_live_records - 1)
        row = len(self._records)
        self.beginInsertRows(QModelIndex(), row, row)
        self._records.append(record)
        self._row_of_key[record.key] = row
        self.endInsertRows()

    def _drop_oldest_live_rows(self, keep: int) -> None:
        live_rows = [row for row, record in enumerate(self._records) if record.source == SOURCE_LIVE]
        for row in reversed(live_rows[: max(0, len(live_rows) - keep)]):
            record = self._records[row]
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._records[row]
            self._reindex()
            self._release(record.key)
            self.endRemoveRows()

    def _reindex(self) -> None:
        self._row_of_key = {record.key: row for row, record in enumerate(self._records)}

    def _release(self, key: int) -> None:
        self.maps.discard(key)
        self.frames.discard(key)

    # ----------------------------------------------------------------- access

    def records(self) -> list[ResultRecord]:
        """Return all records in row order, in a new list of the shared record objects."""
        return list(self._records)

    def record(self, key: int) -> ResultRecord | None:
        row = self._row_of_key.get(key)
        return None if row is None else self._records[row]

    def recordAt(self, row: int) -> ResultRecord:
        return self._records[row]

    def rowOfKey(self, key: int) -> int:
        """Return the row of ``key``, or -1 when it is not in the table."""
        return self._row_of_key.get(key, -1)

    def anomalyMap(self, key: int) -> np.ndarray | None:
        """Return the stored float32 map of ``key`` (read-only), or None for error rows."""
        try:
            return self.maps.get(key)
        except KeyError:
            return None

    def loadImage(self, key: int, reader: Callable[[Path], np.ndarray]) -> np.ndarray:
        """Return the RGB image of ``key``: the kept frame, else ``reader(path)``.

        Safe to call from worker threads. Raises KeyError when the record has neither a frame
        nor a path, and whatever ``reader`` raises.
        """
        try:
            return self.frames.get(key)
        except KeyError:
            pass
        record = self.record(key)
        if record is None or record.path is None:
            raise KeyError(f"no image stored for result {key}")
        return reader(record.path)

    # ----------------------------------------------------------------- updates

    def applySettingsResult(self, key: int, verdict: str, regions: list[Region], settings: PostProcessSettings) -> None:
        """Store the verdict and regions recomputed for ``key`` under new post-processing settings."""
        row = self._row_of_key.get(key)
        if row is None:
            return
        record = self._records[row]
        record.verdict = verdict
        record.regions = list(regions)
        record.settings = settings
        self.dataChanged.emit(self.index(row, COL_VERDICT), self.index(row, COL_REGIONS))
        self.recordUpdated.emit(key)

    def setOverride(self, key: int, override: str | None, comment: str = "") -> None:
        """Set the operator's verdict (OK, NG or None to clear) and comment for ``key``."""
        if override not in (None, OK, NG):
            raise ValueError(f"override must be {OK!r}, {NG!r} or None, got {override!r}")
        row = self._row_of_key.get(key)
        if row is None:
            raise KeyError(f"no result with key {key}")
        record = self._records[row]
        record.override = override
        record.comment = comment
        self.dataChanged.emit(self.index(row, COL_OVERRIDE), self.index(row, COL_COMMENT))
        self.overrideChanged.emit(key)

    def setThumbnailLookup(self, lookup: Callable[[ResultRecord], object] | None) -> None:
        """Install the function that returns a row's thumbnail (or None while it is generated)."""
        self._thumbnail_lookup = lookup
        self.refreshColumn(COL_NAME)

    def refreshRow(self, key: int) -> None:
        row = self._row_of_key.get(key)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMN_COUNT - 1))

    def refreshColumn(self, column: int) -> None:
        if self._records:
            self.dataChanged.emit(self.index(0, column), self.index(len(self._records) - 1, column))

    def counts(self) -> dict[str, int]:
        """Count rows by final verdict: keys OK, NG, ERROR and total."""
        counts = {OK: 0, NG: 0, ERROR: 0}
        for record in self._records:
            counts[record.final_verdict] += 1
        counts["total"] = len(self._records)
        return counts


def result_for_record(record: ResultRecord, anomaly_map: np.ndarray, settings: PostProcessSettings, postprocess) -> InspectionResult:
    """Rebuild the full ``InspectionResult`` of ``record`` under ``settings`` from its stored map."""
    result = postprocess(anomaly_map, float(record.image_score), settings)
    return replace(result, extra={**result.extra, **record.extra})


VERDICT_FILTER_ALL = "all"
VERDICT_FILTER_OVERRIDDEN = "overridden"


class ResultsFilterProxy(QSortFilterProxyModel):
    """Sorting and filtering of the results table by final verdict and image score range.

    The verdict filter takes ``all``, ``OK``, ``NG``, ``ERROR`` or ``overridden``. It matches the
    final verdict, so an image the operator marked OK leaves the NG filter.
    The score range is inclusive; error rows have no score and are hidden while a range is set.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._verdict = VERDICT_FILTER_ALL
        self._score_range: tuple[float, float] | None = None
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def verdictFilter(self) -> str:
        return self._verdict

    def setVerdictFilter(self, verdict: str) -> None:
        if verdict not in (VERDICT_FILTER_ALL, VERDICT_FILTER_OVERRIDDEN, OK, NG, ERROR):
            raise ValueError(f"unknown verdict filter {verdict!r}")
        self._verdict = verdict
        self._refilter()

    def scoreRange(self) -> tuple[float, float] | None:
        return self._score_range

    def setScoreRange(self, low: float | None, high: float | None = None) -> None:
        """Show only rows with ``low <= score <= high``; ``low=None`` removes the range filter."""
        if low is None:
            self._score_range = None
        else:
            if high is None or high < low:
                raise ValueError(f"invalid score range [{low}, {high}]: the upper bound must be >= the lower bound")
            self._score_range = (float(low), float(high))
        self._refilter()

    def _refilter(self) -> None:
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._verdict == VERDICT_FILTER_OVERRIDDEN:
            if not model.data(model.index(source_row, COL_OVERRIDE, source_parent), Qt.ItemDataRole.DisplayRole):
                return False
        elif self._verdict != VERDICT_FILTER_ALL and model.data(index, FINAL_VERDICT_ROLE) != self._verdict:
            return False
        if self._score_range is not None:
            score = model.data(index, SCORE_ROLE)
            if score is None or not (self._score_range[0] <= score <= self._score_range[1]):
                return False
        return True
