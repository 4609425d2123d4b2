"""The inspection engine: model, prompts and references ready to score RGB images of any size."""

from __future__ import annotations

import hashlib
import logging
import time
from contextlib import nullcontext
from typing import Callable, Sequence

import numpy as np
import torch

from winclip_desktop.engine.config import InspectorConfig  # noqa: F401 - also imported from here
from winclip_desktop.engine.image_io import read_image
from winclip_desktop.engine.model import WinClipModel, upsample_map
from winclip_desktop.engine.postprocess import postprocess
from winclip_desktop.engine.preprocess import CLIP_MEAN, CLIP_STD, to_model_input
from winclip_desktop.engine.prompts import fit_object_words, object_name
from winclip_desktop.engine.text_cache import TextEmbeddingCache, cache_key
from winclip_desktop.engine.types import InspectionResult, PostProcessSettings
from winclip_desktop.engine.weights import load_model

logger = logging.getLogger(__name__)

PRECISIONS = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}
MIN_CHUNK_SIZE = 32


def references_fingerprint(images: Sequence[np.ndarray]) -> str:
    """Return a hex SHA-256 that identifies a set of reference images by their pixels, in any order."""
    digests = sorted(
        hashlib.sha256(str(image.shape).encode() + np.ascontiguousarray(image).tobytes()).hexdigest() for image in images
    )
    return hashlib.sha256("\n".join(digests).encode()).hexdigest()


def resolve_device(device: str) -> torch.device:
    """Map ``auto``, ``cpu`` or ``cuda[:N]`` to a torch device; ``auto`` takes CUDA when present."""
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise ValueError(f"Device {device!r} was requested but CUDA is not available. Use --device cpu or auto.")
    if device != "cpu" and not device.startswith("cuda"):
        raise ValueError(f"Invalid device {device!r}: use auto, cpu or cuda.")
    return torch.device(device)


class Inspector:
    """Scores RGB images with WinCLIP (zero-shot) or WinCLIP+ (with reference images).

    Build it with :meth:`load`; it is not thread-safe, so keep one per worker thread.
    """

    def __init__(self, model: WinClipModel, config: InspectorConfig, weights_identity: str, device: torch.device):
        self.model = model
        self.config = config
        self.weights_identity = weights_identity
        self.device = device
        self.reference_count = 0
        self.references_hash: str | None = None
        self.object_words: tuple[str, ...] = ()
        self.notices: list[str] = []
        preprocess_cfg = getattr(model.clip.visual, "preprocess_cfg", {}) or {}
        self.mean = tuple(preprocess_cfg.get("mean", CLIP_MEAN))
        self.std = tuple(preprocess_cfg.get("std", CLIP_STD))

    @classmethod
    def load(cls, config: InspectorConfig, progress: Callable[[str], None] | None = None) -> "Inspector":
        """Load the model, build the class prompts and encode the reference images."""
        report = progress or (lambda message: None)
        device = resolve_device(config.device)
        if config.precision not in PRECISIONS:
            raise ValueError(f"Invalid precision {config.precision!r}: use one of {', '.join(PRECISIONS)}.")

        report("loading model")
        started = time.perf_counter()
        loaded = load_model(config.model_name, config.weights, device="cpu")
        inspector = cls(WinClipModel(loaded.model), config, loaded.weights_identity, torch.device("cpu"))
        inspector.model.to(device)
        inspector.device = device
        logger.info(
            "Model %s (%s) on %s loaded in %.1f s", config.model_name, loaded.weights_identity, device,
            time.perf_counter() - started,
        )

        report("building prompts")
        inspector.build_text(loaded.tokenizer)

        if config.reference_paths:
            report("encoding reference images")
            inspector.set_references([read_image(path) for path in config.reference_paths])
        return inspector

    @property
    def is_random(self) -> bool:
        return self.weights_identity == "random"

    @property
    def identity(self) -> dict:
        """The model, weights, class and reference images (count and fingerprint) recorded with every result."""
        return {
            "model": self.config.model_name,
            "weights": self.weights_identity,
            "class_name": self.config.class_name,
            "object_words": list(self.object_words),
            "reference_count": self.reference_count,
            "references_hash": self.references_hash,
            "device": str(self.device),
            "precision": self.effective_precision,
        }

    @property
    def effective_precision(self) -> str:
        # NOTE: reduced precision is only used on CUDA; CPU inference always runs in fp32.
        return self.config.precision if self.device.type == "cuda" else "fp32"

    def build_text(self, tokenizer) -> None:
        """Encode the normal and anomalous prompt ensembles, or load them from the disk cache."""
        context_length = getattr(tokenizer, "context_length", 77)
        count_tokens = lambda text: len(tokenizer.encode(text)) + 2  # noqa: E731 (start and end tokens)
        words = self.config.object_words or (object_name(self.config.class_name),)
        fitted = tuple(fit_object_words(word, count_tokens, context_length, self.config.prompt_set) for word in words)
        for original, shortened in zip(words, fitted):
            if original != shortened:
                logger.warning(
                    "Object name %r is too long for the %d-token text context; the prompts use %r.",
                    original, context_length, shortened,
                )
        self.object_words = fitted
        normal_prompts, anomalous_prompts = self.config.prompt_set.build(fitted)

        cache = TextEmbeddingCache()
        key = cache_key(self.config.model_name, self.weights_identity, normal_prompts, anomalous_prompts)
        cached = cache.load(key) if cache.usable(self.weights_identity) else None
        if cached is not None:
            normal, anomalous = (torch.from_numpy(array) for array in cached)
            logger.info("Loaded cached text embeddings for %s", ", ".join(fitted))
        else:
            started = time.perf_counter()
            normal = self.model.encode_text(tokenizer(normal_prompts)).cpu()
            anomalous = self.model.encode_text(tokenizer(anomalous_prompts)).cpu()
            logger.info(
                "Encoded %d prompts for %s in %.1f s", len(normal_prompts) + len(anomalous_prompts),
                ", ".join(fitted), time.perf_counter() - started,
            )
            if cache.usable(self.weights_identity):
                cache.store(key, normal.numpy(), anomalous.numpy())
        self.model.set_text_embeddings(normal.to(self.device), anomalous.to(self.device))

    def set_references(self, images: Sequence[np.ndarray]) -> None:
        """Use RGB uint8 images of normal parts as WinCLIP+ references; an empty list returns to zero-shot."""
        if not images:
            self.model.set_references(None)
            self.reference_count = 0
            self.references_hash = None
            return
        batch = self.prepare(images)
        with self.autocast():
            self.model.set_references(batch)
        self.reference_count = len(images)
        self.references_hash = references_fingerprint(images)

    def prepare(self, images: Sequence[np.ndarray]) -> torch.Tensor:
        size = self.model.image_size
        return torch.stack([to_model_input(image, size, self.mean, self.std) for image in images]).to(self.device)

    def autocast(self):
        if self.device.type == "cuda" and self.config.precision != "fp32":
            return torch.autocast("cuda", dtype=PRECISIONS[self.config.precision])
        return nullcontext()

    def score(self, images: Sequence[np.ndarray]) -> tuple[list[float], list[np.ndarray]]:
        """Return the image scores and the anomaly maps, float32 at each image's original size."""
        grid_scores, grid_maps = self.run_model(self.prepare(images))
        maps = [
            upsample_map(grid_map, image.shape[:2]).numpy().astype(np.float32)
            for grid_map, image in zip(grid_maps, images)
        ]
        return [float(score) for score in grid_scores], maps

    def run_model(self, batch: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Run the model, halving the window chunk on CUDA out-of-memory and falling back to the CPU last."""
        while True:
            try:
                with self.autocast():
                    scores, maps = self.model(batch)
                return scores.float().cpu(), maps.float().cpu()
            except torch.cuda.OutOfMemoryError:
                torch.cuda.empty_cache()
                if self.model.chunk_size > MIN_CHUNK_SIZE:
                    self.model.chunk_size //= 2
                    logger.warning("CUDA out of memory: retrying with %d windows per forward", self.model.chunk_size)
                    continue
                self.fall_back_to_cpu()
                batch = batch.cpu()

    def fall_back_to_cpu(self) -> None:
        notice = "CUDA out of memory even with small batches: inspection continues on the CPU (slower)."
        logger.error(notice)
        self.notices.append(notice)
        self.model.to("cpu")
        if self.model.text_embeddings is not None:
            self.model.text_embeddings = self.model.text_embeddings.cpu()
        if self.model.memory is not None:
            self.model.memory = {key: value.cpu() for key, value in self.model.memory.items()}
        self.device = torch.device("cpu")

    def inspect(self, image: np.ndarray, settings: PostProcessSettings) -> InspectionResult:
        """Score one RGB uint8 image and turn its map into a verdict, a mask and regions."""
        return self.inspect_batch([image], settings)[0]

    def inspect_batch(self, images: Sequence[np.ndarray], settings: PostProcessSettings) -> list[InspectionResult]:
        results = []
        for start in range(0, len(images), self.config.batch_size):
            chunk = images[start : start + self.config.batch_size]
            scores, maps = self.score(chunk)
            for image, score, anomaly_map in zip(chunk, scores, maps):
                result = postprocess(anomaly_map, score, settings)
                result.image_size = tuple(image.shape[:2])
                results.append(result)
        return results
