"""Full-text search over what was said and what was written: the SQL of `Corpus.search`.

What a search looks in (``within``):
    turns      what the speakers said (the default, and the ranking unit of every analysis)
    narrative  what the page says around them: readouts, lead paragraphs, captions
    titles     the documents' titles
    all        the three, one list ranked by relevance

Each is a full-text index of its own (see store.migrations, 0008_written_text); a hit says which
(``part``: turn, narrative, caption or title). Titles and narrative have no speaker: ``--speaker``
searches turns only.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Literal

from ..store.filters import QueryError, Scope, choice, counted_once, date_filters, scope_filters, speaker_ids
from .limits import check_query
from .syntax import match_expression
from .word_forms import word_forms

Within = Literal["turns", "narrative", "titles", "all"]
WITHIN: tuple[str, ...] = ("turns", "narrative", "titles", "all")

# What each index gives a hit (its snippet marks are the first parameters), and where it reads them.
_SEGMENT_COLUMNS = """s.id AS utterance, d.id AS document, d.date, d.city, d.venue, d.title, d.publisher,
    s.person_id, p.name AS speaker, s.label, s.position, s.words, snippet({index}, 0, ?, ?, '…', 16) AS snippet,
    bm25({index}) AS score, {part} AS part"""
_SEGMENT_ROWS = """{index} JOIN segments s ON s.id = {index}.rowid
    JOIN documents d ON d.id = s.document_id LEFT JOIN persons p ON p.id = s.person_id
    WHERE {index} MATCH ?"""
_SOURCES = {
    "turns": (_SEGMENT_COLUMNS.format(index="utterances_fts", part="'turn'"), _SEGMENT_ROWS.format(index="utterances_fts")),
    "narrative": (_SEGMENT_COLUMNS.format(index="writing_fts", part="s.kind"), _SEGMENT_ROWS.format(index="writing_fts")),
    "titles": (
        """NULL AS utterance, d.id AS document, d.date, d.city, d.venue, d.title, d.publisher, NULL AS person_id,
        NULL AS speaker, NULL AS label, NULL AS position, NULL AS words, highlight(titles_fts, 0, ?, ?) AS snippet,
        bm25(titles_fts) AS score, 'title' AS part""",
        "titles_fts JOIN documents d ON d.id = titles_fts.rowid WHERE titles_fts MATCH ?",
    ),
}


_ORDER = {"relevance": "score", "newest": "date IS NULL, date DESC, score", "oldest": "date IS NULL, date, score"}


@dataclass(frozen=True)
class SearchSQL:
    """One search as SQL: its hits (a page of them, best first) and how many there are in all."""

    hits: str
    hits_params: list[object]
    count: str
    count_params: list[object]


def search_sql(
    db: sqlite3.Connection,
    query: str,
    within: str = "turns",
    speaker: str | None = None,
    since: str | None = None,
    until: str | None = None,
    stem: bool = False,
    once: Literal["event", "language"] | None = "language",
    marks: tuple[str, str] = ("[", "]"),
    scope: Scope | None = None,
    order: Literal["relevance", "newest", "oldest"] = "relevance",
    documents_where: tuple[list[str], list[object]] = ([], []),
) -> SearchSQL:
    """The SQL of a search, checked: QueryError for a value it cannot use (an unknown ``within``, a
    date that is not one, a speaker no one matches, a query too costly to run). ``documents_where``:
    more conditions on documents ``d`` and their parameters (the web app's place and topic)."""
    within = choice(within, "in", WITHIN) or "turns"
    sources = list(_SOURCES) if within == "all" else [within]
    forms = (lambda word: word_forms(db, word)) if stem else None
    expression = match_expression(query, forms)
    check_query(expression)
    documents, document_params = date_filters(since, until)
    scoped, scope_params = scope_filters(db, scope)
    documents += scoped + documents_where[0] + counted_once(once)
    document_params = [*document_params, *scope_params, *documents_where[1]]
    speaks: list[str] = []
    speaker_params: list[str] = []
    if speaker:
        if within in ("narrative", "titles"):
            raise QueryError(f"speaker: {within} have no speaker (search them without a speaker, or in turns)")
        persons = speaker_ids(db, speaker)
        speaks, speaker_params = [f"s.person_id IN ({', '.join('?' * len(persons))})"], persons
        sources = ["turns"]
    hits: list[str] = []
    counts: list[str] = []
    params: list[object] = []
    for source in sources:
        columns, rows = _SOURCES[source]
        rows += "".join(f" AND {w}" for w in (speaks if source == "turns" else []) + documents)
        hits.append(f"SELECT {columns} FROM {rows}")
        counts.append(f"(SELECT COUNT(*) FROM {rows})")
        params.append([expression, *(speaker_params if source == "turns" else []), *document_params])
    return SearchSQL(
        hits=f"SELECT * FROM ({' UNION ALL '.join(hits)}) ORDER BY {_ORDER[order]} LIMIT ? OFFSET ?",
        hits_params=[value for source in params for value in (*marks, *source)],
        count=f"SELECT {' + '.join(counts)}",
        count_params=[value for source in params for value in source],
    )
