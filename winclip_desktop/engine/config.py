"""The inspector's configuration, in a module without torch so that the GUI thread can build one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from winclip_desktop.engine.defaults import DEFAULT_MODEL, DEFAULT_PRETRAINED
from winclip_desktop.engine.prompts import DEFAULT_PROMPTS, PromptSet


@dataclass(frozen=True)
class InspectorConfig:
    """Everything that selects the model and the class prompts of an inspection.

    ``weights`` is a pretrained tag of open_clip, a checkpoint path, or ``"random"``.
    ``object_words`` replace the class name in the prompts when given (several names for one object).
    """

    class_name: str
    model_name: str = DEFAULT_MODEL
    weights: str = DEFAULT_PRETRAINED
    device: str = "auto"
    reference_paths: tuple[str | Path, ...] = ()
    precision: str = "fp32"
    object_words: tuple[str, ...] = ()
    prompt_set: PromptSet = field(default=DEFAULT_PROMPTS)
    batch_size: int = 4
