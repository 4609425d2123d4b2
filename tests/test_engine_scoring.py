"""Score formulas on hand-made inputs."""

import torch

from winclip_desktop.engine.scoring import (
    anomaly_probability,
    combine_few_shot,
    fuse_zero_shot,
    harmonic_aggregation,
    memory_distance,
)
from winclip_desktop.engine.windows import cover_matrix, window_indices


def test_harmonic_aggregation_equals_loop():
    indices = window_indices((15, 15), 3)
    scores = torch.rand(2, indices.shape[0]) + 0.01
    result = harmonic_aggregation(scores, cover_matrix(indices, 225))
    for batch in range(2):
        for patch in (0, 1, 17, 112, 224):
            containing = [scores[batch, w] for w in range(indices.shape[0]) if patch in indices[w].tolist()]
            expected = len(containing) / sum(1.0 / s for s in containing)
            assert abs(result[batch, patch].item() - float(expected)) < 1e-5


def test_harmonic_aggregation_corner_has_one_window():
    indices = window_indices((15, 15), 2)
    scores = torch.rand(1, indices.shape[0]) + 0.01
    result = harmonic_aggregation(scores, cover_matrix(indices, 225))
    assert abs(result[0, 0].item() - scores[0, 0].item()) < 1e-6


def test_fuse_zero_shot_is_harmonic_mean_of_three():
    fused = fuse_zero_shot([torch.tensor([[0.5]]), torch.tensor([[0.25]])], torch.tensor([1.0]))
    assert abs(fused.item() - 3.0 / (2.0 + 4.0 + 1.0)) < 1e-6


def test_anomaly_probability_uses_temperature():
    text = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    probability = anomaly_probability(torch.tensor([[0.0, 2.0]]), text)
    expected = torch.tensor([0.0, 1.0 / 0.07]).softmax(0)[1]
    assert abs(probability.item() - expected.item()) < 1e-6


def test_memory_distance_takes_nearest_entry():
    memory = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    distance = memory_distance(torch.tensor([[[0.0, 3.0], [-1.0, 0.0]]]), memory)
    assert abs(distance[0, 0].item() - 0.0) < 1e-6
    assert abs(distance[0, 1].item() - 0.5) < 1e-6


def test_combine_few_shot_means():
    combined, scores = combine_few_shot(torch.tensor([[0.2, 0.4]]), torch.tensor([[0.6, 0.8]]), torch.tensor([0.3]))
    assert torch.allclose(combined, torch.tensor([[0.4, 0.6]]))
    assert abs(scores.item() - (0.3 + 0.8) / 2) < 1e-6


def test_harmonic_aggregation_zero_score_gives_zero_not_nan():
    indices = window_indices((15, 15), 2)
    scores = torch.rand(1, indices.shape[0]) + 0.01
    scores[0, 0] = 0.0
    result = harmonic_aggregation(scores, cover_matrix(indices, 225))
    assert torch.isfinite(result).all()
    assert result[0, 0].item() < 1e-9
    assert result[0, 224].item() > 0.001
