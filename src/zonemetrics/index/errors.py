"""Errors of the index engine, reported by the CLI as one clean message."""

from __future__ import annotations

from zonemetrics.errors import ZonemetricsError


class IndexSpecError(ZonemetricsError, ValueError):
    """A spec, iMeta, iData or step argument that cannot be used as given."""
