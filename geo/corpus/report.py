"""The run report of a corpus run (``NAME.report.json``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geo.corpus.results import CorpusResult
from geo.document import display_path

__all__ = ["corpus_report"]

#: Metadata keys of a document that say something was read other than as written.
WARNING_KEYS = ("decode_warning", "metadata_warning")


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
    file name. Documents read with a warning (an encoding guessed, invalid Unicode in the
    metadata replaced) are listed under ``warnings``, which is left out when there are none.
    """
    documents: list[dict[str, Any]] = []
    warnings: list[dict[str, str]] = []
    for parsed in result.parsed:
        document = parsed.document
        warnings.extend(
            {"path": document.path, "warning": document.metadata[key]}
            for key in WARNING_KEYS
            if document.metadata.get(key)
        )
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
    report: dict[str, Any] = {
        "format": "geo.run/1",
        "name": name,
        "inputs": [display_path(item) for item in inputs],
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
    if warnings:
        report["warnings"] = sorted(warnings, key=lambda item: (item["path"], item["warning"]))
    return report
