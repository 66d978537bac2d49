"""What a reparse changed: the stored documents read before and after their pages are parsed again
with the current data (persons, places, patterns, site profiles), compared field by field.

A document is known by its source across a reparse (its id changes: it is stored again). Compared:
title, date, city, language, the number of turns, and who speaks how many turns.
"""

from __future__ import annotations

import os
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..records import Failure

FIELDS = ("title", "date", "city", "language", "turns")


@dataclass
class ReparseReport:
    documents: int = 0  # documents asked to be parsed again
    stored: int = 0  # of them, parsed and stored again
    changes: list[dict[str, Any]] = field(default_factory=list)  # one per field changed: source, field, before, after
    failures: list[Failure] = field(default_factory=list)  # pages that could not be read again: their documents stay
    seconds: float = 0.0

    @property
    def changed(self) -> int:
        return len({c["source"] for c in self.changes})


def readings(db: sqlite3.Connection, sources: list[str] | None) -> dict[str, dict[str, Any]]:
    """What the documents of these sources (None: all) say now, by source."""
    within = "" if sources is None else f" AND d.source IN ({','.join('?' * len(sources))})"
    params = sources or []
    found: dict[str, dict[str, Any]] = {}
    for row in db.execute(f"SELECT id, source, title, date, city, language, turns FROM documents d WHERE 1{within}", params):
        found[row["source"]] = {**dict(row), "speakers": Counter()}
    for source, person, turns in db.execute(
        f"""SELECT d.source, COALESCE(p.name, s.person_id, s.label), COUNT(*) FROM segments s
            JOIN documents d ON d.id = s.document_id LEFT JOIN persons p ON p.id = s.person_id
            WHERE s.kind = 'turn'{within} GROUP BY 1, 2""",
        params,
    ):
        found[source]["speakers"][person] = turns
    return found


def differences(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Each field of each document that the reparse changed; speakers as "name: turns" lists."""
    changes = []
    for source, old in before.items():
        new = after.get(source)
        if new is None:
            continue  # not stored again (its page could not be read): the old reading stays
        for name in FIELDS:
            if old[name] != new[name]:
                changes.append({"document": new["id"], "source": source, "field": name, "before": old[name], "after": new[name]})
        if old["speakers"] != new["speakers"]:
            changes.append({
                "document": new["id"], "source": source, "field": "speakers",
                "before": _speakers(old["speakers"]), "after": _speakers(new["speakers"]),
            })
    return changes


def _speakers(counts: Counter[str]) -> str:
    return ", ".join(f"{name}: {turns}" for name, turns in sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def origin(source: str) -> str:
    """The path or URL to read a source from again: a WARC record, a TEI text or a ConvoKit
    conversation (``file#id``) is read from its file."""
    head, _, _ = source.partition("#")
    return head if head != source and os.path.exists(head) else source
