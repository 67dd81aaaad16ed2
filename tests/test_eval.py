"""Gold-set scoring: vecalign's strict/lax measures, the file formats, folders and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from alignkit.cli import cli
from alignkit.errors import AlignkitError, InputFormatError
from alignkit.eval import (
    Link,
    document_key,
    paired_files,
    read_intertext_document,
    read_links,
    score_documents,
    score_files,
    score_links,
)

GOLD = [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((), (2,)), ((4,), (3, 4))]


# --- the measures -------------------------------------------------------------------------


def test_identical_alignments_score_one() -> None:
    score = score_links(GOLD, GOLD)
    assert score.as_dict() == {key: 1.0 for key in score.as_dict()}


def test_strict_counts_exact_links_and_lax_counts_overlaps() -> None:
    test = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3, 4))]
    score = score_links(GOLD, test)
    # Precision: 5 test links; exact: [0]:[0], [4]:[3,4]; lax adds [1]:[1] (overlaps [1,2]:[1]).
    assert score.precision.strict_right == 2 and score.precision.strict_wrong == 3
    assert score.precision.lax_right == 3 and score.precision.lax_wrong == 2
    # Recall: gold without 1-0/0-1 has 3 links, against test without them (4 links).
    assert (score.recall.strict_right, score.recall.strict_wrong) == (2, 1)
    assert (score.recall.lax_right, score.recall.lax_wrong) == (3, 0)
    assert score.precision_strict == pytest.approx(2 / 5)
    assert score.recall_strict == pytest.approx(2 / 3)
    assert score.f1_strict == pytest.approx(2 * 0.4 * (2 / 3) / (0.4 + 2 / 3))
    assert score.recall_lax == 1.0


def test_links_empty_on_both_sides_are_ignored_and_duplicates_count_once() -> None:
    noisy = [*GOLD, ((), ()), ((0,), (0,))]
    assert score_links(GOLD, noisy) == score_links(GOLD, GOLD)


def test_a_missed_deletion_costs_precision_only() -> None:
    gold = [((0,), (0,)), ((1,), ()), ((2,), (1,))]
    test = [((0,), (0,)), ((1, 2), (1,))]
    score = score_links(gold, test)
    assert score.precision_strict == 0.5
    assert score.recall_strict == 0.5  # the gold [2]:[1] is missed; the 1-0 is not counted
    assert score.precision.lax_right == 2  # [1, 2]:[1] overlaps [2]:[1]


def test_a_wrong_deletion_is_never_laxly_right() -> None:
    score = score_links([((0,), (0,))], [((0,), ()), ((), (0,))])
    assert score.precision.lax_right == 0


def test_the_set_score_is_micro_averaged() -> None:
    first = ([((0,), (0,))], [((0,), (0,))])
    second = ([((i,), (i,)) for i in range(9)], [((0, 1), (0, 1))] + [((i,), (i,)) for i in range(2, 9)])
    total = score_documents([first, second])
    assert total.documents == 2
    assert total.precision_strict == pytest.approx(8 / 9)  # (1 + 7) / (1 + 8)
    assert total.recall_strict == pytest.approx(8 / 10)
    assert score_documents([]).f1_strict == 0.0


links = st.lists(
    st.tuples(st.lists(st.integers(0, 6), max_size=2, unique=True).map(lambda x: tuple(sorted(x))),
              st.lists(st.integers(0, 6), max_size=2, unique=True).map(lambda x: tuple(sorted(x)))),
    max_size=8,
)


@given(links, links)
def test_lax_means_overlapping_a_gold_link_on_both_sides(gold: list[Link], test: list[Link]) -> None:
    def overlaps(link: Link, other: Link) -> bool:
        return bool(set(link[0]) & set(other[0])) and bool(set(link[1]) & set(other[1]))

    gold_set = {link for link in gold if link[0] or link[1]}
    test_set = {link for link in test if link[0] or link[1]}
    expected = sum(link in gold_set or any(overlaps(link, g) for g in gold_set) for link in test_set)
    assert score_links(gold, test).precision.lax_right == expected


# --- files --------------------------------------------------------------------------------


def write_intertext(folder: Path, name: str = "doc") -> Path:
    """Two sentence files (zh with two paragraphs) and the link file between them."""
    (folder / f"{name}_zh.xml").write_text(
        "<?xml version='1.0' encoding='utf-8'?>\n<text><p id='1'><s id='1:1'>甲。</s><s id='1:2'>乙。</s></p>"
        "<p id='2'><s id='2:1'>丙。</s></p></text>", encoding="utf-8")
    (folder / f"{name}_en.xml").write_text(
        "<?xml version='1.0' encoding='utf-8'?>\n<text><p id='1'><s id='1:1'>A and B.</s>"
        "<s id='1:2'>Extra.</s><s id='1:3'>C.</s></p></text>", encoding="utf-8")
    links = folder / f"{name}_zh.{name}_en.xml"
    links.write_text(
        f"<?xml version='1.0' encoding='utf-8'?>\n<linkGrp toDoc='{name}_en.xml' fromDoc='{name}_zh.xml'>\n"
        "<link type='1-2' xtargets='1:1;1:1 1:2' status='man'/>\n"
        "<link type='1-0' xtargets='1:2;' status='man'/>\n"
        "<link type='1-1' xtargets='1:3;2:1' status='man'/>\n</linkGrp>\n", encoding="utf-8")
    return links


def test_intertext_links_read_from_the_from_doc_to_the_to_doc(tmp_path: Path) -> None:
    read = read_links(write_intertext(tmp_path))
    assert (read.src_lang, read.tgt_lang) == ("zh", "en")
    # xtargets lists the toDoc (en) ids first; ids become positions in document order.
    assert read.links == [((0, 1), (0,)), ((), (1,)), ((2,), (2,))]
    assert read.key == "doc"


def test_intertext_ids_are_ordered_by_number_without_the_sentence_files(tmp_path: Path) -> None:
    path = write_intertext(tmp_path)
    (tmp_path / "doc_zh.xml").unlink()
    (tmp_path / "doc_en.xml").unlink()
    assert read_links(path).links == [((0, 1), (0,)), ((), (1,)), ((2,), (2,))]


def test_intertext_sentence_file_reads_as_a_presegmented_document(tmp_path: Path) -> None:
    write_intertext(tmp_path)
    document = read_intertext_document(tmp_path / "doc_zh.xml")
    assert document.lang == "zh" and document.name == "doc"
    assert [p.sentences for p in document.paragraphs] == [("甲。", "乙。"), ("丙。",)]


def test_intertext_links_refuse_entities_and_bad_xtargets(tmp_path: Path) -> None:
    evil = tmp_path / "a_zh.a_en.xml"
    evil.write_text("<?xml version='1.0'?><!DOCTYPE l [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                    "<linkGrp><link xtargets='&x;'/></linkGrp>", encoding="utf-8")
    with pytest.raises(InputFormatError, match="external entity"):
        read_links(evil)
    bad = tmp_path / "b_zh.b_en.xml"
    bad.write_text("<linkGrp><link xtargets='1:1'/></linkGrp>", encoding="utf-8")
    with pytest.raises(InputFormatError, match="xtargets is not 'ids;ids'"):
        read_links(bad)


def test_vecalign_files_are_read_with_their_costs(tmp_path: Path) -> None:
    path = tmp_path / "x.align"
    path.write_text("[0, 1]:[0]:0.12\n[]:[1]\n\n[2]:[2, 3]\n", encoding="utf-8")
    assert read_links(path).links == [((0, 1), (0,)), ((), (1,)), ((2,), (2, 3))]


def test_folders_pair_by_document_name(tmp_path: Path) -> None:
    gold, test = tmp_path / "gold", tmp_path / "test"
    gold.mkdir()
    test.mkdir()
    write_intertext(gold, "book.001")
    write_intertext(gold, "book.002")
    (test / "book.001.align").write_text("[0, 1]:[0]\n[]:[1]\n[2]:[2]\n", encoding="utf-8")
    (test / "book.002.align").write_text("[0]:[0]\n[1]:[1]\n[2]:[2]\n", encoding="utf-8")
    pairs = paired_files(gold, test)
    assert [(g.name, t.name) for g, t in pairs] == [
        ("book.001_zh.book.001_en.xml", "book.001.align"), ("book.002_zh.book.002_en.xml", "book.002.align")]
    score = score_files(gold, test)
    assert score.documents == 2
    assert score.precision_strict == pytest.approx(4 / 6)
    (test / "book.002.align").unlink()
    (test / "other.align").write_text("[0]:[0]\n", encoding="utf-8")
    with pytest.raises(AlignkitError, match="no test file for book.002; no gold file for other"):
        paired_files(gold, test)


def test_document_keys() -> None:
    assert document_key(Path("dev-anno.001_zh.001_en.xml")) == "dev-anno.001"
    assert document_key(Path("dev-anno.001.align")) == "dev-anno.001"


# --- the command line ---------------------------------------------------------------------


def test_score_command_prints_the_table(tmp_path: Path) -> None:
    gold = tmp_path / "gold.align"
    gold.write_text("[0]:[0]\n[1, 2]:[1]\n", encoding="utf-8")
    test = tmp_path / "test.align"
    test.write_text("[0]:[0]\n[1]:[1]\n[2]:[]\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(gold), str(test)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].split() == ["precision", "0.333", "0.667"]
    assert lines[2].split() == ["recall", "0.500", "1.000"]
    reversed_test = tmp_path / "reversed.align"
    reversed_test.write_text("[0]:[0]\n[1]:[1, 2]\n", encoding="utf-8")
    swapped = CliRunner().invoke(cli, ["score", str(gold), str(reversed_test), "--swap"])
    assert swapped.output.splitlines()[3].split() == ["F1", "1.000", "1.000"]


def test_score_command_reports_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.align"
    bad.write_text("[0]:[0]\nnot a bead\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(bad), str(bad)])
    assert result.exit_code == 2
    assert "bad.align:2: not a bead line" in result.output


def test_align_with_gold_prints_the_score(tmp_path: Path) -> None:
    src = tmp_path / "a.de"
    src.write_text("Der Berg ist 8848 m hoch.\nEr wurde 1953 bestiegen.\nDas Wetter war gut.\n", encoding="utf-8")
    tgt = tmp_path / "a.fr"
    tgt.write_text("La montagne mesure 8848 m.\nElle fut gravie en 1953.\nLe temps était beau.\n",
                   encoding="utf-8")
    gold = tmp_path / "a.defr"
    gold.write_text("[0]:[0]\n[1]:[1]\n[2]:[2]\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["align", "--presegmented", "--langs", "de,fr", "--pivot", "fr",
                                      str(src), str(tgt), "--gold", str(gold), "-o", str(tmp_path / "o.align")])
    assert result.exit_code == 0, result.output
    assert "score against" in result.output and "(de→fr)" in result.output
    assert "F1             1.000   1.000" in result.output
