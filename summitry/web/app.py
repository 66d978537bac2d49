"""The web app over one corpus: HTML pages for people, JSON under /api/ for programs.

    from summitry.web import create_app
    app = create_app("summitry.db")                      # read-only
    app = create_app("summitry.db", allow_upload=True)   # with the ingest page

Read-only by default: every request reads through a connection SQLite opened with mode=ro. Only
with allow_upload does the app hold a writer, and only the ingest job uses it.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..queries.corpus import QueryError
from ..version import __version__
from . import analyses, api, pages, panels, tables
from .allowed_hosts import AllowedHosts
from .params import PATTERN_MEANING
from .private import PrivateCorpus
from .reader import Reader, choices
from .render import templates
from .search import BadParameter
from .upload import IngestJobs
from .write_access import RateLimit

STATIC = Path(__file__).parent / "static"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
SERVE_DB_ENV = "SUMMITRY_SERVE_DB"  # the database of `summitry serve --workers N` (read-only)
SERVE_HOSTS_ENV = "SUMMITRY_SERVE_HOSTS"  # its allowed hosts, comma-separated
SERVE_PRIVATE_ENV = "SUMMITRY_SERVE_PRIVATE"  # "1": every request brings a token
DESCRIPTION = """Meeting transcripts as a corpus: documents, speakers, full-text search.

Lists are paginated (`page`, `per_page`; the answer gives `next` and `prev` links). A bad parameter
gets a 4xx answer whose `error` field says which parameter and why (400 for a value that cannot be
used, such as a malformed search or date; 422 for a value of the wrong type or range; 404 for an
unknown id). Search takes SQLite FTS5 syntax: words, "a phrase", prefix*, AND/OR/NOT.
"""


def create_app(db_path: str | os.PathLike[str], allow_upload: bool = False, allow_fetch: bool = False,
               allowed_hosts: list[str] | None = None, private: bool = False) -> FastAPI:
    """The app over the database at db_path. Without allow_upload the database must exist and is
    never written to; with it, a missing database is created and the ingest pages are enabled.
    allow_fetch lets uploaded URL lists be fetched, from public addresses only. allowed_hosts, when
    given, are the Host names answered (others get 400; "*" any). private: every request brings an
    API token (web.private)."""
    reader = Reader(db_path, create=allow_upload)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        reader.cached("choices", choices)  # the search form's suggestions, before the first visitor waits
        yield
        if app.state.jobs is not None:
            app.state.jobs.shutdown()
        reader.close()

    app = FastAPI(
        title="summitry",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # /docs is our own page: Swagger UI would load its scripts from a CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.reader = reader
    app.state.allow_upload = allow_upload
    app.state.jobs = IngestJobs(reader.path, allow_fetch) if allow_upload else None
    app.state.upload_limit = RateLimit()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(analyses.router)
    app.include_router(panels.router)
    app.include_router(tables.router)
    app.include_router(pages.router)
    # the searches, served first by a lean route that falls back on the documented one (api.LeanSearch)
    app.router.routes[:0] = [api.LeanRoute("/api/search", app.router, api.search_answer),
                             api.LeanRoute("/search", app.router, pages.search_page_answer)]
    _install_error_handlers(app)

    app.add_middleware(SecurityHeaders)
    if private:
        app.add_middleware(PrivateCorpus, database=lambda: reader.corpus().db)
    if allowed_hosts is not None:
        app.add_middleware(AllowedHosts, hosts=allowed_hosts)
    return app


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every HTTP answer (a plain ASGI middleware: cheap per request)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in self.headers if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def app_from_environment() -> FastAPI:
    """The read-only app over the database SUMMITRY_SERVE_DB names (for server processes)."""
    hosts = os.environ.get(SERVE_HOSTS_ENV)
    return create_app(os.environ[SERVE_DB_ENV], allowed_hosts=hosts.split(",") if hosts else None,
                      private=os.environ.get(SERVE_PRIVATE_ENV) == "1")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def error_response(request: Request, status: int, message: str, detail: object = None) -> Response:
    """The error as JSON for /api/, as a page for people."""
    if _is_api(request):
        body: dict[str, object] = {"error": message}
        if detail is not None:
            body["detail"] = detail
        return JSONResponse(body, status_code=status)
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(QueryError)
    @app.exception_handler(BadParameter)
    async def bad_parameter(request: Request, exc: Exception) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        messages = []
        for error in errors:
            where = ".".join(str(part) for part in error.get("loc", ())[1:]) or "request"
            meaning = PATTERN_MEANING.get((error.get("ctx") or {}).get("pattern", ""))
            if error.get("type") == "string_pattern_mismatch" and meaning:
                error["msg"] = f"{error.get('input')!r} {meaning}"
            messages.append(f"{where}: {error.get('msg', 'invalid')}")
        clean = [{k: e.get(k) for k in ("loc", "msg", "type")} for e in errors]
        return error_response(request, 422, "; ".join(messages) or "invalid request", clean)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        if exc.status_code == 405 and message == "Method Not Allowed":
            message = f"{request.method} is not allowed on {request.url.path}"
        response = error_response(request, exc.status_code, message)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response
