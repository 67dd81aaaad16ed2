"""InterText sentence files (.xml) are read as presegmented documents; other XML is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from alignkit.cli import cli
from alignkit.errors import InputFormatError
from alignkit.eval import read_intertext_document, score_files
from alignkit.pipeline import load_document
from alignkit.readers import read_document, reader_for

SENTENCES = """<?xml version='1.0' encoding='utf-8'?>
<text>
  <p id="1">
    <s id="1:1">The Council met.</s>
    <s id="1:2">It decided 1. to act.</s>
  </p>
  <p id="2">
    <s id="2:1">2. It adjourned.</s>
  </p>
</text>
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_sentence_file_is_read_with_its_own_sentences(tmp_path: Path) -> None:
    path = write(tmp_path / "doc_en.xml", SENTENCES)
    assert reader_for(path) == "alignkit.readers.intertext"
    document = read_document(path, "en")
    assert document.name == "doc"
    assert [paragraph.sentences for paragraph in document.paragraphs] == [
        ("The Council met.", "It decided 1. to act."), ("2. It adjourned.",)]
    assert [paragraph.lines for paragraph in document.paragraphs] == [(4, 5), (8, 8)]


def test_the_pipeline_keeps_the_files_sentences_unsplit_and_unlabelled(tmp_path: Path) -> None:
    """Gold links count the file's sentences: no re-segmentation, no label taken off."""
    document = load_document(write(tmp_path / "doc_en.xml", SENTENCES))
    assert document.lang == "en"
    assert [segment.text for segment in document.segments()] == [
        "The Council met.", "It decided 1. to act.", "2. It adjourned."]


def test_eval_reads_sentence_files_through_the_reader(tmp_path: Path) -> None:
    path = write(tmp_path / "doc_en.xml", SENTENCES)
    assert read_intertext_document(path) == read_document(path, "en")


@pytest.mark.parametrize(
    ("xml", "words"),
    [
        ("<tmx version='1.4'><body/></tmx>", "translation memory (TMX)"),
        ("<martif type='TBX'><text/></martif>", "glossary (TBX)"),
        ("<html><body><p>Hello.</p></body></html>", "web page"),
        ("<linkGrp fromDoc='a_zh.xml' toDoc='a_en.xml'><link xtargets='1;1'/></linkGrp>", "alignkit score"),
        ("<root><item>Hello.</item></root>", "has no <s> sentences; alignkit reads XML only as InterText"),
    ],
)
def test_other_xml_is_refused_saying_what_to_do(tmp_path: Path, xml: str, words: str) -> None:
    path = write(tmp_path / "x_en.xml", xml)
    with pytest.raises(InputFormatError) as caught:
        read_document(path, "en")
    assert str(caught.value).startswith(f"{path}: ") and words in str(caught.value)
    assert "\n" not in str(caught.value)


def test_entities_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "x_en.xml", "<?xml version='1.0'?><!DOCTYPE t [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                                        "<text><p><s id='1'>&x;</s></p></text>")
    with pytest.raises(InputFormatError, match="x_en.xml"):
        read_document(path, "en")


def test_segment_and_align_refuse_xml_that_is_not_a_sentence_file(tmp_path: Path) -> None:
    path = write(tmp_path / "x_en.xml", "<doc><title>Report</title><body>The Council met.</body></doc>")
    for args in (["segment", str(path)], ["align", str(path), str(write(tmp_path / "y_zh.txt", "安理会开会。\n"))]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, result.output
        assert result.output.startswith(f"Error: {path}: has no <s> sentences") and result.output.count("\n") == 1


def test_mac_dev_is_aligned_from_its_sentence_files_and_scored(shared_dir: Path, tmp_path: Path) -> None:
    """README: `alignkit align ...dev-anno.001_zh.xml ...dev-anno.001_en.xml -o out/mac/dev-anno.001.align`,
    then `alignkit score` pairs it with the gold link file by document name."""
    mac = shared_dir / "corpora" / "mac-dev"
    if not (mac / "dev-anno.001_zh.xml").is_file():
        pytest.skip("mac-dev is not present")
    output = tmp_path / "mac" / "dev-anno.001.align"
    result = CliRunner().invoke(cli, ["align", str(mac / "dev-anno.001_zh.xml"), str(mac / "dev-anno.001_en.xml"),
                                      "-o", str(output), "--no-progress"])
    assert result.exit_code == 0, result.output
    gold = mac / "dev-anno.001_zh.001_en.xml"
    assert score_files(gold, output).f1_strict > 0.85
    scored = CliRunner().invoke(cli, ["score", str(gold), str(output.parent)])
    assert scored.exit_code == 0 and "F1" in scored.output, scored.output
