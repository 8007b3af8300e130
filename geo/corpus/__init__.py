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
- ``workflow``: ``run``, what ``geo run`` does (``geo.run``).
"""

from geo.corpus.engines import ENGINES
from geo.corpus.links import corroborate_result
from geo.corpus.records import outputs_key, outputs_record, record_outputs
from geo.corpus.report import corpus_report
from geo.corpus.results import CorpusResult, CorpusStats
from geo.corpus.runner import corpus_digest, run_corpus
from geo.corpus.workers import ParserLike
from geo.corpus.workflow import RunResult, run

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
