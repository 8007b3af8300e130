"""``geo run``: parse a corpus in parallel and write the map, the exports and a run report."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.corpus.formats import DEFAULT_FORMATS, KNOWN_FORMATS, check_formats

if TYPE_CHECKING:
    from geo.corpus.workflow import RunResult

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
    return check_formats(part for value in values for part in value.split(","))


def _run(args: argparse.Namespace) -> int:
    from geo.corpus import run
    from geo.pipeline import parser_factory

    show_progress = not args.quiet and sys.stderr.isatty()
    with _progress_bar(enabled=show_progress) as progress, _sigterm_unwinds():
        outcome = run(
            args.inputs,
            args.out,
            name=args.name,
            formats=parse_formats(args.formats),
            jobs=args.jobs,
            offline=args.offline,
            overrides=args.overrides,
            use_cache=not args.no_cache,
            engine=args.engine,
            scheduler=args.scheduler,
            encoding=args.encoding,
            progress=progress,
            parser_factory=parser_factory(args.lang),
        )
    _print_outcome(outcome)
    if args.strict and outcome.failures:
        count = len(outcome.failures)
        print(f"geo: error: {count} file(s) could not be read (--strict)", file=sys.stderr)
        return 1
    return 0


def _print_outcome(outcome: RunResult) -> None:
    from geo.document import display_path

    out, report = display_path(outcome.out), display_path(outcome.report)
    print(f"geo: {outcome.stats.summary()}", file=sys.stderr)
    failures = outcome.failures
    for path, reason in failures[:_LISTED_FAILURES]:
        print(f"geo: skipped: {reason if path in reason else f'{path}: {reason}'}", file=sys.stderr)
    if len(failures) > _LISTED_FAILURES:
        more = len(failures) - _LISTED_FAILURES
        print(f"geo: ... and {more} more skipped file(s), listed in {report}", file=sys.stderr)
    if outcome.up_to_date:
        print(
            f"geo: outputs up to date: {len(outcome.outputs)} files in {out} "
            "(same articles, options and geo; --no-cache to rewrite them)",
            file=sys.stderr,
        )
    else:
        print(f"geo: wrote {len(outcome.outputs)} files to {out}", file=sys.stderr)


@contextlib.contextmanager
def _progress_bar(*, enabled: bool) -> Iterator[Any]:
    """A tqdm bar on stderr fed by the run's progress calls (``None`` when disabled)."""
    if not enabled:
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True, desc="geo")

    def update(stats: Any) -> None:
        bar.total = stats.documents
        bar.update(stats.parsed + stats.cached + stats.errors - bar.n)
        bar.set_postfix(
            places=stats.places, routes=stats.routes, errors=stats.errors, refresh=False
        )

    try:
        yield update
    finally:
        bar.close()


@contextlib.contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """Make SIGTERM end the run as Ctrl-C does: cleaned up, finished articles cached."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
