"""Which documents an export writes: filters by speaker, date range, event, publisher, language and event kind.

Filters choose documents; every format then writes the chosen documents whole (a document where the
speaker has one turn is written with all its turns, so conversations stay readable).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..store.filters import QueryError, Scope, date_bound, date_filters, scope_filters, speaker_ids


class FormatError(ValueError):
    """A file that cannot be read in, or an export that cannot run: the message is one line naming
    the thing and the reason."""


class ExportError(FormatError):
    """An export that cannot run."""


def table_exists(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", (name,)).fetchone() is not None


def table_columns(db: sqlite3.Connection, name: str) -> list[tuple[str, str]]:
    """(name, declared type) of each column of a table, in order."""
    return [(row[1], row[2] or "") for row in db.execute(f"PRAGMA table_info({name})")]


@dataclass(frozen=True)
class Selection:
    speaker: str | None = None  # a person's name (part of it), id or label
    since: str | None = None  # ISO date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive
    until: str | None = None
    event: str | None = None  # an event id
    publisher: str | None = None  # part of the publisher's name or host
    language: str | None = None  # a language code
    kind: str | None = None  # an event kind

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            try:
                date_bound(getattr(self, name), name, end=name == "until")
            except QueryError as exc:
                raise ExportError(f"--{exc}") from None

    def where(self, db: sqlite3.Connection) -> tuple[str, list[Any]]:
        """A WHERE clause over `documents d` and its parameters."""
        dates, date_params = date_filters(self.since, self.until)
        clauses: list[str] = ["1", *dates]
        params: list[Any] = list(date_params)
        if self.speaker:
            try:
                persons_params = speaker_ids(db, self.speaker)
            except QueryError as exc:
                raise ExportError(f"--{exc}") from None
            persons = ", ".join("?" * len(persons_params))
            clauses.append(
                f"""EXISTS (SELECT 1 FROM segments s WHERE s.document_id = d.id AND s.kind = 'turn'
                           AND s.person_id IN ({persons}))"""
            )
            params += persons_params
        try:
            scoped, scope_params = scope_filters(db, Scope(self.event, self.publisher, self.language, self.kind))
        except QueryError as exc:
            raise ExportError(f"--{exc}") from None
        clauses += scoped
        params += scope_params
        return " AND ".join(clauses), params

    def document_ids(self, db: sqlite3.Connection) -> list[int]:
        """The chosen documents' ids in corpus order (by date, then id)."""
        where, params = self.where(db)
        sql = f"SELECT d.id FROM documents d WHERE {where} ORDER BY d.date IS NULL, d.date, d.id"
        return [row[0] for row in db.execute(sql, params)]

    def subquery(self, db: sqlite3.Connection) -> tuple[str, list[Any]]:
        """A SELECT of the chosen ids, to put inside IN (...), and its parameters."""
        where, params = self.where(db)
        return f"SELECT d.id FROM documents d WHERE {where}", params


def persons_by_id(db: sqlite3.Connection, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Person rows with aliases and roles decoded, for the ids given (unknown ids are left out)."""
    wanted = sorted({i for i in ids if i})
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = db.execute(
            f"SELECT id, name, origin, country, aliases, roles FROM persons WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        )
        for row in rows:
            found[row["id"]] = {**dict(row), "aliases": json.loads(row["aliases"]), "roles": json.loads(row["roles"])}
    return found


def iter_selected(corpus: Any, selection: Selection) -> Iterator[dict[str, Any]]:
    """The chosen documents in full (Corpus.document), one at a time."""
    for doc_id in selection.document_ids(corpus.db):
        doc = corpus.document(doc_id)
        if doc is not None:
            yield doc
