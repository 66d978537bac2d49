"""Quote tracing: which transcript turn a quoted sentence renders, even in another translation.

Candidates come from the full-text index (any of the quote's content stems as a prefix); each
candidate turn is scored by its best window of one to three consecutive sentences: similarity of
stems, figures, names and key terms, and the share of the quote's words the window holds. Below
the threshold there is no source, rather than a guess.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from .similarity import TextFeatures, coverage, features, sentences, similarity

QUOTE = re.compile(r"[“«„\"]([^”»“\"]+)[”»“\"]")
TRACE_THRESHOLD = 0.45  # a source scores at least this
SURE_WORDS = 4  # a quote with fewer content words and terms scores less: short quotes match by chance
CANDIDATES = 200  # turns read from the full-text index per quote
MIN_QUOTE_WORDS = 3
_FTS_WORD = re.compile(r"^\w+$")


@dataclass
class Source:
    document: int
    position: int  # the turn's segment position
    speaker: str | None
    event: str | None
    date: str | None
    passage: str  # the sentences of the turn the quote renders
    score: float


def quotes(text: str) -> list[str]:
    """The quoted passages of a narrative text (three words or more)."""
    return [q.strip(" ,.") for q in QUOTE.findall(text) if len(q.split()) >= MIN_QUOTE_WORDS]


def quote_score(quote: TextFeatures, passage: TextFeatures) -> float:
    certainty = min(1.0, (len(quote.signature) + 1) / (SURE_WORDS + 1))
    return 0.5 * (similarity(quote, passage) + coverage(quote, passage)) * certainty


def best_passage(quote: TextFeatures, turn_text: str) -> tuple[float, str]:
    """The window of one to three consecutive sentences of a turn that best renders the quote."""
    parts = sentences(turn_text) or [turn_text]
    best = (0.0, "")
    for width in (1, 2, 3):
        for i in range(max(1, len(parts) - width + 1)):
            passage = " ".join(parts[i : i + width])
            score = quote_score(quote, features(passage))
            if score > best[0]:
                best = (score, passage)
    return best


def trace(
    db: sqlite3.Connection,
    quote: str,
    event: str | None = None,
    threshold: float = TRACE_THRESHOLD,
    limit: int = 5,
) -> list[Source]:
    """The turns a quoted sentence renders, best first, each with a score (empty: no source found).
    ``event`` restricts the search to the documents of one event."""
    wanted = features(quote)
    terms = sorted(s for s in wanted.stems if _FTS_WORD.match(s))
    terms += sorted(t[4:] for t in wanted.terms if t.startswith("num:") and _FTS_WORD.match(t[4:]))
    if not terms:
        return []
    match = " OR ".join(f'"{t}"*' for t in terms)
    sql = """SELECT s.document_id, s.position, p.name, s.text, d.date,
                    (SELECT event_id FROM event_documents e WHERE e.document_id = s.document_id
                     ORDER BY e.score DESC LIMIT 1) AS event,
                    EXISTS (SELECT 1 FROM events e WHERE e.canonical_id = s.document_id) AS canonical
             FROM utterances_fts JOIN segments s ON s.id = utterances_fts.rowid
             JOIN documents d ON d.id = s.document_id LEFT JOIN persons p ON p.id = s.person_id
             WHERE utterances_fts MATCH ?"""
    params: list[object] = [match]
    if event is not None:
        sql += " AND s.document_id IN (SELECT document_id FROM event_documents WHERE event_id = ?)"
        params.append(event)
    sql += " ORDER BY bm25(utterances_fts) LIMIT ?"
    params.append(CANDIDATES)
    found = []
    for doc_id, position, speaker, text, date, event_id, canonical in db.execute(sql, params):
        score, passage = best_passage(wanted, text)
        if score >= threshold:
            found.append((-round(score, 3), not canonical, Source(doc_id, position, speaker, event_id, date, passage, round(score, 3))))
    found.sort(key=lambda f: f[:2])  # best first; on a tie, the canonical text first
    return [f[2] for f in found[:limit]]
