"""Fetching a web page to harvest from: bounded in time and size, named, cached by day.

Bulletins and news about development zones live on government and news sites; an
analyst should be able to point the harvester at the page instead of saving it first.
A fetch is polite and bounded: it names zonemetrics in its user agent, gives up after a
time limit (for the whole download, not per packet) and a size limit, and only accepts
what the text reader can read (HTML, plain text, PDF). Pages are cached by URL and
calendar day, so harvesting the same page twice in a day reads it once, while a page
harvested again on a later day is read afresh (pages change). Every failure is an error
that names the URL and the reason.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from zonemetrics.errors import ZonemetricsError

DEFAULT_TIMEOUT = 20.0  # seconds for the whole download
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
CACHE_ENV = "ZONEMETRICS_CACHE_DIR"

#: the content types the text reader handles, and how it reads each
READABLE_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "application/pdf": "pdf",
}


class FetchError(ZonemetricsError):
    """A page could not be fetched; nothing was harvested from it."""

    def __init__(self, url: str, reason: str):
        self.url, self.reason = url, reason
        super().__init__(f"{url}: {reason}; nothing was harvested")


@dataclass(frozen=True)
class FetchedPage:
    url: str  # as asked
    final_url: str  # after redirects
    kind: str  # 'html', 'text' or 'pdf'
    charset: str | None
    body: bytes
    fetched_on: str  # YYYY-MM-DD (UTC), the source's access date
    from_cache: bool


def is_url(text: str) -> bool:
    """Whether a command-line target is a web address rather than a path."""
    return text.lower().startswith(("http://", "https://"))


def user_agent() -> str:
    from zonemetrics import __version__

    return f"zonemetrics/{__version__} (development-zone statistics harvester)"


def cache_root() -> Path:
    """Where fetched pages are kept: $ZONEMETRICS_CACHE_DIR, else the user cache dir."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("zonemetrics")) / "pages"


def _cache_paths(url: str, day: str) -> tuple[Path, Path]:
    key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
    folder = cache_root() / day
    return folder / f"{key}.json", folder / f"{key}.body"


def _from_cache(url: str, day: str) -> FetchedPage | None:
    meta_path, body_path = _cache_paths(url, day)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        body = body_path.read_bytes()
    except (OSError, ValueError):
        return None
    if meta.get("url") != url or len(body) != meta.get("size"):
        return None  # another URL with the same key prefix, or a partial write
    return FetchedPage(url, meta["final_url"], meta["kind"], meta["charset"], body, day, True)


def _to_cache(page: FetchedPage) -> None:
    """Keep a fetched page; a cache that cannot be written only costs a refetch."""
    meta_path, body_path = _cache_paths(page.url, page.fetched_on)
    meta = {
        "url": page.url,
        "final_url": page.final_url,
        "kind": page.kind,
        "charset": page.charset,
        "size": len(page.body),
    }
    try:
        meta_path.parent.mkdir(parents=True, exist_ok=True)
        partial = body_path.with_suffix(".part")
        partial.write_bytes(page.body)
        partial.replace(body_path)
        meta_path.write_text(json.dumps(meta), encoding="utf-8")
    except OSError:
        return


def _content_kind(url: str, content_type: str, first_bytes: bytes) -> str:
    media = content_type.split(";")[0].strip().lower()
    if media in READABLE_TYPES:
        return READABLE_TYPES[media]
    if media in ("application/octet-stream", "") and first_bytes.startswith(b"%PDF-"):
        return "pdf"  # servers often send PDFs as anonymous bytes
    shown = media or "no content type"
    raise FetchError(url, f"the page is {shown}, not HTML, plain text or PDF")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _download(url: str, timeout: float, max_bytes: int) -> tuple[str, str, bytes]:
    """(final URL, content type, body), bounded by the time and size limits."""
    import httpx

    deadline = time.monotonic() + timeout
    headers = {"User-Agent": user_agent(), "Accept": "text/html, text/plain, application/pdf"}
    try:
        with (
            httpx.Client(timeout=timeout, follow_redirects=True, headers=headers) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                phrase = response.reason_phrase or "error"
                raise FetchError(url, f"the server answered {response.status_code} {phrase}")
            content_type = response.headers.get("content-type", "")
            media = content_type.split(";")[0].strip().lower()
            if media and media not in READABLE_TYPES and media != "application/octet-stream":
                _content_kind(url, content_type, b"")  # refuse before reading the body
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(
                    url,
                    f"the page is {int(declared):,} bytes, over the "
                    f"{max_bytes:,}-byte limit (--max-size)",
                )
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(
                        url, f"the page is over the {max_bytes:,}-byte limit (--max-size)"
                    )
                if time.monotonic() > deadline:
                    raise FetchError(url, f"no complete answer within {timeout:g} s (--timeout)")
                chunks.append(chunk)
            return str(response.url), content_type, b"".join(chunks)
    except httpx.TimeoutException as exc:
        raise FetchError(url, f"no answer within {timeout:g} s (--timeout)") from exc
    except httpx.TooManyRedirects as exc:
        raise FetchError(url, "too many redirects") from exc
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise FetchError(url, f"not a valid http(s) address ({exc})") from exc
    except httpx.HTTPError as exc:
        raise FetchError(url, f"cannot fetch the page ({exc.__class__.__name__}: {exc})") from exc


def fetch_page(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    use_cache: bool = True,
) -> FetchedPage:
    """The page at `url`, from today's cache when it was fetched earlier today."""
    if not is_url(url):
        raise FetchError(url, "only http:// and https:// addresses can be fetched")
    day = datetime.now(UTC).date().isoformat()
    if use_cache and (cached := _from_cache(url, day)) is not None:
        # the size limit is the user's for this harvest, whichever limit the copy was read under
        if len(cached.body) > max_bytes:
            raise FetchError(
                url,
                f"the page is {len(cached.body):,} bytes, over the {max_bytes:,}-byte limit "
                "(--max-size)",
            )
        return cached
    final_url, content_type, body = _download(url, timeout, max_bytes)
    kind = _content_kind(url, content_type, body[:8])
    page = FetchedPage(url, final_url, kind, _charset(content_type), body, day, False)
    if use_cache:
        _to_cache(page)
    return page
