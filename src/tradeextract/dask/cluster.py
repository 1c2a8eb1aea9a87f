"""The Dask client a run uses: the caller's, one connected to --scheduler, or a local cluster."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

from tradeextract.batch.problems import UsageError

CONNECT_TIMEOUT = "30s"


@contextlib.contextmanager
def dask_client(
    client: Any = None, scheduler: str | None = None, workers: int = 1, processes: bool = True
) -> Iterator[Any]:
    """The client to submit to; one this function made is closed (its cluster too) at the end.

    Without a client or scheduler address: a local cluster of `workers` workers, one thread
    each (extraction holds the GIL: more threads would only wait), processes unless told not.
    """
    if client is not None:
        yield client
        return
    from distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            made = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as error:
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
        with made:
            yield made
        return
    with (
        preloaded_worker_processes(processes),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=processes,
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": ":0"},  # its HTTP server: any free port
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as made,
    ):
        yield made


@contextlib.contextmanager
def preloaded_worker_processes(processes: bool) -> Iterator[None]:
    """Local worker processes forked from the fork server that built the pipeline (as the
    local batch's workers, see `batch.pool`), where the platform has one: each then starts
    without importing spaCy and building and warming up a pipeline of its own."""
    import multiprocessing

    if not processes or "forkserver" not in multiprocessing.get_all_start_methods():
        yield
        return
    import dask
    from distributed.utils import get_mp_context

    from tradeextract.batch.pool import PRELOAD_MODULE

    with dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"}):
        get_mp_context().set_forkserver_preload(["distributed", PRELOAD_MODULE])
        yield
