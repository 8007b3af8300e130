"""The words English recognition reads around names: the ``data/lexicons/en_*.tsv`` tables
(place cues, name context, directions, organisations, movement objects), English word
frequency, and the tokens of a text (words with the characters between them)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from geo.latin.translit import ARTICLES, ENGLISH_LOOKALIKES
from geo.lexicons import load_table


@dataclass(frozen=True, slots=True)
class Cue:
    """A row of ``en_place_cues.tsv``: the cue's words and what it says of the name."""

    words: tuple[str, ...]
    kinds: tuple[str, ...]
    weight: float
    extends: bool
    introduces: bool


@functools.cache
def cues() -> tuple[tuple[Cue, ...], tuple[Cue, ...]]:
    """(cues before a name, cues after a name), longest first."""
    before: list[Cue] = []
    after: list[Cue] = []
    for row in load_table("en_place_cues"):
        cue = Cue(
            words=tuple(row["cue"].lower().split()),
            kinds=tuple(kind.strip() for kind in row["kinds"].split(",") if kind.strip()),
            weight=float(row["weight"]),
            extends=row["extends"] == "yes",
            introduces=row["introduces"] == "yes",
        )
        (before if row["position"] == "before" else after).append(cue)
    before.sort(key=lambda cue: -len(cue.words))
    after.sort(key=lambda cue: -len(cue.words))
    return tuple(before), tuple(after)


@functools.cache
def _context_words() -> dict[tuple[str, str], frozenset[str]]:
    """Words by (position, effect) from ``en_name_context.tsv``."""
    table: dict[tuple[str, str], set[str]] = {}
    for row in load_table("en_name_context"):
        table.setdefault((row["position"], row["effect"]), set()).add(row["word"].lower())
    return {key: frozenset(words) for key, words in table.items()}


def name_context(position: str, effect: str) -> frozenset[str]:
    return _context_words().get((position, effect), frozenset())


@functools.cache
def direction_words() -> dict[str, tuple[float, str]]:
    return {
        row["word"].lower(): (float(row["bearing"]), row["label"])
        for row in load_table("en_directions")
    }


@functools.cache
def organisation_re() -> re.Pattern[str] | None:
    names = sorted((row["name"] for row in load_table("en_organisations")), key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(name) for name in names) + r")\b", re.I)


#: Prepositions and participles that, right before a name, say it is where something is or goes.
LOCATION_WORDS = frozenset(
    [
        "in",
        "at",
        "from",
        "to",
        "into",
        "toward",
        "towards",
        "near",
        "via",
        "through",
        "outside",
        "inside",
        "around",
        "across",
        "of",
        "between",
        "reach",
        "reached",
        "reaching",
        "entered",
        "held",
        "controlled",
        "besieged",
    ]
)


@functools.cache
def movement_verbs() -> frozenset[str]:
    """Movement words whose object is a place ("fled X", "reached X"): they say a place follows."""
    return frozenset(
        row["phrase"].lower()
        for row in load_table("en_triggers")
        if row["object"] != "none" and " " not in row["phrase"]
    )


#: Words skipped between a cue or preposition and the name.
FILLERS = frozenset(("the", "a", "an"))


@functools.lru_cache(maxsize=65536)
def english_zipf(word: str) -> float:
    """Zipf frequency of an English word or phrase (``wordfreq``)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


#: A word this frequent in English is a word before it is a name (a village "Sunday").
COMMON_ENGLISH_ZIPF = 4.0
#: A name matched only through the loose key must be rarer than this in English.
LOOSE_MATCH_ZIPF = 3.0
#: A name the gazetteer lacks, introduced by a cue, must be rarer than this (unless an
#: article marks it as Arabic: "al-Sad camp").
UNKNOWN_NAME_ZIPF = 3.5

#: Words this frequent are function words ("The", "In") even when capitalised.
STOP_WORD_ZIPF = 5.5

LOCAL_KINDS = frozenset(("village", "town", "neighbourhood", "subdistrict", "camp", "other"))


@functools.cache
def all_cue_words() -> frozenset[str]:
    before, after = cues()
    return frozenset(word for cue in (*before, *after) for word in cue.words)


# -- tokens ------------------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʿʾ`][^\W\d_]+)*|\d+")
_POSSESSIVE_RE = re.compile(r"['’]s$")


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    lower: str
    possessive: bool
    #: The characters between the previous token and this one.
    gap: str

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper()


def tokens_of(text: str) -> list[Token]:
    tokens: list[Token] = []
    previous_end = 0
    for match in _WORD_RE.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        possessive = bool(_POSSESSIVE_RE.search(word)) and len(word) > 4
        if possessive:
            word, end = word[:-2], end - 2
        tokens.append(Token(start, end, word, word.lower(), possessive, text[previous_end:start]))
        previous_end = match.end()
    return tokens


def is_article(token: Token, following: Token | None) -> bool:
    if following is None or token.lower not in ARTICLES and token.lower not in ("a", "e"):
        return False
    hyphened = following.gap == "-"
    if token.lower in ("a", "e") or token.lower in ENGLISH_LOOKALIKES:
        return hyphened and not token.possessive
    return following.gap in (" ", "-") and not token.possessive


def is_acronym(token: Token, following: Token | None = None) -> bool:
    """A short all-capital word (SDF, ISIS), unless it starts a capitalised dateline ("AIN ISSA")."""
    if not (token.text.isupper() and len(token.text) <= 4):
        return False
    return not (
        following is not None
        and following.gap == " "
        and following.text.isupper()
        and len(following.text) >= 3
    )
