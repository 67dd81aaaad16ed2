"""The term report for the terminal: a summary per concept, then the findings (each with the
concept's glossary note)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import click

from .check import ERROR, FORBIDDEN_KIND, INFO, MISSING, WARNING, Finding, TermReport

_SEVERITY_COLOR = {ERROR: "red", WARNING: "yellow", INFO: "cyan"}


def format_report(report: TermReport, *, color: bool = False) -> Iterator[str]:
    """The report as lines of text; ``color`` adds ANSI colours (click strips them when piped)."""
    yield from _summary(report, color)
    yield ""
    yield from _findings(report, color)


def _style(text: str, color: bool, **styles: Any) -> str:
    return click.style(text, **styles) if color else text


def _summary(report: TermReport, color: bool) -> Iterator[str]:
    unchecked = f" (no glossary column for {', '.join(report.unchecked_langs)})" \
        if report.unchecked_langs else ""
    yield _style(f"{report.document or 'document'}: {report.units} units, source {report.source}, "
                 f"checked {', '.join(report.langs)}{unchecked}; "
                 f"{report.concepts_found} of {report.concepts} concepts found", color, bold=True)
    if not report.stats:
        return
    width = max(len("concept"), *(len(s.concept) for s in report.stats))
    langs = "".join(f"{lang:>6}" for lang in report.langs)
    yield f"{'concept':<{width}}{langs}  findings"
    for stats in report.stats:
        counts = "".join(f"{stats.occurrences[lang]:>6}" for lang in report.langs)
        line = f"{stats.concept:<{width}}{counts}  {stats.findings_text() or '-'}"
        yield _style(line, color, fg="red") if stats.findings.get(MISSING) or \
            stats.findings.get(FORBIDDEN_KIND) else line


def _findings(report: TermReport, color: bool) -> Iterator[str]:
    if not report.findings:
        yield _style("No findings.", color, fg="green")
        return
    yield _style(f"{len(report.findings)} finding(s): {report.count(ERROR)} error(s), "
                 f"{report.count(WARNING)} warning(s), {report.count(INFO)} info", color, bold=True)
    for finding in report.findings:
        yield from _finding(finding, color)


def _finding(finding: Finding, color: bool) -> Iterator[str]:
    severity = _style(f"{finding.severity:<7}", color, fg=_SEVERITY_COLOR[finding.severity], bold=True)
    paragraph = f" ¶{finding.paragraph}" if finding.paragraph else ""
    yield (f"#{finding.unit}{paragraph} {finding.lang} {severity} {finding.kind:<12} "
           f"{finding.concept}: {finding.message}")
    before, term, after = finding.snippet_parts()
    marked = _style(term, color, bold=True, underline=True) if color else f"[{term}]" if term else ""
    yield f"    {before}{marked}{after}"
    if finding.note:
        yield _style(f"    note: {finding.note}", color, dim=True)
