"""A tiny hand-built en/zh/ru alignment that exercises every exporter's edge cases.

It has non-ASCII text in all three languages, a unit with no Chinese, a unit in
Chinese only, a segment with a line break, one with a tab, one starting with
``=SUM(A1)`` and ones starting with ``-``, ``@`` and ``+``, XML's special
characters, two flagged units with reasons, and the marks of a review: a
confirmed unit whose comment starts with ``=`` and holds XML's special
characters, a rejected one with a two-line comment, and one whose Chinese a
reviewer edited.
"""

from __future__ import annotations

from alignkit.model import Alignment, AlignmentUnit, Document, Paragraph

LANGS = ("en", "zh", "ru")
DOCUMENT_NAME = "S/2099/1"
SIGNATURE = "alignkit:0.1.0|seg:moses+zh|pivot:en|scorer:length|dp:gale-church|band:30|flag:0.5"

# Per unit: paragraph, type, score, flagged, reasons, and the sentences per language.
_UNITS: list[tuple[str, str, float, bool, tuple[str, ...], dict[str, tuple[str, ...]]]] = [
    ("1", "2-2-2", 0.934, False, (), {
        "en": ("The Security Council,", "Recalling its resolutions 2216 (2015) and 2342 (2017),"),
        "zh": ("安全理事会，", "回顾其第2216(2015)号和第2342(2017)号决议，"),
        "ru": ("Совет Безопасности,", "ссылаясь на свои резолюции 2216 (2015) и 2342 (2017),"),
    }),
    ("2", "1-1-1", 0.812, False, (), {
        "en": ("=SUM(A1) is text, not a formula & <markup> stays \"as is\".",),
        "zh": ("=SUM(A1) 是文本，不是公式。",),
        "ru": ("=SUM(A1) — это текст, а не формула.",),
    }),
    ("A26.1", "1-1-1", 0.7, False, (), {
        "en": ("- first item,\nsecond line",),
        "zh": ("- 第一项，\n第二行",),
        "ru": ("- первый пункт,\nвторая строка",),
    }),
    ("3", "1-0-1", 0.31, True, ("no Chinese counterpart",), {
        "en": ("@mention:\tvotes in favour +1.",),
        "zh": (),
        "ru": ("@упоминание:\tголосов «за» +1.",),
    }),
    ("", "0-1-0", 0.2, True, ("only in Chinese", "length ratio 3.10"), {
        "en": (),
        "zh": ("另见附件。",),
        "ru": (),
    }),
    ("4", "1-2-1", 0.655, False, (), {
        "en": ("+ Decides to remain seized of the matter.",),
        "zh": ("决定继续处理此案。", "（完）"),
        "ru": ("постановляет продолжать заниматься этим вопросом.",),
    }),
]


# Per unit id: the review status, the comment and the languages a reviewer edited.
REVIEW: dict[int, tuple[str, str, tuple[str, ...]]] = {
    2: ("confirmed", "=check: “as is” & <ok>", ()),
    4: ("rejected", "wrong link;\nsee unit 5", ()),
    6: ("auto", "", ("zh",)),
}


def _indices(units: list[dict[str, tuple[str, ...]]], lang: str) -> list[tuple[int, ...]]:
    """Document-wide sentence numbers, counted in unit order."""
    out, next_index = [], 0
    for segments in units:
        count = len(segments[lang])
        out.append(tuple(range(next_index, next_index + count)))
        next_index += count
    return out


def _document(lang: str) -> Document:
    paragraphs: dict[str, list[str]] = {}
    for paragraph, *_, segments in _UNITS:
        paragraphs.setdefault(paragraph, []).extend(segments[lang])
    return Document(
        lang=lang,
        paragraphs=tuple(
            Paragraph(text=" ".join(sentences), number=key, key=key, sentences=tuple(sentences))
            for key, sentences in paragraphs.items() if sentences
        ),
        source=f"texts/tiny/{lang}.txt",
        encoding="utf-8",
        name=DOCUMENT_NAME,
    )


def _review(unit_id: int, langs: tuple[str, ...]) -> tuple[str, str, tuple[str, ...]]:
    status, comment, edited = REVIEW.get(unit_id, ("auto", "", ()))
    return status, comment, tuple(lang for lang in edited if lang in langs)


def tiny_alignment(langs: tuple[str, ...] = LANGS) -> Alignment:
    """The tiny alignment in ``langs`` (a subset of en, zh, ru; pivot first)."""
    segment_maps = [segments for *_, segments in _UNITS]
    indices = {lang: _indices(segment_maps, lang) for lang in langs}
    units = []
    for position, (paragraph, kind, score, flagged, reasons, segments) in enumerate(_UNITS):
        status, comment, edited = _review(position + 1, langs)
        units.append(AlignmentUnit(
            id=position + 1,
            segments={lang: segments[lang] for lang in langs},
            indices={lang: indices[lang][position] for lang in langs},
            paragraph=paragraph,
            type=kind,
            score=score,
            flagged=flagged,
            reasons=reasons,
            status=status,
            comment=comment,
            edited=edited,
        ))
    return Alignment(
        langs=langs,
        units=tuple(units),
        documents={lang: _document(lang) for lang in langs},
        name=DOCUMENT_NAME,
        signature=SIGNATURE,
    )
