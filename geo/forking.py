"""Work done by a forked child process while this one goes on with other work.

A corpus run has two long steps that need all of its results but not each other's: linking
the claims (``geo.corpus.start_corroboration``) beside building the GeoJSON, and the map
beside the other files (``geo.export.write_outputs``). A forked child sees this process's
objects as they were at the fork, so nothing is copied or pickled on the way in; only what
the child returns is pickled back through a pipe.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections.abc import Callable
from typing import Any, Generic, TypeVar

__all__ = ["Forked", "can_fork"]

T = TypeVar("T")


def can_fork() -> bool:
    """Whether work can go to a forked child here (POSIX).

    The children only compute and write files with this process's objects: the import lock
    and logging's locks are made safe across fork by Python itself, and the threads a run may
    leave behind (a progress bar's monitor) share nothing with them.
    """
    return hasattr(os, "fork")


def _stop_on_terminate(signum: int, frame: Any) -> None:
    raise SystemExit(1)  # unwinds through atomic writers, which remove their temporary files


class Forked(Generic[T]):
    """Runs ``work`` in a forked child process; :meth:`result` waits for what it returned.

    Parameters
    ----------
    work
        Called in the child; its value must pickle.
    what
        What the child does, for messages ("writing the map").
    error
        Exception class for a child that died without a word or sent what cannot be read.
    """

    def __init__(self, work: Callable[[], T], *, what: str, error: type[Exception]) -> None:
        self._what = what
        self._error = error
        self._reader, writer = os.pipe()
        self._pid: int | None = os.fork()
        if self._pid == 0:
            os.close(self._reader)
            status = 0
            try:
                signal.signal(signal.SIGTERM, _stop_on_terminate)
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                message = pickle.dumps(("ok", work()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as failure:  # noqa: BLE001 - everything goes to the parent
                status = 1
                try:
                    message = pickle.dumps(("error", failure))
                except Exception:  # noqa: BLE001 - an exception that cannot be pickled
                    message = pickle.dumps(("error", error(f"{type(failure).__name__}: {failure}")))
            with os.fdopen(writer, "wb") as stream:
                stream.write(message)
            os._exit(status)
        os.close(writer)

    def result(self) -> T:
        """Wait for the child; return its value or raise its exception."""
        with os.fdopen(self._reader, "rb") as stream:
            message = stream.read()
        self._wait()
        if not message:
            raise self._error(f"the process {self._what} ended without a word")
        try:
            kind, value = pickle.loads(message)
        except Exception as failure:
            raise self._error(f"the process {self._what} failed: {failure}") from failure
        if kind == "error":
            raise value
        return value  # type: ignore[no-any-return]

    def stop(self) -> None:
        """End the child if it is still running (this process failed or was interrupted)."""
        if self._pid is None:
            return
        with contextlib.suppress(OSError):
            os.kill(self._pid, signal.SIGTERM)
        self._wait()
        with contextlib.suppress(OSError):
            os.close(self._reader)

    def _wait(self) -> None:
        if self._pid is not None:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self._pid, 0)
            self._pid = None
