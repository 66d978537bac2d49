"""Stage 1, read, for pages named by URL: an ``http(s)://`` argument, or a URL list (a file whose
every line is a URL; blank lines and ``#`` comments are skipped).

Each page is fetched with the standard library, one at a time, waiting ``FETCH_DELAY`` seconds between
two requests to the same host; a page that cannot be fetched (no network, HTTP 404, not HTML or text,
too large) becomes a Failure with the reason, and the list goes on.
"""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from typing import Literal
from urllib.parse import urlparse

from ..records import Failure, Page
from .public_address import public_opener

USER_AGENT = "summitry (transcript corpus builder)"
TIMEOUT_SECONDS = 30.0
FETCH_DELAY = float(os.environ.get("SUMMITRY_FETCH_DELAY", "1.0"))  # seconds between requests to one host
_MAX_LIST_BYTES = 16 * 1024 * 1024
_SCHEMES = (b"http://", b"https://")
# "any": fetch any URL (the command line's own ingests); "public": public addresses only (a server with
# --allow-fetch, summitry.pipeline.public_address); "none": never fetch (a server's uploads by default)
FetchPolicy = Literal["any", "public", "none"]
NOT_FETCHED = "URLs are not fetched by this server (start it with --allow-fetch)"


def url_list(data: bytes) -> list[str] | None:
    """The URLs of a URL list file, or None when the file is anything else (a page)."""
    if len(data) > _MAX_LIST_BYTES or data.lstrip()[:1] not in (b"h", b"H", b"#"):
        return None  # most pages are told apart by their first character
    urls = []
    for raw in data.splitlines():
        line = raw.strip()
        if not line or line.startswith(b"#"):
            continue
        if not line.lower().startswith(_SCHEMES) or b" " in line:
            return None
        urls.append(line.decode("utf-8", "replace"))
    return urls or None


class Fetcher:
    """Fetches pages politely: one request at a time, FETCH_DELAY apart on each host."""

    def __init__(self, max_bytes: int, make_page: Callable[..., Page], delay: float | None = None,
                 policy: FetchPolicy = "any") -> None:
        self.max_bytes = max_bytes
        self.policy = policy
        self._open = public_opener().open if policy == "public" else urllib.request.urlopen
        self.make_page = make_page  # read's, so that a fetched page is made as a read one
        self.delay = FETCH_DELAY if delay is None else delay
        self._last: dict[str, float] = {}

    def fetch_all(self, urls: list[str], listed_in: str | None = None) -> Iterator[Page | Failure]:
        for url in urls:
            yield self.fetch(url, listed_in)

    def fetch(self, url: str, listed_in: str | None = None) -> Page | Failure:
        where = f"{url} (listed in {listed_in})" if listed_in else url
        host = urlparse(url).hostname
        if not host:
            return Failure(where, "not a URL with a host")
        if self.policy == "none":
            return Failure(where, NOT_FETCHED)
        self._wait(host)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html, text/plain"})
        try:
            with self._open(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - http(s) only
                kind = response.headers.get_content_type()
                if kind not in ("text/html", "application/xhtml+xml", "text/plain"):
                    return Failure(where, f"not an HTML or text page ({kind})")
                data = response.read(self.max_bytes + 1)
                final_url = response.geturl()
        except urllib.error.HTTPError as exc:
            return Failure(where, f"cannot fetch (HTTP {exc.code} {exc.reason})")
        except urllib.error.URLError as exc:
            return Failure(where, f"cannot fetch ({exc.reason})")
        except (OSError, ValueError) as exc:  # timeouts, reset connections, malformed URLs
            return Failure(where, f"cannot fetch ({exc.__class__.__name__}: {exc})")
        finally:
            self._last[host] = time.monotonic()
        if len(data) > self.max_bytes:
            return Failure(where, f"page too large (over {self.max_bytes / 1e6:.1f} MB; see --max-size)")
        media = "text/plain" if kind == "text/plain" else "text/html"
        return self.make_page(url, data, media, url=final_url)

    def _wait(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = self.delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
