"""Syrian place names in English text: spans the resolver can weigh.

Candidate names are runs of capitalised words (articles excepted) whose transliteration key
(``geo.latin.translit``) the gazetteer knows, longest first. Each span carries the context
the resolver reads (``NameSpan``): the place cue around it ("the town of", "camp",
"province"), lists ("A, B and C"), a location preposition or movement verb, and hints that it
is not a place: a state acting ("Turkey said"), part of an organisation's or operation's name
("Syria Direct", "Operation Peace Spring"), part of a person's name, an adjective made of a
name ("US-backed").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from geo.gazetteer.protocol import Gazetteer
from geo.latin.translit import ARTICLES, MIN_KEY_LENGTH, translit_key
from geo.latin.words import (
    COMMON_ENGLISH_ZIPF,
    FILLERS,
    LOCAL_KINDS,
    LOCATION_WORDS,
    LOOSE_MATCH_ZIPF,
    STOP_WORD_ZIPF,
    Cue,
    Token,
    cues,
    direction_words,
    english_zipf,
    is_acronym,
    is_article,
    movement_verbs,
    name_context,
    organisation_re,
    tokens_of,
)
from geo.model import Place
from geo.normalize import latin_key
from geo.recognize import NameSpan


class LatinGazetteer(Gazetteer, Protocol):
    """The gazetteer contract, with the Latin match keys English recognition reads."""

    def latin_keys(self) -> Mapping[str, tuple[str, ...]]:
        """Every Latin match key (``geo.normalize.latin_key``) with the ids of its places."""
        ...


@dataclass(slots=True)
class FoundName:
    """A recognised name: the resolver's ``NameSpan``, its words (token indices) and where its
    span ends once a camp or crossing word joins it (``end``; 0 when none does)."""

    span: NameSpan
    first: int
    last: int
    end: int = 0


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
        tokens = tokens_of(text)
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
        self, tokens: Sequence[Token], first: int
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
            article = is_article(token, following)
            if not article and (not token.capital or is_acronym(token, following)):
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


def _find_cue(found: FoundName, before: list[str], after_tokens: Sequence[Token]) -> None:
    """The cue before the name ("the town of X"), else after it ("X camp", "X province")."""
    before_cues, after_cues = cues()
    after = [token.lower for token in after_tokens]
    for cue in before_cues:
        if tuple(before[-len(cue.words) :]) == cue.words:
            _set_cue(found.span, cue)
            return
    for cue in after_cues:
        if tuple(after[: len(cue.words)]) == cue.words and after_tokens[0].gap in (" ", "-"):
            _set_cue(found.span, cue)
            if cue.extends:
                found.end = after_tokens[len(cue.words) - 1].end
            return


_LIST_GAP_RE = re.compile(r"\s*(?:,|/|,?\s+and|,?\s+or)\s*")


def _listed_after(previous: NameSpan, span: NameSpan, text: str) -> bool:
    """A list: "A, B and C", "A and B", "A/B"."""
    return span.start - previous.end <= 6 and bool(
        _LIST_GAP_RE.fullmatch(text[previous.end : span.start])
    )


def _share_list(previous: NameSpan, span: NameSpan) -> None:
    """Put ``span`` in ``previous``'s list, with its cue and preposition when it has none."""
    span.list_id = previous.list_id
    if not span.cue and previous.cue_kinds:
        span.cue, span.cue_kinds = previous.cue, previous.cue_kinds
        span.cue_weight = previous.cue_weight * 0.8
    if not span.preposition and previous.preposition:
        span.preposition = previous.preposition


def _annotate(
    found_names: list[FoundName],
    tokens: Sequence[Token],
    text: str,
    gazetteer: Gazetteer,
    known_keys: Mapping[str, tuple[str, ...]],
) -> None:
    """Attach cues, lists, prepositions and not-a-place hints to each span."""
    organisations = organisation_re()
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
        while before and before[-1] in FILLERS:
            before.pop()
        after_tokens = tokens[last + 1 : last + 4]
        after = [token.lower for token in after_tokens]
        span.next_word = after[0] if after else ""
        _find_cue(found, before, after_tokens)
        if before and (before[-1] in LOCATION_WORDS or before[-1] in movement_verbs()):
            span.preposition = before[-1]
        if previous is not None and _listed_after(previous, span, text):
            if previous.list_id < 0:
                previous.list_id = list_id
                list_id += 1
            _share_list(previous, span)
        title_case = any(low <= span.start < high for low, high in headlines)
        _hint(span, tokens, first, last, gazetteer, organisation_spans, known_keys, title_case)
        previous = span
    _actor_lists([found.span for found in found_names])


def _set_cue(span: NameSpan, cue: Cue) -> None:
    span.cue = " ".join(cue.words)
    span.cue_kinds, span.cue_weight = cue.kinds, cue.weight


def _hint(
    span: NameSpan,
    tokens: Sequence[Token],
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
        and following.lower in name_context("after", "organisation")
    ):
        span.hints.append(f"organisation:{span.surface} {following.text}")
        return
    if preceding is not None and preceding.lower in name_context("before", "organisation"):
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
        and following.lower in name_context("after", "actor")
    ) or (
        bool(before)
        and (before[-1] in name_context("before", "actor") or before[-2:] == ["backed", "by"])
    )
    # A foreign state's possessive in a report on Syria is the state acting ("Turkey's
    # offensive"); Syria's is where things are ("Syria's Raqa", "Syria's northwest").
    foreign = all(place.country != "SY" for place in countries)
    last_token = tokens[last]
    if last_token.possessive and foreign:
        acting = acting or following is None or following.lower not in direction_words()
    if acting:
        span.hints.append("actor")


def _names_a_person(preceding: Token, span: NameSpan, *, known: bool) -> bool:
    """Whether the word before the name makes it part of a person's name ("Bashar al-Assad",
    "Michael Jordan", "President X"): a title, or a capitalised word right before the name that
    does not start its sentence (where any word is capitalised), is no function word and
    names no place itself."""
    if preceding.lower in name_context("before", "person"):
        return True
    if not preceding.capital or preceding.possessive:
        return False
    return (
        not _starts_sentence(preceding)
        and english_zipf(preceding.lower) < STOP_WORD_ZIPF
        and preceding.lower not in direction_words()
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


def _starts_sentence(token: Token) -> bool:
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
