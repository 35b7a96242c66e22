"""Modules imported when first used, not when the module naming them is imported.

The read path of `show` and `rank` builds Ibis expressions only the first time a query
is compiled (store.compiled keeps the SQL); afterwards it runs plain SQL. Ibis takes
most of a second to import, so the modules on that path name it through a stand-in
that imports it on the first attribute looked up: a process that only runs kept SQL
never imports it.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import Any


class LazyModule:
    """Stands for the module `name`; imports it on first attribute access."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attribute: str) -> Any:
        if self._module is None:
            self._module = import_module(self._name)
        return getattr(self._module, attribute)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy_module(name: str) -> Any:
    return LazyModule(name)
