"""The Inspector on the tiny random model: input sizes and colour modes, prompts, text cache, weights errors."""

import os
import pickle
import subprocess
import sys
import time

import numpy as np
import open_clip
import pytest
import torch
from PIL import Image

from winclip_desktop.engine.image_io import read_image
from winclip_desktop.engine.inspector import Inspector, InspectorConfig
from winclip_desktop.engine.prompts import ANOMALOUS_STATES, NORMAL_STATES, TEMPLATES, DEFAULT_PROMPTS
from winclip_desktop.engine.types import PostProcessSettings
from winclip_desktop.engine import weights
from winclip_desktop.engine.weights import (
    RANDOM_SEED,
    WeightsError,
    hub_repository_mismatch,
    load_model,
    register_model_configs,
)

TINY = InspectorConfig(class_name="bottle", model_name="winclip-tiny", weights="random", device="cpu")


@pytest.fixture(scope="module")
def inspector():
    return Inspector.load(TINY)


@pytest.fixture(scope="module")
def tiny_checkpoint(tmp_path_factory):
    """A plain state-dict file of the tiny model, as a user's local checkpoint would be."""
    register_model_configs()
    torch.manual_seed(RANDOM_SEED + 1)
    model = open_clip.create_model("winclip-tiny", pretrained=None)
    path = tmp_path_factory.mktemp("weights") / "tiny.pt"
    torch.save(model.state_dict(), path)
    return path


def test_prompt_ensemble_sizes():
    normal, anomalous = DEFAULT_PROMPTS.build(["bottle"])
    assert len(NORMAL_STATES) == 7
    assert len(ANOMALOUS_STATES) == 4
    assert len(set(TEMPLATES)) == 22
    assert len(normal) == 154
    assert len(anomalous) == 88
    assert "a photo of a flawless bottle for visual inspection." in normal
    assert "a jpeg corrupted photo of the bottle with damage." in anomalous


def test_long_class_name_fits_context(caplog):
    long_name = " ".join(["anodised"] * 60)
    loaded = Inspector.load(InspectorConfig(**{**TINY.__dict__, "class_name": long_name}))
    tokenizer = open_clip.get_tokenizer("winclip-tiny")
    normal, anomalous = DEFAULT_PROMPTS.build(loaded.object_words)
    longest = max(len(tokenizer.encode(prompt)) + 2 for prompt in normal + anomalous)
    assert longest <= 77
    assert loaded.object_words[0].startswith("anodised anodised")
    assert "too long" in caplog.text


def test_greyscale_scores_like_rgb(inspector, tmp_path):
    grey = (np.random.default_rng(0).random((200, 300)) * 255).astype(np.uint8)
    Image.fromarray(grey).save(tmp_path / "grey.png")
    Image.fromarray(np.stack([grey] * 3, axis=-1)).save(tmp_path / "rgb.png")
    grey_image = read_image(tmp_path / "grey.png")
    rgb_image = read_image(tmp_path / "rgb.png")
    settings = PostProcessSettings()
    grey_result = inspector.inspect(grey_image, settings)
    rgb_result = inspector.inspect(rgb_image, settings)
    assert grey_result.anomaly_map.shape == (200, 300)
    assert abs(grey_result.image_score - rgb_result.image_score) < 1e-6
    assert np.allclose(grey_result.anomaly_map, rgb_result.anomaly_map, atol=1e-6)


@pytest.mark.parametrize("size", [(300, 1000), (64, 64), (3000, 4000)])
def test_any_size_returns_map_of_own_size(inspector, size):
    image = np.random.default_rng(1).integers(0, 255, (*size, 3), dtype=np.uint8)
    result = inspector.inspect(image, PostProcessSettings())
    assert result.anomaly_map.shape == size
    assert result.anomaly_map.dtype == np.float32
    assert result.mask.shape == size
    assert np.isfinite(result.anomaly_map).all()


def test_batch_equals_single(inspector):
    images = [np.random.default_rng(seed).integers(0, 255, (120, 160, 3), dtype=np.uint8) for seed in range(3)]
    batch_scores, batch_maps = inspector.score(images)
    for image, score, anomaly_map in zip(images, batch_scores, batch_maps):
        [single_score], [single_map] = inspector.score([image])
        assert abs(score - single_score) < 1e-5
        assert np.allclose(anomaly_map, single_map, atol=1e-5)


def test_references_switch_to_few_shot(inspector, bottle_root):
    references = [read_image(bottle_root / "train" / "good" / f"00{i}.png") for i in range(2)]
    image = read_image(bottle_root / "test" / "good" / "000.png")
    [zero_shot_score], _ = inspector.score([image])
    inspector.set_references(references)
    try:
        [few_shot_score], [few_shot_map] = inspector.score([image])
        assert inspector.identity["reference_count"] == 2
        assert few_shot_score != zero_shot_score
        assert few_shot_map.shape == image.shape[:2]
    finally:
        inspector.set_references([])
    assert inspector.identity["reference_count"] == 0


def test_random_weights_are_recorded(inspector):
    assert inspector.is_random
    assert inspector.identity["weights"] == "random"


def test_text_cache_loads_fast(tiny_checkpoint, monkeypatch):
    config = InspectorConfig(**{**TINY.__dict__, "weights": str(tiny_checkpoint), "class_name": "cached widget"})
    first = Inspector.load(config)
    encoded = first.model.text_embeddings.clone()
    loaded = load_model("winclip-tiny", str(tiny_checkpoint))

    def fail_encode(tokens):
        raise AssertionError("the text encoder ran although the class is cached")

    monkeypatch.setattr(first.model, "encode_text", fail_encode)
    # The best of three loads is compared, because a shared CI machine may pause any one of them.
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        first.build_text(loaded.tokenizer)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.1, f"cached prompts loaded in {timings} s"
    assert first.weights_identity.startswith("file:tiny.pt:sha256:")
    assert torch.equal(first.model.text_embeddings, encoded)


def test_checkpoint_under_state_dict_key(tiny_checkpoint, tmp_path):
    wrapped = tmp_path / "wrapped.pt"
    torch.save({"state_dict": torch.load(tiny_checkpoint, weights_only=True), "epoch": 3}, wrapped)
    loaded = load_model("winclip-tiny", str(wrapped))
    assert loaded.weights_identity.startswith("file:wrapped.pt:")


def test_safetensors_checkpoint(tiny_checkpoint, tmp_path):
    from safetensors.torch import save_file

    path = tmp_path / "tiny.safetensors"
    save_file(torch.load(tiny_checkpoint, weights_only=True), str(path))
    direct = load_model("winclip-tiny", str(path)).model.state_dict()
    reference = torch.load(tiny_checkpoint, weights_only=True)
    assert torch.equal(direct["visual.proj"], reference["visual.proj"])


def test_corrupt_checkpoint_rejected(tmp_path):
    path = tmp_path / "broken.pt"
    path.write_bytes(b"\x80\x04not a checkpoint at all")
    with pytest.raises(WeightsError, match="corrupt"):
        load_model("winclip-tiny", str(path))


def test_other_architecture_rejected(tiny_checkpoint):
    with pytest.raises(WeightsError, match="another architecture"):
        load_model("ViT-B-32", str(tiny_checkpoint))


class RunsCode:
    def __reduce__(self):
        return (os.system, ("touch should-never-exist",))


def test_code_running_pickle_rejected(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "evil.pt"
    with path.open("wb") as stream:
        pickle.dump({"state_dict": RunsCode()}, stream)
    with pytest.raises(WeightsError, match="would run code"):
        load_model("winclip-tiny", str(path))
    assert not (tmp_path / "should-never-exist").exists()


def test_missing_checkpoint_named(tmp_path):
    with pytest.raises(WeightsError, match="not found"):
        load_model("winclip-tiny", str(tmp_path / "absent.safetensors"))


def test_offline_pretrained_names_both_ways():
    code = (
        "from winclip_desktop.engine.weights import load_model, WeightsError\n"
        "try:\n    load_model()\nexcept WeightsError as e:\n    print(e)\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    output = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120).stdout
    assert "internet" in output
    assert "--weights PATH" in output


def test_cuda_out_of_memory_halves_chunk(monkeypatch):
    inspector = Inspector.load(TINY)
    original_forward = inspector.model.forward
    calls = []

    def flaky_forward(batch):
        calls.append(inspector.model.chunk_size)
        if len(calls) <= 2:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory (simulated)")
        return original_forward(batch)

    monkeypatch.setattr(inspector.model, "forward", flaky_forward)
    result = inspector.inspect(np.zeros((64, 64, 3), np.uint8), PostProcessSettings())
    assert calls == [1024, 512, 256]
    assert result.anomaly_map.shape == (64, 64)
    assert inspector.notices == []


def test_cuda_out_of_memory_falls_back_to_cpu(monkeypatch):
    inspector = Inspector.load(TINY)
    original_forward = inspector.model.forward

    def forward_until_cpu_fallback(batch):
        if not inspector.notices:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory (simulated)")
        return original_forward(batch)

    monkeypatch.setattr(inspector.model, "forward", forward_until_cpu_fallback)
    result = inspector.inspect(np.zeros((64, 64, 3), np.uint8), PostProcessSettings())
    assert np.isfinite(result.image_score)
    assert inspector.device.type == "cpu"
    assert "continues on the CPU" in inspector.notices[0]


def test_cpu_stays_fp32_when_half_requested():
    half = Inspector.load(InspectorConfig(**{**TINY.__dict__, "precision": "fp16"}))
    full = Inspector.load(TINY)
    image = np.random.default_rng(2).integers(0, 255, (100, 100, 3), dtype=np.uint8)
    assert half.identity["precision"] == "fp32"
    assert half.score([image])[0] == full.score([image])[0]


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
@pytest.mark.parametrize("precision", ["fp16", "bf16"])
def test_gpu_reduced_precision_close_to_fp32(precision):
    image = np.random.default_rng(3).integers(0, 255, (240, 240, 3), dtype=np.uint8)
    reduced = Inspector.load(InspectorConfig(**{**TINY.__dict__, "device": "cuda", "precision": precision}))
    full = Inspector.load(InspectorConfig(**{**TINY.__dict__, "device": "cuda"}))
    assert reduced.identity["precision"] == precision
    assert abs(reduced.score([image])[0][0] - full.score([image])[0][0]) < 1e-2


def test_random_bytes_called_corrupt_not_code(tmp_path):
    path = tmp_path / "noise.pt"
    path.write_bytes(np.random.default_rng(0).integers(0, 256, 5000, dtype=np.uint8).tobytes())
    with pytest.raises(WeightsError, match="corrupt") as raised:
        load_model("winclip-tiny", str(path))
    assert "run code" not in str(raised.value)


def test_empty_checkpoint_gives_reason(tmp_path):
    path = tmp_path / "empty.bin"
    path.write_bytes(b"")
    with pytest.raises(WeightsError, match=r"empty\.bin is empty\. Pass an open_clip checkpoint"):
        load_model("winclip-tiny", str(path))


def test_text_checkpoint_plain_message(tmp_path):
    path = tmp_path / "notackpt.pt"
    path.write_text("e" * 200)
    with pytest.raises(WeightsError) as raised:
        load_model("winclip-tiny", str(path))
    assert str(raised.value) == (
        f"Checkpoint {path} is corrupt or not a PyTorch checkpoint. "
        "Pass an open_clip checkpoint file (.pt, .bin or .safetensors)."
    )


def test_mismatched_hub_repository_reported(monkeypatch):
    """A tag whose hub repository is named after another tag (e32 -> e31 in open_clip 3.3) is reported."""
    configs = {
        "laion400m_e32": {"url": "https://example.invalid/vit-laion400m_e32.pt", "hf_hub": "timm/vit.laion400m_e31/"},
        "laion400m_e31": {"url": "https://example.invalid/vit-laion400m_e31.pt", "hf_hub": "timm/vit.laion400m_e31/"},
    }
    monkeypatch.setattr(weights.open_clip, "get_pretrained_cfg", lambda model, tag: configs[tag])

    message = hub_repository_mismatch("ViT-B-16-plus-240", "laion400m_e32")
    assert "timm/vit.laion400m_e31" in message
    assert "https://example.invalid/vit-laion400m_e32.pt" in message
    assert hub_repository_mismatch("ViT-B-16-plus-240", "laion400m_e31") is None


def test_folder_as_weights_named(tmp_path):
    with pytest.raises(WeightsError, match="is a folder"):
        load_model("winclip-tiny", str(tmp_path))
