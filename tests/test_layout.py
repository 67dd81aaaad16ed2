"""Rebuilding paragraphs from the layout: PDF-extracted text, blank-line blocks, one paragraph per line."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignkit.model import Paragraph
from alignkit.text.furniture import is_page_furniture
from alignkit.text.layout import build_paragraphs
from alignkit.text.normalize import normalize_text

SEED = Path(__file__).resolve().parent.parent / "texts" / "S-2017-613" / "en.txt"

#: The paragraphs of texts/S-2017-613/en.txt: (kind, source lines, text).
SEED_PARAGRAPHS = [
    ('heading', (1, 5), (
        'Letter dated 17 July 2017 from the representatives of China and the Russian Federation to '
        'the United Nations addressed to the Secretary-General'
    )),
    ('body', (10, 14), (
        'We have the honour to enclose herewith the joint statement by the Chinese and Russian '
        'Foreign Ministries on the Korean Peninsula issue, signed in Moscow on 4 July 2017 (see '
        'annex).'
    )),
    ('body', (16, 18), (
        'We should be grateful if the present letter and its annex could be circulated as a '
        'document of the Security Council.'
    )),
    ('heading', (24, 24), '(Signed) Liu Jieyi'),
    ('heading', (26, 28), 'Permanent Representative of the People’s Republic of China to the United Nations'),
    ('heading', (30, 30), '(Signed) Petr Iliichev'),
    ('heading', (32, 34), 'Chargé d’affaires a.i. of the Russian Federation to the United Nations'),
    ('heading', (35, 39), (
        'Annex to the letter dated 17 July 2017 from the representatives of China and the Russian '
        'Federation to the United Nations addressed to the Secretary-General'
    )),
    ('heading', (42, 42), '[Original: Chinese and Russian]'),
    ('heading', (46, 50), (
        'Joint Statement by the Ministry of Foreign Affairs of the People’s Republic of China and '
        'the Ministry of Foreign Affairs of the Russian Federation on the Korean Peninsula Issues'
    )),
    ('body', (55, 69), (
        'The People’s Republic of China and the Russian Federation both directly adjoin the Korean '
        'Peninsula and developments in the situation in that region affect the national interests '
        'of both countries. China and the Russian Federation will closely coordinate to spare no '
        'efforts to push forward package solution to the Korean Peninsula issues, including the '
        'nuclear issue, with the aim of achieving lasting peace and stability in North-East Asia. '
        'In a spirit of strategic coordination, the ministries of foreign affairs of the two '
        'countries (hereinafter referred to as “the Parties”) make the following statement '
        'regarding the Korean Peninsula issues:'
    )),
    ('body', (71, 81), (
        '1. The Parties express grave concern on the ballistic missile launch announced by the '
        'Democratic People’s Republic of Korea on 4 July 2017 and consider it a serious violation '
        'of the relevant resolutions of the Security Council. They find the missile launch '
        'unacceptable and strongly urge the Democratic People’s Republic of Korea to comply '
        'strictly with the requirements of the Council’s resolutions.'
    )),
    ('body', (83, 99), (
        '2. The Parties also express their grave concern about the developments in the Korean '
        'Peninsula and the surrounding region. The escalation of political and military tension in '
        'the region may trigger an armed conflict and demands a collective response from the '
        'international community for a peaceful settlement through dialogue and consultations. The '
        'Parties oppose any rhetoric or action likely to cause tension and aggravate antagonism and'
        ' call on all the countries concerned to exercise restraint, to refrain from provocative '
        'actions and bellicose rhetoric, to demonstrate readiness to engage in dialogue without '
        'preconditions, and together to make active efforts aimed at de-escalating tension.'
    )),
    ('body', (101, 115), (
        '3. The Parties have put forward a joint initiative, based on the “suspension for '
        'suspension initiative”, which is the suspension of nuclear and missile activities by the '
        'Democratic People’s Republic of Korea and the suspension of massive military exercises by '
        'the United States of America and the Republic of Korea, and the “dual-track approach”, '
        'which aims to promote parallel progress in denuclearization efforts and the establishment '
        'of a peace mechanism on the Peninsula proposed by China, together with the step-by-step '
        'conception by Russia to resolve the Korean Peninsula issue.'
    )),
    ('body', (117, 138), (
        'The Parties recommend that the Democratic People’s Republic of Korea take a voluntary '
        'political decision to declare a moratorium on nuclear explosive tests and ballistic '
        'missile launch tests and that the United States of America and the Republic of Korea '
        'likewise suspend their large-scale joint military exercises. In parallel with this, the '
        'opposing parties should embark on negotiations and determine the overall principles '
        'underlying their mutual relations, including the non-use of force, non-aggression, '
        'peaceful coexistence and a willingness to pursue the goal of denuclearization of the '
        'Korean Peninsula with a view to finding a package solution to all the issues, including '
        'the nuclear issue. In the negotiating process, the parties should work in a mutually '
        'acceptable approach to promote the establishment of a peace and security mechanism for the'
        ' Korean Peninsula and North-East Asia, ultimately leading to the normalization of '
        'relations among the countries concerned.'
    )),
    ('body', (140, 144), (
        'The Parties appeal to the international community to support the above-mentioned '
        'initiative to seek a realistic approach to solving the Korean Peninsula issues.'
    )),
    ('body', (146, 156), (
        '4. The Parties staunchly uphold the international non-proliferation regime and are firmly '
        'committed to the goal of the denuclearization of the Korean Peninsula. The relevant '
        'resolutions of the United Nations Security Council should be fully and comprehensively '
        'implemented. The Parties will work together with other concerned countries to continue '
        'their efforts, through dialogue and consultation, to find a balanced approach to address '
        'the concerns of all parties.'
    )),
    ('body', (158, 164), (
        'The Parties reiterate the need to respect the legitimate concerns of the Democratic '
        'People’s Republic of Korea. Other countries should make due efforts to relaunch '
        'negotiations and together to foster an atmosphere of peace and mutual trust.'
    )),
    ('body', (166, 174), (
        'The Parties call on all concerned parties to abide by the commitments set forth in the '
        'Joint Statement made on 19 September 2005 and to restart the dialogue process at the '
        'earliest possible juncture with the aim of reaching a comprehensive settlement of the '
        'Korean Peninsula issue. Military means should not be an option for resolving the Korean '
        'Peninsula issue.'
    )),
    ('body', (176, 184), (
        '5. The Parties support the North and the South of the Korean Peninsula to carry out '
        'dialogue and consultation, display goodwill reciprocally, improve their relations and '
        'promote reconciliation and cooperation in order to play their due role in easing tension '
        'on the Korean Peninsula and finding an appropriate solution to the Korean Peninsula '
        'issues.'
    )),
    ('body', (186, 196), (
        '6. The Parties reaffirm the great importance that they attach to maintaining the '
        'international and regional balance and stability and stress that the alliances between the'
        ' relevant countries should not be prejudicial to the interests of third parties. They '
        'oppose the enhancement of military deployment and presence in North-East Asia by forces '
        'outside the region on the pretext of countering the nuclear and missile programme of the '
        'Democratic People’s Republic of Korea.'
    )),
    ('body', (198, 206), (
        'The Parties reiterate that the deployment of the Terminal High Altitude Area Defence '
        '(THAAD) systems in North-East Asia seriously undermines strategic security interests of '
        'the countries of the region, including China and the Russian Federation, and will not '
        'contribute to the denuclearization of the Korean Peninsula nor to regional peace and '
        'stability.'
    )),
    ('body', (208, 214), (
        'China and the Russian Federation oppose the deployment of the THAAD systems and urge the '
        'countries concerned to stop and cancel their deployment forthwith, and have agreed to take'
        ' necessary measures to safeguard the security interests of their two countries and also to'
        ' ensure the regional strategic balance.'
    )),
    ('body', (216, 216), 'The present statement was signed in Moscow on 4 July 2017.'),
    ('heading', (222, 224), 'Ministry of Foreign Affairs of the People’s Republic of China'),
    ('heading', (226, 226), 'Wang Yi (signed)'),
    ('heading', (228, 230), 'Ministry of Foreign Affairs of the Russian Federation'),
    ('heading', (232, 232), 'Sergey Lavrov (signed)'),
]


def _seed_text() -> str:
    return normalize_text(SEED.read_text(encoding="utf-8"), keep_line_final_soft_hyphens=True)


def _non_space_characters(text: str) -> Counter[str]:
    return Counter(char for char in text if not char.isspace())


def _summary(paragraphs: list[Paragraph]) -> list[tuple[str, tuple[int, int], str]]:
    return [(paragraph.kind, paragraph.lines, paragraph.text) for paragraph in paragraphs]


def test_seed_paragraphs() -> None:
    paragraphs = build_paragraphs(_seed_text(), "en")
    assert len(paragraphs) == 28
    assert _summary(paragraphs) == SEED_PARAGRAPHS


def test_seed_repairs() -> None:
    texts = [paragraph.text for paragraph in build_paragraphs(_seed_text(), "en")]
    whole = "\n".join(texts)
    assert "support the above-mentioned initiative" in whole
    assert "the non-use of force, non-aggression, peaceful coexistence" in whole
    assert "for the Korean Peninsula and North-East Asia, ultimately" in whole
    # "settl ement" is rejoined because "settlement" occurs elsewhere in the document
    assert "for a peaceful settlement through dialogue" in whole
    assert "  " not in whole and " -" not in whole
    # labels stay in the text; numbering is another stage
    assert texts[11].startswith("1. The Parties express grave concern")
    # the unnumbered paragraphs after 3, 4 and 6 are paragraphs of their own
    assert [text[:30] for text in texts[14:16]] == [
        "The Parties recommend that the", "The Parties appeal to the inte"]
    assert [text[:30] for text in texts[17:19]] == [
        "The Parties reiterate the need", "The Parties call on all concer"]
    assert [text[:30] for text in texts[21:23]] == [
        "The Parties reiterate that the", "China and the Russian Federati"]


def test_seed_loses_no_content() -> None:
    text = _seed_text()
    paragraphs = build_paragraphs(text, "en")
    assert _non_space_characters("".join(p.text for p in paragraphs)) == _non_space_characters(text)


PDF_CHINESE = (
    "  中华人民共和国外交部和俄罗斯联邦外交部关于朝鲜半岛问题的联合声明\n\n \n\n"
    " 中华人民共和国和俄罗斯联邦同朝鲜半岛直接接壤，半岛局势发展事关两国国家\n\n"
    "利益。中俄两国将密切协调，不遗余力地推动一揽子解决朝鲜半岛问题，包括核问\n\n"
    "题，以实现东北亚地区持久和平与稳定。\n\n"
    " 一、双方对朝鲜民主主义人民共和国2017年7月4日宣布发射弹道导弹表示严重关\n\n"
    "切，认为此举严重违反安理会有关决议，是不可接受的。\n\n"
    " 本声明于2017年7月4日在莫斯科签署。\n\n \n\n"
    "中华人民共和国外交部\n\n"
    "王毅（签字）\n\n"
)


def test_chinese_pdf_text_joins_lines_without_spaces() -> None:
    assert _summary(build_paragraphs(PDF_CHINESE, "zh")) == [
        ("heading", (1, 1), "中华人民共和国外交部和俄罗斯联邦外交部关于朝鲜半岛问题的联合声明"),
        ("body", (5, 9), "中华人民共和国和俄罗斯联邦同朝鲜半岛直接接壤，半岛局势发展事关两国国家利益。"
                         "中俄两国将密切协调，不遗余力地推动一揽子解决朝鲜半岛问题，包括核问题，"
                         "以实现东北亚地区持久和平与稳定。"),
        ("body", (11, 13), "一、双方对朝鲜民主主义人民共和国2017年7月4日宣布发射弹道导弹表示严重关切，"
                           "认为此举严重违反安理会有关决议，是不可接受的。"),
        ("body", (15, 15), "本声明于2017年7月4日在莫斯科签署。"),
        ("heading", (19, 19), "中华人民共和国外交部"),
        ("heading", (21, 21), "王毅（签字）"),
    ]


PDF_WITH_PAGE_BREAK = (
    " 2. The Parties also express their grave concern about the developments in \n\n"
    "the Korean Peninsula and the surrounding region. The escalation of political and \n\n"
    "military tension in the region may trigger an armed conflict and demands the Korean \n\n"
    "17-12345 (E) \n\n"
    "*1712345* \n\n \n\n"
    "S/2017/613 \n\n"
    "2/3 \n\n"
    "Peninsula to respond. The Parties oppose any rhetoric or action likely to cause \n\n"
    "tension. \n\n"
    " 3. The Parties have put forward a joint initiative. \n\n"
)


def test_pdf_paragraph_continues_across_page_furniture() -> None:
    paragraphs = build_paragraphs(PDF_WITH_PAGE_BREAK, "en")
    assert _summary(paragraphs) == [
        ("body", (1, 19),
         "2. The Parties also express their grave concern about the developments in the Korean "
         "Peninsula and the surrounding region. The escalation of political and military tension in "
         "the region may trigger an armed conflict and demands the Korean Peninsula to respond. The "
         "Parties oppose any rhetoric or action likely to cause tension."),
        ("body", (21, 21), "3. The Parties have put forward a joint initiative."),
    ]


BLOCKS = """\
Article 1

All human beings are born free and equal in dignity and rights. They are endowed
with reason and conscience and should act towards one another in a spirit of
brother-
hood.

Article 2

Everyone is entitled to all the rights and freedoms set forth in this Declaration,
without distinction of any kind.
"""


def test_blank_line_separated_paragraphs() -> None:
    assert _summary(build_paragraphs(BLOCKS, "en")) == [
        ("heading", (1, 1), "Article 1"),
        ("body", (3, 6), "All human beings are born free and equal in dignity and rights. They are endowed "
                         "with reason and conscience and should act towards one another in a spirit of "
                         "brother-hood."),
        ("heading", (8, 8), "Article 2"),
        ("body", (10, 11), "Everyone is entitled to all the rights and freedoms set forth in this "
                           "Declaration, without distinction of any kind."),
    ]


def test_blocks_use_the_document_vocabulary_for_broken_words() -> None:
    text = BLOCKS + "\nThe brotherhood of all.\n"
    assert "spirit of brotherhood." in build_paragraphs(text, "en")[1].text


ONE_LINE_PER_PARAGRAPH_WITH_BLANKS = "\n\n".join([
    "Статья 1",
    "Все люди рождаются свободными и равными в своем достоинстве и правах. "
    "Они наделены разумом и совестью и должны поступать в отношении друг друга в духе братства.",
    "Статья 2",
    "Каждый человек должен обладать всеми правами и всеми свободами, "
    "провозглашенными настоящей Декларацией.",
]) + "\n"


def test_one_line_paragraphs_separated_by_blank_lines_are_not_taken_for_pdf_text() -> None:
    paragraphs = build_paragraphs(ONE_LINE_PER_PARAGRAPH_WITH_BLANKS, "ru")
    assert [(p.kind, p.lines, p.text[:20]) for p in paragraphs] == [
        ("heading", (1, 1), "Статья 1"),
        ("body", (3, 3), "Все люди рождаются с"),
        ("heading", (5, 5), "Статья 2"),
        ("body", (7, 7), "Каждый человек долже"),
    ]


ONE_LINE_PER_PARAGRAPH = """\
第二十九条
一、人人对社会负有义务，因为只有在社会中他的个性才可能得到自由和充分的发展。
二、人人在行使他的权利和自由时，只受法律所确定的限制。
3
三、这些权利和自由的行使，无论在任何情形下均不得违背联合国的宗旨和原则。
"""


def test_one_paragraph_per_line() -> None:
    assert _summary(build_paragraphs(ONE_LINE_PER_PARAGRAPH, "zh")) == [
        ("heading", (1, 1), "第二十九条"),
        ("body", (2, 2), "一、人人对社会负有义务，因为只有在社会中他的个性才可能得到自由和充分的发展。"),
        ("body", (3, 3), "二、人人在行使他的权利和自由时，只受法律所确定的限制。"),
        ("body", (5, 5), "三、这些权利和自由的行使，无论在任何情形下均不得违背联合国的宗旨和原则。"),
    ]


WRAPPED_WITHOUT_BLANKS = """\
Preamble
    Whereas recognition of the inherent dignity and of the equal and inalienable
rights of all members of the human family is the foundation of freedom, justice
and peace in the world,
    Whereas disregard and contempt for human rights have resulted in barbarous
acts which have outraged the conscience of mankind,
"""


def test_hard_wrapped_text_without_blank_lines_uses_indentation() -> None:
    assert [(p.kind, p.lines, p.text[:30]) for p in build_paragraphs(WRAPPED_WITHOUT_BLANKS, "en")] == [
        ("heading", (1, 1), "Preamble"),
        ("body", (2, 4), "Whereas recognition of the inh"),
        ("body", (5, 6), "Whereas disregard and contempt"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # consecutive lines: the furniture line is simply dropped
        ("The Parties are committed to the denuclearization of the Korean\n17-12345 (E)\n"
         "Peninsula and to peace.\n\nNext paragraph.\n",
         ["The Parties are committed to the denuclearization of the Korean Peninsula and to peace.",
          "Next paragraph."]),
        # blank lines around the furniture: the paragraph still goes on (no full stop before the break)
        ("The Parties are committed to the denuclearization of the Korean\n\n- 2 -\n\n"
         "Peninsula and to peace.\n\nNext paragraph.\n",
         ["The Parties are committed to the denuclearization of the Korean Peninsula and to peace.",
          "Next paragraph."]),
        # a full stop before the page break: the next block is a new paragraph
        ("The Parties are committed to the denuclearization.\n\nS/2017/613\n\n"
         "Peninsula issues are next.\n\nNext paragraph.\n",
         ["The Parties are committed to the denuclearization.", "Peninsula issues are next.",
          "Next paragraph."]),
    ],
)
def test_blocks_continue_across_page_furniture(text: str, expected: list[str]) -> None:
    assert [p.text for p in build_paragraphs(text, "en")] == expected


def test_furniture_is_never_a_paragraph() -> None:
    text = "17-12345 (E)\n\nPage 2\n\nA/RES/71/1\n\n*1712345*\n\nPlease recycle\n\nContent.\n"
    assert [p.text for p in build_paragraphs(text, "en")] == ["Content."]


def test_crlf_input_gives_the_same_paragraphs() -> None:
    crlf = SEED.read_bytes().decode("utf-8").replace("\n", "\r\n")
    assert build_paragraphs(normalize_text(crlf), "en") == build_paragraphs(_seed_text(), "en")


def test_empty_text_has_no_paragraphs() -> None:
    assert build_paragraphs("", "en") == []
    assert build_paragraphs("\n \n\n3\n", "en") == []


@pytest.mark.parametrize(
    ("line", "lang", "kind"),
    [
        ("Article 29", "en", "heading"),
        ("第二十九条", "zh", "heading"),
        ("Статья 29", "ru", "heading"),
        ("Preamble", "en", "heading"),
        ("序言", "zh", "heading"),
        ("Annex", "en", "heading"),
        ("[Original: Chinese and Russian]", "en", "heading"),
        ("Wang Yi (signed)", "en", "heading"),
        ("(Подпись) С. В. Лавров", "ru", "heading"),
        ("The present statement was signed in Moscow on 4 July 2017.", "en", "body"),
        ("本声明于2017年7月4日在莫斯科签署。", "zh", "body"),
        ("make the following statement regarding the Korean Peninsula issues:", "en", "body"),
        ("(a) to maintain international peace and security;", "en", "body"),
        ("Recalling its resolution 1718 (2006),", "en", "body"),
        ("Why?", "en", "body"),
        ("“the Parties”.", "en", "body"),
        ("word " * 60, "en", "body"),
        ("中" * 120, "zh", "body"),
    ],
)
def test_heading_or_body(line: str, lang: str, kind: str) -> None:
    (paragraph,) = build_paragraphs(line + "\n", lang)
    assert paragraph.kind == kind


_WORD = st.text(alphabet="abcXYZ.,", min_size=1, max_size=8)
_FURNITURE_OR_SPACER = st.sampled_from(["17-12345 (E)", "- 3 -", "S/2017/613 3", "*1712345*", " "])
_LINE = st.one_of(st.lists(_WORD, min_size=0, max_size=12).map(" ".join), _FURNITURE_OR_SPACER)
_INDENT = st.sampled_from(["", " ", "  "])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_INDENT, _LINE), max_size=40), st.sampled_from(["\n", "\n\n"]))
def test_no_content_is_lost_or_invented(lines: list[tuple[str, str]], separator: str) -> None:
    text = separator.join(indent + line for indent, line in lines)
    paragraphs = build_paragraphs(text, "en")
    kept = "".join(line for _, line in lines if not is_page_furniture(line))
    assert _non_space_characters("".join(p.text for p in paragraphs)) == _non_space_characters(kept)
    numbers = [n for p in paragraphs for n in p.lines]
    assert numbers == sorted(numbers)
    assert all(p.text and p.text == p.text.strip() for p in paragraphs)


SHORT_BLOCKS = """\
Meeting of 4 July 2017

The Security Council met on 4 July 2017 to consider the situation in the region and
heard a briefing.

Statements

The representatives of China and the Russian Federation made statements on the
joint initiative.

Closing

The meeting rose at 11 a.m. after the President had summed up the discussion of
the members.
"""


def test_two_line_paragraphs_between_single_blank_lines_are_blocks() -> None:
    paragraphs = build_paragraphs(SHORT_BLOCKS, "en")
    assert [p.lines for p in paragraphs] == [(1, 1), (3, 4), (6, 6), (8, 9), (11, 11), (13, 14)]
