"""The Host header check against DNS rebinding: a page of a hostile site whose name is made to
resolve to this server's address would otherwise read it as the visitor's browser. Requests whose
Host is not one of the allowed names get 400."""

from __future__ import annotations

import ipaddress
import json

from starlette.types import ASGIApp, Receive, Scope, Send

ANY_HOST = "*"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def default_allowed_hosts(host: str) -> list[str]:
    """The names a server listening on host is reached by: loopback names for a loopback address,
    the address itself for another one, any name for an address that listens on all of them."""
    if host == "localhost":
        return list(LOOPBACK_HOSTS)
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return [host.lower()]  # a name
    if address.is_loopback:
        return list(LOOPBACK_HOSTS)
    if address.is_unspecified:
        return [ANY_HOST]
    return [str(address)]


def host_name(header: str) -> str:
    """The name in a Host header, without its port: "Example.org:80" -> "example.org", "[::1]:8000" -> "::1"."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    if header.count(":") == 1:
        return header.split(":", 1)[0]
    return header


class AllowedHosts:
    """ASGI middleware: a 400 for every HTTP request whose Host header names no allowed host."""

    def __init__(self, app: ASGIApp, hosts: list[str]) -> None:
        self.app = app
        self.hosts = {host_name(h) if h != ANY_HOST else ANY_HOST for h in hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or ANY_HOST in self.hosts:
            await self.app(scope, receive, send)
            return
        header = next((value.decode("latin-1") for name, value in scope["headers"] if name == b"host"), "")
        if host_name(header) in self.hosts:
            await self.app(scope, receive, send)
            return
        body = json.dumps({"error": f"host {header[:100]!r} is not served here (see summitry serve --allowed-hosts)"}).encode()
        await send({"type": "http.response.start", "status": 400,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
