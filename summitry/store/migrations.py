"""Schema changes, as named migrations applied in order, each in its own transaction.

A migration is never edited once released: a change to the schema is a new entry at the end.
"""

from __future__ import annotations

import shlex
import sqlite3
from datetime import datetime, timezone

from ..enrich.tokens import index_text

# The full-text indexes over segments, and the kinds of segment each holds (as an SQL list).
FULL_TEXT_INDEXES = {"utterances_fts": "('turn')", "writing_fts": "('narrative', 'caption')"}
# Titles go into their index at commit too: those of documents it does not hold yet.
UNINDEXED_TITLES = """INSERT INTO titles_fts(rowid, title) SELECT id, index_text(title) FROM documents
    WHERE title <> '' AND id NOT IN (SELECT id FROM titles_fts_docsize)"""

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_initial",
        """
        CREATE TABLE pages (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            media_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            encoding TEXT,
            retrieved_at TEXT NOT NULL
        );
        CREATE INDEX pages_source ON pages(source);

        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            page_id INTEGER NOT NULL UNIQUE REFERENCES pages(id) ON DELETE CASCADE,
            source TEXT NOT NULL,
            title TEXT,
            date TEXT,
            time TEXT,
            city TEXT,
            venue TEXT,
            publisher TEXT,
            url TEXT,
            site_id TEXT,
            language TEXT,
            published TEXT,
            updated TEXT,
            tags TEXT NOT NULL DEFAULT '{}',
            captions TEXT NOT NULL DEFAULT '[]',
            turns INTEGER NOT NULL DEFAULT 0,
            words INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX documents_date ON documents(date);

        CREATE TABLE persons (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            origin TEXT NOT NULL,
            country TEXT,
            aliases TEXT NOT NULL DEFAULT '[]',
            roles TEXT NOT NULL DEFAULT '[]'
        );

        CREATE TABLE segments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: the index takes ids above a mark
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL,
            label TEXT,
            person_id TEXT REFERENCES persons(id),
            text TEXT NOT NULL,
            words INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX segments_document ON segments(document_id, position);
        CREATE INDEX segments_person ON segments(person_id) WHERE kind = 'turn';

        CREATE TABLE person_labels (
            person_id TEXT NOT NULL REFERENCES persons(id),
            label TEXT NOT NULL,
            turns INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (person_id, label)
        );

        CREATE TABLE failures (
            source TEXT PRIMARY KEY,
            reason TEXT NOT NULL,
            at TEXT NOT NULL
        );

        -- Turns are indexed in bulk when a batch commits (Store.commit), not row by row: FTS5
        -- flushes its buffer at every savepoint, and each page is written in a savepoint.
        CREATE VIRTUAL TABLE utterances_fts USING fts5(
            text, content='segments', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER segments_fts_delete AFTER DELETE ON segments WHEN old.kind = 'turn' BEGIN
            INSERT INTO utterances_fts(utterances_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END;

        CREATE VIEW utterances AS
            SELECT s.id, s.document_id, s.position, s.person_id, p.name AS speaker, s.label,
                   s.text, s.words, d.date, d.city, d.publisher, d.language, d.title
            FROM segments s
            JOIN documents d ON d.id = s.document_id
            LEFT JOIN persons p ON p.id = s.person_id
            WHERE s.kind = 'turn';
        """,
    ),
    (
        "0002_events",
        """
        CREATE TABLE events (
            id TEXT PRIMARY KEY,  -- date and city slug: 2023-06-09-sochi (-2, -3… when both repeat)
            date TEXT NOT NULL,
            time TEXT,
            city TEXT,
            venue TEXT,
            kind TEXT,
            title TEXT,
            participants TEXT NOT NULL DEFAULT '[]',  -- JSON list of person ids
            canonical_id INTEGER REFERENCES documents(id) ON DELETE SET NULL
        );
        CREATE INDEX events_date ON events(date);
        CREATE INDEX events_canonical ON events(canonical_id);

        CREATE TABLE event_documents (
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            version TEXT NOT NULL,  -- official, readout, translation, reprint, news
            score REAL NOT NULL,
            PRIMARY KEY (event_id, document_id)
        ) WITHOUT ROWID;
        CREATE INDEX event_documents_document ON event_documents(document_id);
        """,
    ),
    (
        "0003_enrichment",
        """
        -- What the enrich stage (summitry/enrich.py) finds in a turn, as JSON, one row per turn that has any;
        -- offsets are characters of segments.text. The views below show it as rows.
        CREATE TABLE enrichment (
            segment_id INTEGER PRIMARY KEY REFERENCES segments(id) ON DELETE CASCADE,
            figures TEXT,  -- [[kind, text, value, value_to, unit, qualifier, measure, noun, dates, start], ...]
            mentions TEXT,  -- [[entity, name, type, [start, end, start, end, ...]], ...]
            topics TEXT  -- {"topic": hits, ...}
        );

        CREATE VIEW figures AS
            SELECT e.segment_id, json_extract(f.value, '$[0]') AS kind, json_extract(f.value, '$[1]') AS text,
                   json_extract(f.value, '$[2]') AS value, json_extract(f.value, '$[3]') AS value_to,
                   json_extract(f.value, '$[4]') AS unit, json_extract(f.value, '$[5]') AS qualifier,
                   json_extract(f.value, '$[6]') AS measure, json_extract(f.value, '$[7]') AS noun,
                   json_extract(f.value, '$[8]') AS dates, json_extract(f.value, '$[9]') AS start
            FROM enrichment e, json_each(e.figures) f;

        CREATE VIEW mentions AS
            SELECT e.segment_id, json_extract(m.value, '$[0]') AS entity, json_extract(m.value, '$[1]') AS name,
                   json_extract(m.value, '$[2]') AS type, json_array_length(m.value, '$[3]') / 2 AS count,
                   json_extract(m.value, '$[3]') AS spans
            FROM enrichment e, json_each(e.mentions) m;

        CREATE VIEW utterance_topics AS
            SELECT e.segment_id, t.key AS topic, t.value AS hits,
                   CAST(t.value AS REAL) / (SELECT SUM(value) FROM json_each(e.topics)) AS score
            FROM enrichment e, json_each(e.topics) t;

        -- How often each speaker said each word (keyness): one row per speaker and commit, merged now and then;
        -- words of replaced documents come back with negative counts. speaker_terms sums them.
        CREATE TABLE speaker_words (
            id INTEGER PRIMARY KEY,
            person_id TEXT NOT NULL,
            counts TEXT NOT NULL  -- {"word": count, ...}
        );
        CREATE INDEX speaker_words_person ON speaker_words(person_id);

        CREATE VIEW speaker_terms AS
            SELECT w.person_id, j.key AS term, SUM(j.value) AS count
            FROM speaker_words w, json_each(w.counts) j
            GROUP BY w.person_id, j.key HAVING SUM(j.value) > 0;

        -- Every occurrence of every indexed word, by utterance (term trends).
        CREATE VIRTUAL TABLE utterances_vocab USING fts5vocab(utterances_fts, instance);
        """,
    ),
    (
        "0004_document_sources",
        """
        -- Where each metadata field was read on the page: {"date": "dateline", "city": "lead", ...}.
        ALTER TABLE documents ADD COLUMN sources TEXT NOT NULL DEFAULT '{}';
        """,
    ),
    (
        "0005_visits",
        """
        -- A visit: the sessions (events) of one stay of the same persons in one city on consecutive days
        -- (talks, a news conference, a dinner). Events of no visit have visit_id NULL.
        CREATE TABLE visits (
            id TEXT PRIMARY KEY,  -- first day and city slug: 2025-03-12-sochi-visit
            start TEXT NOT NULL,
            end TEXT NOT NULL,
            city TEXT,
            participants TEXT NOT NULL DEFAULT '[]'  -- JSON list of person ids
        );
        ALTER TABLE events ADD COLUMN visit_id TEXT REFERENCES visits(id) ON DELETE SET NULL;
        CREATE INDEX events_visit ON events(visit_id);
        """,
    ),
    (
        "0006_counted_once",
        """
        -- Which versions repeat a meeting already counted (see store.filters.counted_once): bit 1, not
        -- the event's canonical text; bit 2, not the one version counted in its language either (the
        -- canonical one where it is in that language, else the first stored). Written by the linker.
        ALTER TABLE event_documents ADD COLUMN repeats INTEGER NOT NULL DEFAULT 0;
        UPDATE event_documents SET repeats = 1 WHERE EXISTS (
            SELECT 1 FROM events e WHERE e.id = event_documents.event_id
            AND e.canonical_id IS NOT NULL AND e.canonical_id <> event_documents.document_id);
        UPDATE event_documents SET repeats = 3 WHERE repeats = 1 AND EXISTS (
            SELECT 1 FROM events e JOIN event_documents y ON y.event_id = e.id
            JOIN documents dy ON dy.id = y.document_id JOIN documents dx ON dx.id = event_documents.document_id
            WHERE e.id = event_documents.event_id AND y.document_id <> event_documents.document_id
            AND dy.language IS dx.language AND (dy.id = e.canonical_id OR dy.id < dx.id));
        CREATE INDEX event_documents_repeats ON event_documents(repeats) WHERE repeats <> 0;
        -- A version counted for its meeting or language that leaves the event (its page replaced or
        -- removed) leaves the event without a canonical text, which the next link writes again; until
        -- then every version of it counts.
        CREATE TRIGGER event_documents_counted_gone AFTER DELETE ON event_documents
        WHEN OLD.repeats <> 3 BEGIN
            UPDATE events SET canonical_id = NULL WHERE id = OLD.event_id;
        END;
        """,
    ),
    (
        "0007_segment_filters",
        """
        -- What a search filters matches on, in a compact index: counting the matches that pass a
        -- speaker, date or publisher filter reads it instead of every matching turn's row and text.
        CREATE INDEX segments_filters ON segments(id, document_id, person_id);
        """,
    ),
    (
        "0008_written_text",
        """
        -- What was written rather than said, searchable as turns are (search --in narrative|titles|all):
        -- readouts, lead paragraphs and captions (segments of those kinds), indexed in bulk at commit as
        -- turns are; and titles, one row per document (rowid = documents.id) holding its own copy.
        CREATE VIRTUAL TABLE writing_fts USING fts5(
            text, content='segments', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER segments_writing_delete AFTER DELETE ON segments
        WHEN old.kind IN ('narrative', 'caption') BEGIN
            INSERT INTO writing_fts(writing_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END;
        INSERT INTO writing_fts(rowid, text) SELECT id, text FROM segments WHERE kind IN ('narrative', 'caption');

        CREATE VIRTUAL TABLE titles_fts USING fts5(title, tokenize='unicode61 remove_diacritics 2');
        CREATE TRIGGER documents_title_delete AFTER DELETE ON documents BEGIN
            DELETE FROM titles_fts WHERE rowid = old.id;
        END;
        INSERT INTO titles_fts(rowid, title) SELECT id, title FROM documents WHERE title IS NOT NULL AND title <> '';
        """,
    ),
    (
        "0009_corrections",
        """
        -- An analyst's corrections (store.corrections), kept so that pages stored or parsed again keep
        -- them: remove (subject: the document's source), merge (subject: the person merged, value: the
        -- person kept), rename (subject: the person, value: the name given).
        CREATE TABLE corrections (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('remove', 'merge', 'rename')),
            subject TEXT NOT NULL,
            value TEXT
        );
        """,
    ),
    (
        "0010_tokens",
        """
        -- Who may write through the web server (store.tokens): API tokens, kept as their SHA-256 only,
        -- and an audit of every write made through it (who, when, what).
        CREATE TABLE tokens (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            hash TEXT NOT NULL UNIQUE,
            created TEXT NOT NULL,
            revoked TEXT
        );
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            who TEXT NOT NULL,  -- a token's name, or "this machine" for an upload from loopback without one
            action TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{}'  -- JSON
        );
        """,
    ),
    (
        "0011_unspaced_scripts",
        """
        -- The full-text indexes read each character of kana and Han as a word (index_text, a function
        -- every connection of summitry registers), so that a word is found inside a run of them; the
        -- rows that hold such characters are indexed again, and a deleted row leaves the index as it
        -- was put in.
        DROP TRIGGER segments_fts_delete;
        CREATE TRIGGER segments_fts_delete AFTER DELETE ON segments WHEN old.kind = 'turn' BEGIN
            INSERT INTO utterances_fts(utterances_fts, rowid, text) VALUES ('delete', old.id, index_text(old.text));
        END;
        DROP TRIGGER segments_writing_delete;
        CREATE TRIGGER segments_writing_delete AFTER DELETE ON segments
        WHEN old.kind IN ('narrative', 'caption') BEGIN
            INSERT INTO writing_fts(writing_fts, rowid, text) VALUES ('delete', old.id, index_text(old.text));
        END;
        CREATE TEMP TABLE unspaced AS SELECT id, kind, text FROM segments WHERE index_text(text) <> text;
        INSERT INTO utterances_fts(utterances_fts, rowid, text) SELECT 'delete', id, text FROM unspaced WHERE kind = 'turn';
        INSERT INTO utterances_fts(rowid, text) SELECT id, index_text(text) FROM unspaced WHERE kind = 'turn';
        INSERT INTO writing_fts(writing_fts, rowid, text)
            SELECT 'delete', id, text FROM unspaced WHERE kind IN ('narrative', 'caption');
        INSERT INTO writing_fts(rowid, text) SELECT id, index_text(text) FROM unspaced WHERE kind IN ('narrative', 'caption');
        DROP TABLE unspaced;
        DELETE FROM titles_fts WHERE rowid IN (SELECT id FROM documents WHERE index_text(title) <> title);
        INSERT INTO titles_fts(rowid, title) SELECT id, index_text(title) FROM documents WHERE index_text(title) <> title;
        """,
    ),
]


class PendingMigrations(sqlite3.OperationalError):
    """A database opened read-only lacks migrations; the message says which and the command to run."""

    def __init__(self, path: str, missing: list[str]) -> None:
        self.path, self.missing = path, missing
        super().__init__(
            f"{path}: lacks migration{'s' if len(missing) > 1 else ''} {', '.join(missing)}, which a read-only "
            f"server does not apply; run `summitry --db {shlex.quote(path)} migrate` first"
        )


def pending(db: sqlite3.Connection) -> list[str]:
    """The names of the migrations this database lacks, in order."""
    try:
        done = {row[0] for row in db.execute("SELECT name FROM migrations")}
    except sqlite3.OperationalError:  # no migrations table: none applied
        done = set()
    return [name for name, _ in MIGRATIONS if name not in done]


def register_functions(db: sqlite3.Connection) -> None:
    """The SQL functions the schema calls (its triggers, the index's writes): ``index_text``, what the
    full-text indexes read of a text. Every connection that writes to a corpus needs them."""
    db.create_function("index_text", 1, index_text, deterministic=True)


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply the migrations this database lacks; returns their names."""
    register_functions(db)
    db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in db.execute("SELECT name FROM migrations")}
    applied = []
    for name, script in MIGRATIONS:
        if name in done:
            continue
        db.execute("BEGIN IMMEDIATE")
        # another process may have applied it while this one waited for the write lock
        if db.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone():
            db.execute("ROLLBACK")
            continue
        try:
            for statement in _statements(script):
                db.execute(statement)
            db.execute(
                "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                (name, datetime.now(timezone.utc).isoformat(timespec="seconds")),
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied


def _statements(script: str) -> list[str]:
    """Split a script into statements, keeping trigger bodies whole."""
    statements, current = [], []
    for line in script.splitlines():
        current.append(line)
        candidate = "\n".join(current).strip()
        if candidate.endswith(";") and sqlite3.complete_statement(candidate):
            statements.append(candidate)
            current = []
    if "\n".join(current).strip():
        statements.append("\n".join(current))
    return statements
