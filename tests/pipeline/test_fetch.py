"""Pages named by URL and URL lists, served by a local HTTP server (no network needed)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from summitry import Corpus
from summitry.pipeline import fetch
from summitry.pipeline.fetch import url_list
from summitry.pipeline.read import read_pages
from summitry.records import Failure, Page

from ..conftest import EXAMPLES

ROUTES = {
    "/talks": ("text/html; charset=utf-8", (EXAMPLES / "kremlin_talks.html").read_bytes()),
    "/dump": ("text/plain", (EXAMPLES / "thirdparty_reprint.txt").read_bytes()),
    "/photo": ("image/jpeg", b"\xff\xd8\xff"),
    "/moved": ("redirect", b"/talks"),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        if self.path not in ROUTES:
            self.send_error(404, "Not Found")
            return
        kind, body = ROUTES[self.path]
        if kind == "redirect":
            self.send_response(301)
            self.send_header("Location", body.decode())
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(monkeypatch) -> Iterator[str]:
    monkeypatch.setattr(fetch, "FETCH_DELAY", 0.0)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_url_list_is_fetched_page_by_page_and_bad_urls_fail_alone(server, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# saved for the Sochi meeting\n{server}/talks\n\n{server}/missing\n{server}/photo\n{server}/dump\n")
    items = list(read_pages([listing]))
    pages = [i for i in items if isinstance(i, Page)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert [p.source for p in pages] == [f"{server}/talks", f"{server}/dump"]
    assert [p.media_type for p in pages] == ["text/html", "text/plain"]
    assert [f.reason for f in failures] == ["cannot fetch (HTTP 404 Not Found)", "not an HTML or text page (image/jpeg)"]
    assert failures[0].source == f"{server}/missing (listed in {listing})"


def test_a_url_argument_is_ingested_with_its_final_url(server, tmp_path):
    with Corpus(tmp_path / "c.db") as corpus:
        report = corpus.ingest([f"{server}/moved"])
        (doc,) = corpus.documents()
        assert report.documents == 1 and not report.failures
        assert doc["source"] == f"{server}/moved"
        assert doc["url"] == f"{server}/talks"
        assert corpus.document(doc["id"])["turns"]  # parsed like the saved page


def test_no_network_is_a_one_line_failure(tmp_path, monkeypatch):
    monkeypatch.setattr(fetch, "FETCH_DELAY", 0.0)
    (item,) = read_pages(["http://127.0.0.1:9/page"])  # the discard port: nothing listens there
    assert isinstance(item, Failure) and item.reason.startswith("cannot fetch (")
    assert "\n" not in item.reason


def test_a_page_that_starts_with_a_url_is_still_a_page():
    assert url_list(b"https://en.kremlin.ru/events/president/news/71326\nVladimir Putin: Good afternoon.\n") is None
    assert url_list(b"Vladimir Putin: Good afternoon.") is None
    assert url_list(b"https://a.example/1\r\n\r\n# note\nhttp://b.example/2\n") == ["https://a.example/1", "http://b.example/2"]
