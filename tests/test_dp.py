"""The banded DP (align/dp.py) driven by the Gale–Church length model (align/length.py), and the
length statistics (align/stats.py)."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from alignkit.align import dp
from alignkit.align.dp import align_with_costs
from alignkit.align.length import (
    SKIP_CONFIDENCE,
    LengthCost,
    align_by_length,
    length_delta,
    neg_log_tail,
)
from alignkit.align.stats import (
    DEFAULT_VARIANCE,
    VARIANCE_BOUNDS,
    LengthParams,
    estimate_from_paragraph_pairs,
    estimate_length_params,
)
from alignkit.errors import AlignkitError
from alignkit.model import Bead

EVEN = LengthParams(ratio=1.0, variance=6.8)


def shapes(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(bead.src, bead.tgt) for bead in beads]


def test_identical_lengths_give_one_to_one_beads_with_full_confidence() -> None:
    lengths = [120, 45, 300, 80, 12, 150]
    beads = align_by_length(lengths, lengths, EVEN)
    assert shapes(beads) == [((i,), (i,)) for i in range(len(lengths))]
    assert all(bead.score == pytest.approx(1.0) for bead in beads)


def test_two_to_one_merge_is_detected() -> None:
    beads = align_by_length([100, 50, 60, 120], [100, 110, 120], EVEN)
    assert shapes(beads) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]
    assert beads[1].type == "2-1"


def test_one_to_two_split_is_detected() -> None:
    beads = align_by_length([100, 110, 120], [100, 50, 60, 120], EVEN)
    assert shapes(beads) == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]


def test_deletion_is_detected() -> None:
    beads = align_by_length([100, 300, 100], [100, 100], EVEN)
    assert shapes(beads) == [((0,), (0,)), ((1,), ()), ((2,), (1,))]
    assert beads[1].score == SKIP_CONFIDENCE


def test_insertion_is_detected_with_a_ratio() -> None:
    zh = LengthParams(ratio=0.3, variance=6.8)
    beads = align_by_length([200, 150], [60, 120, 45], zh)
    assert shapes(beads) == [((0,), (0,)), ((), (1,)), ((1,), (2,))]


def _shared_lengths() -> list[int]:
    """60 sentence lengths both sides share."""
    rng = random.Random(7)
    return [rng.randint(40, 200) for _ in range(60)]


def _count_attempts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The widest window of every DP attempt from now on, in order."""
    attempts: list[int] = []
    original = dp._BandedDP.best_path

    def counting(self: dp._BandedDP, windows: dp._Windows) -> tuple[dp.Path | None, bool]:
        attempts.append(int(windows.width.max()))
        return original(self, windows)

    monkeypatch.setattr(dp._BandedDP, "best_path", counting)
    return attempts


def test_band_widens_when_one_side_has_many_extra_sentences_at_the_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shared = _shared_lengths()
    src = [900] * 40 + shared  # 40 long sentences the other side lacks
    passes = _count_attempts(monkeypatch)
    beads = align_by_length(src, shared, EVEN, band=5)
    assert len(passes) > 1 and passes[-1] > passes[0]
    assert shapes(beads) == [((i,), ()) for i in range(40)] + [((40 + j,), (j,)) for j in range(60)]
    assert beads == align_by_length(src, shared, EVEN, band=1000)


@pytest.mark.parametrize("transpose", [False, True])
def test_a_guide_that_drifted_from_the_diagonal_spares_the_widening(
    monkeypatch: pytest.MonkeyPatch, transpose: bool,
) -> None:
    shared = _shared_lengths()
    src, tgt = [900] * 40 + shared, shared  # 40 long sentences the other side lacks
    if transpose:
        src, tgt = tgt, src
    cost = LengthCost(src, tgt, EVEN)
    first = align_with_costs(len(src), len(tgt), cost, band=5)
    passes = _count_attempts(monkeypatch)
    assert align_with_costs(len(src), len(tgt), cost, band=5, guide=first) == first
    assert len(passes) == 1


def test_a_guide_that_does_not_cover_both_sides_is_ignored() -> None:
    lengths = [120, 45, 300, 80]
    cost = LengthCost(lengths, lengths, EVEN)
    partial = [Bead((0,), (0,), 1.0)]
    assert align_with_costs(4, 4, cost, guide=partial) == align_with_costs(4, 4, cost)


def test_long_inputs_stay_in_the_band_and_cover_everything() -> None:
    rng = random.Random(3)
    src = [rng.randint(20, 250) for _ in range(3000)]
    tgt = [max(1, round(length * 1.1 + rng.gauss(0, 8))) for length in src]
    beads = align_by_length(src, tgt, LengthParams(1.1, 6.8), band=10)
    assert shapes(beads) == [((i,), (i,)) for i in range(3000)]


@pytest.mark.parametrize(
    ("src", "tgt", "expected"),
    [
        ([], [], []),
        ([5, 7], [], [((0,), ()), ((1,), ())]),
        ([], [9], [((), (0,))]),
    ],
)
def test_empty_sides(src: list[int], tgt: list[int], expected: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> None:
    beads = align_by_length(src, tgt, EVEN)
    assert shapes(beads) == expected
    assert all(bead.score == SKIP_CONFIDENCE for bead in beads)


def test_scores_are_in_the_unit_interval_and_lower_for_a_bad_pair() -> None:
    good = align_by_length([100], [100], EVEN)[0]
    two_sigma = align_by_length([100], [160], EVEN)[0]
    three_sigma = align_by_length([100], [195], EVEN)[0]
    assert good.score == pytest.approx(1.0)
    assert 0.5 < two_sigma.score < good.score
    assert 0.0 <= three_sigma.score < 0.5 < two_sigma.score


def test_score_formula() -> None:
    cost = LengthCost([100, 50], [150], EVEN)
    delta = float(cost.delta(2, 1, np.array([2]), np.array([1]))[0])
    assert delta == pytest.approx(0.0)
    score = float(cost.scores(1, 1, np.array([1]), np.array([1]))[0])
    expected_delta = (150 - 100) / math.sqrt(6.8 * 125)
    assert score == pytest.approx(math.exp(-(expected_delta**2) / 8))
    assert float(cost.scores(2, 1, np.array([2]), np.array([1]))[0]) == pytest.approx(0.9)


def test_delta_is_symmetric_between_source_and_target() -> None:
    forward = LengthParams(ratio=0.3, variance=6.8)
    backward = LengthParams(ratio=1 / 0.3, variance=6.8 * 0.3)
    assert float(length_delta(200, 75, forward)) == pytest.approx(-float(length_delta(75, 200, backward)))


def test_aligning_the_other_way_round_mirrors_the_beads() -> None:
    rng = random.Random(11)
    src = [rng.randint(10, 300) for _ in range(80)]
    tgt = [rng.randint(3, 90) for _ in range(70)]
    forward = align_by_length(src, tgt, LengthParams(0.3, 6.8))
    backward = align_by_length(tgt, src, LengthParams(1 / 0.3, 6.8 * 0.3))
    assert shapes(backward) == [(tgt_side, src_side) for src_side, tgt_side in shapes(forward)]


@pytest.mark.parametrize("delta", [0.0, 0.3, 1.0, 2.0, 3.0, 5.0, 8.0])
def test_neg_log_tail_matches_erfc(delta: float) -> None:
    exact = -math.log(math.erfc(delta / math.sqrt(2)))
    assert float(neg_log_tail(np.array([delta]))[0]) == pytest.approx(exact, abs=1e-3, rel=0.02)


def test_costs_use_the_tabulated_tail() -> None:
    cost = LengthCost([100, 80], [130, 80], EVEN)
    delta = cost.delta(1, 1, np.array([1]), np.array([1]))
    expected = -math.log(0.89) + float(neg_log_tail(delta)[0])
    assert float(cost.costs(1, 1, np.array([1]), np.array([1]))[0]) == pytest.approx(expected, abs=0.02)


def test_relations_limit_the_bead_shapes() -> None:
    beads = align_by_length([100, 50, 60], [100, 110], EVEN, relations=[(1, 1), (1, 0), (0, 1)])
    assert all(bead.type in {"1-1", "1-0", "0-1"} for bead in beads)
    with pytest.raises(AlignkitError, match="cannot align"):
        align_by_length([1, 2], [1], EVEN, relations=[(1, 1)])
    for invalid in ([(0, 0)], [(1, 1), (0, 2)], []):
        with pytest.raises(AlignkitError, match="invalid alignment relations"):
            align_by_length([1], [1], EVEN, relations=invalid)


def test_invalid_params_are_refused() -> None:
    with pytest.raises(AlignkitError, match="ratio and variance"):
        align_by_length([1], [1], LengthParams(ratio=0.0, variance=6.8))


class PreferTwoToOne:
    """A toy cost that only likes 2-1 beads: shows that any BeadCost plugs into the DP."""

    def costs(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        return np.full(np.shape(src_end), 0.0 if (a, b) == (2, 1) else 5.0)

    def scores(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        return np.full(np.shape(src_end), 0.25)


def test_any_bead_cost_can_drive_the_dp() -> None:
    beads = align_with_costs(6, 3, PreferTwoToOne())
    assert [bead.type for bead in beads] == ["2-1"] * 3
    assert all(bead.score == 0.25 for bead in beads)


def test_ratio_is_total_target_over_total_source() -> None:
    params = estimate_length_params([100, 200], [30, 60])
    assert params.ratio == pytest.approx(0.3)
    assert params.variance == DEFAULT_VARIANCE


def test_variance_is_estimated_from_enough_paragraph_pairs() -> None:
    rng = random.Random(5)
    true_variance = 15.0
    pairs = []
    for _ in range(400):
        src = rng.randint(100, 1500)
        tgt = round(1.1 * (src + rng.gauss(0, math.sqrt(true_variance * src))))
        pairs.append((src, tgt))
    params = estimate_from_paragraph_pairs(pairs)
    assert params.ratio == pytest.approx(1.1, rel=0.02)
    assert params.variance == pytest.approx(true_variance, rel=0.2)


def test_variance_estimate_resists_mismatched_pairs_and_stays_in_bounds() -> None:
    pairs = [(500, 550)] * 30 + [(500, 5000)] * 5
    params = estimate_length_params([500] * 35, [550] * 35, pairs)
    assert params.variance == VARIANCE_BOUNDS[0]
    few = estimate_length_params([100], [300], [(100, 300)] * 3)
    assert few.variance == DEFAULT_VARIANCE
