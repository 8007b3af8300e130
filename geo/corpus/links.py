"""Corroboration of a corpus, kept under its digest.

Linking the claims of 10,000 articles takes seconds (``geo.routes.corroborate``) and is a
deterministic function of the parsed documents, the corroboration code and tables and
``geo.settings``. A run over the same articles with other output options (another format,
folder or ``--offline``) reuses the links of the last runs instead of computing them again.
The links are kept as compressed JSON, signed with the cache's secret
(``geo.corpus.cache.cache_secret``): links planted in a shared cache (claims made to
corroborate each other, or a few bytes that decompress to gigabytes) are never read, only
computed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import zlib
from pathlib import Path
from typing import Any

from geo._io import atomic_write, read_regular_file
from geo.corpus.cache import cache_root, cache_secret
from geo.corpus.fingerprint import geo_fingerprint
from geo.corpus.results import CorpusResult
from geo.memory import paused_gc
from geo.model import Route

__all__ = ["corroborate_result"]

_FORMAT = "geo.corroboration/3"
_SIGNATURE_BYTES = 32
#: Corpora whose links are kept (the most recently used).
_KEPT = 4

#: Per route: corroboration count, corroborating documents and outlets, claims listed.
Link = tuple[int, int, int, list[str]]


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
    routes = [route for parsed in result.parsed for route in parsed.routes]
    path = _links_path(result.digest, cache_dir) if result.digest else None
    secret = cache_secret() if path is not None else b""
    kept = _kept_links(path, len(routes), secret) if path is not None and use_cache else None
    # A million strings made in one go: the collector would rescan the whole corpus.
    with paused_gc():
        if kept is not None:
            _apply(routes, kept)
        else:
            _link(result)
            if path is not None:
                _keep(path, routes, secret)
    if kept is not None and path is not None:
        with contextlib.suppress(OSError):
            os.utime(path)
    return kept is not None


def _link(result: CorpusResult) -> None:
    from geo.routes import corroborate

    corroborate(result.parsed)


def _apply(routes: list[Route], links: list[Link]) -> None:
    for route, (count, documents, outlets, listed) in zip(routes, links, strict=True):
        route.corroboration_count = count
        route.corroborating_documents = documents
        route.corroborating_outlets = outlets
        route.corroborated_by = listed


def _keep(path: Path, routes: list[Route], secret: bytes) -> None:
    links = [
        [
            route.corroboration_count,
            route.corroborating_documents,
            route.corroborating_outlets,
            route.corroborated_by,
        ]
        for route in routes
    ]
    content = json.dumps({"format": _FORMAT, "links": links}, ensure_ascii=False)
    compressed = zlib.compress(content.encode("utf-8"), 1)
    with contextlib.suppress(OSError):  # not kept: computed again next time
        atomic_write(path, _signature(secret, compressed) + compressed, mode=0o600)
    _forget_old(path.parent)


def _links_path(documents_digest: str, cache_dir: str | Path | None) -> Path:
    digest = hashlib.sha256(_FORMAT.encode())
    digest.update(f"{documents_digest}\0".encode())
    digest.update(geo_fingerprint())
    return cache_root(cache_dir) / "corroboration" / f"{digest.hexdigest()}.json.z"


def _signature(secret: bytes, compressed: bytes) -> bytes:
    return hashlib.blake2b(compressed, key=secret, digest_size=_SIGNATURE_BYTES).digest()


def _kept_links(path: Path, count: int, secret: bytes) -> list[Link] | None:
    """The links kept at ``path`` if they are signed, well formed and ``count`` long, else
    ``None``. The signature is checked before anything is decompressed."""
    try:
        content = read_regular_file(path)
        signature, compressed = content[:_SIGNATURE_BYTES], content[_SIGNATURE_BYTES:]
        if not hmac.compare_digest(signature, _signature(secret, compressed)):
            return None
        data: Any = json.loads(zlib.decompress(compressed))
    except (OSError, ValueError, zlib.error):
        return None
    links = data.get("links") if isinstance(data, dict) and data.get("format") == _FORMAT else None
    if not isinstance(links, list) or len(links) != count:
        return None
    if not all(_is_link(link) for link in links):
        return None
    return [(link[0], link[1], link[2], link[3]) for link in links]


def _is_link(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 4
        and all(isinstance(number, int) for number in value[:3])
        and isinstance(value[3], list)
        and all(isinstance(claim, str) for claim in value[3])
    )


def _forget_old(folder: Path) -> None:
    try:
        kept = sorted(folder.glob("*.json.z"), key=lambda item: item.stat().st_mtime_ns)
    except OSError:
        return
    for old in kept[:-_KEPT]:
        with contextlib.suppress(OSError):
            old.unlink()
