"""Composite index engine of the class of COINr (the JRC's R package), on numpy.

Build a coin from iData/iMeta in COINr's layout, run logged steps (denominate,
impute, screen, treat, normalise, weights, aggregate), audit it, regenerate it with
one argument changed, and run vectorised uncertainty and Sobol sensitivity analyses.
"""

from zonemetrics.index.coin import Coin, StepCall
from zonemetrics.index.errors import IndexSpecError
from zonemetrics.index.framework import Framework, effective_weights
from zonemetrics.index.spec import load_spec, run_spec, write_outputs
from zonemetrics.index.uncertainty import UAPlan, UAResult, run_uncertainty

__all__ = [
    "Coin",
    "Framework",
    "IndexSpecError",
    "StepCall",
    "UAPlan",
    "UAResult",
    "effective_weights",
    "load_spec",
    "run_spec",
    "run_uncertainty",
    "write_outputs",
]
