"""Paragraph labels: recognition, normalisation, non-labels, keys across en/zh/ru."""

from __future__ import annotations

from pathlib import Path

import pytest

from alignkit.errors import UnsupportedLanguageError
from alignkit.model import Paragraph
from alignkit.text.numbering import LabelClass, label_paragraphs, split_label

C = LabelClass

# (lang, text, printed label, number, class, rest)
LABELS = [
    ("en", "1. The Parties express grave concern", "1.", "1", C.DECIMAL, "The Parties express grave concern"),
    ("en", "12. Decides to remain seized", "12.", "12", C.DECIMAL, "Decides to remain seized"),
    ("en", "1) first item", "1)", "1", C.NUMBER_CLOSE, "first item"),
    ("en", "(1) first item", "(1)", "1", C.NUMBER_PAREN, "first item"),
    ("en", "1.1. Scope of the report", "1.1.", "1.1", C.DECIMAL, "Scope of the report"),
    ("en", "1.2 Scope of the report", "1.2", "1.2", C.DECIMAL, "Scope of the report"),
    ("en", "2.10.3 Financing", "2.10.3", "2.10.3", C.DECIMAL, "Financing"),
    ("en", "(a) To ensure that", "(a)", "a", C.LETTER_PAREN, "To ensure that"),
    ("en", "(aa) To ensure that", "(aa)", "aa", C.LETTER_PAREN, "To ensure that"),
    ("en", "a) to ensure that", "a)", "a", C.LETTER_CLOSE, "to ensure that"),
    ("en", "(i) Civil society", "(i)", "i", C.ROMAN_PAREN, "Civil society"),
    ("en", "(iv) Civil society", "(iv)", "iv", C.ROMAN_PAREN, "Civil society"),
    ("en", "ii) Civil society", "ii)", "ii", C.ROMAN_CLOSE, "Civil society"),
    ("en", "I. Introduction", "I.", "i", C.ROMAN_UPPER, "Introduction"),
    ("en", "IV. Conclusions", "IV.", "iv", C.ROMAN_UPPER, "Conclusions"),
    ("en", "A. Background", "A.", "a", C.LETTER_UPPER, "Background"),
    ("en", "C. Programme budget", "C.", "c", C.LETTER_UPPER, "Programme budget"),
    ("en", "Article 29", "Article 29", "29", C.ARTICLE, ""),
    ("en", "Art. 29", "Art. 29", "29", C.ARTICLE, ""),
    ("en", "Article I", "Article I", "1", C.ARTICLE, ""),
    ("en", "Article 1. Purpose", "Article 1.", "1", C.ARTICLE, "Purpose"),
    ("en", "Article 1: Purpose", "Article 1", "1", C.ARTICLE, "Purpose"),
    ("en", "Chapter I", "Chapter I", "1", C.CHAPTER, ""),
    ("en", "CHAPTER IV", "CHAPTER IV", "4", C.CHAPTER, ""),
    ("ru", "Статья 29", "Статья 29", "29", C.ARTICLE, ""),
    ("ru", "Статья 1.", "Статья 1.", "1", C.ARTICLE, ""),
    ("ru", "Статья 1. Основные понятия", "Статья 1.", "1", C.ARTICLE, "Основные понятия"),
    ("ru", "Глава I", "Глава I", "1", C.CHAPTER, ""),
    ("ru", "Глава 2", "Глава 2", "2", C.CHAPTER, ""),
    ("ru", "1. Стороны выражают", "1.", "1", C.DECIMAL, "Стороны выражают"),
    ("ru", "а) обеспечить", "а)", "a", C.LETTER_CLOSE, "обеспечить"),
    ("ru", "в) обеспечить", "в)", "c", C.LETTER_CLOSE, "обеспечить"),
    ("ru", "(б) обеспечить", "(б)", "b", C.LETTER_PAREN, "обеспечить"),
    ("ru", "a) обеспечить", "a)", "a", C.LETTER_CLOSE, "обеспечить"),
    ("ru", "iii) гражданское общество", "iii)", "iii", C.ROMAN_CLOSE, "гражданское общество"),
    ("zh", "一、双方对朝鲜表示严重关切", "一、", "1", C.ZH_ENUM, "双方对朝鲜表示严重关切"),
    ("zh", "二十三、双方", "二十三、", "23", C.ZH_ENUM, "双方"),
    ("zh", "（一）双方", "（一）", "1", C.ZH_PAREN, "双方"),
    ("zh", "(一)双方", "(一)", "1", C.ZH_PAREN, "双方"),
    ("zh", "（十二）双方", "（十二）", "12", C.ZH_PAREN, "双方"),
    ("zh", "㈠凡受刑事控告者", "㈠", "1", C.ZH_ENCLOSED, "凡受刑事控告者"),
    ("zh", "㈩凡受刑事控告者", "㈩", "10", C.ZH_ENCLOSED, "凡受刑事控告者"),
    ("zh", "①凡受", "①", "1", C.CIRCLED, "凡受"),
    ("zh", "⑳凡受", "⑳", "20", C.CIRCLED, "凡受"),
    ("zh", "㉑凡受", "㉑", "21", C.CIRCLED, "凡受"),
    ("zh", "⑵凡受", "⑵", "2", C.NUMBER_PAREN, "凡受"),
    ("zh", "第二十九条", "第二十九条", "29", C.ARTICLE, ""),
    ("zh", "第29条", "第29条", "29", C.ARTICLE, ""),
    ("zh", "第一百零三条", "第一百零三条", "103", C.ARTICLE, ""),
    ("zh", "第一条　为了保障人权", "第一条", "1", C.ARTICLE, "为了保障人权"),
    ("zh", "第一章", "第一章", "1", C.CHAPTER, ""),
    ("zh", "1.双方", "1.", "1", C.DECIMAL, "双方"),
    ("zh", "1. 双方", "1.", "1", C.DECIMAL, "双方"),
    ("zh", "(a) 确保", "(a)", "a", C.LETTER_PAREN, "确保"),
    ("zh", "一. 导言", "一.", "i", C.ROMAN_UPPER, "导言"),
    ("en", "  3.   Leading spaces", "3.", "3", C.DECIMAL, "Leading spaces"),
]


@pytest.mark.parametrize(("lang", "text", "label", "number", "label_class", "rest"), LABELS)
def test_split_label(lang: str, text: str, label: str, number: str, label_class: LabelClass, rest: str) -> None:
    found = split_label(text, lang)
    assert found is not None
    assert (found.label, found.number, found.label_class, found.rest) == (label, number, label_class, rest)


NON_LABELS = [
    ("en", "2017 was a difficult year"),
    ("en", "4 July 2017"),
    ("en", "1.5 million people were displaced"),
    ("en", "3.5 per cent"),
    ("en", "12.5% of the budget"),
    ("en", "2017. The year"),
    ("en", "1."),
    ("en", "(a)"),
    ("en", "Article 29 of the Convention provides"),
    ("en", "Articles 29 and 30"),
    ("en", "J. S. Bach was born"),
    ("en", "V. V. Putin said"),
    ("en", "(Signed) Liu Jieyi"),
    ("en", "The Parties recommend"),
    ("en", "1,000 people"),
    ("en", ""),
    ("ru", "Статья 29 Конвенции гласит"),
    ("ru", "С. В. Лавров"),
    ("ru", "2017 год"),
    ("ru", "(Подпись) П. Ильичев"),
    ("zh", "第二十九条规定，缔约国"),
    ("zh", "2017年7月17日"),
    ("zh", "3.5亿"),
    ("zh", "(签名) 刘结一"),
    ("zh", "中华人民共和国外交部"),
]


@pytest.mark.parametrize(("lang", "text"), NON_LABELS)
def test_not_a_label(lang: str, text: str) -> None:
    assert split_label(text, lang) is None


def test_article_heading_is_flagged() -> None:
    found = split_label("Article 29", "en")
    assert found is not None and found.is_heading
    found = split_label("Article 1. Purpose", "en")
    assert found is not None and not found.is_heading


@pytest.mark.parametrize("lang", ["fr", "de", "", "english"])
def test_unknown_language(lang: str) -> None:
    with pytest.raises(UnsupportedLanguageError, match="en, ru, zh"):
        split_label("1. Text", lang)
    with pytest.raises(UnsupportedLanguageError):
        label_paragraphs([Paragraph("1. Text")], lang)


@pytest.mark.parametrize("lang", ["zh-CN", "zh-Hans", "zh_TW", "ZH"])
def test_region_codes_fall_back_to_base(lang: str) -> None:
    found = split_label("一、双方", lang)
    assert found is not None and found.number == "1"


# --- the document pass: keys ------------------------------------------------------------


def _keys(texts: list[str], lang: str) -> list[str]:
    return [p.key for p in label_paragraphs([Paragraph(t) for t in texts], lang)]


UDHR_LIKE = {
    "en": [
        "Universal Declaration of Human Rights", "Preamble", "Whereas recognition of the inherent dignity,",
        "Article 1", "All human beings are born free and equal in dignity and rights.",
        "Article 26", "1. Everyone has the right to education.", "2. Education shall be directed",
        "3. Parents have a prior right", "Article 27", "1. Everyone has the right freely to participate",
    ],
    "zh": [
        "世界人权宣言", "序言", "鉴于对人类家庭所有成员的固有尊严,",
        "第一条", "人人生而自由,在尊严和权利上一律平等。",
        "第二十六条", "㈠人人都有受教育的权利。", "㈡教育的目的在于充分发展人的个性",
        "㈢父母对其子女所应受的教育的种类,有优先选择的权利。", "第二十七条", "㈠人人有权自由参加社会的文化生活",
    ],
    "ru": [
        "Всеобщая декларация прав человека", "ПРЕАМБУЛА", "Принимая во внимание, что признание достоинства",
        "Статья 1", "Все люди рождаются свободными и равными в своем достоинстве и правах.",
        "Статья 26", "1. Каждый человек имеет право на образование.", "2. Образование должно быть направлено",
        "3. Родители имеют право приоритета", "Статья 27", "1. Каждый человек имеет право свободно участвовать",
    ],
}
UDHR_KEYS = ["", "", "", "A1", "", "A26", "A26.1", "A26.2", "A26.3", "A27", "A27.1"]

RESOLUTION_LIKE = {
    "en": [
        "The Security Council,", "Recalling its previous resolutions,", "1. Decides that all States shall;",
        "2. Requests the Secretary-General:", "(a) To report every 90 days;", "(b) To cooperate;",
        "(c) To include in his reports:", "(i) The implementation;", "(ii) The violations;",
        "(d) To keep the Council informed;", "3. Decides to remain seized of the matter.",
    ],
    "zh": [
        "安全理事会，", "回顾其以往各项决议，", "1. 决定所有国家应；",
        "2. 请秘书长：", "(a) 每90天提交报告；", "(b) 进行合作；",
        "(c) 在其报告中列入：", "㈠ 执行情况；", "㈡ 违反情况；",
        "(d) 随时向安理会通报情况；", "3. 决定继续处理此案。",
    ],
    "ru": [
        "Совет Безопасности,", "ссылаясь на свои предыдущие резолюции,", "1. постановляет, что все государства;",
        "2. просит Генерального секретаря:", "а) представлять доклады каждые 90 дней;", "б) сотрудничать;",
        "в) включать в свои доклады:", "i) осуществление;", "ii) нарушения;",
        "г) регулярно информировать Совет;", "3. постановляет продолжать заниматься этим вопросом.",
    ],
}
RESOLUTION_KEYS = ["", "", "1", "2", "2.a", "2.b", "2.c", "2.c.i", "2.c.ii", "2.d", "3"]

S_2017_613_LIKE = {
    "en": ["The Parties make the following statement:", "1. The Parties express grave concern.",
           "2. The Parties also express concern.", "The Parties recommend that", "3. The Parties have put forward"],
    "zh": ["双方就朝鲜半岛问题声明如下：", "一、双方表示严重关切。", "二、双方还深表关切。", "双方建议，", "三、双方提出了共同倡议。"],
    "ru": ["Стороны заявляют следующее:", "1. Стороны выражают серьезную обеспокоенность.",
           "2. Стороны также выражают обеспокоенность.", "Стороны рекомендуют,", "3. Стороны выдвинули"],
}
S_2017_613_KEYS = ["", "1", "2", "", "3"]


@pytest.mark.parametrize(
    ("sequences", "expected"),
    [(UDHR_LIKE, UDHR_KEYS), (RESOLUTION_LIKE, RESOLUTION_KEYS), (S_2017_613_LIKE, S_2017_613_KEYS)],
    ids=["udhr", "resolution", "S-2017-613"],
)
@pytest.mark.parametrize("lang", ["en", "zh", "ru"])
def test_keys_agree_across_languages(sequences: dict[str, list[str]], expected: list[str], lang: str) -> None:
    assert _keys(sequences[lang], lang) == expected


KEY_CASES = [
    ("en", ["Article 26", "1. Text", "2. Text", "Article 27"], ["A26", "A26.1", "A26.2", "A27"]),
    ("zh", ["第二十六条", "㈠文字", "㈡文字", "第二十七条"], ["A26", "A26.1", "A26.2", "A27"]),
    ("ru", ["Статья 26", "1. Текст", "Статья 27"], ["A26", "A26.1", "A27"]),
    # Anchors: a chapter sits above articles, and a key starts at the innermost anchor.
    ("en", ["Chapter I", "Article 1", "1. Text", "Chapter II", "1. Text", "Article 2"],
     ["C1", "A1", "A1.1", "C2", "C2.1", "A2"]),
    ("zh", ["第一章", "第一条", "第二章", "第二条　文字"], ["C1", "A1", "C2", "A2"]),
    # Multi-level decimals replace their level.
    ("en", ["1. General", "1.1 Scope", "1.2. Terms", "(a) Text", "2. Other"], ["1", "1.1", "1.2", "1.2.a", "2"]),
    # Top-level 一、 and 1. give the same keys; unnumbered paragraphs get "".
    ("zh", ["一、总则", "文字。", "二、文字"], ["1", "", "2"]),
    ("en", ["1. General", "Text.", "2. Text"], ["1", "", "2"]),
    # （一） is a letter under 一、 or 1., a number at the top.
    ("zh", ["一、总则", "（一）文字", "（二）文字", "二、文字", "（一）文字"], ["1", "1.a", "1.b", "2", "2.a"]),
    ("zh", ["1. 总则", "（一）文字"], ["1", "1.a"]),
    ("zh", ["（一）文字", "（二）文字", "㈠文字"], ["1", "2", "2.1"]),
    # (i) after (h) is the letter i; after (h) that opens a list with a colon, roman.
    ("en", ["1. Text", "(g) Text;", "(h) Text;", "(i) Text;", "(j) Text"], ["1", "1.g", "1.h", "1.i", "1.j"]),
    ("en", ["1. Text", "(h) Text as follows:", "(i) Text;", "(ii) Text;", "(i) Text"],
     ["1", "1.h", "1.h.i", "1.h.ii", "1.i"]),
    ("en", ["(u) Text;", "(v) Text;"], ["u", "v"]),
    ("en", ["(a) Text:", "(i) Text;", "(v) Text;"], ["a", "a.i", "a.v"]),
    ("en", ["h) Text;", "i) Text;"], ["h", "i"]),
    # Roman sections, lettered subsections, paragraphs numbered through the document.
    ("en", ["I. Introduction", "1. Text", "2. Text", "II. Background", "A. History", "3. Text", "B. Law", "4. Text"],
     ["i", "i.1", "i.2", "ii", "ii.a", "ii.a.3", "ii.b", "ii.b.4"]),
    ("en", ["II. Background", "G. Text", "H. Text", "I. Text", "J. Text"], ["ii", "ii.g", "ii.h", "ii.i", "ii.j"]),
    ("zh", ["一. 导言", "1. 文字", "二. 背景"], ["i", "i.1", "ii"]),
    # Russian Cyrillic letters are matched by position.
    ("ru", ["1. Текст:", "а) текст;", "б) текст;", "в) текст;", "и) текст;", "к) текст"],
     ["1", "1.a", "1.b", "1.c", "1.i", "1.j"]),
]


@pytest.mark.parametrize(("lang", "texts", "expected"), KEY_CASES)
def test_key_scheme(lang: str, texts: list[str], expected: list[str]) -> None:
    assert _keys(texts, lang) == expected


def test_labelled_paragraph_fields() -> None:
    out = label_paragraphs([Paragraph("Article 26", lines=(3, 3)), Paragraph("1. Everyone has the right.")], "en")
    heading, item = out
    assert (heading.label, heading.number, heading.key, heading.text, heading.kind) == (
        "Article 26", "26", "A26", "Article 26", "heading")
    assert heading.lines == (3, 3)
    assert (item.label, item.number, item.key, item.text, item.kind) == (
        "1.", "1", "A26.1", "Everyone has the right.", "body")


def test_number_follows_context() -> None:
    zh = label_paragraphs([Paragraph("一、总则"), Paragraph("（二）文字")], "zh")
    assert zh[1].number == "b" and zh[1].label == "（二）"


def test_unlabelled_paragraph_untouched() -> None:
    paragraph = Paragraph("Recalling its previous resolutions,")
    assert label_paragraphs([paragraph], "en") == [paragraph]


def test_stale_key_is_cleared() -> None:
    assert label_paragraphs([Paragraph("Text", key="7")], "en")[0].key == ""


@pytest.mark.parametrize("lang", ["en", "zh", "ru"])
def test_labelling_twice_gives_the_same_result(lang: str) -> None:
    for sequence in (UDHR_LIKE, RESOLUTION_LIKE):
        once = label_paragraphs([Paragraph(t) for t in sequence[lang]], lang)
        assert label_paragraphs(once, lang) == once


READER_LABELS = [
    ("en", "2.", "Everyone has the right.", "2", "2"),
    ("en", "A.", "Background", "a", "a"),
    ("en", "IV.", "Conclusions", "iv", "iv"),
    ("en", "(c)", "to report", "c", "c"),
    ("ru", "в)", "сотрудничать", "c", "c"),
    ("zh", "一、", "双方", "1", "1"),
    ("zh", "㈡", "双方", "2", "2"),
]


@pytest.mark.parametrize(("lang", "label", "text", "number", "key"), READER_LABELS)
def test_label_from_reader_is_kept(lang: str, label: str, text: str, number: str, key: str) -> None:
    """A reader that took the label from list numbering (docx) leaves it out of the text."""
    out = label_paragraphs([Paragraph(text, label=label)], lang)
    assert (out[0].label, out[0].number, out[0].key, out[0].text) == (label, number, key, text)


def test_unknown_reader_label_gets_no_key() -> None:
    paragraph = Paragraph("First point", label="•")
    assert label_paragraphs([paragraph], "en") == [paragraph]


@pytest.mark.parametrize("lang", ["zh", "ru"])
def test_sample_document_keys(sample_dir: Path, lang: str) -> None:
    paragraphs = _blank_line_paragraphs(sample_dir / f"{lang}.txt")
    keys = [p.key for p in label_paragraphs(paragraphs, lang) if p.key]
    assert keys == ["1", "2", "3", "4", "5", "6"]


def test_udhr_keys_agree(shared_dir: Path) -> None:
    keys = {}
    for lang in ("en", "zh", "ru"):
        paragraphs = _blank_line_paragraphs(shared_dir / "corpora" / "udhr" / f"udhr.{lang}.txt")
        keys[lang] = [p.key for p in label_paragraphs(paragraphs, lang) if p.key]
    assert keys["en"] == keys["zh"] == keys["ru"]
    assert "A26.3" in keys["en"] and len(keys["en"]) > 60


def _blank_line_paragraphs(path: Path) -> list[Paragraph]:
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    return [Paragraph(block.strip()) for block in blocks if block.strip()]
