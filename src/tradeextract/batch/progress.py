"""The progress bar on stderr: files done, files/s, claims and errors so far.

Shown only on a terminal (and never with --quiet), so logs and pipes get the summary line
alone. Messages about bad inputs go through `write` so they do not tear the bar.
"""

from __future__ import annotations

import sys
from typing import IO, TYPE_CHECKING, Any

from tradeextract.batch.discover import Discovery, InputFile
from tradeextract.batch.items import DocResult, FileDone, InputError, Outcome

if TYPE_CHECKING:
    from tradeextract.batch.runner import BatchOptions, BatchSummary


def wants_progress(options: BatchOptions, stream: IO[str]) -> bool:
    if options.quiet:
        return False
    if options.progress is not None:
        return options.progress
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def count_files(options: BatchOptions) -> int:
    """How many files the run will read: a second, cheap walk, done only for the bar's total."""
    discovery = Discovery(options.paths, glob=options.glob, max_files=options.max_files)
    return sum(1 for found in discovery if isinstance(found, InputFile))


class Progress:
    """A tqdm bar when wanted, otherwise nothing; `write` prints a line either way."""

    def __init__(self, options: BatchOptions, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.bar: Any = None
        if wants_progress(options, self.stream):
            from tqdm import tqdm

            self.bar = tqdm(
                total=count_files(options),
                unit="file",
                file=self.stream,
                dynamic_ncols=True,
                mininterval=0.5,
                desc="extract",
            )

    def update(self, outcome: Outcome, summary: BatchSummary) -> None:
        if self.bar is None:
            return
        if isinstance(outcome, FileDone):
            self.bar.update(1)
        if isinstance(outcome, (FileDone, DocResult, InputError)):
            self.bar.set_postfix(claims=summary.claims, errors=summary.errors, refresh=False)

    def write(self, line: str) -> None:
        if self.bar is not None:
            self.bar.write(line, file=self.stream)
        else:
            print(line, file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
