"""Atomic file writes, and reads of regular files only.

Every file geo writes (exports, maps, caches, the gazetteer index) goes through here: the
data is written to a temporary file beside the target and renamed over it once complete.
Files geo did not make (articles, sidecars, overrides, cache entries) are read with
``read_regular_file``: a FIFO or a device put in their place never hangs or floods a run.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from geo.errors import ExportError

__all__ = [
    "NotRegularFileError",
    "atomic_path",
    "atomic_write",
    "atomic_writer",
    "file_kind",
    "read_regular_file",
]

#: Permissions of the files written (``mkstemp`` would leave them readable by the owner only).
FILE_MODE = 0o644

#: Characters a temporary file's name does not take from its target's: GDAL reads a ``;``
#: in a file name as the end of the name, and other writers may read other marks.
_NOT_PLAIN = re.compile(r"[^A-Za-z0-9._-]")


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], *, mode: int = FILE_MODE) -> Iterator[Path]:
    """Yield a free temporary path beside ``path``; rename it to ``path`` when the block ends.

    For writers that want a file name rather than a stream (GDAL, pyarrow). The temporary
    name is made of letters, digits, ``.``, ``_`` and ``-`` only, whatever ``path`` is named
    (and of at most the first 100 characters of its name).
    If the block raises, the temporary file (if any was made) is removed and ``path`` is
    left as it was.

    Raises
    ------
    ExportError
        If the directory cannot be created or the file cannot be renamed into place.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(
            prefix=f".{_NOT_PLAIN.sub('_', target.name)[:100]}.",
            suffix=".tmp" + _NOT_PLAIN.sub("_", target.suffix)[:20],
            dir=target.parent,
        )
        os.close(handle)
        os.unlink(name)  # some writers (GDAL) refuse to open an existing empty file
    except OSError as error:
        raise ExportError(f"cannot write {target}: {error}") from error
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as error:
        _remove_quietly(temporary)
        raise ExportError(f"cannot write {target}: {error}") from error
    except BaseException:
        _remove_quietly(temporary)
        raise


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], *, mode: int = FILE_MODE) -> Iterator[BinaryIO]:
    """Open a binary stream on a temporary file beside ``path``; rename it to ``path`` when
    the block ends (after an ``fsync``). If the block raises, ``path`` is left as it was.

    Raises
    ------
    ExportError
        If the file cannot be written.
    """
    with atomic_path(path, mode=mode) as temporary:
        try:
            with open(temporary, "xb", buffering=1 << 20) as stream:
                yield stream
                stream.flush()
                os.fsync(stream.fileno())
        except OSError as error:
            raise ExportError(f"cannot write {path}: {error}") from error


def atomic_write(path: str | os.PathLike[str], data: bytes | str, *, mode: int = FILE_MODE) -> Path:
    """Write ``data`` (text is encoded as UTF-8) to ``path`` atomically; return ``path``.
    ``mode`` is the file's permissions (0o600 for secrets and private caches)."""
    with atomic_writer(path, mode=mode) as stream:
        stream.write(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(path)


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


class NotRegularFileError(OSError):
    """A folder, FIFO, socket or device where a regular file was expected; ``kind`` says
    which (``file_kind``)."""

    def __init__(self, path: str | os.PathLike[str], kind: str) -> None:
        super().__init__(f"{path} is a {kind}, not a regular file")
        self.kind = kind


def file_kind(mode: int) -> str:
    """What ``st_mode`` says a path is that is not a regular file, in words."""
    kinds = (
        (stat.S_ISDIR, "folder"),
        (stat.S_ISFIFO, "named pipe (FIFO)"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISSOCK, "socket"),
    )
    return next((words for test, words in kinds if test(mode)), "special file")


def read_regular_file(path: str | os.PathLike[str], *, limit: int | None = None) -> bytes:
    """The bytes of ``path`` (at most ``limit`` of them), refusing anything but a regular file.

    The file is opened without blocking and checked before a byte is read, so a FIFO put
    where a file was (or swapped in after a folder was listed) never hangs the reader.

    Raises
    ------
    NotRegularFileError
        If ``path`` is not a regular file.
    OSError
        If it cannot be opened or read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    handle = os.open(path, flags)
    with os.fdopen(handle, "rb") as stream:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(path, file_kind(mode))
        return stream.read() if limit is None else stream.read(limit)
