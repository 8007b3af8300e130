"""``geo parse`` and ``geo routes``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from geo.errors import DocumentError


def register(subparsers: Any) -> None:
    # Both commands read article files; each: name, help, description, what --json prints.
    commands = [
        (
            "parse",
            "find and resolve the places articles name (and their movement claims)",
            "Find every place each article names, resolve it, and say why.",
            "print the geo.parse/1 JSON contract",
            _parse,
        ),
        (
            "routes",
            "list the alleged movement routes articles describe",
            "Extract movement claims: status, mover, from → via → to, and the quote.",
            "print the routes as JSON",
            _routes,
        ),
    ]
    for name, summary, description, json_help, handler in commands:
        command = subparsers.add_parser(name, help=summary, description=description)
        _document_options(command)
        command.add_argument("--json", action="store_true", help=json_help)
        command.set_defaults(func=handler)


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
    parser.add_argument(
        "--lang",
        choices=("auto", "ar", "en"),
        default="auto",
        help="the articles' language (default: detected per article from its letters)",
    )


def _parse_files(args: argparse.Namespace) -> tuple[list[Any], list[tuple[str, str]], Any]:
    from geo.corpus.inputs import document_ids
    from geo.corpus.report import WARNING_KEYS
    from geo.document import display_path, read_document
    from geo.gazetteer import Gazetteer
    from geo.pipeline import Parser, corroborate

    gazetteer = Gazetteer.default()
    if getattr(gazetteer, "is_core", False):
        print(
            "geo: note: no gazetteer index is built; using the small embedded core "
            "(run `geo gazetteer build --from DIR` for village-level coverage)",
            file=sys.stderr,
        )
    parser = Parser(gazetteer, overrides=args.overrides, language=args.lang)
    parsed = []
    failures: list[tuple[str, str]] = []
    # Two files of one stem (a/report.txt, b/report.txt) are two documents, as in geo run.
    ids = document_ids(args.files, [])
    for path, doc_id in zip(args.files, ids, strict=True):
        try:
            document = read_document(path, encoding=args.encoding, doc_id=doc_id)
        except DocumentError as error:
            failures.append((display_path(path), str(error)))
            print(f"geo: {error}", file=sys.stderr)
            continue
        for key in WARNING_KEYS:
            if document.metadata.get(key):
                print(f"geo: note: {document.path}: {document.metadata[key]}", file=sys.stderr)
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
