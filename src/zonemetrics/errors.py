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


#: errno values a user can act on, in words (no traceback, no errno number)
_OS_REASONS = {
    "ENOSPC": "the disk is full",
    "EDQUOT": "the disk quota is exhausted",
    "EACCES": "permission denied",
    "EPERM": "operation not permitted",
    "EROFS": "the file system is read-only",
    "ENOENT": "no such file or folder",
    "EISDIR": "is a folder, not a file",
    "ENOTDIR": "a part of the path is not a folder",
    "EMFILE": "too many open files",
}


def _first_line(text: str) -> str:
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[0] if lines else ""


def _os_message(error: OSError) -> str:
    import errno

    name = errno.errorcode.get(error.errno or 0, "")
    reason = _OS_REASONS.get(name) or error.strerror or _first_line(str(error))
    where = error.filename or ""
    return f"{where}: {reason}" if where else reason


def _yaml_message(error: Exception) -> str:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    where = ""
    if mark is not None:
        name = mark.name if mark.name and not mark.name.startswith("<") else "YAML"
        where = f"{name}, line {mark.line + 1}, column {mark.column + 1}: "
    problem = getattr(error, "problem", None) or _first_line(str(error))
    if "could not determine a constructor for the tag" in str(error):
        problem = (
            f"{problem.split('tag')[-1].strip() or 'a tag'}: tags that build Python "
            "objects are not allowed; write plain YAML (mappings, lists, text, numbers)"
        )
    return f"{where}not valid YAML: {problem}"


def explain(error: BaseException) -> str | None:
    """A one-line message for an error raised by a library (DuckDB, the OS, YAML,
    pandas, pypdf, Arrow), or None for an error that is a bug and deserves its trace.

    Recognised by the module that defines the error's class, so this module imports
    none of those libraries (the CLI's start-up stays fast).
    """
    module = type(error).__module__.split(".")[0]
    if isinstance(error, OSError) and module in ("builtins", "_io", "io", "os", "shutil"):
        return _os_message(error)
    if module in ("duckdb", "_duckdb"):
        text = _first_line(str(error))
        kind = type(error).__name__.replace("Exception", "").replace("Error", "")
        if "does not exist" in text and "Table" in text:
            return (
                f"the store is damaged or is not a zonemetrics store: {text} "
                "(run `zonemetrics doctor`, or give another --store)"
            )
        if "No space left" in text:
            return f"the disk is full: {text}"
        if "read-only" in text.lower() or "Permission denied" in text:
            return f"the store cannot be written: {text}"
        if kind in ("Conversion", "OutOfRange") or "Overflow" in text:
            return f"a value does not fit its type (overflow or a text among numbers): {text}"
        return f"database error ({kind or 'DuckDB'}): {text}"
    if module == "ibis" and type(error).__name__ == "TableNotFound":
        return (
            f"the store is damaged or is not a zonemetrics store: it has no table "
            f"'{_first_line(str(error))}' (run `zonemetrics doctor`, or give another --store)"
        )
    if module == "yaml":
        return _yaml_message(error)
    if module == "pypdf":
        return f"not a readable PDF: {_first_line(str(error))}"
    if module == "pyarrow":
        return f"not a readable Arrow/Parquet table: {_first_line(str(error))}"
    if module == "pandas":
        return f"the table could not be read: {_first_line(str(error))}"
    if isinstance(error, (UnicodeDecodeError, UnicodeEncodeError)):
        return f"text in an unexpected encoding ({error.encoding}): give --encoding"
    if isinstance(error, (OverflowError, MemoryError)):
        return f"a figure or a file is too large: {type(error).__name__}"
    return None
