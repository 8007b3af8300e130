"""Reading articles from disk: encodings, HTML pages, metadata and site furniture.

Every offset geo reports indexes ``Document.text``. The text is the decoded file as it is
(only a byte-order mark is dropped), so offsets stay valid against the file's content; for an
HTML page ``Document.text`` is the extracted article text, and for a file with YAML front
matter it is the text after the front matter.

Encodings
---------
``encoding=`` names a codec and is used as given. Otherwise, in this order: a UTF-16/UTF-32
or UTF-8 byte-order mark; UTF-16 without a byte-order mark (NUL bytes, and the byte order
whose decoding reads as Arabic or Latin text); strict UTF-8 (an article whose last multi-byte
character was cut off is accepted without that character and ``metadata["decode_warning"]``
says so); the charset an HTML page declares, if its decoding is readable; Windows-1256 if the
result is mostly Arabic letters, spaces and punctuation; Mac Arabic (whose letters are also
ISO-8859-6's) if, besides, the letters form Arabic words; Windows-1252 for Latin text; and
finally charset-normalizer, whose guess is said in ``decode_warning`` and refused when it does
not read as Arabic or Latin text (mojibake: Arabic turned into accented Latin letters or
another script, words mixing scripts). Mac Arabic, Windows-1252 and charset-normalizer's guess
leave a ``decode_warning``. ``Document.encoding`` records the codec used, with ``+html``
appended for HTML pages (``"utf-8+html"``). A lone surrogate a codec yields (``utf-7``,
``unicode_escape``) is replaced by U+FFFD, which keeps every offset.

Untrusted files
---------------
Regular files larger than ``settings.MAX_DOCUMENT_BYTES`` are refused before they are read.
A FIFO or device is read without blocking, for at most ``settings.SPECIAL_FILE_SECONDS`` and
that many bytes (a FIFO with no writer is refused at once); a socket is refused. Sidecars and
front matter are limited to ``settings.MAX_METADATA_BYTES``, and read as YAML without aliases
or nesting deeper than ``settings.MAX_YAML_DEPTH`` (a "billion laughs" is refused at once).
A file name that is not valid UTF-8 is shown with ``\\xNN`` escapes in ids, paths and
messages (:func:`display_path`). Matching on presentation forms and around bidi controls is
done on the view :func:`geo.textforms.fold_presentation_forms` gives; ``Document.text`` is
never changed.

Metadata
--------
Metadata comes, later sources winning, from

1. an HTML page's meta tags: ``og:site_name`` -> ``outlet``, ``article:published_time``
   (or ``date``, ``pubdate``, ``DC.date``...) -> ``date``, ``author`` -> ``author``,
   ``og:url`` or ``<link rel=canonical>`` -> ``url``, ``og:title`` -> ``title``;
2. YAML front matter: the file starts with a line ``---``, a YAML mapping follows, and a
   line ``---`` (or ``...``) closes it; the article is the text after the closing line;
3. a sidecar file next to the article, the first that exists of ``<name>.meta.json``,
   ``<name>.meta.yaml``, ``<stem>.json``, ``<stem>.yaml``, ``<stem>.yml`` (for
   ``a/000.txt``: ``a/000.txt.meta.json``, ``a/000.txt.meta.yaml``, ``a/000.json``,
   ``a/000.yaml``, ``a/000.yml``), holding one JSON or YAML mapping.

Keys are lower-cased; common aliases are mapped to ``outlet`` (source, site, publisher),
``date`` (published, published_at, pubdate...), ``url`` (link, canonical) and ``author``.
Values become strings (lists are joined with ``", "``); a lone surrogate in a key or value
(JSON ``"\\ud800"``) is replaced by U+FFFD and ``metadata["metadata_warning"]`` names the
field. ``date`` is normalised to ISO ``yyyy-mm-dd`` when it can be parsed (ISO,
``dd/mm/yyyy``, English and Arabic month names); otherwise it is kept as written. A ``title`` key becomes ``Document.title``; without one the
title is the first non-empty line of the text.

Site furniture
--------------
Lines that are page furniture rather than prose (comment counters, share buttons, "most
read" boxes, cookie notices, lone numbers, emoji-labelled headings, and a trailing block of
short labels after the last paragraph) are listed in ``Document.skip`` as ``(start, end)``
spans. They stay in the text. The patterns are in ``geo/data/lexicons/furniture.tsv``.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import hashlib
import json
import os
import re
import select
import stat
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from geo import settings
from geo._io import NotRegularFileError, file_kind, read_regular_file
from geo._yaml import UnsafeYamlError, load_yaml
from geo.errors import DocumentError, GeoError
from geo.lexicons import load_table
from geo.model import Document
from geo.normalize import fold_arabic

__all__ = [
    "ARTICLE_SUFFIXES",
    "SIDECAR_SUFFIXES",
    "display_path",
    "read_article_bytes",
    "document_from_bytes",
    "document_from_text",
    "find_documents",
    "furniture_spans",
    "iter_documents",
    "normalize_date",
    "read_document",
    "read_metadata",
    "read_small_file",
    "sidecar_path",
]

#: File suffixes read as articles when walking a folder (files without a suffix are too).
ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})

#: Suffixes of metadata sidecar files; never read as articles.
SIDECAR_SUFFIXES = frozenset({".json", ".yaml", ".yml"})

_HTML_SUFFIXES = frozenset({".html", ".htm"})

_SURROGATE_RE = re.compile("[\ud800-\udfff]")

# ---------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------


def read_document(
    path: str | Path,
    *,
    encoding: str | None = None,
    doc_id: str | None = None,
) -> Document:
    """Read an article file (plain text, Markdown or an HTML page) into a Document.

    Parameters
    ----------
    path
        The article file. ``Document.path`` keeps it as given.
    encoding
        A codec name (``"cp1256"``, ``"utf-16"``...) to decode with instead of detecting.
    doc_id
        The document id; defaults to the file stem (``000_6af6`` for ``000_6af6.txt``).

    Returns
    -------
    Document
        With ``text``, ``title``, ``encoding``, ``metadata``, ``skip`` and ``sha256`` (of
        the raw bytes) filled in.

    Raises
    ------
    DocumentError
        If the file is missing, too large, empty, binary or cannot be decoded; the message
        names the file and says what to do.
    """
    file = Path(path)
    shown = display_path(path)
    data = _read_article_bytes(file, shown)
    metadata = _read_sidecar(file, shown)
    is_html = file.suffix.lower() in _HTML_SUFFIXES
    return _document_from_bytes(
        data,
        shown=shown,
        doc_id=doc_id if doc_id is not None else display_path(file.stem),
        encoding=encoding,
        sidecar=metadata,
        html_hint=is_html,
    )


def read_article_bytes(path: str | Path) -> bytes:
    """The raw bytes of an article file, read as ``read_document`` reads them.

    A regular file larger than ``settings.MAX_DOCUMENT_BYTES`` is refused before it is read;
    a FIFO or device is read without blocking, for at most ``settings.SPECIAL_FILE_SECONDS``
    and that many bytes; a socket or folder is refused.

    Raises
    ------
    DocumentError
        Naming the file and what is wrong with it.
    """
    return _read_article_bytes(Path(path), display_path(path))


def read_small_file(
    path: Path, limit: int, *, error: type[GeoError], unreadable: str, too_large: str
) -> bytes:
    """The bytes of a file that may hold at most ``limit`` of them (metadata, overrides).

    No more than ``limit + 1`` bytes are read, and only from a regular file: the file is
    opened without blocking and checked before a byte is read, so a FIFO or device given
    (or swapped in) never hangs or floods the reader. An unreadable file raises ``error``
    with the message ``unreadable`` followed by the reason; a larger one, ``too_large``.
    """
    try:
        raw = read_regular_file(path, limit=limit + 1)
    except NotRegularFileError as problem:
        what = "a folder" if problem.kind == "folder" else f"a {problem.kind}, not a regular file"
        raise error(f"{unreadable}: it is {what}") from None
    except OSError as problem:
        raise error(f"{unreadable}: {problem.strerror}") from None
    if len(raw) > limit:
        raise error(too_large)
    return raw


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as text that can always be printed and written as UTF-8.

    A file name that is not valid UTF-8 reaches Python with its bad bytes as lone surrogates
    (``os.fsdecode``), which no UTF-8 output can hold; they are written as ``\\xNN`` escapes
    here (``caf\\xe9.txt``), so that two such names stay distinct. Valid names are unchanged.
    """
    text = os.fspath(path)
    if not _SURROGATE_RE.search(text):
        return text
    try:
        raw = os.fsencode(text)
    except UnicodeEncodeError:
        return _SURROGATE_RE.sub("\ufffd", text)
    return raw.decode("utf-8", "backslashreplace")


def document_from_text(
    text: str,
    *,
    doc_id: str = "text",
    path: str = "",
    metadata: dict[str, Any] | None = None,
) -> Document:
    """Make a Document of a text already in memory (plain text, front matter or HTML).

    ``metadata`` wins over front matter or HTML meta tags, as a sidecar file would.
    ``Document.sha256`` is the digest of the UTF-8 encoding of ``text``.
    """
    data = text.encode("utf-8", errors="surrogatepass")
    shown = display_path(path or doc_id)
    if not text.strip():
        raise DocumentError(f"{shown} is empty; there is no article text to read")
    # A lone surrogate is no character: U+FFFD in its place keeps every offset.
    text = _SURROGATE_RE.sub("\ufffd", text)
    return _build(
        text,
        shown=shown,
        path=display_path(path),
        doc_id=display_path(doc_id),
        encoding="utf-8",
        sha256=hashlib.sha256(data).hexdigest(),
        sidecar=_clean_metadata(metadata or {}),
        decode_warning="",
        html_hint=False,
    )


def document_from_bytes(
    data: bytes,
    *,
    path: str,
    doc_id: str | None = None,
    encoding: str | None = None,
    metadata: dict[str, Any] | None = None,
) -> Document:
    """Make a Document of an article file's raw bytes, as ``read_document`` would.

    For callers that read the bytes themselves (a corpus run sends them to workers that may
    not see the file). ``path`` is recorded as given and its suffix tells an HTML page;
    ``metadata`` stands for the sidecar file (see ``read_metadata``); ``doc_id`` defaults to
    the stem of ``path``.
    """
    shown = display_path(path)
    limit = settings.MAX_DOCUMENT_BYTES
    if len(data) > limit:
        raise DocumentError(
            f"{shown} is {_megabytes(len(data))}, larger than the {_megabytes(limit)} limit for "
            "an article; split it or raise geo.settings.MAX_DOCUMENT_BYTES"
        )
    file = Path(path)
    return _document_from_bytes(
        data,
        shown=shown,
        doc_id=display_path(doc_id if doc_id is not None else file.stem),
        encoding=encoding,
        sidecar=_clean_metadata(metadata or {}),
        html_hint=file.suffix.lower() in _HTML_SUFFIXES,
    )


def read_metadata(path: str | Path) -> dict[str, str]:
    """Return the metadata of an article's sidecar file (``{}`` without one), cleaned.

    Raises
    ------
    DocumentError
        If the sidecar exists but is not a valid JSON or YAML mapping.
    """
    return _read_sidecar(Path(path), display_path(path))


def sidecar_path(path: str | Path) -> Path | None:
    """Return the metadata sidecar file of an article, or ``None`` if it has none."""
    file = Path(path)
    names = [f"{file.name}.meta.json", f"{file.name}.meta.yaml"]
    names += [f"{file.stem}{suffix}" for suffix in (".json", ".yaml", ".yml")]
    for name in names:
        candidate = file.with_name(name)
        if candidate != file and candidate.is_file():
            return candidate
    return None


def find_documents(inputs: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into the article files to read, sorted, without repeats.

    Folders are walked recursively for ``.txt``, ``.md``, ``.html``, ``.htm`` files and files
    without a suffix; hidden files and folders and metadata sidecars are skipped. A file
    named explicitly is kept whatever its suffix, unless it is a sidecar (``.json``, ``.yaml``).

    Raises
    ------
    DocumentError
        If an input does not exist.
    """
    found: set[Path] = set()
    for item in inputs:
        root = Path(item)
        if root.is_dir():
            for file in root.rglob("*"):
                relative = file.relative_to(root).parts
                if any(part.startswith(".") for part in relative) or not file.is_file():
                    continue
                suffix = file.suffix.lower()
                if suffix in ARTICLE_SUFFIXES or (not suffix and not _is_sidecar(file)):
                    found.add(file)
        elif root.is_file():
            if not _is_sidecar(root):
                found.add(root)
        elif root.exists():
            kind = file_kind(root.stat().st_mode)
            raise DocumentError(
                f"{display_path(item)} is a {kind}, not an article file or a folder; save the "
                "article to a regular file"
            )
        else:
            raise DocumentError(f"{display_path(item)}: no such file or folder")
    return sorted(found, key=lambda file: file.as_posix())


def iter_documents(
    inputs: Iterable[str | Path],
    *,
    encoding: str | None = None,
    on_error: Callable[[Path, DocumentError], None] | None = None,
) -> Iterator[Document]:
    """Read every article of ``inputs`` (files and folders, see ``find_documents``) in order.

    Parameters
    ----------
    inputs
        Files and folders.
    encoding
        Passed to ``read_document``.
    on_error
        Called with the path and the error for a file that cannot be read, which is then
        skipped. Without it the ``DocumentError`` is raised.
    """
    for file in find_documents(inputs):
        try:
            document = read_document(file, encoding=encoding)
        except DocumentError as error:
            if on_error is None:
                raise
            on_error(file, error)
            continue
        yield document


def normalize_date(value: Any) -> str:
    """Return a date as ISO ``yyyy-mm-dd`` when it can be parsed, else as written (stripped).

    Understands ISO dates and timestamps, ``yyyy/mm/dd``, day-first ``dd/mm/yyyy``,
    ``14 December 2018``, ``December 14, 2018`` and Arabic month names (Levantine and
    Egyptian: ``14 كانون الأول 2018``, ``14 ديسمبر 2018``), in Western or Arabic-Indic digits.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    raw = str(value).strip()
    text = fold_arabic(raw)
    match = re.search(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)", text)
    if match:
        return _iso(int(match[1]), int(match[2]), int(match[3])) or raw
    match = re.search(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)", text)
    if match:
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        if second > 12 >= first:
            return _iso(year, first, second) or raw
        return _iso(year, second, first) or raw
    lowered = text.casefold()
    months = _month_pattern()
    match = re.search(rf"(?<!\d)(\d{{1,2}})\s*(?:من\s+)?({months})[\s,،]*(\d{{4}})", lowered)
    if match:
        return _iso(int(match[3]), _MONTHS[match[2]], int(match[1])) or raw
    match = re.search(rf"({months})\s*(\d{{1,2}})(?:st|nd|rd|th)?[\s,،]+(\d{{4}})", lowered)
    if match:
        return _iso(int(match[3]), _MONTHS[match[1]], int(match[2])) or raw
    return raw


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` spans of site-furniture lines of ``text``, merged and sorted.

    A line is furniture if it matches ``geo/data/lexicons/furniture.tsv`` (a label such as
    ``التعليقات (0)``, a line of share-button words, a counter, a cookie notice), if it is
    an emoji-led short label next to other furniture, or if it belongs to a trailing block of
    short labels after the last substantial paragraph. Prose is never marked.
    """
    lines = _lines(text)
    kinds = [_classify(text[start:end]) for start, end in lines]
    marked = [kind == "strong" for kind in kinds]
    # Weak lines (emoji + short label) count only beside other furniture.
    content = [index for index, kind in enumerate(kinds) if kind != "blank"]
    changed = True
    while changed:
        changed = False
        for position, index in enumerate(content):
            if marked[index] or kinds[index] != "weak":
                continue
            neighbours = (
                content[max(position - 1, 0) : position] + content[position + 1 : position + 2]
            )
            if any(marked[other] for other in neighbours):
                marked[index] = True
                changed = True
    # A trailing block of short labels after the last substantial paragraph.
    substantial = [
        index
        for index in content
        if kinds[index] == "prose" and _is_substantial(text[lines[index][0] : lines[index][1]])
    ]
    if substantial:
        tail = [index for index in content if index > substantial[-1]]
        if (
            tail
            and len(tail) <= _MAX_TRAILING_LINES
            and all(
                kinds[index] != "prose" or _is_short_label(text[lines[index][0] : lines[index][1]])
                for index in tail
            )
        ):
            for index in tail:
                marked[index] = True
    spans: list[tuple[int, int]] = []
    for index in content:
        if not marked[index]:
            continue
        start, end = lines[index]
        if spans and not text[spans[-1][1] : start].strip():
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


# ---------------------------------------------------------------------------------------
# Reading files: regular files by size, special files (FIFOs, devices) with bounds
# ---------------------------------------------------------------------------------------

_CHUNK = 1 << 16


def _read_article_bytes(file: Path, shown: str) -> bytes:
    try:
        status = file.stat()
    except FileNotFoundError:
        raise DocumentError(f"{shown}: no such file") from None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise DocumentError(f"{shown}: cannot read the file: {reason}") from None
    if stat.S_ISDIR(status.st_mode):
        raise DocumentError(f"{shown} is a folder; give the files or use iter_documents")
    if not stat.S_ISREG(status.st_mode):
        return _read_special(file, shown, kind=file_kind(status.st_mode))
    _check_size(status.st_size, shown)
    try:
        data = file.read_bytes()
    except OSError as error:
        raise DocumentError(f"{shown}: cannot read the file: {error.strerror}") from None
    _check_size(len(data), shown)  # it may have grown since
    return data


def _check_size(size: int, shown: str) -> None:
    limit = settings.MAX_DOCUMENT_BYTES
    if size > limit:
        raise DocumentError(
            f"{shown} is {_megabytes(size)}, larger than the {_megabytes(limit)} limit for an "
            "article; split it or raise geo.settings.MAX_DOCUMENT_BYTES"
        )


def _read_special(file: Path, shown: str, *, kind: str) -> bytes:
    """Read a FIFO or device without blocking for ever or reading without end."""
    nonblocking = getattr(os, "O_NONBLOCK", None)
    if kind == "socket" or nonblocking is None or not hasattr(select, "poll"):
        raise DocumentError(f"{shown} is a {kind}, not a regular file; give article files")
    try:
        descriptor = os.open(file, os.O_RDONLY | nonblocking)
    except OSError as error:
        raise DocumentError(f"{shown}: cannot read the {kind}: {error.strerror}") from None
    try:
        return _drain(descriptor, shown, kind=kind)
    finally:
        os.close(descriptor)


def _drain(descriptor: int, shown: str, *, kind: str) -> bytes:
    seconds = settings.SPECIAL_FILE_SECONDS
    limit = settings.MAX_DOCUMENT_BYTES
    deadline = time.monotonic() + seconds
    poller = select.poll()
    poller.register(descriptor, select.POLLIN)
    chunks: list[bytes] = []
    total = 0
    too_slow = DocumentError(
        f"{shown} is a {kind} that did not finish sending an article within {seconds:g} s; "
        "save the article to a regular file"
    )
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise too_slow
        try:
            chunk = os.read(descriptor, _CHUNK)
        except BlockingIOError:
            if not poller.poll(int(remaining * 1000) + 1):
                raise too_slow from None
            continue
        except OSError as error:
            raise DocumentError(f"{shown}: cannot read the {kind}: {error.strerror}") from None
        if not chunk:
            break
        total += len(chunk)
        if total > limit:
            raise DocumentError(
                f"{shown} is a {kind} that sent more than the {_megabytes(limit)} limit for an "
                "article; give a regular file"
            )
        chunks.append(chunk)
    if not chunks and kind.endswith("(FIFO)"):
        raise DocumentError(
            f"{shown} is a {kind} with nothing written to it; save the article to a regular file"
        )
    return b"".join(chunks)


# ---------------------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 controls other than tab, newline, vertical tab, form feed, carriage return; and DEL.
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32), 127])
_MAX_CONTROL_SHARE = 0.05


def _document_from_bytes(
    data: bytes,
    *,
    shown: str,
    doc_id: str,
    encoding: str | None,
    sidecar: dict[str, str],
    html_hint: bool,
) -> Document:
    if not data:
        raise DocumentError(f"{shown} is empty (0 bytes); there is no article text to read")
    text, used, warning = _decode(data, shown=shown, encoding=encoding)
    if not text.strip():
        raise DocumentError(f"{shown} is empty (only whitespace); there is no article text to read")
    return _build(
        text,
        shown=shown,
        path=shown,
        doc_id=doc_id,
        encoding=used,
        sha256=hashlib.sha256(data).hexdigest(),
        sidecar=sidecar,
        decode_warning=warning,
        html_hint=html_hint,
    )


def _decode(data: bytes, *, shown: str, encoding: str | None) -> tuple[str, str, str]:
    """Return ``(text, codec name, warning)``."""
    if encoding:
        text = _decode_as(data, encoding, shown=shown)
        codec, warning = codecs.lookup(encoding).name, ""
    else:
        text, codec, warning = _detect(data, shown=shown)
    if _SURROGATE_RE.search(text):
        # Codecs such as utf-7 or unicode_escape can yield lone surrogates: U+FFFD keeps offsets.
        text = _SURROGATE_RE.sub("\ufffd", text)
        note = "the decoded text held invalid Unicode (lone surrogates), replaced by U+FFFD"
        warning = f"{warning}; {note}" if warning else note
    return text, codec, warning


def _decode_as(data: bytes, encoding: str, *, shown: str) -> str:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise DocumentError(
            f"{shown}: unknown encoding {encoding!r}; use a Python codec name such as "
            "'utf-8', 'cp1256' or 'utf-16'"
        ) from None
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError) as error:
        reason = (
            f"byte {error.start}: {error.reason}"
            if isinstance(error, UnicodeDecodeError)
            else str(error)
        )
        raise DocumentError(
            f"{shown} cannot be decoded as {encoding} ({reason}); "
            "check the encoding or leave it out to detect it"
        ) from None
    return text.removeprefix("\ufeff")


def _detect(data: bytes, *, shown: str) -> tuple[str, str, str]:
    found = _decode_bom(data, shown=shown) or _decode_utf16_without_bom(data)
    if found:
        return found
    if b"\x00" in data or _control_share(data) > _MAX_CONTROL_SHARE:
        raise DocumentError(
            f"{shown} looks like a binary file, not an article (it contains NUL or control "
            "bytes); give text or HTML files"
        )
    found = _decode_utf8(data) or _decode_declared(data) or _decode_arabic_code_page(data)
    if found:
        return found
    return _decode_fallback(data, shown=shown)


def _decode_bom(data: bytes, *, shown: str) -> tuple[str, str, str] | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).removeprefix("\ufeff"), codec, ""
            except UnicodeDecodeError:
                raise DocumentError(
                    f"{shown} starts with a {codec} byte-order mark but is not valid {codec}; "
                    "re-save it as UTF-8 or give the encoding"
                ) from None
    return None


def _decode_utf16_without_bom(data: bytes) -> tuple[str, str, str] | None:
    """UTF-16 without a byte-order mark: the byte order whose decoding reads as text."""
    sample = data[:65536]
    if len(data) < 4 or b"\x00" not in sample:
        return None
    # ASCII characters have a zero high byte: on odd positions little-endian, even big-endian.
    little = sample[1::2].count(0) >= sample[0::2].count(0)
    codec = "utf-16-le" if little else "utf-16-be"
    body = data[: len(data) - len(data) % 2]
    try:
        text = body.decode(codec)
    except UnicodeDecodeError:
        return None
    controls = sum(1 for char in text[:65536] if char < " " and char not in "\t\n\r\f\v")
    if controls > 0.01 * min(len(text), 65536) or not _readable(text):
        return None
    warning = (
        ""
        if len(body) == len(data)
        else "the file has an odd number of bytes; the last one was dropped"
    )
    return text, codec, warning


def _decode_utf8(data: bytes) -> tuple[str, str, str] | None:
    try:
        return data.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError as error:
        if error.reason != "unexpected end of data" or error.end != len(data):
            return None
        try:
            text = data[: error.start].decode("utf-8")
        except UnicodeDecodeError:
            return None
        cut = len(data) - error.start
        warning = (
            f"the file ends in the middle of a UTF-8 character; its last {cut} byte(s) were dropped"
        )
        return text, "utf-8", warning


def _decode_declared(data: bytes) -> tuple[str, str, str] | None:
    """The charset an HTML page declares, when the text it gives is readable."""
    declared = _declared_charset(data)
    if not declared or declared in {"utf-8", "utf_8"}:
        return None
    try:
        text = data.decode(declared)
    except (UnicodeDecodeError, LookupError):
        return None
    return (text, declared, "") if _readable(text) else None


def _decode_arabic_code_page(data: bytes) -> tuple[str, str, str] | None:
    """Windows-1256; Mac Arabic (which reads ISO-8859-6's letters too: they share a layout)
    when the text reads as Arabic words; Windows-1252 when it reads as Latin text."""
    text = data.decode("cp1256")  # every byte has a character
    if _looks_arabic(text):
        return text, "cp1256", ""
    # Mac Arabic gives an Arabic letter for nearly every byte above 0xC0: any other 8-bit
    # text (Cyrillic in KOI8-R...) would "look Arabic"; Arabic words must be seen as well.
    text = data.decode("mac_arabic")
    if _looks_arabic(text) and _has_arabic_words(text):
        return text, "mac_arabic", "read as Mac Arabic (or ISO-8859-6)"
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    if _readable(text) and _script_letters(text).get("arabic", 0) == 0:
        return text, "cp1252", "not UTF-8 or an Arabic code page: read as Windows-1252 (Latin)"
    return None


def _decode_fallback(data: bytes, *, shown: str) -> tuple[str, str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    hint = "re-save it as UTF-8 or give the encoding (--encoding)"
    if best is None:
        where = ""
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            where = f" (invalid UTF-8 at byte {error.start})"
        raise DocumentError(
            f"{shown} cannot be decoded{where}: it is not UTF-8, Windows-1256 or another "
            f"encoding geo can recognise; {hint}"
        )
    codec = codecs.lookup(best.encoding).name
    text = str(best)
    if not _readable(text):
        raise DocumentError(
            f"{shown} is not UTF-8 or an Arabic code page, and the best guess ({codec}) gives "
            f"text that is not readable Arabic or Latin (garbled words); {hint}"
        )
    warning = f"the encoding was guessed as {codec}; if the text reads wrong, give the encoding"
    return text, codec, warning


def _control_share(data: bytes) -> float:
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample)


def _declared_charset(data: bytes) -> str:
    head = data[:4096].decode("latin-1").lower()
    if "<" not in head:
        return ""
    match = re.search(r"""<meta[^>]+charset\s*=\s*["']?([a-z0-9_\-]+)""", head)
    if not match:
        return ""
    try:
        return codecs.lookup(match[1]).name
    except LookupError:
        return ""


_ARABIC_LETTER_RE = re.compile("[\u0621-\u064a\u0660-\u0669\u0671-\u06d3]")
_LATIN_LETTER_RE = re.compile("[A-Za-z]")
_ALLOWED_RE = re.compile(
    "[\u0600-\u06ff\\sA-Za-z0-9.,;:!?'\"()\\[\\]{}<>/\\\\|@#%&*+=_~^$`\u00ab\u00bb\u2013\u2014\u2026\u201c\u201d\u2018\u2019\u060c\u061b\u061f-]"
)


def _looks_arabic(text: str) -> bool:
    """Whether a Windows-1256 decoding is plausible: mostly Arabic letters, spaces, punctuation."""
    sample = text[:20000]
    arabic = len(_ARABIC_LETTER_RE.findall(sample))
    latin = len(_LATIN_LETTER_RE.findall(sample))
    allowed = len(_ALLOWED_RE.findall(sample))
    return arabic >= 0.5 * (arabic + latin) and arabic > 0 and allowed >= 0.95 * len(sample)


_ARABIC_WORD_RE = re.compile("[\u0621-\u064a]+")
_FUNCTION_WORDS = frozenset(["في", "من", "على", "إلى", "الى", "عن", "أن", "ان", "مع", "بعد"])
_ARTICLES = ("ال", "وال", "بال", "فال", "كال", "لل")


def _has_arabic_words(text: str) -> bool:
    """Whether the Arabic letters form Arabic words: the article and function words are
    common (a third of the words of news prose; a decoding of another language, a few %)."""
    words = _ARABIC_WORD_RE.findall(text[:20000])
    if not words:
        return False
    common = sum(1 for word in words if word in _FUNCTION_WORDS or word.startswith(_ARTICLES))
    return common >= 0.12 * len(words)


def _script_of(char: str) -> str:
    code = ord(char)
    if 0x0600 <= code <= 0x08FF or 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        return "arabic"
    if code < 0x80:
        return "ascii"
    if code < 0x250 or 0x1E00 <= code <= 0x1EFF:
        return "latin"
    return "other"


def _script_letters(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for char in text[:20000]:
        if char.isalpha():
            script = _script_of(char)
            counts[script] = counts.get(script, 0) + 1
    return counts


_MIN_LETTERS_TO_JUDGE = 20
_ARABIC_OR_NOT = ("not arabic", "arabic")


def _readable(text: str) -> bool:
    """Whether a decoding reads as Arabic or Latin text rather than mojibake.

    Mostly letters of those scripts (Latin mostly plain ASCII letters: a decoding that turns
    Arabic into accented Latin letters is mojibake), and few words mixing Arabic and Latin
    letters.
    """
    counts = _script_letters(text)
    letters = sum(counts.values())
    if letters < _MIN_LETTERS_TO_JUDGE:
        return True
    arabic, ascii_letters = counts.get("arabic", 0), counts.get("ascii", 0)
    if arabic + ascii_letters + counts.get("latin", 0) < 0.9 * letters:
        return False
    if arabic + ascii_letters < 0.6 * letters:
        return False
    words = _WORD_RUN_RE.findall(text[:20000])
    mixed = sum(
        1
        for word in words
        if len({_ARABIC_OR_NOT[_script_of(c) == "arabic"] for c in word if c.isalpha()}) > 1
    )
    return mixed <= 0.05 * max(len(words), 1)


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.0f} MB" if value == int(value) and size >= 1024 * 1024 else f"{value:.1f} MB"


# ---------------------------------------------------------------------------------------
# Building the document: HTML, front matter, metadata, title, furniture
# ---------------------------------------------------------------------------------------


def _build(
    text: str,
    *,
    shown: str,
    path: str,
    doc_id: str,
    encoding: str,
    sha256: str,
    sidecar: dict[str, str],
    decode_warning: str,
    html_hint: bool,
) -> Document:
    metadata: dict[str, str] = {}
    title = ""
    if _looks_like_html(text, hint=html_hint):
        text, page_metadata, title = _extract_html(text)
        metadata.update(page_metadata)
        encoding = f"{encoding}+html"
        if not text.strip():
            raise DocumentError(f"{shown} is an HTML page without article text")
    else:
        front, body = _split_front_matter(text, shown=shown)
        if front is not None:
            metadata.update(front)
            text = body
            if not text.strip():
                raise DocumentError(f"{shown} has front matter but no article text after it")
    metadata.update(sidecar)
    if decode_warning:
        metadata["decode_warning"] = decode_warning
    title = metadata.pop("title", "") or title or _first_line(text)
    return Document(
        id=doc_id,
        path=path,
        text=text,
        title=title,
        encoding=encoding,
        metadata=dict(sorted(metadata.items())),
        skip=furniture_spans(text),
        sha256=sha256,
    )


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


_KEY_ALIASES = {
    "source": "outlet",
    "site": "outlet",
    "site_name": "outlet",
    "sitename": "outlet",
    "publisher": "outlet",
    "newspaper": "outlet",
    "published": "date",
    "published_at": "date",
    "published_time": "date",
    "publish_date": "date",
    "publication_date": "date",
    "pubdate": "date",
    "datetime": "date",
    "created": "date",
    "link": "url",
    "source_url": "url",
    "canonical": "url",
    "canonical_url": "url",
    "authors": "author",
    "by": "author",
    "byline": "author",
    "headline": "title",
}


def _clean_metadata(raw: dict[Any, Any], *, source: str = "the metadata") -> dict[str, str]:
    """Keys and values as text (see the module doc); ``source`` names where they come from
    in the warning about replaced invalid Unicode."""
    cleaned: dict[str, str] = {}
    replaced: list[str] = []
    for key, value in raw.items():
        name = str(key).strip().lower().replace("-", "_").replace(" ", "_")
        name = _KEY_ALIASES.get(name, name)
        if value is None:
            continue
        text = _metadata_text(name, value)
        # A lone surrogate (JSON "\ud800", YAML "\ud800") is no character and no output can
        # hold it: replaced here, and the replacement reported.
        if _SURROGATE_RE.search(name) or _SURROGATE_RE.search(text):
            name = _SURROGATE_RE.sub("\ufffd", name)
            text = _SURROGATE_RE.sub("\ufffd", text)
            replaced.append(name)
        if text:
            cleaned[name] = text
    if replaced:
        cleaned["metadata_warning"] = (
            f"invalid Unicode (lone surrogates) in {source} replaced by U+FFFD in "
            + ", ".join(repr(name) for name in replaced)
        )
    return cleaned


def _metadata_text(name: str, value: Any) -> str:
    if name == "date" and not isinstance(value, list | tuple | dict):
        return normalize_date(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(item).strip() for item in value if item is not None)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value).strip()


def _read_sidecar(file: Path, shown: str) -> dict[str, str]:
    sidecar = sidecar_path(file)
    if sidecar is None:
        return {}
    where = f"{shown}: its metadata file {display_path(sidecar)}"
    limit = settings.MAX_METADATA_BYTES
    raw = read_small_file(
        sidecar,
        limit,
        error=DocumentError,
        unreadable=f"{where} cannot be read",
        too_large=f"{where} is larger than the {limit // 1024} KB metadata may take; trim it",
    )
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError(
            f"{where} is not UTF-8 (byte {error.start}); re-save it as UTF-8"
        ) from None
    loaded = _parse_sidecar(content, json_format=sidecar.suffix.lower() == ".json", where=where)
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise DocumentError(
            f'{where} must hold one mapping (e.g. {{"outlet": "...", "date": "2018-12-14"}})'
        )
    return _clean_metadata(loaded, source=f"its metadata file {display_path(sidecar)}")


def _parse_sidecar(content: str, *, json_format: bool, where: str) -> Any:
    kind = "JSON" if json_format else "YAML"
    try:
        return json.loads(content) if json_format else load_yaml(content)
    except UnsafeYamlError as error:
        raise DocumentError(f"{where} {error}") from None
    except RecursionError:
        raise DocumentError(f"{where} nests too deeply to be metadata") from None
    except (ValueError, yaml.YAMLError) as error:  # json.JSONDecodeError is a ValueError
        raise DocumentError(f"{where} is not valid {kind}: {error}; fix it or remove it") from None


def _is_sidecar(file: Path) -> bool:
    return file.suffix.lower() in SIDECAR_SUFFIXES


_FRONT_MATTER_RE = re.compile(
    r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M
)


def _split_front_matter(text: str, *, shown: str) -> tuple[dict[str, str] | None, str]:
    match = _FRONT_MATTER_RE.match(text)
    if not match:
        return None, text
    block = match[1]
    limit = settings.MAX_METADATA_BYTES
    if len(block) > limit:
        raise DocumentError(
            f"{shown}: its YAML front matter is larger than the {limit // 1024} KB metadata may "
            "take; trim it"
        )
    try:
        loaded = load_yaml(block)
    except UnsafeYamlError as error:
        raise DocumentError(f"{shown}: its YAML front matter {error}") from None
    except (yaml.YAMLError, RecursionError):
        return None, text  # not front matter: the article starts with a rule
    if not isinstance(loaded, dict):
        return None, text
    body = text[match.end() :]
    body = body.lstrip("\r\n")
    return _clean_metadata(loaded, source="its YAML front matter"), body


# ---------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------

_HTML_START_RE = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_ANYWHERE_RE = re.compile(r"<(?:html|body)\b[^>]*>", re.I)

_DROPPED_TAGS = [
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "noscript",
    "iframe",
    "svg",
    "button",
    "template",
    "select",
    "object",
    "embed",
]
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "caption",
        "figure",
        "figcaption",
        "hr",
        "address",
        "details",
        "summary",
        "center",
    ]
)
_CELL_TAGS = frozenset({"td", "th"})

_META_KEYS = {
    "og:site_name": "outlet",
    "application-name": "outlet",
    "article:published_time": "date",
    "og:published_time": "date",
    "date": "date",
    "pubdate": "date",
    "publishdate": "date",
    "publish-date": "date",
    "dc.date": "date",
    "dc.date.issued": "date",
    "dcterms.date": "date",
    "sailthru.date": "date",
    "datepublished": "date",
    "author": "author",
    "article:author": "author",
    "dc.creator": "author",
    "og:url": "url",
    "og:title": "title",
    "twitter:title": "title",
    "description": "description",
    "og:description": "description",
    "keywords": "keywords",
    "news_keywords": "keywords",
}


def _looks_like_html(text: str, *, hint: bool) -> bool:
    if _HTML_START_RE.match(text[:4096]):
        return True
    return bool((hint or "<" in text[:200]) and _HTML_ANYWHERE_RE.search(text[:20000]))


def _extract_html(page: str) -> tuple[str, dict[str, str], str]:
    """Return ``(article text, metadata, title)`` of an HTML page."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(page)
    raw_meta: dict[str, str] = {}
    for node in tree.css("meta"):
        attributes = node.attributes
        key = attributes.get("property") or attributes.get("name") or attributes.get("itemprop")
        content = attributes.get("content")
        if not key or not content:
            continue
        target = _META_KEYS.get(key.strip().lower())
        if target and target not in raw_meta:
            raw_meta[target] = content
    if "url" not in raw_meta:
        for node in tree.css("link"):
            rel = (node.attributes.get("rel") or "").lower()
            href = node.attributes.get("href")
            if "canonical" in rel.split() and href:
                raw_meta["url"] = href
                break
    for node in tree.css("time[datetime]"):
        if "date" not in raw_meta and node.attributes.get("datetime"):
            raw_meta["date"] = node.attributes["datetime"] or ""
    html_node = tree.css_first("html")
    if html_node is not None and html_node.attributes.get("lang"):
        raw_meta["lang"] = html_node.attributes["lang"] or ""
    page_title = ""
    title_node = tree.css_first("title")
    if title_node is not None:
        page_title = _squash(title_node.text())
    heading_node = tree.css_first("h1")
    heading = _squash(heading_node.text()) if heading_node is not None else ""

    tree.strip_tags(_DROPPED_TAGS)
    root = _main_block(tree)
    paragraphs = _render(root) if root is not None else []
    if heading and not any(heading in paragraph for paragraph in paragraphs):
        paragraphs.insert(0, heading)
    metadata = _clean_metadata(raw_meta, source="its meta tags")
    title = metadata.pop("title", "") or heading or page_title
    return "\n\n".join(paragraphs), metadata, title


def _main_block(tree: Any) -> Any:
    """The element holding the article: the largest ``<article>``, else the paragraphs' parent."""
    articles = tree.css("article")
    if articles:
        return max(articles, key=lambda node: len(node.text(strip=True)))
    main = tree.css_first("main") or tree.css_first("[role=main]")
    if main is not None and len(main.text(strip=True)) > 200:
        return main
    scores: dict[int, tuple[int, Any]] = {}
    for paragraph in tree.css("p"):
        parent = paragraph.parent
        if parent is None:
            continue
        length = len(paragraph.text(strip=True))
        key = parent.mem_id
        previous = scores.get(key, (0, parent))[0]
        scores[key] = (previous + length, parent)
    if scores:
        best_length, best = max(scores.values(), key=lambda item: item[0])
        if best_length > 0:
            return best
    return tree.body or tree.root


def _render(root: Any) -> list[str]:
    """Flatten an element into paragraphs, keeping paragraph and line breaks."""
    paragraphs: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        if not buffer:
            return
        lines = [_squash(line) for line in "".join(buffer).split("\n")]
        buffer.clear()
        block = "\n".join(line for line in lines if line)
        if block:
            paragraphs.append(block)

    # Iterative walk: (node, entering); closing markers flush block elements.
    stack: list[tuple[Any, bool]] = [(root, True)]
    while stack:
        node, entering = stack.pop()
        tag = node.tag
        if not entering:
            if tag in _BLOCK_TAGS:
                flush()
            elif tag in _CELL_TAGS:
                buffer.append(" ")
            continue
        if tag == "-text":
            buffer.append(node.text(deep=False) or "")
            continue
        if tag in {"_comment", "-comment"} or tag.startswith("!"):
            continue
        if tag == "br":
            buffer.append("\n")
            continue
        if tag in _BLOCK_TAGS:
            flush()
        stack.append((node, False))
        children = list(node.iter(include_text=True))
        stack.extend((child, True) for child in reversed(children))
    flush()
    return paragraphs


def _squash(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------
# Furniture
# ---------------------------------------------------------------------------------------

_MAX_TRAILING_LINES = 25
_SENTENCE_END = tuple(".!?؟…")
_COUNTER_RE = re.compile(r"[\s:：\-–—|]*[(\[]?\s*[0-9٠-٩۰-۹]+\s*[)\]]?\s*$")


def _lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each line's content without surrounding whitespace (blank: start == end)."""
    spans: list[tuple[int, int]] = []
    position = 0
    for line in text.split("\n"):
        start, end = position, position + len(line)
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append((start + lead, start + lead + len(stripped)))
        else:
            spans.append((start, start))
        position = end + 1
    return spans


def _is_symbol(char: str) -> bool:
    return not char.isalnum() and not char.isspace()


def _strip_symbols(line: str) -> str:
    start, end = 0, len(line)
    while start < end and (_is_symbol(line[start]) or line[start].isspace()):
        start += 1
    while end > start and (_is_symbol(line[end - 1]) or line[end - 1].isspace()):
        end -= 1
    return line[start:end]


def _fold_line(line: str) -> str:
    return " ".join(fold_arabic(line).casefold().split())


class _Furniture(NamedTuple):
    """The furniture lexicon, folded as lines are folded."""

    labels: frozenset[str]
    #: Length of the longest label: a longer line is no label.
    longest_label: int
    tokens: re.Pattern[str] | None
    #: The word-character runs of the tokens: a line made of tokens has no other run.
    token_runs: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]


_WORD_RUN_RE = re.compile(r"\w+")
_COUNTER_DIGITS = frozenset("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")


@functools.cache
def _furniture_table() -> _Furniture:
    labels: set[str] = set()
    tokens: list[str] = []
    patterns: list[re.Pattern[str]] = []
    for row in load_table("furniture"):
        kind, pattern = row.get("kind", ""), row.get("pattern", "")
        if not pattern:
            continue
        if kind == "label":
            labels.add(_fold_line(_strip_symbols(pattern)))
        elif kind == "token":
            tokens.append(_fold_line(pattern))
        elif kind == "regex":
            patterns.append(re.compile(pattern))
    token_re = None
    if tokens:
        alternatives = "|".join(
            re.escape(token) for token in sorted(set(tokens), key=len, reverse=True)
        )
        token_re = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    return _Furniture(
        labels=frozenset(labels),
        longest_label=max(map(len, labels), default=0),
        tokens=token_re,
        token_runs=frozenset(run for token in tokens for run in _WORD_RUN_RE.findall(token)),
        patterns=tuple(patterns),
    )


def _only_tokens(folded: str, table: _Furniture) -> bool:
    """Whether ``folded`` is nothing but furniture tokens (share-button words) and symbols."""
    if table.tokens is None:
        return False
    # A token match starts and ends at word boundaries, so each word-character run of the
    # line it covers is a run of the token: a line with any other run (holding a letter or
    # digit) cannot be covered, and the scan for the tokens is not needed.
    for match in _WORD_RUN_RE.finditer(folded):
        run = match.group()
        if run not in table.token_runs and any(char.isalnum() for char in run):
            return False
    if not table.tokens.search(folded):
        return False
    rest = table.tokens.sub(" ", folded)
    return not any(char.isalnum() for char in rest)


def _classify(line: str) -> str:
    """``blank``, ``strong`` (furniture), ``weak`` (furniture only beside furniture) or ``prose``."""
    stripped = line.strip()
    if not stripped:
        return "blank"
    table = _furniture_table()
    core = _strip_symbols(stripped)
    if not core:
        return "strong"  # only symbols, emoji or punctuation
    if any(pattern.search(stripped) for pattern in table.patterns):
        return "strong"
    folded = _fold_line(core)
    if len(folded) <= table.longest_label and folded in table.labels:
        return "strong"
    # A counter ends in digits (``core`` ends in a letter or digit); without one, the line
    # less its counter is ``folded`` again.
    if core[-1] in _COUNTER_DIGITS:
        without_counter = _fold_line(_strip_symbols(_COUNTER_RE.sub("", core)))
        if without_counter in table.labels:
            return "strong"
    if _only_tokens(folded, table):
        return "strong"
    led_by_symbol = _is_symbol(stripped[0]) and unicodedata.category(stripped[0]) in {
        "So",
        "Sk",
        "Sm",
    }
    if led_by_symbol and _is_short_label(core, max_words=3):
        return "weak"
    return "prose"


def _is_substantial(line: str) -> bool:
    words = line.split()
    return len(words) >= 8 or (len(words) >= 4 and line.rstrip().endswith(_SENTENCE_END))


def _is_short_label(line: str, *, max_words: int = 5) -> bool:
    stripped = line.strip()
    return (
        len(stripped.split()) <= max_words
        and len(stripped) <= 60
        and not stripped.endswith(_SENTENCE_END)
    )


# ---------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------

# Month names as written in Arabic news (Levantine and Egyptian/Gulf series) and English.
# Keys are folded (fold_arabic, casefold) as the text they are compared with.
_MONTH_NAMES = {
    1: ("كانون الثاني", "يناير", "جانفي", "january", "jan"),
    2: ("شباط", "فبراير", "فيفري", "february", "feb"),
    3: ("آذار", "اذار", "مارس", "march", "mar"),
    4: ("نيسان", "أبريل", "ابريل", "إبريل", "افريل", "april", "apr"),
    5: ("أيار", "ايار", "مايو", "ماي", "may"),
    6: ("حزيران", "يونيو", "يونيه", "جوان", "june", "jun"),
    7: ("تموز", "يوليو", "يوليه", "جويلية", "july", "jul"),
    8: ("آب", "اب", "أغسطس", "اغسطس", "أوت", "august", "aug"),
    9: ("أيلول", "ايلول", "سبتمبر", "september", "sep", "sept"),
    10: ("تشرين الأول", "أكتوبر", "اكتوبر", "october", "oct"),
    11: ("تشرين الثاني", "نوفمبر", "november", "nov"),
    12: ("كانون الأول", "ديسمبر", "december", "dec"),
}
_MONTHS = {_fold_line(name): month for month, names in _MONTH_NAMES.items() for name in names}


@functools.cache
def _month_pattern() -> str:
    return "|".join(re.escape(name) for name in sorted(_MONTHS, key=len, reverse=True))


def _iso(year: int, month: int, day: int) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return ""
