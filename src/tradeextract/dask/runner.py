"""One Dask run, on the client: plan, settle doc_ids, extract partitions on workers, report.

The same promises as the local batch (`batch.runner`): options and paths are checked before
anything is written (exit 2), every bad input is in the errors file in input order, nothing
is dropped (a partition whose task failed - its worker died, say - has an error for each of
its files and is done again by --resume), exit codes 0, 1, 2 and 130. What is finished stays
finished: each part is written whole by its worker, and an interrupted run keeps every part
written so far for --resume.

The flow, with every partition's tasks submitted as soon as they can run:
1. `plan` cuts the discovered inputs into partitions (client side, nothing read);
2. workers read each unfinished partition and return the doc_id requests it makes;
3. the client settles every doc_id in input order (`naming.IdLedger`) and submits each
   partition's extraction as soon as its ids are known; a finished partition whose ids are
   unchanged is skipped;
4. workers extract and write `part-NNNNN.parquet` and its record; the client writes the
   errors file and the summary, and removes parts left by an earlier, longer plan.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
import uuid
from dataclasses import dataclass, field
from typing import IO, Any

from tradeextract.batch.discover import Discovery, file_key
from tradeextract.batch.items import InputError
from tradeextract.batch.paths import check_output_paths
from tradeextract.batch.pool import PipelineError
from tradeextract.batch.problems import UsageError
from tradeextract.batch.progress import wants_progress
from tradeextract.batch.readers import ReaderOptions
from tradeextract.batch.runner import (
    BatchOptions,
    BatchSummary,
    check_options,
    interrupt_on_sigterm,
)
from tradeextract.batch.writers import ErrorSink, arrow_schema
from tradeextract.dask import store
from tradeextract.dask.cluster import dask_client
from tradeextract.dask.naming import IdLedger
from tradeextract.dask.plan import (
    DEFAULT_FILES_PER_PARTITION,
    Partition,
    Plan,
    Settings,
    plan_partitions,
)
from tradeextract.dask.store import PartitionRecord
from tradeextract.dask.tasks import (
    claims_frame,
    extract_partition,
    identify_partition,
    result_record,
)


@dataclass
class DaskOptions(BatchOptions):
    """The local batch's options, plus where the cluster is and how the work is cut."""

    format: str = "parquet"
    scheduler: str | None = None  # None: a local cluster of `jobs` workers
    files_per_partition: int = DEFAULT_FILES_PER_PARTITION
    processes: bool = True  # local cluster: worker processes (False: threads, for tests)


@dataclass
class DaskRun:
    """A finished run: the summary, each partition's record, the errors, and the claims."""

    summary: BatchSummary
    records: list[PartitionRecord] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    claims: Any = None  # dask.dataframe.DataFrame


def check_dask_options(options: DaskOptions) -> None:
    """The local checks, and what only a Dask run asks: a folder of Parquet parts."""
    # Locally Parquet needs a file; here, without a folder the rows stay in the cluster.
    check_options(dataclasses.replace(options, output=options.output or os.devnull))
    if options.format != "parquet":
        raise UsageError("--engine dask writes Parquet parts: use --format parquet")
    if options.files_per_partition < 1:
        raise UsageError("--partition-files must be at least 1")
    if options.output is not None:
        store.check_folder(options.output)
    elif options.resume:
        raise UsageError("--resume needs -o OUT_DIR")
    errors = errors_path(options)
    if errors is not None and options.output is not None and options.errors is not None:
        inside = os.path.commonpath([os.path.abspath(errors), os.path.abspath(options.output)])
        if inside == os.path.abspath(options.output):
            raise UsageError(f"--errors {errors}: inside -o {options.output}, give another place")


def errors_path(options: DaskOptions) -> str | None:
    if options.errors is not None:
        return options.errors
    return os.path.join(options.output, store.ERRORS_NAME) if options.output else None


def settings_of(options: DaskOptions) -> Settings:
    reader = ReaderOptions(
        options.text_field, options.id_field, options.date_field, options.max_bytes
    )
    return Settings(reader=reader, extractor=options.extractor, pipeline=options.pipeline)


def make_plan(options: DaskOptions, settings: Settings) -> Plan:
    """The partitions, leaving out the run's own output files wherever the inputs lie."""
    own = store.existing_files(options.output) if options.output else []
    errors = errors_path(options)
    if errors is not None:
        own.append(errors)
    return plan_partitions(
        options.paths,
        settings,
        files_per_partition=options.files_per_partition,
        glob=options.glob,
        max_files=options.max_files,
        exclude={key for key in map(file_key, own) if key},
    )


def run_dask(options: DaskOptions, client: Any = None, stderr: IO[str] | None = None) -> DaskRun:
    """Run a Dask batch; raises UsageError (nothing written) for bad options or paths.

    Without `options.output` the claims stay in the memory of `client`'s cluster, which must
    outlive the run: a client is then required.
    """
    stderr = stderr or sys.stderr
    check_dask_options(options)
    if options.output is None and client is None:
        raise UsageError("without an output folder the claims stay on the cluster: give a client")
    settings = settings_of(options)
    plan = make_plan(options, settings)
    errors = errors_path(options)
    if errors is not None:
        inputs = Discovery(options.paths, glob=options.glob, max_files=options.max_files)
        check_output_paths([("--errors", errors)], inputs, "jsonl", False)
    started = time.monotonic()
    execution = Execution(options, plan, settings, options.output, stderr)
    if options.output is None:
        run = execution.run(client)
    else:
        with store.folder_lock(options.output):
            run = execution.run(client)
    write_errors(errors, run.errors)
    run.summary.limited = plan.limited
    run.summary.seconds = time.monotonic() - started
    if not options.quiet:
        print(run.summary.line(options.max_files), file=stderr, flush=True)
    return run


def write_errors(path: str | None, errors: list[InputError]) -> None:
    if path is None:
        return
    sink = ErrorSink(path)
    try:
        for error in errors:
            sink.write(error)
    finally:
        sink.close()


class Execution:
    """Steps 2-4 of one run, on a client."""

    def __init__(
        self,
        options: DaskOptions,
        plan: Plan,
        settings: Settings,
        folder: str | None,
        stderr: IO[str],
    ) -> None:
        self.options, self.plan, self.settings, self.stderr = options, plan, settings, stderr
        self.folder = os.path.abspath(folder) if folder is not None else None
        self.records: dict[int, PartitionRecord] = {}
        self.failed: dict[int, list[InputError]] = {}
        self.skipped: set[int] = set()
        self.frames: list[Any] = []
        self.token = uuid.uuid4().hex[:12]  # task keys of this run, apart from any other's
        self.futures: list[Any] = []

    def run(self, client: Any) -> DaskRun:
        summary = BatchSummary()
        try:
            with (
                interrupt_on_sigterm(),
                dask_client(
                    client, self.options.scheduler, self.options.jobs, self.options.processes
                ) as active,
            ):
                self._prepare_folder()  # only now: a cluster that cannot be reached changes nothing
                try:
                    self._submit_and_collect(active)
                except BaseException:
                    active.cancel(list(self.futures))  # stragglers would write after the run
                    raise
                self._remove_leftover_parts()
                claims = self._claims()
        except KeyboardInterrupt:
            summary.interrupted = True
            claims = None
        return self._report(summary, claims)

    def _prepare_folder(self) -> None:
        """Remove what killed runs left half-written, and without --resume the earlier parts."""
        if self.folder is None:
            return
        store.remove_temporaries(self.folder)
        if not self.options.resume:
            for index in store.part_indices(self.folder):
                store.remove_partition(self.folder, index)

    def _remove_leftover_parts(self) -> None:
        """Parts of partitions an earlier, longer list of inputs had: their files are gone or
        in other partitions now."""
        if self.folder is None:
            return
        for index in store.part_indices(self.folder):
            if index >= len(self.plan.partitions):
                store.remove_partition(self.folder, index)

    def _finished(self, partition: Partition) -> PartitionRecord | None:
        if self.folder is None or not self.options.resume:
            return None
        record = store.read_record(self.folder, partition.index)
        return (
            record if record is not None and record.fingerprint == partition.fingerprint else None
        )

    def _submit_and_collect(self, client: Any) -> None:
        finished = {p.index: self._finished(p) for p in self.plan.partitions}
        identified: dict[int, Any] = {
            p.index: client.submit(
                identify_partition,
                p,
                self.settings,
                pure=False,
                key=f"identify-{p.name}-{self.token}",
            )
            for p in self.plan.partitions
            if finished[p.index] is None
        }
        self.futures.extend(identified.values())
        ledger = IdLedger()
        extracting: dict[int, Any] = {}
        for partition in self.plan.partitions:
            record = finished[partition.index]
            try:
                requests = record.requests if record else identified[partition.index].result()
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as error:  # a task's failure, an extractor's BaseException too
                self._fail(partition, "reading it for its doc_ids", error)
                continue
            assigned = ledger.assign(partition.files, requests)
            if record is not None and record.doc_ids == assigned:
                self.records[partition.index] = record
                self.skipped.add(partition.index)
                continue
            extracting[partition.index] = client.submit(
                extract_partition,
                partition,
                requests,
                assigned,
                self.settings,
                self.folder,
                pure=False,
                key=f"extract-{partition.name}-{self.token}",
            )
            self.futures.append(extracting[partition.index])
        with progress_bar(self.options, self.stderr, len(extracting)) as bar:
            for partition in self.plan.partitions:
                future = extracting.get(partition.index)
                if future is not None:
                    self._collect(client, partition, future)
                    bar.update(1)

    def _collect(self, client: Any, partition: Partition, future: Any) -> None:
        try:
            if self.folder is None:  # the claims stay on the cluster; only the record comes back
                self.records[partition.index] = client.submit(result_record, future).result()
                self.frames.append(client.submit(claims_frame, future))
            else:
                self.records[partition.index] = future.result().record
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # a task's failure, an extractor's BaseException too
            self._fail(partition, "extracting it", error)

    def _fail(self, partition: Partition, doing: str, error: BaseException) -> None:
        """A task that failed as a whole (its worker died, say): one error for each file.
        A pipeline that cannot load fails every partition: that ends the run, as locally."""
        if isinstance(error, PipelineError):
            raise error
        kind = "worker_crashed" if type(error).__name__ == "KilledWorker" else "extract_failed"
        reason = (
            f"the Dask task {doing} failed ({type(error).__name__}: {error})"[:400]
            + f"; partition {partition.name} not written: --resume tries it again"
        )
        self.failed[partition.index] = [
            InputError(file.shown, reason, kind) for file in partition.files
        ]

    def _claims(self) -> Any:
        import dask.dataframe as dd

        meta = arrow_schema().empty_table().to_pandas()
        if self.folder is None:
            return (
                dd.from_delayed(self.frames, meta=meta, verify_meta=False) if self.frames else None
            )
        parts = [store.part_path(self.folder, index) for index in sorted(self.records)]
        return dd.read_parquet(parts) if parts else None

    def _report(self, summary: BatchSummary, claims: Any) -> DaskRun:
        errors: list[InputError] = list(self.plan.errors)
        records = []
        for partition in self.plan.partitions:
            record = self.records.get(partition.index)
            if record is not None:
                records.append(record)
                errors.extend(record.input_errors())
                summary.files += record.files
                if partition.index in self.skipped:
                    summary.skipped += record.documents
                else:
                    summary.documents += record.documents
                    summary.claims += record.claims
            elif partition.index in self.failed:
                errors.extend(e for e in partition.entries if isinstance(e, InputError))
                errors.extend(self.failed[partition.index])
        for error in errors:
            if error.level == "error":
                summary.errors += 1
                summary.error_kinds[error.kind] = summary.error_kinds.get(error.kind, 0) + 1
            else:
                summary.warnings += 1
        return DaskRun(summary=summary, records=records, errors=errors, claims=claims)


def progress_bar(options: DaskOptions, stream: IO[str], partitions: int) -> Any:
    """Partitions done, on a terminal only (as the local batch's bar), else a bar that is off."""
    from tqdm import tqdm

    return tqdm(
        total=partitions,
        unit="partition",
        file=stream,
        disable=not wants_progress(options, stream),
        dynamic_ncols=True,
        mininterval=0.5,
        desc="extract (dask)",
    )
