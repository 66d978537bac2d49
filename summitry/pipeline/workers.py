"""Parser worker processes that never outlive the ingest that started them.

A worker of ``--workers N`` holds the database's files (forked from the ingest) and must end with its
parent however that ends, SIGKILL included. Each worker, when it starts (``watch_parent``):

- ignores SIGINT: Ctrl+C reaches the whole process group, and the parent alone stops the ingest,
  keeps what it stored and says so; a worker interrupted mid-page would only print a traceback;
- asks Linux to kill it when its parent dies (prctl PR_SET_PDEATHSIG, through ctypes);
- and, on every system, watches its parent's pid from a thread, and exits when it changes
  (the parent died and the worker was handed to another process).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT_POLL_SECONDS = 0.5


def watch_parent(parent_pid: int) -> None:
    """The worker's initializer: end this process when parent_pid is no longer its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        _die_with_parent()
    if os.getppid() != parent_pid:  # the parent died before the request took hold
        os._exit(1)
    threading.Thread(target=_poll_parent, args=(parent_pid,), name="watch-parent", daemon=True).start()


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc to ask: the thread below still watches
        pass


def _poll_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)
