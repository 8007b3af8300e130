"""Who's On First: the flattened CSV export, the admin polygons GeoJSON, per-record GeoJSON.

Deprecated and superseded records are dropped. Placetypes map to kinds: ``region`` is a
governorate (except the UNDOF zone, ``other``), ``county`` a district, ``locality`` a
city/town/village/camp (by population and GeoNames feature code), ``neighbourhood`` a
neighbourhood, anything else ``other``.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from geo.errors import SourceFormatError
from geo.gazetteer.sources import (
    SourceRecord,
    check_latlon,
    csv_rows,
    is_polygon,
    read_json,
    settlement_kind,
    split_names,
    to_float,
    to_int,
)
from geo.normalize import has_arabic

SOURCE = {
    "id": "wof",
    "title": "Who's On First (Syria admin and localities)",
    "licence": "WOF licence: attribution required (CC BY family sources)",
    "attribution": "Data from Who's On First. License: http://whosonfirst.mapzen.com#License",
    "url": "https://whosonfirst.org/",
}

_REQUIRED_COLUMNS = ("wof_id", "placetype", "name", "lat", "lon")
# Regions that are not governorates (the UN disengagement zone on the Golan).
_NON_GOVERNORATE_REGIONS = {"85681385"}


def placetype_kind(
    placetype: str, wof_id: str, names: list[str], population: int, fcode: str
) -> str:
    """Map a WOF placetype to a geo place kind."""
    if placetype == "region":
        return "other" if wof_id in _NON_GOVERNORATE_REGIONS else "governorate"
    if placetype == "county":
        return "district"
    if placetype == "country":
        return "country"
    if placetype in ("locality", "localadmin"):
        return settlement_kind(names, population, fcode)
    if placetype in ("neighbourhood", "microhood", "macrohood", "borough"):
        return "neighbourhood"
    return "other"


def _open_text(path: Path) -> io.TextIOBase:
    if path.name.endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by the caller


def _is_retired(deprecated: object, superseded_by: object) -> bool:
    superseded = str(superseded_by or "").strip("[] ")
    return bool(str(deprecated or "").strip()) or bool(superseded)


def _record(row: dict[str, Any], *, path: Path, number: int) -> SourceRecord:
    wof_id = str(row.get("wof_id") or "").strip()
    if not wof_id.isdigit():
        raise SourceFormatError(f"{path}: row {number}: wof_id is not a number: {wof_id!r}")
    lat = to_float(row.get("lat"), path=path, row=number, column="lat")
    lon = to_float(row.get("lon"), path=path, row=number, column="lon")
    check_latlon(lat, lon, path=path, row=number)
    wof_name = str(row.get("name") or "").strip()
    name_en = str(row.get("name_en") or "").strip()
    name_ar = str(row.get("name_ar") or "").strip()
    names = split_names(wof_name, row.get("name_ar_all"), name_en, row.get("name_en_all"))
    if name_ar and not has_arabic(name_ar):
        name_ar = next((name for name in names if has_arabic(name)), "")
    if not name_ar and has_arabic(wof_name):
        name_ar = wof_name
    name = wof_name
    if has_arabic(name) or not name:
        name = name_en or next((n for n in names if not has_arabic(n)), name)
    elif name_en and not has_arabic(name_en) and row.get("placetype") == "locality":
        name = name_en
    population = to_int(row.get("population"))
    fcode = str(row.get("gn_fcode") or "").strip()
    placetype = str(row.get("placetype") or "").strip()
    kind = placetype_kind(placetype, wof_id, names, population, fcode)
    region_id = str(row.get("region_id") or "").strip()
    county_id = str(row.get("county_id") or "").strip()
    gn_id = str(row.get("gn_id") or "").strip()
    return SourceRecord(
        id=f"wof:{wof_id}",
        name=name or name_ar,
        name_ar=name_ar,
        kind=kind,
        lat=lat,
        lon=lon,
        names=names,
        population=population,
        parent1=f"wof:{region_id}" if region_id.isdigit() and region_id != wof_id else "",
        parent2=f"wof:{county_id}" if county_id.isdigit() and county_id != wof_id else "",
        gn_id=gn_id if gn_id.isdigit() and gn_id != "0" else "",
        wd_id=str(row.get("wd_id") or "").strip(),
        fcode=fcode,
        country="SY",
    )


def read_wof_places(path: Path) -> Iterator[SourceRecord]:
    """Read the flattened WOF CSV export (``wof_sy_places.csv.gz``), skipping retired records.

    Raises
    ------
    SourceFormatError
        When a required column is missing or a row has a malformed id or coordinate.
    """
    with _open_text(path) as handle:
        try:
            for number, row in csv_rows(handle, path=path, required=_REQUIRED_COLUMNS):
                if _is_retired(row.get("deprecated"), row.get("superseded_by")):
                    continue
                yield _record(row, path=path, number=number)
        except (csv.Error, UnicodeDecodeError, OSError, EOFError) as error:
            raise SourceFormatError(f"{path}: cannot read as a WOF CSV export: {error}") from error


def _features(path: Path, data: Any) -> list[dict[str, Any]]:
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise SourceFormatError(f"{path}: not a GeoJSON FeatureCollection")
    features = data.get("features")
    if not isinstance(features, list):
        raise SourceFormatError(f"{path}: FeatureCollection has no features list")
    return features


def read_wof_polygons(path: Path) -> Iterator[SourceRecord]:
    """Read the WOF admin polygons FeatureCollection (country, regions, counties).

    Properties are the CSV columns; each record carries its polygon as ``geometry``.
    """
    for number, feature in enumerate(_features(path, read_json(path)), start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            raise SourceFormatError(f"{path}: feature {number}: no properties")
        if _is_retired(properties.get("deprecated"), properties.get("superseded_by")):
            continue
        row = {key: "" if value is None else str(value) for key, value in properties.items()}
        record = _record(row, path=path, number=number)
        geometry = feature.get("geometry")
        if is_polygon(geometry):
            record.geometry = geometry
        yield record


def _first(value: object) -> str:
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return "" if value is None else str(value)


def _geojson_record_row(properties: dict[str, Any]) -> dict[str, Any]:
    """Flatten one WOF per-record GeoJSON ``properties`` into the CSV export's columns."""
    hierarchy = properties.get("wof:hierarchy") or [{}]
    first = hierarchy[0] if isinstance(hierarchy, list) and hierarchy else {}
    if not isinstance(first, dict):
        first = {}
    concordances = properties.get("wof:concordances") or {}
    ar_names: list[str] = []
    en_names: list[str] = []
    for key, value in properties.items():
        if not key.startswith("name:") or not isinstance(value, list):
            continue
        if key.startswith("name:ara_"):
            ar_names.extend(str(v) for v in value)
        elif key.startswith("name:eng_"):
            en_names.extend(str(v) for v in value)
    return {
        "wof_id": properties.get("wof:id", ""),
        "placetype": properties.get("wof:placetype", ""),
        "name": properties.get("wof:name", ""),
        "name_ar": _first(properties.get("name:ara_x_preferred")),
        "name_ar_all": "|".join(ar_names),
        "name_en": _first(properties.get("name:eng_x_preferred")),
        "name_en_all": "|".join(en_names),
        "lat": properties.get("geom:latitude", ""),
        "lon": properties.get("geom:longitude", ""),
        "region_id": first.get("region_id", ""),
        "county_id": first.get("county_id", ""),
        "gn_id": concordances.get("gn:id", "") if isinstance(concordances, dict) else "",
        "wd_id": concordances.get("wd:id", "") if isinstance(concordances, dict) else "",
        "gn_fcode": properties.get("gn:fcode", ""),
        "population": properties.get("gn:population") or properties.get("wof:population") or "",
        "deprecated": properties.get("edtf:deprecated", ""),
        "superseded_by": properties.get("wof:superseded_by") or "",
    }


def read_wof_records(paths: Iterable[Path]) -> Iterator[SourceRecord]:
    """Read WOF per-record GeoJSON files (``<id>.geojson``) as found in a repository archive.

    Alternate-geometry files (``*-alt-*``) are not passed here by detection; retired
    records are skipped; regions and counties keep their polygons.
    """
    for path in paths:
        data = read_json(path)
        properties = data.get("properties") if isinstance(data, dict) else None
        if not isinstance(properties, dict):
            raise SourceFormatError(f"{path}: row 1: not a WOF GeoJSON record (no properties)")
        row = _geojson_record_row(properties)
        if _is_retired(row["deprecated"], row["superseded_by"]):
            continue
        if str(row["placetype"]) not in (
            "country",
            "region",
            "county",
            "locality",
            "localadmin",
            "neighbourhood",
        ):
            continue
        cells = {key: "" if value is None else str(value) for key, value in row.items()}
        record = _record(cells, path=path, number=1)
        geometry = data.get("geometry")
        if record.kind in ("governorate", "district", "country") and is_polygon(geometry):
            record.geometry = geometry
        yield record
