"""A real server over a real store, and one headless Chromium for the browser tests.

The server runs in a thread of the test process (uvicorn on 127.0.0.1, a free port) over
a store built from the bundle and opened read-only, as `zonemetrics serve` does.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from zonemetrics.bundle import build_fresh_store
from zonemetrics.publish.report import CHROMIUM, CHROMIUM_ARGS
from zonemetrics.store.connection import Store
from zonemetrics.web.service import open_read_only

LOCAL_HOSTS = ("127.0.0.1", "localhost")
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("web") / "ledger.duckdb"
    built, _aside = build_fresh_store(path)
    built.close()
    store = open_read_only(path)
    yield store
    store.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def web_app(web_store: Store):
    """One app (one lock, one cache) for the server and the in-process API tests."""
    from zonemetrics.web.app import create_app

    return create_app(store=web_store)


@pytest.fixture(scope="session")
def server_url(web_app) -> Iterator[str]:
    import uvicorn

    port = free_port()
    config = uvicorn.Config(web_app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start within 30 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module (Playwright's sync API allows one running instance
    per thread, and the report tests start their own)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class OutsideRequests(list):
    """Every request a page tried to send beyond this machine (each is aborted)."""


@pytest.fixture
def page(browser, server_url: str):
    """A page whose every request to anywhere but localhost is aborted and recorded;
    the test fails if any was tried."""
    from urllib.parse import urlsplit

    context = browser.new_context(viewport={"width": 1200, "height": 900}, base_url=server_url)
    context.set_default_timeout(90_000)
    outside = OutsideRequests()

    def guard(route):
        url = route.request.url
        host = urlsplit(url).hostname
        if url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    yield tab
    context.close()
    assert not outside, f"requests left localhost: {outside}"


def find_seed_dir() -> Path | None:
    """The founding report's folder of the shared data, where it sits beside the repo."""
    for shared in (ROOT.parent / "shared", ROOT.parent.parent / "shared"):
        if (shared / "seed").is_dir():
            return shared / "seed"
    return None


def save_screenshot(tab, name: str) -> None:
    """Save a view of the page under docs/screenshots/ (the README names the folder)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def wait_until_drawn(tab) -> None:
    """Wait until vega-embed has drawn every chart of the page into an <svg>."""
    tab.wait_for_function(
        "() => [...document.querySelectorAll('.chart')].every(c => c.dataset.drawn)"
    )
    failed = tab.locator(".chart[data-drawn=error]")
    assert failed.count() == 0, failed.first.text_content()


@pytest.fixture
def screenshot():
    """save_screenshot(tab, name): a view of the page under docs/screenshots/."""
    return save_screenshot


@pytest.fixture
def wait_for_charts():
    """wait_until_drawn(tab): every chart of the page drawn into an <svg>."""
    return wait_until_drawn


@pytest.fixture
def seed_text() -> str:
    """The founding report's text, from the shared data beside the repo."""
    folder = find_seed_dir()
    if folder is None:
        pytest.skip("shared/seed is absent: the founding report only exists beside the repo")
    return next(folder.glob("*.txt")).read_text(encoding="utf-8")
