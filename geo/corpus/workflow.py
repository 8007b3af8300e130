"""``geo.run``: what ``geo run`` does, as a function.

Parse a corpus (``run_corpus``), link its claims across documents (``corroborate_result``),
write the map, the exports and the run report into a staging folder, and move them into the
output folder under its lock (``geo.corpus.publish``). A rerun over the same articles with
the same options, geo and outputs stops early (``geo.corpus.records``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo._io import atomic_write
from geo.corpus.formats import DEFAULT_FORMATS, KNOWN_FORMATS, check_formats
from geo.corpus.links import corroborate_result
from geo.corpus.publish import (
    locked_output,
    publish,
    remove_abandoned_staging,
    staging_folder,
)
from geo.corpus.records import output_state, outputs_key, outputs_record, record_outputs
from geo.corpus.report import corpus_report
from geo.corpus.results import CorpusResult, CorpusStats
from geo.corpus.runner import Progress, corpus_digest, run_corpus
from geo.corpus.workers import ParserFactory
from geo.document import display_path
from geo.memory import paused_gc

__all__ = [
    "DEFAULT_FORMATS",
    "KNOWN_FORMATS",
    "RunResult",
    "check_formats",
    "default_name",
    "outputs_options",
    "run",
]


@dataclass(slots=True)
class RunResult:
    """What ``geo.run`` did.

    ``outputs`` are the files in the output folder, the report included. ``up_to_date`` is
    true when they were already written from the same articles, options and geo, and left as
    they were; ``corpus`` (the parsed documents) is then ``None``. ``stats`` and
    ``failures`` are those of the run that wrote the outputs. ``seconds`` gives the time of
    each stage.
    """

    name: str
    out: Path
    outputs: list[Path]
    report: Path
    stats: CorpusStats
    failures: list[tuple[str, str]]
    up_to_date: bool = False
    corpus: CorpusResult | None = None
    seconds: dict[str, float] = field(default_factory=dict)


def run(
    inputs: Iterable[str | Path],
    out: str | Path,
    *,
    name: str | None = None,
    formats: Sequence[str] = DEFAULT_FORMATS,
    jobs: int | None = None,
    offline: bool = False,
    overrides: str | Path | None = None,
    use_cache: bool = True,
    rewrite: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    encoding: str | None = None,
    progress: Progress | None = None,
    parser_factory: ParserFactory | None = None,
    cache_dir: str | Path | None = None,
) -> RunResult:
    """Parse every article of ``inputs`` and write the map, exports and run report to ``out``.

    Does what ``geo run`` does, and prints nothing.

    Parameters
    ----------
    inputs
        Article files and folders.
    out
        Output folder, created if missing.
    name
        Base name of the outputs; default ``default_name(inputs)``. A name that is not
        UTF-8 is written with ``\\xNN`` escapes (``geo.document.display_path``).
    formats
        Any of ``KNOWN_FORMATS``; default GeoJSON and the HTML map.
    jobs
        Worker processes; default all cores.
    offline
        A self-contained map, without web tiles or CDNs.
    overrides
        An analyst overrides file (YAML).
    use_cache
        Reuse cached parses, kept links and up-to-date outputs; ``False`` parses everything
        again and rewrites the outputs (and refreshes the cache).
    rewrite
        Write the outputs even when they are up to date (the parses still come from the cache).
    engine, scheduler, encoding, parser_factory, cache_dir
        As for ``geo.corpus.run_corpus``.
    progress
        Called with the counts so far after each article (for a progress bar).

    Returns
    -------
    RunResult

    Raises
    ------
    ConfigurationError
        For an unknown format or engine, a bad name, a missing overrides file.
    DocumentError
        If an input does not exist.
    ExportError
        If an output cannot be written.
    KeyboardInterrupt
        After the finished articles are in the cache; no output is written.
    """
    started = time.perf_counter()
    sources = [str(item) for item in inputs]
    out = Path(out)
    formats = check_formats(formats)
    name = display_path(name or default_name(sources))
    options = outputs_options(sources, out, name, formats, offline=offline)
    if out.is_dir():
        remove_abandoned_staging(out)
    if parser_factory is not None:
        # Outputs of a parser forced on the articles (a language) are not those of the default.
        options["parser"] = f"{parser_factory.__module__}.{parser_factory.__qualname__}"
    if use_cache and not rewrite:
        digest = corpus_digest(sources, overrides_path=overrides, encoding=encoding)
        record = outputs_record(outputs_key(digest, options), cache_dir=cache_dir)
        if record is not None:
            return _up_to_date(record, name, out, seconds=time.perf_counter() - started)
    # The parsed corpus is millions of long-lived objects without cycles. With the collector
    # running between the stages, its collections rescanned them all: 5-9 s of CPU for
    # 10,000 articles (its own callbacks' count), for nothing to free.
    with paused_gc():
        result = run_corpus(
            sources,
            jobs=jobs,
            use_cache=use_cache,
            engine=engine,
            scheduler=scheduler,
            overrides_path=overrides,
            encoding=encoding,
            progress=progress,
            parser_factory=parser_factory,
            cache_dir=cache_dir,
        )
        seconds = {"parse": time.perf_counter() - started}
        mark = time.perf_counter()
        corroborate_result(result, cache_dir=cache_dir, use_cache=use_cache)
        seconds["corroborate"] = time.perf_counter() - mark
        mark = time.perf_counter()
        outputs, states = _write_outputs(result, sources, out, name, formats, offline=offline)
        record_outputs(
            outputs_key(result.digest, options), outputs, result, cache_dir=cache_dir, states=states
        )
        seconds["export"] = time.perf_counter() - mark
    return RunResult(
        name=name,
        out=out,
        outputs=outputs,
        report=out / f"{name}.report.json",
        stats=result.stats,
        failures=result.failures,
        corpus=result,
        seconds=seconds,
    )


def _write_outputs(
    result: CorpusResult,
    inputs: list[str],
    out: Path,
    name: str,
    formats: tuple[str, ...],
    *,
    offline: bool,
) -> tuple[list[Path], dict[str, dict[str, Any]]]:
    """Write every output into a staging folder, then move them all into ``out``.

    Returns the files moved in and each one's ``output_state`` by name, measured before the
    move: another run on ``out`` may replace them as soon as the lock is released, and the
    record must describe this run's files.
    """
    from geo.gazetteer import Gazetteer
    from geo.outputs import write_outputs

    with staging_folder(out) as staging:
        written = write_outputs(
            result.parsed,
            staging,
            name,
            formats=formats,
            offline=offline,
            gazetteer=Gazetteer.default(),
            failures=result.failures,
        )
        report_path = staging / f"{name}.report.json"
        report = corpus_report(result, name=name, inputs=inputs, outputs=[*written, report_path])
        _write_report(report_path, report)
        files = [*written, report_path]
        states = {file.name: output_state(file) for file in files}
        with locked_output(out):
            return publish(files, out), states


def _write_report(path: Path, report: dict[str, Any]) -> None:
    atomic_write(path, json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def _up_to_date(record: dict[str, Any], name: str, out: Path, *, seconds: float) -> RunResult:
    """The result of a run whose outputs are already written from the same inputs and code."""
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
    outputs = sorted(Path(path) for path in record.get("outputs", {}))
    report = next((path for path in outputs if path.name.endswith(".report.json")), out)
    return RunResult(
        name=name,
        out=out,
        outputs=outputs,
        report=report,
        stats=stats,
        failures=failures,
        up_to_date=True,
        seconds={"check": seconds},
    )


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


def default_name(inputs: Sequence[str | Path]) -> str:
    """The outputs' base name: the folder's name, a single file's stem, else ``corpus``."""
    if len(inputs) != 1:
        return "corpus"
    path = Path(inputs[0])
    name = path.stem if path.is_file() else path.resolve().name
    return name or "corpus"
