"""Outputs written into a staging folder, then moved into ``--out`` under a lock.

A run writes all its files into a hidden staging folder inside the output folder (so the
final renames stay on one file system), then, holding an exclusive lock on that output
folder, renames them into place one by one. Two runs on one ``--out`` therefore leave one
run's complete set, never a mix; readers never see a half-written file. The staging folder
is removed on every way out; one left by a run killed with ``kill -9`` is removed by the
next run on that folder (even one that finds its outputs up to date).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from geo import settings
from geo.errors import ExportError

__all__ = ["locked_output", "publish", "remove_abandoned_staging", "staging_folder"]

_STAGING_PREFIX = ".geo-staging-"


@contextlib.contextmanager
def staging_folder(out: Path) -> Iterator[Path]:
    """A new hidden folder inside ``out`` for this run's files, removed on the way out."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f"{_STAGING_PREFIX}{os.getpid()}-", dir=out))
    except OSError as error:
        raise ExportError(f"cannot write into the output folder {out}: {error}") from error
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def locked_output(out: Path) -> Iterator[None]:
    """Hold the exclusive lock of output folder ``out`` (waiting for another run's turn).

    The lock file lives in ``GEO_HOME/locks``, named by the folder's resolved path, so the
    output folder holds only outputs.
    """
    digest = hashlib.sha256(str(out.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    path = settings.geo_home() / "locks" / f"{digest[:32]}.lock"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as error:
        raise ExportError(f"cannot lock the output folder {out} ({path}): {error}") from error
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def publish(files: Sequence[Path], out: Path) -> list[Path]:
    """Move staged ``files`` into ``out`` (hold ``locked_output(out)``); their new paths.

    Staging folders that runs killed outright left behind are removed first.
    """
    remove_abandoned_staging(out)
    moved: list[Path] = []
    for file in files:
        target = out / file.name
        try:
            os.replace(file, target)
        except OSError as error:
            raise ExportError(f"cannot move {file.name} into {out}: {error}") from error
        moved.append(target)
    return moved


def remove_abandoned_staging(out: Path) -> None:
    """Remove the staging folders of runs that no longer exist (killed with ``kill -9``)."""
    for folder in out.glob(f"{_STAGING_PREFIX}*"):
        pid = folder.name[len(_STAGING_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
