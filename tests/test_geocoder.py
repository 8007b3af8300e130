"""Contract test of the geopy adapter, in the style of geopy's own geocoder test base."""

from __future__ import annotations

import pytest
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point
from test_gazetteer_sources import write_sources

from geo.errors import GazetteerError
from geo.gazetteer import Gazetteer, build_index
from geo.gazetteer.geocoder import OfflineGazetteer


@pytest.fixture(scope="module")
def geocoder(tmp_path_factory: pytest.TempPathFactory) -> OfflineGazetteer:
    folder = write_sources(tmp_path_factory.mktemp("sources"))
    path = build_index(folder, tmp_path_factory.mktemp("index") / "gazetteer.sqlite")
    return OfflineGazetteer(Gazetteer.load(path))


def test_is_a_geopy_geocoder(geocoder: OfflineGazetteer) -> None:
    assert isinstance(geocoder, Geocoder)


def test_geocode_exactly_one_returns_a_location(geocoder: OfflineGazetteer) -> None:
    location = geocoder.geocode("الميادين")
    assert isinstance(location, Location)
    assert location.latitude == pytest.approx(35.02089, abs=1e-4)
    assert location.longitude == pytest.approx(40.45346, abs=1e-4)
    assert isinstance(location.raw, dict) and location.raw["id"] == "wof:1125980167"
    assert "Deir ez-Zor" in location.address


def test_geocode_unknown_returns_none(geocoder: OfflineGazetteer) -> None:
    assert geocoder.geocode("zzqxw vvqq") is None
    assert geocoder.geocode("zzqxw vvqq", exactly_one=False) is None


def test_geocode_list_respects_limit(geocoder: OfflineGazetteer) -> None:
    locations = geocoder.geocode("دير الزور", exactly_one=False, limit=2)
    assert isinstance(locations, list) and 1 <= len(locations) <= 2
    assert all(isinstance(location, Location) for location in locations)
    scores = [location.raw["score"] for location in locations]
    assert scores == sorted(scores, reverse=True)
    one = geocoder.geocode("دير الزور", exactly_one=False, limit=1)
    assert isinstance(one, list) and len(one) == 1


def test_geocode_within_and_kinds(geocoder: OfflineGazetteer) -> None:
    assert geocoder.geocode("خريطة", within="حماة") is None
    location = geocoder.geocode("البوكمال", kinds=["district"])
    assert location is not None and location.raw["kind"] == "district"


def test_reverse_returns_nearest(geocoder: OfflineGazetteer) -> None:
    location = geocoder.reverse((34.91, 40.89))
    assert isinstance(location, Location) and location.raw["id"] == "wof:9000001"
    assert location.raw["distance_km"] < 5
    same = geocoder.reverse("34.91, 40.89")
    assert same is not None and same.raw["id"] == "wof:9000001"
    several = geocoder.reverse(Point(34.91, 40.89), exactly_one=False, limit=3)
    assert isinstance(several, list) and len(several) == 3
    distances = [location.raw["distance_km"] for location in several]
    assert distances == sorted(distances)


def test_never_touches_the_network(geocoder: OfflineGazetteer) -> None:
    with pytest.raises(GazetteerError):
        geocoder.adapter.get_json("https://example.invalid/", timeout=1, headers={})


def test_works_with_geopy_rate_limiter(geocoder: OfflineGazetteer) -> None:
    from geopy.extra.rate_limiter import RateLimiter

    geocode = RateLimiter(geocoder.geocode, min_delay_seconds=0)
    location = geocode("Al Mayadin")
    assert location is not None and location.raw["id"] == "wof:1125980167"
