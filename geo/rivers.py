"""Rivers as lines through the towns on their banks (``data/lexicons/rivers.tsv``), and the
part of Syria on one side of a river: used by "شرق الفرات" regions and by named areas."""

from __future__ import annotations

import functools
import weakref
from typing import Any

from geo.gazetteer.protocol import Gazetteer
from geo.lexicons import load_table
from geo.normalize import arabic_key


@functools.cache
def river_rows() -> dict[str, list[dict[str, str]]]:
    rivers: dict[str, list[dict[str, str]]] = {}
    for row in load_table("rivers"):
        rivers.setdefault(row["river"], []).append(row)
    for rows in rivers.values():
        rows.sort(key=lambda row: int(row["seq"]))
    return rivers


def river_line(river_key: str, gazetteer: Gazetteer):  # type: ignore[no-untyped-def]
    """The river as a shapely LineString (lon, lat), through its riverside towns in order."""
    from shapely.geometry import LineString

    points: list[tuple[float, float]] = []
    for row in river_rows().get(river_key, []):
        if row["lat"] and row["lon"]:
            points.append((float(row["lon"]), float(row["lat"])))
            continue
        towns = [
            place
            for place in gazetteer.by_key(arabic_key(row["name_ar"]))  # type: ignore[attr-defined]
            if place.kind in ("city", "town", "village") and place.lon is not None
        ]
        if towns:
            town = max(towns, key=lambda place: (place.population, place.id))
            points.append((town.lon, town.lat))  # type: ignore[arg-type]
    return LineString(points) if len(points) >= 2 else None


#: Sides of rivers worked out so far, per gazetteer: joining the governorates' outlines
#: takes tens of milliseconds, and every "شرق الفرات" of a corpus asks for the same side.
_SIDES: weakref.WeakKeyDictionary[
    Any, dict[tuple[str, str], tuple[Any, tuple[float, float] | None]]
] = weakref.WeakKeyDictionary()


def river_side(
    river_key: str, label: str, gazetteer: Gazetteer
) -> tuple[Any, tuple[float, float] | None]:
    """(polygon, representative (lat, lon)) of the part of Syria ``label`` (east or west) of
    the river, or (None, None) when the gazetteer has no outlines or the river no line."""
    known = _SIDES.setdefault(gazetteer, {})
    if (river_key, label) not in known:
        known[(river_key, label)] = _river_side(river_key, label, gazetteer)
    return known[(river_key, label)]


def _river_side(
    river_key: str, label: str, gazetteer: Gazetteer
) -> tuple[Any, tuple[float, float] | None]:
    from shapely.ops import split, unary_union

    line = river_line(river_key, gazetteer)
    shapes = [gazetteer.geometry(place.id) for place in gazetteer.governorates()]
    shapes = [shape for shape in shapes if shape is not None]
    if line is None or not shapes:
        return None, None
    country = unary_union(shapes).buffer(0)
    pieces = sorted(split(country, line).geoms, key=lambda piece: piece.area, reverse=True)[:2]
    if len(pieces) < 2:
        return None, None
    # The east bank is the piece whose centroid lies east of the other's.
    pieces.sort(key=lambda piece: piece.centroid.x)
    side = pieces[1] if label == "east" else pieces[0]
    point = side.representative_point()
    return side, (point.y, point.x)
