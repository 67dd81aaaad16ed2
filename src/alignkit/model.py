"""The small data model every stage of alignkit shares.

``Document`` → ``Paragraph`` (with its sentences) is what readers produce and the
segmenter fills in; ``Bead`` is one link of a bilingual alignment; ``AlignmentUnit``
is one row of a multilingual alignment (its segments in every language, the
relation type, a confidence score and the reviewer's verdict) and ``Alignment``
holds the units of one document together with the documents they came from.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from .langs import is_unspaced


def join_segments(lang: str, segments: tuple[str, ...] | list[str]) -> str:
    """Join the sentences of one unit as a translator would read them.

    Chinese and Japanese sentences are joined with nothing between them, other
    languages with one space.
    """
    separator = "" if is_unspaced(lang) else " "
    return separator.join(segments)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph (or heading) of a document.

    :param text: the paragraph's text without its label.
    :param label: the label as printed (``"1."``, ``"(a)"``, ``"第二十九条"``), or ``""``.
    :param number: the label normalised (``"1"``, ``"a"``, ``"i"``, ``"29"``), or ``""``.
    :param key: hierarchical anchor key comparable across languages
        (``"A26.1"`` for item 1 of Article 26), or ``""`` when unnumbered.
    :param kind: ``"body"`` or ``"heading"`` (titles, "Annex", signature lines).
    :param lines: first and last source line (1-based; ``(0, 0)`` when unknown).
    :param sentences: the paragraph's sentences, filled in by segmentation.
    """

    text: str
    label: str = ""
    number: str = ""
    key: str = ""
    kind: str = "body"
    lines: tuple[int, int] = (0, 0)
    sentences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Segment:
    """One sentence of a document with its position.

    :param text: the sentence.
    :param paragraph: index of its paragraph in ``Document.paragraphs``.
    :param index: position among all sentences of the document (0-based).
    """

    text: str
    paragraph: int
    index: int


@dataclass(frozen=True)
class Document:
    """One language version of a document.

    :param lang: ISO 639-1 code (``en``, ``zh``, ``ru``...).
    :param paragraphs: the paragraphs in reading order.
    :param source: where it was read from (a path), for messages and reports.
    :param encoding: the encoding the text was decoded with.
    :param name: the document's identifier (e.g. ``S-2017-613``), if known.
    """

    lang: str
    paragraphs: tuple[Paragraph, ...]
    source: str = ""
    encoding: str = ""
    name: str = ""

    def segments(self) -> list[Segment]:
        """All sentences of the document, numbered in reading order."""
        out: list[Segment] = []
        for p_index, paragraph in enumerate(self.paragraphs):
            for sentence in paragraph.sentences:
                out.append(Segment(sentence, p_index, len(out)))
        return out

    def sentence_texts(self) -> list[str]:
        """The texts of :meth:`segments`, in the same order (without building the segments)."""
        return [sentence for paragraph in self.paragraphs for sentence in paragraph.sentences]

    def sentence_offsets(self) -> list[int]:
        """Document-wide number of each paragraph's first sentence (and the total at the end)."""
        offsets = [0]
        for paragraph in self.paragraphs:
            offsets.append(offsets[-1] + len(paragraph.sentences))
        return offsets

    @property
    def sentence_count(self) -> int:
        """Number of sentences (of :meth:`segments`, without building them)."""
        return sum(len(p.sentences) for p in self.paragraphs)

    @property
    def char_count(self) -> int:
        """Number of characters in all paragraph texts."""
        return sum(len(p.text) for p in self.paragraphs)


@dataclass(frozen=True)
class Bead:
    """One link of a bilingual alignment: source and target sentence indices.

    Either side may be empty (a 1-0 or 0-1 link).  ``score`` is a confidence
    in [0, 1].
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 1.0

    @property
    def type(self) -> str:
        """The relation type, e.g. ``"1-2"``."""
        return f"{len(self.src)}-{len(self.tgt)}"


#: A unit nobody has reviewed yet.
AUTO = "auto"
#: A reviewer confirmed the unit.
CONFIRMED = "confirmed"
#: A reviewer rejected the unit (wrong link, bad translation).
REJECTED = "rejected"
#: The review statuses of a unit, in the order a reviewer is offered them.
STATUSES: tuple[str, ...] = (AUTO, CONFIRMED, REJECTED)


@dataclass(frozen=True)
class AlignmentUnit:
    """One unit of a multilingual alignment.

    :param id: 1-based position of the unit in the alignment.
    :param segments: per language, the unit's sentences (possibly none).
    :param indices: per language, the document-wide indices of those sentences.
    :param paragraph: the label of the pivot paragraph (``"3"``, ``"A26.1"``) or ``""``.
    :param type: relation type in language order, e.g. ``"1-2-1"``.
    :param score: confidence in [0, 1].
    :param flagged: True when the score is below the review threshold.
    :param reasons: human-readable reasons for a low score.
    :param components: what the score was made of, per language paired with
        the pivot (``{"zh.length_sigma": 0.4, "zh.anchors": 0.8, "zh.semantic": 0.91}``).
    :param status: the review verdict, one of :data:`STATUSES` (``"auto"``: not reviewed).
    :param comment: the reviewer's comment, or ``""``.
    :param edited: the languages whose text a reviewer changed (a typo fixed), in
        alignment order; their segments then differ from the document's sentences.
    """

    id: int
    segments: Mapping[str, tuple[str, ...]]
    indices: Mapping[str, tuple[int, ...]]
    paragraph: str = ""
    type: str = ""
    score: float = 1.0
    flagged: bool = False
    reasons: tuple[str, ...] = ()
    components: Mapping[str, float] = field(default_factory=dict)
    status: str = AUTO
    comment: str = ""
    edited: tuple[str, ...] = ()

    def text(self, lang: str) -> str:
        """The unit's text in ``lang``, sentences joined the way that language is written."""
        return join_segments(lang, self.segments.get(lang, ()))


@dataclass(frozen=True)
class Alignment:
    """The aligned units of one document in several languages.

    :param langs: the languages, pivot first.
    :param units: the units in pivot reading order.
    :param documents: the aligned documents by language.
    :param name: the document's identifier (e.g. ``S-2017-613``).
    :param signature: settings that produced the alignment, for reproducibility.
    :param input_langs: the languages in the order their files were given (``001.zh.txt
        001.en.txt`` → ``("zh", "en")``), when known; see :attr:`input_order`.
    """

    langs: tuple[str, ...]
    units: tuple[AlignmentUnit, ...]
    documents: Mapping[str, Document] = field(default_factory=dict)
    name: str = ""
    signature: str = ""
    input_langs: tuple[str, ...] = ()

    @property
    def pivot(self) -> str:
        """The language every other version was aligned to."""
        return self.langs[0]

    @property
    def input_order(self) -> tuple[str, ...]:
        """The languages in the order their files were given; pivot first when that is not known."""
        if sorted(self.input_langs) == sorted(self.langs):
            return self.input_langs
        return self.langs

    def __iter__(self) -> Iterator[AlignmentUnit]:
        return iter(self.units)

    def __len__(self) -> int:
        return len(self.units)
