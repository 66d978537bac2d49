"""The enrich stage's rows in the database: writing them with a document, keeping the per-speaker word
counts up to date, and enriching stored documents again (``summitry enrich``) from their stored turns,
without reading or parsing any page.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from itertools import chain, repeat
from operator import add

from ..enrich.document import enrich_document
from ..enrich.tokens import tokens
from ..enrich.topics import Taxonomy
from ..records import Document, Segment

MERGE_ROWS = 16  # rows of word counts a speaker may have before they are merged into one
PENDING_DOCUMENTS = 64  # documents whose word counts are held before they are added up together


def write_enrichment(db: sqlite3.Connection, turns: Iterable[tuple[int, Segment]]) -> None:
    """Write the figures, mentions and topic scores of enriched turns, given as (segment id, turn)."""
    ids: list[int] = []
    values: list[object] = []  # figures, mentions, topics of each turn with any, as they are stored
    for segment_id, turn in turns:
        figures, mentions, topics = turn.figures, turn.mentions, turn.topics
        if not (figures or mentions or topics):
            continue
        ids.append(segment_id)
        values.append([
            [f.kind, f.text, f.value, f.value_to, f.unit, f.qualifier, f.measure, f.noun, f.dates or None, f.start]
            for f in figures
        ] if figures else None)
        values.append([[m.entity, m.name, m.type, list(chain.from_iterable(m.spans))] for m in mentions] if mentions else None)
        values.append({t.topic: t.hits for t in topics} if topics else None)
    texts = _json_each(values)
    db.executemany(
        "INSERT INTO enrichment (segment_id, figures, mentions, topics) VALUES (?,?,?,?)",
        zip(ids, texts[0::3], texts[1::3], texts[2::3], strict=True),
    )


# JSON of many values in one call of the encoder (which runs in C) instead of one call each: the values are
# encoded as one list with this string between them, and the text is cut where it stands. Inside a string
# a quote is escaped, so `, "\u0000\u0001", ` marks a cut, unless a value holds the string itself
# (then the count is wrong and each value is encoded alone).
_CUT = "\0\1"
_CUT_TEXT = f", {json.dumps(_CUT)}, "


def _json_each(values: list[object]) -> list[str | None]:
    """json.dumps of each value (None for None), in order."""
    if not values:
        return []
    cut = [_CUT] * (2 * len(values) - 1)
    cut[0::2] = values
    texts: list[str | None] = list(json.dumps(cut)[1:-1].split(_CUT_TEXT))
    if len(texts) != len(values):
        texts = [json.dumps(value) for value in values]
    return [None if text == "null" else text for text in texts]


def write_document_enrichment(db: sqlite3.Connection, document_id: int, doc: Document) -> None:
    """Write the enrichment of a document whose segments were just stored under document_id."""
    ids = [row[0] for row in db.execute(
        "SELECT id FROM segments WHERE document_id = ? AND kind = 'turn' ORDER BY position", (document_id,)
    )]
    write_enrichment(db, zip(ids, doc.turns, strict=True))


class TermTally:
    """How often each speaker said each word in the documents of the current batch (less those of
    documents replaced), written to ``speaker_words`` when the batch commits: one row per speaker, merged
    with the speaker's earlier rows once there are MERGE_ROWS of them.

    The documents' counts are added up PENDING_DOCUMENTS at a time rather than one by one between the
    other work of a page (then the batch's counts are out of the CPU's caches at every word); word lists
    are counted with Counter.update, and counts added with dict.update over mapped pairs, both in C."""

    def __init__(self) -> None:
        self.added: dict[str, Counter[str]] = {}
        self.removed: dict[str, Counter[str]] = {}
        self._pending: list[tuple[Mapping[str, Iterable[str] | Mapping[str, int]], bool]] = []

    def add(self, speaker_words: Mapping[str, Iterable[str] | Mapping[str, int]], removed: bool = False) -> None:
        if speaker_words:
            self._pending.append((speaker_words, removed))
            if len(self._pending) >= PENDING_DOCUMENTS:
                self.merge()

    def merge(self) -> None:
        """Add the pending documents' counts to ``added`` and ``removed``."""
        for speaker_words, removed in self._pending:
            into = self.removed if removed else self.added
            for person, words in speaker_words.items():
                counts = into.get(person)
                if counts is None:
                    counts = into[person] = Counter()
                if isinstance(words, Mapping):  # Counter.update would add these up in a Python loop
                    dict.update(counts, zip(words, map(add, words.values(), map(counts.get, words, repeat(0))), strict=True))
                else:
                    counts.update(words)
        self._pending.clear()

    def flush(self, db: sqlite3.Connection) -> None:
        self.merge()
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
        self._pending.clear()


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
