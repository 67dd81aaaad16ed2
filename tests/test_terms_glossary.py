"""Glossaries: CSV/TSV/XLSX reading and writing, clear errors, merging, the shipped glossaries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from alignkit.errors import AlignkitError, GlossaryError
from alignkit.terms import Concept, Glossary, convert_glossary, load_glossaries, load_glossary, save_glossary
from alignkit.terms.concepts import merge_glossaries

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "glossary"
GLOSSARIES = ROOT / "glossaries"
SAMPLE = ROOT / "texts" / "S-2017-613"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def concept_in(glossary: Glossary, concept_id: str) -> Concept:
    """The concept with this id (the test fails when the glossary lacks it)."""
    concept = glossary.get(concept_id)
    assert concept is not None, concept_id
    return concept


def test_csv_columns_variants_forbidden_note_and_case() -> None:
    glossary = load_glossary(DATA / "mini.csv")
    assert glossary.langs == ("en", "zh", "ru")
    dprk = glossary.get("dprk")
    assert dprk is not None
    assert dprk.approved("en") == "Democratic People's Republic of Korea"
    assert dprk.variants("en") == ("DPRK",)
    assert dprk.forbidden["zh"] == ("北朝鲜",)
    parties = glossary.get("parties")
    assert parties is not None and parties.case_sensitive and parties.note == "The two signatories"


def test_semicolon_csv_and_tsv_are_read(tmp_path: Path) -> None:
    semicolon = write(tmp_path / "g.csv", "id;en;ru\nkp;Korean Peninsula;Корейский полуостров\n")
    tab = write(tmp_path / "g.tsv", "id\ten\tru\nkp\tKorean Peninsula\tКорейский полуостров\n")
    for path in (semicolon, tab):
        assert concept_in(load_glossary(path), "kp").terms["ru"] == ("Корейский полуостров",)


def test_utf8_bom_and_utf16_are_read(tmp_path: Path) -> None:
    text = "id,en,zh\nkp,Korean Peninsula,朝鲜半岛\n"
    bom = tmp_path / "bom.csv"
    bom.write_bytes(text.encode("utf-8-sig"))
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(text.encode("utf-16"))
    assert concept_in(load_glossary(bom), "kp").terms["zh"] == ("朝鲜半岛",)
    assert concept_in(load_glossary(utf16), "kp").terms["zh"] == ("朝鲜半岛",)


@pytest.mark.parametrize(("content", "message"), [
    ("en,zh\nKorean Peninsula,朝鲜半岛\n", r"bad\.csv, row 1: missing column 'id'"),
    ("id,note\nkp,a note\n", r"row 1: missing language column"),
    ("id,en,forbidden_ru\nkp,Korean Peninsula,x\n", r"row 1: column 'forbidden_ru' has no language column 'ru'"),
    ("id,en,English\nkp,a,b\n", r"row 1: unknown column 'english'"),
    ("id,en,en\nkp,a,b\n", r"row 1: column 'en' appears twice"),
    ("id,en,zh\nkp,Korean Peninsula,朝鲜半岛\nkp,Korea,朝鲜\n", r"row 3, column 'id': duplicate id 'kp' \(first used on row 2\)"),
    ("id,en,zh\nkp,,\n", r"row 2: empty term: concept 'kp' has no term"),
    ("id,en,zh\nkp,Korean Peninsula||Korea,朝鲜半岛\n", r"row 2, column 'en': empty term in"),
    ("id,en,zh\nkp,Korean Peninsula|,朝鲜半岛\n", r"row 2, column 'en': empty term in"),
    ("id,en,zh\n,Korean Peninsula,朝鲜半岛\n", r"row 2, column 'id': empty id"),
    ("id,en,case_sensitive\nkp,Korean Peninsula,maybe\n", r"row 2, column 'case_sensitive': case_sensitive must be"),
    ("id,en,forbidden_en\nkp,Korea,Korea\n", r"row 2, column 'forbidden_en': 'Korea' is both allowed and forbidden"),
    ("id,en\n", r"header but no concepts"),
    ("\n\n", r"the file is empty"),
])
def test_malformed_csv_names_file_row_and_problem(tmp_path: Path, content: str, message: str) -> None:
    path = write(tmp_path / "bad.csv", content)
    with pytest.raises(GlossaryError, match=message) as error:
        load_glossary(path)
    assert str(path) in str(error.value)


def test_blank_lines_do_not_shift_row_numbers(tmp_path: Path) -> None:
    path = write(tmp_path / "g.csv", "id,en\n\nkp,Korea\n\nkp,Korea\n")
    with pytest.raises(GlossaryError, match="row 5"):
        load_glossary(path)


def test_non_utf8_binary_missing_and_unknown_files(tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id,fr\nx,sécurité\n".encode("latin-1"))
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"id,en\x00\x01")
    with pytest.raises(GlossaryError, match="not UTF-8"):
        load_glossary(latin)
    with pytest.raises(GlossaryError, match="binary"):
        load_glossary(binary)
    with pytest.raises(GlossaryError, match="no such file"):
        load_glossary(tmp_path / "absent.csv")
    with pytest.raises(GlossaryError, match="unknown glossary format '.txt'"):
        load_glossary(write(tmp_path / "g.txt", "id,en\nx,y\n"))


def test_xlsx_is_read_with_row_numbers(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["id", "en", "zh", "case_sensitive"])
    sheet.append(["kp", "Korean Peninsula", "朝鲜半岛", True])
    sheet.append(["kp", "Korea", "朝鲜", None])
    path = tmp_path / "g.xlsx"
    workbook.save(path)
    with pytest.raises(GlossaryError, match=r"g\.xlsx, row 3, column 'id': duplicate id 'kp'"):
        load_glossary(path)


def test_not_a_workbook(tmp_path: Path) -> None:
    path = write(tmp_path / "g.xlsx", "id,en\n")
    with pytest.raises(GlossaryError, match="not a readable XLSX"):
        load_glossary(path)


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".xlsx", ".tbx"])
def test_round_trip_through_every_format(tmp_path: Path, suffix: str) -> None:
    original = load_glossary(DATA / "mini.csv")
    target = tmp_path / f"copy{suffix}"
    save_glossary(original, target)
    copy = load_glossary(target)
    assert copy.concepts == original.concepts
    assert copy.langs == original.langs


def test_formula_like_cells_are_escaped_and_survive(tmp_path: Path) -> None:
    original = load_glossary(DATA / "formulas.csv")
    csv_copy = tmp_path / "f.csv"
    xlsx_copy = tmp_path / "f.xlsx"
    save_glossary(original, csv_copy)
    save_glossary(original, xlsx_copy)
    assert "'=SUM(A1)|-minus,'+1,'@home" in csv_copy.read_text(encoding="utf-8")
    sheet = load_workbook(xlsx_copy).active
    assert sheet["B2"].data_type == "s" and sheet["B2"].value == "=SUM(A1)|-minus"
    for copy in (csv_copy, xlsx_copy):
        assert load_glossary(copy).concepts == original.concepts


def test_convert_refuses_to_overwrite_its_input() -> None:
    with pytest.raises(AlignkitError, match="would overwrite the input"):
        convert_glossary(DATA / "mini.csv", DATA / "mini.csv")


def test_convert_writes_atomically_and_leaves_no_temp_files(tmp_path: Path) -> None:
    convert_glossary(DATA / "mini.csv", tmp_path / "mini.tbx")
    assert [p.name for p in tmp_path.iterdir()] == ["mini.tbx"]


def test_merge_keeps_identical_concepts_once_and_refuses_conflicts(tmp_path: Path) -> None:
    one = write(tmp_path / "one.csv", "id,en,note\nsc,Security Council,first\n")
    same = write(tmp_path / "same.csv", "id,en,zh,note\nsc,Security Council,,second\nga,General Assembly,大会,\n")
    other = write(tmp_path / "other.csv", "id,en\nx,y\nsc,Security Council|SC\n")
    merged = load_glossaries([one, same])
    assert [c.id for c in merged] == ["sc", "ga"]
    assert concept_in(merged, "sc").note == "first"
    assert merged.langs == ("en", "zh")
    with pytest.raises(GlossaryError, match=r"other\.csv, row 3: id 'sc' is also defined in .*one\.csv, row 2"):
        merge_glossaries([load_glossary(one), load_glossary(other)])


# --------------------------------------------------------------------------- shipped glossaries

def test_shipped_glossaries_load_together() -> None:
    korean = load_glossary(GLOSSARIES / "korean-peninsula.csv")
    core = load_glossary(GLOSSARIES / "un-core.csv")
    assert len(korean) >= 25
    assert len(core) >= 20
    assert {"en", "zh", "ru"} <= set(korean.langs)
    assert len(load_glossaries([GLOSSARIES / "korean-peninsula.csv", GLOSSARIES / "un-core.csv"])) \
        == len(korean) + len(core) - 1  # security-council is in both


@pytest.mark.parametrize(("concept", "renderings"), [
    ("suspension-for-suspension", {"zh": "双暂停", "ru": "двойное замораживание"}),
    ("dual-track-approach", {"zh": "双轨并行"}),
    ("thaad", {"zh": "萨德"}),
    ("denuclearization", {"zh": "无核化", "ru": "денуклеаризация"}),
    ("north-east-asia", {"zh": "东北亚", "ru": "Северо-Восточная Азия"}),
    ("joint-statement-2005", {"zh": "9·19共同声明"}),
    ("dprk", {"zh": "朝鲜", "ru": "КНДР"}),
    ("korean-peninsula", {"zh": "朝鲜半岛", "ru": "Корейский полуостров"}),
])
def test_korean_peninsula_glossary_has_the_official_renderings(concept: str, renderings: dict[str, str]) -> None:
    entry = load_glossary(GLOSSARIES / "korean-peninsula.csv").get(concept)
    assert entry is not None
    for lang, term in renderings.items():
        assert entry.approved(lang) == term


@pytest.mark.parametrize("lang", ["en", "zh", "ru"])
def test_every_korean_peninsula_concept_occurs_in_the_sample(lang: str) -> None:
    from alignkit.terms import TermFinder

    glossary = load_glossary(GLOSSARIES / "korean-peninsula.csv")
    text = (SAMPLE / f"{lang}.txt").read_text(encoding="utf-8")
    found = {ref.concept for match in TermFinder(glossary).find(text, lang) for ref in match.refs}
    assert found == {c.id for c in glossary}, sorted({c.id for c in glossary} - found)


def test_glossary_ids_are_slugs() -> None:
    for name in ("korean-peninsula.csv", "un-core.csv"):
        for concept in load_glossary(GLOSSARIES / name):
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", concept.id), concept.id
