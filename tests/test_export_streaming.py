"""TMX, CSV/TSV and JSON Lines are written as a stream: memory bounded by a unit (or a chunk), not the output.

The bytes are those of the golden files (tests/test_export_golden.py); here: the
writers never hold the whole output, a TMX unit is serialised before the next one
is made, the CSV chunks join into exactly one table, and a write that fails half
way leaves the target as it was.
"""

from __future__ import annotations

import dataclasses
import io
import os
import signal
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

import alignkit
from alignkit.errors import ExportError
from alignkit.export import csv as csv_export
from alignkit.export import export_alignment, tmx
from alignkit.fsutil import TEMP_PREFIX
from alignkit.model import Alignment, AlignmentUnit
from export_fixtures import tiny_alignment
from golden import GOLDEN

STREAMED = (".tmx", ".csv", ".tsv", ".jsonl")


def long_alignment(units: int) -> Alignment:
    """``units`` units cycling through the tiny alignment's, each sentence made eight times longer and unique."""
    tiny = tiny_alignment()

    def unit(number: int) -> AlignmentUnit:
        model = tiny.units[number % len(tiny.units)]
        segments = {lang: tuple(f"{sentence} {number} " * 8 for sentence in sentences)
                    for lang, sentences in model.segments.items()}
        return dataclasses.replace(model, id=number + 1, segments=segments)

    return dataclasses.replace(tiny, units=tuple(unit(number) for number in range(units)))


def _peak_while_writing(alignment: Alignment, path: Path) -> int:
    """The most memory (Python allocations) writing ``alignment`` to ``path`` took, in bytes."""
    tracemalloc.start()
    try:
        export_alignment(alignment, path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("extension", STREAMED)
def test_writing_takes_a_fraction_of_the_output_in_memory(tmp_path: Path, extension: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer that built its whole output first (a TMX as bytes, a table of every row) would
    need about the output's size or more; a streaming one a unit or a chunk of rows."""
    monkeypatch.setattr(csv_export, "CHUNK_ROWS", 50)
    export_alignment(long_alignment(3), tmp_path / f"warm-up{extension}")  # modules imported, caches filled
    path = tmp_path / f"long{extension}"
    peak = _peak_while_writing(long_alignment(1500), path)
    assert path.stat().st_size > 1_000_000
    assert peak < path.stat().st_size / 4, f"{peak:,} bytes in memory to write {path.stat().st_size:,}"


def test_tmx_units_are_serialised_before_the_next_is_asked_for() -> None:
    """write_tmx pulls units from a generator one at a time and writes each out before the next
    (up to lxml's small output buffer), so the units never all exist at once."""
    handle = io.BytesIO()
    written_when_asked: list[int] = []

    def units() -> Iterator[etree._Element]:
        for number in range(1, 2001):
            written_when_asked.append(len(handle.getvalue()))
            tu = etree.Element("tu", tuid=str(number))
            etree.SubElement(etree.SubElement(tu, "tuv"), "seg").text = f"sentence {number} " * 10
            yield tu

    tmx.write_tmx(handle, tmx.header_element(Alignment(("en",), ())), units())
    total = len(handle.getvalue())
    assert written_when_asked[-1] > 0.95 * total
    assert written_when_asked == sorted(written_when_asked)


def test_tmx_of_a_unit_generator_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "stream.tmx"
    path.write_bytes(tmx.to_bytes(long_alignment(40)))
    read = tmx.read_tmx(path)
    assert [unit.tuid for unit in read.units] == [str(number) for number in range(1, 41)]


@pytest.mark.parametrize("name", ["tiny.csv", "tiny.tsv"])
def test_table_chunks_join_into_the_golden_table(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Written two rows at a time, the table has one header, one byte-order mark (CSV) and the golden bytes."""
    monkeypatch.setattr(csv_export, "CHUNK_ROWS", 2)
    (written,) = export_alignment(tiny_alignment(), tmp_path / name)
    assert written.read_bytes() == (GOLDEN / name).read_bytes()


@pytest.mark.parametrize(("name", "expected"), [
    ("empty.csv", b"\xef\xbb\xbfunit,paragraph,en,zh,status,comment,type,score,flagged,edited\r\n"),
    ("empty.tsv", b"unit\tparagraph\ten\tzh\tstatus\tcomment\ttype\tscore\tflagged\tedited\n"),
])
def test_a_table_of_no_unit_is_its_header(tmp_path: Path, name: str, expected: bytes) -> None:
    (written,) = export_alignment(Alignment(("en", "zh"), ()), tmp_path / name)
    assert written.read_bytes() == expected


@pytest.mark.parametrize("extension", STREAMED)
def test_a_write_failing_half_way_leaves_the_old_file(tmp_path: Path, extension: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Half the units are already in the temporary file when the failure comes: it is removed
    and the target keeps its old content."""
    alignment = long_alignment(400)
    failing = alignment.units[300]
    real_text = AlignmentUnit.text

    def text(unit: AlignmentUnit, lang: str) -> str:
        if unit is failing:
            raise OSError(28, "No space left on device")
        return real_text(unit, lang)

    target = tmp_path / f"old{extension}"
    target.write_bytes(b"the previous version")
    monkeypatch.setattr(AlignmentUnit, "text", text)
    monkeypatch.setattr(csv_export, "CHUNK_ROWS", 50)
    with pytest.raises(ExportError, match="No space left on device"):
        export_alignment(alignment, target)
    assert target.read_bytes() == b"the previous version"
    assert not [name for name in os.listdir(tmp_path) if name.startswith(TEMP_PREFIX)]


#: alignkit align, killed by SIGTERM when its TMX is half written (units flushed to the temporary file).
_KILLED_WHILE_STREAMING = """
import os, signal, sys
from alignkit.cli import cli
from alignkit.export import tmx

real_unit = tmx._translation_unit

def written(folder):
    # The size of the output being written: a file without a name yet (Linux O_TMPFILE, shown as
    # "#inode (deleted)") or a named temporary file, open in this process.
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if os.path.dirname(target) == folder and target.endswith((".tmp", " (deleted)")):
            return os.fstat(int(fd)).st_size
    raise AssertionError("no temporary output open")

def unit(unit, alignment):
    if unit.id == 30:
        assert written(os.path.dirname(sys.argv[-1])) > 0, "nothing written yet"
        os.kill(os.getpid(), signal.SIGTERM)
    return real_unit(unit, alignment)

tmx._translation_unit = unit
cli(sys.argv[1:])
"""


def test_sigterm_while_streaming_leaves_no_temporary_file(sample_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "PYTHONPATH": str(Path(alignkit.__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-c", _KILLED_WHILE_STREAMING, "align", str(sample_dir / "en.txt"),
                           str(sample_dir / "zh.txt"), "-o", str(out / "x.tmx")],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert "Traceback" not in done.stderr
    assert list(out.iterdir()) == []
