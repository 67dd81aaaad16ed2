"""alignkit.review: a reviewer's rows checked against the original alignment and rebuilt."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alignkit.model import Alignment, AlignmentUnit
from alignkit.review import (
    ADDED,
    DUPLICATED,
    EDITED,
    LOST,
    OUT_OF_ORDER,
    SPLIT,
    Problem,
    ReviewError,
    ReviewRow,
    find_problems,
    parse_status,
    rebuild,
    rows_of,
    rows_to_alignment,
    select_units,
)
from export_fixtures import tiny_alignment
from review_helpers import (
    LANGS,
    alignments,
    edited_rows,
    merge,
    model_rows,
    render,
    sentences_of,
    shift,
    split,
)


def _with_text(row: ReviewRow, lang: str, text: str) -> ReviewRow:
    return replace(row, texts={**row.texts, lang: text})


def _problems(original: Alignment, rows: list[ReviewRow]) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(p.kind, p.lang, p.where) for p in find_problems(original, rows)]


@pytest.fixture
def tiny() -> Alignment:
    """The tiny en/zh/ru alignment (6 units, one 2-2-2, one 1-2-1, two one-sided)."""
    return tiny_alignment()


# ----------------------------------------------------------------- rows as given back


def test_rows_as_written_rebuild_the_same_units(tiny: Alignment) -> None:
    reviewed = rebuild(tiny, rows_of(tiny))
    assert reviewed.changes == ()
    for before, after in zip(tiny.units, reviewed.alignment.units, strict=True):
        assert (after.id, after.segments, after.indices, after.type) == (before.id, before.segments, before.indices,
                                                                           before.type)
        assert (after.score, after.flagged, after.reasons, after.status, after.comment) == (
            before.score, before.flagged, before.reasons, before.status, before.comment)


def test_status_comment_and_paragraph_come_from_the_rows(tiny: Alignment) -> None:
    rows = list(rows_of(tiny))
    rows[0] = replace(rows[0], status="confirmed", comment="checked & fine", paragraph="1 bis")
    unit = rebuild(tiny, rows).alignment.units[0]
    assert (unit.id, unit.status, unit.comment, unit.paragraph) == (1, "confirmed", "checked & fine", "1 bis")


@pytest.mark.parametrize(("cell", "status"), [(None, "auto"), ("", "auto"), (" Confirmed ", "confirmed"),
                                              ("REJECTED", "rejected"), ("done", None), (3, None)])
def test_parse_status(cell: object, status: str | None) -> None:
    assert parse_status(cell) == status


# ----------------------------------------------------------------- restructuring


def test_merging_two_rows_makes_one_new_unit_and_keeps_the_other_ids(tiny: Alignment) -> None:
    rows = model_rows(tiny)
    merge(rows, 1)  # units 2 and 3
    units = rebuild(tiny, render(rows, tiny)).alignment.units
    assert [u.id for u in units] == [1, 7, 4, 5, 6]
    assert units[1].type == "2-2-2" and units[1].indices == {"en": (2, 3), "zh": (2, 3), "ru": (2, 3)}
    assert units[1].score == pytest.approx(0.7)  # the lower of the two


def test_splitting_a_row_makes_two_new_units(tiny: Alignment) -> None:
    rows = model_rows(tiny)
    split(rows, 0, {"en": 1, "zh": 1, "ru": 1})  # the 2-2-2 unit into two 1-1-1
    units = rebuild(tiny, render(rows, tiny)).alignment.units
    assert [(u.id, u.type) for u in units[:3]] == [(7, "1-1-1"), (8, "1-1-1"), (2, "1-1-1")]
    assert units[1].segments["zh"] == ("回顾其第2216(2015)号和第2342(2017)号决议，",)


def test_shifting_a_sentence_recounts_both_units(tiny: Alignment) -> None:
    rows = model_rows(tiny)
    shift(rows, 4, "zh", down=True)  # unit 5's Chinese joins unit 6
    rows = [row for row in rows if not row.is_empty()]
    units = rebuild(tiny, render(rows, tiny)).alignment.units
    assert [(u.id, u.type) for u in units] == [(1, "2-2-2"), (2, "1-1-1"), (3, "1-1-1"), (4, "1-0-1"), (7, "1-3-1")]
    assert units[-1].text("zh") == "另见附件。决定继续处理此案。（完）"


def test_sorted_rows_are_put_back_in_unit_order(tiny: Alignment) -> None:
    rows = list(reversed(rows_of(tiny)))
    reviewed = rebuild(tiny, rows)
    assert [u.id for u in reviewed.alignment.units] == [1, 2, 3, 4, 5, 6]


def test_empty_rows_make_no_unit(tiny: Alignment) -> None:
    rows = list(rows_of(tiny))
    rows.insert(2, ReviewRow(99, None, {}, status="confirmed", comment="nothing here"))
    assert len(rebuild(tiny, rows).alignment.units) == 6


# ----------------------------------------------------------------- edited text


def test_a_typo_fixed_is_accepted_reported_and_marked(tiny: Alignment) -> None:
    rows = list(rows_of(tiny))
    rows[5] = _with_text(rows[5], "ru", "постановляет продолжать заниматься данным вопросом.")
    reviewed = rebuild(tiny, rows)
    unit = reviewed.alignment.units[5]
    assert unit.id == 6 and unit.edited == ("zh", "ru")  # zh was edited in an earlier review
    assert unit.segments["ru"] == ("постановляет продолжать заниматься данным вопросом.",)
    assert unit.indices["ru"] == (5,)
    assert [c.message for c in reviewed.changes] == ["unit 6 ru: text edited"]


def test_words_added_to_a_sentence_are_an_edit_of_it(tiny: Alignment) -> None:
    rows = list(rows_of(tiny))
    rows[0] = _with_text(rows[0], "en", rows[0].text("en") + " (sic)")
    reviewed = rebuild(tiny, rows)
    assert reviewed.alignment.units[0].segments["en"][-1].endswith("(2017), (sic)")
    assert [(c.unit, c.lang, c.kind) for c in reviewed.changes] == [(1, "en", EDITED)]


def test_a_sentence_split_between_rows_is_reported_as_split(tiny: Alignment) -> None:
    rows = list(rows_of(tiny))
    text = rows[1].text("zh")  # =SUM(A1) 是文本，不是公式。
    rows[1] = _with_text(rows[1], "zh", text[:13])
    rows.insert(2, ReviewRow(50, None, {"zh": text[13:]}))
    reviewed = rebuild(tiny, rows)
    assert [(c.unit, c.lang, c.kind, c.units) for c in reviewed.changes] == [
        (2, "zh", SPLIT, (2, 7)), (7, "zh", SPLIT, (2, 7))]
    assert reviewed.changes[0].message == "unit 2 zh: sentence split across units 2, 7"
    assert [u.type for u in reviewed.alignment.units[1:3]] == ["1-1-1", "0-1-0"]


def test_twin_sentences_moved_keep_their_order() -> None:
    units = (AlignmentUnit(1, {"en": ("Notes.", "A first point.")}, {"en": (0, 1)}),
             AlignmentUnit(2, {"en": ("A second point.",)}, {"en": (2,)}),
             AlignmentUnit(3, {"en": ("Notes.",)}, {"en": (3,)}))
    original = Alignment(("en",), units)
    rows = [ReviewRow(2, 1, {"en": ""}), ReviewRow(3, 2, {"en": ""}),
            ReviewRow(4, 3, {"en": "Notes. A first point. A second point. Notes."})]
    unit = rebuild(original, rows).alignment.units[0]
    assert unit.indices == {"en": (0, 1, 2, 3)} and unit.id == 4


# ----------------------------------------------------------------- problems


def test_a_lost_sentence_names_its_unit_and_language(tiny: Alignment) -> None:
    rows = list(rows_of(tiny))
    rows[0] = _with_text(rows[0], "ru", "Совет Безопасности,")
    assert _problems(tiny, rows) == [(LOST, "ru", ("unit 1",))]
    with pytest.raises(ReviewError) as caught:
        rebuild(tiny, rows, source="review.xlsx")
    message = str(caught.value)
    assert message.startswith("review.xlsx: 1 problem in the review: unit 1 ru: sentence lost (in no row): ")
    assert "ссылаясь на свои резолюции" in message and "\n" not in message


def test_a_deleted_row_loses_every_language(tiny: Alignment) -> None:
    rows = [row for row in rows_of(tiny) if row.unit != 3]
    assert sorted(_problems(tiny, rows)) == [(LOST, lang, ("unit 3",)) for lang in ("en", "ru", "zh")]


def test_a_sentence_in_two_rows_names_both(tiny: Alignment) -> None:
    rows = list(rows_of(tiny))
    rows[2] = _with_text(rows[2], "en", rows[2].text("en") + " " + rows[3].text("en"))
    assert _problems(tiny, rows) == [(DUPLICATED, "en", ("unit 3", "unit 4"))]


def test_a_doubled_twin_is_named_where_it_was_copied() -> None:
    units = (AlignmentUnit(1, {"en": ("Notes.",)}, {"en": (0,)}), AlignmentUnit(2, {"en": ("Text.",)}, {"en": (1,)}),
             AlignmentUnit(3, {"en": ("Notes.",)}, {"en": (2,)}))
    rows = [ReviewRow(2, 1, {"en": "Notes."}), ReviewRow(3, 2, {"en": "Text. Notes."}), ReviewRow(4, 3, {"en": "Notes."})]
    problems = _problems(Alignment(("en",), units), rows)
    assert problems and all(kind == DUPLICATED for kind, _, _ in problems)


def test_a_sentence_moved_past_another_is_out_of_order(tiny: Alignment) -> None:
    rows = list(rows_of(tiny))
    first, last = rows[0].text("ru"), rows[5].text("ru")
    rows[0], rows[5] = _with_text(rows[0], "ru", last), _with_text(rows[5], "ru", first)
    kinds = {(kind, lang) for kind, lang, _ in _problems(tiny, rows)}
    assert kinds == {(OUT_OF_ORDER, "ru")}


def test_text_alone_in_a_cell_that_is_no_sentence_is_a_problem(tiny: Alignment) -> None:
    rows = list(rows_of(tiny))
    rows.insert(3, ReviewRow(60, None, {"zh": "一句全新的话。"}))
    assert _problems(tiny, rows) == [(ADDED, "zh", ("row 60",))]


def test_a_rewritten_sentence_is_lost_and_added(tiny: Alignment) -> None:
    rows = list(rows_of(tiny))
    rows[4] = _with_text(rows[4], "zh", "完全不同。")
    assert sorted(_problems(tiny, rows)) == [(ADDED, "zh", ("unit 5",)), (LOST, "zh", ("unit 5",))]


def test_problem_messages_are_one_line_each() -> None:
    problem = Problem("ru", DUPLICATED, ("unit 3", "unit 9"), "Совет\nБезопасности " * 10)
    assert problem.message.startswith('unit 3 ru: sentence also in unit 9: "Совет Безопасности')
    assert problem.message.endswith('…"') and "\n" not in problem.message


def test_many_problems_are_all_named_the_first_quoted() -> None:
    problems = [Problem("en", LOST, (f"unit {n}",), "x") for n in range(1, 31)]
    problems.append(Problem("zh", DUPLICATED, ("unit 31", "unit 32"), "y"))
    message = str(ReviewError(problems, "a.xlsx"))
    assert message.startswith('a.xlsx: 31 problems in the review: unit 1 en: sentence lost (in no row): "x"; ')
    assert message.endswith("; and 19 more: unit 13 en lost, unit 14 en lost, " + ", ".join(
        f"unit {n} en lost" for n in range(15, 31)) + ", unit 31 and unit 32 zh duplicated")


# ----------------------------------------------------------------- without an original; selection


def test_rows_without_an_original_are_taken_as_they_stand() -> None:
    rows = [ReviewRow(2, 5, {"en": "One. Two.", "zh": "一。"}, status="confirmed", score=0.4, flagged=True),
            ReviewRow(3, 5, {"en": "Three.", "zh": ""}), ReviewRow(4, None, {"en": "", "zh": ""}),
            ReviewRow(5, None, {"en": "Four.", "zh": "四。"})]
    reviewed = rows_to_alignment(rows, ("en", "zh"), split=lambda lang, text: text.split(" "))
    assert not reviewed.checked
    assert [(u.id, u.type, u.status, u.score, u.flagged) for u in reviewed.alignment.units] == [
        (5, "2-1", "confirmed", 0.4, True), (6, "1-0", "auto", 1.0, False), (7, "1-1", "auto", 1.0, False)]


def test_select_units_by_status_and_score(tiny: Alignment) -> None:
    assert [u.id for u in select_units(tiny, statuses=["confirmed", "rejected"]).units] == [2, 4]
    assert [u.id for u in select_units(tiny, min_score=0.7).units] == [1, 2, 3]
    assert [u.id for u in select_units(tiny, statuses=["auto"], min_score=0.5).units] == [1, 3, 6]
    assert len(select_units(tiny).units) == 6


# ----------------------------------------------------------------- properties


def _assert_every_sentence_once_in_order(original: Alignment, rebuilt: Alignment) -> None:
    texts = sentences_of(original)
    for lang in original.langs:
        indices = [i for unit in rebuilt.units for i in unit.indices[lang]]
        assert indices == list(range(len(texts[lang]))), lang
        assert [s for unit in rebuilt.units for s in unit.segments[lang]] == texts[lang], lang
    for unit in rebuilt.units:
        assert unit.type == "-".join(str(len(unit.segments[lang])) for lang in original.langs)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), original=alignments())
def test_merges_splits_and_shifts_keep_every_sentence_once_in_order(data: st.DataObject,
                                                                     original: Alignment) -> None:
    rows = data.draw(edited_rows(original))
    reviewed = rebuild(original, render(rows, original))
    rebuilt = reviewed.alignment
    assert reviewed.changes == ()
    _assert_every_sentence_once_in_order(original, rebuilt)
    kept = {unit.id: unit for unit in original.units}
    largest = max(kept)
    with_text = [row for row in rows if not row.is_empty()]
    for row, unit in zip(with_text, rebuilt.units, strict=True):
        assert (unit.status, unit.comment) == (row.status, row.comment)
        if unit.id in kept:
            assert unit.indices == kept[unit.id].indices  # an untouched unit keeps its id
        else:
            assert unit.id > largest
            assert all(u.indices != unit.indices for u in original.units)


@settings(max_examples=100, deadline=None)
@given(data=st.data(), original=alignments())
def test_sorted_edited_rows_come_back_in_order(data: st.DataObject, original: Alignment) -> None:
    """A sheet sorted on another column after merges and shifts (rows added after sorting back, as documented)."""
    rows = [row for row in data.draw(edited_rows(original, ("merge", "shift"))) if not row.is_empty()]
    shuffled = data.draw(st.permutations(rows))
    _assert_every_sentence_once_in_order(original, rebuild(original, render(list(shuffled), original)).alignment)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), original=alignments(twins=False))
def test_a_lost_sentence_is_always_found_and_named(data: st.DataObject, original: Alignment) -> None:
    rows = data.draw(edited_rows(original))
    filled = [(r, lang) for r, row in enumerate(rows) for lang in LANGS if row.positions[lang]]
    r, lang = data.draw(st.sampled_from(filled))
    held = rows[r].positions[lang]
    lost = held.pop(data.draw(st.integers(0, len(held) - 1)))
    owner = next(u.id for u in original.units if lost in u.indices[lang])
    with pytest.raises(ReviewError) as caught:
        rebuild(original, render(rows, original))
    assert [(p.kind, p.lang, p.where) for p in caught.value.problems] == [(LOST, lang, (f"unit {owner}",))]
