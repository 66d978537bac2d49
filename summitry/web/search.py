"""Search for the web app: filters, three orders, pages, and snippets only for the page shown.

The cost of a full-text search is dominated by what is done for every matching utterance. So:
- "newest" / "oldest" walk documents in date order (the documents_date index) and keep the turns
  that match, stopping as soon as the page is full. A query matching many utterances asks the index
  for each document's id range (under a speaker filter, only in the documents where the speaker has
  a turn), within a budget of steps, as filters can make matches rare; a middling one builds the
  list of its matches once and looks the walked turns up in it (within a budget too, then sorts its
  matches); one matching few sorts its matches outright;
- "relevance" ranks every match by BM25 (its cost grows with the number of matches);
- snippets and metadata are made for the page's utterances only (snippets in Python: FTS5's own
  snippet() reruns the query for each row, which costs most for prefix queries);
- matches are counted only up to the point that chooses the plan (at least MATCHES_COUNTED).
Every value reaches SQLite as a parameter; an FTS5 syntax error becomes a QueryError.

The web handlers that search are async and call search() directly: each server process answers
searches one at a time, in the order they arrived, instead of time-slicing dozens of them across
threads (where the GIL makes every search in flight as slow as all of them together, and the slowest
wait longest). Searches are CPU-bound, so this costs no throughput; run one process per core
(`summitry serve --workers N`).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Literal

from ..corpus import QueryError
from ..store import speaker_persons, turn_filters

Order = Literal["newest", "oldest", "relevance"]
ORDERS: tuple[Order, ...] = ("newest", "oldest", "relevance")
SORT_ALL_BELOW = 500  # matches under which sorting all of them beats walking the documents
DENSE = 0.02  # a query matching more than this share of the utterances asks the index document by document
BUDGET_STEPS = 30_000  # SQLite steps (about 2 ms) after which asking document by document gives way to the walk
MAX_OFFSET = 10_000
MATCHES_COUNTED = 1000
SNIPPET_CHARS = 200
MARKS = ("\x02", "\x03")  # snippet highlight marks, turned into <mark> by the templates
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class BadParameter(ValueError):
    """A request parameter that cannot be used, with a message naming it and the reason."""


@dataclass(frozen=True)
class SearchQuery:
    q: str
    speaker: str | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None
    publisher: str | None = None
    topic: str | None = None
    kind: str | None = None
    language: str | None = None
    order: Order = "newest"
    page: int = 1
    per_page: int = 10

    def filters(self) -> dict[str, str]:
        """The filters that are set, by name (for links and display)."""
        names = ("speaker", "since", "until", "place", "publisher", "topic", "kind", "language")
        return {name: getattr(self, name) for name in names if getattr(self, name)}

    def params(self, **change: Any) -> dict[str, Any]:
        """The query as URL parameters (defaults left out), with some values changed."""
        values = {**asdict(self), **change}
        defaults = {"order": "newest", "page": 1, "per_page": 10}
        return {k: v for k, v in values.items() if v not in (None, "") and defaults.get(k) != v}


@dataclass
class SearchPage:
    query: SearchQuery
    hits: list[dict[str, Any]]
    matches: int  # utterances matching the words, before filters, counted up to `counted` + 1
    counted: int  # matches above this were not counted: "more than counted"
    has_next: bool


def date_bound(value: str | None, name: str, end: bool) -> str | None:
    """An ISO date, year or year-month as the first (or last, end=True) day it covers."""
    if value is None or not value.strip():
        return None
    match = _DATE.match(value.strip())
    if not match:
        raise BadParameter(f"{name}: {value!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
    year, month, day = match.groups()
    try:
        first = date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise BadParameter(f"{name}: {value!r} is not a date ({exc})") from None
    if not end or day:
        return first.isoformat()
    if month:
        return f"{year}-{month}-31"  # compared as text: the last day of any month sorts at or below it
    return f"{year}-12-31"


def _filter_sql(
    query: SearchQuery, since: str | None, until: str | None, persons: list[str]
) -> tuple[list[str], list[Any]]:
    filters, filter_params = turn_filters(None, since, until)
    where: list[str] = list(filters)
    params: list[Any] = list(filter_params)
    if query.speaker:
        where.append(f"s.person_id IN ({','.join('?' * len(persons))})")
        params += persons
    if query.place:
        where.append("(d.city LIKE ? OR d.venue LIKE ?)")
        params += [f"%{query.place}%", f"%{query.place}%"]
    if query.publisher:
        where.append("d.publisher LIKE ?")
        params.append(f"%{query.publisher}%")
    if query.language:
        where.append("d.language = ?")
        params.append(query.language)
    if query.topic:
        where.append(
            "EXISTS (SELECT 1 FROM json_each(d.tags, '$.topics') WHERE json_each.value LIKE ?)"
        )
        params.append(f"%{query.topic}%")
    if query.kind:
        where.append(
            "d.id IN (SELECT ed.document_id FROM event_documents ed JOIN events e ON e.id = ed.event_id"
            " WHERE e.kind = ?)"
        )
        params.append(query.kind)
    return where, params


def _page_ids(db: sqlite3.Connection, query: SearchQuery, matches: int, dense: bool) -> list[int]:
    """The ids of the page's utterances (one more than a page, to tell whether another follows)."""
    since = date_bound(query.since, "since", end=False)
    until = date_bound(query.until, "until", end=True)
    persons: list[str] = []
    if query.speaker:  # the persons meant, looked up once rather than in every statement that filters on them
        sql, speaker_params = speaker_persons(query.speaker)
        persons = [row[0] for row in db.execute(sql, speaker_params) if row[0] is not None]
        if not persons:
            return []
    where, params = _filter_sql(query, since, until, persons)
    limit, offset = query.per_page + 1, (query.page - 1) * query.per_page
    conditions = "".join(f" AND {w}" for w in where)
    direction = "DESC" if query.order == "newest" else "ASC NULLS LAST"
    order = f"d.date {direction}, d.id {direction.split()[0]}"
    if query.order == "relevance" and not where:  # FTS5 ranks on its own, without the joins
        sql = "SELECT rowid FROM utterances_fts WHERE utterances_fts MATCH ? ORDER BY bm25(utterances_fts) LIMIT ? OFFSET ?"
    elif query.order == "relevance":
        sql = f"""SELECT s.id FROM utterances_fts JOIN segments s ON s.id = utterances_fts.rowid
                  JOIN documents d ON d.id = s.document_id
                  WHERE utterances_fts MATCH ?{conditions}
                  ORDER BY bm25(utterances_fts) LIMIT ? OFFSET ?"""
    else:
        args = [query.q, *params, limit, offset]
        if dense:  # most documents match: ask the index document by document
            join, speaks = "", ""
            if query.speaker:  # only the documents where the speaker has a turn are asked
                join = " JOIN segments s ON s.id = f.rowid"
                speaks = f""" AND EXISTS (SELECT 1 FROM segments t INDEXED BY segments_document
                                          WHERE t.document_id = d.id AND t.kind = 'turn'
                                            AND t.person_id IN ({','.join('?' * len(persons))}))"""
            sql = f"""SELECT f.rowid FROM documents d CROSS JOIN utterances_fts f{join}
                      WHERE f.utterances_fts MATCH ?{speaks}
                        AND f.rowid BETWEEN (SELECT MIN(id) FROM segments WHERE document_id = d.id)
                                        AND (SELECT MAX(id) FROM segments WHERE document_id = d.id){conditions}
                      ORDER BY {order} LIMIT ? OFFSET ?"""  # FTS5 yields a document's rowids in order
            found = _within_budget(db, sql, [query.q, *(persons if speaks else []), *params, limit, offset])
            if found is not None:
                return found
        walk = f"""SELECT s.id FROM documents d CROSS JOIN segments s ON s.document_id = d.id
                   WHERE s.kind = 'turn' AND +s.id IN (SELECT rowid FROM utterances_fts WHERE utterances_fts MATCH ?)
                   {conditions} ORDER BY {order}, s.position LIMIT ? OFFSET ?"""  # the matches listed once
        if dense:
            return [row[0] for row in db.execute(walk, args)]
        if matches >= SORT_ALL_BELOW:  # filters can make the walk long: then sort the (not so many) matches
            found = _within_budget(db, walk, args)
            if found is not None:
                return found
        sql = f"""SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id
                  WHERE s.id IN (SELECT rowid FROM utterances_fts WHERE utterances_fts MATCH ?)
                  {conditions} ORDER BY {order}, s.position LIMIT ? OFFSET ?"""
    return [row[0] for row in db.execute(sql, [query.q, *params, limit, offset])]


def _within_budget(db: sqlite3.Connection, sql: str, params: list[Any]) -> list[int] | None:
    """The first column of sql's rows, or None when SQLite needs more than BUDGET_STEPS for them."""
    ticks = 0

    def tick() -> bool:
        nonlocal ticks
        ticks += 1
        return ticks > BUDGET_STEPS // 1000

    db.set_progress_handler(tick, 1000)
    try:
        return [row[0] for row in db.execute(sql, params)]
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            return None
        raise
    finally:
        db.set_progress_handler(None, 0)


def _details(db: sqlite3.Connection, q: str, ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = {
        row["utterance"]: dict(row)
        for row in db.execute(
            f"""SELECT s.id AS utterance, d.id AS document, s.position, d.date, d.city, d.venue, d.title,
                       d.publisher, s.person_id, p.name AS speaker, s.label, s.words, s.text
                FROM segments s JOIN documents d ON d.id = s.document_id LEFT JOIN persons p ON p.id = s.person_id
                WHERE s.id IN ({marks})""",
            ids,
        )
    }
    pattern = match_pattern(q)
    for row in rows.values():
        row["snippet"] = snippet(row.pop("text"), pattern)
    return [rows[i] for i in ids if i in rows]


_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


def match_pattern(q: str) -> re.Pattern[str] | None:
    """A regular expression for the words of an FTS5 query (phrases split into words, word* as a
    prefix), to mark them in a snippet."""
    parts = []
    for word, star in re.findall(r"(\w+)(\*?)", re.sub(r"\b\w+\s*:", " ", q)):
        if word not in _OPERATORS:
            parts.append(re.escape(word) + (r"\w*" if star else ""))
    return re.compile(r"\b(?:" + "|".join(sorted(set(parts))) + r")\b", re.IGNORECASE) if parts else None


def snippet(text: str, pattern: re.Pattern[str] | None, size: int = SNIPPET_CHARS) -> str:
    """About `size` characters around the first match, the matches between MARKS."""
    text = text.replace("\n\n", " ")
    first = pattern.search(text) if pattern else None
    start = 0 if first is None else max(0, first.start() - size // 6)
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + size)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    window = text[start:end]
    if pattern:
        window = pattern.sub(lambda m: MARKS[0] + m.group() + MARKS[1], window)
    return ("…" if start else "") + window + ("…" if end < len(text) else "")


def search(db: sqlite3.Connection, query: SearchQuery) -> SearchPage:
    """One page of utterances matching the query, in the query's order."""
    if (query.page - 1) * query.per_page > MAX_OFFSET:
        raise BadParameter(f"page: {query.page} is too deep (at most {MAX_OFFSET} results are paged through)")
    try:
        utterances = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'segments'").fetchone()
        dense_from = max(MATCHES_COUNTED, int((utterances[0] if utterances else 0) * DENSE))
        matches = db.execute(  # counting stops there: beyond, the number costs more than the search
            "SELECT COUNT(*) FROM (SELECT 1 FROM utterances_fts WHERE utterances_fts MATCH ? LIMIT ?)",
            (query.q, dense_from + 1),
        ).fetchone()[0]
        ids = _page_ids(db, query, matches, dense=matches > dense_from) if matches else []
        hits = _details(db, query.q, ids[: query.per_page])
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):  # the event-kind filter on a corpus without events
            raise BadParameter("kind: this corpus has no events yet (link them first)") from None
        raise QueryError(
            f"cannot search for {query.q!r}: {exc}. Put phrases in double quotes; "
            "operators are AND, OR, NOT and a trailing * for prefixes."
        ) from None
    return SearchPage(query, hits, matches, dense_from, has_next=len(ids) > query.per_page)
