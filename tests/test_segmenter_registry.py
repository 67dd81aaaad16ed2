"""The segmenter registry, the prefix data it relies on, and segment_document."""

from __future__ import annotations

import importlib.metadata
import importlib.resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sacremoses.corpus import NonbreakingPrefixes

from alignkit.errors import UnsupportedLanguageError
from alignkit.model import Document, Paragraph
from alignkit.segment import (
    SUPPORTED_LANGUAGES,
    MosesSegmenter,
    Segmenter,
    ZhSegmenter,
    base_language,
    get_segmenter,
    segment_document,
)
from alignkit.segment.moses import PrefixKind, load_prefixes, parse_prefix_lines

# --- registry ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "cls"),
    [("en", MosesSegmenter), ("ru", MosesSegmenter), ("en-GB", MosesSegmenter), ("ru_RU", MosesSegmenter),
     ("zh", ZhSegmenter), ("zh-CN", ZhSegmenter), ("zh-Hans", ZhSegmenter), ("zh-Hant-TW", ZhSegmenter),
     ("zh_TW", ZhSegmenter), ("ZH", ZhSegmenter)],
)
def test_get_segmenter(lang: str, cls: type) -> None:
    segmenter = get_segmenter(lang)
    assert isinstance(segmenter, cls)
    assert isinstance(segmenter, Segmenter)
    assert segmenter.lang == base_language(lang)


@pytest.mark.parametrize("lang", ["fr", "de-DE", "ja", "", "english", "xx"])
def test_unknown_language_is_an_error(lang: str) -> None:
    with pytest.raises(UnsupportedLanguageError, match="supported: en, ru, zh"):
        get_segmenter(lang)


def test_supported_languages() -> None:
    assert SUPPORTED_LANGUAGES == ("en", "ru", "zh")


def test_segmenters_are_cached() -> None:
    assert get_segmenter("en") is get_segmenter("en")
    assert load_prefixes("ru") is load_prefixes("ru")


def test_names_record_the_prefix_data_version() -> None:
    version = importlib.metadata.version("sacremoses")
    assert get_segmenter("en").name == f"moses-en+sacremoses-{version}"
    assert get_segmenter("ru").name == f"moses-ru+sacremoses-{version}"
    assert get_segmenter("zh").name.startswith("zh-punct")


def test_moses_segmenter_rejects_other_languages() -> None:
    with pytest.raises(UnsupportedLanguageError, match="supported: en, ru"):
        MosesSegmenter("zh")


# --- prefix data ------------------------------------------------------------------------


def test_sacremoses_lists_what_alignkit_relies_on() -> None:
    """Pin the sacremoses API and data: en has NUMERIC_ONLY markers, ru the common abbreviations."""
    english = list(NonbreakingPrefixes().words("en"))
    assert "Mr" in english and "No #NUMERIC_ONLY#" in english
    russian = set(NonbreakingPrefixes().words("ru"))
    assert {"т", "е", "др", "г", "гг", "млн", "руб"} <= russian


@pytest.mark.parametrize(
    ("lang", "prefix", "kind"),
    [("en", "Mr", PrefixKind.ALWAYS), ("en", "e.g", PrefixKind.ALWAYS), ("en", "No", PrefixKind.NUMERIC_ONLY),
     ("en", "Art", PrefixKind.NUMERIC_ONLY), ("en", "pp", PrefixKind.NUMERIC_ONLY),
     ("en", "para", PrefixKind.NUMERIC_ONLY), ("en", "a.i", PrefixKind.ALWAYS),
     ("ru", "т", PrefixKind.ALWAYS), ("ru", "г", PrefixKind.ALWAYS), ("ru", "рис", PrefixKind.ALWAYS),
     ("ru", "табл", PrefixKind.ALWAYS), ("ru", "им", PrefixKind.ALWAYS), ("ru", "т.е", PrefixKind.ALWAYS),
     ("ru", "7г", PrefixKind.ALWAYS)],
)
def test_merged_prefixes(lang: str, prefix: str, kind: PrefixKind) -> None:
    assert load_prefixes(lang).kind(prefix) is kind


@pytest.mark.parametrize(
    ("lang", "prefix", "kind"),
    [("en", "Q", PrefixKind.ALWAYS), ("ru", "Ж", PrefixKind.ALWAYS), ("en", "Ж", PrefixKind.ALWAYS),
     ("ru", "2017г", PrefixKind.ALWAYS), ("ru", "15км", PrefixKind.ALWAYS), ("en", "2017", None),
     ("en", "the", None), ("en", "q", None)],
)
def test_prefix_kind_rules(lang: str, prefix: str, kind: PrefixKind | None) -> None:
    assert load_prefixes(lang).kind(prefix) is kind


PREFIX_LINES = [
    (["Mr"], {"Mr": PrefixKind.ALWAYS}),
    (["No #NUMERIC_ONLY# "], {"No": PrefixKind.NUMERIC_ONLY}),
    (["Art #NUMERIC_ONLY#"], {"Art": PrefixKind.NUMERIC_ONLY}),
    (["# a comment", "", "   ", "e.g"], {"e.g": PrefixKind.ALWAYS}),
    (["No", "No #NUMERIC_ONLY#"], {"No": PrefixKind.NUMERIC_ONLY}),
]


@pytest.mark.parametrize(("lines", "expected"), PREFIX_LINES)
def test_parse_prefix_lines(lines: list[str], expected: dict[str, PrefixKind]) -> None:
    assert parse_prefix_lines(lines) == expected


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_supplement_files_load(lang: str) -> None:
    resource = importlib.resources.files("alignkit.segment").joinpath(f"data/nonbreaking_extra.{lang}")
    entries = parse_prefix_lines(resource.read_text(encoding="utf-8").splitlines())
    assert len(entries) > 20
    assert all(" " not in word for word in entries)
    merged = load_prefixes(lang).prefixes
    assert all(merged[word] is kind for word, kind in entries.items())


def test_supplement_numeric_only_parsed() -> None:
    resource = importlib.resources.files("alignkit.segment").joinpath("data/nonbreaking_extra.en")
    entries = parse_prefix_lines(resource.read_text(encoding="utf-8").splitlines())
    assert entries["para"] is PrefixKind.NUMERIC_ONLY and entries["p"] is PrefixKind.NUMERIC_ONLY


def test_unknown_language_has_no_prefix_table() -> None:
    with pytest.raises(UnsupportedLanguageError, match="supported: en, ru"):
        load_prefixes("fr")


# --- segment_document -------------------------------------------------------------------


def test_segment_document() -> None:
    doc = Document(
        "en",
        (
            Paragraph("Letter dated 17 July 2017", kind="heading"),
            Paragraph("It ended. The next began.", label="1.", key="1"),
            Paragraph("   "),
            Paragraph("Line one. Line two.", sentences=("Line one. Line two.",)),
        ),
        source="en.txt",
        name="S-2017-613",
    )
    out = segment_document(doc)
    assert out is not doc and out.source == "en.txt" and out.name == "S-2017-613"
    assert [p.sentences for p in out.paragraphs] == [
        ("Letter dated 17 July 2017",),
        ("It ended.", "The next began."),
        (),
        ("Line one. Line two.",),
    ]
    assert out.paragraphs[1].label == "1." and out.paragraphs[1].key == "1"
    assert [s.text for s in out.segments()] == ["Letter dated 17 July 2017", "It ended.", "The next began.",
                                                "Line one. Line two."]
    assert doc.paragraphs[1].sentences == ()


def test_segment_document_unknown_language() -> None:
    with pytest.raises(UnsupportedLanguageError):
        segment_document(Document("fr", (Paragraph("Bonjour."),)))


def test_segment_document_zh_region_code() -> None:
    out = segment_document(Document("zh-CN", (Paragraph("第一句。第二句。"),)))
    assert out.paragraphs[0].sentences == ("第一句。", "第二句。")


# --- properties -------------------------------------------------------------------------

# Characters that exercise every rule: letters of both cases and scripts, digits,
# enders, quotes, brackets, CJK punctuation and several kinds of space.
_ALPHABET = st.sampled_from(
    list("aAbBeEgiINoOpPrtTUSvVxXzZ") + list("аАбБгГдДеЕпПтТСсВв") + list("中文双方")
    + list("0123456789") + list(".?!…;,:-/%") + list("。！？；：，、……")
    + list("\"'()[]“”‘’«»「」（）《》") + [" ", " ", " ", "\n", "\t", "\u00a0", "\u202f", "\u3000"]
)
_TEXTS = st.lists(_ALPHABET, max_size=80).map("".join)
_WORDY_TEXTS = st.lists(
    st.sampled_from(["No.", "Art.", "5", "e.g.", "U.S.", "т. е.", "г.", "The", "the", "“We", "agree.”", "(a)",
                     "1.", "...", "?", "!", "J.", "S.", "Bach", "。", "双方", "；", "”", "Совет", "и т. д.", " ", "  "]),
    max_size=30,
).map(" ".join)


def _non_space(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
@settings(max_examples=300, deadline=None)
@given(text=st.one_of(_TEXTS, _WORDY_TEXTS))
def test_split_keeps_every_character_in_order(lang: str, text: str) -> None:
    sentences = get_segmenter(lang).split(text)
    assert _non_space("".join(sentences)) == _non_space(text)
    assert all(sentence and sentence == sentence.strip() for sentence in sentences)


@pytest.mark.parametrize("option", [True, False, 1, 40])
@settings(max_examples=100, deadline=None)
@given(text=_TEXTS)
def test_zh_semicolon_options_keep_every_character(option: bool | int, text: str) -> None:
    sentences = ZhSegmenter(split_semicolon=option).split(text)
    assert _non_space("".join(sentences)) == _non_space(text)


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
@settings(max_examples=100, deadline=None)
@given(texts=st.lists(st.one_of(_TEXTS, _WORDY_TEXTS), max_size=5))
def test_segment_document_keeps_every_character(lang: str, texts: list[str]) -> None:
    doc = Document(lang, tuple(Paragraph(text) for text in texts))
    out = segment_document(doc)
    assert len(out.paragraphs) == len(doc.paragraphs)
    for before, after in zip(doc.paragraphs, out.paragraphs):
        assert _non_space("".join(after.sentences)) == _non_space(before.text)
        assert after.text == before.text
        assert bool(after.sentences) == bool(before.text.strip())


def test_region_codes_share_the_base_segmenter() -> None:
    assert get_segmenter("zh-CN") is get_segmenter("zh")
    assert get_segmenter("en-US") is get_segmenter("en")
