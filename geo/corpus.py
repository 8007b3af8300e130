"""Parsing a whole corpus: folders of articles, in parallel, with a content-hash cache.

``run_corpus`` expands files and folders (``geo.document.find_documents``), reads each article
with its sidecar metadata, parses it with ``geo.parse.Parser`` and returns the parsed
documents sorted by path, the files that could not be read (with the reason) and counts.

Parallel engines
----------------
``engine="local"`` (default) uses worker processes (``jobs``, default ``os.cpu_count()``);
each worker loads the gazetteer index and the parser once, in its initializer, and articles
are sent in batches (``batch_size``, at most 64) to amortise inter-process traffic. With
``jobs=1`` everything runs in the calling process.

``engine="dask"`` runs the same batches as Dask tasks; results are identical to the local
engine. Without ``scheduler`` a ``LocalCluster(processes=True, n_workers=jobs,
threads_per_worker=1)`` is started for the run. To use a real cluster:

1. on one machine start a scheduler: ``dask scheduler`` (it listens on port 8786);
2. on every machine that should work, with geo installed (``pip install 'geo[dask]'``) and
   the same gazetteer index built (``geo gazetteer build --from DIR``, same ``GEO_HOME``
   layout, same overrides file path if one is used), start ``dask worker tcp://HOST:8786
   --nthreads 1`` (one thread per process; use ``--nworkers N`` for N processes);
3. run ``geo run CORPUS --out DIR --engine dask --scheduler tcp://HOST:8786``.

The article bytes travel with the tasks, so the workers need not see the corpus folder;
the results come back to the machine running ``geo run``, which keeps the cache and writes
the outputs. Each worker process loads the parser once (a module-level cache keyed by the
index path and overrides file).

Cache
-----
Each article's result is stored under ``settings.geo_home() / "cache"``, keyed by the
SHA-256 of its path, raw bytes and sidecar bytes together with a fingerprint of everything
that changes parsing: geo's version, the contents of its parsing code and data tables, the
public values of ``geo.settings``, the gazetteer index's contents, the overrides file's
content and the ``encoding`` option. A rerun parses only new or changed files;
``use_cache=False`` parses everything again (and refreshes the cache). Entries are small
(gazetteer places and region polygons are stored by reference, see below) and written
atomically (a temporary file renamed into place) as soon as a batch comes back, so an
interrupted run (Ctrl-C) keeps every finished article. Files that cannot be read are cached
as failures too; unexpected parser exceptions are not.

``corpus_digest`` says what a run would read without parsing anything; ``outputs_key``,
``record_outputs`` and ``outputs_record`` let ``geo run`` skip a rerun whose outputs are
already written from the same articles, options and code.
"""

from __future__ import annotations

import bisect
import contextlib
import copyreg
import functools
import gc
import hashlib
import io
import itertools
import os
import pickle
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from geo import forking, settings
from geo.document import (
    document_from_bytes,
    find_documents,
    read_document,
    read_metadata,
    sidecar_path,
)
from geo.errors import ConfigurationError, DocumentError, GeoError
from geo.memory import paused_gc
from geo.model import Document, ParsedDocument, Place

__all__ = [
    "ENGINES",
    "CorpusResult",
    "CorpusStats",
    "ParserLike",
    "corpus_digest",
    "corpus_report",
    "Linking",
    "corroborate_result",
    "start_corroboration",
    "outputs_key",
    "outputs_record",
    "record_outputs",
    "run_corpus",
]

#: Parallel engines ``run_corpus`` knows.
ENGINES = ("local", "dask")

#: Most articles sent to a worker in one task.
MAX_BATCH_SIZE = 64

_CACHE_FORMAT = "parsed-v3"
_OK, _BAD, _ERROR = "ok", "bad", "error"


class ParserLike(Protocol):
    """What ``run_corpus`` needs of a parser: ``geo.parse.Parser`` or a stand-in."""

    def parse(self, document: Document) -> ParsedDocument: ...


#: Makes a parser in a worker, given the overrides path (``None`` for none).
ParserFactory = Callable[[str | None], ParserLike]


@dataclass(slots=True)
class CorpusStats:
    """Counts of a corpus run.

    ``parsed`` documents were parsed in this run, ``cached`` ones came from the cache and
    ``errors`` could not be read or parsed: the three add up to ``documents``. ``places``
    counts resolved mentions. ``worker_peak_rss_mb`` is the largest peak resident memory a
    worker reported (``None`` when everything came from the cache).
    """

    documents: int = 0
    parsed: int = 0
    cached: int = 0
    mentions: int = 0
    places: int = 0
    routes: int = 0
    errors: int = 0
    seconds: float = 0.0
    worker_peak_rss_mb: float | None = None

    @property
    def rate(self) -> float:
        """Documents per second over the whole run."""
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        """A one-line human summary (used by ``geo run``)."""
        return (
            f"{self.documents:,} documents ({self.parsed:,} parsed, {self.cached:,} cached, "
            f"{self.errors:,} unreadable): {self.places:,} places, {self.routes:,} routes "
            f"in {self.seconds:.1f} s ({self.rate:,.0f} documents/s)"
        )


@dataclass(slots=True)
class CorpusResult:
    """What ``run_corpus`` returns.

    ``parsed`` is sorted by document path; ``failures`` lists ``(path, reason)`` of the
    files that could not be read or parsed, sorted by path.
    """

    parsed: list[ParsedDocument] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    stats: CorpusStats = field(default_factory=CorpusStats)
    #: Digest of every input as this run read it (see ``corpus_digest``).
    digest: str = ""


def run_corpus(
    inputs: Iterable[str | Path],
    *,
    jobs: int | None = None,
    use_cache: bool = True,
    engine: str = "local",
    scheduler: str | None = None,
    overrides_path: str | Path | None = None,
    encoding: str | None = None,
    progress: bool = False,
    parser_factory: ParserFactory | None = None,
    batch_size: int | None = None,
    cache_dir: str | Path | None = None,
) -> CorpusResult:
    """Parse every article of ``inputs`` (files and folders), in parallel, with a cache.

    Parameters
    ----------
    inputs
        Article files and folders (walked recursively; see ``geo.document.find_documents``).
    jobs
        Worker processes; default ``os.cpu_count()``. ``1`` parses in this process.
    use_cache
        Reuse cached results of unchanged articles; ``False`` parses everything again.
    engine
        ``"local"`` (process pool) or ``"dask"`` (``dask.distributed``).
    scheduler
        Address of a running Dask scheduler (``tcp://host:8786``); only with ``engine="dask"``.
    overrides_path
        An analyst overrides file, given to every parser.
    encoding
        Decode every article with this codec instead of detecting it.
    progress
        Show a progress bar on stderr (documents, places, routes, errors, rate).
    parser_factory
        Picklable top-level callable making the parser from the overrides path; defaults to
        ``geo.parse.Parser(None, overrides=...)``. For stand-ins and tests.
    batch_size
        Articles per task; default up to 64, smaller for small corpora so all workers work.
    cache_dir
        Where cached results live; default ``settings.geo_home() / "cache"``.

    Returns
    -------
    CorpusResult

    Raises
    ------
    DocumentError
        If an input does not exist.
    ConfigurationError
        For an unknown engine, a bad ``jobs`` value, or a scheduler without Dask.
    KeyboardInterrupt
        Re-raised after the finished articles are in the cache.
    """
    started = time.perf_counter()
    if engine not in ENGINES:
        raise ConfigurationError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        raise ConfigurationError("a scheduler address needs engine='dask' (--engine dask)")
    workers = (os.cpu_count() or 1) if jobs is None else jobs
    if workers < 1:
        raise ConfigurationError(f"jobs must be at least 1, not {jobs}")
    overrides = str(overrides_path) if overrides_path is not None else None
    if overrides is not None and not Path(overrides).is_file():
        raise ConfigurationError(f"overrides file {overrides} does not exist")
    # Local workers share this machine's index, so gazetteer places travel as references.
    spec = _ParserSpec(parser_factory, overrides, str(settings.index_path()), engine == "local")
    paths = find_documents(inputs)
    cache_root = Path(cache_dir) if cache_dir is not None else settings.geo_home() / "cache"
    cache = _Cache(cache_root / _CACHE_FORMAT)
    fingerprint = _fingerprint(spec, encoding)

    stats = CorpusStats(documents=len(paths))
    results: dict[int, ParsedDocument] = {}
    failures: dict[int, str] = {}
    shown_paths = [str(path) for path in paths]
    bar = _progress_bar(len(paths), enabled=progress)

    def record(index: int, status: str, payload: Any, *, cached: bool) -> None:
        if status == _OK:
            parsed: ParsedDocument = payload
            results[index] = parsed
            stats.mentions += len(parsed.mentions)
            stats.places += sum(1 for mention in parsed.mentions if mention.place is not None)
            stats.routes += len(parsed.routes)
            if cached:
                stats.cached += 1
            else:
                stats.parsed += 1
        else:
            failures[index] = payload
            stats.errors += 1
        if bar is not None:
            bar.update(1)

    keys: dict[int, str] = {}
    unreadable: dict[int, str] = {}
    folders = _Folders()
    parser_loaded = False

    def batches() -> Iterator[list[_Item]]:
        """Read articles lazily; cached ones are recorded, the others come out in batches."""
        nonlocal parser_loaded
        size = batch_size or _batch_size(len(paths), workers)
        batch: list[_Item] = []
        for index, path in enumerate(paths):
            item = _prepare(index, path, fingerprint, encoding, folders)
            if isinstance(item, str):
                unreadable[index] = item
                record(index, _BAD, item, cached=False)
                continue
            keys[index] = item.key
            entry = cache.get(item.key) if use_cache else None
            if entry is not None:
                record(index, entry[0], entry[1], cached=True)
                continue
            if not parser_loaded:
                # Load the parser here, before any worker starts: a bad index or overrides
                # file fails the run with its own message, and forked workers inherit it.
                _worker_parser(spec)
                parser_loaded = True
            batch.append(item)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    # Loading thousands of results makes millions of long-lived, acyclic objects; the cyclic
    # collector would rescan them again and again (more than half of a cached rerun).
    try:
        with paused_gc():
            runner = _run_dask if engine == "dask" else _run_local
            for batch_result in runner(
                spec, batches(), encoding, workers=workers, scheduler=scheduler
            ):
                for digest, wkb in batch_result.geometries.items():
                    cache.loader.geometries.add(digest, wkb)
                for index, status, payload in batch_result.items:
                    if status == _OK:
                        try:
                            loaded = cache.loader.load(payload)
                        except Exception as error:
                            reason = f"{shown_paths[index]}: result unreadable: {type(error).__name__}: {error}"
                            record(index, _ERROR, reason, cached=False)
                            continue
                        cache.put(keys[index], _OK, payload)
                        record(index, _OK, loaded, cached=False)
                    else:
                        if status == _BAD:
                            cache.put(keys[index], _BAD, payload.encode("utf-8"))
                        record(index, status, payload, cached=False)
                if batch_result.peak_rss_mb is not None:
                    stats.worker_peak_rss_mb = max(
                        stats.worker_peak_rss_mb or 0.0, batch_result.peak_rss_mb
                    )
                if bar is not None:
                    _postfix(bar, stats)
                if batch_result.interrupted:
                    raise KeyboardInterrupt
    finally:
        if bar is not None:
            bar.close()
    stats.seconds = time.perf_counter() - started
    return CorpusResult(
        parsed=[results[index] for index in sorted(results)],
        failures=[(shown_paths[index], failures[index]) for index in sorted(failures)],
        stats=stats,
        digest=_digest_entries(
            (shown_paths[index], keys.get(index) or unreadable.get(index, ""))
            for index in range(len(paths))
        ),
    )


def corpus_digest(
    inputs: Iterable[str | Path],
    *,
    overrides_path: str | Path | None = None,
    encoding: str | None = None,
) -> str:
    """Digest of the documents of ``inputs`` as ``run_corpus`` would read them.

    It covers each document's path, bytes and sidecar and everything that changes its parse
    (the cache key), so it equals ``run_corpus(inputs, ...).digest`` (with the default
    parser) exactly when a run would give the same results. Reads every file; parses none.
    """
    overrides = str(overrides_path) if overrides_path is not None else None
    if overrides is not None and not Path(overrides).is_file():
        raise ConfigurationError(f"overrides file {overrides} does not exist")
    spec = _ParserSpec(None, overrides, str(settings.index_path()), True)
    fingerprint = _fingerprint(spec, encoding)
    paths = find_documents(inputs)
    folders = _Folders()
    for path in paths:
        folders.may_have_sidecar(path)  # list every folder before the threads share it

    def entry(index: int) -> tuple[str, str]:
        item = _prepare(index, paths[index], fingerprint, encoding, folders)
        return str(paths[index]), item if isinstance(item, str) else item.key

    # Reading and hashing release the GIL: two threads keep a disk and a core busy.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        return _digest_entries(pool.map(entry, range(len(paths)), chunksize=64))


def _digest_entries(entries: Iterable[tuple[str, str]]) -> str:
    digest = hashlib.sha256(_CACHE_FORMAT.encode())
    for path, key in entries:
        digest.update(f"{path}\0{key}\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------
# Corroboration of a corpus, kept under its digest
# ---------------------------------------------------------------------------------------
#
# Linking the claims of 10,000 articles takes seconds (``geo.routes.corroborate``) and is a
# deterministic function of the parsed documents, the corroboration code and tables and
# ``geo.settings``. A run over the same articles with other output options (another format,
# folder or ``--offline``) reuses the links of the last runs instead of computing them again.

_CORROBORATION_FORMAT = "geo.corroboration/1"
#: Corpora whose links are kept (the most recently used).
_KEPT_CORROBORATIONS = 4


#: Claims from which linking them goes to a forked child while the outputs are built.
BACKGROUND_LINKING_ROUTES = 5_000

_Links = list[tuple[int, int, int, tuple[str, ...]]]


def corroborate_result(
    result: CorpusResult, *, cache_dir: str | Path | None = None, use_cache: bool = True
) -> bool:
    """Link the claims of ``result`` across documents, as ``geo.routes.corroborate`` does.

    The links (counts and listed claims of every route) are kept in the cache under the
    corpus digest and a fingerprint of all of geo's code, data and settings; a later call for
    the same corpus sets the same values without comparing claims (unless ``use_cache`` is
    false: then they are compared again and the kept links replaced).

    Returns
    -------
    bool
        Whether the links came from the cache.
    """
    return start_corroboration(
        result, cache_dir=cache_dir, use_cache=use_cache, background=False
    ).finish()


def start_corroboration(
    result: CorpusResult,
    *,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    background: bool = True,
) -> Linking:
    """Link the claims of ``result`` as :func:`corroborate_result` does, or begin to.

    Kept links are set at once. Otherwise a corpus of at least ``BACKGROUND_LINKING_ROUTES``
    claims is linked by a forked child process (``background``) while this one goes on, and
    a smaller one is linked at once. Hand :attr:`Linking.wait` to
    ``geo.export.write_outputs(..., linking=...)``: it is ``None`` when the links are set
    already, else it waits for the child and sets them, once everything else is built and
    written. Call :meth:`Linking.stop` in a ``finally`` so that an interrupted run leaves no
    child behind.
    """
    return Linking(result, cache_dir, use_cache=use_cache, background=background)


class Linking:
    """Links of a corpus's claims: set (kept or computed), or being computed by a child."""

    def __init__(
        self,
        result: CorpusResult,
        cache_dir: str | Path | None,
        *,
        use_cache: bool,
        background: bool,
    ) -> None:
        self.result = result
        self.routes = [route for parsed in result.parsed for route in parsed.routes]
        self.path = _corroboration_path(result.digest, cache_dir) if result.digest else None
        self.child: forking.Forked[_Links] | None = None
        #: Whether the links came from the cache; ``None`` while a child computes them.
        self.kept: bool | None = None
        path = self.path
        if (
            path is not None
            and use_cache
            and (kept := _kept_links(path, len(self.routes))) is not None
        ):
            with paused_gc():
                self._apply(kept)
            with contextlib.suppress(OSError):
                os.utime(path)
            self.kept = True
        elif background and len(self.routes) >= BACKGROUND_LINKING_ROUTES and forking.can_fork():
            self.child = forking.Forked(self._compute, what="linking the claims", error=GeoError)
        else:
            self._keep(self._compute())

    @property
    def wait(self) -> Callable[[], bool] | None:
        """:meth:`finish` while a child computes the links, else ``None`` (they are set)."""
        return self.finish if self.child is not None else None

    def finish(self) -> bool:
        """Wait for the child and set its links on the routes; whether they were kept."""
        if self.child is not None:
            links = self.child.result()
            self.child = None
            with paused_gc():
                self._apply(links)
            self._keep(links)
        return bool(self.kept)

    def stop(self) -> None:
        """End the child if it still runs (the run failed or was interrupted)."""
        if self.child is not None:
            self.child.stop()
            self.child = None

    def _compute(self) -> _Links:
        from geo.routes import corroborate

        # A million strings made in one go: the collector would rescan the whole corpus.
        with paused_gc():
            corroborate(self.result.parsed)
            return [
                (
                    route.corroboration_count,
                    route.corroborating_documents,
                    route.corroborating_outlets,
                    tuple(route.corroborated_by),
                )
                for route in self.routes
            ]

    def _apply(self, links: _Links) -> None:
        for route, (count, documents, outlets, listed) in zip(self.routes, links, strict=True):
            route.corroboration_count = count
            route.corroborating_documents = documents
            route.corroborating_outlets = outlets
            route.corroborated_by = list(listed)

    def _keep(self, links: _Links) -> None:
        """Keep computed links in the cache (see :func:`corroborate_result`)."""
        self.kept = False
        if self.path is None:
            return
        content = pickle.dumps((_CORROBORATION_FORMAT, links), protocol=pickle.HIGHEST_PROTOCOL)
        _write_atomically(self.path, zlib.compress(content, 1))
        _forget_old_corroborations(self.path.parent)


def _corroboration_path(documents_digest: str, cache_dir: str | Path | None) -> Path:
    import geo

    digest = hashlib.sha256(_CORROBORATION_FORMAT.encode())
    digest.update(f"{documents_digest}\0geo {geo.__version__}\0".encode())
    digest.update(
        _source_fingerprint(Path(geo.__file__).parent, settings.DATA_DIR, everything=True)
    )
    digest.update(_settings_fingerprint())
    root = Path(cache_dir) if cache_dir is not None else settings.geo_home() / "cache"
    return root / "corroboration" / f"{digest.hexdigest()}.pickle"


def _kept_links(path: Path, count: int) -> _Links | None:
    try:
        kind, links = pickle.loads(zlib.decompress(path.read_bytes()))
    except Exception:  # missing or damaged: computed again
        return None
    if kind != _CORROBORATION_FORMAT or not isinstance(links, list) or len(links) != count:
        return None
    return links


def _forget_old_corroborations(folder: Path) -> None:
    try:
        kept = sorted(folder.glob("*.pickle"), key=lambda item: item.stat().st_mtime_ns)
    except OSError:
        return
    for old in kept[:-_KEPT_CORROBORATIONS]:
        with contextlib.suppress(OSError):
            old.unlink()


# ---------------------------------------------------------------------------------------
# Outputs that are up to date
# ---------------------------------------------------------------------------------------
#
# A rerun over unchanged inputs with unchanged options writes the same files (the outputs are
# deterministic), so it need not load, link and export 10,000 results again. After writing,
# the run records the SHA-256 of every output file under a key made of the corpus digest,
# the output options and a fingerprint of *all* of geo's code and data (export and map code
# included); a later run with the same key whose files are still as written can stop.

_OUTPUTS_FORMAT = "geo.outputs/1"


def outputs_key(documents_digest: str, options: Mapping[str, Any]) -> str:
    """Key of a run's outputs: the corpus digest, ``options`` (JSON-able) and all of geo."""
    import json

    import geo

    digest = hashlib.sha256(_OUTPUTS_FORMAT.encode())
    digest.update(f"{documents_digest}\0geo {geo.__version__}\0".encode())
    digest.update(json.dumps(options, sort_keys=True, default=str).encode("utf-8"))
    digest.update(
        _source_fingerprint(Path(geo.__file__).parent, settings.DATA_DIR, everything=True)
    )
    digest.update(_settings_fingerprint())
    return digest.hexdigest()


def outputs_record(key: str, *, cache_dir: str | Path | None = None) -> dict[str, Any] | None:
    """What the run with outputs ``key`` recorded, if every output is still as written.

    Returns ``None`` when there is no record or any output file is missing or different
    (another size; or another modification time and another SHA-256).
    """
    import json

    path = _outputs_record_path(key, cache_dir)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("format") != _OUTPUTS_FORMAT:
        return None
    files = record.get("outputs")
    if not isinstance(files, dict) or not files:
        return None
    for output, expected in files.items():
        if not isinstance(expected, dict) or not _unchanged(Path(output), expected):
            return None
    return record


def _unchanged(path: Path, recorded: Mapping[str, Any]) -> bool:
    """Whether ``path`` still has the recorded content.

    Outputs of big corpora run to gigabytes, so the size and modification time (to the
    nanosecond, as ``make`` and ``rsync`` trust them) stand for the content when both are as
    recorded; a file of the recorded size but another time is hashed.
    """
    try:
        status = path.stat()
    except OSError:
        return False
    if status.st_size != recorded.get("size"):
        return False
    if status.st_mtime_ns == recorded.get("mtime_ns"):
        return True
    try:
        return _file_digest(path, remember=False).hex() == recorded.get("sha256")
    except OSError:
        return False


def record_outputs(
    key: str,
    outputs: Sequence[str | Path],
    result: CorpusResult,
    *,
    cache_dir: str | Path | None = None,
) -> None:
    """Record the digests of ``outputs`` written from ``result`` under ``key``."""
    import json

    stats = result.stats
    record = {
        "format": _OUTPUTS_FORMAT,
        "outputs": {str(Path(output).resolve()): _output_state(Path(output)) for output in outputs},
        "counts": {
            "documents": stats.documents,
            "mentions": stats.mentions,
            "places": stats.places,
            "routes": stats.routes,
            "errors": stats.errors,
        },
        "failures": [list(failure) for failure in result.failures],
    }
    text = json.dumps(record, ensure_ascii=False, sort_keys=True)
    _write_atomically(_outputs_record_path(key, cache_dir), text.encode("utf-8"))


def _output_state(path: Path) -> dict[str, Any]:
    status = path.stat()
    return {
        "size": status.st_size,
        "mtime_ns": status.st_mtime_ns,
        "sha256": _file_digest(path, remember=False).hex(),
    }


def _outputs_record_path(key: str, cache_dir: str | Path | None) -> Path:
    root = Path(cache_dir) if cache_dir is not None else settings.geo_home() / "cache"
    return root / "outputs" / f"{key}.json"


def corpus_report(
    result: CorpusResult,
    *,
    name: str,
    inputs: Sequence[str | Path],
    outputs: Sequence[str | Path] = (),
) -> dict[str, Any]:
    """Return the deterministic run report of a corpus run (``NAME.report.json``).

    Everything is sorted; there are no timings, cache counts or absolute paths other than
    those given: ``inputs`` as given, document paths as found under them, ``outputs`` by
    file name.
    """
    documents: list[dict[str, Any]] = []
    for parsed in result.parsed:
        document = parsed.document
        documents.append(
            {
                "path": document.path,
                "id": document.id,
                "sha256": document.sha256,
                "encoding": document.encoding,
                "title": document.title,
                "mentions": len(parsed.mentions),
                "places": sum(1 for mention in parsed.mentions if mention.place is not None),
                "routes": len(parsed.routes),
            }
        )
    mentions = sum(len(parsed.mentions) for parsed in result.parsed)
    places = sum(
        1 for parsed in result.parsed for mention in parsed.mentions if mention.place is not None
    )
    unique_places = {
        mention.place.id
        for parsed in result.parsed
        for mention in parsed.mentions
        if mention.place is not None
    }
    return {
        "format": "geo.run/1",
        "name": name,
        "inputs": [str(item) for item in inputs],
        "counts": {
            "documents": len(result.parsed) + len(result.failures),
            "parsed": len(result.parsed),
            "failures": len(result.failures),
            "mentions": mentions,
            "places": places,
            "unresolved": mentions - places,
            "distinct_places": len(unique_places),
            "routes": sum(len(parsed.routes) for parsed in result.parsed),
        },
        "failures": [{"path": path, "reason": reason} for path, reason in sorted(result.failures)],
        "documents": sorted(documents, key=lambda item: item["path"]),
        "outputs": sorted(Path(output).name for output in outputs),
    }


# ---------------------------------------------------------------------------------------
# Preparing work and the cache
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _ParserSpec:
    factory: ParserFactory | None
    overrides: str | None
    index: str
    place_refs: bool = True


@dataclass(frozen=True, slots=True)
class _Item:
    position: int
    path: str
    data: bytes
    metadata: dict[str, str]
    key: str


class _BatchResult(NamedTuple):
    items: list[tuple[int, str, Any]]
    interrupted: bool
    peak_rss_mb: float | None
    #: WKB of the geometries the payloads of ``items`` refer to, by digest.
    geometries: dict[str, bytes]


def _prepare(
    index: int,
    path: Path,
    fingerprint: bytes,
    encoding: str | None,
    folders: _Folders | None = None,
) -> _Item | str:
    """Read an article's bytes and sidecar and compute its cache key; a reason if it can't."""
    shown = str(path)
    try:
        size = path.stat().st_size
        if size > settings.MAX_DOCUMENT_BYTES:
            read_document(path, encoding=encoding)  # raises the size error without reading
        data = path.read_bytes()
        sidecar = sidecar_path(path) if folders is None or folders.may_have_sidecar(path) else None
        side_bytes = sidecar.read_bytes() if sidecar is not None else b""
        metadata = read_metadata(path) if sidecar is not None else {}
    except DocumentError as error:
        return str(error)
    except OSError as error:
        return f"{shown}: cannot read the file: {error.strerror or error}"
    digest = hashlib.sha256(fingerprint)
    for part in (shown.encode("utf-8", "surrogateescape"), data, side_bytes):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return _Item(index, shown, data, metadata, digest.hexdigest())


class _Folders:
    """Listings of the corpus folders, to skip looking for sidecars that cannot exist.

    Every sidecar name ``geo.document.sidecar_path`` tries begins with the article's stem
    (``a.json``, ``a.txt.meta.json``); an article with no other file so named has none.
    That saves five ``stat`` calls per article.
    """

    def __init__(self) -> None:
        self.listings: dict[Path, list[str]] = {}

    def may_have_sidecar(self, path: Path) -> bool:
        names = self.listings.get(path.parent)
        if names is None:
            try:
                names = sorted(os.listdir(path.parent))
            except OSError:
                return True
            self.listings[path.parent] = names
        stem = path.stem
        position = bisect.bisect_left(names, stem)
        while position < len(names) and names[position].startswith(stem):
            if names[position] != path.name:
                return True
            position += 1
        return False


def _fingerprint(spec: _ParserSpec, encoding: str | None) -> bytes:
    """Hash of everything besides the article that changes its parse.

    Contents, not modification times: a checkout, a copy or a touched file keeps the cache,
    and any edit to parsing code or data invalidates it.
    """
    import geo

    digest = hashlib.sha256(_CACHE_FORMAT.encode())
    digest.update(f"geo {geo.__version__}\0encoding {encoding}\0".encode())
    if spec.factory is not None:
        digest.update(f"factory {spec.factory.__module__}.{spec.factory.__qualname__}\0".encode())
    digest.update(_source_fingerprint(Path(geo.__file__).parent, settings.DATA_DIR))
    digest.update(_settings_fingerprint())
    index = Path(spec.index)
    digest.update(_file_digest(index) if index.is_file() else b"no index\0")
    if spec.overrides is not None:
        digest.update(hashlib.sha256(Path(spec.overrides).read_bytes()).digest())
    return digest.digest()


# Code and data that do not change a ParsedDocument: editing them keeps the cache.
_PARSE_IRRELEVANT = frozenset(
    {
        "__pycache__",
        "cli",
        "mapping",
        "export.py",
        "corpus.py",
        "assets.py",
        "basemap",
        "assets",
        # Claims are linked across documents after the cache, on every run.
        "corroborate.py",
    }
)
_CODE_SUFFIXES = frozenset({".py"})
_DATA_SUFFIXES = frozenset({".tsv", ".csv", ".json", ".yaml", ".geojson"})


def _settings_fingerprint() -> bytes:
    """The public defaults of ``geo.settings`` as they are now (code reads them at call time)."""
    values = sorted((name, repr(value)) for name, value in vars(settings).items() if name.isupper())
    return repr(values).encode("utf-8")


@functools.cache
def _source_fingerprint(package: Path, data: Path, *, everything: bool = False) -> bytes:
    """SHA-256 over the names and contents of geo's parsing code and data files.

    Computed once per process: the code that parses is the code imported when it started
    (and the tables it loaded then), whatever happens to the files afterwards.
    With ``everything``, code and data that do not change a parse (export, maps, assets)
    are included too.
    """
    digest = hashlib.sha256()
    skipped = frozenset({"__pycache__"}) if everything else _PARSE_IRRELEVANT
    for root, suffixes in ((package, _CODE_SUFFIXES), (data, _DATA_SUFFIXES)):
        files = sorted(root.rglob("*")) if root.is_dir() else []
        for file in files:
            relative = file.relative_to(root)
            if not file.is_file() or skipped.intersection(relative.parts):
                continue
            if not everything and file.suffix not in suffixes:
                continue
            with contextlib.suppress(OSError):
                content = file.read_bytes()
                digest.update(f"{root.name}/{relative.as_posix()}\0{len(content)}\0".encode())
                digest.update(content)
    return digest.digest()


# Index digests by (path, size, mtime): an index is hashed once per process until rebuilt.
_FILE_DIGESTS: dict[tuple[str, int, int], bytes] = {}


def _file_digest(path: Path, *, remember: bool = True) -> bytes:
    status = path.stat()
    key = (str(path.resolve()), status.st_size, status.st_mtime_ns)
    known = _FILE_DIGESTS.get(key) if remember else None
    if known is None:
        digest = hashlib.sha256()
        with path.open("rb") as stream:
            for block in iter(functools.partial(stream.read, 1 << 20), b""):
                digest.update(block)
        known = digest.digest()
        if remember:
            _FILE_DIGESTS[key] = known
    return known


class _Cache:
    """Per-article results on disk: ``ROOT/ab/abcdef....pickle``, written atomically.

    Region geometries the results refer to are in ``ROOT/geometries`` (see ``_GeometryStore``).
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.loader = _Loader(_GeometryStore(root / "geometries"))

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> tuple[str, Any] | None:
        try:
            content = self._path(key).read_bytes()
        except OSError:
            return None
        status, payload = content[:1], content[1:]
        try:
            if status == b"P":
                return _OK, self.loader.load(payload)
            if status == b"E":
                return _BAD, payload.decode("utf-8")
        except Exception:  # a damaged entry (or a lost geometry) is a miss; it is rewritten
            return None
        return None

    def put(self, key: str, status: str, payload: bytes) -> None:
        _write_atomically(self._path(key), (b"P" if status == _OK else b"E") + payload)


# ---------------------------------------------------------------------------------------
# Serialising results: gazetteer places and region geometries as references
# ---------------------------------------------------------------------------------------
#
# A parsed article holds dozens of Place objects (mentions and their candidates), nearly all
# straight from the gazetteer, with long tuples of alternative names, and region mentions
# carry polygons clipped from governorate boundaries (often 10 KB of coordinates each). Both
# recur across articles. So a result is pickled with persistent references: a place that *is*
# the gazetteer's object becomes its id, and a geometry becomes the hash of its WKB. The
# geometries travel once per batch beside the results and are kept in a content-addressed
# store next to the cached results (``geometries/ab/abcdef....wkb``); loading a result reads
# each distinct geometry once per process. The payload names the gazetteer it refers to, and
# loading refuses a payload made with another one.

_PAYLOAD = b"\x05"


def _gazetteer_token(gazetteer: Any) -> str:
    where = "core" if getattr(gazetteer, "is_core", False) else str(getattr(gazetteer, "path", ""))
    return f"{where}|{gazetteer.meta.get('built', '')}|{len(gazetteer)}"


def _place_registry() -> tuple[str, Mapping[str, Place]]:
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


class _Dumper:
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


def _dump_parsed(
    parsed: ParsedDocument,
    registry: tuple[str, Mapping[str, Place]] | None,
    geometries: dict[str, bytes],
) -> bytes:
    """Pickle ``parsed`` with references; the WKB of its geometries is added to ``geometries``."""
    dumper = _Dumper(registry)
    payload = dumper.dump(parsed)
    geometries.update(dumper.geometries)
    return payload


class _GeometryStore(dict[str, Any]):
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
            _write_atomically(path, wkb)
        self.stored.add(digest)

    def __missing__(self, digest: str) -> Any:
        if self.root is None:
            raise KeyError(f"geometry {digest} unknown")
        import shapely

        wkb = self._path(digest).read_bytes()
        if _geometry_digest(wkb) != digest:
            raise ValueError(f"geometry {digest} is damaged")
        geometry = self[digest] = shapely.from_wkb(wkb)
        self.stored.add(digest)
        return geometry


class _Loader:
    """Unpickles payloads against this process's gazetteer and a geometry store."""

    def __init__(self, geometries: _GeometryStore) -> None:
        self.geometries = geometries
        self._registry: tuple[str, Mapping[str, Place]] | None = None

    def registry(self) -> tuple[str, Mapping[str, Place]]:
        if self._registry is None:
            self._registry = _place_registry()
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


def _load_parsed(payload: bytes, geometries: _GeometryStore | None = None) -> ParsedDocument:
    """Unpickle a payload of ``_dump_parsed`` (geometries from ``geometries``)."""
    return _Loader(geometries if geometries is not None else _GeometryStore(None)).load(payload)


def _write_atomically(path: Path, content: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(content)
        os.replace(temporary, path)
    except OSError:
        # A cache that cannot be written only costs time on the next run.
        with contextlib.suppress(OSError):
            temporary.unlink()


def _batch_size(count: int, workers: int) -> int:
    per_worker_tasks = 4
    return max(1, min(MAX_BATCH_SIZE, -(-count // (workers * per_worker_tasks))))


# ---------------------------------------------------------------------------------------
# Workers
# ---------------------------------------------------------------------------------------

_PARSERS: dict[_ParserSpec, ParserLike] = {}
_PARSERS_LOCK = threading.Lock()


def _default_parser(overrides: str | None) -> ParserLike:
    from geo.parse import Parser

    return Parser(None, overrides=overrides)


def _worker_parser(spec: _ParserSpec) -> ParserLike:
    """The parser of this process for ``spec``, made once (index loaded once per worker)."""
    with _PARSERS_LOCK:
        parser = _PARSERS.get(spec)
        if parser is None:
            factory = spec.factory or _default_parser
            parser = factory(spec.overrides)
            _PARSERS[spec] = parser
        return parser


def _init_local_worker(spec: _ParserSpec) -> None:
    import signal

    # The parent handles Ctrl-C and stops the pool; workers finish their batch quietly.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_parser(spec)
    # What the worker inherited from the parent (the gazetteer, the parser) lives as long as
    # the worker: out of the collector's sight, its pages stay shared with the parent.
    gc.freeze()


@contextlib.contextmanager
def _collecting() -> Iterator[None]:
    """Run the cyclic garbage collector while parsing, whatever the caller paused.

    ``run_corpus`` pauses the collector while it loads results, and worker processes forked
    then inherit the pause. Parsing leaves cycles behind (about 85 KB per article): without
    the collector a worker that parsed 5,000 articles held 620 MB instead of 240 MB.
    """
    paused = not gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if paused:
            gc.disable()


def _peak_rss_mb() -> float | None:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _parse_batch(spec: _ParserSpec, items: Sequence[_Item], encoding: str | None) -> _BatchResult:
    """Parse a batch of articles; one bad article never stops the others.

    A ``KeyboardInterrupt`` ends the batch early and returns what was finished.
    """
    with _collecting():
        return _parse_items(spec, items, encoding)


def _parse_items(spec: _ParserSpec, items: Sequence[_Item], encoding: str | None) -> _BatchResult:
    parser = _worker_parser(spec)
    dumper = _Dumper(_place_registry() if spec.place_refs else None)
    done: list[tuple[int, str, Any]] = []
    interrupted = False
    for item in items:
        try:
            document = document_from_bytes(
                item.data, path=item.path, encoding=encoding, metadata=item.metadata
            )
            parsed = parser.parse(document)
            payload = dumper.dump(parsed)
        except DocumentError as error:
            done.append((item.position, _BAD, str(error)))
        except KeyboardInterrupt:
            interrupted = True
            break
        except Exception as error:
            done.append(
                (
                    item.position,
                    _ERROR,
                    f"{item.path}: parsing failed: {type(error).__name__}: {error}",
                )
            )
        else:
            done.append((item.position, _OK, payload))
    return _BatchResult(done, interrupted, _peak_rss_mb(), dumper.geometries)


def _failed_batch(batch: Sequence[_Item], error: BaseException) -> _BatchResult:
    reason = f"worker failed: {type(error).__name__}: {error}"
    return _BatchResult(
        [(item.position, _ERROR, f"{item.path}: {reason}") for item in batch], False, None, {}
    )


def _run_local(
    spec: _ParserSpec,
    batches: Iterator[list[_Item]],
    encoding: str | None,
    *,
    workers: int,
    scheduler: str | None,
) -> Iterator[_BatchResult]:
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None)
    queue = itertools.chain([first], [second] if second is not None else [], batches)
    if workers == 1 or second is None:
        for batch in queue:
            yield _parse_batch(spec, batch, encoding)
        return
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    executor = ProcessPoolExecutor(
        max_workers=workers, initializer=_init_local_worker, initargs=(spec,)
    )
    in_flight: dict[Future[_BatchResult], list[_Item]] = {}
    limit = workers * 3
    try:
        for batch in queue:
            in_flight[executor.submit(_parse_batch, spec, batch, encoding)] = batch
            if len(in_flight) >= limit:
                break
        while in_flight:
            finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in finished:
                batch = in_flight.pop(future)
                error = future.exception()
                if isinstance(error, KeyboardInterrupt):
                    raise KeyboardInterrupt
                yield _failed_batch(batch, error) if error is not None else future.result()
                following = next(queue, None)
                if following is not None:
                    in_flight[executor.submit(_parse_batch, spec, following, encoding)] = following
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown(wait=True)


def _run_dask(
    spec: _ParserSpec,
    batches: Iterator[list[_Item]],
    encoding: str | None,
    *,
    workers: int,
    scheduler: str | None,
) -> Iterator[_BatchResult]:
    first = next(batches, None)
    if first is None:
        return
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as error:
        raise ConfigurationError(
            "the dask engine needs dask.distributed: pip install 'geo[dask]'"
        ) from error
    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout="30s")
        except OSError as error:
            raise ConfigurationError(
                f"cannot reach the Dask scheduler at {scheduler}: {error}; start it with "
                "`dask scheduler` and workers with `dask worker ADDRESS`"
            ) from error
    else:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
        client = Client(cluster)
    try:
        queue = itertools.chain([first], batches)
        futures: dict[Any, list[_Item]] = {}
        completed = as_completed()

        def submit(batch: list[_Item]) -> None:
            future = client.submit(_parse_batch, spec, batch, encoding, pure=False)
            futures[future] = batch
            completed.add(future)

        for batch in itertools.islice(
            queue, max(workers, len(client.scheduler_info().get("workers", ()))) * 3
        ):
            submit(batch)
        for future in completed:
            batch = futures.pop(future)
            if future.status == "error":
                failure = future.exception()
                if isinstance(failure, KeyboardInterrupt):
                    raise KeyboardInterrupt
                yield _failed_batch(batch, failure)
            else:
                yield future.result()
            future.release()
            following = next(queue, None)
            if following is not None:
                submit(following)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# ---------------------------------------------------------------------------------------
# Progress
# ---------------------------------------------------------------------------------------


def _progress_bar(total: int, *, enabled: bool) -> Any:
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, desc="geo")


def _postfix(bar: Any, stats: CorpusStats) -> None:
    bar.set_postfix(places=stats.places, routes=stats.routes, errors=stats.errors, refresh=False)
