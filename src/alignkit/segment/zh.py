"""Sentence splitting for Chinese: by punctuation alone.

Chinese needs no space after a sentence and has no capital letters, so a sentence
ends after ``。``, ``！``, ``？`` (and runs such as ``！？``), after ``……`` and after the
half-width ``?`` and ``!``.  Closing quotes and brackets right after the ender stay
with the sentence (``他说：“我们同意。”`` is one sentence, and so is ``（见附件。）``).
A half-width or full-width period ends a sentence only after a Chinese character or
closing bracket and never before a digit, so ``3.5`` never splits.  A colon never
splits.  The semicolon is configurable, see :class:`ZhSegmenter`.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

_CLOSERS = r"[\"')\]\p{Pf}\p{Pe}」』）》】〕〉〗〙〛]"
_ENDER = (
    r"(?:[。！？!?‼⁇⁈⁉]+"
    r"|[…⋯]{2,}"
    r"|(?<=[\p{Han}\p{Pe}\p{Pf}])[.．](?![\d０-９.．]))"
)
# An ender with the closing punctuation that belongs to it; enders may repeat after
# a closer ("！”。").
_SENTENCE_END = regex.compile(rf"(?:{_ENDER}{_CLOSERS}*)+", regex.V1)
# Half-width ";" counts only after non-ASCII text, so "&amp;" or code stays whole.
_SEMICOLON = regex.compile(r"；|(?<=[^\x00-\x7f]);")
_ENDS_WITH_ENDER = regex.compile(rf"{_ENDER}{_CLOSERS}*$", regex.V1)

#: Default minimum length, in characters, of both clauses around a semicolon split.
DEFAULT_SEMICOLON_CLAUSE = 40


class ZhSegmenter:
    """Splits Chinese text into sentences after ``。！？……`` and, optionally, ``；``.

    The semicolon is what makes Chinese hard to align with English: ``；`` usually
    translates an English ``;`` (Moses never splits there, so splitting would turn
    every 1-1 into a 2-1), yet Chinese translators also join two English sentences
    with ``；``.  The second case is recognisable: one ``；`` joins two long,
    complete clauses.  In S/2017/613 "双方建议，……军事演习；与此同时，……所有问题。"
    renders two English sentences, while "“双暂停”即……；“双轨并行”旨在……。"
    (two short clauses) renders one.  Lists of several ``；``-clauses are
    enumerations and are never split.

    :param split_semicolon: ``False`` (or ``0``): never split at ``；``.  ``True``: split
        after every ``；``.  An int ``n`` (default 40): split a sentence at its ``；``
        only when it has exactly one, both clauses are at least ``n`` characters long
        and the second ends the sentence with ``。！？``; the ``；`` stays with the first.
        The half-width ``;`` counts as ``；`` after Chinese text (UDHR's Chinese
        edition prints ``;``).
    """

    lang = "zh"

    def __init__(self, split_semicolon: bool | int = DEFAULT_SEMICOLON_CLAUSE) -> None:
        if isinstance(split_semicolon, bool):
            self._min_clause = 1 if split_semicolon else 0
            self._every_semicolon = split_semicolon
        else:
            if split_semicolon < 0:
                raise ValueError(f"split_semicolon must be a bool or a length >= 0, not {split_semicolon}")
            self._min_clause = split_semicolon
            self._every_semicolon = False
        self.name = f"zh-punct+semicolon:{self._semicolon_setting()}"

    def __repr__(self) -> str:
        return f"ZhSegmenter(split_semicolon={self._semicolon_setting()})"

    def _semicolon_setting(self) -> str:
        if self._every_semicolon:
            return "all"
        return str(self._min_clause) if self._min_clause else "no"

    def split(self, text: str) -> list[str]:
        """The sentences of ``text``, stripped, in order; ``[]`` for blank text."""
        sentences: list[str] = []
        for sentence in _pieces(text, _sentence_ends(text)):
            sentences.extend(self._split_semicolons(sentence))
        return sentences

    def _split_semicolons(self, sentence: str) -> list[str]:
        if not self._min_clause:
            return [sentence]
        cuts = [found.end() for found in _SEMICOLON.finditer(sentence) if found.end() < len(sentence)]
        if self._every_semicolon:
            return _pieces(sentence, iter(cuts))
        if len(cuts) == 1 and self._joins_two_sentences(sentence, cuts[0]):
            return _pieces(sentence, iter(cuts))
        return [sentence]

    def _joins_two_sentences(self, sentence: str, cut: int) -> bool:
        first, second = sentence[:cut].strip(), sentence[cut:].strip()
        long_enough = min(len(first), len(second)) >= self._min_clause
        return long_enough and _ENDS_WITH_ENDER.search(second) is not None


def _sentence_ends(text: str) -> Iterator[int]:
    for found in _SENTENCE_END.finditer(text):
        yield found.end()


def _pieces(text: str, cuts: Iterator[int]) -> list[str]:
    pieces = []
    start = 0
    for cut in cuts:
        pieces.append(text[start:cut].strip())
        start = cut
    pieces.append(text[start:].strip())
    return [piece for piece in pieces if piece]
