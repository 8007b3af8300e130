"""The committed sample outputs (maps/seeds.*) are exactly what `geo run seeds/ --out maps/
--offline` makes today: CI regenerates them and fails on any difference."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, SEEDS

pytestmark = pytest.mark.shared

COMMITTED = ("seeds.html", "seeds.geojson")


@pytest.fixture()
def index_home(full_index_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A GEO_HOME holding the full index, as `bash scripts/setup.sh` builds it."""
    import geo.gazetteer.index as index_module

    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(full_index_path, home / "gazetteer.sqlite")
    monkeypatch.setenv("GEO_HOME", str(home))
    monkeypatch.setattr(index_module, "_DEFAULT", None)
    return home


def test_committed_sample_maps_are_up_to_date(
    index_home: Path, tmp_path: Path, monkeypatch
) -> None:
    from geo.cli import main

    monkeypatch.chdir(REPO)
    out = tmp_path / "maps"
    assert (
        main(
            [
                "run",
                str(SEEDS.relative_to(REPO)) + "/",
                "--out",
                str(out),
                "--offline",
                "--jobs",
                "1",
                "--no-cache",
            ]
        )
        == 0
    )
    for name in COMMITTED:
        committed = REPO / "maps" / name
        assert committed.is_file(), f"{committed} is not committed; run the README's main command"
        fresh = (out / name).read_bytes()
        assert fresh == committed.read_bytes(), (
            f"maps/{name} differs from what `geo run seeds/ --out maps/ --offline` writes now; "
            "regenerate it and commit"
        )


def _gold_entities() -> dict[str, dict]:
    import json

    from conftest import EVAL_DIR

    gold = EVAL_DIR / "seeds-toponyms.json"
    if not gold.is_file():
        pytest.skip(f"no gold annotations at {gold}")
    entities: dict[str, dict] = {}
    for document in json.loads(gold.read_text(encoding="utf-8")):
        for toponym in document["toponyms"]:
            entities.setdefault(toponym["entity"], toponym)
    return entities


def _near(lonlat: list[float], entity: dict) -> bool:
    from geo.distance import haversine_km

    if entity["kind"] == "country":
        return False
    limit = 25.0 if entity["kind"] in ("town", "village") else 161.0
    return haversine_km(lonlat[1], lonlat[0], entity["lat"], entity["lon"]) <= limit


def _matches(endpoint: dict, entity: dict) -> bool:
    if entity["kind"] == "country":
        return endpoint.get("name") == entity["name_en"]
    return bool(endpoint.get("lonlat")) and _near(endpoint["lonlat"], entity)


def test_committed_geojson_has_the_required_route_lines_and_every_place() -> None:
    """Issue 5 acceptance: lines for Hajin pocket → Turkey and → east Hama / SE Idlib
    villages, and every sample place as a point, in a file geopandas loads."""
    import geopandas

    path = REPO / "maps" / "seeds.geojson"
    frame = geopandas.read_file(path)
    assert len(frame) > 0
    entities = _gold_entities()
    lines = frame[frame["feature_type"] == "route"]
    lines = lines[lines.geometry.notna()]
    assert len(lines) >= 2

    def has_line(origins: list[str], destinations: list[str]) -> bool:
        for _index, route in lines.iterrows():
            route_origins, route_destinations = route["origins"], route["destinations"]
            if all(
                any(_matches(end, entities[o]) for end in route_origins) for o in origins
            ) and all(
                any(_matches(end, entities[d]) for end in route_destinations) for d in destinations
            ):
                return True
        return False

    pocket = ["hajin", "shaafa", "salihiya"]
    assert has_line(pocket, ["turkey"])
    assert has_line(pocket, ["abu_khanadiq", "abu_ajwa", "twal", "masaran", "atshana"])
    points = frame[(frame["feature_type"] == "place") & (frame.geometry.geom_type == "Point")]
    coordinates = [[point.x, point.y] for point in points.geometry]
    places = frame[frame["feature_type"] == "place"]
    for name, entity in entities.items():
        if entity["kind"] == "country":  # listed with its mentions, drawn as no point
            (geometry,) = places[places["name"] == entity["name_en"]].geometry
            assert geometry is None, name
        elif entity["kind"] != "region":
            assert any(_near(lonlat, entity) for lonlat in coordinates), name
