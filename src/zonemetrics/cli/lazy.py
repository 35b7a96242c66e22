"""Commands built when they are asked for, so that `zonemetrics --help` stays instant.

Typer turns every command function into a Click command by reading its signature and
evaluating its type hints: a few milliseconds each, a quarter of a second for the whole
command line, plus the imports of every command module. A user runs one command at a
time, so the root group knows each command only by name, the module that registers it
and its one-line help; the command itself is built on first use (Click's documented
"lazily loading subcommands" pattern, here on Typer's group class).

The one-line help shown by `zonemetrics --help` is kept beside the name rather than read
from the command (which would mean building it); tests/cli/test_lazy.py checks that
every entry says exactly what the command's own docstring says.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from importlib import import_module
from typing import Any, ClassVar

import typer
from typer._click import Command, Context, HelpFormatter
from typer._click.utils import make_default_short_help
from typer.core import TyperGroup


@dataclass(frozen=True)
class LazyCommand:
    """Where a command comes from: `loader` is "module:function", a function that
    registers the command (and maybe its siblings) on a Typer app it is given."""

    loader: str
    help: str

    def register(self, app: typer.Typer) -> None:
        module, function = self.loader.split(":")
        getattr(import_module(module), function)(app)


class LazyCommands(MutableMapping[str, Command]):
    """Name -> Click command, built from its module the first time it is looked up.

    A module registers all its commands at once; they are all kept, so a second
    command of the same module costs nothing more.
    """

    def __init__(self, specs: dict[str, LazyCommand], settings: dict[str, Any]):
        self.specs = specs
        self.settings = settings  # Typer settings the commands are built with
        self.built: dict[str, Command] = {}
        self.everything_built = False

    def _build(self, name: str) -> None:
        scratch = typer.Typer(**self.settings)
        self.specs[name].register(scratch)
        group = typer.main.get_group(scratch)
        for built_name, command in group.commands.items():
            self.built.setdefault(built_name, command)

    def __getitem__(self, name: str) -> Command:
        if name not in self.built and name in self.specs:
            self._build(name)
        if name not in self.built and not self.everything_built:
            # a command some module registers without a listing (a listing is missing):
            # still reachable, by building every module once
            for listed in self.specs:
                if listed not in self.built:
                    self._build(listed)
            self.everything_built = True
        return self.built[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        self.built.pop(name, None)
        self.specs.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        yield from self.specs
        yield from (name for name in self.built if name not in self.specs)

    def __len__(self) -> int:
        return len(set(self.specs) | set(self.built))

    def __contains__(self, name: object) -> bool:
        return name in self.specs or name in self.built


class LazyGroup(TyperGroup):
    """Typer's group over `LazyCommands`: listing names and printing the command list
    never build a command; looking one up does."""

    specs: ClassVar[dict[str, LazyCommand]] = {}
    settings: ClassVar[dict[str, Any]] = {}

    def __init__(self, **attrs: Any):
        super().__init__(**attrs)
        lazy = LazyCommands(dict(self.specs), self.settings)
        for name, command in self.commands.items():  # any registered the usual way
            lazy[name] = command
        self.commands = lazy

    def list_commands(self, ctx: Context) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        lazy = self.commands
        assert isinstance(lazy, LazyCommands)
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in lazy.specs and name not in lazy.built:
                rows.append((name, make_default_short_help(lazy.specs[name].help, limit)))
            elif not lazy[name].hidden:
                rows.append((name, lazy[name].get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def lazy_group(specs: dict[str, LazyCommand], settings: dict[str, Any]) -> type[LazyGroup]:
    """A LazyGroup class for these commands, built with these Typer settings."""
    return type("ZonemetricsGroup", (LazyGroup,), {"specs": specs, "settings": settings})
