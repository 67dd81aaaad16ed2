"""Settings of the alignment stages, and the signature that records them in every output."""

from __future__ import annotations

from dataclasses import dataclass

from . import __version__

#: Relations the sentence aligner may use, as (pivot sentences, other sentences).
SENTENCE_RELATIONS: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1),
)


@dataclass(frozen=True)
class AlignConfig:
    """How documents are aligned.

    :param pivot: language every other version is aligned to.
    :param scorer: name of the sentence scorer (``"length"``).
    :param band: half-width of the DP band around the diagonal, in sentences
        (the band grows automatically where the documents' lengths differ).
    :param flag_below: units with a lower confidence are flagged for review.
    :param presegmented: input lines are segments already; no sentence splitting.
    """

    pivot: str = "en"
    scorer: str = "length"
    band: int = 30
    flag_below: float = 0.5
    presegmented: bool = False

    def signature(self) -> str:
        """A short string of every setting that changes the result (sacrebleu style)."""
        seg = "lines" if self.presegmented else "moses+zh"
        return (
            f"alignkit:{__version__}|seg:{seg}|pivot:{self.pivot}|scorer:{self.scorer}"
            f"|dp:gale-church|band:{self.band}|flag:{self.flag_below:g}"
        )
