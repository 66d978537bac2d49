"""Search what was written as well as what was said (issue 15, item 2): readouts, lead paragraphs,
captions and titles, with ``within`` (``--in``) turns | narrative | titles | all."""

from __future__ import annotations

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from summitry.cli import app
from summitry.queries.corpus import Corpus
from summitry.queries.limits import QueryError
from summitry.store.check import check, repair
from summitry.store.migrations import MIGRATIONS, _statements

from ..conftest import EXAMPLES

runner = CliRunner(env={"COLUMNS": "250"})
WORD = "Zimbabwe"  # named by the examples' readout in its title, lead and narrative, by no turn


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("within") / "c.db"
    with Corpus(path) as corpus:
        corpus.ingest([EXAMPLES])
    return path


@pytest.fixture
def corpus(db):
    with Corpus(db) as c:
        yield c


def test_a_word_of_a_readout_is_found_in_its_narrative_not_in_turns(corpus):
    assert corpus.search(WORD) == [] and corpus.search_count(WORD) == 0
    hits = corpus.search(WORD, within="narrative")
    assert hits and {h["part"] for h in hits} <= {"narrative", "caption"}
    assert all(f"[{WORD}]" in h["snippet"] and h["speaker"] is None for h in hits)
    assert corpus.search_count(WORD, within="narrative") == len(hits)


def test_titles_are_found_once_per_document(corpus):
    hits = corpus.search(WORD, within="titles")
    assert len(hits) == len({h["document"] for h in hits}) >= 1
    assert all(h["part"] == "title" and WORD in h["title"] and h["utterance"] is None for h in hits)


def test_captions_are_searched_as_narrative(corpus):
    hits = corpus.search("ceremony", within="narrative")
    assert "caption" in {h["part"] for h in hits}


@pytest.mark.parametrize("query", [WORD, "cooperation", "trade OR grain"])
def test_all_is_every_part_in_one_ranking(corpus, query):
    parts = {within: corpus.search_count(query, within=within) for within in ("turns", "narrative", "titles")}
    hits = corpus.search(query, within="all", limit=1000)
    assert len(hits) == corpus.search_count(query, within="all") == sum(parts.values())
    assert [h["score"] for h in hits] == sorted(h["score"] for h in hits)


def test_a_speaker_searches_turns_and_is_refused_where_no_one_speaks(corpus):
    speaker = corpus.search("cooperation")[0]["speaker"]
    hits = corpus.search("cooperation", within="all", speaker=speaker)
    assert hits and {h["part"] for h in hits} == {"turn"} and {h["speaker"] for h in hits} == {speaker}
    for within in ("narrative", "titles"):
        with pytest.raises(QueryError, match=f"speaker: {within} have no speaker"):
            corpus.search("Belarus", within=within, speaker="Putin")
    with pytest.raises(QueryError, match="in: 'everything' is not one of turns, narrative, titles, all"):
        corpus.search("Belarus", within="everything")


def test_the_command_line_searches_in_and_points_to_what_turns_miss(db):
    said = runner.invoke(app, ["--db", str(db), "search", WORD])
    assert said.exit_code == 0 and "--in all adds" in said.output
    written = runner.invoke(app, ["--db", str(db), "search", WORD, "--in", "all", "-f", "json"])
    assert written.exit_code == 0
    assert {h["part"] for h in json.loads(written.stdout)} >= {"narrative", "title"}
    bad = runner.invoke(app, ["--db", str(db), "search", WORD, "--in", "menus"])
    assert bad.exit_code == 2 and "in: 'menus' is not one of" in bad.output


def test_the_migration_indexes_what_was_stored_before_it(db, tmp_path):
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    conn = sqlite3.connect(copy)
    for table in ("writing_fts", "titles_fts"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("DROP TRIGGER IF EXISTS segments_writing_delete")
    conn.execute("DROP TRIGGER IF EXISTS documents_title_delete")
    for statement in _statements(dict(MIGRATIONS)["0008_written_text"]):
        conn.execute(statement)
    conn.commit()
    with Corpus(copy) as again, Corpus(db) as fresh:
        for within in ("narrative", "titles"):
            assert again.search(WORD, within=within) == fresh.search(WORD, within=within)


def test_check_finds_and_repair_mends_the_written_indexes(db, tmp_path):
    copy = tmp_path / "drift.db"
    copy.write_bytes(db.read_bytes())
    conn = sqlite3.connect(copy, isolation_level=None)
    row = conn.execute("SELECT id, text FROM segments WHERE kind = 'narrative' LIMIT 1").fetchone()
    conn.execute("INSERT INTO writing_fts (writing_fts, rowid, text) VALUES ('delete', ?, ?)", row)
    conn.execute("DELETE FROM titles_fts WHERE rowid = (SELECT MIN(rowid) FROM titles_fts)")
    findings = check(conn).findings
    assert any(f.startswith("unindexed: 1 narrative segments") for f in findings)
    assert any(f.startswith("titles:") for f in findings)
    report = repair(conn)
    assert report.clean and any("narrative" in r for r in report.repairs)
    assert any("titles" in r for r in report.repairs)


def test_a_replaced_page_leaves_nothing_behind_in_the_written_indexes(tmp_path):
    page = tmp_path / "readout.txt"
    page.write_text("Talks on {w}\n\n5 April 2023, Moscow\n\nThe leaders discussed {w}.\n".replace("{w}", "Kalahari"))
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.ingest([tmp_path])
        assert corpus.search_count("Kalahari", within="all") >= 1
        page.write_text(page.read_text().replace("Kalahari", "Sahara"))
        corpus.ingest([tmp_path])
        assert corpus.search_count("Kalahari", within="all") == 0
        assert corpus.search_count("Sahara", within="all") >= 1
        assert check(corpus.db).clean
