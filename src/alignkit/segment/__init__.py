"""Sentence segmentation: one segmenter per language behind one interface.

``get_segmenter("en")`` and ``get_segmenter("ru")`` give a :class:`MosesSegmenter`,
``get_segmenter("zh")`` (also ``zh-CN``, ``zh-Hans``, ``zh_TW``) a :class:`ZhSegmenter`.
Any other language is an error, never a silent fallback to English.
:func:`segment_document` fills in the ``sentences`` of a read document's paragraphs.

* :mod:`~alignkit.segment.base` — the :class:`Segmenter` interface.
* :mod:`~alignkit.segment.moses` — English and Russian: the rules of Moses
  ``split-sentences.perl``, implemented here, with sacremoses' non-breaking
  prefixes and alignkit's supplement in ``segment/data/nonbreaking_extra.*`` (UN
  abbreviations and document symbols).
* :mod:`~alignkit.segment.zh` — Chinese: by punctuation alone.

A new language gets a segmenter module and an entry in :data:`SUPPORTED_LANGUAGES`
and :func:`get_segmenter`; a missed abbreviation goes into its
``nonbreaking_extra`` file.
"""

from __future__ import annotations

import dataclasses
from functools import cache

from ..errors import UnsupportedLanguageError
from ..langs import base_code
from ..model import Document, Paragraph
from .base import Segmenter
from .moses import MOSES_LANGUAGES, MosesSegmenter, sacremoses_version
from .zh import ZhSegmenter

#: Languages with a segmenter.
SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "ru", "zh")

__all__ = [
    "SUPPORTED_LANGUAGES",
    "MosesSegmenter",
    "Segmenter",
    "ZhSegmenter",
    "base_language",
    "get_segmenter",
    "segment_document",
    "segmentation_signature",
]


def base_language(lang: str) -> str:
    """The supported language of a code, region and script dropped: ``"zh-Hans-CN"`` → ``"zh"``.

    :raises UnsupportedLanguageError: for a language without a segmenter.
    """
    base = base_code(lang)
    if base not in SUPPORTED_LANGUAGES:
        supported = ", ".join(SUPPORTED_LANGUAGES)
        raise UnsupportedLanguageError(f"no sentence segmenter for language {lang!r}; supported: {supported}")
    return base


def get_segmenter(lang: str) -> Segmenter:
    """The segmenter of ``lang``; one instance per language (``zh`` and ``zh-CN`` share one).

    :raises UnsupportedLanguageError: for a language other than en, ru or zh (with
        any region or script subtag).
    """
    return _segmenter_for(base_language(lang))


@cache
def _segmenter_for(base: str) -> Segmenter:
    if base in MOSES_LANGUAGES:
        return MosesSegmenter(base)
    return ZhSegmenter()


def segmentation_signature() -> str:
    """The sentence splitters and their versions/settings, for output signatures."""
    zh_name = get_segmenter("zh").name.replace("zh-punct+", "")
    return f"moses(sacremoses-{sacremoses_version()})+zh-punct({zh_name})"


def segment_document(doc: Document) -> Document:
    """A copy of ``doc`` whose paragraphs have their ``sentences`` filled in.

    A paragraph that already has sentences (pre-segmented input) is kept as it is; a
    blank paragraph gets none.

    :raises UnsupportedLanguageError: if ``doc.lang`` has no segmenter.
    """
    segmenter = get_segmenter(doc.lang)
    paragraphs = tuple(_segment_paragraph(paragraph, segmenter) for paragraph in doc.paragraphs)
    return dataclasses.replace(doc, paragraphs=paragraphs)


def _segment_paragraph(paragraph: Paragraph, segmenter: Segmenter) -> Paragraph:
    if paragraph.sentences or not paragraph.text.strip():
        return paragraph
    return dataclasses.replace(paragraph, sentences=tuple(segmenter.split(paragraph.text)))
