"""Writing a file atomically, and reading only regular files.

``write_atomically`` stands in for ``geo._io``'s helper until that module exists; it has
the same shape (a path and bytes in, the file complete or untouched) so callers switch by
changing an import.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["NotRegularFileError", "describe_mode", "read_regular_file", "write_atomically"]


class NotRegularFileError(OSError):
    """A path that is a FIFO, socket or device where a regular file was expected."""


def write_atomically(path: Path, content: bytes, *, mode: int = 0o644) -> None:
    """Write ``content`` to ``path`` through a temporary file renamed into place.

    Readers see the old file or the complete new one. The temporary file is removed on every
    way out but ``kill -9``; ``OSError`` is raised for the caller to judge.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def read_regular_file(path: Path) -> bytes:
    """The bytes of ``path``, refusing anything but a regular file.

    The file is opened without blocking and checked before a byte is read, so a FIFO put
    where an article was (or swapped in after the folder was listed) never hangs a run.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    handle = os.open(path, flags)
    with os.fdopen(handle, "rb") as stream:
        kind = os.fstat(handle).st_mode
        if not stat.S_ISREG(kind):
            raise NotRegularFileError(f"{path} is not a regular file ({describe_mode(kind)})")
        return stream.read()


def describe_mode(mode: int) -> str:
    """What kind of file ``st_mode`` says a path is, in words."""
    kinds = (
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISDIR, "a folder"),
    )
    return next((words for test, words in kinds if test(mode)), "not a regular file")
