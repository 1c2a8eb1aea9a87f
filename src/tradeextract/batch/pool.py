"""Worker processes that extract documents and give the results back in input order.

Why not multiprocessing.Pool: its imap reads the whole input ahead (memory grows with the
batch) and it cannot stop one task that hangs. Here the main process keeps at most `window`
documents in flight or waiting to be written, sends each worker one document at a time (plus
one small one queued behind it), and kills and replaces a worker whose document runs past the
time limit or that dies; that document becomes an error and the batch goes on. Workers are
started with `spawn`, so none inherits the main process's open output files, and each loads
the pipeline once. They start as documents arrive: never more than `jobs`, than documents
seen, or than `worker_limit()` (each holds a pipeline in memory; extraction is CPU-bound).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from typing import Any

from tradeextract.batch.items import DocTask, InputError, Item, Outcome
from tradeextract.batch.worker import DEFAULT_EXTRACTOR, without_warnings, worker_main

READY_TIMEOUT = 300.0  # seconds a worker may take to load the pipeline
# A second document may wait in a busy worker's pipe so it never idles between two; only a
# small one, so that the send cannot block on a full pipe (which could deadlock the two sides).
PREFETCH_MAX_CHARS = 8000
MAX_IDLE_DEATHS = 5  # workers dying with no document in hand: the pipeline itself is broken
WORKERS_PER_CORE = 2
PRELOAD_MODULE = "tradeextract.batch.preload"  # imported by the fork server: builds the pipeline


def worker_limit() -> int:
    """The most workers worth starting: two per core this process may run on."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return WORKERS_PER_CORE * (cores or 1)


def worker_context(preload_pipeline: bool) -> BaseContext:
    """The fork server where the platform has one, told to build the default pipeline when the
    workers will use it (the first pool of a process decides: the server lives as long as it);
    spawn elsewhere."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    preload = PRELOAD_MODULE if preload_pipeline else "tradeextract.batch.worker"
    context.set_forkserver_preload([preload])
    return context


class PipelineError(RuntimeError):
    """The extraction pipeline cannot be loaded or keeps killing its workers."""


@dataclass
class Worker:
    """A worker process; `tasks` are the documents sent to it, the first one being extracted."""

    process: Any
    conn: Connection
    ready: bool = False
    preloaded: bool = False  # it started from the fork server's pipeline instead of building one
    started: float = field(default_factory=time.monotonic)
    tasks: deque[tuple[int, DocTask]] = field(default_factory=deque)


class WorkerPool:
    """`run(items)` yields every item's outcomes in input order; a `with` block ends the workers."""

    def __init__(
        self,
        jobs: int = 1,
        timeout: float = 30.0,
        extractor: str = DEFAULT_EXTRACTOR,
        pipeline: str | None = None,
        include_text: bool = False,
        window: int | None = None,
    ) -> None:
        self.jobs = min(jobs, worker_limit())
        self.timeout = timeout
        self.worker_args = (extractor, pipeline, include_text)
        self.window = window or max(8, 4 * jobs)
        self.context = worker_context(extractor == DEFAULT_EXTRACTOR and pipeline is None)
        self.workers: list[Worker] = []
        self.idle_deaths = 0
        self.documents_seen = 0

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close(graceful=exc_info[0] is None)

    def run(self, items: Iterable[Item]) -> Iterator[Outcome]:
        """Outcomes in input order: a DocTask's warnings, then its DocResult or InputError."""
        source = iter(items)
        pending: deque[tuple[int, DocTask]] = deque()
        finished: dict[int, list[Outcome]] = {}
        next_seq = emitted = 0
        exhausted = False
        while True:
            while not exhausted and next_seq - emitted < self.window:
                item = next(source, None)
                if item is None:
                    exhausted = True
                elif isinstance(item, DocTask):
                    pending.append((next_seq, item))
                    next_seq += 1
                    self.documents_seen += 1
                else:
                    finished[next_seq] = [item]
                    next_seq += 1
            if pending:
                self._ensure_workers()
                self._dispatch(pending)
            while emitted in finished:
                yield from finished.pop(emitted)
                emitted += 1
            if exhausted and emitted == next_seq:
                return
            if pending or any(worker.tasks for worker in self.workers):
                self._collect(pending, finished)

    def close(self, graceful: bool = True) -> None:
        """Stop every worker: politely after a finished run, at once after an interruption."""
        for worker in self.workers:
            if graceful and worker.process.is_alive():
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
        deadline = time.monotonic() + (2.0 if graceful else 0.0)
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            self._kill(worker)
        self.workers.clear()

    def _ensure_workers(self) -> None:
        while len(self.workers) < min(self.jobs, self.documents_seen):
            self.workers.append(self._start_worker())

    def _start_worker(self) -> Worker:
        parent_conn, child_conn = self.context.Pipe(duplex=True)
        process = self.context.Process(
            target=worker_main,
            args=(child_conn, *self.worker_args, dict(os.environ)),
            daemon=True,
        )
        with sigint_ignored():  # inherited: Ctrl-C is for the main process to handle
            process.start()
        child_conn.close()
        return Worker(process, parent_conn)

    def _dispatch(self, pending: deque[tuple[int, DocTask]]) -> None:
        """One document to each idle worker, then a small second one to each busy worker."""
        for capacity in (1, 2):
            for worker in self.workers:
                if not pending:
                    return
                if not worker.ready or len(worker.tasks) >= capacity:
                    continue
                if worker.tasks and len(pending[0][1].text) > PREFETCH_MAX_CHARS:
                    continue
                seq, task = pending.popleft()
                try:
                    worker.conn.send((seq, without_warnings(task)))
                except OSError:
                    pending.appendleft((seq, task))  # it died: _collect replaces it
                    continue
                if not worker.tasks:
                    worker.started = time.monotonic()
                worker.tasks.append((seq, task))

    def _collect(
        self, pending: deque[tuple[int, DocTask]], finished: dict[int, list[Outcome]]
    ) -> None:
        """Wait for a message, a death or a deadline, and act on whatever happened."""
        handles: list[Any] = [w.conn for w in self.workers] + [
            w.process.sentinel for w in self.workers
        ]
        for handle in wait(handles, timeout=self._seconds_to_next_deadline()):
            worker = next((w for w in self.workers if handle in (w.conn, w.process.sentinel)), None)
            if worker is not None:
                self._receive(worker, pending, finished)
        now = time.monotonic()
        for worker in list(self.workers):
            if worker.tasks and now - worker.started > self.timeout:
                reason = f"extraction took longer than --timeout ({self.timeout:g} s): stopped"
                self._fail_first_task(worker, reason, "timeout", pending, finished)
                self._replace(worker)
            elif not worker.ready and now - worker.started > READY_TIMEOUT:
                raise PipelineError(f"a worker did not load the pipeline in {READY_TIMEOUT:g} s")

    def _receive(
        self,
        worker: Worker,
        pending: deque[tuple[int, DocTask]],
        finished: dict[int, list[Outcome]],
    ) -> None:
        try:
            message = worker.conn.recv() if worker.conn.poll() else None
        except (EOFError, OSError):
            message = None
        if message is None:
            if not worker.process.is_alive() or worker.conn.closed:
                self._on_death(worker, pending, finished)
            return
        kind = message[0]
        if kind == "ready":
            worker.ready = True
            worker.preloaded = bool(message[2])
        elif kind == "fatal":
            raise PipelineError(f"the extraction pipeline failed to load:\n{message[1]}")
        elif kind == "result" and worker.tasks and worker.tasks[0][0] == message[1]:
            seq, task = worker.tasks.popleft()
            finished[seq] = [*task.warnings, message[2]]
            worker.started = time.monotonic()  # the next queued document starts now
            self.idle_deaths = 0

    def _on_death(
        self,
        worker: Worker,
        pending: deque[tuple[int, DocTask]],
        finished: dict[int, list[Outcome]],
    ) -> None:
        worker.process.join(1.0)
        code = worker.process.exitcode
        if not worker.tasks:
            self.idle_deaths += 1
            if not worker.ready or self.idle_deaths >= MAX_IDLE_DEATHS:
                raise PipelineError(
                    f"a worker process died (exit code {code}) before extracting anything"
                )
        else:
            reason = f"the worker process died (exit code {code}) while extracting this document"
            self._fail_first_task(worker, reason, "worker_crashed", pending, finished)
        self._replace(worker)

    def _fail_first_task(
        self,
        worker: Worker,
        reason: str,
        kind: str,
        pending: deque[tuple[int, DocTask]],
        finished: dict[int, list[Outcome]],
    ) -> None:
        """The document being extracted failed; any queued behind it go back to be sent again."""
        seq, task = worker.tasks.popleft()
        finished[seq] = [*task.warnings, worker_error(task, reason, kind)]
        while worker.tasks:
            pending.appendleft(worker.tasks.pop())

    def _replace(self, worker: Worker) -> None:
        self._kill(worker)
        self.workers[self.workers.index(worker)] = self._start_worker()

    def _kill(self, worker: Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join(5.0)
        worker.conn.close()

    def _seconds_to_next_deadline(self) -> float:
        now = time.monotonic()
        deadlines = [w.started + self.timeout for w in self.workers if w.tasks]
        deadlines += [w.started + READY_TIMEOUT for w in self.workers if not w.ready]
        return max(0.0, min(deadlines, default=now + 1.0) - now) + 0.01


@contextlib.contextmanager
def sigint_ignored() -> Iterator[None]:
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def worker_error(task: DocTask, reason: str, kind: Any) -> InputError:
    return InputError(task.path, reason, kind, record=task.record, doc_id=task.doc_id)
