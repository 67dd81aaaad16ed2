"""alignkit's TMX in a real OmegaT: a translator's project pre-translated from ``tm/auto/``.

Needs Debian's ``omegat`` package (3.6; ``.ci/run`` installs it): the tests are skipped without the
``omegat`` command.  One OmegaT run serves the module: ``omegat --mode=console-translate`` (no display,
no GUI) on a project in a temporary folder, with HOME, Java's ``user.home`` and OmegaT's
``--config-dir`` there too, so the real home directory is never touched.

The project translates S/2017/613 from English into Chinese (``zh-CN``).  Its source file is the
English text as a translator receives it: one paragraph a line (alignkit's reader joins the
wrapped lines of the PDF extraction; OmegaT's text filter would take each wrapped line for a
paragraph).  OmegaT cuts the text into sentences by its own rules (SRX) and fills a segment only when
a memory holds exactly that sentence, so:

* a unit of one English sentence (``1-1-1``, ``1-2-1``, ``1-1-2``) fills its segment, whatever the
  number of Chinese sentences;
* a unit of two English sentences (``2-1-2``) fills nothing: OmegaT makes two segments of them;
* where OmegaT cuts a sentence alignkit keeps whole (after ``a.i.``), the unit fills nothing either.

Beside the alignment, the project holds two one-unit memories written by alignkit's exporter, one in
``tm/auto/`` and one in ``tm/``, for the two halves OmegaT makes of ``Chargé d’affaires a.i. of the
Russian Federation…``: only the one in ``tm/auto/`` is inserted (``tm/`` gives fuzzy matches in the
editor, never a translation in console mode).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from alignkit.cli import cli
from alignkit.export import export_alignment
from alignkit.export.tmx import TmxUnit, read_tmx
from alignkit.model import Alignment, AlignmentUnit
from alignkit.readers import read_document

OMEGAT = shutil.which("omegat")
pytestmark = pytest.mark.skipif(OMEGAT is None, reason="needs OmegaT (apt-get install omegat)")

SAMPLE = Path(__file__).resolve().parent.parent / "texts" / "S-2017-613"
SOURCE_NAME = "S-2017-613.txt"
#: The project's languages as OmegaT's "new project" dialog writes them.
SOURCE_LANG, TARGET_LANG = "en", "zh-CN"
#: A sentence alignkit keeps whole and OmegaT's English rules cut after ``a.i.``, and its two halves.
CUT_BY_OMEGAT = "Chargé d’affaires a.i. of the Russian Federation to the United Nations"
FIRST_HALF, SECOND_HALF = "Chargé d’affaires a.i.", "of the Russian Federation to the United Nations"
#: The Chinese of the two one-unit memories: SECOND_HALF's in tm/auto/, FIRST_HALF's in tm/.
AUTO_HALF, FUZZY_HALF = "俄罗斯联邦常驻联合国", "临时代办"
#: Never waited for: a guard against a hung JVM, not a speed check.
HANG_GUARD_SECONDS = 600

PROJECT_FILE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>__DEFAULT__</source_dir>
        <target_dir>__DEFAULT__</target_dir>
        <tm_dir>__DEFAULT__</tm_dir>
        <glossary_dir>__DEFAULT__</glossary_dir>
        <glossary_file>__DEFAULT__</glossary_file>
        <dictionary_dir>__DEFAULT__</dictionary_dir>
        <source_lang>{SOURCE_LANG}</source_lang>
        <target_lang>{TARGET_LANG}</target_lang>
        <sentence_seg>true</sentence_seg>
    </project>
</omegat>
"""
#: OmegaT 3.6 refuses a project (console mode: exit status 1) unless all of these exist.
PROJECT_FOLDERS = ("source", "target", "tm/auto", "glossary", "dictionary", "omegat")


@dataclass(frozen=True)
class OmegatRun:
    """What one console-translate run left: its exit status, its output, the translated file."""

    returncode: int
    output: str
    target: str
    units: tuple[TmxUnit, ...]
    home: Path


def _aligned_tmx(folder: Path) -> Path:
    """S/2017/613 aligned en/zh/ru into a TMX by the command line, as a user makes it."""
    tmx = folder / "S-2017-613.tmx"
    args = [str(SAMPLE / f"{lang}.txt") for lang in ("en", "zh", "ru")]
    result = CliRunner().invoke(cli, ["align", *args, "-o", str(tmx)])
    assert result.exit_code == 0, result.output
    return tmx


def _one_unit_memory(path: Path, english: str, chinese: str) -> None:
    """A TMX of one en/zh unit written by alignkit's exporter (a translator's earlier memory)."""
    unit = AlignmentUnit(id=1, segments={"en": (english,), "zh": (chinese,)}, indices={"en": (), "zh": ()},
                         type="1-1")
    export_alignment(Alignment(("en", "zh"), (unit,), name="earlier"), path)


def _source_text() -> str:
    """The English document, one paragraph a line and a blank line between paragraphs."""
    document = read_document(SAMPLE / "en.txt", "en")
    return "".join(f"{paragraph.text}\n\n" for paragraph in document.paragraphs)


def _make_project(root: Path, tmx: Path) -> Path:
    project = root / "project"
    for folder in PROJECT_FOLDERS:
        (project / folder).mkdir(parents=True)
    (project / "omegat.project").write_text(PROJECT_FILE, encoding="utf-8")
    (project / "source" / SOURCE_NAME).write_text(_source_text(), encoding="utf-8")
    shutil.copy(tmx, project / "tm" / "auto" / tmx.name)
    _one_unit_memory(project / "tm" / "auto" / "earlier-auto.tmx", SECOND_HALF, AUTO_HALF)
    _one_unit_memory(project / "tm" / "earlier-fuzzy.tmx", FIRST_HALF, FUZZY_HALF)
    return project


def _isolated_environment(home: Path) -> dict[str, str]:
    """No display (a GUI could not start by mistake), HOME and Java's user.home in ``home``."""
    environment = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    environment["HOME"] = str(home)
    environment["JAVA_TOOL_OPTIONS"] = f"-Duser.home={home} -Djava.awt.headless=true"
    return environment


@pytest.fixture(scope="module")
def omegat_run(tmp_path_factory: pytest.TempPathFactory) -> OmegatRun:
    """The sample TMX in a zh-CN OmegaT project's tm/auto/, translated once in console mode."""
    assert OMEGAT is not None
    root = tmp_path_factory.mktemp("omegat")
    tmx = _aligned_tmx(root)
    project = _make_project(root, tmx)
    home = root / "home"
    home.mkdir()
    command = [OMEGAT, "--mode=console-translate", f"--config-dir={home / 'config'}",
               "--disable-project-locking", "--no-team", str(project)]
    completed = subprocess.run(command, cwd=root, env=_isolated_environment(home), capture_output=True,
                               text=True, timeout=HANG_GUARD_SECONDS, check=False)
    target = project / "target" / SOURCE_NAME
    return OmegatRun(completed.returncode, completed.stdout + completed.stderr,
                     target.read_text(encoding="utf-8") if target.exists() else "",
                     read_tmx(tmx).units, home)


def _pivot_sentences(unit: TmxUnit) -> int:
    return int(unit.props["x-type"].split("-")[0])


def _target_segments(run: OmegatRun) -> set[str]:
    """The translated file's paragraphs (OmegaT writes each on its line, as in the source)."""
    return {line for line in run.target.splitlines() if line}


# ----------------------------------------------------------------- the run


def test_omegat_translates_the_project_without_an_error(omegat_run: OmegatRun) -> None:
    assert omegat_run.returncode == 0, omegat_run.output
    assert "Finished" in omegat_run.output
    assert "Reading of TMX file complete" in omegat_run.output
    for word in ("Error", "Exception", "Warning"):
        assert word not in omegat_run.output, omegat_run.output
    assert omegat_run.target, "no translated file"


def test_omegat_reads_the_tmx_header_as_written(omegat_run: OmegatRun) -> None:
    assert "Created by: alignkit" in omegat_run.output
    assert "Segmentation method: sentence" in omegat_run.output
    assert f"Source language: {SOURCE_LANG}" in omegat_run.output


def test_omegat_writes_only_in_the_given_folders(omegat_run: OmegatRun) -> None:
    written = {path.relative_to(omegat_run.home).parts[0] for path in omegat_run.home.rglob("*")}
    assert written <= {"config"}, written


# ----------------------------------------------------------------- what tm/auto fills


def test_every_unit_of_one_english_sentence_fills_its_segment(omegat_run: OmegatRun) -> None:
    single = [unit for unit in omegat_run.units
              if _pivot_sentences(unit) == 1 and unit.texts.get("zh") and unit.texts["en"] != CUT_BY_OMEGAT]
    missing = [unit.tuid for unit in single if unit.texts["zh"] not in omegat_run.target]
    assert not missing, f"units not inserted by OmegaT: {missing}"
    assert len(single) >= 30
    assert {unit.props["x-type"] for unit in single} >= {"1-1-1", "1-2-1", "1-1-2"}


def test_a_whole_paragraph_of_one_sentence_becomes_its_chinese(omegat_run: OmegatRun) -> None:
    first = omegat_run.units[0]
    assert first.texts["zh"] in _target_segments(omegat_run)
    assert first.texts["en"] not in omegat_run.target


def test_a_unit_of_several_english_sentences_fills_nothing(omegat_run: OmegatRun) -> None:
    several = [unit for unit in omegat_run.units if _pivot_sentences(unit) > 1]
    assert several, "the sample has 2-1-2 units"
    for unit in several:
        assert unit.texts["zh"] not in omegat_run.target, unit.tuid
        assert unit.texts["en"] in omegat_run.target, unit.tuid  # left in English


def test_a_sentence_omegat_cuts_is_filled_only_where_a_memory_holds_the_piece(omegat_run: OmegatRun) -> None:
    whole = next(unit for unit in omegat_run.units if unit.texts["en"] == CUT_BY_OMEGAT)
    assert whole.props["x-type"] == "1-1-1"
    assert whole.texts["zh"] not in omegat_run.target
    # the half in tm/auto/ is inserted, the half whose memory is in tm/ stays English
    assert f"{FIRST_HALF} {AUTO_HALF}" in _target_segments(omegat_run)
    assert FUZZY_HALF not in omegat_run.target


def test_paragraph_numbers_stay_as_they_are(omegat_run: OmegatRun) -> None:
    numbered = [line for line in _target_segments(omegat_run) if line[:2] in {f"{n}." for n in range(1, 7)}]
    assert len(numbered) == 6
    assert any(line.startswith("2. 双方") for line in numbered)
