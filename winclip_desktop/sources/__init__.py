"""Frame sources: cameras, streams, video files, watched folders and GenICam cameras."""

from .base import Frame, FrameSource, SourceError, SourceState, SourceStatus, SourceUnavailableError, WatchdogSettings
from .factory import SPEC_HELP, SourceSpecError, create_source, parse_source_spec

__all__ = [
    "Frame", "FrameSource", "SourceError", "SourceState", "SourceStatus", "SourceUnavailableError",
    "WatchdogSettings", "SPEC_HELP", "SourceSpecError", "create_source", "parse_source_spec",
]
