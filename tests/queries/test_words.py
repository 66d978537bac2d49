"""Words said: collocates (what is said near a word or phrase) and word frequencies, stopwords left out
unless asked for (issue 16: Voyant's panels)."""

from __future__ import annotations

import pytest

from summitry.queries import analysis
from summitry.queries.corpus import Corpus
from summitry.queries.limits import QueryError

PAGE = """Talks on energy

5 April 2023, Moscow

Vladimir Putin: Gas supplies grew this year. We discussed gas supplies and gas prices with our partners.

Alexander Lukashenko: The Union State needs cheap gas. The Union State budget is ready. Supplies of grain grew too.
"""


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "talks.txt").write_text(PAGE, encoding="utf-8")
    with Corpus(tmp_path / "c.db") as c:
        c.ingest([tmp_path])
        yield c


def test_collocates_count_the_words_within_the_window(corpus):
    near = {r["term"]: r for r in analysis.collocates(corpus, "gas", window=1, min_count=1)}
    assert near["supplies"]["count"] == 2 and near["prices"]["count"] == 1
    assert "gas" not in near and "and" not in near  # the word itself and stopwords are left out
    assert "and" in {r["term"] for r in analysis.collocates(corpus, "gas", window=1, min_count=1, stopwords=True)}


def test_collocates_of_a_phrase_and_a_prefix(corpus):
    assert {r["term"] for r in analysis.collocates(corpus, "Union State", window=1, min_count=1)} == {"needs", "budget"}
    assert "grew" in {r["term"] for r in analysis.collocates(corpus, "suppl*", window=1, min_count=1)}


def test_collocates_of_a_speaker(corpus):
    said = {r["term"] for r in analysis.collocates(corpus, "gas", window=2, min_count=1, speaker="Lukashenko")}
    assert "cheap" in said and "supplies" not in said


def test_frequencies_most_said_first_without_stopwords(corpus):
    rows = analysis.frequencies(corpus)
    assert rows[0]["term"] == "gas" and rows[0]["count"] == 4 and rows[0]["rank"] == 1
    assert not {"the", "and", "we", "our"} & {r["term"] for r in rows}
    assert {r["term"] for r in analysis.frequencies(corpus, stopwords=True)} >= {"the", "and"}
    assert {r["term"] for r in analysis.frequencies(corpus, speaker="Putin")} >= {"gas", "prices"}
    assert "budget" not in {r["term"] for r in analysis.frequencies(corpus, speaker="Putin")}


def test_a_window_out_of_bounds_is_an_error(corpus):
    with pytest.raises(QueryError, match="window: 0 words is not between 1 and 20"):
        analysis.collocates(corpus, "gas", window=0)
