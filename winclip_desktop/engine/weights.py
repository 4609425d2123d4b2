"""Creating the open_clip model from a pretrained tag, a local checkpoint file or random weights.

A local checkpoint is read without running pickled code: safetensors files through ``safetensors``,
anything else through ``torch.load(..., weights_only=True)``, which rejects pickles that would call
arbitrary functions.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import warnings
from urllib.parse import urlparse
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import open_clip
import torch

logger = logging.getLogger(__name__)

from winclip_desktop.engine.defaults import DEFAULT_MODEL, DEFAULT_PRETRAINED, RANDOM  # noqa: F401 (re-exported)

# Seed for random initialisation, so that two runs with random weights compute the same numbers.
RANDOM_SEED = 0

CHECKPOINT_SUFFIXES = (".pt", ".pth", ".bin", ".safetensors", ".ckpt")

_configs_registered = False


class WeightsError(RuntimeError):
    """Weights could not be obtained or loaded. The message names the file or tag and the next step."""


@dataclass(frozen=True)
class LoadedModel:
    """An open_clip CLIP model in eval mode with its tokenizer and the identity of its weights.

    ``weights_identity`` is ``"random"``, the pretrained tag, or ``"file:<name>:sha256:<16 hex>"``.
    """

    model: torch.nn.Module
    tokenizer: object
    model_name: str
    weights_identity: str

    @property
    def is_random(self) -> bool:
        return self.weights_identity == RANDOM


def register_model_configs() -> None:
    """Add the configs shipped in ``resources/model_configs`` (such as ``winclip-tiny``) to open_clip."""
    global _configs_registered
    if _configs_registered:
        return
    config_dir = resources.files("winclip_desktop.resources") / "model_configs"
    open_clip.add_model_config(Path(str(config_dir)))
    _configs_registered = True


def is_checkpoint_path(weights: str) -> bool:
    """Return True when ``weights`` names a file rather than a pretrained tag or ``random``."""
    return weights != RANDOM and (Path(weights).suffix.lower() in CHECKPOINT_SUFFIXES or Path(weights).exists())


def file_identity(path: Path) -> str:
    """Return ``file:<name>:sha256:<first 16 hex digits>`` of a checkpoint's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return f"file:{path.name}:sha256:{digest.hexdigest()[:16]}"


def load_model(model_name: str = DEFAULT_MODEL, weights: str = DEFAULT_PRETRAINED, device: str = "cpu") -> LoadedModel:
    """Create ``model_name`` with ``weights`` (a pretrained tag, a checkpoint path or ``"random"``)."""
    register_model_configs()
    if model_name not in open_clip.list_models():
        raise WeightsError(
            f"Unknown model {model_name!r}. Use one of open_clip's model names, e.g. {DEFAULT_MODEL!r}."
        )
    tokenizer = open_clip.get_tokenizer(model_name)

    if weights == RANDOM:
        logger.warning(
            "Using randomly initialised %s weights: scores are meaningless and only test the pipeline.", model_name
        )
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(RANDOM_SEED)
            model = open_clip.create_model(model_name, pretrained=None)
        identity = RANDOM
    elif is_checkpoint_path(weights):
        path = Path(weights).expanduser()
        check_checkpoint_path(path)
        model = open_clip.create_model(model_name, pretrained=None)
        state_dict = read_checkpoint(path)
        apply_state_dict(model, state_dict, path, model_name)
        identity = file_identity(path)
        logger.info("Loaded %s weights from %s (%s)", model_name, path, identity)
    else:
        model = create_pretrained(model_name, weights)
        identity = weights

    model = model.to(device).eval()
    return LoadedModel(model=model, tokenizer=tokenizer, model_name=model_name, weights_identity=identity)


def create_pretrained(model_name: str, tag: str) -> torch.nn.Module:
    """Create the model with open_clip's own download of pretrained tag ``tag``."""
    known_tags = [t for name, t in open_clip.list_pretrained() if name == model_name]
    if tag not in known_tags:
        raise WeightsError(
            f"Unknown pretrained tag {tag!r} for {model_name}. Known tags: {', '.join(known_tags) or 'none'}; "
            "or pass --weights PATH with a local checkpoint file."
        )
    if not hub_reachable() and not pretrained_cached(model_name, tag):
        raise WeightsError(
            f"The pretrained weights {model_name} / {tag} are not downloaded yet and the model hub cannot be "
            "reached (offline, or HF_HUB_OFFLINE is set). Connect this machine to the internet once so open_clip "
            "can download and cache them, or pass --weights PATH with a local open_clip checkpoint "
            "(.pt, .bin or .safetensors)."
        )
    logger.info("Loading pretrained %s (%s) through open_clip; the first run downloads it", model_name, tag)
    mismatch = hub_repository_mismatch(model_name, tag)
    if mismatch:
        logger.warning("%s", mismatch)
    try:
        return open_clip.create_model(model_name, pretrained=tag)
    except Exception as error:  # open_clip raises many types for network and hub failures
        raise WeightsError(
            f"Could not download the pretrained weights {model_name} / {tag}: {error}. "
            "Connect this machine to the internet once so open_clip can download and cache them, "
            "or pass --weights PATH with a local open_clip checkpoint (.pt, .bin or .safetensors)."
        ) from error


def hub_repository_mismatch(model_name: str, tag: str) -> str | None:
    """Return a warning when open_clip downloads ``tag`` from a hub repository named after another tag.

    NOTE: open_clip 3.3 maps ViT-B-16-plus-240 / laion400m_e32 to the Hugging Face repository
    ``timm/vit_base_patch16_plus_clip_240.laion400m_e31/`` and prefers the hub over its release URL,
    so the default download yields the e31 weights (the ones the WinCLIP paper used).
    """
    config = open_clip.get_pretrained_cfg(model_name, tag)
    repository = (config.get("hf_hub") or "").strip("/")
    if not repository or tag in repository:
        return None
    return (
        f"open_clip downloads {model_name} / {tag} from the Hugging Face repository {repository}, which is named "
        f"after another tag. To use exactly {tag}, download {config.get('url') or 'its checkpoint'} and pass the "
        "file with --weights."
    )


def check_checkpoint_path(path: Path) -> None:
    """Raise WeightsError when ``path`` is missing or a folder."""
    if path.is_dir():
        raise WeightsError(f"--weights {path} is a folder; pass the checkpoint file itself (.pt, .bin or .safetensors).")
    if not path.is_file():
        raise WeightsError(f"Checkpoint file not found: {path}. Check the path given to --weights.")


def hub_reachable(timeout: float = 3.0) -> bool:
    """Return False when HF_HUB_OFFLINE is set or the hub's host name does not resolve.

    This saves the minute of retries that a download attempt spends on a machine without network.
    """
    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}:
        return False
    from huggingface_hub import constants

    host = urlparse(constants.ENDPOINT).hostname or "huggingface.co"
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(timeout)
    try:
        socket.getaddrinfo(host, 443)
    except OSError:
        return False
    finally:
        socket.setdefaulttimeout(previous)
    return True


def pretrained_cached(model_name: str, tag: str) -> bool:
    """Return True when open_clip's download of ``model_name`` / ``tag`` is already in the local hub cache."""
    from huggingface_hub import try_to_load_from_cache

    repo = (open_clip.get_pretrained_cfg(model_name, tag).get("hf_hub") or "").strip("/")
    if not repo:
        return False
    for filename in ("open_clip_model.safetensors", "open_clip_pytorch_model.bin"):
        if isinstance(try_to_load_from_cache(repo, filename), str):
            return True
    return False


def read_checkpoint(path: Path) -> dict[str, torch.Tensor]:
    """Read a state dict from ``path`` without executing pickled code."""
    check_checkpoint_path(path)

    if path.suffix.lower() == ".safetensors":
        from safetensors import SafetensorError
        from safetensors.torch import load_file

        try:
            return load_file(str(path), device="cpu")
        except (SafetensorError, OSError, ValueError) as error:
            raise WeightsError(f"Checkpoint {path} is corrupt or not a safetensors file: {error}") from error

    try:
        with warnings.catch_warnings():
            # torch warns about files saved with a pickle protocol above its default of 2; they load fine.
            warnings.filterwarnings("ignore", message="Detected pickle protocol", category=UserWarning)
            checkpoint = torch.load(str(path), map_location="cpu", weights_only=True)
    except Exception as error:
        code_global = unsafe_pickle_global(path)
        if code_global:
            raise WeightsError(
                f"Checkpoint {path} was rejected: it contains pickled objects that would run code when loaded "
                f"({code_global}), so it was not executed. Save a plain state dict "
                "(torch.save(model.state_dict(), ...)) or use .safetensors."
            ) from error
        logger.debug("torch.load(weights_only=True) of %s failed: %r", path, error)
        problem = "is empty" if path.stat().st_size == 0 else "is corrupt or not a PyTorch checkpoint"
        raise WeightsError(
            f"Checkpoint {path} {problem}. "
            "Pass an open_clip checkpoint file (.pt, .bin or .safetensors)."
        ) from error

    if isinstance(checkpoint, dict) and isinstance(checkpoint.get("state_dict"), dict):
        checkpoint = checkpoint["state_dict"]
    if not isinstance(checkpoint, dict) or not all(isinstance(v, torch.Tensor) for v in checkpoint.values()):
        raise WeightsError(
            f"Invalid checkpoint {path}: expected a state dict of tensors, found {type(checkpoint).__name__}. "
            "Pass a plain open_clip state dict, or one stored under the key 'state_dict'."
        )
    return {key.removeprefix("module."): value for key, value in checkpoint.items()}


# Modules whose globals a plain state dict may reference.
SAFE_PICKLE_MODULES = ("torch", "collections", "numpy", "_codecs", "builtins")


def unsafe_pickle_global(path: Path) -> str | None:
    """Return the first ``module.name`` that the pickle in ``path`` would import from outside torch, or None.

    The opcodes are only listed by ``pickletools``, never executed. A torch zip checkpoint is
    searched in its ``data.pkl``; an unreadable file returns None.
    """
    import pickletools
    import zipfile

    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                name = next((n for n in archive.namelist() if n.endswith("data.pkl")), None)
                data = archive.read(name) if name else b""
        else:
            data = path.read_bytes()
    except (OSError, zipfile.BadZipFile):
        return None

    strings: list[str] = []
    try:
        for opcode, argument, _ in pickletools.genops(data):
            if opcode.name in ("SHORT_BINUNICODE", "BINUNICODE", "UNICODE", "BINUNICODE8"):
                strings.append(argument)
            elif opcode.name in ("GLOBAL", "STACK_GLOBAL"):
                qualified = argument.replace(" ", ".") if opcode.name == "GLOBAL" else ".".join(strings[-2:])
                if not qualified.startswith(SAFE_PICKLE_MODULES):
                    return qualified
    except Exception:  # pickletools raises several types on garbage; that file is corrupt, not code
        return None
    return None


def apply_state_dict(model: torch.nn.Module, state_dict: dict[str, torch.Tensor], path: Path, model_name: str) -> None:
    """Load ``state_dict`` into ``model`` strictly, explaining an architecture mismatch."""
    expected = model.state_dict()
    missing = sorted(set(expected) - set(state_dict))
    unexpected = sorted(set(state_dict) - set(expected))
    wrong_shape = sorted(
        key for key in set(expected) & set(state_dict) if tuple(expected[key].shape) != tuple(state_dict[key].shape)
    )
    if missing or unexpected or wrong_shape:
        details = []
        if missing:
            details.append(f"{len(missing)} missing (e.g. {missing[0]})")
        if unexpected:
            details.append(f"{len(unexpected)} unexpected (e.g. {unexpected[0]})")
        if wrong_shape:
            key = wrong_shape[0]
            details.append(
                f"{len(wrong_shape)} of another shape (e.g. {key}: file {tuple(state_dict[key].shape)}, "
                f"model {tuple(expected[key].shape)})"
            )
        raise WeightsError(
            f"Checkpoint {path} is for another architecture than {model_name}: " + "; ".join(details) + ". "
            "Pass a checkpoint of this model, or choose the matching model name."
        )
    model.load_state_dict(state_dict, strict=True)
