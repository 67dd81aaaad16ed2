"""The Word reader on documents built here with python-docx: lists, headings, tables, notes, changes."""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

pytest.importorskip("docx")

import docx  # noqa: E402
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE  # noqa: E402
from docx.opc.packuri import PackURI  # noqa: E402
from docx.opc.part import Part  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402

from alignkit.errors import AlignkitError, InputFormatError  # noqa: E402
from alignkit.pipeline import load_document  # noqa: E402
from alignkit.readers import docx as docx_reader  # noqa: E402
from alignkit.readers.docx_numbering import ListNumbering, format_number  # noqa: E402

if TYPE_CHECKING:
    import docx.text.paragraph

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W}"'

#: Level formats of the UN-style list: 1. / (a) / (i).
UN_LEVELS = (("decimal", "%1."), ("lowerLetter", "(%2)"), ("lowerRoman", "(%3)"))
ZH_LEVELS = (("chineseCounting", "%1、"), ("decimal", "(%2)"), ("lowerRoman", "(%3)"))
RU_LEVELS = (("decimal", "%1."), ("russianLower", "%2)"), ("lowerRoman", "%3)"))


def _abstract_num(abstract_id: int, levels: Sequence[tuple[str, str]]) -> str:
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    return f'<w:abstractNum {NS} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'


def add_list(document: docx.document.Document, num_id: int, levels: Sequence[tuple[str, str]],
             restart_of: int | None = None) -> None:
    """Define list ``num_id``; with ``restart_of``, a restarted instance of that list's definition."""
    numbering = document.part.numbering_part.element
    abstract_id = restart_of if restart_of is not None else num_id
    if restart_of is None:
        numbering.insert(0, parse_xml(_abstract_num(abstract_id, levels)))
    override = ('<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
                if restart_of is not None else "")
    numbering.append(parse_xml(
        f'<w:num {NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
    ))


def numbered(document: docx.document.Document, text: str, num_id: int, level: int) -> docx.text.paragraph.Paragraph:
    """A paragraph in list ``num_id`` at ``level`` (the number is not in its text)."""
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {NS}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
    ))
    return paragraph


def append_xml(paragraph: docx.text.paragraph.Paragraph, xml: str) -> None:
    """Append raw runs (fields, tracked changes, note references) to a paragraph."""
    for element in parse_xml(f"<w:wrap {NS}>{xml}</w:wrap>"):
        paragraph._p.append(element)


def add_footnotes(document: docx.document.Document, notes: Sequence[str]) -> None:
    """A footnotes part with the separators Word writes and one note per text (ids 1, 2...)."""
    body = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        for i, text in enumerate(notes, start=1)
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {NS}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        f"</w:r></w:p></w:footnote>{body}</w:footnotes>"
    )
    part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, xml.encode(), document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)


def footnote_reference(note_id: int) -> str:
    return (f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{note_id}"/></w:r>')


PAGE_FIELD = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE '
              '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
              '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def make_un_docx(
    path: Path,
    *,
    symbol: str = "S/2017/613",
    title: str = "Letter dated 17 July 2017",
    items: Sequence[tuple[int | None, str]] = (),
    levels: Sequence[tuple[str, str]] = UN_LEVELS,
    table: Sequence[Sequence[str]] = (),
    footnotes: Sequence[str] = (),
) -> Path:
    """A UN-like Word document: running header and page footer, a heading, a numbered list
    (``items`` are (level or None, text)), an optional table, and footnotes referenced from the
    first list item."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = symbol
    append_xml(section.footer.paragraphs[0], '<w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple>')
    document.add_heading(title, level=1)
    add_list(document, 10, levels)
    for index, (level, text) in enumerate(items):
        paragraph = numbered(document, text, 10, level) if level is not None else document.add_paragraph(text)
        if index == 0:
            for note_id in range(1, len(footnotes) + 1):
                append_xml(paragraph, footnote_reference(note_id))
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    if footnotes:
        add_footnotes(document, footnotes)
    document.save(str(path))
    return path


def read(path: Path, lang: str = "en") -> list[tuple[str, str, str]]:
    """(label, kind, text) of each paragraph."""
    document = docx_reader.read(path, lang)
    return [(p.label, p.kind, p.text) for p in document.paragraphs]


# ----------------------------------------------------------------- tests


def test_list_numbering_levels_restarts_headings_and_furniture(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "S/2017/613"
    document.sections[0].footer.paragraphs[0].text = "17-12345 (E)"
    document.add_heading("Joint statement", level=1)
    add_list(document, 10, UN_LEVELS)
    add_list(document, 11, UN_LEVELS, restart_of=10)
    numbered(document, "First paragraph.", 10, 0)
    numbered(document, "Second paragraph:", 10, 0)
    numbered(document, "a lettered item;", 10, 1)
    numbered(document, "another item:", 10, 1)
    numbered(document, "a roman sub-item;", 10, 2)
    numbered(document, "Third paragraph, letters restart below it:", 10, 0)
    numbered(document, "lettered again.", 10, 1)
    document.add_paragraph("An unnumbered paragraph.")
    numbered(document, "Continues the list.", 10, 0)
    numbered(document, "A restarted list.", 11, 0)
    document.add_paragraph("Style numbering one.", style="List Number")
    document.add_paragraph("")
    document.save(str(tmp_path / "doc.docx"))

    assert read(tmp_path / "doc.docx") == [
        ("", "heading", "Joint statement"),
        ("1.", "body", "First paragraph."),
        ("2.", "body", "Second paragraph:"),
        ("(a)", "body", "a lettered item;"),
        ("(b)", "body", "another item:"),
        ("(i)", "body", "a roman sub-item;"),
        ("3.", "body", "Third paragraph, letters restart below it:"),
        ("(a)", "body", "lettered again."),
        ("", "body", "An unnumbered paragraph."),
        ("4.", "body", "Continues the list."),
        ("1.", "body", "A restarted list."),
        ("1.", "body", "Style numbering one."),
    ]


@pytest.mark.parametrize(("levels", "lang", "labels"), [
    (ZH_LEVELS, "zh", ["一、", "(1)", "(i)", "二、"]),
    (RU_LEVELS, "ru", ["1.", "а)", "i)", "2."]),
])
def test_chinese_and_russian_list_formats(tmp_path: Path, levels: Sequence[tuple[str, str]], lang: str,
                                          labels: list[str]) -> None:
    path = make_un_docx(tmp_path / f"doc-{lang}.docx", items=[(0, "甲"), (1, "乙"), (2, "丙"), (0, "丁")],
                        levels=levels)
    assert [label for label, _, _ in read(path, lang)[1:]] == labels


def test_tables_row_by_row_footnotes_after_the_body(tmp_path: Path) -> None:
    path = make_un_docx(
        tmp_path / "doc.docx",
        items=[(0, "The Council met."), (0, "It decided.")],
        table=[["Country", "Votes"], ["China", "15"]],
        footnotes=["See S/2017/1.", "Adopted unanimously."],
    )
    document = docx_reader.read(path, "en")
    assert [(p.label, p.text) for p in document.paragraphs] == [
        ("", "Letter dated 17 July 2017"),
        ("1.", "The Council met."),
        ("2.", "It decided."),
        ("", "Country | Votes"),
        ("", "China | 15"),
        ("", "See S/2017/1."),
        ("", "Adopted unanimously."),
    ]
    # lines: the index of the source w:p (a table row spans its cells' paragraphs).
    assert [p.lines for p in document.paragraphs] == [(1, 1), (2, 2), (3, 3), (4, 5), (6, 7), (8, 8), (9, 9)]


def test_tracked_changes_fields_hidden_text_and_symbols(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("The Council ")
    append_xml(paragraph, (
        '<w:ins w:id="1" w:author="a" w:date="2017-07-17T00:00:00Z"><w:r><w:t>firmly </w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a" w:date="2017-07-17T00:00:00Z"><w:r><w:delText>weakly </w:delText>'
        '</w:r></w:del><w:r><w:t>decides</w:t></w:r>'
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t> (hidden note)</w:t></w:r>'
        f'<w:r><w:t xml:space="preserve"> (page </w:t></w:r>{PAGE_FIELD}<w:r><w:t>)</w:t></w:r>'
        '<w:r><w:t xml:space="preserve"> non</w:t></w:r><w:r><w:noBreakHyphen/><w:t>use</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF _Ref1 \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve"> in annex I</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.</w:t></w:r>'
    ))
    deleted_mark = document.add_paragraph("Joined across a deleted ")
    deleted_mark._p.get_or_add_pPr().append(parse_xml(
        f'<w:rPr {NS}><w:del w:id="3" w:author="a" w:date="2017-07-17T00:00:00Z"/></w:rPr>'
    ))
    document.add_paragraph("paragraph mark.")
    gone = document.add_paragraph()
    append_xml(gone, '<w:del w:id="4" w:author="a"><w:r><w:delText>Deleted paragraph.</w:delText></w:r></w:del>')
    document.save(str(tmp_path / "doc.docx"))

    assert [text for _, _, text in read(tmp_path / "doc.docx")] == [
        "The Council firmly decides (page ) non-use in annex I.",
        "Joined across a deleted paragraph mark.",
    ]


def test_presegmented_makes_each_paragraph_one_segment(tmp_path: Path) -> None:
    path = make_un_docx(tmp_path / "doc.docx", items=[(0, "One. Two.")])
    document = docx_reader.read(path, "en", presegmented=True)
    assert [p.sentences for p in document.paragraphs] == [("Letter dated 17 July 2017",), ("One. Two.",)]


def test_nothing_of_the_body_is_lost(tmp_path: Path) -> None:
    texts = [f"Paragraph {n} of the statement, with words." for n in range(1, 30)]
    path = make_un_docx(tmp_path / "doc.docx", items=[(n % 3 if n % 4 else None, t) for n, t in enumerate(texts)])
    out = " ".join(text for _, _, text in read(path))
    assert all(text in out for text in texts)


@pytest.mark.parametrize(("number", "number_format", "printed"), [
    (4, "decimal", "4"), (4, "lowerRoman", "iv"), (14, "upperRoman", "XIV"), (27, "lowerLetter", "aa"),
    (3, "upperLetter", "C"), (11, "chineseCounting", "十一"), (23, "chineseCounting", "二十三"),
    (105, "chineseCounting", "一百零五"), (3, "ideographTraditional", "丙"), (10, "russianLower", "к"),
    (2, "decimalEnclosedCircle", "②"), (1, "ideographEnclosedCircle", "㊀"), (7, "decimalZero", "07"),
    (12, "decimalFullWidth", "１２"), (5, "unknownFormat", "5"),
])
def test_number_formats(number: int, number_format: str, printed: str) -> None:
    assert format_number(number, number_format) == printed


def test_entities_are_never_expanded_but_refused(tmp_path: Path) -> None:
    path = make_un_docx(tmp_path / "doc.docx", items=[(0, "PLACEHOLDER")])
    hostile = tmp_path / "hostile.docx"
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(hostile, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                doctype = (f'<!DOCTYPE w:document [<!ENTITY lol "lollollollollol">'
                           f'<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>')
                text = text.replace("?>", "?>" + doctype, 1).replace("PLACEHOLDER", "&lol;&xxe;")
                data = text.encode("utf-8")
            target.writestr(item, data)
    with pytest.raises(InputFormatError, match="DOCTYPE") as caught:
        read(hostile)
    assert "lol" not in str(caught.value) and "SECRET" not in str(caught.value)


def test_bad_inputs_are_clear_errors(tmp_path: Path) -> None:
    old = tmp_path / "old.docx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(InputFormatError, match="old Word 97-2003"):
        docx_reader.read(old, "en")
    text = tmp_path / "text.docx"
    text.write_text("not a zip", encoding="utf-8")
    with pytest.raises(InputFormatError, match="not a readable Word .docx file"):
        docx_reader.read(text, "en")
    with pytest.raises(InputFormatError, match="file not found"):
        docx_reader.read(tmp_path / "missing.docx", "en")
    empty = tmp_path / "empty.docx"
    docx.Document().save(str(empty))
    with pytest.raises(InputFormatError, match="has no text"):
        docx_reader.read(empty, "en")


def test_missing_python_docx_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_un_docx(tmp_path / "doc.docx", items=[(0, "x")])
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(AlignkitError, match=r"install alignkit\[docx\]"):
        docx_reader.read(path, "en")


def test_load_document_turns_list_numbers_into_keys(tmp_path: Path) -> None:
    path = make_un_docx(tmp_path / "S-2017-613-E.docx",
                        items=[(0, "The Council met."), (1, "It decided to act."), (2, "Soon.")])
    document = load_document(path, "en")
    assert [(p.label, p.key, p.text) for p in document.paragraphs[1:]] == [
        ("1.", "1", "The Council met."), ("(a)", "1.a", "It decided to act."), ("(i)", "1.a.i", "Soon."),
    ]
    assert document.paragraphs[1].sentences == ("The Council met.",)


def test_multilevel_text_restart_rules_and_legal_numbering() -> None:
    from lxml import etree

    numbering = etree.fromstring(
        f'<w:numbering {NS}>'
        '<w:abstractNum w:abstractNumId="1">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/>'
        '<w:lvlText w:val="%1.%2"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlRestart w:val="0"/>'
        '<w:lvlText w:val="(%3)"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
        '</w:numbering>'
    )
    lists = ListNumbering.from_xml(numbering)
    steps = [("1", 0), ("1", 1), ("1", 2), ("1", 1), ("1", 2), ("1", 0), ("1", 1), ("1", 2), ("2", 0), ("9", 0)]
    assert [lists.next_label(num, level) for num, level in steps] == [
        "I.", "1.1", "(a)", "1.2", "(b)", "II.", "2.1", "(c)", "V.", "",
    ]
