"""A geopy geocoder backed by the offline gazetteer: same interface, never any network.

>>> from geo.gazetteer.geocoder import OfflineGazetteer
>>> geolocator = OfflineGazetteer()
>>> location = geolocator.geocode("Hajin")
>>> location.latitude, location.longitude
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from geopy.adapters import BaseSyncAdapter
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from geo.errors import GazetteerError
from geo.gazetteer.index import Gazetteer
from geo.model import Candidate, Place

__all__ = ["OfflineGazetteer", "address_of"]


class _NoNetworkAdapter(BaseSyncAdapter):
    """The HTTP adapter geopy requires, refusing every request: this geocoder is offline."""

    def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
        raise GazetteerError(f"OfflineGazetteer never uses the network (asked for {url})")

    def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
        raise GazetteerError(f"OfflineGazetteer never uses the network (asked for {url})")


def address_of(place: Place) -> str:
    """A one-line address: name, district, governorate, country (each once)."""
    parts = [place.name]
    if place.kind not in ("governorate", "country"):
        for part in (place.admin2, place.admin1):
            if part and part not in parts:
                parts.append(part)
    if place.kind != "country":
        parts.append("Syria" if place.country == "SY" else place.country)
    return ", ".join(parts)


def _location(candidate: Candidate) -> Location:
    place = candidate.place
    raw = candidate.to_dict()
    raw["admin1_id"] = place.admin1_id
    raw["admin2_id"] = place.admin2_id
    raw["names"] = list(place.names)
    return Location(address_of(place), (place.lat, place.lon), raw)


class OfflineGazetteer(Geocoder):
    """geopy ``Geocoder`` over :class:`~geo.gazetteer.Gazetteer`; no request is ever made.

    Parameters
    ----------
    gazetteer
        The gazetteer to search; defaults to :meth:`Gazetteer.default`.
    kinds
        Default restriction on the kinds of place returned by :meth:`geocode`.
    """

    def __init__(
        self, gazetteer: Gazetteer | None = None, *, kinds: Collection[str] | None = None
    ) -> None:
        super().__init__(adapter_factory=_NoNetworkAdapter, user_agent="geo-offline-gazetteer")
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.default()
        self.kinds = kinds

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        timeout: Any = DEFAULT_SENTINEL,
        limit: int | None = None,
        within: str | None = None,
        kinds: Collection[str] | None = None,
    ) -> Location | list[Location] | None:
        """Return the best place for a name (``exactly_one``) or a ranked list.

        Parameters
        ----------
        query
            A place name in Arabic or Latin script.
        exactly_one
            Return one :class:`geopy.location.Location` (or ``None``) instead of a list.
        timeout
            Accepted for interface compatibility; nothing here waits.
        limit
            Most results when ``exactly_one`` is false (default 10).
        within
            Governorate or district (either script) to restrict results to.
        kinds
            Keep only places of these kinds.

        Returns
        -------
        Location, list of Location, or None
            ``raw`` is the candidate's dict: id, names, kind, admin1/admin2, score, reason.
            ``None`` when nothing matches.
        """
        if not isinstance(query, str):
            raise TypeError(f"OfflineGazetteer.geocode takes a string, not {type(query).__name__}")
        count = 1 if exactly_one else (limit if limit is not None else 10)
        candidates = self.gazetteer.search(
            query, limit=count, within=within, kinds=kinds or self.kinds
        )
        locations = [
            _location(candidate) for candidate in candidates if candidate.place.lat is not None
        ]
        if exactly_one:
            return locations[0] if locations else None
        return locations or None

    def reverse(
        self,
        query: Any,
        *,
        exactly_one: bool = True,
        timeout: Any = DEFAULT_SENTINEL,
        limit: int | None = None,
        kinds: Collection[str] | None = None,
    ) -> Location | list[Location] | None:
        """Return the nearest settlement to a point (``(lat, lon)``, ``"lat, lon"`` or a Point).

        With ``exactly_one=False`` a list of the ``limit`` nearest (default 5), closest first;
        ``raw`` then also carries ``distance_km``.
        """
        from geo.distance import haversine_km
        from geo.gazetteer.index import SETTLEMENT_KINDS

        point = Point(query)
        count = 1 if exactly_one else (limit if limit is not None else 5)
        places = self.gazetteer.nearest(
            point.latitude, point.longitude, limit=count, kinds=kinds or SETTLEMENT_KINDS
        )
        locations = []
        for place in places:
            assert place.lat is not None and place.lon is not None
            distance = haversine_km(point.latitude, point.longitude, place.lat, place.lon)
            location = _location(
                Candidate(place, 1.0 / (1.0 + distance), f"{distance:.2f} km away")
            )
            location.raw["distance_km"] = round(distance, 3)
            locations.append(location)
        if exactly_one:
            return locations[0] if locations else None
        return locations or None
