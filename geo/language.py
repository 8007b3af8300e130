"""Which language a document is written in: Arabic or English, by its letters.

A news report is written in one script; quotes, names and bylines in the other script are a
minority. The share of Arabic letters among all letters decides, so no model is needed.
"""

from __future__ import annotations

from geo.errors import ConfigurationError

__all__ = [
    "LANGUAGES",
    "detect_language",
    "resolve_language",
]

#: Languages geo parses, and ``auto`` (detect per document).
LANGUAGES = ("auto", "ar", "en")


def detect_language(text: str) -> str:
    """Return ``"ar"`` or ``"en"``: the script most of the letters of ``text`` are in.

    A text without letters, or with as many Arabic letters as Latin ones, is taken as Arabic
    (geo's first language).
    """
    arabic = latin = 0
    for char in text:
        if "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f":
            arabic += char.isalpha()
        elif char.isascii():
            latin += char.isalpha()
        elif char.isalpha() and char < "\u0250":
            latin += 1  # accented Latin letters (Serê Kaniyê)
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
