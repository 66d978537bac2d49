"""summitry.store.check and `summitry check [--repair]`: drift between the rows and the full-text index
is found and mended; a write error mid-ingest (a file-size limit: the disk is full) never leaves
documents committed without their index rows (issue 14, data loss 2)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summitry.cli import app
from summitry.queries.corpus import Corpus
from summitry.store.check import check, repair

PAGE = "Talks number {n}\n\n5 April 2023, Moscow\n\nVladimir Putin: {words}\n\nAlexander Lukashenko: {words}\n"

# An ingest that commits every 5 pages, under a file-size limit it meets half way (SIGXFSZ ignored:
# writes then fail with EFBIG, which SQLite reports as a disk I/O or full error).
LIMITED_INGEST = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
import summitry.queries.corpus as corpus_module
corpus_module.COMMIT_EVERY_PAGES = 5
from summitry import Corpus
corpus = Corpus(sys.argv[1])
limit = int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    corpus.ingest([sys.argv[2]])
except Exception as exc:
    print(type(exc).__name__, exc)
else:
    print("finished")
"""


def _pages(folder: Path, count: int, words: int = 300) -> Path:
    folder.mkdir()
    for n in range(count):
        text = " ".join(f"word{(n * 7919 + i * 104729) % 100003}" for i in range(words))
        (folder / f"p{n}.txt").write_text(PAGE.format(n=n, words=text), encoding="utf-8")
    return folder


def _corpus(tmp_path: Path, count: int = 6) -> Path:
    db = tmp_path / "c.db"
    with Corpus(db) as corpus:
        corpus.ingest([_pages(tmp_path / "pages", count, words=20)])
    return db


def _db(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def _invoke(db: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner(env={"COLUMNS": "250"}).invoke(app, ["--db", str(db), "check", *args])


def test_a_clean_corpus_has_no_drift(tmp_path):
    db = _corpus(tmp_path)
    assert check(_db(db)).clean
    result = _invoke(db)
    assert result.exit_code == 0, result.output
    assert "ok, no drift found" in result.output


def test_turns_without_index_rows_are_found_and_indexed_again(tmp_path):
    db = _corpus(tmp_path)
    conn = _db(db)
    turn_id, text, doc_id = conn.execute(
        "SELECT id, text, document_id FROM segments WHERE kind = 'turn' ORDER BY id LIMIT 1"
    ).fetchone()
    conn.execute("INSERT INTO utterances_fts (utterances_fts, rowid, text) VALUES ('delete', ?, ?)", (turn_id, text))
    word = text.split()[0]
    with Corpus(db) as corpus:
        assert all(hit["utterance"] != turn_id for hit in corpus.search(word))
    result = _invoke(db)
    assert result.exit_code == 1
    assert f"unindexed: 1 turns of 1 documents have no full-text row (documents {doc_id})" in result.output
    assert "count: 12 turns, 11 full-text rows" in result.output
    result = _invoke(db, "--repair")
    assert result.exit_code == 0, result.output
    assert "repaired: indexed 1 turns" in result.output
    assert check(_db(db)).clean
    with Corpus(db) as corpus:
        assert any(hit["utterance"] == turn_id for hit in corpus.search(word))


def test_index_rows_without_turns_and_wrong_counts_are_mended(tmp_path):
    db = _corpus(tmp_path)
    conn = _db(db)
    conn.execute("INSERT INTO utterances_fts (rowid, text) VALUES (999999, 'ghost')")
    conn.execute("UPDATE documents SET turns = turns + 3 WHERE id = 2")
    findings = check(conn).findings
    assert "orphan: 1 full-text rows have no turn (rows 999999)" in findings
    assert "counts: 1 documents' turns or words differ from their segments (documents 2)" in findings
    result = _invoke(db, "--repair")
    assert result.exit_code == 0, result.output
    assert "repaired: rebuilt the full-text index of the turns from them" in result.output
    assert check(_db(db)).clean
    with Corpus(db) as corpus:
        assert corpus.search("ghost") == []
        assert corpus.document(2)["turns"] == 2


def test_repair_leaves_what_it_cannot_mend_and_says_so(tmp_path):
    db = _corpus(tmp_path)
    conn = _db(db)
    conn.execute("INSERT INTO utterances_fts (rowid, text) VALUES (999999, 'ghost')")
    report = repair(conn)
    assert report.clean and report.repairs == ["rebuilt the full-text index of the turns from them"]


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_full_disk_mid_ingest_leaves_no_document_without_its_index_rows(tmp_path):
    pages = _pages(tmp_path / "pages", 120)
    outcomes = []
    for limit in (400_000, 900_000):  # the limit met in a page's rows, or while committing
        db = tmp_path / f"c{limit}.db"
        Corpus(db).close()
        run = subprocess.run(
            [sys.executable, "-c", LIMITED_INGEST, str(db), str(pages), str(limit)],
            capture_output=True, text=True, timeout=120,
        )
        assert "Traceback" not in run.stderr, run.stderr
        outcomes.append(run.stdout)
        assert run.stdout.startswith("BatchLost"), run.stdout + run.stderr
        assert "everything committed before is kept" in run.stdout
        conn = _db(db)
        assert check(conn).clean, check(conn).findings
        stored = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        assert 0 < stored < 120
        with Corpus(db) as corpus:  # a rerun stores the rest
            report = corpus.ingest([pages])
        assert report.unchanged == stored and report.added == 120 - stored
        assert check(_db(db)).clean
