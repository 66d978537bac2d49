"""The enrich stage's rows in the database: writing them with a document, keeping the per-speaker word
counts up to date, and enriching stored documents again (``summitry enrich``) from their stored turns,
without reading or parsing any page.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from .enrich import enrich_document
from .records import Document, Segment
from .tokens import tokens
from .topics import Taxonomy

MERGE_ROWS = 16  # rows of word counts a speaker may have before they are merged into one


def write_enrichment(db: sqlite3.Connection, turns: Iterable[tuple[int, Segment]]) -> None:
    """Write the figures, mentions and topic scores of enriched turns, given as (segment id, turn)."""
    dumps = json.dumps
    rows = [
        (
            segment_id,
            dumps([
                [f.kind, f.text, f.value, f.value_to, f.unit, f.qualifier, f.measure, f.noun, f.dates or None, f.start]
                for f in turn.figures
            ]) if turn.figures else None,
            dumps([[m.entity, m.name, m.type, [x for span in m.spans for x in span]] for m in turn.mentions])
            if turn.mentions else None,
            dumps({t.topic: t.hits for t in turn.topics}) if turn.topics else None,
        )
        for segment_id, turn in turns
        if turn.figures or turn.mentions or turn.topics
    ]
    db.executemany("INSERT INTO enrichment (segment_id, figures, mentions, topics) VALUES (?,?,?,?)", rows)


def write_document_enrichment(db: sqlite3.Connection, document_id: int, doc: Document) -> None:
    """Write the enrichment of a document whose segments were just stored under document_id."""
    ids = [row[0] for row in db.execute(
        "SELECT id FROM segments WHERE document_id = ? AND kind = 'turn' ORDER BY position", (document_id,)
    )]
    write_enrichment(db, zip(ids, doc.turns, strict=True))


class TermTally:
    """How often each speaker said each word in the documents of the current batch (less those of
    documents replaced), written to ``speaker_words`` when the batch commits: one row per speaker, merged
    with the speaker's earlier rows once there are MERGE_ROWS of them. Words are counted with
    Counter.update over word lists, which runs in C."""

    def __init__(self) -> None:
        self.added: dict[str, Counter[str]] = {}
        self.removed: dict[str, Counter[str]] = {}

    def add(self, speaker_words: Mapping[str, Iterable[str] | Mapping[str, int]], removed: bool = False) -> None:
        into = self.removed if removed else self.added
        for person, words in speaker_words.items():
            counts = into.get(person)
            if counts is None:
                counts = into[person] = Counter()
            counts.update(words)

    def flush(self, db: sqlite3.Connection) -> None:
        for person, counts in self.removed.items():
            counts = Counter({word: -n for word, n in counts.items()})
            self.added.setdefault(person, Counter()).update(counts)
        rows = [(person, json.dumps(counts)) for person, counts in self.added.items() if counts]
        db.executemany("INSERT INTO speaker_words (person_id, counts) VALUES (?, ?)", rows)
        crowded = [
            row[0] for row in db.execute(
                f"""SELECT person_id FROM speaker_words WHERE person_id IN ({",".join("?" * len(rows))})
                    GROUP BY person_id HAVING COUNT(*) >= ?""",
                [person for person, _ in rows] + [MERGE_ROWS],
            )
        ] if rows else []
        for person in crowded:
            merge_speaker_words(db, person)
        self.clear()

    def clear(self) -> None:
        self.added.clear()
        self.removed.clear()


def merge_speaker_words(db: sqlite3.Connection, person: str) -> None:
    """One row for the speaker's word counts instead of many (words with no count left dropped)."""
    total: Counter[str] = Counter()
    for (counts,) in db.execute("SELECT counts FROM speaker_words WHERE person_id = ?", (person,)):
        total.update(json.loads(counts))
    db.execute("DELETE FROM speaker_words WHERE person_id = ?", (person,))
    kept = {word: n for word, n in total.items() if n > 0}
    if kept:
        db.execute("INSERT INTO speaker_words (person_id, counts) VALUES (?, ?)", (person, json.dumps(kept)))


def stored_speaker_words(db: sqlite3.Connection, page_ids: list[int]) -> dict[str, list[str]]:
    """The words each speaker said in the stored documents of these pages (before they are replaced)."""
    words: dict[str, list[str]] = {}
    marks = ",".join("?" * len(page_ids))
    for person, text in db.execute(
        f"""SELECT s.person_id, s.text FROM segments s JOIN documents d ON d.id = s.document_id
            WHERE d.page_id IN ({marks}) AND s.kind = 'turn' AND s.person_id IS NOT NULL""",
        page_ids,
    ):
        words.setdefault(person, []).extend(tokens(text))
    return words


def stored_document(db: sqlite3.Connection, document_id: int) -> tuple[Document, list[int]]:
    """A stored document's turns as a Document (enough to enrich it) and their segment ids."""
    row = db.execute("SELECT source, date FROM documents WHERE id = ?", (document_id,)).fetchone()
    doc = Document(source=row[0], sha256="", media_type="", date=row[1])
    ids = []
    for segment_id, person_id, label, text, words in db.execute(
        """SELECT id, person_id, label, text, words FROM segments WHERE document_id = ? AND kind = 'turn'
           ORDER BY position""",
        (document_id,),
    ):
        doc.segments.append(Segment("turn", text, label=label, person_id=person_id, words=words))
        ids.append(segment_id)
    return doc, ids


def reenrich(
    db: sqlite3.Connection, on_document: Callable[[int, int], None] | None = None, taxonomy: Taxonomy | None = None
) -> int:
    """Enrich every stored document again and recount the speakers' words, in one transaction (an
    interruption changes nothing). Returns the number of documents."""
    document_ids = [row[0] for row in db.execute("SELECT id FROM documents ORDER BY id")]
    tally = TermTally()
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute("DELETE FROM enrichment")
        db.execute("DELETE FROM speaker_words")
        for done, document_id in enumerate(document_ids, 1):
            doc, ids = stored_document(db, document_id)
            enrich_document(doc, taxonomy)
            write_enrichment(db, zip(ids, doc.turns, strict=True))
            tally.add(doc.speaker_words)
            if on_document:
                on_document(done, len(document_ids))
        tally.flush(db)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return len(document_ids)
