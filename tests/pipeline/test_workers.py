"""summitry.pipeline.workers and Ctrl+C during an ingest: `--workers N` never leaves a worker alive
holding the database when its parent is killed (SIGKILL, SIGTERM); SIGINT stops the ingest with one
line, "interrupted; N pages stored", exit 130, and keeps what was stored (issue 14, data loss 8)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summitry.store.check import check
from summitry.store.ingest_lock import ingest_lock

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and fork")

PAGE = "Talks number {n}\n\n5 April 2023, Moscow\n\nVladimir Putin: Good day, number {n}.\n\nAlexander Lukashenko: Thank you.\n"

# The CLI, each page taking 50 ms to parse; every process that parses a page leaves its pid in a folder.
SLOW_CLI = """
import os, sys, time, pathlib
import summitry.pipeline.core as core
parse = core.process_page
marks = pathlib.Path(sys.argv[1])
def slow(page):
    (marks / str(os.getpid())).touch()
    time.sleep(0.05)
    return parse(page)
core.process_page = slow
sys.argv = ["summitry", *sys.argv[2:]]
from summitry.cli import run
run()
"""

# Holds the ingest lock, forks a child that sleeps, and dies without releasing anything.
FORK_WHILE_LOCKED = """
import os, sys, time
from summitry.store.ingest_lock import ingest_lock
with ingest_lock(sys.argv[1]):
    child = os.fork()
    if child == 0:
        os.close(1), os.close(2)  # the test reads the parent's output to its end
        time.sleep(30)
        os._exit(0)
    print(child, flush=True)
    os._exit(0)
"""


def _pages(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"p{n}.txt").write_text(PAGE.format(n=n), encoding="utf-8")
    return folder


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return "\nState:\tZ" not in state  # a zombie holds nothing


def _start(tmp_path: Path, pages: int = 400) -> tuple[subprocess.Popen, Path, Path]:  # type: ignore[type-arg]
    db, marks = tmp_path / "c.db", tmp_path / "marks"
    marks.mkdir()
    folder = _pages(tmp_path / "pages", pages)
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_CLI, str(marks), "--db", str(db), "ingest", "-q", "--workers", "2", str(folder)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    return process, db, marks


def _workers(marks: Path, parent: int, count: int = 2) -> list[int]:
    deadline = time.monotonic() + 60
    while True:
        pids = [int(p.name) for p in marks.iterdir() if int(p.name) != parent]
        if len(pids) >= count and _stored(marks.parent / "c.db") > 0:
            return pids
        assert time.monotonic() < deadline, "the workers did not start"
        time.sleep(0.1)


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def _all_gone(pids: list[int], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while any(_alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.mark.parametrize("kill", [signal.SIGKILL, signal.SIGTERM])
def test_workers_end_with_their_killed_parent(tmp_path, kill):
    process, db, marks = _start(tmp_path)
    try:
        workers = _workers(marks, process.pid)
        process.send_signal(kill)  # the parent alone, not its group
        process.wait(30)
        assert _all_gone(workers), [pid for pid in workers if _alive(pid)]
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
    waited: list[bool] = []
    with ingest_lock(str(db), lambda: waited.append(True)):
        pass
    assert waited == []  # no one holds the database's ingest lock
    assert check(sqlite3.connect(db)).clean


def test_ctrl_c_stops_the_ingest_keeps_what_was_stored_and_says_how_much(tmp_path):
    process, db, marks = _start(tmp_path)
    try:
        workers = _workers(marks, process.pid)
        os.killpg(process.pid, signal.SIGINT)  # as Ctrl+C does: the whole process group
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, err
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.startswith("interrupted")]
    assert len(lines) == 1, err
    stored = int(lines[0].removeprefix("interrupted; ").removesuffix(" pages stored"))
    assert 0 < stored < 400
    assert _stored(db) == stored
    assert check(sqlite3.connect(db)).clean
    assert _all_gone(workers)


def test_a_forked_child_does_not_hold_the_ingest_lock(tmp_path):
    db = str(tmp_path / "c.db")
    run = subprocess.run([sys.executable, "-c", FORK_WHILE_LOCKED, db], capture_output=True, text=True, timeout=60)
    child = int(run.stdout)
    try:
        assert _alive(child)
        waited: list[bool] = []
        with ingest_lock(db, lambda: waited.append(True)):
            pass
        assert waited == []
    finally:
        os.kill(child, signal.SIGKILL)
