"""zonemetrics: a sourced ledger of development-zone indicators.

The command line is a thin shell over this library; everything it does can be done
from Python through the functions re-exported here. They are loaded on first use
(PEP 562 module `__getattr__`), so `import zonemetrics` stays cheap for the command
line, which must answer `--help` without loading DuckDB or Ibis.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# exported name -> the module that defines it
_EXPORTS = {
    "IngestError": "zonemetrics.errors",
    "IngestProblem": "zonemetrics.errors",
    "ZonemetricsError": "zonemetrics.errors",
    "Store": "zonemetrics.store.connection",
    "default_store_path": "zonemetrics.store.connection",
    "open_store": "zonemetrics.store.connection",
    "open_ledger": "zonemetrics.store.connection",
    "load_bundle": "zonemetrics.bundle",
    "update_bundle": "zonemetrics.bundle",
    "ingest_file": "zonemetrics.ingest.load",
}

__all__ = [
    "IngestError",
    "IngestProblem",
    "Store",
    "ZonemetricsError",
    "__version__",
    "default_store_path",
    "ingest_file",
    "load_bundle",
    "open_ledger",
    "open_store",
    "update_bundle",
]

if TYPE_CHECKING:
    from zonemetrics.bundle import load_bundle, update_bundle
    from zonemetrics.errors import IngestError, IngestProblem, ZonemetricsError
    from zonemetrics.ingest.load import ingest_file
    from zonemetrics.store.connection import Store, default_store_path, open_ledger, open_store


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'zonemetrics' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value
