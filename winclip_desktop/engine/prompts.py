"""WinCLIP's compositional prompt ensemble: state words crossed with photo templates.

The lists follow Jeong et al., "WinCLIP: Zero-/Few-Shot Anomaly Classification and Segmentation"
(CVPR 2023): 7 normal states, 4 anomalous states and 22 templates, so 154 normal and 88 anomalous
prompts for each object word.
"""

from __future__ import annotations

from dataclasses import dataclass

NORMAL_STATES: tuple[str, ...] = (
    "{}",
    "flawless {}",
    "perfect {}",
    "unblemished {}",
    "{} without flaw",
    "{} without defect",
    "{} without damage",
)

ANOMALOUS_STATES: tuple[str, ...] = (
    "damaged {}",
    "{} with flaw",
    "{} with defect",
    "{} with damage",
)

TEMPLATES: tuple[str, ...] = (
    "a cropped photo of the {}.",
    "a cropped photo of a {}.",
    "a close-up photo of a {}.",
    "a close-up photo of the {}.",
    "a bright photo of a {}.",
    "a bright photo of the {}.",
    "a dark photo of the {}.",
    "a dark photo of a {}.",
    "a jpeg corrupted photo of a {}.",
    "a jpeg corrupted photo of the {}.",
    "a blurry photo of the {}.",
    "a blurry photo of a {}.",
    "a photo of a {}.",
    "a photo of the {}.",
    "a photo of a small {}.",
    "a photo of the small {}.",
    "a photo of a large {}.",
    "a photo of the large {}.",
    "a photo of the {} for visual inspection.",
    "a photo of a {} for visual inspection.",
    "a photo of the {} for anomaly detection.",
    "a photo of a {} for anomaly detection.",
)


@dataclass(frozen=True)
class PromptSet:
    """The state words and templates of one prompt ensemble; the default is WinCLIP's."""

    normal_states: tuple[str, ...] = NORMAL_STATES
    anomalous_states: tuple[str, ...] = ANOMALOUS_STATES
    templates: tuple[str, ...] = TEMPLATES

    def build(self, object_words: tuple[str, ...] | list[str]) -> tuple[list[str], list[str]]:
        """Return (normal prompts, anomalous prompts) for every object word, state and template."""
        normal = [
            template.format(state.format(word))
            for word in object_words
            for state in self.normal_states
            for template in self.templates
        ]
        anomalous = [
            template.format(state.format(word))
            for word in object_words
            for state in self.anomalous_states
            for template in self.templates
        ]
        return normal, anomalous


DEFAULT_PROMPTS = PromptSet()


def object_name(class_name: str) -> str:
    """Turn a class name such as ``metal_nut`` into the words used in prompts (``metal nut``)."""
    words = class_name.replace("_", " ").split()
    if not words:
        raise ValueError(f"Invalid class name {class_name!r}: enter the name of the inspected object, e.g. 'bottle'.")
    return " ".join(words)


def fit_object_words(object_word: str, count_tokens, context_length: int, prompt_set: PromptSet = DEFAULT_PROMPTS) -> str:
    """Shorten ``object_word`` word by word until every prompt fits the text encoder's context.

    ``count_tokens(text)`` returns the token count of ``text`` including start and end tokens.
    CLIP's byte-pair encoding splits text into words before merging, so the longest prompt for a
    one-token placeholder stays the longest for any object word. A name that fits is returned unchanged.
    """
    states = prompt_set.normal_states + prompt_set.anomalous_states
    longest = max(
        (template.format(state) for template in prompt_set.templates for state in states),
        key=lambda pattern: count_tokens(pattern.format("x")),
    )
    words = object_word.split()
    while len(words) > 1 and count_tokens(longest.format(" ".join(words))) > context_length:
        words = words[:-1]
    return " ".join(words)
