"""One vocabulary across commands (issue 11, item 7): one spelling for zone kinds and
peer sets (the older one still accepted), ZONE positional, help on every argument."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from zonemetrics.cli.main import app

runner = CliRunner()


@pytest.fixture
def store_path(bundle_store):
    return str(bundle_store.path)


def invoke_json(store_path, *args):
    result = runner.invoke(app, ["--store", store_path, *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_zone_kinds_and_peer_sets_share_one_spelling_and_accept_the_old_one(store_path):
    by_kind = invoke_json(store_path, "zones", "--kind", "new_area")
    assert invoke_json(store_path, "zones", "--kind", "new_areas") == by_kind
    ranked = invoke_json(store_path, "rank", "gdp", "--year", "2023", "--peers", "new_area")
    assert ranked["of"] == len(by_kind) == 19
    old = invoke_json(store_path, "rank", "gdp", "--year", "2023", "--peers", "new_areas")
    assert old["rows"] == ranked["rows"]


def test_rank_shows_each_sources_tier(store_path):
    ranked = invoke_json(store_path, "rank", "gdp", "--year", "2023")
    first = ranked["rows"][0]
    assert first["source_tiers"] and set(first["source_tiers"]) == set(first["source_ids"])
    assert set(first["source_tiers"].values()) <= {"official", "major_media", "repost", "blog"}
    table = runner.invoke(
        app, ["--store", store_path, "rank", "gdp", "--year", "2023"], env={"COLUMNS": "250"}
    )
    tier = next(iter(first["source_tiers"].values()))
    assert f"[{tier}]" in table.stdout


def test_the_zone_is_positional_in_derive_and_the_old_option_still_works(store_path):
    positional = invoke_json(store_path, "derive", "gdp_per_km2", "xiangjiang")
    assert positional and {r["zone_id"] for r in positional} == {"xiangjiang"}
    assert invoke_json(store_path, "derive", "gdp_per_km2", "--zone", "xiangjiang") == positional


def _commands(group: typer.core.TyperGroup, prefix: str = ""):
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", command


def test_every_argument_and_option_of_every_command_has_help():
    root = typer.main.get_command(app)
    missing = [
        f"{name}: {param.name}"
        for name, command in _commands(root)
        for param in command.params
        if not getattr(param, "hidden", False) and not getattr(param, "help", None)
    ]
    assert missing == []
