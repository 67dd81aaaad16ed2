"""Glossary enforcement: are the key terms rendered with the approved term, in every language?

Typical use::

    from alignkit.terms import load_glossary, check_terms, write_report

    glossary = load_glossary("glossaries/korean-peninsula.csv")
    report = check_terms(alignment, glossary)            # source: the pivot
    write_report(report, "out/terms.html")
    status = report.exit_status("error")                 # 1 when an error was found

Where each piece lives (a module imports only modules listed above it, and from
the rest of alignkit only errors, model, langs, formats, fsutil, safexml and
sheets; never :mod:`alignkit.align` or :mod:`alignkit.export`):

* :mod:`.concepts` — the data model: :class:`Concept` (approved term, variants
  and forbidden variants per language), :class:`Glossary`, :func:`merge_glossaries`.
* :mod:`.glossary` — CSV, TSV and XLSX glossary files, and :func:`load_glossary`,
  :func:`save_glossary`, :func:`convert_glossary`, which choose the format by
  extension (``GLOSSARY_READERS``/``GLOSSARY_WRITERS`` name each format's module).
* :mod:`.tbx` — TBX glossary files (TBX-Basic; TBX v3 element names read too).
* :mod:`.analyzers` — per language, how words become match keys: English forms,
  Russian lemmas (pymorphy3), other spaced languages, Chinese/Japanese normalisation.
* :mod:`.matching` — the matchers: :class:`TermRef`, :class:`TermMatch`, longest-first
  selection, the token and character matchers, the matcher for each language and
  :class:`TermFinder` for a whole glossary.
* :mod:`.check` — the five checks (:func:`check_terms`) and their results
  (:class:`Finding`, :class:`ConceptStats`, :class:`TermReport`).
* :mod:`.html_report` — the HTML report page.
* :mod:`.reports` — report files by extension (``REPORT_WRITERS``): JSON, CSV, XLSX,
  HTML (from :mod:`.html_report`); :func:`add_findings` for an alignment workbook.
* :mod:`.terminal` — the report as text for the terminal (:func:`format_report`).

So a new glossary or report format is a writer (or reader) and one registry line;
a new language's morphology is an analyzer and a line in ``matching.matcher_for``;
a new check is its code and its kind (``KINDS``, ``SEVERITY``) in :mod:`.check`,
and every report lists each kind.
"""

from __future__ import annotations

from .check import (
    FAIL_ON,
    KINDS,
    ConceptStats,
    Finding,
    TermReport,
    check_terms,
)
from .concepts import Concept, Glossary, merge_glossaries
from .glossary import convert_glossary, load_glossaries, load_glossary, save_glossary
from .matching import TermFinder, TermMatch, TermRef
from .reports import REPORT_EXTENSIONS, add_findings, check_report_path, write_report
from .terminal import format_report

__all__ = [
    "FAIL_ON", "KINDS", "REPORT_EXTENSIONS", "Concept", "ConceptStats", "Finding", "Glossary",
    "TermFinder", "TermMatch", "TermRef", "TermReport", "add_findings",
    "check_report_path", "check_terms", "convert_glossary", "format_report", "load_glossaries",
    "load_glossary", "merge_glossaries", "save_glossary", "write_report",
]
