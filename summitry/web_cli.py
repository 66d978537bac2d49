"""summitry serve: the web UI and the HTTP API over the corpus."""

from __future__ import annotations

import os
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
    workers: Annotated[int, typer.Option(min=1, max=64, help="Server processes (one per core serves most).")] = 1,
) -> None:
    """Start the web app over the corpus: pages for people, JSON under /api/, OpenAPI at /docs.
    Read-only unless --allow-upload."""
    import uvicorn

    from .web.app import SERVE_DB_ENV, create_app  # fastapi loads only for this command

    path = db or state.db
    if workers > 1 and allow_upload:
        _fail("--workers and --allow-upload do not go together: one process follows the uploads")
    try:
        web = create_app(path, allow_upload=allow_upload)
    except sqlite3.Error as exc:
        hint = "" if allow_upload else " (ingest pages first, or start with --allow-upload to create it)"
        _fail(f"{path}: cannot serve this database ({exc}){hint}")
        return
    mode = "uploads allowed" if allow_upload else "read-only"
    errors.print(f"serving {path} ({mode}) at http://{host}:{port}/  — Ctrl+C stops")
    try:
        if workers > 1:  # each process builds its own app from the environment
            os.environ[SERVE_DB_ENV] = os.path.abspath(path)
            uvicorn.run("summitry.web.app:app_from_environment", factory=True, workers=workers,
                        host=host, port=port, log_level="warning", access_log=False)
        else:
            uvicorn.run(web, host=host, port=port, log_level="warning", access_log=False)
    except SystemExit:  # uvicorn exits when it cannot bind
        _fail(f"cannot listen on {host}:{port} (in use, or not an address of this machine)")
