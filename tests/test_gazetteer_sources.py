"""Source readers, each on a small fixture written here, and source detection."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from geo.errors import SourceFormatError
from geo.gazetteer.sources import detect_sources, is_polygon, settlement_kind
from geo.gazetteer.sources.geonames import read_geonames_csv, read_geonames_table
from geo.gazetteer.sources.ocha import read_ocha_admin1
from geo.gazetteer.sources.opensyria import read_opensyria
from geo.gazetteer.sources.wof import read_wof_places, read_wof_polygons, read_wof_records

WOF_COLUMNS = [
    "wof_id",
    "placetype",
    "name",
    "name_ar",
    "name_ar_all",
    "name_en",
    "name_en_all",
    "lat",
    "lon",
    "lbl_lat",
    "lbl_lon",
    "geom_type",
    "region_id",
    "region_name",
    "county_id",
    "county_name",
    "parent_id",
    "gn_id",
    "wd_id",
    "gn_fcode",
    "population",
    "mz_is_current",
    "deprecated",
    "superseded_by",
    "lastmodified",
]

# A made-up corner of Syria: two governorates as boxes (real WOF ids, so the core's common
# names merge onto them), one district, and places with and without a hierarchy.
DEZ_BOX = [[39.5, 34.3], [41.5, 34.3], [41.5, 36.0], [39.5, 36.0], [39.5, 34.3]]
HAMA_BOX = [[36.5, 34.8], [38.0, 34.8], [38.0, 35.7], [36.5, 35.7], [36.5, 34.8]]
ABU_KAMAL_BOX = [[40.5, 34.3], [41.5, 34.3], [41.5, 35.0], [40.5, 35.0], [40.5, 34.3]]


def _wof_row(**cells: object) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(WOF_COLUMNS, "")
    row.update(cells)
    return row


WOF_ROWS = [
    _wof_row(
        wof_id=85678381,
        placetype="region",
        name="Days Az Zawr",
        name_ar="دير الزور",
        name_ar_all="دير الزور|محافظة دير الزور",
        name_en="Dayr az Zawr",
        lat=35.1,
        lon=40.3,
        region_id=85678381,
        gn_id=170792,
    ),
    _wof_row(
        wof_id=85678363,
        placetype="region",
        name="Hamah",
        name_ar="حماة",
        name_ar_all="حماة|محافظة حماة",
        name_en="Hamah",
        lat=35.2,
        lon=37.2,
        region_id=85678363,
    ),
    _wof_row(
        wof_id=1108779185,
        placetype="county",
        name="Abu Kamal",
        name_ar="البوكمال",
        name_ar_all="البوكمال",
        lat=34.6,
        lon=41.0,
        region_id=85678381,
        county_id=1108779185,
    ),
    _wof_row(
        wof_id=1125980167,
        placetype="locality",
        name="Mayādīn",
        name_ar="الميادين",
        name_ar_all="الميادين",
        name_en="Mayadin",
        name_en_all="Mayadin|Al Mayadin",
        lat=35.02089,
        lon=40.45346,
        region_id=85678381,
        gn_id=173480,
        gn_fcode="PPLA2",
        population=0,
    ),
    _wof_row(
        wof_id=9000001,
        placetype="locality",
        name="Al Khuraytah",
        name_ar="الخريطة",
        name_ar_all="الخريطة|خريطة",
        lat=34.9,
        lon=40.9,
    ),
    _wof_row(
        wof_id=9000002,
        placetype="locality",
        name="Abu Hammam",
        name_ar="أبو حمام",
        name_ar_all="أبو حمام",
        lat=34.8,
        lon=40.95,
        region_id=85678381,
        county_id=1108779185,
    ),
    _wof_row(
        wof_id=9000003,
        placetype="locality",
        name="Mukhayyam al Sumud",
        name_ar="مخيم الصمود",
        name_ar_all="مخيم الصمود",
        lat=35.5,
        lon=40.0,
        region_id=85678381,
    ),
    _wof_row(
        wof_id=421205163,
        placetype="locality",
        name="Salamiyah",
        name_ar="سلمية",
        name_ar_all="سلمية|السلمية",
        name_en="Salamiyah",
        lat=35.01127,
        lon=37.05324,
        region_id=85678363,
        population=94887,
    ),
    _wof_row(
        wof_id=9000004,
        placetype="locality",
        name="`Uqayribat",
        name_ar="عقيربات",
        name_ar_all="عقيربات",
        lat=35.25,
        lon=37.35,
    ),
    _wof_row(
        wof_id=9000005,
        placetype="locality",
        name="Old Record",
        name_ar="قرية قديمة",
        name_ar_all="قرية قديمة",
        lat=35.3,
        lon=37.3,
        region_id=85678363,
        deprecated="2019-01-01",
        superseded_by=9000004,
    ),
]


def _feature(properties: dict[str, object], ring: list[list[float]]) -> dict[str, object]:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def write_sources(folder: Path) -> Path:
    """Write a small set of every source format into ``folder`` (as named in the wild)."""
    wof = folder / "whosonfirst-sy"
    wof.mkdir(parents=True)
    with gzip.open(wof / "wof_sy_places.csv.gz", "wt", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=WOF_COLUMNS)
        writer.writeheader()
        writer.writerows(WOF_ROWS)
    polygons = {
        "type": "FeatureCollection",
        "features": [
            _feature({k: v for k, v in WOF_ROWS[0].items()}, DEZ_BOX),
            _feature({k: v for k, v in WOF_ROWS[1].items()}, HAMA_BOX),
            _feature({k: v for k, v in WOF_ROWS[2].items()}, ABU_KAMAL_BOX),
        ],
    }
    (wof / "wof_sy_admin_polygons.geojson").write_text(json.dumps(polygons), encoding="utf-8")

    osy = folder / "opensyria-geography"
    osy.mkdir()
    governorates = [
        {
            "id": "sy-deir-ez-zor",
            "name": {"en": "Deir-ez-Zor", "ar": "دير الزور"},
            "aliases": [{"value": "Deir Ezzor", "language": "en", "type": "alias"}],
            "centroid": {"latitude": 35.17, "longitude": 40.28},
            "population": {"value": 1239000},
            "externalIds": {"ochaPcode": "SY09", "geonames": "170792"},
        }
    ]
    districts = [
        {
            "id": "sy-deir-ez-zor-abu-kamal",
            "governorateId": "sy-deir-ez-zor",
            "name": {"en": "Abu Kamal", "ar": "البوكمال"},
            "aliases": [{"value": "منطقة البوكمال", "language": "ar", "type": "formal"}],
            "centroid": {"latitude": 34.6, "longitude": 40.9},
            "externalIds": {"ochaPcode": "SY0902"},
        }
    ]
    subdistricts = [
        {
            "id": "sy-deir-ez-zor-abu-kamal-jalaa",
            "governorateId": "sy-deir-ez-zor",
            "districtId": "sy-deir-ez-zor-abu-kamal",
            "name": {"en": "Al-Jalaa", "ar": "الجلاء"},
            "aliases": [],
            "centroid": {"latitude": 34.7, "longitude": 40.8},
            "externalIds": {"ochaPcode": "SY090202"},
        }
    ]
    for name, data in (
        ("governorates", governorates),
        ("districts", districts),
        ("subdistricts", subdistricts),
    ):
        (osy / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    ocha = folder / "ocha-syr-admin1"
    ocha.mkdir()
    admin1 = {
        "type": "FeatureCollection",
        "features": [_feature({"NAME_EN": "Hama", "NAME_AR": "حماة", "PCODE": "SY05"}, HAMA_BOX)],
    }
    (ocha / "syr_admin1.geojson").write_text(
        json.dumps(admin1, ensure_ascii=False), encoding="utf-8"
    )

    geonames = folder / "geonames"
    geonames.mkdir()
    table = [
        [
            "173480",
            "Mayādīn",
            "Mayadin",
            "Al Mayadin,Mayadeen,الميادين,ميادين",
            "35.02089",
            "40.45346",
            "P",
            "PPLA2",
            "SY",
            "",
            "07",
            "",
            "",
            "",
            "54534",
            "",
            "190",
            "Asia/Damascus",
            "2020-01-01",
        ],
        [
            "990001",
            "Tall az Za`tar",
            "Tall az Zatar",
            "تل الزعتر",
            "35.2",
            "40.7",
            "P",
            "PPL",
            "SY",
            "",
            "07",
            "",
            "",
            "",
            "600",
            "",
            "200",
            "Asia/Damascus",
            "2020-01-01",
        ],
        [
            "990002",
            "Wadi Fixture",
            "Wadi Fixture",
            "",
            "35.1",
            "40.6",
            "H",
            "WAD",
            "SY",
            "",
            "07",
            "",
            "",
            "",
            "0",
            "",
            "200",
            "Asia/Damascus",
            "2020-01-01",
        ],
        [
            "990003",
            "Elsewhere",
            "Elsewhere",
            "",
            "39.0",
            "35.0",
            "P",
            "PPL",
            "TR",
            "",
            "01",
            "",
            "",
            "",
            "900",
            "",
            "200",
            "Europe/Istanbul",
            "2020-01-01",
        ],
    ]
    (geonames / "SY.txt").write_text(
        "\n".join("\t".join(row) for row in table) + "\n", encoding="utf-8"
    )
    return folder


def test_wof_csv_drops_retired_and_classifies(tmp_path: Path) -> None:
    write_sources(tmp_path)
    records = {r.id: r for r in read_wof_places(tmp_path / "whosonfirst-sy/wof_sy_places.csv.gz")}
    assert "wof:9000005" not in records  # deprecated and superseded
    assert records["wof:85678381"].kind == "governorate"
    assert records["wof:1108779185"].kind == "district"
    assert records["wof:1125980167"].kind == "town"  # PPLA2
    assert records["wof:421205163"].kind == "town"  # population 94,887
    assert records["wof:9000002"].kind == "village"
    assert records["wof:9000003"].kind == "camp"  # the name says مخيم
    assert records["wof:9000002"].parent2 == "wof:1108779185"
    assert records["wof:9000001"].parent1 == ""  # no hierarchy: assigned later by polygon
    assert "خريطة" in records["wof:9000001"].names
    assert records["wof:1125980167"].gn_id == "173480"


def test_wof_csv_malformed_row_names_file_and_row(tmp_path: Path) -> None:
    path = tmp_path / "wof_sy_places.csv"
    rows = [dict(WOF_ROWS[4]), dict(WOF_ROWS[5], lat="north")]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=WOF_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(SourceFormatError, match=r"wof_sy_places\.csv: row 3: lat"):
        list(read_wof_places(path))


def test_wof_polygons_and_records(tmp_path: Path) -> None:
    write_sources(tmp_path)
    polygons = list(read_wof_polygons(tmp_path / "whosonfirst-sy/wof_sy_admin_polygons.geojson"))
    assert [r.kind for r in polygons] == ["governorate", "governorate", "district"]
    assert all(r.geometry and r.geometry["type"] == "Polygon" for r in polygons)
    record = {
        "type": "Feature",
        "properties": {
            "wof:id": 9000009,
            "wof:placetype": "locality",
            "wof:name": "Tall Test",
            "name:ara_x_preferred": ["تل الاختبار"],
            "name:eng_x_variant": ["Tell Test"],
            "geom:latitude": 35.0,
            "geom:longitude": 40.0,
            "wof:hierarchy": [{"region_id": 85678381, "county_id": -1}],
            "wof:concordances": {"gn:id": 123},
            "wof:superseded_by": [],
        },
        "geometry": {"type": "Point", "coordinates": [40.0, 35.0]},
    }
    path = tmp_path / "9000009.geojson"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    (parsed,) = read_wof_records([path])
    assert (parsed.id, parsed.name_ar, parsed.parent1, parsed.gn_id) == (
        "wof:9000009",
        "تل الاختبار",
        "wof:85678381",
        "123",
    )
    assert "Tell Test" in parsed.names


def test_geonames_table_keeps_populated_places_of_the_country(tmp_path: Path) -> None:
    write_sources(tmp_path)
    records = list(read_geonames_table(tmp_path / "geonames/SY.txt"))
    assert [r.id for r in records] == ["gn:173480", "gn:990001"]  # no wadi, no Turkish row
    assert records[0].population == 54534 and "ميادين" in records[0].names
    assert records[0].name_ar == "الميادين"


def test_geonames_table_wrong_column_count(tmp_path: Path) -> None:
    path = tmp_path / "SY.txt"
    path.write_text("1\tA\tA\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match=r"SY\.txt: row 1: 3 columns"):
        list(read_geonames_table(path))


def test_geonames_csv(tmp_path: Path) -> None:
    path = tmp_path / "geonames_sy_cities500.csv"
    path.write_text(
        "geonameid,name,latitude,longitude,countrycode,admin1code,population,timezone,"
        "alternatenames_ar,alternatenames\n"
        "174506,Town A,34.69,40.83,SY,07,29237,Asia/Damascus,بلدة|البلدة,Town A|Balda\n"
        "5,Town B,x,40.0,SY,07,0,Asia/Damascus,,\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceFormatError, match=r"row 3: latitude"):
        list(read_geonames_csv(path))
    first = next(read_geonames_csv(path))
    assert (first.id, first.kind, first.name_ar) == ("gn:174506", "town", "بلدة")


def test_opensyria_records(tmp_path: Path) -> None:
    write_sources(tmp_path)
    (district,) = read_opensyria(tmp_path / "opensyria-geography/districts.json")
    assert district.kind == "district" and district.pcode == "SY0902"
    assert district.parent1 == "osy:sy-deir-ez-zor"
    assert "منطقة البوكمال" in district.names
    broken = tmp_path / "broken" / "subdistricts.json"
    broken.parent.mkdir()
    broken.write_text('[{"id": "x", "name": {"en": "X"}}, {"name": {}}]', encoding="utf-8")
    with pytest.raises(SourceFormatError, match=r"subdistricts\.json: record 2"):
        list(read_opensyria(broken))


def test_ocha_admin1(tmp_path: Path) -> None:
    write_sources(tmp_path)
    (hama,) = read_ocha_admin1(tmp_path / "ocha-syr-admin1/syr_admin1.geojson")
    assert (hama.id, hama.pcode, hama.kind, hama.name_ar) == (
        "ocha:SY05",
        "SY05",
        "governorate",
        "حماة",
    )
    assert hama.geometry is not None


def test_detect_sources_by_file_name(tmp_path: Path) -> None:
    write_sources(tmp_path)
    (tmp_path / "notes.txt").write_text("not a source", encoding="utf-8")
    found = detect_sources(tmp_path)
    assert [p.name for p in found.wof_places] == ["wof_sy_places.csv.gz"]
    assert [p.name for p in found.wof_polygons] == ["wof_sy_admin_polygons.geojson"]
    assert sorted(p.name for p in found.opensyria) == [
        "districts.json",
        "governorates.json",
        "subdistricts.json",
    ]
    assert [p.name for p in found.ocha_admin1] == ["syr_admin1.geojson"]
    assert [p.name for p in found.geonames_tables] == ["SY.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert not detect_sources(empty)


@pytest.mark.parametrize(
    ("names", "population", "fcode", "kind"),
    [
        (["Somewhere"], 150_000, "", "city"),
        (["Somewhere"], 0, "PPLA", "city"),
        (["Somewhere"], 12_000, "", "town"),
        (["Somewhere"], 0, "PPLA2", "town"),
        (["Somewhere"], 9_999, "PPL", "village"),
        (["مخيم الأمل"], 50_000, "", "camp"),
        (["Hope Camp"], 0, "", "camp"),
    ],
)
def test_settlement_kind(names: list[str], population: int, fcode: str, kind: str) -> None:
    assert settlement_kind(names, population, fcode) == kind


# -- validation at build time (issue 19, item 3) --------------------------------------------

#: Bad WOF rows: an empty cell read as (0, 0), a point on another continent, a point whose
#: lat/lon were swapped (Raqqa written as lat 39.0, lon 35.95), and a second row of an id.
BAD_WOF_ROWS = [
    _wof_row(wof_id=9100001, placetype="locality", name="Null Island", name_ar="صفر", lat=0, lon=0),
    _wof_row(
        wof_id=9100002, placetype="locality", name="Far Away", name_ar="بعيد", lat=-45, lon=170
    ),
    _wof_row(
        wof_id=9100003, placetype="locality", name="Swapped", name_ar="مقلوب", lat=39.0, lon=35.95
    ),
    _wof_row(wof_id=9000001, placetype="locality", name="Second Khuraytah", lat=35.5, lon=39.0),
]


def _rewrite_wof(folder: Path, rows: list[dict[str, object]], *, encoding: str = "utf-8") -> None:
    path = folder / "whosonfirst-sy" / "wof_sy_places.csv.gz"
    with gzip.open(path, "wt", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=WOF_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def test_build_refuses_points_outside_syria_swapped_and_repeated_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from geo.cli import main
    from geo.gazetteer import Gazetteer
    from geo.gazetteer import index as gazetteer_index

    folder = write_sources(tmp_path / "sources")
    _rewrite_wof(folder, WOF_ROWS + BAD_WOF_ROWS)
    monkeypatch.setenv("GEO_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(gazetteer_index, "_DEFAULT", None)
    assert main(["gazetteer", "build", "--from", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "refused: 4 record(s)" in out
    assert "outside Syria: 2" in out and "latitude and longitude swapped: 1" in out
    assert "duplicate id: 1" in out and "wof:9100003 'Swapped'" in out
    gazetteer = Gazetteer.load(tmp_path / "home" / "gazetteer.sqlite")
    for refused in ("wof:9100001", "wof:9100002", "wof:9100003"):
        assert gazetteer.get(refused) is None
    first = gazetteer.get("wof:9000001")
    assert first is not None and first.name == "Al Khuraytah"  # the first row kept
    report = gazetteer.info()["refused"]
    assert report["refused"] == {
        "duplicate id": 1,
        "latitude and longitude swapped": 1,
        "outside Syria": 2,
    }
    assert any("Null Island" in example for example in report["examples"]["outside Syria"])


def test_refusal_reasons() -> None:
    from geo.gazetteer.sources import SourceRecord
    from geo.gazetteer.validate import OUTSIDE, SWAPPED, refusal_reason

    def record(lat: float | None, lon: float | None, **more: object) -> SourceRecord:
        return SourceRecord(
            id="x:1", name="x", name_ar="", kind="village", lat=lat, lon=lon, **more
        )  # type: ignore[arg-type]

    assert refusal_reason(record(35.95, 39.0)) == ""
    assert refusal_reason(record(37.05, 42.3)) == ""  # the north-east corner
    assert refusal_reason(record(36.9, 38.0)) == ""  # inside the margin (a border town)
    assert refusal_reason(record(0.0, 0.0)) == OUTSIDE
    assert refusal_reason(record(-45.0, 170.0)) == OUTSIDE
    assert refusal_reason(record(39.0, 35.95)) == SWAPPED
    assert refusal_reason(record(41.0, 29.0, country="TR")) == ""  # not a Syrian record
    assert refusal_reason(record(None, None)) == ""
    far = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    assert refusal_reason(record(None, None, geometry=far)) == OUTSIDE


def test_sources_with_a_byte_order_mark_and_crlf_lines(tmp_path: Path) -> None:
    folder = write_sources(tmp_path)
    _rewrite_wof(folder, WOF_ROWS, encoding="utf-8-sig")
    records = list(read_wof_places(folder / "whosonfirst-sy" / "wof_sy_places.csv.gz"))
    assert records[0].id == "wof:85678381" and records[-1].name
    table = folder / "geonames" / "SY.txt"
    text = table.read_text(encoding="utf-8")
    table.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert [r.id for r in read_geonames_table(table)] == ["gn:173480", "gn:990001"]
    mayadin = next(read_geonames_table(table))
    assert mayadin.population == 54534 and not any("\r" in name for name in mayadin.names)
    for path in (folder / "opensyria-geography").glob("*.json"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    (district,) = read_opensyria(folder / "opensyria-geography" / "districts.json")
    assert district.pcode == "SY0902"
    cities = tmp_path / "geonames_sy_cities500.csv"
    cities.write_bytes(
        b"\xef\xbb\xbfgeonameid,name,latitude,longitude,countrycode\r\n"
        b"174506,Town A,34.69,40.83,SY\r\n"
    )
    (town,) = read_geonames_csv(cities)
    assert (town.id, town.name, town.lon) == ("gn:174506", "Town A", 40.83)


@pytest.mark.parametrize(
    "read",
    [
        lambda path: list(read_wof_polygons(path)),
        lambda path: list(read_wof_records([path])),
        lambda path: list(read_ocha_admin1(path)),
        lambda path: list(read_opensyria(path)),
    ],
    ids=["wof polygons", "wof records", "ocha", "opensyria"],
)
def test_every_json_reader_names_the_line_of_bad_json(tmp_path: Path, read: Any) -> None:
    path = tmp_path / "districts.json"
    path.write_text('[\n{"id": "x",\n}]', encoding="utf-8")
    with pytest.raises(SourceFormatError, match=r"districts\.json: line 3: invalid JSON"):
        read(path)
    path.write_bytes(b"\xff\xfe[]")
    with pytest.raises(SourceFormatError, match=r"districts\.json: cannot read"):
        read(path)


@pytest.mark.parametrize(
    ("read", "required"),
    [(read_wof_places, "wof_id"), (read_geonames_csv, "geonameid")],
    ids=["wof", "geonames"],
)
def test_every_csv_reader_refuses_missing_columns_and_extra_cells(
    tmp_path: Path, read: Any, required: str
) -> None:
    path = tmp_path / "wof_geonames.csv"
    path.write_text("name,latitude\nA,1\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match=rf"row 1: missing columns .*{required}"):
        list(read(path))
    # Both readers' columns, and a row of one cell more.
    path.write_text(
        "wof_id,geonameid,placetype,name,lat,lon,latitude,longitude\n1,1,locality,A,1,1,1,1,1\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceFormatError, match=r"row 2: more cells than columns"):
        list(read(path))


def test_is_polygon() -> None:
    assert is_polygon({"type": "Polygon", "coordinates": []})
    assert is_polygon({"type": "MultiPolygon", "coordinates": []})
    assert not is_polygon({"type": "Point", "coordinates": [0, 0]})
    assert not is_polygon(None) and not is_polygon("Polygon")
