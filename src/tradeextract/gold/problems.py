"""What is wrong with gold, and where: `GoldProblem`, `GoldError`, and a collector of problems.

A problem names the file, the claim index and the field; `GoldError` is raised when gold
cannot be scored against, and `Checker` collects the problems of one file while it is walked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class GoldProblem:
    """One thing wrong with a gold file; `str()` gives `FILE: claim N: field: message`.

    `unreadable` marks a file that could not be read as JSON at all (not a regular file, not
    UTF-8, not JSON): bad input rather than a mistake in an annotation.
    """

    path: str
    message: str
    claim: int | None = None
    field: str | None = None
    severity: Severity = "error"
    unreadable: bool = False

    def __str__(self) -> str:
        parts = [self.path]
        if self.claim is not None:
            parts.append(f"claim {self.claim}")
        if self.field:
            parts.append(self.field)
        prefix = "warning: " if self.severity == "warning" else ""
        return ": ".join(parts) + f": {prefix}{self.message}"


class GoldError(ValueError):
    """Gold that cannot be scored against; carries the first problem and all of them."""

    def __init__(
        self,
        path: str,
        message: str,
        claim: int | None = None,
        field: str | None = None,
        problems: list[GoldProblem] | None = None,
    ) -> None:
        self.path = path
        self.claim = claim
        self.field = field
        self.message = message
        self.problems = problems or [GoldProblem(path, message, claim, field)]
        first = str(GoldProblem(path, message, claim, field))
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' * (more > 1)})" if more > 0 else ""
        super().__init__(first + suffix)

    @classmethod
    def from_problems(cls, problems: list[GoldProblem]) -> GoldError:
        first = problems[0]
        return cls(first.path, first.message, first.claim, first.field, problems)


@dataclass
class Checker:
    """Collects the problems of one gold file while walking its JSON."""

    path: str
    text: str
    problems: list[GoldProblem] = field(default_factory=list)
    claim: int | None = None

    def error(self, where: str | None, message: str) -> None:
        self.problems.append(GoldProblem(self.path, message, self.claim, where))

    def warn(self, where: str | None, message: str) -> None:
        self.problems.append(GoldProblem(self.path, message, self.claim, where, "warning"))
