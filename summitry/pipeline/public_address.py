"""Fetching from public addresses only, for a server that fetches on behalf of its visitors (SSRF).

`public_opener()` is a urllib opener whose every connection, the first and each redirect's, resolves
the host name, refuses it when any address it resolves to is private, loopback, link-local,
multicast, reserved or unspecified, and connects to the address it checked (so a name cannot
resolve to another address between the check and the connection). It uses no proxy.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.request
from typing import Any


class RefusedAddress(OSError):
    """A fetch refused because the host resolves to an address that is not public."""


def address_problem(address: str) -> str | None:
    """Why an IP address may not be fetched from, or None for a public one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for test, kind in (("is_loopback", "loopback"), ("is_link_local", "link-local"), ("is_multicast", "multicast"),
                       ("is_unspecified", "unspecified"), ("is_reserved", "reserved"), ("is_private", "private")):
        if getattr(ip, test):
            return f"{address} is a {kind} address"
    if not ip.is_global:
        return f"{address} is not a public address"
    return None


def public_addresses(host: str, port: int) -> list[tuple[Any, ...]]:
    """getaddrinfo's answers for host, all of them checked; RefusedAddress when any is not public."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise OSError(f"cannot resolve {host} ({exc.strerror})") from None
    for *_, sockaddr in answers:
        problem = address_problem(str(sockaddr[0]))
        if problem:
            raise RefusedAddress(f"refused: {host} resolves to {problem}")
    return answers


def _connect_public(address: tuple[str, int], timeout: Any = socket._GLOBAL_DEFAULT_TIMEOUT,  # type: ignore[attr-defined]
                    source_address: Any = None) -> socket.socket:
    host, port = address
    last: OSError | None = None
    for family, kind, proto, _, sockaddr in public_addresses(host, port):
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:  # type: ignore[attr-defined]
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            last = exc
    raise last or OSError(f"cannot connect to {host}")


class _PublicHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_public


class _PublicHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_public


class _PublicHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_PublicHTTPConnection, req)


class _PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_PublicHTTPSConnection, req)


def public_opener() -> urllib.request.OpenerDirector:
    """An opener that connects to public addresses only (redirects included), through no proxy."""
    return urllib.request.build_opener(urllib.request.ProxyHandler({}), _PublicHTTPHandler, _PublicHTTPSHandler)
