"""Analyst overrides: pin a name to a place, or add a place the gazetteer lacks.

The file is YAML::

    # Pin a name (as written in the article) to a gazetteer id, everywhere ...
    pins:
      - name: الصالحية
        id: wof:1226434157
      # ... or only in one document, and to coordinates instead of an id.
      - name: مزرعة الأمل
        document: 2019-03-report      # the document id (file stem)
        lat: 35.12
        lon: 38.41
        kind: village
        name_en: Mazraat al-Amal
        note: located from the satellite image in the report
    # Places missing from the gazetteer: recognised in every document from now on.
    places:
      - id: analyst:tal-hamis-camp
        name: Tal Hamis camp
        name_ar: مخيم تل حميس
        kind: camp
        lat: 36.62
        lon: 41.37
        admin1: Hasakah

A pinned mention says "pinned by analyst" and has confidence 1.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo import review
from geo.errors import OverridesError
from geo.model import Place
from geo.normalize import arabic_key, arabic_key_variants, has_arabic, latin_key


@dataclass(frozen=True, slots=True)
class Pin:
    """One pinned name: ``key`` is the match key of the name as written."""

    key: str
    name: str
    document: str
    place_id: str
    place: Place | None
    note: str


@dataclass(slots=True)
class Overrides:
    """Pins and added places read from an analyst's YAML file."""

    pins: list[Pin] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    source: str = ""
    #: Analyst decisions made on the map (``geo.review``).
    decisions: review.Decisions = field(default_factory=review.Decisions)

    def pin_for(self, key: str, document_id: str) -> Pin | None:
        """The pin for a name key in a document: a per-document pin beats a global one."""
        best: Pin | None = None
        for pin in self.pins:
            if pin.key != key:
                continue
            if pin.document == document_id:
                return pin
            if not pin.document and best is None:
                best = pin
        return best

    def extra_keys(self) -> dict[str, tuple[str, ...]]:
        """Arabic match keys of added places and coordinate pins, for the recognizer."""
        keys: dict[str, list[str]] = {}
        for place in self.places:
            for name in (place.name_ar, *place.names):
                if name and has_arabic(name):
                    for key in arabic_key_variants(name):
                        keys.setdefault(key, []).append(place.id)
        for pin in self.pins:
            if pin.place is not None and has_arabic(pin.name):
                for key in arabic_key_variants(pin.name):
                    keys.setdefault(key, []).append(pin.place.id)
        return {key: tuple(dict.fromkeys(ids)) for key, ids in keys.items()}

    def place_index(self) -> dict[str, Place]:
        index = {place.id: place for place in self.places}
        for pin in self.pins:
            if pin.place is not None:
                index[pin.place.id] = pin.place
        return index


def load_overrides(path: str | Path) -> Overrides:
    """Read an overrides YAML file; raise ``OverridesError`` naming the entry that is wrong."""
    import yaml

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise OverridesError(f"cannot read overrides file {path}: {error}") from error
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise OverridesError(f"overrides file {path} is not valid UTF-8 YAML: {error}") from error
    if data is None:
        return Overrides(source=str(path))
    if not isinstance(data, Mapping):
        raise OverridesError(
            f"overrides file {path}: expected a mapping with 'pins' and/or 'places'"
        )
    unknown = set(data) - {"pins", "places", *review.SECTIONS}
    if unknown:
        raise OverridesError(
            f"overrides file {path}: unknown section(s) {sorted(unknown)}; use 'pins' and 'places'"
        )
    overrides = Overrides(source=str(path), decisions=review.read_decisions(data, str(path)))
    for number, entry in enumerate(data.get("places") or [], start=1):
        overrides.places.append(_added_place(entry, f"{path}: places entry {number}"))
    for number, entry in enumerate(data.get("pins") or [], start=1):
        overrides.pins.append(_pin(entry, f"{path}: pins entry {number}"))
    return overrides


def _added_place(entry: Any, where: str) -> Place:
    if not isinstance(entry, Mapping):
        raise OverridesError(f"{where}: expected a mapping")
    for required in ("name_ar", "lat", "lon"):
        if required not in entry:
            raise OverridesError(f"{where}: '{required}' is required for an added place")
    lat, lon = _coordinates(entry, where)
    name_ar = str(entry["name_ar"])
    place_id = str(entry.get("id") or f"analyst:{_slug(str(entry.get('name') or name_ar))}")
    names = tuple(str(name) for name in entry.get("names", ()) or ())
    return Place(
        id=place_id,
        name=str(entry.get("name") or name_ar),
        name_ar=name_ar,
        kind=str(entry.get("kind", "village")),
        lat=lat,
        lon=lon,
        admin1=str(entry.get("admin1", "")),
        admin2=str(entry.get("admin2", "")),
        names=(name_ar, *names),
        source="analyst",
        country=str(entry.get("country", "SY")),
    )


def _pin(entry: Any, where: str) -> Pin:
    if not isinstance(entry, Mapping) or "name" not in entry:
        raise OverridesError(
            f"{where}: expected a mapping with 'name' and either 'id' or 'lat'/'lon'"
        )
    name = str(entry["name"])
    key = arabic_key(name) if has_arabic(name) else latin_key(name)
    if not key:
        raise OverridesError(f"{where}: the name {name!r} has no letters")
    document = str(entry.get("document", "") or "")
    note = str(entry.get("note", "") or "")
    if "id" in entry and ("lat" in entry or "lon" in entry):
        raise OverridesError(f"{where}: give either 'id' or 'lat'/'lon', not both")
    if "id" in entry:
        return Pin(key, name, document, str(entry["id"]), None, note)
    if "lat" not in entry or "lon" not in entry:
        raise OverridesError(f"{where}: a pin needs 'id' or both 'lat' and 'lon'")
    lat, lon = _coordinates(entry, where)
    place = Place(
        id=f"pin:{_slug(str(entry.get('name_en') or name))}",
        name=str(entry.get("name_en") or name),
        name_ar=name if has_arabic(name) else "",
        kind=str(entry.get("kind", "village")),
        lat=lat,
        lon=lon,
        admin1=str(entry.get("admin1", "")),
        admin2=str(entry.get("admin2", "")),
        names=(name,),
        source="analyst",
        country=str(entry.get("country", "SY")),
    )
    return Pin(key, name, document, place.id, place, note)


def _coordinates(entry: Mapping[str, Any], where: str) -> tuple[float, float]:
    try:
        lat, lon = float(entry["lat"]), float(entry["lon"])
    except (TypeError, ValueError) as error:
        raise OverridesError(f"{where}: lat/lon must be numbers") from error
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise OverridesError(
            f"{where}: lat {lat}, lon {lon} is not a point on Earth (lat first, then lon)"
        )
    return lat, lon


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w]+", "-", text.strip().lower(), flags=re.UNICODE).strip("-")
    return slug or "place"
