"""Every CLI test keeps its answers cache in its own folder, so no test reads an
answer another test (or the user's own runs) left behind."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def private_answer_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
