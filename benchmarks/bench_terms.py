"""How fast is the glossary check on big inputs?

Builds a synthetic glossary of N concepts (en, zh, ru) and an aligned document of
M units in the same three languages, every unit naming a few of the concepts in
inflected forms (English plurals, Russian cases, Chinese in running text), then
times: reading the glossary from CSV, compiling the matchers, and the check.

    python benchmarks/bench_terms.py                 # 10,000 entries × 10,000 units
    python benchmarks/bench_terms.py --entries 1000 --units 500

It also times, on a sample, the naive way (one regular expression per term per
unit, English only) and extrapolates it to the whole document.

Needs no network and no data files: the Russian words come from the
pymorphy3 dictionary, the English and Chinese ones are made up.
"""

from __future__ import annotations

import argparse
import csv
import platform
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from alignkit.model import Alignment, AlignmentUnit  # noqa: E402
from alignkit.terms import TermFinder, check_terms, load_glossary  # noqa: E402

T = TypeVar("T")
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_SYLLABLES = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"]


def english_words(rng: random.Random, count: int) -> list[str]:
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def russian_words(count: int) -> list[tuple[str, str]]:
    """(adjective, noun) lemma pairs from the pymorphy3 dictionary."""
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer()
    adjectives: list[str] = []
    nouns: list[str] = []
    for prefix in ("по", "пр", "ра", "ко", "ст", "за", "на", "пе", "во", "ме"):
        for word, tag, normal_form, _, _ in morph.iter_known_word_parses(prefix):
            if word != normal_form or len(word) < 5:
                continue
            if tag.POS == "ADJF" and "Qual" in tag and len(adjectives) < count:
                adjectives.append(word)
            elif tag.POS == "NOUN" and {"inan", "masc"} <= set(tag.grammemes) and len(nouns) < count:
                nouns.append(word)
            if len(adjectives) >= count and len(nouns) >= count:
                break
    adjectives, nouns = sorted(set(adjectives)), sorted(set(nouns))
    return [(a, n) for a in adjectives for n in nouns]


def chinese_words(rng: random.Random, count: int) -> list[str]:
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(2, 5))))
    return sorted(words)


def build_glossary(path: Path, entries: int, rng: random.Random) -> dict[str, list[str]]:
    """Write an N-entry CSV glossary; return the terms per language, by entry."""
    en_vocabulary = english_words(rng, 4000)
    pairs = russian_words(400)
    rng.shuffle(pairs)
    zh_terms = chinese_words(rng, entries)
    terms: dict[str, list[str]] = {"en": [], "zh": zh_terms, "ru": []}
    en_seen: set[str] = set()
    while len(terms["en"]) < entries:
        term = " ".join(rng.sample(en_vocabulary, rng.randint(2, 3)))
        if term not in en_seen:
            en_seen.add(term)
            terms["en"].append(term)
    terms["ru"] = [f"{a} {n}" for a, n in pairs[:entries]]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "en", "zh", "ru"])
        for i in range(entries):
            writer.writerow([f"c{i}", terms["en"][i], terms["zh"][i], terms["ru"][i]])
    return terms


def english_plural(term: str, rng: random.Random) -> str:
    """The term, half the time with its last word in a regular plural (not -is/-us: Latin)."""
    return term + "s" if term[-1] in "aeo" and rng.random() < 0.5 else term


def inflect_russian(term: str, case: str, morph: object) -> str:
    words = []
    for word in term.split():
        parse = morph.parse(word)[0]  # type: ignore[attr-defined]
        inflected = parse.inflect({case})
        words.append(inflected.word if inflected else word)
    return " ".join(words)


def build_alignment(units: int, terms: dict[str, list[str]], rng: random.Random) -> Alignment:
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer()
    filler_en = english_words(rng, 3000)
    filler_ru = "и в на по для с о что это как мы они страны стороны работа заявление".split()
    built = []
    for unit_id in range(1, units + 1):
        chosen = rng.sample(range(len(terms["en"])), 3)
        en = rng.sample(filler_en, 18) + [english_plural(terms["en"][i], rng) for i in chosen]
        ru = [rng.choice(filler_ru) for _ in range(14)] + [
            inflect_russian(terms["ru"][i], rng.choice(_CASES), morph) for i in chosen]
        zh = ["".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(30))] + [terms["zh"][i] for i in chosen]
        for words in (en, ru, zh):
            rng.shuffle(words)
        segments = {"en": (" ".join(en) + ".",), "zh": ("，".join(zh) + "。",), "ru": (" ".join(ru) + ".",)}
        built.append(AlignmentUnit(unit_id, segments, {lang: (unit_id,) for lang in segments}))
    return Alignment(("en", "zh", "ru"), tuple(built), name="synthetic")


def naive_seconds(alignment: Alignment, terms: list[str], sample: int) -> float:
    """Estimated time of the naive way for the English side alone: one regex per term per unit."""
    patterns = [re.compile(r"\b" + re.escape(term) + r"s?\b", re.IGNORECASE) for term in terms]
    units = alignment.units[:sample]
    start = time.perf_counter()
    for unit in units:
        text = unit.text("en")
        for pattern in patterns:
            pattern.search(text)
    return (time.perf_counter() - start) * len(alignment.units) / max(1, len(units))


def timed(action: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=613)
    parser.add_argument("--naive-sample", type=int, default=50, metavar="UNITS",
                        help="units to time the one-regex-per-term loop on (0: skip)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.csv"
        terms, prepare_glossary = timed(lambda: build_glossary(path, args.entries, rng))
        alignment, prepare_text = timed(lambda: build_alignment(args.units, terms, rng))
        glossary, load = timed(lambda: load_glossary(path))
    finder = TermFinder(glossary)
    _, compile_time = timed(lambda: [finder.find("x", lang) for lang in alignment.langs])
    report, check = timed(lambda: check_terms(alignment, glossary, finder=finder))
    found = sum(sum(s.occurrences.values()) for s in report.stats)
    print(f"alignkit term check: {len(glossary):,} entries × {len(alignment):,} units (en, zh, ru)")
    print(f"python {platform.python_version()} on {platform.machine()}")
    print(f"  (synthetic data built in {prepare_glossary + prepare_text:.1f} s)")
    print(f"  read glossary (CSV)   {load:6.2f} s")
    print(f"  compile matchers      {compile_time:6.2f} s")
    print(f"  check all units       {check:6.2f} s   ({found:,} term occurrences, "
          f"{len(report.findings):,} findings)")
    print(f"  total                 {load + compile_time + check:6.2f} s")
    if args.naive_sample:
        naive = naive_seconds(alignment, terms["en"], args.naive_sample)
        print(f"  for comparison, one regex per term per unit, English alone: ~{naive:,.0f} s "
              f"(timed on {args.naive_sample} units)")


if __name__ == "__main__":
    main()
