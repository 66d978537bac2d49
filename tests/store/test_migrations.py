"""summitry.store.migrations: what a database lacks, and a migration applied once when two processes
open a new database together (issue 14: two ingests into one database)."""

from __future__ import annotations

import sqlite3
import threading

from summitry.store.migrations import MIGRATIONS, _statements, migrate, pending, register_functions


def test_pending_names_what_is_missing(tmp_path):
    db = sqlite3.connect(tmp_path / "c.db", isolation_level=None)
    assert pending(db) == [name for name, _ in MIGRATIONS]  # not even the migrations table
    migrate(db)
    assert pending(db) == []


def test_a_migration_another_connection_applied_while_this_one_waited_is_skipped(tmp_path):
    path = tmp_path / "c.db"
    first = sqlite3.connect(path, isolation_level=None)
    register_functions(first)  # the scripts' triggers and writes call them
    first.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    first.execute("BEGIN IMMEDIATE")  # the first process is migrating
    second = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    second.execute("PRAGMA busy_timeout = 10000")
    outcome: list[object] = []

    def open_second() -> None:
        try:
            outcome.append(migrate(second))
        except sqlite3.Error as exc:
            outcome.append(exc)

    waiter = threading.Thread(target=open_second)
    waiter.start()  # it reads that nothing is applied, then waits for the write lock
    waiter.join(0.5)
    for name, script in MIGRATIONS:
        for statement in _statements(script):
            first.execute(statement)
        first.execute("INSERT INTO migrations VALUES (?, 'now')", (name,))
    first.execute("COMMIT")
    waiter.join(15)
    assert outcome == [[]]  # nothing applied twice, no "table pages already exists"
