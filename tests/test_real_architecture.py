"""End-to-end equivalence on the real ViT-B-16-plus-240 architecture with random weights.

``scan --weights FILE --save-maps`` on 240x240 images must give the scores and maps of a plain
one-window-at-a-time computation (tests/reference_winclip.py), zero-shot and with references.
"""

import json

import numpy as np
import open_clip
import pytest
import torch
from PIL import Image

from reference_winclip import image_features, scores_from_features
from winclip_desktop.cli import main
from winclip_desktop.engine.prompts import ANOMALOUS_STATES, NORMAL_STATES, TEMPLATES

pytestmark = pytest.mark.slow

MEAN = torch.tensor([0.48145466, 0.4578275, 0.40821073]).view(3, 1, 1)
STD = torch.tensor([0.26862954, 0.26130258, 0.27577711]).view(3, 1, 1)


@pytest.fixture(scope="module")
def real_model(tmp_path_factory):
    torch.manual_seed(1234)
    model = open_clip.create_model("ViT-B-16-plus-240", pretrained=None).eval()
    path = tmp_path_factory.mktemp("weights") / "vit_b_16_plus_240_random.pt"
    torch.save(model.state_dict(), path)
    return model, path


@pytest.fixture(scope="module")
def folders(tmp_path_factory, bottle_root):
    """One test image and one reference image, each resized to 240x240 beforehand."""
    root = tmp_path_factory.mktemp("images")
    for name, source in [
        ("scan/broken.png", bottle_root / "test" / "broken_large" / "000.png"),
        ("reference/ref.png", bottle_root / "train" / "good" / "000.png"),
    ]:
        (root / name).parent.mkdir(exist_ok=True)
        Image.open(source).convert("RGB").resize((240, 240), Image.Resampling.BICUBIC).save(root / name)
    return root


@pytest.fixture(scope="module")
@torch.no_grad()
def class_embeddings(real_model):
    """Mean raw encode_text output of every normal and every anomalous prompt."""
    model, _ = real_model
    tokenizer = open_clip.get_tokenizer("ViT-B-16-plus-240")
    result = []
    for states in (NORMAL_STATES, ANOMALOUS_STATES):
        prompts = [template.format(state.format("bottle")) for state in states for template in TEMPLATES]
        result.append(model.encode_text(tokenizer(prompts)).mean(0))
    return result


def normalised(path):
    pixels = torch.from_numpy(np.asarray(Image.open(path).convert("RGB"), dtype=np.float32) / 255.0)
    return (pixels.permute(2, 0, 1) - MEAN) / STD


@pytest.fixture(scope="module")
def expected_features(real_model, folders):
    """Per-window features of the test image and of the reference image, computed once."""
    model, _ = real_model
    grid = model.visual.grid_size[0]
    return {
        "image": image_features(model.visual, normalised(folders / "scan" / "broken.png"), grid),
        "reference": image_features(model.visual, normalised(folders / "reference" / "ref.png"), grid),
    }


@pytest.mark.parametrize("with_reference", [False, True])
def test_scan_equals_reference(real_model, class_embeddings, expected_features, folders, tmp_path, with_reference):
    model, checkpoint = real_model
    out = tmp_path / "out"
    arguments = ["scan", str(folders / "scan"), "--class-name", "bottle", "--weights", str(checkpoint),
                 "--device", "cpu", "--out", str(out), "--save-maps", "--no-log"]
    if with_reference:
        arguments += ["--reference", str(folders / "reference")]
    assert main(arguments) == 0

    [entry] = json.loads((out / "results.json").read_text())["images"]
    references = [expected_features["reference"]] if with_reference else []
    grid = model.visual.grid_size[0]
    expected_score, expected_map = scores_from_features(expected_features["image"], references, *class_embeddings, grid)
    expected_map = torch.nn.functional.interpolate(expected_map[None, None], size=(240, 240), mode="bilinear", align_corners=False)[0, 0]
    saved_map = np.load(out / "maps" / "broken.png.npy")
    assert saved_map.shape == (240, 240)
    assert abs(entry["image_score"] - expected_score) < 1e-4
    assert np.abs(saved_map - expected_map.numpy()).max() < 1e-4
