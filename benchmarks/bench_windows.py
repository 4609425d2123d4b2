"""Measure the batched WinCLIP forward against a one-window-per-forward loop in the same run.

Usage: python benchmarks/bench_windows.py [--model ViT-B-16-plus-240] [--repeats 3]

Random weights (the cost does not depend on them). Prints seconds per image of each variant and the
ratios, which are what to compare across machines; absolute times on shared machines are noise.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from reference_winclip import harmonic_per_patch, reference_winclip, windows_of  # noqa: E402
from winclip_desktop.engine.model import WinClipModel  # noqa: E402
from winclip_desktop.engine.scoring import harmonic_aggregation  # noqa: E402
from winclip_desktop.engine.weights import load_model  # noqa: E402
from winclip_desktop.engine.windows import cover_matrix, window_indices  # noqa: E402


def timed(function, repeats: int) -> float:
    """Return the median wall time of ``repeats`` calls, after one warm-up call."""
    function()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="ViT-B-16-plus-240")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = parser.parse_args()

    loaded = load_model(args.model, "random", device=args.device)
    model = WinClipModel(loaded.model).to(args.device)
    text = torch.randn(2, loaded.model.visual.proj.shape[1], device=args.device)
    model.set_text_embeddings(text[0], text[1])
    image = torch.randn(1, 3, model.image_size, model.image_size, device=args.device)

    with torch.no_grad():
        plain = timed(lambda: loaded.model.encode_image(image), args.repeats)
        batched = timed(lambda: model(image), args.repeats)
        naive = timed(lambda: reference_winclip(loaded.model, image[0], text[0], text[1]), max(1, args.repeats // 3))

    grid = model.grid_size[0]
    indices = window_indices(model.grid_size, 3)
    cover = cover_matrix(indices, grid * grid)
    scores = torch.rand(1, indices.shape[0]) + 0.01
    matrix = timed(lambda: harmonic_aggregation(scores, cover), args.repeats)
    windows = windows_of(grid, 3)
    loop = timed(lambda: harmonic_per_patch(scores[0].tolist(), windows, grid * grid), args.repeats)

    print(f"model {args.model}, device {args.device}, torch threads {torch.get_num_threads()}")
    print(f"plain image encode          {plain:8.3f} s/image")
    print(f"WinCLIP, batched windows    {batched:8.3f} s/image  ({batched / plain:5.1f} x plain encode)")
    print(f"WinCLIP, one window/forward {naive:8.3f} s/image  ({naive / plain:5.1f} x plain encode)")
    print(f"speed-up of batching        {naive / batched:8.1f} x")
    print(f"harmonic aggregation: matrix {matrix * 1e6:8.1f} us, Python loop {loop * 1e3:8.1f} ms, ratio {loop / matrix:8.0f} x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
