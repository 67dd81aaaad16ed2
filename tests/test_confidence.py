"""The review model: a link's confidence from its shape, lengths, labels and content, and its reasons."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignkit.align.confidence import (
    CONTRADICTION_CONFIDENCE,
    ContentEvidence,
    Link,
    Separation,
    _median,
    confidence,
    length_evidence,
    reasons,
)
from alignkit.align.features import Difference
from alignkit.align.length import SKIP_CONFIDENCE
from alignkit.align.merge import ParagraphLabels
from alignkit.model import Bead, Document, Paragraph

FLAG_BELOW = 0.5


def link(relation: tuple[int, int] = (1, 1), *, delta: float = 0.0, fixed: bool = False, whole: bool = False,
         content: ContentEvidence | None = None) -> Link:
    """A zh link with the en pivot."""
    return Link("zh", "en", relation, delta=delta, fixed=fixed, whole=whole, content=content or ContentEvidence())


def test_a_plain_one_to_one_link_of_expected_length_is_sure() -> None:
    assert confidence(link()) > 0.95
    assert confidence(link(fixed=True)) > confidence(link())


def test_length_alone_flags_a_plain_link_from_about_three_sigma() -> None:
    assert confidence(link(delta=2.0)) > 0.8
    assert confidence(link(delta=3.2)) < FLAG_BELOW
    assert length_evidence(0.0) > 0 > length_evidence(2.0) > length_evidence(3.0)


def test_labels_make_a_short_unit_with_weak_evidence_sure() -> None:
    """A heading (Article 23 / 第二十三条) deviates in length and resembles every other heading."""
    heading = link(delta=1.8, fixed=True, content=ContentEvidence(meaning=-2.0))
    assert confidence(heading) > 0.7
    assert confidence(link(delta=1.8, content=ContentEvidence(meaning=-2.0))) < confidence(heading)


@pytest.mark.parametrize("content", [ContentEvidence(meaning=-8.0), ContentEvidence(unrelated=-12.0)])
def test_labels_do_not_vouch_for_unrelated_texts(content: ContentEvidence) -> None:
    assert confidence(link(fixed=True, content=content)) < FLAG_BELOW


def test_evidence_for_a_link_never_raises_it() -> None:
    """Scorers calibrate content evidence on unrelated pairs: it shows the sides are related,
    not that the link's boundaries are right."""
    plain = confidence(link((1, 2)))
    assert confidence(link((1, 2), content=ContentEvidence(meaning=9.0, unrelated=3.0, elsewhere=5.0))) == plain


def test_different_numbers_cap_the_confidence_whatever_agrees() -> None:
    differ = ContentEvidence(numbers=Difference("numbers", ("2017",), ("2016",)))
    assert confidence(link(fixed=True, content=differ)) == CONTRADICTION_CONFIDENCE
    assert reasons(link(content=differ)) == ["zh: numbers differ: en 2017, zh 2016"]


def test_numbers_on_one_side_only_count_against_without_deciding() -> None:
    missing = ContentEvidence(numbers=Difference("numbers", ("4", "2017"), ()))
    assert FLAG_BELOW < confidence(link(content=missing)) < confidence(link())
    assert "zh: en's numbers 4, 2017 are not in zh" in reasons(link(content=missing))


def test_links_without_counterpart() -> None:
    assert confidence(link((1, 0))) == SKIP_CONFIDENCE < FLAG_BELOW
    assert reasons(link((1, 0), whole=True)) == ["zh: nothing matches this en paragraph — it may be missing in zh"]
    assert reasons(link((0, 1))) == ["zh: nothing in en matches this text — it may be missing in en or added in zh"]


def test_reasons_name_what_counts_against_most_telling_first() -> None:
    short_and_unrelated = link(delta=-4.3, content=ContentEvidence(unrelated=-5.0))
    assert reasons(short_and_unrelated) == [
        "zh: much shorter than en (4.3σ) — text may be missing in zh",
        "zh: shares few of en's numbers, names and words — the texts may be unrelated",
    ]
    assert reasons(link(delta=3.5)) == ["zh: much longer than en (3.5σ) — zh may have text en lacks"]
    assert reasons(link(content=ContentEvidence(meaning=-6.0))) == [
        "zh: says something else than en — the texts look unrelated"]
    assert reasons(link(content=ContentEvidence(elsewhere=-30.0))) == [
        "zh: fits a neighbouring en sentence better — sentences or paragraphs may be out of order"]
    assert reasons(link((3, 1))) == ["zh: 3 en sentences with 1 in zh — check where the unit begins and ends"]


def test_separation_counts_only_against_and_within_its_limit() -> None:
    rng = np.random.default_rng(0)
    separation = Separation.fit(rng.normal(0.3, 0.1, 50), rng.normal(-0.25, 0.1, 200))
    assert separation is not None
    against = separation.against(np.array([0.5, 0.3, 0.1, -0.1, -0.3, -2.0]))
    assert against[0] == 0.0
    assert list(against) == sorted(against, reverse=True)
    assert against[-1] == -Separation.LIMIT


def test_no_separation_from_too_few_or_inverted_samples() -> None:
    assert Separation.fit(np.zeros(5), np.zeros(50)) is None
    assert Separation.fit(np.full(50, -0.3), np.full(50, 0.3)) is None


def paragraphs(lang: str, sizes: list[int], keys: list[str]) -> Document:
    built = []
    for number, (size, key) in enumerate(zip(sizes, keys, strict=True)):
        sentences = tuple(f"{lang}{number}.{k}" for k in range(size))
        built.append(Paragraph(text=" ".join(sentences), key=key, sentences=sentences))
    return Document(lang, tuple(built))


def test_labels_fix_whole_labelled_paragraphs_and_what_lies_between_them() -> None:
    # en: [A1: 1] [body: 2] [A2: 1] [body: 1, 1];  zh: [A1: 1] [body: 1] [A2: 1] [body: 2]
    en = paragraphs("en", [1, 2, 1, 1, 1], ["A1", "", "A2", "", ""])
    zh = paragraphs("zh", [1, 1, 1, 2], ["A1", "", "A2", ""])
    known = ParagraphLabels(en, zh)
    assert known.fixed(Bead((0,), (0,)))  # the A1 headings
    assert known.fixed(Bead((1, 2), (1,)))  # everything between A1 and A2
    assert not known.fixed(Bead((1,), (1,)))  # part of a paragraph
    assert known.fixed(Bead((3,), (2,)))  # A2
    assert known.fixed(Bead((4, 5), (3, 4)))  # everything after A2
    assert not known.fixed(Bead((4,), (3, 4)))
    assert known.whole(Bead((4,), ())) and not known.whole(Bead((1,), ()))


def test_fixed_and_whole_together_are_fixed_and_whole() -> None:
    en = paragraphs("en", [1, 2, 1, 1, 1], ["A1", "", "A2", "", ""])
    zh = paragraphs("zh", [1, 1, 1, 2], ["A1", "", "A2", ""])
    known = ParagraphLabels(en, zh)
    beads = [Bead(src, tgt) for src in ((), (0,), (1,), (1, 2), (3,), (4,), (4, 5))
             for tgt in ((), (0,), (1,), (2,), (3,), (3, 4))]
    assert [known.fixed_and_whole(bead) for bead in beads] == [(known.fixed(bead), known.whole(bead)) for bead in beads]
    assert known.fixed_and_whole(Bead((1, 2), (1,))) == (True, True)
    assert known.fixed_and_whole(Bead((1,), ())) == (False, False)
    assert known.fixed_and_whole(Bead((4,), ())) == (False, True)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), min_size=1, max_size=30))
def test_the_separations_median_is_numpys(values: list[float]) -> None:
    array = np.array(values)
    with np.errstate(all="ignore"):  # numpy warns where the mean of the middle two overflows, or is inf - inf
        expected = float(np.median(array))
    assert _median(array) == expected or (np.isnan(expected) and np.isnan(_median(array)))
