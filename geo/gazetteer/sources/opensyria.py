"""OpenSyria geography: governorates, districts and subdistricts (nahiya) with P-codes.

Records have no polygons; their points are unit centroids (a subdistrict's centroid is not
its main town). Parents are given as OpenSyria ids (``osy:<id>``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from geo.errors import SourceFormatError
from geo.gazetteer.sources import (
    SourceRecord,
    check_latlon,
    read_json,
    split_names,
    to_float,
    to_int,
)

SOURCE = {
    "id": "opensyria",
    "title": "OpenSyria geography (admin hierarchy)",
    "licence": "CC BY 4.0",
    "attribution": "OpenSyria geography data, CC BY 4.0 (from geoBoundaries/OCHA, GeoNames, Wikidata)",
    "url": "https://github.com/Open-Syria/data-geography",
}

_KINDS = {
    "governorates.json": "governorate",
    "districts.json": "district",
    "subdistricts.json": "subdistrict",
}


def read_opensyria(path: Path) -> Iterator[SourceRecord]:
    """Read one OpenSyria file (``governorates.json``, ``districts.json`` or ``subdistricts.json``)."""
    kind = _KINDS.get(path.name.lower())
    if kind is None:
        raise SourceFormatError(
            f"{path}: not an OpenSyria admin file (expected {', '.join(_KINDS)})"
        )
    data = read_json(path)
    if not isinstance(data, list):
        raise SourceFormatError(f"{path}: expected a JSON array of records")
    for number, item in enumerate(data, start=1):
        yield _record(item, kind=kind, path=path, number=number)


_UNIT_PREFIXES = ("ناحية مركز ", "ناحية ", "مركز ", "منطقة ", "محافظة ")


def _bare_unit_name(alias: str) -> str:
    """The name inside an administrative title ("ناحية مركز الشدادي" → "الشدادي"), or ""."""
    for prefix in _UNIT_PREFIXES:
        if alias.startswith(prefix) and len(alias) > len(prefix) + 2:
            return alias[len(prefix) :].strip()
    return ""


def _record(item: Any, *, kind: str, path: Path, number: int) -> SourceRecord:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
        raise SourceFormatError(f"{path}: record {number}: no string id")
    name = item.get("name")
    if not isinstance(name, dict) or not (name.get("en") or name.get("ar")):
        raise SourceFormatError(f"{path}: record {number} ({item['id']}): no name")
    centroid = item.get("centroid") or {}
    if not isinstance(centroid, dict):
        raise SourceFormatError(
            f"{path}: record {number} ({item['id']}): centroid is not an object"
        )
    lat = to_float(centroid.get("latitude"), path=path, row=number, column="centroid.latitude")
    lon = to_float(centroid.get("longitude"), path=path, row=number, column="centroid.longitude")
    check_latlon(lat, lon, path=path, row=number)
    aliases = [
        alias.get("value", "") for alias in item.get("aliases") or [] if isinstance(alias, dict)
    ]
    # "ناحية مركز الشدادي", "مركز الشدادي": news names the unit by its bare name, الشدادي.
    aliases += [
        bare for alias in [name.get("ar") or "", *aliases] if (bare := _bare_unit_name(str(alias)))
    ]
    external = item.get("externalIds") or {}
    population = item.get("population") or {}
    return SourceRecord(
        id=f"osy:{item['id']}",
        name=str(name.get("en") or name.get("ar")),
        name_ar=str(name.get("ar") or ""),
        kind=kind,
        lat=lat,
        lon=lon,
        names=split_names(name.get("en"), name.get("ar"), "|".join(str(a) for a in aliases)),
        population=to_int(population.get("value") if isinstance(population, dict) else 0),
        parent1=f"osy:{item['governorateId']}" if item.get("governorateId") else "",
        parent2=f"osy:{item['districtId']}" if item.get("districtId") else "",
        gn_id=str(external.get("geonames") or ""),
        wd_id=str(external.get("wikidata") or ""),
        pcode=str(external.get("ochaPcode") or ""),
    )
