"""Errors a user can act on.

An ingest error always names the file, the row, the column and the reason, because a
statistician fixing a 5,000-row bulletin table needs to find the cell, not a stack trace.
"""

from __future__ import annotations

from dataclasses import dataclass


class ZonemetricsError(Exception):
    """Base class for errors reported to the user without a traceback."""


@dataclass(frozen=True)
class IngestProblem:
    """One bad cell (or a whole-file problem, where row and column are None)."""

    file: str
    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.reason}"


class IngestError(ZonemetricsError):
    """A file was rejected; nothing from it was imported."""

    def __init__(self, problems: list[IngestProblem]):
        self.problems = problems
        first = str(problems[0])
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(f"{first}{more}; nothing from this file was imported")


class UnknownZoneError(ZonemetricsError):
    """A zone name or id that no zone or alias in the store matches."""


class StoreError(ZonemetricsError):
    """The store cannot be opened or is of a schema this version cannot migrate."""
