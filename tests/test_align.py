"""align_pair, align_documents, the multi-way merge and the scorer factory."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from alignkit.align import align_documents, align_pair, estimate_pair_params, merge, signature
from alignkit.align.confidence import Link, confidence
from alignkit.align.consensus import PairToReconcile, reconcile
from alignkit.align.dp import DEFAULT_BAND, SENTENCE_RELATIONS
from alignkit.align.factory import pair_scorer
from alignkit.align.length import LengthCost, length_delta
from alignkit.align.lexical import LexicalScorer
from alignkit.align.merge import merge_pairwise
from alignkit.align.scorers import LengthScorer
from alignkit.align.stats import LengthParams
from alignkit.config import AlignConfig
from alignkit.errors import AlignkitError
from alignkit.model import Alignment, Bead, Document, Paragraph
from counting import count_cost_cells

# The built documents tag every sentence with its position ("en2.0"), numbers the lexical
# anchors would take for evidence; these tests are about the length model and the merge.
CONFIG = AlignConfig(lexical=False)
FILLER = {"en": "e", "zh": "中", "ru": "р"}


def sentence(lang: str, length: int, tag: str = "") -> str:
    return (tag + FILLER[lang] * length)[:length]


def document(lang: str, paragraphs: list[tuple[str, list[int]]], *, name: str = "", labels: bool = False) -> Document:
    """Paragraphs of ``(key, sentence lengths)``; labels ``"<key>."`` when asked."""
    built = []
    for p_index, (key, lengths) in enumerate(paragraphs):
        sentences = tuple(sentence(lang, n, f"{lang}{p_index}.{s_index} ") for s_index, n in enumerate(lengths))
        label = f"{key}." if labels and key else ""
        built.append(Paragraph(text=" ".join(sentences), label=label, key=key, sentences=sentences))
    return Document(lang, tuple(built), name=name)


def covers_in_order(beads: list[Bead], n_src: int, n_tgt: int) -> bool:
    src = [i for bead in beads for i in bead.src]
    tgt = [j for bead in beads for j in bead.tgt]
    return src == list(range(n_src)) and tgt == list(range(n_tgt))


def numbered(lengths: list[int], first: int) -> list[tuple[str, list[int]]]:
    """One-sentence paragraphs keyed ``first``, ``first + 1``..."""
    return [(str(first + k), [n]) for k, n in enumerate(lengths)]


def en_zh_ru() -> list[Document]:
    en = document("en", [("1", [100, 50]), ("2", [80]), ("", [120, 60])], name="S/2017/613", labels=True)
    zh = document("zh", [("1", [45]), ("2", [24]), ("", [36, 18])])
    ru = document("ru", [("1", [110, 55]), ("2", [44, 44]), ("", [132, 66])])
    return [en, zh, ru]


# --- align_pair ---------------------------------------------------------------------------


def test_align_pair_uses_document_wide_sentence_numbers() -> None:
    en, zh, _ = en_zh_ru()
    beads = align_pair(en, zh, CONFIG)
    assert [(b.src, b.tgt) for b in beads] == [((0, 1), (0,)), ((2,), (1,)), ((3,), (2,)), ((4,), (3,))]
    assert all(0.0 <= b.score <= 1.0 for b in beads)


def test_align_pair_keeps_sentences_inside_their_paragraph_groups() -> None:
    # Paragraph 2 is short in Russian; without the anchors its sentence would pair with paragraph 1's.
    en = document("en", [("1", [100, 100]), ("2", [100]), ("3", [100])])
    ru = document("ru", [("1", [110, 110, 30]), ("2", [110]), ("3", [110])])
    beads = align_pair(en, ru, CONFIG)
    assert covers_in_order(beads, 4, 5)
    assert ((2,), (3,)) in [(b.src, b.tgt) for b in beads]


def test_paragraph_without_counterpart_gives_one_sided_beads() -> None:
    body = [120, 200, 90, 150, 300, 110, 180, 140]
    en = document("en", numbered(body[:4], 1) + [("", [400, 300])] + numbered(body[4:], 5))
    zh = document("zh", numbered([round(n * 0.3) for n in body], 1))
    pairs = [(b.src, b.tgt) for b in align_pair(en, zh, CONFIG)]
    assert pairs == [((i,), (i,)) for i in range(4)] + [((4,), ()), ((5,), ())] + [
        ((i + 2,), (i,)) for i in range(4, 8)
    ]


def test_documents_without_sentences() -> None:
    empty = Document("en", (Paragraph(text="unsegmented"),))
    assert align_pair(empty, Document("zh", ()), CONFIG) == []


def test_pair_params_come_from_the_documents() -> None:
    en, zh, ru = en_zh_ru()
    assert estimate_pair_params(en, zh).ratio == pytest.approx(123 / 410)
    assert estimate_pair_params(en, ru).ratio == pytest.approx(451 / 410)


def test_presegmented_documents_of_thousands_of_lines_stay_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """One paragraph of 8,000 lines: the DP stays in a band a few times DEFAULT_BAND wide (it
    asks for about 500 cells a line; the whole matrix would be 8,000 × 8 relations a line).
    Timed in benchmarks/bench_guards.py."""
    work = count_cost_cells(monkeypatch, LengthCost)
    rng = random.Random(2)
    lengths = [rng.randint(10, 200) for _ in range(8000)]
    en = document("en", [("", lengths)])
    ru = document("ru", [("", [round(n * 1.1) for n in lengths[:4000] + lengths[4001:]])])
    beads = align_pair(en, ru, AlignConfig(presegmented=True, lexical=False))
    assert covers_in_order(beads, 8000, 7999)
    assert sum(b.type == "1-1" for b in beads) >= 7990
    assert 0 < work.cells <= 8000 * len(SENTENCE_RELATIONS) * 8 * DEFAULT_BAND


# --- align_documents ----------------------------------------------------------------------


def test_align_documents_builds_three_language_units() -> None:
    documents = en_zh_ru()
    alignment = align_documents(documents, CONFIG)
    assert alignment.langs == ("en", "zh", "ru")
    assert alignment.name == "S/2017/613"
    assert alignment.signature == signature(replace(CONFIG, pivot="en"))
    assert set(alignment.documents) == {"en", "zh", "ru"}
    assert [u.id for u in alignment] == [1, 2, 3, 4]
    assert [u.type for u in alignment] == ["2-1-2", "1-1-2", "1-1-1", "1-1-1"]
    first = alignment.units[0]
    assert first.indices == {"en": (0, 1), "zh": (0,), "ru": (0, 1)}
    assert first.segments["zh"] == (documents[1].segments()[0].text,)
    assert first.paragraph == "1"
    assert alignment.units[2].paragraph == ""
    assert all(0.0 <= u.score <= 1.0 and u.flagged == (u.score < CONFIG.flag_below) for u in alignment)


def test_languages_are_pivot_first_then_input_order() -> None:
    en, zh, ru = en_zh_ru()
    alignment = align_documents([ru, zh, en], CONFIG)
    assert alignment.langs == ("en", "ru", "zh")
    assert alignment.units[0].type == "2-2-1"
    ru_pivot = align_documents([en, zh, ru], AlignConfig(pivot="ru", lexical=False))
    assert ru_pivot.langs == ("ru", "en", "zh")


def test_paragraph_is_the_key_else_the_label() -> None:
    en = Document("en", (Paragraph(text="A", label="(a)", sentences=("Alpha.",)),))
    zh = Document("zh", (Paragraph(text="甲", sentences=("甲。",)),))
    assert align_documents([en, zh], CONFIG).units[0].paragraph == "(a)"


BODY = [120, 200, 90, 150, 300, 110, 180, 140]


def test_a_sentence_missing_from_the_pivot_gets_its_own_unit() -> None:
    en = document("en", numbered(BODY, 1))
    zh = document("zh", numbered([round(n * 0.3) for n in BODY[:4]], 1) + [("", [90])]
                  + numbered([round(n * 0.3) for n in BODY[4:]], 5))
    ru = document("ru", numbered([round(n * 1.1) for n in BODY], 1))
    alignment = align_documents([en, zh, ru], CONFIG)
    assert [u.type for u in alignment] == ["1-1-1"] * 4 + ["0-1-0"] + ["1-1-1"] * 4
    lonely = alignment.units[4]
    assert lonely.indices == {"en": (), "zh": (4,), "ru": ()}
    assert lonely.segments["en"] == ()
    assert lonely.paragraph == ""
    assert lonely.flagged
    assert lonely.reasons == ("zh: nothing in en matches this paragraph — it may be missing in en or added in zh",)


def test_low_scores_are_flagged_with_reasons() -> None:
    en = document("en", numbered(BODY, 1))
    zh_lengths = [round(n * 0.3) for n in BODY]
    zh_lengths[2] *= 2  # paragraph 3 is twice as long as it should be
    zh = document("zh", numbered(zh_lengths, 1))
    ru_lengths = [round(n * 1.1) for n in BODY]
    ru = document("ru", numbered(ru_lengths[:4], 1) + numbered(ru_lengths[5:], 6))  # paragraph 5 missing
    alignment = align_documents([en, zh, ru], CONFIG)
    by_paragraph = {u.paragraph: u for u in alignment}
    assert not by_paragraph["1"].flagged
    stretched = by_paragraph["3"]
    assert stretched.flagged
    assert stretched.reasons[0].startswith("zh: much longer than en (")
    assert stretched.reasons[0].endswith("σ) — zh may have text en lacks")
    missing = by_paragraph["5"]
    assert missing.type == "1-1-0"
    assert missing.reasons == ("ru: nothing matches this en paragraph — it may be missing in ru",)
    assert missing.score == 0.3


def test_the_default_pivot_is_english_when_present_else_the_first_language() -> None:
    en, de, fr = (Document(lang, (Paragraph(text="Eins. Zwei.", sentences=("Eins.", "Zwei.")),)) for lang in ("en", "de", "fr"))
    assert align_documents([de, en], AlignConfig(lexical=False)).langs == ("en", "de")
    assert align_documents([de, fr], AlignConfig(lexical=False)).langs == ("de", "fr")


def test_pivot_must_be_present_once() -> None:
    en, zh, ru = en_zh_ru()
    with pytest.raises(AlignkitError, match="pivot language 'fr'"):
        align_documents([en, zh], AlignConfig(pivot="fr"))
    with pytest.raises(AlignkitError, match="same language 'zh'"):
        align_documents([en, zh, zh], CONFIG)


def test_pivot_alone_gives_one_unit_per_sentence() -> None:
    en, _, _ = en_zh_ru()
    alignment = align_documents([en], CONFIG)
    assert [u.indices["en"] for u in alignment] == [(i,) for i in range(5)]
    assert all(u.score == 1.0 for u in alignment)


# --- the merge rule -----------------------------------------------------------------------


def beads(*pairs: tuple[tuple[int, ...], tuple[int, ...]], score: float = 0.9) -> list[Bead]:
    return [Bead(src, tgt, score) for src, tgt in pairs]


def flat(lang: str, count: int) -> Document:
    return document(lang, [("", [40] * count)])


def merged(pivot: Document, *pairwise: tuple[Document, list[Bead]]) -> list[tuple[str, dict[str, tuple[int, ...]]]]:
    params = LengthParams()
    units = merge_pairwise(pivot, [(doc, bs, params) for doc, bs in pairwise], flag_below=0.5)
    return [(u.type, dict(u.indices)) for u in units]


def test_units_are_the_finest_grouping_every_pair_agrees_with() -> None:
    zh = beads(((0, 1), (0,)), ((2,), (1,)))
    ru = beads(((0,), (0,)), ((1,), (1,)), ((2,), (2,)))
    assert merged(flat("en", 3), (flat("zh", 2), zh), (flat("ru", 3), ru)) == [
        ("2-1-2", {"en": (0, 1), "zh": (0,), "ru": (0, 1)}),
        ("1-1-1", {"en": (2,), "zh": (1,), "ru": (2,)}),
    ]


def test_overlapping_merges_chain_into_one_unit() -> None:
    zh = beads(((0, 1), (0,)), ((2,), (1,)), ((3,), (2,)))
    ru = beads(((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)))
    assert merged(flat("en", 4), (flat("zh", 3), zh), (flat("ru", 3), ru)) == [
        ("3-2-2", {"en": (0, 1, 2), "zh": (0, 1), "ru": (0, 1)}),
        ("1-1-1", {"en": (3,), "zh": (2,), "ru": (2,)}),
    ]


def test_pivotless_sentences_share_a_unit_at_the_same_spot() -> None:
    zh = beads(((0,), (0,)), ((), (1,)), ((1,), (2,)))
    ru = beads(((0,), (0,)), ((), (1,)), ((), (2,)), ((1,), (3,)))
    assert merged(flat("en", 2), (flat("zh", 3), zh), (flat("ru", 4), ru)) == [
        ("1-1-1", {"en": (0,), "zh": (0,), "ru": (0,)}),
        ("0-1-1", {"en": (), "zh": (1,), "ru": (1,)}),
        ("0-0-1", {"en": (), "zh": (), "ru": (2,)}),
        ("1-1-1", {"en": (1,), "zh": (2,), "ru": (3,)}),
    ]


def test_pivotless_sentence_inside_a_unit_joins_it() -> None:
    zh = beads(((0, 1), (0,)))
    ru = beads(((0,), (0,)), ((), (1,)), ((1,), (2,)))
    assert merged(flat("en", 2), (flat("zh", 1), zh), (flat("ru", 3), ru)) == [
        ("2-1-3", {"en": (0, 1), "zh": (0,), "ru": (0, 1, 2)}),
    ]


def test_pivotless_sentences_at_the_ends() -> None:
    zh = beads(((), (0,)), ((0,), (1,)), ((), (2,)))
    assert merged(flat("en", 1), (flat("zh", 3), zh)) == [
        ("0-1", {"en": (), "zh": (0,)}),
        ("1-1", {"en": (0,), "zh": (1,)}),
        ("0-1", {"en": (), "zh": (2,)}),
    ]


def test_unit_score_is_the_lowest_link_confidence() -> None:
    en = Document("en", (Paragraph(text="", sentences=("e" * 100, "e" * 100)),))
    zh = Document("zh", (Paragraph(text="", sentences=("中" * 60,)),))
    ru = Document("ru", (Paragraph(text="", sentences=("р" * 110, "р" * 330)),))
    params = LengthParams(ratio=1.0)
    zh_beads, ru_beads = [Bead((0, 1), (0,), 0.8)], [Bead((0,), (0,), 0.95), Bead((1,), (1,), 0.9)]
    (unit,) = merge_pairwise(en, [(zh, zh_beads, LengthParams(ratio=0.3)), (ru, ru_beads, params)], 0.5)
    links = [Link("zh", "en", (2, 1), delta=float(length_delta(200, 60, LengthParams(ratio=0.3)))),
             Link("ru", "en", (1, 1), delta=float(length_delta(100, 110, params))),
             Link("ru", "en", (1, 1), delta=float(length_delta(100, 330, params)))]
    assert unit.score == min(confidence(link) for link in links) == confidence(links[2])
    assert unit.flagged
    assert unit.reasons == ("ru: much longer than en (6.0σ) — ru may have text en lacks",)


# --- scorers ------------------------------------------------------------------------------


def test_the_length_scorer_has_lexical_anchors_unless_they_are_off() -> None:
    assert isinstance(pair_scorer(AlignConfig(), "en", "zh"), LexicalScorer)
    assert isinstance(pair_scorer(AlignConfig(lexical=False), "en", "zh"), LengthScorer)


def test_unknown_scorer_lists_the_available_ones() -> None:
    with pytest.raises(AlignkitError, match="unknown scorer 'labse'; available scorers: length"):
        pair_scorer(AlignConfig(scorer="labse"), "en", "zh")
    en, zh, _ = en_zh_ru()
    with pytest.raises(AlignkitError, match="available scorers"):
        align_pair(en, zh, AlignConfig(scorer="labse"))


# --- consensus between languages -------------------------------------------------------------


def texts(lang: str, lengths: list[int]) -> list[str]:
    return [sentence(lang, n, f"{lang}{k} ") for k, n in enumerate(lengths)]


def reconciled(pairs: list[PairToReconcile]) -> dict[str, list[tuple[tuple[int, ...], tuple[int, ...]]]]:
    reconcile(pairs, band=30)
    return {pair.lang: [(b.src, b.tgt) for b in pair.beads] for pair in pairs}


# The UDHR preamble's close: "Whereas …," / "Now, therefore," / "The General Assembly" / "Proclaims …".
EN_CLOSE = [130, 15, 20, 554]


def test_a_close_call_follows_the_language_that_is_sure() -> None:
    en = texts("en", EN_CLOSE)
    zh = PairToReconcile(
        "zh", en, texts("zh", [34, 150]), beads(((0,), (0,)), ((1, 2, 3), (1,))),
        LengthParams(0.26, 4.0), LengthScorer(),
    )
    ru = PairToReconcile(
        "ru", en, texts("ru", [141, 22, 566]), beads(((0, 1), (0,)), ((2,), (1,)), ((3,), (2,))),
        LengthParams(1.123, 4.0), LengthScorer(),
    )
    result = reconciled([zh, ru])
    assert result["zh"] == [((0,), (0,)), ((1, 2, 3), (1,))]
    assert result["ru"][0] == ((0,), (0,))  # "Now, therefore," left "Whereas …"
    assert [i for src, _ in result["ru"] for i in src] == [0, 1, 2, 3]


def test_a_real_merge_is_not_split_to_please_another_language() -> None:
    en = texts("en", [100, 100, 100])
    zh = PairToReconcile(
        "zh", en, texts("zh", [30, 30, 30]), beads(((0,), (0,)), ((1,), (1,)), ((2,), (2,))),
        LengthParams(0.3, 6.8), LengthScorer(),
    )
    ru = PairToReconcile(
        "ru", en, texts("ru", [220, 110]), beads(((0, 1), (0,)), ((2,), (1,))), LengthParams(1.1, 6.8), LengthScorer()
    )
    before = {"zh": [(b.src, b.tgt) for b in zh.beads], "ru": [(b.src, b.tgt) for b in ru.beads]}
    assert reconciled([zh, ru]) == before


def test_align_documents_lets_the_languages_agree() -> None:
    en = document("en", [("", EN_CLOSE)])
    zh = document("zh", [("", [34, 150])])
    ru = document("ru", [("", [141, 22, 566])])
    units = align_documents([en, zh, ru], CONFIG).units
    assert [(u.type, u.indices["ru"]) for u in units] == [("1-1-1", (0,)), ("3-1-2", (1, 2))]


def test_a_document_counts_its_sentences_as_its_segments_number_them() -> None:
    document = Document("en", (Paragraph(text="A. B.", sentences=("A.", "B.")), Paragraph(text="unsegmented"),
                               Paragraph(text="C.", sentences=("C.",))))
    assert document.sentence_count == len(document.segments()) == 3
    assert Document("en", ()).sentence_count == 0


def test_components_asked_a_few_units_at_a_time_are_the_same(
        sample_alignment: Alignment, monkeypatch: pytest.MonkeyPatch) -> None:
    """The merge asks the scorers for the units' components a chunk at a time (bounded arrays):
    chunks of three units give every unit the components of the whole run."""
    documents = [sample_alignment.documents[lang] for lang in sample_alignment.langs]
    monkeypatch.setattr(merge, "COMPONENTS_CHUNK", 3)
    chunked = align_documents(documents, AlignConfig())
    assert len(chunked.units) > 3
    assert [unit.components for unit in chunked.units] == [unit.components for unit in sample_alignment.units]
    assert any(unit.components for unit in chunked.units)
