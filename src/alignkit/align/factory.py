"""The one place a scorer is chosen: the config's scorer, built for one document pair.

:func:`resolved_scorer` says which scorer runs (``auto`` becomes ``semantic``
when the encoders ``--model`` names are installed; no ``--model``, when any of the
built-in ones is); :func:`pair_scorer` builds it, with the encoder (or combination
of encoders) :func:`.encoders.get_encoder` loads for ``--model``.  The base
scorer — lengths with lexical anchors (:class:`~.lexical.LexicalScorer`),
or lengths alone with ``lexical=False`` (:class:`~.scorers.LengthScorer`) —
is chosen here once, and the semantic scorer gets it passed in
(:class:`~.semantic.SemanticScorer` adds embeddings to it).  A glossary's
concepts found in both versions of a sentence become lexical anchors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..config import SCORER_CHOICES, AlignConfig
from ..errors import AlignkitError
from .features import ConceptFinder
from .lexical import LexicalScorer
from .scorers import LengthScorer, PairScorer

if TYPE_CHECKING:
    from ..terms.concepts import Glossary


def resolved_scorer(config: AlignConfig) -> str:
    """The scorer that will run: ``auto`` becomes ``semantic`` when it is installed, else ``length``."""
    if config.scorer != "auto":
        return config.scorer
    from . import encoders  # the encoders (and the semantic scorer) load only when they may run

    return "semantic" if encoders.semantic_available(config.model) else "length"


def pair_scorer(config: AlignConfig, src_lang: str, tgt_lang: str, glossary: Glossary | None = None) -> PairScorer:
    """The scorer the config asks for, for one document pair.

    :param glossary: its concepts found on both sides anchor units.
    :raises AlignkitError: unknown scorer, or ``semantic`` without an encoder installed.
    """
    name = resolved_scorer(config)
    if name not in SCORER_CHOICES:
        raise AlignkitError(f"unknown scorer {name!r}; available scorers: {', '.join(SCORER_CHOICES)}")
    if name == "semantic":
        from . import encoders
        from .semantic import SemanticScorer

        return SemanticScorer(src_lang, tgt_lang, base=_base_scorer(config, src_lang, tgt_lang, glossary),
                              encoder=encoders.get_encoder(config.model), windows=config.window_mode)
    return _base_scorer(config, src_lang, tgt_lang, glossary)


def _base_scorer(config: AlignConfig, src_lang: str, tgt_lang: str, glossary: Glossary | None) -> PairScorer:
    """Lengths and lexical anchors, or lengths alone when ``config.lexical`` is off."""
    if not config.lexical:
        return LengthScorer()
    return LexicalScorer(src_lang, tgt_lang, concepts=_concept_finder(glossary), induce=config.induce_lexicon)


def _concept_finder(glossary: Glossary | None) -> ConceptFinder | None:
    """Finds the glossary's concepts in a text, or None without a glossary."""
    if glossary is None:
        return None
    from ..terms.matching import TermFinder  # only with a glossary, as the layering asks

    finder = TermFinder(glossary)

    def concepts(text: str, lang: str) -> list[str]:
        return [ref.concept for match in finder.find(text, lang) for ref in match.refs if ref.status != "forbidden"]

    return concepts
