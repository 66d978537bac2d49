"""Moving a corpus between stores: a SQLite file and a PostgreSQL database, either way (``summitry
copy --from A --to B``). Every table of the corpus is copied row for row, then checked on both sides
by its row count and a checksum of its rows; nothing is half-written: a copy into PostgreSQL is one
transaction, a copy into SQLite is built beside the target and renamed over it when whole.

In PostgreSQL the tables keep their names, columns and primary keys (SQLite's INTEGER as BIGINT,
REAL as DOUBLE PRECISION, BLOB as BYTEA); the turns and narrative get a ``search`` tsvector with a
GIN index, in the ``english`` or ``russian`` text search configuration as the document's language
says and ``simple`` otherwise, so the corpus can be searched there with PostgreSQL's own full-text
search (``WHERE search @@ websearch_to_tsquery('english', 'gas prices')``). A copy into SQLite
rebuilds its full-text indexes from the turns (summitry.store.check.repair).

PostgreSQL is reached with psycopg 3 (``pip install 'summitry[postgres]'``).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .check import repair
from .sqlite import Store

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
TYPES = {"INTEGER": "BIGINT", "REAL": "DOUBLE PRECISION", "BLOB": "BYTEA", "TEXT": "TEXT", "": "TEXT"}
TEXT_SEARCH = {"en": "english", "ru": "russian"}  # a document's language -> its configuration; others: simple
_BATCH = 2000


class CopyError(ValueError):
    """A copy that cannot be made; the message names the store and the reason, in one line."""


@dataclass
class CopyReport:
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows copied (and found on both sides)
    checksums: dict[str, str] = field(default_factory=dict)  # table -> the rows' checksum, equal on both sides


def is_postgres(target: str) -> bool:
    return target.startswith(POSTGRES_SCHEMES)


def copy_store(source: str, target: str) -> CopyReport:
    """Copy the corpus at ``source`` (a SQLite path or a postgresql:// URL) to ``target``, which must
    hold no corpus yet; check every table by count and checksum on both sides."""
    if is_postgres(source) == is_postgres(target):
        raise CopyError("copy: one side must be a SQLite file and the other a postgresql:// database")
    if is_postgres(target):
        if not Path(source).is_file():
            raise CopyError(f"{source}: no database there")
        store = Store(source)  # brings an older file up to date first
        try:
            return _to_postgres(store.db, target)
        finally:
            store.close()
    return _to_sqlite(source, target)


# SQLite -> PostgreSQL ---------------------------------------------------------------------------------------
def _to_postgres(db: sqlite3.Connection, url: str) -> CopyReport:
    pg = _connect(url)
    report = CopyReport()
    try:
        with pg.transaction():
            existing = pg.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()").fetchall()
            if any(name in data_tables(db) for (name,) in existing):
                raise CopyError(f"{_shown(url)}: already holds a corpus (copy into an empty database)")
            for table, columns in data_tables(db).items():
                pg.execute(_create_table(table, columns))
                names = [c["name"] for c in columns]
                with pg.cursor().copy(f"COPY {table} ({_quoted(names)}) FROM STDIN") as copying:
                    for row in db.execute(f"SELECT {_quoted(names)} FROM {table}"):
                        copying.write_row(row)
                report.rows[table], report.checksums[table] = _summary(db.execute(f"SELECT {_quoted(names)} FROM {table}"))
                found = _summary(_streamed(pg, f"SELECT {_quoted(names)} FROM {table}"))
                if found != (report.rows[table], report.checksums[table]):
                    raise CopyError(f"{_shown(url)}: table {table} differs after the copy ({found[0]} rows, {report.rows[table]} sent)")
            _add_text_search(pg)
    finally:
        pg.close()
    return report


def _create_table(table: str, columns: list[dict[str, Any]]) -> str:
    parts = [f"{_quoted([c['name']])} {TYPES.get(c['type'].upper(), 'TEXT')}{' NOT NULL' if c['notnull'] else ''}" for c in columns]
    keys = [c["name"] for c in sorted(columns, key=lambda c: c["pk"]) if c["pk"]]
    if keys:
        parts.append(f"PRIMARY KEY ({_quoted(keys)})")
    return f"CREATE TABLE {table} ({', '.join(parts)})"


def _add_text_search(pg: Any) -> None:
    """A ``search`` tsvector on the turns and narrative, in their documents' language, with a GIN index."""
    cases = " ".join(f"WHEN '{code}' THEN '{name}'::regconfig" for code, name in TEXT_SEARCH.items())
    pg.execute("ALTER TABLE segments ADD COLUMN search tsvector")
    pg.execute(
        f"""UPDATE segments s SET search = to_tsvector(CASE d.language {cases} ELSE 'simple'::regconfig END, s.text)
            FROM documents d WHERE d.id = s.document_id AND s.kind IN ('turn', 'narrative', 'caption')"""
    )
    pg.execute("CREATE INDEX segments_search ON segments USING GIN (search)")


# PostgreSQL -> SQLite ---------------------------------------------------------------------------------------
def _to_sqlite(url: str, path: str) -> CopyReport:
    if Path(path).exists():
        raise CopyError(f"{path}: a file is there already (copy into a new file)")
    partial = Path(f"{path}.partial-{os.getpid()}")
    pg = _connect(url)
    report = CopyReport()
    store = Store(partial)  # the current schema, from the same named migrations
    try:
        db = store.db
        tables = data_tables(db)
        theirs = {name for (name,) in pg.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}
        if "documents" not in theirs:
            raise CopyError(f"{_shown(url)}: holds no corpus")
        ours = [name for (name,) in db.execute("SELECT name FROM migrations ORDER BY name")]
        applied = [name for (name,) in pg.execute("SELECT name FROM migrations ORDER BY name")]
        if applied != ours:
            raise CopyError(f"{_shown(url)}: its corpus is at migration {applied[-1] if applied else 'none'}, "
                            f"this summitry at {ours[-1]} (copy it with the summitry that made it)")
        db.execute("PRAGMA foreign_keys = OFF")
        db.execute("BEGIN IMMEDIATE")
        for table, columns in tables.items():
            names = [c["name"] for c in columns]
            db.execute(f"DELETE FROM {table}")  # the migrations' own rows, replaced by the source's
            rows = _streamed(pg, f"SELECT {_quoted(names)} FROM {table}")
            marks = ", ".join("?" * len(names))
            for batch in _batches(rows):
                db.executemany(f"INSERT INTO {table} ({_quoted(names)}) VALUES ({marks})", batch)
        db.execute("COMMIT")
        db.execute("PRAGMA foreign_keys = ON")
        for table, columns in tables.items():
            names = _quoted([c["name"] for c in columns])
            report.rows[table], report.checksums[table] = _summary(db.execute(f"SELECT {names} FROM {table}"))
            theirs_summary = _summary(_streamed(pg, f"SELECT {names} FROM {table}"))
            if theirs_summary != (report.rows[table], report.checksums[table]):
                raise CopyError(f"{path}: table {table} differs after the copy ({report.rows[table]} rows, {theirs_summary[0]} sent)")
        repair(db)  # the full-text indexes, from the turns and titles copied
        store.close()
        os.replace(partial, path)
    finally:
        store.close()
        pg.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
    return report


def _streamed(pg: Any, sql: str) -> Iterator[tuple[Any, ...]]:
    """A query's rows read from the server a batch at a time (a named cursor, in a transaction)."""
    with pg.transaction(), pg.cursor(name="summitry_copy") as cursor:
        cursor.itersize = _BATCH
        cursor.execute(sql)
        yield from cursor


def _batches(rows: Any) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(tuple(row))
        if len(batch) >= _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


# both sides -------------------------------------------------------------------------------------------------
def data_tables(db: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    """The corpus's own tables (not SQLite's, not the full-text indexes and their shadow tables), parents
    before the tables that refer to them, each with its columns (name, type, notnull, pk)."""
    virtual = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'")]
    names = [
        name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        if not name.startswith("sqlite_") and name not in virtual and not any(name.startswith(f"{v}_") for v in virtual)
    ]
    parents = {name: {row[2] for row in db.execute(f"PRAGMA foreign_key_list({name})")} & set(names) for name in names}
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and parents[n] <= set(ordered) | {n}]
        ordered.extend(ready or [n for n in names if n not in ordered])  # a cycle: the rest as they come
    return {
        name: [{"name": r[1], "type": r[2] or "", "notnull": bool(r[3]), "pk": r[5]} for r in db.execute(f"PRAGMA table_info({name})")]
        for name in ordered
    }


def _quoted(names: list[str]) -> str:
    """Column names as both stores read them whatever they are ("end" is a keyword in PostgreSQL)."""
    return ", ".join(f'"{name}"' for name in names)


def _summary(rows: Any) -> tuple[int, str]:
    """How many rows, and a checksum of them that does not depend on their order (the sum of each
    row's SHA-256, modulo 2**128): the same on both sides whatever order each store reads them in."""
    count, total = 0, 0
    for row in rows:
        encoded = json.dumps([bytes(v).hex() if isinstance(v, (bytes, memoryview)) else v for v in row], ensure_ascii=False)
        total = (total + int.from_bytes(hashlib.sha256(encoded.encode("utf-8")).digest()[:16], "big")) % (1 << 128)
        count += 1
    return count, f"{total:032x}"


def _connect(url: str) -> Any:
    try:
        import psycopg
    except ImportError:
        raise CopyError("copy: PostgreSQL needs psycopg (pip install 'summitry[postgres]')") from None
    try:
        return psycopg.connect(url, autocommit=True)
    except psycopg.Error as exc:
        raise CopyError(f"{_shown(url)}: cannot connect ({' '.join(str(exc).split())})") from None


def _shown(url: str) -> str:
    """A database URL without its password."""
    head, at, tail = url.partition("@")
    if not at or ":" not in head.split("//", 1)[-1]:
        return url
    scheme, _, user = head.partition("//")
    return f"{scheme}//{user.split(':')[0]}:***@{tail}"
