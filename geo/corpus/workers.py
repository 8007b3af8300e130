"""What runs in a worker: the parser (made once per process) and the parse of a batch.

Both engines (``geo.corpus.engines``) send batches of ``Item`` to ``parse_batch``; with one
job it runs in the calling process. Results go back as bytes (``geo.corpus.serialize``).
A local worker process also dies with the process that started it (``die_with_parent``),
so a ``geo run`` killed with ``kill -9`` leaves no workers behind.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from geo.corpus.inputs import Item
from geo.corpus.serialize import Dumper, place_registry
from geo.document import document_from_bytes
from geo.errors import DocumentError
from geo.model import Document, ParsedDocument

__all__ = [
    "BatchResult",
    "Job",
    "ParserFactory",
    "ParserLike",
    "ParserSpec",
    "default_parser",
    "failed_batch",
    "init_local_worker",
    "parse_batch",
    "worker_parser",
]

#: Statuses of an article in a batch result.
PARSED, REFUSED, FAILED = "ok", "bad", "error"

#: Seconds between a worker's looks at its parent where the parent's death is not signalled.
_PARENT_POLL_SECONDS = 1.0
_PR_SET_PDEATHSIG = 1


class ParserLike(Protocol):
    """What a corpus run needs of a parser: ``geo.pipeline.Parser`` or a stand-in."""

    def parse(self, document: Document) -> ParsedDocument: ...


#: Makes a parser in a worker, given the overrides path (``None`` for none).
ParserFactory = Callable[[str | None], ParserLike]


@dataclass(frozen=True, slots=True)
class ParserSpec:
    """How a worker makes its parser, and whether places travel as references."""

    factory: ParserFactory | None
    overrides: str | None
    index: str
    #: Workers share this machine's index, so gazetteer places travel as their ids.
    place_refs: bool = True


@dataclass(frozen=True, slots=True)
class Job:
    """What a corpus engine (``geo.corpus.engines``) parses its batches with."""

    spec: ParserSpec
    #: The codec forced on every article (``None``: detected).
    encoding: str | None
    workers: int
    #: Address of a running Dask scheduler (the ``dask`` engine; ``None``: a local cluster).
    scheduler: str | None = None


class BatchResult(NamedTuple):
    """``(position, status, payload)`` per article: bytes when parsed, else the reason."""

    items: list[tuple[int, str, Any]]
    interrupted: bool
    peak_rss_mb: float | None
    #: WKB of the geometries the payloads of ``items`` refer to, by digest.
    geometries: dict[str, bytes]


def default_parser(overrides: str | None) -> ParserLike:
    """geo's parser with the default gazetteer and an overrides file."""
    from geo.pipeline import Parser

    return Parser(None, overrides=overrides)


_PARSERS: dict[ParserSpec, ParserLike] = {}
_PARSERS_LOCK = threading.Lock()


def worker_parser(spec: ParserSpec) -> ParserLike:
    """The parser of this process for ``spec``, made once (index loaded once per worker)."""
    with _PARSERS_LOCK:
        parser = _PARSERS.get(spec)
        if parser is None:
            factory = spec.factory or default_parser
            parser = factory(spec.overrides)
            _PARSERS[spec] = parser
        return parser


def forget_parsers() -> None:
    """Drop the parsers made so far (a test changed what the factories make)."""
    with _PARSERS_LOCK:
        _PARSERS.clear()


def init_local_worker(spec: ParserSpec, parent: int) -> None:
    """Initialise a local worker process: signals, parent watch, parser."""
    # The parent handles Ctrl-C and stops the pool; workers finish their batch quietly. A
    # SIGTERM handler the parent installed (geo run's) is not the worker's to run.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent)
    worker_parser(spec)
    # What the worker inherited from the parent (the gazetteer, the parser) lives as long as
    # the worker: out of the collector's sight, its pages stay shared with the parent.
    gc.freeze()


def die_with_parent(parent: int) -> None:
    """End this process when process ``parent`` ends, however it ends (``kill -9`` too).

    On Linux the kernel sends SIGKILL on the parent's death (``PR_SET_PDEATHSIG``);
    elsewhere a daemon thread looks at the parent pid every second.
    """
    if not _kernel_kills_with_parent():
        threading.Thread(
            target=_watch_parent, args=(parent,), name="geo-parent-watch", daemon=True
        ).start()
    if os.getppid() != parent:  # the parent died before the watch began
        os._exit(1)


def _kernel_kills_with_parent() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_PARENT_POLL_SECONDS)
    os._exit(1)


@contextlib.contextmanager
def _collecting() -> Iterator[None]:
    """Run the cyclic garbage collector while parsing, whatever the caller paused.

    A corpus run pauses the collector while it loads results, and worker processes forked
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


def peak_rss_mb() -> float | None:
    """Peak resident memory of this process, in MB (``None`` where it is not known)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def parse_batch(spec: ParserSpec, items: Sequence[Item], encoding: str | None) -> BatchResult:
    """Parse a batch of articles; one bad article never stops the others.

    A ``KeyboardInterrupt`` ends the batch early and returns what was finished.
    """
    with _collecting():
        parser = worker_parser(spec)
        dumper = Dumper(place_registry() if spec.place_refs else None)
        done: list[tuple[int, str, Any]] = []
        interrupted = False
        for item in items:
            try:
                done.append((item.position, PARSED, dumper.dump(_parse(parser, item, encoding))))
            except DocumentError as error:
                done.append((item.position, REFUSED, str(error)))
            except KeyboardInterrupt:
                interrupted = True
                break
            except Exception as error:
                reason = f"{item.path}: parsing failed: {type(error).__name__}: {error}"
                done.append((item.position, FAILED, reason))
    return BatchResult(done, interrupted, peak_rss_mb(), dumper.geometries)


def _parse(parser: ParserLike, item: Item, encoding: str | None) -> ParsedDocument:
    document = document_from_bytes(
        item.data, path=item.path, doc_id=item.doc_id, encoding=encoding, metadata=item.metadata
    )
    return parser.parse(document)


def failed_batch(batch: Sequence[Item], error: BaseException) -> BatchResult:
    """The result of a batch whose worker failed: every article fails with the reason."""
    reason = f"worker failed: {type(error).__name__}: {error}"
    return BatchResult(
        [(item.position, FAILED, f"{item.path}: {reason}") for item in batch], False, None, {}
    )
