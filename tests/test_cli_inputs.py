"""What the commands do with inputs that are not plain UTF-8 text files: standard input (``-``),
legacy and byte-order-marked encodings, and files of other formats given as texts."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from alignkit.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "texts" / "S-2017-613"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def run_with_stdin(data: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    """The real command with ``data`` on its standard input (CliRunner's stdin is not /dev/stdin)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "alignkit", *args], input=data, capture_output=True,
                          env=env, timeout=300, check=False)


def assert_one_error(result: Result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1, result.output
    assert all(word in result.output for word in words), result.output


def test_segment_reads_standard_input_as_dash() -> None:
    done = run_with_stdin((SAMPLE / "ru.txt").read_bytes(), "segment", "-")
    assert done.returncode == 0, done.stderr
    assert "Имеем честь" in done.stdout.decode()


def test_align_reads_one_text_from_standard_input(tmp_path: Path) -> None:
    output = tmp_path / "out.align"
    done = run_with_stdin((SAMPLE / "zh.txt").read_bytes(), "align", "-", str(SAMPLE / "en.txt"),
                          "-o", str(output), "--no-progress")
    assert done.returncode == 0, done.stderr
    assert output.read_text(encoding="utf-8").count("\n") > 30


def test_convert_from_standard_input_says_which_extensions_it_reads() -> None:
    done = run_with_stdin(b"x", "convert", "/dev/stdin", "-o", "never-written.tmx")
    message = done.stderr.decode()
    assert done.returncode == 2 and message.count("\n") == 1
    assert "(no extension)" in message and ".tmx" in message and ".xlsx" in message


def test_a_gb18030_text_is_detected(tmp_path: Path) -> None:
    chinese = tmp_path / "zh.txt"
    chinese.write_bytes((SAMPLE / "zh.txt").read_text(encoding="utf-8").encode("gb18030"))
    result = run("segment", str(chinese))
    assert result.exit_code == 0, result.output
    assert "谨随函转递" in result.output


def test_a_byte_order_mark_wins_over_encoding(tmp_path: Path) -> None:
    """--encoding is for every input; a UTF-16 file with its mark is still read by the mark."""
    chinese = tmp_path / "zh.txt"
    chinese.write_bytes((SAMPLE / "zh.txt").read_text(encoding="utf-8").encode("gb18030"))
    english = tmp_path / "en.txt"
    english.write_bytes(codecs.BOM_UTF16_LE + (SAMPLE / "en.txt").read_text(encoding="utf-8").encode("utf-16-le"))
    result = run("align", str(chinese), str(english), "--encoding", "gb18030", "-o", str(tmp_path / "a.align"),
                 "--no-progress")
    assert result.exit_code == 0, result.output


def test_encoding_help_says_a_byte_order_mark_wins() -> None:
    assert "byte-order mark" in " ".join(run("align", "--help").output.split())


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("memory.tmx", ("memory.tmx: is a translation memory", "alignkit convert ", "memory.tmx -o OUT.xlsx", "check --tmx")),
        ("terms.tbx", ("terms.tbx: is a glossary (TBX)", "--glossary")),
        ("page.html", ("page.html: is a web page",)),
    ],
)
def test_align_refuses_a_structured_file_given_as_a_text(tmp_path: Path, name: str, words: tuple[str, ...]) -> None:
    path = tmp_path / name
    path.write_text("<?xml version='1.0'?><tmx version='1.4'><body><tu><tuv xml:lang='en'><seg>Hi.</seg></tuv>"
                    "</tu></body></tmx>", encoding="utf-8")
    assert_one_error(run("align", str(path), str(SAMPLE / "zh.txt")), *words)
    assert_one_error(run("segment", str(path)), *words)


def test_a_word_document_named_txt_is_named_for_what_it_is(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("The Council met.")
    path = tmp_path / "en.txt"
    document.save(str(path))
    assert_one_error(run("align", str(path), str(SAMPLE / "zh.txt")),
                     f"{path}: is a Word document (a zip archive): name it .docx")


def test_a_pdf_named_txt_is_named_for_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "en.txt"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    assert_one_error(run("segment", str(path)), f"{path}: is a PDF: name it .pdf")


def test_a_document_from_standard_input_is_named_stdin(tmp_path: Path) -> None:
    output = tmp_path / "a.tmx"
    done = run_with_stdin((SAMPLE / "en.txt").read_bytes(), "align", "-", str(SAMPLE / "zh.txt"), "-o", str(output),
                          "--no-progress")
    assert done.returncode == 0, done.stderr
    assert done.stderr.decode().startswith("stdin: ")
