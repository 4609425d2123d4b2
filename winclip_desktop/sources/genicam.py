"""GenICam cameras (GigE Vision, USB3 Vision) through the optional ``harvesters`` package.

A GenTL producer is the ``.cti`` file that the camera vendor's SDK installs. Install harvesters
with ``pip install "winclip-desktop[genicam]"``. Without it, or without the ``.cti`` file, creating a
:class:`GenICamSource` raises :class:`~winclip_desktop.sources.base.SourceUnavailableError`, whose
message names what to install.

The calls follow the harvesters 1.4 API (``Harvester.create``, ``ImageAcquirer.start``,
``ImageAcquirer.try_fetch``) and fall back to the names of older releases
(``create_image_acquirer``, ``start_acquisition``, ``fetch_buffer``).

NOTE: this module has been tested only with :func:`genicam_to_rgb` on synthetic arrays and with
harvesters missing. No GenTL producer or camera was available.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from .base import CaptureSource, SourceError, SourceUnavailableError, WatchdogSettings, to_rgb

logger = logging.getLogger(__name__)

DEFAULT_FETCH_TIMEOUT_S = 1.0
"""Maximum wait for one buffer from the producer before the read counts as failed."""

_MONO_BITS = {"Mono8": 8, "Mono10": 10, "Mono12": 12, "Mono14": 14, "Mono16": 16}
_BAYER_CODES = {
    "BayerRG8": cv2.COLOR_BayerRGGB2RGB,
    "BayerGR8": cv2.COLOR_BayerGRBG2RGB,
    "BayerGB8": cv2.COLOR_BayerGBRG2RGB,
    "BayerBG8": cv2.COLOR_BayerBGGR2RGB,
}
_COLOUR_ORDERS = {"RGB8": ("RGB", 3), "BGR8": ("BGR", 3), "RGBa8": ("RGB", 4), "BGRa8": ("BGR", 4)}
SUPPORTED_PIXEL_FORMATS = tuple(_MONO_BITS) + tuple(_BAYER_CODES) + tuple(_COLOUR_ORDERS)


def genicam_to_rgb(data: np.ndarray, width: int, height: int, pixel_format: str) -> np.ndarray:
    """Convert one GenICam image component (a 1-D buffer) to a new H x W x 3 uint8 RGB array.

    ``pixel_format`` is the PFNC name that harvesters reports as ``component.data_format``.
    Unpacked 10- to 16-bit mono formats are scaled to 8 bits by dropping the low bits. Bayer
    patterns are named by their top-left 2 x 2 block, as in PFNC (BayerRG8 starts with R, G).

    Raises:
        SourceError: the pixel format is not supported or the buffer size does not match.
    """
    values = np.asarray(data)
    if pixel_format in _MONO_BITS:
        expected = height * width
        grey = _reshape(values, expected, (height, width), pixel_format)
        bits = _MONO_BITS[pixel_format]
        if bits > 8:
            grey = (grey.astype(np.uint16) >> (bits - 8)).astype(np.uint8)
        return cv2.cvtColor(np.ascontiguousarray(grey, dtype=np.uint8), cv2.COLOR_GRAY2RGB)
    if pixel_format in _BAYER_CODES:
        mosaic = _reshape(values, height * width, (height, width), pixel_format)
        return cv2.cvtColor(np.ascontiguousarray(mosaic, dtype=np.uint8), _BAYER_CODES[pixel_format])
    if pixel_format in _COLOUR_ORDERS:
        order, channels = _COLOUR_ORDERS[pixel_format]
        colour = _reshape(values, height * width * channels, (height, width, channels), pixel_format)
        return to_rgb(np.array(colour, dtype=np.uint8), order)
    raise SourceError(
        f"GenICam pixel format {pixel_format!r} is not supported; set the camera's PixelFormat to one of "
        f"{', '.join(SUPPORTED_PIXEL_FORMATS)}."
    )


def _reshape(values: np.ndarray, expected: int, shape: tuple[int, ...], pixel_format: str) -> np.ndarray:
    if values.size != expected:
        raise SourceError(
            f"GenICam buffer of {values.size} values does not match {pixel_format} at {shape[1]} x {shape[0]} "
            f"({expected} values expected)."
        )
    return values.reshape(shape)


def load_harvester_class() -> type:
    """Import and return ``harvesters.core.Harvester``.

    Raises:
        SourceUnavailableError: harvesters is not installed.
    """
    try:
        from harvesters.core import Harvester
    except ImportError as exc:
        raise SourceUnavailableError(
            "GenICam cameras need the optional package 'harvesters', which is not installed. Install it with "
            "pip install \"winclip-desktop[genicam]\" and install your camera vendor's GenTL producer (.cti file)."
        ) from exc
    return Harvester


@dataclass
class _Acquisition:
    harvester: Any
    acquirer: Any


class GenICamSource(CaptureSource):
    """A GenICam camera opened through a GenTL producer, by its index in the producer's device list.

    Raises:
        SourceUnavailableError: harvesters is not installed or ``cti_path`` does not exist.
    """

    def __init__(
        self,
        cti_path: str | os.PathLike,
        device_index: int = 0,
        *,
        fetch_timeout_s: float = DEFAULT_FETCH_TIMEOUT_S,
        watchdog: WatchdogSettings | None = None,
    ) -> None:
        self.cti_path = Path(cti_path)
        if device_index < 0:
            raise ValueError(f"GenICam device index must be 0 or more; got {device_index}.")
        if not self.cti_path.is_file():
            raise SourceUnavailableError(
                f"GenTL producer file {self.cti_path} not found. Install the camera vendor's SDK and give the path "
                "of its .cti file (the SDK usually lists it in the GENICAM_GENTL64_PATH environment variable)."
            )
        self._harvester_class = load_harvester_class()
        super().__init__(f"GenICam {self.cti_path.name} #{device_index}", watchdog=watchdog)
        self.device_index = device_index
        self.fetch_timeout_s = fetch_timeout_s

    def _open_device(self) -> _Acquisition:
        harvester = self._harvester_class()
        try:
            harvester.add_file(str(self.cti_path))
            harvester.update()
            count = len(harvester.device_info_list)
            if self.device_index >= count:
                raise SourceError(
                    f"GenICam device {self.device_index} not found: the producer {self.cti_path} lists {count} "
                    "device(s). Check the cable and the camera's IP configuration, or choose another index."
                )
            create = getattr(harvester, "create", None) or harvester.create_image_acquirer
            acquirer = create(self.device_index)
            start = getattr(acquirer, "start", None) or acquirer.start_acquisition
            start()
        except Exception:
            harvester.reset()
            raise
        return _Acquisition(harvester, acquirer)

    def _read_frame(self, handle: _Acquisition) -> tuple[np.ndarray, dict] | None:
        acquirer = handle.acquirer
        try_fetch = getattr(acquirer, "try_fetch", None)
        if try_fetch is not None:
            buffer = try_fetch(timeout=self.fetch_timeout_s)
        else:
            buffer = acquirer.fetch_buffer(timeout=self.fetch_timeout_s)
        if buffer is None:
            return None
        try:
            component = buffer.payload.components[0]
            pixel_format = str(component.data_format)
            # genicam_to_rgb returns a new array, so the buffer can go back to the producer afterwards.
            image = genicam_to_rgb(component.data, int(component.width), int(component.height), pixel_format)
        finally:
            buffer.queue()
        return image, {"pixel_format": pixel_format}

    def _release_device(self, handle: _Acquisition) -> None:
        acquirer = handle.acquirer
        try:
            stop = getattr(acquirer, "stop", None) or acquirer.stop_acquisition
            stop()
            acquirer.destroy()
        finally:
            handle.harvester.reset()
