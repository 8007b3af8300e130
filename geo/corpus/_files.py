"""Reading only regular files (a FIFO or a device is never opened for reading)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["NotRegularFileError", "describe_mode", "read_regular_file"]


class NotRegularFileError(OSError):
    """A path that is a FIFO, socket or device where a regular file was expected."""


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
