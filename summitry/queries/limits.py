"""Bounds on one search: what a query may ask of the full-text index, and how long it may run.

A query of many prefix terms or NEAR groups ("NEAR(a* a* a* …)") makes FTS5 read and merge a large
part of the index for each of them: 185 characters of it froze a server for tens of seconds. Such a
query is refused with a one-line reason before it runs (``check_query``), and every search runs under
a time limit (``time_limit``, SQLite's progress handler), ended with a clear error when it is over.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

from ..store.filters import QueryError

__all__ = ["QueryError", "check_query", "time_limit"]

MAX_QUERY_CHARS = 1000
MAX_TERMS = 40  # words and phrases' words
MAX_PREFIXES = 6  # terms ending in *
MAX_NEAR_GROUPS = 3
MIN_PREFIX_LETTERS = 3  # "a*" reads most of the index (1.7 s on 100,000 turns); "con*" a small part
SEARCH_SECONDS = 10.0
_PROGRESS_STEPS = 20_000  # SQLite instructions between two looks at the clock

_WORD = re.compile(r'[^\W_]+(?:"?\*)?')  # a word, with the star of a prefix (a* or "a phrase"*)
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


def check_query(query: str) -> None:
    """Raise QueryError when a query asks more of the index than one search may."""
    problem = None
    words = [w.replace('"', "") for w in _WORD.findall(query) if w not in _OPERATORS]
    if len(query) > MAX_QUERY_CHARS:
        problem = f"{len(query)} characters (at most {MAX_QUERY_CHARS})"
    elif (prefixes := sum(w.endswith("*") for w in words)) > MAX_PREFIXES:
        problem = f"{prefixes} prefix terms (at most {MAX_PREFIXES}; each reads a part of the index)"
    elif (near := len(re.findall(r"\bNEAR\s*\(", query))) > MAX_NEAR_GROUPS:
        problem = f"{near} NEAR groups (at most {MAX_NEAR_GROUPS})"
    elif len(words) > MAX_TERMS:
        problem = f"{len(words)} terms (at most {MAX_TERMS})"
    elif short := [w for w in words if w.endswith("*") and len(w) - 1 < MIN_PREFIX_LETTERS]:
        problem = f"the prefix {short[0]!r} is shorter than {MIN_PREFIX_LETTERS} letters (it would read most of the index)"
    if problem:
        shown = query if len(query) <= 60 else query[:57] + "..."
        raise QueryError(f"search {shown!r} asks too much: {problem}")


@contextmanager
def time_limit(db: sqlite3.Connection, what: str, seconds: float = SEARCH_SECONDS) -> Iterator[None]:
    """Run the statements of the block under a time limit; QueryError when it is over."""
    deadline = time.monotonic() + seconds
    db.set_progress_handler(lambda: time.monotonic() > deadline, _PROGRESS_STEPS)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise QueryError(
                f"{what}: stopped after {seconds:g} s (fewer prefixes or NEAR groups, a speaker or dates narrow it)"
            ) from None
        raise
    finally:
        db.set_progress_handler(None, 0)
