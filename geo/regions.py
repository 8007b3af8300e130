"""Relative places: "the eastern countryside of Hama" as an area, not a dot.

A region phrase names an anchor (a governorate, district or city) and a compass sector or a
side of a river:

* ``ريف X [الشرقي الجنوبي]``, ``الريف الشرقي [لمدينة] X``: the countryside of X, optionally a
  sector of it;
* ``جنوب شرق X``, ``شرقي X``: the part of X's governorate in that direction from X;
* ``بادية X``: the desert of X (its governorate);
* ``شرق الفرات``, ``غرب الفرات``: one side of the Euphrates, split from the anchor country.

The polygon is the anchor's governorate (or district) clipped to a compass sector centred on
the anchor's point, or split by the river line. shapely does the geometry. The region becomes
one mention spanning the whole phrase, with the polygon and a representative point.
"""

from __future__ import annotations

import functools
import math
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from geo.areas import area_mentions, take_over
from geo.gazetteer.protocol import Gazetteer
from geo.lexicons import load_table
from geo.model import Mention, Place
from geo.normalize import arabic_key, fold_arabic, fold_text
from geo.rivers import river_rows, river_side

#: Half-width (degrees) of the compass sector a direction word selects.
SECTOR_HALF_WIDTH = 60.0

#: Radius (km) of the sector; large enough to cover any Syrian governorate.
SECTOR_RADIUS_KM = 600.0

#: Tolerance (degrees, about 1 km) for simplifying region polygons.
SIMPLIFY_DEGREES = 0.01

#: Longest run of proclitics and article before a cue word: [وف]?[بل]? then ال.
_PREFIX_LENGTH = 4

ANCHOR_KINDS = ("governorate", "district", "city", "town", "country")


@functools.cache
def _directions() -> dict[str, tuple[float, str]]:
    return {
        fold_text(row["word"])[0]: (float(row["bearing"]), row["label"])
        for row in load_table("directions")
    }


@functools.cache
def _direction_cores() -> tuple[str, ...]:
    """The direction words that contain no other one: any direction word contains one of them,
    so a window without any cannot hold a direction phrase."""
    words = _directions()
    return tuple(
        sorted(
            word for word in words if not any(other != word and other in word for other in words)
        )
    )


def _direction_pattern() -> str:
    words = sorted(_directions(), key=len, reverse=True)
    return "|".join(re.escape(word) for word in words)


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    direction = _direction_pattern()
    clitic = "(?:[وف]?[بل]?)"
    return {
        # "ريف دير الزور الشرقي" / "بريف حماة": the cue right before the anchor.
        "countryside_before": re.compile(rf"(?:^|(?<=[\s(«\"]))({clitic}(?:ال)?ريفي?)\s+$"),
        # the second name of a dual: "ريفي حماة الشمالي وإدلب الجنوبي"
        "dual_next": re.compile(r"^\s*(?:،\s*)?و?\s*$"),
        # "الريف الشرقي الجنوبي لإدلب" / "الريف الشرقي لمدينة حماة"
        "countryside_sector": re.compile(
            rf"(?:^|(?<=[\s(«\"]))({clitic}(?:ال)?ريف)\s+({direction})(?:\s+({direction}))?\s+"
            rf"(?:(?:ل|ب)?(?:مدينه|محافظه|منطقه)\s+)?(?:ل)?$"
        ),
        # "جنوب شرق إدلب" / "شرقي مدينة حمص" / "شمال غربي حلب"
        "sector": re.compile(
            rf"(?:^|(?<=[\s(«\"]))({clitic}(?:{direction}))(?:\s+({direction}))?\s+"
            rf"(?:(?:ل|ب)?(?:مدينه|محافظه|منطقه)\s+)?(?:ل)?$"
        ),
        "desert": re.compile(rf"(?:^|(?<=[\s(«\"]))({clitic}(?:ال)?باديه)\s+$"),
        "after": re.compile(rf"^\s+({direction})(?:\s+({direction}))?(?=$|[\s،,.؛:)»\"])"),
    }


@dataclass(slots=True)
class RegionPhrase:
    """A region phrase found around an anchor mention (offsets into the original text)."""

    start: int
    end: int
    bearing: float | None
    label: str
    form: str


def find_phrase(text: str, mention: Mention) -> RegionPhrase | None:
    """Return the region phrase built on ``mention``'s name, if one surrounds it."""
    folded, offsets = fold_text(text)
    if offsets is None:
        start_folded, end_folded = mention.start, mention.end
    else:
        start_folded = offsets.folded_index(mention.start)
        end_folded = offsets.folded_index(mention.end)
    window_start = max(0, start_folded - 48)
    before = folded[window_start:start_folded]
    after = folded[end_folded : end_folded + 40]
    patterns = _patterns()
    directions = _directions()

    def original_before(index: int) -> int:
        position = window_start + index
        return offsets.original(position) if offsets is not None else position

    def original_after(index: int) -> int:
        position = end_folded + index
        return offsets.original(position) if offsets is not None else position

    # Each pattern needs its cue word in the window, and only its last occurrence can end a
    # phrase at the anchor: the searches start there (less the proclitics and article).
    cue = before.rfind("ريف")
    if cue >= 0:
        origin = max(0, cue - _PREFIX_LENGTH)
        match = patterns["countryside_sector"].search(before, origin)
        if match:
            words = [match.group(2), match.group(3)]
            start = original_before(match.start(1) + _clitic_length(match.group(1), "ريف"))
            return _phrase(start, mention.end, words, directions, "countryside")
        match = patterns["countryside_before"].search(before, origin)
        if match:
            start = original_before(match.start(1) + _clitic_length(match.group(1), "ريف"))
            tail = patterns["after"].match(after)
            if tail:
                end = original_after(tail.end())
                return _phrase(
                    start, end, [tail.group(1), tail.group(2)], directions, "countryside"
                )
            return RegionPhrase(start, mention.end, None, "", "countryside")
    cue = before.rfind("باديه")
    if cue >= 0:
        match = patterns["desert"].search(before, max(0, cue - _PREFIX_LENGTH))
        if match:
            start = original_before(match.start(1) + _clitic_length(match.group(1), "باديه"))
            return RegionPhrase(start, mention.end, None, "desert", "desert")
    if not any(core in before for core in _direction_cores()):
        return None
    match = patterns["sector"].search(before)
    if match:
        first = match.group(1)
        bare = first[_clitic_length(first, None) :]
        start = original_before(match.start(1) + _clitic_length(first, None))
        return _phrase(start, mention.end, [bare, match.group(2)], directions, "sector")
    return None


def _clitic_length(word: str, head: str | None) -> int:
    """Length of the proclitics (و ف ب ل) before ``head`` (or before a direction word)."""
    if head is not None:
        index = word.find(head)
        if index >= 2 and word[index - 2 : index] == "ال":
            return index - 2
        return max(0, index)
    directions = _directions()
    for length in range(0, min(3, len(word))):
        if word[length:] in directions:
            return length
    return 0


def _phrase(
    start: int,
    end: int,
    words: Sequence[str | None],
    directions: dict[str, tuple[float, str]],
    form: str,
) -> RegionPhrase | None:
    found = [directions[word] for word in words if word and word in directions]
    if not found:
        return None
    bearings = [bearing for bearing, _label in found if bearing >= 0]
    labels = [label for _bearing, label in found]
    # Compass names put north/south first: "south-east", whatever the Arabic order.
    labels.sort(key=lambda label: label not in ("north", "south"))
    label = "-".join(dict.fromkeys(labels))
    bearing = _mean_bearing(bearings) if bearings else None
    return RegionPhrase(start, end, bearing, label, form)


def _mean_bearing(bearings: Sequence[float]) -> float:
    x = sum(math.sin(math.radians(bearing)) for bearing in bearings)
    y = sum(math.cos(math.radians(bearing)) for bearing in bearings)
    return math.degrees(math.atan2(x, y)) % 360


def sector_polygon(
    lat: float, lon: float, bearing: float, *, half_width: float = SECTOR_HALF_WIDTH
):
    """A wedge from (lat, lon) towards ``bearing`` (degrees from north), as a shapely Polygon."""
    from pyproj import Geod
    from shapely.geometry import Polygon

    geod = Geod(ellps="WGS84")
    ring = [(lon, lat)]
    steps = 12
    for step in range(steps + 1):
        azimuth = bearing - half_width + 2 * half_width * step / steps
        end_lon, end_lat, _back = geod.fwd(lon, lat, azimuth, SECTOR_RADIUS_KM * 1000)
        ring.append((end_lon, end_lat))
    ring.append((lon, lat))
    return Polygon(ring)


def region_for(
    phrase: RegionPhrase, anchor: Place, gazetteer: object, *, text: str
) -> tuple[Place, object | None, str]:
    """Build the region place, its polygon and a reason from a phrase and its anchor place
    (cached: a corpus names the same few regions over and over)."""
    name_ar = text[phrase.start : phrase.end]
    known = _cache(_REGIONS, gazetteer)
    key = (anchor.id, phrase.form, phrase.label, phrase.bearing, name_ar)
    cached = known.get(key)
    if cached is not None and (cached[0] is anchor or cached[0] == anchor):
        return cached[1]
    region = _build_region(phrase, anchor, gazetteer, name_ar)
    if len(known) < 4096:
        known[key] = (anchor, region)
    return region


def _build_region(
    phrase: RegionPhrase, anchor: Place, gazetteer: object, name_ar: str
) -> tuple[Place, object | None, str]:
    area_id, polygon, origin, point = _region_geometry(gazetteer, anchor, phrase.bearing)
    how: list[str] = []
    if phrase.bearing is not None and origin is not None:
        how.append(
            f"{phrase.label} sector of {_area_label(anchor, area_id, gazetteer)} seen from {anchor.name}"
        )
    elif polygon is not None:
        how.append(f"{_area_label(anchor, area_id, gazetteer)}")
    else:
        how.append(f"around {anchor.name} (no polygon in the gazetteer)")
    lat, lon = point
    suffix = phrase.label.replace(" ", "-") or phrase.form
    adjective = f"{phrase.label}ern" if phrase.label else ""
    if phrase.form == "desert":
        name = f"desert of {anchor.name}"
    elif phrase.form == "sector":
        name = f"{phrase.label} of {anchor.name}"
    else:
        name = f"{adjective} countryside of {anchor.name}".strip()
    place = Place(
        id=f"region:{anchor.id}:{phrase.form}:{suffix}",
        name=name[0].upper() + name[1:],
        name_ar=name_ar,
        kind="region",
        lat=lat,
        lon=lon,
        admin1=anchor.admin1 or (anchor.name if anchor.kind == "governorate" else ""),
        admin1_id=anchor.admin1_id or (anchor.id if anchor.kind == "governorate" else ""),
        source="geo:regions",
        country=anchor.country,
    )
    return place, polygon, "; ".join(how)


#: Region geometries per gazetteer, by (anchor id, bearing), with the anchor they were made for.
_GEOMETRIES: weakref.WeakKeyDictionary[Any, dict[Any, tuple[Place, Any]]] = (
    weakref.WeakKeyDictionary()
)

#: Region places per gazetteer, by anchor id and phrase, with the anchor they were made for.
_REGIONS: weakref.WeakKeyDictionary[Any, dict[Any, tuple[Place, Any]]] = weakref.WeakKeyDictionary()


def _cache(
    store: weakref.WeakKeyDictionary[Any, dict[Any, tuple[Place, Any]]], gazetteer: object
) -> dict[Any, tuple[Place, Any]]:
    known = store.get(gazetteer)
    if known is None:
        known = store[gazetteer] = {}
    return known


def _region_geometry(gazetteer: object, anchor: Place, bearing: float | None):  # type: ignore[no-untyped-def]
    """(area id, polygon, origin point, representative point) of a region; cached per anchor
    (by id, and checked to be the same place: hashing a whole place costs more than the rest)."""
    known = _cache(_GEOMETRIES, gazetteer)
    cached = known.get((anchor.id, bearing))
    if cached is not None and (cached[0] is anchor or cached[0] == anchor):
        return cached[1]
    geometry = _make_region_geometry(gazetteer, anchor, bearing)
    if len(known) < 4096:
        known[(anchor.id, bearing)] = (anchor, geometry)
    return geometry


def _make_region_geometry(gazetteer: object, anchor: Place, bearing: float | None):  # type: ignore[no-untyped-def]
    area_id, area = _anchor_area(anchor, gazetteer)
    origin = _anchor_point(anchor, gazetteer)
    polygon = area
    if bearing is not None and origin is not None:
        wedge = sector_polygon(origin[0], origin[1], bearing)
        if area is not None:
            clipped = area.intersection(wedge)
            polygon = clipped if not clipped.is_empty else wedge
        else:
            polygon = wedge
    if polygon is not None:
        # Governorate outlines carry far more detail than a "countryside" needs.
        polygon = polygon.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
    lat, lon = origin if origin is not None else (anchor.lat, anchor.lon)
    if polygon is not None and bearing is not None and origin is not None:
        lat, lon = _point_near_anchor(polygon, origin)
    return area_id, polygon, origin, (lat, lon)


#: How far into a directed countryside its point lies from the anchor (km).
COUNTRYSIDE_POINT_KM = 20.0


def _point_near_anchor(polygon: Any, origin: tuple[float, float]) -> tuple[float, float]:
    """The point a directed countryside is drawn at: inside the region, within
    ``COUNTRYSIDE_POINT_KM`` of its anchor (the part of the region nearest what the text names),
    or the region's own point when none of it lies that near.

    "ريف حمص الشرقي" begins at Homs: a point in the middle of the sector would lie 170 km
    out in the desert, further from what the text names than the anchor itself.
    """
    from shapely import affinity
    from shapely.geometry import Point

    lat, lon = origin
    radius = COUNTRYSIDE_POINT_KM / KM_PER_DEGREE
    circle = affinity.scale(
        Point(lon, lat).buffer(radius), xfact=1 / math.cos(math.radians(lat)), yfact=1.0
    )
    near = polygon.intersection(circle)
    inside = near.representative_point() if not near.is_empty else polygon.representative_point()
    return round(inside.y, 6), round(inside.x, 6)


#: Kilometres per degree of latitude.
KM_PER_DEGREE = 111.32


def _anchor_area(anchor: Place, gazetteer: object):  # type: ignore[no-untyped-def]
    geometry = getattr(gazetteer, "geometry", None)
    if geometry is None:
        return "", None
    for place_id in (
        (anchor.id, anchor.admin1_id)
        if anchor.kind in ("governorate", "district", "country")
        else (anchor.admin1_id,)
    ):
        if place_id:
            shape = geometry(place_id)
            if shape is not None:
                return place_id, shape
    return "", None


def _area_label(anchor: Place, area_id: str, gazetteer: object) -> str:
    if not area_id:
        return anchor.name
    area = gazetteer.get(area_id)  # type: ignore[attr-defined]
    if area is None:
        return anchor.name
    return f"{area.name} {area.kind}"


def _anchor_point(anchor: Place, gazetteer: object) -> tuple[float, float] | None:
    """The point a direction is taken from: the city itself, or a governorate's capital."""
    if anchor.kind in ("governorate", "district"):
        capital = _capital(anchor, gazetteer)
        if capital is not None:
            return capital
    if anchor.lat is None or anchor.lon is None:
        return None
    return anchor.lat, anchor.lon


def _capital(unit: Place, gazetteer: object) -> tuple[float, float] | None:
    by_key = getattr(gazetteer, "by_key", None)
    if by_key is None or not unit.name_ar:
        return None
    key = arabic_key(unit.name_ar)
    cities = [
        place
        for place in by_key(key)
        if place.kind in ("city", "town")
        and (place.admin1_id == unit.id or place.admin2_id == unit.id)
    ]
    if not cities:
        return None
    best = max(cities, key=lambda place: (place.population, place.id))
    if best.lat is None or best.lon is None:
        return None
    return best.lat, best.lon


def apply_regions(mentions: list[Mention], text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Turn anchor mentions inside region phrases into region mentions spanning the phrase."""
    out: list[Mention] = []
    dual_end = -1
    for mention in mentions:
        place = mention.place
        if place is None or place.kind not in ANCHOR_KINDS or mention.pinned:
            out.append(mention)
            continue
        phrase = find_phrase(text, mention)
        if phrase is None and dual_end >= 0:
            phrase = _dual_continuation(text, mention, dual_end)
        dual_end = -1
        if phrase is not None and phrase.form == "countryside":
            opening = fold_arabic(text[phrase.start : phrase.start + 5])
            if opening.startswith(("ريفي", "الريفي")):
                dual_end = phrase.end
        if phrase is None or (phrase.form == "countryside" and place.kind == "country"):
            out.append(mention)
            continue
        out.append(phrase_mention(mention, phrase, text, gazetteer))
    out.extend(river_regions(text, gazetteer, taken=[(m.start, m.end) for m in out]))
    out.sort(key=lambda mention: mention.start)
    return take_over(out, area_mentions(text, gazetteer))


def phrase_mention(
    mention: Mention, phrase: RegionPhrase, text: str, gazetteer: Gazetteer
) -> Mention:
    """The mention a region phrase built on ``mention`` (an anchor place) stands for.

    "شرق حلب" with no countryside word (form ``sector``) names Aleppo seen from one side: the
    mention keeps its place and point, and the direction is kept beside it (``qualifier``).
    Any other phrase becomes a region mention spanning the phrase, with the region's polygon.
    """
    place = mention.place
    assert place is not None
    if phrase.form == "sector":
        mention.qualifier = phrase.label
        mention.reason += f"; the text places it {phrase.label} of {place.name}"
        return mention
    region, polygon, how = region_for(phrase, place, gazetteer, text=text)
    admin = f", {place.admin1}" if place.admin1 and place.admin1 != place.name else ""
    return Mention(
        text=text[phrase.start : phrase.end],
        start=phrase.start,
        end=phrase.end,
        key=mention.key,
        cue=phrase.form,
        place=region,
        confidence=round(mention.confidence * 0.95, 3),
        reason=f"region: {how}; anchor {place.name} ({place.kind}{admin})",
        candidates=[],
        geometry=polygon,
    )


def _dual_continuation(text: str, mention: Mention, previous_end: int) -> RegionPhrase | None:
    """The second name of a dual countryside: "ريفي حماة الشمالي وإدلب الجنوبي"."""
    gap = fold_arabic(text[previous_end : mention.start])
    if not _patterns()["dual_next"].match(gap):
        return None
    after = fold_arabic(text[mention.end : mention.end + 40])
    tail = _patterns()["after"].match(after)
    if tail is None:
        return RegionPhrase(mention.start, mention.end, None, "", "countryside")
    end = mention.end + len(text[mention.end : mention.end + 40]) - len(after) + tail.end()
    return _phrase(mention.start, end, [tail.group(1), tail.group(2)], _directions(), "countryside")


@functools.cache
def _river_pattern() -> re.Pattern[str]:
    names = "|".join(re.escape(key) for key in river_rows())
    return re.compile(
        rf"(?<![\u0621-\u064a])[وفبل]?((?:{_direction_pattern()}))\s+(?:نهر\s+)?(?:ال)?({names})(?![\u0621-\u064a])"
    )


def river_regions(
    text: str, gazetteer: Gazetteer, *, taken: Sequence[tuple[int, int]]
) -> list[Mention]:
    """Mentions for "شرق الفرات"-style phrases: one side of a river within Syria."""
    folded, offsets = fold_text(text)
    rivers = river_rows()
    if not any(river in folded for river in rivers):
        return []
    directions = _directions()
    found: list[Mention] = []
    for match in _river_pattern().finditer(folded):
        bearing, label = directions[match.group(1)]
        if label not in ("east", "west"):
            continue
        start = offsets[match.start(1)] if offsets else match.start(1)
        end = offsets[match.end()] if offsets else match.end()
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        polygon, point = river_side(match.group(2), label, gazetteer)
        if polygon is None or point is None:
            continue
        river_name = rivers[match.group(2)][0]["name_en"]
        place = Place(
            id=f"region:river:{river_name.lower()}:{label}",
            name=f"{label.capitalize()} of the {river_name}",
            name_ar=text[start:end],
            kind="region",
            lat=round(point[0], 6),
            lon=round(point[1], 6),
            source="geo:regions",
        )
        found.append(
            Mention(
                text=text[start:end],
                start=start,
                end=end,
                key=match.group(2),
                cue="river",
                place=place,
                confidence=0.8,
                reason=f"region: Syria {label} of the {river_name}, the river traced through its riverside towns",
                geometry=polygon,
            )
        )
    return found
