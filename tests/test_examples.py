"""Every command example of the README and of ``--help`` runs as written (issue #10, item 7).

The examples are found, not listed here, so new commands and examples are covered
as they come:

* the lines starting with ``alignkit`` in the README's ````sh`` blocks, and in the
  ``Example:``/``Examples:`` section of every command's ``--help``;
* the README's output excerpts, each marked by ``<!-- excerpt of: COMMAND -->``
  (what COMMAND prints) or ``<!-- excerpt of PATH from: COMMAND -->`` (the file
  COMMAND writes) before its fenced block.

Each example is run from a copy of the repository's files it names, after the demo
(the Makefile's ``demo`` recipe) has run there, as the README assumes; outputs that
an earlier example of the same README or help text writes are made by running that
example first.  Click's own parser tells which arguments are files to read and which
are outputs.  An example must write only under ``out/``, never over the demo's
outputs; it must exit 0, or 1 where that is documented (``check`` below its
``--fail-on``).  Examples that name files the repository does not have (``ods/``,
``../shared/...``), that load the semantic model (tens of seconds) or that serve
until stopped (``review``) are skipped, each with its reason, so ``pytest -ra`` lists
what is not run.
"""

from __future__ import annotations

import glob
import hashlib
import re
import shlex
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from alignkit.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MAKEFILE = ROOT / "Makefile"
#: Where examples may write, relative to the repository root.
OUT = "out"
#: Parameters of the commands that name files to write (every other click.Path is read).
OUTPUT_PARAMETERS = frozenset({"outputs", "out_dir", "target"})
#: Options whose value makes an example too slow to run here (it loads the embedding model).
SLOW_OPTIONS = {"--scorer": {"semantic", "auto"}}
#: Commands that run until stopped, with where they are run instead.
UNATTENDED = {"review": "serves the editor until Ctrl-C; tests/test_review_browser.py runs it in Chromium"}
#: Exit status 1 is documented for ``check`` (a finding at or above ``--fail-on``).
FAIL_ON_DEFAULT = "error"

_FENCE = re.compile(r"^```(\w*)\s*$")
_EXCERPT = re.compile(r"^<!-- excerpt of(?: (?P<path>\S+) from)?: (?P<command>.+?) -->$")
_EXAMPLES_HEADING = re.compile(r"^\s*Examples?:\s*$")


@dataclass(frozen=True)
class Example:
    """One command of the documentation: where it is written and its arguments after ``alignkit``."""

    source: str
    line: str
    args: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{self.source}: {self.line}"


@dataclass(frozen=True)
class Excerpt:
    """Output quoted in the README: the lines, and the command (and file) they come from."""

    source: str
    example: Example
    path: str | None
    lines: tuple[str, ...]


# --------------------------------------------------------------------------- finding the examples


def _joined(lines: Sequence[str]) -> Iterator[str]:
    """Lines with their ``\\`` continuations joined."""
    pending = ""
    for line in lines:
        stripped = line.strip()
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        yield pending + stripped
        pending = ""
    if pending:
        yield pending.strip()


def _expand(token: str) -> list[str]:
    """A shell glob expanded from the repository root, as the shell would; other tokens as they are."""
    if not any(char in token for char in "*?["):
        return [token]
    return sorted(glob.glob(token, root_dir=ROOT)) or [token]


def example_of(source: str, line: str) -> Example | None:
    """The example on ``line`` (comments dropped), or None when it does not run ``alignkit``."""
    words = shlex.split(line, comments=True)
    if not words or words[0] != "alignkit":
        return None
    return Example(source, " ".join(words), tuple(arg for word in words[1:] for arg in _expand(word)))


def _fenced_blocks(text: str) -> Iterator[tuple[int, str, list[str], str]]:
    """(line number of the fence, language, lines, the line before the fence) of every fenced block."""
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if match is None:
            index += 1
            continue
        end = next(i for i in range(index + 1, len(lines)) if lines[i].startswith("```"))
        before = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
        yield index + 1, match.group(1), lines[index + 1:end], before
        index = end + 1


def readme_examples() -> list[Example]:
    """The ``alignkit`` commands of the README's ``sh`` blocks, in order."""
    found = []
    for number, language, lines, _ in _fenced_blocks(README.read_text(encoding="utf-8")):
        if language == "sh":
            found += [e for line in _joined(lines) if (e := example_of(f"README.md:{number}", line))]
    return found


def _command_paths(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _command_paths(command, (*path, name))
        else:
            yield (*path, name)


def help_examples() -> list[Example]:
    """The commands of the ``Examples:`` section of every command's ``--help``, in order."""
    found = []
    for path in _command_paths(cli):
        help_text = CliRunner().invoke(cli, [*path, "--help"]).output.splitlines()
        source = " ".join(("alignkit", *path, "--help"))
        starts = [i for i, line in enumerate(help_text) if _EXAMPLES_HEADING.match(line)]
        for start in starts:
            section = []
            for line in help_text[start + 1:]:
                if not line.strip():
                    break
                section.append(line)
            found += [e for line in _joined(section) if (e := example_of(source, line))]
    return found


def readme_excerpts() -> list[Excerpt]:
    """The README's output excerpts and the commands they are marked with."""
    excerpts = []
    for number, _, lines, before in _fenced_blocks(README.read_text(encoding="utf-8")):
        match = _EXCERPT.match(before.strip())
        if match is None:
            continue
        source = f"README.md:{number}"
        example = example_of(source, match["command"])
        assert example is not None, f"{source}: the excerpt's command is not an alignkit command"
        kept = tuple(line.strip() for line in lines if line.strip())
        excerpts.append(Excerpt(source, example, match["path"], kept))
    return excerpts


def demo_commands() -> list[tuple[str, ...]]:
    """The ``alignkit`` commands of the Makefile's ``demo`` recipe, variables substituted."""
    text = MAKEFILE.read_text(encoding="utf-8")
    variables = dict(re.findall(r"^(\w+)\s*[:?]?=\s*(.*?)\s*$", text, re.MULTILINE))

    def substitute(line: str) -> str:
        for _ in range(5):
            line = re.sub(r"\$\((\w+)\)", lambda m: variables.get(m.group(1), ""), line)
        return line

    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("demo:"))
    recipe = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            break
        recipe.append(line)
    commands = []
    for line in _joined(recipe):
        words = shlex.split(substitute(line))
        if words and words[0].endswith("/alignkit"):
            commands.append(tuple(arg for word in words[1:] for arg in _expand(word)))
    return commands


# --------------------------------------------------------------------------- what an example reads and writes


def files_of(args: Sequence[str]) -> tuple[list[str], list[str]]:
    """(files read, files written) by a command, as click parses its arguments."""
    command: click.Command = cli
    position = 0
    while isinstance(command, click.Group) and position < len(args) and args[position] in command.commands:
        command = command.commands[args[position]]
        position += 1
    context = command.make_context("alignkit", list(args[position:]), resilient_parsing=True)
    read: list[str] = []
    written: list[str] = []
    for parameter in command.params:
        if not isinstance(parameter.type, click.Path) or parameter.name is None:
            continue
        value = context.params.get(parameter.name)
        values = value if isinstance(value, tuple | list) else [value] if value is not None else []
        (written if parameter.name in OUTPUT_PARAMETERS else read).extend(str(v) for v in values)
    return read, written


def _is_under_out(path: str) -> bool:
    parts = Path(path).parts
    return not Path(path).is_absolute() and ".." not in parts and len(parts) > 1 and parts[0] == OUT


DEMO = demo_commands()
DEMO_OUTPUTS = frozenset(str(Path(path)) for command in DEMO for path in files_of(command)[1])
README_EXAMPLES = readme_examples()
HELP_EXAMPLES = help_examples()
EXCERPTS = readme_excerpts()


def _slow(example: Example) -> str | None:
    for option, values in SLOW_OPTIONS.items():
        for flag, value in zip(example.args, example.args[1:]):
            if flag == option and value in values:
                return f"{option} {value}"
    return None


def _allowed_exit_codes(args: Sequence[str]) -> set[int]:
    if not args or args[0] != "check":
        return {0}
    fail_on = next((value for flag, value in zip(args, args[1:]) if flag == "--fail-on"), FAIL_ON_DEFAULT)
    return {0} if fail_on == "never" else {0, 1}


# --------------------------------------------------------------------------- running them


@pytest.fixture(scope="module")
def after_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's files the examples name, with the demo's outputs made in it."""
    base = tmp_path_factory.mktemp("repository")
    named = {Path(path).parts[0] for example in [*README_EXAMPLES, *HELP_EXAMPLES, *(e.example for e in EXCERPTS)]
             for path in files_of(example.args)[0] if not Path(path).is_absolute()}
    named |= {Path(path).parts[0] for command in DEMO for path in files_of(command)[0]}
    for top in sorted(named):
        if top not in ("..", OUT) and (ROOT / top).is_dir():
            shutil.copytree(ROOT / top, base / top)
        elif top not in ("..", OUT) and (ROOT / top).is_file():
            shutil.copy2(ROOT / top, base / top)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(base)
        for command in DEMO:
            result = CliRunner().invoke(cli, list(command))
            assert result.exit_code == 0, f"make demo: alignkit {' '.join(command)}\n{result.output}"
    return base


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in folder.rglob("*") if path.is_file()}


def _missing(example: Example, folder: Path, earlier: Sequence[Example]) -> list[str]:
    """The files ``example`` reads that are neither in ``folder`` nor written by an ``earlier`` example."""
    made = {str(Path(path)) for other in earlier for path in files_of(other.args)[1]}
    return [path for path in files_of(example.args)[0]
            if Path(path).is_absolute() or ".." in Path(path).parts
            or not ((folder / path).exists() or str(Path(path)) in made)]


def _producers(example: Example, folder: Path, earlier: Sequence[Example]) -> list[Example]:
    """The earlier examples that write what ``example`` reads and ``folder`` lacks, in the order to run them."""
    needed = [str(Path(path)) for path in files_of(example.args)[0] if not (folder / path).exists()]
    chain: list[Example] = []
    for path in needed:
        for position in range(len(earlier) - 1, -1, -1):
            if path in {str(Path(p)) for p in files_of(earlier[position].args)[1]}:
                producer = earlier[position]
                chain += [*_producers(producer, folder, earlier[:position]), producer]
                break
    return list(dict.fromkeys(chain))


def run_example(example: Example, earlier: Sequence[Example], after_demo: Path, work: Path,
                monkeypatch: pytest.MonkeyPatch) -> Result:
    """Check what ``example`` names, run it in a copy of ``after_demo``, and check what it wrote."""
    _, written = files_of(example.args)
    outside = [path for path in written if not _is_under_out(path)]
    assert not outside, f"{example.id}: writes outside {OUT}/: {outside}"
    over_demo = [path for path in written if str(Path(path)) in DEMO_OUTPUTS]
    assert not over_demo, f"{example.id}: writes over the demo's outputs: {over_demo}"
    if example.args and example.args[0] in UNATTENDED:
        pytest.skip(f"not run: {example.id}: {UNATTENDED[example.args[0]]}")
    slow = _slow(example)
    if slow:
        pytest.skip(f"not run: {example.id}: {slow} loads the embedding model (tens of seconds)")
    missing = _missing(example, after_demo, earlier)
    if missing:
        pytest.skip(f"not run: {example.id}: names {', '.join(missing)}, not in the repository")
    shutil.copytree(after_demo, work)
    monkeypatch.chdir(work)
    for producer in _producers(example, work, earlier):
        assert CliRunner().invoke(cli, list(producer.args)).exit_code in _allowed_exit_codes(producer.args)
    before = _snapshot(work)
    result = CliRunner().invoke(cli, list(example.args))
    assert result.exit_code in _allowed_exit_codes(example.args), f"{example.id}\n{result.output}"
    after = _snapshot(work)
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    assert all(_is_under_out(path) for path in changed), f"{example.id} changed {sorted(changed)}"
    assert not changed & DEMO_OUTPUTS, f"{example.id} changed the demo's outputs"
    return result


@pytest.mark.parametrize("position", range(len(README_EXAMPLES)), ids=[e.id for e in README_EXAMPLES])
def test_readme_example_runs_as_written(position: int, after_demo: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    run_example(README_EXAMPLES[position], README_EXAMPLES[:position], after_demo, tmp_path / "work", monkeypatch)


@pytest.mark.parametrize("position", range(len(HELP_EXAMPLES)), ids=[e.id for e in HELP_EXAMPLES])
def test_help_example_runs_as_written(position: int, after_demo: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    example = HELP_EXAMPLES[position]
    earlier = [other for other in HELP_EXAMPLES[:position] if other.source == example.source]
    run_example(example, earlier, after_demo, tmp_path / "work", monkeypatch)


@pytest.mark.parametrize("excerpt", EXCERPTS, ids=[f"{e.source}: {e.path or 'output'}" for e in EXCERPTS])
def test_readme_excerpt_is_what_the_command_prints(excerpt: Excerpt, after_demo: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_example(excerpt.example, [], after_demo, tmp_path / "work", monkeypatch)
    text = (tmp_path / "work" / excerpt.path).read_text(encoding="utf-8") if excerpt.path else result.stdout
    actual = iter(line.strip() for line in text.splitlines())
    absent = [line for line in excerpt.lines if not any(line == candidate for candidate in actual)]
    assert absent == [], f"{excerpt.source}: not printed (in this order) by {excerpt.example.line}"


def test_the_documentation_has_examples_to_run() -> None:
    sources = {example.source for example in HELP_EXAMPLES}
    assert len(README_EXAMPLES) >= 10 and len(EXCERPTS) >= 4
    assert {"alignkit --help", "alignkit align --help", "alignkit check --help"} <= sources
    assert DEMO and DEMO_OUTPUTS >= {"out/S-2017-613.tmx"}


@pytest.mark.parametrize(("args", "read", "written"), [
    (("align", "a.txt", "b.txt", "-o", "out/x.tmx", "-g", "g.csv"), ["a.txt", "b.txt", "g.csv"], ["out/x.tmx"]),
    (("glossary", "convert", "g.csv", "out/g.tbx"), ["g.csv"], ["out/g.tbx"]),
    (("batch", "ods/", "-o", "out/batch/"), ["ods"], ["out/batch"]),
    (("check", "--tmx", "out/x.tmx", "-g", "g.csv", "-o", "out/r.html"), ["out/x.tmx", "g.csv"], ["out/r.html"]),
])
def test_files_of_tells_inputs_from_outputs(args: tuple[str, ...], read: list[str], written: list[str]) -> None:
    found_read, found_written = files_of(args)
    assert sorted(found_read) == sorted(read) and found_written == written
