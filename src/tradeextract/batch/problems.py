"""The exceptions of a batch: a bad input (which becomes an `InputError`) and a bad command line."""

from __future__ import annotations

from tradeextract.batch.items import ErrorKind


class InputProblem(Exception):
    """A reason an input (or one record of it) cannot be extracted, with its error kind."""

    def __init__(self, kind: ErrorKind, reason: str) -> None:
        super().__init__(reason)
        self.kind: ErrorKind = kind
        self.reason = reason


class UsageError(Exception):
    """A mistake in the command line: reported in one line, exit code 2, nothing written."""
