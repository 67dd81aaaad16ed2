"""Wall-clock times that used to be asserted by tests, measured here instead.

The tests now count work, which does not depend on how busy the machine is (cells the DP
asks its cost for, coverage cells the lexical cost precomputes, an input that would
exhaust the memory without the protection); this script times the same runs.  Run
``PYTHONPATH=src python benchmarks/bench_guards.py``; it prints a Markdown section
(``benchmarks/run.py`` adds it to BENCHMARKS.md).

* 8,000 presegmented lines, lengths only (``tests/test_align.py``, was: under 10 s);
* the lexical mode on 1,500 and 6,000 random sentences (``tests/test_lexical.py``, was:
  6,000 under 10 s and under 7.2× the time of 1,500);
* a TMX with a "billion laughs" entity bomb rejected (``tests/test_export_tmx.py``, was:
  under 5 s).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from alignkit.align import align_pair  # noqa: E402
from alignkit.config import AlignConfig  # noqa: E402
from alignkit.errors import InputFormatError  # noqa: E402
from alignkit.export.tmx import read_tmx  # noqa: E402
from alignkit.model import Document, Paragraph  # noqa: E402

REPEAT = 3


def best_of(run: Callable[[], object], repeat: int = REPEAT) -> float:
    """The fastest of ``repeat`` runs, in seconds."""
    fastest = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        fastest = min(fastest, time.perf_counter() - start)
    return fastest


def one_paragraph(lang: str, sentences: list[str]) -> Document:
    return Document(lang, (Paragraph(text=" ".join(sentences), sentences=tuple(sentences)),))


def presegmented_lengths() -> float:
    """8,000 lines against 7,999 (one dropped), lengths only."""
    rng = random.Random(2)
    lengths = [rng.randint(10, 200) for _ in range(8000)]
    en = one_paragraph("en", ["e" * n for n in lengths])
    ru = one_paragraph("ru", ["р" * round(n * 1.1) for n in lengths[:4000] + lengths[4001:]])
    return best_of(lambda: align_pair(en, ru, AlignConfig(presegmented=True, lexical=False)))


def lexical_pair(size: int) -> tuple[Document, Document]:
    """``size`` random sentences of eight words and a number, and their "Russian" (Cyrillic a)."""
    rng = random.Random(3)
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "theta", "kappa"]
    en, ru = [], []
    for _ in range(6000):
        sentence = " ".join(rng.choices(words, k=rng.randint(3, 20)))
        en.append(f"{sentence} {rng.randint(1, 999)}?")
        ru.append(sentence.replace("a", "а") + f" {en[-1].split()[-1]}")
    return one_paragraph("en", en[:size]), one_paragraph("ru", ru[:size])


def lexical_scaling() -> tuple[float, float]:
    """Seconds for 1,500 and for 6,000 sentences in the lexical (default) mode."""
    times = []
    for size in (1500, 6000):
        en, ru = lexical_pair(size)
        times.append(best_of(lambda en=en, ru=ru: align_pair(en, ru, AlignConfig(presegmented=True))))
    return times[0], times[1]


def billion_laughs() -> float:
    """Seconds to reject a TMX whose entities would expand to 3 GB."""
    entities = ['<!ENTITY lol "lol">', *(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">'
                                          for n in range(2, 10))]
    entities.insert(1, '<!ENTITY lol1 "' + "&lol;" * 10 + '">')
    bomb = ("<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [\n" + "\n".join(entities) + "\n]>\n"
            '<tmx version="1.4"><header creationtool="x" creationtoolversion="1" datatype="plaintext" '
            'segtype="sentence" adminlang="en" srclang="en" o-tmf="x"/>'
            '<body><tu><tuv xml:lang="en"><seg>&lol9;</seg></tuv></tu></body></tmx>')
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "laughs.tmx"
        path.write_text(bomb, encoding="utf-8")

        def reject() -> None:
            try:
                read_tmx(path)
            except InputFormatError:
                return
            raise AssertionError("the entity bomb was read")

        return best_of(reject)


def main() -> None:
    lengths = presegmented_lengths()
    small, large = lexical_scaling()
    laughs = billion_laughs()
    print("\n".join([
        "## Speed guards (timed here, counted in the tests)",
        "",
        "The test suite asserts no wall-clock time (it must pass on a busy machine): it counts the "
        "DP cells and lexical coverage cells instead. These are the same runs, timed "
        f"(`benchmarks/bench_guards.py`, best of {REPEAT}).",
        "",
        "| run | seconds | was asserted in the tests |",
        "|---|---:|---|",
        f"| 8,000 presegmented lines, lengths only | {lengths:.2f} | < 10 |",
        f"| lexical mode, 1,500 random sentences | {small:.2f} | |",
        f"| lexical mode, 6,000 random sentences | {large:.2f} (×{large / small:.1f} for 4× the sentences) "
        "| < 10, and < 7.2× the 1,500 |",
        f"| TMX entity bomb (3 GB if expanded) rejected | {laughs:.3f} | < 5 |",
        "",
    ]))


if __name__ == "__main__":
    main()
