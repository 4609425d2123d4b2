"""Recompute verdicts, masks and regions from stored anomaly maps when the thresholds change.

The work runs in its own QThread, so dragging a threshold slider over thousands of results
does not block the GUI thread. Each request carries a generation number. A newer request makes the
worker abandon an older one between two images, so only the latest settings are finished.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal, Slot

from winclip_desktop.engine.postprocess import postprocess
from winclip_desktop.engine.types import InspectionResult, PostProcessSettings

logger = logging.getLogger(__name__)

BATCH_INTERVAL_S = 0.05  # emit partial results at least this often so the table updates while working


@dataclass(frozen=True)
class ReprocessJob:
    """One stored result to re-threshold: its key and image score."""

    key: int
    image_score: float


class ReprocessWorker(QObject):
    """Runs ``postprocess`` over stored maps; lives in a worker thread.

    ``batchReady(generation, items)`` carries a list of ``(key, InspectionResult)``. Only the
    result of ``full_result_key`` keeps its mask and map. The others get empty arrays instead,
    so a batch of thousands stays small.
    """

    batchReady = Signal(int, object)
    finished = Signal(int)
    failed = Signal(int, str)

    def __init__(self, load_map: Callable[[int], np.ndarray | None]):
        super().__init__()
        self._load_map = load_map
        # Written by the GUI thread, read here between images; an int store is atomic in CPython.
        self.latest_generation = 0

    @Slot(int, object, object, int)
    def reprocess(self, generation: int, settings: PostProcessSettings, jobs: list[ReprocessJob], full_result_key: int) -> None:
        batch: list[tuple[int, InspectionResult]] = []
        last_emit = time.monotonic()
        for job in jobs:
            if generation != self.latest_generation:
                logger.debug("Reprocess generation %d superseded by %d", generation, self.latest_generation)
                return
            anomaly_map = self._load_map(job.key)
            if anomaly_map is None:
                continue  # the row was removed after the request was made
            try:
                result = postprocess(anomaly_map, job.image_score, settings)
            except ValueError as exc:
                logger.error("Re-thresholding failed for settings %s: %s", settings, exc)
                self.failed.emit(generation, str(exc))
                return
            if job.key != full_result_key:
                empty = np.zeros((0, 0), dtype=np.uint8)
                result.mask = empty
                result.anomaly_map = empty.astype(np.float32)
            batch.append((job.key, result))
            # The displayed image goes out at once, the rest in time-sliced batches.
            if job.key == full_result_key or time.monotonic() - last_emit >= BATCH_INTERVAL_S:
                self.batchReady.emit(generation, batch)
                batch = []
                last_emit = time.monotonic()
        if batch:
            self.batchReady.emit(generation, batch)
        self.finished.emit(generation)


class Reprocessor(QObject):
    """GUI-side owner of the reprocess thread. Call ``request`` from the GUI thread.

    Emits ``resultReady(key, InspectionResult)`` for each image of the latest request only and
    ``done()`` when the latest request has finished.
    """

    resultReady = Signal(int, object)
    done = Signal()
    failed = Signal(str)
    _start = Signal(int, object, object, int)

    def __init__(self, load_map: Callable[[int], np.ndarray | None], parent: QObject | None = None):
        super().__init__(parent)
        self._generation = 0
        self._busy = False
        self._thread = QThread()
        self._thread.setObjectName("reprocess")
        self._worker = ReprocessWorker(load_map)
        self._worker.moveToThread(self._thread)
        self._start.connect(self._worker.reprocess)
        self._worker.batchReady.connect(self._on_batch)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._thread.start()

    @property
    def busy(self) -> bool:
        """True from a request until its last result has been delivered."""
        return self._busy

    def request(self, settings: PostProcessSettings, jobs: list[ReprocessJob], full_result_key: int = -1) -> None:
        """Recompute ``jobs`` under ``settings``; supersedes every earlier request."""
        self._generation += 1
        self._worker.latest_generation = self._generation
        self._busy = True
        self._start.emit(self._generation, settings, list(jobs), full_result_key)

    def stop(self, timeout_ms: int = 3000) -> bool:
        """Abandon pending work and stop the thread; return True when it stopped in time."""
        self._generation += 1
        self._worker.latest_generation = self._generation
        self._thread.quit()
        stopped = self._thread.wait(timeout_ms)
        if not stopped:
            logger.warning("Reprocess thread did not stop within %d ms", timeout_ms)
        return stopped

    @Slot(int, object)
    def _on_batch(self, generation: int, batch: list) -> None:
        if generation != self._generation:
            return
        for key, result in batch:
            self.resultReady.emit(key, result)

    @Slot(int)
    def _on_finished(self, generation: int) -> None:
        if generation == self._generation:
            self._busy = False
            self.done.emit()

    @Slot(int, str)
    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._busy = False
            self.failed.emit(message)
