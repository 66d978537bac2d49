"""Stage 7, store: documents into SQLite (WAL, migrations, an FTS5 index over utterances).

One writer. Pages are identified by content hash: the same bytes again change nothing; new bytes
from the same source replace that source's document. Writes are batched in transactions, each page
inside a savepoint, so a page that fails to store is rolled back alone and recorded as a failure.
"""

from __future__ import annotations

import json
import os
import sqlite3
import urllib.parse
from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime, timezone
from typing import Literal, TypeVar

from ..enrich.topics import Taxonomy
from ..records import Document, Failure, Page, Person
from .corrections import CorrectionError, Corrections, record
from .enrichment import TermTally, reenrich, stored_speaker_words, write_document_enrichment
from .ingest_lock import ingest_lock
from .migrations import (
    FULL_TEXT_INDEXES,
    MIGRATIONS,
    UNINDEXED_TITLES,
    PendingMigrations,
    migrate,
    pending,
    register_functions,
)

DEFAULT_DB = "summitry.db"
INDEX_MERGE_GROWTH = 0.25  # merge the full-text index after an ingest adds this share of all turns
DB_ENV = "SUMMITRY_DB"
T = TypeVar("T")
Outcome = Literal["added", "updated", "unchanged", "removed"]  # removed: by an analyst (store.corrections)


class BatchLost(sqlite3.OperationalError):
    """A write failed in a way that made SQLite roll back the whole batch under way (disk full, an I/O
    error): its pages, their documents and their index rows are gone together; what earlier batches
    committed is kept. The ingest cannot go on: a rerun stores the lost pages."""

    def __init__(self, path: str, cause: BaseException) -> None:
        super().__init__(
            f"{path}: a write failed ({cause}); the pages since the last commit were rolled back, "
            "everything committed before is kept and a rerun stores the rest"
        )


def default_db_path() -> str:
    return os.environ.get(DB_ENV) or DEFAULT_DB


def connect(path: str | os.PathLike[str], read_only: bool = False) -> sqlite3.Connection:
    """A connection to the database, created when missing, with every migration applied; or, with
    read_only, one that cannot write (connect_read_only)."""
    if read_only:
        return connect_read_only(path)
    db = _connect_writable(path)
    migrate(db)
    return db


def _connect_writable(path: str | os.PathLike[str]) -> sqlite3.Connection:
    db = sqlite3.connect(os.fspath(path), isolation_level=None, check_same_thread=False)
    db.row_factory = sqlite3.Row
    register_functions(db)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 5000")
    return db


def migrate_database(path: str | os.PathLike[str]) -> list[str]:
    """Apply the migrations an existing database lacks; returns their names (none: it had them all)."""
    if not os.path.isfile(path):
        raise sqlite3.OperationalError(f"no database at {os.fspath(path)}")
    db = _connect_writable(path)
    try:
        return migrate(db)
    finally:
        db.close()


def connect_read_only(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """A connection that cannot write: the file opened with mode=ro. A database that lacks
    migrations is refused (PendingMigrations), never migrated: `summitry migrate` does that."""
    if not os.path.isfile(path):
        raise sqlite3.OperationalError(f"no database at {os.fspath(path)}")
    uri = "file:" + urllib.parse.quote(os.path.abspath(path)) + "?mode=ro"
    db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    db.row_factory = sqlite3.Row
    register_functions(db)
    db.execute("PRAGMA busy_timeout = 5000")
    db.execute("PRAGMA query_only = ON")
    missing = pending(db)
    if missing:
        db.close()
        if len(missing) == len(MIGRATIONS):
            raise sqlite3.OperationalError(f"{os.fspath(path)} holds no summitry corpus (no migrations applied)")
        raise PendingMigrations(os.fspath(path), missing)
    return db


class Store:
    """The database of one corpus. Use ``with store.batch(): store.add(...)`` for fast ingest."""

    def __init__(self, path: str | os.PathLike[str], read_only: bool = False) -> None:
        self.path = os.fspath(path)
        self.db = connect(self.path, read_only)
        self._in_batch = False
        self._indexed_upto = 0
        self._terms = TermTally()  # speakers' word counts of this batch, written at commit
        self.reload()

    def reload(self) -> None:
        """Read again what this object keeps of the database, which another process may have
        written since (an ingest that this one waited for)."""
        self._known_persons: set[str] = {row[0] for row in self.db.execute("SELECT id FROM persons")}
        # whether a failure may be recorded (a page stored later clears its own)
        self._failures = self.db.execute("SELECT EXISTS (SELECT 1 FROM failures)").fetchone()[0] == 1
        self.corrections = Corrections.load(self.db)

    def close(self) -> None:
        self.db.close()

    # transactions -------------------------------------------------------------------------
    def begin(self) -> None:
        if not self._in_batch:
            self.db.execute("BEGIN IMMEDIATE")
            self._in_batch = True
            self._indexed_upto = self._last_segment_id()

    def _last_segment_id(self) -> int:
        row = self.db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'segments'").fetchone()
        return row[0] if row else 0

    def commit(self) -> None:
        """Commit the batch: its turns go into the full-text index in the same transaction as their
        rows, so both are stored or neither is. A batch that cannot commit is rolled back whole."""
        if not self._in_batch:
            return
        try:
            self._check_batch()
            self._index_new_turns()
            self.db.execute(UNINDEXED_TITLES)  # titles hold their own copy: deleting one needs no index first
            self._terms.flush(self.db)
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._abandon_batch()
            if isinstance(exc, BatchLost):
                raise
            raise BatchLost(self.path, exc) from exc
        except BaseException:
            if not self.db.in_transaction:  # else the batch stays open: commit() again keeps it
                self._abandon_batch()
            raise
        self._in_batch = False

    def _check_batch(self) -> None:
        """Raise BatchLost when SQLite rolled back the batch under way by itself (after a disk-full or
        I/O error): a write now would run outside it, committed at once without its index rows."""
        if self._in_batch and not self.db.in_transaction:
            self._abandon_batch()
            raise BatchLost(self.path, sqlite3.OperationalError("the transaction was rolled back"))

    def _abandon_batch(self) -> None:
        if self.db.in_transaction:
            with suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
        self._in_batch = False
        self._terms.clear()

    def _index_new_turns(self) -> None:
        """Add the segments written since the batch began to the full-text indexes, one statement each:
        turns to that of what was said, narrative and captions to that of what was written."""
        for index, kinds in FULL_TEXT_INDEXES.items():
            self.db.execute(
                f"INSERT INTO {index}(rowid, text) SELECT id, index_text(text) FROM segments WHERE id > ? AND kind IN {kinds}",
                (self._indexed_upto,),
            )
        self._indexed_upto = self._last_segment_id()

    def merge_index(self, added_turns: int) -> bool:
        """Merge the full-text index into one segment when the turns just added are at least
        INDEX_MERGE_GROWTH of all turns. An ingest leaves the index in several segments, and a search
        asks each of them; merged, a phrase costs a third. Merging rewrites the whole index, so it
        waits until the corpus has grown by that share: its cost per turn stays constant."""
        if not added_turns:
            return False
        total = self.db.execute("SELECT COUNT(*) FROM segments WHERE kind = 'turn'").fetchone()[0]
        if added_turns < INDEX_MERGE_GROWTH * total:
            return False
        self.db.execute("INSERT INTO utterances_fts (utterances_fts) VALUES ('optimize')")
        return True

    def rollback(self) -> None:
        if self._in_batch:
            self.db.execute("ROLLBACK")
            self._in_batch = False
            self._terms.clear()

    # pages ----------------------------------------------------------------------------------
    def has_page(self, sha256: str, source: str | None = None) -> bool:
        """These bytes are stored, and (given the source) nothing stale of that source is: a file changed
        to another stored page's bytes still needs ``add`` to drop its old document."""
        if source is None:
            return self.db.execute("SELECT 1 FROM pages WHERE sha256 = ?", (sha256,)).fetchone() is not None
        return self.db.execute(
            """SELECT 1 FROM pages WHERE sha256 = ?
               AND NOT EXISTS (SELECT 1 FROM pages WHERE source = ? AND sha256 != ?)""",
            (sha256, source, sha256),
        ).fetchone() is not None

    def add(self, page: Page, doc: Document, again: bool = False) -> Outcome:
        """Store one parsed page, as the recorded corrections want it (a page whose document was
        removed stays out: "removed"). Raises sqlite3.Error after rolling back this page alone. A
        source whose file now holds bytes stored under another source loses its stale document: the
        bytes are stored once, under the other. ``again``: the page was parsed again (reparse), and
        replaces this source's document even when its bytes are those stored."""
        if page.source in self.corrections.removed:
            return "removed"
        # these bytes stored already (under any source), or earlier versions of this source
        old = self.db.execute(
            "SELECT id, sha256, source FROM pages WHERE sha256 = ? OR source = ?", (page.sha256, page.source)
        ).fetchall()
        # this source's earlier bytes (and, parsed again, its same bytes)
        stale = [row[0] for row in old if row[1] != page.sha256 or (again and row[2] == page.source)]
        stored = any(row[1] == page.sha256 and row[0] not in stale for row in old)
        if stored and not stale:
            return "unchanged"
        doc = self.corrections.apply(doc)
        self._check_batch()
        own_batch = not self._in_batch
        self.begin()
        indexed_upto = self._indexed_upto
        self.db.execute("SAVEPOINT page")
        try:
            outcome: Outcome = "updated" if stale else "added"
            replaced = self._remove_pages(stale) if stale else {}
            if stored:
                outcome = "updated"  # its document goes: its bytes are another source's, stored already
            else:
                self._insert(page, doc)
                if self._failures:
                    self.db.execute("DELETE FROM failures WHERE source = ?", (page.source,))
                self._terms.add(doc.speaker_words)
            self.db.execute("RELEASE page")
            self._terms.add(replaced, removed=True)
        except BaseException as exc:
            if not self.db.in_transaction:  # SQLite rolled back the whole batch (disk full, I/O error)
                self._abandon_batch()
                raise BatchLost(self.path, exc) from exc
            self.db.execute("ROLLBACK TO page")
            self.db.execute("RELEASE page")
            self._indexed_upto = indexed_upto
            self._known_persons = {row[0] for row in self.db.execute("SELECT id FROM persons")}
            raise
        finally:
            if own_batch:
                self.commit()
        return outcome

    def remove_documents(self, doc_ids: list[int]) -> list[str]:
        """Remove documents with their pages, in one transaction, each recorded (store.corrections) so
        that an ingest or a reparse of their pages leaves them out; returns their sources."""
        marks = ",".join("?" * len(doc_ids))
        rows = self.db.execute(f"SELECT id, source, page_id FROM documents WHERE id IN ({marks})", doc_ids).fetchall()
        missing = sorted(set(doc_ids) - {row[0] for row in rows})
        if missing:
            raise CorrectionError(f"document: no document has the id {missing[0]} (summitry documents lists them)")
        return self.correct(lambda db: self._remove_recorded(rows))

    def _remove_recorded(self, rows: list[sqlite3.Row]) -> list[str]:
        self._terms.add(self._remove_pages([row[2] for row in rows]), removed=True)
        for row in rows:
            record(self.db, "remove", row[1])
        return [row[1] for row in rows]

    def correct(self, change: Callable[[sqlite3.Connection], T]) -> T:
        """Make a correction (store.corrections) in a transaction of its own, after any ingest under
        way in another process (ingest_lock: it waits rather than failing after SQLite's 5 s); the
        corrections this store applies are read again after it."""
        self.commit()
        with ingest_lock(self.path):
            self.begin()
            try:
                result = change(self.db)
                self.commit()
            except BaseException:
                self.rollback()
                raise
        self.reload()
        return result

    def _remove_pages(self, page_ids: list[int]) -> dict[str, list[str]]:
        """Delete stored pages and their documents, taking their turns out of the label counts; returns
        their speakers' words, to take out of the word counts."""
        self._index_new_turns()  # the delete trigger must find what it removes in the index
        replaced = stored_speaker_words(self.db, page_ids)
        marks = ",".join("?" * len(page_ids))
        labels: Counter[tuple[str, str]] = Counter()
        for person_id, label in self.db.execute(
            f"""SELECT s.person_id, s.label FROM segments s JOIN documents d ON d.id = s.document_id
                WHERE d.page_id IN ({marks}) AND s.kind = 'turn'""",
            page_ids,
        ):
            labels[(person_id, _label_key(label))] += 1
        self.db.executemany(
            "UPDATE person_labels SET turns = turns - ? WHERE person_id IS ? AND label = ?",
            [(count, person, label) for (person, label), count in labels.items()],
        )
        self.db.execute("DELETE FROM person_labels WHERE turns <= 0")
        self.db.executemany("DELETE FROM pages WHERE id = ?", [(i,) for i in page_ids])
        return replaced

    def _insert(self, page: Page, doc: Document) -> None:
        db = self.db
        page_id = db.execute(
            "INSERT INTO pages (source, sha256, media_type, size, encoding, retrieved_at) VALUES (?,?,?,?,?,?)",
            (page.source, page.sha256, page.media_type, page.size, doc.encoding, page.retrieved_at),
        ).lastrowid
        turns = doc.turns
        doc_id = db.execute(
            """INSERT INTO documents (page_id, source, title, date, time, city, venue, publisher, url, site_id,
                   language, published, updated, tags, captions, turns, words, sources)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (
                page_id, doc.source, doc.title, doc.date, doc.time, doc.city, doc.venue, doc.publisher, doc.url,
                doc.site_id, doc.language, doc.published, doc.updated,
                json.dumps(doc.tags, ensure_ascii=False), json.dumps(doc.captions, ensure_ascii=False),
                len(turns), sum(t.words for t in turns), json.dumps(doc.sources),
            ),
        ).lastrowid
        for person in doc.persons.values():
            if person.id not in self._known_persons:
                self._insert_person(person)
        db.executemany(
            "INSERT INTO segments (document_id, position, kind, label, person_id, text, words) VALUES (?,?,?,?,?,?,?)",
            [
                (doc_id, i, s.kind, s.label, s.person_id, s.text, s.words if s.kind == "turn" else 0)
                for i, s in enumerate(doc.segments)
            ],
        )
        labels = Counter((t.person_id, _label_key(t.label)) for t in turns)
        db.executemany(
            """INSERT INTO person_labels (person_id, label, turns) VALUES (?, ?, ?)
               ON CONFLICT (person_id, label) DO UPDATE SET turns = turns + excluded.turns""",
            [(person, label, count) for (person, label), count in labels.items()],
        )
        write_document_enrichment(db, doc_id, doc)

    def reenrich(self, on_document: Callable[[int, int], None] | None = None, taxonomy: Taxonomy | None = None) -> int:
        """Enrich the stored documents again (after the data files changed), from their stored turns."""
        self.commit()
        return reenrich(self.db, on_document, taxonomy)

    def _insert_person(self, person: Person) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO persons (id, name, origin, country, aliases, roles) VALUES (?,?,?,?,?,?)",
            (
                person.id, person.name, person.origin, person.country,
                json.dumps(person.aliases, ensure_ascii=False),
                json.dumps([{"role": r.role, "from": r.start, "to": r.end} for r in person.roles], ensure_ascii=False),
            ),
        )
        self._known_persons.add(person.id)

    def record_failure(self, failure: Failure) -> None:
        self._check_batch()
        self._failures = True
        try:
            self._write_failure(failure)
        except sqlite3.Error as exc:
            if self._in_batch and not self.db.in_transaction:
                self._abandon_batch()
                raise BatchLost(self.path, exc) from exc
            raise

    def _write_failure(self, failure: Failure) -> None:
        self.db.execute(
            """INSERT INTO failures (source, reason, at) VALUES (?, ?, ?)
               ON CONFLICT (source) DO UPDATE SET reason = excluded.reason, at = excluded.at""",
            (failure.source, failure.reason, datetime.now(timezone.utc).isoformat(timespec="seconds")),
        )


def _label_key(label: str | None) -> str:
    """A label as person_labels counts it: its words, single-spaced."""
    return " ".join((label or "").split())
