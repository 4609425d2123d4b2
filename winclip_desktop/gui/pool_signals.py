"""Reporting from thread-pool tasks to a window that may already be gone.

Pool tasks (image decoding, thumbnails, history queries) report through a signal of a small
QObject. When the window closes while a task still runs, PySide deletes that QObject at exit and
``emit`` raises ``RuntimeError: Signal source has been deleted``. The window no longer needs that result,
so :func:`emit_from_pool` drops it instead of printing a traceback.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import SignalInstance

logger = logging.getLogger(__name__)


def emit_from_pool(signal: SignalInstance, *args) -> bool:
    """Emit ``signal`` with ``args``; return False when its QObject was already deleted."""
    try:
        signal.emit(*args)
    except RuntimeError as exc:
        logger.debug("Result of a pool task dropped, its receiver is gone: %s", exc)
        return False
    return True
