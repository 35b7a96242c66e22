"""Helpers the browser tests share: where screenshots go and waiting for charts."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"


def seed_dir() -> Path | None:
    """The founding report's folder of the shared data, where it sits beside the repo."""
    for shared in (ROOT.parent / "shared", ROOT.parent.parent / "shared"):
        if (shared / "seed").is_dir():
            return shared / "seed"
    return None


def screenshot(tab, name: str) -> None:
    """Save a view of the page under docs/screenshots/ (the README names the folder)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def wait_for_charts(tab) -> None:
    """Wait until vega-embed has drawn every chart of the page into an <svg>."""
    tab.wait_for_function(
        "() => [...document.querySelectorAll('.chart')].every(c => c.dataset.drawn)"
    )
    failed = tab.locator(".chart[data-drawn=error]")
    assert failed.count() == 0, failed.first.text_content()
