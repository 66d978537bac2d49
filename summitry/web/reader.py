"""Read access for the web app: one read-only connection per server thread, and the queries the
pages need beyond summitry.Corpus (latest documents, filter choices, one speaker in full)."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from ..queries.analysis import AnalysisError, keyness
from ..queries.corpus import Corpus
from ..store.filters import counted_once
from ..store.sqlite import Store

T = TypeVar("T")
# A speaker's page counts each meeting once, from its canonical version (store.filters.counted_once).
ONCE = "".join(f" AND {c}" for c in counted_once("event"))
# a search reads the full-text index page by page: reading through a memory map (shared by the server
# processes, as the OS caches the file) instead of read() calls takes about a third off each lookup
READ_PRAGMAS = ("PRAGMA mmap_size = 1073741824", "PRAGMA cache_size = -32000")


class Reader:
    """Hands each thread its own read-only Corpus over one database file."""

    def __init__(self, db_path: str | os.PathLike[str], create: bool = False) -> None:
        self.path = os.fspath(db_path)
        try:  # fail now, with the reason, not on the first request
            Corpus(self.path, read_only=True).close()
        except sqlite3.OperationalError:
            if not create:  # a reader never writes: a database that lacks migrations is refused
                raise
            Store(self.path).close()  # create the database, or apply the migrations it lacks
            Corpus(self.path, read_only=True).close()
        self._local = threading.local()
        self._opened: list[Corpus] = []
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[tuple[Any, ...], Any]] = {}
        self._generation = 0  # grows at each close: a thread's connection of before is opened again

    def corpus(self) -> Corpus:
        corpus = getattr(self._local, "corpus", None)
        if corpus is None or getattr(self._local, "generation", None) != self._generation:
            corpus = Corpus(self.path, read_only=True)
            for pragma in READ_PRAGMAS:
                corpus.db.execute(pragma)
            self._local.corpus, self._local.generation = corpus, self._generation
            with self._lock:
                self._opened.append(corpus)
        return corpus

    def cached(self, name: str, compute: Callable[[sqlite3.Connection], T]) -> T:
        """compute(db), computed again only when the corpus has changed since (an ingest ran)."""
        db = self.corpus().db
        version = signature(db)
        with self._lock:
            hit = self._cache.get(name)
        if hit is not None and hit[0] == version:
            return hit[1]
        value = compute(db)
        with self._lock:
            self._cache[name] = (version, value)
        return value

    def close(self) -> None:
        """Close every thread's connection; a request after (the app started again) opens its own."""
        with self._lock:
            for corpus in self._opened:
                corpus.close()
            self._opened.clear()
            self._generation += 1


def signature(db: sqlite3.Connection) -> tuple[Any, ...]:
    """Changes whenever an ingest adds or replaces documents (new segment ids are never reused) or
    events are linked again; reads three b-tree ends, whatever the corpus size."""
    events = "(SELECT MAX(rowid) FROM events)" if has_table(db, "events") else "NULL"
    return tuple(db.execute(
        f"""SELECT (SELECT seq FROM sqlite_sequence WHERE name = 'segments'), (SELECT MAX(id) FROM documents), {events}"""
    ).fetchone())


def has_table(db: sqlite3.Connection, name: str) -> bool:
    row = db.execute("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", (name,))
    return row.fetchone() is not None


def latest_documents(db: sqlite3.Connection, limit: int = 8) -> list[dict[str, Any]]:
    rows = db.execute(
        """SELECT id, date, city, venue, title, publisher, turns, words FROM documents
           ORDER BY date IS NULL, date DESC, id DESC LIMIT ?""",
        (limit,),
    )
    return [dict(r) for r in rows]


def documents_page(db: sqlite3.Connection, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    total = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    rows = db.execute(
        """SELECT id, date, time, city, venue, title, publisher, language, url, turns, words FROM documents
           ORDER BY date IS NULL, date DESC, id DESC LIMIT ? OFFSET ?""",
        (limit, offset),
    )
    return [dict(r) for r in rows], total


def choices(db: sqlite3.Connection) -> dict[str, list[str]]:
    """The values the search filters can take in this corpus (for the form's suggestions)."""
    def column(sql: str) -> list[str]:
        return [r[0] for r in db.execute(sql) if r[0]]

    found = {
        "publisher": column("SELECT DISTINCT publisher FROM documents ORDER BY publisher"),
        "place": column("SELECT DISTINCT city FROM documents ORDER BY city"),
        "language": column("SELECT DISTINCT language FROM documents ORDER BY language"),
        "topic": column(
            "SELECT DISTINCT j.value FROM documents, json_each(documents.tags, '$.topics') j ORDER BY j.value"
        ),
        "speaker": column(
            """SELECT p.name FROM persons p JOIN segments s ON s.person_id = p.id AND s.kind = 'turn'
               GROUP BY p.id ORDER BY COUNT(*) DESC LIMIT 200"""
        ),
        "kind": [],
    }
    if has_table(db, "events"):
        found["kind"] = column("SELECT DISTINCT kind FROM events ORDER BY kind")
    return found


def speaker(db: sqlite3.Connection, person_id: str) -> dict[str, Any] | None:
    """One person: names, aliases, roles, labels seen, and turns and words by year."""
    row = db.execute("SELECT * FROM persons WHERE id = ?", (person_id,)).fetchone()
    if row is None:
        return None
    person = dict(row)
    person["aliases"] = json.loads(person["aliases"])
    person["roles"] = json.loads(person["roles"])
    person["labels"] = [
        dict(r)
        for r in db.execute(
            "SELECT label, turns FROM person_labels WHERE person_id = ? ORDER BY turns DESC, label", (person_id,)
        )
    ]
    person["by_year"] = [
        dict(r)
        for r in db.execute(
            f"""SELECT substr(d.date, 1, 4) AS year, COUNT(*) AS turns, SUM(s.words) AS words,
                      COUNT(DISTINCT d.id) AS documents
               FROM segments s JOIN documents d ON d.id = s.document_id
               WHERE s.person_id = ? AND s.kind = 'turn' AND d.date IS NOT NULL{ONCE}
               GROUP BY year ORDER BY year""",
            (person_id,),
        )
    ]
    totals = db.execute(
        f"""SELECT COUNT(*) AS turns, COALESCE(SUM(s.words), 0) AS words, COUNT(DISTINCT s.document_id) AS documents
            FROM segments s JOIN documents d ON d.id = s.document_id
            WHERE s.person_id = ? AND s.kind = 'turn'{ONCE}""",
        (person_id,),
    ).fetchone()
    person.update(dict(totals))
    return person


def distinctive_terms(corpus: Corpus, person_id: str, limit: int = 15) -> list[dict[str, Any]] | None:
    """The words most distinctive of a person against everyone else (None when the corpus has no
    word counts, or the person too few words)."""
    if not has_table(corpus.db, "enrichment"):
        return None
    try:
        return keyness(corpus, person_id, limit=limit)
    except AnalysisError:
        return None


def speaker_turns(
    db: sqlite3.Connection, person_id: str, limit: int, offset: int, year: str | None = None
) -> list[dict[str, Any]]:
    """A person's turns (of one year, if given), newest first, with a short excerpt."""
    rows = db.execute(
        f"""SELECT s.id AS utterance, d.id AS document, s.position, d.date, d.title, d.city, s.words,
                  substr(s.text, 1, 240) AS excerpt
           FROM segments s JOIN documents d ON d.id = s.document_id
           WHERE s.person_id = ? AND s.kind = 'turn' AND (? IS NULL OR substr(d.date, 1, 4) = ?){ONCE}
           ORDER BY d.date IS NULL, d.date DESC, d.id DESC, s.position LIMIT ? OFFSET ?""",
        (person_id, year, year, limit, offset),
    )
    return [dict(r) for r in rows]


def speakers_page(reader: Reader, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    rows = reader.cached("speakers", lambda _: reader.corpus().speakers())
    return rows[offset : offset + limit], len(rows)


def count_events(db: sqlite3.Connection) -> int | None:
    """Events in the corpus (None when this database has no events table)."""
    if not has_table(db, "events"):
        return None
    return db.execute("SELECT COUNT(*) FROM events").fetchone()[0]


def versions(db: sqlite3.Connection, doc_id: int) -> dict[str, Any]:
    """The event a document belongs to and the other documents of that event."""
    if not has_table(db, "event_documents"):
        return {"event": None, "versions": []}
    row = db.execute("SELECT event_id FROM event_documents WHERE document_id = ?", (doc_id,)).fetchone()
    if row is None:
        return {"event": None, "versions": []}
    others = db.execute(
        """SELECT d.id AS document, d.title, d.publisher, ed.version FROM event_documents ed
           JOIN documents d ON d.id = ed.document_id
           WHERE ed.event_id = ? AND ed.document_id != ? ORDER BY ed.score DESC, d.id""",
        (row[0], doc_id),
    )
    return {"event": row[0], "versions": [dict(r) for r in others]}
