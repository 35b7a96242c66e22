"""Answers of read commands kept until the store or the code changes.

`show` and `rank` compile dozens of Ibis expressions (the reconciliation policy, every
derived indicator, every rank), which costs seconds whatever the data's size. Their
answer depends only on the store's contents, the question and the code, so it is kept
in the user's cache folder under a key made of all three:

- the store: its file's and its write-ahead log's identity, size and modification time.
  DuckDB changes one of them on every committed write, and a reader never does, so a
  changed store never matches an old key (a write in progress changes the log too, and
  the command then opens the store and waits for the writer like any reader);
- the question: the command's name and every parameter;
- the code: the version, and the size and modification time of every module of the
  package, so an upgrade or an edit never serves an answer computed by other code.

A hit is answered without importing DuckDB or Ibis. The cache is an optimisation only:
an unreadable or unwritable cache folder means computing the answer, never an error.
ZONEMETRICS_NO_CACHE=1 turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import platformdirs

NO_CACHE_ENV = "ZONEMETRICS_NO_CACHE"
# answers kept at most; past it the least recently written half is dropped (answers
# about superseded store states are never asked again, so they age out this way)
MAX_ANSWERS = 2000


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("zonemetrics")) / "answers"


def _file_state(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns]


@cache
def code_token() -> str:
    """Changes whenever any module of the installed package changes."""
    from zonemetrics import __version__

    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    for folder, dirs, names in os.walk(package):
        dirs.sort()
        for name in sorted(names):
            if name.endswith(".py"):
                info = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns}".encode())
    return digest.hexdigest()


def answer_key(store_path: Path, command: str, params: dict[str, Any]) -> str:
    resolved = store_path.resolve()
    state = {
        "store": str(resolved),
        "file": _file_state(resolved),
        "wal": _file_state(resolved.with_name(resolved.name + ".wal")),
        "command": command,
        "params": params,
        "code": code_token(),
    }
    return hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()


def _plain(value: Any) -> Any:
    """The answer as JSON gives it back, so a hit and a miss print exactly the same."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def cached_answer(
    store_path: Path, command: str, params: dict[str, Any], compute: Callable[[], Any]
) -> Any:
    """The kept answer to this question about this store, or `compute()`, then kept."""
    if os.environ.get(NO_CACHE_ENV):
        return _plain(compute())
    key = answer_key(store_path, command, params)
    target = cache_dir() / f"{key}.json"
    try:
        return json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    # one encoding serves both: the answer as JSON gives it back, and the file's text
    # (json.dumps runs in C; json.dump to a file writes piece by piece in Python)
    text = json.dumps(compute(), ensure_ascii=False, default=str)
    answer = json.loads(text)
    if answer_key(store_path, command, params) != key:
        return answer  # the store changed while computing: keep nothing
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=target.parent, suffix=".tmp", delete=False
        ) as handle:
            handle.write(text)
        os.replace(handle.name, target)
        _prune(target.parent)
    except OSError:
        pass
    return answer


def _prune(folder: Path) -> None:
    kept = list(folder.glob("*.json"))
    if len(kept) <= MAX_ANSWERS:
        return
    kept.sort(key=lambda path: path.stat().st_mtime_ns)
    for path in kept[: len(kept) // 2]:
        path.unlink(missing_ok=True)
