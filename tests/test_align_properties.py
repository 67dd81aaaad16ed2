"""Properties of the aligners on random inputs: every sentence exactly once, in order, scores in [0, 1]."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from alignkit.align import align_documents, align_pair
from alignkit.align.dp import SENTENCE_RELATIONS
from alignkit.align.length import LengthCost, align_by_length
from alignkit.align.merge import merge_pairwise
from alignkit.align.stats import LengthParams
from alignkit.config import AlignConfig
from alignkit.model import Bead, Document, Paragraph

LENGTHS = st.lists(st.integers(min_value=0, max_value=400), max_size=40)
PARAMS = st.builds(
    LengthParams,
    ratio=st.sampled_from([0.3, 1.0, 1.1, 2.5]),
    variance=st.sampled_from([2.0, 6.8, 30.0]),
)
KEYS = st.sampled_from(["", "", "1", "2", "3", "A1", "A1.1"])


@st.composite
def documents(draw: st.DrawFn, lang: str) -> Document:
    """A document of random paragraphs (some keyed, some empty) of random sentences."""
    paragraphs: list[Paragraph] = []
    for _ in range(draw(st.integers(min_value=0, max_value=8))):
        lengths = draw(st.lists(st.integers(min_value=1, max_value=250), max_size=5))
        sentences = tuple(f"{lang}{len(paragraphs)}:" + "x" * n for n in lengths)
        paragraphs.append(Paragraph(text=" ".join(sentences), key=draw(KEYS), sentences=sentences))
    return Document(lang, tuple(paragraphs))


def sentence_count(document: Document) -> int:
    return sum(len(p.sentences) for p in document.paragraphs)


def assert_beads_cover(beads: list[Bead], n_src: int, n_tgt: int) -> None:
    assert [i for b in beads for i in b.src] == list(range(n_src))
    assert [j for b in beads for j in b.tgt] == list(range(n_tgt))
    assert all(b.src or b.tgt for b in beads)
    assert all(0.0 <= b.score <= 1.0 for b in beads)
    assert all((len(b.src), len(b.tgt)) in SENTENCE_RELATIONS for b in beads)


@settings(deadline=None)
@given(LENGTHS, LENGTHS, PARAMS, st.integers(min_value=1, max_value=40))
def test_align_by_length_covers_both_sides_for_any_band(
    src: list[int], tgt: list[int], params: LengthParams, band: int
) -> None:
    assert_beads_cover(align_by_length(src, tgt, params, band=band), len(src), len(tgt))


def brute_force_cost(src: list[int], tgt: list[int], params: LengthParams) -> float:
    """The optimum by the textbook full-matrix DP, one cell at a time."""
    cost = LengthCost(src, tgt, params)
    best = [[math.inf] * (len(tgt) + 1) for _ in range(len(src) + 1)]
    best[0][0] = 0.0
    for i in range(len(src) + 1):
        for j in range(len(tgt) + 1):
            for a, b in SENTENCE_RELATIONS:
                if (i, j) != (0, 0) and i >= a and j >= b and best[i - a][j - b] < math.inf:
                    step = float(cost.costs(a, b, np.array([i]), np.array([j]))[0])
                    best[i][j] = min(best[i][j], best[i - a][j - b] + step)
    return best[len(src)][len(tgt)]


def path_cost(beads: list[Bead], src: list[int], tgt: list[int], params: LengthParams) -> float:
    cost = LengthCost(src, tgt, params)
    total, i, j = 0.0, 0, 0
    for bead in beads:
        i, j = i + len(bead.src), j + len(bead.tgt)
        total += float(cost.costs(len(bead.src), len(bead.tgt), np.array([i]), np.array([j]))[0])
    return total


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=300), max_size=14),
    st.lists(st.integers(min_value=0, max_value=300), max_size=14),
    PARAMS,
)
def test_a_band_as_wide_as_the_input_finds_the_optimum(src: list[int], tgt: list[int], params: LengthParams) -> None:
    beads = align_by_length(src, tgt, params, band=max(len(src), len(tgt), 1))
    assert math.isclose(path_cost(beads, src, tgt, params), brute_force_cost(src, tgt, params), abs_tol=1e-6)


@settings(max_examples=60, deadline=None)
@given(documents("en"), documents("zh"), st.integers(min_value=1, max_value=30))
def test_align_pair_covers_every_sentence(en: Document, zh: Document, band: int) -> None:
    beads = align_pair(en, zh, AlignConfig(band=band))
    assert_beads_cover(beads, sentence_count(en), sentence_count(zh))


@settings(max_examples=60, deadline=None)
@given(documents("en"), documents("zh"), documents("ru"))
def test_every_sentence_of_every_language_is_in_exactly_one_unit_in_order(
    en: Document, zh: Document, ru: Document
) -> None:
    alignment = align_documents([zh, en, ru], AlignConfig())
    assert alignment.langs == ("en", "zh", "ru")
    assert [u.id for u in alignment] == list(range(1, len(alignment) + 1))
    for document in (en, zh, ru):
        lang = document.lang
        indices = [i for unit in alignment for i in unit.indices[lang]]
        assert indices == list(range(sentence_count(document)))
        texts = [s for unit in alignment for s in unit.segments[lang]]
        assert texts == [s.text for s in document.segments()]
    for unit in alignment:
        assert any(unit.indices[lang] for lang in alignment.langs)
        assert unit.type == "-".join(str(len(unit.indices[lang])) for lang in alignment.langs)
        assert 0.0 <= unit.score <= 1.0
        assert unit.flagged == (unit.score < 0.5)
        assert bool(unit.reasons) == unit.flagged


@st.composite
def monotone_beads(draw: st.DrawFn, n_pivot: int) -> tuple[int, list[Bead]]:
    """Random beads covering ``n_pivot`` pivot sentences and some other sentences, in order."""
    beads: list[Bead] = []
    i = j = 0
    while i < n_pivot or draw(st.booleans()):
        a, b = draw(st.sampled_from(SENTENCE_RELATIONS))
        a = min(a, n_pivot - i)
        if a + b == 0:
            continue
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b)), draw(st.floats(0, 1))))
        i, j = i + a, j + b
    return j, beads


def flat(lang: str, count: int) -> Document:
    return Document(lang, (Paragraph(text="", sentences=tuple(f"{lang}{k}" for k in range(count))),))


@settings(deadline=None)
@given(st.data(), st.integers(min_value=0, max_value=12))
def test_merge_keeps_every_sentence_once_in_order(data: st.DataObject, n_pivot: int) -> None:
    pairwise = []
    for lang in ("zh", "ru", "fr"):
        count, beads = data.draw(monotone_beads(n_pivot))
        pairwise.append((flat(lang, count), beads, LengthParams()))
    units = merge_pairwise(flat("en", n_pivot), pairwise, flag_below=0.5)
    assert [i for u in units for i in u.indices["en"]] == list(range(n_pivot))
    for document, beads, _ in pairwise:
        expected = list(range(sum(len(b.tgt) for b in beads)))
        assert [j for u in units for j in u.indices[document.lang]] == expected
    for unit in units:
        assert 0.0 <= unit.score <= 1.0
        assert unit.flagged == (unit.score < 0.5)
        assert bool(unit.reasons) == unit.flagged
