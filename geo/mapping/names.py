"""Names a map shows: the article's own spelling first, then a clean English name that
matches it.

Gazetteer records sometimes carry another place's English name (a Who's On First village
whose Arabic name is الصالحية but whose English name is "Qaraqol"), and GeoNames
transliterations write ʿayn as a backtick ("Ash Sha`fah"). The map's English name is the
first of the record's Latin names whose consonant skeleton matches the article's Arabic
spelling (the record's own name first); without one it is empty and the popup says the
gazetteer's name does not match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

#: Arabic letters as the Latin consonants a transliteration writes for them ("" for the
#: long vowels, hamza and ʿayn, which transliterations write in too many ways to compare).
_ARABIC_CONSONANTS = {
    "ب": "b",
    "ت": "t",
    "ث": "θ",
    "ج": "j",
    "ح": "h",
    "خ": "x",
    "د": "d",
    "ذ": "ð",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "š",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "غ": "ɣ",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
}

#: Latin digraphs of one Arabic consonant, read before single letters.
_DIGRAPHS = (("sh", "š"), ("kh", "x"), ("th", "θ"), ("dh", "ð"), ("gh", "ɣ"), ("ch", "š"))

#: The Arabic article as transliterations write it, a word of its own or before a hyphen.
_LATIN_ARTICLES = frozenset(
    [
        "al",
        "el",
        "ar",
        "as",
        "ash",
        "at",
        "ad",
        "adh",
        "ath",
        "az",
        "an",
        "ed",
        "es",
        "esh",
        "et",
        "ez",
        "en",
        "er",
        "ul",
    ]
)

#: Latin letters a transliteration may use for long vowels, ʿayn and hamza (not compared).
_LATIN_SKIPPED = frozenset("aeiouyw'`ʿʾ’‘-")

_LATIN_MAP = {"c": "k", "g": "j", "p": "b", "v": "f", "o": "", "e": ""}

_PARENTHESES_RE = re.compile(r"\([^)]*\)")


def _collapse(letters: Iterable[str]) -> str:
    out: list[str] = []
    for letter in letters:
        if letter and (not out or out[-1] != letter):
            out.append(letter)
    return "".join(out)


def arabic_skeleton(text: str) -> str:
    """The consonants of an Arabic name as a transliteration writes them, articles dropped."""
    words = []
    for word in text.split():
        word = "".join(c for c in word if not unicodedata.combining(c))
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        letters = [_ARABIC_CONSONANTS.get(c, "") for c in word]
        # A final ه is usually the feminine ending (ة) written without its dots.
        if letters and letters[-1] == "h":
            letters.pop()
        words.append(_collapse(letters))
    return "".join(words)


def latin_skeleton(text: str) -> str:
    """The consonants of a Latin transliteration, articles and vowels dropped."""
    text = _PARENTHESES_RE.sub(" ", text)
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = []
    for word in re.split(r"[\s/]+", text):
        head, _, rest = word.partition("-")
        if rest and head in _LATIN_ARTICLES:
            word = rest
        elif word in _LATIN_ARTICLES:
            continue
        for digraph, letter in _DIGRAPHS:
            word = word.replace(digraph, letter)
        letters = [_LATIN_MAP.get(c, c) for c in word if c not in _LATIN_SKIPPED and c.isalpha()]
        if word.endswith("h") and letters and letters[-1] == "h":
            letters.pop()
        words.append(_collapse(letters))
    return "".join(words)


def clean_name(name: str) -> str:
    """A Latin name for display: GeoNames backticks as ʿ, parenthesised notes dropped."""
    name = _PARENTHESES_RE.sub("", name).replace("`", "ʿ")
    return " ".join(name.split())


def english_name(spelling: str, name: str, alternates: Iterable[str]) -> str:
    """The cleaned first of ``name`` and the Latin ``alternates`` matching ``spelling``.

    Returns ``""`` when none matches (the gazetteer's English name is then another
    place's, or a spelling the reader could not tell is this one).
    """
    wanted = arabic_skeleton(spelling)
    if not wanted:
        return clean_name(name)
    for candidate in (name, *alternates):
        if candidate and not _has_arabic(candidate) and latin_skeleton(candidate) == wanted:
            return clean_name(candidate)
    return ""


def _has_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)
