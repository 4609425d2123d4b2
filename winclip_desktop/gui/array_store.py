"""Keyed storage for large per-image arrays (anomaly maps, live frames) with a memory budget.

Arrays stay in memory until the budget is used up. Later arrays are written as ``.npy`` files to
a private temporary folder and read back on demand, so a review of thousands of images keeps
its maps at the original resolution without holding them all in RAM. The folder is removed by
``close()`` (also called on garbage collection).

NOTE: Spilled arrays cost one ``np.load`` per access (about 10 ms for a 900x900 float32 map on
an SSD, an estimate) and need free space in the system's temporary folder (4 bytes per pixel
per map). When that disk is full, ``put`` raises OSError.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import weakref
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

DEFAULT_MEMORY_BUDGET = 1 << 30  # 1 GiB: about 330 maps of 900x900 float32


def _remove_folder(path: str) -> None:
    shutil.rmtree(path, ignore_errors=True)


class ArrayStore:
    """Thread-safe mapping from an int key to a numpy array, spilled to disk above a byte budget.

    ``get`` returns the stored array itself for in-memory entries, so callers must treat it
    as read-only.
    """

    def __init__(self, memory_budget: int = DEFAULT_MEMORY_BUDGET, prefix: str = "winclip-arrays-"):
        if memory_budget < 0:
            raise ValueError(f"memory_budget must be >= 0 bytes, got {memory_budget}")
        self._budget = int(memory_budget)
        self._prefix = prefix
        self._lock = threading.Lock()
        self._memory: dict[int, np.ndarray] = {}
        self._files: dict[int, Path] = {}
        self._memory_bytes = 0
        self._folder: Path | None = None
        self._finalizer: weakref.finalize | None = None

    @property
    def memory_bytes(self) -> int:
        """Bytes held in memory (spilled arrays not counted)."""
        return self._memory_bytes

    @property
    def spilled_count(self) -> int:
        """Number of arrays currently stored on disk."""
        return len(self._files)

    def __len__(self) -> int:
        with self._lock:
            return len(self._memory) + len(self._files)

    def __contains__(self, key: int) -> bool:
        with self._lock:
            return key in self._memory or key in self._files

    def put(self, key: int, array: np.ndarray) -> None:
        """Store ``array`` under ``key``, replacing an earlier entry; spill to disk above the budget."""
        array = np.ascontiguousarray(array)
        with self._lock:
            self._discard_locked(key)
            if self._memory_bytes + array.nbytes <= self._budget:
                self._memory[key] = array
                self._memory_bytes += array.nbytes
                return
            path = self._spill_folder_locked() / f"{key}.npy"
        # Write outside the lock: a large np.save must not stall readers of other keys.
        np.save(path, array, allow_pickle=False)
        with self._lock:
            self._files[key] = path

    def get(self, key: int) -> np.ndarray:
        """Return the array stored under ``key``; raise KeyError when there is none."""
        with self._lock:
            array = self._memory.get(key)
            path = self._files.get(key)
        if array is not None:
            return array
        if path is None:
            raise KeyError(key)
        return np.load(path, allow_pickle=False)

    def discard(self, key: int) -> None:
        """Remove the entry for ``key`` if there is one."""
        with self._lock:
            self._discard_locked(key)

    def clear(self) -> None:
        """Remove every entry; the spill folder stays for reuse."""
        with self._lock:
            for key in list(self._memory) + list(self._files):
                self._discard_locked(key)

    def close(self) -> None:
        """Remove every entry and delete the spill folder. The store stays usable."""
        self.clear()
        with self._lock:
            if self._finalizer is not None:
                self._finalizer()
            self._finalizer = None
            self._folder = None

    def _discard_locked(self, key: int) -> None:
        array = self._memory.pop(key, None)
        if array is not None:
            self._memory_bytes -= array.nbytes
        path = self._files.pop(key, None)
        if path is not None:
            path.unlink(missing_ok=True)

    def _spill_folder_locked(self) -> Path:
        if self._folder is None:
            folder = tempfile.mkdtemp(prefix=self._prefix)
            self._folder = Path(folder)
            self._finalizer = weakref.finalize(self, _remove_folder, folder)
            logger.info("Memory budget of %d bytes used up; storing further arrays in %s", self._budget, folder)
        return self._folder
