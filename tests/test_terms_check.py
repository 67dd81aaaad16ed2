"""The five checks on hand-built alignments, the source option and the exit status."""

from __future__ import annotations

from pathlib import Path

import pytest

from alignkit.errors import AlignkitError, GlossaryError
from alignkit.model import Alignment, AlignmentUnit
from alignkit.terms import Glossary, TermReport, check_terms, load_glossary
from alignkit.terms.glossary import read_table

DATA = Path(__file__).resolve().parent / "data" / "glossary"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(DATA / "mini.csv")


def align(*rows: dict[str, str], langs: tuple[str, ...] = ("en", "zh", "ru")) -> Alignment:
    """An alignment with one unit per row (a language absent from a row has no text)."""
    units = tuple(
        AlignmentUnit(id=i, segments={lang: (row[lang],) if row.get(lang) else () for lang in langs},
                      indices={lang: (i,) for lang in langs}, paragraph=str(i), type="1-1-1")
        for i, row in enumerate(rows, start=1)
    )
    return Alignment(langs, units, name="test")


def kinds(report: TermReport) -> list[tuple[int, str, str, str]]:
    return [(f.unit, f.lang, f.concept, f.kind) for f in report.findings]


CLEAN = {
    "en": "Stability on the Korean Peninsula matters to the Democratic People's Republic of Korea.",
    "zh": "朝鲜半岛的稳定对朝鲜很重要。",
    "ru": "Стабильность на Корейском полуострове важна для КНДР.",
}


def test_consistent_translation_has_no_findings(glossary: Glossary) -> None:
    report = check_terms(align(CLEAN, CLEAN), glossary)
    assert report.findings == ()
    assert report.exit_status("warning") == 0
    stats = {s.concept: s for s in report.stats}
    assert stats["korean-peninsula"].occurrences == {"en": 2, "zh": 2, "ru": 2}


def test_missing_when_the_target_has_no_approved_rendering(glossary: Glossary) -> None:
    row = dict(CLEAN, ru="Стабильность на полуострове важна для КНДР.")
    report = check_terms(align(row), glossary)
    assert kinds(report) == [(1, "ru", "korean-peninsula", "missing")]
    finding = report.findings[0]
    assert finding.severity == "error"
    assert finding.match == "Korean Peninsula"
    assert finding.source_text == row["en"] and finding.target_text == row["ru"]
    assert "Корейский полуостров" in finding.message
    assert finding.snippet.startswith("…") or "Korean Peninsula" in finding.snippet


def test_forbidden_variant_is_an_error_and_replaces_missing(glossary: Glossary) -> None:
    row = dict(CLEAN, zh="韩半岛的稳定对朝鲜很重要。")
    report = check_terms(align(row), glossary)
    assert kinds(report) == [(1, "zh", "korean-peninsula", "forbidden")]
    assert report.findings[0].match == "韩半岛"
    assert report.findings[0].target_spans == ((0, 3),)


def test_forbidden_variant_in_the_source_is_reported_too(glossary: Glossary) -> None:
    row = dict(CLEAN, en=CLEAN["en"] + " North Korea said so.")
    report = check_terms(align(row), glossary)
    assert kinds(report) == [(1, "en", "dprk", "forbidden")]


def test_forbidden_multiword_russian_variant_in_any_form(glossary: Glossary) -> None:
    row = {"en": "the suspension for suspension initiative", "zh": "“双暂停”倡议",
           "ru": "инициатива «двойной заморозки»"}
    report = check_terms(align(row), glossary)
    assert kinds(report) == [(1, "ru", "suspension-for-suspension", "forbidden")]
    assert report.findings[0].match == "двойной заморозки"


def test_count_differs_is_a_warning(glossary: Glossary) -> None:
    row = {"en": "The suspension for suspension initiative.", "zh": "“双暂停”倡议，即“双暂停”。",
           "ru": "Инициатива «двойного замораживания»."}
    report = check_terms(align(row), glossary)
    assert kinds(report) == [(1, "zh", "suspension-for-suspension", "count")]
    assert report.findings[0].severity == "warning"
    assert report.findings[0].target_spans == ((1, 4), (10, 13))
    assert report.exit_status("error") == 0 and report.exit_status("warning") == 1


def test_unexpected_when_the_source_lacks_the_term(glossary: Glossary) -> None:
    row = dict(CLEAN, en="Stability on the Korean Peninsula matters to the country.")
    report = check_terms(align(row), glossary)
    assert kinds(report) == [(1, "zh", "dprk", "unexpected"), (1, "ru", "dprk", "unexpected")]


def test_inconsistent_renderings_across_the_document_recommend_the_preferred_term(glossary: Glossary) -> None:
    rows = [dict(CLEAN) for _ in range(3)]
    rows[1]["ru"] = "Стабильность на Корейском полуострове важна для Корейской Народно-Демократической Республики."
    report = check_terms(align(*rows), glossary)
    assert kinds(report) == [(2, "ru", "dprk", "inconsistent")]
    finding = report.findings[0]
    assert finding.match == "Корейской Народно-Демократической Республики"
    assert "'КНДР' ×2" in finding.message and "×1" in finding.message
    assert "all are in the glossary, which prefers 'КНДР'" in finding.message
    assert finding.severity == "info"
    stats = {s.concept: s for s in report.stats}
    assert stats["dprk"].variants["ru"] == {"КНДР": 2, "Корейская Народно-Демократическая Республика": 1}


def test_target_following_the_source_from_full_name_to_short_form_is_consistent(glossary: Glossary) -> None:
    full = dict(CLEAN)
    short = {"en": "The DPRK agreed.", "zh": "朝鲜同意。", "ru": "КНДР согласилась."}
    full_ru = dict(full, ru="Стабильность на Корейском полуострове важна для Корейской "
                            "Народно-Демократической Республики.")
    report = check_terms(align(full_ru, short, full_ru, short), glossary)
    assert report.findings == ()


def test_case_sensitive_entry(glossary: Glossary) -> None:
    row = {"en": "The Parties agree; the opposing parties do not.", "zh": "双方同意。", "ru": "Стороны согласны."}
    assert check_terms(align(row), glossary).findings == ()
    lower = dict(row, en="the parties agree.")
    assert kinds(check_terms(align(lower), glossary)) == [(1, "zh", "parties", "unexpected"),
                                                         (1, "ru", "parties", "unexpected")]


def test_source_option_compares_with_another_language(glossary: Glossary) -> None:
    row = dict(CLEAN, en="Stability on the peninsula matters to the Democratic People's Republic of Korea.")
    assert kinds(check_terms(align(row), glossary)) == [(1, "zh", "korean-peninsula", "unexpected"),
                                                        (1, "ru", "korean-peninsula", "unexpected")]
    report = check_terms(align(row), glossary, source="zh")
    assert report.source == "zh"
    assert kinds(report) == [(1, "en", "korean-peninsula", "missing")]


def test_empty_target_units_are_not_compared(glossary: Glossary) -> None:
    report = check_terms(align({"en": CLEAN["en"], "zh": CLEAN["zh"]}, {"zh": CLEAN["zh"], "ru": CLEAN["ru"]}),
                         glossary)
    assert report.findings == ()


def test_concept_without_a_rendering_in_the_target_is_not_checked(tmp_path: Path) -> None:
    glossary = read_table(tmp_path / "g.csv", [(1, ["id", "en", "zh", "ru"]),
                                               (2, ["ops", "peacekeeping operation", "", ""])])
    report = check_terms(align({"en": "A peacekeeping operation.", "zh": "维和行动。", "ru": "Операция."}),
                         glossary)
    assert report.findings == ()


def test_language_missing_from_the_glossary_is_left_unchecked(tmp_path: Path) -> None:
    glossary = read_table(tmp_path / "g.csv", [(1, ["id", "en", "zh"]), (2, ["kp", "Korean Peninsula", "朝鲜半岛"])])
    report = check_terms(align(dict(CLEAN, zh="半岛")), glossary)
    assert report.langs == ("en", "zh") and report.unchecked_langs == ("ru",)
    assert kinds(report) == [(1, "zh", "kp", "missing")]


def test_bad_source_language(glossary: Glossary, tmp_path: Path) -> None:
    with pytest.raises(AlignkitError, match="source language 'fr' is not one of the aligned languages"):
        check_terms(align(CLEAN), glossary, source="fr")
    no_ru = read_table(tmp_path / "g.csv", [(1, ["id", "en", "zh"]), (2, ["kp", "Korean Peninsula", "朝鲜半岛"])])
    with pytest.raises(GlossaryError, match=r"g\.csv: missing language column 'ru' for the source"):
        check_terms(align(CLEAN), no_ru, source="ru")


def test_regional_language_codes_use_the_base_column(glossary: Glossary) -> None:
    alignment = align({"en-GB": CLEAN["en"], "zh-CN": "半岛"}, langs=("en-GB", "zh-CN"))
    assert kinds(check_terms(alignment, glossary)) == [(1, "zh-CN", "korean-peninsula", "missing"),
                                                       (1, "zh-CN", "dprk", "missing")]


def test_exit_status_levels(glossary: Glossary) -> None:
    report = check_terms(align(dict(CLEAN, ru="Ничего.")), glossary)
    assert report.count("error") == 2
    assert [report.exit_status(level) for level in ("error", "warning", "never")] == [1, 1, 0]
    with pytest.raises(AlignkitError, match="--fail-on"):
        report.exit_status("fatal")


def test_summary_and_json_shape(glossary: Glossary) -> None:
    report = check_terms(align(dict(CLEAN, ru="Ничего.")), glossary)
    data = report.to_dict()
    assert set(data) == {"summary", "findings"}
    summary, findings = data["summary"], data["findings"]
    assert isinstance(summary, dict) and isinstance(findings, list)
    assert summary["errors"] == 2 and summary["by_kind"]["missing"] == 2
    assert summary["per_concept"]["dprk"]["findings"] == {"missing": 1}
    keys = {"unit", "paragraph", "lang", "concept", "kind", "severity", "match", "source_text", "target_text"}
    assert keys <= set(findings[0])


def test_forbidden_variant_counts_as_a_mention_for_the_count_check(glossary: Glossary) -> None:
    row = {"en": "The Korean Peninsula and again the Korean Peninsula.", "zh": "朝鲜半岛和韩半岛。",
           "ru": "Корейский полуостров и снова Корейский полуостров."}
    assert kinds(check_terms(align(row), glossary)) == [(1, "zh", "korean-peninsula", "forbidden")]


def test_translation_memory_from_a_cat_tool_with_regional_codes(glossary: Glossary, tmp_path: Path) -> None:
    from alignkit.export.tmx import read_alignment

    tmx = tmp_path / "cat.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en-US" segtype="sentence" '
        'adminlang="en" datatype="plaintext" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>\n'
        '<tu tuid="7"><tuv xml:lang="en-US"><seg>On the Korean Peninsula.</seg></tuv>'
        '<tuv xml:lang="zh-CN"><seg>在半岛上。</seg></tuv><tuv xml:lang="ru-RU"><seg>На Корейском полуострове.</seg>'
        "</tuv></tu>\n</body></tmx>\n", encoding="utf-8")
    alignment = read_alignment(tmx)
    assert alignment.langs == ("en-US", "zh-CN", "ru-RU") and alignment.name == "cat"
    assert kinds(check_terms(alignment, glossary)) == [(7, "zh-CN", "korean-peninsula", "missing")]


# --------------------------------------------------------------------------- advice from the glossary (issue #10)

COUNCIL = Path("security-council.csv")
COUNCIL_ROWS = ("id,en,zh,ru,forbidden_zh,note\n"
                "security-council,Security Council,安全理事会|安理会,Совет Безопасности,安全委员会,"
                "UN Chinese: 安全理事会 in full; 安理会 is the short form\n")


@pytest.fixture
def council(tmp_path: Path) -> Glossary:
    path = tmp_path / COUNCIL
    path.write_text(COUNCIL_ROWS, encoding="utf-8")
    return load_glossary(path)


def council_rows(*chinese: str) -> list[dict[str, str]]:
    return [{"en": "The Security Council met.", "zh": f"{zh}开会。", "ru": "Совет Безопасности собрался."}
            for zh in chinese]


def test_the_glossary_s_preferred_term_is_recommended_even_in_the_minority(council: Glossary) -> None:
    report = check_terms(align(*council_rows("安理会", "安全理事会", "安理会", "安理会")), council)
    (finding,) = report.findings
    assert (finding.unit, finding.kind, finding.match) == (1, "inconsistent", "安理会")
    assert finding.message.startswith("zh renders en 'Security Council' as '安理会' ×3, '安全理事会' ×1; ")
    assert "which prefers '安全理事会'" in finding.message and "use '安理会'" not in finding.message
    assert "('安理会' in units 1, 3, 4)" in finding.message
    assert finding.severity == "info"
    assert report.exit_status("warning") == 0


def test_a_rendering_the_glossary_does_not_list_makes_a_warning(council: Glossary, tmp_path: Path) -> None:
    from alignkit.terms.matching import TermFinder

    wider = tmp_path / "wider.csv"
    wider.write_text(COUNCIL_ROWS.replace("安全理事会|安理会", "安全理事会|安理会|安全理事"), encoding="utf-8")
    finder = TermFinder(load_glossary(wider))  # finds a rendering the checked glossary does not list
    report = check_terms(align(*council_rows("安全理事会", "安全理事")), council, finder=finder)
    (finding,) = report.findings
    assert finding.severity == "warning"
    assert "use '安全理事会', the glossary's preferred term" in finding.message


def test_forbidden_findings_name_the_approved_term(council: Glossary) -> None:
    report = check_terms(align(*council_rows("安全委员会")), council)
    (finding,) = [f for f in report.findings if f.kind == "forbidden"]
    assert finding.message == "forbidden zh variant '安全委员会' of 'security-council'; use '安全理事会'"


def test_findings_and_concept_statistics_carry_the_glossary_note(council: Glossary) -> None:
    report = check_terms(align(*council_rows("安理会", "安全理事会")), council)
    note = "UN Chinese: 安全理事会 in full; 安理会 is the short form"
    assert [f.note for f in report.findings] == [note]
    assert report.findings[0].to_dict()["note"] == note
    (stats,) = report.stats
    assert stats.note == note and stats.to_dict()["note"] == note


def test_concept_statistics_count_each_rendering_in_glossary_order(council: Glossary) -> None:
    report = check_terms(align(*council_rows("安理会", "安全理事会", "安理会", "安理会")), council)
    (stats,) = report.stats
    assert list(stats.variants["zh"].items()) == [("安全理事会", 1), ("安理会", 3)]
    assert stats.variants_text("zh") == "安全理事会 ×1, 安理会 ×3"
    assert stats.variants_text("en") == "Security Council ×4"
