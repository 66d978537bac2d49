"""SSRF: a fetch from a server refuses every host that resolves to an address that is not public,
checked after resolution, for every address a name resolves to, and on redirects."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator

import pytest

from summitry.pipeline import public_address
from summitry.pipeline.fetch import NOT_FETCHED, Fetcher
from summitry.pipeline.public_address import address_problem
from summitry.pipeline.read import make_page


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []
    redirect_to: str | None = None

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).hits.append(self.path)
        if self.redirect_to:
            self.send_response(302)
            self.send_header("Location", self.redirect_to)
            self.end_headers()
            return
        body = b"A. Lukashenko: Secret page from the internal network."
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _serve(host: str, redirect_to: str | None = None) -> Iterator[tuple[str, type[_Recorder]]]:
    handler = type("Handler", (_Recorder,), {"hits": [], "redirect_to": redirect_to})
    server = http.server.ThreadingHTTPServer((host, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/", handler
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def internal_server() -> Iterator[tuple[str, type[_Recorder]]]:
    yield from _serve("127.0.0.1")


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "192.168.0.1", "172.16.5.4", "169.254.169.254",
                                     "224.0.0.1", "240.0.0.1", "0.0.0.0", "::1", "fe80::1", "fc00::1",
                                     "::ffff:127.0.0.1", "100.64.0.1"])
def test_addresses_that_are_not_public_are_refused(address):
    assert address_problem(address) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses_are_taken(address):
    assert address_problem(address) is None


def test_public_policy_refuses_loopback_and_sends_nothing(internal_server):
    url, handler = internal_server
    result = Fetcher(1 << 20, make_page, delay=0, policy="public").fetch(url)
    assert "loopback" in result.reason and handler.hits == []


def test_none_policy_never_fetches(internal_server):
    url, handler = internal_server
    result = Fetcher(1 << 20, make_page, delay=0, policy="none").fetch(url)
    assert result.reason == NOT_FETCHED and handler.hits == []


def test_a_name_with_one_private_address_among_public_ones_is_refused(monkeypatch, internal_server):
    url, handler = internal_server
    port = int(url.rsplit(":", 1)[1].strip("/"))
    answers = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
               (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
    monkeypatch.setattr(public_address.socket, "getaddrinfo", lambda *args, **kwargs: answers)
    result = Fetcher(1 << 20, make_page, delay=0, policy="public").fetch(f"http://rebind.example:{port}/")
    assert "127.0.0.1 is a loopback address" in result.reason and handler.hits == []


def test_a_redirect_to_an_internal_address_is_refused(monkeypatch):
    # the first server stands for a public one (its address let through); it redirects to 127.0.0.2
    real = public_address.address_problem
    for target_url, target in _serve("127.0.0.2"):
        for first_url, first in _serve("127.0.0.1", redirect_to=target_url + "admin"):
            monkeypatch.setattr(public_address, "address_problem",
                                lambda address: None if address == "127.0.0.1" else real(address))
            result = Fetcher(1 << 20, make_page, delay=0, policy="public").fetch(first_url)
            assert first.hits == ["/"] and target.hits == []
            assert "127.0.0.2 is a loopback address" in result.reason
