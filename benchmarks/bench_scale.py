"""Time and peak memory of ``alignkit align`` on one very long document: ``python benchmarks/bench_scale.py``.

The UDHR in English and Chinese (../shared/corpora/udhr; skipped when absent) is
repeated until the two texts together make about 20 MB and 100 MB (``--sizes``),
each copy keeping its article numbers as benchmarks/run.py's UDHR scaling does, and
aligned by one whole ``alignkit align en.txt zh.txt -o out.tmx -o out.csv -o out.jsonl``
process per size (``--formats``; ``--runs`` for more than one run, the fastest reported).
Seconds are wall-clock, from starting the process to its exit; peak memory is the
process's own high-water mark of resident memory (``VmHWM`` in /proc/self/status, read
by the process as it ends), not the ``ru_maxrss`` of this script or of its children.

The process runs the ``alignkit`` command line itself, with the library's progress
callback (:mod:`alignkit.progress`) also noting when each stage starts and the
process's peak memory by then.  That gives where the time and memory go: reading and
segmenting each file, aligning (both passes), merging the pairwise links into units,
writing each output, and the rest (starting Python and importing alignkit before the
first stage, the summary and exit after the last).  A bounded write shows as a peak
that hardly rises during the write stages.

Prints a Markdown section (``benchmarks/run.py`` adds it to BENCHMARKS.md); progress on
stderr.  ``--src`` runs another checkout's alignkit (``--src ../main/src``) for a
before/after comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UDHR = ROOT.parent / "shared" / "corpora" / "udhr"
LANGS = ("en", "zh")

#: Run as the child: the command line, the pipeline's ``run`` wrapped to note when each stage starts.
#: Writes {"stages": {stage: [start s, end s, peak KiB by its end]}, "peak_kib": VmHWM at exit} to argv[1].
CHILD = r"""
import json, sys, time
started = time.perf_counter()

def peak_kib():
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

from alignkit import cli, pipeline

record_path, args = sys.argv[1], sys.argv[2:]
stages = {}

live = open(record_path + ".live", "w", encoding="utf-8", buffering=1)

def note(stage, done, total):
    now = time.perf_counter() - started
    peak = peak_kib()
    stages.setdefault(stage, [now, now, 0])[1:] = [now, peak]
    live.write(json.dumps([stage, done, total, round(now, 2), peak]) + "\n")

real_run = pipeline.run

def noted_run(job, *, progress=None):
    def both(stage, done, total):
        note(stage, done, total)
        if progress is not None:
            progress(stage, done, total)
    return real_run(job, progress=both)

pipeline.run = noted_run
if hasattr(cli, "run"):  # a checkout whose command line imports the pipeline's run at its start
    cli.run = noted_run
try:
    cli.cli.main(args, prog_name="alignkit")
finally:
    with open(record_path, "w", encoding="utf-8") as handle:
        json.dump({"stages": stages, "peak_kib": peak_kib(), "seconds": time.perf_counter() - started}, handle)
"""


@dataclass
class Measured:
    """One run of the command."""

    megabytes: float
    copies: int
    seconds: float
    peak_mib: float
    units: str
    output_mb: float
    #: stage → (start, end, peak MiB by its end), seconds from the child's start.
    stages: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    #: False when the run was stopped at a limit (its stages are those it had begun).
    finished: bool = True


def make_inputs(corpus: Path, folder: Path, megabytes: float) -> tuple[list[Path], int]:
    """The UDHR en and zh repeated to about ``megabytes`` MB together; the files and the number of copies."""
    texts = {lang: (corpus / f"udhr.{lang}.txt").read_text(encoding="utf-8").strip() + "\n\n" for lang in LANGS}
    copy_size = sum(len(text.encode("utf-8")) for text in texts.values())
    copies = max(1, round(megabytes * 1_000_000 / copy_size))
    paths = []
    for lang, text in texts.items():
        path = folder / f"udhr-x{copies}.{lang}.txt"
        with open(path, "w", encoding="utf-8") as handle:
            for _ in range(copies):
                handle.write(text)
        paths.append(path)
    return paths, copies


def run_align(paths: list[Path], outputs: list[Path], limits: Limits, src: Path, megabytes: float,
              copies: int) -> Measured:
    """One ``alignkit align`` process: its seconds, peak memory and stages.  A process that goes past
    ``limits`` is stopped (SIGTERM) and reported as far as it got (``stopped`` says why)."""
    for output in outputs:
        output.unlink(missing_ok=True)
    record = outputs[0].with_name("stages.json")
    env = {**os.environ, "PYTHONPATH": str(src)}  # stderr is a file: no progress bar
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    args = ["align", *map(str, paths), *(arg for output in outputs for arg in ("-o", str(output)))]
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", CHILD, str(record), *args], env=env,
                                   stdout=subprocess.DEVNULL, stderr=stderr)
        stopped, watched_kib = _watch(process, limits, started)
        seconds = time.perf_counter() - started
        stderr.seek(0)
        messages = stderr.read().decode("utf-8", "replace")
    if stopped:
        return _stopped_run(record, megabytes, copies, seconds, watched_kib, stopped)
    if process.returncode != 0:
        raise SystemExit(f"alignkit align failed ({process.returncode}): {messages.strip()[-500:]}")
    summary = next((line for line in messages.splitlines() if " units" in line), "")
    units = summary.split(": ", 1)[-1].split(" units")[0] if summary else "?"
    units = f"{int(units):,}" if units.isdigit() else units
    noted = json.loads(record.read_text(encoding="utf-8"))
    output_mb = sum(output.stat().st_size for output in outputs) / 1e6
    stages = {stage: (start, end, kib / 1024) for stage, (start, end, kib) in noted["stages"].items()}
    return Measured(megabytes, copies, seconds, noted["peak_kib"] / 1024, units, output_mb, stages)


@dataclass
class Limits:
    """When a run is stopped: after ``seconds``, or once its resident memory passes ``mib``."""

    seconds: float
    mib: float


def _watch(process: subprocess.Popen[bytes], limits: Limits, started: float) -> tuple[str, int]:
    """Wait for ``process``, stopping it past ``limits``: why it was stopped ('' when it ended by
    itself) and the last VmHWM read from its /proc status (KiB)."""
    watched = 0
    while process.poll() is None:
        watched = max(watched, _status_kib(process.pid, "VmHWM"))
        why = ""
        if time.perf_counter() - started > limits.seconds:
            why = f"stopped after {limits.seconds:,.0f} s"
        elif _status_kib(process.pid, "VmRSS") > limits.mib * 1024:
            why = f"stopped at {limits.mib:,.0f} MiB resident"
        if why:
            process.terminate()
            process.wait()
            return why, watched
        time.sleep(0.5)
    return "", watched


def _status_kib(pid: int, field_name: str) -> int:
    """A memory field (``VmHWM``, ``VmRSS``) of a running process, in KiB; 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _stopped_run(record: Path, megabytes: float, copies: int, seconds: float, watched_kib: int,
                 stopped: str) -> Measured:
    """A run stopped before its end: how far its last stage had got, from the notes it left."""
    live = Path(str(record) + ".live")
    lines = live.read_text(encoding="utf-8").splitlines() if live.exists() else []
    last = json.loads(lines[-1]) if lines else None
    where = f"; in '{last[0]}', {last[1]:,} of {last[2]:,} done" if last else ""
    stages: dict[str, tuple[float, float, float]] = {}
    for line in lines:
        stage, _, _, at, kib = json.loads(line)
        start = stages.get(stage, (at, at, 0.0))[0]
        stages[stage] = (start, at, kib / 1024)
    return Measured(megabytes, copies, seconds, watched_kib / 1024, f"– ({stopped}{where})", 0.0, stages,
                    finished=False)


def stage_rows(run: Measured) -> list[str]:
    """Where the time and memory of one run went: each stage until the next one starts."""
    kinds: dict[str, list[float]] = {}
    order = sorted(run.stages.items(), key=lambda item: item[1][0])
    for number, (stage, (start, end, peak)) in enumerate(order):
        until = order[number + 1][1][0] if number + 1 < len(order) else end
        kind = stage_kind(stage)
        seconds, high = kinds.get(kind, [0.0, 0.0])
        kinds[kind] = [seconds + until - start, max(high, peak)]
    rest = run.seconds - sum(seconds for seconds, _ in kinds.values())
    rows = [f"| {kind} | {seconds:,.1f} | {peak:,.0f} |" for kind, (seconds, peak) in kinds.items()]
    if not run.finished:
        return [*rows, f"| start-up and imports; then stopped | {rest:,.1f} | {run.peak_mib:,.0f} |"]
    return [*rows, f"| the rest: start-up and imports, summary, exit | {rest:,.1f} | {run.peak_mib:,.0f} |"]


def stage_kind(stage: str) -> str:
    """``read udhr-x1043.en.txt`` → ``read en``; ``write /tmp/x/out.tmx`` → ``write .tmx``; others as they are."""
    verb, _, what = stage.partition(" ")
    if verb == "read":
        parts = what.split(".")
        return f"read {parts[-2]}" if len(parts) >= 3 else stage
    if verb == "write":
        return f"write {Path(what).suffix}"
    return stage


def peak_before_writing(run: Measured) -> float | None:
    """The peak memory (MiB) when the first output starts being written: what the alignment itself took."""
    writes = [start for stage, (start, _, _) in run.stages.items() if stage.startswith("write ")]
    if not writes:
        return None
    before = [peak for stage, (_, end, peak) in run.stages.items() if end <= min(writes)]
    return max(before, default=None)


def report(runs: list[Measured], formats: list[str], repeats: int) -> str:
    """The Markdown section."""
    outputs = " ".join(f"-o out.{extension}" for extension in formats)
    lines = [
        "## Scale: one long document, a whole `alignkit align` process",
        "",
        f"`python benchmarks/bench_scale.py`: the UDHR in English and Chinese repeated (each copy keeps its "
        f"article numbers) and aligned by `alignkit align en.txt zh.txt {outputs}` (length mode, compiled DP "
        f"when built), {'the fastest of ' + str(repeats) + ' runs' if repeats > 1 else 'one run'} per size. "
        "Seconds are wall-clock for the whole process; peak memory is the process's own high-water mark "
        f"(VmHWM). Python {platform.python_version()}, {os.cpu_count()} cores.",
        "",
        "| input (en+zh) | copies | units | output | seconds | peak RSS MiB | peak before writing MiB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        before = peak_before_writing(run)
        lines.append(f"| {run.megabytes:g} MB | {run.copies:,} | {run.units} | {run.output_mb:,.0f} MB | "
                     f"{run.seconds:,.0f} | {run.peak_mib:,.0f} | {'–' if before is None else f'{before:,.0f}'} |")
    finished = [run for run in runs if run.finished]
    if len(finished) >= 2:
        first, last = finished[0], finished[-1]
        lines += ["", f"Input ×{last.megabytes / first.megabytes:.1f}: time ×{last.seconds / first.seconds:.1f}, "
                      f"peak memory ×{last.peak_mib / first.peak_mib:.1f}."]
    for run in runs:
        if run.stages:
            lines += ["", f"Where the time and memory go, {run.megabytes:g} MB (each stage until the next starts; "
                          "peak RSS by the stage's end):", "",
                      "| stage | seconds | peak RSS MiB |", "|---|---:|---:|", *stage_rows(run)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20,100", help="total input sizes in MB (default: 20,100)")
    parser.add_argument("--runs", type=int, default=1, help="runs per size; the fastest is reported (default: 1)")
    parser.add_argument("--formats", default="tmx,csv,jsonl", help="outputs to write (default: tmx,csv,jsonl)")
    parser.add_argument("--timeout", type=float, default=900.0,
                        help="stop a run after this many seconds and report how far it got (default: 900)")
    parser.add_argument("--memory-limit", type=float, default=12_000.0,
                        help="stop a run once it is resident in more MiB than this (default: 12000)")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the alignkit source to run")
    parser.add_argument("--corpus", type=Path, default=UDHR, help=f"the UDHR texts (default: {UDHR})")
    options = parser.parse_args()
    if not all((options.corpus / f"udhr.{lang}.txt").is_file() for lang in LANGS):
        print(f"skip: the UDHR texts are not in {options.corpus}", file=sys.stderr)
        return
    formats = options.formats.split(",")
    limits = Limits(options.timeout, options.memory_limit)
    best: list[Measured] = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        folder = Path(tmp)
        outputs = [folder / f"out.{extension}" for extension in formats]
        for size in (float(text) for text in options.sizes.split(",")):
            paths, copies = make_inputs(options.corpus, folder, size)
            runs = []
            for number in range(1, options.runs + 1):
                runs.append(run_align(paths, outputs, limits, options.src, size, copies))
                print(f"{size:g} MB run {number}: {runs[-1].seconds:,.1f} s, {runs[-1].peak_mib:,.0f} MiB",
                      file=sys.stderr, flush=True)
            best.append(min(runs, key=lambda run: run.seconds))
            for path in paths:
                path.unlink()
    print(report(best, formats, options.runs))


if __name__ == "__main__":
    main()
