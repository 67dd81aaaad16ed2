"""Sentence scorers: what the DP minimises, chosen by name (``AlignConfig.scorer``).

A scorer turns the sentences of two aligned stretches of text into a
:class:`~alignkit.align.dp.BeadCost` — vectorised costs and confidences
of candidate beads — which :func:`~alignkit.align.dp.align_with_costs`
minimises.

* ``length``: Gale–Church lengths plus lexical anchors (numbers, names,
  punctuation, glossary concepts, a lexicon induced from the documents; see
  :mod:`.lexical`).  :class:`LengthScorer` alone is the bare length model.
* ``semantic``: sentence embeddings as well (:mod:`.semantic`, needs
  ``alignkit[semantic]`` or a sentence-transformers model).
* ``auto``: ``semantic`` when it can run, else ``length``.

:func:`pair_scorer` builds the scorer of one document pair from the config;
besides :meth:`Scorer.bead_cost` it may :meth:`~PairScorer.prepare` itself on
the whole documents, :meth:`~PairScorer.learn` from a first alignment, and
:meth:`~PairScorer.describe` a unit for the reviser.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from ..config import SCORER_CHOICES, AlignConfig
from ..errors import AlignkitError
from ..model import Bead
from .dp import BeadCost
from .length import LengthCost
from .stats import LengthParams

if TYPE_CHECKING:
    from ..terms.glossary import Glossary


class Scorer(Protocol):
    """Builds the bead costs of one pair of sentence sequences."""

    name: str

    def bead_cost(self, src: Sequence[str], tgt: Sequence[str], params: LengthParams) -> BeadCost:
        """Costs and confidences of beads over ``src`` and ``tgt``.

        :param params: the document pair's length model; scorers that do not
            use lengths may ignore it.
        """
        ...


#: Stretches of a document pair aligned separately (paragraph groups):
#: ``(first source sentence, source count, first target sentence, target count)``.
Spans = Sequence[tuple[int, int, int, int]]


class PairScorer(Scorer, Protocol):
    """A scorer for one document pair, which may look at the whole documents first."""

    def document_cost(self, src: Sequence[str], tgt: Sequence[str], spans: Spans,
                      params: LengthParams) -> BeadCost:
        """Costs over the whole documents, for aligning each of ``spans`` separately
        (built once, so many small paragraph groups cost little)."""
        ...

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> None:
        """See every sentence of both documents once (weights, embeddings)."""
        ...

    def learn(self, beads: Sequence[Bead], src: Sequence[str], tgt: Sequence[str]) -> bool:
        """Learn from a first alignment of the documents; True when a second pass is worth it."""
        ...

    def describe(self, src: Sequence[str], tgt: Sequence[str], params: LengthParams) -> tuple[dict[str, float], str]:
        """Score components of one unit, and a reason when something disagrees (or ``""``)."""
        ...


class LengthScorer:
    """Gale–Church: compares character counts (see :class:`~alignkit.align.length.LengthCost`)."""

    name = "length"

    def bead_cost(self, src: Sequence[str], tgt: Sequence[str], params: LengthParams) -> BeadCost:
        """Length costs over the sentences' character counts."""
        return LengthCost([len(s) for s in src], [len(t) for t in tgt], params)

    def document_cost(self, src: Sequence[str], tgt: Sequence[str], spans: Spans,
                      params: LengthParams) -> BeadCost:
        """Length costs over the whole documents."""
        return self.bead_cost(src, tgt, params)

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> None:
        """Nothing to prepare."""

    def learn(self, beads: Sequence[Bead], src: Sequence[str], tgt: Sequence[str]) -> bool:
        """Nothing to learn."""
        return False

    def describe(self, src: Sequence[str], tgt: Sequence[str], params: LengthParams) -> tuple[dict[str, float], str]:
        """No components beyond the length deviation the merge reports itself."""
        return {}, ""


def _semantic_scorer() -> Scorer:
    from .semantic import SemanticScorer

    return SemanticScorer("", "")


#: Scorer factories by name (language-independent; :func:`pair_scorer` builds the full ones).
SCORERS: dict[str, Callable[[], Scorer]] = {"length": LengthScorer, "semantic": _semantic_scorer}


def get_scorer(name: str) -> Scorer:
    """The scorer called ``name``.

    :raises AlignkitError: when no scorer has that name; the message lists them.
    """
    try:
        factory = SCORERS[name]
    except KeyError:
        raise AlignkitError(f"unknown scorer {name!r}; available scorers: {', '.join(SCORER_CHOICES)}") from None
    return factory()


def pair_scorer(config: AlignConfig, src_lang: str, tgt_lang: str, glossary: Glossary | None = None) -> PairScorer:
    """The scorer the config asks for, for one document pair.

    :param glossary: its concepts found on both sides anchor units.
    :raises AlignkitError: unknown scorer, or ``semantic`` without an encoder installed.
    """
    from .signature import resolved_scorer

    name = resolved_scorer(config)
    if name not in SCORERS:
        get_scorer(name)  # raises with the list of scorers
    concepts = _concept_finder(glossary)
    if name == "semantic":
        from .encoders import get_encoder
        from .semantic import SemanticScorer

        return SemanticScorer(src_lang, tgt_lang, encoder=get_encoder(config.model), concepts=concepts,
                              lexical=config.lexical, induce=config.induce_lexicon, windows=config.windows)
    if not config.lexical:
        return LengthScorer()
    from .lexical import LexicalScorer

    return LexicalScorer(src_lang, tgt_lang, concepts=concepts, induce=config.induce_lexicon)


def _concept_finder(glossary: Glossary | None) -> Callable[[str, str], list[str]] | None:
    """Finds the glossary's concepts in a text, or None without a glossary."""
    if glossary is None:
        return None
    from ..terms.matching import TermFinder

    finder = TermFinder(glossary)

    def concepts(text: str, lang: str) -> list[str]:
        return [ref.concept for match in finder.find(text, lang) for ref in match.refs if ref.status != "forbidden"]

    return concepts
