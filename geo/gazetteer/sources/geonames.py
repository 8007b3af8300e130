"""GeoNames: the standard 19-column table (``SY.txt``, ``cities500.txt``) and the cities CSV.

Only populated places (feature class ``P``) and admin units (``A``: ADM1/ADM2/ADM3) are
kept; other features (wadis, hills, wells) are not what news reports route through.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from geo.errors import SourceFormatError
from geo.gazetteer.sources import (
    SourceRecord,
    check_latlon,
    csv_rows,
    settlement_kind,
    split_names,
    to_float,
    to_int,
)
from geo.normalize import has_arabic

SOURCE = {
    "id": "geonames",
    "title": "GeoNames",
    "licence": "CC BY 4.0",
    "attribution": "GeoNames (geonames.org), CC BY 4.0",
    "url": "https://www.geonames.org/",
}

#: Column names of the GeoNames ``geoname`` table, in file order.
GEONAMES_COLUMNS = (
    "geonameid",
    "name",
    "asciiname",
    "alternatenames",
    "latitude",
    "longitude",
    "feature_class",
    "feature_code",
    "country_code",
    "cc2",
    "admin1_code",
    "admin2_code",
    "admin3_code",
    "admin4_code",
    "population",
    "elevation",
    "dem",
    "timezone",
    "modification_date",
)
_ADMIN_KINDS = {"ADM1": "governorate", "ADM2": "district", "ADM3": "subdistrict"}
_CSV_COLUMNS = ("geonameid", "name", "latitude", "longitude")


def _record(
    *,
    path: Path,
    number: int,
    geonameid: str,
    name: str,
    names: list[str],
    lat_cell: str,
    lon_cell: str,
    population: int,
    kind: str,
    fcode: str,
    country: str,
) -> SourceRecord:
    if not geonameid.isdigit():
        raise SourceFormatError(f"{path}: row {number}: geonameid is not a number: {geonameid!r}")
    lat = to_float(lat_cell, path=path, row=number, column="latitude")
    lon = to_float(lon_cell, path=path, row=number, column="longitude")
    if lat is None or lon is None:
        raise SourceFormatError(f"{path}: row {number}: missing coordinates")
    check_latlon(lat, lon, path=path, row=number)
    name_ar = next((alias for alias in names if has_arabic(alias)), "")
    return SourceRecord(
        id=f"gn:{geonameid}",
        name=name,
        name_ar=name_ar,
        kind=kind,
        lat=lat,
        lon=lon,
        names=names,
        population=population,
        gn_id=geonameid,
        fcode=fcode,
        country=country or "SY",
    )


def read_geonames_table(path: Path, *, country: str | None = "SY") -> Iterator[SourceRecord]:
    """Read a 19-column tab-separated GeoNames table.

    Parameters
    ----------
    path
        ``SY.txt``, ``cities500.txt`` or any file of the ``geoname`` table format.
    country
        Keep only rows of this ISO country code (``None`` keeps all).
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for number, line in enumerate(handle, start=1):
                line = line.rstrip("\r\n")
                if not line or line.startswith("#"):
                    continue
                cells = line.split("\t")
                if len(cells) != len(GEONAMES_COLUMNS):
                    raise SourceFormatError(
                        f"{path}: row {number}: {len(cells)} columns, a GeoNames table has 19"
                    )
                row = dict(zip(GEONAMES_COLUMNS, cells, strict=True))
                if country and row["country_code"] != country:
                    continue
                feature_class, fcode = row["feature_class"], row["feature_code"]
                population = to_int(row["population"])
                names = split_names(
                    row["name"], row["asciiname"], row["alternatenames"].replace(",", "|")
                )
                if feature_class == "P":
                    kind = settlement_kind(names, population, fcode)
                elif feature_class == "A" and fcode in _ADMIN_KINDS:
                    kind = _ADMIN_KINDS[fcode]
                else:
                    continue
                yield _record(
                    path=path,
                    number=number,
                    geonameid=row["geonameid"],
                    name=row["name"],
                    names=names,
                    lat_cell=row["latitude"],
                    lon_cell=row["longitude"],
                    population=population,
                    kind=kind,
                    fcode=fcode,
                    country=row["country_code"],
                )
    except UnicodeDecodeError as error:
        raise SourceFormatError(f"{path}: not UTF-8: {error}") from error


def read_geonames_csv(path: Path, *, country: str | None = "SY") -> Iterator[SourceRecord]:
    """Read the GeoNames cities CSV (``geonameid,name,latitude,longitude,...,alternatenames``)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for number, row in csv_rows(handle, path=path, required=_CSV_COLUMNS):
                code = (row.get("countrycode") or "").strip()
                if country and code and code != country:
                    continue
                population = to_int(row.get("population"))
                names = split_names(
                    row["name"], row.get("alternatenames_ar"), row.get("alternatenames")
                )
                yield _record(
                    path=path,
                    number=number,
                    geonameid=(row["geonameid"] or "").strip(),
                    name=row["name"].strip(),
                    names=names,
                    lat_cell=row["latitude"],
                    lon_cell=row["longitude"],
                    population=population,
                    kind=settlement_kind(names, population, ""),
                    fcode="",
                    country=code or "SY",
                )
    except (csv.Error, UnicodeDecodeError) as error:
        raise SourceFormatError(f"{path}: cannot read as a GeoNames CSV: {error}") from error
