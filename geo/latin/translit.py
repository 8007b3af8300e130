"""The transliteration key: every Latin spelling of an Arabic place name, one key.

An Arabic name reaches English by ear, so one place is written many ways: Hajin, Hajeen,
Hajjin; Deir ez-Zor, Deir al-Zour, Deir Ezzor, Deir e-Zor; Abu Kamal, Albu Kamal, Bukamal.
``translit_key`` maps every spelling of a name to one key by undoing what varies:

* the article in all its forms (al-, el-, ad-, ash-, az-, a-, e- ...), and its sun-letter
  assimilation glued to the next word ("Ezzor" is e + zzor);
* the kunya "Abu" in its colloquial forms (Albu, Bu);
* apostrophes and ayn marks, accents, hyphens and spaces;
* vowels: every run of vowels (and of the glides w and y written for vowels: "Suwar",
  "Dayr") is one vowel, so ee/i, ou/u/o and a/e agree; a final h after a vowel (Raqqah);
* doubled letters, and consonant spellings of one Arabic letter (q/k/c, kh/k, gh/g, ph/f).

The gazetteer's Latin names go through the same key, so no list of variants is kept.
Because the key is loose, recognition accepts a name matched only through it (its plain
``latin_key`` is not in the gazetteer) only when it is no ordinary English word ("Syrian" is
not the village Sirrin).
"""

from __future__ import annotations

import functools
import re

from geo.normalize import latin_fold

__all__ = ["ARTICLES", "ENGLISH_LOOKALIKES", "MIN_KEY_LENGTH", "translit_key"]

#: Article forms written as a word of their own ("al-Bab", "Deir ez-Zor", "Ras el Ain").
ARTICLES = frozenset(
    (
        "al",
        "el",
        "il",
        "ul",
        "ad",
        "adh",
        "ar",
        "as",
        "ash",
        "at",
        "ath",
        "az",
        "an",
        "ed",
        "er",
        "es",
        "esh",
        "et",
        "ez",
        "en",
    )
)
#: Article forms that are also English words: an article only when joined by a hyphen.
ENGLISH_LOOKALIKES = frozenset(("as", "at", "an", "ad", "ed", "es", "et", "er", "en", "il"))
#: The kunya أبو as it is written in names ("Abu Kamal", "Albu Kamal", "Bukamal").
_KUNYA = frozenset(("abu", "abou", "albu", "bou", "abo"))
#: A one-letter article joined by a hyphen ("Deir e-Zor", "Failaq a-Rahman").
_SHORT_ARTICLE_RE = re.compile(r"(?<![^\W\d_])([aAeE])-(?=[^\W\d_])")
_DIGRAPHS = (
    ("sh", "x"),
    ("ch", "x"),
    ("kh", "k"),
    ("gh", "g"),
    ("dh", "d"),
    ("th", "t"),
    ("ph", "f"),
)
_CONSONANTS = {"q": "k", "c": "k", "v": "f", "p": "b"}
_VOWELS = frozenset("aeiou")
_SUN_LETTERS = frozenset("tdrzsn")


@functools.lru_cache(maxsize=65536)
def translit_key(name: str) -> str:
    """Return the transliteration key of a Latin-script name (see the module docstring).

    >>> translit_key("Deir ez-Zor") == translit_key("Deir Ezzor") == translit_key("Dayr az Zawr")
    True
    """
    words = latin_fold(_SHORT_ARTICLE_RE.sub(r"\1l ", name)).split()
    sounds: list[str] = []
    after_article = False
    for index, word in enumerate(words):
        if word in ARTICLES and index < len(words) - 1:
            after_article = True
            continue
        if word in _KUNYA or (word == "bu" and index < len(words) - 1):
            word = "bu"
        elif index and not after_article:
            word = _without_assimilated_article(word)
        after_article = False
        sounds.append(_sound(word))
    return "".join(sounds)


def _without_assimilated_article(word: str) -> str:
    """ "ezzor" → "zor": an article assimilated to a sun letter and glued to its word."""
    if len(word) >= 5 and word[0] in "ae" and word[1] == word[2] and word[1] in _SUN_LETTERS:
        return word[2:]
    return word


def _sound(word: str) -> str:
    for digraph, letter in _DIGRAPHS:
        word = word.replace(digraph, letter)
    if len(word) > 2 and word[-1] == "h" and word[-2] in _VOWELS:
        word = word[:-1]
    out: list[str] = []
    for index, char in enumerate(word):
        if char in _VOWELS:
            sound = "a"
        elif char in "yw":
            # A glide starts a syllable only at the start of a word, before a vowel.
            initial = index == 0 and len(word) > 1 and word[1] in _VOWELS
            sound = char if initial else "a"
        else:
            sound = _CONSONANTS.get(char, char)
        if not out or out[-1] != sound:
            out.append(sound)
    return "".join(out)


#: Shortest key recognition looks up: shorter keys are mostly English words and acronyms.
MIN_KEY_LENGTH = 3
