"""How sure each link of a unit is, and what a reviewer should check: the evidence weighed together.

A *link* is one language's part of a unit with the pivot's part: a bead of that
language's alignment with the pivot.  Its confidence is the probability that
its two sides translate each other, from log-odds (in nats) to which every
piece of evidence adds its log-likelihood ratio.

Where the link lies — its *position*:

* its shape (:data:`SHAPE_ODDS`): a 1-1 link starts at odds of 12 to 1, a link
  with a sentence merged in at 4.5 to 1, larger merges at 2.7 to 1 (these are
  links the aligner chose; a wrong one is most often a merge);
* the paragraph labels (:data:`LABEL_EVIDENCE`): a link holding whole
  paragraphs whose labels match (``Article 2``/``第二条``, ``1.``/``一、``),
  or everything between two such paragraphs, lies where the paragraph aligner
  anchored it.

However sure its place, a link may hold texts that say different things, so the
position counts at most :data:`POSITION_CAP` nats; the rest of the evidence is
added to it:

* its lengths (:func:`length_evidence`): the length model's δ is standard
  normal for right links and :data:`WRONG_SPREAD` times as widely spread for
  wrong ones or texts with a passage missing, so δ = 0 adds 0.9 nats, 1.4σ
  nothing, 3σ takes 2.9 away and 4.3σ 6.8.  Short units have large
  deviations by nature and little else: their δ alone does not flag them;
* what the scorers found in the texts (:class:`ContentEvidence`), counted only
  against a link — the scorers calibrate it on the same sentences paired a few
  sentences off, so evidence for a link shows that its sides are related, not
  that its boundaries are right:

  - ``unrelated`` (lexical anchors): the share of its anchors found on the
    other side is typical of unrelated sentences of this document
    (:class:`Separation`), weighted :data:`UNRELATED_WEIGHT`;
  - ``elsewhere`` (lexical anchors): the same sentences paired a few sentences
    off share far more anchors, weighted :data:`ELSEWHERE_WEIGHT` (not counted
    when the labels fix the link's place: such a pairing would cross them);
  - ``meaning`` (sentence embeddings): the semantic scorer's calibrated
    evidence, down to -:data:`MEANING_LIMIT`;
  - numbers, months or document symbols on one side only cost
    :data:`MISSING_NUMBERS` nats; different ones on the two sides (2017 vs
    2016) mean the texts state different facts, and the confidence is at most
    :data:`CONTRADICTION_CONFIDENCE` whatever else agrees.

A link without counterpart (1-0, 0-1) has :data:`~.length.SKIP_CONFIDENCE`.
:func:`reasons` names, in a reviewer's words, every piece of evidence that
counts :data:`REPORTED` nats or more against a link.

The weights were chosen on the UDHR (en, zh, ru: every unit right, none should
be flagged), S/2017/613 with constructed damage (a paragraph deleted, two
swapped, one replaced by an unrelated text, a number changed: each must be
flagged) and the MAC-Dev and Bleualign gold sets (flags should pick out wrong
units); ``benchmarks/bench_flags.py`` measures all three.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .features import Difference
from .length import SKIP_CONFIDENCE

#: Log-odds of a link being right from its shape alone: 1-1, one sentence merged in, more.
SHAPE_ODDS = {(1, 1): 2.5, (1, 2): 1.5, (2, 1): 1.5}
#: Log-odds of any other shape (2-2, 1-3, 3-1...).
MERGE_ODDS = 1.0
#: How many times wider δ spreads for wrong links than for right ones.
WRONG_SPREAD = 2.5
#: Nats a link gains when the paragraph labels fix its place.
LABEL_EVIDENCE = 3.0
#: The most the position (shape, lengths, labels) can say for a link, in nats.
POSITION_CAP = 3.5
#: Share of the lexical "unrelated" evidence counted (anchors are not independent).
UNRELATED_WEIGHT = 0.5
#: Share of the lexical "elsewhere" margin counted, and the most it can take away.
ELSEWHERE_WEIGHT = 0.1
ELSEWHERE_LIMIT = 4.0
#: The semantic evidence counts down to minus this many nats.
MEANING_LIMIT = 8.0
#: Nats taken away when a number (month, symbol) is found on one side only.
MISSING_NUMBERS = 2.0
#: The most confidence a link can have when its sides state different numbers.
CONTRADICTION_CONFIDENCE = 0.1
#: Evidence counting at least this many nats against a link is named among its reasons.
REPORTED = 1.0


@dataclass(frozen=True)
class ContentEvidence:
    """What a scorer found in the texts of one link, in nats (negative: against the link).

    :param unrelated: its anchors agree as little as unrelated sentences' (≤ 0).
    :param elsewhere: how many nats more anchors a pairing a few sentences off
        shares (≤ 0).
    :param meaning: the semantic evidence, when sentence embeddings were used.
    :param numbers: numbers, months or symbols the two sides do not share.
    """

    unrelated: float = 0.0
    elsewhere: float = 0.0
    meaning: float | None = None
    numbers: Difference | None = None


@dataclass(frozen=True)
class Link:
    """One language's link of a unit with the pivot, and the evidence about it.

    :param lang: the language; ``pivot`` the pivot's.
    :param relation: pivot sentences, sentences of ``lang``.
    :param delta: the length model's δ (positive: ``lang`` longer than expected).
    :param fixed: the paragraph labels fix its place.
    :param whole: its sentences are whole paragraphs (of the side that has any).
    :param content: what the scorer found in its texts.
    """

    lang: str
    pivot: str
    relation: tuple[int, int]
    delta: float = 0.0
    fixed: bool = False
    whole: bool = False
    content: ContentEvidence = ContentEvidence()

    @property
    def one_sided(self) -> bool:
        """The link has sentences on one side only."""
        return 0 in self.relation


def length_evidence(delta: float) -> float:
    """Log-likelihood ratio of a length deviation δ: standard normal for right links,
    :data:`WRONG_SPREAD` times wider for wrong ones."""
    return math.log(WRONG_SPREAD) - 0.5 * delta * delta * (1.0 - 1.0 / WRONG_SPREAD**2)


def _terms(link: Link) -> dict[str, float]:
    """The evidence of a two-sided link, in nats, by kind."""
    content = link.content
    terms = {
        "shape": SHAPE_ODDS.get(link.relation, MERGE_ODDS),
        "length": length_evidence(link.delta),
        "labels": LABEL_EVIDENCE if link.fixed else 0.0,
        "unrelated": UNRELATED_WEIGHT * min(content.unrelated, 0.0),
        "elsewhere": 0.0 if link.fixed else max(ELSEWHERE_WEIGHT * min(content.elsewhere, 0.0), -ELSEWHERE_LIMIT),
        "meaning": 0.0 if content.meaning is None else max(min(content.meaning, 0.0), -MEANING_LIMIT),
        "numbers": -MISSING_NUMBERS if content.numbers is not None else 0.0,
    }
    return terms


def confidence(link: Link) -> float:
    """The probability that the link's two sides translate each other."""
    if link.one_sided:
        return SKIP_CONFIDENCE
    terms = _terms(link)
    position = min(terms.pop("shape") + terms.pop("labels"), POSITION_CAP)
    probability = _logistic(position + sum(terms.values()))
    if link.content.numbers is not None and link.content.numbers.contradicts:
        probability = min(probability, CONTRADICTION_CONFIDENCE)
    return probability


def reasons(link: Link) -> list[str]:
    """What a reviewer should check about the link, most telling first (for a flagged link).

    Every piece of evidence counting :data:`REPORTED` nats or more against it,
    in words; when none does, its shape or its confidence.
    """
    lang, pivot = link.lang, link.pivot
    what = "paragraph" if link.whole else "text"
    if link.relation[1] == 0:
        return [f"{lang}: nothing matches this {pivot} {what} — it may be missing in {lang}"]
    if link.relation[0] == 0:
        return [f"{lang}: nothing in {pivot} matches this {what} — it may be missing in {pivot} or added in {lang}"]
    numbers = link.content.numbers
    if numbers is not None and numbers.contradicts:
        return [f"{lang}: {numbers.label} differ: {pivot} {', '.join(numbers.only_src)}, "
                f"{lang} {', '.join(numbers.only_tgt)}"]
    terms = _terms(link)
    found: list[tuple[float, str]] = []
    if terms["length"] <= -REPORTED:
        if link.delta < 0:
            said = f"much shorter than {pivot} ({-link.delta:.1f}σ) — text may be missing in {lang}"
        else:
            said = f"much longer than {pivot} ({link.delta:.1f}σ) — {lang} may have text {pivot} lacks"
        found.append((terms["length"], said))
    if terms["meaning"] <= -REPORTED:
        found.append((terms["meaning"], f"says something else than {pivot} — the texts look unrelated"))
    if terms["unrelated"] <= -REPORTED:
        found.append((terms["unrelated"], f"shares few of {pivot}'s numbers, names and words "
                                          "— the texts may be unrelated"))
    if terms["elsewhere"] <= -REPORTED:
        found.append((terms["elsewhere"], f"fits a neighbouring {pivot} sentence better "
                                          "— sentences or paragraphs may be out of order"))
    if numbers is not None:
        if numbers.only_src:
            said = f"{pivot}'s {numbers.label} {', '.join(numbers.only_src)} are not in {lang}"
        else:
            said = f"{numbers.label} {', '.join(numbers.only_tgt)} are not in {pivot}"
        found.append((terms["numbers"], said))
    if found:
        return [f"{lang}: {said}" for _, said in sorted(found, key=lambda item: item[0])]
    if link.relation != (1, 1):
        pivot_count, count = link.relation
        return [f"{lang}: {pivot_count} {pivot} sentence{'s' * (pivot_count > 1)} with {count} in {lang} "
                "— check where the unit begins and ends"]
    return [f"{lang}: low confidence {confidence(link):.2f}"]


def _logistic(log_odds: float) -> float:
    return 1.0 / (1.0 + math.exp(-log_odds)) if log_odds > -700 else 0.0


@dataclass(frozen=True)
class Separation:
    """How a statistic is distributed over a document's right links and over unrelated
    pairs of its sentences (robust normal fits), and the evidence a value gives against a link.

    Only evidence *against* is given: the unrelated pairs are sentences a few
    sentences off, so a value typical of right links shows that the sides are
    related, not that the link's boundaries are right.
    """

    right_mean: float
    right_spread: float
    unrelated_mean: float
    unrelated_spread: float

    #: Spreads are kept at least this wide: fits on a short document, or on a long one
    #: repeating itself, come out narrower than right links really spread.
    MIN_SPREAD = 0.15
    #: The evidence against a link is at most this many nats (weighted by
    #: :data:`UNRELATED_WEIGHT`, enough to flag a link whose labels fix its place).
    LIMIT = 12.0
    #: Fewer values than this on either side and no fit is made.
    MIN_VALUES = 12

    @classmethod
    def fit(cls, right: np.ndarray, unrelated: np.ndarray) -> Separation | None:
        """Median and 1.4826·MAD of each sample; None when a sample is too small or the
        right links' median is not above the unrelated pairs'."""
        if len(right) < cls.MIN_VALUES or len(unrelated) < cls.MIN_VALUES:
            return None
        right_mean, right_spread = _robust_fit(right, cls.MIN_SPREAD)
        unrelated_mean, unrelated_spread = _robust_fit(unrelated, cls.MIN_SPREAD)
        if right_mean <= unrelated_mean:
            return None
        return cls(right_mean, right_spread, unrelated_mean, unrelated_spread)

    def against(self, values: np.ndarray) -> np.ndarray:
        """Log-likelihood ratio of right vs unrelated for each value, in [-LIMIT, 0]: 0 from the
        right links' median up, and the unrelated pairs' density held at its peak below their median."""
        right = -0.5 * ((values - self.right_mean) / self.right_spread) ** 2 - math.log(self.right_spread)
        beyond = np.maximum(values - self.unrelated_mean, 0.0) / self.unrelated_spread
        unrelated = -0.5 * beyond**2 - math.log(self.unrelated_spread)
        ratio = np.where(values >= self.right_mean, 0.0, right - unrelated)
        return np.asarray(np.clip(ratio, -self.LIMIT, 0.0))


def _robust_fit(values: np.ndarray, floor: float) -> tuple[float, float]:
    median = _median(values)
    return median, max(1.4826 * _median(np.abs(values - median)), floor)


def _median(values: np.ndarray) -> float:
    """``np.median`` of a non-empty 1-D array, the same value (the middle one, else the mean of the two
    middle ones, NaN when any is), without the masked-array module ``np.median`` imports first."""
    ordered = np.sort(values)
    middle = len(ordered) // 2
    if math.isnan(ordered[-1]):
        return math.nan
    if len(ordered) % 2:
        return float(ordered[middle])
    return (float(ordered[middle - 1]) + float(ordered[middle])) / 2
