"""What a new user meets first: languages checked against the text, the pivot chosen from
the files, and bead files written in the order the files were given (issue #10, items 2-4)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from alignkit.cli import cli
from alignkit.config import AlignConfig
from alignkit.errors import AlignkitError, InputFormatError
from alignkit.export.beads import read_align
from alignkit.langs import script_conflict, text_script
from alignkit.names import FROM_NAME, FROM_OPTION, FROM_SCRIPT, check_script, choose_pivot
from alignkit.pipeline import Job, align_files, load_document, run

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "texts" / "S-2017-613"

GERMAN = "Der Rat tagt heute.\nDie Parteien sprechen miteinander.\nDer Bericht liegt vor.\n"
FRENCH = "Le Conseil se réunit aujourd'hui.\nLes parties se parlent.\nLe rapport est présenté.\n"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def error_line(result: Result) -> str:
    """The one ``Error:`` line of a run that failed on its input (exit 2, no traceback)."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    (line,) = [line for line in result.output.splitlines() if line.startswith("Error:")]
    return line


@pytest.fixture
def sample(tmp_path: Path) -> dict[str, Path]:
    """The sample's three texts copied under neutral names (a.txt en, b.txt zh, c.txt ru)."""
    copies = {}
    for lang, name in (("en", "a.txt"), ("zh", "b.txt"), ("ru", "c.txt")):
        copies[lang] = tmp_path / name
        shutil.copyfile(SAMPLE / f"{lang}.txt", copies[lang])
    return copies


@pytest.fixture
def two_languages(tmp_path: Path) -> tuple[Path, Path]:
    """A German and a French text, one segment a line, named with no language."""
    german, french = tmp_path / "dev.de", tmp_path / "dev.fr"
    german.write_text(GERMAN, encoding="utf-8")
    french.write_text(FRENCH, encoding="utf-8")
    return german, french


# --------------------------------------------------------------------------- item 2: languages checked


@pytest.mark.parametrize(("text", "script"), [
    ("双方对朝鲜宣布发射弹道导弹表示严重关切。THAAD, S/2017/613", "Han"),
    ("Стороны выражают серьезную обеспокоенность (S/2017/613).", "Cyrillic"),
    ("The Parties express grave concern.", "Latin"),
    ("Les Parties expriment leur vive préoccupation.", "Latin"),
    ("人間は生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。", "Kana"),
    ("Half English words here and половина русских слов тут", None),  # mixed: no script ahead
    ("S/2017/613", None),  # too short to tell
])
def test_text_script(text: str, script: str | None) -> None:
    assert text_script(text) == script


@pytest.mark.parametrize(("lang", "text", "conflict"), [
    ("ru", "世界人权宣言。人人生而自由，在尊严和权利上一律平等。", "Han"),
    ("en", "Стороны выражают серьезную обеспокоенность.", "Cyrillic"),
    ("zh", "The Parties express grave concern on the launch.", "Latin"),
    ("zh", "世界人权宣言。人人生而自由，在尊严和权利上一律平等。", None),
    ("uk", "Стороны выражают серьезную обеспокоенность.", None),  # same script: cannot tell
    ("de", "The Parties express grave concern on the launch.", None),
    ("xx", "世界人权宣言。人人生而自由，在尊严和权利上一律平等。", None),  # a language not known here
])
def test_script_conflict(lang: str, text: str, conflict: str | None) -> None:
    assert script_conflict(lang, text) == conflict


def test_check_script_names_the_file_and_the_ways_out() -> None:
    chinese = "世界人权宣言。人人生而自由，在尊严和权利上一律平等。"
    with pytest.raises(InputFormatError) as raised:
        check_script("b.txt", "ru", chinese, FROM_OPTION)
    assert str(raised.value).startswith("b.txt: given as 'ru', but the text is in Han script (it looks like zh); "
                                        "check the languages given (--langs is in the order of the files)")
    assert "--trust-langs" in str(raised.value)
    with pytest.raises(InputFormatError, match="the file name says 'ru'.*rename the file"):
        check_script("x.ru.txt", "ru", chinese, FROM_NAME)
    check_script("b.txt", "zh", chinese, FROM_SCRIPT)  # found from the script: consistent


def test_align_refuses_langs_that_contradict_the_script(sample: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out.tmx"
    result = invoke("align", "--langs", "en,ru,zh", str(sample["en"]), str(sample["zh"]), str(sample["ru"]),
                    "-o", str(out))
    line = error_line(result)
    assert str(sample["zh"]) in line and "'ru'" in line and "Han script" in line
    assert not out.exists()


def test_align_refuses_a_file_name_that_contradicts_the_script(sample: dict[str, Path], tmp_path: Path) -> None:
    misnamed = tmp_path / "doc.zh.txt"
    shutil.copyfile(sample["ru"], misnamed)
    line = error_line(invoke("align", str(sample["en"]), str(misnamed)))
    assert str(misnamed) in line and "file name says 'zh'" in line and "Cyrillic" in line


def test_trust_langs_keeps_the_languages_given(sample: dict[str, Path]) -> None:
    alignment = align_files([sample["en"], sample["zh"]], langs=["en", "ru"], trust_langs=True)
    assert alignment.langs == ("en", "ru")
    result = invoke("align", "--trust-langs", "--langs", "en,ru", str(sample["en"]), str(sample["zh"]))
    assert result.exit_code == 0, result.output


def test_segment_checks_its_language_too(sample: dict[str, Path]) -> None:
    assert "Han script" in error_line(invoke("segment", "--lang", "ru", str(sample["zh"])))
    assert invoke("segment", "--lang", "ru", "--trust-langs", str(sample["zh"])).exit_code == 0
    with pytest.raises(InputFormatError):
        load_document(sample["zh"], "en")


def test_languages_found_right_pass(sample: dict[str, Path]) -> None:
    alignment = align_files([sample["zh"], sample["en"]], langs=["zh", "en"])
    assert alignment.langs == ("en", "zh")


# --------------------------------------------------------------------------- item 3: the pivot


@pytest.mark.parametrize(("langs", "requested", "pivot"), [
    (["zh", "en", "ru"], "", "en"),
    (["de", "fr"], "", "de"),
    (["fr", "de"], "", "fr"),
    (["de", "en-GB"], "", "en-GB"),
    (["en", "zh", "ru"], "ru", "ru"),
    (["en", "zh"], "ZH", "zh"),
])
def test_choose_pivot(langs: list[str], requested: str, pivot: str) -> None:
    assert choose_pivot(langs, requested) == pivot


def test_a_pivot_no_file_is_in_is_refused() -> None:
    with pytest.raises(AlignkitError, match=r"pivot 'fr' is not the language of any file \(languages: en, zh\)"):
        choose_pivot(["en", "zh"], "fr")


def test_two_languages_without_english_align(two_languages: tuple[Path, Path], tmp_path: Path) -> None:
    german, french = two_languages
    out = tmp_path / "dev.align"
    result = invoke("align", "--presegmented", "--langs", "de,fr", str(german), str(french), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert read_align(out) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    alignment = align_files([french, german], langs=["fr", "de"], config=AlignConfig(pivot="", presegmented=True))
    assert alignment.pivot == "fr"


def test_library_job_chooses_the_pivot(two_languages: tuple[Path, Path]) -> None:
    german, french = two_languages
    result = run(Job(files=two_languages, langs=("de", "fr"), config=AlignConfig(pivot="", presegmented=True)))
    assert result.alignment.pivot == "de"
    assert "|pivot:de|" in result.alignment.signature


def test_explicit_pivot_missing_is_an_input_error(two_languages: tuple[Path, Path]) -> None:
    german, french = two_languages
    line = error_line(invoke("align", "--presegmented", "--langs", "de,fr", "--pivot", "en", str(german), str(french)))
    assert "pivot 'en' is not the language of any file" in line


# --------------------------------------------------------------------------- item 4: bead sides


def test_bead_sides_follow_the_order_of_the_files(sample: dict[str, Path], tmp_path: Path) -> None:
    zh_first = tmp_path / "zh-en.align"
    en_first = tmp_path / "en-zh.align"
    assert invoke("align", str(sample["zh"]), str(sample["en"]), "-o", str(zh_first)).exit_code == 0
    assert invoke("align", str(sample["en"]), str(sample["zh"]), "-o", str(en_first)).exit_code == 0
    swapped = [(tgt, src) for src, tgt in read_align(en_first)]
    assert read_align(zh_first) == swapped
    alignment = align_files([sample["zh"], sample["en"]])
    assert alignment.pivot == "en" and alignment.input_order == ("zh", "en")
    zh_sentences = len(alignment.documents["zh"].segments())
    assert max(i for src, _ in read_align(zh_first) for i in src) == zh_sentences - 1


def test_three_languages_each_file_keeps_the_files_order(sample: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "x.align"
    result = invoke("align", str(sample["zh"]), str(sample["en"]), str(sample["ru"]), "-o", str(out))
    assert result.exit_code == 0, result.output
    alignment = align_files([sample["zh"], sample["en"], sample["ru"]])
    units = alignment.units
    zh_en = [(u.indices["zh"], u.indices["en"]) for u in units if u.indices["zh"] or u.indices["en"]]
    en_ru = [(u.indices["en"], u.indices["ru"]) for u in units if u.indices["en"] or u.indices["ru"]]
    assert read_align(tmp_path / "x.zh.align") == zh_en
    assert read_align(tmp_path / "x.ru.align") == en_ru


def test_align_help_says_how_bead_sides_are_ordered() -> None:
    assert "in the order of the FILES" in " ".join(invoke("align", "--help").output.split())
