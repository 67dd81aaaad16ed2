"""Gold and test alignment files: reading them, pairing them, scoring them.

Gold and test files are vecalign bead files (``[0, 1]:[2]``, read by
:func:`alignkit.export.beads.read_align`) or InterText link files
(``<name>_zh.<name>_en.xml``, a ``linkGrp`` of ``link`` elements whose
``xtargets`` lists the sentence ids of the ``toDoc`` text, a semicolon, then
those of the ``fromDoc`` text — the order InterText writes them in).  InterText
links are returned from ``fromDoc`` to ``toDoc``, the direction the file name
reads (``_zh`` → ``_en``), with ids turned into 0-based positions in the
sentence files beside the link file.  InterText sentence files
(``<name>_zh.xml``) are read as presegmented documents by
:mod:`alignkit.readers.intertext`, the reader ``alignkit align`` uses for them.

Folders of gold and test files are paired by document (:func:`document_key`);
the measures themselves are in :mod:`alignkit.eval.metrics`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .. import safexml
from ..errors import AlignkitError, InputFormatError
from ..export.beads import read_align
from ..fsutil import input_head
from ..model import Document
from ..readers import intertext
from .metrics import Link, Score, score_documents

_NUMBER = re.compile(r"[0-9]{1,15}")
_INTERTEXT_LINKS = re.compile(r"(?P<name>.+)_(?P<src>[A-Za-z]{2,3})\.(?P<rest>.+)_(?P<tgt>[A-Za-z]{2,3})\.xml")


# ------------------------------------------------------------------ reading files


@dataclass(frozen=True)
class LinkFile:
    """The links of one alignment file, and the languages of its sides when the file tells them."""

    path: Path
    links: list[Link]
    src_lang: str = ""
    tgt_lang: str = ""

    @property
    def key(self) -> str:
        """The document the file aligns, for pairing gold and test files (``dev-anno.001``)."""
        return document_key(self.path)


def read_links(path: str | Path) -> LinkFile:
    """Read a vecalign bead file or an InterText link file (chosen by its content).

    :raises InputFormatError: the file is missing, malformed, neither format, or has no link.
    """
    path = Path(path)
    links = read_intertext_links(path) if _is_xml(path) else LinkFile(path, list(read_align(path)))
    if not links.links:
        raise InputFormatError(path, "has no links: nothing to score (an empty file?)")
    return links


def _is_xml(path: Path) -> bool:
    start = input_head(path, 512).lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith(b"<")


def _parse_xml(path: Path) -> etree._Element:
    """The root of an XML file, parsed without entities or network access."""
    return safexml.parse_file(path, kind="InterText")


def read_intertext_links(path: str | Path) -> LinkFile:
    """Read an InterText link file into links from ``fromDoc`` to ``toDoc`` (0-based indices).

    Sentence ids become positions in the ``fromDoc``/``toDoc`` sentence files
    when they sit beside the link file; otherwise ids are ordered by their
    numbers (``1:2`` < ``1:10`` < ``2:1``), which is the same when the links
    cover every sentence.

    :raises InputFormatError: not an InterText link file, or a malformed ``xtargets``.
    """
    path = Path(path)
    root = _parse_xml(path)
    groups = [root] if _local(root.tag) == "linkGrp" else [e for e in root.iter() if _local(e.tag) == "linkGrp"]
    if not groups:
        raise InputFormatError(path, "has no <linkGrp>; expected an InterText link file or a vecalign bead file")
    from_doc, to_doc = groups[0].get("fromDoc", ""), groups[0].get("toDoc", "")
    raw = [_split_xtargets(link, path) for group in groups for link in group if _local(link.tag) == "link"]
    src_positions = _sentence_positions(path.parent / from_doc if from_doc else None, [s for s, _ in raw])
    tgt_positions = _sentence_positions(path.parent / to_doc if to_doc else None, [t for _, t in raw])
    links = [
        (_positions(src, src_positions, path), _positions(tgt, tgt_positions, path)) for src, tgt in raw
    ]
    return LinkFile(path, links, _doc_lang(from_doc), _doc_lang(to_doc))


_local = intertext.local_name


def _split_xtargets(link: etree._Element, path: Path) -> tuple[list[str], list[str]]:
    """``(fromDoc ids, toDoc ids)`` of a link; InterText writes the toDoc ids first."""
    xtargets = link.get("xtargets")
    if xtargets is None or xtargets.count(";") != 1:
        raise InputFormatError(path, f"a link's xtargets is not 'ids;ids': {xtargets!r}", line=link.sourceline)
    to_ids, from_ids = xtargets.split(";")
    return from_ids.split(), to_ids.split()


def _sentence_positions(document: Path | None, mentioned: list[list[str]]) -> dict[str, int]:
    """Position of every sentence id: from the sentence file when present, else by id number."""
    if document is not None and document.is_file():
        ids = intertext.sentence_ids(_parse_xml(document))
        return {sentence_id: position for position, sentence_id in enumerate(ids)}
    ids = sorted({i for ids in mentioned for i in ids}, key=_id_order)
    return {sentence_id: position for position, sentence_id in enumerate(ids)}


def _id_order(sentence_id: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key of an InterText sentence id: its numbers as numbers (ASCII digits only: ``²`` is
    a digit to str.isdigit but not to int), the rest as text."""
    return tuple((0, int(part)) if _NUMBER.fullmatch(part) else (1, part) for part in re.split(r"[:._]", sentence_id))


def _positions(ids: list[str], positions: dict[str, int], path: Path) -> tuple[int, ...]:
    try:
        return tuple(positions[i] for i in ids)
    except KeyError as error:
        raise InputFormatError(path, f"links sentence id {error.args[0]!r}, which its text does not have") from None


_doc_lang = intertext.language_from_name


def document_key(path: Path) -> str:
    """What pairs a gold file with its test file: the name without format and language parts.

    ``dev-anno.001_zh.001_en.xml`` and ``dev-anno.001.align`` → ``dev-anno.001``;
    ``dev.defr`` → ``dev``.
    """
    links = _INTERTEXT_LINKS.fullmatch(path.name)
    if links:
        return links.group("name")
    stem = path.name.rsplit(".", 1)[0] if "." in path.name else path.name
    return stem


def read_intertext_document(path: str | Path, lang: str | None = None) -> Document:
    """An InterText sentence file (``<p>`` of ``<s>``) as a presegmented document
    (:func:`alignkit.readers.intertext.read`).

    :param lang: its language; by default from the name (``dev-anno.001_zh.xml`` → ``zh``).
    :raises InputFormatError: not XML, no sentences, or no language.
    """
    path = Path(path)
    lang = lang or _doc_lang(path.name)
    if not lang:
        raise InputFormatError(path, "cannot tell its language from the name; expected NAME_LANG.xml")
    return intertext.read(path, lang)


# ------------------------------------------------------------------ files and folders


def alignment_files(path: Path) -> list[Path]:
    """The alignment files of a folder: ``*.align`` and InterText link files, sorted by name."""
    found = []
    for child in sorted(path.iterdir()):
        if not child.is_file():
            continue
        if child.suffix == ".align" or _INTERTEXT_LINKS.fullmatch(child.name):
            found.append(child)
    return found


def paired_files(gold: str | Path, test: str | Path) -> list[tuple[Path, Path]]:
    """Gold and test files to compare: two files, or two folders paired by :func:`document_key`.

    :raises AlignkitError: a path is missing, a folder holds no alignment file,
        or a gold document has no test file (or the reverse).
    """
    gold, test = Path(gold), Path(test)
    for path in (gold, test):
        if not path.exists():
            raise InputFormatError(path, "not found; give an alignment file or a folder of them")
    if gold.is_file() and test.is_file():
        return [(gold, test)]
    gold_files = alignment_files(gold) if gold.is_dir() else [gold]
    test_files = alignment_files(test) if test.is_dir() else [test]
    for folder, files in ((gold, gold_files), (test, test_files)):
        if not files:
            raise InputFormatError(folder, "has no alignment files (*.align or InterText *_xx.*_yy.xml)")
    if len(gold_files) == 1 and len(test_files) == 1:
        return [(gold_files[0], test_files[0])]
    tests = {document_key(path): path for path in test_files}
    golds = {document_key(path): path for path in gold_files}
    missing = sorted(set(golds) - set(tests))
    extra = sorted(set(tests) - set(golds))
    if missing or extra:
        problems = []
        if missing:
            problems.append(f"no test file for {', '.join(missing)}")
        if extra:
            problems.append(f"no gold file for {', '.join(extra)}")
        raise AlignkitError(f"cannot pair {gold} with {test}: {'; '.join(problems)}")
    return [(golds[key], tests[key]) for key in sorted(golds)]


def score_files(gold: str | Path, test: str | Path, *, swap_test: bool = False) -> Score:
    """Score test alignment file(s) against gold file(s), micro-averaged over the documents.

    :param swap_test: the test files list the gold's target side first.
    """
    pairs = []
    for gold_path, test_path in paired_files(gold, test):
        test_links = read_links(test_path).links
        if swap_test:
            test_links = [(tgt, src) for src, tgt in test_links]
        pairs.append((read_links(gold_path).links, test_links))
    return score_documents(pairs)


def gold_orientation(gold: LinkFile, langs: Sequence[str]) -> tuple[str, str]:
    """The (source, target) languages of a gold file: its own when it names them, else ``langs[:2]``.

    :raises AlignkitError: the gold names languages the alignment does not have.
    """
    if gold.src_lang and gold.tgt_lang:
        missing = [lang for lang in (gold.src_lang, gold.tgt_lang) if lang not in langs]
        if missing:
            raise AlignkitError(
                f"{gold.path}: the gold aligns {gold.src_lang}→{gold.tgt_lang}, "
                f"but the documents are in {', '.join(langs)}"
            )
        return gold.src_lang, gold.tgt_lang
    if len(langs) < 2:
        raise AlignkitError("scoring needs two languages")
    return langs[0], langs[1]
