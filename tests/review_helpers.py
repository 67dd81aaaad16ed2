"""A reviewer's edits, modelled: rows as lists of sentence positions per language.

An alignment is rendered as rows (one per unit, each cell the unit's sentences
joined); a reviewer's structural edits — merging two rows, splitting one,
shifting a sentence to the next or previous row, deleting an emptied row — are
applied to the model, which always holds every sentence once and in order, and
then rendered into the cells a spreadsheet would hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

from alignkit.model import Alignment, AlignmentUnit, join_segments
from alignkit.review import ReviewRow

LANGS = ("en", "zh", "ru")

_EN_WORDS = ("Council", "report", "peace", "rights", "States", "Assembly", "security", "development")
_ZH_WORDS = ("安理会", "报告", "和平", "权利", "国家", "大会", "安全", "发展")
_RU_WORDS = ("Совет", "доклад", "мир", "права", "государства", "Ассамблея", "безопасность", "развитие")


def sentence(lang: str, number: int, word: int) -> str:
    """A distinct sentence ``number`` of ``lang``."""
    if lang == "zh":
        return f"第{number}句谈{_ZH_WORDS[word % len(_ZH_WORDS)]}的问题。"
    if lang == "ru":
        return f"Предложение {number} касается темы «{_RU_WORDS[word % len(_RU_WORDS)]}»."
    return f"Sentence {number} is about the {_EN_WORDS[word % len(_EN_WORDS)]}."


#: A sentence that may occur several times in a document (a repeated heading or signature).
TWIN = {"en": "Notes.", "zh": "注。", "ru": "Примечания."}


@st.composite
def alignments(draw: st.DrawFn, *, twins: bool = True) -> Alignment:
    """A random en/zh/ru alignment: 1-12 units, each holding 0-3 sentences per language (never none at all)."""
    count = draw(st.integers(1, 12))
    shapes = draw(st.lists(st.tuples(*(st.integers(0, 3) for _ in LANGS)).filter(any), min_size=count,
                           max_size=count))
    with_twin = draw(st.lists(st.booleans(), min_size=count, max_size=count)) if twins else [False] * count
    next_index = dict.fromkeys(LANGS, 0)
    units = []
    for unit_id, (shape, twin) in enumerate(zip(shapes, with_twin), start=1):
        segments: dict[str, tuple[str, ...]] = {}
        indices: dict[str, tuple[int, ...]] = {}
        for lang, size in zip(LANGS, shape):
            first = next_index[lang]
            texts = [sentence(lang, first + k, unit_id + k) for k in range(size)]
            if twin and texts:
                texts[-1] = TWIN[lang]
            segments[lang] = tuple(texts)
            indices[lang] = tuple(range(first, first + size))
            next_index[lang] += size
        units.append(AlignmentUnit(unit_id, segments, indices, type="-".join(map(str, shape)),
                                   score=draw(st.sampled_from([0.2, 0.6, 0.95]))))
    return Alignment(LANGS, tuple(units), name="S/2099/2", signature="test")


@dataclass
class ModelRow:
    """A row of the model: its unit number (None when inserted) and its sentence positions per language."""

    unit: int | None
    positions: dict[str, list[int]] = field(default_factory=dict)
    status: str = "auto"
    comment: str = ""

    def is_empty(self) -> bool:
        return not any(self.positions.values())


def model_rows(alignment: Alignment) -> list[ModelRow]:
    """The rows a reviewer starts from: one per unit."""
    rows = []
    position = dict.fromkeys(alignment.langs, 0)
    for unit in alignment.units:
        held = {}
        for lang in alignment.langs:
            size = len(unit.segments[lang])
            held[lang] = list(range(position[lang], position[lang] + size))
            position[lang] += size
        rows.append(ModelRow(unit.id, held))
    return rows


def sentences_of(alignment: Alignment) -> dict[str, list[str]]:
    """Every sentence per language in document order."""
    return {lang: [text for unit in alignment.units for text in unit.segments[lang]] for lang in alignment.langs}


def render(rows: list[ModelRow], alignment: Alignment) -> list[ReviewRow]:
    """The rows as a spreadsheet holds them: each cell the sentences joined."""
    texts = sentences_of(alignment)
    return [ReviewRow(line=number, unit=row.unit,
                      texts={lang: join_segments(lang, [texts[lang][p] for p in row.positions[lang]])
                             for lang in alignment.langs},
                      status=row.status, comment=row.comment)
            for number, row in enumerate(rows, start=2)]


# ----------------------------------------------------------------- edits


def merge(rows: list[ModelRow], at: int) -> None:
    """Row ``at`` takes the text of the row below it, which is deleted."""
    if at + 1 < len(rows):
        below = rows.pop(at + 1)
        for lang, held in below.positions.items():
            rows[at].positions[lang].extend(held)


def split(rows: list[ModelRow], at: int, cuts: dict[str, int]) -> None:
    """A new row below ``at`` takes the sentences of row ``at`` from ``cuts[lang]`` on."""
    row = rows[at]
    new = ModelRow(None, {})
    for lang, held in row.positions.items():
        cut = min(cuts.get(lang, len(held)), len(held))
        new.positions[lang] = held[cut:]
        row.positions[lang] = held[:cut]
    rows.insert(at + 1, new)


def shift(rows: list[ModelRow], at: int, lang: str, down: bool) -> None:
    """Move one sentence of ``lang`` across the border between rows ``at`` and ``at + 1``."""
    if at + 1 >= len(rows):
        return
    upper, lower = rows[at].positions[lang], rows[at + 1].positions[lang]
    if down and upper:
        lower.insert(0, upper.pop())
    elif not down and lower:
        upper.append(lower.pop(0))


def drop_empty(rows: list[ModelRow]) -> None:
    """Delete the rows left without text."""
    rows[:] = [row for row in rows if not row.is_empty()]


@st.composite
def edited_rows(draw: st.DrawFn, alignment: Alignment,
                edits: tuple[str, ...] = ("merge", "split", "shift")) -> list[ModelRow]:
    """The rows of ``alignment`` after 0-8 random ``edits`` (merges, splits, shifts), with statuses and comments."""
    rows = model_rows(alignment)
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(rows) - 1))
        edit = draw(st.sampled_from(edits))
        if edit == "merge":
            merge(rows, at)
        elif edit == "split":
            split(rows, at, {lang: draw(st.integers(0, 3)) for lang in LANGS})
        else:
            shift(rows, at, draw(st.sampled_from(LANGS)), draw(st.booleans()))
    if draw(st.booleans()):
        drop_empty(rows)
    for row in rows:
        row.status = draw(st.sampled_from(["auto", "confirmed", "rejected"]))
        row.comment = draw(st.sampled_from(["", "ok", "=check & <see>", "two\nlines"]))
    return rows
