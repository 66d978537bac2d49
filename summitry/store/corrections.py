"""An analyst's corrections of the corpus: a document removed, two persons merged, a person renamed.

Each is done at once and recorded in the ``corrections`` table (who merged what into what, when), so
that what is stored later keeps it: a removed page ingested or parsed again stays out, a merged
person's turns go to the person kept, a renamed person keeps the name given (``Corrections.apply``,
which the store runs on every document before it is written).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Literal

from ..records import Document

Action = Literal["remove", "merge", "rename"]


class CorrectionError(ValueError):
    """A correction that cannot be made as asked (no such document or person), with the reason."""


@dataclass
class Corrections:
    """The recorded corrections, as the store applies them to what it writes."""

    removed: set[str] = field(default_factory=set)  # sources of removed documents
    merged: dict[str, str] = field(default_factory=dict)  # person id -> the person it was merged into
    renamed: dict[str, str] = field(default_factory=dict)  # person id -> the name given

    @classmethod
    def load(cls, db: sqlite3.Connection) -> Corrections:
        corrections = cls()
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'corrections'").fetchone() is None:
            return corrections  # a database older than corrections (opened read-only) has none
        for action, subject, value in db.execute("SELECT action, subject, value FROM corrections ORDER BY id"):
            if action == "remove":
                corrections.removed.add(subject)
            elif action == "merge":
                corrections.merged[subject] = value
            elif action == "rename":
                corrections.renamed[subject] = value
        return corrections

    def person(self, person_id: str | None) -> str | None:
        """The person an id stands for now: that of the last merge it went into, or itself."""
        seen: set[str] = set()
        while person_id in self.merged and person_id not in seen:
            seen.add(person_id)
            person_id = self.merged[person_id]
        return person_id

    def apply(self, doc: Document) -> Document:
        """The document as the corrections want it stored: merged persons' turns and words given to the
        person kept, renamed persons under their new names."""
        if not self.merged and not self.renamed:
            return doc
        persons = {}
        for person in doc.persons.values():
            kept = self.person(person.id)
            if kept == person.id:
                persons[kept] = dataclasses.replace(person, name=self.renamed.get(kept, person.name))
        segments = []
        for segment in doc.segments:
            kept = self.person(segment.person_id)
            if kept != segment.person_id or kept in self.renamed:
                segment = dataclasses.replace(segment, person_id=kept, speaker=self.renamed.get(kept, segment.speaker))  # type: ignore[arg-type]
            segments.append(segment)
        words: dict[str, Counter[str]] = {}
        for person_id, counts in doc.speaker_words.items():
            words.setdefault(self.person(person_id) or person_id, Counter()).update(counts)
        return dataclasses.replace(doc, segments=segments, persons=persons, speaker_words=words)


def record(db: sqlite3.Connection, action: Action, subject: str, value: str | None = None) -> None:
    db.execute(
        "INSERT INTO corrections (at, action, subject, value) VALUES (?, ?, ?, ?)",
        (datetime.now(timezone.utc).isoformat(timespec="seconds"), action, subject, value),
    )


def person_row(db: sqlite3.Connection, person: str) -> sqlite3.Row:
    row = db.execute("SELECT id, name FROM persons WHERE id = ?", (person,)).fetchone()
    if row is None:
        raise CorrectionError(f"person: no person has the id {person!r} (summitry speakers lists them)")
    return row  # type: ignore[no-any-return]


def merge_persons(db: sqlite3.Connection, merged: str, kept: str) -> int:
    """Give every turn, label, word count, event and mention of one person to another and drop the
    first; returns how many turns moved. Recorded, in the caller's transaction."""
    if merged == kept:
        raise CorrectionError(f"merge: {merged!r} into itself")
    person_row(db, merged)
    person_row(db, kept)
    turns = db.execute("UPDATE segments SET person_id = ? WHERE person_id = ?", (kept, merged)).rowcount
    db.execute(
        """INSERT INTO person_labels (person_id, label, turns) SELECT ?, label, turns FROM person_labels
           WHERE person_id = ? AND true ON CONFLICT (person_id, label) DO UPDATE SET turns = turns + excluded.turns""",
        (kept, merged),
    )
    db.execute("DELETE FROM person_labels WHERE person_id = ?", (merged,))
    db.execute("UPDATE speaker_words SET person_id = ? WHERE person_id = ?", (kept, merged))
    for event_id, participants in db.execute(
        "SELECT id, participants FROM events WHERE participants LIKE ?", (f'%"{merged}"%',)
    ).fetchall():
        ids = [kept if p == merged else p for p in json.loads(participants)]
        db.execute("UPDATE events SET participants = ? WHERE id = ?", (json.dumps(list(dict.fromkeys(ids))), event_id))
    db.execute(
        "UPDATE enrichment SET mentions = replace(mentions, ?, ?) WHERE mentions LIKE ?",
        (json.dumps(merged), json.dumps(kept), f'%"{merged}"%'),
    )
    db.execute("DELETE FROM persons WHERE id = ?", (merged,))
    record(db, "merge", merged, kept)
    return turns


def rename_person(db: sqlite3.Connection, person: str, name: str) -> str:
    """Give a person another name; returns the old one. Recorded, in the caller's transaction."""
    name = " ".join(name.split())
    if not name:
        raise CorrectionError("rename: the new name is empty")
    old = person_row(db, person)["name"]
    db.execute("UPDATE persons SET name = ? WHERE id = ?", (name, person))
    record(db, "rename", person, name)
    return str(old)


def corrections(db: sqlite3.Connection) -> list[dict[str, object]]:
    """Every recorded correction, oldest first."""
    return [dict(r) for r in db.execute("SELECT id, at, action, subject, value FROM corrections ORDER BY id")]
