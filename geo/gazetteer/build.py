"""Building the one-file gazetteer index from whatever sources a folder (or URL) holds.

Sources are merged into one record per real place:

* Who's On First is the backbone (localities, governorates = regions, districts = counties).
* The core gazetteer's rows merge onto the records they cite (``wof:...``), giving the
  governorates their common English names (Deir ez-Zor, Hama, ...); its countries are added.
* OCHA polygons and OpenSyria governorates merge onto governorates by P-code, GeoNames id or
  name; OpenSyria districts onto WOF counties by point-in-polygon and name; OpenSyria
  subdistricts are kept as ``subdistrict`` places (their point is the nahiya centroid).
* GeoNames rows join on ``gn_id`` (adding names and population); the rest are kept as ``gn:``.
* Places without a governorate or district get one by point-in-polygon.

The index is written to a temporary file beside the target and renamed into place, so a
failed build leaves any previous index untouched.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import sqlite3
import tarfile
import tempfile
import time
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from geo import settings
from geo._io import atomic_path, atomic_writer
from geo.errors import GazetteerError
from geo.gazetteer.index import (
    CORE_PATH_NAME,
    CORE_SOURCE,
    INDEX_FORMAT,
    encode_xids,
    key_maps,
    read_core,
)
from geo.gazetteer.sources import (
    DetectedSources,
    SourceRecord,
    detect_sources,
    settlement_kind,
)
from geo.gazetteer.validate import BuildReport, valid_records
from geo.model import Place
from geo.normalize import arabic_key, has_arabic, skeleton

#: Most bytes a ``--from URL`` download may have.
MAX_DOWNLOAD_BYTES = 2 * 1024**3

_SETTLEMENTS = ("city", "town", "village")
# A core row that names no record present in the sources is the same place as a sourced
# record of the same Arabic name within this distance.
_CORE_SAME_PLACE_KM = 10.0


#: The fields a draft takes over from a source record, all of them.
_RECORD_FIELDS = tuple(f.name for f in fields(SourceRecord))


@dataclass(slots=True)
class _Draft(SourceRecord):
    """A place being merged: the first source's record, grown by what the others add."""

    sources: set[str] = field(default_factory=set)
    merged: list[str] = field(default_factory=list)
    curated_kind: str = ""

    @classmethod
    def of(cls, record: SourceRecord, source: str) -> _Draft:
        """A draft holding everything ``record`` says (its names in order, deduplicated)."""
        values = {name: getattr(record, name) for name in _RECORD_FIELDS}
        values["names"] = list(dict.fromkeys(record.names))
        return cls(**values, sources={source})

    def absorb(self, record: SourceRecord, source: str) -> None:
        """Merge another source's view of the same place (names, ids, missing facts)."""
        for name in (record.name, record.name_ar, *record.names):
            if name and name not in self.names:
                self.names.append(name)
        if not self.name_ar and record.name_ar:
            self.name_ar = record.name_ar
        if record.population > self.population and (self.population == 0 or source != "wof"):
            self.population = record.population
        self.gn_id = self.gn_id or record.gn_id
        self.wd_id = self.wd_id or record.wd_id
        self.pcode = self.pcode or record.pcode
        self.fcode = self.fcode or record.fcode
        if self.lat is None and record.lat is not None:
            self.lat, self.lon = record.lat, record.lon
        self.sources.add(source)
        if record.id != self.id:
            self.merged.append(record.id)


class _Merger:
    def __init__(self) -> None:
        self.drafts: dict[str, _Draft] = {}
        self.alias: dict[str, str] = {}
        self.by_gn: dict[str, str] = {}
        self.sources_used: list[dict[str, str]] = []

    def add(self, record: SourceRecord, source: str) -> _Draft:
        draft = _Draft.of(record, source)
        self.drafts[draft.id] = draft
        if draft.gn_id:
            self.by_gn.setdefault(draft.gn_id, draft.id)
        return draft

    def merge(self, draft: _Draft, record: SourceRecord, source: str) -> None:
        draft.absorb(record, source)
        self.alias[record.id] = draft.id
        if record.gn_id:
            self.by_gn.setdefault(record.gn_id, draft.id)

    def resolve(self, place_id: str) -> str:
        seen = 0
        while place_id in self.alias and seen < 5:
            place_id = self.alias[place_id]
            seen += 1
        return place_id if place_id in self.drafts else ""

    def of_kind(self, kind: str) -> list[_Draft]:
        return [
            draft for draft in self.drafts.values() if draft.kind == kind and draft.country == "SY"
        ]


def build_index(
    source: str | Path,
    out: Path | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Build the gazetteer index from a folder of sources, an archive or an http(s) URL.

    Parameters
    ----------
    source
        A folder holding any subset of the known source files (detected by name), an
        archive (``.zip``, ``.tar.gz``) of such files, or an ``http(s)://`` URL of one
        (GeoNames' ``SY.zip``, a Who's On First repository archive): downloaded to a
        temporary folder first. Only this option ever touches the network.
    out
        Index file to write; defaults to :func:`geo.settings.index_path`.
    progress
        Called with a short message at each stage.

    Returns
    -------
    Path
        The index written. It replaces ``out`` atomically; on error ``out`` is untouched.

    Raises
    ------
    SourceFormatError
        A source file is malformed (the message names file and row).
    GazetteerError
        Nothing usable was found, the download failed, or the index could not be written.
    """
    out = Path(out) if out is not None else settings.index_path()
    say = progress or (lambda message: None)
    with tempfile.TemporaryDirectory(prefix="geo-sources-") as scratch:
        folder = _source_folder(source, Path(scratch), say)
        found = _detect(folder, Path(scratch) / "inner", source)
        say("reading sources")
        report = BuildReport()
        places, geometries, sources = _merge(found, say, report)
        say(f"writing {len(places)} places")
        meta = {
            "refused": json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=True),
            "sources_digest": sources_digest(folder),
        }
        _write_index(places, geometries, sources, out, meta)
    from geo.gazetteer import index as _index

    _index._DEFAULT = None  # the next Gazetteer.default() sees the new index
    return out


def sources_digest(folder: Path) -> str:
    """SHA-256 over the files of a source folder (their paths and contents), in path order."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*"), key=lambda item: item.as_posix()):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode("utf-8", "surrogateescape"))
            digest.update(b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _source_folder(source: str | Path, scratch: Path, say: Callable[[str], None]) -> Path:
    """The folder holding the sources: ``source`` itself, or an archive or download unpacked."""
    text = str(source)
    if text.startswith(("http://", "https://")):
        say(f"downloading {text}")
        return _download(text, scratch)
    path = Path(source).expanduser()
    if path.is_dir():
        return path
    if path.is_file() and _is_archive(path):
        folder = scratch / "extracted"
        _extract(path, folder)
        return folder
    raise GazetteerError(f"gazetteer sources not found: {path} is not a folder, archive or URL")


def _detect(folder: Path, inner: Path, source: str | Path) -> DetectedSources:
    """The source files of ``folder`` and of the zip files in it (unpacked into ``inner``)."""
    _expand_archives(folder, inner)
    found = detect_sources(folder)
    if inner.is_dir():
        extra = detect_sources(inner)
        for name in found.__slots__:  # type: ignore[attr-defined]
            getattr(found, name).extend(getattr(extra, name))
    if not found:
        raise GazetteerError(
            f"no gazetteer sources found in {source}: expected Who's On First "
            "(wof_*places*.csv.gz, <id>.geojson), OpenSyria (governorates.json ...), OCHA "
            "(*admin1*.geojson) or GeoNames (SY.txt, cities500.txt, geonames*.csv) files"
        )
    return found


# -- the compact gazetteer shipped with geo -------------------------------------------------

#: Files of a source folder that say where its data came from and under which licence.
NOTICE_PATTERNS = ("README.md", "PROVENANCE.md", "LICENSE*")


def build_compact(
    source: str | Path,
    out_dir: Path | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Write the compact Syria gazetteer that geo ships as package data.

    It is the index :func:`build_index` makes of ``source``, made reproducible (no build
    time, keys and polygons in a fixed order, vacuumed) and gzip'ed, with each source's
    provenance and licence files copied beside it and a README saying what it holds.
    ``Gazetteer.load`` uses it when no index has been built in ``geo_home()``.

    Parameters
    ----------
    source
        The source folder (``../shared/data/gazetteer-sources``), archive or URL.
    out_dir
        Folder to write into; defaults to the package's ``geo/data/gazetteer``.

    Returns
    -------
    Path
        The gzip'ed index written (``syria.sqlite.gz``).
    """
    target = settings.packaged_gazetteer_path()
    if out_dir is not None:
        target = Path(out_dir) / target.name
    target.parent.mkdir(parents=True, exist_ok=True)
    say = progress or (lambda message: None)
    with tempfile.TemporaryDirectory(prefix="geo-compact-") as scratch:
        index = build_index(source, Path(scratch) / "gazetteer.sqlite", progress=progress)
        _make_reproducible(index)
        say(f"compressing into {target}")
        _gzip_into(index, target)
        meta = _read_meta(index)
    notices = target.parent / "sources"
    source_path = Path(str(source)).expanduser()
    if source_path.is_dir():
        _copy_notices(source_path, notices)
    _write_compact_readme(target, meta, notices)
    return target


def _make_reproducible(index: Path) -> None:
    connection = sqlite3.connect(index)
    try:
        connection.execute("UPDATE meta SET value = '' WHERE key = 'built'")
        connection.execute("INSERT OR REPLACE INTO meta VALUES ('compact', '1')")
        connection.commit()
        connection.execute("VACUUM")
    finally:
        connection.close()


def _read_meta(index: Path) -> dict[str, str]:
    connection = sqlite3.connect(index)
    try:
        return dict(connection.execute("SELECT key, value FROM meta"))
    finally:
        connection.close()


def _gzip_into(path: Path, target: Path) -> None:
    with (
        atomic_writer(target) as sink,
        open(path, "rb") as origin,
        gzip.GzipFile(filename="", mode="wb", fileobj=sink, mtime=0) as packed,
    ):
        shutil.copyfileobj(origin, packed)


def _copy_notices(folder: Path, notices: Path) -> None:
    """Copy every provenance, licence and README file of the sources, keeping their folders."""
    if notices.is_dir():
        shutil.rmtree(notices)
    for pattern in NOTICE_PATTERNS:
        for path in sorted(folder.rglob(pattern)):
            if path.is_file():
                copy = notices / path.relative_to(folder)
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, copy)


def _write_compact_readme(target: Path, meta: dict[str, str], notices: Path) -> None:
    sources = json.loads(meta.get("sources", "[]"))
    lines = [
        "# The compact Syria gazetteer shipped with geo",
        "",
        f"`{target.name}` is a gzip'ed geo gazetteer index ({meta.get('format', '')}) of "
        f"{meta.get('places', '?')} places, generated by `scripts/build_compact_gazetteer.py` "
        "from the gazetteer sources (never committed themselves). geo opens it when no index "
        "has been built in `$GEO_HOME` (`geo gazetteer build --from DIR|URL` makes one).",
        "",
        f"Sources digest (SHA-256 of the source files): `{meta.get('sources_digest', '')}`",
        "",
        "## Sources and licences",
        "",
    ]
    lines += [
        f"- {source.get('title', source.get('id', ''))}: {source.get('licence', '')}. "
        f"Attribution: {source.get('attribution', '')}"
        for source in sources
    ]
    if notices.is_dir():
        lines += [
            "",
            "Each source's provenance and licence texts, as the sources folder holds them:",
            "",
        ]
        lines += [
            f"- `sources/{path.relative_to(notices).as_posix()}`"
            for path in sorted(notices.rglob("*"))
            if path.is_file()
        ]
    target.with_name("README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- download and archives ---------------------------------------------------------------


def _download(url: str, folder: Path) -> Path:
    name = Path(urllib.parse.urlparse(url).path).name or "download"
    target = folder / name
    request = urllib.request.Request(url, headers={"User-Agent": "geo-gazetteer-build"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response, open(target, "wb") as sink:  # noqa: S310
            total = 0
            while chunk := response.read(1 << 20):
                total += len(chunk)
                if total > MAX_DOWNLOAD_BYTES:
                    raise GazetteerError(f"download of {url} exceeds {MAX_DOWNLOAD_BYTES} bytes")
                sink.write(chunk)
    except (OSError, ValueError) as error:
        raise GazetteerError(f"cannot download gazetteer sources from {url}: {error}") from error
    extracted = folder / "extracted"
    if _is_archive(target):
        _extract(target, extracted)
        return extracted
    extracted.mkdir()
    shutil.move(str(target), extracted / name)
    return extracted


def _is_archive(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".zip", ".tar.gz", ".tgz", ".tar"))


def _extract(archive: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    try:
        if archive.name.lower().endswith(".zip"):
            with zipfile.ZipFile(archive) as bundle:
                root = folder.resolve()
                for member in bundle.namelist():
                    if not (folder / member).resolve().is_relative_to(root):
                        raise GazetteerError(f"{archive}: unsafe path in archive: {member!r}")
                bundle.extractall(folder)
        else:
            with tarfile.open(archive) as bundle:
                bundle.extractall(folder, filter="data")
    except (zipfile.BadZipFile, tarfile.TarError, OSError) as error:
        raise GazetteerError(f"cannot unpack {archive}: {error}") from error


def _expand_archives(folder: Path, inner: Path) -> None:
    """Unpack zip files found among the sources (GeoNames ships SY.zip holding SY.txt)."""
    for number, archive in enumerate(sorted(folder.rglob("*.zip"))):
        _extract(archive, inner / str(number))


# -- merging -----------------------------------------------------------------------------


def _read_all(found: Any, report: BuildReport) -> dict[str, list[SourceRecord]]:
    """Every source's records that pass :mod:`geo.gazetteer.validate`, by source."""
    from geo.gazetteer.sources import geonames, ocha, opensyria, wof

    readers: dict[str, list[Iterable[SourceRecord]]] = {
        "wof": [wof.read_wof_places(path) for path in found.wof_places],
        "wof_polygons": [wof.read_wof_polygons(path) for path in found.wof_polygons],
        "ocha": [ocha.read_ocha_admin1(path) for path in found.ocha_admin1],
        "opensyria": [],
        "geonames": [geonames.read_geonames_table(path) for path in found.geonames_tables],
    }
    readers["wof"].append(wof.read_wof_records(found.wof_records))
    order = {"governorates.json": 0, "districts.json": 1, "subdistricts.json": 2}
    for path in sorted(found.opensyria, key=lambda item: order.get(item.name.lower(), 3)):
        readers["opensyria"].append(opensyria.read_opensyria(path))
    readers["geonames"].extend(geonames.read_geonames_csv(path) for path in found.geonames_csv)
    return {
        source: list(
            valid_records(
                (record for reader in parts for record in reader), source=source, report=report
            )
        )
        for source, parts in readers.items()
    }


def _shape(geometry: dict[str, Any]) -> Any:
    from shapely.geometry import shape

    polygon = shape(geometry)
    return polygon if polygon.is_valid else polygon.buffer(0)


def _name_keys(draft: _Draft) -> set[str]:
    keys: set[str] = set()
    for name in (draft.name, draft.name_ar, *draft.names):
        if not name:
            continue
        keys.add(arabic_key(name) if has_arabic(name) else "")
        bones = skeleton(name)
        if len(bones) >= 3:
            keys.add("#" + bones)
    keys.discard("")
    return keys


def _merge(
    found: Any, say: Callable[[str], None], report: BuildReport
) -> tuple[list[Place], dict[str, Any], list[dict[str, str]]]:
    from geo.gazetteer.sources import geonames, ocha, opensyria, wof

    records = _read_all(found, report)
    merger = _Merger()
    if _merge_wof(merger, records["wof"], records["wof_polygons"]):
        merger.sources_used.append(dict(wof.SOURCE))
    pending_core = _merge_core(merger)
    merger.sources_used.append(dict(CORE_SOURCE))
    if _merge_ocha(merger, records["ocha"]):
        merger.sources_used.append(dict(ocha.SOURCE))
    if _merge_opensyria(merger, records["opensyria"]):
        merger.sources_used.append(dict(opensyria.SOURCE))
    if _merge_geonames(merger, records["geonames"]):
        merger.sources_used.append(dict(geonames.SOURCE))
    # Core rows whose cited record is absent: same place as a sourced namesake nearby, else kept.
    _place_pending_core(merger, pending_core)

    say("assigning governorates and districts")
    _assign_hierarchy(merger)
    places = _finish(merger)
    geometries = {
        draft_id: draft.geometry
        for draft_id, draft in merger.drafts.items()
        if draft.geometry is not None
        and draft.kind in ("governorate", "district", "country", "other")
    }
    return places, geometries, merger.sources_used


def _merge_wof(merger: _Merger, places: list[SourceRecord], polygons: list[SourceRecord]) -> bool:
    """Who's On First, the backbone: its places, then its polygons onto them."""
    for record in places:
        merger.add(record, "wof")
    for record in polygons:
        draft = merger.drafts.get(record.id)
        if draft is None:
            draft = merger.add(record, "wof")
        if record.geometry is not None:
            draft.geometry = record.geometry
    return bool(places or polygons)


def _core_record(place: Place) -> SourceRecord:
    return SourceRecord(
        id=place.id,
        name=place.name,
        name_ar=place.name_ar,
        kind=place.kind,
        lat=place.lat,
        lon=place.lon,
        names=list(place.names),
        population=place.population,
        parent1=place.admin1_id,
        pcode=dict(place.xids).get("pcode", ""),
        country=place.country,
    )


def _merge_core(merger: _Merger) -> list[SourceRecord]:
    """The core: common names for governorates, the countries; returns the rows left over."""
    pending: list[SourceRecord] = []
    for place in read_core(settings.DATA_DIR / CORE_PATH_NAME):
        record = _core_record(place)
        cited = dict(place.xids).get("source", "")
        target = merger.drafts.get(cited) if cited.startswith("wof:") else None
        if target is None:
            pending.append(record)
            continue
        merger.merge(target, record, "core")
        if target.kind in ("governorate", "country"):
            target.name = place.name
            target.name_ar = place.name_ar or target.name_ar
        elif target.kind in _SETTLEMENTS and place.kind in _SETTLEMENTS:
            target.curated_kind = place.kind
    return pending


def _merge_ocha(merger: _Merger, records: list[SourceRecord]) -> bool:
    """OCHA governorate polygons, onto governorates (a new one placed inside its polygon)."""
    governorates = merger.of_kind("governorate")
    for record in records:
        target = _find_admin(governorates, record)
        if target is None:
            shape = _shape(record.geometry) if record.geometry else None
            if shape is not None:
                point = shape.representative_point()
                record.lat, record.lon = round(point.y, 6), round(point.x, 6)
            target = merger.add(record, "ocha")
            governorates.append(target)
        else:
            merger.merge(target, record, "ocha")
        target.geometry = record.geometry
    return bool(records)


def _merge_opensyria(merger: _Merger, records: list[SourceRecord]) -> bool:
    """OpenSyria governorates and districts onto WOF's; subdistricts kept as they are."""
    governorates = merger.of_kind("governorate")
    district_shapes: list[tuple[_Draft, Any]] | None = None
    for record in records:
        if record.kind == "governorate":
            target = _find_admin(governorates, record)
            if target is None:
                governorates.append(merger.add(record, "opensyria"))
            else:
                merger.merge(target, record, "opensyria")
        elif record.kind == "district":
            if district_shapes is None:
                district_shapes = [
                    (draft, _shape(draft.geometry))
                    for draft in merger.of_kind("district")
                    if draft.geometry
                ]
            target = _find_district(district_shapes, record, merger)
            if target is None:
                merger.add(record, "opensyria")
            else:
                merger.merge(target, record, "opensyria")
                target.parent1 = target.parent1 or record.parent1
        else:
            merger.add(record, "opensyria")
    return bool(records)


def _merge_geonames(merger: _Merger, records: list[SourceRecord]) -> bool:
    """GeoNames: joined on ``gn_id``; the rest kept as ``gn:`` places."""
    for record in records:
        target_id = merger.by_gn.get(record.gn_id, "")
        target = merger.drafts.get(target_id) if target_id else None
        if target is None:
            merger.add(record, "geonames")
        else:
            merger.merge(target, record, "geonames")
    return bool(records)


def _find_admin(candidates: Iterable[_Draft], record: SourceRecord) -> _Draft | None:
    """The governorate a record describes: same P-code, GeoNames id, or Arabic/Latin name."""
    candidates = list(candidates)
    if record.pcode:
        for draft in candidates:
            if draft.pcode == record.pcode:
                return draft
    if record.gn_id:
        for draft in candidates:
            if draft.gn_id == record.gn_id:
                return draft
    probe = _Draft.of(record, "")
    keys = _name_keys(probe)
    arabic = {key for key in keys if not key.startswith("#")}
    for draft in candidates:
        if arabic & _name_keys(draft):
            return draft
    return None


def _find_district(
    shapes: list[tuple[_Draft, Any]], record: SourceRecord, merger: _Merger
) -> _Draft | None:
    """The WOF county an OpenSyria district describes: its centroid inside, name agreeing."""
    from shapely import Point

    parent = merger.resolve(record.parent1)
    keys = _name_keys(_Draft.of(record, ""))
    containing: list[_Draft] = []
    if record.lat is not None and record.lon is not None:
        point = Point(record.lon, record.lat)
        containing = [draft for draft, shape in shapes if shape.covers(point)]
    same_name = [
        draft
        for draft, _ in shapes
        if keys & _name_keys(draft)
        and (not parent or merger.resolve(draft.parent1) in ("", parent))
    ]
    for draft in containing:
        if draft in same_name:
            return draft
    if len(containing) == 1 and not any(draft.pcode for draft in containing):
        return containing[0] if containing[0].id not in merger.alias.values() else None
    return same_name[0] if len(same_name) == 1 else None


def _place_pending_core(merger: _Merger, pending: list[SourceRecord]) -> None:
    from geo.distance import haversine_km

    by_key: dict[str, list[_Draft]] = {}
    for draft in merger.drafts.values():
        for name in (draft.name_ar, *draft.names):
            if name and has_arabic(name):
                by_key.setdefault(arabic_key(name), []).append(draft)
    for record in pending:
        match = None
        if record.kind != "country" and record.lat is not None and record.lon is not None:
            for draft in by_key.get(arabic_key(record.name_ar), []):
                if draft.lat is None or draft.lon is None:
                    continue
                same_family = (draft.kind in _SETTLEMENTS) == (record.kind in _SETTLEMENTS)
                if (
                    same_family
                    and haversine_km(record.lat, record.lon, draft.lat, draft.lon)
                    <= _CORE_SAME_PLACE_KM
                ):
                    match = draft
                    break
        if record.kind == "country" and record.country == "SY":
            match = next(
                (d for d in merger.drafts.values() if d.kind == "country" and d.country == "SY"),
                None,
            )
        if match is None:
            merger.add(record, "core")
        else:
            merger.merge(match, record, "core")
            if match.kind in ("governorate", "country"):
                match.name = record.name


class _Locator:
    """Point-in-polygon lookups over admin units of one kind (an STRtree of their polygons)."""

    def __init__(self, drafts: list[_Draft]) -> None:
        from shapely.strtree import STRtree

        self.drafts = [draft for draft in drafts if draft.geometry]
        shapes = [_shape(draft.geometry) for draft in self.drafts if draft.geometry]
        self.tree = STRtree(shapes) if shapes else None

    def locate(self, point: Any) -> _Draft | None:
        if self.tree is None:
            return None
        hits = self.tree.query(point, predicate="covered_by")
        if len(hits):
            return self.drafts[int(min(hits))]
        nearest = self.tree.nearest(point)
        if nearest is None:
            return None
        # Points just over a simplified border (a few km) still belong to it.
        if self.tree.geometries[int(nearest)].distance(point) < 0.05:
            return self.drafts[int(nearest)]
        return None


def _assign_hierarchy(merger: _Merger) -> None:
    from shapely import Point

    governorate_ids = {d.id for d in merger.of_kind("governorate")}
    district_ids = {d.id for d in merger.of_kind("district")}
    for draft in merger.drafts.values():
        parent1 = merger.resolve(draft.parent1) if draft.parent1 else ""
        parent2 = merger.resolve(draft.parent2) if draft.parent2 else ""
        draft.parent1 = parent1 if parent1 in governorate_ids else ""
        draft.parent2 = parent2 if parent2 in district_ids else ""
    governorates = _Locator([merger.drafts[i] for i in sorted(governorate_ids)])
    districts = _Locator([merger.drafts[i] for i in sorted(district_ids)])
    centres = [d for d in merger.drafts.values() if d.id in governorate_ids and d.lat is not None]
    for draft in merger.drafts.values():
        if draft.country != "SY" or draft.kind in ("country", "governorate") or draft.lat is None:
            continue
        if draft.id == "wof:85681385" or draft.lon is None:
            continue
        point = Point(draft.lon, draft.lat)
        if not draft.parent2 and draft.kind != "district":
            district = districts.locate(point)
            if district is not None:
                draft.parent2 = district.id
        if not draft.parent1:
            governorate = _governorate_of(merger, draft, point, governorates, centres)
            if governorate is not None:
                draft.parent1 = governorate.id


def _governorate_of(
    merger: _Merger, draft: _Draft, point: Any, governorates: _Locator, centres: list[_Draft]
) -> _Draft | None:
    """The governorate holding a point; its district's; or, without polygons, the nearest."""
    from geo.distance import haversine_km

    governorate = governorates.locate(point)
    if governorate is None and draft.parent2:
        governorate_id = merger.drafts[draft.parent2].parent1
        governorate = merger.drafts.get(governorate_id) if governorate_id else None
    if governorate is None and governorates.tree is None and centres:
        lat, lon = point.y, point.x
        governorate = min(centres, key=lambda g: haversine_km(lat, lon, g.lat or 0.0, g.lon or 0.0))
    return governorate


def _finish(merger: _Merger) -> list[Place]:
    places: list[Place] = []
    for draft in merger.drafts.values():
        names = [name for name in draft.names if name and name not in (draft.name, draft.name_ar)]
        if draft.curated_kind:
            draft.kind = draft.curated_kind
        elif draft.kind in _SETTLEMENTS:
            draft.kind = settlement_kind(
                [draft.name, draft.name_ar, *names], draft.population, draft.fcode
            )
        xids: list[tuple[str, str]] = []
        if draft.gn_id:
            xids.append(("geonames", draft.gn_id))
        if draft.wd_id:
            xids.append(("wikidata", draft.wd_id))
        if draft.pcode:
            xids.append(("pcode", draft.pcode))
        xids.extend(("merged", merged) for merged in draft.merged)
        parent1 = merger.drafts.get(draft.parent1) if draft.parent1 else None
        parent2 = merger.drafts.get(draft.parent2) if draft.parent2 else None
        if draft.kind == "governorate" and draft.country == "SY":
            parent1 = draft
        if draft.kind == "district" and parent2 is None:
            parent2 = draft
        places.append(
            Place(
                id=draft.id,
                name=draft.name or draft.name_ar,
                name_ar=draft.name_ar,
                kind=draft.kind,
                lat=None if draft.lat is None else round(draft.lat, 6),
                lon=None if draft.lon is None else round(draft.lon, 6),
                admin1=parent1.name if parent1 else "",
                admin2=parent2.name if parent2 else "",
                admin1_id=parent1.id if parent1 else "",
                admin2_id=parent2.id if parent2 else "",
                population=draft.population,
                names=tuple(names),
                source="+".join(sorted(draft.sources)),
                xids=tuple(xids),
                country=draft.country,
            )
        )
    return places


# -- writing -----------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, name_ar TEXT NOT NULL, kind TEXT NOT NULL,
    lat REAL, lon REAL, admin1 TEXT NOT NULL, admin2 TEXT NOT NULL,
    admin1_id TEXT NOT NULL, admin2_id TEXT NOT NULL, population INTEGER NOT NULL,
    names TEXT NOT NULL, source TEXT NOT NULL, xids TEXT NOT NULL, country TEXT NOT NULL
);
CREATE TABLE keys (type TEXT NOT NULL, key TEXT NOT NULL, ids TEXT NOT NULL, PRIMARY KEY (type, key));
CREATE TABLE geometries (place_id TEXT PRIMARY KEY, wkb BLOB NOT NULL);
"""


def _write_index(
    places: list[Place],
    geometries: dict[str, Any],
    sources: list[dict[str, str]],
    out: Path,
    extra_meta: dict[str, str],
) -> None:
    try:
        with atomic_path(out) as temporary_path:
            _write_tables(temporary_path, places, geometries, sources, extra_meta)
    except sqlite3.Error as error:
        raise GazetteerError(f"cannot write gazetteer index {out}: {error}") from error


def _write_tables(
    path: Path,
    places: list[Place],
    geometries: dict[str, Any],
    sources: list[dict[str, str]],
    extra_meta: dict[str, str],
) -> None:
    from shapely import to_wkb

    connection = sqlite3.connect(path)
    try:
        connection.executescript(_SCHEMA)
        attribution = " | ".join(
            source["attribution"] for source in sources if source.get("attribution")
        )
        meta = {
            "format": INDEX_FORMAT,
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "sources": json.dumps(sources, ensure_ascii=False),
            "attribution": attribution,
            "places": str(len(places)),
            **extra_meta,
        }
        connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        connection.executemany(
            "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    p.id,
                    p.name,
                    p.name_ar,
                    p.kind,
                    p.lat,
                    p.lon,
                    p.admin1,
                    p.admin2,
                    p.admin1_id,
                    p.admin2_id,
                    p.population,
                    "\n".join(p.names),
                    p.source,
                    encode_xids(p.xids),
                    p.country,
                )
                for p in places
            ),
        )
        for kind, table in key_maps(places).items():
            connection.executemany(
                "INSERT INTO keys VALUES (?, ?, ?)",
                ((kind, key, " ".join(table[key])) for key in sorted(table)),
            )
        connection.executemany(
            "INSERT INTO geometries VALUES (?, ?)",
            (
                (place_id, to_wkb(_shape(geometry)))
                for place_id, geometry in sorted(geometries.items())
            ),
        )
        connection.commit()
    finally:
        connection.close()
