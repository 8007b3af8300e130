"""Parallel engines: batches of articles in, batch results out, as they finish.

``local`` (default) uses worker processes on this machine; each loads the gazetteer index
and the parser once, and dies with the run (``geo.corpus.workers.die_with_parent``). With
one job, or a single batch, everything runs in the calling process.

``dask`` runs the same batches as Dask tasks; results are identical to the local engine.
Without ``scheduler`` a ``LocalCluster(processes=True, n_workers=jobs,
threads_per_worker=1)`` is started for the run. To use a real cluster:

1. on one machine start a scheduler: ``dask scheduler`` (it listens on port 8786);
2. on every machine that should work, with geo installed (``pip install 'geo[dask]'``) and
   the same gazetteer index built (``geo gazetteer build --from DIR``, same ``GEO_HOME``
   layout, same overrides file path if one is used), start ``dask worker tcp://HOST:8786
   --nthreads 1`` (one thread per process; use ``--nworkers N`` for N processes);
3. run ``geo run CORPUS --out DIR --engine dask --scheduler tcp://HOST:8786``.

The article bytes travel with the tasks, so the workers need not see the corpus folder;
the results come back to the machine running ``geo run``, which keeps the cache and writes
the outputs.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from typing import Any

from geo.corpus.inputs import Item
from geo.corpus.workers import (
    BatchResult,
    ParserSpec,
    failed_batch,
    init_local_worker,
    parse_batch,
)
from geo.errors import ConfigurationError

__all__ = ["ENGINES", "Engine", "run_dask", "run_local"]

#: Batches in flight per worker: enough to keep it busy, few enough to stop soon.
_IN_FLIGHT_PER_WORKER = 3

#: An engine: ``(spec, batches, encoding, workers=, scheduler=)`` to batch results.
Engine = Callable[..., Iterator[BatchResult]]


def run_local(
    spec: ParserSpec,
    batches: Iterator[list[Item]],
    encoding: str | None,
    *,
    workers: int,
    scheduler: str | None = None,
) -> Iterator[BatchResult]:
    """Parse ``batches`` with ``workers`` processes (in this process for one)."""
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None)
    queue = itertools.chain([first], [second] if second is not None else [], batches)
    if workers == 1 or second is None:
        for batch in queue:
            yield parse_batch(spec, batch, encoding)
        return
    yield from _run_pool(spec, queue, encoding, workers)


def _run_pool(
    spec: ParserSpec, queue: Iterator[list[Item]], encoding: str | None, workers: int
) -> Iterator[BatchResult]:
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    executor = ProcessPoolExecutor(
        max_workers=workers, initializer=init_local_worker, initargs=(spec, os.getpid())
    )
    in_flight: dict[Future[BatchResult], list[Item]] = {}

    def submit(batch: list[Item]) -> None:
        in_flight[executor.submit(parse_batch, spec, batch, encoding)] = batch

    try:
        for batch in itertools.islice(queue, workers * _IN_FLIGHT_PER_WORKER):
            submit(batch)
        while in_flight:
            finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in finished:
                batch = in_flight.pop(future)
                error = future.exception()
                if isinstance(error, KeyboardInterrupt):
                    raise KeyboardInterrupt
                yield failed_batch(batch, error) if error is not None else future.result()
                following = next(queue, None)
                if following is not None:
                    submit(following)
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown(wait=True)


def run_dask(
    spec: ParserSpec,
    batches: Iterator[list[Item]],
    encoding: str | None,
    *,
    workers: int,
    scheduler: str | None = None,
) -> Iterator[BatchResult]:
    """Parse ``batches`` as Dask tasks on ``scheduler``, or on a local cluster."""
    first = next(batches, None)
    if first is None:
        return
    client, cluster = _dask_client(workers, scheduler)
    try:
        yield from _dask_batches(client, spec, itertools.chain([first], batches), encoding, workers)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _dask_client(workers: int, scheduler: str | None) -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise ConfigurationError(
            "the dask engine needs dask.distributed: pip install 'geo[dask]'"
        ) from error
    if scheduler:
        try:
            return Client(scheduler, timeout="30s"), None
        except OSError as error:
            raise ConfigurationError(
                f"cannot reach the Dask scheduler at {scheduler}: {error}; start it with "
                "`dask scheduler` and workers with `dask worker ADDRESS`"
            ) from error
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    return Client(cluster), cluster


def _dask_batches(
    client: Any, spec: ParserSpec, queue: Iterator[list[Item]], encoding: str | None, workers: int
) -> Iterator[BatchResult]:
    from distributed import as_completed

    futures: dict[Any, list[Item]] = {}
    completed = as_completed()

    def submit(batch: list[Item]) -> None:
        future = client.submit(parse_batch, spec, batch, encoding, pure=False)
        futures[future] = batch
        completed.add(future)

    known = len(client.scheduler_info().get("workers", ()))
    for batch in itertools.islice(queue, max(workers, known) * _IN_FLIGHT_PER_WORKER):
        submit(batch)
    for future in completed:
        batch = futures.pop(future)
        if future.status == "error":
            failure = future.exception()
            if isinstance(failure, KeyboardInterrupt):
                raise KeyboardInterrupt
            yield failed_batch(batch, failure)
        else:
            yield future.result()
        future.release()
        following = next(queue, None)
        if following is not None:
            submit(following)


#: Parallel engines by name.
ENGINES: dict[str, Engine] = {"local": run_local, "dask": run_dask}
