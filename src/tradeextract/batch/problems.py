"""The exception readers raise for a bad input; the reader turns it into an `InputError`."""

from __future__ import annotations

from tradeextract.batch.items import ErrorKind


class InputProblem(Exception):
    """A reason an input (or one record of it) cannot be extracted, with its error kind."""

    def __init__(self, kind: ErrorKind, reason: str) -> None:
        super().__init__(reason)
        self.kind: ErrorKind = kind
        self.reason = reason
