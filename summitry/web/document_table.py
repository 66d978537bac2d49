"""The documents as a table, the datasette way: filtered by any column, sorted by any, with facet
counts (year, publisher, language, version kind, speaker, topic) whose values add themselves as
filters, and the same rows for the page, the API and the downloads.

Every value reaches SQLite as a parameter; a filter that names nothing stored is a QueryError (the
event, publisher, language or event kind, as everywhere: store.filters.scope_filters).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, fields
from typing import Annotated, Any, Literal, get_args

from fastapi import Query

from ..events.versions import VersionKind
from ..store.filters import QueryError, Scope, date_filters, scope_filters, speaker_ids
from .params import Since, Until, blank_as_none

# the columns a table sorts by, and how (documents without a date last either way)
SORTS = {
    "date": "d.date IS NULL, d.date", "title": "d.title IS NULL, d.title", "publisher": "d.publisher IS NULL, d.publisher",
    "language": "d.language", "turns": "d.turns", "words": "d.words", "id": "d.id",
}
FACET_VALUES = 12  # values shown per facet, the most frequent first
VERSION_KINDS: tuple[str, ...] = get_args(VersionKind)


@dataclass(frozen=True)
class DocumentFilters:
    speaker: str | None = None
    since: str | None = None
    until: str | None = None
    year: str | None = None
    event: str | None = None
    publisher: str | None = None
    language: str | None = None
    kind: str | None = None
    version: str | None = None
    topic: str | None = None

    def active(self) -> dict[str, str]:
        """The filters that are set, by name (chips, links)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def without(self, name: str) -> dict[str, str]:
        return {k: v for k, v in self.active().items() if k != name}

    def where(self, db: sqlite3.Connection) -> tuple[str, list[Any]]:
        """The WHERE clause over documents ``d`` and its parameters."""
        clauses, params = date_filters(self.since, self.until)
        scoped, scope_params = scope_filters(db, Scope(self.event, self.publisher, self.language, self.kind))
        clauses, params = [*clauses, *scoped], [*params, *scope_params]
        if self.year:
            if not (len(self.year) == 4 and self.year.isdigit()):
                raise QueryError(f"year: {self.year!r} is not a year (YYYY)")
            clauses.append("substr(d.date, 1, 4) = ?")
            params.append(self.year)
        if self.speaker:
            persons = speaker_ids(db, self.speaker)
            clauses.append(f"""d.id IN (SELECT document_id FROM segments WHERE kind = 'turn'
                               AND person_id IN ({','.join('?' * len(persons))}))""")
            params += persons
        if self.version:
            if self.version not in VERSION_KINDS:
                raise QueryError(f"version: {self.version!r} is not one of {', '.join(VERSION_KINDS)}")
            clauses.append("d.id IN (SELECT document_id FROM event_documents WHERE version = ?)")
            params.append(self.version)
        if self.topic:
            clauses.append("EXISTS (SELECT 1 FROM json_each(d.tags, '$.topics') t WHERE t.value = ?)")
            params.append(self.topic)
        return " AND ".join(["1", *clauses]), params


def sort_clause(sort: str) -> str:
    """``date`` or ``-date`` (descending) as ORDER BY; QueryError for a column the table has not."""
    column = sort.removeprefix("-")
    if column not in SORTS:
        raise QueryError(f"sort: {sort!r} is not one of {', '.join(SORTS)} (a leading - sorts down)")
    order = " DESC" if sort.startswith("-") else ""
    return ", ".join(f"{part}{order}" if " IS NULL" not in part else part for part in SORTS[column].split(", ")) + ", d.id" + order


def document_rows(
    db: sqlite3.Connection, filters: DocumentFilters, sort: str = "-date", limit: int = 20, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """One page of the documents the filters keep, in the sort's order, and how many they keep."""
    where, params = filters.where(db)
    total = db.execute(f"SELECT COUNT(*) FROM documents d WHERE {where}", params).fetchone()[0]
    rows = db.execute(
        f"""SELECT d.id, d.date, d.time, d.city, d.venue, d.title, d.publisher, d.language, d.url, d.turns, d.words,
                   x.event_id AS event, x.version
            FROM documents d LEFT JOIN event_documents x ON x.document_id = d.id
                 AND x.event_id = (SELECT event_id FROM event_documents WHERE document_id = d.id ORDER BY score DESC LIMIT 1)
            WHERE {where} ORDER BY {sort_clause(sort)} LIMIT ? OFFSET ?""",
        [*params, limit, offset],
    ).fetchall()
    return [dict(r) for r in rows], total


def facets(db: sqlite3.Connection, filters: DocumentFilters) -> dict[str, list[dict[str, Any]]]:
    """For each facet, its values among the documents the filters keep, each with how many documents
    have it, the most frequent first."""
    where, params = filters.where(db)
    kept = f"SELECT d.id FROM documents d WHERE {where}"
    queries = {
        "year": f"SELECT substr(date, 1, 4), COUNT(*) FROM documents WHERE id IN ({kept}) AND date IS NOT NULL GROUP BY 1",
        "publisher": f"SELECT publisher, COUNT(*) FROM documents WHERE id IN ({kept}) AND publisher IS NOT NULL GROUP BY 1",
        "language": f"SELECT language, COUNT(*) FROM documents WHERE id IN ({kept}) AND language IS NOT NULL GROUP BY 1",
        "version": f"SELECT version, COUNT(DISTINCT document_id) FROM event_documents WHERE document_id IN ({kept}) GROUP BY 1",
        "speaker": f"""SELECT p.name, COUNT(DISTINCT s.document_id) FROM segments s JOIN persons p ON p.id = s.person_id
                       WHERE s.kind = 'turn' AND s.document_id IN ({kept}) GROUP BY p.id""",
        "topic": f"""SELECT t.value, COUNT(*) FROM documents, json_each(documents.tags, '$.topics') t
                     WHERE documents.id IN ({kept}) GROUP BY 1""",
    }
    found: dict[str, list[dict[str, Any]]] = {}
    for name, sql in queries.items():
        rows = db.execute(f"{sql} ORDER BY 2 DESC, 1 LIMIT {FACET_VALUES}", params).fetchall()
        found[name] = [{"value": value, "count": count, "selected": getattr(filters, name) == value} for value, count in rows]
    return found


Text = Annotated[str | None, Query(max_length=200)]
SORT_PATTERN = rf"^-?({'|'.join(SORTS)})$"


def document_filters(
    speaker: Annotated[str | None, Query(max_length=200, description="Documents where this person speaks.")] = None,
    since: Since = None,
    until: Until = None,
    year: Annotated[str | None, Query(pattern=r"^([0-9]{4})?$", description="YYYY")] = None,
    event: Annotated[str | None, Query(max_length=200, description="An event id.")] = None,
    publisher: Annotated[str | None, Query(max_length=200, description="A part of the publisher's name.")] = None,
    language: Annotated[str | None, Query(max_length=10, description="A language code.")] = None,
    kind: Annotated[str | None, Query(max_length=50, description="An event kind.")] = None,
    version: Annotated[VersionKind | Literal[""] | None, Query()] = None,
    topic: Annotated[str | None, Query(max_length=200, description="A topic the page is tagged with.")] = None,
) -> DocumentFilters:
    """The table's filters from the request (an HTML form sends empty fields: those are none)."""
    values = {"speaker": speaker, "since": since, "until": until, "year": year, "event": event, "publisher": publisher,
              "language": language, "kind": kind, "version": version, "topic": topic}
    return DocumentFilters(**{k: blank_as_none(v) for k, v in values.items()})


Sort = Annotated[str, Query(pattern=SORT_PATTERN, description="A column, - before it to sort down: -date, title, turns…")]

