"""What a corpus run returns: the parsed documents, the files refused, counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from geo.model import ParsedDocument

__all__ = ["CorpusResult", "CorpusStats"]


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
