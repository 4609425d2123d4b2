"""winclip-desktop: WinCLIP zero-/few-shot anomaly detection for an inspection station."""

__version__ = "0.1.0"
