"""Which language a file is in: from ``--langs``, the file name, or the script it is written in."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from .errors import AlignkitError, UnsupportedLanguageError
from .names import LANGUAGE_ALIASES, language_from_filename

#: ISO 639-1 codes accepted for presegmented input (no segmenter needed).
_ISO_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_ENGLISH_WORDS = re.compile(r"\b(?:the|and|of|to|in|is|that|for|with|on)\b", re.IGNORECASE)


def normalize_code(code: str) -> str:
    """Lower-case a language code and map aliases (``CN`` → ``zh``); region tags keep their case."""
    base, _, region = code.strip().partition("-")
    base = LANGUAGE_ALIASES.get(base.lower(), base.lower())
    return f"{base}-{region}" if region else base


def base_code(lang: str) -> str:
    """The base language of a code, region and script dropped: ``"zh-Hans-CN"`` → ``"zh"``."""
    return normalize_code(lang.replace("_", "-")).split("-")[0]


def detect_language(text: str) -> str | None:
    """Guess en, zh or ru from the script of ``text``; None when unclear."""
    sample = text[:20000]
    han = len(_HAN.findall(sample))
    cyrillic = len(_CYRILLIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    total = han + cyrillic + latin
    if total == 0:
        return None
    if han / total > 0.3:
        return "zh"
    if cyrillic / total > 0.5:
        return "ru"
    words = max(1, len(sample.split()))
    if latin / total > 0.8 and len(_ENGLISH_WORDS.findall(sample)) / words > 0.05:
        return "en"
    return None


def check_code(code: str) -> str:
    """Validate the form of a language code and return it normalised."""
    normalized = normalize_code(code)
    if not _ISO_CODE.match(normalized):
        raise UnsupportedLanguageError(
            f"{code!r} is not a language code; use ISO 639-1 codes such as en, zh, ru"
        )
    return normalized


def resolve_languages(
    paths: Sequence[Path], langs: Sequence[str] | None, sniff: dict[Path, str] | None = None
) -> list[str]:
    """The language of each file: ``langs`` if given, else the file name, else its script.

    ``sniff`` maps a path to a sample of its text for script detection.
    Raises :class:`AlignkitError` when a language cannot be told or two files share one.
    """
    if langs:
        if len(langs) != len(paths):
            raise AlignkitError(
                f"--langs names {len(langs)} language(s) for {len(paths)} file(s); give one per file"
            )
        result = [check_code(code) for code in langs]
    else:
        result = [_language_of(path, (sniff or {}).get(path, "")) for path in paths]
    seen: dict[str, Path] = {}
    for path, lang in zip(paths, result):
        if lang in seen:
            raise AlignkitError(
                f"{seen[lang]} and {path} are both in language {lang!r}; give one file per language "
                "(or set --langs)"
            )
        seen[lang] = path
    return result


def _language_of(path: Path, sample: str) -> str:
    lang = language_from_filename(path) or detect_language(sample)
    if lang is None:
        raise AlignkitError(
            f"{path}: cannot tell its language from the file name or the text; "
            "name it like en.txt or x.zh.txt, or pass --langs"
        )
    return lang
