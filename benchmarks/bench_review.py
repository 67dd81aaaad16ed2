"""The review editor with 10,000 units: ``python benchmarks/bench_review.py [--copies 271]``.

S/2017/613 (37 units, en/zh/ru) is aligned once and repeated, each copy's sentences
numbered (``12.3 The Parties…``) so that every sentence is distinct, as in one long
document: 271 copies make 10,027 units.  It is written as JSON Lines and as a review
workbook, then:

* in-process: opening the file for review (read, check and rebuild against the
  original, the editor's units), the page's JSON, one merge, and one checked save
  (the background saver's work after a change), for each format;
* end to end: ``alignkit review FILE --no-browser`` in a child process and Debian's
  headless Chromium driven by Playwright: the time from navigation to the first
  rows painted (the page records it), the browser's JavaScript heap and DOM nodes
  (the list builds only the rows on screen), the server's peak resident memory, and
  how long jumping to the last unit and confirm-and-next take.

Needs the dev extra (Playwright) and /usr/bin/chromium for the browser part; reads
nothing from ../shared.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from alignkit.model import Alignment  # noqa: E402
from alignkit.pipeline import align_files, write_outputs  # noqa: E402

SAMPLE = ROOT / "texts" / "S-2017-613"
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


def long_alignment(copies: int) -> Alignment:
    """S/2017/613 repeated ``copies`` times, every sentence numbered by its copy."""
    sample = align_files([SAMPLE / "en.txt", SAMPLE / "zh.txt", SAMPLE / "ru.txt"])
    counts = {lang: sum(len(unit.segments.get(lang, ())) for unit in sample.units) for lang in sample.langs}
    units = []
    for copy in range(copies):
        for unit in sample.units:
            units.append(replace(
                unit, id=len(units) + 1,
                segments={lang: tuple(f"{copy + 1}.{n + 1} {text}" for n, text in enumerate(texts))
                          for lang, texts in unit.segments.items()},
                indices={lang: tuple(i + copy * counts[lang] for i in held) for lang, held in unit.indices.items()},
                paragraph=f"{copy + 1}.{unit.paragraph}" if unit.paragraph else str(copy + 1)))
    return Alignment(sample.langs, tuple(units), {}, f"S/2017/613 ×{copies}", sample.signature)


def timed(function, *args, **kwargs):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def in_process(path: Path) -> None:
    """Open, serialise, merge and save."""
    import json

    from alignkit.review.web import open_session

    session, opened = timed(open_session, path, autosave=False)
    document, described = timed(session.document)
    size = len(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode())
    _, merged = timed(session.apply, session.version, "merge", {"at": 5000})
    _, confirmed = timed(session.apply, session.version, "status", {"at": 5000, "status": "confirmed"})
    _, saved = timed(session.save)
    print(f"  {path.suffix:6} open {opened:6.2f} s   page JSON {described:5.2f} s ({size / 2**20:.1f} MiB)   "
          f"merge {merged * 1000:4.0f} ms   confirm {confirmed * 1000:4.0f} ms   checked save {saved:6.2f} s")


def in_browser(path: Path) -> None:
    """The editor served and opened in headless Chromium."""
    from playwright.sync_api import expect, sync_playwright

    process = subprocess.Popen([sys.executable, "-m", "alignkit", "review", str(path), "--no-browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    started = time.perf_counter()
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    serving = time.perf_counter() - started
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.set_default_timeout(300_000)
            page.goto(url)
            expect(page.locator("body")).to_have_class(re.compile(r"\bready\b"), timeout=300_000)
            loaded = int(page.locator("body").get_attribute("data-loaded") or 0)
            painted = int(page.locator("body").get_attribute("data-first-rows") or 0)
            rows = page.locator("#canvas .row").count()
            cdp = page.context.new_cdp_session(page)
            cdp.send("Performance.enable")
            metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
            jump = time.perf_counter()
            page.keyboard.press("End")
            expect(page.locator(".row.current")).to_have_attribute("data-pos", str(_units(page) - 1))
            jump = time.perf_counter() - jump
            page.keyboard.press("Home")
            expect(page.locator(".row.current")).to_have_attribute("data-pos", "0")
            confirm = time.perf_counter()
            page.keyboard.press("Enter")
            expect(page.locator("#progress")).to_contain_text("1 confirmed")
            confirm = time.perf_counter() - confirm
            browser.close()
    finally:
        process.send_signal(signal.SIGINT)
        rss = _peak_rss_mib(process)
    print(f"  {path.suffix:6} server ready {serving:5.2f} s   page: units loaded {loaded / 1000:5.2f} s, "
          f"first rows painted {painted / 1000:5.2f} s after navigation   rows built {rows}   "
          f"DOM nodes {metrics.get('Nodes', 0):,.0f}   JS heap {metrics.get('JSHeapUsedSize', 0) / 2**20:.0f} MiB   "
          f"End key {jump * 1000:.0f} ms   confirm-and-next {confirm * 1000:.0f} ms"
          f"   server peak RSS {rss:.0f} MiB")


def _units(page) -> int:  # type: ignore[no-untyped-def]
    text = page.locator("#progress").inner_text()
    return int(text.rsplit("·", 1)[1].split()[0].replace(",", ""))


def _peak_rss_mib(process: subprocess.Popen[str]) -> float:
    """Wait for the child and give its peak resident memory (from wait4's rusage)."""
    if process.stderr is not None:
        process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=271, help="copies of S/2017/613 (37 units each)")
    parser.add_argument("--no-browser", action="store_true", help="only the in-process measures")
    options = parser.parse_args()
    print(f"alignkit review: S/2017/613 ×{options.copies} (en, zh, ru)")
    print(f"python {sys.version.split()[0]} on {os.uname().machine}, {os.cpu_count()} cores")
    alignment, built = timed(long_alignment, options.copies)
    print(f"  ({len(alignment.units):,} units built in {built:.1f} s)")
    with tempfile.TemporaryDirectory(prefix="bench-review-") as folder:
        paths = [Path(folder) / "long.jsonl", Path(folder) / "long.xlsx"]
        for path in paths:
            _, seconds = timed(write_outputs, alignment, [path])
            print(f"  wrote {path.suffix} in {seconds:.1f} s")
        for path in paths:
            in_process(path)
        if options.no_browser or not CHROMIUM.exists():
            print("  browser part skipped" + ("" if options.no_browser else ": no /usr/bin/chromium"))
            return
        for path in paths:
            in_browser(path)


if __name__ == "__main__":
    main()
