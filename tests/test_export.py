"""GeoJSON and tabular exports: structure, provenance, determinism, atomic writes."""

from __future__ import annotations

import copy as copy_module
import json
import os
from pathlib import Path

import pytest
from fixtures_parsed import PLACES, FakeGazetteer, hostile_parsed, large_parsed, sample_parsed

from geo import _io, assets, export
from geo.errors import ConfigurationError, ExportError, GeoError

needs_world_atlas = pytest.mark.skipif(
    not (assets.assets_dir() / "world-atlas" / "countries-50m.json").is_file(),
    reason="npm packages not installed (npm ci)",
)


@pytest.fixture(scope="module")
def collection() -> dict:
    return export.to_geojson(sample_parsed(), gazetteer=FakeGazetteer())


def _feature(collection: dict, feature_id: str) -> dict:
    (feature,) = [f for f in collection["features"] if f["id"] == feature_id]
    return feature


def test_feature_collection_is_rfc7946(collection: dict) -> None:
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        geometry = feature["geometry"]
        if geometry and geometry["type"] == "Point":
            lon, lat = geometry["coordinates"]
            assert 34 < lon < 43 and 32 < lat < 40  # [lon, lat] order: Syria and Turkey
            assert round(lon, 6) == lon and round(lat, 6) == lat


def test_every_resolved_place_is_one_point_aggregating_mentions(collection: dict) -> None:
    points = {
        f["properties"]["place_id"]: f
        for f in collection["features"]
        if f["properties"]["feature_type"] == "place"
    }
    expected = {place.id for key, place in PLACES.items() if key != "idlib_north"}
    assert set(points) == expected
    raqqa = points[PLACES["raqqa"].id]["properties"]
    assert raqqa["documents"] == ["doc-a", "doc-b"]
    assert raqqa["mention_count"] == 3
    assert points[PLACES["raqqa"].id]["geometry"]["coordinates"] == [39.0079, 35.9528]
    first = raqqa["mentions"][0]
    text = sample_parsed()[0].document.text
    assert text[first["start"] : first["end"]] == first["text"] == "\u0627\u0644\u0631\u0642\u0629"
    assert first["quote"][first["quote_start"] : first["quote_end"]] == first["text"]
    assert first["doc"] == "doc-a"
    assert not {"outlet", "date", "title", "url", "link", "path"} & set(first)
    document = export.document_of(collection, first["doc"])
    assert document["outlet"] == "Local Monitor" and document["date"] == "2019-10-15"
    assert [d["doc"] for d in collection["geo"]["documents"]] == ["doc-a", "doc-b"]
    assert set(raqqa["roles"]) == {"origin", "destination"}
    bab = points[PLACES["bab"].id]["properties"]
    assert bab["reason"] == "city preferred over homonymous village"


def test_region_mention_becomes_polygon(collection: dict) -> None:
    region = _feature(collection, "region:idlib-north")
    assert region["geometry"]["type"] == "Polygon"
    assert region["properties"]["role"] == "destination"


def test_unresolved_mentions_are_listed_not_placed(collection: dict) -> None:
    (unresolved,) = collection["unresolved"]
    assert (
        unresolved["text"]
        == "\u0627\u0644\u062e\u0631\u0628\u0629 \u0627\u0644\u0634\u0631\u0642\u064a\u0629"
    )
    assert unresolved["candidates"][0]["place_id"] == PLACES["homs"].id
    names = {f["properties"].get("name_ar") for f in collection["features"]}
    assert unresolved["text"] not in names


def test_fan_route_has_one_line_per_origin_destination_pair(collection: dict) -> None:
    fan = _feature(collection, "route:doc-a#r1")
    assert fan["geometry"]["type"] == "MultiLineString"
    assert len(fan["geometry"]["coordinates"]) == 3 * 7
    assert len(fan["properties"]["lines"]) == 21
    assert fan["properties"]["mover_label"] == "families"
    assert fan["properties"]["evidence"]["text"].startswith("\u0623\u0641\u0627\u062f\u062a")


@needs_world_atlas
def test_route_to_a_country_ends_at_its_border(collection: dict) -> None:
    from shapely.geometry import Point

    fan = _feature(collection, "route:doc-a#r1")
    turkey = next(c for c in assets.countries("50m") if c.name == "Turkey").geometry
    syria = next(c for c in assets.countries("50m") if c.name == "Syria").geometry
    to_turkey = [
        line
        for line, meta in zip(
            fan["geometry"]["coordinates"], fan["properties"]["lines"], strict=True
        )
        if meta["destination"] == 6
    ]
    assert len(to_turkey) == 3
    for line in to_turkey:
        end = Point(line[-1])
        assert end.distance(turkey.boundary) < 1e-4
        assert end.distance(syria) < 0.05  # on the Syrian-Turkish border, not Turkey's centroid
        assert line[-1] != [PLACES["turkey"].lon, PLACES["turkey"].lat]


def test_via_route_and_corroboration(collection: dict) -> None:
    route = _feature(collection, "route:doc-b#r1")
    assert route["geometry"]["type"] == "LineString"
    assert route["geometry"]["coordinates"][1] == [PLACES["tabqa"].lon, PLACES["tabqa"].lat]
    (other,) = route["properties"]["corroborated_by"]
    assert other == {"route": "doc-a#r3", "doc": "doc-a"}
    assert "outlet" not in route["properties"] and route["properties"]["doc"] == "doc-b"
    assert route["properties"]["corroborated"] is True
    assert route["properties"]["corroboration_count"] == 1
    assert route["properties"]["corroborating_documents"] == 1
    assert route["properties"]["corroborated_by_complete"] is True


def test_corroboration_list_is_capped_but_counted() -> None:
    from geo.routes import corroborate

    parsed = sample_parsed()
    # Ten copies of document b: its claim is corroborated by each copy and by document a.
    copies = []
    for number in range(10):
        copy = copy_module.deepcopy(parsed[1])
        copy.document.id = f"copy-{number}"
        copy.document.metadata["outlet"] = f"Outlet {number % 3}"
        for route in copy.routes:
            route.id = route.id.replace(parsed[1].document.id, copy.document.id)
            route.doc_id = copy.document.id
        copies.append(copy)
    corpus = [*parsed, *copies]
    corroborate(corpus, listed=3)
    route = _feature(export.to_geojson(corpus), "route:doc-b#r1")["properties"]
    assert route["corroboration_count"] == 11 and route["corroborating_documents"] == 11
    # The three outlets of the copies and document a's, not document b's own.
    assert parsed[0].document.outlet not in {"", parsed[1].document.outlet}
    assert route["corroborating_outlets"] == 4
    assert len(route["corroborated_by"]) == 3 and route["corroborated_by_complete"] is False
    assert route["corroborated"] is True


def test_route_without_two_placed_ends_has_null_geometry(collection: dict) -> None:
    wounded = _feature(collection, "route:doc-b#r2")
    assert wounded["geometry"] is None
    assert wounded["properties"]["origin_inferred"] is True
    assert wounded["properties"]["destinations"][0]["kind"] == "zone"
    assert wounded["properties"]["destinations"][0]["placed"] is False


def test_geojson_text_is_deterministic_and_loads_in_geopandas(tmp_path: Path) -> None:
    import geopandas

    first = export.geojson_text(sample_parsed(), gazetteer=FakeGazetteer())
    second = export.geojson_text(sample_parsed(), gazetteer=FakeGazetteer())
    assert first == second
    assert json.loads(first)["features"]
    path = tmp_path / "x.geojson"
    path.write_text(first, encoding="utf-8")
    frame = geopandas.read_file(path)
    assert set(frame.geometry.geom_type.dropna()) == {
        "Point",
        "Polygon",
        "MultiLineString",
        "LineString",
    }
    # 13 gazetteer places, Turkey among them as a country without a point.
    assert (frame.geometry.geom_type == "Point").sum() == 12


def test_javascript_urls_are_not_links() -> None:
    collection = export.to_geojson(hostile_parsed())
    place = next(f for f in collection["features"] if f["properties"]["feature_type"] == "place")
    mention = place["properties"]["mentions"][0]
    document = export.document_of(collection, mention["doc"])
    assert document["url"].startswith("javascript:")
    assert document["link"] == ""
    assert export.safe_link("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert export.safe_link("JaVaScRiPt:alert(1)") == ""
    assert export.safe_link('https://x.org/"onmouseover=1') == ""


def test_quote_window_marks_the_name_and_cuts_at_words() -> None:
    text = (
        "\u0643\u0644\u0645\u0629 " * 50 + "\u062d\u0644\u0628" + " \u0643\u0644\u0645\u0629" * 50
    )
    start = text.index("\u062d\u0644\u0628")
    window = export.quote_window(text, start, start + 3, context=20)
    assert window["quote"].startswith("\u2026") and window["quote"].endswith("\u2026")
    assert window["quote"][window["quote_start"] : window["quote_end"]] == "\u062d\u0644\u0628"
    assert "\u0643\u0644\u0645\u0629 \u062d\u0644\u0628" in window["quote"]
    assert len(window["quote"]) < 60


@pytest.mark.parametrize("layer", ["places", "regions", "routes", "mentions"])
def test_to_geodataframe_layers(layer: str) -> None:
    frame = export.to_geodataframe(sample_parsed(), layer=layer)
    assert frame.crs.to_epsg() == 4326
    sizes = {"places": 13, "regions": 1, "routes": 5, "mentions": 18}
    assert len(frame) == sizes[layer]
    if layer == "mentions":
        assert (~frame["resolved"]).sum() == 1
        assert frame.loc[~frame["resolved"], "geometry"].isna().all()


def test_unknown_layer_and_format_raise_geo_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="unknown layer"):
        export.to_geodataframe(sample_parsed(), layer="roads")
    collection = export.to_geojson(sample_parsed())
    with pytest.raises(GeoError, match="unknown export format"):
        export.write_exports(collection, tmp_path, "x", formats=("html",))
    with pytest.raises(ConfigurationError, match="plain file name"):
        export.write_exports(collection, tmp_path, "../x")


def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    _io.atomic_write(target, "old")
    _io.atomic_write(target, "\u062c\u062f\u064a\u062f")
    assert target.read_text(encoding="utf-8") == "\u062c\u062f\u064a\u062f"
    assert os.listdir(tmp_path) == ["a.txt"]


def test_atomic_write_error_is_export_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write"):
        _io.atomic_write(blocker / "inside.txt", "x")


def test_large_corpus_geojson_has_every_place_and_route() -> None:
    # Its time is measured by benchmarks/bench_map.py (and bench_corpus.py), not here.
    parsed = large_parsed(2_000, 400, n_documents=10)
    collection = export.to_geojson(parsed)
    kinds = [f["properties"]["feature_type"] for f in collection["features"]]
    assert kinds.count("place") == 2_000
    assert kinds.count("route") == sum(len(document.routes) for document in parsed) == 400


def test_route_pairs_aggregate_claims_by_endpoints_and_status(collection: dict) -> None:
    pairs = export.route_pairs(collection)
    by_id = {f["id"]: f["properties"] for f in pairs}
    deir, raqqa = PLACES["deir"].id, PLACES["raqqa"].id
    fighters = by_id[f"route_pair:{deir}>{raqqa}:reported"]
    # Two documents claim fighters moved from Deir ez-Zor to Raqqa (one via Tabqa).
    assert fighters["count"] == 2
    assert fighters["documents"] == ["doc-a", "doc-b"]
    assert fighters["outlets"] == ["Desk Two", "Local Monitor"]
    assert [c["route"] for c in fighters["claims"]] == ["doc-a#r3", "doc-b#r1"]
    assert fighters["movers"] == {"fighters": 2} and fighters["corroborated"] == 2
    assert fighters["claims"][0]["evidence"].startswith("\u0648\u0646\u0642\u0644\u062a")
    # The 3 x 7 fan gives 21 pairs of one claim each; the weapons route one more.
    families = [p for p in by_id.values() if p["mover_label"] == "families"]
    assert len(families) == 21 and {p["count"] for p in families} == {1}
    assert sum(p["count"] for p in by_id.values()) == 21 + 1 + 2
    feature = next(iter(pairs))
    assert feature["geometry"]["type"] == "LineString"
    assert len(feature["geometry"]["coordinates"]) == 2


def test_route_pairs_layer_is_a_line_frame() -> None:
    frame = export.to_geodataframe(sample_parsed(), layer="route_pairs")
    assert len(frame) == 23 and frame.crs.to_epsg() == 4326
    assert {"origin_name_ar", "destination_place_id", "count", "claims"} <= set(frame.columns)
    assert json.loads(frame.loc[frame["count"] == 2, "claims"].iloc[0])[1]["doc"] == "doc-b"


def test_dumps_matches_the_standard_library(collection: dict) -> None:
    expected = json.dumps(
        collection, sort_keys=True, ensure_ascii=False, allow_nan=False, separators=(",", ":")
    )
    assert export.dumps(collection) == expected


def test_corpus_export_has_every_mention_once() -> None:
    from fixtures_parsed import corpus_parsed

    parsed = corpus_parsed(60, 120, mentions_per_doc=12, routes_per_doc=5)
    collection = export.to_geojson(parsed)
    places = [f for f in collection["features"] if f["properties"]["feature_type"] == "place"]
    assert sum(f["properties"]["mention_count"] for f in places) == 60 * 12
    assert len(places) == 120
    routes = sum(1 for f in collection["features"] if f["properties"]["feature_type"] == "route")
    pairs = export.route_pairs(collection)
    assert sum(p["properties"]["count"] for p in pairs) == routes
    assert len(pairs) < routes  # popular places share endpoint pairs


def test_write_geojson_streams_the_same_bytes_as_serialise(tmp_path: Path) -> None:
    collection = export.to_geojson(sample_parsed(), gazetteer=FakeGazetteer())
    path = export.write_geojson(collection, tmp_path / "run.geojson")
    text = path.read_text(encoding="utf-8")
    assert text == export.serialise(collection)
    lines = text.splitlines()
    assert len(lines) == len(collection["features"]) + 2  # head, one line each, tail
    assert json.loads(text)["features"] == collection["features"]
    empty = dict(collection, features=[])
    assert (
        json.loads(export.write_geojson(empty, tmp_path / "e.geojson").read_text())["features"]
        == []
    )


def test_write_geojson_failure_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "run.geojson"
    target.write_text("old", encoding="utf-8")
    collection = export.to_geojson(sample_parsed(), gazetteer=FakeGazetteer())
    collection["features"].append({"type": "Feature", "bad": object()})
    with pytest.raises(TypeError):
        export.write_geojson(collection, target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["run.geojson"]


def test_mentions_name_their_document_only_and_quote_a_short_window() -> None:
    parsed = sample_parsed()
    collection = export.to_geojson(parsed, gazetteer=FakeGazetteer())
    texts = {item.document.id: item.document.text for item in parsed}
    for feature in collection["features"]:
        for mention in feature["properties"].get("mentions", []):
            assert set(mention) >= {"doc", "start", "end", "quote"}
            assert mention["doc"] in texts
            assert mention["quote_start"] <= export.QUOTE_CONTEXT + 1
            assert len(mention["quote"]) - mention["quote_end"] <= export.QUOTE_CONTEXT + 1
    info = collection["geo"]["documents"][0]
    assert set(info) == {"doc", "title", "outlet", "date", "url", "link", "path"}


# --------------------------------------------------------------------------------------
# Issue 19: files that spreadsheets, Google Earth and GIS read safely and reproducibly

_AWKWARD_TEXT = (
    "=cmd|' /C calc'!A0 \u0646\u0632\u062d\u062a \u0639\u0627\u0626\u0644\u0627\u062a "
    "\u0645\u0646 \u062d\u0645\u0627\u0629\r\u0625\u0644\u0649 \u062d\u0645\u0635 ]]> &xxe; "
    "<![CDATA[ x ]]>\x01"
)


def awkward_parsed() -> list:
    """One article whose text and metadata carry formulas, a bare CR, CDATA ends, entities."""
    from fixtures_parsed import endpoint, mention, span_of

    from geo.model import Document, ParsedDocument, Route

    text = _AWKWARD_TEXT
    document = Document(
        id="doc-&\"<x>'",
        path="articles/a.txt",
        text=text,
        title='=HYPERLINK("http://evil.example","click") ]]> &xxe;',
        metadata={"outlet": "@outlet", "date": "2020-02-03", "url": "https://example.org/a"},
    )
    hama = mention(text, "\u062d\u0645\u0627\u0629", PLACES["hama"], reason="-2+3 \r odd")
    route = Route(
        id="r&1",
        doc_id=document.id,
        trigger=span_of(text, "\u0646\u0632\u062d\u062a"),
        mover=span_of(text, "\u0639\u0627\u0626\u0644\u0627\u062a"),
        mover_label="+families",
        origins=[endpoint(text, "\u062d\u0645\u0627\u0629", PLACES["hama"])],
        destinations=[],
        status="alleged",
    )
    return [ParsedDocument(document, [hama], [route])]


def _csv_rows(path: Path) -> list[list[str]]:
    import csv

    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def test_csv_is_utf8_with_bom_and_neutralises_formulas(tmp_path: Path) -> None:
    collection = export.to_geojson(awkward_parsed())
    paths = export.write_csv(collection, tmp_path, "run")
    assert [p.name for p in paths] == [
        "run.places.csv",
        "run.regions.csv",
        "run.routes.csv",
        "run.mentions.csv",
        "run.documents.csv",
    ]
    for path in paths:
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Arabic readable in Excel
        for row in _csv_rows(path):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (path.name, cell)
    (document,) = [dict(zip(*_csv_rows(tmp_path / "run.documents.csv"), strict=True))]
    assert document["title"].startswith("'=HYPERLINK(")
    assert document["outlet"] == "'@outlet"
    (route,) = [dict(zip(*_csv_rows(tmp_path / "run.routes.csv"), strict=True))]
    assert route["mover_label"] == "'+families"


def test_csv_bare_carriage_return_stays_inside_its_cell(tmp_path: Path) -> None:
    collection = export.to_geojson(awkward_parsed())
    export.write_csv(collection, tmp_path, "run")
    rows = _csv_rows(tmp_path / "run.mentions.csv")
    assert len(rows) == 2  # header and the one mention: the CRs in its text split nothing
    mention = dict(zip(*rows, strict=True))
    assert "\r" in mention["reason"] and mention["reason"].startswith("'-2+3")
    assert mention["doc"] == "doc-&\"<x>'" and "title" not in mention  # in documents.csv


def test_csv_text_cells_are_quoted_whatever_line_break_they_hold() -> None:
    # Unicode line separators (VT, FF, NEL, U+2028, U+2029) break lines for some readers:
    # a text cell is always quoted, so none of them can start a row; numbers stay bare.
    import pandas

    from geo.export.csv import csv_text

    breaks = ["\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\n", "\r"]
    frame = pandas.DataFrame({"text": [f"a{mark}b" for mark in breaks], "count": range(7)})
    lines = csv_text(frame).split("\r\n")
    assert lines[0] == '"text","count"'
    assert lines[1:-1] == [f'"a{mark}b",{number}' for number, mark in enumerate(breaks)]


def test_countries_beyond_syria_are_no_points(tmp_path: Path) -> None:
    # A country that is only mentioned (the United States backing a force) or that a route
    # ends in (Turkey) is listed with its mentions but drawn nowhere as a point: the extent
    # of the collection stays that of Syria, and the route to Turkey still ends at its border.
    from fixtures_parsed import mention as make_mention

    from geo.model import Place

    parsed = sample_parsed()
    usa = Place(
        id="core:usa",
        name="United States",
        name_ar="الولايات المتحدة",
        kind="country",
        lat=39.76,
        lon=-98.5,
        source="core",
        country="US",
    )
    document = parsed[0].document
    document.text += " بدعم من الولايات المتحدة."
    parsed[0].mentions.append(make_mention(document.text, "الولايات المتحدة", usa))
    collection = export.to_geojson(parsed)
    countries = {
        f["properties"]["name"]: f
        for f in collection["features"]
        if f["properties"].get("kind") == "country"
    }
    assert set(countries) == {"Turkey", "United States"}
    assert all(feature["geometry"] is None for feature in countries.values())
    assert countries["United States"]["properties"]["mention_count"] == 1
    frame = export.to_geodataframe(parsed, layer="places")
    west, south, east, north = frame.total_bounds
    assert west >= 35.0 and east <= 43.0 and south >= 32.0 and north <= 37.5
    (fan,) = [f for f in collection["features"] if f["id"] == "route:doc-a#r1"]
    assert fan["geometry"] is not None  # the lines to Turkey are still drawn, to its border


def test_document_fields_are_stored_once(tmp_path: Path) -> None:
    parsed = sample_parsed()
    mentions = export.to_geodataframe(parsed, layer="mentions")
    routes = export.to_geodataframe(parsed, layer="routes")
    documents = export.to_geodataframe(parsed, layer="documents")
    for frame in (mentions, routes):
        assert not {"title", "url", "outlet", "link"} & set(frame.columns)
    assert list(documents["doc"]) == ["doc-a", "doc-b"]
    joined = mentions.merge(documents, on="doc", how="left")
    assert joined["outlet"].notna().all() and len(joined) == len(mentions)


def test_output_size_grows_with_the_evidence_not_with_the_title(tmp_path: Path) -> None:
    # One article naming many places: its title (here 200 KB) is written once, whatever the
    # number of rows that come from it.
    import dataclasses

    (parsed,) = large_parsed(300, 60, n_documents=1)
    long_title = "\u0639\u0646\u0648\u0627\u0646 " * 20_000
    titled = dataclasses.replace(
        parsed, document=dataclasses.replace(parsed.document, title=long_title)
    )
    assert len(parsed.mentions) >= 300
    sizes = {}
    for name, item in (("short", parsed), ("long", titled)):
        collection = export.to_geojson([item])
        export.write_exports(collection, tmp_path / name, "run", formats=["csv", "gpkg", "geojson"])
        sizes[name] = {path.name: path.stat().st_size for path in (tmp_path / name).iterdir()}
    title_bytes = len(long_title.encode("utf-8"))
    grown = {file: sizes["long"][file] - sizes["short"][file] for file in sizes["short"]}
    assert grown["run.mentions.csv"] == grown["run.routes.csv"] == grown["run.places.csv"] == 0
    assert abs(grown["run.documents.csv"] - title_bytes) < 100
    assert grown["run.geojson"] < 1.1 * title_bytes
    assert grown["run.gpkg"] < 1.5 * title_bytes


def test_kml_is_well_formed_whatever_the_text_and_keeps_every_route(tmp_path: Path) -> None:
    import re
    import xml.etree.ElementTree as ET

    parsed = [*sample_parsed(), *awkward_parsed()]
    collection = export.to_geojson(parsed)
    name = 'r&"<un'
    path = export.write_kml(collection, tmp_path / f"{name}.kml", title=name)
    root = ET.parse(path).getroot()  # raises if the file is not well-formed XML
    ns = {"k": export.kml.KML_NAMESPACE}
    assert root.find("k:Document/k:name", ns).text == name
    placemarks = root.findall(".//k:Placemark", ns)
    ids = [p.get("id") for p in placemarks]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9._-]*", i) for i in ids)
    folders = {f.find("k:name", ns).text: f for f in root.findall("k:Document/k:Folder", ns)}
    routes = [f for f in collection["features"] if f["properties"]["feature_type"] == "route"]
    assert len(folders["routes"].findall("k:Placemark", ns)) == len(routes)  # none dropped
    awkward = next(
        p for p in folders["routes"].findall("k:Placemark", ns) if p.get("id") == "route_r_1"
    )
    assert (
        awkward.find("k:Point/k:coordinates", ns).text
        == f"{PLACES['hama'].lon},{PLACES['hama'].lat}"
    )
    assert "From: \u062d\u0645\u0627\u0629" in awkward.find("k:description", ns).text
    text = path.read_text(encoding="utf-8")
    assert "&xxe;" not in text.replace("&amp;xxe;", "")
    values = [v.text or "" for v in root.iter(f"{{{export.kml.KML_NAMESPACE}}}value")]
    assert any("]]> &xxe;" in v for v in values)  # kept as text, not markup


def test_gpkg_is_byte_identical_across_runs(tmp_path: Path) -> None:
    import sqlite3
    import time

    collection = export.to_geojson(sample_parsed(), gazetteer=FakeGazetteer())
    first = export.write_gpkg(collection, tmp_path / "a.gpkg")
    time.sleep(0.05)
    second = export.write_gpkg(collection, tmp_path / "b.gpkg")
    assert first.read_bytes() == second.read_bytes()
    with sqlite3.connect(first) as database:
        stamps = {row[0] for row in database.execute("select last_change from gpkg_contents")}
    assert stamps == {"2019-10-17T00:00:00.000Z"}  # the latest document date


def test_corroborated_means_another_outlet() -> None:
    parsed = sample_parsed()
    for item in parsed:
        item.document.metadata["outlet"] = "One Outlet"
    collection = export.to_geojson(parsed)
    for feature in collection["features"]:
        properties = feature["properties"]
        if properties["feature_type"] == "route":
            assert properties["corroborated"] is (properties["corroborating_outlets"] > 0)
            assert properties["corroborated"] is False
    route = _feature(collection, "route:doc-b#r1")["properties"]
    assert route["corroboration_count"] == 1  # still counted, but not another source


def test_export_never_imports_mapping() -> None:
    import subprocess
    import sys

    code = (
        "import sys, geo.export; "
        "print(sorted(m for m in sys.modules if m.startswith(('geo.mapping', 'folium'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
