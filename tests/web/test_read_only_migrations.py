"""A read-only server never migrates an older database: it refuses it in one line that names the
`summitry migrate` to run; with --allow-upload (a writer) it still migrates (issue 14, server other
findings)."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from summitry import Corpus
from summitry.cli import app as cli_app
from summitry.store import migrations
from summitry.store.migrations import MIGRATIONS, PendingMigrations
from summitry.web import create_app

runner = CliRunner(env={"COLUMNS": "250"})


@pytest.fixture
def older_db(tmp_path, monkeypatch):
    """A corpus database written by a version that knew the first three migrations only."""
    path = tmp_path / "old corpus.db"
    with monkeypatch.context() as older:
        older.setattr(migrations, "MIGRATIONS", MIGRATIONS[:3])
        Corpus(path).close()
    return path


def _applied(path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [row[0] for row in db.execute("SELECT name FROM migrations ORDER BY name")]
    finally:
        db.close()


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_read_only_app_refuses_an_older_database_and_leaves_it_as_it_was(older_db):
    before = _digest(older_db)
    with pytest.raises(PendingMigrations, match="lacks migrations? 0004_document_sources") as refused:
        create_app(older_db)
    assert f"run `summitry --db '{older_db}' migrate` first" in str(refused.value)
    assert _digest(older_db) == before and len(_applied(older_db)) == 3


def test_serve_refuses_in_one_line_naming_the_command_to_run(older_db):
    result = runner.invoke(cli_app, ["serve", "--db", str(older_db), "--port", "0"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert "lacks migrations 0004_document_sources" in result.output and "migrate` first" in result.output
    assert len(_applied(older_db)) == 3


def test_migrate_applies_what_is_pending_then_the_server_serves(older_db):
    result = runner.invoke(cli_app, ["--db", str(older_db), "migrate"])
    assert result.exit_code == 0, result.output
    assert f"{older_db}: applied 0004_document_sources" in result.output
    assert _applied(older_db) == [name for name, _ in MIGRATIONS]
    again = runner.invoke(cli_app, ["--db", str(older_db), "migrate"])
    assert again.exit_code == 0 and "up to date" in again.output
    with TestClient(create_app(older_db)) as client:
        assert client.get("/api/stats").status_code == 200


def test_migrate_does_not_create_a_database(tmp_path):
    result = runner.invoke(cli_app, ["--db", str(tmp_path / "none.db"), "migrate"])
    assert result.exit_code == 2 and "none.db: no database there" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "none.db").exists()


def test_migrate_refuses_a_file_that_is_not_a_database(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("my notes " * 200, encoding="utf-8")
    result = runner.invoke(cli_app, ["--db", str(notes), "migrate"])
    assert result.exit_code == 2 and "notes.db: cannot migrate" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert notes.read_text(encoding="utf-8") == "my notes " * 200


def test_a_server_that_takes_uploads_still_migrates(older_db):
    with TestClient(create_app(older_db, allow_upload=True)) as client:
        assert client.get("/api/stats").status_code == 200
    assert len(_applied(older_db)) == len(MIGRATIONS)
