"""A synthetic camera that stamps a frame counter into each frame, for tests and demonstrations.

The counter is written twice: as text for people, and as a row of 32 black or white blocks
(most significant bit first) along the top edge, which :func:`decode_counter` reads back from the
pixels alone. That lets a test check which frame an inspector really received.

Faults can be switched on while the source runs, to exercise the watchdog:

* ``"freeze"``: every read returns the last frame again, like a driver that repeats its buffer.
* ``"block"``: every read blocks until :meth:`SyntheticSource.clear_fault`, like a hung driver.
* ``"fail"``: every read fails, like an unplugged camera.
"""

from __future__ import annotations

import logging
import threading

import cv2
import numpy as np

from .base import CaptureSource, WatchdogSettings

logger = logging.getLogger(__name__)

COUNTER_BITS = 32
BIT_BLOCK_SIZE = 8
"""Side of one counter bit's square block, in pixels."""

MIN_WIDTH = COUNTER_BITS * BIT_BLOCK_SIZE
FAULTS = ("freeze", "block", "fail")


def stamp_counter(image: np.ndarray, counter: int) -> None:
    """Draw ``counter`` (0 to 2**32 - 1) into the top rows of an RGB image, in place.

    Raises:
        ValueError: the image is narrower than :data:`MIN_WIDTH` pixels or the counter is out of range.
    """
    height, width = image.shape[:2]
    if width < MIN_WIDTH or height < 2 * BIT_BLOCK_SIZE:
        raise ValueError(
            f"Counter stamp needs an image of at least {MIN_WIDTH} x {2 * BIT_BLOCK_SIZE} pixels; "
            f"got {width} x {height}."
        )
    if not 0 <= counter < 2**COUNTER_BITS:
        raise ValueError(f"Counter {counter} is out of range 0 to {2**COUNTER_BITS - 1}.")
    for bit in range(COUNTER_BITS):
        value = 255 if (counter >> (COUNTER_BITS - 1 - bit)) & 1 else 0
        left = bit * BIT_BLOCK_SIZE
        image[:BIT_BLOCK_SIZE, left : left + BIT_BLOCK_SIZE] = value
    cv2.putText(
        image, str(counter), (4, BIT_BLOCK_SIZE + 26), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (255, 255, 0), 2, cv2.LINE_AA
    )


def decode_counter(image: np.ndarray) -> int:
    """Read the counter that :func:`stamp_counter` drew into ``image``, from the pixels."""
    centre = BIT_BLOCK_SIZE // 2
    counter = 0
    for bit in range(COUNTER_BITS):
        value = int(np.mean(image[centre, bit * BIT_BLOCK_SIZE + centre]))
        counter = (counter << 1) | (1 if value >= 128 else 0)
    return counter


class SyntheticSource(CaptureSource):
    """A camera that generates numbered frames at ``fps`` frames per second.

    ``size`` is (height, width) of each frame. ``background`` is an optional RGB image (resized to
    ``size``) under the stamp, so that an inspector receives real image content. Frame counters start at 1 and
    continue across reconnections. ``Frame.meta["counter"]`` contains each frame's counter.
    """

    def __init__(
        self,
        fps: float = 30.0,
        size: tuple[int, int] = (240, 320),
        background: np.ndarray | None = None,
        watchdog: WatchdogSettings | None = None,
    ) -> None:
        if fps <= 0:
            raise ValueError(f"Synthetic source fps must be positive; got {fps}.")
        height, width = size
        if width < MIN_WIDTH:
            raise ValueError(f"Synthetic frames must be at least {MIN_WIDTH} pixels wide for the counter; got {width}.")
        super().__init__(f"synthetic {fps:g} fps", watchdog=watchdog, pace_fps=fps)
        if background is None:
            gradient = np.linspace(40, 200, width, dtype=np.uint8)
            self._background = np.repeat(np.tile(gradient, (height, 1))[:, :, np.newaxis], 3, axis=2)
        else:
            self._background = cv2.resize(np.asarray(background, dtype=np.uint8), (width, height))
        self._lock = threading.Lock()
        self._counter = 0
        self._last: tuple[np.ndarray, dict] | None = None
        self._fault: str | None = None
        self._unblock = threading.Event()

    @property
    def counter(self) -> int:
        """Counter of the most recently generated frame (0 before the first)."""
        return self._counter

    def set_fault(self, fault: str) -> None:
        """Switch on a fault: "freeze", "block" or "fail" (see the module docstring)."""
        if fault not in FAULTS:
            raise ValueError(f"Unknown fault {fault!r}; use one of {', '.join(FAULTS)}.")
        with self._lock:
            if fault == "block":
                self._unblock = threading.Event()
            self._fault = fault
        logger.info("%s: fault %r switched on", self.name, fault)

    def clear_fault(self) -> None:
        """Switch the fault off and release every read blocked by "block"."""
        with self._lock:
            self._fault = None
            self._unblock.set()

    def _open_device(self) -> object:
        return object()

    def _read_frame(self, handle: object) -> tuple[np.ndarray, dict] | None:
        with self._lock:
            fault, unblock = self._fault, self._unblock
        if fault == "block":
            unblock.wait()
        elif fault == "fail":
            return None
        elif fault == "freeze" and self._last is not None:
            return self._last

        with self._lock:
            self._counter += 1
            counter = self._counter
        image = self._background.copy()
        stamp_counter(image, counter)
        self._last = (image, {"counter": counter})
        return self._last
