"""Formats chosen by file extension: one small registry type for every kind of file.

Inputs (:mod:`alignkit.readers`), alignment outputs (:mod:`alignkit.export`),
glossaries (:mod:`alignkit.terms.glossary`) and term reports
(:mod:`alignkit.terms.reports`) each keep a :class:`FormatRegistry` mapping an
extension to ``"module"`` or ``"module:function"``.  The module is imported
only when a file of that format is met, so ``openpyxl``, ``pandas``,
``python-docx`` or ``pdfplumber`` load only for the formats that need them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def normalise_extension(fmt: str) -> str:
    """``"TMX"``, ``"tmx"`` and ``".tmx"`` all name the same format: ``".tmx"``."""
    fmt = fmt.strip().lower()
    return fmt if fmt.startswith(".") else f".{fmt}"


@dataclass(frozen=True)
class FormatRegistry:
    """Extensions of one kind of file and the code that handles each.

    A string names an extension (``"tmx"``, ``".TMX"``); a :class:`~pathlib.Path`, a file.

    :param kind: what the files are, for messages (``"output format"``).
    :param entries: extension (``".csv"``) → ``"module"`` or ``"module:function"``.
    :param function: the function used when an entry names a module only.
    """

    kind: str
    entries: Mapping[str, str]
    function: str

    @property
    def extensions(self) -> tuple[str, ...]:
        """The extensions known, sorted."""
        return tuple(sorted(self.entries))

    def listing(self) -> str:
        """The extensions as a comma-separated list, for messages and help texts."""
        return ", ".join(self.extensions)

    def knows(self, extension_or_path: str | Path) -> bool:
        """True when the extension (or the path's extension) has an entry."""
        return self._extension(extension_or_path) in self.entries

    def unknown(self, extension_or_path: str | Path) -> str:
        """The message for a file of no known format: what was given and what is supported."""
        extension = self._extension(extension_or_path)
        shown = repr(extension) if extension not in ("", ".") else "(no extension)"
        return f"unknown {self.kind} {shown}; supported extensions: {self.listing()}"

    def module_name(self, extension_or_path: str | Path) -> str | None:
        """The module serving the extension, or None when it has no entry."""
        entry = self.entries.get(self._extension(extension_or_path))
        return entry.partition(":")[0] if entry else None

    def handler(self, extension_or_path: str | Path) -> Callable[..., Any]:
        """The function serving the extension (its module imported now).

        :raises LookupError: the extension has no entry (the message is :meth:`unknown`'s).
        """
        entry = self.entries.get(self._extension(extension_or_path))
        if entry is None:
            raise LookupError(self.unknown(extension_or_path))
        module_name, _, function_name = entry.partition(":")
        handler: Callable[..., Any] = getattr(importlib.import_module(module_name), function_name or self.function)
        return handler

    @staticmethod
    def _extension(extension_or_path: str | Path) -> str:
        """A path's extension, or an extension given as text (``"tmx"``, ``".TMX"``)."""
        if isinstance(extension_or_path, Path):
            return extension_or_path.suffix.lower()
        return normalise_extension(extension_or_path) if extension_or_path.strip() else ""
