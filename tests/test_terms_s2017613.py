"""Planted errors in S/2017/613: change one Russian and one Chinese unit, get exactly those findings.

Two alignments of the real texts are checked: one built here paragraph by
paragraph (needs nothing but the texts), and one made by the real pipeline
(readers, segmenter and aligner).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from alignkit.model import Alignment, AlignmentUnit
from alignkit.terms import Glossary, TermReport, check_terms, load_glossaries

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "texts" / "S-2017-613"
GLOSSARIES = [ROOT / "glossaries" / "korean-peninsula.csv", ROOT / "glossaries" / "un-core.csv"]

#: How the English PDF text's paragraphs start (the Chinese and Russian files have one a line).
EN_PARAGRAPH_STARTS = (
    "Letter dated", "We have the honour", "We should be grateful", "(Signed) Liu", "Permanent Representative",
    "(Signed) Petr", "Chargé", "Annex to the letter", "[Original", "Joint Statement by the Ministry",
    "The People’s Republic of China and the Russian Federation both", "1. The Parties", "2. The Parties",
    "3. The Parties", "The Parties recommend", "The Parties appeal", "4. The Parties",
    "The Parties reiterate the need", "The Parties call on", "5. The Parties", "6. The Parties",
    "The Parties reiterate that", "China and the Russian Federation oppose", "The present statement",
    "Ministry of Foreign Affairs of the People’s", "Wang Yi", "Ministry of Foreign Affairs of the Russian",
    "Sergey",
)

#: (language, text in the file, replacement, the finding it must cause)
PLANTS = {
    "ru-missing": ("ru", "пуском баллистической ракеты", "пуском ракеты", ("ballistic-missile", "missing")),
    "zh-missing": ("zh", "在东北亚部署末段", "在东亚部署末段", ("north-east-asia", "missing")),
    "zh-forbidden": ("zh", "推动建立朝鲜半岛和东北亚", "推动建立韩半岛和东北亚", ("korean-peninsula", "forbidden")),
}


def english_paragraphs(text: str) -> list[str]:
    flat = " ".join(text.split())
    starts: list[int] = []
    for start in EN_PARAGRAPH_STARTS:
        starts.append(flat.index(start, starts[-1] + 1 if starts else 0))
    return [flat[a:b].strip() for a, b in zip(starts, [*starts[1:], len(flat)])]


def by_paragraph(texts: dict[str, str]) -> Alignment:
    """One unit per paragraph: the hand-made alignment of the sample."""
    paragraphs = {"en": english_paragraphs(texts["en"])}
    for lang in ("zh", "ru"):
        paragraphs[lang] = [line.strip() for line in texts[lang].splitlines() if line.strip()]
    assert {len(p) for p in paragraphs.values()} == {len(EN_PARAGRAPH_STARTS)}
    units = tuple(
        AlignmentUnit(i + 1, {lang: (p[i],) for lang, p in paragraphs.items()},
                      {lang: (i,) for lang in paragraphs}, paragraph=str(i + 1))
        for i in range(len(EN_PARAGRAPH_STARTS))
    )
    return Alignment(("en", "zh", "ru"), units, name="S-2017-613")


def by_pipeline(texts: dict[str, str], folder: Path) -> Alignment:
    from alignkit import pipeline
    paths = []
    for lang, text in texts.items():
        path = folder / f"{lang}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return pipeline.align_files(paths)


def sample_texts() -> dict[str, str]:
    return {lang: (SAMPLE / f"{lang}.txt").read_text(encoding="utf-8") for lang in ("en", "zh", "ru")}


def planted(texts: dict[str, str], names: list[str]) -> dict[str, str]:
    texts = dict(texts)
    for name in names:
        lang, old, new, _ = PLANTS[name]
        assert texts[lang].count(old) == 1, name
        texts[lang] = texts[lang].replace(old, new)
    return texts


def keys(report: TermReport) -> set[tuple[int, str, str, str]]:
    return {(f.unit, f.lang, f.concept, f.kind) for f in report.findings}


def unit_with(alignment: Alignment, lang: str, text: str) -> int:
    """The id of the unit whose text in ``lang`` holds ``text`` (spacing ignored)."""
    needle = "".join(text.split())
    return next(u.id for u in alignment.units if needle in "".join(u.text(lang).split()))


Aligner = Callable[[dict[str, str], Path], Alignment]
ALIGNERS: dict[str, Aligner] = {"paragraphs": lambda texts, _: by_paragraph(texts), "pipeline": by_pipeline}


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossaries(GLOSSARIES)


@pytest.mark.parametrize("aligner", ALIGNERS)
def test_planted_errors_give_exactly_those_findings(aligner: str, glossary: Glossary, tmp_path: Path) -> None:
    names = list(PLANTS)
    (tmp_path / "clean").mkdir()
    (tmp_path / "planted").mkdir()
    clean = ALIGNERS[aligner](sample_texts(), tmp_path / "clean")
    broken = ALIGNERS[aligner](planted(sample_texts(), names), tmp_path / "planted")
    expected = set()
    for name in names:
        lang, _, new, (concept, kind) = PLANTS[name]
        expected.add((unit_with(broken, lang, new), lang, concept, kind))
    before, after = keys(check_terms(clean, glossary)), keys(check_terms(broken, glossary))
    assert after - before == expected
    assert before - after == set()


def test_the_clean_sample_has_no_error(glossary: Glossary) -> None:
    report = check_terms(by_paragraph(sample_texts()), glossary)
    errors = [(f.unit, f.lang, f.concept, f.kind) for f in report.findings if f.severity == "error"]
    assert errors == []
    stats = {s.concept: s.occurrences for s in report.stats}
    assert stats["korean-peninsula"] == {"en": 17, "zh": 16, "ru": 17}
    assert stats["north-east-asia"] == {"en": 4, "zh": 4, "ru": 4}  # "North -East Asia" included
    assert stats["denuclearization"] == {"en": 4, "zh": 4, "ru": 4}


def test_chinese_original_as_source(glossary: Glossary) -> None:
    report = check_terms(by_paragraph(sample_texts()), glossary, source="zh")
    assert report.source == "zh"
    assert report.findings
    assert {f.lang for f in report.findings} <= {"en", "ru"}
