"""One batch run: check the options, find and read inputs, extract in workers, write, summarise.

The runner owns the run's promises: every option and path is checked before any output is
opened (a usage error changes no file), output in input order whatever --jobs is, nothing
written lost on Ctrl-C or SIGTERM (writers are closed in a `finally`), every bad input in the
errors output and counted, and exit codes 0 (all fine), 1 (some input failed), 2 (usage),
130 (interrupted).
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from tradeextract.batch.discover import Discovery, file_key
from tradeextract.batch.identity import Identities
from tradeextract.batch.items import DocResult, FileDone, InputError, Outcome, Skipped
from tradeextract.batch.paths import OutputPath, check_output_paths, ensure_writable
from tradeextract.batch.pool import WORKERS_PER_CORE, PipelineError, WorkerPool, worker_limit
from tradeextract.batch.problems import UsageError
from tradeextract.batch.progress import Progress
from tradeextract.batch.readers import DEFAULT_MAX_BYTES, ReaderOptions, read_inputs
from tradeextract.batch.resume import ResumeError, ResumeState, read_resume, remove_records, trim
from tradeextract.batch.worker import DEFAULT_EXTRACTOR
from tradeextract.batch.writers import (
    FORMATS,
    ErrorSink,
    Writer,
    open_writer,
    remove_stale_temporaries,
    temporary_path,
)
from tradeextract.cli import silence_stdout

EXIT_OK, EXIT_INPUT_ERRORS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
MAX_TIMEOUT = 86_400.0  # a day per document: past any real need, within what `wait` accepts
MAX_MAX_BYTES = 1_000_000_000  # a JSON file is read whole: more would not fit in memory anyway


@dataclass
class BatchOptions:
    """Everything a batch run needs; the CLI fills it from arguments."""

    paths: list[str]
    output: str | None = None  # None: stdout (jsonl and csv only)
    format: str = "jsonl"
    errors: str | None = None  # None: OUT.errors.jsonl beside OUT, or stderr for stdout
    jobs: int = 1
    glob: str | None = None
    resume: bool = False
    text_field: str = "text"
    id_field: str = "id"
    date_field: str = "date"
    max_bytes: int = DEFAULT_MAX_BYTES
    max_files: int | None = None
    timeout: float = 30.0
    include_text: bool = False
    db: str | None = None  # a claims store to write into as well (--db); alone: no stdout
    pipeline: str | None = None
    quiet: bool = False
    progress: bool | None = None  # None: only when stderr is a terminal
    extractor: str = DEFAULT_EXTRACTOR  # "module:factory", for tests and other extractors
    row_group_size: int = 10_000


@dataclass
class BatchSummary:
    """What a run did; `exit_code` follows from it."""

    files: int = 0
    documents: int = 0
    claims: int = 0
    errors: int = 0
    warnings: int = 0
    skipped: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    limited: bool = False
    error_kinds: dict[str, int] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        return EXIT_INPUT_ERRORS if self.errors else EXIT_OK

    def _error_breakdown(self) -> str:
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(self.error_kinds.items()))
        return f" ({kinds})" if kinds else ""

    def line(self, max_files: int | None = None) -> str:
        rate = self.documents / self.seconds if self.seconds else 0.0
        parts = [
            f"{self.files} files",
            f"{self.documents} documents",
            f"{self.claims} claims",
            f"{self.errors} errors{self._error_breakdown()}",
            f"{self.warnings} warnings",
        ]
        if self.skipped:
            parts.append(f"{self.skipped} already done (--resume)")
        text = f"tradeextract extract: {', '.join(parts)} in {self.seconds:.1f} s ({rate:.1f} documents/s)"
        if self.limited:
            text += f"; stopped after --max-files {max_files}"
        if self.interrupted:
            text += "; INTERRUPTED: the output holds complete documents only (use --resume)"
        return text


def check_options(options: BatchOptions) -> None:
    """Refuse values that cannot work, before looking at any file."""
    if not options.paths:
        raise UsageError("no PATH given")
    missing = [path for path in options.paths if not os.path.lexists(path)]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    if options.format not in FORMATS:
        raise UsageError(f"unknown --format {options.format!r}: choose from {', '.join(FORMATS)}")
    if options.output is None and options.format == "parquet":
        raise UsageError("Parquet cannot go to stdout: give -o FILE")
    if options.output is None and options.resume:
        raise UsageError("--resume needs -o FILE: there is nothing to resume on stdout")
    for name in ("jobs", "max_bytes", "row_group_size"):
        if getattr(options, name) < 1:
            raise UsageError(f"--{name.replace('_', '-')} must be at least 1")
    if options.max_bytes > MAX_MAX_BYTES:
        raise UsageError(f"--max-bytes must be at most {MAX_MAX_BYTES}")
    if options.max_files is not None and options.max_files < 1:
        raise UsageError("--max-files must be at least 1")
    if not 0 < options.timeout <= MAX_TIMEOUT:  # also refuses nan
        raise UsageError(f"--timeout must be more than 0 seconds and at most {MAX_TIMEOUT:g}")


def check_paths(options: BatchOptions) -> ResumeState | None:
    """Check every output against the inputs and read what --resume needs, changing nothing;
    then make sure every output can be written. UsageError if anything is wrong."""
    outputs = output_paths(options)
    inputs = Discovery(options.paths, glob=options.glob, max_files=options.max_files)
    check_output_paths(outputs, inputs, options.format, options.resume)
    resume = already_done(options)
    ensure_writable(outputs, options.format)
    return resume


def output_paths(options: BatchOptions) -> list[OutputPath]:
    paths = [("-o", options.output), ("--errors", errors_path(options))]
    return [(flag, path) for flag, path in paths if path is not None]


def bounded_jobs(options: BatchOptions, stderr: IO[str]) -> int:
    """--jobs, but no more than `worker_limit()`: more workers only cost memory."""
    limit = worker_limit()
    if options.jobs <= limit:
        return options.jobs
    if not options.quiet:
        print(
            f"tradeextract extract: --jobs {options.jobs}: using {limit} workers, "
            f"{WORKERS_PER_CORE} per core (more would only cost memory)",
            file=stderr,
        )
    return limit


def errors_path(options: BatchOptions) -> str | None:
    if options.errors is not None:
        return options.errors
    return f"{options.output}.errors.jsonl" if options.output is not None else None


def run_batch(options: BatchOptions, stderr: IO[str] | None = None) -> BatchSummary:
    """Run a batch; raises UsageError (nothing written) or PipelineError (extractor broken)."""
    stderr = stderr or sys.stderr
    check_options(options)
    resume = check_paths(options)
    jobs = bounded_jobs(options, stderr)
    ids = start_outputs(options, resume)  # the run is valid: from here on outputs are written
    summary = BatchSummary()
    started = time.monotonic()
    progress = Progress(options, stderr)
    writer, errors = open_outputs(options, progress)
    discovery = Discovery(
        options.paths,
        glob=options.glob,
        exclude={key for key in map(file_key, own_files(options)) if key},
        max_files=options.max_files,
    )
    reader_options = ReaderOptions(
        options.text_field, options.id_field, options.date_field, options.max_bytes
    )
    pool = WorkerPool(
        jobs,
        options.timeout,
        options.extractor,
        options.pipeline,
        options.include_text or options.db is not None,  # the store keeps each text
    )
    try:
        with interrupt_on_sigterm(), pool:
            for outcome in pool.run(read_inputs(discovery, reader_options, ids)):
                record_outcome(outcome, summary, writer, errors, ids)
                progress.update(outcome, summary)
    except (KeyboardInterrupt, BrokenPipeError) as stop:
        summary.interrupted = True
        if isinstance(stop, BrokenPipeError):
            silence_stdout()
    finally:
        try:
            writer.close()  # Parquet's footer: the file is valid even after an interruption
        finally:
            errors.close()
            progress.close()
    if options.output is not None:
        remove_records(options.output, options.format, ids.stale)
    summary.limited = discovery.limited
    summary.seconds = time.monotonic() - started
    if not options.quiet:
        print(summary.line(options.max_files), file=stderr, flush=True)
    return summary


def start_outputs(options: BatchOptions, resume: ResumeState | None) -> Identities:
    """Remove what killed runs left beside the output, trim the cut tail of an output being
    resumed, and start the run's doc_ids from the documents already in it."""
    if options.output is not None:
        remove_stale_temporaries(options.output)
    if resume is None or options.output is None:
        return Identities()
    trim(options.output, resume)
    return Identities.resuming(resume.records)


def already_done(options: BatchOptions) -> ResumeState | None:
    """With --resume, the documents already in the output (read, not yet trimmed)."""
    if not (options.resume and options.output):
        return None
    try:
        return read_resume(options.output, options.format)
    except ResumeError as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        raise UsageError(f"cannot resume {options.output}: {error.strerror or error}") from None


def open_outputs(options: BatchOptions, progress: Progress) -> tuple[Writer, ErrorSink]:
    """The output writer and the errors sink; a path that cannot be written is a usage error."""
    store = open_store_output(options)  # first: a store in use by another process changes nothing
    try:
        writer = (
            open_writer(
                options.format,
                options.output,
                append=options.resume,
                row_group_size=options.row_group_size,
            )
            if options.output is not None or store is None
            else None
        )
    except OSError as error:
        if store is not None:
            store.close()
        raise UsageError(f"cannot write {options.output}: {error.strerror or error}") from None
    if store is not None:
        writer = store_writer(store, writer, options.include_text)
    try:
        errors = ErrorSink(errors_path(options), echo=progress.write)
    except OSError as error:
        writer.close()
        raise UsageError(
            f"cannot write {errors_path(options)}: {error.strerror or error}"
        ) from None
    return writer, errors


def open_store_output(options: BatchOptions) -> Any:
    """--db: the claims store documents go into as well (or only, without -o)."""
    if options.db is None:
        return None
    from tradeextract.store import Store, StoreError

    try:
        return Store(options.db)
    except StoreError as error:
        raise UsageError(str(error)) from None


def store_writer(store: Any, writer: Writer | None, keep_text: bool) -> Writer:
    from tradeextract.store.writer import StoreWriter

    return StoreWriter(store, also=writer, keep_text=keep_text)


def record_outcome(
    outcome: Outcome, summary: BatchSummary, writer: Writer, errors: ErrorSink, ids: Identities
) -> None:
    """Write one outcome where it belongs and count it."""
    if isinstance(outcome, DocResult):
        writer.write_line(outcome.line)
        ids.written(outcome.doc_id)
        summary.documents += 1
        summary.claims += outcome.claims
    elif isinstance(outcome, InputError):
        errors.write(outcome)
        if outcome.level == "error":
            summary.errors += 1
            summary.error_kinds[outcome.kind] = summary.error_kinds.get(outcome.kind, 0) + 1
        else:
            summary.warnings += 1
    elif isinstance(outcome, FileDone):
        summary.files += 1
    elif isinstance(outcome, Skipped):
        summary.skipped += 1


def own_files(options: BatchOptions) -> list[str]:
    """The run's output files (and a Parquet output's temporary file), which a folder being
    read must not feed back in."""
    files = [path for _, path in output_paths(options)]
    if options.db is not None:
        files.append(options.db)
    if options.output is not None and options.format == "parquet":
        files.append(temporary_path(options.output))
    return files


@contextmanager
def interrupt_on_sigterm() -> Iterator[None]:
    """SIGTERM ends the run like Ctrl-C: through the `finally` that closes the writers."""

    def handler(*_: Any) -> None:  # (signal number, frame)
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


__all__ = [
    "EXIT_INPUT_ERRORS",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "BatchOptions",
    "BatchSummary",
    "PipelineError",
    "UsageError",
    "run_batch",
]
