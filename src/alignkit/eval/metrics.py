"""Scoring an alignment against a gold standard: strict and lax precision, recall and F1.

The measures are those of Sennrich & Volk (2011) as vecalign's scorer computes
them (Thompson & Koehn 2019), so numbers are comparable with published ones:

* A *link* is a pair (source sentence indices, target sentence indices).
  Links empty on both sides are ignored; duplicate links count once.
* **Precision** looks at every test link.  It is *strictly* right when the gold
  has exactly the same link.  It is *laxly* right when it is strictly right, or
  when some gold link shares a source sentence with it and (through the gold
  links of those shared source sentences) a target sentence: it overlaps a gold
  link on both sides.  A wrong 1-0 or 0-1 link is never laxly right.
* **Recall** is the same computation with gold and test swapped, after 1-0 and
  0-1 links are dropped from both: a missed deletion costs precision only.
* Over a set of documents the counts are summed before dividing
  (micro-average), and F1 is the harmonic mean of the summed precision and
  recall.  A ratio with nothing to count is 0.

This module reads no files: :mod:`alignkit.eval.gold` does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import AlignkitError
from ..model import Alignment

#: One link: source sentence indices, target sentence indices (0-based).
Link = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Counts:
    """Link counts of one comparison: strict and lax true and false positives."""

    strict_right: int = 0
    strict_wrong: int = 0
    lax_right: int = 0
    lax_wrong: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.strict_right + other.strict_right,
            self.strict_wrong + other.strict_wrong,
            self.lax_right + other.lax_right,
            self.lax_wrong + other.lax_wrong,
        )

    @property
    def strict(self) -> float:
        """Strictly right links / all links (0 when there are none)."""
        return _ratio(self.strict_right, self.strict_right + self.strict_wrong)

    @property
    def lax(self) -> float:
        """Laxly right links / all links (0 when there are none)."""
        return _ratio(self.lax_right, self.lax_right + self.lax_wrong)


@dataclass(frozen=True)
class Score:
    """Strict and lax precision, recall and F1 over one or more documents.

    :param precision: counts over the test links.
    :param recall: counts over the gold links (1-0 and 0-1 links left out).
    :param documents: how many gold/test pairs were scored.
    """

    precision: Counts
    recall: Counts
    documents: int = 1

    def __add__(self, other: Score) -> Score:
        return Score(self.precision + other.precision, self.recall + other.recall, self.documents + other.documents)

    @property
    def precision_strict(self) -> float:
        """Share of test links found exactly in the gold."""
        return self.precision.strict

    @property
    def recall_strict(self) -> float:
        """Share of gold links (without 1-0/0-1) found exactly in the test."""
        return self.recall.strict

    @property
    def f1_strict(self) -> float:
        """Harmonic mean of strict precision and recall."""
        return _harmonic_mean(self.precision_strict, self.recall_strict)

    @property
    def precision_lax(self) -> float:
        """Share of test links overlapping a gold link on both sides."""
        return self.precision.lax

    @property
    def recall_lax(self) -> float:
        """Share of gold links (without 1-0/0-1) overlapping a test link on both sides."""
        return self.recall.lax

    @property
    def f1_lax(self) -> float:
        """Harmonic mean of lax precision and recall."""
        return _harmonic_mean(self.precision_lax, self.recall_lax)

    def as_dict(self) -> dict[str, float]:
        """The six measures by vecalign's names (``precision_strict``, ``f1_lax``...)."""
        return {
            "precision_strict": self.precision_strict,
            "recall_strict": self.recall_strict,
            "f1_strict": self.f1_strict,
            "precision_lax": self.precision_lax,
            "recall_lax": self.recall_lax,
            "f1_lax": self.f1_lax,
        }


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _harmonic_mean(a: float, b: float) -> float:
    return 2 * a * b / (a + b) if a + b else 0.0


# ------------------------------------------------------------------ scoring


def score_links(gold: Iterable[Link], test: Iterable[Link]) -> Score:
    """Strict and lax precision, recall and F1 of ``test`` against ``gold`` (one document)."""
    gold_links = _normalised(gold)
    test_links = _normalised(test)
    precision = _count_matches(gold_links, test_links)
    recall = _count_matches(_two_sided(test_links), _two_sided(gold_links))
    return Score(precision, recall)


def score_documents(pairs: Iterable[tuple[Iterable[Link], Iterable[Link]]]) -> Score:
    """Micro-averaged score over ``(gold, test)`` link lists of several documents."""
    total: Score | None = None
    for gold, test in pairs:
        score = score_links(gold, test)
        total = score if total is None else total + score
    return total if total is not None else Score(Counts(), Counts(), documents=0)


def _normalised(links: Iterable[Link]) -> set[Link]:
    """Distinct links as tuples, without those empty on both sides."""
    return {(tuple(src), tuple(tgt)) for src, tgt in links if len(src) or len(tgt)}


def _two_sided(links: set[Link]) -> set[Link]:
    return {(src, tgt) for src, tgt in links if src and tgt}


def _count_matches(reference: set[Link], candidates: set[Link]) -> Counts:
    """How many ``candidates`` are strictly and laxly found in ``reference``."""
    aligned_to: dict[int, set[int]] = defaultdict(set)
    for src, tgt in reference:
        for i in src:
            aligned_to[i].update(tgt)
    strict = lax = 0
    for src, tgt in candidates:
        if (src, tgt) in reference:
            strict += 1
            lax += 1
        elif any(not aligned_to[i].isdisjoint(tgt) for i in src if i in aligned_to):
            lax += 1
    total = len(candidates)
    return Counts(strict, total - strict, lax, total - lax)


# ------------------------------------------------------------------ links from an alignment


def alignment_links(alignment: Alignment, src_lang: str, tgt_lang: str) -> list[Link]:
    """The links between two languages of an alignment, one per unit (units empty in both skipped)."""
    for lang in (src_lang, tgt_lang):
        if lang not in alignment.langs:
            raise AlignkitError(f"the alignment has no {lang!r} text (languages: {', '.join(alignment.langs)})")
    links = [(tuple(u.indices.get(src_lang, ())), tuple(u.indices.get(tgt_lang, ()))) for u in alignment.units]
    return [(src, tgt) for src, tgt in links if src or tgt]


def format_score(score: Score) -> list[str]:
    """The score as a small table, as vecalign prints it, plus the counts."""
    return [
        f"{'':12} {'strict':>7} {'lax':>7}",
        f"{'precision':12} {score.precision_strict:7.3f} {score.precision_lax:7.3f}",
        f"{'recall':12} {score.recall_strict:7.3f} {score.recall_lax:7.3f}",
        f"{'F1':12} {score.f1_strict:7.3f} {score.f1_lax:7.3f}",
        f"({score.documents} document(s); "
        f"{score.precision.strict_right + score.precision.strict_wrong} test links, "
        f"{score.recall.strict_right + score.recall.strict_wrong} gold links without 1-0/0-1)",
    ]
