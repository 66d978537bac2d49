"""Bounds on one search (summitry.queries.limits): queries that ask too much of the index are refused
before they run, and every search stops at its time limit with a clear error."""

from __future__ import annotations

import sqlite3

import pytest

from summitry import Corpus, QueryError
from summitry.queries.limits import check_query, time_limit


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("NEAR(" + "a* " * 60 + ")", "60 prefix terms"),
        (" ".join(f"word{i}" for i in range(50)), "50 terms"),
        (" AND ".join(f"NEAR(trade{i} gas{i})" for i in range(5)), "5 NEAR groups"),
        ("x" * 1200, "1200 characters"),
        ("NEAR(a* e* i*, 50)", "the prefix 'a*' is shorter than 3 letters"),
        ("gas AND pr*", "the prefix 'pr*' is shorter than 3 letters"),
    ],
)
def test_a_query_that_asks_too_much_is_refused_in_one_line(query, reason):
    with pytest.raises(QueryError, match="asks too much") as refused:
        check_query(query)
    assert reason in str(refused.value) and "\n" not in str(refused.value)


@pytest.mark.parametrize("query", ['"trade turnover"', "sanction* AND gas", "NEAR(trade energy, 5)", "nuclear OR weapons"])
def test_ordinary_queries_pass(query):
    check_query(query)


def test_the_corpus_search_refuses_it_too(tmp_path):
    with Corpus(tmp_path / "c.db") as corpus, pytest.raises(QueryError, match="asks too much"):
        corpus.search("NEAR(" + "a* " * 60 + ")")


def test_a_statement_over_its_time_limit_is_stopped_with_a_clear_error():
    db = sqlite3.connect(":memory:")
    endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n"
    with pytest.raises(QueryError, match=r"search 'x': stopped after 0.2 s"), time_limit(db, "search 'x'", seconds=0.2):
        db.execute(endless).fetchone()
    assert db.execute("SELECT 1").fetchone() == (1,)  # the connection is free again, the handler gone
