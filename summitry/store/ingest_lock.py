"""One ingest at a time into a database, across processes: the second waits for the first.

An ingest commits a batch every few seconds and begins the next at once, and a batch holds SQLite's
write lock while its pages are parsed; a second ingest would meet that lock, wait out SQLite's busy
timeout, and fail with "database is locked". So an ingest first takes an advisory lock (flock) on a
file beside the database, ``<database>.lock``, and holds it to the end. Another ingest that finds it
taken says so once (on_wait) and waits, for as long as it takes; Ctrl+C still stops it. The system
drops the lock of a process that ends in any way, killed included, so a crash leaves nothing to clean.
The file is removed by the ingest that held it last.

A process forked while holding the lock (a parser worker) would hold it too, for as long as it
lives: flock belongs to the open file, which a fork shares. So a forked child closes its copies at
once (os.register_at_fork); closing, unlike unlocking, leaves the parent's lock as it is.

Where flock does not exist (Windows), ingests are not serialised and SQLite's busy timeout applies.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

try:
    import fcntl
except ImportError:  # pragma: no cover (Windows)
    fcntl = None  # type: ignore[assignment]

LOCK_SUFFIX = ".lock"
_held: set[int] = set()  # descriptors of the locks this process holds


def _close_in_child() -> None:
    for handle in _held:
        with suppress(OSError):
            os.close(handle)
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_in_child)


def lock_path(db_path: str) -> str:
    return db_path + LOCK_SUFFIX


@contextmanager
def ingest_lock(db_path: str, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the database's ingest lock for the block; on_wait() is called once if another holds it."""
    if fcntl is None or db_path in ("", ":memory:"):
        yield
        return
    path = lock_path(db_path)
    handle = _acquire(path, on_wait)
    try:
        yield
    finally:
        _release(path, handle)


def _acquire(path: str, on_wait: Callable[[], None] | None) -> int:
    """A descriptor of the lock file, locked. The file is opened again when the holder before
    removed it while this process waited: a lock on a removed file locks nothing."""
    waited = False
    while True:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait is not None and not waited:
                    on_wait()
                waited = True
                fcntl.flock(handle, fcntl.LOCK_EX)
            if _is_current(path, handle):
                _held.add(handle)
                return handle
        except BaseException:
            os.close(handle)
            raise
        os.close(handle)


def _is_current(path: str, handle: int) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(handle).st_ino
    except FileNotFoundError:
        return False


def _release(path: str, handle: int) -> None:
    with suppress(OSError):
        os.unlink(path)  # while still holding it: a waiter then sees its file is gone and opens anew
    _held.discard(handle)
    os.close(handle)
