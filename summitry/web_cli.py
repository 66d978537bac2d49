"""summitry serve: the web UI and the HTTP API over the corpus."""

from __future__ import annotations

import sqlite3
from typing import Annotated, Optional

import typer

from .cli import _fail, app, errors, state


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    db: Annotated[Optional[str], typer.Option("--db", help="The corpus database (default: the global --db).")] = None,
    allow_upload: Annotated[bool, typer.Option("--allow-upload", help="Let visitors upload pages to ingest.")] = False,
) -> None:
    """Start the web app over the corpus: pages for people, JSON under /api/, OpenAPI at /docs.
    Read-only unless --allow-upload."""
    import uvicorn

    from .web import create_app

    path = db or state.db
    try:
        web = create_app(path, allow_upload=allow_upload)
    except sqlite3.Error as exc:
        hint = "" if allow_upload else " (ingest pages first, or start with --allow-upload to create it)"
        _fail(f"{path}: cannot serve this database ({exc}){hint}")
        return
    mode = "uploads allowed" if allow_upload else "read-only"
    errors.print(f"serving {path} ({mode}) at http://{host}:{port}/  — Ctrl+C stops")
    try:
        uvicorn.run(web, host=host, port=port, log_level="warning", access_log=False)
    except SystemExit as exc:  # uvicorn exits when it cannot bind
        _fail(f"cannot listen on {host}:{port} (in use, or not an address of this machine)", int(exc.code or 1) or 1)
