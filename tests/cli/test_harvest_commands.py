"""`zonemetrics harvest` and `candidates` as a reviewer uses them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from zonemetrics.cli.main import app

runner = CliRunner()
TEXT = Path(__file__).resolve().parent.parent / "fixtures" / "texts" / "westcoast_news_2023_en.txt"


def run(store_path, *args):
    result = runner.invoke(app, ["--store", str(store_path), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_harvest_list_accept_and_reject_from_the_command_line(bundle_copy):
    path = bundle_copy.path
    bundle_copy.close()
    harvested = json.loads(
        run(
            path,
            "harvest",
            str(TEXT),
            "--source",
            "test-news",
            "--publisher",
            "China Daily",
            "--title",
            "West Coast 2023",
            "--published",
            "2024-01-20",
            "--tier",
            "major_media",
            "--json",
        )
    )
    assert (harvested["claims"], harvested["added"]) == (2, 2)
    pending = json.loads(run(path, "candidates", "list", "--source", "test-news", "--json"))
    assert [(c["indicator"], c["value_text"], c["unit_text"]) for c in pending] == [
        ("gdp", "500.34", "billion yuan"),
        ("gdp_growth_real", "6.0", "percent"),
    ]
    run(path, "candidates", "reject", str(pending[1]["candidate_id"]), "--note", "duplicate")
    assert "accepted 1 candidates" in run(path, "candidates", "accept", "--source", "test-news")
    reviewed = json.loads(run(path, "candidates", "list", "--source", "test-news", "--json"))
    assert [(c["review"], c["review_note"]) for c in reviewed] == [
        ("accepted", None),
        ("rejected", "duplicate"),
    ]


def test_a_correction_at_review_from_the_command_line(bundle_copy):
    """(`--source-id`, the option's old name, still works.)"""
    path = bundle_copy.path
    bundle_copy.close()
    run(path, "harvest", str(TEXT), "--source-id", "test-news", "--published", "2024-01-20")
    pending = json.loads(run(path, "candidates", "list", "--source", "test-news", "--json"))
    gdp = pending[0]["candidate_id"]
    out = run(
        path,
        "candidates",
        "accept",
        str(gdp),
        "--caliber",
        "district",
        "--note",
        "Huangdao district is the new area",
    )
    assert f"{gdp} -> observation" in out
    [reviewed] = json.loads(
        run(path, "candidates", "list", "--source", "test-news", "--status", "accepted", "--json")
    )
    assert (reviewed["caliber"], reviewed["corrections"]) == ("unstated", '{"caliber": "district"}')


def test_harvest_a_web_page_and_a_folder_from_the_command_line(bundle_copy, local_pages, tmp_path):
    path = bundle_copy.path
    bundle_copy.close()
    local_pages.routes["/westcoast.html"] = (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        f"<title>West Coast 2023</title><p>{TEXT.read_text(encoding='utf-8')}</p>".encode(),
    )
    page = json.loads(
        run(path, "harvest", local_pages.url("/westcoast.html"), "--source", "web-news", "--json")
    )
    assert (page["source_id"], page["added"], page["from_cache"]) == ("web-news", 2, False)
    again = " ".join(
        run(path, "harvest", local_pages.url("/westcoast.html"), "--source", "web-news").split()
    )
    assert "(from today's cache)" in again and "0 new candidates from web-news" in again

    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "one.txt").write_text("浦东新区2023年常住人口581.11万人。", encoding="utf-8")
    (folder / "two.txt").write_text(TEXT.read_text(encoding="utf-8"), encoding="utf-8")
    reports = json.loads(run(path, "harvest", str(folder), "--published", "2024-01-20", "--json"))
    assert [Path(r["origin"]).name for r in reports] == ["one.txt", "two.txt"]
    assert [r["added"] for r in reports] == [1, 2]


def test_a_page_that_cannot_be_fetched_is_an_error_naming_it(bundle_copy, local_pages):
    path = bundle_copy.path
    bundle_copy.close()
    url = local_pages.url("/gone.html")
    result = runner.invoke(app, ["--store", str(path), "harvest", url])
    assert result.exit_code == 1
    assert str(result.exception) == (
        f"{url}: the server answered 404 Not Found; nothing was harvested"
    )


def test_the_old_option_name_is_hidden_from_help():
    result = runner.invoke(app, ["harvest", "--help"], env={"COLUMNS": "200"})
    assert "--source " in result.output and "--source-id" not in result.output
