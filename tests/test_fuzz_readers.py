"""Every reader and parser, fuzzed: arbitrary bytes and mutated valid files either parse or
raise the project's one-line error (an AlignkitError), never anything else; valid files
round-trip (what is read is what was written).

Kept fast: few examples each, no deadline (the machine is shared).  For a longer hunt, set
``ALIGNKIT_FUZZ_EXAMPLES`` (e.g. 2000): every test runs that many examples (the slow ones a quarter).
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import docx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from alignkit.errors import AlignkitError
from alignkit.eval.gold import read_intertext_document, read_intertext_links
from alignkit.export import beads, tmx
from alignkit.model import Alignment, AlignmentUnit
from alignkit.readers import docx as docx_reader
from alignkit.readers import pdf as pdf_reader
from alignkit.readers import txt as txt_reader
from alignkit.safexml import xml_safe
from alignkit.terms import Concept, Glossary, load_glossary, save_glossary
from alignkit.text.decode import decode_bytes
from alignkit.text.layout import build_paragraphs

T = TypeVar("T")

_EXAMPLES = int(os.environ.get("ALIGNKIT_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=max(_EXAMPLES // 4, 10), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """One folder for the whole module: each example overwrites its file."""
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def parses_or_refuses(read: Callable[..., T], *args: Any) -> T | None:
    """``read(*args)``, or None when it refuses with a one-line AlignkitError; anything else fails the test."""
    try:
        return read(*args)
    except AlignkitError as error:
        assert "\n" not in str(error) and str(error).strip(), repr(str(error))
        return None


def written(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


Mutation = tuple[str, float, bytes]
_CHUNKS = st.binary(min_size=1, max_size=8) | st.sampled_from(
    [b"<", b">", b"&", b'"', b"&lol;", b"<!DOCTYPE x>", b"\x00", b"\xff", b"]]>", b"&#0;", b"\n", b"9" * 40])
#: A few edits (what, where as a share of the length, what to put): small to show when a test fails.
MUTATIONS = st.lists(st.tuples(st.sampled_from(["replace", "insert", "delete", "truncate"]),
                               st.floats(0, 1), _CHUNKS), min_size=1, max_size=4)


def mutate(valid: bytes, mutations: list[Mutation]) -> bytes:
    """``valid`` with the ``mutations`` applied: bytes replaced, inserted, deleted, or the rest cut off."""
    data = bytearray(valid)
    for action, where, chunk in mutations:
        position = int(where * max(len(data) - 1, 0))
        if action == "truncate":
            del data[position:]
        elif action == "delete":
            del data[position:position + len(chunk) * 2]
        else:
            data[position:position + (len(chunk) if action == "replace" else 0)] = chunk
    return bytes(data)


def mutated(valid: bytes) -> st.SearchStrategy[bytes]:
    """Mutations of ``valid`` (shown as the edits, not the bytes, when a test fails)."""
    return MUTATIONS.map(lambda mutations: mutate(valid, mutations))


def _mutated_text(valid: str) -> st.SearchStrategy[bytes]:
    return mutated(valid.encode("utf-8"))


# Text for round trips: what survives every format unchanged (no XML-illegal or control
# characters, no leading apostrophe, single spaces inside, nothing at the ends).
_LETTERS = "abcdefXYZ0123456789 .,;:()-–«»“”'éЖжщЯ中国安理会年"
_PHRASE = st.text(alphabet=_LETTERS, min_size=1, max_size=30).map(lambda text: " ".join(text.split())).filter(
    lambda text: bool(text) and not text.startswith("'"))


# ------------------------------------------------------------------ text decoding and layout


@FUZZ
@given(st.binary(max_size=400), st.sampled_from([None, "utf-8", "cp1251", "gb18030", "utf-16-le", "koi8-r"]))
def test_decoding_arbitrary_bytes(data: bytes, encoding: str | None) -> None:
    decoded = parses_or_refuses(decode_bytes, data, "x.txt", encoding)
    if decoded is not None:
        assert decoded[0].strip()


@FUZZ
@given(st.text(min_size=1, max_size=200).filter(str.strip),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_decoding_round_trips_unicode_text(text: str, codec: str) -> None:
    text = "".join(char for char in text if char.isprintable() or char in "\n\t") or "x"
    if not text.strip():
        return
    encoded = text.encode(codec, errors="surrogatepass")
    assert decode_bytes(encoded, "x.txt")[0] == text


@FUZZ
@given(st.text(max_size=600), st.sampled_from(["en", "zh", "ru"]))
def test_layout_of_arbitrary_text(text: str, lang: str) -> None:
    for paragraph in parses_or_refuses(build_paragraphs, text, lang) or []:
        assert paragraph.text == paragraph.text.strip()


@FUZZ
@given(st.binary(max_size=400))
def test_text_reader_on_arbitrary_bytes(scratch: Path, data: bytes) -> None:
    parses_or_refuses(txt_reader.read, written(scratch, "en.txt", data), "en")


# ------------------------------------------------------------------ DOCX


def _docx_bytes(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


VALID_DOCX = _docx_bytes(["Joint statement", "The Security Council met on 4 July 2017.", "安理会 Совет"])


def _with_part(package: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, change(data) if item.filename == name else data)
    return out.getvalue()


DOCUMENT_XML = zipfile.ZipFile(io.BytesIO(VALID_DOCX)).read("word/document.xml")


@FEW
@given(st.binary(max_size=300) | mutated(VALID_DOCX))
def test_docx_reader_on_arbitrary_and_mutated_packages(scratch: Path, data: bytes) -> None:
    parses_or_refuses(docx_reader.read, written(scratch, "en.docx", data), "en")


@FUZZ
@given(mutated(DOCUMENT_XML))
def test_docx_reader_on_mutated_document_xml(scratch: Path, xml: bytes) -> None:
    package = _with_part(VALID_DOCX, "word/document.xml", lambda _: xml)
    parses_or_refuses(docx_reader.read, written(scratch, "en.docx", package), "en")


@FEW
@given(st.lists(_PHRASE, min_size=1, max_size=6))
def test_docx_round_trips_its_paragraphs(scratch: Path, paragraphs: list[str]) -> None:
    document = docx_reader.read(written(scratch, "en.docx", _docx_bytes(paragraphs)), "en")
    assert [paragraph.text for paragraph in document.paragraphs] == paragraphs


# Well-formed but hostile WordprocessingML: any nesting of the elements the reader walks, with
# attribute values Word never writes (non-ASCII digits, huge numbers, surrogate codes...).
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_ODD_VALUE = st.sampled_from(["", "0", "1", "2", "8", "-1", "²", "٣", "9" * 30, "1_0", "zz", "F0A0", "D800", "110000",
                              "0041", "begin", "separate", "end", "PAGE", " REF _Ref1 ", "normal", "separator"])
_WORD_TEXT = st.text(alphabet="ab1 .;中ЖЯ", max_size=8)
_LEAF = st.one_of(
    _WORD_TEXT.map(lambda text: f'<w:t xml:space="preserve">{text}</w:t>'),
    st.sampled_from(["<w:tab/>", "<w:br/>", "<w:noBreakHyphen/>", "<w:rPr><w:vanish/></w:rPr>",
                     "<w:pPr><w:rPr><w:del/></w:rPr></w:pPr>", "<w:trPr><w:del/></w:trPr>",
                     "<w:instrText>PAGE</w:instrText>", "<w:instrText>REF _Ref1</w:instrText>"]),
    _ODD_VALUE.map(lambda value: f'<w:sym w:char="{value}"/>'),
    _ODD_VALUE.map(lambda value: f'<w:fldChar w:fldCharType="{value}"/>'),
    _ODD_VALUE.map(lambda value: f'<w:footnoteReference w:id="{value}"/>'),
    _ODD_VALUE.map(lambda value: f'<w:pPr><w:outlineLvl w:val="{value}"/></w:pPr>'),
    _ODD_VALUE.map(lambda value: f'<w:pPr><w:pStyle w:val="{value}"/></w:pPr>'),
    st.tuples(_ODD_VALUE, _ODD_VALUE).map(
        lambda pair: f'<w:pPr><w:numPr><w:ilvl w:val="{pair[0]}"/><w:numId w:val="{pair[1]}"/></w:numPr></w:pPr>'),
)
_CONTAINERS = st.sampled_from(["w:p", "w:r", "w:tbl", "w:tr", "w:tc", "w:sdt", "w:sdtContent", "w:ins", "w:del",
                               "w:hyperlink", "w:customXml", "w:smartTag", 'w:fldSimple w:instr="PAGE"',
                               'w:fldSimple w:instr="REF x"'])
_TREE = st.recursive(_LEAF, lambda children: st.tuples(_CONTAINERS, st.lists(children, max_size=4)).map(
    lambda node: f"<{node[0]}>{''.join(node[1])}</{node[0].split()[0]}>"), max_leaves=30)
_FORMATS = st.sampled_from(["decimal", "bullet", "none", "bogus", "", "lowerRoman", "upperLetter", "chineseCounting",
                            "ideographTraditional", "decimalEnclosedCircle", "russianLower", "decimalZero",
                            "ideographEnclosedCircle", "decimalEnclosedParen", "decimalFullWidth"])
_LEVEL = st.tuples(_ODD_VALUE, _ODD_VALUE | st.sampled_from(["30000", "32768", "999999999"]), _FORMATS,
                   st.sampled_from(["%1.", "%1.%2.", "(%3)", "%9", "%0", "", "%1%1%1%1"]), _ODD_VALUE).map(
    lambda lvl: f'<w:lvl w:ilvl="{lvl[0]}"><w:start w:val="{lvl[1]}"/><w:numFmt w:val="{lvl[2]}"/>'
                f'<w:lvlText w:val="{lvl[3]}"/><w:lvlRestart w:val="{lvl[4]}"/><w:isLgl/></w:lvl>')
_NUMBERING = st.tuples(
    st.lists(st.tuples(_ODD_VALUE, st.lists(_LEVEL, max_size=3)), max_size=3),
    st.lists(st.tuples(_ODD_VALUE, _ODD_VALUE, _ODD_VALUE, _ODD_VALUE), max_size=3),
).map(lambda parts: "".join(
    f'<w:abstractNum w:abstractNumId="{aid}">{"".join(levels)}</w:abstractNum>' for aid, levels in parts[0]
) + "".join(
    f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/><w:lvlOverride w:ilvl="{ilvl}">'
    f'<w:startOverride w:val="{start}"/></w:lvlOverride></w:num>' for nid, aid, ilvl, start in parts[1]))


@FUZZ
@given(st.lists(_TREE, max_size=6), _NUMBERING)
@example(body=["<w:p><w:pPr><w:rPr><w:del/></w:rPr></w:pPr></w:p>"], numbering="")  # gave an empty paragraph
@example(body=['<w:p><w:r><w:sym w:char="D800"/></w:r></w:p>'], numbering="")
@example(body=['<w:p><w:pPr><w:numPr><w:ilvl w:val="zz"/><w:numId w:val="1"/></w:numPr></w:pPr></w:p>'],
         numbering='<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="zz"><w:start w:val="999999999999"/>'
                   '<w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                   '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>')
def test_docx_reader_on_hostile_well_formed_documents(scratch: Path, body: list[str], numbering: str) -> None:
    document = f'<w:document xmlns:w="{W}"><w:body>{"".join(body)}</w:body></w:document>'.encode()
    lists = f'<w:numbering xmlns:w="{W}">{numbering}</w:numbering>'.encode()
    package = _with_part(_with_part(VALID_DOCX, "word/document.xml", lambda _: document),
                         "word/numbering.xml", lambda _: lists)
    parsed = parses_or_refuses(docx_reader.read, written(scratch, "en.docx", package), "en")
    for paragraph in parsed.paragraphs if parsed is not None else ():
        assert paragraph.text and xml_safe(paragraph.text) == paragraph.text


@FEW
@given(st.binary(max_size=300) | mutated(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n"))
def test_pdf_reader_on_arbitrary_bytes(scratch: Path, data: bytes) -> None:
    parses_or_refuses(pdf_reader.read, written(scratch, "en.pdf", data), "en")


# ------------------------------------------------------------------ TMX


_UNIT_TEXT = st.text(min_size=0, max_size=40)


@st.composite
def alignments(draw: st.DrawFn) -> Alignment:
    langs = ("en", "zh", "ru")[: draw(st.integers(2, 3))]
    units = []
    for number in range(1, draw(st.integers(1, 6)) + 1):
        segments = {lang: (draw(_UNIT_TEXT),) for lang in langs}
        units.append(AlignmentUnit(id=number, segments=segments, indices={lang: () for lang in langs},
                                   paragraph=draw(st.sampled_from(["", "1", "A26.1"])), type="1-1"))
    return Alignment(langs, tuple(units), name=draw(st.sampled_from(["", "S/2017/613"])))


VALID_TMX = tmx.to_bytes(Alignment(("en", "zh"), (
    AlignmentUnit(1, {"en": ("The Council met.",), "zh": ("安理会开会。",)}, {"en": (0,), "zh": (0,)}, "1", "1-1"),
    AlignmentUnit(2, {"en": ("It decided.",), "zh": ("决定。",)}, {"en": (1,), "zh": (1,)}, "2", "1-1"),
), name="S/2017/613"))


@FUZZ
@given(st.binary(max_size=300) | mutated(VALID_TMX))
def test_tmx_reader_on_arbitrary_and_mutated_files(scratch: Path, data: bytes) -> None:
    path = written(scratch, "x.tmx", data)
    parses_or_refuses(tmx.read_tmx, path)
    parses_or_refuses(tmx.read_alignment, path)


@FUZZ
@given(alignments())
def test_tmx_round_trips_every_unit_with_text(scratch: Path, alignment: Alignment) -> None:
    path = scratch / "x.tmx"
    tmx.write(alignment, path)
    read = tmx.read_tmx(path)
    expected = [{lang: xml_safe(unit.text(lang)) for lang in alignment.langs if xml_safe(unit.text(lang))}
                for unit in alignment.units]
    expected = [texts for texts in expected if texts]
    # XML parsers turn a carriage return into a line feed unless it is written as &#13;
    assert [tu.texts for tu in read.units] == expected
    assert [tu.tuid for tu in read.units] == [str(unit.id) for unit in alignment.units
                                              if any(xml_safe(unit.text(lang)) for lang in alignment.langs)]


# ------------------------------------------------------------------ glossaries: CSV, TSV, XLSX, TBX


@st.composite
def glossaries(draw: st.DrawFn) -> Glossary:
    langs = tuple(draw(st.lists(st.sampled_from(["en", "zh", "ru"]), min_size=1, max_size=3, unique=True)))
    concepts = []
    ids = draw(st.lists(st.text(alphabet="abcdefghij-0123456789", min_size=1, max_size=10), min_size=1,
                        max_size=5, unique=True))
    for concept_id in ids:
        terms = {lang: tuple(draw(st.lists(_PHRASE, min_size=1, max_size=3, unique=True))) for lang in langs}
        forbidden = {}
        for lang in langs:
            bad = [term for term in draw(st.lists(_PHRASE, max_size=2, unique=True)) if term not in terms[lang]]
            if bad:
                forbidden[lang] = tuple(bad)
        note = draw(st.sampled_from(["", "UN usage", "zh: 韩半岛 is ROK usage, not UN Chinese"]))
        concepts.append(Concept(concept_id, terms, forbidden, note, draw(st.booleans())))
    return Glossary(tuple(concepts), langs)


def _comparable(glossary: Glossary) -> list[tuple[Any, ...]]:
    return [(c.id, dict(c.terms), dict(c.forbidden), c.note, c.case_sensitive) for c in glossary]


@FUZZ
@given(glossaries(), st.sampled_from([".csv", ".tsv", ".xlsx", ".tbx"]))
def test_glossaries_round_trip(scratch: Path, glossary: Glossary, extension: str) -> None:
    path = scratch / f"g{extension}"
    save_glossary(glossary, path)
    assert _comparable(load_glossary(path)) == _comparable(glossary)


VALID_CSV = "id,en,zh,forbidden_en,note\nkorea,Korean Peninsula|Korea,朝鲜半岛,Korea Peninsula,\"a, b\"\nc2,x,y,,\n"


@FUZZ
@given(st.binary(max_size=300) | _mutated_text(VALID_CSV), st.sampled_from([".csv", ".tsv"]))
def test_csv_glossary_on_arbitrary_and_mutated_files(scratch: Path, data: bytes, extension: str) -> None:
    parses_or_refuses(load_glossary, written(scratch, f"g{extension}", data))


def _glossary_file(extension: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"g{extension}"
        save_glossary(load_glossary(written(Path(folder), "g.csv", VALID_CSV.encode())), path)
        return path.read_bytes()


VALID_XLSX = _glossary_file(".xlsx")
VALID_TBX = _glossary_file(".tbx")
SHEET_XML = zipfile.ZipFile(io.BytesIO(VALID_XLSX)).read("xl/worksheets/sheet1.xml")


@FEW
@given(st.binary(max_size=300) | mutated(VALID_XLSX))
def test_xlsx_glossary_on_arbitrary_and_mutated_packages(scratch: Path, data: bytes) -> None:
    parses_or_refuses(load_glossary, written(scratch, "g.xlsx", data))


@FUZZ
@given(mutated(SHEET_XML))
def test_xlsx_glossary_with_a_mutated_sheet(scratch: Path, xml: bytes) -> None:
    package = _with_part(VALID_XLSX, "xl/worksheets/sheet1.xml", lambda _: xml)
    parses_or_refuses(load_glossary, written(scratch, "g.xlsx", package))


@FUZZ
@given(st.binary(max_size=300) | mutated(VALID_TBX))
def test_tbx_glossary_on_arbitrary_and_mutated_files(scratch: Path, data: bytes) -> None:
    parses_or_refuses(load_glossary, written(scratch, "g.tbx", data))


# ------------------------------------------------------------------ gold files: InterText, beads


_BEAD = st.tuples(st.lists(st.integers(0, 10**6), max_size=3), st.lists(st.integers(0, 10**6), max_size=3)).filter(
    lambda bead: bool(bead[0] or bead[1]))


@FUZZ
@given(st.lists(_BEAD, max_size=8), st.booleans())
def test_bead_files_round_trip(scratch: Path, links: list[tuple[list[int], list[int]]], cost: bool) -> None:
    lines = [beads.format_bead((tuple(src), tuple(tgt))) + (":0.25" if cost else "") for src, tgt in links]
    path = written(scratch, "x.align", "\n".join(lines).encode())
    assert beads.read_align(path) == [(tuple(src), tuple(tgt)) for src, tgt in links]


@FUZZ
@given(st.binary(max_size=200) | _mutated_text("[0, 1]:[2]\n[3]:[]\n[]:[4]:0.5\n"))
def test_bead_reader_on_arbitrary_and_mutated_files(scratch: Path, data: bytes) -> None:
    parses_or_refuses(beads.read_align, written(scratch, "x.align", data))


def _intertext_links(links: list[tuple[list[int], list[int]]]) -> str:
    """An InterText link file from fromDoc ids to toDoc ids (it writes the toDoc ids first)."""
    rows = "".join(
        f'<link type="{len(tgt)}-{len(src)}" xtargets="{" ".join(f"1:{i + 1}" for i in tgt)};'
        f'{" ".join(f"1:{i + 1}" for i in src)}"/>'
        for src, tgt in links)
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<linkGrp toDoc="d_en.xml" fromDoc="d_zh.xml">{rows}'
            "</linkGrp>")


@FUZZ
@given(st.lists(st.tuples(st.lists(st.integers(0, 30), max_size=2, unique=True),
                          st.lists(st.integers(0, 30), max_size=2, unique=True)), max_size=6))
def test_intertext_links_round_trip(scratch: Path, links: list[tuple[list[int], list[int]]]) -> None:
    links = [(sorted(src), sorted(tgt)) for src, tgt in links]
    used_src = sorted({i for src, _ in links for i in src})
    used_tgt = sorted({i for _, tgt in links for i in tgt})
    read = read_intertext_links(written(scratch, "d_zh.d_en.xml", _intertext_links(links).encode())).links
    # without the sentence files beside it, ids become positions among the ids used
    assert read == [(tuple(used_src.index(i) for i in src), tuple(used_tgt.index(i) for i in tgt))
                    for src, tgt in links]


VALID_LINKS = _intertext_links([([0], [0]), ([1, 2], [1]), ([], [2])])
VALID_SENTENCES = '<?xml version="1.0"?><text><p><s id="1:1">The Council met.</s><s id="1:2">It decided.</s></p></text>'


@FUZZ
@given(st.binary(max_size=200) | _mutated_text(VALID_LINKS) | _mutated_text(VALID_SENTENCES))
def test_intertext_readers_on_arbitrary_and_mutated_files(scratch: Path, data: bytes) -> None:
    parses_or_refuses(read_intertext_links, written(scratch, "d_zh.d_en.xml", data))
    parses_or_refuses(read_intertext_document, written(scratch, "d_en.xml", data))
