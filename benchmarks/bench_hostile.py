"""How fast hostile inputs are refused, and at what memory: ``python benchmarks/bench_hostile.py``.

Each case runs the ``alignkit`` command line in a fresh process (as a user would) and
reports its wall time, exit status, peak resident memory and the error line:

* ``/dev/zero`` as a text: refused from its first bytes (binary);
* an endless text on a pipe (``yes``-like): refused at the input size limit (200 MB);
* a FIFO nothing writes to: refused after ``fsutil.FIFO_WAIT`` seconds;
* a 400 KB Word file unpacking to 100 MB of paragraphs (the zip bomb of issue 11), and an
  XLSX glossary unpacking to 100 MB: refused from the zip directory;
* the largest Word file the limits let through (document.xml just under 3,000,000 tags
  and 50 MB, packed at about 4:1), read whole: the memory bound of a real read.

Process times include starting Python and importing alignkit (about 0.6 s here); the
in-process lines time the refusal alone (``fsutil.read_input``, ``safexml.check_package``).

Builds its files in a temporary folder; needs no network and nothing from ../shared.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
TEMPLATE_DOCUMENT = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                     b"<w:body>")


@dataclass
class Measured:
    case: str
    seconds: float
    status: int
    peak_mib: float
    message: str


def run_cli(case: str, args: list[str], stdin: int | None = None) -> Measured:
    """Run ``alignkit <args>`` in a child process; its peak RSS from wait4's rusage."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "alignkit", *args], env=ENV, stdin=stdin,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    message = next((line for line in stderr.splitlines() if line.startswith("Error:")), stderr.strip()[-120:])
    return Measured(case, seconds, process.returncode, usage.ru_maxrss / 1024, message[:140])


def docx_package(document: Path, write_body: object) -> None:
    """A minimal Word package whose document.xml is streamed by ``write_body(handle)``."""
    with zipfile.ZipFile(document, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>'))
        package.writestr("_rels/.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>'))
        with package.open("word/document.xml", "w", force_zip64=True) as handle:
            handle.write(TEMPLATE_DOCUMENT)
            write_body(handle)  # type: ignore[operator]
            handle.write(b"</w:body></w:document>")


def bomb_docx(path: Path, size: int) -> None:
    paragraph = b"<w:p><w:r><w:t>The Security Council met and decided to remain seized of the matter.</w:t></w:r></w:p>"
    docx_package(path, lambda handle: [handle.write(paragraph * 1000) for _ in range(size // len(paragraph) // 1000)])


def largest_docx(path: Path, tags: int) -> None:
    """Paragraphs of random words (so it packs at about 3:1) with ``tags`` tags in all."""
    words = ["council", "security", "resolution", "member", "states", "decided", "peninsula", "korea", "the",
             "of", "and", "on", "2017", "July", "statement", "joint", "ministers", "foreign"]
    rng = random.Random(1)

    def body(handle: io.BufferedWriter) -> None:
        per_paragraph = 6  # <w:p><w:r><w:t>...</w:t></w:r></w:p>
        for _ in range(tags // per_paragraph // 1000):
            chunk = [b"<w:p><w:r><w:t>" + " ".join(rng.choice(words) for _ in range(8)).encode()
                     + b".</w:t></w:r></w:p>" for _ in range(1000)]
            handle.write(b"".join(chunk))

    docx_package(path, body)


def bomb_xlsx(path: Path, size: int) -> None:
    row = b'<row><c t="inlineStr"><is><t>Security Council</t></is></c></row>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as handle:
            handle.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for _ in range(size // len(row) // 1000):
                handle.write(row * 1000)
            handle.write(b"</sheetData></worksheet>")


def in_process(case: str, refuse: object) -> Measured:
    """Time ``refuse()`` in this process; it must raise an AlignkitError."""
    from alignkit.errors import AlignkitError

    started = time.perf_counter()
    try:
        refuse()  # type: ignore[operator]
    except AlignkitError as error:
        return Measured(case, time.perf_counter() - started, 2, float("nan"), f"Error: {error}"[:140])
    raise AssertionError(f"{case}: not refused")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-largest", action="store_true", help="skip reading the largest accepted Word file")
    options = parser.parse_args()
    results: list[Measured] = []
    sample = ROOT / "texts" / "S-2017-613" / "en.txt"
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        results.append(run_cli("/dev/zero as a text", ["segment", "/dev/zero"]))
        results.append(run_cli("/dev/zero, the language from a sample", ["align", "/dev/zero", str(sample)]))

        endless = subprocess.Popen(["yes", "The Security Council met on 4 July 2017."], stdout=subprocess.PIPE)
        assert endless.stdout is not None
        results.append(run_cli("endless text on a pipe (yes |), default limit", ["segment", "--lang", "en",
                                                                                 "/dev/stdin"],
                               stdin=endless.stdout.fileno()))
        endless.kill()
        endless.wait()

        fifo = tmp / "en.txt"
        os.mkfifo(fifo)
        results.append(run_cli("FIFO nothing writes to", ["segment", str(fifo)]))

        bomb = tmp / "bomb-en.docx"
        bomb_docx(bomb, 100_000_000)
        results.append(run_cli(f"docx zip bomb ({bomb.stat().st_size // 1000} KB -> 100 MB)", ["segment", str(bomb)]))

        sheet = tmp / "bomb.xlsx"
        bomb_xlsx(sheet, 100_000_000)
        results.append(run_cli(f"xlsx glossary zip bomb ({sheet.stat().st_size // 1000} KB -> 100 MB)",
                               ["glossary", "convert", str(sheet), str(tmp / "out.csv")]))

        sys.path.insert(0, str(ROOT / "src"))
        from alignkit import fsutil, safexml
        from alignkit.text.decode import check_text_start

        results.append(in_process("in process: fsutil.read_input('/dev/zero') with the text check", lambda: (
            fsutil.read_input("/dev/zero", check_start=lambda head: check_text_start(head, "/dev/zero")))))
        bomb_bytes = bomb.read_bytes()
        results.append(in_process("in process: safexml.check_package(docx zip bomb)", lambda: (
            safexml.check_package(bomb_bytes, bomb, kind="Word .docx file"))))

        if not options.skip_largest:
            largest = tmp / "largest-en.docx"
            largest_docx(largest, 2_994_000)
            with zipfile.ZipFile(largest) as package:
                info = package.getinfo("word/document.xml")
            results.append(run_cli(
                f"largest accepted docx ({largest.stat().st_size / 1e6:.1f} MB -> {info.file_size / 1e6:.0f} MB, "
                "just under 3,000,000 tags), segmented", ["segment", str(largest)]))
            results.append(run_cli("the same, read only (--presegmented: no sentence splitting)",
                                   ["segment", "--presegmented", str(largest)]))

    print(f"alignkit hostile-input refusals; Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"RUSAGE_SELF {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB\n")
    print("| case | seconds | exit | peak RSS MiB | message |")
    print("|---|---:|---:|---:|---|")
    for item in results:
        peak = "" if item.peak_mib != item.peak_mib else f"{item.peak_mib:.0f}"
        print(f"| {item.case} | {item.seconds:.3f} | {item.status} | {peak} | {item.message} |")


if __name__ == "__main__":
    main()
