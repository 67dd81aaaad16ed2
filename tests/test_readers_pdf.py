"""The PDF reader on UN-like PDFs built here with reportlab: furniture, paragraphs, notes, scripts."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

pytest.importorskip("pdfplumber")
pytest.importorskip("reportlab")

from reportlab.lib.enums import TA_JUSTIFY  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402
from reportlab.platypus import Paragraph as Para  # noqa: E402
from reportlab.platypus import SimpleDocTemplate  # noqa: E402

from alignkit.errors import AlignkitError, InputFormatError  # noqa: E402
from alignkit.readers import pdf as pdf_reader  # noqa: E402

#: An Adobe CID font every PDF viewer (and pdfminer) knows without embedding: Latin, Cyrillic and Chinese.
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

PAGE_LABEL = {"en": "Page {}", "zh": "第 {} 页", "ru": "Стр. {}"}
JOB_LETTER = {"en": "E", "zh": "C", "ru": "R"}


def make_un_pdf(
    path: Path,
    *,
    lang: str = "en",
    symbol: str = "S/2017/613",
    heading: str = "Joint statement",
    paragraphs: Sequence[str] = (),
    footnote: str = "",
    running_header: str = "",
) -> Path:
    """A UN-like PDF: the symbol at the top of every page (and ``running_header`` from page 2), the page
    number at the bottom, the job number on page 1, a large heading, justified paragraphs (a
    ``<super size="6">1</super>`` in one marks a note reference) and a small-print footnote at
    the bottom of page 1."""
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=14, spaceAfter=8, alignment=TA_JUSTIFY,
                          wordWrap="CJK" if lang == "zh" else None)
    title = ParagraphStyle("title", parent=body, fontSize=15, leading=19, spaceAfter=12)

    def furniture(pdf: canvas.Canvas, document: SimpleDocTemplate) -> None:
        page = pdf.getPageNumber()
        pdf.setFont(FONT, 9)
        pdf.drawRightString(A4[0] - 72, A4[1] - 40, symbol)
        if running_header and page > 1:
            pdf.drawString(72, A4[1] - 40, running_header)
        pdf.drawCentredString(A4[0] / 2, 30, PAGE_LABEL[lang].format(page))
        if page == 1:
            pdf.drawString(72, 44, f"17-12345 ({JOB_LETTER[lang]})  180717")
            if footnote:
                pdf.setFont(FONT, 8)
                pdf.drawString(72, 66, footnote)

    document = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=72, rightMargin=72, topMargin=72,
                                 bottomMargin=90)
    story = [Para(heading, title), *(Para(text, body) for text in paragraphs)]
    document.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return path


CLAUSES = [
    "recalling its previous resolutions on the Korean Peninsula",
    "reaffirming the importance of international cooperation",
    "welcoming the efforts of the Secretary-General and of the regional organizations",
    "expressing grave concern at the tension in the region",
    "noting with appreciation the contributions of Member States to the dialogue",
    "stressing the need for a peaceful and comprehensive settlement of the issue",
    "underlining that the situation must be resolved through diplomatic and political means",
]
EN_PARAGRAPHS = [
    f"{n}. The Security Council, {CLAUSES[n % 7]}, and {CLAUSES[(n * 3 + 1) % 7]}, considered item {n} "
    f"of its agenda, heard {n + 2} statements and decided to remain actively seized of the matter."
    for n in range(1, 41)
]


def texts(path: Path, lang: str = "en") -> list[str]:
    return [p.text for p in pdf_reader.read(path, lang).paragraphs]


def test_english_paragraphs_across_pages_without_furniture(tmp_path: Path) -> None:
    paragraphs = [*EN_PARAGRAPHS]
    paragraphs[0] = paragraphs[0].replace("Peninsula", 'Peninsula<super size="6">1</super>')
    path = make_un_pdf(tmp_path / "S-2017-613-E.pdf", paragraphs=paragraphs, running_header="Joint statement",
                       footnote="1 See resolution 2371 (2017).")
    document = pdf_reader.read(path, "en")
    assert [p.text for p in document.paragraphs] == [
        "Joint statement", *EN_PARAGRAPHS, "1 See resolution 2371 (2017).",
    ]
    assert document.paragraphs[0].kind == "heading"
    assert {p.kind for p in document.paragraphs[1:]} == {"body"}
    lines = {line.number: line for line in pdf_reader.read_lines(path)}
    pages = [(lines[p.lines[0]].page, lines[p.lines[1]].page) for p in document.paragraphs]
    assert any(first != last for first, last in pages), "one paragraph should continue across a page break"
    assert pages[-1] == (1, 1), "the footnote of page 1 comes last"


def test_hyphenation_is_repaired_with_the_document_vocabulary(tmp_path: Path) -> None:
    paragraphs = [
        "1. International cooperation is needed: inter-<br/>national law and the non-<br/>aggression pact.",
        "2. The peaceful settle-<br/>ment of disputes and a lasting settlement of the issue.",
    ]
    path = make_un_pdf(tmp_path / "doc.pdf", paragraphs=paragraphs)
    assert texts(path)[1:] == [
        "1. International cooperation is needed: international law and the non-aggression pact.",
        "2. The peaceful settlement of disputes and a lasting settlement of the issue.",
    ]


ZH_PARAGRAPHS = [
    f"{n}．中华人民共和国和俄罗斯联邦外交部就朝鲜半岛问题发表联合声明，双方认为，各方应当保持冷静克制，"
    "避免采取任何可能加剧局势紧张的言行，共同为缓和半岛紧张局势、推动对话协商营造良好氛围。"
    for n in range(1, 4)
]
RU_PARAGRAPHS = [
    f"{n}. Министерства иностранных дел Российской Федерации и Китайской Народной Республики, "
    "выражая серьезную обеспокоенность ситуацией на Корейском полуострове, призывают все стороны "
    "проявлять сдержанность и создавать атмосферу взаимного доверия."
    for n in range(1, 4)
]


@pytest.mark.parametrize(("lang", "heading", "paragraphs"), [
    ("zh", "联合声明", ZH_PARAGRAPHS),
    ("ru", "Совместное заявление", RU_PARAGRAPHS),
])
def test_chinese_and_russian(tmp_path: Path, lang: str, heading: str, paragraphs: Sequence[str]) -> None:
    path = make_un_pdf(tmp_path / f"doc-{lang}.pdf", lang=lang, heading=heading, paragraphs=paragraphs)
    assert texts(path, lang) == [heading, *paragraphs]


def test_nothing_of_the_body_is_lost(tmp_path: Path) -> None:
    path = make_un_pdf(tmp_path / "doc.pdf", paragraphs=EN_PARAGRAPHS * 2)
    words = " ".join(texts(path)).split()
    expected = " ".join(["Joint statement", *EN_PARAGRAPHS * 2]).split()
    assert words == expected


def test_furniture_lines_are_found_by_pattern_and_repetition(tmp_path: Path) -> None:
    path = make_un_pdf(tmp_path / "doc.pdf", paragraphs=EN_PARAGRAPHS, running_header="Joint statement")
    lines = pdf_reader.read_lines(path)
    dropped = {line.text for line in lines if line.number in pdf_reader.furniture_lines(lines)}
    assert dropped == {"Joint statement", "S/2017/613", "17-12345 (E) 180717", *(f"Page {n}" for n in range(1, 5))}


def test_presegmented_makes_each_paragraph_one_segment(tmp_path: Path) -> None:
    path = make_un_pdf(tmp_path / "doc.pdf", paragraphs=EN_PARAGRAPHS[:1])
    document = pdf_reader.read(path, "en", presegmented=True)
    assert [p.sentences for p in document.paragraphs] == [("Joint statement",), (EN_PARAGRAPHS[0],)]


def test_a_pdf_without_text_layer_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(72, 72, 300, 500, fill=1)
    pdf.showPage()
    pdf.save()
    with pytest.raises(InputFormatError, match=r"scan\.pdf: has no text layer.*no OCR"):
        pdf_reader.read(path, "en")


def test_broken_and_missing_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not really a PDF")
    with pytest.raises(InputFormatError, match="broken.pdf: is not a readable PDF"):
        pdf_reader.read(broken, "en")
    with pytest.raises(InputFormatError, match="file not found"):
        pdf_reader.read(tmp_path / "missing.pdf", "en")


def test_missing_pdfplumber_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    with pytest.raises(AlignkitError, match=r"install alignkit\[pdf\]"):
        pdf_reader.read(tmp_path / "any.pdf", "en")


def test_an_encrypted_pdf_says_so(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    pdf = canvas.Canvas(str(path), encrypt="secret")
    pdf.setFont(FONT, 11)
    pdf.drawString(72, 700, "Confidential text.")
    pdf.showPage()
    pdf.save()
    with pytest.raises(InputFormatError, match=r"locked\.pdf: is encrypted"):
        pdf_reader.read(path, "en")
