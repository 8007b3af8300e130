"""Spans of place names in a text: gazetteer-driven, longest match first, over folded text.

The gazetteer's Arabic match keys (article of the first word dropped, see
``geo.normalize.arabic_key_variants``) go into one Aho-Corasick automaton. The text is folded
one-to-one (``fold_text``), scanned once, and each hit is kept only when it ends a word and
what precedes it inside its word is a chain of proclitics: a conjunction (و ف), a preposition
(ب ل ك) and the article (ال, or لل after ل). So لإدلب gives إدلب and بالرقة gives الرقة, while a
village whose own name starts with ب is found whole, because the longer span wins.

Each span also carries the context the resolver needs: the place cue before it (قرية, ريف ...),
whether it sits in a list of names (parentheses, commas, و), and hints that it is not a place
at all (an outlet name such as "الرقة بوست", a person's kunya, a common word).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import ahocorasick

from geo.lexicons import folded_words, load_table
from geo.normalize import OffsetMap, arabic_key, fold_arabic, fold_text

_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ل", "ك")
#: One character that cannot be inside a word, a space excepted (spaces stay as they are).
_NON_WORD_RE = re.compile("[^\u0621-\u064a\u0660-\u0669\u0671-\u06d3a-zA-Z0-9 ]")

#: Shortest key (letters, spaces not counted) that recognition looks for: two-letter keys
#: are nearly all particles.
MIN_KEY_LETTERS = 3

#: Prepositions and direction markers that, right before a name, suggest a location.
LOCATION_PREPOSITIONS = frozenset(
    fold_arabic(word)
    for word in [
        "في",
        "من",
        "الى",
        "إلى",
        "نحو",
        "باتجاه",
        "صوب",
        "عبر",
        "قرب",
        "بالقرب",
        "ناحية",
        "داخل",
        "خارج",
        "حول",
        "محيط",
        "أطراف",
        "شرق",
        "غرب",
        "شمال",
        "جنوب",
        "شرقي",
        "غربي",
        "شمالي",
        "جنوبي",
        "وسط",
        "بين",
        "مدخل",
    ]
)


#: Administrative titles that some gazetteer aliases carry before the name itself.
_TITLE_WORDS = frozenset(("مدينه", "محافظه", "منطقه", "ناحيه", "مركز", "قضاء", "بلده", "قريه"))

#: Words a cue may be separated from its name by ("قرية في كل من ...", "مدينة شرق ...").
_CUE_BRIDGES = LOCATION_PREPOSITIONS | frozenset(("كل", "وهي", "هي", "كلا", "بلدتي", "قريتي"))


def _clitic_prefixes() -> dict[str, tuple[int, bool]]:
    """Map each allowed in-word prefix to (length of clitics before the article, has article)."""
    prefixes: dict[str, tuple[int, bool]] = {}
    for conjunction in _CONJUNCTIONS:
        for preposition in _PREPOSITIONS:
            clitics = conjunction + preposition
            prefixes.setdefault(clitics, (len(clitics), False))
            if preposition == "ل":
                # ل + ال is written لل: the article's alef drops.
                prefixes.setdefault(conjunction + "لل", (len(conjunction) + 2, False))
            else:
                prefixes.setdefault(clitics + "ال", (len(clitics), True))
    return prefixes


_PREFIXES = _clitic_prefixes()


@dataclass(slots=True)
class NameSpan:
    """A candidate place name found in a text.

    ``start``/``end`` index the original text and cover the name with its article but
    without proclitics. ``place_ids`` are the gazetteer places whose names give ``key``.
    """

    start: int
    end: int
    key: str
    place_ids: tuple[str, ...]
    surface: str = ""
    cue: str = ""
    cue_kinds: tuple[str, ...] = ()
    cue_weight: float = 0.0
    list_id: int = -1
    preposition: str = ""
    next_word: str = ""
    hints: list[str] = field(default_factory=list)

    @property
    def words(self) -> int:
        return self.key.count(" ") + 1


class Recognizer:
    """Find place-name spans in texts with one Aho-Corasick scan over folded text.

    Parameters
    ----------
    keys
        Arabic match key -> place ids, as ``Gazetteer.arabic_keys()`` gives.
    """

    def __init__(self, keys: Mapping[str, Sequence[str]]) -> None:
        # Each name is stored with the space that must follow it: the scanned text has every
        # character that cannot be inside a word turned into a space, so the automaton only
        # reports names that end a word (a bare scan reports twice as many hits, inside
        # words, each to be rejected one by one in Python). Organisation names ride in the
        # same automaton, so that one scan finds both.
        entries: dict[str, _Entry] = {}
        for key, ids in keys.items():
            if len(key.replace(" ", "")) < MIN_KEY_LETTERS or not ids:
                continue
            title, _space, rest = key.partition(" ")
            if title in _TITLE_WORDS and rest in keys:
                # "مدينة إدلب" is read as the cue مدينة and the name إدلب, so that the cue can
                # type the place (a city) rather than be swallowed by an alias of the district.
                continue
            scanned = _NON_WORD_RE.sub(" ", key) + " "
            # Two keys that differ only in punctuation: the first is kept.
            entries.setdefault(scanned, (key, tuple(ids), len(key), " " in key, ""))
        for name, name_en in _organisations():
            scanned = _NON_WORD_RE.sub(" ", name) + " "
            key, ids, length, _rare, _organisation = entries.get(
                scanned, (name, (), len(name), True, "")
            )
            entries[scanned] = (key, ids, length, True, name_en)
        automaton = ahocorasick.Automaton()
        for scanned, entry in entries.items():
            automaton.add_word(scanned, entry)
        automaton.make_automaton()
        self._automaton = automaton
        self._cues = _place_cues()

    @classmethod
    def for_gazetteer(cls, gazetteer: object) -> Recognizer:
        """Build a recognizer from a ``Gazetteer`` (anything with ``arabic_keys()``)."""
        return cls(gazetteer.arabic_keys())  # type: ignore[attr-defined]

    def find(self, text: str, *, skip: Iterable[tuple[int, int]] = ()) -> list[NameSpan]:
        """Return non-overlapping name spans of ``text``, in order, with their context.

        Spans inside ``skip`` (site furniture) are left out.
        """
        folded, scanned, offsets, hits, organisations = self._hits(text, skip)
        spans = [NameSpan(start, end, key, ids, folded[start:end]) for start, end, key, ids in hits]
        _annotate(spans, folded, scanned, self._cues)
        if organisations:
            _mark_organisations(spans, organisations)
        if offsets is not None:
            starts = offsets.originals([span.start for span in spans])
            ends = offsets.originals([span.end for span in spans])
            for span, start, end in zip(spans, starts, ends, strict=True):
                span.start, span.end = start, end
        return spans

    def find_names(
        self, text: str, *, skip: Iterable[tuple[int, int]] = ()
    ) -> list[tuple[int, int, str, tuple[str, ...]]]:
        """Return the name spans of ``text`` only, without the context ``find`` attaches:
        ``(start, end, key, place ids)`` in text order, offsets into ``text``."""
        _folded, _scanned, offsets, hits, _organisations = self._hits(text, skip)
        if offsets is None:
            return hits
        starts = offsets.originals([hit[0] for hit in hits])
        ends = offsets.originals([hit[1] for hit in hits])
        return [
            (start, end, hit[2], hit[3]) for start, end, hit in zip(starts, ends, hits, strict=True)
        ]

    def _hits(
        self, text: str, skip: Iterable[tuple[int, int]]
    ) -> tuple[str, str, OffsetMap | None, list[_Hit], list[tuple[int, int, str]]]:
        folded, offsets = fold_text(text)
        scanned = _NON_WORD_RE.sub(" ", folded) + " "
        hits, organisations = self._scan(folded, scanned)
        hits = _longest_first(hits)
        skip_folded = [_to_folded(interval, offsets) for interval in skip]
        if skip_folded:
            hits = [hit for hit in hits if not _inside_any(hit, skip_folded)]
        return folded, scanned, offsets, hits, organisations

    def _scan(self, folded: str, scanned: str) -> tuple[list[_Hit], list[tuple[int, int, str]]]:
        """Every name ending a word after a chain of proclitics or none, and every
        organisation name ending a word: ``(start, end, key, ids)`` and ``(start, end, name)``."""
        found: list[_Hit] = []
        organisations: list[tuple[int, int, str]] = []
        prefixes = _PREFIXES
        # Typed, so that compiled code unpacks the automaton's (untyped) matches natively.
        match: tuple[int, _Entry]
        for match in self._automaton.iter(scanned):
            # ``end`` is the space after the name: the name ends a word.
            end, (key, ids, length, rare, organisation) = match
            start = end - length
            if rare:
                if " " in key and folded[start:end] != key:
                    continue  # words of the name parted by punctuation or a line break
                if organisation:
                    organisations.append((start, end, organisation))
                    if not ids:
                        continue
            if start and scanned[start - 1] != " ":
                word_start = scanned.rfind(" ", 0, start) + 1
                clitics = prefixes.get(folded[word_start:start])
                if clitics is None:
                    continue
                start = word_start + clitics[0]
            found.append((start, end, key, ids))
        return found, organisations


#: What the automaton holds per name: (place key, place ids, its length, whether it needs a
#: second look — several words, or an organisation's name — and the organisation's English name).
_Entry = tuple[str, tuple[str, ...], int, bool, str]

#: A name found by the scan: (start, end, key, place ids), folded-text offsets.
_Hit = tuple[int, int, str, tuple[str, ...]]


def _longest_first(hits: list[_Hit]) -> list[_Hit]:
    """Keep the longest hits, merging the ids of hits over the same characters.

    Hits that overlap nothing are kept as they are; each run of overlapping hits is settled
    on its own (longest first, then leftmost), which is the same as settling all at once.
    """
    if len(hits) < 2:
        return hits
    hits.sort()
    taken: list[_Hit] = []
    count = len(hits)
    first = 0
    while first < count:
        reach = hits[first][1]
        after = first + 1
        while after < count and hits[after][0] < reach:
            reach = max(reach, hits[after][1])
            after += 1
        if after == first + 1:
            taken.append(hits[first])
        elif after == first + 2 and hits[first][:2] != hits[first + 1][:2]:
            # Two names over different characters: the longer, or the left one on a tie.
            left, right = hits[first], hits[first + 1]
            taken.append(right if right[1] - right[0] > left[1] - left[0] else left)
        else:
            taken.extend(_settle(hits[first:after]))
        first = after
    return taken


def _settle(run: list[_Hit]) -> list[_Hit]:
    """Longest first, then leftmost, among overlapping hits (sorted); in text order."""
    merged = [run[0]]
    for hit in run[1:]:
        last = merged[-1]
        if hit[0] != last[0] or hit[1] != last[1]:
            merged.append(hit)
        elif hit[3] != last[3]:
            ids = tuple(dict.fromkeys(last[3] + hit[3]))
            key = hit[2] if len(hit[2]) > len(last[2]) else last[2]
            merged[-1] = (hit[0], hit[1], key, ids)
    merged.sort(key=lambda hit: (hit[0] - hit[1], hit[0]))
    taken: list[_Hit] = []
    for hit in merged:
        if all(hit[1] <= other[0] or other[1] <= hit[0] for other in taken):
            taken.append(hit)
    taken.sort()
    return taken


def _to_folded(interval: tuple[int, int], offsets: OffsetMap | None) -> tuple[int, int]:
    if offsets is None:
        return interval
    return offsets.folded_index(interval[0]), offsets.folded_index(interval[1])


def _inside_any(hit: _Hit, intervals: list[tuple[int, int]]) -> bool:
    return any(start <= hit[0] and hit[1] <= end for start, end in intervals)


@dataclass(frozen=True, slots=True)
class _Cue:
    kinds: tuple[str, ...]
    weight: float
    written: str


@functools.cache
def _place_cues() -> dict[str, _Cue]:
    cues: dict[str, _Cue] = {}
    for row in load_table("place_cues"):
        kinds = tuple(kind.strip() for kind in row["kinds"].split(",") if kind.strip())
        cues[fold_arabic(row["cue"])] = _Cue(kinds, float(row["weight"]), row["cue"])
    return cues


@functools.cache
def _organisations() -> tuple[tuple[str, str], ...]:
    """(folded name, English name) of the organisations whose names contain place names."""
    return tuple(
        (" ".join(fold_arabic(row["name"]).split()), row["name_en"])
        for row in load_table("organisations")
    )


def _mark_organisations(spans: list[NameSpan], names: list[tuple[int, int, str]]) -> None:
    """Hint spans that lie inside an organisation's name ("جبهة فتح الشام")."""
    for span in spans:
        for start, end, name_en in names:
            if start <= span.start and span.end <= end:
                span.hints.append(f"organisation:{name_en}")
                break


@functools.cache
def outlet_words() -> frozenset[str]:
    """Words that, right after a name, make it an outlet's name ("الرقة بوست")."""
    return frozenset(fold_arabic(row["word"]) for row in load_table("outlets"))


def person_words() -> tuple[frozenset[str], frozenset[str]]:
    """Return (titles that precede a person's name, given names that follow أبو)."""
    words = folded_words("person_cues", by="kind")
    return words.get("before", frozenset()), words.get("given", frozenset())


def actor_words() -> dict[str, frozenset[str]]:
    """Words around a country or capital that make it an actor ("قوات دمشق", "أعلنت تركيا"),
    folded, by position: ``before``, ``before-from`` (before من) and ``after``."""
    return folded_words("actor_cues", by="position")


def _acts(words_before: Sequence[str], next_word: str) -> bool:
    """Whether the words around a name make it the actor of its sentence."""
    if next_word in actor_words()["after"]:
        return True
    if not words_before:
        return False
    if _actor_word(words_before[-1], "before"):
        return True
    return (
        len(words_before) >= 2
        and words_before[-1] == "من"
        and _actor_word(words_before[-2], "before-from")
    )


@functools.lru_cache(maxsize=65536)
def _actor_word(word: str, position: str) -> bool:
    return bool(_lookup_uncached(word, actor_words()[position]))


@functools.cache
def common_words() -> frozenset[str]:
    """Match keys of common words that are also village names (النصر, الثورة ...)."""
    return frozenset(arabic_key(row["word"]) for row in load_table("common_words"))


_WORD_INFO: dict[str, tuple[str, bool, bool, bool]] = {}


def _word_info(
    word: str, cues: Mapping[str, _Cue], titles: frozenset[str]
) -> tuple[str, bool, bool, bool]:
    """(cue it is, whether it bridges a cue to a name, a location preposition, a person's title)."""
    info = _WORD_INFO.get(word)
    if info is None:
        info = _WORD_INFO[word] = (
            _lookup_uncached(word, cues),
            bool(_lookup_uncached(word, _CUE_BRIDGES)),
            bool(_lookup_uncached(word, LOCATION_PREPOSITIONS)),
            bool(_lookup_uncached(word, titles)),
        )
    return info


def _lookup_uncached(word: str, table: Mapping[str, object] | frozenset[str]) -> str:
    """Return the entry of ``table`` that ``word`` is, once proclitics (and ال) are removed."""
    for length in range(0, min(4, len(word) - 1)):
        prefix = word[:length]
        if length and (prefix not in _PREFIXES or _PREFIXES[prefix][0] != length):
            continue
        rest = word[length:]
        if rest in table:
            return rest
        if rest.startswith("ال") and rest[2:] in table:
            return rest[2:]
    return ""


def _annotate(spans: list[NameSpan], folded: str, scanned: str, cues: Mapping[str, _Cue]) -> None:
    """Attach the cue before each span, list membership, prepositions and person hints.

    Words are runs of word characters: ``scanned`` is ``folded`` with every other character
    a space."""
    person_titles, _given = person_words()
    lists = _Lists()
    previous: NameSpan | None = None
    for span in spans:
        # The words before the name (the last three), then the proclitics glued to it, if any.
        words_before = _words_before(scanned, span.start, 4)
        clitics = ""
        if span.start and scanned[span.start - 1] != " ":
            # Only proclitics can be glued to a name (see ``Recognizer._scan``).
            clitics = words_before.pop()
        words_before = words_before[-3:]
        if clitics:
            words_before.append(clitics)
        following = scanned[span.end : span.end + 60].split(None, 1)
        span.next_word = following[0] if following else ""
        infos = [
            _WORD_INFO.get(word) or _word_info(word, cues, person_titles)
            for word in words_before[-3:]
        ]
        _attach_cue(span, infos, cues)
        last_info = infos[-1] if infos else ("", False, False, False)
        if words_before:
            if last_info[2]:
                span.preposition = words_before[-1]
            if clitics and clitics[-1] in "بلك" and not span.preposition:
                span.preposition = clitics
        if previous is not None:
            lists.join(previous, span, folded)
        _attach_hints(span, folded, words_before, clitics, title_before=last_info[3])
        previous = span


def _attach_cue(
    span: NameSpan, infos: Sequence[tuple[str, bool, bool, bool]], cues: Mapping[str, _Cue]
) -> None:
    """The cue a few words back ("قرية تل بيعة", "قرى وبلدات (أ، ب)", "ريف مدينة حلب")."""
    for distance, (cue_word, is_bridge, _preposition, _title) in enumerate(reversed(infos)):
        if cue_word:
            cue = cues[cue_word]
            span.cue = cue.written
            span.cue_kinds, span.cue_weight = cue.kinds, cue.weight * (0.8**distance)
            return
        if not is_bridge:
            return


class _Lists:
    """Numbers the lists of a text as their names are met."""

    def __init__(self) -> None:
        self.next_id = 0

    def join(self, previous: NameSpan, span: NameSpan, folded: str) -> None:
        """Put ``span`` in ``previous``'s list when only separators or a conjunction part them
        (a list gap is at most six characters long: see ``_is_list_gap``); a name listed
        after a cued one shares its cue."""
        if span.start - previous.end > _LIST_GAP_LENGTH:
            return
        gap = folded[previous.end : span.start]
        # "أطمة وقاح": a name that starts with و right after another is its conjunction.
        joined = gap in (" ", "  ") and folded.startswith("و", span.start)
        if not (_is_list_gap(gap) or joined):
            return
        if previous.list_id < 0:
            previous.list_id = self.next_id
            self.next_id += 1
        span.list_id = previous.list_id
        if not span.cue and previous.cue and previous.cue_kinds:
            span.cue, span.cue_kinds = previous.cue, previous.cue_kinds
            span.cue_weight = previous.cue_weight * 0.8


def _attach_hints(
    span: NameSpan, folded: str, words_before: Sequence[str], clitics: str, *, title_before: bool
) -> None:
    """Hints that the name is not a place: an outlet, a person, the state acting, a word."""
    # An outlet's name is one phrase: "حلب اليوم", never "حلب، اليوم" (Aleppo, today).
    if span.next_word in outlet_words() and not span.cue and folded[span.end : span.end + 1] == " ":
        span.hints.append("outlet")
    if title_before:
        span.hints.append("person-title")
    if not clitics and _acts(words_before, span.next_word):
        span.hints.append("actor")
    if span.key.startswith("ابو ") and span.surface.startswith("ابو"):
        if span.key.split(" ", 2)[1] in person_words()[1]:
            span.hints.append("kunya")
        if span.next_word.startswith("ال") and span.next_word.endswith("ي"):
            span.hints.append("nisba")
    if span.key in common_words():
        span.hints.append("common-word")
    if span.next_word in _DUAL_RELATIVES:
        # "القريتين اللتين": "the two villages which", not the town al-Qaryatayn.
        span.hints.append("dual-noun")


#: Relative pronouns of a dual: the word before them is a dual noun, not a name.
_DUAL_RELATIVES = frozenset(("اللتين", "اللتان", "اللذين", "اللذان"))


def _words_before(scanned: str, position: int, count: int) -> list[str]:
    """The last ``count`` words of ``scanned`` before ``position`` (fewer at the start of the
    text); the last one is cut by ``position`` when a word runs across it."""
    reach = 60
    while True:
        window = max(0, position - reach)
        words = scanned[window:position].split()
        if len(words) > count or window == 0:
            # More than asked for: the first, perhaps cut by the window, is not among them.
            return words[-count:]
        reach *= 3


#: Longest gap between two items of a list: "، (" or " و " and the like.
_LIST_GAP_LENGTH = 6


def _is_list_gap(gap: str) -> bool:
    """Whether two names separated by ``gap`` are items of one list (A، B / A و B / (A، B))."""
    if len(gap) > _LIST_GAP_LENGTH or "\n" in gap:
        return False
    stripped = gap.strip()
    if not stripped:
        return False
    return all(char in '،,;؛/()«»"-–و ' for char in stripped)
