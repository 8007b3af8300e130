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

import functools
import math
import re
import weakref
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

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

#: Spans with less belief than this are not places.
PLACENESS_THRESHOLD = 0.45

#: A local place further than this (km) from every place named with it is suspect.
ISOLATION_KM = 150.0
LOCAL_KINDS = ("village", "town", "camp", "neighbourhood")

#: Names further apart than this (characters) in one sentence do not vouch for each other.
MATE_WINDOW = 300

#: Candidates closer than this (km) to a list-mate count as "listed with it".
LIST_RADIUS_KM = 30.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def approx_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance (km): within 0.5% of great-circle at Syrian scales, and cheap."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0088 * math.hypot(x, y)


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


@functools.cache
def _arabic_frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return dict(get_frequency_dict("ar", "best"))


@dataclass(slots=True)
class _Item:
    span: NameSpan
    surface: str
    candidates: list[Place]
    belief: float
    notes: list[str]
    scores: dict[str, float]
    facts: dict[str, _Facts]
    chosen: Place | None = None
    points: list[tuple[float, float, str, str, float]] = field(default_factory=list)
    isolation: dict[str, tuple[float, str]] | None = None
    sentence: int = 0
    mates: list[_Item] | None = None


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
    items = [_item(span, text, gazetteer) for span in spans]
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
            if round_number == 0 or len(item.candidates) > 1:
                _score(item, context)
    _one_sense_per_document(kept)
    return [_mention(item, text) for item in kept]


def _item(span: NameSpan, text: str, gazetteer: object) -> _Item:
    surface = text[span.start : span.end]
    name = _name_facts(span.place_ids, surface, span.key, gazetteer)
    candidates = name.candidates
    notes: list[str] = []
    best_prior = name.best_prior
    belief = best_prior
    kinds = name.kinds
    if span.cue_kinds:
        # A cue says "a place follows" even when the gazetteer's kind for it disagrees
        # (kinds derived from population are often wrong: a town recorded as a village).
        agree = not kinds.isdisjoint(span.cue_kinds)
        belief += (0.5 if agree else 0.35) * span.cue_weight
        notes.append(f"after the cue {span.cue}")
    if span.preposition:
        belief += 0.08
    if span.words > 1:
        belief += 0.15
    weight = name.weight
    # A naming cue right before a word ("قرية النصر") outweighs how common the word is.
    relief = 1.0 - (
        span.cue_weight if span.cue_kinds and not kinds.isdisjoint(span.cue_kinds) else 0.0
    )
    frequency = name.frequency
    if frequency > COMMONNESS_FLOOR:
        belief -= weight * (frequency - COMMONNESS_FLOOR) * relief
    if name.common:
        if best_prior < 0.85:
            belief -= 0.35 * relief
        elif not (span.cue_kinds or span.preposition or span.list_id >= 0):
            # Even a city named like a common word (الباب, "the door") needs context.
            belief -= 0.6
        notes.append("a common word")
    if name.cue:
        belief -= 0.6
    whole = _whole_token(text, span)
    if whole != surface and zipf(whole) >= max(3.5, frequency + 1.0):
        belief -= 0.6
        notes.append(f"part of the word {whole}")
    if "outlet" in span.hints:
        belief -= 1.0
    organisation = next((hint for hint in span.hints if hint.startswith("organisation:")), "")
    if organisation:
        belief -= 1.0
        notes.append(f"part of the name {organisation.split(':', 1)[1]}")
    if not candidates:
        belief -= 1.0
    if "person-title" in span.hints or "nisba" in span.hints:
        belief -= 0.8
    if "kunya" in span.hints and not span.cue:
        belief -= 0.3
    return _Item(span, surface, list(candidates), belief, notes, {}, {})


@dataclass(frozen=True, slots=True)
class _NameFacts:
    """What belief needs of a name that does not depend on where it stands."""

    candidates: tuple[Place, ...]
    best_prior: float
    kinds: frozenset[str]
    weight: float
    frequency: float
    common: bool
    cue: bool


#: Per gazetteer (tests and tools may hold several, with the same ids for other places).
_NAME_FACTS: weakref.WeakKeyDictionary[Any, dict[tuple[tuple[str, ...], str, str], _NameFacts]] = (
    weakref.WeakKeyDictionary()
)


def _name_facts(
    place_ids: tuple[str, ...], surface: str, key: str, gazetteer: object
) -> _NameFacts:
    """The candidates of a name as written and their priors, memoised per process."""
    memo = (place_ids, surface, key)
    known = _NAME_FACTS.get(gazetteer)
    if known is None:
        known = _NAME_FACTS[gazetteer] = {}
    facts = known.get(memo)
    if facts is not None:
        return facts
    places = [gazetteer.get(place_id) for place_id in place_ids]  # type: ignore[attr-defined]
    candidates = [place for place in places if place is not None]
    countries = [place for place in candidates if place.kind == "country"]
    if countries and _article_added(surface, countries):
        # Country names take no article: السورية, الروسية are adjectives ("Syrian", "Russian").
        candidates = [place for place in candidates if place.kind != "country"]
    best_prior = max((_static(place).prior for place in candidates), default=0.0)
    weight = max((COMMONNESS_WEIGHT.get(place.kind, 0.04) for place in candidates), default=0.0)
    if best_prior >= 0.85:
        weight = 0.04
    facts = _NameFacts(
        candidates=tuple(candidates),
        best_prior=best_prior,
        kinds=frozenset(place.kind for place in candidates),
        weight=weight,
        frequency=zipf(surface),
        common=key in common_words(),
        cue=key in _cue_keys(),
    )
    if len(known) < 200_000:
        known[memo] = facts
    return facts


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
            others = [other for other in strong if other is not member]
            if others and "outlet" not in member.span.hints:
                member.belief += 0.3


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
    import bisect

    ordered = sorted(breaks)

    def sentence_of(offset: int) -> int:
        return bisect.bisect_right(ordered, offset)

    return sentence_of


@dataclass(slots=True)
class _Context:
    """What the document as a whole says about where it is."""

    admin_weight: dict[str, float]
    admin_keys: dict[str, set[str]]
    admin_names: dict[str, str]
    admin_sentences: dict[str, set[int]]
    focus: tuple[float, float] | None

    @classmethod
    def of(cls, items: Sequence[_Item]) -> _Context:
        weight: dict[str, float] = {}
        keys: dict[str, set[str]] = {}
        names: dict[str, str] = {}
        sentences: dict[str, set[int]] = {}
        total = total_lat = total_lon = 0.0
        for item in items:
            place = item.chosen or (item.candidates[0] if len(item.candidates) == 1 else None)
            if place is None:
                continue
            static = _static(place)
            sentence = item.sentence
            key = item.span.key
            for admin_id, admin_name in static.admins:
                if admin_id in weight:
                    weight[admin_id] += 1.0
                    keys[admin_id].add(key)
                    sentences[admin_id].add(sentence)
                else:
                    weight[admin_id] = 1.0
                    keys[admin_id] = {key}
                    sentences[admin_id] = {sentence}
                names[admin_id] = admin_name
            if static.lat is not None and static.syrian:
                share = 2.0 if static.kind in ("village", "town") else 1.0
                total += share
                total_lat += static.lat * share
                total_lon += static.lon * share
        focus = (total_lat / total, total_lon / total) if total else None
        return cls(weight, keys, names, sentences, focus)


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
        if item.span.list_id >= 0:
            listed = by_list[item.span.list_id]
            group = listed + [other for other in group if all(other is not mate for mate in listed)]
        item.mates = [
            other for other in group if other is not item and other.span.key != item.span.key
        ]


@dataclass(slots=True)
class _Facts:
    """Why a candidate scored as it did; turned into words only for the candidates shown."""

    cue: str = ""
    admin: tuple[str, bool] | None = None
    near: tuple[float, str] | None = None
    notes: list[str] | None = None


def _score(item: _Item, context: _Context) -> None:
    sentence = item.sentence
    key = item.span.key
    surface_key = arabic_key(item.surface)
    points = [point for mate in item.mates or () for point in mate.points]
    statics = [_static(place) for place in item.candidates]
    nearest = _nearest_mates(statics, points) if points else {}
    units = [
        static
        for static in statics
        if static.kind in ("district", "subdistrict") and static.lat is not None
    ]
    cue_kinds = item.span.cue_kinds
    admin_keys, admin_weight = context.admin_keys, context.admin_weight
    admin_sentences, focus = context.admin_sentences, context.focus
    scores, all_facts = item.scores, item.facts
    if item.isolation is None:
        item.isolation = {}
    isolation = item.isolation
    exp = math.exp
    for static in statics:
        place = static.place
        facts = _Facts()
        score = static.prior
        kind = static.kind
        if units and static.local and _near_unit_of_same_name(static, units):
            # A district or subdistrict is named after its seat, a town in practice, whatever
            # the gazetteer's kind for it (Ras al-Ain district, Ras al-Ain town).
            score += KIND_PRIOR["town"] - KIND_PRIOR.get(kind, 0.3) + 0.05
            facts.notes = ["seat of the district of the same name"]
            if kind == "village":
                kind = "town"
        if cue_kinds:
            if kind in cue_kinds:
                score += 0.25
                facts.cue = kind
            else:
                score -= 0.1
        if static.name_key == surface_key:
            score += 0.03
        admin_bonus = 0.0
        for admin_id, admin_name in static.admins:
            keys = admin_keys.get(admin_id)
            # A name does not vouch for itself: Raqqa city's governorate is named by "Raqqa".
            if keys and (len(keys) > 1 or key not in keys) and admin_id != place.id:
                near = sentence in admin_sentences[admin_id]
                bonus = min(0.25, 0.08 * admin_weight[admin_id]) + (0.15 if near else 0.0)
                if bonus > admin_bonus:
                    admin_bonus = bonus
                    facts.admin = (admin_name, near)
        score += admin_bonus
        if static.lat is not None:
            coherence, mate_text, distance = nearest.get(place.id, _NO_MATE)
            score += coherence
            isolation[place.id] = (distance, mate_text) if coherence else (0.0, "")
            if coherence and distance <= 2 * LIST_RADIUS_KM:
                facts.near = (distance, mate_text)
            if focus is not None and static.syrian:
                far = approx_km(static.lat, static.lon, focus[0], focus[1])
                score += 0.15 * exp(-far / 150.0)
        scores[place.id] = score
        all_facts[place.id] = facts
    if scores:
        item.chosen = max(
            item.candidates, key=lambda place: (scores[place.id], place.population, place.id)
        )


_NO_MATE = (0.0, "", 0.0)


@dataclass(frozen=True, slots=True)
class _Static:
    """What scoring needs of a place that never changes: worked out once per place."""

    place: Place
    prior: float
    kind: str
    lat: float | None
    lon: float
    cos_lat: float
    admins: tuple[tuple[str, str], ...]
    name_key: str
    local: bool
    syrian: bool


_STATICS: dict[str, _Static] = {}


def _static(place: Place) -> _Static:
    """The static facts of ``place``, memoised by id (and checked to be this very place)."""
    static = _STATICS.get(place.id)
    if static is None or static.place is not place:
        located = place.lat is not None and place.lon is not None
        static = _Static(
            place=place,
            prior=_prior(place),
            kind=place.kind,
            lat=place.lat if located else None,
            lon=place.lon if located and place.lon is not None else 0.0,
            cos_lat=math.cos(math.radians(place.lat)) if located and place.lat is not None else 1.0,
            admins=_admin_ids(place),
            name_key=arabic_key(place.name_ar),
            local=place.kind in LOCAL_KINDS,
            syrian=place.country == "SY",
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


def _reasons(item: _Item, place: Place) -> list[str]:
    """The reasons, in words, for a candidate's score."""
    facts = item.facts.get(place.id)
    if facts is None:
        return []
    reasons: list[str] = []
    if facts.cue:
        reasons.append(f"{facts.cue}, as the cue {item.span.cue} says")
    if facts.admin is not None:
        name, near = facts.admin
        reasons.append(f"{name} is named {'nearby' if near else 'in the article'}")
    if facts.near is not None:
        distance, mate_text = facts.near
        relation = "listed with it" if item.span.list_id >= 0 else "in the same sentence"
        reasons.append(f"{distance:.0f} km from {mate_text}, {relation}")
    if place.admin1 and not any(place.admin1 in reason for reason in reasons):
        reasons.insert(
            0, f"{place.admin1} governorate" if place.kind != "governorate" else "governorate"
        )
    return [*reasons, *(facts.notes or ())]


#: How many candidates of a not-yet-resolved list-mate coherence looks at (the likeliest).
MATE_CANDIDATES = 4

#: Scoring passes: the second lets ambiguous names use the places chosen for their mates.
RESOLUTION_ROUNDS = 2


def _set_points(items: Sequence[_Item]) -> None:
    """Give each item the (lat, lon, id, surface, weight) of every place it may be."""
    for item in items:
        options = [item.chosen] if item.chosen is not None else item.candidates[:MATE_CANDIDATES]
        weight = 0.35 if item.span.list_id >= 0 else 0.3
        item.points = [
            (other.lat, other.lon, other.id, item.surface, weight)
            for other in options
            if other is not None
            and other.lat is not None
            and other.lon is not None
            and other.kind not in ("country", "governorate")
        ]


def _nearest_mates(
    candidates: Sequence[_Static], points: Sequence[tuple[float, float, str, str, float]]
) -> dict[str, tuple[float, str, float]]:
    """For each candidate: (coherence bonus, name of the mate giving it, distance in km).

    The bonus is ``weight * exp(-distance / LIST_RADIUS_KM)`` for the best mate point, the
    points being the places the names listed or named with this one may be (other places
    only). A plain loop: the arrays are too small for numpy to pay off (measured).
    """
    found: dict[str, tuple[float, str, float]] = {}
    exp, hypot = math.exp, math.hypot
    for static in candidates:
        lat = static.lat
        if lat is None:
            continue
        lon, cos_lat, place_id = static.lon, static.cos_lat, static.place.id
        best_bonus, best_text, best_distance = 0.0, "", 0.0
        for other_lat, other_lon, other_id, surface, weight in points:
            if other_id == place_id:
                continue
            distance = 111.195 * hypot((other_lon - lon) * cos_lat, other_lat - lat)
            bonus = weight * exp(-distance / LIST_RADIUS_KM)
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
                    (place for place in member.candidates if place.id == shared_id), None
                )
                if replacement is not None and replacement.kind == member.chosen.kind:
                    member.chosen = replacement
                    facts = member.facts.setdefault(shared_id, _Facts())
                    facts.notes = [*(facts.notes or ()), "one sense per document"]


def _mention(item: _Item, text: str) -> Mention:
    span = item.span
    mention = Mention(
        text=text[span.start : span.end], start=span.start, end=span.end, key=span.key, cue=span.cue
    )
    ranked = sorted(item.candidates, key=lambda place: (-item.scores.get(place.id, 0.0), place.id))
    if not ranked or item.chosen is None:
        mention.reason = "no gazetteer candidate fits"
        return mention
    scores = [item.scores[place.id] for place in ranked]
    top = max(scores)
    weights = [math.exp((score - top) / 0.12) for score in scores]
    share = weights[ranked.index(item.chosen)] / sum(weights)
    belief = min(1.0, max(0.0, item.belief))
    mention.place = item.chosen
    confidence = min(0.99, 0.5 * share + 0.5 * belief)
    reasons = _reasons(item, item.chosen)
    far, far_from = (item.isolation or {}).get(item.chosen.id, (0.0, ""))
    if (
        far > ISOLATION_KM
        and item.chosen.kind in LOCAL_KINDS
        and not any("named" in r for r in reasons)
    ):
        # A village far from every place named with it is as likely another, unlisted place.
        confidence *= 0.5
        reasons = [*reasons, f"but {far:.0f} km from {far_from}, named with it: check"]
    mention.confidence = round(confidence, 3)
    if len(ranked) > 1:
        reasons = [
            *reasons,
            f"chosen over {len(ranked) - 1} other place{'s' if len(ranked) > 2 else ''} of this name",
        ]
    mention.reason = "; ".join(dict.fromkeys([*reasons, *item.notes])) or "only gazetteer match"
    mention.candidates = [
        Candidate(
            place,
            round(item.scores.get(place.id, 0.0), 4),
            "; ".join(_reasons(item, place)),
        )
        for place in ranked[:5]
        if place.id != item.chosen.id
    ][:3]
    return mention
