"""Language codes: the one home of every table and rule about them.

* :func:`normalize_code`, :func:`base_code`, :func:`check_code`: the forms a code
  may take (``CN`` → ``zh``, ``zh-Hans-CN`` → base ``zh``).
* :data:`UN_LANGUAGE_LETTERS`, :data:`ISO_LANGUAGE_TAGS`: the language tags file
  names carry (read by :mod:`alignkit.names`).
* :func:`is_unspaced`: languages written without spaces between words.
* :func:`detect_language`: en, zh or ru told from the script of a text.

This module depends on nothing else in alignkit but the errors, so every layer
may use it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .errors import UnsupportedLanguageError

#: UN official-language letters as printed in ODS file names and job numbers.
UN_LANGUAGE_LETTERS: Mapping[str, str] = {
    "A": "ar", "C": "zh", "E": "en", "F": "fr", "R": "ru", "S": "es",
}

#: Common aliases people put in file names or on the command line, and the codes they mean.
LANGUAGE_ALIASES: Mapping[str, str] = {"cn": "zh", "ch": "zh", "zho": "zh", "chi": "zh", "rus": "ru", "eng": "en"}

#: ISO 639-1 codes (and the two-letter aliases) accepted as a file name's language tag.
ISO_LANGUAGE_TAGS: Mapping[str, str] = {
    **{code: code for code in ("ar", "zh", "en", "fr", "ru", "es", "de", "it", "ja", "ko", "pt", "uk")},
    **{alias: code for alias, code in LANGUAGE_ALIASES.items() if len(alias) == 2},
}

#: Languages written without spaces between words or sentences.
UNSPACED_LANGUAGES = frozenset({"zh", "ja"})

#: The form of a language code: ISO 639 base, then subtags (``zh``, ``zh-Hans-CN``, ``sr-Latn``).
_ISO_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_ENGLISH_WORDS = re.compile(r"\b(?:the|and|of|to|in|is|that|for|with|on)\b", re.IGNORECASE)

#: Letters of the text looked at by :func:`detect_language`.
DETECTION_SAMPLE = 20_000
#: Chinese: at least this share of the letters are Han characters.  One Han character
#: carries about as much as three Latin letters, so a Chinese text quoting English names
#: (THAAD, S/2017/613) stays far above it, and an English text quoting Chinese far below.
HAN_SHARE = 0.3
#: Russian: more than half of the letters are Cyrillic (a Russian text may quote Latin
#: names and symbols, but never more letters of them than of its own).
CYRILLIC_SHARE = 0.5
#: English: at least this share of the letters are Latin...
LATIN_SHARE = 0.8
#: ...and at least this share of the words are among the ten commonest English words
#: (they make about a quarter of running English text, and almost none of German, French
#: or a list of names), so another Latin-script language is not taken for English.
ENGLISH_WORD_SHARE = 0.05


def normalize_code(code: str) -> str:
    """Lower-case a language code and map aliases (``CN`` → ``zh``); region tags keep their case."""
    base, _, region = code.strip().partition("-")
    base = LANGUAGE_ALIASES.get(base.lower(), base.lower())
    return f"{base}-{region}" if region else base


def base_code(lang: str) -> str:
    """The base language of a code, region and script dropped: ``"zh-Hans-CN"`` → ``"zh"``."""
    return normalize_code(lang.replace("_", "-")).split("-")[0]


def is_unspaced(lang: str) -> bool:
    """True for languages written without spaces between words (``zh``, ``zh-TW``, ``ja``)."""
    return base_code(lang) in UNSPACED_LANGUAGES


def check_code(code: str) -> str:
    """Validate the form of a language code and return it normalised.

    :raises UnsupportedLanguageError: ``code`` is not of the form of a language code.
    """
    normalized = normalize_code(code)
    if not _ISO_CODE.match(normalized):
        raise UnsupportedLanguageError(
            f"{code!r} is not a language code; use ISO 639-1 codes such as en, zh, ru"
        )
    return normalized


def detect_language(text: str) -> str | None:
    """Guess en, zh or ru from the script of ``text``; None when unclear."""
    sample = text[:DETECTION_SAMPLE]
    han = len(_HAN.findall(sample))
    cyrillic = len(_CYRILLIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    total = han + cyrillic + latin
    if total == 0:
        return None
    if han / total > HAN_SHARE:
        return "zh"
    if cyrillic / total > CYRILLIC_SHARE:
        return "ru"
    words = max(1, len(sample.split()))
    if latin / total > LATIN_SHARE and len(_ENGLISH_WORDS.findall(sample)) / words > ENGLISH_WORD_SHARE:
        return "en"
    return None
