"""Fingerprints of what changes a parse: geo's code and data, its settings, the index.

Contents, not modification times: a checkout, a copy or a touched file keeps the cache,
and any edit to parsing code or data invalidates it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
from pathlib import Path

from geo import settings

__all__ = [
    "CACHE_FORMAT",
    "file_digest",
    "geo_fingerprint",
    "parse_fingerprint",
    "settings_fingerprint",
    "source_fingerprint",
]

#: Version of the per-article cache; part of every key.
CACHE_FORMAT = "parsed-v4"

# Code and data that do not change a ParsedDocument: editing them keeps the cache.
_PARSE_IRRELEVANT = frozenset(
    {
        "__pycache__",
        "cli",
        "mapping",
        "export",
        "export.py",
        "corpus",
        "assets.py",
        "basemap",
        "assets",
        "testing.py",
        # Claims are linked across documents after the cache, on every run.
        "corroborate.py",
    }
)
_CODE_SUFFIXES = frozenset({".py"})
_DATA_SUFFIXES = frozenset({".tsv", ".csv", ".json", ".yaml", ".geojson"})


def parse_fingerprint(
    *, factory: str, index: Path, overrides: Path | None, encoding: str | None
) -> bytes:
    """Hash of everything besides the article that changes its parse.

    ``factory`` names the parser factory (empty for geo's parser).
    """
    import geo

    digest = hashlib.sha256(CACHE_FORMAT.encode())
    digest.update(f"geo {geo.__version__}\0encoding {encoding}\0factory {factory}\0".encode())
    digest.update(source_fingerprint(Path(geo.__file__).parent, settings.DATA_DIR))
    digest.update(settings_fingerprint())
    digest.update(file_digest(index) if index.is_file() else b"no index\0")
    if overrides is not None:
        digest.update(hashlib.sha256(overrides.read_bytes()).digest())
    return digest.digest()


def geo_fingerprint() -> bytes:
    """Hash of all of geo's code and data (export and map code included) and its settings."""
    import geo

    digest = hashlib.sha256(f"geo {geo.__version__}\0".encode())
    digest.update(source_fingerprint(Path(geo.__file__).parent, settings.DATA_DIR, everything=True))
    digest.update(settings_fingerprint())
    return digest.digest()


def settings_fingerprint() -> bytes:
    """The public defaults of ``geo.settings`` as they are now (code reads them at call time)."""
    values = sorted((name, repr(value)) for name, value in vars(settings).items() if name.isupper())
    return repr(values).encode("utf-8")


@functools.cache
def source_fingerprint(package: Path, data: Path, *, everything: bool = False) -> bytes:
    """SHA-256 over the names and contents of geo's parsing code and data files.

    Computed once per process: the code that parses is the code imported when it started
    (and the tables it loaded then), whatever happens to the files afterwards.
    With ``everything``, code and data that do not change a parse (export, maps, assets)
    are included too.
    """
    digest = hashlib.sha256()
    skipped = frozenset({"__pycache__"}) if everything else _PARSE_IRRELEVANT
    for root, suffixes in ((package, _CODE_SUFFIXES), (data, _DATA_SUFFIXES)):
        files = sorted(root.rglob("*")) if root.is_dir() else []
        for file in files:
            relative = file.relative_to(root)
            if not file.is_file() or skipped.intersection(relative.parts):
                continue
            if not everything and file.suffix not in suffixes:
                continue
            with contextlib.suppress(OSError):
                content = file.read_bytes()
                digest.update(f"{root.name}/{relative.as_posix()}\0{len(content)}\0".encode())
                digest.update(content)
    return digest.digest()


# Index digests by (path, size, mtime): an index is hashed once per process until rebuilt.
_FILE_DIGESTS: dict[tuple[str, int, int], bytes] = {}


def file_digest(path: Path, *, remember: bool = True) -> bytes:
    """SHA-256 of a file's bytes (remembered per path, size and modification time)."""
    status = path.stat()
    key = (str(path.resolve()), status.st_size, status.st_mtime_ns)
    known = _FILE_DIGESTS.get(key) if remember else None
    if known is None:
        digest = hashlib.sha256()
        with path.open("rb") as stream:
            for block in iter(functools.partial(stream.read, 1 << 20), b""):
                digest.update(block)
        known = digest.digest()
        if remember:
            _FILE_DIGESTS[key] = known
    return known
