"""Results as bytes: gazetteer places and region geometries stored by reference.

A parsed article holds dozens of Place objects (mentions and their candidates), nearly all
straight from the gazetteer, with long tuples of alternative names, and region mentions
carry polygons clipped from governorate boundaries (often 10 KB of coordinates each). Both
recur across articles. So a result is pickled with persistent references: a place that *is*
the gazetteer's object becomes its id, and a geometry becomes the hash of its WKB. The
geometries travel once per batch beside the results and are kept in a content-addressed
store next to the cached results (``geometries/ab/abcdef....wkb``); loading a result reads
each distinct geometry once per process. The payload names the gazetteer it refers to, and
loading refuses a payload made with another one.

Payloads are pickles: they come from this run's own workers, and from the cache only once
its signature is verified (``geo.corpus.cache``); nothing else is ever unpickled.
"""

from __future__ import annotations

import contextlib
import copyreg
import functools
import hashlib
import io
import pickle
import threading
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from geo._io import atomic_write, read_regular_file
from geo.model import ParsedDocument, Place

__all__ = ["Dumper", "GeometryStore", "Loader", "dump_parsed", "load_parsed", "place_registry"]

_PAYLOAD = b"\x05"


def _gazetteer_token(gazetteer: Any) -> str:
    where = "core" if getattr(gazetteer, "is_core", False) else str(getattr(gazetteer, "path", ""))
    return f"{where}|{gazetteer.meta.get('built', '')}|{len(gazetteer)}"


def place_registry() -> tuple[str, Mapping[str, Place]]:
    from geo.gazetteer import Gazetteer

    gazetteer = Gazetteer.default()
    return _gazetteer_token(gazetteer), gazetteer.places


def _geometry_digest(wkb: bytes) -> str:
    return hashlib.blake2b(wkb, digest_size=16).hexdigest()


# Geometries this worker has already encoded: id -> (geometry, digest, wkb). Region polygons
# are memoised by geo.regions, so the same object recurs; holding it keeps its id unique.
_ENCODED: dict[int, tuple[Any, str, bytes]] = {}
_MAX_ENCODED = 4096


def _encode_geometry(geometry: Any) -> tuple[str, bytes]:
    known = _ENCODED.get(id(geometry))
    if known is not None and known[0] is geometry:
        return known[1], known[2]
    import shapely

    wkb = shapely.to_wkb(geometry, include_srid=True)
    digest = _geometry_digest(wkb)
    if len(_ENCODED) >= _MAX_ENCODED:
        _ENCODED.clear()
    _ENCODED[id(geometry)] = (geometry, digest, wkb)
    return digest, wkb


# While a payload is unpickled, the mappings its references point into (per thread).
_LOADING = threading.local()


def _loading_places() -> Mapping[str, Place]:
    return _LOADING.places  # type: ignore[no-any-return]


def _loading_geometries() -> Mapping[str, Any]:
    return _LOADING.geometries  # type: ignore[no-any-return]


class _Mapping:
    """Stands in a payload for a mapping of the loading process (pickled once per payload)."""

    def __init__(self, provider: Callable[[], Mapping[str, Any]]) -> None:
        self.provider = provider

    def __reduce__(self) -> tuple[Any, ...]:
        return self.provider, ()


_PLACES = _Mapping(_loading_places)
_GEOMETRIES = _Mapping(_loading_geometries)


@functools.cache
def _model_fields() -> dict[type, Callable[[Any], Any]]:
    """Field getters of the model classes, which are pickled as ``(class, field values)``.

    The default pickling of slotted dataclasses sets each slot on loading (through a Python
    ``__setstate__`` for frozen ones), several times slower to load than one constructor
    call. The field order is part of ``geo/model.py``, whose content is in the cache key.
    """
    import dataclasses
    import operator

    from geo import model

    classes = (
        model.Place,
        model.Candidate,
        model.Document,
        model.Mention,
        model.Endpoint,
        model.Span,
        model.Actor,
        model.Route,
        model.ParsedDocument,
    )
    getters: dict[type, Callable[[Any], Any]] = {}
    for cls in classes:
        names = [item.name for item in dataclasses.fields(cls) if item.init]
        getters[cls] = operator.attrgetter(*names) if len(names) > 1 else _one_field(names[0])
    return getters


def _one_field(name: str) -> Callable[[Any], tuple[Any]]:
    def values(obj: Any) -> tuple[Any]:
        return (getattr(obj, name),)

    return values


@functools.cache
def _geometry_classes() -> tuple[type, ...]:
    try:
        import shapely.geometry as geometries
    except ImportError:  # pragma: no cover - shapely is a dependency
        return ()
    kinds = (
        "Point",
        "LineString",
        "LinearRing",
        "Polygon",
        "MultiPoint",
        "MultiLineString",
        "MultiPolygon",
        "GeometryCollection",
    )
    return tuple(getattr(geometries, kind) for kind in kinds)


class Dumper:
    """Pickles results with references; collects the WKB of their geometries by digest.

    ``places`` is the gazetteer's mapping of this process (``None`` to pickle places in
    full, for workers whose gazetteer the loading process may not have).
    """

    def __init__(self, registry: tuple[str, Mapping[str, Place]] | None) -> None:
        import operator

        places: Mapping[str, Place] | None = None
        self.token = ""
        if registry is not None:
            self.token, places = registry
        self.places = places
        self.geometries: dict[str, bytes] = {}
        getitem = operator.getitem
        table: dict[type, Callable[[Any], Any]] = dict(copyreg.dispatch_table)
        for cls, values in _model_fields().items():
            table[cls] = functools.partial(_reduce_model, cls, values)
        if places is not None:
            place_values = _model_fields()[Place]

            def reduce_place(place: Place) -> tuple[Any, ...]:
                if places.get(place.id) is place:
                    return getitem, (_PLACES, place.id)
                return Place, place_values(place)

            table[Place] = reduce_place

        def reduce_geometry(geometry: Any) -> tuple[Any, ...]:
            digest, wkb = _encode_geometry(geometry)
            self.geometries[digest] = wkb
            return getitem, (_GEOMETRIES, digest)

        for cls in _geometry_classes():
            table[cls] = reduce_geometry
        self.table = table
        header = self.token.encode("utf-8")
        self.header = _PAYLOAD + len(header).to_bytes(2, "little") + header

    def dump(self, parsed: ParsedDocument) -> bytes:
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = self.table
        pickler.dump(parsed)
        # Reasons, notes and quoted sentences compress threefold; inflating costs ~10% of a load.
        return self.header + zlib.compress(buffer.getbuffer(), 1)


def _reduce_model(cls: type, values: Callable[[Any], Any], obj: Any) -> tuple[Any, ...]:
    return cls, values(obj)


def dump_parsed(
    parsed: ParsedDocument,
    registry: tuple[str, Mapping[str, Place]] | None,
    geometries: dict[str, bytes],
) -> bytes:
    """Pickle ``parsed`` with references; the WKB of its geometries is added to ``geometries``."""
    dumper = Dumper(registry)
    payload = dumper.dump(parsed)
    geometries.update(dumper.geometries)
    return payload


class GeometryStore(dict[str, Any]):
    """Region geometries by content hash: in memory, read from ``root`` on a miss."""

    def __init__(self, root: Path | None) -> None:
        super().__init__()
        self.root = root
        self.stored: set[str] = set()

    def _path(self, digest: str) -> Path:
        assert self.root is not None
        return self.root / digest[:2] / f"{digest}.wkb"

    def add(self, digest: str, wkb: bytes) -> None:
        """Keep a geometry that came with a batch (written to disk once)."""
        if digest not in self:
            import shapely

            self[digest] = shapely.from_wkb(wkb)
        if self.root is None or digest in self.stored:
            return
        path = self._path(digest)
        if not path.exists():
            with contextlib.suppress(OSError):
                atomic_write(path, wkb)
        self.stored.add(digest)

    def __missing__(self, digest: str) -> Any:
        if self.root is None:
            raise KeyError(f"geometry {digest} unknown")
        import shapely

        wkb = read_regular_file(self._path(digest))
        if _geometry_digest(wkb) != digest:
            raise ValueError(f"geometry {digest} is damaged")
        geometry = self[digest] = shapely.from_wkb(wkb)
        self.stored.add(digest)
        return geometry


class Loader:
    """Unpickles payloads against this process's gazetteer and a geometry store."""

    def __init__(self, geometries: GeometryStore) -> None:
        self.geometries = geometries
        self._registry: tuple[str, Mapping[str, Place]] | None = None

    def registry(self) -> tuple[str, Mapping[str, Place]]:
        if self._registry is None:
            self._registry = place_registry()
        return self._registry

    def load(self, payload: bytes) -> ParsedDocument:
        if payload[:1] != _PAYLOAD:
            raise ValueError("not a geo result")
        size = int.from_bytes(payload[1:3], "little")
        token = payload[3 : 3 + size].decode("utf-8")
        places: Mapping[str, Place] = {}
        if token:
            current, places = self.registry()
            if token != current:
                raise ValueError(f"made with another gazetteer ({token}), not {current}")
        _LOADING.places = places
        _LOADING.geometries = self.geometries
        try:
            return pickle.loads(zlib.decompress(memoryview(payload)[3 + size :]))  # type: ignore[no-any-return]
        finally:
            _LOADING.places = _LOADING.geometries = None


def load_parsed(payload: bytes, geometries: GeometryStore | None = None) -> ParsedDocument:
    """Unpickle a payload of ``dump_parsed`` (geometries from ``geometries``)."""
    return Loader(geometries if geometries is not None else GeometryStore(None)).load(payload)
