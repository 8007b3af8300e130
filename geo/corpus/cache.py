"""The per-article cache: one signed entry per article, keyed by what changes its parse.

An entry is ``ROOT/ab/<key>.entry``: a magic word, a keyed BLAKE2b signature, a status byte
and the payload (a result of ``geo.corpus.serialize``, or the reason a file was refused).
The signature covers the key, the status and the payload, with a secret made once per
``GEO_HOME`` (``cache.key``, mode 0600). An entry is unpickled only after its signature is
verified, so a cache folder written by someone else (a shared disk, a copied archive)
cannot run code here: an entry that does not verify, is damaged or is of another kind is a
miss, and the article is parsed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from geo import settings
from geo._io import atomic_write
from geo.corpus.fingerprint import CACHE_FORMAT
from geo.corpus.serialize import GeometryStore, Loader
from geo.model import ParsedDocument

__all__ = ["ArticleCache", "Hit", "cache_root", "cache_secret"]

_MAGIC = b"geo4"
_SIGNATURE_BYTES = 32
_PARSED, _REFUSED = b"P", b"E"
_SECRET_NAME = "cache.key"


def cache_root(cache_dir: str | Path | None) -> Path:
    """The cache folder: ``cache_dir`` if given, else ``GEO_HOME/cache``."""
    return Path(cache_dir) if cache_dir is not None else settings.geo_home() / "cache"


def cache_secret(home: Path | None = None) -> bytes:
    """The secret cache entries are signed with, made on first use (mode 0600).

    Made under a temporary name and linked into place, so two runs starting together agree
    on one secret.
    """
    folder = home if home is not None else settings.geo_home()
    path = folder / _SECRET_NAME
    for _attempt in range(50):
        with contextlib.suppress(FileNotFoundError):
            secret = path.read_bytes()
            if len(secret) == _SIGNATURE_BYTES:
                return secret
            raise OSError(f"{path} is damaged; delete it (the cache is then parsed again)")
        _make_secret(path)
        time.sleep(0.01)
    raise OSError(f"cannot make the cache secret {path}")


def _make_secret(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(secrets.token_bytes(_SIGNATURE_BYTES))
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


@dataclass(frozen=True, slots=True)
class Hit:
    """A cache entry found: the parsed document, or the reason the file was refused."""

    parsed: ParsedDocument | None = None
    refused: str | None = None


class ArticleCache:
    """Signed per-article entries under ``root / CACHE_FORMAT``.

    Region geometries the results refer to are in ``geometries/`` beside them (see
    ``geo.corpus.serialize.GeometryStore``); a geometry is checked against its content hash.
    """

    def __init__(self, root: Path, *, secret: bytes | None = None) -> None:
        self.root = root / CACHE_FORMAT
        self.secret = secret if secret is not None else cache_secret()
        self.loader = Loader(GeometryStore(self.root / "geometries"))

    def get(self, key: str) -> Hit | None:
        """The entry of ``key``, or ``None`` for a miss (missing, damaged or unsigned)."""
        try:
            content = self._path(key).read_bytes()
        except OSError:
            return None
        header = len(_MAGIC) + _SIGNATURE_BYTES
        if content[: len(_MAGIC)] != _MAGIC or len(content) <= header:
            return None
        signature, status, payload = (
            content[len(_MAGIC) : header],
            content[header:][:1],
            content[header + 1 :],
        )
        if not hmac.compare_digest(signature, self._sign(key, status, payload)):
            return None
        try:
            if status == _PARSED:
                return Hit(parsed=self.loader.load(payload))
            if status == _REFUSED:
                return Hit(refused=payload.decode("utf-8"))
        except Exception:  # signed by us, yet unreadable (a lost geometry): parsed again
            return None
        return None

    def put_parsed(self, key: str, payload: bytes) -> None:
        """Keep the payload of a parsed article."""
        self._put(key, _PARSED, payload)

    def put_refused(self, key: str, reason: str) -> None:
        """Keep the reason an article file was refused (empty, binary...)."""
        self._put(key, _REFUSED, reason.encode("utf-8"))

    def _put(self, key: str, status: bytes, payload: bytes) -> None:
        content = _MAGIC + self._sign(key, status, payload) + status + payload
        # A cache that cannot be written only costs time on the next run.
        with contextlib.suppress(OSError):
            atomic_write(self._path(key), content, mode=0o600)

    def _sign(self, key: str, status: bytes, payload: bytes) -> bytes:
        mac = hashlib.blake2b(key=self.secret, digest_size=_SIGNATURE_BYTES)
        mac.update(key.encode("ascii"))
        mac.update(status)
        mac.update(payload)
        return mac.digest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.entry"
