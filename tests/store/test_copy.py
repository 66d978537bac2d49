"""Moving a corpus between SQLite and PostgreSQL (summitry.store.copy, `summitry copy`): every table
row for row, checked by counts and checksums, searchable in PostgreSQL with its own full-text search
in the document's language, back into SQLite as a working corpus; never half-written."""

from __future__ import annotations

import sqlite3

import pytest
from typer.testing import CliRunner

from summitry import Corpus
from summitry.cli import app
from summitry.store import copy as copying
from summitry.store.copy import CopyError, copy_store, data_tables

from ..conftest import EVENTS, EXAMPLES


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("copy") / "corpus.db"
    with Corpus(path) as corpus:
        corpus.ingest([EXAMPLES, EVENTS])
    return path


def rows_of(path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as db:
        return {table: sorted(map(repr, db.execute(f"SELECT * FROM {table}"))) for table in data_tables(db)}


def test_a_corpus_goes_to_postgresql_and_back_row_for_row(corpus_db, postgres_db, tmp_path):
    there = copy_store(str(corpus_db), postgres_db)
    assert there.rows["segments"] > 100 and there.rows["documents"] >= 14
    back = copy_store(postgres_db, str(tmp_path / "back.db"))
    assert back.rows == there.rows and back.checksums == there.checksums
    assert rows_of(tmp_path / "back.db") == rows_of(corpus_db)
    with Corpus(tmp_path / "back.db") as copy, Corpus(corpus_db) as original:
        found = [h["utterance"] for h in copy.search("trade")]
        assert found and found == [h["utterance"] for h in original.search("trade")]
    assert not list(tmp_path.glob("*.partial-*"))


def test_postgresql_searches_the_copy_in_each_documents_language(corpus_db, postgres_db):
    import psycopg

    copy_store(str(corpus_db), postgres_db)
    with psycopg.connect(postgres_db) as pg:
        english = pg.execute("SELECT count(*) FROM segments WHERE search @@ websearch_to_tsquery('english', 'agreements')").fetchone()[0]
        # the russian configuration stems: "страна" finds "между нашими странами"
        russian = pg.execute("""SELECT count(*) FROM segments s JOIN documents d ON d.id = s.document_id
                                WHERE d.language = 'ru' AND search @@ websearch_to_tsquery('russian', 'страна')""").fetchone()[0]
        plain = pg.execute("SELECT count(*) FROM segments WHERE text ILIKE '%agreement%' AND kind = 'turn'").fetchone()[0]
    assert english >= 1 and plain >= 1 and russian >= 1


def test_a_copy_into_a_database_that_holds_a_corpus_is_refused(corpus_db, postgres_db, tmp_path):
    copy_store(str(corpus_db), postgres_db)
    with pytest.raises(CopyError, match="already holds a corpus"):
        copy_store(str(corpus_db), postgres_db)
    (tmp_path / "there.db").write_bytes(b"")
    with pytest.raises(CopyError, match="a file is there already"):
        copy_store(postgres_db, str(tmp_path / "there.db"))


def test_a_copy_that_fails_leaves_nothing_half_written(corpus_db, postgres_db, tmp_path, monkeypatch):
    import psycopg

    def breaks(*args):
        raise OSError("disk full")

    monkeypatch.setattr(copying, "_add_text_search", breaks)
    with pytest.raises(OSError):
        copy_store(str(corpus_db), postgres_db)
    with psycopg.connect(postgres_db) as pg:
        assert pg.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'").fetchone()[0] == 0
    monkeypatch.undo()
    copy_store(str(corpus_db), postgres_db)
    monkeypatch.setattr(copying, "repair", breaks)
    with pytest.raises(OSError):
        copy_store(postgres_db, str(tmp_path / "back.db"))
    assert list(tmp_path.iterdir()) == []


def test_the_command_line_copies_and_says_what_it_checked(corpus_db, postgres_db, tmp_path):
    result = CliRunner().invoke(app, ["copy", "--from", str(corpus_db), "--to", postgres_db, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "counts and checksums agree on both sides" in result.output


@pytest.mark.parametrize(
    ("source", "target", "says"),
    [("a.db", "b.db", "one side must be a SQLite file and the other a postgresql:// database"),
     ("missing.db", "postgresql://nobody@127.0.0.1:1/x", "missing.db: no database there"),
     ("postgresql://nobody:secret@127.0.0.1:1/x", "new.db", "postgresql://nobody:***@127.0.0.1:1/x: cannot connect")],
)
def test_a_copy_that_cannot_be_made_is_one_line(tmp_path, monkeypatch, source, target, says):
    pytest.importorskip("psycopg")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["copy", "--from", source, "--to", target])
    assert result.exit_code == 2 and says in result.output and "secret" not in result.output
