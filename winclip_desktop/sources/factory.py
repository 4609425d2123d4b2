"""Parse source specifications such as ``camera:0`` or ``video:line.avi`` and create the source.

Accepted forms (see :data:`SPEC_HELP`):

=============================  ====================================================================
``camera:N``                   OpenCV camera with device index N (0 is the first camera)
``rtsp://...``, ``http://...``  network stream (also ``rtsps://`` and ``https://``)
``video:FILE``                 video file played at its own frame rate, looping by default
``folder:DIR``, ``watch:DIR``  watched folder: each new image file is inspected once
``genicam:CTI[:N]``            GenICam camera N (default 0) of the GenTL producer file CTI
``synthetic[:FPS]``            generated frames with a counter (default 30 fps), for tests
=============================  ====================================================================

A bare path is accepted too: an existing folder is watched and an existing file is played as a
video.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .base import FrameSource, WatchdogSettings

SPEC_HELP = (
    "camera:N, rtsp://..., http://..., video:FILE, folder:DIR (or watch:DIR), genicam:CTI[:N] or synthetic[:FPS]"
)
"""One-line list of the accepted specifications, for help texts and error messages."""

_STREAM_SCHEMES = ("rtsp://", "rtsps://", "http://", "https://")


class SourceSpecError(ValueError):
    """A source specification that cannot be parsed. The message names it and lists the valid forms."""


@dataclass(frozen=True)
class SourceSpec:
    """A parsed source specification.

    ``kind`` is one of "camera", "stream", "video", "folder", "genicam" or "synthetic". ``target`` is
    the path or URL ("" for camera and synthetic). ``index`` is the camera or GenICam device index.
    ``fps`` is the rate of a synthetic source.
    """

    kind: str
    target: str = ""
    index: int = 0
    fps: float = 30.0


def parse_source_spec(spec: str) -> SourceSpec:
    """Parse a specification string into a :class:`SourceSpec` without opening anything.

    Raises:
        SourceSpecError: the string matches no accepted form or has an invalid number.
    """
    text = spec.strip()
    if not text:
        raise SourceSpecError(f"Empty source specification; use one of {SPEC_HELP}.")
    lowered = text.lower()

    if lowered.startswith(_STREAM_SCHEMES):
        return SourceSpec("stream", text)
    prefix, separator, rest = text.partition(":")
    prefix = prefix.lower()
    if separator and prefix == "camera":
        return SourceSpec("camera", index=_parse_index(rest, spec, "camera index"))
    if separator and prefix == "video":
        return SourceSpec("video", _require_path(rest, spec))
    if separator and prefix in ("folder", "watch"):
        return SourceSpec("folder", _require_path(rest, spec))
    if separator and prefix == "genicam":
        return _parse_genicam(rest, spec)
    if prefix == "synthetic":
        return SourceSpec("synthetic", fps=_parse_fps(rest, spec) if separator else 30.0)

    path = Path(text).expanduser()
    if path.is_dir():
        return SourceSpec("folder", str(path))
    if path.is_file():
        return SourceSpec("video", str(path))
    raise SourceSpecError(f"Invalid source {spec!r}: not an existing file or folder; use one of {SPEC_HELP}.")


def _require_path(rest: str, spec: str) -> str:
    if not rest.strip():
        raise SourceSpecError(f"Invalid source {spec!r}: the path is missing; use one of {SPEC_HELP}.")
    return str(Path(rest.strip()).expanduser())


def _parse_index(text: str, spec: str, what: str) -> int:
    try:
        index = int(text.strip())
    except ValueError:
        raise SourceSpecError(f"Invalid source {spec!r}: {what} {text!r} is not a whole number.") from None
    if index < 0:
        raise SourceSpecError(f"Invalid source {spec!r}: {what} must be 0 or more.")
    return index


def _parse_fps(text: str, spec: str) -> float:
    try:
        fps = float(text)
    except ValueError:
        raise SourceSpecError(f"Invalid source {spec!r}: frame rate {text!r} is not a number.") from None
    if not 0 < fps <= 1000:
        raise SourceSpecError(f"Invalid source {spec!r}: frame rate must be above 0 and at most 1000.")
    return fps


def _parse_genicam(rest: str, spec: str) -> SourceSpec:
    # The CTI path can itself contain ":" (C:\...), so only a final ":<digits>" is the device index.
    path, separator, last = rest.rpartition(":")
    if separator and last.strip().isdigit():
        return SourceSpec("genicam", _require_path(path, spec), index=int(last))
    return SourceSpec("genicam", _require_path(rest, spec), index=0)


def create_source(
    spec: str | SourceSpec,
    *,
    loop: bool = True,
    realtime: bool = True,
    state_path: str | os.PathLike | None = None,
    skip_existing: bool = False,
    is_done: Callable[[Path], bool] | None = None,
    watchdog: WatchdogSettings | None = None,
) -> FrameSource:
    """Create the frame source that ``spec`` names, not started yet.

    ``loop`` and ``realtime`` apply to video files (see
    :class:`~winclip_desktop.sources.camera.VideoFileSource`). ``state_path``, ``skip_existing`` and
    ``is_done`` apply to watched folders (see
    :class:`~winclip_desktop.sources.watched_folder.WatchedFolderSource`). ``watchdog`` applies to
    every live source.

    Raises:
        SourceSpecError: the specification is invalid.
        SourceUnavailableError: the file, folder, producer or optional package is missing.
    """
    parsed = parse_source_spec(spec) if isinstance(spec, str) else spec
    if parsed.kind == "camera":
        from .camera import CameraSource

        return CameraSource(parsed.index, watchdog=watchdog)
    if parsed.kind == "stream":
        from .camera import StreamSource

        return StreamSource(parsed.target, watchdog=watchdog)
    if parsed.kind == "video":
        from .camera import VideoFileSource

        return VideoFileSource(parsed.target, loop=loop, realtime=realtime, watchdog=watchdog)
    if parsed.kind == "folder":
        from .watched_folder import WatchedFolderSource

        return WatchedFolderSource(parsed.target, state_path=state_path, skip_existing=skip_existing, is_done=is_done)
    if parsed.kind == "genicam":
        from .genicam import GenICamSource

        return GenICamSource(parsed.target, parsed.index, watchdog=watchdog)
    if parsed.kind == "synthetic":
        from .synthetic import SyntheticSource

        return SyntheticSource(parsed.fps, watchdog=watchdog)
    raise SourceSpecError(f"Unknown source kind {parsed.kind!r}; use one of {SPEC_HELP}.")
