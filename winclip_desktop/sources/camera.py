"""Frame sources on OpenCV's ``cv2.VideoCapture``: a camera index, a stream URL or a video file.

Each source reads continuously in its own thread and keeps only the newest frame (see
:class:`~winclip_desktop.sources.base.CaptureSource`). Where the backend supports it, the driver's
own queue is limited to one frame with ``CAP_PROP_BUFFERSIZE``, so a slow consumer never receives
a frame that waited in the driver.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from .base import CaptureSource, EndOfStream, SourceError, SourceUnavailableError, WatchdogSettings, to_rgb

logger = logging.getLogger(__name__)

DEFAULT_VIDEO_FPS = 25.0
"""Playback rate of a video file whose header gives no usable frame rate."""

MAX_VIDEO_FPS = 240.0
"""Header frame rates above this are treated as unusable (some containers store 1000 or 90000)."""

DEFAULT_STREAM_TIMEOUT_MS = 5000
"""Open and read timeout passed to FFmpeg for stream URLs, in milliseconds."""


@dataclass
class _Capture:
    """An open VideoCapture with the number of frames read from it."""

    capture: cv2.VideoCapture
    frames_read: int = 0


class OpenCVSource(CaptureSource):
    """Common reader for every ``cv2.VideoCapture`` target. Use the subclasses below."""

    def __init__(
        self,
        target: int | str,
        name: str,
        *,
        api_preference: int = cv2.CAP_ANY,
        open_params: tuple[int, ...] = (),
        watchdog: WatchdogSettings | None = None,
        pace_fps: float | None = None,
    ) -> None:
        super().__init__(name, watchdog=watchdog, pace_fps=pace_fps)
        self.target = target
        self.api_preference = api_preference
        self.open_params = open_params

    def _open_device(self) -> _Capture:
        if self.open_params:
            capture = cv2.VideoCapture(self.target, self.api_preference, list(self.open_params))
        else:
            capture = cv2.VideoCapture(self.target, self.api_preference)
        if not capture.isOpened():
            capture.release()
            raise SourceError(f"OpenCV cannot open {self.name}; {self._open_hint()}")
        if not capture.set(cv2.CAP_PROP_BUFFERSIZE, 1):
            logger.debug("%s: backend %s ignores CAP_PROP_BUFFERSIZE", self.name, capture.getBackendName())
        self._configure(capture)
        logger.info("%s opened with the %s backend", self.name, capture.getBackendName())
        return _Capture(capture)

    def _configure(self, capture: cv2.VideoCapture) -> None:
        """Apply source-specific properties after opening (reader thread)."""

    def _open_hint(self) -> str:
        return "check that the device is connected and not used by another program."

    def _read_frame(self, handle: _Capture) -> tuple[np.ndarray, dict] | None:
        ok, image = handle.capture.read()
        if not ok or image is None:
            return None
        handle.frames_read += 1
        return to_rgb(image, "BGR"), {"frame_index": handle.frames_read - 1}

    def _release_device(self, handle: _Capture) -> None:
        handle.capture.release()


class CameraSource(OpenCVSource):
    """A camera by OpenCV device index (0 is the first camera).

    ``width``, ``height`` and ``fps`` request a capture mode. The driver may choose another one, and
    the frames show what it chose.
    """

    def __init__(
        self,
        index: int,
        *,
        width: int | None = None,
        height: int | None = None,
        fps: float | None = None,
        watchdog: WatchdogSettings | None = None,
    ) -> None:
        if index < 0:
            raise ValueError(f"Camera index must be 0 or more; got {index}.")
        super().__init__(index, f"camera {index}", watchdog=watchdog)
        self.requested_size = (width, height)
        self.requested_fps = fps

    def _configure(self, capture: cv2.VideoCapture) -> None:
        width, height = self.requested_size
        if width:
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
        if height:
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
        if self.requested_fps:
            capture.set(cv2.CAP_PROP_FPS, self.requested_fps)

    def _open_hint(self) -> str:
        return (
            "check that the camera is connected, that no other program uses it, and that the index is right "
            "(the first camera is 0)."
        )


class StreamSource(OpenCVSource):
    """A network stream (RTSP, HTTP MJPEG and other URLs that FFmpeg reads).

    FFmpeg's open and read timeouts are set to ``timeout_ms`` so that a dead server makes the read
    fail instead of blocking. The watchdog still covers servers that keep the connection open
    without sending frames.

    NOTE: FFmpeg picks the RTSP transport itself (usually UDP first). For TCP, set the environment
    variable ``OPENCV_FFMPEG_CAPTURE_OPTIONS=rtsp_transport;tcp`` before starting the program.
    """

    def __init__(
        self, url: str, *, timeout_ms: int = DEFAULT_STREAM_TIMEOUT_MS, watchdog: WatchdogSettings | None = None
    ) -> None:
        params = (
            cv2.CAP_PROP_OPEN_TIMEOUT_MSEC,
            int(timeout_ms),
            cv2.CAP_PROP_READ_TIMEOUT_MSEC,
            int(timeout_ms),
        )
        super().__init__(
            url, f"stream {_redact_url(url)}", api_preference=cv2.CAP_FFMPEG, open_params=params, watchdog=watchdog
        )

    def _open_hint(self) -> str:
        return "check the URL, the network connection and the camera's user name and password."


class VideoFileSource(OpenCVSource):
    """A video file played at its own frame rate, standing in for a camera.

    With ``loop`` (the default) playback restarts at the first frame after the last one. Without
    it, the source reaches the status ``ended``. With ``realtime=False`` frames are published as
    fast as they decode. Repeat detection is off by default, because a video of a still scene
    legitimately repeats frames.

    Raises:
        SourceUnavailableError: the path does not exist or is a folder.
    """

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        loop: bool = True,
        realtime: bool = True,
        watchdog: WatchdogSettings | None = None,
    ) -> None:
        self.path = Path(path)
        if not self.path.exists() or self.path.is_dir():
            reason = "is a folder" if self.path.is_dir() else "does not exist"
            raise SourceUnavailableError(f"Video file {self.path} {reason}. Choose an existing video file.")
        super().__init__(
            str(self.path),
            f"video {self.path.name}",
            api_preference=cv2.CAP_FFMPEG,
            watchdog=watchdog or WatchdogSettings(repeat_timeout_s=None),
        )
        self.loop = loop
        self.realtime = realtime
        self.file_fps: float | None = None
        """Frame rate from the file's header once opened, or None when it has no usable one."""

    def _configure(self, capture: cv2.VideoCapture) -> None:
        fps = capture.get(cv2.CAP_PROP_FPS)
        self.file_fps = fps if 0 < fps <= MAX_VIDEO_FPS else None
        if self.file_fps is None:
            logger.warning(
                "%s has no usable frame rate in its header (%s); playing at %.0f fps", self.path, fps, DEFAULT_VIDEO_FPS
            )
        self.pace_fps = (self.file_fps or DEFAULT_VIDEO_FPS) if self.realtime else None

    def _open_hint(self) -> str:
        return "the file may be damaged or use a codec that OpenCV's FFmpeg does not support."

    def _read_frame(self, handle: _Capture) -> tuple[np.ndarray, dict] | None:
        frame = super()._read_frame(handle)
        if frame is not None:
            return frame
        if handle.frames_read == 0:
            return None  # no frame at all is a read error, which the watchdog reports
        if not self.loop:
            raise EndOfStream
        if not handle.capture.set(cv2.CAP_PROP_POS_FRAMES, 0):
            logger.warning("%s: cannot seek to the first frame; reopening", self.path)
            return None
        handle.frames_read = 0
        return super()._read_frame(handle)


def _redact_url(url: str) -> str:
    """Return ``url`` with any password replaced by ``***``, for names and logs."""
    scheme, separator, rest = url.partition("://")
    if not separator or "@" not in rest.split("/", 1)[0]:
        return url
    credentials, _, host = rest.partition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"
