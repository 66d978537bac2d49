"""Search for the web app: filters, three orders, pages, and snippets only for the page shown.

The cost of a full-text search is dominated by what is done for every matching utterance. So
"newest" / "oldest" choose, by their estimated cost (Estimate, from COST's per-step costs), among
four plans that find the same turns in the same order:
- asking the index for each document's id range, walking documents in date order (the documents_date
  index) and stopping as soon as the page is full: cheap when matches are dense, dear when filters
  make them rare or when a probe is dear (a prefix probe lists all of the prefix's matches again);
- the walk: listing the matches once and looking the turns of documents in date order up in the list;
- sorting every match (its cost grows with the number of matches);
- under a speaker filter, reading the speaker's turns from their index and sorting those that match.
The estimate takes the filters into account: the date range's share of the documents is counted, the
speaker's turns are read from person_labels, and the share of those (or of the documents) passing the
other filters is sampled. The first two plans, whose cost depends on where the matches fall, run within
a CPU budget (the cost of the surer plan, which takes over when it is spent). Few matches are sorted
outright. Then:
- "relevance" ranks every match by BM25 (its cost grows with the number of matches);
- snippets and metadata are made for the page's utterances only (snippets in Python: FTS5's own
  snippet() reruns the query for each row, which costs most for prefix queries);
- matches are counted only up to a share of the utterances (DENSE, at least MATCHES_COUNTED); beyond,
  the plans' estimate extrapolates them from how far into the ids counting got.
Every value reaches SQLite as a parameter; an FTS5 syntax error becomes a QueryError.

The web handlers that search are async and call search() directly: each server process answers
searches one at a time, in the order they arrived, instead of time-slicing dozens of them across
threads (where the GIL makes every search in flight as slow as all of them together, and the slowest
wait longest). Searches are CPU-bound, so this costs no throughput; run one process per core
(`summitry serve --workers N`). The costliest forms (is_heavy: several prefixes, NEAR, a deep page)
run on a thread of their own instead, one at a time: SQLite releases the GIL while it
reads, so a search that lists most of the index no longer holds up the cheap ones behind it.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal, TypeVar

from ..queries.limits import QueryError, check_query, time_limit
from ..queries.search import Within, search_sql
from ..queries.snippets import match_pattern, snippet
from ..queries.syntax import match_expression
from ..store.filters import counted_once, date_bound, date_filters, repeats_any, speaker_ids

T = TypeVar("T")
Order = Literal["newest", "oldest", "relevance"]
Versions = Literal["once", "all"]  # each meeting once per language (see store.filters.counted_once), or every version
VERSIONS = ("once", "all")
ORDERS: tuple[Order, ...] = ("newest", "oldest", "relevance")
SORT_ALL_BELOW = 200  # matches sorted outright, without estimating the other plans' costs (no plan is much cheaper)
DENSE = 0.02  # matches are counted up to this share of the utterances (and at least MATCHES_COUNTED)
BUDGET_FLOOR_MS = 0.5  # CPU a plan whose cost depends on where the matches fall gets at least
PROGRESS_STEPS = 1000  # SQLite steps between checks of that budget
MAX_OFFSET = 10_000
MATCHES_COUNTED = 1000
MARKS = ("\x02", "\x03")  # snippet highlight marks, turned into <mark> by the templates


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
    versions: Versions = "once"
    page: int = 1
    per_page: int = 10
    within: Within = "turns"  # the URL's "in": turns, narrative, titles or all (queries.search)

    def filters(self) -> dict[str, str]:
        """The filters that are set, by name (for links and display)."""
        names = ("speaker", "since", "until", "place", "publisher", "topic", "kind", "language")
        return {name: getattr(self, name) for name in names if getattr(self, name)}

    def params(self, **change: Any) -> dict[str, Any]:
        """The query as URL parameters (defaults left out), with some values changed."""
        values = asdict(self)
        values = {**values, "in": values.pop("within"), **change}
        defaults = {"order": "newest", "versions": "once", "page": 1, "per_page": 10, "in": "turns"}
        return {k: v for k, v in values.items() if v not in (None, "") and defaults.get(k) != v}


@dataclass
class SearchPage:
    query: SearchQuery
    hits: list[dict[str, Any]]
    matches: int  # utterances that match the words and pass the filters
    exact: bool  # False: counting stopped, there are at least `matches`
    has_next: bool


def _filter_sql(
    query: SearchQuery, since: str | None, until: str | None, persons: list[str]
) -> tuple[list[str], list[Any]]:
    filters, filter_params = date_filters(since, until)
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
    if query.versions == "once":
        where += counted_once("language")
    if query.kind:
        where.append(
            "d.id IN (SELECT ed.document_id FROM event_documents ed JOIN events e ON e.id = ed.event_id"
            " WHERE e.kind = ?)"
        )
        params.append(query.kind)
    return where, params


# What the steps of the date-ordered plans cost, in µs (measured on the benchmark corpus, one merged
# index segment): listing a query's matches, per match (a phrase or boolean query reads every term's
# positions); keeping them in a temporary index for the walk, per match; reading a segment row in the
# walk; visiting a document; checking whether a speaker has a turn in it; asking the index for one
# document's matches (a prefix query lists all of the prefix's matches again for every document);
# looking up a matching segment and its document; reading an entry of the speaker index.
COST = {
    "list_word": 0.28, "list_phrase": 0.55, "list_bool": 0.34, "list_prefix": 0.035, "keep": 0.15, "segment": 0.1,
    "document": 2.0, "speaks": 1.25, "probe_word": 36.0, "probe_phrase": 20.0, "probe_bool": 12.5,
    "lookup": 0.18, "speaker_entry": 0.1,
}
SAMPLE = 64  # rows sampled to estimate the share of turns or documents that pass the filters
_WORD = re.compile(r'^"?\w+"?$')


HEAVY_PREFIXES = 2  # a search with this many prefix terms, or a NEAR group, lists most of the index
HEAVY_OFFSET = 1000  # a page this deep reads and orders that many matches first


def is_heavy(query: SearchQuery) -> bool:
    """Whether a search is of the forms that cost most (several prefixes, NEAR, a deep page): those
    run on a thread of their own (answer_search), so that they never hold up the cheap searches the
    event loop answers one after another."""
    q = query.q.upper()
    return q.count("*") >= HEAVY_PREFIXES or "NEAR" in q or (query.page - 1) * query.per_page >= HEAVY_OFFSET


async def answer_search(request: Any, query: SearchQuery, answer: Callable[[Any, SearchQuery], T]) -> T:
    """answer(request, query): in the event loop for a cheap search, on the heavy searches' own thread
    (one at a time: SQLite releases the GIL while it reads, so the loop goes on) for a costly one."""
    if not is_heavy(query):
        return answer(request, query)
    return await asyncio.get_running_loop().run_in_executor(_HEAVY, answer, request, query)


_HEAVY = ThreadPoolExecutor(max_workers=1, thread_name_prefix="summitry-heavy-search")


def query_kind(q: str) -> str:
    """word, phrase, prefix or bool: what decides the cost of listing and probing an FTS5 query."""
    if "*" in q:
        return "prefix"
    if _WORD.match(q):
        return "word"
    if '"' in q and q.count('"') == 2 and q.startswith('"') and q.endswith('"'):
        return "phrase"
    return "bool"


@dataclass
class Estimate:
    """What the plans' costs depend on, estimated from a few cheap reads."""

    utterances: int  # segment ids handed out (the walk's length over the whole corpus)
    documents: int
    matches: float  # matches of the words (counted, or extrapolated from how far counting got)
    kind: str
    rows: int  # rows the page needs: offset + limit
    date_share: float = 1.0  # documents in the date range, of all
    doc_share: float = 1.0  # documents in the range passing the other document filters
    speaker_turns: float | None = None  # the speaker's turns
    speaker_share: float = 1.0  # of which this share passes the document filters

    def costs(self) -> dict[str, float]:
        """Each plan's estimated cost in µs."""
        n, m = max(self.utterances, 1), self.matches
        in_range = n * self.date_share
        if self.speaker_turns is not None:
            density = m / n * self.speaker_turns * self.speaker_share / max(in_range, 1.0)
        else:
            density = m / n * self.doc_share
        walked = min(in_range, self.rows / max(density, 1e-9))  # segments walked in date order
        visited = walked * self.documents / n  # documents visited
        listing = m * COST["list_" + self.kind]
        probe = listing if self.kind == "prefix" else COST["probe_" + self.kind]
        speaks = COST["speaks"] if self.speaker_turns is not None else 0.0
        found = {
            "walk": listing + m * COST["keep"] + walked * COST["segment"],
            "probe": visited * (COST["document"] + self.doc_share * (speaks + probe)),
            "sort": listing + m * (COST["keep"] + COST["lookup"]),
        }
        if self.speaker_turns is not None:
            turns = self.speaker_turns  # every one read from the speaker index, those matching looked up
            found["speaker"] = listing + m * COST["keep"] + turns * (COST["speaker_entry"] + m / n * COST["lookup"])
        return found


def _estimate(db: sqlite3.Connection, query: SearchQuery, matches: float, utterances: int,
              persons: list[str]) -> Estimate:
    """What the plans' costs depend on: the date range's share of the documents (counted), the
    speaker's turns (from person_labels), and the share of the speaker's turns, or of the documents,
    that pass the other filters (from a sample of SAMPLE rows)."""
    documents = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] or 1
    found = Estimate(utterances, documents, matches, query_kind(query.q), query.page * query.per_page + 1)
    since = date_bound(query.since, "since", end=False)
    until = date_bound(query.until, "until", end=True)
    if since or until:
        in_range = db.execute(
            "SELECT COUNT(*) FROM documents WHERE date >= ? AND date <= ?", (since or "", until or "\uffff")
        ).fetchone()[0]
        found.date_share = in_range / documents
    # the filters on documents (dates included), as conditions on d
    others, other_params = _filter_sql(replace(query, speaker=None), since, until, [])
    if persons:
        marks = ",".join("?" * len(persons))
        turns = db.execute(f"SELECT SUM(turns) FROM person_labels WHERE person_id IN ({marks})", persons).fetchone()[0]
        found.speaker_turns = float(turns or 0)
        if others and turns:
            sampled, passed = db.execute(
                f"""SELECT COUNT(*), TOTAL(ok) FROM (
                      SELECT ({' AND '.join(others)}) AS ok FROM segments s INDEXED BY segments_person
                      JOIN documents d ON d.id = s.document_id
                      WHERE s.kind = 'turn' AND s.person_id IN ({marks}) LIMIT ?)""",
                [*other_params, *persons, SAMPLE],
            ).fetchone()
            found.speaker_share = passed / max(sampled, 1)
    elif len(others) > (since is not None) + (until is not None):  # filters beyond the dates
        sampled, passed = db.execute(
            f"SELECT COUNT(*), TOTAL(ok) FROM (SELECT ({' AND '.join(others)}) AS ok FROM documents d LIMIT ?)",
            [*other_params, SAMPLE],
        ).fetchone()
        found.doc_share = min(1.0, passed / max(sampled, 1) / found.date_share) if found.date_share else 0.0
    return found


def _page_ids(db: sqlite3.Connection, query: SearchQuery, matches: float, utterances: int, persons: list[str]) -> list[int]:
    """The ids of the page's utterances (one more than a page, to tell whether another follows)."""
    since = date_bound(query.since, "since", end=False)
    until = date_bound(query.until, "until", end=True)
    where, params = _filter_sql(query, since, until, persons)
    limit, offset = query.per_page + 1, (query.page - 1) * query.per_page
    conditions = "".join(f" AND {w}" for w in where)
    direction = "DESC" if query.order == "newest" else "ASC NULLS LAST"
    order = f"d.date {direction}, d.id {direction.split()[0]}"
    if query.order == "relevance" and not where:  # FTS5 ranks on its own, without the joins
        sql = "SELECT rowid FROM utterances_fts WHERE utterances_fts MATCH ? ORDER BY bm25(utterances_fts) LIMIT ? OFFSET ?"
        return [row[0] for row in db.execute(sql, [query.q, limit, offset])]
    if query.order == "relevance":
        sql = f"""SELECT s.id FROM utterances_fts JOIN segments s ON s.id = utterances_fts.rowid
                  JOIN documents d ON d.id = s.document_id
                  WHERE utterances_fts MATCH ?{conditions}
                  ORDER BY bm25(utterances_fts) LIMIT ? OFFSET ?"""
        return [row[0] for row in db.execute(sql, [query.q, *params, limit, offset])]
    args = [query.q, *params, limit, offset]
    sort_all = f"""SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id
                   WHERE s.id IN (SELECT rowid FROM utterances_fts WHERE utterances_fts MATCH ?)
                   {conditions} ORDER BY {order}, s.position LIMIT ? OFFSET ?"""  # every match looked up and sorted
    if matches < SORT_ALL_BELOW:
        return [row[0] for row in db.execute(sort_all, args)]
    costs = _estimate(db, query, matches, utterances, persons).costs()
    statements: dict[str, tuple[str, list[Any]]] = {}
    # document by document: FTS5 yields a document's rowids in order
    join, speaks = "", ""
    if query.speaker:  # only the documents where the speaker has a turn are asked
        join = " JOIN segments s ON s.id = f.rowid"
        speaks = f""" AND EXISTS (SELECT 1 FROM segments t INDEXED BY segments_document
                                  WHERE t.document_id = d.id AND t.kind = 'turn'
                                    AND t.person_id IN ({','.join('?' * len(persons))}))"""
    statements["probe"] = (
        f"""SELECT f.rowid FROM documents d CROSS JOIN utterances_fts f{join}
            WHERE f.utterances_fts MATCH ?{speaks}
              AND f.rowid BETWEEN (SELECT MIN(id) FROM segments WHERE document_id = d.id)
                              AND (SELECT MAX(id) FROM segments WHERE document_id = d.id){conditions}
            ORDER BY {order} LIMIT ? OFFSET ?""",
        [query.q, *(persons if speaks else []), *params, limit, offset],
    )
    # the walk: documents in date order, their turns looked up in the matches, listed once
    statements["walk"] = (
        f"""SELECT s.id FROM documents d CROSS JOIN segments s ON s.document_id = d.id
            WHERE s.kind = 'turn' AND +s.id IN (SELECT rowid FROM utterances_fts WHERE utterances_fts MATCH ?)
            {conditions} ORDER BY {order}, s.position LIMIT ? OFFSET ?""",
        args,
    )
    statements["sort"] = (sort_all, args)
    if "speaker" in costs:  # every turn of the speaker looked up in the matches, those found sorted
        statements["speaker"] = (
            f"""SELECT s.id FROM segments s INDEXED BY segments_person JOIN documents d ON d.id = s.document_id
                WHERE s.kind = 'turn' AND +s.id IN (SELECT rowid FROM utterances_fts WHERE utterances_fts MATCH ?)
                {conditions} ORDER BY {order}, s.position LIMIT ? OFFSET ?""",
            args,
        )
    plan = min(costs, key=costs.__getitem__)
    bounded = min((p for p in ("sort", "speaker") if p in costs), key=costs.__getitem__)
    if plan in ("probe", "walk"):  # their cost depends on how the matches fall: bounded by the sure plan's
        found = _within_budget(db, *statements[plan], max(BUDGET_FLOOR_MS, costs[bounded] / 1000))
        if found is not None:
            return found
        plan = bounded
    return [row[0] for row in db.execute(*statements[plan])]


def _within_budget(db: sqlite3.Connection, sql: str, params: list[Any], budget_ms: float) -> list[int] | None:
    """The first column of sql's rows, or None when SQLite needs more than budget_ms of CPU for them."""
    deadline = time.thread_time() + budget_ms / 1000
    clock = time.thread_time

    def over() -> bool:
        return clock() > deadline

    db.set_progress_handler(over, PROGRESS_STEPS)
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
        row["snippet"] = snippet(row.pop("text"), pattern, MARKS)
    return [rows[i] for i in ids if i in rows]


def search(db: sqlite3.Connection, query: SearchQuery) -> SearchPage:
    """One page of utterances matching the query, in the query's order."""
    if (query.page - 1) * query.per_page > MAX_OFFSET:
        raise BadParameter(f"page: {query.page} is too deep (at most {MAX_OFFSET} results are paged through)")
    if query.within != "turns":
        return _written_search(db, query)
    asked = query
    query = replace(query, q=match_expression(query.q))  # the user's words as FTS5 syntax
    if query.versions == "once" and not repeats_any(db, "language"):
        query = replace(query, versions="all")  # no meeting is stored twice: nothing to leave out
    check_query(query.q)
    # the persons meant, looked up once rather than in every statement that filters on them;
    # QueryError, with the closest names, when the speaker means no one
    persons = speaker_ids(db, query.speaker) if query.speaker else []
    try:
        row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'segments'").fetchone()
        utterances = row[0] if row else 0
        dense_from = max(MATCHES_COUNTED, int(utterances * DENSE))
        with time_limit(db, f"search {asked.q!r}"):
            matches, last = db.execute(  # counting stops there: beyond, the number costs more than the search
                "SELECT COUNT(*), MAX(rowid) FROM (SELECT rowid FROM utterances_fts WHERE utterances_fts MATCH ? LIMIT ?)",
                (query.q, dense_from + 1),
            ).fetchone()
        # beyond, the matches are estimated from how far into the ids counting got
        estimated = matches * utterances / last if matches > dense_from and last else matches
        ids = _page_ids(db, query, estimated, utterances, persons) if matches else []
        with time_limit(db, f"search {asked.q!r}"):
            hits = _details(db, query.q, ids[: query.per_page])
            filtered = query.filters() or query.versions == "once"
            # filtered matches are counted among the first MATCHES_COUNTED: each costs a look-up
            counted = min(dense_from, MATCHES_COUNTED) if filtered else dense_from
            shown = _passing(db, query, persons, counted) if matches and filtered else matches
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):  # the event-kind filter on a corpus without events
            raise BadParameter("kind: this corpus has no events yet (link them first)") from None
        raise QueryError(
            f"cannot search for {asked.q!r}: {exc}. Put phrases in double quotes; "
            "operators are AND, OR, NOT and a trailing * for prefixes."
        ) from None
    return SearchPage(asked, hits, shown, exact=matches <= counted, has_next=len(ids) > query.per_page)


def _passing(db: sqlite3.Connection, query: SearchQuery, persons: list[str], counted: int) -> int:
    """How many of the first `counted` + 1 matches pass the query's filters (all of them, when the
    words match no more): the count a page of filtered results reports."""
    since = date_bound(query.since, "since", end=False)
    until = date_bound(query.until, "until", end=True)
    where, params = _filter_sql(query, since, until, persons)
    sql = f"""SELECT COUNT(*) FROM segments s INDEXED BY segments_filters JOIN documents d ON d.id = s.document_id
              WHERE s.id IN (SELECT rowid FROM utterances_fts WHERE utterances_fts MATCH ? LIMIT ?)
              {"".join(f" AND {w}" for w in where)}"""
    return db.execute(sql, [query.q, counted + 1, *params]).fetchone()[0]


def _written_search(db: sqlite3.Connection, query: SearchQuery) -> SearchPage:
    """A search in what was written (narrative, captions, titles) or in everything (queries.search),
    with the page's filters and order; every hit is counted."""
    documents = _filter_sql(replace(query, speaker=None, versions="all"), None, None, [])
    sql = search_sql(
        db, query.q, query.within, query.speaker, query.since, query.until, once="language" if query.versions == "once" else None,
        marks=MARKS, order=query.order, documents_where=documents,
    )
    offset = (query.page - 1) * query.per_page
    try:
        with time_limit(db, f"search {query.q!r}"):
            rows = db.execute(sql.hits, [*sql.hits_params, query.per_page + 1, offset]).fetchall()
            matches = db.execute(sql.count, sql.count_params).fetchone()[0]
    except sqlite3.OperationalError as exc:
        raise QueryError(f"cannot search for {query.q!r}: {exc}") from None
    hits = [dict(row) for row in rows[: query.per_page]]
    return SearchPage(query, hits, matches, exact=True, has_next=len(rows) > query.per_page)
