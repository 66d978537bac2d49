"""Search in scripts written without spaces (Chinese, Japanese): a word is found inside a run of
characters, as the index reads each character as a word, and the snippet marks the word itself."""

from __future__ import annotations

import sqlite3

import pytest
from fastapi.testclient import TestClient

from summitry.queries.corpus import Corpus
from summitry.store.check import check
from summitry.store.migrations import register_functions
from summitry.web import create_app

BRIEFING = "\n\n".join([
    "外交部发言人毛宁主持例行记者会",
    "2024年7月4日",
    "毛宁：今天，国家主席习近平在阿斯塔纳同普京总统会谈，双方就双边关系交换了意见。",
    "法新社记者：请问中方如何评价这次会谈？",
    "毛宁：两国元首同意继续深化合作，普京总统对此表示欢迎。",
])
ENGLISH = "Talks in Moscow\n\nJune 9, 2023\n\nVladimir Putin: Good afternoon, colleagues. We meet in Moscow today."


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "briefing.txt").write_text(BRIEFING, encoding="utf-8")
    (tmp_path / "pages" / "talks.txt").write_text(ENGLISH, encoding="utf-8")
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.ingest([tmp_path / "pages"])
        yield corpus


@pytest.mark.parametrize(
    ("query", "count"),
    [("普京", 2), ('"普京总统"', 2), ("习近平 AND 普京", 1), ("会谈*", 2), ("普京 NOT 欢迎", 1), ("莫斯科", 0),
     ("Moscow", 1), ("colleagues", 1)],
)
def test_a_word_is_found_inside_a_run_of_characters(corpus, query, count):
    assert corpus.search_count(query) == count


def test_the_snippet_marks_the_word_itself(corpus):
    snippets = [hit["snippet"] for hit in corpus.search("普京")]
    assert "同[普京]总统会谈" in snippets[0] + snippets[1] and all("[普京]" in s for s in snippets)
    assert [hit["snippet"] for hit in corpus.search("记者会", within="titles")] == ["外交部发言人毛宁主持例行[记者会]"]
    assert "[Moscow]" in corpus.search("Moscow")[0]["snippet"]


def test_the_web_finds_and_marks_it(corpus):
    with TestClient(create_app(corpus.store.path)) as client:
        page = client.get("/search", params={"q": "普京"}).text
        api = client.get("/api/search", params={"q": "普京"}).json()
    assert "<mark>普京</mark>" in page and api["matches"] == 2


def test_a_removed_document_leaves_none_of_its_characters_in_the_index(corpus):
    briefing = next(hit["document"] for hit in corpus.search("普京"))
    corpus.remove_documents([briefing])
    assert corpus.search_count("普京") == 0 and check(corpus.db).clean
    assert corpus.db.execute("SELECT COUNT(*) FROM utterances_vocab WHERE term = '普'").fetchone()[0] == 0


def test_a_corpus_indexed_before_finds_them_once_migrated(corpus, tmp_path):
    """A database whose index read runs of characters as one word (before 0011_unspaced_scripts)."""
    db = sqlite3.connect(corpus.store.path, isolation_level=None)
    register_functions(db)
    rows = db.execute("SELECT id, kind, text FROM segments WHERE index_text(text) <> text").fetchall()
    for index, kinds in (("utterances_fts", ("turn",)), ("writing_fts", ("narrative", "caption"))):
        for segment, kind, text in rows:
            if kind in kinds:
                db.execute(f"INSERT INTO {index}({index}, rowid, text) VALUES ('delete', ?, index_text(?))", (segment, text))
                db.execute(f"INSERT INTO {index}(rowid, text) VALUES (?, ?)", (segment, text))
    db.execute("UPDATE titles_fts SET title = (SELECT title FROM documents WHERE id = titles_fts.rowid)")
    db.execute("DELETE FROM migrations WHERE name = '0011_unspaced_scripts'")
    db.close()
    with Corpus(corpus.store.path) as before:  # opened as it was: migrated
        assert before.search_count("普京") == 2 and before.search("记者会", within="titles")
