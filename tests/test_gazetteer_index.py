"""Index build and merge on a small fixture, search behaviour, and acceptance on the full index."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from test_gazetteer_sources import write_sources

from geo import settings
from geo.errors import ConfigurationError, GazetteerError, SourceFormatError
from geo.gazetteer import Gazetteer, build_index
from geo.model import Place


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    folder = write_sources(tmp_path_factory.mktemp("sources"))
    path = build_index(folder, tmp_path_factory.mktemp("index") / "gazetteer.sqlite")
    return Gazetteer.load(path)


def test_merge_wof_core_opensyria_ocha(small: Gazetteer) -> None:
    dez = small.get("wof:85678381")
    assert dez is not None and dez.kind == "governorate"
    assert dez.name == "Deir ez-Zor"  # the core's common form, not WOF's "Days Az Zawr"
    assert "Deir Ezzor" in dez.names  # OpenSyria alias merged on by P-code / GeoNames id
    assert ("pcode", "SY09") in dez.xids
    hama = small.get("wof:85678363")
    assert hama is not None and hama.name == "Hama" and "ocha" in hama.source
    assert small.get("ocha:SY05") is None and small.get("osy:sy-deir-ez-zor") is None
    county = small.get("wof:1108779185")
    assert county is not None and "opensyria" in county.source  # district merged by polygon + name
    assert small.geometry("wof:85678363") is not None
    assert small.geometry("wof:1125980167") is None


def test_geonames_join_and_leftovers(small: Gazetteer) -> None:
    mayadin = small.get("wof:1125980167")
    assert mayadin is not None
    assert mayadin.population == 54534 and "ميادين" in mayadin.names
    assert small.get("gn:173480") is None  # joined on gn_id, not duplicated
    leftover = small.get("gn:990001")
    assert leftover is not None and leftover.admin1 == "Deir ez-Zor"
    assert small.get("gn:990002") is None  # a wadi is not a settlement


def test_hierarchy_from_polygons(small: Gazetteer) -> None:
    khuraytah = small.get("wof:9000001")
    assert khuraytah is not None
    assert (khuraytah.admin1, khuraytah.admin1_id) == ("Deir ez-Zor", "wof:85678381")
    assert (khuraytah.admin2, khuraytah.admin2_id) == ("Abu Kamal", "wof:1108779185")
    uqayribat = small.get("wof:9000004")
    assert uqayribat is not None and uqayribat.admin1 == "Hama"
    subdistrict = small.get("osy:sy-deir-ez-zor-abu-kamal-jalaa")
    assert subdistrict is not None and subdistrict.kind == "subdistrict"
    assert subdistrict.admin2_id == "wof:1108779185"
    assert small.admin_of(34.9, 40.9) == (small.get("wof:85678381"), small.get("wof:1108779185"))
    assert small.admin_of(35.3, 37.0) == (small.get("wof:85678363"), None)
    assert small.admin_of(20.0, 20.0) == (None, None)


def test_core_countries_and_retired_records(small: Gazetteer) -> None:
    turkey = small.get("core:turkey")
    assert turkey is not None and turkey.kind == "country" and turkey.country == "TR"
    assert turkey.admin1 == "" and abs(turkey.lat - 39.0) < 0.5  # type: ignore[operator]
    assert small.get("wof:9000005") is None
    assert small.get("core:salamiyah") is None  # merged onto the WOF record it cites
    info = small.info()
    assert {source["id"] for source in info["sources"]} == {
        "wof",
        "core",
        "ocha",
        "opensyria",
        "geonames",
    }
    assert "Who's On First" in small.attribution and "CC BY 4.0" in small.attribution


def test_arabic_matching(small: Gazetteer) -> None:
    def top(query: str) -> str:
        return small.search(query, limit=1)[0].place.id

    assert top("الخريطة") == top("خريطة") == "wof:9000001"  # article optional
    assert top("ال\u0640\u0640خريطة") == "wof:9000001"  # tatweel
    assert top("الخَرِيطَة") == "wof:9000001"  # diacritics
    assert top("البوحمام") == top("بو حمام") == top("ابو حمام") == "wof:9000002"
    assert top("الميادين") == top("ميادين") == "wof:1125980167"
    assert top("سلميه") == "wof:421205163"  # ة/ه


def test_latin_and_cross_script(small: Gazetteer) -> None:
    assert small.search("Al Mayadin", limit=1)[0].place.id == "wof:1125980167"
    # Known only by its Arabic name: found through the consonant skeleton.
    found = small.search("Uqayribat", limit=3)
    assert found and found[0].place.id == "wof:9000004"
    assert "skeleton" in found[0].reason or "Latin" in found[0].reason


def test_scores_reasons_kinds_within(small: Gazetteer) -> None:
    results = small.search("دير الزور", limit=5)
    assert results[0].place.kind in ("city", "governorate")
    assert all(0.0 <= c.score <= 1.0 and c.reason for c in results)
    assert [c.score for c in results] == sorted((c.score for c in results), reverse=True)
    assert all(c.place.kind == "district" for c in small.search("البوكمال", kinds=["district"]))
    within = small.search("خريطة", within="البوكمال")
    assert [c.place.id for c in within] == ["wof:9000001"]
    assert small.search("خريطة", within="حماة") == []
    with pytest.raises(ConfigurationError):
        small.search("خريطة", within="لا مكان بهذا الاسم")
    assert small.search("") == [] and small.search("   ") == []


def test_fuzzy_suggestions(small: Gazetteer) -> None:
    assert small.search("الخريطه", limit=1)[0].place.id == "wof:9000001"
    suggestions = small.suggest("خريطا")
    assert suggestions and suggestions[0].place.id == "wof:9000001"
    assert "fuzzy" in suggestions[0].reason


def test_keys_and_lookup(small: Gazetteer) -> None:
    keys = small.arabic_keys()
    assert "wof:9000002" in keys["ابو حمام"] and "wof:9000002" in keys["بوحمام"]
    assert "core:turkey" in keys["تركيا"]
    assert [p.id for p in small.by_key("خريطه")] == ["wof:9000001"]
    assert small.nearest(34.9, 40.9)[0].id == "wof:9000001"
    assert [p.kind for p in small.governorates()].count("governorate") >= 2


def test_failed_build_keeps_previous_index(tmp_path: Path) -> None:
    folder = write_sources(tmp_path / "good")
    out = tmp_path / "index.sqlite"
    build_index(folder, out)
    before = out.read_bytes()
    bad = tmp_path / "bad"
    shutil.copytree(folder, bad)
    (bad / "geonames" / "SY.txt").write_text("173480\tonly three\tcolumns\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match="SY.txt: row 1"):
        build_index(bad, out)
    assert out.read_bytes() == before
    assert len(Gazetteer.load(out)) > 10
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    with pytest.raises(GazetteerError, match="no gazetteer sources"):
        build_index(_empty(tmp_path), out)


def _empty(tmp_path: Path) -> Path:
    folder = tmp_path / "nothing"
    folder.mkdir()
    return folder


def test_load_falls_back_to_packaged_then_core(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("GEO_HOME", str(tmp_path))
    packaged = Gazetteer.load(None)
    assert packaged.is_packaged and not packaged.is_core and len(packaged) > 10_000
    assert packaged.path is not None and packaged.path.parent == tmp_path / "packaged"
    assert packaged.search("هجين", limit=1)[0].place.name == "Hajin"
    assert Gazetteer.load(None).path == packaged.path  # unpacked once
    monkeypatch.setattr(settings, "PACKAGED_GAZETTEER", "gazetteer/missing.sqlite.gz")
    gazetteer = Gazetteer.load(None)
    assert gazetteer.is_core and 60 <= len(gazetteer) <= 100
    assert gazetteer.search("Turkey", limit=1)[0].place.id == "core:turkey"
    with pytest.raises(GazetteerError):
        Gazetteer.load(tmp_path / "missing.sqlite")
    (tmp_path / "junk.sqlite").write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(GazetteerError):
        Gazetteer.load(tmp_path / "junk.sqlite")
    assert settings.index_path().parent == tmp_path


def test_core_rows_cite_sources_and_have_admin1() -> None:
    core = Gazetteer.core()
    for place in core.places.values():
        source = dict(place.xids).get("source", "")
        assert source.split(":")[0] in ("wof", "geonames", "osy"), place.id
        if place.country == "SY" and place.kind not in ("country", "governorate"):
            assert place.admin1 and core.get(place.admin1_id) is not None, place.id
    assert len(core.governorates()) == 14


def test_from_places_for_small_test_gazetteers() -> None:
    place = Place("test:1", "Tall Example", "تل المثال", "village", 35.0, 38.0, admin1="Raqqa")
    gazetteer = Gazetteer.from_places([place])
    assert gazetteer.search("تل مثال")[0].place is place
    assert gazetteer.admin_of(35.0, 38.0) == (None, None)


# -- acceptance on the index built from ../shared ----------------------------------------


def _top(gazetteer: Gazetteer, query: str, **options: object) -> Place:
    results = gazetteer.search(query, limit=5, **options)  # type: ignore[arg-type]
    assert results, query
    return results[0].place


def _near(place: Place, lat: float, lon: float, tolerance: float = 0.02) -> bool:
    assert place.lat is not None and place.lon is not None
    return abs(place.lat - lat) <= tolerance and abs(place.lon - lon) <= tolerance


def test_acceptance_abu_khanadiq_three_villages(full_gazetteer: Gazetteer) -> None:
    results = full_gazetteer.search("أبو خنادق", limit=5)
    villages = [c.place for c in results if c.place.kind == "village"]
    assert len(villages) == 3
    assert sorted(p.admin1 for p in villages) == ["Aleppo", "Hama", "Hama"]


@pytest.mark.parametrize("query", ["Hajin", "Hajjin", "هجين"])
def test_acceptance_hajin(full_gazetteer: Gazetteer, query: str) -> None:
    assert _near(_top(full_gazetteer, query), 34.69, 40.83)


@pytest.mark.parametrize("query", ["الشعفة", "شعفة", "Ash Sha'fah", "al-Shaafa"])
def test_acceptance_shaafa(full_gazetteer: Gazetteer, query: str) -> None:
    assert _near(_top(full_gazetteer, query), 34.58, 40.93)


@pytest.mark.parametrize("query", ["ديرالزور", "Deir ez-Zor", "Dayr az Zawr", "Deir Ezzor"])
def test_acceptance_deir_ez_zor_city(full_gazetteer: Gazetteer, query: str) -> None:
    place = _top(full_gazetteer, query)
    assert place.kind == "city" and _near(place, 35.336, 40.141)


@pytest.mark.parametrize(
    ("query", "lat", "lon"),
    [
        ("حماه", 35.132, 36.758),
        ("حماة", 35.132, 36.758),
        ("Hama", 35.132, 36.758),
        ("إدلب", 35.931, 36.634),
        ("ادلب", 35.931, 36.634),
        ("Idleb", 35.931, 36.634),
    ],
)
def test_acceptance_hama_idlib_cities(
    full_gazetteer: Gazetteer, query: str, lat: float, lon: float
) -> None:
    place = _top(full_gazetteer, query)
    assert place.kind == "city" and _near(place, lat, lon)


def test_acceptance_bu_hassan_and_within(full_gazetteer: Gazetteer) -> None:
    assert any(_near(c.place, 34.65, 40.91) for c in full_gazetteer.search("البوحسن", limit=3))
    assert _near(_top(full_gazetteer, "عطشانة", within="حماة"), 35.33, 37.25)


def test_full_index_hierarchy_and_alternate_names(full_gazetteer: Gazetteer) -> None:
    governorates = full_gazetteer.governorates()
    assert sorted(p.name for p in governorates) == sorted(
        [
            "Deir ez-Zor",
            "Hama",
            "Idlib",
            "Raqqa",
            "Aleppo",
            "Hasakah",
            "Homs",
            "Daraa",
            "Damascus",
            "Rural Damascus",
            "Latakia",
            "Tartus",
            "As-Suwayda",
            "Quneitra",
        ]
    )
    assert all(full_gazetteer.geometry(p.id) is not None for p in governorates)
    syrian = [
        p for p in full_gazetteer.places.values() if p.country == "SY" and p.kind != "country"
    ]
    missing = [p.id for p in syrian if not p.admin1]
    assert len(missing) <= 5, missing[:10]
    names = {p.admin1 for p in syrian} - {""}
    assert names <= {p.name for p in governorates}
    # الصالحية is only an alternate Arabic name of the WOF record "Qaraqol".
    assert "wof:1226434157" in full_gazetteer.arabic_keys()["صالحيه"]
    abu_ajwa = full_gazetteer.get("wof:1209303597")  # no hierarchy in WOF: point in polygon
    assert abu_ajwa is not None and abu_ajwa.admin1 == "Hama"
    assert full_gazetteer.get("core:turkey") is not None


def test_full_index_load_is_fast(full_index_path: Path) -> None:
    started = time.perf_counter()
    Gazetteer.load(full_index_path)
    assert time.perf_counter() - started < 1.5  # budget 0.5 s; slack for busy test machines
    assert full_index_path.stat().st_size < 20 * 1024 * 1024


def _index_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        return {
            table: sorted(connection.execute(f"SELECT * FROM {table}"))  # noqa: S608
            for table in ("meta", "places", "keys", "geometries")
        }
    finally:
        connection.close()


@pytest.mark.shared
def test_packaged_gazetteer_is_built_from_the_shared_sources(tmp_path: Path) -> None:
    """The compact gazetteer in the package is what the script makes of the sources today."""
    import gzip

    from conftest import GAZETTEER_SOURCES

    from geo.gazetteer.build import build_compact

    if not GAZETTEER_SOURCES.is_dir():
        pytest.skip(f"shared gazetteer sources not found at {GAZETTEER_SOURCES}")
    fresh = build_compact(GAZETTEER_SOURCES, tmp_path / "out")
    packaged = settings.packaged_gazetteer_path()
    assert packaged.stat().st_size < 8_000_000
    for path, name in ((fresh, "fresh.sqlite"), (packaged, "packaged.sqlite")):
        (tmp_path / name).write_bytes(gzip.decompress(path.read_bytes()))
    assert _index_rows(tmp_path / "fresh.sqlite") == _index_rows(tmp_path / "packaged.sqlite"), (
        "geo/data/gazetteer/syria.sqlite.gz is stale: run scripts/build_compact_gazetteer.py "
        "and commit the result"
    )
    notices = sorted(p.relative_to(packaged.parent) for p in packaged.parent.rglob("*.md"))
    assert Path("sources/whosonfirst-sy/LICENSE.md") in notices
    assert Path("sources/opensyria-geography/PROVENANCE.md") in notices


def test_packaged_gazetteer_without_a_writable_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("GEO_HOME", str(blocker))  # GEO_HOME/packaged cannot be made
    gazetteer = Gazetteer.load(None)
    assert gazetteer.is_packaged and gazetteer.path is not None
    assert not gazetteer.path.is_relative_to(blocker) and gazetteer.path.is_file()


def test_damaged_packaged_gazetteer_says_what_to_do(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    damaged = tmp_path / "syria.sqlite.gz"
    damaged.write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    monkeypatch.setenv("GEO_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(settings, "PACKAGED_GAZETTEER", str(damaged))
    with pytest.raises(GazetteerError, match="damaged.*reinstall geo or build an index"):
        Gazetteer.load(None)
