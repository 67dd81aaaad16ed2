"""Batch alignment of a folder of mixed formats: outputs, failures, resume, processes."""

from __future__ import annotations

import csv
import html
import os
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree

pytest.importorskip("docx")
pytest.importorskip("pdfplumber")
pytest.importorskip("reportlab")

from alignkit import batch  # noqa: E402
from alignkit.errors import AlignkitError  # noqa: E402
from test_readers_docx import make_un_docx  # noqa: E402
from test_readers_pdf import make_un_pdf  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "texts" / "S-2017-613"
GLOSSARY = ROOT / "glossaries" / "korean-peninsula.csv"

HRC = {
    "en": ["Report of the Human Rights Council", "The Council met in Geneva.",
           "It adopted the report of its thirty-fifth session.", "The President closed the session."],
    "zh": ["人权理事会的报告", "理事会在日内瓦举行会议。", "理事会通过了第三十五届会议的报告。", "主席宣布会议闭幕。"],
    "ru": ["Доклад Совета по правам человека", "Совет провел заседание в Женеве.",
           "Он утвердил доклад о работе своей тридцать пятой сессии.", "Председатель закрыл сессию."],
}


def _paragraphs(path: Path) -> list[str]:
    return [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def make_collection(root: Path) -> Path:
    """Two good documents in .txt/.docx/.pdf, one with a broken PDF, and files that do not pair."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLE / "en.txt", root / "S-2017-613-E.txt")
    zh = _paragraphs(SAMPLE / "zh.txt")
    make_un_docx(root / "S_2017_613_C.docx", title=zh[0], items=[(None, p) for p in zh[1:]])
    ru = [html.escape(p) for p in _paragraphs(SAMPLE / "ru.txt")]
    make_un_pdf(root / "S-2017-613-R.pdf", lang="ru", heading=ru[0], paragraphs=ru[1:])
    make_un_docx(root / "A_HRC_35_2_EN.docx", symbol="A/HRC/35/2", title=HRC["en"][0],
                 items=[(0, p) for p in HRC["en"][1:]])
    make_un_docx(root / "A_HRC_35_2_ZH.docx", symbol="A/HRC/35/2", title=HRC["zh"][0],
                 items=[(0, p) for p in HRC["zh"][1:]], levels=(("decimal", "%1."),))
    (root / "A-HRC-35-2-R.txt").write_text("\n\n".join([HRC["ru"][0], *(f"{n}. {p}" for n, p in
                                           enumerate(HRC["ru"][1:], 1))]), encoding="utf-8")
    (root / "S-2018-1-E.txt").write_text("The Council met.\n", encoding="utf-8")
    (root / "S-2018-1-R.pdf").write_bytes(b"%PDF-1.4\nbroken")
    (root / "A-RES-71-1-R.txt").write_text("Генеральная Ассамблея.\n", encoding="utf-8")
    (root / "notes.md").write_text("notes\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_collection(tmp_path_factory.mktemp("in") / "odS")


@pytest.fixture(scope="module")
def single_run(collection: Path, tmp_path_factory: pytest.TempPathFactory) -> batch.BatchResult:
    """The reference run: one process, no progress bar."""
    return batch.run_batch(collection, tmp_path_factory.mktemp("out"), progress=False)


def read_summary(out: Path) -> list[dict[str, str]]:
    with open(out / "summary.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def tmx_units(path: Path) -> list[etree._Element]:
    units: list[etree._Element] = etree.parse(str(path)).getroot().findall("body/tu")
    return units


def comparable(out: Path) -> dict[str, object]:
    """Every output's content, timings left out (XLSX compared cell by cell)."""
    from openpyxl import load_workbook

    content: dict[str, object] = {}
    for path in sorted(out.iterdir()):
        if path.suffix == ".xlsx":
            workbook = load_workbook(path, read_only=True)
            content[path.name] = {ws.title: [row for row in ws.iter_rows(values_only=True)] for ws in workbook}
            workbook.close()
        elif path.suffix == ".tmx":
            content[path.name] = path.read_bytes()
    content["summary"] = [{k: v for k, v in row.items() if k != "seconds"} for row in read_summary(out)]
    summary_workbook = content["summary.xlsx"]
    assert isinstance(summary_workbook, dict)
    for sheet in summary_workbook.values():
        for index, row in enumerate(sheet):
            sheet[index] = row[:5] + row[6:]
    return content


def test_outputs_per_document_all_tmx_and_summary(single_run: batch.BatchResult) -> None:
    out = single_run.out_dir
    assert {p.name for p in out.iterdir()} == {
        "S-2017-613.tmx", "S-2017-613.xlsx", "A-HRC-35-2.tmx", "A-HRC-35-2.xlsx",
        "all.tmx", "summary.csv", "summary.xlsx", batch.RECORD_DIR,
    }
    assert single_run.exit_code == 1
    rows = {row["document"]: row for row in read_summary(out)}
    assert rows["S/2017/613"]["status"] == "ok" and rows["S/2017/613"]["languages"] == "en ru zh"
    assert int(rows["S/2017/613"]["units"]) > 20
    assert rows["A/HRC/35/2"]["status"] == "ok"
    assert rows["S/2018/1"]["status"] == "failed"
    assert "S-2018-1-R.pdf: is not a readable PDF" in rows["S/2018/1"]["error"]
    unpaired = {Path(doc).name: row for doc, row in rows.items() if row["status"] == "unpaired"}
    assert unpaired["A-RES-71-1-R.txt"]["error"] == "the only language version of A/RES/71/1 found"
    assert unpaired["notes.md"]["error"].startswith("not a supported format")


def test_the_symbol_is_written_into_the_tmx(single_run: batch.BatchResult) -> None:
    header = etree.parse(str(single_run.out_dir / "S-2017-613.tmx")).getroot().find("header")
    assert header.findtext("prop[@type='x-document']") == "S/2017/613"


def test_all_tmx_streams_every_document(single_run: batch.BatchResult) -> None:
    out = single_run.out_dir
    per_document = len(tmx_units(out / "A-HRC-35-2.tmx")) + len(tmx_units(out / "S-2017-613.tmx"))
    root = etree.parse(str(out / "all.tmx")).getroot()
    units = root.findall("body/tu")
    assert len(units) == per_document
    assert root.find("header").get("srclang") == "en"
    assert root.find("header").find("prop[@type='x-document']") is None
    documents = [tu.findtext("prop[@type='x-document']") for tu in units]
    assert documents == sorted(documents)  # A/HRC/35/2 first, then S/2017/613
    assert set(documents) == {"A/HRC/35/2", "S/2017/613"}
    tuids = [tu.get("tuid") for tu in units]
    assert len(set(tuids)) == len(tuids) and tuids[0] == "A-HRC-35-2:1"
    assert {tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in root.iter("tuv")} == {"en", "zh", "ru"}


def test_resume_skips_complete_documents_and_redoes_changed_ones(collection: Path, tmp_path: Path) -> None:
    work = shutil.copytree(collection, tmp_path / "in")
    out = tmp_path / "out"
    first = batch.run_batch(work, out, progress=False)
    stamp = (out / "S-2017-613.tmx").stat().st_mtime_ns
    resumed = batch.run_batch(work, out, resume=True, progress=False)
    statuses = {doc.document: doc.status for doc in resumed.documents}
    assert statuses == {"A/HRC/35/2": "resumed", "S/2017/613": "resumed", "S/2018/1": "failed"}
    assert (out / "S-2017-613.tmx").stat().st_mtime_ns == stamp
    assert [d.units for d in resumed.documents] == [d.units for d in first.documents]
    assert len(tmx_units(out / "all.tmx")) == first.units

    (work / "A-HRC-35-2-R.txt").write_text("Доклад.\n\n1. Совет провел заседание.", encoding="utf-8")
    (out / "S-2017-613.xlsx").unlink()
    again = batch.run_batch(work, out, resume=True, progress=False)
    assert {doc.document: doc.status for doc in again.documents} == {
        "A/HRC/35/2": "ok", "S/2017/613": "ok", "S/2018/1": "failed",
    }


def test_two_processes_give_the_same_outputs(collection: Path, single_run: batch.BatchResult,
                                             tmp_path: Path) -> None:
    parallel = batch.run_batch(collection, tmp_path / "out", jobs=2, progress=False)
    assert comparable(parallel.out_dir) == comparable(single_run.out_dir)


def test_a_document_without_the_pivot_fails_alone(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "S-2019-5-C.txt").write_text("安全理事会开会。\n", encoding="utf-8")
    (folder / "S-2019-5-R.txt").write_text("Совет провел заседание.\n", encoding="utf-8")
    result = batch.run_batch(folder, tmp_path / "out", progress=False)
    assert [(d.status, d.error) for d in result.documents] == [
        ("failed", "no en version (found ru, zh); the pivot is needed"),
    ]
    assert result.exit_code == 1
    assert tmx_units(tmp_path / "out" / "all.tmx") == []


def test_other_pivot_and_languages(collection: Path, tmp_path: Path) -> None:
    result = batch.run_batch(collection, tmp_path / "out", langs=["zh", "ru"], pivot="ru", progress=False)
    hrc = next(doc for doc in result.documents if doc.document == "A/HRC/35/2")
    assert hrc.status == "ok"
    header = etree.parse(str(tmp_path / "out" / "A-HRC-35-2.tmx")).getroot().find("header")
    assert header.get("srclang") == "ru"
    langs = {tuv.get("{http://www.w3.org/XML/1998/namespace}lang")
             for tuv in etree.parse(str(tmp_path / "out" / "all.tmx")).iter("tuv")}
    assert langs == {"ru", "zh"}


def test_glossary_gives_a_term_report_per_document(collection: Path, tmp_path: Path) -> None:
    result = batch.run_batch(collection, tmp_path / "out", glossaries=[GLOSSARY], progress=False)
    sample = next(doc for doc in result.documents if doc.document == "S/2017/613")
    assert sample.term_findings is not None
    assert (tmp_path / "out" / "S-2017-613.terms.xlsx").is_file()
    row = next(r for r in read_summary(tmp_path / "out") if r["document"] == "S/2017/613")
    assert row["term_findings"] == str(sample.term_findings)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"pivot": "fr"}, "the pivot 'fr' is not among the languages en, zh, ru"),
    ({"jobs": 0}, "--jobs must be at least 1"),
    ({"langs": ["e n"]}, "is not a language code"),
])
def test_bad_settings_stop_before_any_work(tmp_path: Path, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(AlignkitError, match=message):
        batch.run_batch(tmp_path, tmp_path / "out", progress=False, **kwargs)  # type: ignore[arg-type]


def test_a_missing_input_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(AlignkitError, match="is not a folder"):
        batch.run_batch(tmp_path / "nowhere", tmp_path / "out", progress=False)


def test_outputs_inside_the_input_folder_are_not_inputs(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE / "en.txt", folder / "S-2017-613-E.txt")
    shutil.copy(SAMPLE / "zh.txt", folder / "S-2017-613-C.txt")
    batch.run_batch(folder, folder / "out", progress=False)
    again = batch.run_batch(folder, folder / "out", progress=False, resume=True)
    assert again.unpaired == () and [d.status for d in again.documents] == ["resumed"]


def test_progress_bar_only_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stderr", Terminal())
    monkeypatch.delenv("CI", raising=False)
    assert batch.progress_enabled(True)
    assert not batch.progress_enabled(False)
    monkeypatch.setenv("CI", "true")
    assert not batch.progress_enabled(True)


def test_process_document_reports_errors_instead_of_raising(tmp_path: Path) -> None:
    settings = batch.BatchSettings(("en", "zh"), "en", (), str(tmp_path))
    task = batch.DocumentTask("S/1/1", "S-1-1", (("en", str(tmp_path / "gone.txt")),
                                                 ("zh", str(tmp_path / "gone-too.txt"))), settings)
    result = batch.process_document(task)
    assert result.status == "failed" and "gone.txt: file not found" in result.error
    assert not batch.records.record_path(task).exists()
    assert os.listdir(tmp_path) == []


# ----------------------------------------------------------------- one path with align (issue 9)

CORE = ROOT / "glossaries" / "un-core.csv"


@pytest.fixture
def sample_folder(tmp_path: Path) -> Path:
    """The sample document as ODS-named plain-text files."""
    folder = tmp_path / "in"
    folder.mkdir()
    for lang, letter in (("en", "E"), ("zh", "C"), ("ru", "R")):
        shutil.copy(SAMPLE / f"{lang}.txt", folder / f"S-2017-613-{letter}.txt")
    return folder


def test_every_glossary_anchors_the_alignment_and_is_checked(sample_folder: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from alignkit.align import signature
    from alignkit.config import AlignConfig
    from alignkit.terms import load_glossaries

    out = tmp_path / "out"
    result = batch.run_batch(sample_folder, out, glossaries=[GLOSSARY, CORE], progress=False)
    assert result.exit_code == 0
    header = etree.parse(str(out / "S-2017-613.tmx")).getroot().find("header")
    merged = signature(AlignConfig(pivot="en"), load_glossaries([GLOSSARY, CORE]))
    assert header.findtext("prop[@type='x-alignkit-signature']") == merged
    assert etree.parse(str(out / "all.tmx")).getroot().findtext("header/prop[@type='x-alignkit-signature']") == merged
    concepts = {row[0] for row in load_workbook(out / "S-2017-613.terms.xlsx")["Terms"].iter_rows(min_row=2, values_only=True)}
    assert {"korean-peninsula", "united-nations"} <= concepts
    assert "Term findings" in load_workbook(out / "S-2017-613.xlsx").sheetnames  # as align -g -o x.xlsx


def test_a_document_gets_the_outputs_align_writes_for_its_files(sample_folder: Path, tmp_path: Path) -> None:
    """batch and align take one path: same alignment, same name, same bytes."""
    from click.testing import CliRunner

    from alignkit.cli import cli

    batch.run_batch(sample_folder, tmp_path / "out", glossaries=[GLOSSARY, CORE], progress=False)
    files = [str(sample_folder / f"S-2017-613-{letter}.txt") for letter in "ECR"]
    aligned = tmp_path / "aligned.tmx"
    result = CliRunner().invoke(cli, ["align", *files, "-g", str(GLOSSARY), "-g", str(CORE), "-o", str(aligned)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "S-2017-613.tmx").read_bytes() == aligned.read_bytes()


def test_resume_redoes_a_document_when_any_glossary_changes(sample_folder: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    shutil.copy(GLOSSARY, first)
    shutil.copy(CORE, second)
    out = tmp_path / "out"
    batch.run_batch(sample_folder, out, glossaries=[first, second], progress=False)
    again = batch.run_batch(sample_folder, out, glossaries=[first, second], resume=True, progress=False)
    assert [doc.status for doc in again.documents] == ["resumed"]
    with open(second, "a", encoding="utf-8") as handle:
        handle.write("delegation,delegation,代表团,делегация,,,,,\n")
    changed = batch.run_batch(sample_folder, out, glossaries=[first, second], resume=True, progress=False)
    assert [doc.status for doc in changed.documents] == ["ok"]


def test_a_bad_second_glossary_stops_the_batch_before_any_work(sample_folder: Path, tmp_path: Path) -> None:
    with pytest.raises(AlignkitError, match="absent.csv: no such file"):
        batch.run_batch(sample_folder, tmp_path / "out", glossaries=[GLOSSARY, tmp_path / "absent.csv"],
                        progress=False)
    assert not (tmp_path / "out").exists()  # not even created


# ----------------------------------------------------------------- all.tmx


def test_all_tmx_of_one_document_is_laid_out_as_its_own_tmx(sample_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    batch.run_batch(sample_folder, out, progress=False)
    own = (out / "S-2017-613.tmx").read_bytes()
    expected = re.sub(rb'\n    <prop type="x-document">[^<]*</prop>(?=\n  </header>)', b"", own)
    expected = re.sub(rb'<tu tuid="', b'<tu tuid="S-2017-613:', expected)
    assert (out / "all.tmx").read_bytes() == expected


def test_all_tmx_is_valid_tmx_14b(single_run: batch.BatchResult) -> None:
    tree = etree.parse(str(single_run.out_dir / "all.tmx"), etree.XMLParser(resolve_entities=False, no_network=True))
    dtd = etree.DTD(str(Path(__file__).parent / "data" / "tmx14b.dtd"))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()


def test_combined_tmx_of_no_document_is_the_empty_tmx(tmp_path: Path) -> None:
    from alignkit.export.tmx import to_bytes, write_combined
    from alignkit.model import Alignment

    path = write_combined(tmp_path / "all.tmx", [], langs=("ru", "zh"), signature="sig")
    assert path.read_bytes() == to_bytes(Alignment(("ru", "zh"), (), signature="sig"))
