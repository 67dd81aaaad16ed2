"""alignkit review's editing core: every operation, undo and redo, stale versions, and the checked save.

The session is driven as the page drives it (:meth:`ReviewSession.apply` with the
version it last saw); what it saves is read back by ``alignkit convert``'s reader, so
each test checks the file a reviewer would take away.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from alignkit.export import export_alignment, read_file
from alignkit.model import Alignment, AlignmentUnit, Document
from alignkit.pipeline import convert_file, open_for_review, read_alignment_file
from alignkit.review import ReviewError, ReviewTable
from alignkit.review.web import open_session
from alignkit.review.web.operations import EditRefused, pending_stretch
from alignkit.review.web.session import ReviewSession, SaveConflict, StaleVersion, patch_between
from alignkit.review.web.state import EditorUnit, Piece

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "texts" / "S-2017-613"
GLOSSARY = ROOT / "glossaries" / "korean-peninsula.csv"


@pytest.fixture
def session(workbook: Path) -> ReviewSession:
    """The workbook open for review, saved only when a test asks."""
    return open_session(workbook, autosave=False)


def apply(session: ReviewSession, op: str, **params: object) -> None:
    session.apply(session.version, op, params)


def sentences(session: ReviewSession, position: int, lang: str) -> list[str]:
    return [piece.text for piece in session.units[position].pieces[lang]]


def all_sentences(units: Sequence[EditorUnit], lang: str) -> list[str]:
    return [piece.text for unit in units for piece in unit.pieces[lang]]


def saved_units(path: Path) -> tuple[AlignmentUnit, ...]:
    """The units of the saved file as ``alignkit convert`` reads and checks them."""
    return read_alignment_file(path).alignment.units


def texts(unit: AlignmentUnit, lang: str) -> list[str]:
    return list(unit.segments.get(lang, ()))


# ----------------------------------------------------------------- opening


def test_the_editor_shows_the_units_of_the_file(session: ReviewSession, sample_alignment: Alignment) -> None:
    assert len(session.units) == len(sample_alignment.units)
    for unit, original in zip(session.units, sample_alignment.units):
        for lang in sample_alignment.langs:
            assert [piece.text for piece in unit.pieces[lang]] == list(original.segments.get(lang, ()))
            assert unit.indices(lang) == tuple(original.indices[lang])
    described = [session.reference.describe(unit) for unit in session.units]
    assert [d.type for d in described] == [u.type for u in sample_alignment.units]
    assert [d.score for d in described] == [u.score for u in sample_alignment.units]


def test_a_tmx_opens_with_its_segments_split_into_sentences(tmp_path: Path, sample_alignment: Alignment) -> None:
    tmx = tmp_path / "S.tmx"
    export_alignment(sample_alignment, tmx)
    session = open_session(tmx, autosave=False)
    two_sentences = next(p for p, u in enumerate(sample_alignment.units) if len(u.segments["en"]) == 2)
    assert len(session.units[two_sentences].pieces["en"]) == 2  # the TMX holds them as one segment


def test_a_workbook_that_lost_text_does_not_open(workbook: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(workbook)
    book["Alignment"]["C3"] = ""
    book.save(workbook)
    with pytest.raises(ReviewError, match="unit 2 en: sentence lost"):
        open_session(workbook, autosave=False)


# ----------------------------------------------------------------- every operation


def test_merge_joins_a_unit_with_the_next(session: ReviewSession) -> None:
    first, second = sentences(session, 0, "en"), sentences(session, 1, "en")
    count = len(session.units)
    apply(session, "merge", at=0)
    assert len(session.units) == count - 1
    assert sentences(session, 0, "en") == first + second
    assert session.reference.describe(session.units[0]).type == "2-2-2"


def test_split_cuts_each_language_where_asked(session: ReviewSession) -> None:
    position = next(p for p, u in enumerate(session.units) if len(u.pieces["en"]) == 2 and len(u.pieces["ru"]) == 2)
    en, ru, zh = (sentences(session, position, lang) for lang in ("en", "ru", "zh"))
    apply(session, "split", at=position, cuts={"en": 1, "zh": 1, "ru": 1})
    assert sentences(session, position, "en") == en[:1] and sentences(session, position + 1, "en") == en[1:]
    assert sentences(session, position, "ru") == ru[:1] and sentences(session, position + 1, "ru") == ru[1:]
    assert sentences(session, position, "zh") == zh and sentences(session, position + 1, "zh") == []
    assert session.units[position].key != session.units[position + 1].key


def test_a_split_leaving_an_empty_unit_is_refused(session: ReviewSession) -> None:
    with pytest.raises(EditRefused, match="both units"):
        apply(session, "split", at=0, cuts={"en": 0, "zh": 0, "ru": 0})
    with pytest.raises(EditRefused, match="cannot cut after 5"):
        apply(session, "split", at=0, cuts={"en": 5})
    assert session.version == 1 and not session.can_undo


@pytest.mark.parametrize("direction", [-1, 1])
def test_move_takes_one_sentence_to_the_neighbour(session: ReviewSession, direction: int) -> None:
    position = next(p for p, u in enumerate(session.units) if len(u.pieces["ru"]) == 2 and p > 0)
    neighbour = position + direction
    moving = sentences(session, position, "ru")
    target = sentences(session, neighbour, "ru")
    apply(session, "move", at=position, lang="ru", direction=direction)
    if direction < 0:
        assert sentences(session, neighbour, "ru") == target + moving[:1]
        assert sentences(session, position, "ru") == moving[1:]
    else:
        assert sentences(session, neighbour, "ru") == moving[-1:] + target
        assert sentences(session, position, "ru") == moving[:-1]
    assert session.units[position].status == session.units[neighbour].status == "auto"


def test_a_unit_emptied_by_a_move_goes(session: ReviewSession) -> None:
    apply(session, "split", at=0, cuts={"en": 1, "zh": 1, "ru": 0})  # unit 2 holds only the Russian
    count = len(session.units)
    apply(session, "move", at=1, lang="ru", direction=-1)
    assert len(session.units) == count - 1


def test_moves_off_the_ends_are_refused(session: ReviewSession) -> None:
    with pytest.raises(EditRefused, match="no unit above"):
        apply(session, "move", at=0, lang="en", direction=-1)
    with pytest.raises(EditRefused, match="no unit below"):
        apply(session, "move", at=len(session.units) - 1, lang="en", direction=1)


def test_status_and_comment(session: ReviewSession, workbook: Path) -> None:
    apply(session, "status", at=2, stop=5, status="confirmed")
    apply(session, "status", at=6, status="rejected")
    apply(session, "comment", at=6, comment="  wrong: the Russian belongs to unit 8  ")
    assert [unit.status for unit in session.units[1:8]] == ["auto", *["confirmed"] * 3, "auto", "rejected", "auto"]
    assert session.units[6].comment == "wrong: the Russian belongs to unit 8"
    with pytest.raises(EditRefused, match="status must be one of"):
        apply(session, "status", at=0, status="done")
    session.save()
    units = saved_units(workbook)
    assert [unit.status for unit in units[2:7]] == ["confirmed"] * 3 + ["auto", "rejected"]
    assert units[6].comment == "wrong: the Russian belongs to unit 8"


def test_a_change_of_nothing_makes_no_version(session: ReviewSession) -> None:
    apply(session, "status", at=0, status="auto")
    apply(session, "comment", at=0, comment="")
    assert session.version == 1 and not session.can_undo


def test_an_edit_is_marked_and_saved(session: ReviewSession, workbook: Path) -> None:
    position = 13
    original = sentences(session, position, "en")[0]
    fixed = original.replace("grave concern", "grave concerns")
    apply(session, "edit", at=position, lang="en", sentence=0, text=fixed)
    piece = session.units[position].pieces["en"][0]
    assert piece.text == fixed and piece.edited
    assert session.reference.describe(session.units[position]).edited == ("en",)
    session.save()
    unit = saved_units(workbook)[position]
    assert texts(unit, "en")[0] == fixed and unit.edited == ("en",)
    assert convert_file(workbook, [workbook.with_suffix(".tmx")]).changes == (f"unit {unit.id} en: text edited",)


def test_an_edit_back_to_the_original_is_no_longer_an_edit(session: ReviewSession) -> None:
    original = sentences(session, 13, "en")[0]
    apply(session, "edit", at=13, lang="en", sentence=0, text=original.replace("grave", "very grave"))
    apply(session, "edit", at=13, lang="en", sentence=0, text=original)
    assert session.units[13].pieces["en"][0] == Piece(original, session.units[13].pieces["en"][0].indices)


@pytest.mark.parametrize(("text", "message"), [
    ("Something else entirely.", "not recognisably the original sentence"),
    ("   ", "cannot be emptied"),
])
def test_an_edit_that_replaces_the_sentence_is_refused(session: ReviewSession, text: str, message: str) -> None:
    with pytest.raises(EditRefused, match=message):
        apply(session, "edit", at=13, lang="en", sentence=0, text=text)
    assert session.version == 1


def test_undo_and_redo_walk_the_history(session: ReviewSession) -> None:
    start = session.units
    apply(session, "merge", at=0)
    merged = session.units
    apply(session, "status", at=0, status="confirmed")
    confirmed = session.units
    apply(session, "undo")
    assert session.units is merged
    apply(session, "undo")
    assert session.units is start and not session.can_undo
    with pytest.raises(EditRefused, match="nothing to undo"):
        apply(session, "undo")
    apply(session, "redo")
    apply(session, "redo")
    assert session.units is confirmed and not session.can_redo
    apply(session, "undo")
    apply(session, "split", at=0, cuts={"en": 1, "zh": 1, "ru": 1})  # a new change drops what was undone
    assert not session.can_redo
    assert session.version == 9  # every change, undo and redo is a version; the refused undo is not


def test_a_stale_version_is_refused_and_changes_nothing(session: ReviewSession) -> None:
    apply(session, "status", at=0, status="confirmed")  # another tab
    with pytest.raises(StaleVersion, match="version 1, but the file is at version 2"):
        session.apply(1, "merge", {"at": 0})
    assert session.version == 2 and session.units[0].status == "confirmed"


def test_the_patch_is_the_stretch_that_changed(session: ReviewSession) -> None:
    patch = session.apply(session.version, "merge", {"at": 4})
    assert (patch.start, patch.removed, len(patch.added), patch.version) == (4, 2, 1, 2)
    assert patch_between(session.units, session.units).removed == 0


# ----------------------------------------------------------------- re-aligning


def test_the_pending_stretch_lies_between_confirmed_units(session: ReviewSession) -> None:
    apply(session, "status", at=3, status="confirmed")
    apply(session, "status", at=9, status="confirmed")
    assert pending_stretch(session.units, 6) == (4, 9)
    assert pending_stretch(session.units, 0) == (0, 3)


def test_realign_puts_a_scrambled_stretch_right_again(session: ReviewSession, sample_alignment: Alignment) -> None:
    stretch = range(13, 19)
    apply(session, "status", at=12, status="confirmed")
    apply(session, "status", at=19, status="confirmed")
    for position in stretch[1:]:  # shift the Russian down by one sentence, unit after unit
        apply(session, "move", at=position - 1, lang="ru", direction=1)
    assert sentences(session, 13, "ru") != list(sample_alignment.units[13].segments["ru"])
    apply(session, "realign", at=15)  # the units between the two confirmed ones
    for position in stretch:
        for lang in sample_alignment.langs:
            assert sentences(session, position, lang) == list(sample_alignment.units[position].segments[lang])
    assert session.units[12].status == session.units[19].status == "confirmed"


def test_realign_of_a_selection_keeps_confirmed_units_and_comments(session: ReviewSession) -> None:
    calls: list[list[str]] = []

    def one_unit(documents: Sequence[Document]) -> Alignment:  # an aligner that makes everything one unit
        calls.append([document.lang for document in documents])
        count = {d.lang: len(d.paragraphs[0].sentences) for d in documents}
        unit = AlignmentUnit(1, {}, {lang: tuple(range(n)) for lang, n in count.items()})
        return Alignment(tuple(count), (unit,))

    session = ReviewSession(session.path, open_for_review(session.path), aligner=one_unit, autosave=False)
    apply(session, "comment", at=3, comment="check the date")
    apply(session, "status", at=4, status="confirmed")
    before = all_sentences(session.units, "zh")
    apply(session, "realign", at=1, stop=7)
    assert calls == [["en", "zh", "ru"], ["en", "zh", "ru"]]  # units 1-3 and 5-6, not the confirmed 4
    assert [unit.status for unit in session.units[1:4]] == ["auto", "confirmed", "auto"]
    assert session.units[1].comment == "check the date"
    assert all_sentences(session.units, "zh") == before
    with pytest.raises(EditRefused, match="nothing to re-align"):
        apply(session, "realign", at=2, stop=3)


# ----------------------------------------------------------------- saving


def test_every_operation_saves_a_file_convert_accepts(session: ReviewSession, workbook: Path,
                                                      sample_alignment: Alignment) -> None:
    apply(session, "merge", at=0)
    apply(session, "split", at=0, cuts={"en": 1, "zh": 0, "ru": 1})
    apply(session, "move", at=14, lang="ru", direction=-1)
    apply(session, "status", at=2, stop=5, status="confirmed")
    apply(session, "undo")
    session.save()
    converted = convert_file(workbook, [workbook.with_suffix(".tmx")])
    assert converted.units_read == len(session.units)
    for lang in sample_alignment.langs:
        assert [s for u in converted.alignment.units for s in u.segments.get(lang, ())] == \
               [s for u in sample_alignment.units for s in u.segments.get(lang, ())]
    table = read_file(workbook)
    assert isinstance(table, ReviewTable) and table.original is not None
    assert [u.segments for u in table.original.units] == [u.segments for u in sample_alignment.units]


@pytest.mark.parametrize("suffix", [".jsonl", ".tmx", ".csv", ".tsv"])
def test_other_formats_are_saved_in_their_own_format(tmp_path: Path, sample_alignment: Alignment,
                                                     suffix: str) -> None:
    path = tmp_path / f"S{suffix}"
    export_alignment(sample_alignment, path)
    session = open_session(path, autosave=False)
    apply(session, "merge", at=2)
    apply(session, "status", at=2, status="rejected")
    session.save()
    again = open_session(path, autosave=False)
    assert len(again.units) == len(sample_alignment.units) - 1
    assert again.units[2].status == "rejected"
    assert all_sentences(again.units, "ru") == all_sentences(session.units, "ru")


def test_a_save_that_would_lose_text_is_refused_and_writes_nothing(session: ReviewSession, workbook: Path) -> None:
    before = workbook.read_bytes()
    units = list(session.units)
    units[3] = replace(units[3], pieces={**units[3].pieces, "zh": ()})  # no operation can do this
    session._history.append(tuple(units))  # noqa: SLF001 - a state the operations never make
    session._at += 1  # noqa: SLF001
    with pytest.raises(ReviewError, match="row 4 zh|unit 4 zh: sentence lost"):
        session.save()
    assert workbook.read_bytes() == before


def test_a_file_changed_by_another_program_is_not_overwritten(session: ReviewSession, workbook: Path) -> None:
    apply(session, "status", at=0, status="confirmed")
    os.utime(workbook, ns=(time.time_ns(), time.time_ns() + 5_000_000_000))
    with pytest.raises(SaveConflict, match="changed by another program"):
        session.save()


def test_the_background_saver_saves_the_latest_state(workbook: Path) -> None:
    session = open_session(workbook)
    try:
        for position in range(5):
            apply(session, "status", at=position, status="confirmed")
        assert session.flush(60)
        state = session.save_state()
        assert (state.saved, state.saving, state.error) == (6, False, "")
        assert [unit.status for unit in saved_units(workbook)[:6]] == ["confirmed"] * 5 + ["auto"]
    finally:
        session.close(60)


def test_a_failed_background_save_is_reported(workbook: Path) -> None:
    session = open_session(workbook)
    try:
        os.utime(workbook, ns=(time.time_ns(), time.time_ns() + 5_000_000_000))
        apply(session, "status", at=0, status="confirmed")
        assert session.flush(60)
        state = session.save_state()
        assert state.saved == 1 and "changed by another program" in state.error
        assert session.status_json()["error"] == state.error
    finally:
        session.close(60)


def test_export_gives_tmx_and_a_workbook_carrying_the_original(session: ReviewSession, tmp_path: Path) -> None:
    apply(session, "merge", at=0)
    name, data = session.export(".tmx")
    assert name == "S-2017-613.tmx" and data.startswith(b"<?xml")
    name, data = session.export(".xlsx")
    exported = tmp_path / name
    exported.write_bytes(data)
    assert len(read_alignment_file(exported).alignment.units) == len(session.units)
    with pytest.raises(EditRefused, match="export to"):
        session.export(".csv")


# ----------------------------------------------------------------- what the page gets


def test_the_page_gets_terms_and_findings_with_a_glossary(workbook: Path) -> None:
    session = open_session(workbook, [GLOSSARY], autosave=False)
    document = session.document()
    assert document["glossary"] and document["langs"] == ["en", "zh", "ru"]
    unit = document["units"][1]
    marked = [term for sentence in unit["cells"]["en"] for term in sentence.get("terms", [])]
    assert ["korean-peninsula"] == [concept for *_, concept in marked if concept == "korean-peninsula"]
    assert any(finding["kind"] == "unexpected" for unit in document["units"] for finding in unit["findings"])


def test_the_editor_describes_units_as_the_save_does(session: ReviewSession, workbook: Path) -> None:
    apply(session, "merge", at=5)
    two = next(p for p, u in enumerate(session.units) if len(u.pieces["en"]) == 2 and p > 5)
    apply(session, "split", at=two, cuts={"en": 1, "zh": 1, "ru": 1})
    apply(session, "move", at=20, lang="zh", direction=1)
    session.save()
    saved = saved_units(workbook)
    shown = [session.reference.describe(unit) for unit in session.units]
    assert [(d.type, d.score, d.flagged) for d in shown] == [(u.type, u.score, u.flagged) for u in saved]
