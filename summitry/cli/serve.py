"""summitry serve: the web UI and the HTTP API over the corpus."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import queue
import signal
import socket
import sqlite3
import sys
from multiprocessing.queues import Queue
from typing import Annotated, Optional

import typer

from ..store.migrations import PendingMigrations
from .main import _fail, app, errors, state


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    db: Annotated[Optional[str], typer.Option("--db", help="The corpus database (default: the global --db).")] = None,
    allow_upload: Annotated[bool, typer.Option("--allow-upload", help="Let visitors upload pages to ingest.")] = False,
    allow_fetch: Annotated[bool, typer.Option(
        "--allow-fetch", help="Fetch the URL lists visitors upload (public addresses only).")] = False,
    allowed_hosts: Annotated[Optional[str], typer.Option(
        "--allowed-hosts", help="Host names answered, comma-separated ('*': any); default: what --host implies.")] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Server processes (one per core serves most).")] = 1,
    private: Annotated[bool, typer.Option("--private", help="Reading too needs an API token (summitry token create).")] = False,
) -> None:
    """Start the web app over the corpus: pages for people, JSON under /api/, OpenAPI at /docs.
    Read-only unless --allow-upload; read-only, it refuses a database that lacks migrations
    (summitry migrate applies them)."""
    import uvicorn

    from ..store.tokens import tokens_exist
    from ..web.allowed_hosts import ANY_HOST, default_allowed_hosts
    from ..web.app import (  # fastapi loads only for this command
        SERVE_DB_ENV,
        SERVE_HOSTS_ENV,
        SERVE_PRIVATE_ENV,
        create_app,
    )

    path = db or state.db
    hosts = [h.strip() for h in allowed_hosts.split(",") if h.strip()] if allowed_hosts else default_allowed_hosts(host)
    if allow_fetch and not allow_upload:
        _fail("--allow-fetch needs --allow-upload: only uploads fetch URLs")
    if workers > 1 and allow_upload:
        _fail("--workers and --allow-upload do not go together: one process follows the uploads")
    try:
        web = create_app(path, allow_upload=allow_upload, allow_fetch=allow_fetch, allowed_hosts=hosts, private=private)
    except PendingMigrations as exc:  # read-only: it never migrates, and says what to run
        _fail(str(exc))
        return
    except sqlite3.Error as exc:
        hint = "" if allow_upload else " (ingest pages first, or start with --allow-upload to create it)"
        _fail(f"{path}: cannot serve this database ({exc}){hint}")
        return
    if allow_upload and not _loopback(host) and not tokens_exist(web.state.reader.corpus().db):
        _fail(f"--allow-upload on {host}: uploads from other machines need an API token; make one first "
              "(summitry token create --name NAME), then every upload brings it")
    if private and not tokens_exist(web.state.reader.corpus().db):
        _fail("--private: no API token exists yet, so no one could read; make one first (summitry token create --name NAME)")
    mode = "uploads allowed" if allow_upload else "read-only"
    mode += ", private" if private else ""
    if allow_upload and tokens_exist(web.state.reader.corpus().db):
        mode += ", each with an API token"
    errors.print(f"serving {path} ({mode}) at http://{host}:{port}/  — Ctrl+C stops")
    if ANY_HOST in hosts:
        errors.print("any Host header is answered: name this server's host names with --allowed-hosts")
    try:
        if workers > 1:  # each process builds its own app from the environment
            os.environ[SERVE_DB_ENV] = os.path.abspath(path)
            os.environ[SERVE_HOSTS_ENV] = ",".join(hosts)
            os.environ[SERVE_PRIVATE_ENV] = "1" if private else "0"
            if hasattr(socket, "SO_REUSEPORT") and sys.platform.startswith("linux"):
                _serve_processes(workers, host, port)
            else:
                uvicorn.run(_FACTORY, factory=True, workers=workers, host=host, port=port, log_level="warning",
                            access_log=False)
        else:
            uvicorn.run(web, host=host, port=port, log_level="warning", access_log=False)
    except (SystemExit, OSError):  # uvicorn exits when it cannot bind
        _fail(f"cannot listen on {host}:{port} (in use, or not an address of this machine)")


_FACTORY = "summitry.web.app:app_from_environment"
_PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends


def _serve_processes(workers: int, host: str, port: int) -> None:
    """Serve from this process and workers - 1 more, each with a listening socket of its own on the same
    port (SO_REUSEPORT): Linux spreads new connections evenly over them. With one socket shared, the
    process that happens to be idle when a burst of clients connects takes most of them, and as each
    process answers one search at a time, its clients wait while the other process idles. This process
    listens last, once the others do, so that early clients do not all land on it."""
    first = _socket(host, port)
    port = first.getsockname()[1]  # the port chosen, when 0 asked for any
    spawn = multiprocessing.get_context("spawn")
    listening = spawn.Queue()
    others = [spawn.Process(target=_serve_socket, args=(host, port, listening), daemon=True) for _ in range(workers - 1)]
    for process in others:
        process.start()
    # uvicorn raises the SIGTERM it caught again once it has stopped: let that end the serving, not
    # this process, so that the other processes are stopped too
    previous = signal.signal(signal.SIGTERM, _stopped)
    try:
        for _ in others:
            try:
                listening.get(timeout=60)
            except queue.Empty:
                raise OSError("a server process did not start listening") from None
        first.listen(2048)
        _serve(first)
    except _Stopped:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        for process in others:
            process.terminate()
            process.join()


class _Stopped(Exception):
    """SIGTERM came while serving."""


def _stopped(signum: int, frame: object) -> None:
    raise _Stopped


def _socket(host: str, port: int) -> socket.socket:
    """A socket bound to the address, which other processes may bind too."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def _serve_socket(host: str, port: int, listening: Queue) -> None:  # type: ignore[type-arg]
    """In a worker process: listen on a socket of its own, say so, and serve until the first process
    ends, however it ends (Linux sends this one SIGTERM then)."""
    ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    sock = _socket(host, port)
    sock.listen(2048)
    listening.put(os.getpid())
    _serve(sock)


def _serve(sock: socket.socket) -> None:
    import uvicorn

    config = uvicorn.Config(_FACTORY, factory=True, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def _loopback(host: str) -> bool:
    """Whether the address listened on is this machine's alone."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
