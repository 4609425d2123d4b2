"""Lazily generated thumbnails for the results table.

A thumbnail is made only when the table requests it (a visible row, thumbnails switched on), in
a QThreadPool, so decoding large images does not block the GUI thread. The pool makes QImages
(which are safe outside the GUI thread), and the GUI thread turns them into QPixmaps kept in an
LRU cache.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Callable

import cv2
import numpy as np
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtGui import QImage, QPixmap

from winclip_desktop.gui.pool_signals import emit_from_pool

logger = logging.getLogger(__name__)

THUMBNAIL_SIZE = 64  # pixels, longer side
DEFAULT_CACHE_SIZE = 2000  # about 12 KiB each at 64x64 RGB, so at most about 25 MiB


def make_thumbnail(image_rgb: np.ndarray, size: int = THUMBNAIL_SIZE) -> QImage:
    """Scale an (H, W, 3) uint8 RGB image so its longer side is ``size`` and return a QImage copy."""
    height, width = image_rgb.shape[:2]
    scale = size / max(height, width, 1)
    new_size = (max(1, round(width * scale)), max(1, round(height * scale)))
    small = cv2.resize(image_rgb, new_size, interpolation=cv2.INTER_AREA)
    small = np.ascontiguousarray(small)
    image = QImage(small.data, small.shape[1], small.shape[0], small.strides[0], QImage.Format.Format_RGB888)
    return image.copy()  # detach from the numpy buffer


class _Signals(QObject):
    done = Signal(int, object)  # key, QImage or None on failure


class _ThumbnailTask(QRunnable):
    def __init__(self, key: int, load: Callable[[], np.ndarray], signals: _Signals):
        super().__init__()
        self._key = key
        self._load = load
        self._signals = signals

    def run(self) -> None:
        try:
            thumbnail = make_thumbnail(self._load())
        except Exception as exc:  # noqa: BLE001 - a broken file only loses its thumbnail
            logger.warning("No thumbnail for result %d: %s", self._key, exc)
            thumbnail = None
        emit_from_pool(self._signals.done, self._key, thumbnail)


class ThumbnailProvider(QObject):
    """Returns cached thumbnails and schedules the missing ones.

    ``thumbnailReady(key)`` fires in the GUI thread when a requested thumbnail is available.
    """

    thumbnailReady = Signal(int)

    def __init__(self, cache_size: int = DEFAULT_CACHE_SIZE, parent: QObject | None = None):
        super().__init__(parent)
        self._cache: OrderedDict[int, QPixmap | None] = OrderedDict()
        self._pending: set[int] = set()
        self._cache_size = cache_size
        self._signals = _Signals()
        self._signals.done.connect(self._on_done)
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(2)

    def thumbnail(self, key: int, load: Callable[[], np.ndarray]) -> QPixmap | None:
        """Return the thumbnail of ``key``, or None and schedule ``load()`` (run in a pool thread) to make it."""
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        if key not in self._pending:
            self._pending.add(key)
            self.pool.start(_ThumbnailTask(key, load, self._signals))
        return None

    def clear(self) -> None:
        self.pool.clear()
        self._cache.clear()
        self._pending.clear()

    def shutdown(self, timeout_ms: int = 2000) -> None:
        """Drop queued tasks and wait for the running ones."""
        self.pool.clear()
        self.pool.waitForDone(timeout_ms)

    @Slot(int, object)
    def _on_done(self, key: int, image: QImage | None) -> None:
        if key not in self._pending:
            return  # cleared while it was being made
        self._pending.discard(key)
        # QPixmap may only be made in the GUI thread, which runs this slot.
        self._cache[key] = None if image is None else QPixmap.fromImage(image)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        self.thumbnailReady.emit(key)
