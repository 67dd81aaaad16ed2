"""Paragraph alignment: key anchors, their longest increasing chain, and length alignment between them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alignkit.align.paragraphs import (
    align_paragraphs,
    anchor_pairs,
    longest_increasing_chain,
    paragraph_length,
)
from alignkit.align.stats import LengthParams
from alignkit.model import Document, Paragraph

EN_ZH = LengthParams(ratio=0.3, variance=6.8)
EN_RU = LengthParams(ratio=1.1, variance=6.8)


def document(lang: str, paragraphs: list[tuple[str, int]]) -> Document:
    """A document of ``(key, length)`` paragraphs, each one sentence of that many characters."""
    return Document(
        lang,
        tuple(Paragraph(text="x" * length, key=key, sentences=("x" * length,)) for key, length in paragraphs),
    )


def covers_in_order(groups: list[tuple[tuple[int, ...], tuple[int, ...]]], n_src: int, n_tgt: int) -> bool:
    src = [i for group in groups for i in group[0]]
    tgt = [j for group in groups for j in group[1]]
    return src == list(range(n_src)) and tgt == list(range(n_tgt))


def test_paragraph_length_counts_sentences_or_text() -> None:
    assert paragraph_length(Paragraph(text="1. Two sentences.", sentences=("Two", "sentences."))) == 13
    assert paragraph_length(Paragraph(text="unsegmented")) == 11


def test_anchors_match_keys_with_their_occurrence_number() -> None:
    en = document("en", [("", 50), ("1", 300), ("2", 200), ("Annex", 10), ("1", 400), ("2", 100)])
    zh = document("zh", [("", 15), ("1", 90), ("2", 60), ("Annex", 3), ("1", 120), ("2", 30)])
    assert anchor_pairs(en, zh) == [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]


def test_a_key_in_one_document_only_anchors_nothing() -> None:
    en = document("en", [("1", 300), ("2", 200), ("3", 250), ("4", 100)])
    zh = document("zh", [("1", 90), ("2", 60), ("", 75), ("4", 30)])  # label of 3 not recognised
    assert anchor_pairs(en, zh) == [(0, 0), (1, 1), (3, 3)]
    groups = align_paragraphs(en, zh, EN_ZH)
    assert groups == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]


def test_crossing_match_is_dropped() -> None:
    en = document("en", [("1", 300), ("2", 200), ("3", 250), ("4", 100)])
    zh = document("zh", [("1", 90), ("3", 60), ("2", 75), ("4", 30)])  # 2 and 3 mislabelled
    anchors = anchor_pairs(en, zh)
    assert len(anchors) == 3
    assert anchors[0] == (0, 0) and anchors[-1] == (3, 3)
    groups = align_paragraphs(en, zh, EN_ZH)
    assert covers_in_order(groups, 4, 4)


def test_longest_increasing_chain() -> None:
    matches = [(3, 0), (0, 1), (1, 2), (5, 3), (2, 4), (4, 5)]
    assert longest_increasing_chain(matches) == [(0, 1), (1, 2), (2, 4), (4, 5)]
    assert longest_increasing_chain([]) == []
    assert longest_increasing_chain([(2, 0), (1, 1), (0, 2)]) in ([(2, 0)], [(1, 1)], [(0, 2)])


def test_three_english_paragraphs_merge_into_one_chinese_like_the_udhr_preamble() -> None:
    whereas = [180, 420, 230, 90, 330, 190, 160]
    en = document(
        "en",
        [("", 37), ("", 8)] + [("", n) for n in whereas] + [("", 15), ("", 20), ("", 530), ("A1", 170)],
    )
    zh = document(
        "zh",
        [("", 6), ("", 2)] + [("", round(n * 0.3)) for n in whereas] + [("", 165), ("A1", 50)],
    )
    groups = align_paragraphs(en, zh, EN_ZH)
    assert groups[:9] == [((i,), (i,)) for i in range(9)]
    assert groups[9] == ((9, 10, 11), (9,))
    assert groups[10] == ((12,), (10,))


def test_unnumbered_continuation_joins_its_numbered_paragraph() -> None:
    en = document("en", [("4", 200), ("5", 300), ("", 250), ("6", 150)])
    ru = document("ru", [("4", 220), ("5", 605), ("6", 165)])  # 5 and its continuation in one paragraph
    groups = align_paragraphs(en, ru, EN_RU)
    assert groups == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]


def test_unnumbered_lead_in_joins_the_next_numbered_paragraph() -> None:
    en = document("en", [("", 260), ("1", 300), ("2", 150)])
    ru = document("ru", [("1", 616), ("2", 165)])
    assert align_paragraphs(en, ru, EN_RU) == [((0, 1), (0,)), ((2,), (1,))]


def test_extra_paragraph_that_fits_nowhere_stays_alone() -> None:
    en = document("en", [("1", 300), ("", 900), ("2", 150)])
    ru = document("ru", [("1", 330), ("2", 165)])
    assert align_paragraphs(en, ru, EN_RU) == [((0,), (0,)), ((1,), ()), ((2,), (1,))]


def test_unanchored_documents_are_aligned_by_length() -> None:
    en = document("en", [("", n) for n in (100, 200, 80, 80, 300)])
    ru = document("ru", [("", n) for n in (110, 220, 176, 330)])
    assert align_paragraphs(en, ru, EN_RU) == [
        ((0,), (0,)),
        ((1,), (1,)),
        ((2, 3), (2,)),
        ((4,), (3,)),
    ]


def test_empty_documents() -> None:
    empty = document("en", [])
    ru = document("ru", [("1", 10)])
    assert align_paragraphs(empty, empty, EN_RU) == []
    assert align_paragraphs(empty, ru, EN_RU) == [((), (0,))]


# --- the real UDHR, when ../shared is present ---------------------------------------------

_CHINESE_DIGITS = {c: n for n, c in enumerate("一二三四五六七八九", start=1)}
_ARTICLE = re.compile(r"(?:Article|Статья) (\d+)|第(.+)条")
_ITEM = re.compile(r"(\d+)\. |([㈠-㈩])")


def _chinese_number(text: str) -> int:
    tens, _, units = text.rpartition("十")
    if not text.count("十"):
        return _CHINESE_DIGITS[text]
    return (_CHINESE_DIGITS.get(tens, 1)) * 10 + _CHINESE_DIGITS.get(units, 0)


def _udhr(path: Path, lang: str) -> Document:
    """Blank-line paragraphs; articles keyed ``A<n>``, their numbered items ``A<n>.<i>``."""
    paragraphs = []
    article = 0
    for block in filter(None, (b.strip() for b in path.read_text(encoding="utf-8").split("\n\n"))):
        key = ""
        if heading := _ARTICLE.fullmatch(block):
            article = int(heading[1]) if heading[1] else _chinese_number(heading[2])
            key = f"A{article}"
        elif (item := _ITEM.match(block)) and article:
            number = int(item[1]) if item[1] else ord(item[2]) - ord("㈠") + 1
            key = f"A{article}.{number}"
        paragraphs.append(Paragraph(text=block, key=key, sentences=(block,)))
    return Document(lang, tuple(paragraphs))


def test_udhr_preamble_and_articles(shared_dir: Path) -> None:
    udhr = shared_dir / "corpora" / "udhr"
    en, zh, ru = (_udhr(udhr / f"udhr.{lang}.txt", lang) for lang in ("en", "zh", "ru"))
    zh_groups = align_paragraphs(en, zh, LengthParams(ratio=zh.char_count / en.char_count))
    assert len(zh_groups) == 90
    assert ((9, 10, 11), (9,)) in zh_groups
    ru_groups = align_paragraphs(en, ru, LengthParams(ratio=ru.char_count / en.char_count))
    assert covers_in_order(ru_groups, len(en.paragraphs), len(ru.paragraphs))
    for groups, other in ((zh_groups, zh), (ru_groups, ru)):
        articles = {en.paragraphs[g[0][0]].key: other.paragraphs[g[1][0]].key for g in groups if len(g[0]) == 1}
        assert all(articles.get(f"A{n}") == f"A{n}" for n in range(1, 31))


@pytest.mark.parametrize("band", [1, 3, 30])
def test_groups_cover_both_documents_in_order(band: int) -> None:
    en = document("en", [("", 40), ("1", 300), ("", 80), ("2", 120), ("", 60), ("3", 90), ("", 500)])
    zh = document("zh", [("", 12), ("", 10), ("1", 95), ("2", 40), ("", 25), ("", 18), ("3", 30)])
    assert covers_in_order(align_paragraphs(en, zh, EN_ZH, band=band), 7, 7)
