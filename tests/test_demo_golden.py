"""`make demo` end to end: the sample document's TMX, CSV and XLSX against reviewed golden files.

Run from the project root with relative paths, as the Makefile does, so the
outputs name the inputs the same way on every machine.  After an intended change
to loading, segmentation or alignment, run ``pytest --update-golden`` and review
the diff of tests/data/golden/S-2017-613.*.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from alignkit.cli import cli
from golden import GOLDEN, assert_workbooks_equal, refresh_or_require

ROOT = Path(__file__).resolve().parent.parent
INPUTS = [f"texts/S-2017-613/{lang}.txt" for lang in ("en", "zh", "ru")]
DTD = Path(__file__).parent / "data" / "tmx14b.dtd"


@pytest.fixture(scope="module")
def demo_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("demo")
    outputs = {ext: out / f"S-2017-613.{ext}" for ext in ("tmx", "csv", "xlsx")}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        args = ["align", *INPUTS]
        for path in outputs.values():
            args += ["-o", str(path)]
        result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return outputs


@pytest.mark.parametrize("ext", ["tmx", "csv"])
def test_text_outputs_match_golden(demo_outputs: dict[str, Path], ext: str, update_golden: bool) -> None:
    golden = GOLDEN / f"S-2017-613.{ext}"
    refresh_or_require(golden, demo_outputs[ext], update_golden)
    assert demo_outputs[ext].read_bytes() == golden.read_bytes()


def test_workbook_matches_golden(demo_outputs: dict[str, Path], update_golden: bool) -> None:
    golden = GOLDEN / "S-2017-613.xlsx"
    refresh_or_require(golden, demo_outputs["xlsx"], update_golden)
    assert_workbooks_equal(demo_outputs["xlsx"], golden)


def test_demo_tmx_is_valid_tmx_14b(demo_outputs: dict[str, Path]) -> None:
    tree = etree.parse(str(demo_outputs["tmx"]), etree.XMLParser(resolve_entities=False, no_network=True))
    dtd = etree.DTD(str(DTD))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    header = tree.find("header")
    assert header.get("srclang") == "en"
    assert tree.find("header/prop[@type='x-document']").text == "S/2017/613"


def test_demo_keeps_every_paragraph_number(demo_outputs: dict[str, Path]) -> None:
    tree = etree.parse(str(demo_outputs["tmx"]))
    numbers = [prop.text for prop in tree.iterfind("body/tu/prop[@type='x-paragraph']")]
    assert sorted(set(numbers), key=int) == ["1", "2", "3", "4", "5", "6"]
