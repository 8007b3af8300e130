"""Place names in English reports: Syrian names in Latin script, found and resolved.

Transliteration model
---------------------
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
Because the key is loose, a name matched only through it (its plain ``latin_key`` is not in
the gazetteer) must not be an ordinary English word ("Syrian" is not the village Sirrin).

Recognition
-----------
Candidate names are runs of capitalised words (articles excepted) whose key the gazetteer
knows, longest first. Each span carries the context the resolver reads (``NameSpan``): the
place cue around it ("the town of", "camp", "province"), lists ("A, B and C"), a location
preposition, and hints that it is not a place: a state acting ("Turkey said"), part of an
organisation's or operation's name ("Syria Direct", "Operation Peace Spring"), part of a
person's name. The word tables are ``data/lexicons/en_*.tsv``. Resolution is the Arabic
resolver's (``geo.resolve.resolve_spans``); region phrases ("the eastern countryside of
Deir ez-Zor") are built with ``geo.regions.region_for``, and named areas ("East Ghouta",
"the Euphrates") with ``geo.areas``.
"""

from __future__ import annotations

import bisect
import functools
import re
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from geo.areas import area_extent, named_areas, take_over
from geo.gazetteer.protocol import Gazetteer
from geo.lexicons import load_table
from geo.model import Document, Mention, ParsedDocument, Place
from geo.normalize import has_arabic, latin_fold, latin_key
from geo.overrides import Overrides, Pin
from geo.recognize import NameSpan
from geo.regions import ANCHOR_KINDS, RegionPhrase, region_for
from geo.resolve import resolve_spans

__all__ = [
    "EnglishRecognizer",
    "FoundName",
    "english_mentions",
    "parse_english",
    "translit_key",
]


class LatinGazetteer(Gazetteer, Protocol):
    """The gazetteer contract, with the Latin match keys English recognition reads."""

    def latin_keys(self) -> Mapping[str, tuple[str, ...]]:
        """Every Latin match key (``geo.normalize.latin_key``) with the ids of its places."""
        ...


# -- the transliteration model -------------------------------------------------------------

#: Article forms written as a word of their own ("al-Bab", "Deir ez-Zor", "Ras el Ain").
ARTICLES = frozenset(
    [
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
    ]
)
#: Article forms that are also English words: an article only when joined by a hyphen.
_ENGLISH_LOOKALIKES = frozenset(("as", "at", "an", "ad", "ed", "es", "et", "er", "en", "il"))
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

# -- lexicons ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Cue:
    words: tuple[str, ...]
    kinds: tuple[str, ...]
    weight: float
    extends: bool
    introduces: bool


@functools.cache
def _cues() -> tuple[tuple[_Cue, ...], tuple[_Cue, ...]]:
    """(cues before a name, cues after a name), longest first."""
    before: list[_Cue] = []
    after: list[_Cue] = []
    for row in load_table("en_place_cues"):
        cue = _Cue(
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


def _words(position: str, effect: str) -> frozenset[str]:
    return _context_words().get((position, effect), frozenset())


@functools.cache
def _directions() -> dict[str, tuple[float, str]]:
    return {
        row["word"].lower(): (float(row["bearing"]), row["label"])
        for row in load_table("en_directions")
    }


@functools.cache
def _organisation_re() -> re.Pattern[str] | None:
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
def _movement_verbs() -> frozenset[str]:
    """Movement words whose object is a place ("fled X", "reached X"): they say a place follows."""
    return frozenset(
        row["phrase"].lower()
        for row in load_table("en_triggers")
        if row["object"] != "none" and " " not in row["phrase"]
    )


#: Words skipped between a cue or preposition and the name.
_FILLERS = frozenset(("the", "a", "an"))


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


@dataclass(slots=True)
class FoundName:
    """A recognised name: the resolver's ``NameSpan``, its words (token indices) and where its
    span ends once a camp or crossing word joins it (``end``; 0 when none does)."""

    span: NameSpan
    first: int
    last: int
    end: int = 0


# -- tokens ------------------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʿʾ`][^\W\d_]+)*|\d+")
_POSSESSIVE_RE = re.compile(r"['’]s$")


@dataclass(slots=True)
class _Token:
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


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    previous_end = 0
    for match in _WORD_RE.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        possessive = bool(_POSSESSIVE_RE.search(word)) and len(word) > 4
        if possessive:
            word, end = word[:-2], end - 2
        tokens.append(_Token(start, end, word, word.lower(), possessive, text[previous_end:start]))
        previous_end = match.end()
    return tokens


def _is_article(token: _Token, following: _Token | None) -> bool:
    if following is None or token.lower not in ARTICLES and token.lower not in ("a", "e"):
        return False
    hyphened = following.gap == "-"
    if token.lower in ("a", "e") or token.lower in _ENGLISH_LOOKALIKES:
        return hyphened and not token.possessive
    return following.gap in (" ", "-") and not token.possessive


def _is_acronym(token: _Token, following: _Token | None = None) -> bool:
    """A short all-capital word (SDF, ISIS), unless it starts a capitalised dateline ("AIN ISSA")."""
    if not (token.text.isupper() and len(token.text) <= 4):
        return False
    return not (
        following is not None
        and following.gap == " "
        and following.text.isupper()
        and len(following.text) >= 3
    )


# -- recognition -------------------------------------------------------------------------


class EnglishRecognizer:
    """Find Syrian place names in English text.

    Parameters
    ----------
    gazetteer
        A gazetteer that also gives its Latin match keys (``LatinGazetteer``).
    extra
        More Latin match keys -> place ids (an analyst's added places).
    """

    def __init__(
        self, gazetteer: LatinGazetteer, *, extra: Mapping[str, tuple[str, ...]] | None = None
    ) -> None:
        latin: Mapping[str, tuple[str, ...]] = gazetteer.latin_keys()
        if extra:
            latin = {**latin, **{key: (*ids, *latin.get(key, ())) for key, ids in extra.items()}}
        index: dict[str, list[str]] = {}
        for name, ids in latin.items():
            key = translit_key(name)
            if len(key) < MIN_KEY_LENGTH:
                continue
            bucket = index.setdefault(key, [])
            bucket.extend(place_id for place_id in ids if place_id not in bucket)
        self._index = {key: tuple(ids) for key, ids in index.items()}
        self._latin = latin
        self._gazetteer = gazetteer

    def find(self, text: str, *, skip: Iterable[tuple[int, int]] = ()) -> list[NameSpan]:
        """Name spans of ``text`` with their context, in text order (``skip``: furniture)."""
        return [found.span for found in self.find_names(text, skip=skip)]

    def find_names(self, text: str, *, skip: Iterable[tuple[int, int]] = ()) -> list[FoundName]:
        """Like ``find``, with what recognition knows beyond the resolver's ``NameSpan``."""
        tokens = _tokens(text)
        skipped = list(skip)
        spans: list[FoundName] = []
        index = 0
        while index < len(tokens):
            found = self._longest(tokens, index)
            if found is None:
                index += 1
                continue
            last, key, ids = found
            start, end = tokens[index].start, tokens[last].end
            if not any(low <= start and end <= high for low, high in skipped):
                spans.append(
                    FoundName(NameSpan(start, end, key, ids, text[start:end]), index, last)
                )
            index = last + 1
        _annotate(spans, tokens, text, self._gazetteer, self._latin)
        return [found for found in spans if self._credible(found.span)]

    def _longest(
        self, tokens: Sequence[_Token], first: int
    ) -> tuple[int, str, tuple[str, ...]] | None:
        head = tokens[first]
        if not head.capital and head.lower not in ARTICLES and head.lower not in ("a", "e"):
            return None
        best: tuple[int, str, tuple[str, ...]] | None = None
        for last in range(first, min(first + 6, len(tokens))):
            token = tokens[last]
            if last > first and token.gap not in (" ", "-"):
                break
            following = tokens[last + 1] if last + 1 < len(tokens) else None
            article = _is_article(token, following)
            if not article and (not token.capital or _is_acronym(token, following)):
                break
            if article:
                continue
            key = translit_key(" ".join(t.text for t in tokens[first : last + 1]))
            ids = self._index.get(key)
            if ids and len(key) >= MIN_KEY_LENGTH:
                best = (last, key, ids)
            if token.possessive:
                break  # "Syria's Raqa" is two names
        return best

    def _credible(self, span: NameSpan) -> bool:
        """Whether a span may be a name at all, before the resolver weighs it; narrows its
        candidates to those its spelling can mean."""
        plain = latin_key(span.surface)
        exact_ids = self._latin.get(plain) or self._latin.get(plain.replace(" ", ""), ())
        exact = bool(exact_ids)
        frequency = english_zipf(plain)
        if frequency >= LOOSE_MATCH_ZIPF:
            if not exact:
                return False
            # An English word that is also a name means only the places named exactly so.
            span.place_ids = tuple(place_id for place_id in span.place_ids if place_id in exact_ids)
        places = self._places(span.place_ids)
        # A country has one English name, not a spelling by ear; and a form of it that is an
        # English word is its adjective ("Syrian").
        places = [
            place
            for place in places
            if place.kind != "country"
            or (exact and (latin_key(place.name) == plain or frequency < LOOSE_MATCH_ZIPF))
        ]
        if not places:
            return False
        span.place_ids = tuple(place.id for place in places)
        kinds = {place.kind for place in places}
        if span.cue:
            return True
        if frequency >= COMMON_ENGLISH_ZIPF and not kinds & {"country", "governorate", "city"}:
            return False
        if kinds <= LOCAL_KINDS and " " not in plain:
            # A village or town named by one word needs context: a preposition, a list.
            return bool(span.preposition) or span.list_id >= 0
        return True

    def _places(self, ids: Sequence[str]) -> list[Place]:
        places = (self._gazetteer.get(place_id) for place_id in ids)
        return [place for place in places if place is not None]


def _annotate(
    found_names: list[FoundName],
    tokens: Sequence[_Token],
    text: str,
    gazetteer: Gazetteer,
    known_keys: Mapping[str, tuple[str, ...]],
) -> None:
    """Attach cues, lists, prepositions and not-a-place hints to each span."""
    before_cues, after_cues = _cues()
    organisations = _organisation_re()
    organisation_spans = (
        [(match.start(), match.end(), match.group()) for match in organisations.finditer(text)]
        if organisations
        else []
    )
    headlines = _title_case_lines(text)
    list_id = 0
    previous: NameSpan | None = None
    for found in found_names:
        span, first, last = found.span, found.first, found.last
        # The words before, "the"/"a" skipped once, and after.
        before = [token.lower for token in tokens[max(0, first - 4) : first]]
        while before and before[-1] in _FILLERS:
            before.pop()
        after_tokens = tokens[last + 1 : last + 4]
        after = [token.lower for token in after_tokens]
        span.next_word = after[0] if after else ""
        for cue in before_cues:
            if tuple(before[-len(cue.words) :]) == cue.words:
                _set_cue(span, cue)
                break
        else:
            for cue in after_cues:
                if tuple(after[: len(cue.words)]) == cue.words and after_tokens[0].gap in (
                    " ",
                    "-",
                ):
                    _set_cue(span, cue)
                    if cue.extends:
                        found.end = after_tokens[len(cue.words) - 1].end
                    break
        if before and (before[-1] in LOCATION_WORDS or before[-1] in _movement_verbs()):
            span.preposition = before[-1]
        # A list: "A, B and C", "A and B", "A/B".
        if previous is not None and span.start - previous.end <= 6:
            gap = text[previous.end : span.start]
            if re.fullmatch(r"\s*(?:,|/|,?\s+and|,?\s+or)\s*", gap):
                if previous.list_id < 0:
                    previous.list_id = list_id
                    list_id += 1
                span.list_id = previous.list_id
                if not span.cue and previous.cue_kinds:
                    span.cue, span.cue_kinds = previous.cue, previous.cue_kinds
                    span.cue_weight = previous.cue_weight * 0.8
                if not span.preposition and previous.preposition:
                    span.preposition = previous.preposition
        title_case = any(low <= span.start < high for low, high in headlines)
        _hint(span, tokens, first, last, gazetteer, organisation_spans, known_keys, title_case)
        previous = span
    _actor_lists([found.span for found in found_names])


def _set_cue(span: NameSpan, cue: _Cue) -> None:
    span.cue = " ".join(cue.words)
    span.cue_kinds, span.cue_weight = cue.kinds, cue.weight


def _hint(
    span: NameSpan,
    tokens: Sequence[_Token],
    first: int,
    last: int,
    gazetteer: Gazetteer,
    organisation_spans: Sequence[tuple[int, int, str]],
    known_keys: Mapping[str, tuple[str, ...]],
    title_case: bool,
) -> None:
    for start, end, name in organisation_spans:
        if start <= span.start and span.end <= end:
            span.hints.append(f"organisation:{name}")
            return
    following = tokens[last + 1] if last + 1 < len(tokens) else None
    preceding = tokens[first - 1] if first else None
    if (
        following is not None
        and following.capital
        and following.gap == " "
        and following.lower in _words("after", "organisation")
    ):
        span.hints.append(f"organisation:{span.surface} {following.text}")
        return
    if preceding is not None and preceding.lower in _words("before", "organisation"):
        span.hints.append(f"organisation:{preceding.text} {span.surface}")
        return
    if following is not None and following.gap == "-" and not following.capital:
        # "US-backed", "Istanbul-based": an adjective made of a name (as a nisba is).
        span.hints.append("nisba")
        return
    if (
        preceding is not None
        and not title_case
        and tokens[first].gap == " "
        and _names_a_person(preceding, span, known=latin_key(preceding.text) in known_keys)
    ):
        span.hints.append("person-title")
        return
    countries = [
        place
        for place in (gazetteer.get(place_id) for place_id in span.place_ids)
        if place is not None and place.kind == "country"
    ]
    if not countries or span.cue:
        return
    before = [token.lower for token in tokens[max(0, first - 2) : first]]
    acting = (
        following is not None
        and following.gap.strip() == ""
        and following.lower in _words("after", "actor")
    ) or (
        bool(before)
        and (before[-1] in _words("before", "actor") or before[-2:] == ["backed", "by"])
    )
    # A foreign state's possessive in a report on Syria is the state acting ("Turkey's
    # offensive"); Syria's is where things are ("Syria's Raqa", "Syria's northwest").
    foreign = all(place.country != "SY" for place in countries)
    last_token = tokens[last]
    if last_token.possessive and foreign:
        acting = acting or following is None or following.lower not in _directions()
    if acting:
        span.hints.append("actor")


def _names_a_person(preceding: _Token, span: NameSpan, *, known: bool) -> bool:
    """Whether the word before the name makes it part of a person's name ("Bashar al-Assad",
    "Michael Jordan", "President X"): a title, or a capitalised word right before the name that
    does not start its sentence (where any word is capitalised), is no function word and
    names no place itself."""
    if preceding.lower in _words("before", "person"):
        return True
    if not preceding.capital or preceding.possessive:
        return False
    return (
        not _starts_sentence(preceding)
        and english_zipf(preceding.lower) < STOP_WORD_ZIPF
        and preceding.lower not in _directions()
        and not preceding.text.isupper()
        and not known
    )


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """Lines written in title case ("Rebels Seize Key Town In Idlib"), where a capital says
    nothing about a word: (start, end) of each."""
    lines: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        words = re.findall(r"[^\W\d_]+", line)
        if len(words) >= 4 and sum(word[0].isupper() for word in words) >= 0.7 * len(words):
            lines.append((start, start + len(line)))
        start += len(line) + 1
    return lines


def _starts_sentence(token: _Token) -> bool:
    """Whether ``token`` opens the text, a line or a sentence."""
    if token.start == len(token.gap) or "\n" in token.gap:
        return True
    gap = token.gap.rstrip(" \t\"'“‘(")
    return bool(gap) and gap[-1] in ".!?:;"


def _actor_lists(spans: Sequence[NameSpan]) -> None:
    """States listed with a state acting act too ("Russia and Iran reaffirmed")."""
    lists: dict[int, list[NameSpan]] = {}
    for span in spans:
        if span.list_id >= 0:
            lists.setdefault(span.list_id, []).append(span)
    for members in lists.values():
        if any("actor" in member.hints for member in members):
            for member in members:
                if "actor" not in member.hints and not member.cue:
                    member.hints.append("actor")


# -- from spans to mentions ----------------------------------------------------------------

#: One recognizer per gazetteer (building one keys every Latin name of the gazetteer).
_RECOGNIZERS: weakref.WeakKeyDictionary[Any, EnglishRecognizer] = weakref.WeakKeyDictionary()


def recognizer_for(
    gazetteer: LatinGazetteer, overrides: Overrides | None = None
) -> EnglishRecognizer:
    """The English recognizer of ``gazetteer`` (with the places ``overrides`` adds), built on
    first use; a parser's gazetteer and overrides go together."""
    recognizer = _RECOGNIZERS.get(gazetteer)
    if recognizer is None:
        extra = _latin_keys_of(overrides.places) if overrides is not None else {}
        recognizer = _RECOGNIZERS[gazetteer] = EnglishRecognizer(gazetteer, extra=extra)
    return recognizer


def _latin_keys_of(places: Iterable[Place]) -> dict[str, tuple[str, ...]]:
    keys: dict[str, list[str]] = {}
    for place in places:
        for name in (place.name, *place.names):
            key = latin_key(name) if name and not has_arabic(name) else ""
            if key:
                keys.setdefault(key, []).append(place.id)
    return {key: tuple(dict.fromkeys(ids)) for key, ids in keys.items()}


def parse_english(
    document: Document, gazetteer: LatinGazetteer, *, overrides: Overrides | None = None
) -> ParsedDocument:
    """Parse an English document: its place mentions (with an analyst's pins and added
    places, ``overrides``) and movement claims."""
    from geo.parse import sentence_spans
    from geo.routes.english import extract_english_routes

    text = document.text
    breaks = [end for _start, end in sentence_spans(text)]
    mentions = english_mentions(
        text,
        recognizer_for(gazetteer, overrides),
        gazetteer,
        skip=document.skip,
        sentence_breaks=breaks,
        pins=_pins_for(overrides, document.id) if overrides is not None else {},
    )
    parsed = ParsedDocument(document=document, mentions=mentions)
    parsed.routes = extract_english_routes(document, mentions)
    return parsed


def english_mentions(
    text: str,
    recognizer: EnglishRecognizer,
    gazetteer: Gazetteer,
    *,
    skip: Iterable[tuple[int, int]] = (),
    sentence_breaks: Sequence[int] = (),
    pins: Mapping[str, Pin] | None = None,
) -> list[Mention]:
    """Every place an English text names, resolved, with regions and named areas; ``pins``
    (transliteration key -> analyst pin) fix the place of the names they key."""
    skip = list(skip)
    found_names = recognizer.find_names(text, skip=skip)
    spans = [found.span for found in found_names]
    mentions = resolve_spans(spans, text, gazetteer, sentence_breaks=sentence_breaks)
    # "al-Hol camp": the camp or crossing word joins the span (the annotation convention).
    extended = {found.span.start: found.end for found in found_names}
    for mention in mentions:
        end = extended.get(mention.start, 0)
        if end > mention.end:
            mention.end, mention.text = end, text[mention.start : end]
    areas = _area_mentions(text, gazetteer, skip)
    mentions.extend(_unknown_places(text, [*mentions, *areas], skip))
    if pins:
        _apply_pins(mentions, pins, gazetteer)
    mentions = _regions(mentions, text, gazetteer)
    mentions.sort(key=lambda mention: (mention.start, mention.end))
    return take_over(mentions, areas)


# -- analyst pins ------------------------------------------------------------------------


def _pins_for(overrides: Overrides, document_id: str) -> dict[str, Pin]:
    """The pins that apply in a document, by the transliteration key of the pinned name (a
    pin for this document beats a pin for every document)."""
    pins: dict[str, Pin] = {}
    for pin in overrides.pins:
        if pin.document and pin.document != document_id:
            continue
        key = translit_key(pin.name) if not has_arabic(pin.name) else ""
        if key and (key not in pins or pin.document):
            pins[key] = pin
    return pins


def _apply_pins(mentions: Sequence[Mention], pins: Mapping[str, Pin], gazetteer: Gazetteer) -> None:
    for mention in mentions:
        pin = pins.get(mention.key) or pins.get(translit_key(mention.text))
        if pin is None:
            continue
        place = pin.place or gazetteer.get(pin.place_id)
        if place is None:
            mention.place, mention.confidence = None, 0.0
            mention.reason = (
                f"pinned by analyst to {pin.place_id}, which the gazetteer does not have"
            )
        else:
            mention.place, mention.confidence = place, 1.0
            mention.reason = "pinned by analyst" + (f": {pin.note}" if pin.note else "")
            mention.candidates = [c for c in mention.candidates if c.place.id != place.id]
        mention.pinned = True


# -- names the gazetteer lacks -----------------------------------------------------------


def _unknown_places(
    text: str, mentions: Sequence[Mention], skip: Sequence[tuple[int, int]]
) -> list[Mention]:
    """Names a cue introduces ("Rukban camp", "the village of X") that the gazetteer lacks, and
    their later bare occurrences: unresolved mentions, with the reason."""
    tokens = _tokens(text)
    taken = [(mention.start, mention.end) for mention in mentions]
    before_cues, after_cues = _cues()
    introduced: dict[str, str] = {}
    found: list[Mention] = []

    blocked = sorted([*taken, *skip])
    blocked_starts = [low for low, _high in blocked]
    reach = max((high - low for low, high in blocked), default=0)

    def free(start: int, end: int) -> bool:
        # Only intervals starting within ``reach`` before ``end`` can overlap [start, end).
        first = bisect.bisect_left(blocked_starts, start - reach)
        last = bisect.bisect_left(blocked_starts, end)
        return not any(blocked[i][1] > start for i in range(first, last))

    index = 0
    while index < len(tokens):
        run = _name_run(tokens, index)
        if run is None:
            index += 1
            continue
        first, last = run
        start, end = tokens[first].start, tokens[last].end
        name = text[start:end]
        key = translit_key(name)
        before = [token.lower for token in tokens[max(0, first - 3) : first]]
        while before and before[-1] in _FILLERS:
            before.pop()
        after_tokens = tokens[last + 1 : last + 3]
        after = [token.lower for token in after_tokens]
        cue_end, cue_text = end, ""
        for cue in after_cues:
            if (
                cue.introduces
                and tuple(after[: len(cue.words)]) == cue.words
                and after_tokens[0].gap in (" ", "-")
            ):
                cue_end, cue_text = after_tokens[len(cue.words) - 1].end, " ".join(cue.words)
                break
        else:
            for cue in before_cues:
                if cue.introduces and tuple(before[-len(cue.words) :]) == cue.words:
                    cue_text = " ".join(cue.words)
                    break
        arabic = tokens[first].lower in ARTICLES
        rare = all(
            english_zipf(token.lower) < UNKNOWN_NAME_ZIPF
            for token in tokens[first : last + 1]
            if token.lower not in ARTICLES
        )
        if cue_text and (rare or arabic) and free(start, cue_end):
            introduced[key] = cue_text
            found.append(_unknown(text, start, cue_end, key, f"named by the cue {cue_text!r}"))
        elif key in introduced and free(start, end):
            found.append(
                _unknown(text, start, end, key, f"named earlier by the cue {introduced[key]!r}")
            )
        index = last + 1
    return found


def _name_run(tokens: Sequence[_Token], first: int) -> tuple[int, int] | None:
    """The run of capitalised words (with articles) starting at ``first``, at most three."""
    last = -1
    for position in range(first, min(first + 4, len(tokens))):
        token = tokens[position]
        if position > first and token.gap not in (" ", "-"):
            break
        following = tokens[position + 1] if position + 1 < len(tokens) else None
        if _is_article(token, following):
            continue
        if (
            not token.capital
            or _is_acronym(token, following)
            or token.lower in _all_cue_words()
            or english_zipf(token.lower) >= STOP_WORD_ZIPF
        ):
            break
        last = position
        if token.possessive:
            break
    return (first, last) if last >= first else None


@functools.cache
def _all_cue_words() -> frozenset[str]:
    before, after = _cues()
    return frozenset(word for cue in (*before, *after) for word in cue.words)


def _unknown(text: str, start: int, end: int, key: str, why: str) -> Mention:
    return Mention(
        text=text[start:end],
        start=start,
        end=end,
        key=key,
        cue="unknown",
        place=None,
        confidence=0.0,
        reason=f"a place the gazetteer does not have: {why}",
    )


# -- region phrases ----------------------------------------------------------------------


def _direction_group() -> str:
    return "|".join(re.escape(word) for word in sorted(_directions(), key=len, reverse=True))


@functools.cache
def _region_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    direction = _direction_group()
    unit = r"(?:(?:city|province|governorate|town)\s+of\s+)?"
    # "the eastern countryside of (the province of) X", "rural parts of western X".
    countryside_before = re.compile(
        rf"\b({direction})\s+(?:countryside|rural\s+areas?|suburbs|outskirts)\s+of\s+(?:the\s+)?{unit}$",
        re.I,
    )
    rural_before = re.compile(
        rf"\b(?:rural\s+(?:parts|areas)\s+of\s+(?:the\s+)?|rural\s+)({direction})\s+$|\b({direction})\s+rural\s+$",
        re.I,
    )
    # "eastern X countryside", "eastern X suburbs".
    direction_before = re.compile(rf"\b({direction})\s+$", re.I)
    countryside_after = re.compile(r"^\s+(?:countryside|suburbs|rural\s+areas)\b", re.I)
    return countryside_before, rural_before, direction_before, countryside_after


_UNIT_AFTER_RE = re.compile(r"^\s+(?:province|governorate|city)\b", re.I)


def _english_phrase(text: str, mention: Mention) -> RegionPhrase | None:
    countryside_before, rural_before, direction_before, countryside_after = _region_patterns()
    window_start = max(0, mention.start - 70)
    before = text[window_start : mention.start]
    after = text[mention.end : mention.end + 40]
    directions = _directions()
    end = mention.end
    unit = _UNIT_AFTER_RE.match(after)
    if unit:
        end = mention.end + unit.end()
    match = countryside_before.search(before) or rural_before.search(before)
    if match:
        word = next(group for group in match.groups() if group)
        bearing, label = directions[word.lower()]
        return RegionPhrase(window_start + match.start(), end, bearing, label, "countryside")
    match = direction_before.search(before)
    if match:
        tail = countryside_after.match(after)
        bearing, label = directions[match.group(1).lower()]
        if tail:
            return RegionPhrase(
                window_start + match.start(),
                mention.end + tail.end(),
                bearing,
                label,
                "countryside",
            )
        return RegionPhrase(window_start + match.start(), mention.end, bearing, label, "sector")
    match = re.search(rf"\b({_direction_group()})\s+of\s+(?:the\s+)?$", before, re.I)
    if match:
        bearing, label = directions[match.group(1).lower()]
        return RegionPhrase(window_start + match.start(), mention.end, bearing, label, "sector")
    return None


def _regions(mentions: list[Mention], text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Anchors inside directed countryside phrases become region mentions; "north of X" and
    "east Aleppo" keep X, with the direction as a qualifier."""
    out: list[Mention] = []
    for mention in mentions:
        place = mention.place
        if (
            place is None
            or place.kind not in ANCHOR_KINDS
            or mention.pinned
            or place.kind == "country"
        ):
            out.append(mention)
            continue
        phrase = _english_phrase(text, mention)
        if phrase is None:
            out.append(mention)
            continue
        if phrase.form == "sector":
            mention.qualifier = phrase.label
            mention.reason += f"; the text places it {phrase.label} of {place.name}"
            out.append(mention)
            continue
        region, polygon, how = region_for(phrase, place, gazetteer, text=text)
        out.append(
            Mention(
                text=text[phrase.start : phrase.end],
                start=phrase.start,
                end=phrase.end,
                key=mention.key,
                cue=phrase.form,
                place=region,
                confidence=round(mention.confidence * 0.95, 3),
                reason=f"region: {how}; anchor {place.name} ({place.kind}"
                + (f", {place.admin1}" if place.admin1 and place.admin1 != place.name else "")
                + ")",
                geometry=polygon,
            )
        )
    return out


# -- named areas -------------------------------------------------------------------------


@functools.cache
def _area_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern of every English form of the named areas, and form (folded) → name_en."""
    known = {area.name_en for area in named_areas()}
    forms: dict[str, str] = {}
    for row in load_table("en_named_areas"):
        if row["name_en"] not in known:
            continue
        for form in row["forms"].split("|"):
            if form.strip():
                forms[" ".join(form.lower().split())] = row["name_en"]
    alternatives = "|".join(
        re.escape(form).replace(r"\ ", r"\s+") for form in sorted(forms, key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.I), forms


def _area_mentions(
    text: str, gazetteer: Gazetteer, skip: Sequence[tuple[int, int]]
) -> list[Mention]:
    pattern, forms = _area_pattern()
    areas = {area.name_en: area for area in named_areas()}
    operation = _words("before", "organisation")
    found: list[Mention] = []
    for match in pattern.finditer(text):
        start, end = match.start(), match.end()
        if any(low <= start and end <= high for low, high in skip):
            continue
        words_before = text[max(0, start - 20) : start].split()
        if words_before and words_before[-1].lower() in operation:
            continue
        after = text[end : end + 20].split()
        if (
            after
            and after[0][:1].isupper()
            and after[0].lower().strip(".,;:") in _words("after", "organisation")
        ):
            continue
        area = areas[forms[" ".join(match.group().lower().split())]]
        geometry, how = area_extent(area, gazetteer)
        point = _point(geometry)
        what = "river" if area.kind == "river" else "named region"
        reason = (
            f"{what} {area.name_en}, not placed: {area.note}"
            if geometry is None
            else f"{what} {area.name_en}: {how} ({area.note})"
        )
        found.append(
            Mention(
                text=match.group(),
                start=start,
                end=end,
                key=translit_key(match.group()),
                cue="area",
                place=Place(
                    id=area.id,
                    name=area.name_en,
                    name_ar=area.names[0],
                    kind="river" if area.kind == "river" else "region",
                    lat=point[0] if point else None,
                    lon=point[1] if point else None,
                    source="geo:named-areas",
                ),
                confidence=0.8 if geometry is not None else 0.7,
                reason=reason,
                geometry=geometry,
            )
        )
    return found


def _point(geometry: object) -> tuple[float, float] | None:
    if geometry is None:
        return None
    kind = getattr(geometry, "geom_type", "")
    if kind in ("LineString", "MultiLineString"):
        middle = geometry.interpolate(0.5, normalized=True)  # type: ignore[attr-defined]
    else:
        middle = geometry.representative_point()  # type: ignore[attr-defined]
    return round(middle.y, 6), round(middle.x, 6)
