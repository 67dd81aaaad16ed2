"""The five term checks, run on every aligned unit (and across the document).

* ``missing`` (error): the source has the concept, a target none of its renderings.
* ``forbidden`` (error): a forbidden variant appears (in any language).
* ``count`` (warning): source and target name the concept a different number of times.
* ``unexpected`` (warning): a target names the concept, its source does not.
* ``inconsistent``: across the document a target language renders the same
  source term of a concept in several ways (``Security Council`` as both ``安理会``
  and ``安全理事会``); one finding per rendering other than the glossary's
  preferred term (the first it lists), at its first unit, with the counts and the
  preferred term recommended.  When every rendering used is listed in the
  glossary the finding is ``info`` (the glossary allows them all: the reviser may
  want one, nothing is wrong), else a ``warning``.

Every finding carries the concept's glossary ``note``, and a ``forbidden`` one
names the approved term to use instead.

A target whose unit is empty (a 1-0 link) is not compared, and a concept without
a rendering in a language is not checked there.  A forbidden variant counts as a
mention for ``missing`` and ``count``: it is reported once, as ``forbidden``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .. import __version__
from ..errors import AlignkitError, GlossaryError
from ..model import Alignment, AlignmentUnit
from .concepts import Concept, Glossary
from .matching import FORBIDDEN, TermFinder, TermMatch, TermRef, glossary_language, matcher_name

MISSING, FORBIDDEN_KIND, COUNT, UNEXPECTED, INCONSISTENT = (
    "missing", "forbidden", "count", "unexpected", "inconsistent")
KINDS = (MISSING, FORBIDDEN_KIND, COUNT, UNEXPECTED, INCONSISTENT)
ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)
#: The severity of each kind; ``inconsistent`` is :data:`INFO` when every rendering is in the glossary.
SEVERITY = {MISSING: ERROR, FORBIDDEN_KIND: ERROR, COUNT: WARNING, UNEXPECTED: WARNING,
            INCONSISTENT: WARNING}
#: ``--fail-on`` levels and the severities that make the check fail (``info`` never does).
FAIL_ON = {"error": (ERROR,), "warning": (ERROR, WARNING), "never": ()}
SNIPPET_CONTEXT = 40

Span = tuple[int, int]


@dataclass(frozen=True)
class Finding:
    """One problem found in one unit (or, for ``inconsistent``, at its first place).

    :param unit: the unit id.
    :param paragraph: the pivot paragraph label of the unit.
    :param lang: the language the problem is in (the target, or where a forbidden term is).
    :param concept: the glossary concept id.
    :param kind: ``missing``, ``forbidden``, ``count``, ``unexpected`` or ``inconsistent``.
    :param severity: ``error``, ``warning`` or ``info``.
    :param match: the term as written in the document (in the source for ``missing``).
    :param message: one sentence for the reviser.
    :param source_lang: the source language.
    :param source_text: the unit's text in the source language.
    :param target_text: the unit's text in ``lang``.
    :param source_spans: where the concept is in ``source_text``.
    :param target_spans: where the offending term is in ``target_text``.
    :param note: the concept's note in the glossary (``""`` when it has none).
    """

    unit: int
    paragraph: str
    lang: str
    concept: str
    kind: str
    severity: str
    match: str
    message: str
    source_lang: str
    source_text: str
    target_text: str
    source_spans: tuple[Span, ...] = ()
    target_spans: tuple[Span, ...] = ()
    note: str = ""

    def snippet_parts(self, context: int = SNIPPET_CONTEXT) -> tuple[str, str, str]:
        """(before, term, after) around the first highlighted term, shortened with ``…``."""
        text, spans = ((self.target_text, self.target_spans) if self.target_spans
                       else (self.source_text, self.source_spans))
        if not spans:
            return _shorten_right(text, 2 * context), "", ""
        start, end = spans[0]
        before, after = text[max(0, start - context):start], text[end:end + context]
        if start > context:
            before = "…" + _from_word_start(before)
        if end + context < len(text):
            after = _to_word_end(after) + "…"
        return _single_line(before), _single_line(text[start:end]), _single_line(after)

    @property
    def snippet(self) -> str:
        """The term in a short window of its text, on one line."""
        return "".join(self.snippet_parts())

    def to_dict(self) -> dict[str, object]:
        """The finding as the JSON report writes it."""
        return {
            "unit": self.unit, "paragraph": self.paragraph, "lang": self.lang,
            "concept": self.concept, "kind": self.kind, "severity": self.severity,
            "match": self.match, "message": self.message, "snippet": self.snippet,
            "source_lang": self.source_lang, "source_text": self.source_text,
            "target_text": self.target_text, "note": self.note,
        }


def _from_word_start(text: str) -> str:
    """``text`` without its first, cut, word (unchanged when it has no space: CJK)."""
    space = text.find(" ")
    return text[space + 1:] if 0 <= space < len(text) - 1 else text


def _to_word_end(text: str) -> str:
    """``text`` without its last, cut, word (unchanged when it has no space: CJK)."""
    space = text.rfind(" ")
    return text[:space] if space > 0 else text


def _single_line(text: str) -> str:
    return " ".join(text.split()) if "\n" in text or "  " in text else text


def _shorten_right(text: str, limit: int) -> str:
    text = _single_line(text)
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True)
class ConceptStats:
    """How one concept was rendered across the document.

    :param concept: the concept id.
    :param terms: its approved term per language.
    :param occurrences: per language, how often an approved term or variant appears.
    :param variants: per language, how often each approved term or variant appears,
        in the glossary's order (the approved term first).
    :param forbidden: per language, how often a forbidden variant appears.
    :param findings: how many findings of each kind concern the concept.
    :param note: the concept's note in the glossary.
    """

    concept: str
    terms: Mapping[str, str]
    occurrences: Mapping[str, int]
    variants: Mapping[str, Mapping[str, int]]
    forbidden: Mapping[str, int]
    findings: Mapping[str, int]
    note: str = ""

    def variants_text(self, lang: str) -> str:
        """Each rendering found in ``lang`` with its count (``安全理事会 ×1, 安理会 ×3``); the
        approved term ``×0`` when none was found."""
        found = self.variants.get(lang, {})
        if not any(found.values()):
            return f"{self.terms.get(lang, '')} ×0" if self.terms.get(lang) else ""
        return ", ".join(f"{term} ×{count}" for term, count in found.items() if count)

    def findings_text(self) -> str:
        """The concept's findings by kind, for reading: ``count 1, inconsistent 2`` (``""`` when none)."""
        return ", ".join(f"{kind} {n}" for kind, n in self.findings.items() if n)

    def to_dict(self) -> dict[str, object]:
        """The statistics as the JSON report writes them."""
        return {"term": dict(self.terms), "occurrences": dict(self.occurrences),
                "variants": {lang: dict(v) for lang, v in self.variants.items()},
                "forbidden": dict(self.forbidden), "findings": dict(self.findings), "note": self.note}


@dataclass(frozen=True)
class TermReport:
    """Everything one term check found.

    :param document: the document's name.
    :param source: the source language the targets were compared with.
    :param langs: the checked languages (the alignment's languages the glossary has).
    :param units: how many units were checked.
    :param glossary: the glossary file(s).
    :param concepts: the glossary's size.
    :param findings: the findings, by unit, language and concept.
    :param stats: per concept that appears anywhere or has findings, how it was rendered.
    :param unchecked_langs: aligned languages the glossary has no column for.
    :param settings: what decided the findings, in one string: the source, how each
        language's terms were matched (with the versions of pymorphy3 and its
        dictionary) and the glossary's fingerprint (:func:`check_settings`).
    """

    document: str
    source: str
    langs: tuple[str, ...]
    units: int
    glossary: str
    concepts: int
    findings: tuple[Finding, ...]
    stats: tuple[ConceptStats, ...]
    unchecked_langs: tuple[str, ...] = ()
    settings: str = ""

    @property
    def concepts_found(self) -> int:
        """How many concepts appear in the text, in any checked language."""
        return sum(any(s.occurrences.values()) for s in self.stats)

    def count(self, severity: str) -> int:
        """How many findings have this severity."""
        return sum(f.severity == severity for f in self.findings)

    def by_kind(self) -> dict[str, int]:
        """How many findings of each kind (every kind listed, zeros included)."""
        counts = Counter(f.kind for f in self.findings)
        return {kind: counts.get(kind, 0) for kind in KINDS}

    def exit_status(self, fail_on: str = "error") -> int:
        """1 when a finding is at or above ``fail_on`` (``error``, ``warning``, ``never``), else 0."""
        if fail_on not in FAIL_ON:
            raise AlignkitError(f"--fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
        failing = FAIL_ON[fail_on]
        return int(any(f.severity in failing for f in self.findings))

    def summary(self) -> dict[str, object]:
        """The ``summary`` object of the JSON report."""
        return {
            "document": self.document, "source": self.source, "languages": list(self.langs),
            "unchecked_languages": list(self.unchecked_langs), "units": self.units,
            "glossary": self.glossary, "concepts": self.concepts, "settings": self.settings,
            "concepts_found": self.concepts_found,
            "findings": len(self.findings), "errors": self.count(ERROR),
            "warnings": self.count(WARNING), "info": self.count(INFO), "by_kind": self.by_kind(),
            "per_concept": {s.concept: s.to_dict() for s in self.stats},
        }

    def to_dict(self) -> dict[str, object]:
        """The whole report as JSON-ready data: ``{"summary": ..., "findings": [...]}``."""
        return {"summary": self.summary(), "findings": [f.to_dict() for f in self.findings]}


# --------------------------------------------------------------------------- checking


def check_terms(alignment: Alignment, glossary: Glossary, *, source: str | None = None,
                finder: TermFinder | None = None) -> TermReport:
    """Check every unit of ``alignment`` against ``glossary``.

    :param source: the language the others are compared with (default: the pivot).
    :param finder: a compiled glossary to reuse across calls (built when None).
    """
    finder = finder or TermFinder(glossary)
    source = _source_language(alignment, glossary, finder, source)
    langs = tuple(lang for lang in alignment.langs if finder.covers(lang))
    tally = _Tally(langs, source)
    findings: list[Finding] = []
    for unit in alignment.units:
        texts = {lang: unit.text(lang) for lang in langs}
        found = {lang: _Found.of(text, finder.find(text, lang)) for lang, text in texts.items()}
        findings += _check_unit(unit, source, found, glossary)
        tally.add(unit, found)
    findings += tally.inconsistencies(glossary)
    order = {lang: i for i, lang in enumerate(langs)}
    concept_order = {c.id: i for i, c in enumerate(glossary)}
    findings.sort(key=lambda f: (f.unit, order[f.lang], concept_order[f.concept], KINDS.index(f.kind)))
    return TermReport(
        document=alignment.name, source=source, langs=langs, units=len(alignment.units),
        glossary=glossary.name, concepts=len(glossary), findings=tuple(findings),
        stats=tally.stats(glossary, findings),
        unchecked_langs=tuple(lang for lang in alignment.langs if lang not in langs),
        settings=check_settings(glossary, source, langs),
    )


def check_settings(glossary: Glossary, source: str, langs: Sequence[str]) -> str:
    """Everything that decides a term check's findings, as the alignment's signature does
    for its units: ``alignkit:0.1.0|source:en|en:english-forms|zh:cjk-substring(...)
    |ru:pymorphy3-2.0.6(...)|glossary:57c-1a2b3c4d``."""
    matching = "|".join(f"{lang}:{matcher_name(glossary_language(glossary.langs, lang) or lang)}"
                        for lang in langs)
    return f"alignkit:{__version__}|source:{source}|{matching}|glossary:{glossary.fingerprint()}"


def _source_language(alignment: Alignment, glossary: Glossary, finder: TermFinder,
                     source: str | None) -> str:
    source = source or alignment.pivot
    if source not in alignment.langs:
        raise AlignkitError(f"source language {source!r} is not one of the aligned languages "
                            f"({', '.join(alignment.langs)})")
    if not finder.covers(source):
        raise GlossaryError(glossary.name or "glossary",
                            f"missing language column {source!r} for the source language "
                            f"(the glossary has {', '.join(glossary.langs)})")
    return source


@dataclass
class _Found:
    """The terms found in one unit's text in one language, by concept."""

    text: str
    allowed: dict[str, list[tuple[TermMatch, TermRef]]] = field(default_factory=dict)
    forbidden: dict[str, list[tuple[TermMatch, TermRef]]] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str, matches: Iterable[TermMatch]) -> _Found:
        found = cls(text)
        for match in matches:
            for ref in _one_ref_per_concept(match):
                bucket = found.forbidden if ref.status == FORBIDDEN else found.allowed
                bucket.setdefault(ref.concept, []).append((match, ref))
        return found

    def spans(self, concept: str) -> tuple[Span, ...]:
        """Where the concept's allowed renderings are in the text."""
        return tuple((m.start, m.end) for m, _ in self.allowed.get(concept, ()))

    def texts(self, concept: str) -> str:
        """The concept's allowed renderings as written, without repeats."""
        return "; ".join(dict.fromkeys(m.text for m, _ in self.allowed.get(concept, ())))


def _one_ref_per_concept(match: TermMatch) -> list[TermRef]:
    """One term per concept for a match that several terms of a concept cover.

    ``dialogue and consultations`` is both ``dialogue and consultation`` and
    ``dialogue and consultations`` (plurals match); the term written exactly as
    in the text is credited, else the first in glossary order.
    """
    chosen: dict[str, TermRef] = {}
    written = " ".join(match.text.split()).casefold()
    for ref in match.refs:
        if ref.concept not in chosen or ref.term.casefold() == written:
            chosen[ref.concept] = ref
    return list(chosen.values())


def _check_unit(unit: AlignmentUnit, source: str, found: Mapping[str, _Found],
                glossary: Glossary) -> list[Finding]:
    findings: list[Finding] = []
    src = found[source]
    for lang, tgt in found.items():
        findings += _forbidden(unit, source, lang, src, tgt, glossary)
        if lang != source and src.text and tgt.text:
            findings += _compare(unit, source, lang, src, tgt, glossary)
    return findings


def _finding(unit: AlignmentUnit, kind: str, lang: str, concept: str, match: str, message: str,
             source: str, src: _Found, tgt: _Found, glossary: Glossary,
             target_spans: tuple[Span, ...] = ()) -> Finding:
    return Finding(
        unit=unit.id, paragraph=unit.paragraph, lang=lang, concept=concept, kind=kind,
        severity=SEVERITY[kind], match=match, message=message, source_lang=source,
        source_text=src.text, target_text=tgt.text, source_spans=src.spans(concept),
        target_spans=target_spans, note=_note(glossary, concept),
    )


def _note(glossary: Glossary, concept_id: str) -> str:
    concept = glossary.get(concept_id)
    return concept.note if concept is not None else ""


def _forbidden(unit: AlignmentUnit, source: str, lang: str, src: _Found, tgt: _Found,
               glossary: Glossary) -> list[Finding]:
    findings = []
    for concept, hits in tgt.forbidden.items():
        approved = _approved(glossary, glossary.get(concept), lang)
        use = f"; use {approved!r}" if approved else ""
        for match, ref in hits:
            message = f"forbidden {lang} variant {ref.term!r} of {concept!r}{use}"
            findings.append(_finding(unit, FORBIDDEN_KIND, lang, concept, match.text, message,
                                     source, src, tgt, glossary, ((match.start, match.end),)))
    return findings


def _compare(unit: AlignmentUnit, source: str, lang: str, src: _Found, tgt: _Found,
             glossary: Glossary) -> list[Finding]:
    """``missing`` and ``count`` for the source's concepts, ``unexpected`` for the target's."""
    findings = []
    for concept_id, hits in src.allowed.items():
        expected = _approved(glossary, glossary.get(concept_id), lang)
        if expected is None:
            continue
        n_allowed = len(tgt.allowed.get(concept_id, ()))
        n_source, n_target = len(hits), n_allowed + len(tgt.forbidden.get(concept_id, ()))
        if n_target == 0:
            message = f"{source} has {hits[0][0].text!r}; {lang} has no rendering (expected {expected!r})"
            findings.append(_finding(unit, MISSING, lang, concept_id, src.texts(concept_id), message,
                                     source, src, tgt, glossary))
        elif n_allowed and n_target != n_source:
            message = f"{source} names {concept_id!r} {n_source}×, {lang} {n_target}×"
            findings.append(_finding(unit, COUNT, lang, concept_id, tgt.texts(concept_id), message,
                                     source, src, tgt, glossary, tgt.spans(concept_id)))
    return findings + _unexpected(unit, source, lang, src, tgt, glossary)


def _unexpected(unit: AlignmentUnit, source: str, lang: str, src: _Found, tgt: _Found,
                glossary: Glossary) -> list[Finding]:
    findings = []
    for concept_id, hits in tgt.allowed.items():
        source_term = _approved(glossary, glossary.get(concept_id), source)
        if concept_id in src.allowed or concept_id in src.forbidden or source_term is None:
            continue
        message = f"{lang} has {hits[0][0].text!r}; {source} has no {source_term!r}"
        findings.append(_finding(unit, UNEXPECTED, lang, concept_id, tgt.texts(concept_id), message,
                                 source, src, tgt, glossary, tgt.spans(concept_id)))
    return findings


@dataclass
class _Occurrence:
    """Where a rendering was first seen, and how often."""

    unit: AlignmentUnit
    match: TermMatch
    source: _Found
    target: _Found
    count: int = 0
    units: list[int] = field(default_factory=list)


class _Tally:
    """Renderings per concept and language across the whole document.

    ``variants`` counts every approved term and variant (for the statistics);
    ``renderings`` counts, per source term, the target terms that render it (for
    the ``inconsistent`` check), so that a target following its source from the
    full name to the short form is not reported.
    """

    def __init__(self, langs: Sequence[str], source: str) -> None:
        self.langs = langs
        self.source = source
        self.variants: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.forbidden: Counter[tuple[str, str]] = Counter()
        self.renderings: dict[tuple[str, str, str], dict[str, _Occurrence]] = defaultdict(dict)

    def add(self, unit: AlignmentUnit, found: Mapping[str, _Found]) -> None:
        src = found[self.source]
        for lang, here in found.items():
            for concept, hits in here.allowed.items():
                self.variants[(concept, lang)].update(ref.term for _, ref in hits)
                if lang != self.source:
                    self._add_renderings(unit, lang, concept, src, here)
            for concept, hits in here.forbidden.items():
                self.forbidden[(concept, lang)] += len(hits)

    def _add_renderings(self, unit: AlignmentUnit, lang: str, concept: str, src: _Found,
                        tgt: _Found) -> None:
        for source_term, (match, ref) in _paired(src.allowed.get(concept, []), tgt.allowed[concept]):
            occurrence = self.renderings[(concept, lang, source_term)].setdefault(
                ref.term, _Occurrence(unit, match, src, tgt))
            occurrence.count += 1
            if unit.id not in occurrence.units:
                occurrence.units.append(unit.id)

    def inconsistencies(self, glossary: Glossary) -> list[Finding]:
        """One finding per rendering other than the one recommended (see the module docstring)."""
        findings = []
        for (concept_id, lang, source_term), renderings in self.renderings.items():
            if len(renderings) < 2:
                continue
            concept = glossary.get(concept_id)
            listed = _renderings(glossary, concept, lang)
            ranked = sorted(renderings, key=lambda t: (-renderings[t].count, _rank(listed, t)))
            counts = ", ".join(f"{t!r} ×{renderings[t].count}" for t in ranked)
            recommended = listed[0] if listed else ranked[0]
            all_listed = all(term in listed for term in renderings)
            advice = (f"all are in the glossary, which prefers {recommended!r}" if all_listed
                      else f"use {recommended!r}, the glossary's preferred term")
            summary = f"{lang} renders {self.source} {source_term!r} as {counts}; {advice}"
            severity = INFO if all_listed else WARNING
            note = concept.note if concept is not None else ""
            findings += [self._inconsistent(concept_id, lang, summary, term, renderings[term], severity, note)
                         for term in ranked if term != recommended]
        return findings

    def _inconsistent(self, concept: str, lang: str, summary: str, term: str, occurrence: _Occurrence,
                      severity: str, note: str) -> Finding:
        units = ", ".join(map(str, occurrence.units))
        unit, src = occurrence.unit, occurrence.source
        return Finding(
            unit=unit.id, paragraph=unit.paragraph, lang=lang, concept=concept, kind=INCONSISTENT,
            severity=severity, match=occurrence.match.text,
            message=f"{summary} ({term!r} in unit{'s' if ',' in units else ''} {units})",
            source_lang=self.source, source_text=src.text, target_text=occurrence.target.text,
            source_spans=src.spans(concept),
            target_spans=((occurrence.match.start, occurrence.match.end),), note=note,
        )

    def stats(self, glossary: Glossary, findings: Sequence[Finding]) -> tuple[ConceptStats, ...]:
        """Per concept that was found or has findings, how each language rendered it."""
        kinds: dict[str, Counter[str]] = defaultdict(Counter)
        for finding in findings:
            kinds[finding.concept][finding.kind] += 1
        seen = {c for c, _ in self.variants} | {c for c, _ in self.forbidden} | set(kinds)
        return tuple(self._concept_stats(glossary, concept, kinds[concept.id]) for concept in glossary
                     if concept.id in seen)

    def _concept_stats(self, glossary: Glossary, concept: Concept, kinds: Counter[str]) -> ConceptStats:
        variants = {lang: _in_glossary_order(self.variants.get((concept.id, lang), Counter()),
                                             _renderings(glossary, concept, lang))
                    for lang in self.langs}
        return ConceptStats(
            concept=concept.id,
            terms={lang: _approved(glossary, concept, lang) or "" for lang in self.langs},
            occurrences={lang: sum(v.values()) for lang, v in variants.items()},
            variants=variants,
            forbidden={lang: self.forbidden.get((concept.id, lang), 0) for lang in self.langs},
            findings=dict(kinds),
            note=concept.note,
        )


def _in_glossary_order(counts: Mapping[str, int], listed: list[str]) -> dict[str, int]:
    """``counts`` ordered as the glossary lists the terms (the approved term first)."""
    return dict(sorted(counts.items(), key=lambda item: _rank(listed, item[0])))


def _paired(source_hits: Sequence[tuple[TermMatch, TermRef]],
            target_hits: Sequence[tuple[TermMatch, TermRef]]) -> list[tuple[str, tuple[TermMatch, TermRef]]]:
    """Each target hit with the source term it renders, where that can be told.

    One source term in the unit: it is what every target hit renders.  Several:
    the hits are paired in order when their numbers agree, else not at all.
    """
    source_terms = [ref.term for _, ref in source_hits]
    if len(set(source_terms)) == 1:
        return [(source_terms[0], hit) for hit in target_hits]
    if source_terms and len(source_terms) == len(target_hits):
        return list(zip(source_terms, target_hits))
    return []


def _renderings(glossary: Glossary, concept: Concept | None, lang: str) -> list[str]:
    """The concept's approved term and variants in the glossary column for ``lang``."""
    column = glossary_language(glossary.langs, lang)
    return list(concept.terms.get(column, ())) if concept and column else []


def _approved(glossary: Glossary, concept: Concept | None, lang: str) -> str | None:
    renderings = _renderings(glossary, concept, lang)
    return renderings[0] if renderings else None


def _rank(preference: list[str], term: str) -> int:
    return preference.index(term) if term in preference else len(preference)
