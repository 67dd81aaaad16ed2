"""The exceptions alignkit raises for problems the user can fix.

Every message is one line meant for the user: it names the file (and line or row
where known) and, where possible, says what to do.  The CLI prints it as
``Error: <message>`` and exits with status 2.
"""

from __future__ import annotations

import re
from os import PathLike

_LINE_BREAKS = re.compile(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+\s*")


class AlignkitError(Exception):
    """Base class of every error alignkit reports to the user.

    Its message is one line, always: line breaks that come in with a file name or a
    parser's message become spaces.
    """

    def __str__(self) -> str:
        return _LINE_BREAKS.sub(" ", super().__str__()).strip()


class InputFormatError(AlignkitError):
    """An input file is missing, empty, binary, undecodable or malformed."""

    def __init__(self, path: str | PathLike[str], reason: str, line: int | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


class UnsupportedLanguageError(AlignkitError):
    """A language code alignkit has no segmenter or rules for."""


class GlossaryError(AlignkitError):
    """A glossary file is malformed (missing column, empty term, duplicate id...)."""

    def __init__(
        self,
        path: str | PathLike[str],
        reason: str,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = str(path)
        self.reason = reason
        self.row = row
        self.column = column
        where = self.path
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {reason}")


class ExportError(AlignkitError):
    """An output cannot be written (unknown format, directory, would overwrite an input)."""
