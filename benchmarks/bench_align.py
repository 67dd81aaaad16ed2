"""Time the banded length DP on realistic random documents of growing size.

Not a test: run ``PYTHONPATH=src python benchmarks/bench_align.py`` and check
that sentences per second stay roughly constant as n grows (linear time).

Source sentences have log-normal lengths like UN English prose (median ~120
characters); the target translates them with ratio 1.1 (en→ru) and Gale–Church
noise, with about 8 % of sentences split in two or merged with a neighbour and
0.5 % dropped, so the best path wanders off the diagonal as real documents do.
"""

from __future__ import annotations

import argparse
import random
import time

from alignkit.align.dp import DEFAULT_BAND
from alignkit.align.length import align_by_length
from alignkit.align.stats import LengthParams

RATIO = 1.1
VARIANCE = 6.8


def realistic_pair(n: int, seed: int) -> tuple[list[int], list[int]]:
    """``n`` source sentence lengths and a plausible translation's lengths."""
    rng = random.Random(seed)
    src = [max(5, int(rng.lognormvariate(4.8, 0.6))) for _ in range(n)]
    tgt: list[int] = []
    i = 0
    while i < n:
        roll = rng.random()
        if roll < 0.005:
            i += 1
            continue
        if roll < 0.045 and i + 1 < n:
            tgt.append(_translated(src[i] + src[i + 1], rng))
            i += 2
            continue
        length = _translated(src[i], rng)
        if roll < 0.085:
            cut = rng.randint(1, max(1, length - 1))
            tgt.extend([cut, max(1, length - cut)])
        else:
            tgt.append(length)
        i += 1
    return src, tgt


def _translated(length: int, rng: random.Random) -> int:
    return max(1, round(RATIO * length + rng.gauss(0, (VARIANCE * length) ** 0.5)))


def main() -> None:
    """Print n, m, seconds (best of ``--repeat`` runs) and source sentences per second."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--band", type=int, default=DEFAULT_BAND)
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the fastest is reported")
    args = parser.parse_args()
    params = LengthParams(RATIO, VARIANCE)
    print(f"{'n':>8} {'m':>8} {'seconds':>8} {'sentences/s':>12}")
    for n in args.sizes:
        src, tgt = realistic_pair(n, seed=n)
        elapsed = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            beads = align_by_length(src, tgt, params, band=args.band)
            elapsed = min(elapsed, time.perf_counter() - start)
        assert sum(len(b.src) for b in beads) == n and sum(len(b.tgt) for b in beads) == len(tgt)
        print(f"{n:>8} {len(tgt):>8} {elapsed:>8.3f} {n / elapsed:>12,.0f}")


if __name__ == "__main__":
    main()
