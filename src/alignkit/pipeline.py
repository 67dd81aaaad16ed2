"""One path through the pipeline: resolve → load → align → check terms → write.

Every command that aligns — ``align``, ``check`` (with files or a TMX) and each
document of a ``batch`` — describes its run as a :class:`Job` and calls
:func:`run`, which takes each stage once, in this order:

1. **Outputs and inputs are checked before any work.**  The languages of the
   files are resolved once (:func:`resolve_inputs`: ``langs``, else the file
   names, else the script of the text; each code checked, and its sentence
   segmenter found, here and nowhere later), and the pivot chosen from them
   (:func:`alignkit.names.choose_pivot`: the one asked for, else English when a
   file is in English, else the first file's).  Then every output is checked
   (:func:`check_job_outputs`): each needs a known format, and no output — nor a
   file a format derives from it, such as ``x.zh.align`` — may be a folder or
   any file the job reads (texts, glossaries, TMX), by real path
   (:func:`alignkit.fsutil.check_outputs`).  One bad output leaves nothing
   written.
2. **The glossaries are loaded once**, several merged into one
   (:func:`merged_glossary`); the same glossary goes to the aligner and to the
   checker.
3. **Each document is loaded once** (read, its text checked against the
   language it was given: :func:`alignkit.names.check_script`; paragraphs
   labelled, sentences split) and **aligned once** with the glossary's concepts as anchors
   (:func:`align_inputs`); the alignment is named after the UN symbol of the
   pivot's file (:func:`document_symbol`, the one place the name is decided).
   With ``Job.tmx`` the aligned TMX is read instead.
4. **The terms are checked once**, when glossaries are given.
5. **Every output is written once**: the alignment in each format asked for
   (the .xlsx outputs with the term findings), then the term reports.

:func:`align_files`, :func:`load_document` and :func:`write_outputs` are the
same stages for library users who want one of them alone.

``convert`` takes a shorter path, :func:`convert_file`: outputs checked, the
alignment file read (:func:`read_alignment_file`: a reviewed workbook or table
checked against the alignment it was written from and rebuilt by
:mod:`alignkit.review`), units selected by status and score, every output written.
``review`` opens its file with :func:`open_for_review`: the units, and the
original alignment every save of the editor (:mod:`alignkit.review.web`) is checked against.  Functions take typed
arguments (never CLI objects) and raise :class:`~alignkit.errors.AlignkitError`
subclasses for problems the user can fix.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .align import align_documents
from .config import AlignConfig
from .errors import AlignkitError, ExportError, InputFormatError
from .export import WRITERS, export_alignment, planned_outputs, read_file
from .fsutil import check_outputs, distinct_paths, input_head
from .langs import DETECTION_SAMPLE
from .model import Alignment, AlignmentUnit, Document
from .names import (
    FROM_OPTION,
    FROM_SCRIPT,
    check_script,
    choose_pivot,
    language_origin,
    resolve_languages,
    symbol_from_path,
)
from .progress import Progress, Tally, report
from .readers import read_document, reader_for
from .text.decode import check_text_start, decode_bytes

if TYPE_CHECKING:
    from .review import Reviewed
    from .terms import Glossary, TermReport

#: How many bytes of a file are read to guess its language from the script.
_SNIFF_BYTES = 64 * 1024
#: The reader module of plain text (whose inputs must start like text).
READ_AS_TEXT = "alignkit.readers.txt"
#: Merged glossaries kept loaded (a batch worker reuses its batch's for every document).
_GLOSSARIES_KEPT = 4
#: The progress stage of the term check.
CHECK_TERMS = "check terms"
#: The steps of loading a document, each reported as one unit of work of its ``read`` stage.
_LOAD_STEPS = 3


@dataclass(frozen=True)
class InputFile:
    """One language version to read: its file and its language, resolved and checked.

    :param origin: where the language came from (:data:`alignkit.names.FROM_OPTION`,
        ``FROM_NAME`` or ``FROM_SCRIPT``), for the check against the text's script.
    """

    path: Path
    lang: str
    origin: str = FROM_SCRIPT


@dataclass(frozen=True)
class Job:
    """What one run reads, how it aligns, and what it writes; checked when made.

    :param files: one file per language version (at least two), or none with ``tmx``.
    :param langs: the files' languages in the same order; from names or script when None.
    :param langs_origin: where ``langs`` came from, for the messages about them:
        :data:`~alignkit.names.FROM_OPTION` (the ``--langs`` of ``align`` and ``check``) or
        :data:`~alignkit.names.FROM_PAIRING` (a batch read them from the file names).
    :param config: alignment settings (pivot, scorer, presegmented...); the pivot
        :data:`~alignkit.config.AUTO_PIVOT` (the default) is chosen from the files.
    :param encoding: text encoding of the files, when it cannot be detected.
    :param glossaries: glossary files, merged into one: its concepts anchor the
        alignment and its terms are checked.
    :param outputs: alignment files to write, the format by extension; an .xlsx
        output also gets the term findings.  A file named twice (by the same real
        path) is written once.
    :param reports: term reports to write, the format by extension (needs glossaries);
        each written once, as ``outputs``.
    :param source: the language the term check compares the others with (default: the pivot).
    :param tmx: an aligned TMX to read instead of aligning ``files``.
    :param trust_langs: keep the languages of ``langs`` and of file names even when
        the script of a text contradicts them (a text that mixes scripts).
    :param also_read: files the caller reads besides the job's own (a gold file): no
        output may overwrite them either.
    :raises AlignkitError: files and a TMX, fewer than two files, or reports without a glossary.
    """

    files: tuple[Path, ...] = ()
    langs: tuple[str, ...] | None = None
    config: AlignConfig = AlignConfig()
    encoding: str | None = None
    glossaries: tuple[Path, ...] = ()
    outputs: tuple[Path, ...] = ()
    reports: tuple[Path, ...] = ()
    source: str | None = None
    tmx: Path | None = None
    trust_langs: bool = False
    also_read: tuple[Path, ...] = ()
    langs_origin: str = FROM_OPTION

    def __post_init__(self) -> None:
        if self.tmx is not None and self.files:
            raise AlignkitError("give either files to align or a TMX to read, not both")
        if self.tmx is None and len(self.files) < 2:
            raise AlignkitError("give at least two files: one per language version")
        if self.reports and not self.glossaries:
            raise AlignkitError("a term report needs a glossary")


@dataclass(frozen=True)
class Result:
    """What a run made and wrote.

    :param alignment: the alignment (aligned from the files, or read from the TMX).
    :param report: the term check, or None without glossaries.
    :param written: every file written: alignment outputs, then term reports.
    :param inputs: the files with their languages, in the job's order (none for a TMX).
    """

    alignment: Alignment
    report: TermReport | None
    written: tuple[Path, ...]
    inputs: tuple[InputFile, ...]


def run(job: Job, *, progress: Progress | None = None) -> Result:
    """Run ``job`` through the one path described in the module docstring.

    :param progress: told what is being done, stage by stage (reading each file,
        aligning each language pair, merging, checking terms, writing each output;
        see :mod:`alignkit.progress`); the run says nothing without it.
    """
    inputs = () if job.tmx is not None else resolve_inputs(
        job.files, job.langs, encoding=job.encoding, presegmented=job.config.presegmented,
        langs_origin=job.langs_origin)
    config = with_pivot(job.config, inputs)
    check_job_outputs(job, inputs, config.pivot)
    glossary = merged_glossary(job.glossaries)
    if job.tmx is not None:
        from .export.tmx import read_alignment

        alignment = read_alignment(job.tmx)
    else:
        alignment = align_inputs(inputs, config, encoding=job.encoding, glossary=glossary,
                                 trust_langs=job.trust_langs, progress=progress)
    term_report = None
    if glossary is not None:
        from .terms import check_terms

        report(progress, CHECK_TERMS, 0, 1)
        term_report = check_terms(alignment, glossary, source=job.source)
        report(progress, CHECK_TERMS, 1, 1)
    written = _export(alignment, job.outputs, term_report, progress)
    if term_report is not None:
        from .terms import write_report

        written += [write_report(term_report, path) for path in distinct_paths(job.reports)]
    return Result(alignment, term_report, tuple(written), inputs)


# ----------------------------------------------------------------- the stages


def resolve_inputs(
    files: Sequence[str | os.PathLike[str]],
    langs: Sequence[str] | None = None,
    *,
    encoding: str | None = None,
    presegmented: bool = False,
    langs_origin: str = FROM_OPTION,
) -> tuple[InputFile, ...]:
    """The language of each file, decided and checked once, before anything is read.

    From ``langs`` (in the files' order), else the file names, else the script of
    the start of each text (:func:`alignkit.names.resolve_languages`).  Unless the
    files are ``presegmented``, every language must have a sentence segmenter.
    ``langs_origin`` says where ``langs`` came from (see ``Job.langs_origin``).

    :raises AlignkitError: a language cannot be told, is not a language code, has
        no segmenter, or two files share one.
    """
    paths = [Path(file) for file in files]
    if langs:
        codes = resolve_languages(paths, langs)
    else:
        codes = resolve_languages(paths, None, {path: _sample_text(path, encoding) for path in paths})
    if not presegmented:
        from .segment import get_segmenter  # sacremoses and the segmenters' rules, only when splitting

        for code in codes:
            get_segmenter(code)
    return tuple(InputFile(path, code, langs_origin if langs else language_origin(path, None))
                 for path, code in zip(paths, codes))


def with_pivot(config: AlignConfig, inputs: Sequence[InputFile]) -> AlignConfig:
    """``config`` with its pivot chosen among the inputs' languages
    (:func:`alignkit.names.choose_pivot`); unchanged without inputs (a TMX is read).

    :raises AlignkitError: the pivot asked for is not the language of any input.
    """
    if not inputs:
        return config
    return replace(config, pivot=choose_pivot([source.lang for source in inputs], config.pivot))


def _sample_text(path: Path, encoding: str | None) -> str:
    """The start of a file as text, for script detection.

    Reading it reports what reading the file would (missing, a folder, too large, a
    pipe nothing writes to; binary data where text is expected), and a pipe is read
    whole here, once, for the reader to use; a start that does not decode gives no
    sample (the reader reports the problem, with the whole file to look at).
    """
    text_reader = reader_for(path) == READ_AS_TEXT
    check = (lambda head: check_text_start(head, str(path), encoding)) if text_reader else None
    data = input_head(path, _SNIFF_BYTES, check_start=check)
    try:
        return decode_bytes(data, str(path), encoding, partial=True)[0]
    except (InputFormatError, UnicodeDecodeError):
        return ""


def check_job_outputs(job: Job, inputs: Sequence[InputFile] = (), pivot: str | None = None) -> None:
    """Refuse the job's outputs before any work: unknown formats, folders, anything the job reads.

    :param inputs: the job's files with their languages resolved (the languages
        decide which files a format derives from an output, e.g. ``x.zh.align``).
    :param pivot: the pivot chosen among them (default: the job's).
    """
    read = [*job.files, *job.glossaries, *([job.tmx] if job.tmx is not None else []), *job.also_read]
    check_outputs([*job.outputs, *job.reports], read)
    if job.reports:
        from .terms import check_report_path

        for path in job.reports:
            check_report_path(path)
    langs = _pivot_first([source.lang for source in inputs], pivot or job.config.pivot)
    check_alignment_outputs(job.outputs, read, langs)


def check_alignment_outputs(outputs: Sequence[str | os.PathLike[str]], read: Sequence[str | os.PathLike[str]],
                            langs: Sequence[str] = ()) -> None:
    """Refuse alignment outputs of an unknown format, and any file they make (``x.zh.align``
    from ``x.align`` for ``langs``, pivot first) that is a folder or something the command reads.

    :raises ExportError: naming the output and the problem.
    """
    for path in outputs:
        if not WRITERS.knows(Path(path)):
            raise ExportError(f"{path}: {WRITERS.unknown(Path(path))}")
    check_outputs([derived for path in outputs for derived in planned_outputs(Path(path), langs)], read)


def _pivot_first(langs: Sequence[str], pivot: str) -> tuple[str, ...]:
    return (pivot, *(lang for lang in langs if lang != pivot)) if pivot in langs else tuple(langs)


def merged_glossary(paths: Sequence[str | os.PathLike[str]]) -> Glossary | None:
    """The glossaries at ``paths`` merged into one, or None for none.

    Loaded once per process while the files are unchanged, so a batch worker
    reads its glossaries once for all its documents.

    :raises GlossaryError: a glossary is missing or malformed, or two define one concept differently.
    """
    if not paths:
        return None
    return _load_glossaries(tuple((str(path), *_file_state(Path(path))) for path in paths))


def _file_state(path: Path) -> tuple[str, int, int]:
    """Where a file is and which version of it (size, modification time); a missing one is (-1, -1)."""
    try:
        stat = path.stat()
    except OSError:
        return str(path.absolute()), -1, -1
    return str(path.resolve()), stat.st_size, stat.st_mtime_ns


@functools.lru_cache(maxsize=_GLOSSARIES_KEPT)
def _load_glossaries(files: tuple[tuple[str, str, int, int], ...]) -> Glossary:
    from .terms import load_glossaries

    return load_glossaries([path for path, *_ in files])


def load_document(
    path: str | os.PathLike[str],
    lang: str | None = None,
    *,
    encoding: str | None = None,
    presegmented: bool = False,
    trust_langs: bool = False,
) -> Document:
    """Read one language version and split it into labelled paragraphs and sentences.

    :param path: the file to read (its extension chooses the reader).
    :param lang: its language code (``en``, ``zh``, ``ru``...); from its name or script when None.
    :param encoding: the text encoding, when it cannot be detected.
    :param presegmented: every line is one segment already (blank lines separate paragraphs).
    :param trust_langs: keep ``lang`` (or the name's) even when the text's script contradicts it.
    :raises InputFormatError: among others, the text's script contradicts the language given.
    """
    (source,) = resolve_inputs([path], [lang] if lang else None, encoding=encoding, presegmented=presegmented)
    return _load(source, encoding, presegmented, trust_langs)


def _load(source: InputFile, encoding: str | None, presegmented: bool, trust_langs: bool = False,
          progress: Progress | None = None) -> Document:
    """Read a file whose language is resolved, its text checked against that language
    (unless ``trust_langs``): paragraphs labelled, sentences split.  ``progress`` is told
    each of these three steps (stage ``read <file name>``)."""
    tally = Tally(progress, f"read {source.path.name}", _LOAD_STEPS)
    document = read_document(source.path, source.lang, encoding=encoding, presegmented=presegmented)
    if not trust_langs:
        check_script(source.path, source.lang, _text_sample(document), source.origin)
    tally.add()
    if not presegmented and not _segmented(document):
        from .segment import segment_document  # the segmenters and the numbering rules, only when splitting
        from .text.numbering import label_paragraphs

        document = replace(document, paragraphs=tuple(label_paragraphs(document.paragraphs, source.lang)))
        tally.add()
        document = segment_document(document)
    tally.finish()
    return document


def _segmented(document: Document) -> bool:
    """True when the reader gave every paragraph its sentences (a format that carries them,
    such as InterText's): they are kept, neither relabelled nor split again."""
    return all(paragraph.sentences for paragraph in document.paragraphs)


def _text_sample(document: Document) -> str:
    """The start of a document's text, as much as script detection looks at."""
    parts: list[str] = []
    size = 0
    for paragraph in document.paragraphs:
        parts.append(paragraph.text)
        size += len(paragraph.text)
        if size >= DETECTION_SAMPLE:
            break
    return "\n".join(parts)


def align_inputs(inputs: Sequence[InputFile], config: AlignConfig, *, encoding: str | None = None,
                 glossary: Glossary | None = None, trust_langs: bool = False,
                 progress: Progress | None = None) -> Alignment:
    """Load each file once and align them to the pivot; name the alignment by :func:`document_symbol`.

    The alignment remembers the order of the inputs' languages (``Alignment.input_langs``),
    which bead files follow.

    :param config: the pivot :data:`~alignkit.config.AUTO_PIVOT` is chosen from the inputs.
    :param glossary: its concepts found in both versions of a sentence anchor it.
    :param trust_langs: keep the inputs' languages even when a text's script contradicts one.
    :param progress: told each file read and the alignment's progress (:mod:`alignkit.progress`).
    """
    config = with_pivot(config, inputs)
    documents = [_load(source, encoding, config.presegmented, trust_langs, progress) for source in inputs]
    alignment = align_documents(documents, config, glossary=glossary, progress=progress)
    symbol = document_symbol(inputs, config.pivot)
    alignment = replace(alignment, input_langs=tuple(source.lang for source in inputs))
    return replace(alignment, name=symbol) if symbol else alignment


def document_symbol(inputs: Sequence[InputFile], pivot: str) -> str | None:
    """The name of an alignment of ``inputs``: the UN symbol the pivot's file name carries
    (``S-2017-613-E.pdf``, ``S-2017-613/en.txt`` → ``S/2017/613``), or None, when the
    name the reader gave the pivot document (``novel.en.txt`` → ``novel``) stays."""
    pivot_file = next((source.path for source in inputs if source.lang == pivot), None)
    return symbol_from_path(pivot_file) if pivot_file is not None else None


def align_files(
    paths: Sequence[str | os.PathLike[str]],
    *,
    langs: Sequence[str] | None = None,
    config: AlignConfig | None = None,
    encoding: str | None = None,
    glossary: Glossary | None = None,
    trust_langs: bool = False,
    progress: Progress | None = None,
) -> Alignment:
    """Load every language version of one document and align them to the pivot.

    :param paths: one file per language.
    :param langs: their languages in the same order; guessed from names or script when None.
    :param config: alignment settings (pivot, scorer, presegmented...); when None, the
        defaults with the pivot chosen from the files (English when a file is in English,
        else the first file's language).
    :param encoding: text encoding for all files, when it cannot be detected.
    :param glossary: its concepts found in both versions of a sentence anchor it.
    :param trust_langs: keep the languages given (or named) even when a text's script contradicts one.
    :param progress: told each file read and the alignment's progress (:mod:`alignkit.progress`).
    """
    config = config or AlignConfig()
    inputs = resolve_inputs(paths, langs, encoding=encoding, presegmented=config.presegmented)
    return align_inputs(inputs, config, encoding=encoding, glossary=glossary, trust_langs=trust_langs,
                        progress=progress)


def write_outputs(alignment: Alignment, outputs: Sequence[str | os.PathLike[str]], *,
                  term_report: TermReport | None = None, progress: Progress | None = None) -> list[Path]:
    """Export ``alignment`` to every output path (format by extension).

    Every target is checked before anything is written, so one bad output
    (an unknown format, a directory, an input file) leaves no other output behind.

    :param term_report: term findings to add to every .xlsx output (a column of
        findings per unit, and the findings and per-concept sheets).
    :param progress: told the units written to each output (stage ``write <path>``).
    """
    sources = [document.source for document in alignment.documents.values() if document.source]
    check_alignment_outputs(outputs, sources, alignment.langs)
    return _export(alignment, outputs, term_report, progress)


def _export(alignment: Alignment, outputs: Sequence[str | os.PathLike[str]],
            term_report: TermReport | None, progress: Progress | None = None) -> list[Path]:
    """Write the (checked) outputs, each once however often it is named; the .xlsx ones get the term findings."""
    written: list[Path] = []
    for output in distinct_paths(outputs):
        if term_report is not None and Path(output).suffix.lower() == ".xlsx":
            written.extend(export_alignment(alignment, output, term_report=term_report, progress=progress))
        else:
            written.extend(export_alignment(alignment, output, progress=progress))
    return written


# ----------------------------------------------------------------- convert: read, select, write


@dataclass(frozen=True)
class Conversion:
    """What :func:`convert_file` read and wrote.

    :param alignment: the units written (after selection), ids as read.
    :param units_read: how many units the input held.
    :param changes: the reviewer's changes to the text (``unit 37 ru: text edited``).
    :param notes: what the user should know about the run, one line each.
    :param written: every file written.
    """

    alignment: Alignment
    units_read: int
    changes: tuple[str, ...]
    notes: tuple[str, ...]
    written: tuple[Path, ...]


def convert_file(source: str | os.PathLike[str], outputs: Sequence[str | os.PathLike[str]], *,
                 statuses: Sequence[str] = (), min_score: float | None = None,
                 original: str | os.PathLike[str] | None = None) -> Conversion:
    """Read the alignment file ``source``, keep the units asked for, and write every output.

    :param statuses: keep only units with one of these statuses (all when empty).
    :param min_score: keep only units scoring at least this (all when None).
    :param original: the file the review was made from, to check a table that does not carry it (CSV, TSV).
    :raises AlignkitError: an output is of unknown format, a folder, or the input; the
        input cannot be read; the review lost or doubled text (nothing is written then).
    """
    from .review import select_units  # the review's tables and rebuilding, only for reviewed files

    source_path = Path(source)
    inputs = [source_path] + ([Path(original)] if original is not None else [])
    check_alignment_outputs(outputs, inputs)
    reviewed = read_alignment_file(source_path, original=original)
    selected = select_units(reviewed.alignment, statuses=statuses, min_score=min_score)
    notes = () if reviewed.checked else (
        f"{source_path}: no original sentences to check the review against (a table does not carry them); "
        "give --original with the workbook or JSONL it was made from to check for lost or doubled text",)
    written = write_outputs(selected, outputs)
    return Conversion(selected, len(reviewed.alignment.units), tuple(change.message for change in reviewed.changes),
                      notes, tuple(written))


def read_alignment_file(path: str | os.PathLike[str], *,
                        original: str | os.PathLike[str] | Alignment | None = None) -> Reviewed:
    """An alignment file read back; a review table checked and rebuilt.

    A workbook is checked against the alignment its hidden sheets carry, a table
    (or any file) against ``original`` when given (a file alignkit wrote, or an
    alignment); a table with neither is taken as it stands (``Reviewed.checked`` False),
    its cells split into sentences by the language's segmenter.

    :raises ReviewError: the review lost, doubled or misplaced text.
    :raises InputFormatError: the file cannot be read, or its languages are not the original's.
    """
    from .review import Reviewed, rebuild, rows_of, rows_to_alignment

    found = read_file(path)
    base = _original_alignment(original)
    if not isinstance(found, Alignment):
        base = base or found.original
        if base is None:
            return rows_to_alignment(found.rows, found.langs, name=found.name, signature=found.signature,
                                     split=_sentences)
        _check_languages(Path(path), found.langs, base.langs)
        return rebuild(base, found.rows, source=str(path))
    if base is not None:
        _check_languages(Path(path), found.langs, base.langs)
        return rebuild(base, rows_of(found), source=str(path))
    return Reviewed(found, checked=True)


@dataclass(frozen=True)
class ReviewStart:
    """An alignment file opened for review in the editor (``alignkit review``).

    :param original: what every save is checked against, as ``convert`` checks the file:
        the alignment a workbook's hidden sheets carry, else the file's own units as it
        was opened (a TMX's segments split into sentences, for moving them one by one).
    :param alignment: the units as the file holds them, rebuilt from ``original``.
    """

    original: Alignment
    alignment: Alignment


def open_for_review(path: str | os.PathLike[str]) -> ReviewStart:
    """Read the alignment file ``path`` for the editor: the units and the original to check saves against.

    :raises ReviewError: the file (a reviewed workbook) lost or doubled text already.
    :raises InputFormatError: the file cannot be read, or its languages are not its original's.
    """
    from .review import rebuild, rows_of, rows_to_alignment

    found = read_file(path)
    if not isinstance(found, Alignment):
        original = found.original or rows_to_alignment(found.rows, found.langs, name=found.name,
                                                       signature=found.signature, split=_sentences).alignment
        _check_languages(Path(path), found.langs, original.langs)
        rows = found.rows
    else:
        original = found if all(_has_indices(unit) for unit in found.units) else _in_sentences(found)
        rows = rows_of(found)
    return ReviewStart(original, rebuild(original, rows, source=str(path)).alignment)


def _has_indices(unit: AlignmentUnit) -> bool:
    """True when the unit gives the document-wide index of each of its sentences."""
    return all(len(unit.indices.get(lang, ())) == len(segments) for lang, segments in unit.segments.items())


def _in_sentences(alignment: Alignment) -> Alignment:
    """``alignment`` with each segment split into sentences (a TMX holds one segment a unit and language)."""
    units = tuple(replace(unit, segments={lang: tuple(sentence for segment in segments
                                                      for sentence in _sentences(lang, segment))
                                          for lang, segments in unit.segments.items()},
                          indices={lang: () for lang in alignment.langs})
                  for unit in alignment.units)
    return replace(alignment, units=units)


def _original_alignment(original: str | os.PathLike[str] | Alignment | None) -> Alignment | None:
    from .review import rows_to_alignment

    if original is None or isinstance(original, Alignment):
        return original
    found = read_file(original)
    if isinstance(found, Alignment):
        return found
    if found.original is not None:
        return found.original
    return rows_to_alignment(found.rows, found.langs, name=found.name, signature=found.signature,
                             split=_sentences).alignment


def _check_languages(path: Path, langs: Sequence[str], expected: Sequence[str]) -> None:
    missing = [lang for lang in expected if lang not in langs]
    extra = [lang for lang in langs if lang not in expected]
    if missing or extra:
        detail = "; ".join(part for part in (
            f"no column {', '.join(missing)}" if missing else "",
            f"columns {', '.join(extra)} the original does not have" if extra else "") if part)
        raise InputFormatError(path, f"its languages ({', '.join(langs)}) are not those of the alignment it is "
                                     f"checked against ({', '.join(expected)}): {detail}")


def _sentences(lang: str, text: str) -> list[str]:
    """``text`` split into sentences by ``lang``'s segmenter (one sentence when it has none)."""
    from .segment import get_segmenter

    try:
        segmenter = get_segmenter(lang)
    except AlignkitError:
        return [text]
    return segmenter.split(text) or [text]
