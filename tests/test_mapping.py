"""Map rendering without a browser: determinism, self-containment, escaping, assets.

What the map looks like and does is checked in a real browser (tests/test_map_browser.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fixtures_parsed import FakeGazetteer, hostile_parsed, sample_parsed

from geo import assets, settings
from geo.errors import ExportError
from geo.mapping import render_map
from geo.mapping.base import script_json
from geo.mapping.style import mover_colour, mover_colours, palette

needs_npm = pytest.mark.skipif(
    not (assets.assets_dir() / "leaflet" / "dist" / "leaflet.js").is_file(),
    reason="npm packages not installed (npm ci)",
)

_EXTERNAL_REF = re.compile(
    r"""<(?:script|link|img|iframe)\b[^>]*(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE
)


@pytest.fixture(scope="module")
def offline_html() -> str:
    if not (assets.assets_dir() / "leaflet" / "dist" / "leaflet.js").is_file():
        pytest.skip("npm packages not installed (npm ci)")
    return render_map(sample_parsed(), gazetteer=FakeGazetteer(), offline=True, title="test")


@needs_npm
def test_offline_map_is_byte_identical_across_renders(offline_html: str) -> None:
    again = render_map(sample_parsed(), gazetteer=FakeGazetteer(), offline=True, title="test")
    assert again == offline_html


@needs_npm
def test_offline_map_references_nothing_outside_the_file(offline_html: str) -> None:
    assert not _EXTERNAL_REF.search(offline_html)
    assert "tile.openstreetmap.org" not in offline_html
    assert "cdn.jsdelivr.net" not in offline_html
    # Every stylesheet image (Leaflet layers icon, search icon...) is a data URI.
    styles = "".join(re.findall(r"<style>(.*?)</style>", offline_html, flags=re.DOTALL))
    assert "leaflet-control-layers-toggle" in styles
    for url in re.findall(r"url\(([^)]*)\)", styles):
        target = url.strip("'\" ")
        assert target.startswith(("data:", "#")) or target == "", target


def test_online_map_uses_tiles_and_pinned_cdn_assets() -> None:
    html = render_map(sample_parsed(), gazetteer=FakeGazetteer(), offline=False)
    versions = assets.pinned_versions()
    assert f"leaflet@{versions['leaflet']}/dist/leaflet.js" in html
    assert settings.TILES_URL in html
    assert "jquery" not in html.lower() and "bootstrap" not in html.lower()


@needs_npm
def test_untrusted_text_is_escaped_in_the_page() -> None:
    html = render_map(hostile_parsed(), gazetteer=FakeGazetteer(), offline=True)
    body = html.split("</head>", 1)[1]
    assert "<script>window.__pwned" not in body
    assert "<img src=x" not in body
    assert "</script><script>" not in body.replace("</script>\n<script>", "")
    assert "\\u003cscript\\u003ewindow.__pwned" in body


def test_script_json_escapes_markup_and_line_separators() -> None:
    text = script_json({"b": "</script><b>&\u2028\u2029", "a": 1})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert text.startswith('{"a":1')
    assert json.loads(text) == {"a": 1, "b": "</script><b>&\u2028\u2029"}


@needs_npm
def test_element_ids_are_counters_not_random(offline_html: str) -> None:
    names = set(re.findall(r"\b(geo_[a-z_]+_\d{4}|map_\w+)\b", offline_html))
    assert any(name.startswith("geo_data_") for name in names)
    assert not re.search(r"_[0-9a-f]{32}\b", offline_html)


def test_mover_colours_are_stable_and_in_the_palette() -> None:
    assert mover_colour("fighters") != mover_colour("families")
    assert mover_colour("smugglers") == mover_colour("smugglers")
    assert mover_colour("smugglers") in palette()


def test_mover_colours_of_one_map_are_all_different() -> None:
    # The samples' two labels share a hashed colour; the map gives the second another one.
    labels = ["members, families", "fighters, families", "members", "fighters", "positions"]
    assert mover_colour("members, families") == mover_colour("fighters, families")
    colours = mover_colours(labels)
    assert len(set(colours.values())) == len(labels)
    assert colours["fighters"] == mover_colour("fighters")  # fixed colours kept
    # The first of two labels sharing a colour keeps it.
    assert colours["fighters, families"] == mover_colour("fighters, families")
    assert set(colours.values()) <= set(palette())
    assert mover_colours(reversed(labels)) == colours


def test_missing_assets_raise_export_error_naming_npm_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(assets.ASSETS_DIR_ENV, str(tmp_path))
    with pytest.raises(ExportError, match="npm ci"):
        render_map(sample_parsed(), gazetteer=FakeGazetteer(), offline=True)


def test_stylesheet_images_are_inlined(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "pkg" / "dist"
    package.mkdir(parents=True)
    (package / "icon.png").write_bytes(b"\x89PNG\r\n")
    (package / "style.css").write_text(
        ".a{background:url(icon.png)} .b{background:url('missing.png')} .c{behavior:url(#default#VML)} .d{background:url(https://x.org/a.png)}"
    )
    monkeypatch.setenv(assets.ASSETS_DIR_ENV, str(tmp_path))
    css = assets.read_stylesheet(assets.Asset("pkg", "dist/style.css"))
    assert 'url("data:image/png;base64,' in css
    assert "missing.png" not in css and "x.org" not in css
    assert "url(#default#VML)" in css


def test_decode_topojson_quantized_and_shared_arcs() -> None:
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.5], "translate": [30.0, 30.0]},
        # arc 0: the shared edge x=1 from (1,0) to (1,1) in quantized units of 0.5
        "arcs": [
            [[2, 0], [0, 2]],
            [[2, 2], [-2, 0], [0, -2], [2, 0]],
            [[2, 0], [2, 0], [0, 2], [-2, 0]],
        ],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {
                        "type": "Polygon",
                        "arcs": [[0, 1]],
                        "id": "1",
                        "properties": {"name": "West"},
                    },
                    {
                        "type": "Polygon",
                        "arcs": [[2, ~0]],
                        "id": "2",
                        "properties": {"name": "East"},
                    },
                    {"type": None, "id": "3", "properties": {"name": "Nowhere"}},
                ],
            }
        },
    }
    decoded = assets.decode_topojson(topology, "countries")
    (west_props, west), (east_props, east), (_, nowhere) = decoded
    assert west_props == {"name": "West", "id": "1"}
    assert west.bounds == (30.0, 30.0, 31.0, 31.0)
    assert east.bounds == (31.0, 30.0, 32.0, 31.0)
    assert west.area == pytest.approx(1.0) and east.area == pytest.approx(1.0)
    assert west.intersection(east).length == pytest.approx(1.0)
    assert nowhere is None
    with pytest.raises(ExportError):
        assets.decode_topojson({"type": "Topology", "arcs": [], "objects": {}}, "countries")


@needs_npm
def test_decoder_matches_gdal_on_world_atlas() -> None:
    pyogrio = pytest.importorskip("pyogrio")
    path = assets.world_atlas_path("110m")
    topology = json.loads(path.read_text(encoding="utf-8"))
    decoded = {
        props["name"]: geometry for props, geometry in assets.decode_topojson(topology, "countries")
    }
    frame = pyogrio.read_dataframe(path, layer="countries")
    for name, geometry in zip(frame["name"], frame.geometry, strict=True):
        if name in ("Syria", "Turkey", "Iraq", "Lebanon", "Jordan"):
            assert decoded[name].symmetric_difference(geometry).area < 1e-9


def test_map_payload_quotes_still_mark_the_name() -> None:
    from geo.mapping.data import POPUP_CONTEXT, build_payload

    payload = build_payload(sample_parsed(), gazetteer=FakeGazetteer())
    checked = 0
    for feature in payload["places"]:
        for mention in feature["properties"]["mentions"]:
            quote = mention["quote"]
            named = quote[mention["quote_start"] : mention["quote_end"]]
            assert (
                named
                and named
                in "\u0627\u0644\u0631\u0642\u0629 \u0645\u0646\u0628\u062c \u0627\u0644\u0628\u0627\u0628 \u0639\u0641\u0631\u064a\u0646 \u0625\u0639\u0632\u0627\u0632 \u062c\u0631\u0627\u0628\u0644\u0633 \u062a\u0644 \u0623\u0628\u064a\u0636 \u0631\u0623\u0633 \u0627\u0644\u0639\u064a\u0646 \u062a\u0631\u0643\u064a\u0627 \u062d\u0645\u0627\u0629 \u062d\u0645\u0635 \u062f\u064a\u0631 \u0627\u0644\u0632\u0648\u0631 \u0627\u0644\u0637\u0628\u0642\u0629"
            )
            assert len(quote) <= len(named) + 2 * POPUP_CONTEXT + 2
            checked += 1
    assert checked >= 15


def test_small_maps_draw_one_line_per_claim() -> None:
    from geo.mapping.data import build_payload

    payload = build_payload(sample_parsed(), gazetteer=FakeGazetteer())
    assert not payload["aggregated"] and payload["route_pairs"] == []
    assert len(payload["routes"]) == 5
    assert not payload["heat_on"] and payload["document_switches"]
    assert [o["outlet"] for o in payload["outlets"]] == ["Desk Two", "Local Monitor"]


def test_corroborating_routes_name_their_document_by_index() -> None:
    from geo.mapping.data import build_payload

    payload = build_payload(sample_parsed(), gazetteer=FakeGazetteer())
    documents = [d["doc"] for d in payload["documents"]]
    route = next(f["properties"] for f in payload["routes"] if f["id"] == "route:doc-b#r1")
    (other,) = route["corroborated_by"]
    assert other["route"] == "doc-a#r3" and documents[other["d"]] == "doc-a"
    assert other["evidence"] and "outlet" not in other


def test_big_maps_aggregate_routes_and_cap_popups(monkeypatch: pytest.MonkeyPatch) -> None:
    from geo.mapping import data

    monkeypatch.setattr(data, "AGGREGATE_ROUTES_ABOVE", 10)
    monkeypatch.setattr(data, "MAX_PAIR_CLAIMS", 1)
    monkeypatch.setattr(data, "MAX_POPUP_MENTIONS", 2)
    monkeypatch.setattr(data, "MAX_POPUP_MENTIONS_BIG", 1)  # a map of HEAT_ON_ABOVE places
    monkeypatch.setattr(data, "HEAT_ON_ABOVE", 5)
    monkeypatch.setattr(data, "MAX_DOCUMENT_SWITCHES", 1)
    payload = data.build_payload(sample_parsed(), gazetteer=FakeGazetteer())
    assert payload["aggregated"] and payload["routes"] == []
    assert payload["heat_on"] and not payload["document_switches"]
    documents = [d["doc"] for d in payload["documents"]]
    (fighters,) = [
        f["properties"]
        for f in payload["route_pairs"]
        if f["properties"]["mover_label"] == "fighters"
    ]
    assert fighters["count"] == 2
    assert [documents[i] for i in fighters["docs"]] == ["doc-a", "doc-b"]
    assert len(fighters["claims"]) == 1  # capped; the count and docs keep both
    origin = payload["places"][fighters["origin"]]["properties"]
    assert origin["name"] == "Deir ez-Zor"
    raqqa = next(
        f["properties"] for f in payload["places"] if f["properties"]["name"] == "Ar-Raqqa"
    )
    assert raqqa["mention_total"] == 3 and len(raqqa["mentions"]) == 1
    assert sorted(documents[i] for i in raqqa["docs"]) == ["doc-a", "doc-a", "doc-b"]
    assert payload["route_pairs_left_out"] == {"pairs": 0, "claims": 0}


def test_big_maps_draw_the_pairs_with_most_claims(monkeypatch: pytest.MonkeyPatch) -> None:
    from geo.mapping import data

    monkeypatch.setattr(data, "AGGREGATE_ROUTES_ABOVE", 10)
    every = data.build_payload(sample_parsed(), gazetteer=FakeGazetteer())["route_pairs"]
    monkeypatch.setattr(data, "MAX_PAIR_LINES", 1)
    payload = data.build_payload(sample_parsed(), gazetteer=FakeGazetteer())
    (drawn,) = payload["route_pairs"]
    assert drawn["properties"]["count"] == max(p["properties"]["count"] for p in every) == 2
    assert payload["route_pairs_left_out"] == {
        "pairs": len(every) - 1,
        "claims": sum(p["properties"]["count"] for p in every) - 2,
    }


@needs_npm
def test_heat_plugin_is_inlined(offline_html: str) -> None:
    assert "L.heatLayer=function" in offline_html
    assert "leaflet.heat" not in offline_html.split("</head>", 1)[1]


def test_render_map_reuses_a_given_collection() -> None:
    from geo import export

    collection = export.to_geojson(sample_parsed(), gazetteer=FakeGazetteer())
    collection["features"] = [
        f for f in collection["features"] if f["properties"]["feature_type"] != "route"
    ]
    html = render_map(sample_parsed(), gazetteer=FakeGazetteer(), collection=collection)
    assert '"routes":[]' in html


def test_script_json_parts_join_to_script_json() -> None:
    from geo.mapping.base import script_json_parts

    data = {"b": [{"x": "</script>\u2028\u2029 \u0627"}, 2], "a": "<&>", "c": [], "d": {"k": [1]}}
    assert b"".join(script_json_parts(data)).decode("utf-8") == script_json(data)
    assert b"".join(script_json_parts({})).decode("utf-8") == script_json({})


def test_write_map_streams_the_page_render_map_returns(tmp_path: Path) -> None:
    from geo.mapping import write_map

    html = render_map(sample_parsed(), gazetteer=FakeGazetteer(), offline=False, title="t")
    path = write_map(
        tmp_path / "m.html", sample_parsed(), gazetteer=FakeGazetteer(), offline=False, title="t"
    )
    written = path.read_text(encoding="utf-8")
    assert written == html
    assert "geo-payload-json" not in written and '"documents":[' in written
    assert [p.name for p in tmp_path.iterdir()] == ["m.html"]


@needs_npm
def test_vendored_assets_make_the_same_offline_map(
    offline_html: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the set-up step copies into geo/mapping/vendor (package data for wheels) is
    # enough for an offline map: the same page as from node_modules.
    vendor = assets.vendor_assets(target=tmp_path / "vendor")
    assert (vendor / "package.json").is_file()
    assert not list(vendor.rglob("*.map")) and not list(vendor.rglob("land-*.json"))
    monkeypatch.setenv(assets.ASSETS_DIR_ENV, str(vendor))
    html = render_map(sample_parsed(), gazetteer=FakeGazetteer(), offline=True, title="test")
    assert html == offline_html


def test_map_scripts_are_package_files_not_python_strings() -> None:
    import importlib.resources

    static = importlib.resources.files("geo.mapping").joinpath("static")
    html = render_map(sample_parsed(), gazetteer=FakeGazetteer(), offline=False)
    for name in ("data.js", "popups.js", "routes.js", "places.js", "geo.css"):
        source = static.joinpath(name).read_text(encoding="utf-8")
        assert source.strip() and source in html  # inlined as is, online too


def test_english_name_matches_the_articles_spelling() -> None:
    from geo.mapping.names import clean_name, english_name

    # A Who's On First record whose English name is another place's.
    alternates = ("الصالحية", "al-Salihiya (Abu Kamal)")
    assert english_name("الصالحية", "Qaraqol", alternates) == "al-Salihiya"
    assert english_name("الصالحية", "Qaraqol", ()) == ""
    # GeoNames backticks become ʿ.
    assert english_name("الشعفة", "Ash Sha`fah", ("al-Shaafa",)) == "Ash Shaʿfah"
    assert english_name("البوحسن", "Abu Hasan", ()) == "Abu Hasan"
    assert english_name("دير الزور", "Deir ez-Zor", ()) == "Deir ez-Zor"
    assert clean_name("Ma`saran (Hama)") == "Maʿsaran"


def test_payload_lists_foreign_countries_instead_of_drawing_them() -> None:
    from geo.mapping.data import build_payload
    from geo.mapping.render import _bounds

    payload = build_payload(sample_parsed(), gazetteer=FakeGazetteer())
    assert "core:tur" not in {f["properties"]["place_id"] for f in payload["places"]}
    assert [f["properties"]["place_id"] for f in payload["countries"]] == ["core:tur"]
    (south, west), (north, east) = _bounds(payload)
    assert 32 < south < north < 38 and 35 < west < east < 43


def test_payload_carries_spellings_candidates_hashes_and_a_review_key() -> None:
    from geo.mapping.data import build_payload, review_key

    parsed = sample_parsed()
    parsed[0].document.sha256 = "a" * 64
    payload = build_payload(parsed, gazetteer=FakeGazetteer())
    raqqa = next(
        f["properties"] for f in payload["places"] if f["properties"]["name"] == "Ar-Raqqa"
    )
    assert raqqa["spellings"] == ["الرقة"]
    doc = payload["documents"][0]
    assert (doc["sha256"], doc["routes"]) == ("a" * 64, 3) and doc["places"] >= 10
    assert payload["review_key"] == review_key(payload["documents"])
    parsed[0].document.sha256 = "b" * 64
    assert build_payload(parsed, gazetteer=FakeGazetteer())["review_key"] != payload["review_key"]
    # Runner-up candidates travel with the mentions a popup quotes.
    from geo.model import Candidate

    parsed = sample_parsed()
    homs = next(m.place for m in parsed[0].mentions if m.text == "حمص")
    parsed[0].mentions[0].candidates = [Candidate(homs, 0.3, "runner-up")]
    payload = build_payload(parsed, gazetteer=FakeGazetteer())
    raqqa = next(
        f["properties"] for f in payload["places"] if f["properties"]["name"] == "Ar-Raqqa"
    )
    first = next(m for m in raqqa["mentions"] if m["start"] == parsed[0].mentions[0].start)
    assert first["candidates"][0]["id"] == homs.id and first["candidates"][0]["lonlat"]


def test_decisions_reach_the_payload() -> None:
    from geo.mapping.data import build_payload

    parsed = sample_parsed()
    parsed[0].routes[0].decision, parsed[0].routes[0].decision_note = "rejected", "<b>no</b>"
    unresolved = parsed[0].mentions[-1]
    unresolved.decision, unresolved.decision_note = "rejected", "a farm"
    payload = build_payload(parsed, gazetteer=FakeGazetteer())
    route = next(f for f in payload["routes"] if f["properties"]["route_id"] == "doc-a#r1")
    assert (route["properties"]["decision"], route["properties"]["decision_note"]) == (
        "rejected",
        "<b>no</b>",
    )
    assert [m["text"] for m in payload["decided_mentions"]] == [unresolved.text]
