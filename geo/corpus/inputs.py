"""The articles of a corpus run: found under the inputs, named, read and keyed.

``find_articles`` expands files and folders (``geo.document.find_documents``), gives every
article a document id that is unique in the run, and lists the entries of the input folders
that look like articles but cannot be read as files: dangling symbolic links, FIFOs,
sockets and devices. Those are reported, never opened (a FIFO would block a reader).

Document ids
------------
An article's id is its file stem (``seeds/000_6af6.txt`` is ``000_6af6``), as for a single
``geo parse``. When several articles of the run share a stem (``a/report.txt`` and
``b/report.txt``; ``x.txt`` and ``x.html``) each of them gets the stem and a short hash of
its path relative to the input folder it was found in (``report-1f0c9a2e``), or of the path
as found when that is the same too (the same file name under two inputs). Ids are stable
from run to run of the same inputs, route ids built on them never collide, and claims of two
outlets' ``report.txt`` are linked as different documents.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import stat
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from geo import settings
from geo._io import file_kind, read_regular_file
from geo.document import (
    ARTICLE_SUFFIXES,
    display_path,
    find_documents,
    read_document,
    read_metadata,
    sidecar_path,
)
from geo.errors import DocumentError

__all__ = ["Article", "Item", "SidecarFolders", "find_articles", "read_article"]

_ID_HASH_CHARS = 8


@dataclass(frozen=True, slots=True)
class Article:
    """An article file of the run: where it is, as shown in reports, and its document id."""

    path: Path
    doc_id: str

    @property
    def shown(self) -> str:
        return display_path(self.path)


@dataclass(frozen=True, slots=True)
class Item:
    """An article read and keyed, ready for a worker (its bytes travel with it)."""

    position: int
    path: str
    doc_id: str
    data: bytes
    metadata: dict[str, str]
    key: str


def find_articles(
    inputs: Iterable[str | Path],
) -> tuple[list[Article], list[tuple[str, str]]]:
    """The articles of ``inputs`` sorted by path, and ``(path, reason)`` of unreadable entries.

    Raises
    ------
    DocumentError
        If an input does not exist.
    """
    roots = [Path(item) for item in inputs]
    paths = find_documents(roots)
    ids = document_ids(paths, roots)
    articles = [Article(path, doc_id) for path, doc_id in zip(paths, ids, strict=True)]
    return articles, unreadable_entries(roots)


def document_ids(paths: Sequence[Path], roots: Sequence[Path]) -> list[str]:
    """A document id per path: its stem, disambiguated when stems repeat (module doc)."""
    stems = Counter(_stem(path) for path in paths)
    ids = [
        _stem(path) if stems[_stem(path)] == 1 else _hashed_id(path, _relative(path, roots))
        for path in paths
    ]
    repeated = Counter(ids)
    return [
        doc_id if repeated[doc_id] == 1 else _hashed_id(path, path.as_posix())
        for doc_id, path in zip(ids, paths, strict=True)
    ]


def _stem(path: Path) -> str:
    """The file's stem as printable text (a name that is not UTF-8 gets ``\\xNN`` escapes)."""
    return display_path(path.stem)


def _hashed_id(path: Path, where: str) -> str:
    digest = hashlib.sha256(where.encode("utf-8", "surrogateescape")).hexdigest()
    return f"{_stem(path)}-{digest[:_ID_HASH_CHARS]}"


def _relative(path: Path, roots: Sequence[Path]) -> str:
    for root in roots:
        if root != path and path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return path.name


def unreadable_entries(roots: Sequence[Path]) -> list[tuple[str, str]]:
    """Entries of the input folders that name an article but are no regular file.

    Hidden entries and hidden folders are skipped, as ``find_documents`` skips them; so are
    names that would not be read as articles (sidecars, other suffixes).
    """
    found: list[tuple[str, str]] = []
    for root in roots:
        if not root.is_dir():
            continue
        for folder, folders, files in os.walk(root):
            folders[:] = [name for name in folders if not name.startswith(".")]
            for name in files:
                if _could_be_article(name):
                    reason = _unreadable_reason(Path(folder) / name)
                    if reason is not None:
                        found.append((display_path(Path(folder) / name), reason))
    return sorted(found)


def _could_be_article(name: str) -> bool:
    if name.startswith("."):
        return False
    suffix = Path(name).suffix.lower()
    return suffix in ARTICLE_SUFFIXES or not suffix


def _unreadable_reason(path: Path) -> str | None:
    try:
        status = path.stat()
    except FileNotFoundError:
        return f"{path}: a symbolic link to {os.readlink(path)}, which does not exist; skipped"
    except OSError as error:
        return f"{path}: cannot read the file: {error.strerror or error}"
    if stat.S_ISREG(status.st_mode) or stat.S_ISDIR(status.st_mode):
        return None
    return f"{path}: a {file_kind(status.st_mode)}, not a regular file; not read"


class SidecarFolders:
    """Listings of the corpus folders, to skip looking for sidecars that cannot exist.

    Every sidecar name ``geo.document.sidecar_path`` tries begins with the article's stem
    (``a.json``, ``a.txt.meta.json``); an article with no other file so named has none.
    That saves five ``stat`` calls per article.
    """

    def __init__(self) -> None:
        self.listings: dict[Path, list[str]] = {}

    def may_have_sidecar(self, path: Path) -> bool:
        names = self.listings.get(path.parent)
        if names is None:
            try:
                names = sorted(os.listdir(path.parent))
            except OSError:
                return True
            self.listings[path.parent] = names
        stem = path.stem
        position = bisect.bisect_left(names, stem)
        while position < len(names) and names[position].startswith(stem):
            if names[position] != path.name:
                return True
            position += 1
        return False


def read_article(
    position: int,
    article: Article,
    fingerprint: bytes,
    *,
    encoding: str | None,
    folders: SidecarFolders | None = None,
) -> Item | str:
    """Read an article's bytes and sidecar and compute its cache key; a reason if it can't.

    The key covers the fingerprint, the path as shown, the document id, the bytes and the
    sidecar's bytes.
    """
    path, shown = article.path, article.shown
    try:
        if path.stat().st_size > settings.MAX_DOCUMENT_BYTES:
            read_document(path, encoding=encoding)  # raises the size error without reading
        data = read_regular_file(path)
        may_have = folders is None or folders.may_have_sidecar(path)
        sidecar = sidecar_path(path) if may_have else None
        side_bytes = read_regular_file(sidecar) if sidecar is not None else b""
        metadata = read_metadata(path) if sidecar is not None else {}
    except DocumentError as error:
        return str(error)
    except OSError as error:
        return f"{shown}: cannot read the file: {error.strerror or error}"
    digest = hashlib.sha256(fingerprint)
    for part in (
        shown.encode("utf-8", "surrogateescape"),
        article.doc_id.encode(),
        data,
        side_bytes,
    ):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return Item(position, shown, article.doc_id, data, metadata, digest.hexdigest())
