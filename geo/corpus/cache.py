"""The per-article cache: one signed entry per article, keyed by what changes its parse.

An entry is ``ROOT/ab/<key>.entry``: a magic word, a keyed BLAKE2b signature, a status byte
and the payload (a result of ``geo.corpus.serialize``, or the reason a file was refused).
The signature covers the key, the status and the payload, with a secret made once per
``GEO_HOME`` (``cache.key``, mode 0600). An entry is unpickled only after its signature is
verified, so a cache folder written by someone else (a shared disk, a copied archive)
cannot run code here: an entry that does not verify, is damaged or is of another kind is a
miss, and the article is parsed again. The secret itself is used only when it is a regular
file of this user that no one else may read or write; otherwise (a key planted in a shared
``GEO_HOME``, a FIFO put in its place) the run stops with a message saying what to do.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import hmac
import os
import secrets
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from geo import settings
from geo._io import atomic_write, file_kind, read_regular_file
from geo.corpus.fingerprint import CACHE_FORMAT
from geo.corpus.serialize import GeometryStore, Loader
from geo.errors import ConfigurationError
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

    Raises
    ------
    ConfigurationError
        If the secret is not a regular file of this user, others may read or change it, or
        it is damaged (see :func:`_read_secret`).
    """
    folder = home if home is not None else settings.geo_home()
    path = folder / _SECRET_NAME
    for _attempt in range(50):
        secret = _read_secret(path)
        if secret is not None:
            return secret
        _make_secret(path)
        time.sleep(0.01)
    raise ConfigurationError(f"cannot make the cache secret {path}")


def _read_secret(path: Path) -> bytes | None:
    """The secret in ``path`` (``None`` if there is none yet), trusted only when it is a
    regular file owned by this user, private to them and of the right size.

    Someone who could replace it could sign entries that run code when unpickled; a FIFO in
    its place would hang the run. The file is opened without following a link or blocking.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    except OSError as error:
        reason = "it is a symbolic link" if error.errno == errno.ELOOP else error.strerror
        raise ConfigurationError(
            f"cannot read the cache secret {path}: {reason}; delete it (the cache is then "
            "parsed again) or use a GEO_HOME of your own"
        ) from None
    try:
        status = os.fstat(handle)
        problem = ""
        if not stat.S_ISREG(status.st_mode):
            problem = f"is a {file_kind(status.st_mode)}, not a regular file"
        elif hasattr(os, "geteuid") and status.st_uid != os.geteuid():
            problem = "belongs to another user"
        elif status.st_mode & 0o077:
            problem = f"may be read or changed by others (mode {stat.S_IMODE(status.st_mode):o})"
        secret = b"" if problem else os.read(handle, _SIGNATURE_BYTES + 1)
    finally:
        os.close(handle)
    if not problem and len(secret) != _SIGNATURE_BYTES:
        problem = "is damaged"
    if problem:
        raise ConfigurationError(
            f"the cache secret {path} {problem}: geo does not trust the cache with it; delete "
            "it (the cache is then parsed again) or use a GEO_HOME of your own"
        )
    return secret


def _make_secret(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # A new file of a random name (mode 0600), never one someone else made beforehand.
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
            content = read_regular_file(self._path(key))  # never a FIFO planted there
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
                parsed = self.loader.load(payload)
                # Signed by us, yet of another kind (written by another version): a miss.
                return Hit(parsed=parsed) if isinstance(parsed, ParsedDocument) else None
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
