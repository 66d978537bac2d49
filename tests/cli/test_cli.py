"""The command line end to end, including every kind of bad input."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from summitry.cli import app
from summitry.queries.corpus import Corpus

from ..conftest import EXAMPLES

runner = CliRunner(env={"COLUMNS": "250"})


def run(db, *args: str):
    result = runner.invoke(app, ["--db", str(db), *args])
    assert "Traceback" not in result.output
    return result


def test_ingest_list_show_search_speakers_export(tmp_path):
    db = tmp_path / "c.db"
    result = run(db, "ingest", "-q", str(EXAMPLES))
    assert result.exit_code == 0, result.output
    pages = len(list(EXAMPLES.glob("*.html")) + list(EXAMPLES.glob("*.txt")))
    assert f"documents: {pages}" in result.output and "failed: 0" in result.output
    listing = run(db, "documents").output
    assert "Russian-Kazakhstani talks" in listing and "2024-02-29" in listing
    found = run(db, "search", "invitation", "--speaker", "Tokayev")
    assert found.exit_code == 0 and "Tokayev" in found.output
    assert "Kassym-Jomart Tokayev" in run(db, "speakers").output
    out = tmp_path / "corpus.jsonl"
    assert run(db, "export", "--format", "jsonl", "-o", str(out)).exit_code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == pages
    required = {"source", "title", "date", "time", "city", "venue", "url", "publisher", "language", "tags", "captions", "turns"}
    assert all(required <= set(r) for r in records)
    talks = next(r for r in records if r["title"] == "Russian-Kazakhstani talks")
    assert talks["tags"]["geography"] == ["Kazakhstan"]
    assert talks["turns"][0]["speaker"] == "Vladimir Putin"
    assert talks["turns"][0]["label"] == "President of Russia Vladimir Putin"
    assert talks["turns"][0]["text"].startswith("Mr President")
    shown = run(db, "show", str(talks["id"]))
    assert shown.exit_code == 0
    assert "Vladimir Putin: Mr President" in shown.output and "Geography: Kazakhstan" in shown.output


def test_environment_variable_names_the_database(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMITRY_DB", str(tmp_path / "env.db"))
    result = runner.invoke(app, ["ingest", "-q", str(EXAMPLES / "kremlin_talks.html")])
    assert result.exit_code == 0
    assert (tmp_path / "env.db").exists()


def test_search_syntax_error_is_one_line(tmp_path):
    run(tmp_path / "c.db", "ingest", "-q", str(EXAMPLES))
    result = run(tmp_path / "c.db", "search", "NOT energy")
    assert result.exit_code == 2
    assert "NOT needs words before it" in result.output


def test_show_a_missing_document(tmp_path):
    with Corpus(tmp_path / "c.db"):
        pass
    result = run(tmp_path / "c.db", "show", "42")
    assert result.exit_code == 2 and "no document 42" in result.output


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("image.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 100, "binary file"),
    ],
    ids=["empty", "binary"],
)
def test_bad_files_get_one_line_each_and_keep_the_corpus(tmp_path, name, content, reason):
    db = tmp_path / "c.db"
    run(db, "ingest", "-q", str(EXAMPLES / "kremlin_talks.html"))
    bad = tmp_path / name
    bad.write_bytes(content)
    result = run(db, "ingest", "-q", str(bad))
    assert result.exit_code == 1
    assert f"failed: {bad}: {reason}" in result.output.replace("\n", " ")
    assert "Russian-Kazakhstani talks" in run(db, "documents").output


def test_a_missing_path_and_a_huge_file(tmp_path):
    db = tmp_path / "c.db"
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = run(db, "ingest", "-q", str(tmp_path / "nope"), str(huge), str(EXAMPLES / "kremlin_talks.html"))
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert "nope: no such file or folder" in output
    assert "huge.txt: file too large" in output
    assert "documents: 1" in output


@pytest.mark.parametrize("encoding", ["cp1251", "utf-16"])
def test_pages_in_other_encodings(tmp_path, encoding):
    page = tmp_path / f"page-{encoding}.txt"
    page.write_text(
        "Встреча с Президентом Белоруссии\n\n5 апреля 2023 года, Москва\n\n"
        "В.Путин: Добрый день, Александр Григорьевич.\n\nА.Лукашенко: Добрый день.\n",
        encoding=encoding,
    )
    db = tmp_path / "c.db"
    assert run(db, "ingest", "-q", str(page)).exit_code == 0
    out = tmp_path / "o.jsonl"
    run(db, "export", "-o", str(out))
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["date"] == "2023-04-05" and record["city"] == "Moscow" and record["language"] == "ru"
    assert [t["speaker"] for t in record["turns"]] == ["Vladimir Putin", "Alexander Lukashenko"]


def test_a_folder_of_ten_thousand_files(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"p{i:05d}.txt").write_text(f"Meeting {i}\n\nMay {i % 28 + 1}, 2020, Minsk\n\nVladimir Putin: Number {i}.\n")
    result = run(tmp_path / "c.db", "ingest", "-q", str(folder))
    assert result.exit_code == 0, result.output
    assert "documents: 10000" in " ".join(result.output.split())


def test_a_database_that_is_not_one(tmp_path):
    db = tmp_path / "notes.db"
    db.write_text("these are my notes, not a database " * 100)
    result = run(db, "documents")
    assert result.exit_code == 2
    assert "cannot open the database" in result.output
    assert db.read_text().startswith("these are my notes")


def test_eval_prints_scores(shared):
    result = runner.invoke(app, ["eval", str(shared / "gold" / "seeds.gold.json"), str(shared / "seeds")])
    assert result.exit_code == 0
    assert "52/52" in result.output and "perfect" in result.output


def test_escape_sequences_of_a_page_are_shown_not_obeyed(tmp_path):
    filler = "Alexander Lukashenko: Thank you, welcome to Minsk, we are glad to see you here today.\n\n" * 10
    page = tmp_path / "page.txt"
    page.write_text(
        "Talks \x1b]0;pwned\x07 in Minsk \x1b[2J\n\n5 April 2023, Minsk\n\n"
        "Vladimir Putin: Good day \x1b[31mred\x1b[0m and \x9b31m too.\n\n" + filler,
        encoding="utf-8",
    )
    (tmp_path / "bad\x1b[1m\x1b]0;x\x07.txt").write_bytes(b"")
    db = tmp_path / "c.db"
    ingested = run(db, "ingest", "-q", str(tmp_path))
    assert ingested.exit_code == 1  # the empty file
    outputs = [ingested.output, run(db, "show", "1").output, run(db, "failures").output, run(db, "documents").output,
               run(db, "search", "red").output]
    for output in outputs:
        assert not any(ch in output for ch in "\x1b\x07\x9b"), output
    shown = outputs[1]
    assert "Talks \\x1b]0;pwned\\x07 in Minsk \\x1b[2J" in shown
    assert "Good day \\x1b[31mred\\x1b[0m and \\x9b31m too." in shown
    assert "bad\\x1b[1m\\x1b]0;x\\x07.txt: empty file" in outputs[0] and "bad\\x1b[1m" in outputs[2]


def _summitry(*args: str):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-c", "from summitry.cli import run; run()", *args], capture_output=True, text=True, timeout=120
    )


def test_a_damaged_database_is_one_line_and_exit_2(tmp_path):
    not_sqlite = tmp_path / "not.db"
    not_sqlite.write_bytes(b"\x00garbage" * 1000)
    for args in (("stats",), ("ingest", "-q", str(EXAMPLES))):
        result = _summitry("--db", str(not_sqlite), *args)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert result.stderr.strip().count("\n") == 0 and "not.db" in result.stderr and "not a database" in result.stderr
    damaged = tmp_path / "damaged.db"
    assert _summitry("--db", str(damaged), "ingest", "-q", str(EXAMPLES)).returncode == 0
    size = damaged.stat().st_size
    with damaged.open("r+b") as handle:  # pages past the header overwritten: the b-trees are damaged
        handle.seek(4096)
        handle.write(b"\xff" * (size - 8192))
    result = _summitry("--db", str(damaged), "ingest", "-q", str(EXAMPLES))
    assert result.returncode == 2 and "Traceback" not in result.stderr and result.stderr.strip().count("\n") == 0
    assert "damaged.db" in result.stderr and ".recover" in result.stderr


@pytest.mark.parametrize("query", ["U.S. OR e-mail", "Putin's", "12% OR US$45", "(grain"])
def test_plain_words_are_searched_not_refused(tmp_path, query):
    run(tmp_path / "c.db", "ingest", "-q", str(EXAMPLES))
    result = run(tmp_path / "c.db", "search", query)
    assert result.exit_code == 0, result.output
    assert "hits" in result.output


def test_a_search_that_finds_nothing_points_to_stem(tmp_path):
    run(tmp_path / "c.db", "ingest", "-q", str(EXAMPLES))
    plain = run(tmp_path / "c.db", "search", "grains")
    assert "0 of 0 hits" in plain.output and "--stem" in plain.output
    stemmed = run(tmp_path / "c.db", "search", "grains", "--stem")
    assert stemmed.exit_code == 0 and "0 of 0 hits" not in stemmed.output


def test_ingest_of_a_folder_with_nothing_to_read_says_so(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run(tmp_path / "c.db", "ingest", "-q", str(tmp_path / "empty"))
    assert result.exit_code == 1
    assert "no page to read in this folder (it is empty" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["--db", "{db}", "documents"],
        ["documents", "--db", "{db}"],
        ["documents", "--db={db}", "--limit", "1"],
        ["search", "grain", "--db", "{db}", "--limit", "1"],
    ],
)
def test_db_is_accepted_before_or_after_the_command(tmp_path, args):
    db = tmp_path / "c.db"
    assert runner.invoke(app, ["ingest", "-q", str(EXAMPLES), "--db", str(db)]).exit_code == 0
    result = runner.invoke(app, [a.replace("{db}", str(db)) for a in args])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "summitry.db").exists()


def test_what_follows_a_double_dash_is_not_an_option(tmp_path):
    result = runner.invoke(app, ["--db", str(tmp_path / "none.db"), "search", "--", "--db"])
    assert result.exit_code == 2 and "none.db: no database there" in result.output


def test_version():
    from summitry import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"summitry {__version__}"


LISTS = [["documents"], ["search", "invitation"], ["speakers"], ["failures"], ["events"], ["show", "1"]]


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("lists") / "c.db"
    assert run(db, "ingest", "-q", str(EXAMPLES)).exit_code == 0
    return db


def _stdout(db, *args: str) -> str:
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("command", LISTS, ids=lambda c: c[0])
def test_every_list_comes_as_json_jsonl_and_csv(examples_db, command):
    import csv
    import io

    as_json = json.loads(_stdout(examples_db, *command, "--format", "json"))
    rows = [{"document": 1, **r} for r in as_json["segments"]] if command[0] == "show" else as_json
    assert [json.loads(line) for line in _stdout(examples_db, *command, "-f", "jsonl").splitlines()] == rows
    assert len(list(csv.DictReader(io.StringIO(_stdout(examples_db, *command, "-f", "csv"))))) == len(rows)
    assert rows or command[0] == "failures", "the examples give every other list rows"


@pytest.mark.parametrize("command", LISTS, ids=lambda c: c[0])
def test_an_unknown_format_is_one_line_and_exit_2(examples_db, command):
    result = run(examples_db, *command, "--format", "xml")
    assert result.exit_code == 2 and "unknown format 'xml' (available: table, csv, json, jsonl)" in result.output


def test_a_limit_shows_the_total(examples_db):
    result = runner.invoke(app, ["--db", str(examples_db), "documents", "--limit", "1", "-f", "jsonl"])
    total = len(list(EXAMPLES.glob("*.html")) + list(EXAMPLES.glob("*.txt")))
    assert len(result.stdout.splitlines()) == 1 and f"1 of {total} documents" in result.stderr


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name)
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))


def test_help_names_values_not_python_types():
    import re

    import typer

    root = typer.main.get_command(app)
    for words in [(), *_commands(root)]:
        result = runner.invoke(app, [*words, "--help"])
        assert result.exit_code == 0, words
        noise = re.findall(r"<(?:str|int|bool|float|list|Path)\b[^>]*>|\{[a-z_]+\}", result.output)
        assert not noise, (words, noise)
    help_of_search = runner.invoke(app, ["search", "--help"]).output
    assert "search [OPTIONS] QUERY" in help_of_search
    assert re.search(r"--since\s+DATE", help_of_search) and re.search(r"--limit\s+N\b", help_of_search)


@pytest.mark.parametrize(("pages", "workers", "expected"), [(3, "auto", 1), (260, "auto", None), (3, "2", 2)])
def test_workers_auto_starts_a_pool_only_for_enough_pages(tmp_path, monkeypatch, pages, workers, expected):
    import os

    from summitry.cli.ingest import AUTO_WORKERS_FROM
    from summitry.queries.corpus import IngestReport

    assert pages < AUTO_WORKERS_FROM or pages >= AUTO_WORKERS_FROM
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(pages):
        (folder / f"{n}.txt").write_text(f"Talks {n}\n\n5 April 2023, Moscow\n\nVladimir Putin: Good afternoon.\n")
    used = []
    monkeypatch.setattr(Corpus, "ingest", lambda self, paths, workers=1, **kw: used.append(workers) or IngestReport())
    assert run(tmp_path / "c.db", "ingest", "-q", "--workers", workers, str(folder)).exit_code == 0
    assert used == [expected if expected is not None else (os.cpu_count() or 1)]


def test_workers_that_are_not_a_number_are_one_line(tmp_path):
    result = run(tmp_path / "c.db", "ingest", "--workers", "many", str(EXAMPLES))
    assert result.exit_code == 2 and "--workers: 'many' is not auto or a number of processes" in result.output


@pytest.mark.parametrize("command", [["collocates", "Zimbabwe"], ["kwic", "Zimbabwe"]])
def test_an_analysis_that_finds_nothing_in_turns_points_to_the_narrative(examples_db, command):
    result = runner.invoke(app, ["--db", str(examples_db), *command, "-f", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert "search --in all also reads readouts" in " ".join(result.stderr.split())
