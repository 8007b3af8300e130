"""``run_corpus``: every article of a corpus parsed, in parallel, through the cache.

A run finds the articles (``geo.corpus.inputs``), reads and keys them one by one, takes
what the cache has (``geo.corpus.cache``), sends the rest in batches to an engine
(``geo.corpus.engines``) and keeps each result in the cache as soon as its batch comes
back, so an interrupted run (Ctrl-C) keeps every finished article. Files that cannot be
read are cached as refusals too; unexpected parser failures are not.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from geo import settings
from geo.corpus.cache import ArticleCache, cache_root
from geo.corpus.engines import ENGINES
from geo.corpus.fingerprint import CACHE_FORMAT, parse_fingerprint
from geo.corpus.inputs import Article, Item, SidecarFolders, find_articles, read_article
from geo.corpus.results import CorpusResult, CorpusStats
from geo.corpus.workers import (
    PARSED,
    REFUSED,
    BatchResult,
    Job,
    ParserFactory,
    ParserSpec,
    worker_parser,
)
from geo.document import display_path
from geo.errors import ConfigurationError
from geo.memory import paused_gc
from geo.model import ParsedDocument

__all__ = ["MAX_BATCH_SIZE", "Progress", "corpus_digest", "run_corpus"]

#: Most articles sent to a worker in one task.
MAX_BATCH_SIZE = 64
#: Tasks per worker a corpus is cut into at least, so that every worker has work.
_TASKS_PER_WORKER = 4

#: Called with the counts so far after every article (a progress bar).
Progress = Callable[[CorpusStats], None]


def run_corpus(
    inputs: Iterable[str | Path],
    *,
    jobs: int | None = None,
    use_cache: bool = True,
    engine: str = "local",
    scheduler: str | None = None,
    overrides_path: str | Path | None = None,
    encoding: str | None = None,
    progress: Progress | None = None,
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
        Called with the counts so far after each article.
    parser_factory
        Picklable top-level callable making the parser from the overrides path; defaults to
        ``geo.pipeline.Parser(None, overrides=...)``. For stand-ins and tests.
    batch_size
        Articles per task; default up to 64, smaller for small corpora so all workers work.
    cache_dir
        Where cached results live; default ``settings.geo_home() / "cache"``.

    Returns
    -------
    CorpusResult
        Parsed documents sorted by path, the files refused (with the reason), counts.

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
    workers = _checked_workers(jobs, engine, scheduler)
    spec = _parser_spec(parser_factory, overrides_path, engine)
    articles, unreadable = find_articles(inputs)
    run = _Run(articles, progress)
    for shown, reason in unreadable:
        run.add_unreadable(shown, reason)
    cache = ArticleCache(cache_root(cache_dir))
    fingerprint = _fingerprint(spec, encoding)
    size = batch_size or _batch_size(len(articles), workers)
    batches = _batches(run, cache if use_cache else None, spec, fingerprint, encoding, size)
    # Loading thousands of results makes millions of long-lived, acyclic objects; the cyclic
    # collector would rescan them again and again (more than half of a cached rerun).
    with paused_gc():
        job = Job(spec, encoding, workers, scheduler)
        for batch in ENGINES[engine](job, batches):
            run.add_batch(batch, cache)
            if batch.interrupted:
                raise KeyboardInterrupt
    return run.result(seconds=time.perf_counter() - started)


def _checked_workers(jobs: int | None, engine: str, scheduler: str | None) -> int:
    if engine not in ENGINES:
        raise ConfigurationError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        raise ConfigurationError("a scheduler address needs engine='dask' (--engine dask)")
    workers = (os.cpu_count() or 1) if jobs is None else jobs
    if workers < 1:
        raise ConfigurationError(f"jobs must be at least 1, not {jobs}")
    return workers


def _parser_spec(
    factory: ParserFactory | None, overrides_path: str | Path | None, engine: str
) -> ParserSpec:
    overrides = str(overrides_path) if overrides_path is not None else None
    if overrides is not None and not Path(overrides).is_file():
        what = "is not a regular file" if Path(overrides).exists() else "does not exist"
        raise ConfigurationError(f"overrides file {display_path(overrides)} {what}")
    return ParserSpec(factory, overrides, str(settings.index_path()), engine == "local")


def _fingerprint(spec: ParserSpec, encoding: str | None) -> bytes:
    factory = f"{spec.factory.__module__}.{spec.factory.__qualname__}" if spec.factory else ""
    overrides = Path(spec.overrides) if spec.overrides is not None else None
    return parse_fingerprint(
        factory=factory, index=Path(spec.index), overrides=overrides, encoding=encoding
    )


def _batch_size(count: int, workers: int) -> int:
    return max(1, min(MAX_BATCH_SIZE, -(-count // (workers * _TASKS_PER_WORKER))))


def _batches(
    run: _Run,
    cache: ArticleCache | None,
    spec: ParserSpec,
    fingerprint: bytes,
    encoding: str | None,
    size: int,
) -> Iterator[list[Item]]:
    """Read articles lazily; refused and cached ones are recorded, the rest come in batches."""
    folders = SidecarFolders()
    batch: list[Item] = []
    for position, article in enumerate(run.articles):
        item = read_article(position, article, fingerprint, encoding=encoding, folders=folders)
        if isinstance(item, str):
            run.add_refused(position, item)
            continue
        run.keys[position] = item.key
        hit = cache.get(item.key) if cache is not None else None
        if hit is not None:
            run.add_hit(position, hit.parsed, hit.refused)
            continue
        if not run.parser_loaded:
            # Loaded before any worker starts: a bad index or overrides file fails the run
            # with its own message, and forked workers inherit the parser.
            worker_parser(spec)
            run.parser_loaded = True
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Run:
    """What a run has gathered so far: results, failures, keys and counts."""

    def __init__(self, articles: list[Article], progress: Progress | None) -> None:
        self.articles = articles
        self.progress = progress
        self.stats = CorpusStats(documents=len(articles))
        self.parsed: dict[int, ParsedDocument] = {}
        self.failures: dict[str, str] = {}
        #: Cache key of each article read, or the reason it could not be.
        self.keys: dict[int, str] = {}
        self.unreadable: list[tuple[str, str]] = []
        self.parser_loaded = False

    def add_unreadable(self, shown: str, reason: str) -> None:
        """An input entry that is no regular file (a FIFO, a dangling link)."""
        self.unreadable.append((shown, reason))
        self.stats.documents += 1
        self._fail(shown, reason)

    def add_refused(self, position: int, reason: str) -> None:
        self.keys[position] = reason
        self._fail(self.articles[position].shown, reason)

    def add_hit(self, position: int, parsed: ParsedDocument | None, refused: str | None) -> None:
        if parsed is not None:
            self.stats.cached += 1
            self._keep(position, parsed)
        else:
            self._fail(self.articles[position].shown, refused or "")

    def add_batch(self, batch: BatchResult, cache: ArticleCache) -> None:
        """Load, cache and count the results of a batch."""
        for digest, wkb in batch.geometries.items():
            cache.loader.geometries.add(digest, wkb)
        for position, status, payload in batch.items:
            shown = self.articles[position].shown
            if status == PARSED:
                self._add_payload(position, payload, cache)
            else:
                if status == REFUSED:
                    cache.put_refused(self.keys[position], payload)
                self._fail(shown, payload)
        if batch.peak_rss_mb is not None:
            self.stats.worker_peak_rss_mb = max(
                self.stats.worker_peak_rss_mb or 0.0, batch.peak_rss_mb
            )

    def _add_payload(self, position: int, payload: bytes, cache: ArticleCache) -> None:
        shown = self.articles[position].shown
        try:
            parsed = cache.loader.load(payload)
        except Exception as error:
            self._fail(shown, f"{shown}: result unreadable: {type(error).__name__}: {error}")
            return
        cache.put_parsed(self.keys[position], payload)
        self.stats.parsed += 1
        self._keep(position, parsed)

    def _keep(self, position: int, parsed: ParsedDocument) -> None:
        self.parsed[position] = parsed
        stats = self.stats
        stats.mentions += len(parsed.mentions)
        stats.places += sum(1 for mention in parsed.mentions if mention.place is not None)
        stats.routes += len(parsed.routes)
        self._step()

    def _fail(self, shown: str, reason: str) -> None:
        self.failures[shown] = reason
        self.stats.errors += 1
        self._step()

    def _step(self) -> None:
        if self.progress is not None:
            self.progress(self.stats)

    def result(self, *, seconds: float) -> CorpusResult:
        self.stats.seconds = seconds
        entries = [
            (article.shown, self.keys.get(position, ""))
            for position, article in enumerate(self.articles)
        ]
        return CorpusResult(
            parsed=[self.parsed[position] for position in sorted(self.parsed)],
            failures=sorted(self.failures.items()),
            stats=self.stats,
            digest=_digest_entries([*entries, *self.unreadable]),
        )


def corpus_digest(
    inputs: Iterable[str | Path],
    *,
    overrides_path: str | Path | None = None,
    encoding: str | None = None,
) -> str:
    """Digest of the documents of ``inputs`` as ``run_corpus`` would read them.

    It covers each document's path, id, bytes and sidecar and everything that changes its
    parse (the cache key), so it equals ``run_corpus(inputs, ...).digest`` (with the default
    parser) exactly when a run would give the same results. Reads every file; parses none.
    """
    spec = _parser_spec(None, overrides_path, "local")
    fingerprint = _fingerprint(spec, encoding)
    articles, unreadable = find_articles(inputs)
    folders = SidecarFolders()
    for article in articles:
        folders.may_have_sidecar(article.path)  # list every folder before the threads share it

    def entry(position: int) -> tuple[str, str]:
        article = articles[position]
        item = read_article(position, article, fingerprint, encoding=encoding, folders=folders)
        return article.shown, item if isinstance(item, str) else item.key

    # Reading and hashing release the GIL: two threads keep a disk and a core busy.
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        entries = list(pool.map(entry, range(len(articles)), chunksize=64))
    return _digest_entries([*entries, *unreadable])


def _digest_entries(entries: Iterable[tuple[str, str]]) -> str:
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for path, key in entries:
        digest.update(f"{path}\0{key}\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()
