"""The root command builds a command only when it is asked for; `--help` lists them all
from names and one-line helps kept beside the loaders, which must say what the
commands themselves say."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import typer
import typer.main

from zonemetrics.cli.main import COMMANDS, SETTINGS

HEAVY = ("rich", "duckdb", "ibis", "pandas", "numpy", "pyarrow", "yaml")


def _built(name: str):
    scratch = typer.Typer(**SETTINGS)
    COMMANDS[name].register(scratch)
    return typer.main.get_group(scratch).commands


def test_every_listed_help_is_the_commands_own_first_paragraph():
    for name, spec in COMMANDS.items():
        command = _built(name)[name]
        assert spec.help == command.get_short_help_str(10_000), name


def test_every_command_a_loader_registers_is_listed():
    registered = {built for name in COMMANDS for built in _built(name)}
    assert registered == set(COMMANDS)


def test_help_lists_every_command_without_importing_a_heavy_library():
    code = (
        "import sys, json\n"
        "sys.argv = ['zonemetrics', '--help']\n"
        "from zonemetrics.cli.main import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    *help_lines, loaded = done.stdout.strip().splitlines()
    assert json.loads(loaded) == []
    listed = "\n".join(help_lines)
    for name, spec in COMMANDS.items():
        assert f"  {name} " in listed and spec.help.split()[0] in listed


def test_a_command_is_built_on_first_use_and_runs():
    from typer.testing import CliRunner

    from zonemetrics.cli.main import app

    result = CliRunner().invoke(app, ["index", "--help"])
    assert result.exit_code == 0
    assert "Composite indices" in result.stdout


def test_a_command_a_module_registers_without_a_listing_is_still_reachable():
    from zonemetrics.cli.lazy import LazyCommand, LazyCommands

    commands = LazyCommands(
        {"zones": LazyCommand("zonemetrics.cli.ledger:register", COMMANDS["zones"].help)},
        SETTINGS,
    )
    assert list(commands) == ["zones"]
    assert commands.get("show") is not None  # built with the listed module's commands
    assert commands.get("no-such-command") is None
