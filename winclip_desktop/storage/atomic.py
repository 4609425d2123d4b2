"""Atomic file writes: a file under its final name is either the old version or the complete new one.

Each write goes to a temporary file in the destination folder, is flushed and fsynced, and then
replaces the destination with ``os.replace``, which is atomic within one file system. On any
error the temporary file is removed and an :class:`ExportError` names the destination.
"""

from __future__ import annotations

import errno
import logging
import os
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

# os.umask both sets and returns the mask, so it is read once at import, before worker threads
# start. Temporary files from mkstemp are 0600, and the written file gets the usual 0666 & ~umask.
_UMASK = os.umask(0o022)
os.umask(_UMASK)
_FILE_MODE = 0o666 & ~_UMASK

_REASONS = {
    errno.ENOSPC: ("disk full", "Free disk space or choose another output folder."),
    errno.EROFS: ("folder is read-only", "Choose a writable output folder."),
    errno.EACCES: (
        "permission denied (the folder is read-only, or the file is open in another program)",
        "Close programs that have the file open, or choose a writable output folder.",
    ),
    errno.EPERM: (
        "permission denied (the folder is read-only, or the file is open in another program)",
        "Close programs that have the file open, or choose a writable output folder.",
    ),
    errno.ENOENT: (
        "folder does not exist (it may have been deleted or unmounted)",
        "Recreate the folder or choose another output folder.",
    ),
    errno.ENOTDIR: (
        "a parent of this path is a file, not a folder",
        "Choose another output folder.",
    ),
    errno.ENAMETOOLONG: (
        "file name or path too long for the output file system",
        "Shorten the input file names or choose an output folder with a shorter path.",
    ),
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = ("disk quota exceeded", "Free disk space or choose another output folder.")


class ExportError(OSError):
    """A result file that cannot be written, with the path and the reason.

    The message has the form "Cannot write <path>: <reason>. <what to do>". ``errno`` is the
    errno of the underlying OSError, or None when there was none.
    """

    def __init__(self, path: str | os.PathLike, reason: str, hint: str = "", code: int | None = None) -> None:
        self.path = Path(path)
        self.reason = reason
        self.hint = hint
        message = f"Cannot write {self.path}: {reason}."
        if hint:
            message += f" {hint}"
        super().__init__(message)
        self.errno = code
        self.filename = str(self.path)

    def __str__(self) -> str:
        return self.args[0]

    def __reduce__(self):
        return (type(self), (self.path, self.reason, self.hint, self.errno))

    @classmethod
    def from_os_error(cls, path: str | os.PathLike, exc: OSError) -> ExportError:
        """Build an ExportError with a plain reason for the errno of ``exc``."""
        reason, hint = _REASONS.get(exc.errno, (exc.strerror or str(exc), ""))
        return cls(path, reason, hint, exc.errno)


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically. The parent folder must exist.

    Raises:
        ExportError: the file cannot be written. Any previous file at ``path`` is unchanged and
            no temporary file is left behind.
    """
    path = Path(path)
    try:
        # The prefix is cut short so that a long final name does not make the temporary name
        # exceed the file system's name limit.
        descriptor, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:40]}.", suffix=".tmp")
    except OSError as exc:
        raise ExportError.from_os_error(path, exc) from exc

    try:
        try:
            _write_all(descriptor, data)
            if hasattr(os, "fchmod"):
                os.fchmod(descriptor, _FILE_MODE)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        # NOTE: on Windows os.replace fails with a permission error while another program
        # (a spreadsheet, an image viewer) has the destination open, and no retry is made.
        os.replace(temp_name, path)
    except OSError as exc:
        _remove_quietly(temp_name)
        raise ExportError.from_os_error(path, exc) from exc
    except BaseException:
        _remove_quietly(temp_name)
        raise

    _fsync_directory(path.parent)


def atomic_write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically in ``encoding``, without newline translation.

    Raises:
        ExportError: as :func:`atomic_write_bytes`.
    """
    atomic_write_bytes(path, text.encode(encoding))


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]


def _remove_quietly(name: str) -> None:
    try:
        os.unlink(name)
    except OSError as exc:
        logger.warning("Could not remove the temporary file %s: %s", name, exc)


def _fsync_directory(folder: Path) -> None:
    """Flush the directory entry of the replaced file on POSIX, so it survives a power loss."""
    if os.name != "posix":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        logger.debug("Cannot open %s to fsync it: %s", folder, exc)
        return
    try:
        os.fsync(descriptor)
    except OSError as exc:
        logger.debug("Cannot fsync the folder %s: %s", folder, exc)
    finally:
        os.close(descriptor)
