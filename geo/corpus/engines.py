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
    Job,
    failed_batch,
    init_local_worker,
    parse_batch,
)
from geo.errors import ConfigurationError

__all__ = ["ENGINES", "Engine", "run_dask", "run_local"]

#: Batches in flight per worker: enough to keep it busy, few enough to stop soon.
_IN_FLIGHT_PER_WORKER = 3


#: An engine: the batch results of a job's batches, as they finish.
Engine = Callable[[Job, Iterator[list[Item]]], Iterator[BatchResult]]


def _peek(batches: Iterator[list[Item]], count: int) -> tuple[int, Iterator[list[Item]]]:
    """How many of the first ``count`` batches there are, and all the batches still to come."""
    first = list(itertools.islice(batches, count))
    return len(first), itertools.chain(first, batches)


def run_local(job: Job, batches: Iterator[list[Item]]) -> Iterator[BatchResult]:
    """Parse ``batches`` with ``job.workers`` processes (in this process for one, or for a
    single batch)."""
    peeked, queue = _peek(batches, 2)
    if job.workers == 1 or peeked < 2:
        for batch in queue:
            yield parse_batch(job.spec, batch, job.encoding)
        return
    yield from _run_pool(job, queue)


def _run_pool(job: Job, queue: Iterator[list[Item]]) -> Iterator[BatchResult]:
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    executor = ProcessPoolExecutor(
        max_workers=job.workers, initializer=init_local_worker, initargs=(job.spec, os.getpid())
    )
    in_flight: dict[Future[BatchResult], list[Item]] = {}

    def submit(batch: list[Item]) -> None:
        in_flight[executor.submit(parse_batch, job.spec, batch, job.encoding)] = batch

    try:
        for batch in itertools.islice(queue, job.workers * _IN_FLIGHT_PER_WORKER):
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


def run_dask(job: Job, batches: Iterator[list[Item]]) -> Iterator[BatchResult]:
    """Parse ``batches`` as Dask tasks on ``job.scheduler``, or on a local cluster (none is
    started when there is nothing to parse)."""
    peeked, queue = _peek(batches, 1)
    if not peeked:
        return
    client, cluster = _dask_client(job.workers, job.scheduler)
    try:
        yield from _dask_batches(client, job, queue)
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


def _dask_batches(client: Any, job: Job, queue: Iterator[list[Item]]) -> Iterator[BatchResult]:
    from distributed import as_completed

    futures: dict[Any, list[Item]] = {}
    completed = as_completed()

    def submit(batch: list[Item]) -> None:
        future = client.submit(parse_batch, job.spec, batch, job.encoding, pure=False)
        futures[future] = batch
        completed.add(future)

    known = len(client.scheduler_info().get("workers", ()))
    for batch in itertools.islice(queue, max(job.workers, known) * _IN_FLIGHT_PER_WORKER):
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
