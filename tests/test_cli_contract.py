"""The error contract of the command line, over every command and every kind of input:
a bad input gives exit status 2, one ``Error:`` line, no traceback, no output file, and
every input byte-identical afterwards.

Each case puts one bad file into one slot of a command that is otherwise well formed
(good texts, a good glossary, outputs asked for in ``out/``).
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from alignkit import fsutil
from alignkit.cli import cli
from alignkit.terms import load_glossary, save_glossary

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "texts" / "S-2017-613"
KOREAN = ROOT / "glossaries" / "korean-peninsula.csv"
LAUGHS = ('<!DOCTYPE {root} [<!ENTITY l0 "lol">'
          + "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10)) + "]>")

Builder = Callable[[Path], object]


# ------------------------------------------------------------------ good inputs


def _docx(path: Path) -> None:
    document = docx.Document()
    for line in (SAMPLE / "en.txt").read_text(encoding="utf-8").split("\n\n")[:6]:
        document.add_paragraph(" ".join(line.split()))
    document.save(str(path))


def _pdf(path: Path) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawString(72, 720, "The Security Council met on 4 July 2017.")
    pdf.save()


def _tmx(path: Path) -> None:
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en"/><body>'
        '<tu tuid="1"><tuv xml:lang="en"><seg>Korean Peninsula</seg></tuv>'
        '<tuv xml:lang="zh"><seg>朝鲜半岛</seg></tuv></tu></body></tmx>\n', encoding="utf-8")


def _intertext(path: Path) -> None:
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<linkGrp toDoc="d_en.xml" fromDoc="d_zh.xml">'
                    '<link type="1-1" xtargets="1:1;1:1"/></linkGrp>\n', encoding="utf-8")


GOOD: dict[str, Builder] = {
    "en.txt": lambda path: shutil.copy(SAMPLE / "en.txt", path),
    "zh.txt": lambda path: shutil.copy(SAMPLE / "zh.txt", path),
    "en.docx": _docx,
    "en.pdf": _pdf,
    "g.csv": lambda path: shutil.copy(KOREAN, path),
    "g.tsv": lambda path: save_glossary(load_glossary(KOREAN), path),
    "g.xlsx": lambda path: save_glossary(load_glossary(KOREAN), path),
    "g.tbx": lambda path: save_glossary(load_glossary(KOREAN), path),
    "x.tmx": _tmx,
    "gold.align": lambda path: path.write_text("[0]:[0]\n[1]:[1, 2]\n", encoding="utf-8"),
    "d_zh.d_en.xml": _intertext,
}


@pytest.fixture(scope="module")
def good_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("good")
    for name, build in GOOD.items():
        build(folder / name)
    return folder


# ------------------------------------------------------------------ bad inputs


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _replace_text(old: str, new: str) -> Builder:
    def change(path: Path) -> None:
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return change


def _with_laughs(root: str, old: str) -> Builder:
    def change(path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        head, _, rest = text.partition("?>")
        path.write_text(head + "?>" + LAUGHS.format(root=root) + rest.replace(old, "&l9;", 1), encoding="utf-8")
    return change


def _docx_with_entity(path: Path) -> None:
    data = path.read_bytes()
    with zipfile.ZipFile(path.with_suffix(".orig"), "w") as copy, zipfile.ZipFile(_bytes_file(path, data)) as original:
        for item in original.infolist():
            content = original.read(item.filename)
            if item.filename == "word/document.xml":
                text = content.decode("utf-8")
                text = text.replace("?>", "?>" + LAUGHS.format(root="w:document"), 1).replace("Security", "&l9;", 1)
                content = text.encode("utf-8")
            copy.writestr(item, content)
    path.with_suffix(".orig").replace(path)


def _bytes_file(path: Path, data: bytes) -> Path:
    copy = path.with_suffix(".bytes")
    copy.write_bytes(data)
    return copy


def _xlsx_with_formula(path: Path) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    workbook.active["B2"] = "=1+1"
    workbook.save(path)


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _missing(path: Path) -> None:
    path.unlink()


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _binary(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 40)


def _fifo_without_writer(path: Path) -> None:
    import os

    path.unlink()
    os.mkfifo(path)


COMMON: dict[str, Builder] = {"empty": _empty, "binary": _binary, "a folder": _folder, "missing": _missing,
                              "a FIFO nothing writes to": _fifo_without_writer}
#: Bad versions of each good input, by what is wrong.
BAD: dict[str, dict[str, Builder]] = {
    "en.txt": {**COMMON, "a zip file": lambda path: shutil.copy(path.with_name("en.docx"), path)},
    "en.docx": {**COMMON, "truncated": _truncated, "not a zip": lambda path: path.write_text("text", encoding="utf-8"),
                "billion laughs": _docx_with_entity},
    "en.pdf": {**COMMON, "truncated": _truncated, "broken": lambda path: path.write_bytes(b"%PDF-1.4 broken")},
    "g.csv": {**COMMON, "stray quote": _replace_text(",Korean Peninsula", ',"Korean Peninsula'),
              "no id column": _replace_text("id,", "name,")},
    "g.tsv": {**COMMON, "stray quote": _replace_text("\tKorean Peninsula", '\t"Korean Peninsula')},
    "g.xlsx": {**COMMON, "truncated": _truncated, "a formula": _xlsx_with_formula},
    "g.tbx": {**COMMON, "truncated": _truncated, "billion laughs": _with_laughs("martif", "Korean Peninsula")},
    "x.tmx": {**COMMON, "truncated": _truncated, "billion laughs": _with_laughs("tmx", "Korean Peninsula"),
              "not TMX": _replace_text("<tmx version", "<html version")},
    "gold.align": {**COMMON, "malformed": lambda path: path.write_text("[0]:[x]\n", encoding="utf-8")},
    "d_zh.d_en.xml": {**COMMON, "truncated": _truncated, "billion laughs": _with_laughs("linkGrp", "1:1;1:1")},
}

#: Each command with a slot ({slot}) for the bad input, and the good inputs it also reads.
COMMANDS: dict[str, list[str]] = {
    "align FILE": ["align", "{slot}", "zh.txt", "-o", "out/a.tmx", "-o", "out/a.xlsx"],
    "align -g": ["align", "en.txt", "zh.txt", "-g", "{slot}", "-o", "out/a.tmx"],
    "align --gold": ["align", "en.txt", "zh.txt", "--gold", "{slot}", "-o", "out/a.tmx"],
    "check FILE": ["check", "{slot}", "zh.txt", "-g", "g.csv", "-o", "out/r.html"],
    "check -g": ["check", "en.txt", "zh.txt", "-g", "{slot}", "-o", "out/r.json"],
    "check --tmx": ["check", "--tmx", "{slot}", "-g", "g.csv", "-o", "out/r.xlsx"],
    "segment": ["segment", "{slot}"],
    "score GOLD": ["score", "{slot}", "gold.align"],
    "score TEST": ["score", "gold.align", "{slot}"],
    "batch -g": ["batch", "in", "-o", "out", "-g", "{slot}"],
    "glossary convert": ["glossary", "convert", "{slot}", "out/g.tbx"],
    "review FILE": ["review", "{slot}", "--no-browser"],
    "review -g": ["review", "x.tmx", "-g", "{slot}", "--no-browser"],
}
#: Which inputs each slot takes.
SLOT_KINDS: dict[str, tuple[str, ...]] = {
    "align FILE": ("en.txt", "en.docx", "en.pdf"),
    "align -g": ("g.csv", "g.tsv", "g.xlsx", "g.tbx"),
    "align --gold": ("gold.align", "d_zh.d_en.xml"),
    "check FILE": ("en.txt", "en.docx", "en.pdf"),
    "check -g": ("g.csv", "g.tsv", "g.xlsx", "g.tbx"),
    "check --tmx": ("x.tmx",),
    "segment": ("en.txt", "en.docx", "en.pdf"),
    "score GOLD": ("gold.align", "d_zh.d_en.xml"),
    "score TEST": ("gold.align", "d_zh.d_en.xml"),
    "batch -g": ("g.csv", "g.xlsx", "g.tbx"),
    "glossary convert": ("g.csv", "g.tsv", "g.xlsx", "g.tbx"),
    "review FILE": ("x.tmx",),
    "review -g": ("g.csv", "g.tsv", "g.xlsx", "g.tbx"),
}
CASES = [(command, kind, problem) for command, kinds in SLOT_KINDS.items() for kind in kinds
         for problem in BAD[kind]
         if not (problem == "a folder" and command.startswith("score"))]  # a folder of gold files is allowed


def _must_not_serve(*args: object, **kwargs: object) -> None:
    raise AssertionError("alignkit review served a bad input")


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    return {str(path.relative_to(folder)): path.read_bytes() if path.is_file() else None
            for path in sorted(folder.rglob("*"))}


@pytest.mark.parametrize(("command", "kind", "problem"), CASES, ids=[" | ".join(case) for case in CASES])
def test_bad_input_gives_one_error_line_and_touches_nothing(
        good_files: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, kind: str, problem: str,
) -> None:
    monkeypatch.setattr(fsutil, "FIFO_WAIT", 0.1)
    if command.startswith("review"):  # a bad input must stop it before it serves (and waits for Ctrl-C)
        import alignkit.review.web

        monkeypatch.setattr(alignkit.review.web, "serve", _must_not_serve)
    work = tmp_path / "work"
    shutil.copytree(good_files, work)
    (work / "in").mkdir()
    for lang, letter in (("en", "E"), ("zh", "C")):
        shutil.copy(work / f"{lang}.txt", work / "in" / f"S-2017-613-{letter}.txt")
    bad = work / f"bad-{kind}"
    if kind.endswith(".xml"):
        bad = work / "bad_zh.bad_en.xml"
    elif kind.startswith("en."):
        bad = work / f"en-bad{Path(kind).suffix}"
    shutil.copy(work / kind, bad)
    BAD[kind][problem](bad)
    before = _snapshot(work)
    monkeypatch.chdir(work)

    args = [bad.name if part == "{slot}" else part for part in COMMANDS[command]]
    result = CliRunner().invoke(cli, args)

    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.output
    assert not (work / "out").exists()
    assert _snapshot(work) == before


@pytest.mark.parametrize("problem", ["missing", "a file"])
def test_batch_input_folder_that_is_not_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, problem: str) -> None:
    monkeypatch.chdir(tmp_path)
    if problem == "a file":
        Path("in").write_text("text", encoding="utf-8")
    before = _snapshot(tmp_path)
    result = CliRunner().invoke(cli, ["batch", "in", "-o", "out"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert len([line for line in result.output.splitlines() if line.startswith("Error:")]) == 1
    assert not Path("out").exists() and _snapshot(tmp_path) == before
