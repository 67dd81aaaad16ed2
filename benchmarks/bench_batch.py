"""Documents per minute of ``alignkit batch``: one process, two processes, a 2-worker Dask LocalCluster.

Builds a folder of N copies of the sample document S/2017/613 under different
symbols, each in mixed formats as ODS delivers them (English .txt, Chinese
.docx, Russian .pdf), then times the same batch three ways on it and prints a
Markdown table for BENCHMARKS.md.

    python benchmarks/bench_batch.py                  # 24 documents
    python benchmarks/bench_batch.py --documents 60

Needs python-docx, pdfplumber and reportlab (the dev extra) and, for the
cluster row, dask[distributed]; no network and no data beyond texts/.
"""

from __future__ import annotations

import argparse
import html
import os
import platform
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "texts" / "S-2017-613"
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("PYTHONPATH", str(ROOT / "src"))  # for spawned workers of a source checkout

from alignkit import __version__  # noqa: E402
from alignkit.batch import BatchResult, run_batch  # noqa: E402


def _paragraphs(path: Path) -> list[str]:
    return [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def _write_docx(path: Path, paragraphs: list[str]) -> None:
    import docx

    document = docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    document.save(str(path))


def _write_pdf(path: Path, paragraphs: list[str]) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=11, leading=14, spaceAfter=8)
    title = ParagraphStyle("title", parent=body, fontSize=15, leading=19)
    story = [Paragraph(html.escape(paragraphs[0]), title), *(Paragraph(html.escape(p), body) for p in paragraphs[1:])]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


def build_folder(folder: Path, documents: int) -> None:
    """``documents`` copies of S/2017/613 named S-2099-<n>-E.txt, S_2099_<n>_C.docx, S-2099-<n>-R.pdf."""
    folder.mkdir(parents=True)
    docx_template, pdf_template = folder / "template.docx", folder / "template.pdf"
    _write_docx(docx_template, _paragraphs(SAMPLE / "zh.txt"))
    _write_pdf(pdf_template, _paragraphs(SAMPLE / "ru.txt"))
    for number in range(1, documents + 1):
        shutil.copy(SAMPLE / "en.txt", folder / f"S-2099-{number}-E.txt")
        shutil.copy(docx_template, folder / f"S_2099_{number}_C.docx")
        shutil.copy(pdf_template, folder / f"S-2099-{number}-R.pdf")
    docx_template.unlink()
    pdf_template.unlink()


def timed(name: str, run: Callable[[], BatchResult]) -> tuple[str, int, float]:
    start = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - start
    if result.failed:
        raise SystemExit(f"{name}: {len(result.failed)} documents failed: {result.failed[0].error}")
    return name, len(result.documents), seconds


def measure(folder: Path, out: Path) -> list[tuple[str, int, float]]:
    rows = [
        timed("1 process", lambda: run_batch(folder, out / "one", jobs=1, progress=False)),
        timed("2 processes", lambda: run_batch(folder, out / "two", jobs=2, progress=False)),
    ]
    try:
        from distributed import LocalCluster
    except ImportError:
        print("skip: dask[distributed] is not installed", file=sys.stderr)
        return rows
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster:
        rows.append(timed("Dask LocalCluster, 2 workers",
                          lambda: run_batch(folder, out / "dask", scheduler=cluster.scheduler_address,
                                            progress=False)))
    return rows


def report(rows: list[tuple[str, int, float]], documents: int) -> str:
    lines = [
        "## Batch throughput",
        "",
        f"alignkit {__version__}, Python {platform.python_version()}, {os.cpu_count()} cores. "
        f"`python benchmarks/bench_batch.py --documents {documents}`: {documents} documents, each "
        "S/2017/613 in English (.txt), Chinese (.docx) and Russian (.pdf); read, segment, align, "
        "write .tmx and .xlsx per document, then all.tmx and the summary. Wall time includes "
        "starting the workers (not the cluster).",
        "",
        "| run | documents | seconds | documents/minute |",
        "|---|---:|---:|---:|",
        *(f"| {name} | {count} | {seconds:.1f} | {count / seconds * 60:.0f} |" for name, count, seconds in rows),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=24, help="how many documents (default 24)")
    args = parser.parse_args()
    with TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        build_folder(folder, args.documents)
        rows = measure(folder, Path(tmp) / "out")
    print(report(rows, args.documents))


if __name__ == "__main__":
    main()
