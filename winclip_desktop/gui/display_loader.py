"""Loading of the selected image and its mask off the GUI thread.

Decoding a large PNG and re-thresholding its map can take a few hundred milliseconds, so the
main window requests it here and shows the image when ``loaded`` arrives. Only the newest
request is delivered: stepping quickly through a folder skips the images already passed.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Callable

import numpy as np
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from winclip_desktop.engine.postprocess import postprocess
from winclip_desktop.engine.types import InspectionResult, PostProcessSettings
from winclip_desktop.gui.pool_signals import emit_from_pool

logger = logging.getLogger(__name__)

IMAGE_CACHE_SIZE = 6  # recently shown images kept decoded, for stepping back and forth


class _Signals(QObject):
    done = Signal(int, int, object, object, str)  # request id, key, image, result, error message


class _LoadTask(QRunnable):
    def __init__(self, request_id: int, key: int, load_image, cached_image, anomaly_map, image_score, settings, signals):
        super().__init__()
        self.args = (request_id, key, load_image, cached_image, anomaly_map, image_score, settings)
        self.signals = signals

    def run(self) -> None:
        request_id, key, load_image, cached_image, anomaly_map, image_score, settings = self.args
        try:
            image = cached_image if cached_image is not None else load_image()
            result = None if anomaly_map is None else postprocess(anomaly_map, image_score, settings)
        except Exception as exc:  # noqa: BLE001 - the window shows the message instead of the image
            logger.warning("Cannot show result %d: %s", key, exc)
            emit_from_pool(self.signals.done, request_id, key, None, None, str(exc))
            return
        emit_from_pool(self.signals.done, request_id, key, image, result, "")


class DisplayLoader(QObject):
    """Loads (image, re-thresholded result) pairs for display.

    ``loaded(key, image, result)`` and ``failed(key, message)`` fire in the GUI thread for the
    newest request only.
    """

    loaded = Signal(int, object, object)
    failed = Signal(int, str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._request_id = 0
        self._images: OrderedDict[int, np.ndarray] = OrderedDict()
        self._signals = _Signals()
        self._signals.done.connect(self._on_done)
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(1)

    def request(
        self,
        key: int,
        load_image: Callable[[], np.ndarray],
        anomaly_map: np.ndarray | None,
        image_score: float | None,
        settings: PostProcessSettings,
    ) -> None:
        """Load the image of ``key`` (cached or via ``load_image()``) and threshold its map under ``settings``."""
        self._request_id += 1
        cached = self._images.get(key)
        self.pool.clear()  # requests still queued are superseded
        self.pool.start(
            _LoadTask(self._request_id, key, load_image, cached, anomaly_map, image_score, settings, self._signals)
        )

    def cancel(self) -> None:
        """Drop pending requests; a running one is ignored when it finishes."""
        self._request_id += 1
        self.pool.clear()

    def forget(self) -> None:
        """Drop the cached images (after the results were cleared)."""
        self.cancel()
        self._images.clear()

    def shutdown(self, timeout_ms: int = 2000) -> None:
        self.cancel()
        self.pool.waitForDone(timeout_ms)

    @Slot(int, int, object, object, str)
    def _on_done(self, request_id: int, key: int, image, result: InspectionResult | None, error: str) -> None:
        if request_id != self._request_id:
            return
        if error:
            self.failed.emit(key, error)
            return
        self._images[key] = image
        self._images.move_to_end(key)
        while len(self._images) > IMAGE_CACHE_SIZE:
            self._images.popitem(last=False)
        self.loaded.emit(key, image, result)
