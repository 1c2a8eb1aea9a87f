"""One batch run: check the options, find and read inputs, extract in workers, write, summarise.

The runner owns the run's promises: output in input order whatever --jobs is, nothing
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
from tradeextract.batch.items import DocResult, FileDone, InputError, Outcome, Skipped
from tradeextract.batch.pool import PipelineError, WorkerPool
from tradeextract.batch.progress import Progress
from tradeextract.batch.readers import DEFAULT_MAX_BYTES, ReaderOptions, read_inputs
from tradeextract.batch.resume import ResumeError, prepare_resume
from tradeextract.batch.worker import DEFAULT_EXTRACTOR
from tradeextract.batch.writers import FORMATS, ErrorSink, Writer, open_writer

EXIT_OK, EXIT_INPUT_ERRORS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    """A mistake in the command line: reported in one line, exit code 2."""


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
    """Refuse what cannot work before touching any file."""
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
    if options.output is not None and os.path.isdir(options.output):
        raise UsageError(f"-o {options.output} is a folder: give a file name")
    for path in own_files(options):
        folder = os.path.dirname(os.path.abspath(path))
        try:
            os.makedirs(folder, exist_ok=True)  # the output's own folder, and nothing else
        except OSError as error:
            raise UsageError(
                f"cannot write {path}: cannot create folder {folder}: {error}"
            ) from error
    for name in ("jobs", "max_bytes", "row_group_size"):
        if getattr(options, name) < 1:
            raise UsageError(f"--{name.replace('_', '-')} must be at least 1")
    if options.max_files is not None and options.max_files < 1:
        raise UsageError("--max-files must be at least 1")
    if not options.timeout > 0:
        raise UsageError("--timeout must be more than 0 seconds")


def errors_path(options: BatchOptions) -> str | None:
    if options.errors is not None:
        return options.errors
    return f"{options.output}.errors.jsonl" if options.output is not None else None


def run_batch(options: BatchOptions, stderr: IO[str] | None = None) -> BatchSummary:
    """Run a batch; raises UsageError (nothing written) or PipelineError (extractor broken)."""
    stderr = stderr or sys.stderr
    check_options(options)
    done = already_done(options)
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
        options.jobs, options.timeout, options.extractor, options.pipeline, options.include_text
    )
    try:
        with interrupt_on_sigterm(), pool:
            for outcome in pool.run(read_inputs(discovery, reader_options, done)):
                record_outcome(outcome, summary, writer, errors)
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
    summary.limited = discovery.limited
    summary.seconds = time.monotonic() - started
    if not options.quiet:
        print(summary.line(options.max_files), file=stderr, flush=True)
    return summary


def already_done(options: BatchOptions) -> set[str]:
    """With --resume, the doc_ids already in the output (whose cut tail is trimmed)."""
    if not (options.resume and options.output):
        return set()
    try:
        return prepare_resume(options.output, options.format)
    except ResumeError as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        raise UsageError(f"cannot resume {options.output}: {error.strerror or error}") from None


def open_outputs(options: BatchOptions, progress: Progress) -> tuple[Writer, ErrorSink]:
    """The output writer and the errors sink; a path that cannot be written is a usage error."""
    try:
        writer = open_writer(
            options.format,
            options.output,
            append=options.resume,
            row_group_size=options.row_group_size,
        )
    except OSError as error:
        raise UsageError(f"cannot write {options.output}: {error.strerror or error}") from None
    try:
        errors = ErrorSink(errors_path(options), append=options.resume, echo=progress.write)
    except OSError as error:
        writer.close()
        raise UsageError(
            f"cannot write {errors_path(options)}: {error.strerror or error}"
        ) from None
    return writer, errors


def record_outcome(
    outcome: Outcome, summary: BatchSummary, writer: Writer, errors: ErrorSink
) -> None:
    """Write one outcome where it belongs and count it."""
    if isinstance(outcome, DocResult):
        writer.write_line(outcome.line)
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
    """The run's output files, which a folder being read must not feed back in."""
    return [path for path in (options.output, errors_path(options)) if path]


@contextmanager
def interrupt_on_sigterm() -> Iterator[None]:
    """SIGTERM ends the run like Ctrl-C: through the `finally` that closes the writers."""

    def handler(signum: int, frame: Any) -> None:
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


def silence_stdout() -> None:
    """After `| head` closed the pipe, keep Python from failing again when it flushes at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


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
