"""Joining printed lines and repairing hyphenation, with the seed's real spots."""

from __future__ import annotations

import pytest

from alignkit.text.dehyphenate import (
    build_vocabulary,
    count_words,
    join_wrapped_lines,
    rejoin_split_words,
    repair_hyphen_spacing,
)

JOIN_CASES = [
    # (name, lines, lang, vocabulary, expected)
    (
        "seed: plain wrap",
        ["We have the honour to enclose herewith the  joint statement by the Chinese ",
         "and Russian Foreign Ministries on the Korean Peninsula issue, signed in Moscow on "],
        "en", None,
        "We have the honour to enclose herewith the joint statement by the Chinese and Russian "
        "Foreign Ministries on the Korean Peninsula issue, signed in Moscow on",
    ),
    (
        "seed: non- / aggression keeps its hyphen",
        ["principles underlying their mutual relations, including the non-use of force, non-",
         "aggression, peaceful coexistence"],
        "en", None,
        "principles underlying their mutual relations, including the non-use of force, "
        "non-aggression, peaceful coexistence",
    ),
    (
        "seed: above - / mentioned",
        [" The Parties appeal to the international community to support the above -",
         "mentioned initiative to seek a realistic approach"],
        "en", None,
        "The Parties appeal to the international community to support the above-mentioned "
        "initiative to seek a realistic approach",
    ),
    (
        "seed: North -East inside a line",
        [" peace and security mechanism for the Korean Peninsula and North -East Asia, "],
        "en", None,
        "peace and security mechanism for the Korean Peninsula and North-East Asia,",
    ),
    ("line-final hyphen before a capital", ["the North-", "East Asia"], "en", None, "the North-East Asia"),
    ("number range across lines", ["in 1990-", "1995"], "en", None, "in 1990-1995"),
    ("vocabulary says the hyphen is a line break", ["a peaceful settle-", "ment of"], "en",
     {"settlement"}, "a peaceful settlement of"),
    ("vocabulary has both forms: keep the hyphen", ["a peaceful settle-", "ment of"], "en",
     {"settlement", "settle-ment"}, "a peaceful settle-ment of"),
    ("vocabulary without the word: keep the hyphen", ["the non-", "aggression pact"], "en",
     {"aggression"}, "the non-aggression pact"),
    ("hyphen then capital is never dehyphenated", ["anti-", "Semitism"], "en", {"antisemitism"},
     "anti-Semitism"),
    ("dash between spaces at a line end", ["peace -", "and security"], "en", None, "peace - and security"),
    ("dash before a number", ["the period -", "1990 to 1995"], "en", None, "the period - 1990 to 1995"),
    ("en dash is a dash", ["peace –", "security"], "en", None, "peace – security"),
    ("blank and padded lines", ["  first  ", "", "   ", "second"], "en", None, "first second"),
    ("no lines", [], "en", None, ""),
    ("russian wrap", ["Стороны выражают серьезную", "обеспокоенность"], "ru", None,
     "Стороны выражают серьезную обеспокоенность"),
    ("russian hyphen kept", ["Северо-", "Восточной Азии"], "ru", None, "Северо-Восточной Азии"),
    ("russian hyphen by vocabulary", ["мирного урегу-", "лирования"], "ru", {"урегулирования"},
     "мирного урегулирования"),
    ("russian soft hyphen at a line end", ["мирного урегу\u00ad", "лирования"], "ru", None,
     "мирного урегулирования"),
    ("russian stray space before hyphen", ["Корейской Народно -Демократической Республики"], "ru", None,
     "Корейской Народно-Демократической Республики"),
    ("chinese lines join without space",
     ["中华人民共和国和俄罗斯联邦同朝鲜", "半岛直接接壤，半岛局势发展事关两国国家利益。"], "zh", None,
     "中华人民共和国和俄罗斯联邦同朝鲜半岛直接接壤，半岛局势发展事关两国国家利益。"),
    ("chinese: space between two latin words", ["安全理事会第2371(2017)号决议 Security", "Council 决议"],
     "zh", None, "安全理事会第2371(2017)号决议 Security Council 决议"),
    ("chinese: latin then cjk", ["部署末段高空区域防御系统THAAD", "反导系统"], "zh", None,
     "部署末段高空区域防御系统THAAD反导系统"),
    ("chinese: number then cjk", ["2017年7月", "4日"], "zh", None, "2017年7月4日"),
    ("chinese region tag", ["中俄两国", "将密切协调"], "zh-CN", None, "中俄两国将密切协调"),
    ("japanese", ["国際連合の", "目的は"], "ja", None, "国際連合の目的は"),
]


@pytest.mark.parametrize(
    ("name", "lines", "lang", "vocabulary", "expected"), JOIN_CASES, ids=[case[0] for case in JOIN_CASES]
)
def test_join_wrapped_lines(
    name: str, lines: list[str], lang: str, vocabulary: set[str] | None, expected: str
) -> None:
    assert join_wrapped_lines(lines, lang, vocabulary) == expected


REPAIR_CASES = [
    ("North -East Asia", "North-East Asia"),
    ("North- East Asia", "North-East Asia"),
    ("the above -mentioned", "the above-mentioned"),
    ("peace - and security", "peace - and security"),
    ("1990 -1995", "1990 -1995"),
    ("1990- 1995", "1990- 1995"),
    ("pages 10 - 12", "pages 10 - 12"),
    ("pre- and post-war", "pre- and post-war"),
    ("short- or long-term", "short- or long-term"),
    ("medium- to long-term", "medium- to long-term"),
    ("мало- и среднего", "мало- и среднего"),
    ("Северо -Восточной", "Северо-Восточной"),
    ("non-aggression", "non-aggression"),
    ("a - b", "a - b"),
]


@pytest.mark.parametrize(("text", "expected"), REPAIR_CASES)
def test_repair_hyphen_spacing(text: str, expected: str) -> None:
    assert repair_hyphen_spacing(text) == expected


SEED_SENTENCE = (
    "collective response from the international community for a peaceful settl ement "
    "through dialogue and consultations. ... reaching a comprehensive settlement of the "
    "Korean Peninsula issue."
)

REJOIN_CASES = [
    ("seed: settl ement", SEED_SENTENCE, "a peaceful settlement through"),
    ("no proof in the document", "a peaceful settl ement through", "a peaceful settl ement through"),
    ("fragment is a word used elsewhere", "in deed and in fact, indeed", "in deed and in fact"),
    ("capitalised second word", "North East and northeast", "North East and"),
    ("too short", "a b and ab", "a b and"),
    ("capitalised first fragment", "Settl ement is key; a settlement.", "Settlement is key"),
    ("capitalised second fragment", "settl Ement is key; a settlement.", "settl Ement is key"),
    ("inside a hyphenated compound", "re-settl ement; the settlement", "re-settl ement"),
]


@pytest.mark.parametrize(
    ("name", "text", "expected_part"), REJOIN_CASES, ids=[case[0] for case in REJOIN_CASES]
)
def test_rejoin_split_words(name: str, text: str, expected_part: str) -> None:
    assert expected_part in rejoin_split_words(text, count_words(text))


def test_build_vocabulary_lowercases_and_keeps_compounds() -> None:
    vocabulary = build_vocabulary("The non-use of force; the People’s Republic; Северо-Восточной Азии 2017")
    assert {"the", "non-use", "of", "force", "people’s", "republic", "северо-восточной", "азии"} == vocabulary


def test_count_words() -> None:
    assert count_words("The the THE settlement")["the"] == 3
