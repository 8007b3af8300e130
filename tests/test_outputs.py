"""``write_outputs``: every file of a run, the exports and the map, from one collection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures_parsed import FakeGazetteer, sample_parsed

from geo import assets
from geo.errors import ExportError, GeoError
from geo.outputs import write_outputs


def test_unknown_format_raises_a_geo_error(tmp_path: Path) -> None:
    with pytest.raises(GeoError, match="unknown output format"):
        write_outputs(sample_parsed(), tmp_path, "x", formats=("shp",), gazetteer=FakeGazetteer())


def test_write_outputs_all_formats(tmp_path: Path) -> None:
    import geopandas
    import pyogrio

    written = write_outputs(
        sample_parsed(),
        tmp_path / "out",
        "run",
        formats=("geojson", "gpkg", "csv", "kml", "parquet"),
        gazetteer=FakeGazetteer(),
        failures=[("bad.txt", "empty file")],
    )
    names = sorted(p.name for p in written)
    assert names == sorted(
        [
            "run.geojson",
            "run.gpkg",
            "run.kml",
            "run.places.csv",
            "run.regions.csv",
            "run.routes.csv",
            "run.mentions.csv",
            "run.documents.csv",
            "run.places.parquet",
            "run.regions.parquet",
            "run.routes.parquet",
            "run.mentions.parquet",
            "run.route_pairs.parquet",
            "run.documents.parquet",
        ]
    )
    assert json.loads((tmp_path / "out" / "run.geojson").read_text(encoding="utf-8"))["geo"][
        "failures"
    ] == [{"path": "bad.txt", "error": "empty file"}]
    layers = {name for name, _ in pyogrio.list_layers(tmp_path / "out" / "run.gpkg")}
    assert layers == {"places", "regions", "routes", "mentions", "route_pairs", "documents"}
    assert len(geopandas.read_file(tmp_path / "out" / "run.gpkg", layer="places")) == 13
    routes = geopandas.read_parquet(tmp_path / "out" / "run.routes.parquet")
    assert len(routes) == 5 and routes.crs.to_epsg() == 4326
    assert "\u0627\u0644\u0631\u0642\u0629" in (tmp_path / "out" / "run.places.csv").read_text(
        encoding="utf-8-sig"
    )
    assert not [
        p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")
    ]  # no temporaries left


def test_offline_html_without_npm_assets_says_run_npm_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(assets.ASSETS_DIR_ENV, str(tmp_path / "empty"))
    with pytest.raises(ExportError, match="npm ci"):
        write_outputs(
            sample_parsed(),
            tmp_path,
            "m",
            formats=("html",),
            offline=True,
            gazetteer=FakeGazetteer(),
        )
    assert not (tmp_path / "m.html").exists()
