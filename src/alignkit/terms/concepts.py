"""The glossary data model: concepts, their terms per language, and merged glossaries.

A :class:`Concept` is one notion with its approved term, allowed variants and
forbidden variants in each language; a :class:`Glossary` is the concepts of one
or more files.  Nothing here reads or writes files: :mod:`.glossary` reads and
writes CSV, TSV and XLSX (and chooses the format by extension), :mod:`.tbx`
reads and writes TBX.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from ..errors import GlossaryError


@dataclass(frozen=True)
class Concept:
    """One glossary entry: the same notion in every language.

    :param id: unique identifier of the concept within its glossary.
    :param terms: per language, the approved term first, then the allowed variants.
    :param forbidden: per language, variants that must not appear.
    :param note: free text for the reviser.
    :param case_sensitive: match the terms with their exact capitalisation.
    :param origin: where the concept was defined (file), for messages.
    :param row: row (CSV/XLSX) or line (TBX) of the definition.
    """

    id: str
    terms: Mapping[str, tuple[str, ...]]
    forbidden: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    note: str = ""
    case_sensitive: bool = False
    origin: str = field(default="", compare=False)
    row: int | None = field(default=None, compare=False)

    def approved(self, lang: str) -> str | None:
        """The approved (preferred) term in ``lang``, or None when the concept has none there."""
        renderings = self.terms.get(lang, ())
        return renderings[0] if renderings else None

    def variants(self, lang: str) -> tuple[str, ...]:
        """The allowed variants in ``lang`` besides the approved term."""
        return tuple(self.terms.get(lang, ())[1:])


@dataclass(frozen=True)
class Glossary:
    """The concepts of one or more glossary files.

    :param concepts: the entries in file order.
    :param langs: the language codes that have a column, in column order.
    :param sources: the files the concepts were read from.
    """

    concepts: tuple[Concept, ...]
    langs: tuple[str, ...]
    sources: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.concepts)

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts)

    def get(self, concept_id: str) -> Concept | None:
        """The concept with this id, or None."""
        return self._by_id.get(concept_id)

    @functools.cached_property
    def _by_id(self) -> dict[str, Concept]:
        return {concept.id: concept for concept in self.concepts}

    def fingerprint(self) -> str:
        """``<concepts>c-<hash>``: identifies the glossary's terms in a signature."""
        digest = hashlib.sha256()
        for concept in self.concepts:
            for lang in sorted(concept.terms):
                digest.update(f"{concept.id}\t{lang}\t{'|'.join(concept.terms[lang])}\n".encode())
        return f"{len(self.concepts)}c-{digest.hexdigest()[:8]}"

    @property
    def name(self) -> str:
        """The source files, comma-separated, for reports."""
        return ", ".join(self.sources)


def merge_glossaries(glossaries: Sequence[Glossary]) -> Glossary:
    """One glossary with the concepts of all of them.

    A concept id defined twice with the same terms is kept once (with the first
    note); defined twice with different terms it is an error naming both places.
    """
    langs: list[str] = []
    concepts: dict[str, Concept] = {}
    for glossary in glossaries:
        langs.extend(lang for lang in glossary.langs if lang not in langs)
        for concept in glossary.concepts:
            earlier = concepts.get(concept.id)
            if earlier is not None and not _same_terms(earlier, concept):
                raise GlossaryError(
                    concept.origin, f"id {concept.id!r} is also defined in {earlier.origin}"
                    f"{_row_text(earlier.row)} with other terms; rename one of them", row=concept.row)
            concepts.setdefault(concept.id, concept)
    sources = tuple(s for g in glossaries for s in g.sources)
    return Glossary(tuple(concepts.values()), tuple(langs), sources)


def _same_terms(one: Concept, other: Concept) -> bool:
    """True when two definitions match the same text the same way (notes may differ)."""
    return (dict(one.terms), dict(one.forbidden), one.case_sensitive) == \
        (dict(other.terms), dict(other.forbidden), other.case_sensitive)


def _row_text(row: int | None) -> str:
    return f", row {row}" if row is not None else ""
