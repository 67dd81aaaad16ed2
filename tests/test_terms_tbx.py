"""TBX import and export: statuses, v2 and v3 names, round trips, untrusted input."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from alignkit.errors import GlossaryError
from alignkit.terms import Concept, Glossary, convert_glossary, load_glossary, save_glossary

DATA = Path(__file__).resolve().parent / "data" / "glossary"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def concept_in(glossary: Glossary, concept_id: str) -> Concept:
    """The concept with this id (the test fails when the glossary lacks it)."""
    concept = glossary.get(concept_id)
    assert concept is not None, concept_id
    return concept


def tbx(entries: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic" xml:lang="en">'
            f"<text><body>\n{entries}\n</body></text></martif>\n")


def test_administrative_status_gives_approved_variant_forbidden() -> None:
    glossary = load_glossary(DATA / "basic.tbx")
    dprk = concept_in(glossary, "dprk")
    assert dprk.terms["en"] == ("Democratic People's Republic of Korea", "DPRK")
    assert dprk.forbidden["en"] == ("North Korea",)
    # The preferred term comes first even when the file lists an admitted one before it.
    assert dprk.terms["zh"] == ("朝鲜", "朝鲜民主主义人民共和国")
    assert dprk.forbidden["zh"] == ("北朝鲜",)
    assert dprk.terms["ru"] == ("КНДР",)  # ntig/termGrp/term, no status: the approved term
    assert dprk.note == "The Democratic People's Republic of Korea"
    assert concept_in(glossary, "thaad").terms == {"en": ("THAAD",), "zh": ("萨德",)}
    assert glossary.langs == ("en", "zh", "ru")


def test_tbx_v3_concept_entries_are_read() -> None:
    glossary = load_glossary(DATA / "v3.tbx")
    assert concept_in(glossary, "korean-peninsula").terms == {
        "en": ("Korean Peninsula",), "ru": ("Корейский полуостров",)}


def test_csv_to_tbx_to_csv_round_trip_is_lossless(tmp_path: Path) -> None:
    original = load_glossary(DATA / "mini.csv")
    convert_glossary(DATA / "mini.csv", tmp_path / "mini.tbx")
    convert_glossary(tmp_path / "mini.tbx", tmp_path / "back.csv")
    back = load_glossary(tmp_path / "back.csv")
    assert back.concepts == original.concepts
    assert (tmp_path / "back.csv").read_text(encoding="utf-8") == \
        (DATA / "mini.csv").read_text(encoding="utf-8")


def test_tbx_to_csv_to_tbx_round_trip_keeps_every_status(tmp_path: Path) -> None:
    original = load_glossary(DATA / "basic.tbx")
    convert_glossary(DATA / "basic.tbx", tmp_path / "basic.csv")
    convert_glossary(tmp_path / "basic.csv", tmp_path / "again.tbx")
    assert load_glossary(tmp_path / "again.tbx").concepts == original.concepts


def test_exported_tbx_is_tbx_basic(tmp_path: Path) -> None:
    save_glossary(load_glossary(DATA / "mini.csv"), tmp_path / "out.tbx")
    root = etree.parse(str(tmp_path / "out.tbx")).getroot()
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    statuses = root.xpath("//termEntry[@id='dprk']/langSet[@xml:lang='en']/tig/termNote/text()")
    assert statuses == ["preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts"]
    assert root.xpath("//termEntry[@id='parties']/descrip[@type='x-caseSensitive']/text()") == ["true"]


@pytest.mark.parametrize(("content", "message"), [
    ("<martif><text><body><termEntry>", r"line 1: not well-formed XML"),
    (tbx("<termEntry id='a'><langSet><tig><term>x</term></tig></langSet></termEntry>"),
     r"line 3: langSet without xml:lang"),
    (tbx("<termEntry id='a'><langSet xml:lang='en'><tig><term> </term></tig></langSet></termEntry>"),
     r"line 3: empty term"),
    (tbx("<termEntry id='a'></termEntry>"), r"line 3: empty term: termEntry 'a' has no term"),
    (tbx("<termEntry id='a'><langSet xml:lang='en'><tig><term>x</term>"
         "<termNote type='administrativeStatus'>nice</termNote></tig></langSet></termEntry>"),
     r"line 3: unknown administrativeStatus 'nice'"),
    (tbx("<termEntry id='a'><langSet xml:lang='en'><tig><term>x</term></tig></langSet></termEntry>\n"
         "<termEntry id='a'><langSet xml:lang='en'><tig><term>y</term></tig></langSet></termEntry>"),
     r"line 4: duplicate termEntry id 'a' \(first on line 3\)"),
    ('<?xml version="1.0"?><html><body/></html>', r"no termEntry"),
])
def test_bad_tbx_names_file_line_and_problem(tmp_path: Path, content: str, message: str) -> None:
    path = write(tmp_path / "bad.tbx", content)
    with pytest.raises(GlossaryError, match=message) as error:
        load_glossary(path)
    assert str(path) in str(error.value)


def test_entity_declarations_are_refused_not_expanded(tmp_path: Path) -> None:
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;">]>\n'
              '<martif><text><body><termEntry id="x"><langSet xml:lang="en"><tig><term>&b;</term>'
              "</tig></langSet></termEntry></body></text></martif>")
    with pytest.raises(GlossaryError, match=r"entity reference &b; \(alignkit never expands entities in TBX\)"):
        load_glossary(write(tmp_path / "laughs.tbx", laughs))
    unused = laughs.replace("<term>&b;</term>", "<term>plain</term>")
    with pytest.raises(GlossaryError, match="declares entities"):
        load_glossary(write(tmp_path / "declared.tbx", unused))


def test_external_entities_are_not_fetched(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.txt", "SECRET")
    xxe = (f'<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY x SYSTEM "file://{secret}">]>\n'
           '<martif><text><body><termEntry id="x"><langSet xml:lang="en"><tig><term>&x;</term>'
           "</tig></langSet></termEntry></body></text></martif>")
    with pytest.raises(GlossaryError, match="entity reference &x;") as error:
        load_glossary(write(tmp_path / "xxe.tbx", xxe))
    assert "SECRET" not in str(error.value)


def test_term_with_the_csv_separator_cannot_go_to_csv(tmp_path: Path) -> None:
    path = write(tmp_path / "pipe.tbx", tbx(
        "<termEntry id='p'><langSet xml:lang='en'><tig><term>a|b</term></tig></langSet></termEntry>"))
    glossary = load_glossary(path)
    with pytest.raises(GlossaryError, match=r"contains '\|'"):
        save_glossary(glossary, tmp_path / "pipe.csv")
    assert not (tmp_path / "pipe.csv").exists()
