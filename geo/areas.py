"""Named areas: regions known by name (القلمون، الغوطة الشرقية، البادية) and rivers (الفرات).

No gazetteer source lists them as places. ``data/lexicons/named_areas.tsv`` names them, says
how each one's extent is derived from the sources' admin units (or a river's line), and which
have no extent a map could honestly draw: those are recognised and reported as unplaced
regions. Each mention carries the derivation in its reason.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from geo.gazetteer.protocol import Gazetteer
from geo.lexicons import load_table
from geo.model import Mention, Place
from geo.normalize import fold_arabic, fold_text
from geo.rivers import river_line, river_side


@dataclass(frozen=True, slots=True)
class NamedArea:
    """One row of the named-areas table."""

    names: tuple[str, ...]
    name_en: str
    kind: str
    extent: str
    needs: frozenset[str]
    note: str

    @property
    def id(self) -> str:
        return "area:" + re.sub(r"[^a-z]+", "-", self.name_en.lower()).strip("-")


@functools.cache
def named_areas() -> tuple[NamedArea, ...]:
    return tuple(
        NamedArea(
            names=tuple(name.strip() for name in row["names"].split("|") if name.strip()),
            name_en=row["name_en"],
            kind=row["kind"],
            extent=row.get("extent", ""),
            needs=frozenset(fold_arabic(word) for word in row.get("needs", "").split("|") if word),
            note=row.get("note", ""),
        )
        for row in load_table("named_areas")
    )


@functools.cache
def _pattern() -> tuple[re.Pattern[str], dict[str, NamedArea]]:
    by_name = {
        " ".join(fold_arabic(name).split()): area for area in named_areas() for name in area.names
    }
    alternatives = "|".join(re.escape(name) for name in sorted(by_name, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\u0621-\u064a])[وفبل]?({alternatives})(?![\u0621-\u064a])")
    return pattern, by_name


def _word_before(folded: str, position: int) -> str:
    words = folded[max(0, position - 30) : position].split()
    if not words:
        return ""
    word = words[-1]
    for clitic in ("و", "ف", "ب", "ل"):
        if word.startswith(clitic) and len(word) > 3:
            return word[1:] if word[1:] else word
    return word


def area_mentions(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Mentions of the named areas in ``text`` (offsets into ``text``)."""
    folded, offsets = fold_text(text)
    pattern, by_name = _pattern()
    found: list[Mention] = []
    for match in pattern.finditer(folded):
        area = by_name[match.group(1)]
        if area.needs and not _needed_word(folded, match.start(), area.needs):
            continue
        start = offsets[match.start(1)] if offsets is not None else match.start(1)
        end = offsets[match.end(1)] if offsets is not None else match.end(1)
        key = fold_arabic(text[start:end])
        found.append(area_mention(area, text, start, end, key=key, gazetteer=gazetteer))
    return found


def _needed_word(folded: str, position: int, needs: frozenset[str]) -> bool:
    word = _word_before(folded, position)
    bare = word[2:] if word.startswith("ال") else word
    return word in needs or bare in needs or any(word.endswith(need) for need in needs)


def area_mention(
    area: NamedArea, text: str, start: int, end: int, *, key: str, gazetteer: Gazetteer
) -> Mention:
    """The mention of ``area`` at ``text[start:end]``, placed on its extent when it has one.

    ``key`` is the mention's match key, as the language of ``text`` folds it.
    """
    geometry, how = area_extent(area, gazetteer)
    point = _point(geometry)
    place = Place(
        id=area.id,
        name=area.name_en,
        name_ar=area.names[0],
        kind="river" if area.kind == "river" else "region",
        lat=point[0] if point else None,
        lon=point[1] if point else None,
        source="geo:named-areas",
    )
    what = "river" if area.kind == "river" else "named region"
    if geometry is None:
        reason = f"{what} {area.name_en}, not placed: {area.note}"
    else:
        reason = f"{what} {area.name_en}: {how} ({area.note})"
    return Mention(
        text=text[start:end],
        start=start,
        end=end,
        key=key,
        cue="area",
        place=place,
        confidence=0.8 if geometry is not None else 0.7,
        reason=reason,
        geometry=geometry,
    )


def _point(geometry: Any) -> tuple[float, float] | None:
    """A point that lies on the area (its middle, for a river line)."""
    if geometry is None:
        return None
    if geometry.geom_type in ("LineString", "MultiLineString"):
        middle = geometry.interpolate(0.5, normalized=True)
    else:
        middle = geometry.representative_point()
    return round(middle.y, 6), round(middle.x, 6)


#: Extents worked out so far, per gazetteer (a test may hold several).
_EXTENTS: weakref.WeakKeyDictionary[Any, dict[str, tuple[Any, str]]] = weakref.WeakKeyDictionary()


def area_extent(area: NamedArea, gazetteer: Gazetteer) -> tuple[Any, str]:
    """(shapely geometry, how it was derived) of a named area, or (None, "") when its extent is
    not derived or the sources lack the units it is made of."""
    known = _EXTENTS.setdefault(gazetteer, {})
    if area.id not in known:
        known[area.id] = _extent(area, gazetteer)
    return known[area.id]


def _extent(area: NamedArea, gazetteer: Gazetteer) -> tuple[Any, str]:
    from shapely.ops import unary_union

    kind, _, rest = area.extent.partition(":")
    if kind in ("governorates", "districts"):
        wanted = {name.strip() for name in rest.split(",")}
        units = gazetteer.governorates() if kind == "governorates" else gazetteer.districts()
        chosen = [unit for unit in units if unit.name in wanted]
        shapes = [gazetteer.geometry(unit.id) for unit in chosen]
        shapes = [shape for shape in shapes if shape is not None]
        if not shapes or len(shapes) < len(wanted):
            return None, ""
        names = ", ".join(sorted(unit.name for unit in chosen))
        return unary_union(shapes), f"the outlines of the {kind} {names} joined"
    if kind == "river":
        line = river_line(rest, gazetteer)
        return (line, "traced through its riverside towns") if line is not None else (None, "")
    if kind == "side":
        river, _, side = rest.partition(":")
        polygon, _point = river_side(river, side, gazetteer)
        return (polygon, f"Syria {side} of the river") if polygon is not None else (None, "")
    return None, ""


def take_over(mentions: Sequence[Mention], areas: Sequence[Mention]) -> list[Mention]:
    """The mentions with the named areas added: an area replaces the mentions inside its span
    ("الغوطة الشرقية" is one area, not a village الغوطة); a mention that overlaps an area
    without lying inside it keeps its place and the area is left out."""
    kept = list(mentions)
    for area in areas:
        inside = [m for m in kept if area.start <= m.start and m.end <= area.end]
        crossing = [
            m for m in kept if m.start < area.end and area.start < m.end and m not in inside
        ]
        if crossing:
            continue
        kept = [m for m in kept if m not in inside]
        kept.append(area)
    kept.sort(key=lambda mention: (mention.start, mention.end))
    return kept
