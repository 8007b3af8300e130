"""Parsing a whole corpus: folders of articles, in parallel, with a per-article cache.

One module per concern, data flowing top to bottom:

- ``inputs``: the articles under the inputs, their document ids, the entries that are no
  regular file; reading an article and its cache key.
- ``fingerprint``: what besides an article changes its parse (geo's code, data, settings,
  the index), as hashes.
- ``serialize``: results as bytes, gazetteer places and region geometries by reference.
- ``cache``: the signed per-article cache.
- ``workers`` and ``engines``: the parse of a batch, in local worker processes or on Dask.
- ``runner``: ``run_corpus`` and ``corpus_digest``.
- ``links``: corroboration across documents, kept under the corpus digest.
- ``records``: outputs recorded, so an unchanged rerun stops early.
- ``report``: the run report; ``publish``: outputs staged and moved under a lock.
- ``formats``: the output formats (light, read by the CLI at start-up).
- ``workflow``: ``run``, what ``geo run`` does (``geo.run``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geo.corpus.engines import ENGINES
    from geo.corpus.links import corroborate_result
    from geo.corpus.records import outputs_key, outputs_record, record_outputs
    from geo.corpus.report import corpus_report
    from geo.corpus.results import CorpusResult, CorpusStats
    from geo.corpus.runner import corpus_digest, run_corpus
    from geo.corpus.workers import ParserLike
    from geo.corpus.workflow import RunResult, run

# Loaded on first use: ``geo run``'s argument parser reads ``geo.corpus.formats`` at start-up
# without importing the parsing stack.
_EXPORTS = {
    "ENGINES": "geo.corpus.engines",
    "CorpusResult": "geo.corpus.results",
    "CorpusStats": "geo.corpus.results",
    "ParserLike": "geo.corpus.workers",
    "RunResult": "geo.corpus.workflow",
    "corpus_digest": "geo.corpus.runner",
    "corpus_report": "geo.corpus.report",
    "corroborate_result": "geo.corpus.links",
    "outputs_key": "geo.corpus.records",
    "outputs_record": "geo.corpus.records",
    "record_outputs": "geo.corpus.records",
    "run": "geo.corpus.workflow",
    "run_corpus": "geo.corpus.runner",
}

__all__ = [
    "ENGINES",
    "CorpusResult",
    "CorpusStats",
    "ParserLike",
    "RunResult",
    "corpus_digest",
    "corpus_report",
    "corroborate_result",
    "outputs_key",
    "outputs_record",
    "record_outputs",
    "run",
    "run_corpus",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'geo.corpus' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
