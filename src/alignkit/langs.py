"""Language codes: the one home of every table and rule about them.

* :func:`normalize_code`, :func:`base_code`, :func:`check_code`: the forms a code
  may take (``CN`` → ``zh``, ``zh-Hans-CN`` → base ``zh``).
* :data:`UN_LANGUAGE_LETTERS`, :data:`ISO_LANGUAGE_TAGS`: the language tags file
  names carry (read by :mod:`alignkit.names`).
* :func:`is_unspaced`: languages written without spaces between words.
* :func:`text_script`, :func:`script_conflict`: the script a text is written in,
  and whether it contradicts the language a file is said to be in.
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

_ASCII_LATIN = re.compile(r"[A-Za-z]")
_ENGLISH_WORDS = re.compile(r"\b(?:the|and|of|to|in|is|that|for|with|on)\b", re.IGNORECASE)

#: Scripts told apart by :func:`text_script`, each by its letters' code points.
_SCRIPT_LETTERS: Mapping[str, re.Pattern[str]] = {
    "Han": re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"),
    "Kana": re.compile(r"[\u3040-\u30ff]"),
    "Hangul": re.compile(r"[\u1100-\u11ff\uac00-\ud7af]"),
    "Cyrillic": re.compile(r"[\u0400-\u04ff]"),
    "Arabic": re.compile(r"[\u0600-\u06ff\u0750-\u077f]"),
    "Latin": re.compile(r"[A-Za-z\u00c0-\u024f]"),
}

#: Letters of the text looked at by :func:`text_script` and :func:`detect_language`.
DETECTION_SAMPLE = 20_000
#: A text is in a script when that script's share of its letters is above this.  One Han
#: character (or Hangul syllable, or kana) carries about as much as three Latin letters, so
#: a Chinese text quoting English names (THAAD, S/2017/613) stays far above 0.3, and an
#: English text quoting Chinese far below.  An alphabetic script needs more than half of the
#: letters (a Russian text may quote Latin names and symbols, but never more letters of them
#: than of its own); Latin, four fifths.
SCRIPT_SHARES: Mapping[str, float] = {
    "Han": 0.3, "Kana": 0.3, "Hangul": 0.3, "Cyrillic": 0.5, "Arabic": 0.5, "Latin": 0.8,
}
#: Below this many letters a text says too little about its script.
SCRIPT_MIN_LETTERS = 12
#: English: at least this share of the words are among the ten commonest English words
#: (they make about a quarter of running English text, and almost none of German, French
#: or a list of names), so another Latin-script language is not taken for English.
ENGLISH_WORD_SHARE = 0.05

#: The scripts each language is written in (base codes; a language not listed is not checked).
LANGUAGE_SCRIPTS: Mapping[str, frozenset[str]] = {
    **{code: frozenset({"Latin"}) for code in (
        "en", "fr", "es", "de", "it", "pt", "nl", "pl", "cs", "sk", "sl", "hr", "ro", "hu", "sv", "da", "no",
        "nb", "fi", "et", "lv", "lt", "tr", "id", "ms", "vi", "sw", "ca", "eu", "gl", "sq", "is", "ga")},
    **{code: frozenset({"Cyrillic"}) for code in ("ru", "uk", "be", "bg", "mk", "kk", "ky", "tg", "mn")},
    "sr": frozenset({"Cyrillic", "Latin"}),
    **{code: frozenset({"Arabic"}) for code in ("ar", "fa", "ur", "ps")},
    "zh": frozenset({"Han"}),
    "ja": frozenset({"Han", "Kana"}),
    "ko": frozenset({"Hangul", "Han"}),
}


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


def _letter_counts(text: str) -> dict[str, int]:
    sample = text[:DETECTION_SAMPLE]
    return {script: len(pattern.findall(sample)) for script, pattern in _SCRIPT_LETTERS.items()}


def text_script(text: str) -> str | None:
    """The script ``text`` is written in (``Han``, ``Cyrillic``, ``Latin``...), or None when
    it has too few letters or mixes scripts without one clearly ahead (:data:`SCRIPT_SHARES`).

    Japanese is ``Kana`` as soon as its kana pass the share, however many Han characters it has.
    """
    counts = _letter_counts(text)
    total = sum(counts.values())
    if total < SCRIPT_MIN_LETTERS:
        return None
    for script in ("Kana", "Hangul", "Han", "Cyrillic", "Arabic", "Latin"):
        if counts[script] / total > SCRIPT_SHARES[script]:
            return script
    return None


def script_conflict(lang: str, text: str) -> str | None:
    """The script of ``text`` when it cannot be ``lang`` (Chinese text said to be ``ru``), else None.

    None too when the language's scripts are not known here or the text's script cannot be
    told (too short, or mixed): only a clear contradiction counts.
    """
    scripts = LANGUAGE_SCRIPTS.get(base_code(lang))
    script = text_script(text)
    if scripts is None or script is None or script in scripts:
        return None
    return script


def detect_language(text: str) -> str | None:
    """Guess en, zh or ru from the script of ``text``; None when unclear."""
    counts = _letter_counts(text)
    total = sum(counts.values())
    if total == 0:
        return None
    if counts["Han"] / total > SCRIPT_SHARES["Han"]:
        return "zh"
    if counts["Cyrillic"] / total > SCRIPT_SHARES["Cyrillic"]:
        return "ru"
    sample = text[:DETECTION_SAMPLE]
    words = max(1, len(sample.split()))
    ascii_latin = len(_ASCII_LATIN.findall(sample))
    english_words = len(_ENGLISH_WORDS.findall(sample))
    if ascii_latin / total > SCRIPT_SHARES["Latin"] and english_words / words > ENGLISH_WORD_SHARE:
        return "en"
    return None
