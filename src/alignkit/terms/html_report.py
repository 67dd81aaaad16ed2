"""The HTML term report: one self-contained page (inline CSS and script, no web assets).

Findings are listed with the source and target units side by side and the terms
highlighted, each with its concept's glossary note; check boxes filter them by
kind.  A table of the concepts follows: every rendering found, with its count,
and the note.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from string import Template

from .check import ERROR, INFO, KINDS, WARNING, ConceptStats, Finding, TermReport

_PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Term check: $document</title>
<style>
body { font: 15px/1.45 system-ui, "Noto Sans", "Noto Sans CJK SC", sans-serif; margin: 1.5em; color: #1d1d1f; }
h1 { font-size: 1.5em; margin: 0 0 .2em; }
h2 { font-size: 1.2em; margin-top: 2em; }
.meta { color: #555; margin: 0 0 1em; }
.totals span { display: inline-block; margin-right: 1em; font-weight: 600; }
#filters { margin: 1em 0; padding: .6em .8em; background: #f4f4f6; border-radius: 6px; }
#filters label { margin-right: 1.2em; white-space: nowrap; cursor: pointer; }
#shown { color: #555; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .4em .5em; text-align: left; vertical-align: top; }
th { background: #ececf0; position: sticky; top: 0; }
td.text { width: 30%; }
td.num { text-align: right; white-space: nowrap; }
mark.term { background: #ffd54f; padding: 0 .1em; border-radius: 2px; }
.kind { display: inline-block; padding: .05em .45em; border-radius: 4px; font-size: .85em; font-weight: 600; }
.error .kind { background: #f4c7c3; color: #8c1d18; }
.warning .kind { background: #fce8b2; color: #6b4e00; }
.info .kind { background: #ddebf7; color: #1f4e79; }
.note { color: #555; font-size: .9em; }
.lang { font-family: ui-monospace, monospace; color: #555; }
.message { color: #333; }
tr[hidden] { display: none; }
</style>
</head>
<body>
<h1>Term check: $document</h1>
<p class="meta">Source language <b>$source</b> · languages $langs · $units units · glossary $glossary
 · $concepts concepts, $found found in the text</p>
<p class="meta">Settings <code>$settings</code></p>
<p class="totals"><span>$errors error(s)</span><span>$warnings warning(s)</span><span>$info info</span></p>
<div id="filters">$filters <span id="shown"></span></div>
<table id="findings">
<thead><tr><th>Unit</th><th>¶</th><th>Lang</th><th>Concept</th><th>Kind</th><th>Message</th>
<th>Source</th><th>Target</th></tr></thead>
<tbody>
$rows
</tbody>
</table>
<h2>Concepts</h2>
<table id="concepts">
<thead><tr><th>Concept</th>$concept_heads<th>Findings</th><th>Note</th></tr></thead>
<tbody>
$concept_rows
</tbody>
</table>
<script>
(function () {
  var boxes = document.querySelectorAll("#filters input[data-kind]");
  var rows = document.querySelectorAll("#findings tbody tr");
  function apply() {
    var shown = 0, on = {};
    boxes.forEach(function (box) { on[box.getAttribute("data-kind")] = box.checked; });
    rows.forEach(function (row) {
      var visible = on[row.getAttribute("data-kind")] === true;
      row.hidden = !visible;
      if (visible) { shown += 1; }
    });
    document.getElementById("shown").textContent = shown + " of " + rows.length + " findings shown";
  }
  boxes.forEach(function (box) { box.addEventListener("change", apply); });
  apply();
})();
</script>
</body>
</html>
""")


def render_html(report: TermReport) -> str:
    """The whole report as one HTML page."""
    counts = report.by_kind()
    return _PAGE.substitute(
        document=_e(report.document or "document"), source=_e(report.source),
        langs=_e(", ".join(report.langs)), units=report.units, glossary=_e(report.glossary),
        concepts=report.concepts, found=report.concepts_found, settings=_e(report.settings),
        errors=report.count(ERROR), warnings=report.count(WARNING), info=report.count(INFO),
        filters=" ".join(_filter(kind, counts[kind]) for kind in KINDS),
        rows="\n".join(_finding_row(f) for f in report.findings),
        concept_heads="".join(f"<th>{_e(lang)}</th>" for lang in report.langs),
        concept_rows="\n".join(_concept_row(s, report.langs) for s in report.stats),
    )


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _filter(kind: str, count: int) -> str:
    return (f'<label><input type="checkbox" data-kind="{kind}" checked> {kind} '
            f'<span class="count">({count})</span></label>')


def highlight(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` escaped for HTML with each span wrapped in ``<mark class="term">``."""
    out, position = [], 0
    for start, end in sorted(spans):
        if start < position:
            continue
        out.append(_e(text[position:start]))
        out.append(f'<mark class="term">{_e(text[start:end])}</mark>')
        position = end
    out.append(_e(text[position:]))
    return "".join(out)


def _finding_row(finding: Finding) -> str:
    source = highlight(finding.source_text, finding.source_spans)
    target = highlight(finding.target_text, finding.target_spans)
    return (
        f'<tr class="{finding.severity}" data-kind="{finding.kind}">'
        f'<td class="num">{finding.unit}</td><td>{_e(finding.paragraph)}</td>'
        f'<td class="lang">{_e(finding.lang)}</td><td>{_e(finding.concept)}</td>'
        f'<td><span class="kind">{finding.kind}</span></td>'
        f'<td class="message">{_e(finding.message)}{_note(finding.note)}</td>'
        f'<td class="text" lang="{_e(finding.source_lang)}">{source}</td>'
        f'<td class="text" lang="{_e(finding.lang)}">{target}</td></tr>'
    )


def _note(note: str) -> str:
    return f'<div class="note">Note: {_e(note)}</div>' if note else ""


def _concept_row(stats: ConceptStats, langs: Sequence[str]) -> str:
    cells = "".join(f"<td>{_e(stats.variants_text(lang))}</td>" for lang in langs)
    return (f"<tr><td>{_e(stats.concept)}</td>{cells}<td>{_e(stats.findings_text())}</td>"
            f'<td class="note">{_e(stats.note)}</td></tr>')
