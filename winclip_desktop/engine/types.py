"""Plain data types shared by the engine, the CLI, storage and the GUI (no torch, no Qt)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

OK = "OK"
NG = "NG"


@dataclass(frozen=True)
class PostProcessSettings:
    """Thresholds and morphology that turn an anomaly map into a verdict, a mask and regions."""

    image_threshold: float = 0.5
    pixel_threshold: float = 0.5
    kernel_size: int = 5
    min_area: int = 64

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Region:
    """One connected defect region of a binary mask, in original image pixels.

    ``bbox`` is (x, y, width, height); ``centroid`` is (x, y).
    """

    id: int
    area: int
    bbox: tuple[int, int, int, int]
    centroid: tuple[float, float]
    max_score: float
    mean_score: float

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "area": self.area,
            "bbox": list(self.bbox),
            "centroid": [round(c, 2) for c in self.centroid],
            "max_score": self.max_score,
            "mean_score": self.mean_score,
        }


@dataclass
class InspectionResult:
    """The outcome of inspecting one image.

    ``anomaly_map`` is float32 at the image's original height x width. ``mask`` is uint8 0/255 of the
    same shape and contains only the regions that survived post-processing.
    """

    image_score: float
    anomaly_map: np.ndarray
    verdict: str
    mask: np.ndarray
    regions: list[Region]
    settings: PostProcessSettings
    image_size: tuple[int, int] = (0, 0)  # (height, width)
    extra: dict = field(default_factory=dict)
