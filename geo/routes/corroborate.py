"""Linking claims of different outlets that describe the same movement.

Comparing every claim with every other is quadratic (a 10,000-article corpus has about
90,000 claims), so ``corroborate`` only compares claims that could match:

* claims with the same movement, compatible movers and identical endpoints behave alike
  against any other claim, so they are compared once, as a group;
* a group is filed under keys of its endpoints (place id, zone label, folded text of an
  unresolved name, country name, and a grid cell of the coordinates at least
  ``settings.CORROBORATION_KM`` wide), one file per movement type and mover kind; two
  groups are compared only if their keys meet on every end both name (neighbouring cells
  count as meeting);
* each pair found is then checked with ``same_movement`` itself, so the links are exactly
  those of the pairwise definition.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from geo import settings
from geo.lexicons import load_table
from geo.model import Endpoint, ParsedDocument, Route
from geo.normalize import fold_arabic

_EARTH_RADIUS_KM = 6371.0088
#: Above this limit (close to half the Earth's circumference, the longest great-circle
#: distance) every pair of coordinates may match: one cell holds them all.
_WHOLE_EARTH_KM = 20_000.0
#: Cells are a little wider than the limit so that rounding never splits a matching pair.
_CELL_MARGIN = 1e-6
_NEIGHBOURS = tuple((dx, dy, dz) for dx in (-1, 0, 1) for dy in (-1, 0, 1) for dz in (-1, 0, 1))
#: Keys of points with non-finite coordinates and of every point they must be compared with.
_WILD = ("cell", "wild")
_ANY = ("cell", "any")

#: How an endpoint behaves in ``endpoints_match``; equal identities match the same ends.
_Identity = tuple[Hashable, ...]


def corroborate(parsed: list[ParsedDocument]) -> None:
    """Fill ``Route.corroborated_by`` with the ids of matching claims of other documents.

    Two claims match when they come from different documents, have the same movement type,
    compatible movers (both people, both goods, or one unknown), and their endpoints agree:
    when both name origins, some pair of origins lies within ``settings.CORROBORATION_KM``
    (read at call time); likewise destinations; at least one end must be compared.
    Links are made both ways; existing links are kept, new ones follow them in corpus
    order. The result is that of comparing every pair (``same_movement``), in time close
    to linear in the number of claims plus the number of links.
    """
    routes = [(document.document.id, route) for document in parsed for route in document.routes]
    if len(routes) < 2:
        return
    ends = _Ends()
    groups = _group(routes, _mover_kinds(), ends)
    close = ends.matching_ends(settings.CORROBORATION_KM)
    _link(routes, groups, _partners(groups, ends.side_members, close))


def same_movement(first: Route, second: Route, *, limit_km: float) -> bool:
    """Return whether two claims describe the same movement (see ``corroborate``)."""
    return _same_movement(first, second, limit_km, _mover_kinds())


def _same_movement(
    first: Route, second: Route, limit_km: float, kinds_by_label: dict[str, str]
) -> bool:
    if first.movement != second.movement:
        return False
    kinds_a = _kinds_of(first, kinds_by_label)
    kinds_b = _kinds_of(second, kinds_by_label)
    if kinds_a and kinds_b and not kinds_a & kinds_b:
        return False
    compared = False
    for ends_a, ends_b in (
        (first.origins, second.origins),
        (first.destinations, second.destinations),
    ):
        if ends_a and ends_b:
            if not _any_close(ends_a, ends_b, limit_km):
                return False
            compared = True
    return compared


@functools.cache
def _mover_kinds() -> dict[str, str]:
    return {row["label"]: row["kind"] for row in load_table("movers") if row.get("label")}


def _kinds_of(route: Route, kinds_by_label: dict[str, str]) -> frozenset[str]:
    labels = (label.strip() for label in route.mover_label.split(","))
    return frozenset(kinds_by_label[label] for label in labels if label in kinds_by_label)


def _any_close(ends_a: Sequence[Endpoint], ends_b: Sequence[Endpoint], limit_km: float) -> bool:
    return any(endpoints_match(a, b, limit_km=limit_km) for a in ends_a for b in ends_b)


def endpoints_match(first: Endpoint, second: Endpoint, *, limit_km: float) -> bool:
    """Same place id, same zone label, same country, or points within ``limit_km``."""
    if first.kind == "zone" or second.kind == "zone":
        return first.kind == second.kind and bool(first.note) and first.note == second.note
    if first.place is None or second.place is None:
        return fold_arabic(first.text) == fold_arabic(second.text)
    if first.place.id == second.place.id:
        return True
    if first.kind == "country" or second.kind == "country":
        return first.place.name.casefold() == second.place.name.casefold()
    if None in (first.place.lat, first.place.lon, second.place.lat, second.place.lon):
        return False
    return (
        haversine_km(first.place.lat, first.place.lon, second.place.lat, second.place.lon)  # type: ignore[arg-type]
        <= limit_km
    )


def haversine_km(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    phi_a, phi_b = math.radians(lat_a), math.radians(lat_b)
    d_phi = phi_b - phi_a
    d_lambda = math.radians(lon_b - lon_a)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi_a) * math.cos(phi_b) * math.sin(d_lambda / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


# -- endpoints and sides ---------------------------------------------------------------


class _Ends:
    """Endpoint identities and sides (the set of identities at one end of a claim).

    An identity is exactly what ``endpoints_match`` reads of an endpoint, so endpoints with
    the same identity match the same endpoints, and sides with the same identities match
    the same sides.
    """

    def __init__(self) -> None:
        self.identities: dict[_Identity, int] = {}
        self.representatives: list[Endpoint] = []
        self.sides: dict[frozenset[int], int] = {}
        self.side_members: list[frozenset[int]] = []
        self._folded: dict[str, str] = {}

    def side(self, endpoints: Sequence[Endpoint]) -> int:
        """Return the number of the side made of ``endpoints``; -1 when there are none."""
        if not endpoints:
            return -1
        members = frozenset(self._identity(endpoint) for endpoint in endpoints)
        number = self.sides.get(members)
        if number is None:
            number = self.sides[members] = len(self.side_members)
            self.side_members.append(members)
        return number

    def _identity(self, endpoint: Endpoint) -> int:
        if endpoint.kind == "zone":
            identity: _Identity = ("zone", endpoint.note)
        else:
            text = self._folded.get(endpoint.text)
            if text is None:
                text = self._folded[endpoint.text] = fold_arabic(endpoint.text)
            place = endpoint.place
            if place is None:
                identity = ("unresolved", text)
            else:
                country = endpoint.kind == "country"
                name = place.name.casefold()
                identity = ("place", place.id, country, name, place.lat, place.lon, text)
        number = self.identities.get(identity)
        if number is None:
            number = self.identities[identity] = len(self.representatives)
            self.representatives.append(endpoint)
        return number

    def matching_ends(self, limit_km: float) -> list[list[int]]:
        """Per endpoint identity, the identities it matches (``endpoints_match``)."""
        identities = list(self.identities)
        keys = _Keys(limit_km, wild=any(map(_is_wild, identities)))
        own_keys: list[list[Hashable]] = []
        wanted_keys: list[list[Hashable]] = []
        files: dict[Hashable, list[int]] = {}
        for number, identity in enumerate(identities):
            own, wanted = keys.of(identity)
            own_keys.append(own)
            wanted_keys.append(wanted)
            for key in own:
                files.setdefault(key, []).append(number)
        close: list[list[int]] = [[] for _ in identities]
        representatives = self.representatives
        for number, wanted in enumerate(wanted_keys):
            candidates: set[int] = set()
            for key in wanted:
                candidates.update(files.get(key, ()))
            endpoint = representatives[number]
            for other in sorted(candidates):
                if other < number:
                    continue  # compared from the other end, whose keys meet these too
                if endpoints_match(endpoint, representatives[other], limit_km=limit_km):
                    close[number].append(other)
                    if other != number:
                        close[other].append(number)
        return close


def _is_wild(identity: _Identity) -> bool:
    if identity[0] != "place" or identity[4] is None or identity[5] is None:
        return False
    return not (math.isfinite(identity[4]) and math.isfinite(identity[5]))  # type: ignore[arg-type]


class _Keys:
    """Filing keys (``own``) and look-up keys (``wanted``) of endpoint identities.

    Whenever two endpoints match, the look-up keys of either meet the filing keys of the
    other; keys of ends that cannot match may meet too (the pair is checked afterwards).
    """

    def __init__(self, limit_km: float, *, wild: bool) -> None:
        self.wild = wild
        if math.isnan(limit_km) or limit_km < 0:
            self.mode = "none"
        elif limit_km >= _WHOLE_EARTH_KM:
            self.mode = "all"
        else:
            self.mode = "grid"
        self.cell_km = limit_km * (1 + _CELL_MARGIN) + _CELL_MARGIN

    def of(self, identity: _Identity) -> tuple[list[Hashable], list[Hashable]]:
        kind = identity[0]
        if kind == "zone":
            note = identity[1]
            return ([("zone", note)], [("zone", note)]) if note else ([], [])
        if kind == "unresolved":
            text = identity[1]
            return [("unresolved", text)], [("unresolved", text), ("resolved", text)]
        _kind, place_id, country, name, lat, lon, text = identity
        own: list[Hashable] = [("id", place_id), ("resolved", text)]
        wanted: list[Hashable] = [("id", place_id), ("unresolved", text), ("country", name)]
        if country:
            own.append(("country", name))
            wanted.append(("name", name))
            return own, wanted
        own.append(("name", name))
        if lat is None or lon is None:
            return own, wanted
        if self.mode == "all":
            own.append(("cell", "all"))
            wanted.append(("cell", "all"))
        elif _is_wild(identity):
            own.append(_WILD)
            wanted.extend((_WILD, _ANY))
        else:
            if self.wild:
                own.append(_ANY)
                wanted.append(_WILD)
            if self.mode == "grid":
                x, y, z = self._cell(lat, lon)  # type: ignore[arg-type]
                own.append(("cell", x, y, z))
                wanted.extend(("cell", x + dx, y + dy, z + dz) for dx, dy, dz in _NEIGHBOURS)
        return own, wanted

    def _cell(self, lat: float, lon: float) -> tuple[int, int, int]:
        # Cells of 3-D space: the straight-line distance between two points on the sphere
        # never exceeds their great-circle distance, whatever the latitude.
        phi, lam = math.radians(lat), math.radians(lon)
        x = _EARTH_RADIUS_KM * math.cos(phi) * math.cos(lam)
        y = _EARTH_RADIUS_KM * math.cos(phi) * math.sin(lam)
        z = _EARTH_RADIUS_KM * math.sin(phi)
        size = self.cell_km
        return math.floor(x / size), math.floor(y / size), math.floor(z / size)


# -- claims --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Group:
    """Claims that ``same_movement`` cannot tell apart: same movement, mover kinds, sides."""

    movement: str
    kinds: frozenset[str]
    origins: int
    destinations: int
    members: list[int] = field(default_factory=list)


def _group(
    routes: Sequence[tuple[str, Route]], kinds_by_label: dict[str, str], ends: _Ends
) -> list[_Group]:
    groups: dict[tuple[str, frozenset[str], int, int], _Group] = {}
    kinds_of_label: dict[str, frozenset[str]] = {}
    for position, (_document_id, route) in enumerate(routes):
        kinds = kinds_of_label.get(route.mover_label)
        if kinds is None:
            kinds = kinds_of_label[route.mover_label] = _kinds_of(route, kinds_by_label)
        origins = ends.side(route.origins)
        destinations = ends.side(route.destinations)
        signature = (route.movement, kinds, origins, destinations)
        group = groups.get(signature)
        if group is None:
            group = groups[signature] = _Group(route.movement, kinds, origins, destinations)
        group.members.append(position)
    return list(groups.values())


#: Endpoint identity -> what is filed under it.
_File = dict[int, dict[int, list[int]]]


def _partners(
    groups: Sequence[_Group], sides: Sequence[frozenset[int]], close: Sequence[list[int]]
) -> list[set[int]]:
    """Per group, the groups (itself included) whose claims describe the same movement.

    Groups are filed per movement and mover kind (under each of their kinds, or under ""
    when they have none, which is compatible with every kind), then under each pair of an
    origin and a destination identity (-1 standing for a missing end).
    """
    by_pair: dict[tuple[str, str], _File] = {}
    by_origin: dict[tuple[str, str], dict[int, list[int]]] = {}
    by_destination: dict[tuple[str, str], dict[int, list[int]]] = {}
    kinds_of_movement: dict[str, set[str]] = {}
    for number, group in enumerate(groups):
        movement = group.movement
        kinds_of_movement.setdefault(movement, {""}).update(group.kinds)
        origins = sides[group.origins] if group.origins >= 0 else (-1,)
        destinations = sides[group.destinations] if group.destinations >= 0 else (-1,)
        for kind in group.kinds or ("",):
            pairs = by_pair.setdefault((movement, kind), {})
            for origin in origins:
                filed = pairs.setdefault(origin, {})
                for destination in destinations:
                    filed.setdefault(destination, []).append(number)
            if group.origins >= 0:
                filed = by_origin.setdefault((movement, kind), {})
                for origin in origins:
                    filed.setdefault(origin, []).append(number)
            if group.destinations >= 0:
                filed = by_destination.setdefault((movement, kind), {})
                for destination in destinations:
                    filed.setdefault(destination, []).append(number)

    near: dict[int, set[int]] = {}

    def near_side(side: int) -> set[int]:
        found = near.get(side)
        if found is None:
            found = near[side] = {other for member in sides[side] for other in close[member]}
        return found

    empty: dict[int, list[int]] = {}
    partners: list[set[int]] = []
    for group in groups:
        movement = group.movement
        kinds = (*group.kinds, "") if group.kinds else kinds_of_movement[movement]
        found: set[int] = set()
        if group.origins >= 0 and group.destinations >= 0:
            # A claim naming both ends must agree on both; one naming a single end is
            # compared on that end only.
            near_origins = near_side(group.origins)
            near_destinations = near_side(group.destinations)
            for kind in kinds:
                pair_files = by_pair.get((movement, kind))
                if pair_files is None:
                    continue
                for origin in near_origins:
                    destination_files = pair_files.get(origin)
                    if destination_files is not None:
                        _join(destination_files, near_destinations, found, alone=True)
                _join(pair_files.get(-1, empty), near_destinations, found, alone=False)
        elif group.origins >= 0 or group.destinations >= 0:
            single, side = (
                (by_origin, group.origins)
                if group.origins >= 0
                else (by_destination, group.destinations)
            )
            near_ends = near_side(side)
            for kind in kinds:
                end_files = single.get((movement, kind))
                if end_files is None:
                    continue
                for end in near_ends:
                    found.update(end_files.get(end, ()))
        partners.append(found)
    return partners


def _join(filed: dict[int, list[int]], near: set[int], found: set[int], *, alone: bool) -> None:
    """Add the groups of ``filed`` whose destination is ``near`` (or missing, if ``alone``)."""
    if len(filed) <= len(near):
        for destination, members in filed.items():
            if destination in near or (alone and destination < 0):
                found.update(members)
        return
    for destination in near:
        found.update(filed.get(destination, ()))
    if alone:
        found.update(filed.get(-1, ()))


def _link(
    routes: Sequence[tuple[str, Route]],
    groups: Sequence[_Group],
    partners: Sequence[set[int]],
) -> None:
    documents = [document_id for document_id, _route in routes]
    ids = [route.id for _document_id, route in routes]
    unique_ids = len(set(ids)) == len(ids)
    for group, others_groups in zip(groups, partners, strict=True):
        if not others_groups:
            continue
        others = [position for other in others_groups for position in groups[other].members]
        others.sort()
        for position in group.members:
            document_id = documents[position]
            links = routes[position][1].corroborated_by
            if unique_ids and not links:
                links.extend([ids[other] for other in others if documents[other] != document_id])
                continue
            existing = set(links)
            for other in others:
                if documents[other] == document_id or ids[other] in existing:
                    continue
                links.append(ids[other])
                existing.add(ids[other])
