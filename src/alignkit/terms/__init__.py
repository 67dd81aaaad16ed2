"""Glossary enforcement: are the key terms rendered with the approved term, in every language?

Typical use::

    from alignkit.terms import load_glossary, check_terms, write_report

    glossary = load_glossary("glossaries/korean-peninsula.csv")
    report = check_terms(alignment, glossary)            # source: the pivot
    write_report(report, "out/terms.html")
    status = report.exit_status("error")                 # 1 when an error was found

Glossaries are CSV, TSV, XLSX or TBX (see :mod:`alignkit.terms.glossary` and
:mod:`alignkit.terms.tbx`); matching is per language (:mod:`alignkit.terms.matching`);
the checks are described in :mod:`alignkit.terms.check`.
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
