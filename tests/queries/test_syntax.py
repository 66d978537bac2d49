"""A user's words as an FTS5 expression: what is syntax stays syntax, the rest is words."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summitry.queries.syntax import match_expression
from summitry.store.filters import QueryError

TEXTS = [
    "The U.S. imposed sanctions on oil: 12% more, US$45 a barrel, by e-mail.",
    "Putin's trade turnover grew, and peace talks went on.",
    "Переговоры о санкциях продолжились.",
]


@pytest.fixture(scope="module")
def index():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO t VALUES (?)", [(text,) for text in TEXTS])
    return db


def matching(index, query: str) -> list[int]:
    return [row[0] for row in index.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid", (match_expression(query),))]


@pytest.mark.parametrize(
    ("query", "rows"),
    [
        ("U.S.", [1]), ("Putin's", [2]), ("12%", [1]), ("US$45", [1]), ("e-mail", [1]), ("* oil", [1]),
        ("sanction*", [1]), ('"trade turnover"', [2]), ('"trade tur"*', [2]), ("trade AND", [2]),
        ("OR trade", [2]), ("trade OR OR oil", [1, 2]), ("(trade OR oil", [1, 2]), ("trade)", [2]),
        ("oil (sanctions OR peace)", [1]), ("NEAR(trade grew, 3)", [2]), ("NEAR(trade peace", [2]),
        ("peace NOT oil", [2]), ("and", [2]), ("санкци*", [3]), ("Санкциях", [3]), ('"unclosed phrase', []),
        ("text:oil", []), ("-oil", [1]),
    ],
)
def test_plain_words_find_what_the_text_holds(index, query, rows):
    assert matching(index, query) == rows


@pytest.mark.parametrize(("query", "reason"), [
    ("*", "no word to look for"), ("()", "no word to look for"), ('""', "no word to look for"), ("AND OR", "no word"),
    ("NOT war", "NOT needs words before it"),
])
def test_a_query_without_words_is_an_error_naming_it(query, reason):
    with pytest.raises(QueryError, match=reason) as info:
        match_expression(query)
    assert repr(query) in str(info.value)


def test_forms_widen_plain_words_only():
    forms = {"sanction": ["sanction", "sanctions", "sanctioned"]}.get
    assert match_expression("sanction", forms) == '("sanction" OR "sanctions" OR "sanctioned")'
    assert match_expression('"sanction" sanction*', forms) == '"sanction" AND "sanction"*'


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*'abc Ж"*()-:,.^+ ', "AND", "OR", "NOT", "NEAR(", " 3"]), max_size=20).map("".join))
def test_any_input_is_an_expression_fts5_accepts_or_a_query_error(index, query):
    try:
        expression = match_expression(query)
    except QueryError:
        return
    index.execute("SELECT count(*) FROM t WHERE t MATCH ?", (expression,)).fetchone()
