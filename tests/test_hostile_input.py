"""Issue 11: hostile and careless input never destroys a file, never loses text silently,
never shows a traceback.  One test (or parametrised family) per case of the issue's table."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result
from openpyxl import Workbook

import alignkit
from alignkit import fsutil, safexml
from alignkit.cli import cli
from alignkit.errors import GlossaryError, InputFormatError
from alignkit.export.tmx import read_alignment
from alignkit.readers import docx as docx_reader
from alignkit.terms import load_glossary

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "texts" / "S-2017-613"
KOREAN = ROOT / "glossaries" / "korean-peninsula.csv"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def assert_one_error_line(result: Result, fragment: str = "") -> str:
    """Exit status 2, no traceback, exactly one ``Error:`` line (containing ``fragment``)."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.output
    assert fragment in errors[0], errors[0]
    return errors[0]


@pytest.fixture
def texts(tmp_path: Path) -> dict[str, Path]:
    """The sample document's three texts, and a copy of the Korean-peninsula glossary, in tmp_path."""
    files = {lang: tmp_path / f"{lang}.txt" for lang in ("en", "zh", "ru")}
    for lang, path in files.items():
        shutil.copy(SAMPLE / f"{lang}.txt", path)
    files["glossary"] = tmp_path / "g.csv"
    shutil.copy(KOREAN, files["glossary"])
    return files


def snapshot(*paths: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in paths}


# ------------------------------------------------------------------ 1. nothing a user gave is overwritten


def _gold(tmp_path: Path) -> Path:
    gold = tmp_path / "x.zh.align"  # the name `-o x.align` gives its en-zh bead file
    gold.write_text("[0]:[0]\n[1]:[1]\n", encoding="utf-8")
    return gold


@pytest.mark.parametrize("case", [
    "check -o the glossary", "align -o the glossary", "align -o the gold file", "check -o an input text",
    "align -o the glossary through ..", "align -o a symbolic link to the glossary",
    "check -o a hard link to an input text", "glossary convert to a hard link of its source",
    "align -o x.align writing x.zh.align over the gold file",
])
def test_an_output_never_overwrites_anything_the_command_reads(texts: dict[str, Path], tmp_path: Path,
                                                               case: str) -> None:
    en, zh, ru, glossary = texts["en"], texts["zh"], texts["ru"], texts["glossary"]
    gold = _gold(tmp_path)
    (tmp_path / "sub").mkdir()
    report_text = tmp_path / "en.json"  # an input text whose extension is a report format
    shutil.copy(en, report_text)
    link = tmp_path / "link.csv"
    link.symlink_to(glossary)
    hard = tmp_path / "hard.html"
    os.link(en, hard)
    hard_glossary = tmp_path / "hard.csv"
    os.link(glossary, hard_glossary)
    args = {
        "check -o the glossary": ["check", en, zh, ru, "-g", glossary, "-o", glossary],
        "align -o the glossary": ["align", en, zh, ru, "-g", glossary, "-o", glossary],
        "align -o the gold file": ["align", en, zh, "--gold", gold, "-o", gold],
        "check -o an input text": ["check", report_text, zh, ru, "-g", glossary, "-o", report_text],
        "align -o the glossary through ..": ["align", en, zh, "-g", glossary, "-o", tmp_path / "sub" / ".." / "g.csv"],
        "align -o a symbolic link to the glossary": ["align", en, zh, "-g", glossary, "-o", link],
        "check -o a hard link to an input text": ["check", en, zh, "-g", glossary, "-o", hard],
        "glossary convert to a hard link of its source": ["glossary", "convert", glossary, hard_glossary],
        "align -o x.align writing x.zh.align over the gold file": [
            "align", en, zh, ru, "--gold", gold, "-o", tmp_path / "x.align"],
    }[case]
    before = snapshot(en, zh, ru, glossary, gold, report_text)
    assert_one_error_line(run(*map(str, args)), "would overwrite the input")
    assert snapshot(en, zh, ru, glossary, gold, report_text) == before


def test_batch_never_overwrites_a_glossary_in_its_output_folder(texts: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for lang, letter in (("en", "E"), ("zh", "C")):
        shutil.copy(texts[lang], folder / f"S-2017-613-{letter}.txt")
    out = tmp_path / "out"
    out.mkdir()
    glossary = out / "summary.csv"  # the batch writes its summary there
    shutil.copy(texts["glossary"], glossary)
    before = glossary.read_bytes()
    assert_one_error_line(run("batch", str(folder), "-o", str(out), "-g", str(glossary)), "would overwrite")
    assert glossary.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["summary.csv"]


# ------------------------------------------------------------------ 2. pipes are read once


@pytest.fixture
def pipe_of() -> Iterator[Callable[[bytes], str]]:
    """``pipe_of(data)``: a path (``/dev/fd/N``) to a pipe a thread fills with ``data``, then closes."""
    opened: list[int] = []

    def make(data: bytes) -> str:
        read_end, write_end = os.pipe()
        opened.append(read_end)

        def feed() -> None:
            with os.fdopen(write_end, "wb") as handle:
                try:
                    handle.write(data)
                except BrokenPipeError:
                    pass

        threading.Thread(target=feed, daemon=True).start()
        return f"/dev/fd/{read_end}"

    yield make
    for fd in opened:
        os.close(fd)


@pytest.mark.parametrize("size", ["small", "larger than the 64 KB read to guess the language"])
def test_segment_reads_a_pipe_once_and_loses_nothing(pipe_of: Callable[[bytes], str], tmp_path: Path,
                                                     size: str) -> None:
    text = (SAMPLE / "ru.txt").read_bytes()
    if size != "small":
        text = b"\n\n".join([text] * 12)  # about 190 KB
    regular = tmp_path / "copy.txt"
    regular.write_bytes(text)
    expected = run("segment", str(regular), "--lang", "ru")
    assert expected.exit_code == 0
    piped = run("segment", pipe_of(text))  # the language guessed from the text
    assert piped.exit_code == 0, piped.output
    assert piped.output == expected.output


def test_align_reads_piped_inputs(pipe_of: Callable[[bytes], str], texts: dict[str, Path]) -> None:
    from_files = run("align", str(texts["en"]), str(texts["zh"]))
    piped = run("align", pipe_of(texts["en"].read_bytes()), pipe_of(texts["zh"].read_bytes()))
    assert piped.exit_code == 0, piped.output
    assert piped.output == from_files.output


# ------------------------------------------------------------------ 3. a CSV glossary with one stray quote


def test_a_stray_quote_in_a_csv_glossary_is_an_error_naming_its_line(texts: dict[str, Path]) -> None:
    glossary = texts["glossary"]
    lines = glossary.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",", ',"', 1)  # the second concept's first term opens a quote
    glossary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="stray quote") as caught:
        load_glossary(glossary)
    assert caught.value.row == 3
    result = run("check", str(texts["en"]), str(texts["zh"]), str(texts["ru"]), "-g", str(glossary))
    assert_one_error_line(result, "row 3")
    assert "No findings" not in result.output


def test_a_quote_never_closed_is_an_error_naming_its_line(tmp_path: Path) -> None:
    glossary = tmp_path / "g.csv"
    glossary.write_text('id,en,zh\nc1,Korean Peninsula,朝鲜半岛\nc2,"Security Council,安理会\nc3,THAAD,萨德\n',
                        encoding="utf-8")
    with pytest.raises(GlossaryError, match=r'a quote \("\) opened on this line is never closed') as caught:
        load_glossary(glossary)
    assert caught.value.row == 3


def test_a_quote_closed_by_another_stray_quote_is_an_error_too(tmp_path: Path) -> None:
    glossary = tmp_path / "g.csv"
    glossary.write_text('id,en,zh\nc1,"Korean Peninsula,朝鲜半岛\nc2,Security Council,安理会\nc3,"THAAD", "萨德"\n',
                        encoding="utf-8")
    with pytest.raises(GlossaryError, match="opened on this line and closed on line 4") as caught:
        load_glossary(glossary)
    assert caught.value.row == 2


def test_a_term_swallowing_the_next_lines_is_an_error(tmp_path: Path) -> None:
    glossary = tmp_path / "g.csv"
    glossary.write_text('id,en,zh\nc1,"Korean Peninsula,朝鲜半岛\nc2,Security Council",安理会\n', encoding="utf-8")
    with pytest.raises(GlossaryError, match="line break"):
        load_glossary(glossary)


def test_text_in_a_column_without_header_is_an_error(tmp_path: Path) -> None:
    glossary = tmp_path / "g.csv"
    glossary.write_text("id,en,zh\nc1,Korean Peninsula,朝鲜半岛,Корейский полуостров\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="column 4 has text"):
        load_glossary(glossary)


# ------------------------------------------------------------------ 4, 5. Word files: entities, zip bombs


def _docx(path: Path, paragraphs: list[str]) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def _rewrite_part(source: Path, target: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            copy.writestr(item, change(data) if item.filename == part else data)
    return target


def test_a_docx_using_an_entity_is_refused_not_truncated(tmp_path: Path) -> None:
    plain = _docx(tmp_path / "plain.docx", ["The Council met. ORG decided. The rest of the text."])

    def with_entity(data: bytes) -> bytes:
        text = data.decode("utf-8").replace("?>", '?><!DOCTYPE w:document [<!ENTITY org "The Council">]>', 1)
        return text.replace("ORG", "&org;").encode("utf-8")

    hostile = _rewrite_part(plain, tmp_path / "en.docx", "word/document.xml", with_entity)
    with pytest.raises(InputFormatError, match="DOCTYPE"):
        docx_reader.read(hostile, "en")
    assert_one_error_line(run("segment", str(hostile)), "DOCTYPE")


def _bomb_docx(path: Path, paragraphs: int) -> Path:
    """A Word file whose document.xml repeats one paragraph ``paragraphs`` times: packs tiny,
    unpacks huge (written in chunks: the test never holds it whole)."""
    paragraph = b'<w:p><w:r><w:t>The Security Council met and decided.</w:t></w:r></w:p>'
    template = _docx(path.with_name("template.docx"), ["x"])
    with zipfile.ZipFile(template) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in original.infolist():
            if item.filename != "word/document.xml":
                bomb.writestr(item, original.read(item.filename))
                continue
            head, _, tail = original.read(item.filename).partition(b"<w:body>")
            with bomb.open("word/document.xml", "w", force_zip64=True) as part:
                part.write(head + b"<w:body>")
                for _ in range(paragraphs // 1000):
                    part.write(paragraph * 1000)
                part.write(tail.split(b"</w:p>", 1)[1])
    return path


def test_a_docx_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = _bomb_docx(tmp_path / "en.docx", 60_000)  # about 70 KB unpacking to 4.4 MB
    assert bomb.stat().st_size < 200_000
    opened: list[object] = []
    monkeypatch.setattr(docx, "Document", lambda *args: opened.append(args))
    with pytest.raises(InputFormatError, match="zip bomb"):
        docx_reader.read(bomb, "en")
    assert opened == []  # refused from the archive's directory: python-docx never saw it


def test_a_docx_with_too_many_elements_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = _docx(tmp_path / "en.docx", [f"Paragraph {n}." for n in range(300)])
    monkeypatch.setattr(safexml, "MAX_PART_ELEMENTS", 1000)
    with pytest.raises(InputFormatError, match="more than 1,000 elements"):
        docx_reader.read(document, "en")


def test_a_docx_unpacking_beyond_the_input_size_limit_is_refused(tmp_path: Path) -> None:
    document = _docx(tmp_path / "en.docx", ["The Council met. " * 50] * 200)
    with fsutil.input_size_limit(100_000), pytest.raises(InputFormatError, match="unpacks to .* input size limit"):
        docx_reader.read(document, "en")


# ------------------------------------------------------------------ 6. odd tuids


@pytest.mark.parametrize("tuid", ["²", "٣", "9" * 5000, "S-2017-613:12", ""])
def test_check_tmx_with_any_tuid_gives_no_traceback(tmp_path: Path, tuid: str) -> None:
    tmx = tmp_path / "x.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en"/><body>'
        f'<tu tuid="{tuid}"><tuv xml:lang="en"><seg>Korean Peninsula</seg></tuv>'
        '<tuv xml:lang="zh"><seg>朝鲜半岛</seg></tuv></tu></body></tmx>', encoding="utf-8")
    assert [unit.id for unit in read_alignment(tmx).units] == [1]
    result = run("check", "--tmx", str(tmx), "-g", str(KOREAN), "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


# ------------------------------------------------------------------ 7, 13. XLSX glossaries


def _excel_like_xlsx(path: Path, rows: list[list[str]], doctype_in: str = "") -> Path:
    """A workbook laid out as Excel saves it, with its text in a shared-strings part; ``doctype_in``
    names the part that gets a billion-laughs DOCTYPE, its first term replaced by the entity."""
    strings = sorted({cell for row in rows for cell in row})
    cells = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{chr(65 + c)}{r}" t="s"><v>{strings.index(cell)}</v></c>'
                                   for c, cell in enumerate(row)) + "</row>"
        for r, row in enumerate(rows, start=1))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="glossary" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{cells}</sheetData></worksheet>',
        "xl/sharedStrings.xml": (f'<sst xmlns="{main}" count="{len(strings)}" uniqueCount="{len(strings)}">'
                                 + "".join(f"<si><t>{text}</t></si>" for text in strings) + "</sst>"),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            if name == doctype_in:
                xml = LAUGHS.replace("worksheet", xml[1:xml.index(" ")]) + xml.replace(rows[1][1], "&l9;", 1)
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)
    return path


GLOSSARY_ROWS = [["id", "en", "zh"], ["korea", "Korean Peninsula", "朝鲜半岛"], ["council", "Security Council", "安理会"]]
LAUGHS = ('<!DOCTYPE worksheet [<!ENTITY l0 "lol">'
          + "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10)) + "]>")


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"])
def test_an_xlsx_glossary_with_a_doctype_is_a_one_line_error(tmp_path: Path, part: str) -> None:
    plain = _excel_like_xlsx(tmp_path / "plain.xlsx", GLOSSARY_ROWS)
    assert load_glossary(plain).concepts[0].terms["en"] == ("Korean Peninsula",)
    hostile = _excel_like_xlsx(tmp_path / "hostile.xlsx", GLOSSARY_ROWS, doctype_in=part)
    with pytest.raises(GlossaryError, match="DOCTYPE"):
        load_glossary(hostile)
    result = run("check", str(SAMPLE / "en.txt"), str(SAMPLE / "zh.txt"), "-g", str(hostile))
    assert_one_error_line(result, "DOCTYPE")


def test_openpyxl_reads_through_defusedxml() -> None:
    import openpyxl

    assert openpyxl.DEFUSEDXML is True  # defusedxml is a core dependency: openpyxl refuses entities itself


def test_a_formula_in_an_xlsx_glossary_is_an_error_naming_the_cell(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["id", "en", "zh"])
    sheet.append(["korea", "Korean Peninsula", "朝鲜半岛"])
    sheet.append(["council", '=CONCAT("Security ", "Council")', "安理会"])
    path = tmp_path / "g.xlsx"
    workbook.save(path)
    with pytest.raises(GlossaryError, match=r"cell B3 holds a formula") as caught:
        load_glossary(path)
    assert caught.value.row == 3


def test_an_error_value_or_a_date_in_an_xlsx_glossary_is_an_error(tmp_path: Path) -> None:
    import datetime

    for value, message in (("#N/A", "error value #N/A"), (datetime.datetime(2017, 7, 4), "date")):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["id", "en"])
        sheet.append(["c1", value])
        path = tmp_path / "g.xlsx"
        workbook.save(path)
        with pytest.raises(GlossaryError, match=message):
            load_glossary(path)


# ------------------------------------------------------------------ 8. inputs that never end


def test_dev_zero_is_refused_from_its_first_bytes() -> None:
    assert_one_error_line(run("segment", "/dev/zero"), "binary")
    assert_one_error_line(run("align", "/dev/zero", str(SAMPLE / "zh.txt")), "binary")


def test_an_endless_text_stream_stops_at_the_size_limit(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    stop = threading.Event()

    def endless() -> None:
        try:
            while not stop.is_set():
                os.write(write_end, b"The Council met.\n" * 1000)
        except OSError:
            pass

    threading.Thread(target=endless, daemon=True).start()
    try:
        result = run("segment", "--lang", "en", "--max-input-size", "2MB", f"/dev/fd/{read_end}")
    finally:
        stop.set()
        os.close(read_end)
    assert_one_error_line(result, "larger than the input size limit of 2 MB")


def test_a_fifo_nothing_writes_to_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fsutil, "FIFO_WAIT", 0.2)
    fifo = tmp_path / "en.txt"
    os.mkfifo(fifo)
    assert_one_error_line(run("segment", str(fifo)), "nothing wrote to")


def test_a_regular_file_over_the_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "en.txt"
    big.write_bytes(b"The Council met.\n" * 1000)
    assert_one_error_line(run("segment", "--max-input-size", "10KB", str(big)), "is larger (17 KB)")
    assert run("segment", "--max-input-size", "1MB", str(big)).exit_code == 0


def test_a_file_is_read_with_a_buffer_of_its_size_not_of_the_limit(tmp_path: Path) -> None:
    """Asking the file for limit + 1 bytes took a buffer of the whole limit: 200 MB for any file
    over 64 KB, and a MemoryError with a limit raised past the machine's memory."""
    text = tmp_path / "en.txt"
    text.write_bytes(b"The Council met.\n" * 60_000)  # 1 MB
    tracemalloc.start()
    try:
        assert fsutil.read_input(text) == text.read_bytes()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * text.stat().st_size
    with fsutil.input_size_limit(2**60):
        assert len(fsutil.read_input(text)) == text.stat().st_size


# ------------------------------------------------------------------ 9. long output names


@pytest.mark.parametrize("length", [242, 250, 255])
def test_an_output_name_of_legal_length_is_written(texts: dict[str, Path], tmp_path: Path, length: int) -> None:
    for extension in (".tmx", ".xlsx"):
        output = tmp_path / ("x" * (length - len(extension)) + extension)
        result = run("align", str(texts["en"]), str(texts["zh"]), "-o", str(output))
        assert result.exit_code == 0, result.output
        assert output.is_file()


def test_an_output_name_too_long_is_refused_before_any_work(texts: dict[str, Path], tmp_path: Path) -> None:
    result = run("align", str(texts["en"]), str(texts["zh"]), "-o", str(tmp_path / ("x" * 300 + ".tmx")))
    assert_one_error_line(result, "file name is longer than")


# ------------------------------------------------------------------ 10. one bad output: nothing written


@pytest.mark.parametrize("command", ["align", "check", "glossary convert"])
def test_one_bad_output_leaves_nothing_written(texts: dict[str, Path], tmp_path: Path, command: str) -> None:
    out = tmp_path / "out"
    en, zh, glossary = str(texts["en"]), str(texts["zh"]), str(texts["glossary"])
    args = {
        "align": ["align", en, zh, "-o", str(out / "good.tmx"), "-o", str(out / "good.xlsx"), "-o", str(out / "x.pdf")],
        "check": ["check", en, zh, "-g", glossary, "-o", str(out / "good.html"), "-o", str(out / "good.json"),
                  "-o", str(out / "x.pdf")],
        "glossary convert": ["glossary", "convert", glossary, str(out / "x.pdf")],
    }[command]
    assert_one_error_line(run(*args), "x.pdf")
    assert not out.exists()


# ------------------------------------------------------------------ 11. SIGTERM while writing

_KILLED_WHILE_WRITING = """
import os, signal, sys, time
import alignkit.sheets as sheets
from alignkit.cli import cli

class KilledWhileWriting:
    def __init__(self, workbook, archive):
        self.archive = archive

    def save(self):
        self.archive.writestr("[Content_Types].xml", "<Types/>")
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(30)

sheets.ExcelWriter = KilledWhileWriting
cli(sys.argv[1:])
"""


def test_sigterm_while_writing_leaves_no_temporary_file(texts: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "PYTHONPATH": str(Path(alignkit.__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-c", _KILLED_WHILE_WRITING, "align", str(texts["en"]), str(texts["zh"]),
                           "-o", str(out / "x.xlsx")], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert "Traceback" not in done.stderr
    assert list(out.iterdir()) == []


_INTERRUPTED_WHILE_WRITING = _KILLED_WHILE_WRITING.replace("signal.SIGTERM", "signal.SIGINT").replace(
    "cli(sys.argv[1:])",
    # as Python sets it up on a terminal (a shell's background job would start with SIGINT ignored)
    "signal.signal(signal.SIGINT, signal.default_int_handler)\ncli(sys.argv[1:])")


def test_ctrl_c_while_writing_exits_130_and_leaves_the_target_whole(texts: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "x.xlsx").write_bytes(b"before")
    env = {**os.environ, "PYTHONPATH": str(Path(alignkit.__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-c", _INTERRUPTED_WHILE_WRITING, "align", str(texts["en"]),
                           str(texts["zh"]), "-o", str(out / "x.xlsx")], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 128 + signal.SIGINT, done.stderr
    assert done.stderr == ""  # as after SIGTERM: no "Aborted!", no traceback
    assert [path.name for path in out.iterdir()] == ["x.xlsx"]
    assert (out / "x.xlsx").read_bytes() == b"before"


def _makes_unnamed_files(folder: Path) -> bool:
    """Whether the system and file system can make unnamed files (O_TMPFILE) in ``folder``."""
    fd = fsutil._unnamed_file(folder)
    if fd is None:
        return False
    os.close(fd)
    return True


def test_sigkill_while_writing_a_workbook_leaves_nothing_behind(texts: dict[str, Path], tmp_path: Path) -> None:
    """Killed outright (no clean-up can run), the half-written output had no name to leave behind."""
    if not _makes_unnamed_files(tmp_path):
        pytest.skip("this system or file system cannot make unnamed files (O_TMPFILE)")
    out = tmp_path / "out"
    out.mkdir()
    (out / "x.xlsx").write_bytes(b"before")
    env = {**os.environ, "PYTHONPATH": str(Path(alignkit.__file__).resolve().parent.parent)}
    script = _KILLED_WHILE_WRITING.replace("signal.SIGTERM", "signal.SIGKILL")
    done = subprocess.run([sys.executable, "-c", script, "align", str(texts["en"]), str(texts["zh"]),
                           "-o", str(out / "x.xlsx")], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert [path.name for path in out.iterdir()] == ["x.xlsx"]
    assert (out / "x.xlsx").read_bytes() == b"before"


def _cannot_link(fd: int, folder: Path) -> Path:
    raise PermissionError(1, "Operation not permitted")


@pytest.mark.parametrize("way", ["unnamed file", "named temporary file", "unnamed file copied"])
def test_atomic_open_writes_with_the_usual_permissions_and_nothing_beside(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, way: str) -> None:
    unnamed = way != "named temporary file"
    if not unnamed:
        monkeypatch.setattr(fsutil, "_unnamed_file", lambda folder: None)
    elif not _makes_unnamed_files(tmp_path):
        pytest.skip("this system or file system cannot make unnamed files (O_TMPFILE)")
    if way == "unnamed file copied":  # a file system that makes unnamed files but cannot link them
        monkeypatch.setattr(fsutil, "_link_unnamed_file", _cannot_link)
    target = tmp_path / ("y" * 250 + ".tmx")
    mask = os.umask(0o027)
    try:
        with fsutil.atomic_open(target, "w") as handle:
            handle.write("whole")
            assert list(tmp_path.iterdir()) == ([] if unnamed else [Path(handle.name)])
    finally:
        os.umask(mask)
    assert target.read_text() == "whole"
    assert list(tmp_path.iterdir()) == [target]
    assert target.stat().st_mode & 0o777 == 0o640


def test_temporary_files_have_short_names_in_the_target_folder(tmp_path: Path) -> None:
    target = tmp_path / ("y" * 250 + ".tmx")
    with fsutil.atomic_path(target) as tmp:
        assert tmp.parent == tmp_path and len(tmp.name) <= 16
        tmp.write_bytes(b"x")
    assert target.read_bytes() == b"x"


# ------------------------------------------------------------------ 12. batch --resume after a truncated output


def test_resume_redoes_a_document_whose_tmx_was_truncated(texts: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for lang, letter in (("en", "E"), ("zh", "C")):
        shutil.copy(texts[lang], folder / f"S-2017-613-{letter}.txt")
    out = tmp_path / "out"
    assert run("batch", str(folder), "-o", str(out)).exit_code == 0
    complete = (out / "S-2017-613.tmx").read_bytes()
    all_tmx = (out / "all.tmx").read_bytes()
    (out / "S-2017-613.tmx").write_bytes(complete[: len(complete) // 2])
    (out / "summary.csv").unlink()
    result = run("batch", str(folder), "-o", str(out), "--resume")
    assert result.exit_code == 0, result.output
    assert "(0 resumed)" in result.stderr
    assert (out / "S-2017-613.tmx").read_bytes() == complete
    assert (out / "all.tmx").read_bytes() == all_tmx
    assert (out / "summary.csv").is_file()


def test_an_xlsx_glossary_keeps_a_leading_apostrophe(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(["id", "en"])
    workbook.active.append(["c1", "'=x"])  # text typed as is; only CSV files alignkit writes escape with '
    path = tmp_path / "g.xlsx"
    workbook.save(path)
    assert load_glossary(path).concepts[0].terms == {"en": ("'=x",)}


def test_a_bug_is_one_error_line_too(monkeypatch: pytest.MonkeyPatch) -> None:
    import alignkit.pipeline

    def bug(*args: object, **kwargs: object) -> None:
        raise ValueError("an unexpected value")

    monkeypatch.setattr(alignkit.pipeline, "load_document", bug)
    result = run("segment", str(SAMPLE / "en.txt"))
    assert result.exit_code == 3
    assert result.output.strip().splitlines() == [
        "Error: internal error (ValueError: an unexpected value); this is a bug in alignkit: please report it "
        "with the output of --debug"]
    assert isinstance(run("--debug", "segment", str(SAMPLE / "en.txt")).exception, ValueError)


def test_a_closed_output_pipe_ends_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    import alignkit.display

    def closed(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(alignkit.display, "format_segments", closed)
    result = run("segment", str(SAMPLE / "en.txt"))
    assert result.exit_code == 141 and "Error" not in result.output
