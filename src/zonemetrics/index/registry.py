"""The registry of steps and methods the coin looks up by name.

The coin knows steps only by name (`denominate`, `treat`, ...), and the steps know
methods only by name (`f_n: n_minmax`, `f_ag: a_gmean`, ...). Both names are looked
up here, so that the built-ins and a user's own functions are found the same way
and no module has to import the one that calls it:

    coin.py  ->  registry  <-  steps.py, normalise.py, aggregate.py, ...

A name is one of

* a built-in, registered with `@register(kind, name)` when its module is imported;
* a dotted path `package.module:function`, imported on first use (COINr accepts any
  function name; this is the Python equivalent);
* an entry point of the group `zonemetrics.index` named `KIND.NAME`, e.g. in a
  plug-in's pyproject.toml:

      [project.entry-points."zonemetrics.index"]
      "normalise.n_logistic" = "mypackage.norms:n_logistic"

The registry imports none of the modules that register into it: `zonemetrics.index`
imports the coin, the coin imports the built-in steps, and each step module imports
the method modules it uses, which register as they load.

The function each kind must be is documented in docs/index.md ("Your own functions")
and in `KINDS` below.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from zonemetrics.index.errors import IndexSpecError

ENTRY_POINT_GROUP = "zonemetrics.index"

# The contract of each kind, repeated in the error a user sees for a wrong function.
KINDS: dict[str, str] = {
    "step": "f(coin, **args) -> None: reads coin.get_dset(dset), writes coin.write(name, ds)",
    "impute": "f(x: 1-D array with NaN, **f_i_para) -> array of the same length",
    "treat": "f(x: 1-D array) -> array of the same length (an f2 transformation)",
    "normalise": "f(x: 1-D array, direction applied, **f_n_para) -> array of the same length",
    "aggregate": "f(x: 1-D array of one unit's available children, w: their weights) -> float",
    "weights": "f(coin, **args) -> dict iCode: weight",
}


@dataclass(frozen=True)
class Method:
    """A registered function. `columnwise` marks built-ins that take a whole block
    (rows x indicators, or runs x units x children for aggregators) at once; a
    plug-in takes one vector and is applied column by column or unit by unit."""

    kind: str
    name: str
    func: Callable[..., Any]
    columnwise: bool = False

    def parameters(self) -> set[str] | None:
        """Keyword arguments the function accepts beyond its data (None: any, **kwargs)."""
        return accepted_arguments(self.func, skip=_DATA_ARGS.get(self.kind, ()))


# The step argument that names a method of each kind, for error messages.
_ARGUMENT = {
    "impute": "f_i",
    "treat": "f2",
    "normalise": "f_n",
    "aggregate": "f_ag",
    "weights": "w",
}

# The arguments through which a kind's function receives its data, not user options.
_DATA_ARGS: dict[str, tuple[str, ...]] = {
    "step": ("coin", "ctx"),
    "impute": ("x",),
    "treat": ("x",),
    "normalise": ("x",),
    "aggregate": ("x", "w"),
    "weights": ("coin", "ctx"),
}

_BUILT_IN: dict[str, dict[str, Method]] = {kind: {} for kind in KINDS}
_LOADED: dict[str, dict[str, Method]] = {kind: {} for kind in KINDS}
_entry_points_read = False


def register(
    kind: str, name: str | None = None, columnwise: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: make `func` available as `name` (default: its own name) of `kind`."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; kinds are {sorted(KINDS)}")

    def wrap(func: Callable[..., Any]) -> Callable[..., Any]:
        key = name or func.__name__
        _BUILT_IN[kind][key] = Method(kind, key, func, columnwise)
        return func

    return wrap


def register_function(kind: str, name: str, func: Callable[..., Any]) -> None:
    """Register a user's function from Python (the spec's dotted paths need no call)."""
    if kind not in KINDS:
        raise IndexSpecError(f"unknown kind {kind!r}; kinds are {sorted(KINDS)}")
    if not callable(func):
        raise IndexSpecError(f"{kind} {name!r} is not a function")
    _LOADED[kind][name] = Method(kind, name, func)


def names(kind: str) -> list[str]:
    """Every name of `kind` known so far (built-ins and loaded plug-ins)."""
    return sorted({**_BUILT_IN[kind], **_LOADED[kind]})


def lookup(kind: str, name: str) -> Method:
    """The method `name` of `kind`: a built-in, a dotted path or an entry point."""
    if not isinstance(name, str):
        raise IndexSpecError(f"{kind} method must be a name, got {name!r}")
    found = _BUILT_IN[kind].get(name) or _LOADED[kind].get(name)
    if found is not None:
        return found
    if ":" in name:
        method = Method(kind, name, _import_dotted(kind, name))
        _LOADED[kind][name] = method
        return method
    _read_entry_points()
    found = _LOADED[kind].get(name)
    if found is None:
        known = ", ".join(names(kind))
        if kind == "step":
            raise IndexSpecError(f"unknown step {name!r}; steps are {known} (or module:function)")
        raise IndexSpecError(
            f"{_ARGUMENT[kind]} must be one of {known} (or a dotted path module:function); "
            f"got {name!r}"
        )
    return found


def is_known(kind: str, name: str) -> bool:
    try:
        lookup(kind, name)
    except IndexSpecError:
        return False
    return True


def accepted_arguments(
    func: Callable[..., Any], skip: Iterable[str] = (), named_only: bool = False
) -> set[str] | None:
    """Names `func` takes as keywords, without `skip`; None when it takes **kwargs
    (unless `named_only`, which lists the named ones all the same)."""
    params = inspect.signature(func).parameters.values()
    if not named_only and any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return None
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return {p.name for p in params if p.kind in kinds and p.name not in set(skip)}


def check_arguments(what: str, given: Iterable[str], valid: Iterable[str]) -> None:
    """Refuse arguments a function does not take, listing the ones it does: an ignored
    misspelt argument silently runs the default method, which is worse than an error."""
    valid_set = set(valid)
    unknown = sorted(set(given) - valid_set)
    if unknown:
        shown = sorted(v.rstrip("_") if v == "global_" else v for v in valid_set)
        raise IndexSpecError(
            f"{what} does not take {', '.join(unknown)}; valid arguments: {', '.join(shown)}"
        )


def _import_dotted(kind: str, path: str) -> Callable[..., Any]:
    module_name, _, attr = path.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise IndexSpecError(f"{kind} {path!r}: cannot import {module_name}: {exc}") from exc
    func = module
    for part in attr.split("."):
        func = getattr(func, part, None)  # type: ignore[assignment]
        if func is None:
            raise IndexSpecError(f"{kind} {path!r}: {module_name} has no {attr}")
    if not callable(func):
        raise IndexSpecError(f"{kind} {path!r} is not a function; expected {KINDS[kind]}")
    return func  # type: ignore[return-value]


def _read_entry_points() -> None:
    """Load plug-ins of the group once, on the first name not found among the built-ins
    (reading package metadata costs time a run that uses only built-ins should not pay)."""
    global _entry_points_read
    if _entry_points_read:
        return
    _entry_points_read = True
    from importlib.metadata import entry_points

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        kind, _, name = ep.name.partition(".")
        if kind not in KINDS or not name:
            continue
        try:
            func = ep.load()
        except Exception as exc:  # a broken plug-in must not hide the others
            raise IndexSpecError(f"plug-in {ep.name} ({ep.value}) failed to load: {exc}") from exc
        _LOADED[kind][name] = Method(kind, name, func)
