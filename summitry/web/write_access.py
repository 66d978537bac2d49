"""Who may write through the server: once the database holds an API token (summitry token create),
every upload must bring one, as ``Authorization: Bearer TOKEN`` or, from the ingest form, in its
token field; a missing, unknown or revoked token is a 401. Uploads are rate-limited per writer (the
token's name, or the client's address where no token is needed): a 429 says when to try again.
Every accepted write is recorded in the audit table by the ingest job that carries it out."""

from __future__ import annotations

import threading
import time
from collections import deque

from fastapi import HTTPException, Request
from starlette.datastructures import FormData

from ..store.tokens import token_owner, tokens_exist

FORM_FIELD = "api_token"
UPLOADS_PER_MINUTE = 12
NO_TOKEN = "an API token is needed to upload here (its owner makes one with: summitry token create --name NAME)"
BAD_TOKEN = "this API token is not one this server knows, or it was revoked"


def tokens_required(request: Request) -> bool:
    return tokens_exist(request.app.state.reader.corpus().db)


def writer(request: Request, form: FormData | None = None) -> str:
    """The name writing: the owner of the request's token, or (no token needed) the client's address;
    an HTTPException 401 when a token is needed and none valid is given."""
    sent = _bearer(request) or (str(form.get(FORM_FIELD) or "").strip() if form is not None else "")
    if not tokens_required(request):
        return f"client {request.client.host if request.client else 'unknown'}"
    if not sent:
        raise HTTPException(401, NO_TOKEN, headers={"WWW-Authenticate": "Bearer"})
    owner = token_owner(request.app.state.reader.corpus().db, sent)
    if owner is None:
        raise HTTPException(401, BAD_TOKEN, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    return owner


def _bearer(request: Request) -> str:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


class RateLimit:
    """At most ``limit`` writes a minute per writer; a 429 with Retry-After beyond."""

    def __init__(self, limit: int = UPLOADS_PER_MINUTE, seconds: float = 60.0) -> None:
        self.limit, self.seconds = limit, seconds
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, who: str) -> None:
        now = time.monotonic()
        with self._lock:
            seen = self._seen.setdefault(who, deque())
            while seen and now - seen[0] > self.seconds:
                seen.popleft()
            if len(seen) >= self.limit:
                wait = int(self.seconds - (now - seen[0])) + 1
                raise HTTPException(429, f"too many uploads: at most {self.limit} a minute; try again in {wait} s",
                                    headers={"Retry-After": str(wait)})
            seen.append(now)
