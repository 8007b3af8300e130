"""Outputs that are up to date: a rerun over unchanged inputs and options can stop early.

A rerun over unchanged inputs with unchanged options writes the same files (the outputs are
deterministic), so it need not load, link and export 10,000 results again. After writing,
the run records the SHA-256 of every output file under a key made of the corpus digest,
the output options and a fingerprint of *all* of geo's code and data (export and map code
included); a later run with the same key whose files are still as written can stop.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from geo._io import atomic_write, read_regular_file
from geo.corpus.cache import cache_root
from geo.corpus.fingerprint import file_digest, geo_fingerprint
from geo.corpus.results import CorpusResult

__all__ = ["output_state", "outputs_key", "outputs_record", "record_outputs"]

_OUTPUTS_FORMAT = "geo.outputs/1"


def outputs_key(documents_digest: str, options: Mapping[str, Any]) -> str:
    """Key of a run's outputs: the corpus digest, ``options`` (JSON-able) and all of geo."""
    digest = hashlib.sha256(_OUTPUTS_FORMAT.encode())
    digest.update(f"{documents_digest}\0".encode())
    digest.update(json.dumps(options, sort_keys=True, default=str).encode("utf-8"))
    digest.update(geo_fingerprint())
    return digest.hexdigest()


def outputs_record(key: str, *, cache_dir: str | Path | None = None) -> dict[str, Any] | None:
    """What the run with outputs ``key`` recorded, if every output is still as written.

    Returns ``None`` when there is no record or any output file is missing or different
    (another size; or another modification time and another SHA-256).
    """
    path = _outputs_record_path(key, cache_dir)
    try:
        record = json.loads(read_regular_file(path))
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
        return file_digest(path, remember=False).hex() == recorded.get("sha256")
    except OSError:
        return False


def record_outputs(
    key: str,
    outputs: Sequence[str | Path],
    result: CorpusResult,
    *,
    cache_dir: str | Path | None = None,
    states: Mapping[str, Mapping[str, Any]] | None = None,
) -> None:
    """Record the digests of ``outputs`` written from ``result`` under ``key``.

    ``states`` gives each output's :func:`output_state` by file name as this run wrote it
    (before another run on the same folder could move its own files in); without it the
    files in place are measured.
    """
    stats = result.stats
    files = [Path(output) for output in outputs]
    if states is None:
        states = {file.name: output_state(file) for file in files}
    record = {
        "format": _OUTPUTS_FORMAT,
        "outputs": {str(file.resolve()): dict(states[file.name]) for file in files},
        "counts": {
            "documents": stats.documents,
            "mentions": stats.mentions,
            "places": stats.places,
            "routes": stats.routes,
            "errors": stats.errors,
        },
        "failures": [list(failure) for failure in result.failures],
    }
    # ASCII JSON: a folder name that is not UTF-8 keeps its bytes as \udcNN escapes.
    text = json.dumps(record, sort_keys=True)
    with contextlib.suppress(OSError):  # without a record the next run only writes again
        atomic_write(_outputs_record_path(key, cache_dir), text.encode("ascii"))


def output_state(path: Path) -> dict[str, Any]:
    """Size, modification time and SHA-256 of an output file (a rename keeps all three)."""
    status = path.stat()
    return {
        "size": status.st_size,
        "mtime_ns": status.st_mtime_ns,
        "sha256": file_digest(path, remember=False).hex(),
    }


def _outputs_record_path(key: str, cache_dir: str | Path | None) -> Path:
    return cache_root(cache_dir) / "outputs" / f"{key}.json"
