"""From name spans to places: decide what is a place, pick the candidate, say why.

Two questions are answered for every span the recognizer found.

1. *Is it a place at all?* A span earns belief from the kind of place its name can mean
   (a city more than a village), a place cue before it (قرية, مدينة), a list of places around
   it, a location preposition, and a multi-word name. It loses belief when its words are
   common Arabic words (word frequency from ``wordfreq``, plus the reviewed table
   ``data/lexicons/common_words.tsv``), when the match needed a proclitic split that makes a
   common word (وزارة is not و + زارة), or when context marks an outlet or a person.
2. *Which place?* Candidates are scored by name-match quality, a kind and population prior,
   agreement with the cue, the administrative context of the document (governorates and
   districts it names, nearer ones weighing more), the document's geographic focus, spatial
   coherence with the places listed next to it, and one sense per document.

Every choice carries a short reason a person can check.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import weakref
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from geo.distance import approx_km
from geo.model import Candidate, Mention, Place
from geo.normalize import arabic_key, fold_arabic
from geo.recognize import NameSpan, common_words

#: Prior belief in a place of each kind, before context (a city is named more than a village).
KIND_PRIOR = {
    "country": 0.95,
    "governorate": 0.86,
    "city": 0.9,
    "district": 0.5,
    "town": 0.65,
    "subdistrict": 0.35,
    "camp": 0.55,
    "village": 0.42,
    "neighbourhood": 0.3,
    "region": 0.6,
    "other": 0.3,
}

#: How much word frequency counts against a name, per kind: a village named like a common word
#: needs context; a city named like one (الباب) needs less.
COMMONNESS_WEIGHT = {"village": 0.32, "neighbourhood": 0.32, "town": 0.16, "camp": 0.16}
COMMONNESS_FLOOR = 3.2
#: Names rarer than this (Zipf) in general text are likelier places than words.
RARE_ZIPF = 2.5

#: Spans with less belief than this are not places.
PLACENESS_THRESHOLD = 0.45

#: A local place further than this (km) from every place named with it is suspect.
ISOLATION_KM = 150.0
LOCAL_KINDS = ("village", "town", "camp", "neighbourhood")

#: Names further apart than this (characters) in one sentence do not vouch for each other.
MATE_WINDOW = 300

#: Candidates closer than this (km) to a list-mate count as "listed with it".
LIST_RADIUS_KM = 30.0


#: Words of plain Arabic letters (no marks, digits or tatweel) parted by single spaces: for
#: these ``wordfreq``'s tokenizer returns the words themselves, so its frequency table can be
#: read directly (some forty times faster than ``zipf_frequency``; equality is tested).
_PLAIN_ARABIC_RE = re.compile("[\u0621-\u063a\u0641-\u064a]+(?: [\u0621-\u063a\u0641-\u064a]+)*")


@functools.lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """Zipf frequency (0..8) of an Arabic word or phrase in general text, as ``wordfreq``'s
    ``zipf_frequency(word, "ar")`` gives it."""
    if _PLAIN_ARABIC_RE.fullmatch(word) is None:
        from wordfreq import zipf_frequency

        return float(zipf_frequency(word, "ar"))
    frequencies = _arabic_frequencies()
    one_over = 0.0
    for token in word.split(" "):
        frequency = frequencies.get(token)
        if frequency is None:
            return 0.0  # a word wordfreq does not know: the minimum, zipf 0
        one_over += 1.0 / frequency
    # As wordfreq does: combine, floor at zipf 0, keep three significant digits, to zipf.
    frequency = max(1.0 / one_over, 1e-9)
    frequency = round(frequency, math.floor(-math.log(frequency, 10)) + 3)
    return round(math.log(frequency, 10) + 9, 2)


def name_frequency(surface: str) -> float:
    """How often the words of a name occur together in general text (Zipf scale).

    For one word it is the word's frequency. For several it is their frequencies multiplied, as
    for words that fall together by chance: ``wordfreq`` rates a phrase as about its rarest
    word, which would make "رأس العين" (two common words) as common as "العين" alone.
    """
    words = surface.split()
    if len(words) < 2:
        return zipf(surface)
    return max(0.0, sum(zipf(word) for word in words) - ZIPF_ONE * (len(words) - 1))


#: The Zipf value of a word that occurs every time (log10 of 10^9 per billion words).
ZIPF_ONE = 9.0


@functools.cache
def _arabic_frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return dict(get_frequency_dict("ar", "best"))


#: A place a name near another may be: (lat, lon, id, the name as written, weight).
_Point = tuple[float, float, str, str, float]


@dataclass(slots=True)
class _Item:
    """A span on its way to a mention: belief in it, its candidates' scores, and what its last
    scoring found (reasons are put in words only for the candidates shown)."""

    span: NameSpan
    surface: str
    name: _NameFacts
    belief: float
    notes: list[str]
    scores: dict[str, float] = field(default_factory=dict)
    chosen: _Static | None = None
    points: Sequence[_Point] = ()
    sentence: int = 0
    mates: Sequence[_Item] = ()
    #: Per candidate id an admin unit supports: (support, the unit's name, named nearby).
    admins: dict[str, tuple[float, str, bool]] = field(default_factory=dict)
    #: Per candidate id with a mate near: (coherence bonus, the mate as written, distance in km).
    nearest: dict[str, tuple[float, str, float]] = field(default_factory=dict)
    #: Id of the candidate one sense per document chose, if it did.
    one_sense: str = ""


def resolve_spans(
    spans: Sequence[NameSpan], text: str, gazetteer: object, *, sentence_breaks: Sequence[int] = ()
) -> list[Mention]:
    """Decide which spans are places and resolve each to one gazetteer place.

    Parameters
    ----------
    spans
        Spans from ``Recognizer.find`` (original-text offsets).
    text
        The document text the spans index.
    gazetteer
        A ``Gazetteer`` (needs ``get``).
    sentence_breaks
        Offsets where sentences end, used to weigh nearby context more.

    Returns
    -------
    list of Mention
        One per span judged a place, in text order; ``place`` is None when no candidate is
        credible, with the reason.
    """
    known = _name_memo(gazetteer)
    items = [_item(span, text, gazetteer, known) for span in spans]
    _list_evidence(items)
    kept = [item for item in items if item.belief >= PLACENESS_THRESHOLD]
    sentence_of = _sentence_index(sentence_breaks)
    for item in kept:
        item.sentence = sentence_of(item.span.start)
    _link_mates(kept)
    for round_number in range(RESOLUTION_ROUNDS):
        context = _Context.of(kept)
        _set_points(kept)
        for item in kept:
            if round_number == 0 or len(item.name.statics) > 1:
                _score(item, context)
    _one_sense_per_document(kept)
    mentions = [_mention(item) for item in kept]
    for item in kept:
        item.mates = ()  # the items link each other: unlinked, they go now, not at a GC pass
    return mentions


def _item(span: NameSpan, text: str, gazetteer: object, known: _NameMemo) -> _Item:
    """A span with the belief that it names a place: what speaks for it (cues, context, a
    rare word), less what speaks against it (a common word, part of another name)."""
    surface = text[span.start : span.end]
    name = _name_facts(span.place_ids, surface, span.key, gazetteer, known)
    notes: list[str] = []
    belief = name.best_prior + _evidence_for(span, name, notes)
    belief -= _commonness(span, name, notes)
    belief -= _evidence_against(span, text, surface, name, notes)
    return _Item(span, surface, name, belief, notes)


def _cue_agrees(span: NameSpan, name: _NameFacts) -> bool:
    return bool(span.cue_kinds) and not name.kinds.isdisjoint(span.cue_kinds)


def _evidence_for(span: NameSpan, name: _NameFacts, notes: list[str]) -> float:
    belief = 0.0
    if span.cue_kinds:
        # A cue says "a place follows" even when the gazetteer's kind for it disagrees
        # (kinds derived from population are often wrong: a town recorded as a village).
        belief += (0.5 if _cue_agrees(span, name) else 0.35) * span.cue_weight
        notes.append(f"after the cue {span.cue}")
    if span.preposition:
        belief += 0.08
    if name.frequency < RARE_ZIPF and not name.common:
        # A word the language seldom uses that a gazetteer knows as a place is most likely it.
        belief += 0.1
    if " " in span.key:  # more than one word
        belief += 0.15
    return belief


def _commonness(span: NameSpan, name: _NameFacts, notes: list[str]) -> float:
    """How much the name's being an ordinary word counts against it."""
    penalty = 0.0
    # A naming cue right before a word ("قرية النصر") outweighs how common the word is.
    relief = 1.0 - (span.cue_weight if _cue_agrees(span, name) else 0.0)
    if name.frequency > COMMONNESS_FLOOR:
        penalty += name.weight * (name.frequency - COMMONNESS_FLOOR) * relief
    if name.common:
        if name.best_prior < 0.85:
            penalty += 0.35 * relief
        elif not (span.cue_kinds or span.preposition or span.list_id >= 0):
            # Even a city named like a common word (الباب, "the door") needs context.
            penalty += 0.6
        notes.append("a common word")
    if name.cue:
        penalty += 0.6
    return penalty


def _evidence_against(
    span: NameSpan, text: str, surface: str, name: _NameFacts, notes: list[str]
) -> float:
    """Context that makes the span something other than a place: part of a longer word, an
    outlet's or organisation's name, a person, the state acting."""
    penalty = 0.0
    whole = _whole_token(text, span)
    if whole != surface and zipf(whole) >= max(3.5, name.frequency + 1.0):
        penalty += 0.6
        notes.append(f"part of the word {whole}")
    hints = span.hints
    if "outlet" in hints:
        penalty += 1.0
    organisation = _organisation(hints)
    if organisation:
        penalty += 1.0
        notes.append(f"part of the name {organisation.split(':', 1)[1]}")
    if not name.statics:
        penalty += 1.0
    if "actor" in hints and not span.cue and not name.kinds.isdisjoint(("country", "city")):
        penalty += 1.0
        notes.append("the state acting in the sentence, not a place")
    if "person-title" in hints or "nisba" in hints:
        penalty += 0.8
    if "dual-noun" in hints:
        penalty += 0.8
        notes.append("a dual noun before its relative pronoun")
    if "kunya" in hints and not span.cue:
        penalty += 0.3
    return penalty


def _organisation(hints: Sequence[str]) -> str:
    """The hint that the span is part of an organisation's name (``organisation:NAME``), or ""."""
    for hint in hints:
        if hint.startswith("organisation:"):
            return hint
    return ""


@dataclass(slots=True, eq=False)
class _NameFacts:
    """What resolution needs of a name as written that does not depend on where it stands
    (made once per name and never changed)."""

    place_ids: tuple[str, ...]
    #: The candidates, by what scoring needs of them.
    statics: tuple[_Static, ...]
    best_prior: float
    kinds: frozenset[str]
    weight: float
    frequency: float
    common: bool
    cue: bool
    #: Ids of the candidates taken as the seat of a district or subdistrict of the same name.
    seats: tuple[str, ...]
    #: Key of the name as written, to tell the candidates named exactly so.
    surface_key: str
    #: The likeliest candidates that can vouch for the names around it (see ``anchors_mates``).
    anchors: tuple[_Static, ...]


#: Name facts by (name as written, key); each knows the place ids it was made for.
_NameMemo = dict[tuple[str, str], _NameFacts]

#: Per gazetteer (tests and tools may hold several, with the same ids for other places).
_NAME_FACTS: weakref.WeakKeyDictionary[Any, _NameMemo] = weakref.WeakKeyDictionary()


def _name_memo(gazetteer: object) -> _NameMemo:
    """The name facts worked out so far for ``gazetteer``."""
    known = _NAME_FACTS.get(gazetteer)
    if known is None:
        known = _NAME_FACTS[gazetteer] = {}
    return known


def _name_facts(
    place_ids: tuple[str, ...], surface: str, key: str, gazetteer: object, known: _NameMemo
) -> _NameFacts:
    """The candidates of a name as written and their priors, memoised per process."""
    memo = (surface, key)
    facts = known.get(memo)
    if facts is not None and facts.place_ids == place_ids:
        return facts
    places = [gazetteer.get(place_id) for place_id in place_ids]  # type: ignore[attr-defined]
    candidates = [place for place in places if place is not None]
    countries = [place for place in candidates if place.kind == "country"]
    if countries and _article_added(surface, countries):
        # Country names take no article: السورية, الروسية are adjectives ("Syrian", "Russian").
        candidates = [place for place in candidates if place.kind != "country"]
    statics = tuple(_static(place) for place in candidates)
    best_prior = max([static.prior for static in statics], default=0.0)
    weight = max([COMMONNESS_WEIGHT.get(place.kind, 0.04) for place in candidates], default=0.0)
    if best_prior >= 0.85:
        weight = 0.04
    seats = _seats(statics)
    facts = _NameFacts(
        place_ids=place_ids,
        statics=statics,
        best_prior=best_prior,
        kinds=_shared_kinds(frozenset(place.kind for place in candidates)),
        weight=weight,
        frequency=name_frequency(surface),
        common=key in common_words(),
        cue=key in _cue_keys(),
        seats=seats,
        surface_key=arabic_key(surface),
        anchors=_anchors(statics),
    )
    if len(known) < 200_000:
        known[memo] = facts
    return facts


#: One copy of each set of kinds: names of places come in few combinations of kinds.
_KINDS: dict[frozenset[str], frozenset[str]] = {}


def _shared_kinds(kinds: frozenset[str]) -> frozenset[str]:
    """The one copy of ``kinds`` kept for every name whose places are of these kinds."""
    return _KINDS.setdefault(kinds, kinds)


def _anchors(statics: tuple[_Static, ...]) -> tuple[_Static, ...]:
    """The likeliest candidates that can vouch for the names around (``statics`` itself when
    that is all of them)."""
    anchors = tuple(static for static in statics[:MATE_CANDIDATES] if static.anchors_mates)
    return statics if anchors == statics else anchors


def _article_added(surface: str, candidates: Sequence[Place]) -> bool:
    """Whether the text put an article before a name that has none (سورية → السورية)."""
    folded = fold_arabic(surface)
    if not folded.startswith("ال"):
        return False
    return not any(
        fold_arabic(name) == folded
        for place in candidates
        for name in (place.name_ar, *place.names)
    )


def _list_evidence(items: list[_Item]) -> None:
    """Names listed with credible places are places too (أ، ب، ج)."""
    lists: dict[int, list[_Item]] = defaultdict(list)
    for item in items:
        if item.span.list_id >= 0:
            lists[item.span.list_id].append(item)
    for members in lists.values():
        strong = [member for member in members if member.belief >= 0.55]
        for member in members:
            if "outlet" in member.span.hints:
                continue
            others = [other for other in strong if other is not member]
            if others:
                member.belief += 0.3
            elif any(_near_each_other(member, other) for other in members if other is not member):
                # Two rare names listed together whose places lie close: a list of places.
                member.belief += 0.2


def _near_each_other(item: _Item, other: _Item) -> bool:
    """Whether a candidate of ``item`` lies within ``LIST_RADIUS_KM`` of one of ``other``'s,
    both names being words the language seldom uses otherwise."""
    if item.name.common or other.name.common:
        return False
    if max(item.name.frequency, other.name.frequency) > COMMONNESS_FLOOR + 0.5:
        return False
    return any(
        a.lat is not None
        and b.lat is not None
        and approx_km(a.lat, a.lon, b.lat, b.lon) <= LIST_RADIUS_KM
        for a in item.name.statics[:MATE_CANDIDATES]
        for b in other.name.statics[:MATE_CANDIDATES]
    )


@functools.cache
def _cue_keys() -> frozenset[str]:
    from geo.lexicons import load_table

    return frozenset(arabic_key(row["cue"]) for row in load_table("place_cues"))


def _whole_token(text: str, span: NameSpan) -> str:
    start = span.start
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return text[start : span.end]


def _prior(place: Place) -> float:
    """Kind and population prior of a place (read it through ``_static``, which keeps it)."""
    prior = KIND_PRIOR.get(place.kind, 0.3)
    if place.population > 0:
        prior += min(0.08, 0.015 * math.log10(place.population + 1))
    return prior


def _sentence_index(breaks: Sequence[int]):  # type: ignore[no-untyped-def]
    ordered = sorted(breaks)

    def sentence_of(offset: int) -> int:
        return bisect.bisect_right(ordered, offset)

    return sentence_of


@dataclass(slots=True)
class _AdminUnit:
    """An admin unit the places of a document lie in: by which names and in which sentences."""

    keys: set[str]
    sentences: set[int]
    places: int = 1
    #: What it adds to a candidate inside it (more when named in the candidate's sentence).
    support: float = 0.0


@dataclass(slots=True)
class _Context:
    """What the document as a whole says about where it is."""

    units: dict[str, _AdminUnit]
    focus: tuple[float, float] | None

    @classmethod
    def of(cls, items: Sequence[_Item]) -> _Context:
        units: dict[str, _AdminUnit] = {}
        total = total_lat = total_lon = 0.0
        for item in items:
            static = item.chosen
            if static is None:
                if len(item.name.statics) != 1:
                    continue
                static = item.name.statics[0]
            sentence = item.sentence
            key = item.span.key
            for admin_id, _admin_name in static.admins:
                unit = units.get(admin_id)
                if unit is None:
                    units[admin_id] = _AdminUnit({key}, {sentence})
                else:
                    unit.places += 1
                    unit.keys.add(key)
                    unit.sentences.add(sentence)
            if static.lat is not None and static.syrian:
                share = static.focus_share
                total += share
                total_lat += static.lat * share
                total_lon += static.lon * share
        for unit in units.values():
            unit.support = min(0.25, 0.08 * unit.places)
        focus = (total_lat / total, total_lon / total) if total else None
        return cls(units, focus)


def _admin_support(
    statics: Sequence[_Static], key: str, sentence: int, units: dict[str, _AdminUnit]
) -> dict[str, tuple[float, str, bool]]:
    """What the admin units the document names add to each candidate: (support, name of the
    unit giving it, whether that unit is named in the candidate's sentence) by candidate id,
    for the candidates some unit supports."""
    found: dict[str, tuple[float, str, bool]] = {}
    if not units:
        return found
    for static in statics:
        best = 0.0
        for admin_id, admin_name in static.admins:
            unit = units.get(admin_id)
            # A name does not vouch for itself: Raqqa city's governorate is named by "Raqqa".
            if (
                unit is not None
                and (len(unit.keys) > 1 or key not in unit.keys)
                and admin_id != static.id
            ):
                near = sentence in unit.sentences
                support = unit.support + (0.15 if near else 0.0)
                if support > best:
                    best = support
                    found[static.id] = (support, admin_name, near)
    return found


def _admin_ids(place: Place) -> tuple[tuple[str, str], ...]:
    """(id, name) of the admin units a place belongs to, itself included if it is one (read
    it through ``_static``, which keeps it)."""
    units = []
    if place.kind in ("governorate", "district"):
        units.append((place.id, place.name))
    if place.admin1_id:
        units.append((place.admin1_id, place.admin1))
    if place.admin2_id:
        units.append((place.admin2_id, place.admin2))
    return tuple(units)


def _link_mates(items: Sequence[_Item]) -> None:
    """Give each item the other names listed with it or standing in its sentence."""
    by_sentence: dict[int, list[_Item]] = defaultdict(list)
    by_list: dict[int, list[_Item]] = defaultdict(list)
    for item in items:
        by_sentence[item.sentence].append(item)
        if item.span.list_id >= 0:
            by_list[item.span.list_id].append(item)
    for item in items:
        group = by_sentence[item.sentence]
        list_id = item.span.list_id
        if list_id >= 0:
            group = by_list[list_id] + [other for other in group if other.span.list_id != list_id]
        key = item.span.key
        item.mates = [other for other in group if other is not item and other.span.key != key]


def _seats(statics: Sequence[_Static]) -> tuple[str, ...]:
    """Ids of the local candidates near a district or subdistrict candidate of the same name: a
    district is named after its seat, a town in practice whatever the gazetteer's kind for it
    (Ras al-Ain district, Ras al-Ain town)."""
    units = [
        static
        for static in statics
        if static.kind in ("district", "subdistrict") and static.lat is not None
    ]
    if not units:
        return ()
    return tuple(
        static.id for static in statics if static.local and _near_unit_of_same_name(static, units)
    )


def _scored_kind(static: _Static, seat: bool) -> str:
    """The kind a candidate is scored as: a village that is a district's seat is a town."""
    return "town" if seat and static.kind == "village" else static.kind


def _score(item: _Item, context: _Context) -> None:
    """Score the candidates of ``item`` in the document's context and choose the likeliest."""
    statics = item.name.statics
    points = [point for mate in item.mates for point in mate.points]
    nearest = _nearest_mates(statics, points) if points else {}
    admins = _admin_support(statics, item.span.key, item.sentence, context.units)
    item.nearest, item.admins = nearest, admins
    focus = context.focus
    scores: dict[str, float] = {}
    exp = math.exp
    cue_kinds = item.span.cue_kinds
    seats, surface_key = item.name.seats, item.name.surface_key
    for static in statics:
        score = static.prior
        kind = static.kind
        if seats and static.id in seats:
            # A district or subdistrict is named after its seat, a town in practice, whatever
            # the gazetteer's kind for it (Ras al-Ain district, Ras al-Ain town).
            score += KIND_PRIOR["town"] - KIND_PRIOR.get(kind, 0.3) + 0.05
            kind = _scored_kind(static, True)
        if cue_kinds:
            if kind in cue_kinds:
                score += 0.25
            else:
                score -= 0.1
        if static.name_key == surface_key:
            score += 0.03
        support = admins.get(static.id)
        if support is not None:
            score += support[0]
        lat = static.lat
        if lat is not None:
            mate = nearest.get(static.id)
            if mate is not None:
                score += mate[0]
            if focus is not None and static.syrian:
                far = approx_km(lat, static.lon, focus[0], focus[1])
                score += 0.15 * exp(-far / 150.0)
        scores[static.id] = score
    item.scores = scores
    if statics:
        item.chosen = _likeliest(statics, scores)


def _likeliest(statics: Sequence[_Static], scores: dict[str, float]) -> _Static:
    """The candidate of the highest score; of equal scores, the most populous, then the
    greatest id."""
    if len(statics) == 1:
        return statics[0]
    top = max(scores.values())
    best = [static for static in statics if scores[static.id] == top]
    if len(best) == 1:
        return best[0]
    return max(best, key=lambda static: (static.place.population, static.id))


@dataclass(slots=True, eq=False)
class _Static:
    """What scoring needs of a place that never changes: worked out once per place."""

    place: Place
    id: str
    prior: float
    kind: str
    lat: float | None
    lon: float
    cos_lat: float
    admins: tuple[tuple[str, str], ...]
    name_key: str
    local: bool
    syrian: bool
    #: How much it pulls the document's focus (villages and towns say more than cities).
    focus_share: float
    #: Located and smaller than a governorate: being near it makes a name's candidate likelier.
    anchors_mates: bool


_STATICS: dict[str, _Static] = {}

#: One copy of each list of admin units: many places lie in the same few districts.
_ADMIN_UNITS: dict[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]] = {}


def _shared(units: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The one copy of ``units`` kept for every place that lies in them."""
    return _ADMIN_UNITS.setdefault(units, units)


def _static(place: Place) -> _Static:
    """The static facts of ``place``, memoised by id (and checked to be this very place)."""
    static = _STATICS.get(place.id)
    if static is None or static.place is not place:
        lat, lon = place.lat, place.lon
        located = lat is not None and lon is not None
        static = _Static(
            place=place,
            id=place.id,
            prior=_prior(place),
            kind=place.kind,
            lat=lat if located else None,
            lon=lon if located and lon is not None else 0.0,
            cos_lat=math.cos(math.radians(lat)) if located and lat is not None else 1.0,
            admins=_shared(_admin_ids(place)),
            name_key=arabic_key(place.name_ar),
            local=place.kind in LOCAL_KINDS,
            syrian=place.country == "SY",
            focus_share=2.0 if place.kind in ("village", "town") else 1.0,
            anchors_mates=located and place.kind not in ("country", "governorate"),
        )
        if len(_STATICS) < 500_000:
            _STATICS[place.id] = static
    return static


#: A local place this close (km) to a district or subdistrict of its name is taken as its seat.
SEAT_KM = 25.0


def _near_unit_of_same_name(place: _Static, units: Sequence[_Static]) -> bool:
    if place.lat is None:
        return False
    return any(approx_km(place.lat, place.lon, unit.lat, unit.lon) <= SEAT_KM for unit in units)  # type: ignore[arg-type]


def _reasons(item: _Item, static: _Static) -> list[str]:
    """The reasons, in words, for a candidate's score in the item's last scoring."""
    span = item.span
    seat = static.id in item.name.seats
    reasons: list[str] = []
    if span.cue_kinds:
        kind = _scored_kind(static, seat)
        if kind in span.cue_kinds:
            reasons.append(f"{kind}, as the cue {span.cue} says")
    admin = item.admins.get(static.id)
    if admin is not None:
        _support, name, near = admin
        reasons.append(f"{name} is named {'nearby' if near else 'in the article'}")
    mate = item.nearest.get(static.id)
    if mate is not None and mate[2] <= 2 * LIST_RADIUS_KM:
        _bonus, mate_text, distance = mate
        relation = "listed with it" if span.list_id >= 0 else "in the same sentence"
        reasons.append(f"{distance:.0f} km from {mate_text}, {relation}")
    place = static.place
    if place.admin1 and not (reasons and any(place.admin1 in reason for reason in reasons)):
        reasons.insert(
            0, f"{place.admin1} governorate" if place.kind != "governorate" else "governorate"
        )
    if seat:
        reasons.append("seat of the district of the same name")
    if static.id == item.one_sense:
        reasons.append("one sense per document")
    return reasons


#: How many candidates of a not-yet-resolved list-mate coherence looks at (the likeliest).
MATE_CANDIDATES = 4

#: Scoring passes: the second lets ambiguous names use the places chosen for their mates.
RESOLUTION_ROUNDS = 2


def _set_points(items: Sequence[_Item]) -> None:
    """Give each item the points of every place it may be: the chosen one, once there is one."""
    for item in items:
        weight = 0.35 if item.span.list_id >= 0 else 0.3
        chosen = item.chosen
        options: tuple[_Static, ...] = ()
        if chosen is None:
            options = item.name.anchors
        elif chosen.anchors_mates:
            options = (chosen,)
        surface = item.surface
        item.points = [
            (lat, static.lon, static.id, surface, weight)
            for static in options
            if (lat := static.lat) is not None
        ]


def _nearest_mates(
    candidates: Sequence[_Static], points: Sequence[_Point]
) -> dict[str, tuple[float, str, float]]:
    """For each candidate: (coherence bonus, name of the mate giving it, distance in km).

    The bonus is ``weight * exp(-distance / LIST_RADIUS_KM)`` for the best mate point, the
    points being the places the names listed or named with this one may be (other places
    only). A plain loop: the arrays are too small for numpy to pay off (measured).
    """
    found: dict[str, tuple[float, str, float]] = {}
    exp, hypot, radius = math.exp, math.hypot, LIST_RADIUS_KM
    for static in candidates:
        lat = static.lat
        if lat is None:
            continue
        lon, cos_lat, place_id = static.lon, static.cos_lat, static.id
        best_bonus, best_text, best_distance = 0.0, "", 0.0
        for other_lat, other_lon, other_id, surface, weight in points:
            if other_id == place_id:
                continue
            distance = 111.195 * hypot((other_lon - lon) * cos_lat, other_lat - lat)
            bonus = weight * exp(-distance / radius)
            if bonus > best_bonus:
                best_bonus, best_text, best_distance = bonus, surface, distance
        if best_bonus > 0.0:
            found[place_id] = (best_bonus, best_text, best_distance)
    return found


def _one_sense_per_document(items: Sequence[_Item]) -> None:
    """A name that means one local place in an article means it everywhere in it."""
    groups: dict[str, list[_Item]] = defaultdict(list)
    for item in items:
        if item.chosen is not None and item.chosen.kind not in ("governorate", "country"):
            groups[item.span.key].append(item)
    for members in groups.values():
        if len(members) < 2:
            continue
        totals: defaultdict[str, float] = defaultdict(float)
        for member in members:
            for place_id, score in member.scores.items():
                totals[place_id] += score
        shared_id = max(totals, key=lambda place_id: (totals[place_id], place_id))
        for member in members:
            if member.chosen is not None and member.chosen.id != shared_id:
                replacement = next(
                    (static for static in member.name.statics if static.id == shared_id), None
                )
                if replacement is not None and replacement.kind == member.chosen.kind:
                    member.chosen = replacement
                    member.one_sense = shared_id


def _mention(item: _Item) -> Mention:
    span = item.span
    mention = Mention(item.surface, span.start, span.end, span.key, span.cue)
    chosen = item.chosen
    if chosen is None:
        mention.reason = "no gazetteer candidate fits"
        return mention
    scores = item.scores
    ranked: Sequence[_Static] = item.name.statics
    if len(ranked) > 1:
        ranked = sorted(ranked, key=lambda static: (-scores[static.id], static.id))
    belief = min(1.0, max(0.0, item.belief))
    mention.place = chosen.place
    confidence = min(0.99, 0.5 * _share(ranked, chosen, scores) + 0.5 * belief)
    reasons = _reasons(item, chosen)
    far, far_from = (0.0, "")
    mate = item.nearest.get(chosen.id)
    if mate is not None:
        _bonus, far_from, far = mate
    if far > ISOLATION_KM and chosen.local and not any("named" in r for r in reasons):
        # A village far from every place named with it is as likely another, unlisted place.
        confidence *= 0.5
        reasons.append(f"but {far:.0f} km from {far_from}, named with it: check")
    mention.confidence = round(confidence, 3)
    if len(ranked) > 1:
        reasons.append(
            f"chosen over {len(ranked) - 1} other place{'s' if len(ranked) > 2 else ''} of this name"
        )
        runners_up = [static for static in ranked[:5] if static.id != chosen.id][:3]
        mention.candidates = [
            Candidate(static.place, round(scores[static.id], 4), "; ".join(_reasons(item, static)))
            for static in runners_up
        ]
    mention.reason = "; ".join(dict.fromkeys([*reasons, *item.notes])) or "only gazetteer match"
    return mention


def _share(ranked: Sequence[_Static], chosen: _Static, scores: dict[str, float]) -> float:
    """The chosen candidate's share of belief among all (a softmax of their scores)."""
    if len(ranked) == 1:
        return 1.0
    ranked_scores = [scores[static.id] for static in ranked]
    top = max(ranked_scores)
    weights = [math.exp((score - top) / 0.12) for score in ranked_scores]
    return weights[ranked.index(chosen)] / sum(weights)
