"""``geo run``: parse a corpus in parallel and write the map, the exports and a run report."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from geo.errors import ConfigurationError, ExportError

DEFAULT_FORMATS = ("geojson", "html")
KNOWN_FORMATS = ("geojson", "html", "gpkg", "csv", "kml", "parquet")

# Skipped files named on stderr; the report lists them all.
_LISTED_FAILURES = 10


def register(subparsers: Any) -> None:
    run = subparsers.add_parser(
        "run",
        help="parse a corpus (files and folders) in parallel and write map, GeoJSON and report",
        description=(
            "Parse every article under the inputs (text, HTML; sidecar metadata), link claims "
            "across articles, and write NAME.geojson, NAME.html (and other formats) and "
            "NAME.report.json into --out. Unreadable files are reported, not fatal. Results "
            "are cached per article, so a rerun parses only new or changed files."
        ),
    )
    run.add_argument("inputs", nargs="+", metavar="INPUT", help="article files and folders")
    run.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    run.add_argument(
        "--name",
        default=None,
        help="base name of the outputs (default: the input folder's name or the file's stem)",
    )
    run.add_argument(
        "--offline", action="store_true", help="self-contained map without web tiles or CDNs"
    )
    run.add_argument(
        "--overrides", type=Path, default=None, metavar="F", help="analyst overrides YAML"
    )
    run.add_argument(
        "--format",
        dest="formats",
        action="append",
        default=None,
        metavar="FMT[,FMT...]",
        help=f"output formats: {', '.join(KNOWN_FORMATS)} (default: geojson,html)",
    )
    run.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="worker processes (default: all cores)"
    )
    run.add_argument(
        "--no-cache", action="store_true", help="parse every article again (refreshes the cache)"
    )
    run.add_argument(
        "--strict", action="store_true", help="exit 1 if any file could not be read or parsed"
    )
    run.add_argument("--engine", choices=("local", "dask"), default="local", help="parallel engine")
    run.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDR",
        help="Dask scheduler address, e.g. tcp://host:8786 (with --engine dask)",
    )
    run.add_argument(
        "--encoding", default=None, help="decode every article with this codec (default: detect)"
    )
    run.add_argument(
        "--quiet", action="store_true", help="no progress bar (the summary line is still printed)"
    )
    run.add_argument(
        "--lang",
        choices=("auto", "ar", "en"),
        default="auto",
        help="the articles' language (default: detected per article from its letters)",
    )
    run.set_defaults(func=_run)


def parse_formats(values: list[str] | None) -> tuple[str, ...]:
    """Split ``--format`` values (repeatable, comma-separated) and check them."""
    if not values:
        return DEFAULT_FORMATS
    formats: list[str] = []
    for value in values:
        formats.extend(part.strip().lower() for part in value.split(",") if part.strip())
    unknown = [fmt for fmt in formats if fmt not in KNOWN_FORMATS]
    if unknown:
        raise ConfigurationError(
            f"unknown output format(s) {', '.join(unknown)}; choose from {', '.join(KNOWN_FORMATS)}"
        )
    return tuple(dict.fromkeys(formats))


def outputs_options(
    inputs: list[str], out: Path, name: str, formats: tuple[str, ...], *, offline: bool
) -> dict[str, Any]:
    """The options a run's outputs are recorded under (``geo.corpus.outputs_key``): a rerun
    with the same articles and these options finds its outputs up to date."""
    return {
        "inputs": [str(item) for item in inputs],
        "out": str(out.resolve()),
        "name": name,
        "formats": list(formats),
        "offline": offline,
    }


def default_name(inputs: list[str]) -> str:
    """The outputs' base name: the folder's name, a single file's stem, else ``corpus``."""
    if len(inputs) != 1:
        return "corpus"
    path = Path(inputs[0])
    name = path.stem if path.is_file() else path.resolve().name
    return name or "corpus"


def _run(args: argparse.Namespace) -> int:
    from geo.corpus import (
        corpus_digest,
        corpus_report,
        outputs_key,
        outputs_record,
        record_outputs,
        run_corpus,
        start_corroboration,
    )
    from geo.parse import parser_factory

    started = time.perf_counter()
    formats = parse_formats(args.formats)
    name = args.name or default_name(args.inputs)
    show_progress = not args.quiet and sys.stderr.isatty()
    options = outputs_options(args.inputs, args.out, name, formats, offline=args.offline)
    # The outputs record is keyed by the articles, not by a forced language: with one, the
    # articles are parsed again (the per-article cache keys results by the parser factory).
    if not args.no_cache and args.lang == "auto":
        digest = corpus_digest(args.inputs, overrides_path=args.overrides, encoding=args.encoding)
        record = outputs_record(outputs_key(digest, options))
        if record is not None:
            return _up_to_date(args, record, seconds=time.perf_counter() - started)
    result = run_corpus(
        args.inputs,
        jobs=args.jobs,
        use_cache=not args.no_cache,
        engine=args.engine,
        scheduler=args.scheduler,
        overrides_path=args.overrides,
        encoding=args.encoding,
        progress=show_progress,
        parser_factory=parser_factory(args.lang),
    )
    print(f"geo: {result.stats.summary()}", file=sys.stderr)

    from geo.gazetteer import Gazetteer
    from geo.outputs import write_outputs

    linking = start_corroboration(result, use_cache=not args.no_cache, background=False)
    if linking.wait is not None:
        linking.wait()
    outputs = write_outputs(
        result.parsed,
        args.out,
        name,
        formats=formats,
        offline=args.offline,
        gazetteer=Gazetteer.default(),
        failures=result.failures,
    )
    report_path = args.out / f"{name}.report.json"
    report = corpus_report(result, name=name, inputs=args.inputs, outputs=[*outputs, report_path])
    _write_json(report_path, report)
    # Recorded under the digest of what this run read, so a file changed meanwhile reruns.
    if args.lang == "auto":
        record_outputs(outputs_key(result.digest, options), [*outputs, report_path], result)
    _print_failures(result.failures, report_path)
    print(f"geo: wrote {len(outputs) + 1} files to {args.out}", file=sys.stderr)
    return _exit_code(args, len(result.failures))


def _up_to_date(args: argparse.Namespace, record: dict[str, Any], *, seconds: float) -> int:
    """Report a run whose outputs are already written from the same inputs and code."""
    from geo.corpus import CorpusStats

    counts = record.get("counts", {})
    failures = [(str(path), str(reason)) for path, reason in record.get("failures", [])]
    documents = int(counts.get("documents", 0))
    stats = CorpusStats(
        documents=documents,
        cached=documents - len(failures),
        mentions=int(counts.get("mentions", 0)),
        places=int(counts.get("places", 0)),
        routes=int(counts.get("routes", 0)),
        errors=len(failures),
        seconds=seconds,
    )
    print(f"geo: {stats.summary()}", file=sys.stderr)
    outputs = sorted(Path(path) for path in record.get("outputs", {}))
    report = next((path for path in outputs if path.name.endswith(".report.json")), args.out)
    _print_failures(failures, report)
    print(
        f"geo: outputs up to date: {len(outputs)} files in {args.out} "
        "(same articles, options and geo; --no-cache to rewrite them)",
        file=sys.stderr,
    )
    return _exit_code(args, len(failures))


def _print_failures(failures: list[tuple[str, str]], report_path: Path) -> None:
    for path, reason in failures[:_LISTED_FAILURES]:
        print(f"geo: skipped: {reason if path in reason else f'{path}: {reason}'}", file=sys.stderr)
    if len(failures) > _LISTED_FAILURES:
        more = len(failures) - _LISTED_FAILURES
        print(f"geo: ... and {more} more skipped file(s), listed in {report_path}", file=sys.stderr)


def _exit_code(args: argparse.Namespace, failures: int) -> int:
    if args.strict and failures:
        print(f"geo: error: {failures} file(s) could not be read (--strict)", file=sys.stderr)
        return 1
    return 0


def _write_json(path: Path, data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        raise ExportError(f"cannot write the run report {path}: {error}") from error
