"""zonemetrics: a sourced ledger of development-zone indicators.

The command line is a thin shell over this library; everything it does can be done
from Python through the functions re-exported here.
"""

from zonemetrics.errors import IngestError, IngestProblem, ZonemetricsError
from zonemetrics.store.connection import Store, default_store_path, open_store

__version__ = "0.1.0"

__all__ = [
    "IngestError",
    "IngestProblem",
    "Store",
    "ZonemetricsError",
    "__version__",
    "default_store_path",
    "open_store",
]
