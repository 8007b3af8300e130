"""The gazetteer in memory: places, match keys, ranked search, admin lookups.

An index is one SQLite file (see :mod:`geo.gazetteer.build`): names and keys are read into
memory when it is opened, polygons only when asked for. Without a built index geo runs on
the compact Syria gazetteer shipped in the package (``geo/data/gazetteer/syria.sqlite.gz``,
unpacked once into ``$GEO_HOME/packaged``), and without that on the hand-curated core in
``geo/data/core_gazetteer.csv``.
"""

from __future__ import annotations

import csv
import math
import sqlite3
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

from geo import settings
from geo.distance import haversine_km
from geo.errors import ConfigurationError, GazetteerError
from geo.model import Candidate, Place
from geo.normalize import (
    arabic_key,
    arabic_key_variants,
    has_arabic,
    latin_fold,
    latin_key,
    skeleton,
)

#: Index file format written by :func:`geo.gazetteer.build.build_index` and read here.
INDEX_FORMAT = "geo.gazetteer/1"

#: Places a point lookup (``nearest``, reverse geocoding) returns by default.
SETTLEMENT_KINDS = frozenset({"city", "town", "village", "camp", "neighbourhood"})

#: How much each kind of place stands out when several share a name (0-1).
KIND_PROMINENCE = {
    "city": 1.0,
    "governorate": 0.9,
    "country": 0.9,
    "town": 0.8,
    "district": 0.65,
    "camp": 0.55,
    "village": 0.5,
    "subdistrict": 0.4,
    "neighbourhood": 0.35,
    "region": 0.3,
    "zone": 0.3,
    "other": 0.2,
}

# Score of each way a query can match a name, before prominence is weighed in.
_EXACT = 1.0
_LATIN_EXACT = 1.0
_SKELETON = 0.8
_FUZZY = 0.65
# Share of the final score that prominence (kind, population) may move.
_PROMINENCE_WEIGHT = 0.15

CORE_PATH_NAME = "core_gazetteer.csv"

CORE_SOURCE = {
    "id": "core",
    "title": "geo hand-curated core gazetteer (data/core_gazetteer.csv)",
    "licence": "CC BY 4.0 (facts taken from Who's On First, OpenSyria and GeoNames, cited per row)",
    "attribution": "geo core gazetteer (from Who's On First, OpenSyria, GeoNames)",
    "url": "",
}

_LATIN_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 ")


def _is_latin_name(folded: str) -> bool:
    return bool(folded) and set(folded) <= _LATIN_NAME_CHARS


def name_keys(names: Iterable[str]) -> tuple[set[str], set[str], set[str]]:
    """Return the Arabic keys, Latin keys and skeletons of a place's names.

    Names in other scripts (Cyrillic, Greek, ...) give no key.
    """
    arabic: set[str] = set()
    latin: set[str] = set()
    skeletons: set[str] = set()
    for name in names:
        if has_arabic(name):
            arabic |= arabic_key_variants(name)
            arabic.add(arabic_key(name))
        elif _is_latin_name(latin_fold(name)):
            key = latin_key(name)
            if key:
                latin.add(key)
                latin.add(key.replace(" ", ""))
        else:
            continue
        bones = skeleton(name)
        if len(bones) >= 2:
            skeletons.add(bones)
    arabic.discard("")
    return arabic, latin, skeletons


def place_names(place: Place) -> list[str]:
    """Every name of a place: its English and Arabic names, then all variants."""
    return [name for name in dict.fromkeys((place.name, place.name_ar, *place.names)) if name]


def prominence(place: Place) -> float:
    """How much a place stands out among namesakes, in [0, 1]: its kind, then its population."""
    weight = KIND_PROMINENCE.get(place.kind, 0.2)
    people = min(1.0, math.log10(place.population + 1) / 7.0) if place.population > 0 else 0.0
    return 0.8 * weight + 0.2 * people


class Gazetteer:
    """Places and their match keys, with ranked search and admin lookups.

    Build one with :meth:`load` (an index file, else the core), :meth:`core`,
    :meth:`default` (cached per process) or :meth:`from_places` (tests, custom lists).
    """

    def __init__(
        self,
        places: Mapping[str, Place],
        *,
        arabic: Mapping[str, tuple[str, ...]] | None = None,
        latin: Mapping[str, tuple[str, ...]] | None = None,
        skeletons: Mapping[str, tuple[str, ...]] | None = None,
        sources: list[dict[str, str]] | None = None,
        attribution: str = "",
        path: Path | None = None,
        is_core: bool = False,
        geometries: Mapping[str, Any] | None = None,
        meta: Mapping[str, str] | None = None,
    ) -> None:
        self.places: Mapping[str, Place] = places
        if arabic is None or latin is None or skeletons is None:
            arabic, latin, skeletons = _key_maps(places.values())
        self._arabic = arabic
        self._latin = latin
        self._skeletons = skeletons
        self.sources: list[dict[str, str]] = list(sources or [])
        self.attribution: str = attribution or " | ".join(
            source["attribution"] for source in self.sources if source.get("attribution")
        )
        self.path = path
        self.is_core = is_core
        self.meta: dict[str, str] = dict(meta or {})
        self._geometries: dict[str, Any] = dict(geometries or {})
        self._geometry_loaded: set[str] = set(self._geometries)
        self._prominence = {place_id: prominence(place) for place_id, place in places.items()}
        self._admin_index: tuple[list[tuple[Place, Any]], list[tuple[Place, Any]]] | None = None
        self._fuzzy_choices: dict[str, list[str]] = {}
        self._points: list[tuple[float, float, Place]] | None = None

    # -- construction -------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """Open an index file; with ``None``, the built index if there is one, else the
        compact gazetteer shipped with geo, else the core.

        Raises
        ------
        GazetteerError
            When ``path`` is given but missing, or is not a geo gazetteer index.
        """
        if path is None:
            path = settings.index_path()
            if not path.exists():
                packaged = settings.packaged_gazetteer_path()
                if not packaged.is_file():
                    return cls.core()
                path = unpack_packaged(packaged)
        path = Path(path)
        if not path.is_file():
            raise GazetteerError(
                f"no gazetteer index at {path}: run `geo gazetteer build --from DIR`"
            )
        try:
            return _read_index(path)
        except sqlite3.DatabaseError as error:
            raise GazetteerError(
                f"cannot read gazetteer index {path}: {error}; rebuild it with `geo gazetteer build`"
            ) from error

    @classmethod
    def core(cls) -> Gazetteer:
        """The hand-curated core gazetteer (``geo/data/core_gazetteer.csv``); needs no index or shapely."""
        places = {place.id: place for place in read_core(settings.DATA_DIR / CORE_PATH_NAME)}
        return cls(places, sources=[dict(CORE_SOURCE)], is_core=True)

    @classmethod
    def default(cls) -> Gazetteer:
        """The process-wide gazetteer: ``load(None)``, cached after the first call."""
        global _DEFAULT
        if _DEFAULT is None:
            _DEFAULT = cls.load(None)
        return _DEFAULT

    @classmethod
    def from_places(
        cls, places: Iterable[Place], *, sources: list[dict[str, str]] | None = None
    ) -> Gazetteer:
        """A gazetteer over the given places (keys computed here), e.g. for tests."""
        return cls({place.id: place for place in places}, sources=sources)

    # -- plain access -------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.places)

    @property
    def is_packaged(self) -> bool:
        """Whether this is the compact gazetteer shipped with geo (no index was built)."""
        return self.meta.get("compact") == "1"

    def __repr__(self) -> str:
        where = "core" if self.is_core else str(self.path or "memory")
        return f"<Gazetteer {len(self)} places ({where})>"

    def get(self, place_id: str) -> Place | None:
        """Return the place with this id, or ``None``."""
        return self.places.get(place_id)

    def arabic_keys(self) -> Mapping[str, tuple[str, ...]]:
        """Every Arabic match key (as in running text, article dropped) -> place ids."""
        return self._arabic

    def latin_keys(self) -> Mapping[str, tuple[str, ...]]:
        """Every Latin match key (:func:`geo.normalize.latin_key`) -> place ids."""
        return self._latin

    def by_key(self, key: str) -> list[Place]:
        """Places whose Arabic or Latin key is exactly ``key`` (a key, not a raw name)."""
        ids = self._arabic.get(key, ()) + self._latin.get(key, ())
        return [self.places[place_id] for place_id in dict.fromkeys(ids) if place_id in self.places]

    def governorates(self) -> list[Place]:
        """Syrian governorates, by name."""
        return self._of_kind("governorate")

    def districts(self) -> list[Place]:
        """Syrian districts, by name."""
        return self._of_kind("district")

    def _of_kind(self, kind: str) -> list[Place]:
        return sorted(
            (
                place
                for place in self.places.values()
                if place.kind == kind and place.country == "SY"
            ),
            key=lambda place: place.name,
        )

    # -- search -------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        within: str | None = None,
        kinds: Collection[str] | None = None,
    ) -> list[Candidate]:
        """Rank the places a name may mean, best first.

        Parameters
        ----------
        query
            A place name in Arabic or Latin script, with or without article or diacritics.
        limit
            Most candidates returned.
        within
            Name (either script) or id of a governorate or district to restrict results to.
        kinds
            Keep only places of these kinds.

        Returns
        -------
        list of Candidate
            Each with a score in [0, 1] and a reason saying how the name matched. Exact
            matches come first; a consonant-skeleton match (cross-script, variant spellings)
            next; fuzzy matches only when nothing else matched.

        Raises
        ------
        ConfigurationError
            When ``within`` names no governorate or district.
        """
        if limit <= 0 or not query or not query.strip():
            return []
        allowed = self._within_ids(within) if within else None
        kind_set = frozenset(kinds) if kinds else None
        matches = self._match(query.strip())
        if not matches:
            matches = self._fuzzy(query.strip(), limit=max(limit * 4, 20))
        return self._rank(matches, limit=limit, allowed=allowed, kinds=kind_set)

    def suggest(self, query: str, *, limit: int = 5) -> list[Candidate]:
        """Near misses for a name nothing matched exactly (fuzzy on match keys)."""
        if not query or not query.strip():
            return []
        return self._rank(self._fuzzy(query.strip(), limit=max(limit * 4, 20)), limit=limit)

    def _match(self, query: str) -> dict[str, tuple[float, str]]:
        found: dict[str, tuple[float, str]] = {}

        def add(ids: Iterable[str], score: float, reason: str) -> None:
            for place_id in ids:
                if place_id not in found or found[place_id][0] < score:
                    found[place_id] = (score, reason)

        if has_arabic(query):
            for key in {arabic_key(query), *arabic_key_variants(query)}:
                if key in self._arabic:
                    add(self._arabic[key], _EXACT, f"Arabic name matches {key!r}")
        else:
            key = latin_key(query)
            for variant in (key, key.replace(" ", "")):
                if variant in self._latin:
                    add(self._latin[variant], _LATIN_EXACT, f"Latin name matches {variant!r}")
        bones = skeleton(query)
        if len(bones) >= 2 and bones in self._skeletons:
            add(self._skeletons[bones], _SKELETON, f"consonant skeleton {bones!r} matches")
        return found

    def _fuzzy(self, query: str, *, limit: int) -> dict[str, tuple[float, str]]:
        from rapidfuzz import fuzz, process

        arabic = has_arabic(query)
        key = arabic_key(query) if arabic else latin_key(query)
        if len(key) < 2:
            return {}
        table = self._arabic if arabic else self._latin
        choices = self._fuzzy_choices.get("ar" if arabic else "latin")
        if choices is None:
            choices = list(table)
            self._fuzzy_choices["ar" if arabic else "latin"] = choices
        found: dict[str, tuple[float, str]] = {}
        for choice, ratio, _ in process.extract(
            key, choices, scorer=fuzz.ratio, limit=limit, score_cutoff=60
        ):
            score = _FUZZY * ratio / 100.0
            for place_id in table[choice]:
                if place_id not in found or found[place_id][0] < score:
                    found[place_id] = (score, f"fuzzy: {choice!r} is {ratio:.0f}% like {key!r}")
        return found

    def _rank(
        self,
        matches: Mapping[str, tuple[float, str]],
        *,
        limit: int,
        allowed: frozenset[str] | None = None,
        kinds: frozenset[str] | None = None,
    ) -> list[Candidate]:
        scored: list[tuple[float, int, str, str]] = []
        for place_id, (match, reason) in matches.items():
            place = self.places.get(place_id)
            if place is None:
                continue
            if kinds is not None and place.kind not in kinds:
                continue
            if allowed is not None and not (
                place.admin1_id in allowed or place.admin2_id in allowed or place_id in allowed
            ):
                continue
            score = match * (
                1.0 - _PROMINENCE_WEIGHT + _PROMINENCE_WEIGHT * self._prominence[place_id]
            )
            scored.append((score, place.population, place_id, reason))
        scored.sort(key=lambda item: (-item[0], -item[1], item[2]))
        return [
            Candidate(self.places[place_id], round(min(1.0, max(0.0, score)), 6), reason)
            for score, _, place_id, reason in scored[:limit]
        ]

    def _within_ids(self, within: str) -> frozenset[str]:
        if within in self.places:
            return frozenset({within})
        admin = self.search(within, limit=50, kinds=("governorate", "district"))
        if not admin:
            raise ConfigurationError(f"--within {within!r} names no governorate or district")
        best = admin[0].score
        ids = {candidate.place.id for candidate in admin if candidate.score >= best - 0.05}
        return frozenset(ids)

    # -- geometry -----------------------------------------------------------------------

    def geometry(self, place_id: str) -> Any:
        """The shapely polygon of an admin unit, or ``None`` (loaded lazily from the index)."""
        if place_id in self._geometry_loaded:
            return self._geometries.get(place_id)
        self._geometry_loaded.add(place_id)
        if self.path is None:
            return None
        with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True) as connection:
            row = connection.execute(
                "SELECT wkb FROM geometries WHERE place_id = ?", (place_id,)
            ).fetchone()
        if row is None:
            return None
        from shapely import wkb

        geometry = wkb.loads(row[0])
        self._geometries[place_id] = geometry
        return geometry

    def _load_admin_index(self) -> tuple[list[tuple[Place, Any]], list[tuple[Place, Any]]]:
        if self._admin_index is not None:
            return self._admin_index
        governorates: list[tuple[Place, Any]] = []
        districts: list[tuple[Place, Any]] = []
        ids: list[str] = []
        if self.path is not None:
            with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True) as connection:
                ids = [row[0] for row in connection.execute("SELECT place_id FROM geometries")]
        ids += [place_id for place_id in self._geometries if place_id not in ids]
        if ids:
            from shapely import prepare

            for place_id in ids:
                place = self.places.get(place_id)
                geometry = self.geometry(place_id)
                if place is None or geometry is None:
                    continue
                prepare(geometry)
                if place.kind == "governorate":
                    governorates.append((place, geometry))
                elif place.kind == "district":
                    districts.append((place, geometry))
        self._admin_index = (governorates, districts)
        return self._admin_index

    def admin_of(self, lat: float, lon: float) -> tuple[Place | None, Place | None]:
        """The (governorate, district) whose polygons contain a point.

        Without polygons (the core) the governorate is the one with the nearest centre
        within 150 km, and the district ``None``.
        """
        governorates, districts = self._load_admin_index()
        if not governorates:
            nearest = [
                place
                for place in self.nearest(lat, lon, limit=1, kinds=("governorate",))
                if place.lat is not None
                and place.lon is not None
                and haversine_km(lat, lon, place.lat, place.lon) <= 150
            ]
            return (nearest[0] if nearest else None), None
        from shapely import Point

        point = Point(lon, lat)
        governorate = next((place for place, shape in governorates if shape.covers(point)), None)
        district = next((place for place, shape in districts if shape.covers(point)), None)
        if governorate is None and district is not None and district.admin1_id:
            governorate = self.places.get(district.admin1_id)
        return governorate, district

    def nearest(
        self,
        lat: float,
        lon: float,
        *,
        limit: int = 1,
        kinds: Collection[str] | None = SETTLEMENT_KINDS,
    ) -> list[Place]:
        """The places nearest a point, closest first (settlements unless ``kinds`` says otherwise)."""
        if self._points is None:
            self._points = [
                (place.lat, place.lon, place)
                for place in self.places.values()
                if place.lat is not None and place.lon is not None
            ]
        kind_set = frozenset(kinds) if kinds else None
        coslat = math.cos(math.radians(lat))
        ranked = sorted(
            (
                ((plat - lat) ** 2 + ((plon - lon) * coslat) ** 2, place.id, place)
                for plat, plon, place in self._points
                if kind_set is None or place.kind in kind_set
            ),
            key=lambda item: (item[0], item[1]),
        )
        return [place for _, _, place in ranked[: max(0, limit)]]

    # -- description --------------------------------------------------------------------

    def info(self) -> dict[str, Any]:
        """Counts by kind and by governorate, the sources and licences, the attribution line."""
        by_kind: dict[str, int] = {}
        by_governorate: dict[str, int] = {}
        for place in self.places.values():
            by_kind[place.kind] = by_kind.get(place.kind, 0) + 1
            if place.country == "SY" and place.admin1:
                by_governorate[place.admin1] = by_governorate.get(place.admin1, 0) + 1
        return {
            "path": str(self.path) if self.path else None,
            "is_core": self.is_core,
            "is_packaged": self.is_packaged,
            "places": len(self.places),
            "arabic_keys": len(self._arabic),
            "latin_keys": len(self._latin),
            "by_kind": dict(sorted(by_kind.items(), key=lambda item: -item[1])),
            "by_governorate": dict(sorted(by_governorate.items())),
            "sources": self.sources,
            "attribution": self.attribution,
            "built": self.meta.get("built", ""),
            "refused": _refused(self.meta),
        }


_DEFAULT: Gazetteer | None = None


def _refused(meta: Mapping[str, str]) -> dict[str, Any]:
    """The build's report of refused source records, as stored in the index metadata."""
    import json

    try:
        report = json.loads(meta.get("refused") or "{}")
    except ValueError:
        return {}
    return report if isinstance(report, dict) else {}


def unpack_packaged(packaged: Path) -> Path:
    """The compact gazetteer shipped with geo, unpacked to an index file geo can open.

    It is unpacked once into ``geo_home()/packaged`` under a name holding the digest of the
    packed file (a new geo version unpacks its own); where ``geo_home()`` is not writable, into
    a temporary folder of this process.

    Raises
    ------
    GazetteerError
        When the packaged file cannot be read or unpacked anywhere.
    """
    import gzip
    import hashlib
    import zlib

    try:
        packed = packaged.read_bytes()
    except OSError as error:
        raise GazetteerError(f"cannot read the packaged gazetteer {packaged}: {error}") from error
    name = f"gazetteer-{hashlib.sha256(packed).hexdigest()[:16]}.sqlite"
    target = settings.geo_home() / "packaged" / name
    if target.is_file():
        return target
    try:
        content = gzip.decompress(packed)
    except (OSError, EOFError, zlib.error) as error:
        raise GazetteerError(
            f"the packaged gazetteer {packaged} is damaged ({error}); reinstall geo or build "
            "an index with `geo gazetteer build --from DIR`"
        ) from error
    try:
        _unpack(content, target)
    except OSError:
        target = Path(_private_folder()) / name
        try:
            _unpack(content, target)
        except OSError as error:
            raise GazetteerError(
                f"cannot unpack the packaged gazetteer {packaged}: {error}; set GEO_HOME to a "
                "writable folder or build an index with `geo gazetteer build --from DIR`"
            ) from error
    return target


def _unpack(content: bytes, target: Path) -> None:
    """Write the unpacked index atomically (a half-written file is never seen)."""
    import os
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as sink:
            sink.write(content)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


_PRIVATE_FOLDER: str | None = None


def _private_folder() -> str:
    global _PRIVATE_FOLDER
    if _PRIVATE_FOLDER is None:
        import atexit
        import shutil
        import tempfile

        _PRIVATE_FOLDER = tempfile.mkdtemp(prefix="geo-gazetteer-")
        atexit.register(shutil.rmtree, _PRIVATE_FOLDER, ignore_errors=True)
    return _PRIVATE_FOLDER


def _key_maps(
    places: Iterable[Place],
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    arabic: dict[str, list[str]] = {}
    latin: dict[str, list[str]] = {}
    skeletons: dict[str, list[str]] = {}
    for place in places:
        ar_keys, latin_keys, bones = name_keys(place_names(place))
        for table, keys in ((arabic, ar_keys), (latin, latin_keys), (skeletons, bones)):
            for key in keys:
                table.setdefault(key, []).append(place.id)
    return (
        {key: tuple(ids) for key, ids in arabic.items()},
        {key: tuple(ids) for key, ids in latin.items()},
        {key: tuple(ids) for key, ids in skeletons.items()},
    )


def key_maps(places: Iterable[Place]) -> dict[str, dict[str, tuple[str, ...]]]:
    """The ``ar``, ``latin`` and ``skeleton`` key tables of some places (as stored in an index)."""
    arabic, latin, skeletons = _key_maps(places)
    return {"ar": arabic, "latin": latin, "skeleton": skeletons}


def read_core(path: Path) -> list[Place]:
    """Read the hand-curated core gazetteer CSV into places.

    Raises
    ------
    GazetteerError
        When the file is missing or a row is malformed (the message names the row).
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as error:
        raise GazetteerError(f"cannot read the core gazetteer {path}: {error}") from error
    by_id = {row["id"]: row for row in rows}
    places: list[Place] = []
    for number, row in enumerate(rows, start=2):
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
            population = int(row["population"] or 0)
        except (TypeError, ValueError, KeyError) as error:
            raise GazetteerError(f"{path}: row {number}: {error}") from error
        admin1_id = row.get("admin1") or ""
        admin1 = by_id[admin1_id]["name"] if admin1_id in by_id else ""
        xids = [("source", row["source"])] if row.get("source") else []
        if row.get("pcode"):
            xids.append(("pcode", row["pcode"]))
        names = tuple(name for name in (row.get("names") or "").split("|") if name)
        places.append(
            Place(
                id=row["id"],
                name=row["name"],
                name_ar=row["name_ar"],
                kind=row["kind"],
                lat=lat,
                lon=lon,
                admin1=admin1,
                admin2=row.get("admin2") or "",
                admin1_id=admin1_id if admin1 else "",
                population=population,
                names=names,
                source="core",
                xids=tuple(xids),
                country=row.get("country") or "SY",
            )
        )
    return places


_PLACE_COLUMNS = (
    "id",
    "name",
    "name_ar",
    "kind",
    "lat",
    "lon",
    "admin1",
    "admin2",
    "admin1_id",
    "admin2_id",
    "population",
    "names",
    "source",
    "xids",
    "country",
)


def encode_xids(xids: Iterable[tuple[str, str]]) -> str:
    return "\t".join(f"{key}={value}" for key, value in xids)


def _decode_xids(text: str) -> tuple[tuple[str, str], ...]:
    if not text:
        return ()
    return tuple((pair.partition("=")[0], pair.partition("=")[2]) for pair in text.split("\t"))


def _read_index(path: Path) -> Gazetteer:
    import json

    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        meta = dict(connection.execute("SELECT key, value FROM meta"))
        if meta.get("format") != INDEX_FORMAT:
            raise GazetteerError(
                f"{path} is not a {INDEX_FORMAT} index (format {meta.get('format')!r}); rebuild it"
            )
        places: dict[str, Place] = {}
        columns = ", ".join(_PLACE_COLUMNS)
        for row in connection.execute(f"SELECT {columns} FROM places"):  # noqa: S608 - fixed columns
            places[row[0]] = Place(
                id=row[0],
                name=row[1],
                name_ar=row[2],
                kind=row[3],
                lat=row[4],
                lon=row[5],
                admin1=row[6],
                admin2=row[7],
                admin1_id=row[8],
                admin2_id=row[9],
                population=row[10],
                names=tuple(row[11].split("\n")) if row[11] else (),
                source=row[12],
                xids=_decode_xids(row[13]),
                country=row[14],
            )
        tables: dict[str, dict[str, tuple[str, ...]]] = {"ar": {}, "latin": {}, "skeleton": {}}
        for kind, key, ids in connection.execute("SELECT type, key, ids FROM keys"):
            tables[kind][key] = tuple(ids.split(" "))
    finally:
        connection.close()
    return Gazetteer(
        places,
        arabic=tables["ar"],
        latin=tables["latin"],
        skeletons=tables["skeleton"],
        sources=json.loads(meta.get("sources", "[]")),
        attribution=meta.get("attribution", ""),
        path=path,
        meta=meta,
    )
