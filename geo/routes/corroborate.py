"""Linking claims of different outlets that describe the same movement.

Two claims *match* (``same_movement``) when they come from different documents, have the same
movement type, compatible movers and endpoints that agree. In a corpus this relation is
large: the 91,000 claims of 10,000 synthetic articles make 19 million matching pairs (a
claim naming only "fighters left Aleppo" matches every departure from within
``settings.CORROBORATION_KM`` of Aleppo). So ``corroborate`` does not list every match: it
counts them exactly (claims, documents, other outlets) and lists the nearest
``settings.CORROBORATION_LIST``; ``corroborating_claims`` lists every match of one claim.

How the matches are found without comparing every pair:

* endpoints become *identities*, exactly what ``endpoints_match`` reads of them (place id,
  zone label, folded text, country name, coordinates), so equal identities match the same
  endpoints. Matching identities are found through keys (id, zone label, text, country
  name) and, for coordinates, a vectorised join of 3-D grid cells at least
  ``CORROBORATION_KM`` wide; each candidate pair is checked with the haversine distance
  (and with ``haversine_km`` itself when it lies within a hair of the limit), so the
  relation is exactly that of ``endpoints_match``;
* per movement type, every identity gets a bitset of the claims having an origin that
  matches it (and one for destinations); a claim's matches are the union of the bitsets
  of its origins intersected with that of its destinations (claims naming one end are
  compared on that end only), restricted to claims with compatible movers;
* the matches are read off the bitsets in blocks of claims with numpy: counted, their
  documents and outlets counted, and the nearest kept.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from geo import settings
from geo.distance import EARTH_RADIUS_KM, haversine_km
from geo.lexicons import load_table
from geo.memory import paused_gc
from geo.model import Endpoint, ParsedDocument, Route
from geo.normalize import fold_arabic

#: Above this limit (close to half the Earth's circumference, the longest great-circle
#: distance) every pair of coordinates may match: one cell holds them all.
_WHOLE_EARTH_KM = 20_000.0
#: Cells are a little wider than the limit so that rounding never splits a matching pair.
_CELL_MARGIN = 1e-6
#: Distances this close to the limit (relative) are computed again with ``haversine_km``.
_BOUNDARY = 1e-9
_NEIGHBOURS = tuple((dx, dy, dz) for dx in (-1, 0, 1) for dy in (-1, 0, 1) for dz in (-1, 0, 1))
#: Keys of points with non-finite coordinates and of every point they must be compared with.
_WILD = ("cell", "wild")
_ANY = ("cell", "any")
#: Claims whose matches are read off the bitsets at once (bounds the memory of a block).
_BLOCK_BITS = 1 << 26
#: Candidate pairs of coordinates checked at once.
_BLOCK_PAIRS = 1 << 22

#: How an endpoint behaves in ``endpoints_match``; equal identities match the same ends.
_Identity = tuple[Hashable, ...]
_Array = np.ndarray  # type: ignore[type-arg]


def corroborate(parsed: list[ParsedDocument], *, listed: int | None = None) -> None:
    """Count and list, for every claim, the matching claims of other documents.

    Two claims match when they come from different documents, have the same movement type,
    compatible movers (both people, both goods, or one unknown), and their endpoints agree:
    when both name origins, some pair of origins lies within ``settings.CORROBORATION_KM``
    (read at call time); likewise destinations; at least one end must be compared.

    Every route gets ``corroboration_count`` (matching claims), ``corroborating_documents``
    (their documents), ``corroborating_outlets`` (their outlets other than the claim's own)
    and ``corroborated_by``: the ids of at most ``listed`` of them (default
    ``settings.CORROBORATION_LIST``), nearest first (``claim_distance_km``, to the metre),
    then in corpus order. Earlier values are replaced. The counts are those of comparing
    every pair (``same_movement``), in time close to linear in the number of claims plus
    the number of matching pairs.
    """
    keep = settings.CORROBORATION_LIST if listed is None else listed
    keep = max(0, int(keep))
    # Millions of short-lived objects and no cycles: the collector would only rescan the
    # corpus's objects again and again.
    with paused_gc():
        claims = []
        for document in parsed:
            document_id, outlet = document.document.id, document.document.outlet
            for route in document.routes:
                route.corroborated_by = []
                route.corroboration_count = 0
                route.corroborating_documents = 0
                route.corroborating_outlets = 0
                claims.append((document_id, outlet, route))
        if len(claims) < 2:
            return
        table = _ClaimTable.of(claims)
        close = table.ends.matching_ends(settings.CORROBORATION_KM)
        for positions in table.movements():
            _link_movement(table, positions, close, keep)


def corroborating_claims(parsed: Sequence[ParsedDocument], route: Route) -> list[str]:
    """Ids of every claim of another document matching ``route``, in ``corroborate``'s order.

    Compares ``route`` with every claim of ``parsed`` (``same_movement``): nearest first
    (``claim_distance_km`` to the metre), then in corpus order. The first
    ``settings.CORROBORATION_LIST`` are the ``corroborated_by`` of ``corroborate``; their
    number is its ``corroboration_count``.
    """
    limit_km = settings.CORROBORATION_KM
    kinds = _mover_kinds()
    document_id = route.doc_id
    for document in parsed:
        if any(other is route for other in document.routes):
            document_id = document.document.id
    found: list[tuple[int, int, str]] = []
    position = 0
    for document in parsed:
        for other in document.routes:
            if document.document.id != document_id and _same_movement(
                route, other, limit_km, kinds
            ):
                metres = round(claim_distance_km(route, other) * 1000)
                found.append((metres, position, other.id))
            position += 1
    return [route_id for _metres, _position, route_id in sorted(found)]


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


def claim_distance_km(first: Route, second: Route) -> float:
    """How far apart two claims are: the distance between their origins plus their destinations.

    Each side is represented by its first endpoint with coordinates, and the distance is
    the straight line through the Earth (the chord; it orders points as the great-circle
    distance does, and is cheaper); a side missing on either claim, or without
    coordinates, adds nothing. Orders the ``corroborated_by`` list.
    """
    total = 0.0
    for ends_a, ends_b in (
        (first.origins, second.origins),
        (first.destinations, second.destinations),
    ):
        point_a, point_b = _representative(ends_a), _representative(ends_b)
        if point_a is not None and point_b is not None:
            xyz_a, xyz_b = _unit_vector(*point_a), _unit_vector(*point_b)
            squared = sum((a - b) * (a - b) for a, b in zip(xyz_a, xyz_b, strict=True))
            total += math.sqrt(squared) * EARTH_RADIUS_KM
    return total


def _unit_vector(lat: float, lon: float) -> tuple[float, float, float]:
    phi, lam = math.radians(lat), math.radians(lon)
    return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))


def _representative(endpoints: Sequence[Endpoint]) -> tuple[float, float] | None:
    for endpoint in endpoints:
        place = endpoint.place
        if (
            place is not None
            and place.lat is not None
            and place.lon is not None
            and math.isfinite(place.lat)
            and math.isfinite(place.lon)
        ):
            return place.lat, place.lon
    return None


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


def _haversine_array(lat_a: _Array, lon_a: _Array, lat_b: _Array, lon_b: _Array) -> _Array:
    """``haversine_km`` of arrays of points (the same formula; may differ in the last bit)."""
    phi_a, phi_b = np.radians(lat_a), np.radians(lat_b)
    d_phi = phi_b - phi_a
    d_lambda = np.radians(lon_b - lon_a)
    h = np.sin(d_phi / 2) ** 2 + np.cos(phi_a) * np.cos(phi_b) * np.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def _expand(pointers: _Array, values: _Array, rows: _Array) -> tuple[_Array, _Array]:
    """Rows of a compressed table: (index into ``rows``, value) of every value of each row."""
    starts = pointers[rows]
    lengths = pointers[rows + 1] - starts
    total = int(lengths.sum())
    owners = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
    offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return owners, values[np.repeat(starts, lengths) + offsets]


def _distinct(values: _Array) -> _Array:
    """The distinct values, sorted (``np.unique`` without its slower hashing)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def _compressed(rows: _Array, values: _Array, count: int) -> tuple[_Array, _Array]:
    """The compressed table (pointers, values) of (row, value) pairs, rows 0..count-1."""
    order = np.argsort(rows, kind="stable")
    pointers = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=count), out=pointers[1:])
    return pointers, values[order]


# -- endpoints and identities ---------------------------------------------------------------


class _Ends:
    """Endpoint identities: exactly what ``endpoints_match`` reads of an endpoint."""

    def __init__(self) -> None:
        self.identities: dict[_Identity, int] = {}
        self.representatives: list[Endpoint] = []
        self._folded: dict[str, str] = {}
        # Endpoints recur (a corpus names the same places again and again): the number of
        # an endpoint by what its identity is made of, with its place by object identity.
        self._known: dict[tuple[str, str, str, int], tuple[int, tuple[float, float] | None]] = {}
        self._places: list[Any] = []

    def side(self, endpoints: Sequence[Endpoint]) -> tuple[list[int], tuple[float, float] | None]:
        """The distinct identity numbers of ``endpoints`` (sorted) and their representative point.

        The point is that of the first endpoint whose place has finite coordinates.
        """
        numbers: set[int] = set()
        point: tuple[float, float] | None = None
        known = self._known
        for endpoint in endpoints:
            place = endpoint.place
            key = (endpoint.kind, endpoint.note, endpoint.text, id(place))
            found = known.get(key)
            if found is None:
                self._places.append(place)  # keeps ``id(place)`` unique while it is a key
                found = known[key] = (self._identity(endpoint), _representative((endpoint,)))
            numbers.add(found[0])
            if point is None:
                point = found[1]
        return sorted(numbers), point

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

    def matching_ends(self, limit_km: float) -> tuple[_Array, _Array]:
        """Per identity, the identities it matches (``endpoints_match``), as a compressed table."""
        identities = list(self.identities)
        count = len(identities)
        keys = _Keys(limit_km, wild=any(map(_is_wild, identities)))
        files: dict[Hashable, list[int]] = {}
        wanted_keys: list[list[Hashable]] = []
        for number, identity in enumerate(identities):
            own, wanted = keys.of(identity)
            wanted_keys.append(wanted)
            for key in own:
                files.setdefault(key, []).append(number)
        firsts: list[int] = []
        seconds: list[int] = []
        representatives = self.representatives
        for number, wanted in enumerate(wanted_keys):
            candidates: set[int] = set()
            for key in wanted:
                candidates.update(files.get(key, ()))
            endpoint = representatives[number]
            for other in candidates:
                # Either end's keys meet the other's: compare each pair once.
                if other >= number and endpoints_match(
                    endpoint, representatives[other], limit_km=limit_km
                ):
                    firsts.append(number)
                    seconds.append(other)
        first = np.array(firsts, dtype=np.int64)
        second = np.array(seconds, dtype=np.int64)
        points = [number for number, identity in enumerate(identities) if _is_point(identity)]
        if points and keys.mode != "none":
            point_numbers = np.array(points, dtype=np.int64)
            lat = np.array([identities[number][4] for number in points], dtype=np.float64)
            lon = np.array([identities[number][5] for number in points], dtype=np.float64)
            near_a, near_b = _close_points(lat, lon, limit_km, keys)
            first = np.concatenate([first, point_numbers[near_a]])
            second = np.concatenate([second, point_numbers[near_b]])
        pairs = _distinct(np.concatenate([first * count + second, second * count + first]))
        return _compressed(pairs // count, pairs % count, count)


def _is_wild(identity: _Identity) -> bool:
    if identity[0] != "place" or identity[4] is None or identity[5] is None:
        return False
    return not (math.isfinite(identity[4]) and math.isfinite(identity[5]))  # type: ignore[arg-type]


def _is_point(identity: _Identity) -> bool:
    """A place that is not a country, with finite coordinates: matched by distance."""
    if identity[0] != "place" or identity[2] or identity[4] is None or identity[5] is None:
        return False
    return math.isfinite(identity[4]) and math.isfinite(identity[5])  # type: ignore[arg-type]


class _Keys:
    """Filing keys (``own``) and look-up keys (``wanted``) of endpoint identities.

    Whenever two endpoints match other than by the distance of finite coordinates (which
    ``_close_points`` finds), the look-up keys of either meet the filing keys of the other;
    keys of ends that cannot match may meet too (the pair is checked afterwards).
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
        if _is_wild(identity):
            own.append(_WILD)
            wanted.extend((_WILD, _ANY))
        elif self.wild:
            own.append(_ANY)
            wanted.append(_WILD)
        return own, wanted

    def cell(self, lat: _Array, lon: _Array) -> _Array:
        """Grid cells of points, one row (x, y, z) per point."""
        if self.mode == "all":
            return np.zeros((len(lat), 3), dtype=np.int64)
        # Cells of 3-D space: the straight-line distance between two points on the sphere
        # never exceeds their great-circle distance, whatever the latitude.
        phi, lam = np.radians(lat), np.radians(lon)
        xyz = EARTH_RADIUS_KM * np.column_stack(
            (np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi))
        )
        return np.floor(xyz / self.cell_km).astype(np.int64)


def _close_points(lat: _Array, lon: _Array, limit_km: float, keys: _Keys) -> tuple[_Array, _Array]:
    """Pairs (a, b) of the points within ``limit_km`` of each other (by index; each pair once
    in one order or the other, a point with itself included)."""
    coordinates, inverse = np.unique(np.column_stack((lat, lon)), axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    unique_lat, unique_lon = coordinates[:, 0], coordinates[:, 1]
    cells, cell_of = np.unique(keys.cell(unique_lat, unique_lon), axis=0, return_inverse=True)
    cell_of = cell_of.reshape(-1)
    cell_pointers, cell_points = _compressed(
        cell_of, np.arange(len(cell_of), dtype=np.int64), len(cells)
    )
    numbered = {tuple(cell): number for number, cell in enumerate(cells.tolist())}
    neighbour_rows: list[int] = []
    neighbour_cells: list[int] = []
    for number, (x, y, z) in enumerate(cells.tolist()):
        for dx, dy, dz in _NEIGHBOURS:
            neighbour = numbered.get((x + dx, y + dy, z + dz))
            if neighbour is not None:
                neighbour_rows.append(number)
                neighbour_cells.append(neighbour)
    neighbour_pointers, neighbours = _compressed(
        np.array(neighbour_rows, dtype=np.int64),
        np.array(neighbour_cells, dtype=np.int64),
        len(cells),
    )
    # Candidates of a point: every point of its cell and the neighbouring cells.
    sizes = np.diff(cell_pointers)
    per_cell = np.add.reduceat(sizes[neighbours], neighbour_pointers[:-1])
    cumulative = np.cumsum(per_cell[cell_of])
    near_a: list[_Array] = []
    near_b: list[_Array] = []
    start = 0
    while start < len(cell_of):
        done = int(cumulative[start - 1]) if start else 0
        stop = int(np.searchsorted(cumulative, done + _BLOCK_PAIRS, side="right"))
        stop = min(max(stop, start + 1), len(cell_of))
        points = np.arange(start, stop, dtype=np.int64)
        by_cell, cell = _expand(neighbour_pointers, neighbours, cell_of[points])
        by_candidate, other = _expand(cell_pointers, cell_points, cell)
        point = points[by_cell[by_candidate]]
        ahead = other >= point
        point, other = point[ahead], other[ahead]
        distance = _haversine_array(
            unique_lat[point], unique_lon[point], unique_lat[other], unique_lon[other]
        )
        close = distance <= limit_km
        doubtful = np.flatnonzero(np.abs(distance - limit_km) <= _BOUNDARY * max(1.0, limit_km))
        for index in doubtful.tolist():
            close[index] = (
                haversine_km(
                    float(unique_lat[point[index]]),
                    float(unique_lon[point[index]]),
                    float(unique_lat[other[index]]),
                    float(unique_lon[other[index]]),
                )
                <= limit_km
            )
        near_a.append(point[close])
        near_b.append(other[close])
        start = stop
    point_a = np.concatenate(near_a)
    point_b = np.concatenate(near_b)
    # Back from distinct coordinates to the points sharing them.
    shared_pointers, shared = _compressed(
        inverse, np.arange(len(inverse), dtype=np.int64), len(coordinates)
    )
    by_a, first = _expand(shared_pointers, shared, point_a)
    by_b, second = _expand(shared_pointers, shared, point_b[by_a])
    return first[by_b], second


# -- claims ----------------------------------------------------------------------------------


@dataclass
class _ClaimTable:
    """The claims of a corpus as arrays: documents, outlets, movers, endpoint identities.

    ``origin_pointers``/``origin_ends`` (and ``destination_...``) list each claim's distinct
    endpoint identities; ``origins_xyz`` (and ``destinations_xyz``) are the representative
    point of each side as a unit vector (NaN if none).
    """

    routes: list[Route]
    ends: _Ends
    movement: list[str]
    documents: _Array
    documents_in_order: bool
    outlets: _Array
    outlet_count: int
    kinds: _Array
    compatible: _Array
    origin_pointers: _Array
    origin_ends: _Array
    destination_pointers: _Array
    destination_ends: _Array
    origins_xyz: _Array
    destinations_xyz: _Array

    @classmethod
    def of(cls, claims: Sequence[tuple[str, str, Route]]) -> _ClaimTable:
        ends = _Ends()
        kinds_by_label = _mover_kinds()
        document_numbers: dict[str, int] = {}
        outlet_numbers: dict[str, int] = {}
        kind_numbers: dict[frozenset[str], int] = {}
        kinds_of_label: dict[str, frozenset[str]] = {}
        documents: list[int] = []
        outlets: list[int] = []
        kinds: list[int] = []
        origin_lengths: list[int] = []
        origin_ends: list[int] = []
        destination_lengths: list[int] = []
        destination_ends: list[int] = []
        points: list[tuple[float, float, float, float]] = []
        nowhere = (math.nan, math.nan)
        for document_id, outlet, route in claims:
            documents.append(document_numbers.setdefault(document_id, len(document_numbers)))
            outlets.append(outlet_numbers.setdefault(outlet, len(outlet_numbers)) if outlet else -1)
            label_kinds = kinds_of_label.get(route.mover_label)
            if label_kinds is None:
                label_kinds = kinds_of_label[route.mover_label] = _kinds_of(route, kinds_by_label)
            kinds.append(kind_numbers.setdefault(label_kinds, len(kind_numbers)))
            origins, origin_point = ends.side(route.origins)
            destinations, destination_point = ends.side(route.destinations)
            origin_lengths.append(len(origins))
            origin_ends.extend(origins)
            destination_lengths.append(len(destinations))
            destination_ends.extend(destinations)
            points.append((*(origin_point or nowhere), *(destination_point or nowhere)))
        kind_sets = list(kind_numbers)
        compatible = np.array(
            [[not (a and b and not a & b) for b in kind_sets] for a in kind_sets], dtype=bool
        )
        document_array = np.array(documents, dtype=np.int64)
        coordinates = np.array(points, dtype=np.float64).reshape(-1, 4)
        return cls(
            routes=[route for _document_id, _outlet, route in claims],
            ends=ends,
            movement=[route.movement for _document_id, _outlet, route in claims],
            documents=document_array,
            documents_in_order=bool(np.all(np.diff(document_array) >= 0)),
            outlets=np.array(outlets, dtype=np.int64),
            outlet_count=max(1, len(outlet_numbers)),
            kinds=np.array(kinds, dtype=np.int64),
            compatible=compatible,
            origin_pointers=_pointers(origin_lengths),
            origin_ends=np.array(origin_ends, dtype=np.int64),
            destination_pointers=_pointers(destination_lengths),
            destination_ends=np.array(destination_ends, dtype=np.int64),
            origins_xyz=_unit_vectors(coordinates[:, 0], coordinates[:, 1]),
            destinations_xyz=_unit_vectors(coordinates[:, 2], coordinates[:, 3]),
        )

    def movements(self) -> Iterator[_Array]:
        """Positions of the claims of each movement type, in corpus order."""
        positions: dict[str, list[int]] = {}
        for position, movement in enumerate(self.movement):
            positions.setdefault(movement, []).append(position)
        for movement in sorted(positions):
            yield np.array(positions[movement], dtype=np.int64)


def _unit_vectors(lat: _Array, lon: _Array) -> _Array:
    """Rows x, y, z of the unit vectors of points (NaN where there is no point)."""
    phi, lam = np.radians(lat), np.radians(lon)
    return np.stack((np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)))


def _pointers(lengths: list[int]) -> _Array:
    pointers = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(np.array(lengths, dtype=np.int64), out=pointers[1:])
    return pointers


class _Side:
    """One end (origins or destinations) of the claims of one movement type, as bitsets.

    ``bits[row]`` has bit ``k`` set when claim ``k`` (local number) has an endpoint matching
    the identity of ``row`` (``rows[identity]``, -1 for identities no claim here names).
    """

    def __init__(
        self, pointers: _Array, ends: _Array, positions: _Array, close: tuple[_Array, _Array]
    ) -> None:
        owner, identity = _expand(pointers, ends, positions)
        self.lengths = pointers[positions + 1] - pointers[positions]
        self.pointers = np.zeros(len(positions) + 1, dtype=np.int64)
        np.cumsum(self.lengths, out=self.pointers[1:])
        self.identities = identity
        words = (len(positions) + 63) // 64
        self.words = words
        count = len(close[0]) - 1
        named = np.unique(identity)
        self.rows = np.full(count, -1, dtype=np.int64)
        self.rows[named] = np.arange(len(named), dtype=np.int64)
        # Claims by identity, then, for each identity named here, the claims of its matches.
        by_identity_pointers, by_identity = _compressed(identity, owner, count)
        self.bits = np.zeros((len(named) + 1, words), dtype="<u8")
        block = max(1, _BLOCK_BITS // (words * 64))
        for start in range(0, len(named), block):
            rows = named[start : start + block]
            by_row, matching = _expand(close[0], close[1], rows)
            by_match, claim = _expand(by_identity_pointers, by_identity, matching)
            flags = np.zeros((len(rows), words * 64), dtype=bool)
            flags[by_row[by_match], claim] = True
            packed = np.packbits(flags, axis=1, bitorder="little")
            self.bits[start : start + len(rows)] = packed.view("<u8")

    def union(self, start: int, stop: int) -> _Array:
        """Per claim ``start..stop-1``: the claims matching any of its endpoints."""
        lengths = self.lengths[start:stop]
        if not len(self.identities):
            return np.zeros((stop - start, self.words), dtype="<u8")
        firsts = np.minimum(self.pointers[start:stop], len(self.identities) - 1)
        # A claim without endpoints reads the all-zero row at the end of ``bits``.
        rows = np.where(lengths > 0, self.rows[self.identities[firsts]], -1)
        result = self.bits[rows]
        for extra in range(1, int(lengths.max(initial=0))):
            more = np.flatnonzero(lengths > extra)
            result[more] |= self.bits[self.rows[self.identities[firsts[more] + extra]]]
        return result


def _bitset(flags: _Array) -> _Array:
    words = (len(flags) + 63) // 64
    padded = np.zeros(words * 64, dtype=bool)
    padded[: len(flags)] = flags
    return np.packbits(padded, bitorder="little").view("<u8")


def _link_movement(
    table: _ClaimTable, positions: _Array, close: tuple[_Array, _Array], keep: int
) -> None:
    """Count and list the matches of the claims at ``positions`` (all of one movement type)."""
    origins = _Side(table.origin_pointers, table.origin_ends, positions, close)
    destinations = _Side(table.destination_pointers, table.destination_ends, positions, close)
    has_origin = origins.lengths > 0
    has_destination = destinations.lengths > 0
    no_origin = _bitset(~has_origin)
    no_destination = _bitset(~has_destination)
    has_end = _bitset(has_origin | has_destination)
    kinds = table.kinds[positions]
    kind_masks = np.stack(
        [_bitset(table.compatible[kind][kinds]) for kind in range(len(table.compatible))]
    )
    block = max(1, _BLOCK_BITS // (origins.words * 64 * 4))
    for start in range(0, len(positions), block):
        stop = min(start + block, len(positions))
        near_origins = origins.union(start, stop)
        near_destinations = destinations.union(start, stop)
        both = has_origin[start:stop] & has_destination[start:stop]
        matches = np.where(
            both[:, None],
            (near_origins | no_origin) & (near_destinations | no_destination) & has_end,
            near_origins | near_destinations,
        )
        matches &= kind_masks[kinds[start:stop]]
        _record(table, positions, start, matches, keep)


def _record(table: _ClaimTable, positions: _Array, start: int, matches: _Array, keep: int) -> None:
    """Read the matches of a block of claims off their bitsets into the routes."""
    size, words = matches.shape
    row, claim = _set_bits(matches)
    # Ordered by row, then corpus order (local numbers follow it).
    own = positions[start + row]
    claim = positions[claim]
    other_document = table.documents[claim] != table.documents[own]
    row, claim, own = row[other_document], claim[other_document], own[other_document]
    counts = np.bincount(row, minlength=size)
    document = table.documents[claim]
    if table.documents_in_order:
        first = np.ones(len(row), dtype=bool)
        first[1:] = (row[1:] != row[:-1]) | (document[1:] != document[:-1])
        documents = np.bincount(row[first], minlength=size)
    else:
        span = int(table.documents.max()) + 1
        documents = np.bincount(np.unique(row * span + document) // span, minlength=size)
    outlet = table.outlets[claim]
    other_outlet = (outlet >= 0) & (outlet != table.outlets[own])
    if other_outlet.any():
        span = table.outlet_count
        pairs = np.unique(row[other_outlet] * span + outlet[other_outlet])
        outlets = np.bincount(pairs // span, minlength=size)
    else:
        outlets = np.zeros(size, dtype=np.int64)
    listed_rows: list[int] = []
    listed_claims: list[int] = []
    if keep and len(row):
        metres = np.rint(
            _side_distance(table.origins_xyz, own, claim)
            + _side_distance(table.destinations_xyz, own, claim)
        ).astype(np.int64)
        kept_rows, kept_claims = _nearest(row, metres, claim, counts, keep, len(table.routes))
        listed_rows = kept_rows.tolist()
        listed_claims = kept_claims.tolist()
    routes = table.routes
    for index, (count, document_count, outlet_count) in enumerate(
        zip(counts.tolist(), documents.tolist(), outlets.tolist(), strict=True)
    ):
        if count:
            route = routes[int(positions[start + index])]
            route.corroboration_count = count
            route.corroborating_documents = document_count
            route.corroborating_outlets = outlet_count
    for index, claim_position in zip(listed_rows, listed_claims, strict=True):
        routes[int(positions[start + index])].corroborated_by.append(routes[claim_position].id)


def _set_bits(bitsets: _Array) -> tuple[_Array, _Array]:
    """(row, bit number) of every set bit of rows of bitsets, by row then bit number."""
    rows, words = np.nonzero(bitsets)
    values = bitsets[rows, words]
    found: list[_Array] = []
    base = (rows * bitsets.shape[1] + words) * 64
    one = np.uint64(1)
    while len(values):
        lowest = values & (~values + one)
        # A power of two converts to float64 exactly.
        found.append(base + np.log2(lowest).astype(np.int64))
        values ^= lowest
        remaining = values != 0
        values, base = values[remaining], base[remaining]
    bits = np.sort(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
    width = bitsets.shape[1] * 64
    return bits // width, bits % width


def _side_distance(xyz: _Array, own: _Array, claim: _Array) -> _Array:
    """Metres between the representative points of one side of two claims (0 if either lacks one)."""
    squared = np.zeros(len(own))
    for axis in xyz:
        difference = axis[own] - axis[claim]
        squared += difference * difference
    return np.nan_to_num(np.sqrt(squared) * (EARTH_RADIUS_KM * 1000), nan=0.0)


def _nearest(
    row: _Array, metres: _Array, claim: _Array, counts: _Array, keep: int, claims: int
) -> tuple[_Array, _Array]:
    """(row, claim) of the ``keep`` nearest matches of each row, then in corpus order."""
    claim_bits = max(1, int(claims).bit_length())
    metre_bits = max(1, int(metres.max()).bit_length())
    row_bits = max(1, len(counts).bit_length())
    if claim_bits + metre_bits + row_bits <= 62:
        # One integer key sorts fastest: row, then metres, then corpus position.
        key = np.sort((((row << metre_bits) | metres) << claim_bits) | claim)
        row = key >> (metre_bits + claim_bits)
        claim = key & ((1 << claim_bits) - 1)
    else:  # pragma: no cover - a corpus beyond what one key holds
        order = np.lexsort((claim, metres, row))
        row, claim = row[order], claim[order]
    starts = np.cumsum(counts) - counts
    kept = np.arange(len(row)) - starts[row] < keep
    return row[kept], claim[kept]
