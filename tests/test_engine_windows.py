"""Batched window embeddings and the full model against a one-window-at-a-time forward."""

import pytest
import torch

from reference_winclip import reference_winclip
from winclip_desktop.engine.model import WinClipModel
from winclip_desktop.engine.weights import load_model
from winclip_desktop.engine.windows import embed_tokens, encode_windows, run_blocks, window_indices


def set_layout(clip, batch_first: bool) -> None:
    """Rebuild the vision transformer's layout as open_clip before (False) or since (True) 2.26.1 has it."""
    transformer = clip.visual.transformer
    transformer.batch_first = batch_first
    for block in transformer.resblocks:
        block.attn.batch_first = batch_first


@pytest.fixture(scope="module")
def tiny():
    loaded = load_model("winclip-tiny", "random")
    model = WinClipModel(loaded.model)
    tokens = loaded.tokenizer(["a photo of a bottle.", "a photo of a damaged bottle."])
    model.set_text_embeddings(model.encode_text(tokens[:1]), model.encode_text(tokens[1:]))
    return model


def test_window_counts_on_15x15_grid():
    assert window_indices((15, 15), 2).shape == (196, 4)
    assert window_indices((15, 15), 3).shape == (169, 9)
    assert window_indices((15, 15), 3)[1].tolist() == [1, 2, 3, 16, 17, 18, 31, 32, 33]


@pytest.mark.parametrize("batch_first", [True, False])
def test_batched_windows_equal_single_windows(tiny, batch_first):
    set_layout(tiny.clip, batch_first)
    visual = tiny.clip.visual
    images = torch.randn(2, 3, 240, 240)
    indices = window_indices((15, 15), 3)
    with torch.no_grad():
        embedded = embed_tokens(visual, images)
        batched = encode_windows(visual, embedded, indices, chunk_size=100)
        for image in range(2):
            for window in (0, 7, 84, 168):
                sequence = torch.cat([embedded[image, :1], embedded[image, 1 + indices[window]]]).unsqueeze(0)
                single = visual.ln_pre(sequence)
                single = visual.transformer(single)  # the installed open_clip's own layout handling
                single = visual.ln_post(single)[:, 0] @ visual.proj
                assert torch.allclose(batched[image, window], single[0], atol=1e-5)
    set_layout(tiny.clip, True)


def test_wrong_layout_mixes_windows(tiny):
    """Feeding batch-first tokens to sequence-first blocks mixes windows: the check above can fail."""
    visual = tiny.clip.visual
    set_layout(tiny.clip, False)
    with torch.no_grad():
        embedded = visual.ln_pre(embed_tokens(visual, torch.randn(1, 3, 240, 240)))
        sequences = embedded[:, :5].repeat(3, 1, 1)
        sequences[1, 1:] = embedded[0, 10:14]
        right = run_blocks(visual.transformer, sequences)
        wrong = sequences
        for block in visual.transformer.resblocks:
            wrong = block(wrong)
    set_layout(tiny.clip, True)
    assert not torch.allclose(right, wrong, atol=1e-3)


@pytest.mark.parametrize("batch_first", [True, False])
def test_model_equals_reference_zero_shot(tiny, batch_first):
    set_layout(tiny.clip, batch_first)
    tiny.set_references(None)
    images = torch.randn(2, 3, 240, 240)
    scores, maps = tiny(images)
    for index in range(2):
        expected_score, expected_map = reference_winclip(tiny.clip, images[index], *tiny.text_embeddings)
        assert abs(scores[index].item() - expected_score) < 1e-5
        assert torch.allclose(maps[index], expected_map, atol=1e-5)
    set_layout(tiny.clip, True)


def test_model_equals_reference_few_shot(tiny):
    references = torch.randn(2, 3, 240, 240)
    tiny.set_references(references)
    image = torch.randn(1, 3, 240, 240)
    scores, maps = tiny(image)
    tiny.set_references(None)
    expected_score, expected_map = reference_winclip(tiny.clip, image[0], *tiny.text_embeddings, references=list(references))
    assert abs(scores[0].item() - expected_score) < 1e-5
    assert torch.allclose(maps[0], expected_map, atol=1e-5)
