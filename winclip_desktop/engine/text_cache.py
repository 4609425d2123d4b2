"""Disk cache of class text embeddings, keyed by model, weights identity, object words and prompt set.

Encoding the 242 prompts of one class with ViT-B-16-plus-240 takes about 15 s on a 2-core CPU; a
cached class loads in milliseconds. Entries are ``.npz`` files (no pickle) in
``<user cache dir>/text_embeddings``. Random weights are never cached: their identity does not pin
the numbers across torch versions.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

import numpy as np

from winclip_desktop.engine.weights import RANDOM
from winclip_desktop.paths import cache_dir

logger = logging.getLogger(__name__)

CACHE_VERSION = 1


def cache_key(model_name: str, weights_identity: str, normal: list[str], anomalous: list[str]) -> str:
    """Return a hex key over everything that determines the class embeddings."""
    payload = json.dumps(
        {
            "version": CACHE_VERSION,
            "model": model_name,
            "weights": weights_identity,
            "normal": normal,
            "anomalous": anomalous,
        },
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


class TextEmbeddingCache:
    """Stores (normal, anomalous) class embeddings as float32 arrays under ``directory``."""

    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory) if directory is not None else cache_dir() / "text_embeddings"

    def path(self, key: str) -> Path:
        return self.directory / f"{key}.npz"

    def load(self, key: str) -> tuple[np.ndarray, np.ndarray] | None:
        path = self.path(key)
        if not path.is_file():
            return None
        try:
            with np.load(path, allow_pickle=False) as data:
                return data["normal"], data["anomalous"]
        except (OSError, KeyError, ValueError) as error:
            logger.warning("Ignoring unreadable text-embedding cache file %s: %s", path, error)
            return None

    def store(self, key: str, normal: np.ndarray, anomalous: np.ndarray) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                np.savez(stream, normal=normal.astype(np.float32), anomalous=anomalous.astype(np.float32))
            os.replace(temporary, self.path(key))
        except OSError as error:
            # A cache that cannot be written costs time on the next start, nothing else.
            logger.warning("Could not write text-embedding cache in %s: %s", self.directory, error)

    @staticmethod
    def usable(weights_identity: str) -> bool:
        return weights_identity != RANDOM
