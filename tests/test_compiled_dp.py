"""The compiled DP (align/_kernel.pyx through align/compiled.py) against the numpy DP it replaces.

Both must give the same beads and scores: the same choice in every cell and the
same total cost to the last bit (the kernel computes the length and lexical
costs with the numpy DP's operations in the same order), on random documents
and on the gold sets.  Skipped where the kernel was not built, except in CI
(``CI`` set), which must build it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import TypeVar
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alignkit.align import align_pair, compiled, dp
from alignkit.align.dp import SENTENCE_RELATIONS, ShiftedCost, align_with_costs
from alignkit.align.length import LengthCost, align_by_length
from alignkit.align.lexical import LexicalScorer
from alignkit.align.stats import LengthParams
from alignkit.config import AlignConfig
from alignkit.errors import AlignkitError
from alignkit.eval import read_intertext_document
from alignkit.model import Bead, Document, Paragraph

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
MAC = CORPORA / "mac-dev"
BLEUALIGN = CORPORA / "bleualign-dev"

T = TypeVar("T")


def built_kernel() -> ModuleType | None:
    """The compiled kernel, or None (CI must have built it)."""
    kernel = compiled.kernel()
    if kernel is None and os.environ.get("CI"):
        pytest.fail("the compiled DP kernel was not built (setup.py needs Cython and a C compiler)")
    return kernel


needs_kernel = pytest.mark.skipif(built_kernel() is None, reason="the compiled DP kernel is not built")


@contextmanager
def numpy_dp() -> Iterator[None]:
    """The numpy DP while inside."""
    with mock.patch.dict(os.environ, {compiled.DP_VARIABLE: "numpy"}):
        yield


def both_ways(run: Callable[[], T]) -> tuple[T | str, T | str]:
    """``run()`` with the compiled DP, then with the numpy DP (or the message of the error it raised)."""
    fast = _outcome(run)
    with numpy_dp():
        slow = _outcome(run)
    return fast, slow


def _outcome(run: Callable[[], T]) -> T | str:
    try:
        return run()
    except AlignkitError as error:
        return str(error)


def beads_and_scores(beads: list[Bead] | str) -> list[tuple[tuple[int, ...], tuple[int, ...], float]] | str:
    """The beads with their scores (or an error's message)."""
    return beads if isinstance(beads, str) else [(bead.src, bead.tgt, bead.score) for bead in beads]


LENGTHS = st.lists(st.integers(min_value=0, max_value=300), max_size=60)
PARAMS = st.builds(LengthParams, ratio=st.sampled_from([0.3, 1.0, 1.1, 2.5]),
                   variance=st.sampled_from([2.0, 6.8, 30.0]))
RELATIONS = st.lists(st.sampled_from(SENTENCE_RELATIONS), min_size=1, unique=True).map(
    lambda relations: sorted({(1, 1), *relations}))


@needs_kernel
@settings(max_examples=150, deadline=None)
@given(LENGTHS, LENGTHS, PARAMS, st.integers(min_value=1, max_value=40), RELATIONS)
def test_length_dp_gives_the_same_beads_and_scores(src: list[int], tgt: list[int], params: LengthParams,
                                                   band: int, relations: list[tuple[int, int]]) -> None:
    fast, slow = both_ways(lambda: align_by_length(src, tgt, params, band=band, relations=relations))
    assert beads_and_scores(fast) == beads_and_scores(slow)


WORDS = ["alpha", "beta", "gamma", "delta", "omega", "kappa", "sigma", "theta"]
#: The target language's word for each source word (so the lexicon finds pairs), and anchors.
TRANSLATION = {"alpha": "alfa", "beta": "bêta", "gamma": "gamme", "delta": "delte", "omega": "oméga",
               "kappa": "kapa", "sigma": "sigme", "theta": "thêta"}
EXTRAS = ["2017", "4 July", "S/2017/613", "?", "«quoted»", "(aside)", "THAAD", "12%"]


@st.composite
def sentence_pairs(draw: st.DrawFn) -> list[tuple[str, str]]:
    """Sentences and their translations: words mapped one to one, sometimes an anchor, sometimes
    a different number on each side."""
    pairs = []
    for _ in range(draw(st.integers(min_value=0, max_value=40))):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12))
        extra = draw(st.sampled_from(["", "", "", *EXTRAS]))
        number = draw(st.sampled_from(["", "", "7", "8"]))
        src = " ".join(words) + (f" {extra}" if extra else "") + (f" {number}" if number else "") + "."
        tgt_number = draw(st.sampled_from([number, number, "9"])) if number else ""
        tgt = " ".join(TRANSLATION[w] for w in words) + (f" {extra}" if extra else "") + \
            (f" {tgt_number}" if tgt_number else "") + "."
        pairs.append((src, tgt))
    return pairs


@st.composite
def document_pairs(draw: st.DrawFn) -> tuple[Document, Document]:
    """An English and a French document translating each other, with sentences dropped, merged or
    split, in paragraphs (numbered or not) or one block."""
    pairs = draw(sentence_pairs())
    src: list[str] = []
    tgt: list[str] = []
    for s, t in pairs:
        roll = draw(st.integers(min_value=0, max_value=19))
        if roll == 0:
            src.append(s)
        elif roll == 1:
            tgt.append(t)
        elif roll == 2 and tgt:
            src.append(s)
            tgt[-1] = tgt[-1] + " " + t
        else:
            src.append(s)
            tgt.append(t)
    src_cuts = sorted(draw(st.lists(st.integers(min_value=1, max_value=max(1, len(src))), max_size=6)))
    tgt_cuts = sorted(draw(st.lists(st.integers(min_value=1, max_value=max(1, len(tgt))), max_size=6)))
    numbered = draw(st.booleans())
    return _document("en", src, src_cuts, numbered), _document("fr", tgt, tgt_cuts, numbered)


def _document(lang: str, sentences: list[str], cuts: list[int], numbered: bool) -> Document:
    paragraphs = []
    for number, (start, end) in enumerate(zip([0, *cuts], [*cuts, len(sentences)]), start=1):
        part = tuple(sentences[start:end])
        if part:
            paragraphs.append(Paragraph(text=" ".join(part), key=str(number) if numbered else "", sentences=part))
    return Document(lang, tuple(paragraphs))


@needs_kernel
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document_pairs(), st.integers(min_value=1, max_value=30), st.booleans())
def test_length_mode_gives_the_same_beads_and_scores(pair: tuple[Document, Document], band: int,
                                                     lexicon: bool) -> None:
    en, fr = pair
    config = AlignConfig(band=band, induce_lexicon=lexicon)
    fast, slow = both_ways(lambda: align_pair(en, fr, config))
    assert beads_and_scores(fast) == beads_and_scores(slow)


def compiled_and_numpy_fills(n_src: int, n_tgt: int, cost: dp.BeadCost, band: int) -> tuple[tuple[np.ndarray, float],
                                                                                            tuple[np.ndarray, float]]:
    """One DP fill of the diagonal band, by the kernel and by numpy, as ``align_with_costs`` sets it up."""
    if n_src > n_tgt:
        cost = dp._Transposed(cost)
        n_src, n_tgt = n_tgt, n_src
        relations = sorted((b, a) for a, b in SENTENCE_RELATIONS)
    else:
        relations = sorted(SENTENCE_RELATIONS)
    banded = dp._BandedDP(n_src, n_tgt, cost, relations)
    windows = banded.diagonal_windows(band)
    fast = banded._compiled_fill(windows)
    assert fast is not None
    dp.expect_windows(cost, windows.lo, windows.hi)
    return fast, banded._fill(windows)


@needs_kernel
@settings(max_examples=60, deadline=None)
@given(document_pairs(), st.integers(min_value=1, max_value=12), st.booleans())
def test_every_cell_chooses_the_same_and_the_total_cost_is_the_same_to_the_bit(
        pair: tuple[Document, Document], band: int, shifted: bool) -> None:
    en, fr = pair
    src = [s for p in en.paragraphs for s in p.sentences]
    tgt = [t for p in fr.paragraphs for t in p.sentences]
    if not src or not tgt:
        return
    scorer = LexicalScorer("en", "fr")
    params = LengthParams(1.1, 6.8)
    if shifted:  # the shared cost of small paragraph groups: the stretch after the first sentences
        whole = scorer.document_cost(src, tgt, [(0, len(src), 0, len(tgt))], params)
        cost: dp.BeadCost = ShiftedCost(whole, 1, 1)
        n_src, n_tgt = len(src) - 1, len(tgt) - 1
        if not n_src or not n_tgt:
            return
    else:
        cost, n_src, n_tgt = scorer.bead_cost(src, tgt, params), len(src), len(tgt)
    (fast_choices, fast_total), (slow_choices, slow_total) = compiled_and_numpy_fills(n_src, n_tgt, cost, band)
    assert np.array_equal(fast_choices, slow_choices)
    assert fast_total == slow_total or (np.isinf(fast_total) and np.isinf(slow_total))


@needs_kernel
def test_a_cost_without_a_compiled_form_takes_the_numpy_dp() -> None:
    class Plain:
        def __init__(self) -> None:
            self.inner = LengthCost([10, 20, 30], [11, 19, 33], LengthParams())

        def costs(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
            return self.inner.costs(a, b, src_end, tgt_end)

        def scores(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
            return self.inner.scores(a, b, src_end, tgt_end)

    with mock.patch.object(dp._BandedDP, "_fill", autospec=True, side_effect=dp._BandedDP._fill) as numpy_fill:
        beads = align_with_costs(3, 3, Plain())
    assert numpy_fill.called
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


@needs_kernel
def test_the_compiled_dp_is_used_when_built() -> None:
    with mock.patch.object(dp._BandedDP, "_fill", autospec=True, side_effect=dp._BandedDP._fill) as numpy_fill:
        align_by_length([10, 20, 30], [11, 19, 33], LengthParams())
    assert not numpy_fill.called


def test_without_the_kernel_the_numpy_dp_aligns_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "_kernel", None)
    monkeypatch.setattr(compiled, "_kernel_tried", True)
    beads = align_by_length([100, 50, 60, 120], [100, 110, 120], LengthParams())
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1, 2), (1,)), ((2 + 1,), (2,))]


@needs_kernel
def test_a_kernel_built_from_another_source_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    kernel = compiled.kernel()
    monkeypatch.setattr(kernel, "SOURCE_HASH", "0" * 64)
    assert compiled._current_kernel() is None


def test_alignkit_dp_numpy_keeps_the_numpy_dp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(compiled.DP_VARIABLE, "numpy")
    assert not compiled.wanted()
    monkeypatch.setenv(compiled.DP_VARIABLE, "")
    assert compiled.wanted()


# -- the gold sets, each in one block (one sentence a line, no paragraphs) and as given


def _block(lang: str, sentences: list[str]) -> Document:
    return Document(lang, (Paragraph(text=" ".join(sentences), sentences=tuple(sentences)),))


def mac_dev(chapters: range) -> list[tuple[Document, Document]]:
    pairs = []
    for number in chapters:
        name = f"dev-anno.{number:03d}"
        pairs.append((read_intertext_document(MAC / f"{name}_zh.xml"), read_intertext_document(MAC / f"{name}_en.xml")))
    return pairs


@needs_kernel
@pytest.mark.skipif(not MAC.is_dir(), reason="../shared/corpora/mac-dev is absent")
def test_mac_dev_gives_the_same_beads_and_scores_as_given_and_in_one_block() -> None:
    chapters = mac_dev(range(1, 7))
    block = (_block("zh", [s.text for zh, _ in chapters for s in zh.segments()]),
             _block("en", [s.text for _, en in chapters for s in en.segments()]))
    for zh, en in [*chapters, block]:
        fast, slow = both_ways(partial(align_pair, zh, en, AlignConfig(presegmented=True)))
        assert beads_and_scores(fast) == beads_and_scores(slow)


@needs_kernel
@pytest.mark.skipif(not BLEUALIGN.is_dir(), reason="../shared/corpora/bleualign-dev is absent")
def test_bleualign_dev_gives_the_same_beads_and_scores() -> None:
    de = _block("de", [line.strip() for line in (BLEUALIGN / "dev.de").read_text(encoding="utf-8").splitlines()])
    fr = _block("fr", [line.strip() for line in (BLEUALIGN / "dev.fr").read_text(encoding="utf-8").splitlines()])
    for config in (AlignConfig(presegmented=True), AlignConfig(presegmented=True, lexical=False)):
        fast, slow = both_ways(partial(align_pair, de, fr, config))
        assert beads_and_scores(fast) == beads_and_scores(slow)

