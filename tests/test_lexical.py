"""Lexical anchors: each feature on built sentence pairs, the induced lexicon, the cost and reasons."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignkit.align import align_documents, align_pair, lexical, lexicon, signature
from alignkit.align.confidence import CONTRADICTION_CONFIDENCE
from alignkit.align.dp import DEFAULT_BAND, SENTENCE_RELATIONS
from alignkit.align.features import (
    chinese_numeral_value,
    describe_difference,
    normalise_word,
    number_keys,
    punctuation_keys,
    sentence_keys,
    symbol_keys,
    word_keys,
)
from alignkit.align.lexical import KEPT_BLOCKS, Coverage, CoverageBlock, LexicalCost, LexicalScorer
from alignkit.align.lexicon import induce_lexicon, tokens
from alignkit.align.stats import LengthParams
from alignkit.config import AlignConfig
from alignkit.eval import read_intertext_document
from alignkit.model import Document, Paragraph
from alignkit.terms.concepts import Concept, Glossary
from counting import count_cost_cells


def shared(first: str, first_lang: str, second: str, second_lang: str) -> set[str]:
    return set(sentence_keys(first, first_lang)) & set(sentence_keys(second, second_lang))


# --- features -----------------------------------------------------------------------------


def test_dates_in_every_form_share_day_month_and_year() -> None:
    zh = sentence_keys("本声明于二〇一七年七月四日在莫斯科签署。", "zh")
    en = sentence_keys("The statement was signed in Moscow on 4 July 2017.", "en")
    ru = sentence_keys("Заявление подписано в Москве 4 июля 2017 года.", "ru")
    for keys in (zh, en, ru):
        assert {"n:2017", "m:7", "n:4"} <= set(keys)
    assert {"n:2017", "m:7", "n:17"} <= set(sentence_keys("2017年7月17日", "zh"))


@pytest.mark.parametrize(("zh", "expected"), [
    ("恪守2005年“9·19”共同声明", {"n:2005", "m:9", "n:19"}),
    ("“9・11”事件", {"m:9", "n:11"}),
])
def test_chinese_month_dot_day_dates_match_spelled_out_months(zh: str, expected: set[str]) -> None:
    keys = set(sentence_keys(zh, "zh"))
    assert keys >= expected
    assert "n:9" not in keys  # the month is a month, not a stray number
    en = sentence_keys("the Joint Statement made on 19 September 2005", "en")
    assert {"m:9", "n:19"} <= set(en)


def test_numbers_with_any_separator_are_the_same_number() -> None:
    assert set(number_keys("8,847.60 m", "en")) == set(number_keys("8847,60 m", "fr")) == {"n:884760"}
    assert set(number_keys("8 848 m", "ru")) == {"n:8848"}
    assert set(number_keys("seven wrestlers", "en")) == set(number_keys("七名大汉", "zh")) == {"n:7"}
    assert "n:1" not in number_keys("一个男孩", "zh")  # 一 is "a", not a number to match


def test_chinese_ordinals_are_exact_numbers() -> None:
    """第一条 is "Article 1" (and 第二条 "Article 2"): their numbers must agree, not go missing."""
    assert number_keys("第一条", "zh") == number_keys("Article 1", "en") == {"n:1": 1.0}
    assert number_keys("第二十九条", "zh") == {"n:29": 1.0}
    assert describe_difference(sentence_keys("Article 1", "en"), sentence_keys("第一条", "zh")) == ""


def test_chinese_ordinals_that_are_words_are_not_labels() -> None:
    """第三方 is "third parties": no label a translation must keep (S/2017/613, unit 29)."""
    assert number_keys("反对第三方在该地区部署", "zh") == {"n:3": 0.5}
    assert describe_difference(sentence_keys("They oppose deployment by outside parties.", "en"),
                               sentence_keys("反对第三方在该地区部署。", "zh")) == ""


def test_chinese_numerals() -> None:
    assert chinese_numeral_value("二〇一七") == 2017
    assert chinese_numeral_value("七十二") == 72
    assert chinese_numeral_value("十八") == 18
    assert chinese_numeral_value("三万五千") == 35000


def test_percentages_and_document_symbols() -> None:
    assert {"pct", "n:15"} <= shared("rose by 15 per cent", "en", "增长了15%", "zh")
    assert {"pct", "n:15"} <= shared("15 процентов", "ru", "15%", "en")
    assert set(symbol_keys("see S/2017/613 and A/RES/71/1.")) == {"s:s/2017/613", "s:a/res/71/1"}
    assert "n:613" not in number_keys("S/2017/613", "en")  # the symbol is one anchor, not three numbers


def test_latin_words_inside_chinese_and_russian_text() -> None:
    assert "w:thaad" in shared("部署“萨德”（THAAD）系统", "zh", "the THAAD systems", "en")
    assert "w:thaad" in shared("системы THAAD", "ru", "the THAAD systems", "en")
    assert not word_keys("朝鲜半岛问题", "zh")


def test_russian_cognates_match_through_transliteration() -> None:
    assert normalise_word("денуклеаризация") == normalise_word("denuclearization")
    assert normalise_word("конференция") == normalise_word("conference")
    assert normalise_word("expédition") == normalise_word("Expedition")
    assert "w:" + normalise_word("denuclearization") in shared(
        "денуклеаризация Корейского полуострова", "ru", "the denuclearization of the Korean Peninsula", "en")


def test_punctuation_quotes_brackets_and_final_marks() -> None:
    zh = punctuation_keys("韦小宝道：“谁说不会？”")
    en = punctuation_keys("'Who says I don't?' protested Trinket.")
    assert zh == en == {"p:?": 1, 'p:"': 1}  # the apostrophe in don't is not a quotation mark
    assert punctuation_keys("(Signed) Liu Jieyi!") == {"p:(": 1, "p:!": 1}


def test_glossary_concepts_are_keys() -> None:
    def concepts(text: str, lang: str) -> list[str]:
        return ["korean-peninsula"] if ("Korean Peninsula" in text or "朝鲜半岛" in text) else []

    assert "g:korean-peninsula" in sentence_keys("朝鲜半岛问题", "zh", concepts)


def test_reasons_name_the_numbers_that_differ() -> None:
    src = sentence_keys("Signed on 4 July 2017.", "en")
    assert describe_difference(src, sentence_keys("签署于2016年7月4日。", "zh")) == "numbers differ: 2017 vs 2016"
    assert describe_difference(src, sentence_keys("签署于2017年7月4日。", "zh")) == ""
    assert "missing on the target side: 2017" in describe_difference(src, sentence_keys("七月四日签署。", "zh"))


# --- the induced lexicon ------------------------------------------------------------------


def test_lexicon_finds_word_pairs_that_co_occur_beyond_chance() -> None:
    rng = random.Random(1)
    pairs = []
    for _ in range(60):
        words = rng.sample(["cat", "dog", "house", "tree", "river", "the"], 2)
        french = {"cat": "chat", "dog": "chien", "house": "maison", "tree": "arbre", "river": "fleuve", "the": "le"}
        pairs.append(([*words, "the"], [french[w] for w in words] + ["le"]))
    lexicon = {(src, tgt) for src, tgt, _ in induce_lexicon(pairs)}
    assert {("cat", "chat"), ("dog", "chien"), ("house", "maison"), ("river", "fleuve")} <= lexicon
    assert ("the", "le") not in lexicon  # in every unit: no more often together than by chance
    assert ("cat", "chien") not in lexicon


def test_chinese_is_cut_into_character_bigrams() -> None:
    assert tokens("韦小宝笑道", "zh") == ["韦小", "小宝", "宝笑", "笑道"]
    assert tokens("THAAD系统", "zh") == ["thaad", "系统"]
    assert tokens("我说：好", "zh") == ["我说", "好"]  # a one-character run is its own token


def test_spaced_languages_are_cut_into_normalised_words() -> None:
    assert tokens("Kim's Expedition", "en") == ["kims", "ekspe"]


def test_scorer_learns_a_lexicon_from_a_first_alignment() -> None:
    scorer = LexicalScorer("en", "fr")
    src = [f"the cat sleeps {k}" if k % 2 else f"a dog runs {k}" for k in range(40)]
    tgt = [f"le chat dort {k}" if k % 2 else f"un chien court {k}" for k in range(40)]
    from alignkit.model import Bead

    beads = [Bead((k,), (k,), 0.9) for k in range(40)]
    scorer.prepare(src, tgt)
    assert scorer.learn(beads, src, tgt)
    pair = f"x:{normalise_word('cat')}|{normalise_word('chat')}"
    assert pair in scorer.keys(0, src[1]) and pair in scorer.keys(1, tgt[1])
    assert pair not in scorer.keys(0, src[2])


def test_components_after_learning_are_those_of_the_learned_scorer() -> None:
    """Components are cached per sentence: learning a lexicon (new shared keys) must not leave stale ones."""
    from alignkit.model import Bead

    src = [f"the cat sleeps {k}" if k % 2 else f"a dog runs {k}" for k in range(40)]
    tgt = [f"le chat dort {k}" if k % 2 else f"un chien court {k}" for k in range(40)]
    beads = [Bead((k,), (k,), 0.9) for k in range(40)]
    params = LengthParams()
    units = [([src[1]], [tgt[3]]), ([src[1]], [tgt[1]]), ([src[2]], [tgt[2]]), (src[3:5], tgt[3:5]), ([src[5]], tgt[5:7])]
    used, fresh = LexicalScorer("en", "fr"), LexicalScorer("en", "fr")
    for scorer in (used, fresh):
        scorer.prepare(src, tgt)
    before = [used.components(s, t, params) for s, t in units]
    for scorer in (used, fresh):
        assert scorer.learn(beads, src, tgt)
    after = [used.components(s, t, params) for s, t in units]
    assert after == [fresh.components(s, t, params) for s, t in units]
    assert after == [fresh.describe(s, t, params)[0] for s, t in units]
    assert after[0]["anchors"] > before[0]["anchors"]
    assert used.components([], tgt[:1], params) == {}


def test_costs_after_learning_are_those_of_the_learned_scorer() -> None:
    """The sentences' key rows are kept for the next cost over the same texts: learning a lexicon
    (new keys, new chances) must not leave stale ones."""
    from alignkit.model import Bead

    src = [f"the cat sleeps {k}" if k % 2 else f"a dog runs {k}" for k in range(40)]
    tgt = [f"le chat dort {k}" if k % 2 else f"un chien court {k}" for k in range(40)]
    beads = [Bead((k,), (k,), 0.9) for k in range(40)]
    params = LengthParams()
    used, fresh = LexicalScorer("en", "fr"), LexicalScorer("en", "fr")
    for scorer in (used, fresh):
        scorer.prepare(src, tgt)
    ends = np.arange(1, 41)
    before = used.bead_cost(src, tgt, params).costs(1, 1, ends, ends[::-1])
    for scorer in (used, fresh):
        assert scorer.learn(beads, src, tgt)
    after = used.bead_cost(src, tgt, params).costs(1, 1, ends, ends[::-1])
    np.testing.assert_array_equal(after, fresh.bead_cost(src, tgt, params).costs(1, 1, ends, ends[::-1]))
    assert not np.array_equal(after, before)
    assert used.evidence(beads, src, tgt, params) == fresh.evidence(beads, src, tgt, params)


def test_evidence_precomputes_only_the_cells_it_reads_and_the_same_evidence(
        sample_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The evidence fits the coverage windows to the units it asks for (a bead's ends and a few
    sentences off): narrow windows, no widening, and the evidence of the default windows."""
    en, zh = (doc(lang, [line for line in (sample_dir / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
                         if line.strip()]) for lang in ("en", "zh"))
    beads = align_pair(en, zh, AlignConfig(presegmented=True))
    src, tgt = list(en.paragraphs[0].sentences), list(zh.paragraphs[0].sentences)
    params = LengthParams(ratio=len("".join(tgt)) / len("".join(src)))
    widths: list[np.ndarray] = []
    fit = LexicalCost.expect

    def recorded(cost: LexicalCost, lo: np.ndarray, hi: np.ndarray) -> None:
        widths.append(hi - lo)
        fit(cost, lo, hi)

    monkeypatch.setattr(LexicalCost, "expect", recorded)
    fitted = LexicalScorer("en", "zh").evidence(beads, src, tgt, params)
    assert len(widths) == 1 and int(widths[0].max()) <= 2 * 3 + 2
    monkeypatch.setattr(LexicalCost, "expect", lambda cost, lo, hi: None)
    assert fitted == LexicalScorer("en", "zh").evidence(beads, src, tgt, params)
    assert any(evidence.elsewhere < 0 for evidence in fitted)


@pytest.mark.parametrize("fitted", [(0, 3), (5, 40)])
def test_coverage_fitted_to_the_dp_windows_gives_the_same_costs(fitted: tuple[int, int]) -> None:
    rng = random.Random(5)
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
    src = [" ".join(rng.sample(words, 3)) + f" {rng.randint(1, 30)}" for _ in range(60)]
    tgt = [" ".join(rng.sample(words, 3)) + f" {rng.randint(1, 30)}" for _ in range(75)]
    params = LengthParams(1.0, 6.8)
    scorer = LexicalScorer("en", "fr")
    scorer.prepare(src, tgt)
    plain, fitted_cost = scorer.bead_cost(src, tgt, params), scorer.bead_cost(src, tgt, params)
    rows = np.arange(len(src) + 1)
    center = rows * len(tgt) // len(src)
    half_width, drift = fitted
    fitted_cost.expect(np.clip(center - half_width + drift, 0, len(tgt)), np.clip(center + half_width + drift, 0, len(tgt)))
    ends = [(i, j) for i in range(1, len(src) + 1) for j in range(1, len(tgt) + 1)]
    src_end, tgt_end = (np.array(side) for side in zip(*ends, strict=True))
    for a, b in [(1, 1), (2, 1), (1, 2), (3, 1), (1, 3), (2, 2), (1, 0), (0, 1)]:
        usable = (src_end >= a) & (tgt_end >= b)
        assert np.array_equal(plain.costs(a, b, src_end[usable], tgt_end[usable]),
                              fitted_cost.costs(a, b, src_end[usable], tgt_end[usable]))


@pytest.mark.parametrize("dp", ["compiled", "numpy"])
def test_coverage_in_small_blocks_gives_the_same_alignment_and_keeps_few(
        dp: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of a few rows (many more than are kept, each row's window whole) change nothing:
    the same beads, scores and evidence as blocks holding the whole documents; at most
    KEPT_BLOCKS blocks are held at a time."""
    if dp == "numpy":
        monkeypatch.setenv("ALIGNKIT_DP", "numpy")
    rng = random.Random(11)
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]
    en, ru = [], []
    for number in range(400):
        sentence = " ".join(rng.choices(words, k=rng.randint(3, 14)))
        en.append(f"{sentence} {number}.")
        if rng.random() < 0.9:  # some sentences have no translation, others are merged
            ru.append(sentence.replace("a", "а") + f" {number}.")
        elif ru:
            ru[-1] += " " + sentence
    src, tgt = en[:200], ru[:190]
    params = LengthParams(ratio=len("".join(tgt)) / len("".join(src)))

    def aligned() -> tuple[list[tuple[tuple[int, ...], tuple[int, ...], float]], list[object]]:
        beads = align_pair(doc("en", en), doc("ru", ru), AlignConfig(presegmented=True))
        scorer = LexicalScorer("en", "ru")
        first = align_pair(doc("en", src), doc("ru", tgt), AlignConfig(presegmented=True))
        return [(b.src, b.tgt, b.score) for b in beads], list(scorer.evidence(first, src, tgt, params))

    whole = aligned()
    kept: list[int] = []
    block = Coverage.block

    def counted(coverage: Coverage, number: int) -> CoverageBlock:
        found = block(coverage, number)
        kept.append(len(coverage._blocks))
        return found

    monkeypatch.setattr(lexical, "BLOCK_CELLS", 50)
    monkeypatch.setattr(Coverage, "block", counted)
    assert aligned() == whole
    assert max(kept) == KEPT_BLOCKS


# --- anchors change alignments ------------------------------------------------------------


def doc(lang: str, sentences: list[str]) -> Document:
    return Document(lang, (Paragraph(text=" ".join(sentences), sentences=tuple(sentences)),))


ONE_TO_ONE = [((k,), (k,)) for k in range(6)]


def test_numbers_decide_where_lengths_cannot() -> None:
    en = doc("en", ["The committee met again in 2009 and so on and so on.",
                    "A report was adopted in 1997 and so on and so on and so on and so on.",
                    "The survey was repeated in 1984 and so on and so on and so on.",
                    "Members spoke at length in 1967 and so on and so on and so on and so on.",
                    "The vote was postponed in 1973.", "Funding was discussed in 1950 and so on and so on."])
    zh = doc("zh", ["2009年委员会再次开会等等等等等等等等。", "1997年通过了一份报告等等等等等等等等。",
                    "1984年重复进行了调查等等等等等等等等等等。", "1967年成员们详细发言。",
                    "1973年表决被推迟等等等等等等等等等等。", "1950年讨论了资金问题等等等等等等。"])
    plain = [(b.src, b.tgt) for b in align_pair(en, zh, AlignConfig(presegmented=True, lexical=False))]
    assert ((3, 4), (3, 4)) in plain  # lengths alone merge the two sentences whose lengths cross
    assert [(b.src, b.tgt) for b in align_pair(en, zh, AlignConfig(presegmented=True))] == ONE_TO_ONE


def test_glossary_anchors_align_the_concepts() -> None:
    terms = [("Security Council", "安全理事会"), ("General Assembly", "大会"), ("Secretary-General", "秘书长"),
             ("Korean Peninsula", "朝鲜半岛"), ("sanctions", "制裁"), ("ceasefire", "停火")]
    glossary = Glossary(tuple(Concept(f"c{k}", {"en": (e,), "zh": (z,)}) for k, (e, z) in enumerate(terms)),
                        ("en", "zh"))
    en = doc("en", ["The committee met again on the Secretary-General" + " and so on" * 6 + ".",
                    "A report was adopted on the ceasefire and so on.",
                    "The survey was repeated on the General Assembly" + " and so on" * 5 + ".",
                    "Members spoke at length on the sanctions" + " and so on" * 5 + ".",
                    "The vote was postponed on the Security Council and so on.",
                    "Funding was discussed on the Korean Peninsula and so on."])
    zh = doc("zh", ["关于秘书长委员会再次开会。", "关于停火通过了一份报告等等等等等等等等。",
                    "关于大会重复进行了调查等等等等等等等等等等等等。", "关于制裁成员们详细发言等等。",
                    "关于安全理事会表决被推迟等等等等等等等等等等。", "关于朝鲜半岛讨论了资金问题等等等等。"])
    without = [(b.src, b.tgt) for b in align_pair(en, zh, AlignConfig(presegmented=True))]
    anchored = [(b.src, b.tgt) for b in align_pair(en, zh, AlignConfig(presegmented=True), glossary=glossary)]
    assert without != ONE_TO_ONE
    assert anchored == ONE_TO_ONE
    assert "|glossary:6c-" in signature(AlignConfig(), glossary)


def test_units_carry_components_and_a_numbers_reason_when_flagged() -> None:
    en = doc("en", ["The statement was signed in Moscow on 4 July 2017.", "It enters into force at once."])
    zh = doc("zh", ["本声明于2016年7月4日在莫斯科签署。", "本声明立即生效。"])
    alignment = align_documents([en, zh], AlignConfig(presegmented=True))
    first, second = alignment.units
    assert set(first.components) == {"zh.length_sigma", "zh.anchors"}
    assert first.flagged and first.score <= CONTRADICTION_CONFIDENCE
    assert first.reasons == ("zh: numbers differ: en 2017, zh 2016",)
    assert not second.flagged


def test_signature_records_the_lexical_settings() -> None:
    assert signature(AlignConfig()).endswith("|lex:anchors+lexicon(zh:bigrams)")
    assert "lex:" not in signature(AlignConfig(lexical=False))
    assert signature(AlignConfig(induce_lexicon=False)).endswith("|lex:anchors")


def test_lexical_mode_stays_near_linear_on_long_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """4× the sentences ask for about 4× the DP cells and precompute about 4× the coverage
    cells (about 1,000 of each a sentence).  Timed in benchmarks/bench_guards.py."""
    work = count_cost_cells(monkeypatch, LexicalCost)
    rng = random.Random(3)
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "theta", "kappa"]
    en, ru = [], []
    for _ in range(6000):
        sentence = " ".join(rng.choices(words, k=rng.randint(3, 20)))
        en.append(f"{sentence} {rng.randint(1, 999)}?")
        ru.append(sentence.replace("a", "а") + f" {en[-1].split()[-1]}")
    per_sentence = []
    for size in (1500, 6000):
        work.cells = work.coverage = 0
        beads = align_pair(doc("en", en[:size]), doc("ru", ru[:size]), AlignConfig(presegmented=True))
        assert sum(len(b.src) == len(b.tgt) == 1 for b in beads) >= 0.95 * size
        per_sentence.append((work.cells / size, work.coverage / size))
    (cells_small, coverage_small), (cells_large, coverage_large) = per_sentence
    assert 0 < cells_large <= 1.5 * cells_small and cells_large <= 8 * len(SENTENCE_RELATIONS) * DEFAULT_BAND
    assert 0 < coverage_large <= 1.5 * coverage_small and coverage_large <= 8 * len(SENTENCE_RELATIONS) * DEFAULT_BAND


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "de"])
def test_empty_and_odd_sentences_give_no_keys_or_errors(lang: str) -> None:
    for text in ("", " ", "—", "...", "\u3000"):
        assert not {k for k in sentence_keys(text, lang) if not k.startswith("p:")}


# -- the lexicon's induction, vectorised: the same entries as counting unit by unit


def counted_lexicon(pairs: list[tuple[list[str], list[str]]]) -> list[tuple[str, str, float]]:
    """:func:`induce_lexicon` written out plainly: units and pairs counted one by one."""
    if len(pairs) > lexicon.MAX_UNITS:
        step = len(pairs) / lexicon.MAX_UNITS
        pairs = [pairs[int(k * step)] for k in range(lexicon.MAX_UNITS)]
    src_ids: dict[str, int] = {}
    tgt_ids: dict[str, int] = {}
    src_units = [{src_ids.setdefault(w, len(src_ids)) for w in src} for src, _ in pairs]
    tgt_units = [{tgt_ids.setdefault(w, len(tgt_ids)) for w in tgt} for _, tgt in pairs]
    src_count = Counter(x for unit in src_units for x in unit)
    tgt_count = Counter(y for unit in tgt_units for y in unit)
    together = Counter((x, y) for src, tgt in zip(src_units, tgt_units) for x in src for y in tgt)
    entries: dict[int, list[tuple[float, int]]] = {}
    for (x, y), count in sorted(together.items()):
        dice = 2.0 * count / (src_count[x] + tgt_count[y])
        lift = count * len(pairs) / (src_count[x] * tgt_count[y])
        if count >= lexicon.MIN_PAIR_COUNT and lift >= lexicon.MIN_LIFT and dice >= lexicon.MIN_DICE:
            entries.setdefault(x, []).append((dice, y))
    src_words, tgt_words = list(src_ids), list(tgt_ids)
    found: list[tuple[str, str, float]] = []
    for x, candidates in entries.items():
        candidates.sort(reverse=True)
        found.extend((src_words[x], tgt_words[y], d) for d, y in candidates[:lexicon.MAX_TRANSLATIONS])
    return found


MAC = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "mac-dev"
UNITS = st.lists(st.tuples(st.lists(st.sampled_from("abcdefgh"), max_size=6),
                           st.lists(st.sampled_from("ABCDEFGHIJ"), max_size=6)), max_size=40)


@settings(max_examples=200, deadline=None)
@given(UNITS)
def test_the_lexicon_counts_as_unit_by_unit_counting_does(pairs: list[tuple[list[str], list[str]]]) -> None:
    assert lexicon.induce_lexicon(pairs) == counted_lexicon(pairs)


@pytest.mark.skipif(not MAC.is_dir(), reason="../shared/corpora/mac-dev is absent")
def test_the_lexicon_of_a_mac_dev_chapter_counts_as_unit_by_unit_counting_does() -> None:
    name = "dev-anno.001"
    zh, en = read_intertext_document(MAC / f"{name}_zh.xml"), read_intertext_document(MAC / f"{name}_en.xml")
    beads = align_pair(zh, en, AlignConfig(presegmented=True, induce_lexicon=False))
    zh_texts, en_texts = [s.text for s in zh.segments()], [s.text for s in en.segments()]
    pairs = [(lexicon.tokens(zh_texts[b.src[0]], "zh"), lexicon.tokens(en_texts[b.tgt[0]], "en"))
             for b in beads if len(b.src) == 1 and len(b.tgt) == 1]
    assert lexicon.induce_lexicon(pairs) == counted_lexicon(pairs)


def test_span_centers_follow_each_spans_diagonal_later_spans_over_earlier() -> None:
    from alignkit.align.scorers import span_centers

    src, tgt = span_centers([(0, 2, 0, 4), (2, 3, 4, 3), (5, 0, 7, 1)], 5, 8)
    assert src.tolist() == [0, 2, 4, 5, 6] and tgt.tolist() == [0, 0, 1, 1, 2, 3, 4, 5]
    src, tgt = span_centers([(0, 2, 0, 4), (2, 3, 4, 3), (1, 2, 5, 2)], 5, 7)
    assert src.tolist() == [0, 5, 6, 5, 6] and tgt.tolist() == [0, 0, 1, 1, 2, 1, 2]


# -- the components of many units at once: the same values as unit by unit

_WORDS = ["Moscow", "Москва", "treaty", "договор", "2017", "7", "seven", "July", "июля", "?", "!", "(", "\"", "S/2017/613"]
SENTENCES = st.lists(st.lists(st.sampled_from(_WORDS), max_size=6).map(" ".join), min_size=1, max_size=12)


def _units(draw: st.DrawFn, n_src: int, n_tgt: int) -> list[tuple[list[int], list[int]]]:
    """Units of up to three sentences a side (possibly none), each side's numbers ascending."""
    part = st.lists(st.integers(0, n_src - 1), max_size=3, unique=True).map(sorted)
    other = st.lists(st.integers(0, n_tgt - 1), max_size=3, unique=True).map(sorted)
    return draw(st.lists(st.tuples(part, other), max_size=20))


@st.composite
def documents_and_units(draw: st.DrawFn) -> tuple[list[str], list[str], list[tuple[list[int], list[int]]], bool]:
    src, tgt = draw(SENTENCES), draw(SENTENCES)
    return src, tgt, _units(draw, len(src), len(tgt)), draw(st.booleans())


@settings(max_examples=150, deadline=None)
@given(documents_and_units())
def test_components_of_many_units_are_those_of_each_unit(
        case: tuple[list[str], list[str], list[tuple[list[int], list[int]]], bool]) -> None:
    src, tgt, units, learned = case
    from alignkit.model import Bead

    scorer, params = LexicalScorer("en", "ru"), LengthParams(ratio=1.1, variance=5.0)
    scorer.prepare(src, tgt)
    if learned:
        scorer.learn([Bead((k,), (k,), 0.9) for k in range(min(len(src), len(tgt)))], src, tgt)
    expected = [scorer.components([src[i] for i in s], [tgt[j] for j in t], params) for s, t in units]
    assert scorer.components_of(src, tgt, units, params) == expected


@pytest.mark.skipif(not MAC.is_dir(), reason="../shared/corpora/mac-dev is absent")
def test_the_units_of_a_mac_dev_chapter_have_the_components_of_each_unit() -> None:
    zh = read_intertext_document(MAC / "dev-anno.001_zh.xml")
    en = read_intertext_document(MAC / "dev-anno.001_en.xml")
    scorer = LexicalScorer("en", "zh")
    en_texts, zh_texts = [s.text for s in en.segments()], [s.text for s in zh.segments()]
    beads = align_pair(en, zh, AlignConfig(presegmented=True))
    scorer.prepare(en_texts, zh_texts)
    scorer.learn(beads, en_texts, zh_texts)
    units = [(bead.src, bead.tgt) for bead in beads]
    params = LengthParams(ratio=0.3, variance=6.0)
    assert sum(len(s) > 1 or len(t) > 1 for s, t in units) > 10
    assert scorer.components_of(en_texts, zh_texts, units, params) == [
        scorer.components([en_texts[i] for i in s], [zh_texts[j] for j in t], params) for s, t in units]
