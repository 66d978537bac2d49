"""`summitry export` end to end: every format, the filters, and bad input answered in one line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from summitry.cli import app

from ..invented_corpus import build

runner = CliRunner(env={"COLUMNS": "250"})


@pytest.fixture
def db(tmp_path):
    build(tmp_path / "c.db").close()
    return tmp_path / "c.db"


def run(db, *args: str):
    result = runner.invoke(app, ["--db", str(db), "export", *args])
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("csv", "documents.csv"), ("parquet", "utterances.parquet"), ("convokit", "utterances.jsonl"),
        ("tei", "corpus.xml"), ("markdown", "index.md"), ("html", "index.html"),
    ],
)
def test_every_format_writes_its_folder(db, tmp_path, kind, expected):
    result = run(db, "--format", kind, "-o", str(tmp_path / kind))
    assert result.exit_code == 0, result.output
    assert "3 documents written to" in result.output
    assert (tmp_path / kind / expected).is_file()


def test_jsonl_goes_to_standard_output_by_default_and_takes_filters(db):
    result = run(db, "--since", "2023-01-01", "--publisher", "kremlin")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [r["title"] for r in records] == ["Встреча с Президентом Фридонии"]
    assert records[0]["turns"][0] == {"speaker": "Ivan Petrov", "person_id": "ivan-petrov", "label": "И.Петров", "text": "Добрый день.", "words": 2}


def test_speaker_and_until_filters_in_a_file(db, tmp_path):
    out = tmp_path / "x.jsonl"
    assert run(db, "--speaker", "Firefly", "--until", "2022-12-31", "-o", str(out)).exit_code == 0
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == [1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "unknown export format 'pdf'"),
        (["--since", "last week"], "--since: 'last week' is not a date"),
        (["--format", "tei"], "--format tei writes a folder"),
        (["--format", "tei", "--since", "2100", "-o", "{tmp}/t"], "no documents to export"),
        (["--format", "csv", "-o", "{tmp}/c.db"], "exists and is not a folder"),
        (["-o", "{tmp}/missing/x.jsonl"], "cannot write"),
    ],
)
def test_bad_input_gets_one_line(db, tmp_path, args, message):
    result = run(db, *[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code == 2
    assert message in result.output and len(result.output.strip().splitlines()) == 1


def test_export_never_writes_over_its_own_database(db):
    size = db.stat().st_size
    for args in (["-o", str(db)], ["-o", str(db), "--force"]):
        result = run(db, *args)
        assert result.exit_code == 2 and "is the corpus's own database" in result.output
    assert db.stat().st_size == size
    assert run(db, "--since", "2000-01-01").exit_code == 0  # the corpus still reads


def test_an_existing_file_is_replaced_only_with_force_and_whole(db, tmp_path):
    out = tmp_path / "x.jsonl"
    out.write_text("kept\n", encoding="utf-8")
    result = run(db, "-o", str(out))
    assert result.exit_code == 2 and "exists (--force replaces it)" in result.output
    assert out.read_text(encoding="utf-8") == "kept\n"
    assert run(db, "-o", str(out), "--force").exit_code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_a_folder_that_holds_files_is_written_into_only_with_force(db, tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = run(db, "--format", "csv", "-o", str(folder))
    assert result.exit_code == 2 and "holds files already" in result.output
    assert run(db, "--format", "csv", "-o", str(folder), "--force").exit_code == 0
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine" and (folder / "documents.csv").is_file()
