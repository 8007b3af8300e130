"""``geo eval``: score geo against the samples' gold annotations or the development set."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from geo import settings


def register(subparsers: Any) -> None:
    evaluate = subparsers.add_parser(
        "eval",
        help="score geo against gold annotations (toponyms and routes)",
        description=(
            "Parse the sample articles and score them against the gold annotations; with "
            "--dev (or a gold.jsonl given to --gold), score the development set of real "
            "excerpts per language and list every error with its context."
        ),
    )
    evaluate.add_argument(
        "--dev",
        action="store_true",
        help="score the development set (default gold: $GEO_EVAL_DIR/dev/gold.jsonl or "
        "../shared/eval/dev/gold.jsonl; default texts: .cache/dev/texts)",
    )
    evaluate.add_argument(
        "--docs",
        type=Path,
        default=None,
        help="folder of articles (default: seeds/, or .cache/dev/texts with --dev)",
    )
    evaluate.add_argument(
        "--gold",
        type=Path,
        default=None,
        help="folder with seeds-toponyms.json and seeds-routes.json (default: $GEO_EVAL_DIR "
        "or ../shared/eval), or a development-set gold.jsonl",
    )
    evaluate.add_argument(
        "--json", action="store_true", help="print the figures (and errors) as JSON"
    )
    evaluate.add_argument("--overrides", type=Path, default=None, help="analyst overrides YAML")
    evaluate.set_defaults(func=_evaluate)


def default_eval_dir() -> Path:
    """Where the gold annotations are: ``$GEO_EVAL_DIR``, else ``../shared/eval`` beside the repo."""
    env = os.environ.get("GEO_EVAL_DIR")
    if env:
        return Path(env)
    return settings.SOURCE_ROOT.parent / "shared" / "eval"


def default_dev_texts() -> Path:
    """Where the restored development texts are: ``.cache/dev/texts`` in the repo."""
    return settings.SOURCE_ROOT / ".cache" / "dev" / "texts"


def _parser(overrides: Path | None) -> Any:
    from geo.gazetteer import Gazetteer
    from geo.parse import Parser

    gazetteer = Gazetteer.default()
    if getattr(gazetteer, "is_core", False):
        print(
            "geo: note: scoring with the embedded core gazetteer; build the full index first",
            file=sys.stderr,
        )
    return Parser(gazetteer, overrides=overrides)


def _evaluate(args: argparse.Namespace) -> int:
    if args.dev or (args.gold is not None and args.gold.suffix == ".jsonl"):
        return _evaluate_dev(args)
    from geo.document import iter_documents
    from geo.evaluate import format_toponym_scores, score_toponyms
    from geo.evaluate_routes import format_route_scores, score_routes
    from geo.parse import corroborate

    gold_dir = args.gold or default_eval_dir()
    docs_dir = args.docs or settings.SOURCE_ROOT / "seeds"
    toponyms_gold = gold_dir / "seeds-toponyms.json"
    routes_gold = gold_dir / "seeds-routes.json"
    if not toponyms_gold.is_file():
        print(
            f"geo: error: no gold toponyms at {toponyms_gold}; name the folder with --gold",
            file=sys.stderr,
        )
        return 2
    parser = _parser(args.overrides)
    parsed = [parser.parse(document) for document in iter_documents([docs_dir])]
    corroborate(parsed)
    toponyms = score_toponyms(parsed, toponyms_gold)
    result: dict[str, Any] = {"toponyms": toponyms.to_dict()}
    report = [format_toponym_scores(toponyms)]
    if routes_gold.is_file():
        route_scores = score_routes(parsed, routes_gold, toponyms_gold)
        result["routes"] = route_scores
        report.append(format_route_scores(route_scores))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True))
    else:
        print("\n\n".join(report))
    return 0


def _evaluate_dev(args: argparse.Namespace) -> int:
    from geo.document import read_document
    from geo.evaluate import format_dev_scores, load_dev_set, score_dev

    gold = args.gold if args.gold is not None else default_eval_dir() / "dev" / "gold.jsonl"
    texts = args.docs or default_dev_texts()
    dev = load_dev_set(gold, texts)
    for doc, why in dev.left_out:
        print(f"geo: note: {doc} left out of the measurement: {why}", file=sys.stderr)
    if not dev.documents:
        print(
            f"geo: error: no intact development text in {texts}; restore the texts there "
            "or name the folder with --docs",
            file=sys.stderr,
        )
        return 2
    parser = _parser(args.overrides)
    parsed = [parser.parse(read_document(document.path)) for document in dev.documents]
    scores = score_dev(parsed, dev)
    if args.json:
        print(json.dumps(scores.to_dict(), ensure_ascii=False, indent=1, sort_keys=True))
    else:
        print(format_dev_scores(scores))
    return 0
