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

from geo import review, settings
from geo._yaml import UnsafeYamlError, load_yaml
from geo.document import read_small_file
from geo.errors import OverridesError
from geo.model import Place
from geo.normalize import arabic_key, arabic_key_variants, has_arabic, latin_key

_SURROGATE_RE = re.compile("[\ud800-\udfff]")


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
    path = Path(path)
    shown = _printable(str(path))
    data = _load(path, shown)
    if data is None:
        return Overrides(source=shown)
    if not isinstance(data, Mapping):
        raise OverridesError(
            f"overrides file {shown}: expected a mapping with 'pins' and/or 'places'"
        )
    unknown = {_printable(str(key)) for key in data} - {"pins", "places", *review.SECTIONS}
    if unknown:
        raise OverridesError(
            f"overrides file {shown}: unknown section(s) {sorted(unknown)}; use 'pins' and 'places'"
        )
    overrides = Overrides(source=shown, decisions=review.read_decisions(data, shown))
    for number, entry in enumerate(_section(data, "places", shown), start=1):
        overrides.places.append(_added_place(entry, f"{shown}: places entry {number}"))
    for number, entry in enumerate(_section(data, "pins", shown), start=1):
        overrides.pins.append(_pin(entry, f"{shown}: pins entry {number}"))
    return overrides


def _load(path: Path, shown: str) -> Any:
    import yaml

    limit = settings.MAX_OVERRIDES_BYTES
    raw = read_small_file(
        path,
        limit,
        error=OverridesError,
        unreadable=f"cannot read overrides file {shown}",
        too_large=f"overrides file {shown} is larger than {limit // (1024 * 1024)} MB; split it",
    )
    try:
        return load_yaml(raw.decode("utf-8-sig"))
    except UnsafeYamlError as error:
        raise OverridesError(f"overrides file {shown} {error}") from None
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as error:
        raise OverridesError(f"overrides file {shown} is not valid UTF-8 YAML: {error}") from None


def _section(data: Mapping[str, Any], name: str, shown: str) -> list[Any]:
    entries = data.get(name)
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise OverridesError(
            f"overrides file {shown}: '{name}' must be a list of entries (lines starting "
            f"with '- '), not {type(entries).__name__} {_printable(repr(entries))[:40]}"
        )
    return entries


def _printable(text: str) -> str:
    """Text without lone surrogates (invalid Unicode no output can hold): U+FFFD instead."""
    return _SURROGATE_RE.sub("\ufffd", text)


def _text(entry: Mapping[str, Any], key: str, default: str = "") -> str:
    """A field as text; a mapping or list where text belongs is an error naming the field."""
    value = entry.get(key, default)
    if value is None:
        return default
    if isinstance(value, Mapping | list):
        raise OverridesError(f"'{key}' must be text, not {type(value).__name__}")
    return _printable(str(value))


def _names(entry: Mapping[str, Any]) -> tuple[str, ...]:
    value = entry.get("names") or ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        raise OverridesError(f"'names' must be a list of names, not {type(value).__name__}")
    return tuple(_printable(str(name)) for name in value if name is not None)


def _added_place(entry: Any, where: str) -> Place:
    if not isinstance(entry, Mapping):
        raise OverridesError(f"{where}: expected a mapping")
    for required in ("name_ar", "lat", "lon"):
        if required not in entry:
            raise OverridesError(f"{where}: '{required}' is required for an added place")
    try:
        return _place_of(entry, where)
    except OverridesError as error:
        if str(error).startswith(where):
            raise
        raise OverridesError(f"{where}: {error}") from None


def _place_of(entry: Mapping[str, Any], where: str) -> Place:
    lat, lon = _coordinates(entry, where)
    name_ar = _text(entry, "name_ar")
    place_id = _text(entry, "id") or f"analyst:{_slug(_text(entry, 'name') or name_ar)}"
    return Place(
        id=place_id,
        name=_text(entry, "name") or name_ar,
        name_ar=name_ar,
        kind=_text(entry, "kind", "village"),
        lat=lat,
        lon=lon,
        admin1=_text(entry, "admin1"),
        admin2=_text(entry, "admin2"),
        names=(name_ar, *_names(entry)),
        source="analyst",
        country=_text(entry, "country", "SY"),
    )


def _pin(entry: Any, where: str) -> Pin:
    if not isinstance(entry, Mapping) or "name" not in entry:
        raise OverridesError(
            f"{where}: expected a mapping with 'name' and either 'id' or 'lat'/'lon'"
        )
    try:
        return _pin_of(entry, where)
    except OverridesError as error:
        if str(error).startswith(where):
            raise
        raise OverridesError(f"{where}: {error}") from None


def _pin_of(entry: Mapping[str, Any], where: str) -> Pin:
    name = _text(entry, "name")
    key = arabic_key(name) if has_arabic(name) else latin_key(name)
    if not key:
        raise OverridesError(f"{where}: the name {name!r} has no letters")
    document = _text(entry, "document")
    note = _text(entry, "note")
    if "id" in entry and ("lat" in entry or "lon" in entry):
        raise OverridesError(f"{where}: give either 'id' or 'lat'/'lon', not both")
    if "id" in entry:
        return Pin(key, name, document, _text(entry, "id"), None, note)
    if "lat" not in entry or "lon" not in entry:
        raise OverridesError(f"{where}: a pin needs 'id' or both 'lat' and 'lon'")
    lat, lon = _coordinates(entry, where)
    english = _text(entry, "name_en") or name
    place = Place(
        id=f"pin:{_slug(english)}",
        name=english,
        name_ar=name if has_arabic(name) else "",
        kind=_text(entry, "kind", "village"),
        lat=lat,
        lon=lon,
        admin1=_text(entry, "admin1"),
        admin2=_text(entry, "admin2"),
        names=(name,),
        source="analyst",
        country=_text(entry, "country", "SY"),
    )
    return Pin(key, name, document, place.id, place, note)


def _coordinates(entry: Mapping[str, Any], where: str) -> tuple[float, float]:
    try:
        lat, lon = float(entry["lat"]), float(entry["lon"])
    except (TypeError, ValueError, OverflowError) as error:
        raise OverridesError(f"{where}: lat/lon must be numbers") from error
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise OverridesError(
            f"{where}: lat {lat}, lon {lon} is not a point on Earth (lat first, then lon)"
        )
    return lat, lon


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w]+", "-", text.strip().lower(), flags=re.UNICODE).strip("-")
    return slug or "place"
