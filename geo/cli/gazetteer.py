"""``geo gazetteer build|info``, ``geo geocode`` and ``geo check``.

Heavy libraries are imported inside the handlers so that ``geo geocode`` starts fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

#: Python packages geo needs, with what each is for.
REQUIRED_PACKAGES = (
    ("shapely", "polygons, point-in-polygon"),
    ("pyproj", "projections"),
    ("geopandas", "GeoPackage export"),
    ("pyogrio", "reading and writing GIS files"),
    ("folium", "Leaflet maps"),
    ("geopy", "geocoder interface"),
    ("rapidfuzz", "fuzzy name suggestions"),
    ("ahocorasick", "place-name recognition (package pyahocorasick)"),
    ("yaml", "analyst overrides (package pyyaml)"),
    ("charset_normalizer", "article encodings"),
    ("selectolax", "HTML articles"),
    ("platformdirs", "data directory"),
)
CHROMIUM = Path("/usr/bin/chromium")
LEAFLET_JS = Path("node_modules") / "leaflet" / "dist" / "leaflet.js"


def register(subparsers: Any) -> None:
    """Add ``gazetteer``, ``geocode`` and ``check`` to the ``geo`` command."""
    from geo.model import PLACE_KINDS

    gazetteer = subparsers.add_parser(
        "gazetteer",
        help="build or describe the gazetteer index",
        description="Build the gazetteer index from source files, or describe the one in use.",
    )
    actions = gazetteer.add_subparsers(dest="gazetteer_command", metavar="ACTION")
    build = actions.add_parser(
        "build",
        help="build the index from a sources folder or URL",
        description=(
            "Build the one-file gazetteer index from a folder, archive or URL of sources; "
            "print what was refused (points outside Syria, swapped coordinates, repeated ids)."
        ),
    )
    build.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="DIR_OR_URL",
        help="folder (or archive) of gazetteer sources, or an http(s) URL of an archive",
    )
    build.add_argument(
        "--out", type=Path, help="index file to write (default: $GEO_HOME/gazetteer.sqlite)"
    )
    build.set_defaults(func=_build)
    info = actions.add_parser(
        "info",
        help="counts by kind and governorate, sources, licences",
        description="Describe the gazetteer in use: counts, sources, licences, refusals.",
    )
    info.add_argument("--json", action="store_true", help="print JSON")
    info.set_defaults(func=_info)
    gazetteer.set_defaults(func=lambda args: _usage(gazetteer))

    geocode = subparsers.add_parser(
        "geocode",
        help="look a place name up in the gazetteer",
        description="Rank the places a name may mean; exit status 1 when nothing matches.",
    )
    geocode.add_argument("query", help="place name, Arabic or Latin script")
    geocode.add_argument("--limit", type=int, default=10, help="most candidates (default 10)")
    geocode.add_argument("--within", metavar="PLACE", help="governorate or district to search in")
    geocode.add_argument(
        "--kind",
        action="append",
        dest="kinds",
        choices=PLACE_KINDS,
        metavar="KIND",
        help=f"keep only this kind (repeatable): {', '.join(PLACE_KINDS)}",
    )
    geocode.add_argument("--json", action="store_true", help="print a JSON array, best first")
    geocode.set_defaults(func=_geocode, parser=geocode)

    check = subparsers.add_parser(
        "check",
        help="say, per dependency and data file, ok or what to do",
        description="Say, for each dependency and data file geo needs, ok or what to do.",
    )
    check.set_defaults(func=_check)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _build(args: argparse.Namespace) -> int:
    import time

    from geo.gazetteer.build import build_index
    from geo.gazetteer.index import Gazetteer
    from geo.gazetteer.validate import BuildReport

    started = time.perf_counter()
    path = build_index(
        args.source, args.out, progress=lambda message: print(f"geo: {message}", file=sys.stderr)
    )
    gazetteer = Gazetteer.load(path)
    print(f"built {path}: {len(gazetteer)} places in {time.perf_counter() - started:.1f} s")
    for line in BuildReport.from_dict(gazetteer.info()["refused"]).lines():
        print(line)
    print(f"attribution: {gazetteer.attribution}")
    return 0


def _info(args: argparse.Namespace) -> int:
    from geo.gazetteer.index import Gazetteer
    from geo.gazetteer.validate import BuildReport

    info = Gazetteer.load(None).info()
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    if info["is_core"]:
        where = "embedded core (no index built: run `geo gazetteer build --from DIR`)"
    elif info["is_packaged"]:
        where = (
            f"the Syria gazetteer shipped with geo ({info['path']}; no index built in "
            "GEO_HOME: `geo gazetteer build --from DIR` makes one)"
        )
    else:
        where = info["path"]
    print(f"index: {where}")
    if info["built"]:
        print(f"built: {info['built']}")
    print(f"places: {info['places']}")
    print("by kind:")
    for kind, count in info["by_kind"].items():
        print(f"  {kind:<14}{count:>7}")
    print("by governorate:")
    for governorate, count in info["by_governorate"].items():
        print(f"  {governorate:<16}{count:>7}")
    print("sources:")
    for source in info["sources"]:
        print(f"  {source['id']:<10}{source['title']} ({source['licence']})")
    for line in BuildReport.from_dict(info["refused"]).lines():
        print(line)
    print(f"attribution: {info['attribution']}")
    return 0


def _geocode(args: argparse.Namespace) -> int:
    from geo.gazetteer.index import Gazetteer

    query = args.query.strip()
    if not query:
        args.parser.print_usage(sys.stderr)
        print("geo geocode: error: the query is empty", file=sys.stderr)
        return 2
    if args.limit < 1:
        args.parser.print_usage(sys.stderr)
        print("geo geocode: error: --limit must be at least 1", file=sys.stderr)
        return 2
    gazetteer = Gazetteer.default()
    candidates = gazetteer.search(query, limit=args.limit, within=args.within, kinds=args.kinds)
    if args.json:
        print(json.dumps([_candidate_json(c) for c in candidates], ensure_ascii=False, indent=2))
        if not candidates:
            _no_match(gazetteer, query, stream=sys.stderr)
            return 1
        return 0
    if not candidates:
        _no_match(gazetteer, query, stream=sys.stdout)
        return 1
    print(
        f"{'score':>5}  {'id':<24} {'name':<26} {'name_ar':<18} {'kind':<12} {'lat':>9} {'lon':>10}  admin"
    )
    for candidate in candidates:
        place = candidate.place
        lat = f"{place.lat:.5f}" if place.lat is not None else "-"
        lon = f"{place.lon:.5f}" if place.lon is not None else "-"
        admin = " / ".join(part for part in (place.admin1, place.admin2) if part)
        print(
            f"{candidate.score:5.3f}  {place.id:<24} {place.name[:26]:<26} {place.name_ar[:18]:<18} "
            f"{place.kind:<12} {lat:>9} {lon:>10}  {admin}"
        )
    if gazetteer.is_core:
        print(
            "(embedded core gazetteer: run `geo gazetteer build --from DIR` for villages)",
            file=sys.stderr,
        )
    return 0


def _candidate_json(candidate: Any) -> dict[str, Any]:
    data = candidate.to_dict()
    data["admin1_id"] = candidate.place.admin1_id
    data["admin2_id"] = candidate.place.admin2_id
    return data


def _no_match(gazetteer: Any, query: str, *, stream: Any) -> None:
    print(f"no match for {query!r}", file=stream)
    suggestions = gazetteer.suggest(query, limit=5)
    if suggestions:
        print("closest:", file=stream)
        for candidate in suggestions:
            place = candidate.place
            admin = ", ".join(part for part in (place.admin2, place.admin1) if part)
            label = f"{place.name} ({place.name_ar})" if place.name_ar else place.name
            print(f"  {label}  {place.kind}  {admin}  [{place.id}]", file=stream)


def _check(args: argparse.Namespace) -> int:
    import importlib.util

    from geo import settings
    from geo.gazetteer.index import CORE_PATH_NAME

    rows = [
        _needed(
            module,
            importlib.util.find_spec(module) is not None,
            purpose,
            fix=f"{purpose}: pip install -e . (or pip install {module})",
        )
        for module, purpose in REQUIRED_PACKAGES
    ]
    leaflet = settings.SOURCE_ROOT / LEAFLET_JS
    core = settings.DATA_DIR / CORE_PATH_NAME
    lexicons = settings.DATA_DIR / "lexicons"
    rows += [
        _needed(
            "chromium",
            CHROMIUM.exists(),
            CHROMIUM,
            fix=f"map screenshots need {CHROMIUM}: apt-get install chromium",
        ),
        _needed(
            "leaflet",
            leaflet.exists(),
            leaflet,
            fix=f"offline maps need {leaflet}: run `npm install` in {settings.SOURCE_ROOT}",
        ),
        _index_row(),
        _needed(
            "core gazetteer",
            core.exists(),
            core,
            fix=f"{core} is missing: restore it from the repository",
        ),
        _needed(
            "lexicons",
            lexicons.is_dir() and any(lexicons.glob("*.tsv")),
            lexicons,
            fix=f"no tables in {lexicons}: restore geo/data/lexicons from the repository",
        ),
    ]
    for status, name, detail in rows:
        print(f"{status:<8}{name:<20}{detail}")
    return 1 if any(status == "MISSING" for status, _, _ in rows) else 0


def _needed(name: str, present: bool, found: object, *, fix: str) -> tuple[str, str, str]:
    """A row of ``geo check``: ``ok`` and where ``name`` is, or ``MISSING`` and how to get it."""
    return ("ok", name, str(found)) if present else ("MISSING", name, fix)


def _index_row() -> tuple[str, str, str]:
    """The index is never missing: without one, geo uses the packaged gazetteer or the core."""
    from geo import settings

    index = settings.index_path()
    packaged = settings.packaged_gazetteer_path()
    if index.exists():
        return ("ok", "index", str(index))
    if packaged.is_file():
        return (
            "ok",
            "index",
            f"none at {index}: using the Syria gazetteer shipped with geo ({packaged}); "
            "`geo gazetteer build --from DIR` makes one",
        )
    return (
        "warn",
        "index",
        f"none at {index}: using the core; run `geo gazetteer build --from DIR`",
    )
