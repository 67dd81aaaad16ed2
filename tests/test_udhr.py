"""Real data: the UDHR in English, Chinese and Russian, aligned three ways in one run.

Every unit must keep its segments inside one gold paragraph group (the XML
structure), and nothing may be lost.  Skipped when ../shared is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from alignkit.config import AlignConfig
from alignkit.model import Alignment
from alignkit.pipeline import align_files
from udhr_gold import gold_groups

LANG_FILES = {"en": "eng", "zh": "cmn_hans", "ru": "rus"}

#: The aligned UDHR, and each language's gold group id per paragraph.
Udhr = tuple[Alignment, dict[str, list[str]]]


@pytest.fixture(scope="module")
def udhr(request: pytest.FixtureRequest) -> Udhr:
    corpus = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "udhr"
    if not corpus.is_dir():
        pytest.skip("../shared/corpora/udhr is not present")
    paths = [corpus / f"udhr.{lang}.txt" for lang in LANG_FILES]
    alignment = align_files(paths, config=AlignConfig(pivot="en"))
    groups = {lang: gold_groups(corpus / f"udhr_{code}.xml") for lang, code in LANG_FILES.items()}
    return alignment, groups


def test_loader_finds_one_paragraph_per_xml_element(udhr: Udhr) -> None:
    alignment, groups = udhr
    for lang, document in alignment.documents.items():
        assert len(document.paragraphs) == len(groups[lang]), lang


def test_every_sentence_is_in_exactly_one_unit(udhr: Udhr) -> None:
    alignment, _ = udhr
    for lang, document in alignment.documents.items():
        seen = [i for unit in alignment.units for i in unit.indices[lang]]
        assert seen == list(range(len(document.segments()))), lang


def test_every_unit_stays_inside_one_gold_paragraph_group(udhr: Udhr) -> None:
    alignment, groups = udhr
    segments = {lang: doc.segments() for lang, doc in alignment.documents.items()}
    wrong = []
    for unit in alignment.units:
        unit_groups = {
            groups[lang][segments[lang][i].paragraph]
            for lang in alignment.langs
            for i in unit.indices[lang]
        }
        if len(unit_groups) != 1:
            wrong.append((unit.id, sorted(unit_groups)))
    assert wrong == []


def test_gold_has_ninety_parallel_groups(udhr: Udhr) -> None:
    _, groups = udhr
    assert {len(set(g)) for g in groups.values()} == {90}
