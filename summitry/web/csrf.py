"""Cross-site request forgery: a page of another site must not make a visitor's browser upload.

Every upload (the form and POST /api/ingest) must come from this server's own origin when the
browser says where it comes from (Origin, else Referer): a cross-site one gets 403. The form post
must also say where it comes from and carry the token its form was served with: the ingest page
sets it in a SameSite=Strict cookie and in a hidden field, and the post must bring both, equal
(a double-submitted token, which another site can neither read nor set).
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

TOKEN_COOKIE = "summitry_csrf"
TOKEN_FIELD = "csrf_token"


def request_origin(request: Request) -> str | None:
    """Where the browser says the request comes from (scheme://host[:port]), or None when it says nothing."""
    origin = request.headers.get("origin")
    if origin is not None:
        return origin.strip().lower()
    referer = request.headers.get("referer")
    if referer:
        parts = urlsplit(referer.strip())
        return f"{parts.scheme}://{parts.netloc}".lower()
    return None


def check_same_origin(request: Request, required: bool) -> None:
    """A 403 for a request from another origin (or from none, when required)."""
    origin = request_origin(request)
    own = f"{request.url.scheme}://{request.headers.get('host', '')}".lower()
    if origin is None:
        if required:
            raise HTTPException(403, "refused: the post does not say where it comes from (Origin or Referer)")
        return
    if origin != own:
        raise HTTPException(403, f"refused: a cross-site post (from {origin[:100]}, not {own[:100]})")


def form_token(request: Request) -> str:
    """The token for the form of this page: the visitor's cookie's, or a new one."""
    token = request.cookies.get(TOKEN_COOKIE, "")
    return token if len(token) == 43 and token.isascii() else secrets.token_urlsafe(32)


def set_token_cookie(response: Response, token: str) -> None:
    response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/ingest")


def check_form_token(request: Request, form: FormData) -> None:
    """A 403 unless the form's token is the cookie's."""
    sent = form.get(TOKEN_FIELD)
    cookie = request.cookies.get(TOKEN_COOKIE)
    if not isinstance(sent, str) or not cookie or not hmac.compare_digest(sent.encode(), cookie.encode()):
        raise HTTPException(403, "refused: the form's token is missing or stale (load the ingest page again)")
