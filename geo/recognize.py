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

import bisect
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import ahocorasick

from geo.lexicons import load_table
from geo.normalize import arabic_key, fold_arabic, fold_text

_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ل", "ك")
_ARABIC_LETTER_RE = re.compile("[\u0621-\u064a\u0660-\u0669\u0671-\u06d3a-zA-Z0-9]")
#: The same characters as a set: membership is far cheaper than a regex call per character.
_WORD_CHARS = frozenset(
    [chr(code) for code in range(0x0621, 0x064B)]
    + [chr(code) for code in range(0x0660, 0x066A)]
    + [chr(code) for code in range(0x0671, 0x06D4)]
    + list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
)
_WORD_RE = re.compile("[\u0621-\u064a\u0671-\u06d3]+|[0-9]+")

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
        automaton = ahocorasick.Automaton()
        for key, ids in keys.items():
            if len(key.replace(" ", "")) < MIN_KEY_LETTERS or not ids:
                continue
            title, _space, rest = key.partition(" ")
            if title in _TITLE_WORDS and rest in keys:
                # "مدينة إدلب" is read as the cue مدينة and the name إدلب, so that the cue can
                # type the place (a city) rather than be swallowed by an alias of the district.
                continue
            automaton.add_word(key, (key, tuple(ids)))
        automaton.make_automaton()
        self._automaton = automaton
        self._cues = _place_cues()
        self._organisations = _organisation_automaton()

    @classmethod
    def for_gazetteer(cls, gazetteer: object) -> Recognizer:
        """Build a recognizer from a ``Gazetteer`` (anything with ``arabic_keys()``)."""
        return cls(gazetteer.arabic_keys())  # type: ignore[attr-defined]

    def find(self, text: str, *, skip: Iterable[tuple[int, int]] = ()) -> list[NameSpan]:
        """Return non-overlapping name spans of ``text``, in order, with their context.

        Spans inside ``skip`` (site furniture) are left out.
        """
        folded, offsets = fold_text(text)
        spans = self._scan(folded)
        spans = _longest_first(spans)
        skip_folded = [_to_folded(interval, offsets) for interval in skip]
        if skip_folded:
            spans = [span for span in spans if not _inside_any(span, skip_folded)]
        _annotate(spans, folded, self._cues)
        _mark_organisations(spans, folded, self._organisations)
        for span in spans:
            span.surface = folded[span.start : span.end]
            if offsets is not None:
                span.start, span.end = offsets[span.start], offsets[span.end]
        return spans

    def _scan(self, folded: str) -> list[NameSpan]:
        found: list[NameSpan] = []
        length = len(folded)
        letters = _WORD_CHARS
        for last, (key, ids) in self._automaton.iter(folded):
            end = last + 1
            if end < length and folded[end] in letters:
                continue
            start = end - len(key)
            word_start = start
            while word_start > 0 and folded[word_start - 1] in letters:
                word_start -= 1
            prefix = folded[word_start:start]
            if prefix:
                clitics = _PREFIXES.get(prefix)
                if clitics is None:
                    continue
                clitic_length, _has_article = clitics
                start = word_start + clitic_length
            found.append(NameSpan(start=start, end=end, key=key, place_ids=ids))
        return found


def _longest_first(spans: list[NameSpan]) -> list[NameSpan]:
    """Keep the longest spans, merging the ids of spans over the same characters."""
    by_extent: dict[tuple[int, int], NameSpan] = {}
    for span in spans:
        extent = (span.start, span.end)
        existing = by_extent.get(extent)
        if existing is None:
            by_extent[extent] = span
        elif span.place_ids != existing.place_ids:
            merged = dict.fromkeys(existing.place_ids + span.place_ids)
            existing.place_ids = tuple(merged)
            if len(span.key) > len(existing.key):
                existing.key = span.key
    ordered = sorted(by_extent.values(), key=lambda span: (span.start - span.end, span.start))
    size = max((span.end for span in ordered), default=0)
    occupied = bytearray(size)
    taken: list[NameSpan] = []
    for span in ordered:
        if 1 in occupied[span.start : span.end]:
            continue
        taken.append(span)
        occupied[span.start : span.end] = b"\x01" * (span.end - span.start)
    taken.sort(key=lambda span: span.start)
    return taken


def _to_folded(interval: tuple[int, int], offsets: list[int] | None) -> tuple[int, int]:
    if offsets is None:
        return interval
    import bisect

    return bisect.bisect_left(offsets, interval[0]), bisect.bisect_left(offsets, interval[1])


def _inside_any(span: NameSpan, intervals: list[tuple[int, int]]) -> bool:
    return any(start <= span.start and span.end <= end for start, end in intervals)


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
def _organisation_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for row in load_table("organisations"):
        name = " ".join(fold_arabic(row["name"]).split())
        automaton.add_word(name, (name, row["name_en"]))
    automaton.make_automaton()
    return automaton


def _mark_organisations(
    spans: list[NameSpan], folded: str, automaton: ahocorasick.Automaton
) -> None:
    """Hint spans that lie inside an organisation's name ("جبهة فتح الشام")."""
    if not spans or len(automaton) == 0:
        return
    names: list[tuple[int, int, str]] = []
    for last, (name, name_en) in automaton.iter(folded):
        end = last + 1
        if end < len(folded) and _ARABIC_LETTER_RE.match(folded[end]):
            continue
        names.append((end - len(name), end, name_en))
    for span in spans:
        for start, end, name_en in names:
            if start <= span.start and span.end <= end:
                span.hints.append(f"organisation:{name_en}")
                break


@functools.cache
def outlet_words() -> frozenset[str]:
    """Words that, right after a name, make it an outlet's name ("الرقة بوست")."""
    return frozenset(fold_arabic(row["word"]) for row in load_table("outlets"))


@functools.cache
def person_words() -> tuple[frozenset[str], frozenset[str]]:
    """Return (titles that precede a person's name, given names that follow أبو)."""
    rows = load_table("person_cues")
    before = frozenset(fold_arabic(row["word"]) for row in rows if row["kind"] == "before")
    given = frozenset(fold_arabic(row["word"]) for row in rows if row["kind"] == "given")
    return before, given


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


def _annotate(spans: list[NameSpan], folded: str, cues: Mapping[str, _Cue]) -> None:
    """Attach the cue before each span, list membership, prepositions and person hints."""
    outlets = outlet_words()
    person_titles, given_names = person_words()
    list_id = 0
    previous: NameSpan | None = None
    tokens = [(match.start(), match.end()) for match in _WORD_RE.finditer(folded)] if spans else []
    starts = [start for start, _end in tokens]
    for span in spans:
        # The words before the name (the last three), then the proclitics glued to it, if any.
        index = bisect.bisect_right(starts, span.start) - 1
        word_start = tokens[index][0] if index >= 0 else span.start
        clitics = folded[word_start : span.start] if word_start < span.start else ""
        words_before = [
            folded[start:end] for start, end in tokens[max(0, index - 3) : max(0, index)]
        ]
        if clitics:
            words_before.append(clitics)
        following = bisect.bisect_left(starts, span.end)
        span.next_word = folded[slice(*tokens[following])] if following < len(tokens) else ""
        # The cue may stand a few words back ("قرية تل بيعة", "قرى وبلدات (أ، ب)", "ريف مدينة حلب").
        infos = [_word_info(word, cues, person_titles) for word in words_before[-3:]]
        for distance, info in enumerate(reversed(infos)):
            cue_word, is_bridge, _preposition, _title = info
            if cue_word:
                cue = cues[cue_word]
                span.cue = cue.written
                span.cue_kinds, span.cue_weight = cue.kinds, cue.weight * (0.8**distance)
                break
            if not is_bridge:
                break
        last_info = infos[-1] if infos else ("", False, False, False)
        if words_before:
            if last_info[2]:
                span.preposition = words_before[-1]
            if clitics and clitics[-1] in "بلك" and not span.preposition:
                span.preposition = clitics
        # A list: the gap from the previous name holds only separators or a conjunction.
        if previous is not None:
            gap = folded[previous.end : span.start]
            # "أطمة وقاح": a name that starts with و right after another is its conjunction.
            joined = gap in (" ", "  ") and folded.startswith("و", span.start)
            if _is_list_gap(gap) or joined:
                if previous.list_id < 0:
                    previous.list_id = list_id
                    list_id += 1
                span.list_id = previous.list_id
                if not span.cue and previous.cue and previous.cue_kinds:
                    span.cue, span.cue_kinds = previous.cue, previous.cue_kinds
                    span.cue_weight = previous.cue_weight * 0.8
        if span.next_word in outlets and not span.cue:
            span.hints.append("outlet")
        if last_info[3]:
            span.hints.append("person-title")
        key_words = span.key.split(" ")
        surface = folded[span.start : span.end]
        if key_words[0] == "ابو" and len(key_words) > 1 and surface.startswith("ابو"):
            if key_words[1] in given_names:
                span.hints.append("kunya")
            if span.next_word.startswith("ال") and span.next_word.endswith("ي"):
                span.hints.append("nisba")
        if span.key in common_words():
            span.hints.append("common-word")
        previous = span


_LIST_GAP_RE = re.compile(r"^[\s(\[«\"]*(?:[،,;؛/\-–]|\bو|\s)+[\s)\]»\"]*(?:و)?$")


def _is_list_gap(gap: str) -> bool:
    """Whether two names separated by ``gap`` are items of one list (A، B / A و B / (A، B))."""
    if len(gap) > 6 or "\n" in gap:
        return False
    stripped = gap.strip()
    if not stripped:
        return False
    return all(char in '،,;؛/()«»"-–و ' for char in stripped)
