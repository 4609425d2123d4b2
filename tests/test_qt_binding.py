"""The installed Qt binding keeps Python's reference counts: a station emits signals for hours."""

import sys

from PySide6.QtCore import QCoreApplication, QObject, Signal


class Emitter(QObject):
    changed = Signal(int)


def test_signal_emit_keeps_refcount_of_true():
    app = QCoreApplication.instance() or QCoreApplication([])
    emitter = Emitter()
    before = sys.getrefcount(True)
    for value in range(1000):
        emitter.changed.emit(value)
    assert sys.getrefcount(True) - before > -100


def test_process_events_keeps_refcount_of_none():
    app = QCoreApplication.instance() or QCoreApplication([])
    before = sys.getrefcount(None)
    for _ in range(1000):
        app.processEvents()
    assert sys.getrefcount(None) - before > -100
