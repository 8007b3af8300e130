"""Names the gazetteer lacks: places the text itself says are places.

Two things in a sentence say so without a gazetteer:

* a naming cue: "قرية X", "بلدتي X وY" (a dual names two), "قرى X، Y وZ" (a plural names a
  list);
* a list: when most items of an enumeration ("X، Y، Z وW") are known places, the others are
  places too.

A third says which place a name is: "رأس العين / سري كانيه" gives a second name of the place
just named, and the mention takes that place, with the text's own slash as the reason.

Each other name becomes an unresolved mention (``place`` is None) with its offsets and the
reason, so that it is reported, never dropped, and never placed where no source put it. A name
runs one word, or two when one of them is a word that makes names ("أبو حجر", "عين زبيدة",
"الكرك الشرقي": ``data/lexicons/name_parts.tsv``).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from geo.distance import haversine_km
from geo.gazetteer.protocol import Gazetteer
from geo.lexicons import folded_words, load_table
from geo.model import Mention, Place
from geo.normalize import arabic_key, fold_arabic, fold_text, spelling_variants
from geo.recognize import common_words
from geo.resolve import zipf

#: An Arabic word of the folded text (letters only).
_WORD = "[\u0621-\u064a]+"
#: What stands between two items of a list: a comma (and perhaps و), or a glued و.
_SEPARATOR_RE = re.compile(r"\s*[،,]\s*(?:و(?=[\u0621-\u064a]{3}))?|\s+و(?=[\u0621-\u064a]{3})")
_WORD_RE = re.compile(_WORD)
#: Words at least this frequent (Zipf scale) are words of the language, not names.
COMMON_ZIPF = 3.0
#: After an indefinite cue, a definite word is refused only when at least this common.
DEFINITE_AFTER_CUE_ZIPF = 4.5
#: The word beside a name-making word ("الشيخ مقصود") is refused only when at least this common.
NAME_PART_ZIPF = 5.0
#: A separator of a list of known places lies this close (characters) to one of them.
_NEAR = 40
#: The most items a list is read to.
MAX_LIST = 16
#: Share of a list's items that must be known places before its unknown items count as places.
LIST_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class _Name:
    start: int  # folded-text offsets
    end: int


@functools.cache
def _naming_cues() -> dict[str, str]:
    """Folded cue -> how many names it introduces (one, two, many)."""
    return {
        fold_arabic(row["cue"]): row["introduces"]
        for row in load_table("place_cues")
        if row.get("introduces")
    }


def _name_parts() -> tuple[frozenset[str], frozenset[str]]:
    """(words that open a two-word name, words that close one), folded."""
    words = folded_words("name_parts", by="position")
    return words.get("first", frozenset()), words.get("last", frozenset())


@functools.cache
def _item_cue_re() -> re.Pattern[str]:
    """A place word opening an item of a list, with the space after it ("وسد المقرز")."""
    cues = sorted({fold_arabic(row["cue"]) for row in load_table("place_cues")}, key=len)
    alternatives = "|".join(re.escape(cue) for cue in reversed(cues))
    return re.compile(rf"و?(?:{alternatives})[ \t]+(?=[\u0621-\u064a])")


@functools.cache
def _cue_re() -> re.Pattern[str]:
    cues = sorted(_naming_cues(), key=len, reverse=True)
    alternatives = "|".join(re.escape(cue) for cue in cues)
    # Only an indefinite cue governs a name ("قرى البكار"); after a definite one an adjective
    # follows ("القرى الممتدة", "المناطق المحاصرة").
    return re.compile(
        rf"(?<![\u0621-\u064a])[وفبل]?({alternatives})\s+(?=[(«\"“]?\s*[\u0621-\u064a])"
    )


def _name_at(folded: str, position: int) -> _Name | None:
    """The name starting at ``position`` of the folded text: a word, with the word before it
    when that word makes names ("عين زبيدة") and a qualifying word after it ("الكرك الشرقي")."""
    first_words, last_words = _name_parts()
    word = _WORD_RE.match(folded, position)
    if word is None:
        return None
    end = word.end()
    if word.group() in first_words:
        following = _NEXT_WORD_RE.match(folded, end)
        if following is not None:
            end = following.end()
    qualifier = _NEXT_WORD_RE.match(folded, end)
    if qualifier is not None and qualifier.group(1) in last_words:
        end = qualifier.end()
    return _Name(position, end)


def _item_ending_at(folded: str, end: int) -> _Name | None:
    """The longest name (of up to three words) that ends at ``end`` and starts a word."""
    starts = []
    position = end
    for _word in range(3):
        word_start = position
        while word_start > 0 and folded[word_start - 1].isalpha():
            word_start -= 1
        if word_start == position:
            break
        starts.append(word_start)
        position = word_start
        while position > 0 and folded[position - 1] in " \t":
            position -= 1
    for start in reversed(starts):
        if start and folded[start - 1] not in " \n":
            continue
        name = _name_at(folded, start)
        if name is not None and name.end == end:
            return name
    return None


_NEXT_WORD_RE = re.compile(r"[ \t]+(" + _WORD + ")")
#: Words apart only by spaces or tabs.
_WORD_RUN_RE = re.compile(rf"{_WORD}(?:[ \t]+{_WORD})*")


@functools.lru_cache(maxsize=65536)
def _is_name_like(written: str, glued: str, *, after_cue: bool) -> bool:
    """Whether words as written can be a name: no word of it common (a word that makes names,
    such as عين or أبو, may stand beside the name). ``glued`` is the word with the و a list
    separator took from it: "وصلت" is a verb, not و + صلت.

    After an indefinite cue a definite word cannot be an adjective ("قرى البكار", not "قرى
    الممتدة"), so only a very common one is refused there; so is the word after a name-making
    word ("الشيخ مقصود").
    """
    first_words, last_words = _name_parts()
    parts = written.split()
    if not parts or len(fold_arabic(parts[-1])) < 3:
        return False
    if glued and zipf(_bare(glued)) >= max(COMMON_ZIPF, zipf(_bare(parts[0]))):
        return False  # the و belongs to the word (وصلت), and the word is a common one
    common = common_words()
    made = any(fold_arabic(part) in first_words for part in parts)
    named = False
    for part in parts:
        folded = fold_arabic(part)
        if folded in first_words or folded in last_words:
            continue
        bare = folded[2:] if folded.startswith("ال") else folded
        if bare in common or folded in common:
            return False
        limit = COMMON_ZIPF
        if made:
            limit = NAME_PART_ZIPF
        elif after_cue and folded.startswith("ال"):
            limit = DEFINITE_AFTER_CUE_ZIPF
        if zipf(_bare(part)) >= limit:
            return False
        named = True
    return named


_MARKS_RE = re.compile("[\u064b-\u065f\u0670\u0640]")


def _bare(word: str) -> str:
    """The word without diacritics and tatweel, as word frequencies know it."""
    return _MARKS_RE.sub("", word)


class _Reader:
    """One text: its folded form, the spans taken by mentions, and the names found."""

    def __init__(self, text: str, mentions: Sequence[Mention], skip: Iterable[tuple[int, int]]):
        self.text = text
        self.folded, self.offsets = fold_text(text)
        taken = sorted(
            (self.folded_index(start), self.folded_index(end))
            for start, end in [(mention.start, mention.end) for mention in mentions] + list(skip)
        )
        # In folded offsets, as the names are read.
        self.starts = [start for start, _end in taken]
        # The furthest end among the spans taken so far, in order of start: a name overlaps a
        # taken span if one starting before its end ends after its start.
        self.furthest = list(itertools.accumulate([end for _start, end in taken], max))
        self.ends = sorted(end for _start, end in taken)
        self.found: dict[tuple[int, int], Mention] = {}

    def original(self, index: int) -> int:
        return self.offsets[index] if self.offsets is not None else index

    def folded_index(self, index: int) -> int:
        return self.offsets.folded_index(index) if self.offsets is not None else index

    def known_near(self, position: int) -> bool:
        """Whether a taken span starts or ends within ``_NEAR`` characters of ``position``."""
        after = bisect.bisect_left(self.starts, position)
        if after < len(self.starts) and self.starts[after] - position <= _NEAR:
            return True
        ended = bisect.bisect_right(self.ends, position)
        return bool(ended) and position - self.ends[ended - 1] <= _NEAR

    def known(self, name: _Name) -> bool:
        """Whether a mention (or a skipped span) overlaps the name."""
        before = bisect.bisect_left(self.starts, name.end)
        return bool(before) and self.furthest[before - 1] > name.start

    def name_like(self, name: _Name, *, after_cue: bool) -> bool:
        glued = ""
        if name.start and self.folded[name.start - 1] == "و":
            word = _WORD_RE.match(self.folded, name.start)
            end = word.end() if word else name.end
            glued = self.text[self.original(name.start - 1) : self.original(end)]
        written = self.text[self.original(name.start) : self.original(name.end)]
        return _is_name_like(written, glued, after_cue=after_cue)

    def walk(self, position: int, limit: int, *, after_cue: bool = False) -> list[_Name]:
        """The items of a list from ``position``, at most ``limit``: it ends at the first item
        that is neither a known place nor name-like, unless a comma and a name follow it (that
        item is left out: "وأبو حجر" is not read as a name, the list goes on), and an item
        after a bare comma that ends it is dropped (an Arabic list closes with و: "أ، ب وج")."""
        items: list[_Name] = []
        closing = ""
        while len(items) < limit:
            name = self._item_at(position, after_cue=after_cue, first=not items)
            if name is None:
                following = self._after_unread_item(position) if items else None
                if following is None:
                    break
                position = following
                continue
            items.append(name)
            separator = _SEPARATOR_RE.match(self.folded, name.end)
            if separator is None:
                break
            closing = separator.group()
            position = separator.end()
        else:
            return items
        if len(items) >= 2 and "و" not in closing and "و" not in self.between(items[-2], items[-1]):
            items.pop()
        return items

    def _item_at(self, position: int, *, after_cue: bool, first: bool) -> _Name | None:
        """The list item at ``position`` if it is a known place or reads as a name. An item
        after the first may open with a place word of its own ("والمقرز، وسد المقرز")."""
        if first:
            name, own_cue = _name_at(self.folded, position), False
        else:
            name, own_cue = self._name_after_own_cue(position)
        if name is None or not (
            self.known(name) or self.name_like(name, after_cue=after_cue or own_cue)
        ):
            return None
        return name

    def _name_after_own_cue(self, position: int) -> tuple[_Name | None, bool]:
        """The name at ``position``, past a place word opening it ("وسد X"), and whether one
        did."""
        cue = _item_cue_re().match(self.folded, position)
        return _name_at(self.folded, cue.end() if cue else position), cue is not None

    def _after_unread_item(self, position: int) -> int | None:
        """Where the list goes on after an item at ``position`` that does not read as a name,
        when a comma follows it and a name follows the comma; else None."""
        name, _own_cue = self._name_after_own_cue(position)
        if name is None:
            return None
        separator = _SEPARATOR_RE.match(self.folded, name.end)
        if separator is None or not separator.group().strip().startswith(("،", ",")):
            return None
        if self._item_at(separator.end(), after_cue=False, first=False) is None:
            return None
        return separator.end()

    def between(self, left: _Name, right: _Name) -> str:
        return self.folded[left.end : right.start]

    def add(self, name: _Name, reason: str, cue: str) -> None:
        if self.known(name):
            return
        start, end = self.original(name.start), self.original(name.end)
        self.found.setdefault(
            (start, end),
            Mention(
                text=self.text[start:end],
                start=start,
                end=end,
                cue=cue,
                place=None,
                confidence=0.0,
                reason=reason
                + "; not in the gazetteer: add it with an analyst override to place it",
            ),
        )


#: What may stand between a cue and its first name: an opening bracket or quote.
_OPENING_RE = re.compile(r"[(«\"“]\s*")
#: A slash between two names of one place: "رأس العين / سري كانيه".
_ALIAS_RE = re.compile(r"[ \t]*/[ \t]*")


def _alias_at(folded: str, position: int) -> _Name | None:
    """The second name starting at ``position``: up to three words before a separator or a
    list's glued و, none a word of grammar and the last no common word ("سري كانيه"). A
    definite word after the first is an adjective ("... الحدوديتين") unless the word before it
    makes names ("عين العرب")."""
    first_words, _last_words = _name_parts()
    common = common_words()
    run = _WORD_RUN_RE.match(folded, position)
    words: list[re.Match[str]] = []
    for word in _WORD_RE.finditer(folded, position, run.end() if run else position):
        text = word.group()
        if len(words) == 3 or text in common or (words and text.startswith("و") and len(text) > 3):
            break
        if words and text.startswith("ال") and words[-1].group() not in first_words:
            break
        words.append(word)
    if not words:
        return None
    last = words[-1].group()
    if len(last) < 3 or zipf(last) >= COMMON_ZIPF or last in first_words:
        return None
    return _Name(position, words[-1].end())


def _aliases(reader: _Reader, mentions: Sequence[Mention]) -> list[Mention]:
    """Mentions for the second names a slash gives placed mentions ("X / Y"): the same place."""
    found: list[Mention] = []
    for mention in mentions:
        if mention.place is None:
            continue
        slash = _ALIAS_RE.match(reader.folded, reader.folded_index(mention.end))
        if slash is None:
            continue
        name = _alias_at(reader.folded, slash.end())
        if name is None or reader.known(name):
            continue
        start, end = reader.original(name.start), reader.original(name.end)
        found.append(
            Mention(
                text=reader.text[start:end],
                start=start,
                end=end,
                cue="alias",
                place=mention.place,
                confidence=mention.confidence,
                reason=f"another name of {mention.text}, as the text writes it: "
                f"{reader.text[mention.start : end]}",
                geometry=mention.geometry,
            )
        )
    return found


def unknown_places(
    text: str, mentions: Sequence[Mention], skip: Iterable[tuple[int, int]]
) -> list[Mention]:
    """Unresolved mentions for names that a naming cue or a list of known places introduces
    and that overlap no mention and no ``skip`` span, and placed ones for the second names a
    slash gives a placed mention.

    Parameters
    ----------
    text
        The document text.
    mentions
        The mentions found so far (resolved or not).
    skip
        Spans not analysed (site furniture).
    """
    reader = _Reader(text, mentions, skip)
    aliases = _aliases(reader, mentions)
    if aliases:  # the second names are taken too
        reader = _Reader(text, [*mentions, *aliases], skip)
    folded = reader.folded
    cues = _naming_cues()
    for match in _cue_re().finditer(folded):
        position = match.end()
        opening = _OPENING_RE.match(folded, position)
        if opening is not None:
            position = opening.end()
        if folded.startswith("و", position):
            continue  # "قرى وبلدات": a second common noun, not a name
        cue = match.group(1)
        written = text[reader.original(match.start(1)) : reader.original(match.end(1))]
        limit = {"one": 1, "two": 2}.get(cues[cue], MAX_LIST)
        for name in reader.walk(position, limit, after_cue=True):
            reader.add(name, f"named as a place (after {written})", cue)
    walked = 0
    for separator in _SEPARATOR_RE.finditer(folded):
        if not reader.known_near(separator.start()):
            continue  # a list of known places has one next to each of its separators
        # A list has a separator after its first item: start from the item that ends here.
        first = _item_ending_at(folded, separator.start())
        if first is None or first.start < walked:
            continue
        run = reader.walk(first.start, MAX_LIST)
        if run:
            walked = run[-1].end
        known = [name for name in run if reader.known(name)]
        if len(known) >= 2 and len(known) >= LIST_SHARE * len(run):
            for name in run:
                reader.add(name, f"listed with {len(known)} known places", "list")
    return sorted([*aliases, *reader.found.values()], key=lambda mention: mention.start)


#: A spelling variant is taken only for a place this close to a place the text names (km).
VARIANT_RADIUS_KM = 30.0
#: Kinds of place a variant spelling may stand for (names of small places vary most).
_VARIANT_KINDS = ("town", "village", "camp", "neighbourhood", "city", "subdistrict")


def place_variants(mentions: Sequence[Mention], gazetteer: Gazetteer) -> None:
    """Place unresolved mentions whose name is a gazetteer name or a common variant spelling
    of one (``geo.normalize.spelling_variants``), when that place lies within
    ``VARIANT_RADIUS_KM`` of a place the text names; the reason gives the spelling, how alike
    (rapidfuzz) and the neighbour. Mentions are changed in place."""
    from rapidfuzz import fuzz

    placed = [
        mention
        for mention in mentions
        if mention.place is not None
        and mention.place.lat is not None
        and mention.place.kind != "country"
    ]
    for mention in mentions:
        if mention.place is not None or mention.pinned:
            continue
        key = arabic_key(mention.text)
        best: tuple[float, Place, Mention, str] | None = None
        # The name as written first: a gazetteer name the recognizer passed over as a word
        # of the language ("المعلقة") is a place when the text lists or cues it as one.
        for variant in [key, *sorted(spelling_variants(key))]:
            for place in gazetteer.by_key(variant):
                if place.kind not in _VARIANT_KINDS or place.lat is None or place.lon is None:
                    continue
                for other in placed:
                    assert other.place is not None and other.place.lat is not None
                    distance = haversine_km(place.lat, place.lon, other.place.lat, other.place.lon)  # type: ignore[arg-type]
                    if distance <= VARIANT_RADIUS_KM and (best is None or distance < best[0]):
                        best = (distance, place, other, variant)
        if best is None:
            continue
        distance, place, other, variant = best
        near = f"{distance:.0f} km from {other.text}, named in the text"
        mention.place = place
        if variant == key:
            mention.confidence = 0.7
            why = mention.reason.split(";")[0]
            mention.reason = f"{why}; the gazetteer's {place.name} ({place.kind}), {near}"
            continue
        alike = fuzz.ratio(key, variant)
        mention.confidence = 0.6
        mention.reason = (
            f"spelled {mention.text}, read as {place.name_ar or variant} ({place.name}; "
            f"a common variant spelling, {alike:.0f}% alike); {near}"
        )
