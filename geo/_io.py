"""Atomic file writes: readers see the old file or the complete new one, never a part.

Every file geo writes (exports, maps, caches, the gazetteer index) goes through here: the
data is written to a temporary file beside the target and renamed over it once complete.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from geo.errors import ExportError

__all__ = ["atomic_path", "atomic_write", "atomic_writer"]

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
