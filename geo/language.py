"""Which language a document is written in: Arabic or English, by its letters.

A news report is written in one script; quotes, names and bylines in the other script are a
minority. The share of Arabic letters among all letters decides, so no model is needed.
"""

from __future__ import annotations

import re

from geo.errors import ConfigurationError

__all__ = [
    "LANGUAGES",
    "detect_language",
    "resolve_language",
]

#: Languages geo parses, and ``auto`` (detect per document).
LANGUAGES = ("auto", "ar", "en")


#: Runs of Arabic letters (the Arabic block's letters, and its supplement), not marks or digits.
_ARABIC_LETTERS_RE = re.compile(
    "[\u0620-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06e5\u06e6"
    "\u06ee\u06ef\u06fa-\u06fc\u06ff\u0750-\u077f]+"
)
#: Runs of Latin letters, with the accented ones (Serê Kaniyê).
_LATIN_LETTERS_RE = re.compile("[A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+")


def detect_language(text: str) -> str:
    """Return ``"ar"`` or ``"en"``: the script most of the letters of ``text`` are in.

    A text without letters, or with as many Arabic letters as Latin ones, is taken as Arabic
    (geo's first language).
    """
    arabic = sum(map(len, _ARABIC_LETTERS_RE.findall(text)))
    latin = sum(map(len, _LATIN_LETTERS_RE.findall(text)))
    return "en" if latin > arabic else "ar"


def resolve_language(language: str, text: str) -> str:
    """The language to parse ``text`` in: ``language`` when forced, else detected.

    Raises
    ------
    ConfigurationError
        When ``language`` is not one of ``LANGUAGES``.
    """
    if language not in LANGUAGES:
        raise ConfigurationError(
            f"unknown language {language!r}: use one of {', '.join(LANGUAGES)}"
        )
    return detect_language(text) if language == "auto" else language
