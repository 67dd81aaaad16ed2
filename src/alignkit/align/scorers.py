"""Sentence scorers: what the DP minimises, chosen by name (``AlignConfig.scorer``).

A scorer turns the sentences of two aligned stretches of text into a
:class:`~alignkit.align.lengthdp.BeadCost` — vectorised costs and confidences
of candidate beads — which :func:`~alignkit.align.lengthdp.align_with_costs`
minimises.  Only the Gale–Church length scorer exists now; a semantic scorer
(sentence embeddings) or a lexical one (glossary hits) plugs in by implementing
:class:`Scorer` and registering itself in :data:`SCORERS`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from ..errors import AlignkitError
from .lengthdp import BeadCost, LengthCost
from .stats import LengthParams


class Scorer(Protocol):
    """Builds the bead costs of one pair of sentence sequences."""

    name: str

    def bead_cost(self, src: Sequence[str], tgt: Sequence[str], params: LengthParams) -> BeadCost:
        """Costs and confidences of beads over ``src`` and ``tgt``.

        :param params: the document pair's length model; scorers that do not
            use lengths may ignore it.
        """
        ...


class LengthScorer:
    """Gale–Church: compares character counts (see :class:`~alignkit.align.lengthdp.LengthCost`)."""

    name = "length"

    def bead_cost(self, src: Sequence[str], tgt: Sequence[str], params: LengthParams) -> BeadCost:
        """Length costs over the sentences' character counts."""
        return LengthCost([len(s) for s in src], [len(t) for t in tgt], params)


#: Scorer factories by name.
SCORERS: dict[str, Callable[[], Scorer]] = {"length": LengthScorer}


def get_scorer(name: str) -> Scorer:
    """The scorer called ``name``.

    :raises AlignkitError: when no scorer has that name; the message lists them.
    """
    try:
        factory = SCORERS[name]
    except KeyError:
        available = ", ".join(sorted(SCORERS))
        raise AlignkitError(f"unknown scorer {name!r}; available scorers: {available}") from None
    return factory()
