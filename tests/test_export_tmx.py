"""TMX export: valid TMX 1.4b, the header and unit metadata, XML safety, and the safe reader."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree

from alignkit import __version__
from alignkit.errors import InputFormatError
from alignkit.export import export_alignment
from alignkit.export.tmx import read_tmx, to_bytes, write
from alignkit.model import Alignment, AlignmentUnit
from alignkit.safexml import XML_LANG
from export_fixtures import SIGNATURE, tiny_alignment

DTD_PATH = Path(__file__).parent / "data" / "tmx14b.dtd"


@pytest.fixture(scope="module")
def dtd() -> etree.DTD:
    """alignkit's own restatement of the TMX 1.4b DTD."""
    return etree.DTD(str(DTD_PATH))


def _parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def _assert_valid(dtd: etree.DTD, data: bytes) -> None:
    root = _parse(data)
    assert dtd.validate(root), dtd.error_log.filter_from_errors()


# ------------------------------------------------------------------ validity


def test_output_is_valid_against_the_tmx14b_dtd(dtd: etree.DTD) -> None:
    _assert_valid(dtd, to_bytes(tiny_alignment()))


def test_output_with_creation_date_is_valid(dtd: etree.DTD) -> None:
    _assert_valid(dtd, to_bytes(tiny_alignment(), creation_date=dt.datetime(2024, 1, 2, 3, 4, 5)))


@pytest.mark.parametrize("broken", [
    b'<tmx version="1.4"><header creationtool="a" creationtoolversion="1" datatype="plaintext" '
    b'segtype="sentence" adminlang="en" o-tmf="a"/><body/></tmx>',  # no srclang
    b'<tmx version="1.4"><header creationtool="a" creationtoolversion="1" datatype="plaintext" '
    b'segtype="sentence" adminlang="en" srclang="en" o-tmf="a"/><body><tu/></body></tmx>',  # tu without tuv
    b'<tmx version="1.4"><header creationtool="a" creationtoolversion="1" datatype="plaintext" '
    b'segtype="line" adminlang="en" srclang="en" o-tmf="a"/><body/></tmx>',  # bad segtype
    b'<tmx version="1.4"><body/></tmx>',  # no header
])
def test_the_dtd_rejects_invalid_tmx(dtd: etree.DTD, broken: bytes) -> None:
    assert not dtd.validate(_parse(broken))


def test_the_dtd_accepts_inline_markup(dtd: etree.DTD) -> None:
    document = (
        b'<tmx version="1.4"><header creationtool="a" creationtoolversion="1" datatype="rtf" '
        b'segtype="sentence" adminlang="en" srclang="en" o-tmf="a"><ude name="x" base="Macintosh">'
        b'<map unicode="#xF8FF" code="#xF0"/></ude></header><body><tu tuid="1" segtype="phrase">'
        b'<note>n</note><tuv xml:lang="en"><prop type="p">v</prop><seg><bpt i="1">{\\b </bpt>bold'
        b'<ept i="1">}</ept> <ph x="2" assoc="p">{\\fn<sub>foot</sub>}</ph><it pos="begin">&lt;i&gt;</it>'
        b'<hi type="term">UN</hi><ut>x</ut></seg></tuv></tu></body></tmx>'
    )
    _assert_valid(dtd, document)


# ------------------------------------------------------------------ header and units


def test_declaration_and_doctype_come_first() -> None:
    lines = to_bytes(tiny_alignment()).split(b"\n")
    assert lines[0] == b'<?xml version="1.0" encoding="UTF-8"?>'
    assert lines[1] == b'<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
    assert lines[2] == b'<tmx version="1.4">'
    assert lines[3].startswith(b"  <header ")  # pretty-printed


def test_header_fields() -> None:
    header = _parse(to_bytes(tiny_alignment())).find("header")
    assert dict(header.attrib) == {
        "creationtool": "alignkit", "creationtoolversion": __version__, "datatype": "plaintext",
        "segtype": "sentence", "adminlang": "en", "srclang": "en", "o-tmf": "alignkit",
    }
    props = {prop.get("type"): prop.text for prop in header.iter("prop")}
    assert props == {"x-alignkit-signature": SIGNATURE, "x-document": "S/2099/1"}


def test_creation_date_is_written_in_utc_only_when_given(tmp_path: Path) -> None:
    moscow = dt.timezone(dt.timedelta(hours=3))
    data = to_bytes(tiny_alignment(), creation_date=dt.datetime(2024, 1, 2, 6, 4, 5, tzinfo=moscow))
    assert _parse(data).find("header").get("creationdate") == "20240102T030405Z"
    target = tmp_path / "dated.tmx"
    write(tiny_alignment(), target, creation_date=dt.datetime(2024, 1, 2, 3, 4, 5))
    assert read_tmx(target).header["creationdate"] == "20240102T030405Z"
    assert "creationdate" not in read_tmx(export_alignment(tiny_alignment(), tmp_path / "x.tmx")[0]).header


def test_unit_props_notes_and_languages() -> None:
    body = _parse(to_bytes(tiny_alignment())).find("body")
    units = body.findall("tu")
    assert [tu.get("tuid") for tu in units] == ["1", "2", "3", "4", "5", "6"]
    first = {prop.get("type"): prop.text for prop in units[0].iter("prop")}
    assert first == {"x-paragraph": "1", "x-type": "2-2-2", "x-score": "0.93", "x-document": "S/2099/1"}
    fifth = units[4]
    assert [(prop.get("type"), prop.text) for prop in fifth.iter("prop")] == [
        ("x-type", "0-1-0"), ("x-score", "0.20"), ("x-document", "S/2099/1"), ("x-flagged", "true"),
        ("x-reason", "only in Chinese"), ("x-reason", "length ratio 3.10")]
    assert list(fifth.iter("note")) == []
    assert [tuv.get(XML_LANG) for tuv in units[0].iter("tuv")] == ["en", "zh", "ru"]


def test_review_status_comment_and_edits_are_props_and_note() -> None:
    units = _parse(to_bytes(tiny_alignment())).find("body").findall("tu")
    props = [[(prop.get("type"), prop.text) for prop in tu.iter("prop") if prop.get("type") in
              ("x-status", "x-edited")] for tu in units]
    assert props == [[], [("x-status", "confirmed")], [], [("x-status", "rejected")], [], [("x-edited", "zh")]]
    assert [[note.text for note in tu.iter("note")] for tu in units] == [
        [], ["=check: “as is” & <ok>"], [], ["wrong link;\nsee unit 5"], [], []]


def test_one_sided_units_are_kept_with_a_single_tuv() -> None:
    units = _parse(to_bytes(tiny_alignment())).find("body").findall("tu")
    assert [tuv.get(XML_LANG) for tuv in units[3].iter("tuv")] == ["en", "ru"]
    assert [tuv.get(XML_LANG) for tuv in units[4].iter("tuv")] == ["zh"]


def test_units_without_any_text_are_left_out(dtd: etree.DTD) -> None:
    empty = AlignmentUnit(1, {"en": (), "zh": ()}, {"en": (), "zh": ()})
    full = AlignmentUnit(2, {"en": ("Yes.",), "zh": ("是。",)}, {"en": (0,), "zh": (0,)})
    data = to_bytes(Alignment(("en", "zh"), (empty, full)))
    assert [tu.get("tuid") for tu in _parse(data).iter("tu")] == ["2"]
    _assert_valid(dtd, data)


def test_chinese_sentences_are_joined_without_space(tmp_path: Path) -> None:
    units = read_tmx(export_alignment(tiny_alignment(), tmp_path / "tiny.tmx")[0]).units
    assert units[5].texts["zh"] == "决定继续处理此案。（完）"
    assert units[0].texts["en"].count(", Recalling") == 1


def test_pivot_is_the_source_language() -> None:
    russian_first = Alignment(("ru", "en"), tiny_alignment(("ru", "en")).units)
    assert _parse(to_bytes(russian_first)).find("header").get("srclang") == "ru"


def test_output_is_deterministic() -> None:
    assert to_bytes(tiny_alignment()) == to_bytes(tiny_alignment())


# ------------------------------------------------------------------ XML safety


def test_characters_illegal_in_xml_are_dropped(dtd: etree.DTD, tmp_path: Path) -> None:
    dirty = "a\x00b\x01c\x08d\x0be\x0cf\x1fg\ufffeh\uffffi\ud800j"
    kept = "tab\there, line\nbreak, return\r, & < > \" ' \x85 \u2028 \U0001F600"
    unit = AlignmentUnit(1, {"en": (dirty,), "ru": (kept,)}, {"en": (0,), "ru": (0,)},
                         paragraph="\x02p", reasons=("bad\x03reason",))
    alignment = Alignment(("en", "ru"), (unit,), name="doc\x04", signature="sig\x05")
    data = to_bytes(alignment)
    _assert_valid(dtd, data)
    target = tmp_path / "dirty.tmx"
    write(alignment, target)
    tmx = read_tmx(target)
    assert tmx.units[0].texts == {"en": "abcdefghij", "ru": kept}
    assert tmx.units[0].props["x-paragraph"] == "p"
    assert tmx.units[0].values("x-reason") == ["badreason"]
    assert tmx.props == {"x-alignkit-signature": "sig", "x-document": "doc"}


# ------------------------------------------------------------------ reading


def test_read_tmx_round_trips_the_export(tmp_path: Path) -> None:
    alignment = tiny_alignment()
    target = export_alignment(alignment, tmp_path / "tiny.tmx")[0]
    tmx = read_tmx(target)
    assert tmx.srclang == "en"
    assert tmx.props["x-alignkit-signature"] == SIGNATURE
    for unit, read in zip(alignment.units, tmx.units, strict=True):
        assert read.tuid == str(unit.id)
        assert read.texts == {lang: unit.text(lang) for lang in alignment.langs if unit.text(lang)}
        assert read.props["x-type"] == unit.type
        assert read.props["x-score"] == f"{unit.score:.2f}"
        assert ("x-flagged" in read.props) is unit.flagged
        assert tuple(read.values("x-reason")) == unit.reasons
        assert read.props.get("x-status", "auto") == unit.status
        assert read.notes == ((unit.comment,) if unit.comment else ())
        assert tuple(read.values("x-edited")) == unit.edited


def test_read_tmx_handles_other_tools_files(tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.tmx"
    foreign.write_text(
        '<?xml version="1.0"?>\n<tmx version="1.1"><header creationtool="x" creationtoolversion="1" '
        'datatype="rtf" segtype="sentence" adminlang="en-US" srclang="en-US" o-tmf="x"/>\n<body>\n'
        '<tu tuid="7"><!-- comment --><tuv lang="EN-US"><seg>The <bpt i="1">{\\b </bpt>Council'
        '<ept i="1">}</ept> met<ph>{\\fn}</ph> in <hi type="x">New York</hi>.</seg></tuv>\n'
        '<tuv xml:lang="zh-CN"><seg>安理会在纽约&amp;开会。</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    (unit,) = read_tmx(foreign).units
    assert unit.texts == {"EN-US": "The Council met in New York.", "zh-CN": "安理会在纽约&开会。"}
    assert unit.line == 4


BILLION_LAUGHS = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" datatype="plaintext"
 segtype="sentence" adminlang="en" srclang="en" o-tmf="x"/>
<body><tu><tuv xml:lang="en"><seg>&{entity};</seg></tuv></tu></body></tmx>
"""


@pytest.mark.parametrize("entity", ["lol9", "lol3"])
def test_billion_laughs_is_not_expanded(tmp_path: Path, entity: str) -> None:
    """``lol9`` expands to 3 GB of text: read without the protection, it would exhaust the
    memory (or hang) instead of failing at once with the one-line error."""
    hostile = tmp_path / "laughs.tmx"
    hostile.write_text(BILLION_LAUGHS.replace("{entity}", entity), encoding="utf-8")
    with pytest.raises(InputFormatError) as caught:
        read_tmx(hostile)
    message = str(caught.value)
    assert message.startswith(str(hostile)) and "entit" in message
    assert "lollol" not in message


def test_external_entities_are_not_loaded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    hostile = tmp_path / "xxe.tmx"
    hostile.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
        '<tmx version="1.4"><header creationtool="x" creationtoolversion="1" datatype="plaintext" '
        'segtype="sentence" adminlang="en" srclang="en" o-tmf="x"/>\n'
        '<body><tu><tuv xml:lang="en"><seg>&xxe;</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    with pytest.raises(InputFormatError, match=r"xxe\.tmx:4: .*&xxe;") as caught:
        read_tmx(hostile)
    assert "TOP-SECRET" not in str(caught.value)


def test_external_dtd_is_not_loaded(tmp_path: Path) -> None:
    (tmp_path / "evil.dtd").write_text('<!ENTITY greeting "expanded">', encoding="utf-8")
    document = tmp_path / "external.tmx"
    document.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "evil.dtd">\n<tmx version="1.4"><header '
        'creationtool="x" creationtoolversion="1" datatype="plaintext" segtype="sentence" '
        'adminlang="en" srclang="en" o-tmf="x"/><body><tu><tuv xml:lang="en"><seg>plain</seg>'
        '</tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    assert read_tmx(document).units[0].texts == {"en": "plain"}


@pytest.mark.parametrize(("content", "line", "reason"), [
    ('<?xml version="1.0"?>\n<tmx version="1.4">\n<header/>\n<body>\n<tu>\n</tmx>', 6, "not well-formed"),
    ("<?xml version='1.0'?>\n<xliff/>", 2, "expected <tmx>"),
    ('<tmx version="1.4">\n<header/>\n</tmx>', 1, "<header> and a <body>"),
    ('<tmx version="1.4"><header/><body>\n<tu><tuv><seg>x</seg></tuv></tu></body></tmx>', 2, "xml:lang"),
    ('<tmx version="1.4"><header/><body>\n\n<tu><tuv xml:lang="en"/></tu></body></tmx>', 3, "without <seg>"),
    ('<tmx version="1.4"><header/><body>\n<tu>\n<prop type="a">b</prop></tu></body></tmx>', 2,
     "without <tuv>"),
])
def test_malformed_tmx_names_file_and_line(tmp_path: Path, content: str, line: int, reason: str) -> None:
    broken = tmp_path / "broken.tmx"
    broken.write_text(content, encoding="utf-8")
    with pytest.raises(InputFormatError) as caught:
        read_tmx(broken)
    assert caught.value.path == str(broken)
    assert caught.value.line == line
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{broken}:{line}: ")


@pytest.mark.parametrize(("content", "reason"), [(None, "not found"), (b"", "is empty"),
                                                 (b"  \n", "is empty")])
def test_missing_or_empty_tmx(tmp_path: Path, content: bytes | None, reason: str) -> None:
    path = tmp_path / "in.tmx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputFormatError, match=reason):
        read_tmx(path)
