"""Chinese from PDF (issue #10, item 10): no spaces a typesetter never typed, list labels found.

The PDFs are laid out as a word processor prints Chinese (see :mod:`word_like_pdf`):
half-width digits and punctuation on a character grid, justified lines, list labels
at the margin and the text at a tab stop.  pdfplumber's words split at the gaps that
leaves; the reader must not turn them into spaces.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("pdfplumber")
pytest.importorskip("reportlab")

from reportlab.pdfgen import canvas  # noqa: E402

from alignkit.pipeline import align_files  # noqa: E402
from alignkit.readers import pdf as pdf_reader  # noqa: E402
from alignkit.text.numbering import label_paragraphs  # noqa: E402
from udhr_gold import gold_groups  # noqa: E402
from word_like_pdf import (  # noqa: E402
    BODY,
    FONT,
    HEADING,
    ITEM,
    SIZE,
    Para,
    as_printed,
    make_word_like_pdf,
    udhr_paragraphs,
)

#: A space before Chinese or ASCII punctuation, or between two Chinese characters: never typed.
STRAY_SPACE = re.compile(r" (?=[，。；：、！？）,.;:!?)])|(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")

ARTICLE = [
    Para(HEADING, "第十六条"),
    Para(ITEM, "成年男女,不受种族、国籍或宗教的任何限制有权婚嫁和成立家庭。他们在婚姻方面,在结婚期间和在解除婚约时,应有平等的权利。", "1."),
    Para(ITEM, "只有经男女双方的自由和完全的同意,才能缔婚。", "2."),
    Para(BODY, "人人有权享受为维持他本人和家属的健康和福利所需的生活水准,包括食物、衣着、住房、医疗和必要的社会服务;"
               "在遭到失业、疾病、残废、守寡、衰老或在其他不能控制的情况下丧失谋生能力时,有权享受保障。"),
]


def read_texts(path: Path) -> list[str]:
    return [paragraph.text for paragraph in pdf_reader.read(path, "zh").paragraphs]


def test_half_width_marks_on_a_grid_give_no_spaces(tmp_path: Path) -> None:
    texts = read_texts(make_word_like_pdf(tmp_path / "article.pdf", ARTICLE))
    assert texts == [as_printed(para) for para in ARTICLE]
    assert not [text for text in texts if STRAY_SPACE.search(text)]


def test_list_labels_are_found_however_the_pdf_spaces_them(tmp_path: Path) -> None:
    document = pdf_reader.read(make_word_like_pdf(tmp_path / "article.pdf", ARTICLE), "zh")
    labelled = label_paragraphs(document.paragraphs, "zh")
    assert [(p.label, p.number) for p in labelled] == [("第十六条", "16"), ("1.", "1"), ("2.", "2"), ("", "")]
    assert labelled[1].text.startswith("成年男女,不受种族")


def _chinese_line(path: Path, *pieces: tuple[str, float]) -> Path:
    """One Chinese line drawn piece by piece: (text, extra space after each of its characters, in ems)."""
    pdf = canvas.Canvas(str(path))
    x = 72.0
    for text, char_space in pieces:
        line = pdf.beginText(x, 700)
        line.setFont(FONT, SIZE)
        line.setCharSpace(char_space * SIZE)
        line.textOut(text)
        pdf.drawText(line)
        x = line.getX() + 0.3 * SIZE  # then a gap: a word space for Latin, nothing for Chinese
    pdf.showPage()
    pdf.save()
    return path


def test_a_label_with_space_characters_inside_is_closed_up(tmp_path: Path) -> None:
    path = _chinese_line(tmp_path / "label.pdf", ("1 . 成年男女,不受种族、国籍或宗教的任何限制。", 0.0))
    (paragraph,) = label_paragraphs(pdf_reader.read(path, "zh").paragraphs, "zh")
    assert (paragraph.label, paragraph.text) == ("1.", "成年男女,不受种族、国籍或宗教的任何限制。")


def test_a_justified_line_spreading_every_character_reads_as_typed(tmp_path: Path) -> None:
    # Every character 0.35 em apart: each one a pdfplumber word of its own.
    path = _chinese_line(tmp_path / "spread.pdf", ("1. 人人有权享受THAAD 系统和United Nations的保护,以免受干涉。", 0.35))
    assert read_texts(path) == ["1. 人人有权享受THAAD 系统和United Nations的保护,以免受干涉。"]


def test_latin_words_in_a_chinese_line_keep_their_space_without_a_space_character(tmp_path: Path) -> None:
    path = _chinese_line(tmp_path / "latin.pdf", ("安全理事会第2371", 0.0), ("(2017)号决议和", 0.0),
                         ("United", 0.0), ("Nations", 0.0), ("宪章", 0.0))
    assert read_texts(path) == ["安全理事会第2371(2017)号决议和United Nations宪章"]


def test_join_words_leaves_other_languages_alone() -> None:
    words = [{"text": "Security", "x0": 0.0, "x1": 40.0, "size": 10.0, "chars": []},
             {"text": "Council", "x0": 41.0, "x1": 75.0, "size": 10.0, "chars": []}]
    assert pdf_reader.join_words(words) == "Security Council"


# --------------------------------------------------------------------------- the UDHR, from ../shared


UDHR = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "udhr"


@pytest.fixture(scope="module")
def udhr_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Para]]:
    """The Chinese UDHR printed as Word prints it, and the paragraphs it was made from."""
    if not UDHR.is_dir():
        pytest.skip("../shared/corpora/udhr is not present")
    paragraphs = udhr_paragraphs((UDHR / "udhr.zh.txt").read_text(encoding="utf-8"))
    return make_word_like_pdf(tmp_path_factory.mktemp("udhr") / "udhr.zh.pdf", paragraphs), paragraphs


def test_udhr_chinese_from_pdf_reads_as_its_text(udhr_pdf: tuple[Path, list[Para]]) -> None:
    path, paragraphs = udhr_pdf
    texts = read_texts(path)
    assert [text for text in texts if STRAY_SPACE.search(text)] == []
    assert texts == [as_printed(para) for para in paragraphs]


def test_udhr_chinese_from_pdf_aligns_as_its_text_does(udhr_pdf: tuple[Path, list[Para]]) -> None:
    path, paragraphs = udhr_pdf
    alignment = align_files([UDHR / "udhr.en.txt", path, UDHR / "udhr.ru.txt"], langs=["en", "zh", "ru"])
    groups = {lang: gold_groups(UDHR / f"udhr_{code}.xml")
              for lang, code in (("en", "eng"), ("zh", "cmn_hans"), ("ru", "rus"))}
    labels = [p.label for p in alignment.documents["zh"].paragraphs]
    assert [label for label in labels if label[:1].isdigit()] == [para.label for para in paragraphs if para.kind == ITEM]
    segments = {lang: document.segments() for lang, document in alignment.documents.items()}
    wrong = [unit.id for unit in alignment.units
             if len({groups[lang][segments[lang][i].paragraph] for lang in alignment.langs
                     for i in unit.indices[lang]}) != 1]
    assert wrong == []
