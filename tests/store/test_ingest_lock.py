"""summitry.store.ingest_lock: a second ingest into one database waits for the first, and says so,
instead of failing after SQLite's 5 s busy timeout with "database is locked" (issue 14, data loss 9)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summitry.cli import app
from summitry.queries.corpus import Corpus
from summitry.store.ingest_lock import ingest_lock, lock_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the lock is flock's")

PAGE = "Talks in {city}\n\n5 April 2023, {city}\n\nVladimir Putin: Good day, welcome to {city}.\n"

# A real ingest whose first page takes 6 s to parse: its batch holds SQLite's write lock all along.
SLOW_INGEST = """
import sys, time, pathlib
import summitry.queries.corpus as corpus_module
from summitry import Corpus
parse = corpus_module.process_pages
def slow(pages, workers=1):
    for item in parse(pages, workers):
        pathlib.Path(sys.argv[3]).touch()  # the batch has begun: the write lock is taken
        time.sleep(6)
        yield item
corpus_module.process_pages = slow
with Corpus(sys.argv[1]) as corpus:
    report = corpus.ingest([sys.argv[2]])
print(report.added, len(report.failures))
"""

HOLD_LOCK = """
import sys, time, pathlib
from summitry.store.ingest_lock import ingest_lock
with ingest_lock(sys.argv[1]):
    pathlib.Path(sys.argv[2]).touch()
    time.sleep(60)
"""


def _page(folder: Path, city: str) -> Path:
    path = folder / f"{city.lower()}.txt"
    path.write_text(PAGE.format(city=city), encoding="utf-8")
    return path


def _wait_for(marker: Path, process: subprocess.Popen) -> None:  # type: ignore[type-arg]
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the other process did not start"
        time.sleep(0.05)


def test_a_second_ingest_waits_for_the_first(tmp_path):
    db = tmp_path / "c.db"
    Corpus(db).close()
    marker = tmp_path / "begun"
    first = subprocess.Popen(
        [sys.executable, "-c", SLOW_INGEST, str(db), str(_page(tmp_path, "Moscow")), str(marker)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        _wait_for(marker, first)
        started = time.monotonic()
        result = CliRunner(env={"COLUMNS": "250"}).invoke(app, ["--db", str(db), "ingest", "-q", str(_page(tmp_path, "Minsk"))])
        waited = time.monotonic() - started
    finally:
        out, err = first.communicate(timeout=60)
    assert out.split() == ["1", "0"], err
    assert result.exit_code == 0, result.output
    assert f"waiting for another summitry process to release {db}…" in result.output
    assert "locked" not in result.output
    assert waited > 5  # past SQLite's busy timeout, where it used to fail
    with Corpus(db) as corpus:
        assert sorted(d["city"] for d in corpus.documents()) == ["Minsk", "Moscow"]
    assert not os.path.exists(lock_path(str(db)))


def test_the_lock_of_a_killed_ingest_is_free(tmp_path):
    db, marker = str(tmp_path / "c.db"), tmp_path / "held"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, db, str(marker)])
    try:
        _wait_for(marker, holder)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert os.path.exists(lock_path(db))  # left behind by the kill
    waits: list[bool] = []
    with ingest_lock(db, lambda: waits.append(True)):
        pass
    assert waits == [] and not os.path.exists(lock_path(db))


def test_a_waiter_says_so_once_and_takes_the_lock_when_it_is_released(tmp_path):
    db = str(tmp_path / "c.db")
    waits: list[float] = []
    taken = threading.Event()

    def second() -> None:
        with ingest_lock(db, lambda: waits.append(time.monotonic())):
            taken.set()

    with ingest_lock(db):
        waiter = threading.Thread(target=second)
        waiter.start()
        time.sleep(0.3)
        assert len(waits) == 1 and not taken.is_set()
    waiter.join(10)
    assert taken.is_set() and len(waits) == 1
    assert not os.path.exists(lock_path(db))


def test_an_in_memory_database_takes_no_lock(tmp_path):
    with ingest_lock(":memory:"), ingest_lock(":memory:"):
        pass
