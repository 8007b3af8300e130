"""Movement claims from the sentences of an article.

The grammar, in the order it is applied:

1. Movement words (``triggers.tsv``) are found by stem; one governed by a negation
   (``negations.tsv``: "منع المدنيين من الخروج") is dropped.
2. Each place mention and control zone (``zones.tsv``) gets a role from the nearest marker
   before it (``markers.tsv``: من → origin, باتجاه/إلى → destination, عبر/مروراً → via,
   في/ضمن → where it happened), skipping place-type words ("إلى مدينة ..."); a name joined to
   the previous one by و/،/brackets inherits its role, so enumerations need no rule.
   Back-references ("تلك المناطق", "إليها") stand for the last group of places named; a
   masculine one ("منه") for the last place a masculine place word named ("سجن X"), a river's
   bank ("إلى الضفة الغربية") for the river named before it.
3. A movement word takes the endpoints between it and the next movement word of the sentence.
   An arrival or heading word without an origin of its own ("... ووصلوا إلى ...") continues
   the movement before it instead of starting a new claim.
4. An end the text leaves implicit is inferred from the scene named earlier in the sentence
   (the places introduced by في/ضمن or as the origin; for an origin, also the target of an
   attack, ``attacks.tsv``) and marked ``inferred`` with a note.
5. Status comes from hedges in the sentence, else in its paragraph, else from the status the
   article gave a deal the sentence elaborates; time from time expressions in the sentence.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from geo.lexicons import load_table
from geo.model import Actor, Document, Endpoint, Mention, Place, Route, Span
from geo.normalize import fold_arabic
from geo.routes._text import (
    LIST_PUNCT,
    Entry,
    Lexicon,
    Match,
    Tokens,
    is_clause_end,
    is_sentence_end,
    lexicon,
    tokenize,
)
from geo.routes.confidence import claim_confidence
from geo.routes.quantities import quantities

#: What may stand between a place and one that only says where it lies: "ب", "في", "(في",
#: "الواقعة في", "قرب", a direction ("جنوب حلب"), a place word ("بمدينة", "في ريف").
_PLACE_WORDS = frozenset(("مدينه", "بلده", "قريه", "محافظه", "منطقه", "ناحيه", "ريف", "مخيم", "حي"))
_PLACE_WORD = "(?:" + "|".join(sorted(_PLACE_WORDS)) + ")"
_NESTING_RE = re.compile(
    # "تل رفعت وأريافها في ريف حلب": a place and its countryside lie in the next one.
    r"[\s)\"»”'#]*(?:و(?:ريف|ارياف)(?:ها|ه)\s+)?[(،,]?\s*"
    r"(?:(?:الواقعه|الواقع|التي تقع|الذي يقع|التابعه ل)\s*)?"
    r"(?:"
    rf"(?:في|ضمن|قرب|بالقرب من|على)\s+(?:{_PLACE_WORD}\s+)?"
    rf"|ب(?:{_PLACE_WORD}\s+#?)?"
    rf"|(?:ال)?(?:شمال|جنوب|شرق|غرب)(?:ي|ا)?\s+(?:(?:ال)?(?:شمال|جنوب|شرق|غرب)(?:ي|ا)?\s+)?"
    rf"(?:[بل]|ل?{_PLACE_WORD}\s+)?"
    r")"
)

_FAMILIES = ("triggers", "markers", "movers", "actors", "hedges", "zones", "negations", "attacks")
_CONNECTORS = frozenset(("و", "او", "ثم"))
_MOVER_JOINERS = frozenset(("من", "و", "هم", "وهم", "مع"))
#: Prepositions that are no direction markers: a construct chain ends at them.
_PREPOSITIONS = frozenset(("علي", "عن", "مع", "لدي", "عند"))
#: Words that may stand between a zone head and its controller ("مناطق سيطرة ميليشيا قسد").
_CONTROLLER_TITLES = frozenset(
    ("تنظيم", "ميليشيا", "ميليشيات", "مليشيا", "مليشيات", "قوات", "جيش", "فصائل", "حركه")
)
_STATUS_RANK = {"denied": 4, "alleged": 3, "confirmed": 2, "reported": 1}
#: How far (tokens) before a من or حتى a range word ("الممتدة") makes it bound an area.
_RANGE_WORDS = 6
#: How far (tokens) before "على" an attack word makes the place after it the attack's target.
_ATTACK_WORDS = 8
#: How many words may stand between a people noun and its place ("مهجري القطاع الأوسط لـ").
_PEOPLE_CHAIN_WORDS = 3
#: How far (in words) before a movement word a people phrase naming their place may stand.
_PEOPLE_BEFORE_WORDS = 8
#: How far (in words) after a movement word its endpoints may stand.
_SEGMENT_WORDS = 40
_SENTENCE_END = frozenset(".!?؟…")
_YEAR_RE = re.compile(r"^(1[89]|20)\d\d$")


@dataclass(slots=True)
class _Site:
    """A place mention or control zone in the text, with its token range and role."""

    start: int
    end: int
    text: str
    first: int
    last: int
    kind: str
    place: Place | None = None
    geometry: Any = None
    note: str = ""
    role: str | None = None
    group: int = -1
    sentence: int = -1
    #: The place word the text put before the name ("سجن", "مدينة"), folded.
    cue: str = ""


@dataclass(slots=True)
class _SentenceStatus:
    status: str = ""
    cue: str = ""
    deal: bool = False
    #: What an alleged status rests on: secret, source or plan (``hedges.tsv``).
    basis: str = ""


@dataclass(slots=True)
class _Backref:
    start: int
    end: int
    text: str
    first: int
    last: int
    role: str | None
    referent: list[_Site] = field(default_factory=list)
    #: A bank of a river ("الضفة الغربية"): it stands for the river named before it.
    bank: bool = False
    #: A masculine singular pronoun ("منه") stands for a place a masculine word names.
    masculine: bool = False


@dataclass(slots=True)
class _Claim:
    """A chain of movement words read as one movement, before it becomes a Route."""

    triggers: list[int]
    sentence: int
    entry: Entry
    origins: list[Endpoint] = field(default_factory=list)
    destinations: list[Endpoint] = field(default_factory=list)
    via: list[Endpoint] = field(default_factory=list)
    sites: list[_Site] = field(default_factory=list)
    roles: set[tuple[int, str]] = field(default_factory=set)
    origin_nonplace: bool = False
    only_inferred: bool = False
    #: Ends that come from where the movement happened (في X), not from a direction word.
    located: set[tuple[int, int]] = field(default_factory=set)


@functools.lru_cache(maxsize=1024)
def _folded(cue: str) -> str:
    """A place word as the tables compare it (cues are few and repeat)."""
    return fold_arabic(cue)


@functools.cache
def _masculine_cues() -> frozenset[str]:
    """Place words of masculine gender ("سجن", "مخيم"), folded (``place_cues.tsv``)."""
    return frozenset(
        fold_arabic(row["cue"]) for row in load_table("place_cues") if row.get("gender") == "m"
    )


@functools.cache
def _lexicon() -> Lexicon:
    entries: list[Entry] = []
    for name in _FAMILIES:
        default = "fixed" if name in ("markers", "negations") else "word"
        entries.extend(lexicon(name, default))
    entries.extend(_zone_pronoun_entries())
    return Lexicon(entries)


def _zone_pronoun_entries() -> list[Entry]:
    """Zone heads whose last word carries the controller as a pronoun: مناطق سيطرته."""
    extra = []
    for entry in lexicon("zones", "word"):
        if entry.row.get("kind") != "head":
            continue
        last = entry.words[-1]
        base = last[:-1] + "ت" if last.endswith("ه") else last
        for pronoun in ("ه", "ها", "هم"):
            words = (*entry.words[:-1], base + pronoun)
            row = {**entry.row, "kind": "pronoun"}
            extra.append(Entry("zones", words, row, "fixed" if len(words) > 1 else "word"))
    return extra


class _Labels:
    """Per token, the lexicon match covering it, one column per table; and per table the
    matches placed, in text order (a match is placed when its first token was still free in
    its table's column, and then owns the free tokens it covers)."""

    __slots__ = ("columns", "placed")

    def __init__(self, tokens: Tokens) -> None:
        count = len(tokens)
        self.columns: dict[str, list[Match | None]] = {name: [None] * count for name in _FAMILIES}
        self.placed: dict[str, list[Match]] = {name: [] for name in _FAMILIES}
        columns, placed = self.columns, self.placed
        folded, is_word = tokens.folded, tokens.is_word
        # Look each distinct word up once; then visit only the tokens that may start an entry.
        plans = _plans(set(folded))
        for index in [index for index, word in enumerate(folded) if word in plans]:
            if not is_word[index]:
                continue
            for family, entries in plans[folded[index]]:
                column = columns[family]
                if column[index] is not None:
                    continue  # a longer entry of this table already covers the token
                for entry, rest in entries:
                    last = index + len(rest)
                    if rest and (last >= count or tuple(folded[index + 1 : last + 1]) != rest):
                        continue
                    match = Match(entry, index, last)
                    placed[family].append(match)
                    # Nothing after a free token is taken yet: a match placed earlier in
                    # this table would cover the token itself.
                    if last == index:
                        column[index] = match
                    else:
                        column[index : last + 1] = [match] * (last + 1 - index)
                    break


_Plan = tuple[tuple[str, tuple[tuple[Entry, tuple[str, ...]], ...]], ...]
_PLANS: dict[str, _Plan] = {}
#: The words in ``_PLANS`` whose plan is not empty.
_STARTERS: set[str] = set()
_PLANS_MAX = 200_000


def _plans(words: set[str]) -> dict[str, _Plan]:
    """The plans of those of ``words`` that may start an entry (see ``_plan``)."""
    if len(_PLANS) > _PLANS_MAX:
        _PLANS.clear()
        _STARTERS.clear()
    for word in words.difference(_PLANS):
        plan = _PLANS[word] = _plan(word)
        if plan:
            _STARTERS.add(word)
    return {word: _PLANS[word] for word in words & _STARTERS}


def _plan(word: str) -> _Plan:
    """The entries a word may start, per table, longest first: ``(table, ((entry, rest)))``.

    Within a table only the first entry that matches is placed (the others would find the
    token taken), so the tables are independent and each is tried in this order.
    """
    by_family: dict[str, list[tuple[Entry, tuple[str, ...]]]] = {}
    for entry in _lexicon().candidates(word):
        by_family.setdefault(entry.lexicon, []).append((entry, entry.words[1:]))
    return tuple((family, tuple(entries)) for family, entries in by_family.items())


def _sentences(text: str, tokens: Tokens, marks: list[int]) -> tuple[list[int], list[int]]:
    """Return sentence and paragraph numbers per token (``marks``: the punctuation tokens)."""
    count = len(tokens)
    starts = tokens.starts
    # A line break between two tokens starts a new paragraph (and sentence); a sentence
    # end mark starts a new sentence after it.
    paragraph_step = [0] * count
    position = text.find("\n")
    while position != -1:
        index = bisect.bisect_right(starts, position)
        if 0 < index < count:
            paragraph_step[index] = 1
        position = text.find("\n", starts[index] if index < count else len(text))
    sentence_step = paragraph_step.copy()
    folded = tokens.folded
    for index in marks:
        if folded[index] in _SENTENCE_END and index + 1 < count:
            sentence_step[index + 1] += 1
    return list(itertools.accumulate(sentence_step)), list(itertools.accumulate(paragraph_step))


def _first_tokens(numbers: list[int]) -> dict[int, int]:
    """Index of the first token of each sentence in ``numbers`` (sentence numbers per token,
    non-decreasing)."""
    first: dict[int, int] = {}
    position = 0
    while position < len(numbers):
        number = numbers[position]
        first[number] = position
        position = bisect.bisect_right(numbers, number, position)
    return first


def extract_routes(document: Document, mentions: list[Mention]) -> list[Route]:
    """Extract the movement claims of ``document``.

    Parameters
    ----------
    document
        The article; every offset reported indexes ``document.text``.
    mentions
        Place mentions from the recognizer/resolver, sorted by start. A region mention
        spans its whole phrase and has ``place.kind == "region"``.

    Returns
    -------
    list of Route
        In text order, with ids ``f"{document.id}:r{n}"``. Unresolved mentions may still be
        endpoints (``place`` is then ``None``).
    """
    return _Extraction(document, mentions).run()


class _Extraction:
    def __init__(self, document: Document, mentions: Sequence[Mention]) -> None:
        self.document = document
        self.text = document.text
        self.tokens = tokens = _outside(tokenize(self.text), document.skip)
        self.count = len(tokens)
        self.starts, self.ends = tokens.starts, tokens.ends
        self.folded, self.is_word = tokens.folded, tokens.is_word
        labels = _Labels(tokens)
        self.placed = labels.placed
        self.triggers = labels.columns["triggers"]
        self.markers = labels.columns["markers"]
        self.movers = labels.columns["movers"]
        self.actors = labels.columns["actors"]
        self.hedges = labels.columns["hedges"]
        self.negations = labels.columns["negations"]
        self.attacks = labels.columns["attacks"]
        marks = [index for index, word in enumerate(self.is_word) if not word]
        self.sentence_of, self.paragraph_of = _sentences(self.text, tokens, marks)
        self.sentence_first = _first_tokens(self.sentence_of)
        #: Punctuation tokens that end a clause or a sentence, in text order.
        self.clause_ends = [index for index in marks if is_clause_end(tokens, index)]
        self.sites = self._sites(mentions)
        self.site_starts = [site.start for site in self.sites]
        self.site_at: dict[int, _Site] = {}
        for site in self.sites:
            for index in range(site.first, site.last + 1):
                self.site_at[index] = site
        self.backrefs = self._backrefs()
        self.backref_at = {
            index: backref
            for backref in self.backrefs
            for index in range(backref.first, backref.last + 1)
        }
        self.site_firsts = [site.first for site in self.sites]
        self.backref_firsts = [backref.first for backref in self.backrefs]
        self.time_phrases: dict[int, list[tuple[int, str]]] = {}
        self._group_sites()
        # In text order, so that a name inherits the role already given to the one before.
        ordered: list[_Site | _Backref] = sorted([*self.sites, *self.backrefs], key=_start_of)
        for item in ordered:
            if isinstance(item, _Site):
                item.role = self._role_before(item.first, item.start)
            else:
                if item.role is None:
                    item.role = self._role_before(item.first, item.start)
                if item.bank:
                    item.referent = self._river_before(item)
                elif item.masculine:
                    item.referent = self._masculine_before(item) or self._last_group_before(
                        item.start
                    )
                else:
                    item.referent = self._last_group_before(item.start)
        self.sentence_status = self._sentence_status()

    # -- sites ----------------------------------------------------------------------------

    def _sites(self, mentions: Sequence[Mention]) -> list[_Site]:
        sites: list[_Site] = []
        taken = bytearray(self.count)
        skip = self.document.skip
        starts = self.starts
        bisect_right = bisect.bisect_right
        for mention in mentions:
            if not self.count or (skip and _in_spans_range(mention.start, mention.end, skip)):
                continue
            first = max(0, bisect_right(starts, mention.start) - 1)
            last = max(0, bisect_right(starts, max(mention.start, mention.end - 1)) - 1)
            place = mention.place
            kind = "place"
            if place is not None and place.kind in ("region", "country"):
                kind = place.kind
            sites.append(
                _Site(
                    mention.start,
                    mention.end,
                    mention.text,
                    first,
                    last,
                    kind,
                    place,
                    mention.geometry,
                    cue=_folded(mention.cue),
                )
            )
            taken[first : last + 1] = b"\x01" * (last + 1 - first)
        sites.extend(zone for zone in self._zones() if 1 not in taken[zone.first : zone.last + 1])
        sites.sort(key=lambda site: site.start)
        for site in sites:
            site.sentence = self.sentence_of[site.first]
        return sites

    def _zones(self) -> list[_Site]:
        zones: list[_Site] = []
        free = 0
        for match in self.placed["zones"]:
            if match.first < free:
                continue
            zone = self._zone(match)
            if zone is not None:
                zones.append(zone)
                free = zone.last + 1
            else:
                free = match.last + 1
        return zones

    def _zone(self, match: Match) -> _Site | None:
        kind = match.entry.row.get("kind", "head")
        last = match.last
        if kind == "name":
            label = match.entry.row.get("label", "")
        elif kind == "pronoun":
            actor = self._last_actor_before(match.first)
            label = f"areas held by {actor}" if actor else "areas held by the party just named"
        else:
            position = last + 1
            # Titles before the controller's name ("ميليشيا قسد"), unless they begin it
            # ("قوات سوريا الديمقراطية").
            while (
                position < self.count
                and self.actors[position] is None
                and (
                    self.folded[position] in _CONTROLLER_TITLES
                    or (not self.is_word[position] and self.folded[position] in LIST_PUNCT)
                )
            ):
                position += 1
            if position >= self.count:
                return None
            actor_match = self.actors[position]
            if actor_match is None or actor_match.first != position:
                return None
            last = actor_match.last
            # A closing quote belongs to the zone phrase: مناطق سيطرة "قسد".
            if last + 1 < self.count and self.folded[last + 1] in ('"', "»", "”"):
                last += 1
            label = f"areas held by {actor_match.entry.row['name']}"
        start = self.starts[match.first]
        end = self.ends[last]
        return _Site(start, end, self.text[start:end], match.first, last, "zone", note=label)

    def _last_actor_before(self, index: int) -> str:
        for position in range(index - 1, max(-1, index - 60), -1):
            match = self.actors[position]
            if match is not None:
                return match.entry.row["name"]
        return ""

    def _backrefs(self) -> list[_Backref]:
        found: list[_Backref] = []
        for match in self.placed["markers"]:
            role = match.entry.row.get("role")
            if role not in ("backref", "bank"):
                continue
            start = self.starts[match.first]
            end = self.ends[match.last]
            target = match.entry.row.get("target") or None
            found.append(
                _Backref(
                    start,
                    end,
                    self.text[start:end],
                    match.first,
                    match.last,
                    target,
                    bank=role == "bank",
                    masculine=match.entry.row.get("gender") == "m",
                )
            )
        return found

    def _masculine_before(self, backref: _Backref) -> list[_Site]:
        """The last place of the sentence before a masculine pronoun that a masculine place
        word names ("هجوم على سجن X ... في محافظة Y فنجح ... في الفرار منه": from X)."""
        masculine = _masculine_cues()
        return self._last_site_before(
            backref, lambda site: site.cue in masculine and site.role != "nested"
        )

    def _river_before(self, backref: _Backref) -> list[_Site]:
        """The river named last before a bank phrase in its sentence, if any."""
        return self._last_site_before(
            backref, lambda site: site.place is not None and site.place.kind == "river"
        )

    def _last_site_before(self, backref: _Backref, fits: Callable[[_Site], bool]) -> list[_Site]:
        """The last place of the back-reference's sentence before it that ``fits``, if any."""
        sentence = self.sentence_of[backref.first]
        for site in reversed(self.sites[: bisect.bisect_left(self.site_starts, backref.start)]):
            if site.sentence != sentence:
                return []
            if fits(site):
                return [site]
        return []

    def _group_sites(self) -> None:
        group = -1
        previous: _Site | None = None
        for site in self.sites:
            if previous is None or not self._joined(previous, site):
                group += 1
            site.group = group
            previous = site

    def _joined(self, left: _Site, right: _Site) -> bool:
        if left.sentence != right.sentence:
            return False
        for index in range(left.last + 1, right.first):
            folded = self.folded[index]
            if not self.is_word[index]:
                if folded not in LIST_PUNCT:
                    return False
                continue
            if folded in _CONNECTORS:
                continue
            marker = self.markers[index]
            if marker is not None and marker.entry.row.get("role") in ("filler", "apposition"):
                continue
            return False
        return True

    def _last_group_before(self, offset: int) -> list[_Site]:
        before = [site for site in self.sites if site.end <= offset and site.role != "nested"]
        if not before:
            return []
        group = before[-1].group
        return [site for site in before if site.group == group]

    # -- roles ----------------------------------------------------------------------------

    def _role_before(self, first: int, start: int) -> str | None:
        """Role given to the thing starting at token ``first`` by the words before it."""
        if self._locates_previous(start):
            return "nested"
        if self._people_of(first):
            return "people"
        token_start = self.starts[first]
        if token_start < start:
            prefix = self.text[token_start:start]
            if prefix.endswith(("ل", "لل")) and first > 0 and self._is_trigger(first - 1):
                return "destination"
        return self._role_of_words_before(first)

    def _role_of_words_before(self, first: int) -> str | None:
        """The role the nearest marker, name or movement word before token ``first`` gives,
        across list punctuation, conjunctions and filler words."""
        lower = self._sentence_start(first)
        index = first - 1
        only_fillers = False
        while index >= lower:
            site = self.site_at.get(index)
            if site is not None and site.role == "nested" and site.first < first:
                # "جبل الزاوية جنوب مدينة إدلب، وقرى ...": the place before says the role.
                index = site.first - 1
                continue
            if site is not None:
                return site.role if site.first < first else None
            backref = self.backref_at.get(index)
            if backref is not None:
                return backref.role
            folded = self.folded[index]
            marker = self.markers[index]
            if not self.is_word[index] and folded not in LIST_PUNCT:
                return None
            if marker is not None and marker.entry.row.get("role") == "filler":
                index = marker.first - 1
                only_fillers = True
                continue
            if marker is not None:
                return self._marker_role(marker, lower)
            if self._attack_target(index, lower):
                return "attacked"
            if not self.is_word[index] or folded in _CONNECTORS:
                index -= 1
                continue
            if self._is_trigger(index) and (index == first - 1 or only_fillers):
                # The movement word's object: "إخلاء مخيم الركبان", "تصل ريف حمص".
                return "object"
            return None
        return None

    def _marker_role(self, marker: Match, lower: int) -> str | None:
        role = marker.entry.row.get("role")
        if role in ("origin", "destination"):
            range_word = self._range_word(marker.first, lower)
            if range_word is not None:
                # "القرى الممتدة من X حتى Y" bounds the area where it happened; "النزوح من تلك
                # القرى الممتدة من X حتى Y" the area it left, as the marker before it says.
                return self._governing_direction(range_word, lower) or "location"
        if role == "location":
            # "إلى مستودعات في سرمدا", "من سجن غويران في الحسكة": في places the thing a
            # direction marker just introduced, and so takes that marker's role.
            return self._governing_direction(marker.first, lower) or role
        if role in ("origin", "destination", "via"):
            return role
        if role == "apposition":
            return self._role_before(marker.first, self.starts[marker.first])
        return None

    def _attack_target(self, index: int, lower: int) -> bool:
        """Whether token ``index`` is an "على" naming the target of an attack word at most
        ``_ATTACK_WORDS`` tokens before it ("هجمات القوات ومرتزقتها على مدينة X")."""
        match = self.attacks[index]
        if match is None or match.entry.row.get("role") != "target":
            return False
        for position in range(index - 1, max(lower, index - _ATTACK_WORDS) - 1, -1):
            attack = self.attacks[position]
            if attack is not None and attack.entry.row.get("role") == "attack":
                return True
        return False

    def _range_word(self, index: int, lower: int) -> int | None:
        """The range word ("الممتدة") that makes the من or حتى at token ``index`` bound an
        area, standing a few tokens before it or before the من or حتى just before it ("من X
        حتى Y ومن Z حتى W" is one range); None when it is a direction."""
        for position in range(index - 1, max(lower, index - _RANGE_WORDS) - 1, -1):
            marker = self.markers[position]
            if marker is None:
                continue
            role = marker.entry.row.get("role")
            if role == "range":
                return position
            if role in ("origin", "destination"):
                return self._range_word(marker.first, lower)
        return None

    def _locates_previous(self, start: int) -> bool:
        """Whether the place starting at ``start`` only says where the place just before it
        lies ("جرابلس بريف حلب", "كفريا (في ريف إدلب)", "الراموسة جنوب حلب", "الكوم التي تقع
        في السخنة"): a nested place gives one endpoint, the most specific."""
        before = bisect.bisect_left(self.site_starts, start)
        previous = self.sites[before - 1] if before else None
        if previous is None or previous.end >= start:
            return False
        if previous.kind == "place" and previous.place is None:
            # "مخيم الجدعة شمال العراق": the place the gazetteer lacks is kept, and the one
            # that says where it lies is the end a map can draw.
            return False
        gap = self.text[previous.end : start]
        if len(gap) > 40 or "\n" in gap:
            return False
        return _NESTING_RE.fullmatch(fold_arabic(gap)) is not None

    def _people_of(self, first: int) -> bool:
        """Whether the place follows a people noun in construct ("أهالي كفريا", "مهجري حي
        الوعر", "مدنيي داريا"): the people of a place moved from it."""
        lower = self._sentence_start(first)
        # The construct chain may hold a place word or a few words that name a part of the
        # place ("مهجري القطاع الأوسط للغوطة الشرقية"); a marker or a movement word ends it.
        for index in range(first - 1, max(lower, first - 1 - _PEOPLE_CHAIN_WORDS) - 1, -1):
            if not self.is_word[index] or self._is_trigger(index):
                return False
            if self.folded[index] in _PREPOSITIONS:
                return False  # "الفصائل المسلحة على مناطقهم": no construct across على
            mover = self.movers[index]
            if mover is not None:
                return mover.entry.row.get("of_place") == "yes"
            marker = self.markers[index]
            if marker is not None and marker.entry.row.get("role") != "filler":
                return False
        return False

    def _governing_direction(self, first: int, lower: int) -> str | None:
        """The role of a direction marker up to three words before token ``first``, if any."""
        index, words = first - 1, 0
        while index >= lower and words < 3:
            if index in self.site_at:
                return None
            if not self.is_word[index]:
                if self.folded[index] not in LIST_PUNCT:
                    return None
                index -= 1
                continue
            marker = self.markers[index]
            if marker is not None:
                role = marker.entry.row.get("role")
                if role == "filler":  # "باتجاه الحدود مع X في ...": the filler is no word
                    index = marker.first - 1
                    continue
                return role if role in ("origin", "destination", "via") else None
            words += 1
            index -= 1
        return None

    def _sentence_start(self, index: int) -> int:
        return self.sentence_first[self.sentence_of[index]]

    def _is_trigger(self, index: int) -> bool:
        return self.triggers[index] is not None

    # -- status ---------------------------------------------------------------------------

    def _sentence_status(self) -> dict[int, _SentenceStatus]:
        """Per sentence: its status, the cue, whether it names a deal, and what the status
        rests on."""
        found: dict[int, _SentenceStatus] = {}
        for match in self.placed["hedges"]:
            if match.first in self.site_at:
                continue  # a word of a place name ("سري كانيه"), not a hedge
            sentence = self.sentence_of[match.first]
            current = found.setdefault(sentence, _SentenceStatus())
            row = match.entry.row
            new = row.get("status", "")
            if new == "deal":
                current.deal = True
            elif _STATUS_RANK.get(new, 0) > _STATUS_RANK.get(current.status, 0):
                start = self.starts[match.first]
                current.status = new
                current.cue = self.text[start : self.ends[match.last]]
                current.basis = row.get("basis", "")
        return found

    def _status(self, sentence: int, paragraph: int) -> tuple[str, str]:
        none = _SentenceStatus()
        own = self.sentence_status.get(sentence, none)
        if own.status:
            return own.status, own.cue
        for earlier in range(sentence - 1, -1, -1):
            if not self._sentence_in_paragraph(earlier, paragraph):
                break
            found = self.sentence_status.get(earlier, none)
            if found.status:
                return found.status, found.cue
        if own.deal:
            for earlier in range(sentence - 1, -1, -1):
                found = self.sentence_status.get(earlier, none)
                if found.deal and found.status == "alleged" and found.basis == "secret":
                    return found.status, found.cue
        return "reported", ""

    def _sentence_in_paragraph(self, sentence: int, paragraph: int) -> bool:
        index = bisect.bisect_left(self.sentence_of, sentence)
        return index < self.count and self.paragraph_of[index] == paragraph

    # -- claims ---------------------------------------------------------------------------

    def run(self) -> list[Route]:
        claims: list[_Claim] = []
        previous_trigger: dict[int, _Claim] = {}
        # A movement word inside a place name ("مخيم العودة") moves nothing.
        triggers = [
            match.first for match in self.placed["triggers"] if match.first not in self.site_at
        ]
        for position, index in enumerate(triggers):
            if (
                self._negated(index)
                or self._describes_mover(index)
                or self._not_a_verb(index)
                or self._listed_name(index)
            ):
                continue
            sentence = self.sentence_of[index]
            following = triggers[position + 1] if position + 1 < len(triggers) else self.count
            segment_end = min(following, index + 1 + _SEGMENT_WORDS)
            match = self.triggers[index]
            assert match is not None
            claim = _Claim([index], sentence, match.entry)
            self._collect(claim, index, segment_end)
            chain = previous_trigger.get(sentence)
            if chain is not None and self._continues(chain, claim):
                chain.triggers.append(index)
                _merge_endpoints(chain, claim)
                continue
            if match.entry.row.get("joins") == "only":
                continue  # it says where a movement ended, and none stands before it
            claims.append(claim)
            previous_trigger[sentence] = claim
        routes: list[Route] = []
        kept: list[_Claim] = []
        for claim in claims:
            self._stages(claim)
            self._passing_through(claim)
            self._infer(claim)
            if claim.origins or claim.destinations or claim.via:
                kept.append(claim)
        kept = _absorb_inferred(kept)
        for claim in kept:
            routes.append(self._route(claim, len(routes) + 1))
        return routes

    def _not_a_verb(self, index: int) -> bool:
        """A verb never ends in ة: "رحلة" (a journey) is not "رحله" (he deported him), though
        folding writes both alike."""
        match = self.triggers[index]
        return (
            match is not None
            and match.entry.row.get("class") in ("verb", "past", "imperfect")
            and self.text[self.starts[index] : self.ends[index]].endswith("ة")
        )

    def _listed_name(self, index: int) -> bool:
        """Whether a movement noun is an item of a list of places: "مخيمات X وY والعودة
        والشهباء" names a camp العودة (return). It follows a place with a glued و, and the list
        goes on after it (a comma, or another glued و)."""
        match = self.triggers[index]
        if match is None or match.entry.row.get("class") != "noun" or index + 1 >= self.count:
            return False
        written = self.text[self.starts[index] : self.ends[index]]
        if not written.startswith("وال") or index - 1 not in self.site_at:
            return False
        following = self.folded[index + 1]
        if not self.is_word[index + 1]:
            return following in ("،", ",")
        return following.startswith("و") and self.triggers[index + 1] is None

    def _describes_mover(self, index: int) -> bool:
        """Whether a movement noun only describes who moves: "قافلة المهجرين" (the convoy of
        the displaced) is the mover of the sentence's movement, not a movement of its own."""
        return index > 0 and self.movers[index] is not None and self.movers[index - 1] is not None

    def _negated(self, index: int) -> bool:
        lower = self._sentence_start(index)
        # A negation of the sentence before the movement word, close enough to govern it.
        for match in self.placed["negations"]:
            if match.first >= index:
                break
            if match.last < lower:
                continue
            window = int(match.entry.row.get("window") or 6)
            if index - match.last <= window:
                return True
        contrast = False
        for position in range(index + 1, min(self.count, index + 10)):
            if self.sentence_of[position] != self.sentence_of[index]:
                break
            marker = self.markers[position]
            if marker is not None and marker.entry.row.get("role") == "contrast":
                contrast = True
            if contrast and self.negations[position] is not None:
                return True
        return False

    def _collect(self, claim: _Claim, index: int, segment_end: int) -> None:
        scene_role = claim.entry.row.get("scene", "none")
        sentence = self.sentence_of[index]
        # Sites and back-references are in token order: take those after the movement word
        # and before the segment end.
        low = bisect.bisect_right(self.site_firsts, index)
        high = bisect.bisect_left(self.site_firsts, segment_end, low)
        for site in self.sites[low:high]:
            if site.sentence != sentence:
                continue
            role = _effective(site.role, scene_role)
            if role is not None:
                _add(claim, role, self._endpoint(site), site)
                if site.role == "location":
                    claim.located.add((site.start, site.end))
        low = bisect.bisect_right(self.backref_firsts, index)
        high = bisect.bisect_left(self.backref_firsts, segment_end, low)
        for backref in self.backrefs[low:high]:
            if self.sentence_of[backref.first] != sentence:
                continue
            role = _effective(backref.role, scene_role)
            if role is None:
                continue
            for site in backref.referent:
                endpoint = self._endpoint(site)
                if backref.bank:
                    # "عبروا نهر X إلى الضفة الغربية": the river crossed is where they went.
                    endpoint.note = f"its bank: {backref.text}"
                    _drop(claim, site)
                else:
                    endpoint.note = f"referred to by {backref.text!r}"
                _add(claim, role, endpoint, site)
        claim.origin_nonplace = self._origin_not_a_place(index, segment_end)
        if not claim.origins:
            for site in self._people_before(index):
                _add(claim, "origin", self._endpoint(site), site)
        _stops_on_the_way(claim)

    def _people_before(self, index: int) -> list[_Site]:
        """The places of a people phrase just before the movement word ("مهجري مدينة دوما
        للدخول إلى ...", "الأهالي من كفريا وصلوا إلى ..."): where the people who move come
        from. Only a people phrase counts when another movement word stands between."""
        sentence = self.sentence_of[index]
        high = bisect.bisect_left(self.site_firsts, index)
        low = bisect.bisect_left(self.site_firsts, index - _PEOPLE_BEFORE_WORDS)
        before = [site for site in self.sites[low:high] if site.sentence == sentence]
        if any(
            self._is_trigger(position)
            for position in range(index - _PEOPLE_BEFORE_WORDS, index)
            if position >= 0
        ):
            before = [site for site in before if site.role == "people"]
        # "حافلة تقل الأهالي من كفريا وصلت إلى ...": the subject, with where it came from,
        # before the verb.
        return [site for site in before if site.role in ("people", "origin")]

    def _origin_not_a_place(self, index: int, segment_end: int) -> bool:
        """Whether "من" after the movement word names something that is not a place."""
        for position in range(index + 1, min(segment_end, index + 9)):
            marker = self.markers[position]
            if marker is None or marker.entry.row.get("role") != "origin":
                continue
            following = marker.last + 1
            if following >= self.count or following in self.site_at:
                return False
            if self.actors[following] is not None or self.movers[following] is not None:
                continue
            return self.is_word[following]
        return False

    def _continues(self, chain: _Claim, claim: _Claim) -> bool:
        """Whether a movement word restates or continues the movement before it: an arrival
        or heading word without an origin of its own, or any movement word of the sentence
        that names no origin of its own after one that did ("خرجت القافلة من X، وسلكت طريق Y
        لتصل إلى Z")."""
        stated_origins = [end for end in claim.origins if (end.start, end.end) not in claim.located]
        if not stated_origins and claim.entry.row.get("joins") in ("yes", "only"):
            return True
        if not stated_origins and chain.origins and not self._own_mover(claim.triggers[0]):
            return True
        # Only back-references to the same ends: "خرجوا باتجاه X ... الدخول إليها".
        return bool(claim.roles) and claim.roles <= chain.roles

    def _own_mover(self, index: int) -> bool:
        """Whether a mover is named right after the movement word ("دخول المسلحين"): then
        it is another movement, not the one before continued."""
        for position in range(index + 1, min(self.count, index + 3)):
            if self.movers[position] is not None:
                return True
            if not self.is_word[position]:
                return False
        return False

    def _endpoint(self, site: _Site, *, inferred: bool = False, note: str = "") -> Endpoint:
        return Endpoint(
            text=site.text,
            start=site.start,
            end=site.end,
            place=site.place,
            kind=site.kind,
            inferred=inferred,
            note=note or site.note,
            geometry=site.geometry,
        )

    def _stages(self, claim: _Claim) -> None:
        """A destination followed by "ثم" or "قبل أن" and another destination was a stop on
        the way: "وصلت إلى X قبل أن تتوجه إلى Y", "دخلت إلى X ومن ثم إلى Y" went to Y via X."""
        ordered = sorted(claim.destinations, key=lambda end: end.start)
        stops = []
        for earlier, later in itertools.pairwise(ordered):
            first = bisect.bisect_left(self.starts, earlier.end)
            last = bisect.bisect_left(self.starts, later.start)
            if any(
                self.markers[index] is not None
                and self.markers[index].entry.row.get("role") == "then"  # type: ignore[union-attr]
                for index in range(first, last)
            ):
                stops.append(earlier)
        if not stops:
            return
        claim.destinations[:] = [end for end in claim.destinations if end not in stops]
        claim.via.extend(stop for stop in stops if stop not in claim.via)

    def _passing_through(self, claim: _Claim) -> None:
        """Where a heading or arriving movement was when the sentence speaks of it ("كمين في
        بلدة X أثناء توجهها نحو Y") lies on its way to Y."""
        if claim.entry.row.get("scene") != "destination" and claim.entry.row.get("joins") != "yes":
            return
        if not claim.destinations or claim.origins or claim.via:
            return
        start = self.starts[claim.triggers[0]]
        before = [site for site in self.sites if site.end <= start]
        if not before or before[-1].sentence != claim.sentence:
            return
        if before[-1].role not in ("location", "via"):
            return
        for site in [site for site in before if site.group == before[-1].group]:
            endpoint = self._endpoint(site, note="where it was on its way, named in the sentence")
            _add(claim, "via", endpoint, site)

    def _infer(self, claim: _Claim) -> None:
        """Infer the end the claim's scene role names from the places where it happened (or,
        for an origin, the target of an attack) named earlier in the same sentence."""
        scene_role = claim.entry.row.get("scene", "none")
        if scene_role not in ("origin", "destination"):
            return
        has_scene_end = claim.origins if scene_role == "origin" else claim.destinations
        if has_scene_end:
            return
        other_end = claim.destinations if scene_role == "origin" else claim.origins
        head = claim.triggers[0]
        scene = self._scene_before(self.starts[head], attacked=scene_role == "origin")
        # Precision first: a scene named in another sentence is where the article is set, not
        # what this sentence says the movement left; a line from it would be ours.
        if not scene or scene[0].sentence != claim.sentence:
            return
        if not (other_end or claim.via):
            between = any(self._is_trigger(index) for index in range(scene[-1].last + 1, head))
            located = any(site.role == "location" for site in scene)
            if between or claim.origin_nonplace or not located:
                return
            claim.only_inferred = True
        elif claim.origin_nonplace and scene_role == "origin":
            return
        names = "، ".join(site.text for site in scene)
        if scene[0].role == "attacked":
            what = f"the target of the attack ({names})"
        else:
            what = f"the places where it happened ({names})"
        note = f"{scene_role} inferred: {what}, named earlier in the same sentence"
        for site in scene:
            _add(claim, scene_role, self._endpoint(site, inferred=True, note=note), site)

    def _scene_before(self, offset: int, *, attacked: bool) -> list[_Site]:
        """The last group of places introduced as the scene (في/ضمن) or as an origin, or
        (``attacked``) as the target of an attack."""
        roles = ("location", "origin", "attacked") if attacked else ("location", "origin")
        for site in reversed(self.sites):
            if site.end > offset:
                continue
            if site.role in roles:
                return [other for other in self.sites if other.group == site.group]
        return []

    # -- routes ---------------------------------------------------------------------------

    def _route(self, claim: _Claim, number: int) -> Route:
        head = claim.triggers[0]
        trigger_start, trigger_end = self.starts[head], self.ends[head]
        mover_span, mover_label = self._mover(head)
        status, cue = self._status(claim.sentence, self.paragraph_of[head])
        low, high = self._evidence(claim)
        start, end = self.starts[low], self.ends[high]
        evidence = Span(self.text[start:end], start, end)
        actors = self._actors(low, high)
        every = [*claim.origins, *claim.destinations, *claim.via]
        resolved = sum(
            1 for endpoint in every if endpoint.place is not None or endpoint.kind == "zone"
        )
        strength = float(claim.entry.row.get("strength") or 0.5)
        confidence = claim_confidence(strength, every, resolved, status)
        return Route(
            id=f"{self.document.id}:r{number}",
            doc_id=self.document.id,
            trigger=Span(
                self.text[trigger_start:trigger_end],
                trigger_start,
                trigger_end,
            ),
            mover=mover_span,
            mover_label=mover_label,
            origins=claim.origins,
            destinations=claim.destinations,
            via=claim.via,
            actors=actors,
            status=status,
            status_cue=cue,
            time=self._time(head) or self.document.metadata.get("date", ""),
            confidence=round(min(1.0, confidence), 3),
            evidence=evidence,
            movement=claim.entry.row.get("movement", ""),
            quantities=quantities(self.text, start, end),
        )

    def _mover(self, head: int) -> tuple[Span | None, str]:
        """Who or what moves: the mover phrase after the movement word, the organisation
        right after it ("انسحاب داعش"), or a mover phrase before it in the clause."""
        sentence = self.sentence_of[head]
        first = self._mover_after(head, sentence)
        if first is None and head + 1 < self.count:
            actor = self.actors[head + 1]
            if actor is not None and self.sentence_of[head + 1] == sentence:
                start = self.starts[actor.first]
                end = self.ends[actor.last]
                return Span(self.text[start:end], start, end), actor.entry.row["name"]
        if first is None:
            first = self._mover_before(head)
        if first is None:
            return None, ""
        last, labels = self._mover_phrase(first, sentence)
        start = self.starts[first]
        end = self.ends[last]
        return Span(self.text[start:end], start, end), ", ".join(labels)

    def _mover_after(self, head: int, sentence: int) -> int | None:
        for position in range(head + 1, min(self.count, head + 9)):
            if self.sentence_of[position] != sentence or position in self.site_at:
                return None
            if self.movers[position] is not None:
                return position
        return None

    def _mover_before(self, head: int) -> int | None:
        lower = self._sentence_start(head)
        for position in range(head - 1, max(lower, head - 9) - 1, -1):
            if is_clause_end(self.tokens, position):
                return None
            if self.movers[position] is not None:
                return position
        return None

    def _mover_phrase(self, first: int, sentence: int) -> tuple[int, list[str]]:
        """The last token of the mover phrase starting at ``first``, and its labels: movers and
        organisations joined by من/و/مع ("عناصر من داعش وعائلاتهم")."""
        last = first
        labels: list[str] = []
        position = first
        while position < self.count and position - last <= 2:
            if self.sentence_of[position] != sentence or position in self.site_at:
                break
            mover = self.movers[position]
            found = mover or self.actors[position]
            if found is not None:
                label = mover.entry.row.get("label", "") if mover is not None else ""
                if label and label not in labels:
                    labels.append(label)
                last = found.last
                position = found.last + 1
                continue
            if not self.is_word[position] or self.folded[position] not in _MOVER_JOINERS:
                break
            position += 1
        return last, labels

    def _evidence(self, claim: _Claim) -> tuple[int, int]:
        """First and last token of the clauses of the claim's sentence that hold its words
        (and the sentence end mark right after them)."""
        sentence = claim.sentence
        positions = [*claim.triggers]
        for site in claim.sites:
            if site.sentence == sentence:
                positions.extend((site.first, site.last))
        low, high = min(positions), max(positions)
        clause_ends = self.clause_ends
        before = bisect.bisect_left(clause_ends, low)
        if before:
            low = max(self.sentence_first[sentence], clause_ends[before - 1] + 1)
        else:
            low = self.sentence_first[sentence]
        after = bisect.bisect_right(clause_ends, high)
        sentence_end = bisect.bisect_right(self.sentence_of, sentence, high) - 1
        if after < len(clause_ends):
            high = min(sentence_end, clause_ends[after] - 1)
        else:
            high = sentence_end
        if high + 1 < self.count and is_sentence_end(self.tokens, high + 1):
            high += 1
        return low, high

    def _actors(self, low: int, high: int) -> list[Actor]:
        """The actors named in tokens ``low..high`` that are not part of a place."""
        actors: list[Actor] = []
        names: set[str] = set()
        for match in self.placed["actors"]:
            if match.last < low:
                continue
            if match.first > high:
                break
            site = self.site_at.get(match.first)
            if site is not None and (site.kind == "zone" or site.role is not None):
                continue
            name = match.entry.row["name"]
            if name in names:
                continue
            names.add(name)
            start = self.starts[match.first]
            end = self.ends[match.last]
            actors.append(Actor(self.text[start:end], start, end, name))
        return actors

    def _time(self, head: int) -> str:
        best: tuple[int, str] | None = None
        for first, phrase in self._time_phrases(self.sentence_of[head]):
            distance = abs(first - head)
            if best is None or distance < best[0]:
                best = (distance, phrase)
        return best[1] if best else ""

    def _time_phrases(self, sentence: int) -> list[tuple[int, str]]:
        """Time expressions of a sentence: (first token, text), in text order."""
        cached = self.time_phrases.get(sentence)
        if cached is not None:
            return cached
        found: list[tuple[int, str]] = []
        seen: set[int] = set()
        lower = self.sentence_first[sentence]
        for position in range(lower, bisect.bisect_right(self.sentence_of, sentence, lower)):
            match = self.markers[position]
            last = None
            if (
                match is not None
                and match.entry.row.get("role") == "time"
                and id(match) not in seen
            ):
                seen.add(id(match))
                last = match.last
                if last + 1 < self.count and _YEAR_RE.match(self.folded[last + 1]):
                    last += 1
                first = match.first
            elif (
                self.folded[position] in ("عام", "سنه")
                and position + 1 < self.count
                and _YEAR_RE.match(self.folded[position + 1])
            ):
                first, last = position, position + 1
            if last is None:
                continue
            found.append((first, self.text[self.starts[first] : self.ends[last]]))
        self.time_phrases[sentence] = found
        return found


def _start_of(item: _Site | _Backref) -> int:
    return item.start


def _effective(role: str | None, scene_role: str) -> str | None:
    if role == "people":
        return "origin"
    if role == "object":
        return scene_role if scene_role in ("origin", "destination", "via") else None
    if role == "location":
        return scene_role if scene_role in ("origin", "destination") else None
    return role if role in ("origin", "destination", "via") else None


def _add(claim: _Claim, role: str, endpoint: Endpoint, site: _Site) -> None:
    """Add ``endpoint`` as an origin, destination or via point, unless it is there already."""
    if role == "origin":
        target = claim.origins
    elif role == "destination":
        target = claim.destinations
    else:
        target = claim.via
    start, end = endpoint.start, endpoint.end
    for other in target:
        if other.start == start and other.end == end:
            return
        if _same_place(other, site):
            return
    target.append(endpoint)
    claim.sites.append(site)
    claim.roles.add((site.start, role))


def _drop(claim: _Claim, site: _Site) -> None:
    """Take ``site`` out of the claim's ends, whatever role it had."""
    for ends in (claim.origins, claim.destinations, claim.via):
        ends[:] = [end for end in ends if (end.start, end.end) != (site.start, site.end)]
    claim.roles = {(start, role) for start, role in claim.roles if start != site.start}


def _same_place(endpoint: Endpoint, site: _Site) -> bool:
    """Whether an end already taken is the place ``site`` names again: the same gazetteer place
    under a second name ("رأس العين / سري كانيه"), or the same unplaced name."""
    if site.place is not None:
        return endpoint.place is not None and endpoint.place.id == site.place.id
    return endpoint.place is None and site.kind == "place" and endpoint.text == site.text


def _stops_on_the_way(claim: _Claim) -> None:
    """A place where the movement happened ("بعد توقف في منطقة X", "أثناء وجودها في X") is a
    stop on the way when the sentence states that end with a direction of its own: "وصلت
    الحافلات إلى Y بعد انتظار في X" arrived at Y, through X."""
    for ends in (claim.destinations, claim.origins):
        stated = [end for end in ends if (end.start, end.end) not in claim.located]
        stops = [end for end in ends if (end.start, end.end) in claim.located]
        if not stated or not stops:
            continue
        ends[:] = stated
        for stop in stops:
            if all((other.start, other.end) != (stop.start, stop.end) for other in claim.via):
                claim.via.append(stop)


def _merge_endpoints(chain: _Claim, claim: _Claim) -> None:
    lists = (
        ("origin", claim.origins),
        ("destination", claim.destinations),
        ("via", claim.via),
    )
    sites = {(site.start, site.end): site for site in claim.sites}
    taken = {
        (endpoint.start, endpoint.end)
        for endpoint in (*chain.origins, *chain.destinations, *chain.via)
    }
    for role, endpoints in lists:
        for endpoint in endpoints:
            where = (endpoint.start, endpoint.end)
            site = sites.get(where)
            if site is None or where in taken:
                continue  # an end the movement already has keeps the role it was given
            if where in claim.located and role == "origin":
                role = "via"  # where the continuing words happened lies on the way
            _add(chain, role, endpoint, site)
    chain.origin_nonplace = chain.origin_nonplace and claim.origin_nonplace


def _absorb_inferred(claims: list[_Claim]) -> list[_Claim]:
    """Drop a claim that only has the scene inferred when a later claim restates it.

    "The agreement provides for the exit of fighters ..., and indeed fighters left towards
    X": the first movement word adds nothing the second does not say, except its words.
    """
    kept: list[_Claim] = []
    for position, claim in enumerate(claims):
        if claim.only_inferred:
            scene = {
                (endpoint.start, endpoint.end) for endpoint in claim.origins + claim.destinations
            }
            absorbed = False
            for later in claims[position + 1 :]:
                if later.sentence != claim.sentence:
                    break
                later_scene = {
                    (endpoint.start, endpoint.end)
                    for endpoint in later.origins + later.destinations
                    if endpoint.inferred
                }
                if later.entry.row.get("movement") == claim.entry.row.get("movement") and (
                    scene <= later_scene
                ):
                    later.triggers[:0] = claim.triggers
                    absorbed = True
                    break
            if absorbed:
                continue
        kept.append(claim)
    return kept


def _outside(tokens: Tokens, spans: Sequence[tuple[int, int]]) -> Tokens:
    """The tokens that do not overlap any of ``spans`` (site furniture)."""
    if not spans:
        return tokens
    ordered = sorted(spans)
    kept: list[int] = []
    position = 0
    for index, (start, end) in enumerate(zip(tokens.starts, tokens.ends, strict=True)):
        while position < len(ordered) and ordered[position][1] <= start:
            position += 1
        if position < len(ordered) and ordered[position][0] < end:
            continue
        kept.append(index)
    return Tokens(
        [tokens.starts[index] for index in kept],
        [tokens.ends[index] for index in kept],
        [tokens.folded[index] for index in kept],
        [tokens.is_word[index] for index in kept],
    )


def _in_spans_range(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < span_end and end > span_start for span_start, span_end in spans)
