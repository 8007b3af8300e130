"""Gazetteer source readers, one module per format, and detection of sources in a folder.

Every reader yields :class:`SourceRecord` objects: one place as one source describes it,
before merging. Readers raise :class:`~geo.errors.SourceFormatError` naming the file and
row of anything malformed. Each reader module declares ``SOURCE``: the title, licence,
attribution line and URL of the data it reads, so that the index can credit it.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from geo.errors import SourceFormatError

__all__ = ["SourceRecord", "DetectedSources", "detect_sources"]


@dataclass(slots=True)
class SourceRecord:
    """One place as one source describes it.

    ``kind`` uses :data:`geo.model.PLACE_KINDS`. ``parent1``/``parent2`` are source-local ids
    (``wof:85678381``) of the governorate and district when the source states them.
    ``geometry`` is a GeoJSON geometry mapping for admin units that have a polygon.
    """

    id: str
    name: str
    name_ar: str
    kind: str
    lat: float | None
    lon: float | None
    names: list[str] = field(default_factory=list)
    population: int = 0
    parent1: str = ""
    parent2: str = ""
    gn_id: str = ""
    wd_id: str = ""
    pcode: str = ""
    fcode: str = ""
    geometry: dict[str, Any] | None = None
    country: str = "SY"


@dataclass(slots=True)
class DetectedSources:
    """The source files found in a folder, by format."""

    wof_places: list[Path] = field(default_factory=list)
    wof_polygons: list[Path] = field(default_factory=list)
    wof_records: list[Path] = field(default_factory=list)
    opensyria: list[Path] = field(default_factory=list)
    ocha_admin1: list[Path] = field(default_factory=list)
    geonames_tables: list[Path] = field(default_factory=list)
    geonames_csv: list[Path] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(
            (
                self.wof_places,
                self.wof_polygons,
                self.wof_records,
                self.opensyria,
                self.ocha_admin1,
                self.geonames_tables,
                self.geonames_csv,
            )
        )


_WOF_RECORD_RE = re.compile(r"^\d+\.geojson$")
_GEONAMES_TABLE_RE = re.compile(r"^(?:[A-Z]{2}|cities\d+|allCountries)\.txt$")


def detect_sources(folder: Path) -> DetectedSources:
    """Find the gazetteer source files under ``folder`` by their file names.

    Any subset of the known formats may be present: a Who's On First CSV export
    (``wof_*places*.csv[.gz]``) and polygons (``wof_*polygon*.geojson``), Who's On First
    per-record GeoJSON (``<id>.geojson``, as in a repository archive), OpenSyria
    ``governorates.json``/``districts.json``/``subdistricts.json``, OCHA admin1 polygons
    (``*admin1*.geojson`` or ``.shp``), GeoNames tables (``SY.txt``, ``cities500.txt``) and the
    GeoNames cities CSV (``geonames*.csv``).
    """
    found = DetectedSources()
    ocha_shapefiles: list[Path] = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        name = path.name
        lower = name.lower()
        if lower.startswith("wof") and (lower.endswith(".csv.gz") or lower.endswith(".csv")):
            found.wof_places.append(path)
        elif lower.startswith("wof") and "polygon" in lower and lower.endswith(".geojson"):
            found.wof_polygons.append(path)
        elif _WOF_RECORD_RE.match(name):
            found.wof_records.append(path)
        elif lower in ("governorates.json", "districts.json", "subdistricts.json"):
            found.opensyria.append(path)
        elif "admin1" in lower and lower.endswith(".geojson"):
            found.ocha_admin1.append(path)
        elif "admin1" in lower and lower.endswith(".shp"):
            ocha_shapefiles.append(path)
        elif _GEONAMES_TABLE_RE.match(name) and name != "README.txt":
            found.geonames_tables.append(path)
        elif lower.startswith("geonames") and lower.endswith(".csv"):
            found.geonames_csv.append(path)
    if not found.ocha_admin1:
        found.ocha_admin1 = ocha_shapefiles
    return found


#: Population from which a locality is a city, and from which it is a town.
CITY_POPULATION = 100_000
TOWN_POPULATION = 10_000

_CAMP_AR = "مخيم"
_CAMP_LATIN_RE = re.compile(r"\bcamp\b", re.IGNORECASE)


def settlement_kind(names: list[str], population: int, fcode: str) -> str:
    """Classify a populated place as ``city``, ``town``, ``village`` or ``camp``.

    A name saying مخيم or "camp" makes a camp. GeoNames feature codes PPLA/PPLC or a
    population of 100,000 make a city; PPLA2 or 10,000 make a town; anything else a village.
    """
    from geo.normalize import fold_arabic

    for name in names:
        if _CAMP_AR in fold_arabic(name) or _CAMP_LATIN_RE.search(name):
            return "camp"
    if fcode in ("PPLA", "PPLC") or population >= CITY_POPULATION:
        return "city"
    if fcode == "PPLA2" or population >= TOWN_POPULATION:
        return "town"
    return "village"


def to_float(value: object, *, path: Path, row: int, column: str) -> float | None:
    """Parse a coordinate cell; empty is ``None``, garbage a :class:`SourceFormatError`."""
    if value is None or value == "":
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise SourceFormatError(f"{path}: row {row}: {column} is not a number: {value!r}") from None
    if number != number:  # NaN
        raise SourceFormatError(f"{path}: row {row}: {column} is not a number: {value!r}")
    return number


def to_int(value: object) -> int:
    """Parse a population cell leniently (empty or garbage is 0)."""
    try:
        return max(0, int(float(value)))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0


def split_names(*cells: object) -> list[str]:
    """Split ``|``-joined name cells into a de-duplicated list, order kept."""
    seen: dict[str, None] = {}
    for cell in cells:
        if not cell:
            continue
        for name in str(cell).split("|"):
            name = name.strip()
            if name:
                seen.setdefault(name, None)
    return list(seen)


def check_latlon(lat: float | None, lon: float | None, *, path: Path, row: int) -> None:
    """Refuse coordinates outside the globe."""
    if lat is not None and not -90 <= lat <= 90:
        raise SourceFormatError(f"{path}: row {row}: latitude {lat} is out of range")
    if lon is not None and not -180 <= lon <= 180:
        raise SourceFormatError(f"{path}: row {row}: longitude {lon} is out of range")


def read_json(path: Path) -> Any:
    """The JSON value ``path`` holds; an unreadable file or bad JSON is a
    :class:`SourceFormatError` (with the line of the JSON error)."""
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as error:
        raise SourceFormatError(
            f"{path}: line {error.lineno}: invalid JSON: {error.msg}"
        ) from error
    except (OSError, UnicodeDecodeError) as error:
        raise SourceFormatError(f"{path}: cannot read: {error}") from error


def csv_rows(
    lines: Iterable[str], *, path: Path, required: Sequence[str]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The rows of a CSV file with a header, each with its row number in the file (the
    header is row 1).

    Raises
    ------
    SourceFormatError
        When a ``required`` column is missing or a row has more cells than the header.
    """
    reader = csv.DictReader(lines)
    missing = [column for column in required if column not in (reader.fieldnames or ())]
    if missing:
        raise SourceFormatError(f"{path}: row 1: missing columns {', '.join(missing)}")
    for number, row in enumerate(reader, start=2):
        if None in row:
            raise SourceFormatError(f"{path}: row {number}: more cells than columns")
        yield number, row


def is_polygon(geometry: object) -> TypeGuard[dict[str, Any]]:
    """Whether ``geometry`` is a GeoJSON Polygon or MultiPolygon mapping."""
    return isinstance(geometry, dict) and geometry.get("type") in ("Polygon", "MultiPolygon")
