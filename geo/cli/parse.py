"""``geo parse``, ``geo routes`` and ``geo eval``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from geo import settings
from geo.errors import DocumentError


def register(subparsers: Any) -> None:
    parse = subparsers.add_parser(
        "parse",
        help="find and resolve the places articles name (and their movement claims)",
        description="Find every place each article names, resolve it, and say why.",
    )
    _document_options(parse)
    parse.add_argument("--json", action="store_true", help="print the geo.parse/1 JSON contract")
    parse.set_defaults(func=_parse)

    routes = subparsers.add_parser(
        "routes",
        help="list the alleged movement routes articles describe",
        description="Extract movement claims: status, mover, from → via → to, and the quote.",
    )
    _document_options(routes)
    routes.add_argument("--json", action="store_true", help="print the routes as JSON")
    routes.set_defaults(func=_routes)

    evaluate = subparsers.add_parser(
        "eval",
        help="score geo against gold annotations (toponyms and routes)",
        description="Parse the sample articles and score them against the gold annotations.",
    )
    evaluate.add_argument(
        "--docs", type=Path, default=None, help="folder of articles (default: seeds/)"
    )
    evaluate.add_argument(
        "--gold",
        type=Path,
        default=None,
        help="folder with seeds-toponyms.json and seeds-routes.json (default: $GEO_EVAL_DIR or ../shared/eval)",
    )
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.add_argument("--overrides", type=Path, default=None, help="analyst overrides YAML")
    evaluate.set_defaults(func=_evaluate)


def _document_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="article files (text or HTML)"
    )
    parser.add_argument(
        "--overrides", type=Path, default=None, help="analyst overrides YAML (pins, added places)"
    )
    parser.add_argument(
        "--encoding", default=None, help="the files' encoding, when detection is not enough"
    )


def _parse_files(args: argparse.Namespace) -> tuple[list[Any], list[tuple[str, str]], Any]:
    from geo.document import read_document
    from geo.gazetteer import Gazetteer
    from geo.pipeline import Parser, corroborate

    gazetteer = Gazetteer.default()
    if getattr(gazetteer, "is_core", False):
        print(
            "geo: note: no gazetteer index is built; using the small embedded core "
            "(run `geo gazetteer build --from DIR` for village-level coverage)",
            file=sys.stderr,
        )
    parser = Parser(gazetteer, overrides=args.overrides)
    parsed = []
    failures: list[tuple[str, str]] = []
    for path in args.files:
        try:
            document = read_document(path, encoding=args.encoding)
        except DocumentError as error:
            failures.append((str(path), str(error)))
            print(f"geo: {error}", file=sys.stderr)
            continue
        parsed.append(parser.parse(document))
    corroborate(parsed)
    return parsed, failures, gazetteer


def _parse(args: argparse.Namespace) -> int:
    from geo.pipeline import parse_json

    parsed, failures, gazetteer = _parse_files(args)
    if args.json:
        payload = parse_json(parsed, gazetteer)
        if failures:
            payload["errors"] = [{"path": path, "error": error} for path, error in failures]
        print(json.dumps(payload, ensure_ascii=False, indent=1))
    else:
        for document in parsed:
            _print_mentions(document)
    return 1 if failures else 0


def _print_mentions(parsed: Any) -> None:
    document = parsed.document
    print(f"# {document.id}: {document.title}")
    if not parsed.mentions:
        print("  (no places found)")
    for mention in parsed.mentions:
        place = mention.place
        where = f"{mention.start}-{mention.end}"
        if place is None:
            print(f"  {where:>11}  {mention.text}  UNRESOLVED  {mention.reason}")
            continue
        admin = ", ".join(
            part for part in (place.admin2, place.admin1) if part and part != place.name
        )
        lat = "" if place.lat is None else f"{place.lat:.4f}"
        lon = "" if place.lon is None else f"{place.lon:.4f}"
        print(
            f"  {where:>11}  {mention.text}  →  {place.name} [{place.kind}{', ' + admin if admin else ''}]"
            f"  {lat},{lon}  {place.id}  conf {mention.confidence:.2f}"
        )
        print(f"  {'':>11}  why: {mention.reason}")
    print()


def _routes(args: argparse.Namespace) -> int:
    parsed, failures, _gazetteer = _parse_files(args)
    if args.json:
        routes = [route.to_dict() for document in parsed for route in document.routes]
        print(json.dumps(routes, ensure_ascii=False, indent=1))
        return 1 if failures else 0
    from geo.routes import route_row

    for document in parsed:
        print(f"# {document.document.id}: {document.document.title}")
        if not document.routes:
            print("  (no movement claims found)")
        for route in document.routes:
            row = route_row(route)
            print(
                f"  [{row.get('status', '')}] {row.get('mover', '')}: {row.get('path', row.get('route', ''))}"
            )
            for key, value in row.items():
                if key not in ("status", "mover", "path", "route") and value:
                    print(f"      {key}: {value}")
        print()
    return 1 if failures else 0


def default_eval_dir() -> Path:
    """Where the gold annotations are: ``$GEO_EVAL_DIR``, else ``../shared/eval`` beside the repo."""
    env = os.environ.get("GEO_EVAL_DIR")
    if env:
        return Path(env)
    return settings.DATA_DIR.parent.parent / "shared" / "eval"


def _evaluate(args: argparse.Namespace) -> int:
    from geo.document import iter_documents
    from geo.evaluate import format_toponym_scores, score_toponyms
    from geo.gazetteer import Gazetteer
    from geo.pipeline import Parser, corroborate

    gold_dir = args.gold or default_eval_dir()
    docs_dir = args.docs or settings.DATA_DIR.parent / "seeds"
    toponyms_gold = gold_dir / "seeds-toponyms.json"
    routes_gold = gold_dir / "seeds-routes.json"
    if not toponyms_gold.is_file():
        print(
            f"geo: error: no gold toponyms at {toponyms_gold}; name the folder with --gold",
            file=sys.stderr,
        )
        return 2
    gazetteer = Gazetteer.default()
    if getattr(gazetteer, "is_core", False):
        print(
            "geo: note: scoring with the embedded core gazetteer; build the full index first",
            file=sys.stderr,
        )
    parser = Parser(gazetteer, overrides=args.overrides)
    parsed = [parser.parse(document) for document in iter_documents([docs_dir])]
    corroborate(parsed)
    toponyms = score_toponyms(parsed, toponyms_gold)
    result: dict[str, Any] = {"toponyms": toponyms.to_dict()}
    report = [format_toponym_scores(toponyms)]
    if routes_gold.is_file():
        try:
            from geo.evaluate_routes import format_route_scores, score_routes
        except ImportError:
            pass
        else:
            route_scores = score_routes(parsed, routes_gold, toponyms_gold)
            result["routes"] = route_scores
            report.append(format_route_scores(route_scores))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True))
    else:
        print("\n\n".join(report))
    return 0
