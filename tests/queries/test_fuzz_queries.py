"""Fuzz smoke of what users type into the queries this project grew (issue 14's rule: a value the
queries cannot use is a QueryError, never another exception): searches in every part of the text,
collocates, frequencies and the scope filters, over the example pages."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitry.queries import analysis
from summitry.queries.corpus import Corpus, QueryError

from ..conftest import EXAMPLES

SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
WORDISH = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
SYNTAX = st.lists(st.sampled_from(['"', "*", "(", ")", "AND", "OR", "NOT", "NEAR(", ",", ":", "^", "-", "trade", "gas",
                                   "Путин", "e-mail", "U.S.", "12%", "\x00", " "]), max_size=12).map(" ".join)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    with Corpus(tmp_path_factory.mktemp("fuzz") / "c.db") as c:
        c.ingest([EXAMPLES])
        yield c


@SETTINGS
@given(query=st.one_of(WORDISH, SYNTAX), within=st.sampled_from(["turns", "narrative", "titles", "all"]))
def test_any_search_in_any_part_answers_or_says_why(corpus, query, within):
    try:
        hits = corpus.search(query, within=within, limit=5)
        assert len(hits) <= 5 and corpus.search_count(query, within=within) >= len(hits)
    except QueryError:
        pass


@SETTINGS
@given(query=st.one_of(WORDISH, SYNTAX), window=st.integers(min_value=-2, max_value=25))
def test_any_collocates_answer_or_say_why(corpus, query, window):
    with contextlib.suppress(QueryError):
        analysis.collocates(corpus, query, window=window, min_count=1)


@SETTINGS
@given(value=st.one_of(WORDISH, st.sampled_from(["en", "ru", "talks", "kremlin", "2024-02-29-moscow"])),
       field=st.sampled_from(["event", "publisher", "language", "kind"]))
def test_any_scope_reads_or_says_why(corpus, value, field):
    try:
        scoped = corpus.scoped(**{field: value})
    except QueryError:
        return
    assert isinstance(analysis.frequencies(scoped), list) and isinstance(scoped.documents(), list)
