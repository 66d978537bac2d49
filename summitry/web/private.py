"""A private server (`summitry serve --private`): every request, reading included, brings an API token
(store.tokens): `Authorization: Bearer TOKEN` from a program; from a browser, the address opened once
with `?token=TOKEN`, which sets a cookie (HttpOnly, SameSite=Strict) and leads on to the same address
without it. Anything else gets 401, naming what to do. The style sheet is served to anyone."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Receive, Scope, Send

from ..store.tokens import token_owner

COOKIE = "summitry_token"
OPEN_PATHS = ("/static/",)
REFUSED = ("this corpus is private: send an API token (Authorization: Bearer TOKEN), or open the address "
           "once with ?token=TOKEN in a browser; its owner makes tokens with: summitry token create --name NAME")


class PrivateCorpus:
    """ASGI middleware letting through only the requests that bring a valid token."""

    def __init__(self, app: ASGIApp, database: Callable[[], sqlite3.Connection]) -> None:
        self.app = app
        self.database = database  # the reading connection of the thread asking (Reader.corpus().db)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(OPEN_PATHS):
            await self.app(scope, receive, send)
            return
        headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]}
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if "token" in query and self._valid(query["token"]):  # a browser's first visit: the cookie, then on
            rest = urlencode([(k, v) for k, v in parse_qsl(scope["query_string"].decode("latin-1")) if k != "token"])
            cookie = f"{COOKIE}={query['token']}; Path=/; HttpOnly; SameSite=Strict"
            await _answer(send, 303, b"", [(b"location", (scope["path"] + ("?" + rest if rest else "")).encode()),
                                           (b"set-cookie", cookie.encode())])
            return
        scheme, _, bearer = headers.get("authorization", "").partition(" ")
        cookie = SimpleCookie(headers.get("cookie", "")).get(COOKIE)
        sent = bearer.strip() if scheme.lower() == "bearer" else (cookie.value if cookie else "")
        if sent and self._valid(sent):
            await self.app(scope, receive, send)
            return
        body = json.dumps({"error": REFUSED}).encode()
        await _answer(send, 401, body, [(b"content-type", b"application/json"), (b"www-authenticate", b"Bearer")])

    def _valid(self, token: str) -> bool:
        return token_owner(self.database(), token) is not None


async def _answer(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [*headers, (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
