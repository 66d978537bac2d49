"""Data changes reach the corpus (issue 15, item 7: reparse, forms of address) and an analyst can
correct it (item 8: remove a document, merge and rename persons), recorded so a reparse keeps it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from summitry.cli import app
from summitry.enrich.mentions import find_mentions
from summitry.queries.corpus import Corpus, QueryError
from summitry.store.check import check

runner = CliRunner(env={"COLUMNS": "250"})

TALKS = """Talks with a visiting minister

5 April 2023, Moscow

Vladimir Putin: Good afternoon. Mr Varga, welcome to Moscow.

Z. Varga: Thank you, Vladimir Vladimirovich. Trade between our countries grew.

Vladimir Putin: It did, and it will grow further.
"""
OTHER = """Press statements after the talks

6 April 2023, Moscow

Vladimir Putin: We spoke about trade and energy.

Dmitry Peskov: That is all for today.
"""
REGISTRY = """- id: zoltan-varga
  name: Zoltan Varga
  given: [Zoltan]
  family: [Varga]
  aliases: [Z. Varga]
  country: HU
  roles:
    - {role: Minister of Trade, from: 2020-01-01, to: null}
"""


@pytest.fixture
def pages(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "talks.txt").write_text(TALKS, encoding="utf-8")
    (folder / "statements.txt").write_text(OTHER, encoding="utf-8")
    return folder


@pytest.fixture
def corpus(tmp_path, pages):
    with Corpus(tmp_path / "c.db") as c:
        c.ingest([pages])
        yield c


def _speaker_of(corpus: Corpus, label: str) -> str:
    return corpus.db.execute("SELECT person_id FROM segments WHERE label = ?", (label,)).fetchone()[0]


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command line in a process of its own: the data files are read once per process."""
    code = "import sys; from summitry.cli import run; sys.argv[0] = 'summitry'; run()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=120)


def test_a_person_added_to_the_registry_reaches_stored_documents_by_reparse(tmp_path, pages, monkeypatch):
    import os

    db = str(tmp_path / "c.db")
    assert _cli("--db", db, "ingest", "-q", str(pages)).returncode == 0
    data = tmp_path / "data"
    data.mkdir()
    (data / "persons.yaml").write_text(REGISTRY, encoding="utf-8")
    env = {**os.environ, "SUMMITRY_DATA": str(data)}
    again = _cli("--db", db, "ingest", "-q", str(pages), env=env)
    assert "unchanged: 2" in again.stdout  # the bytes are those stored: ingest leaves them
    reparsed = _cli("--db", db, "reparse", "-f", "json", env=env)
    assert reparsed.returncode == 0, reparsed.stderr
    changes = json.loads(reparsed.stdout)
    assert [c["field"] for c in changes] == ["speakers"]
    assert "Zoltan Varga: 1" in changes[0]["after"] and "Zoltan Varga" not in changes[0]["before"]
    assert "reparsed 2 of 2 documents: 1 changed, 1 the same" in reparsed.stderr
    with Corpus(db) as corpus:
        assert _speaker_of(corpus, "Z. Varga") == "zoltan-varga"
        assert check(corpus.db).clean


def test_a_form_of_address_is_a_mention_of_the_person_addressed(corpus):
    turn = corpus.db.execute("SELECT id FROM segments WHERE label = 'Z. Varga'").fetchone()[0]
    mentioned = [row[0] for row in corpus.db.execute("SELECT entity FROM mentions WHERE segment_id = ?", (turn,))]
    assert "vladimir-putin" in mentioned


@pytest.mark.parametrize(
    ("text", "present", "meant"),
    [
        ("Thank you, Vladimir Vladimirovich.", {"vladimir-putin"}, ["vladimir-putin"]),
        ("Thank you, Vladimir Vladimirovich.", set(), []),  # two registry persons are Vladimir Vladimirovich
        ("Уважаемый Владимир Владимирович!", set(), ["vladimir-putin"]),
        ("Alexander Grigoryevich, welcome.", set(), ["alexander-lukashenko"]),
        ("Уважаемый Александр Григорьевич!", set(), ["alexander-lukashenko"]),
    ],
)
def test_forms_of_address_name_their_person(text, present, meant):
    assert [m.entity for m in find_mentions(text, present) if m.type == "person"] == meant


def test_reparse_of_unknown_documents_is_an_error(corpus):
    with pytest.raises(QueryError, match="document: no document has the id 999"):
        corpus.reparse([999])


def test_a_page_whose_file_is_gone_keeps_its_document(corpus, pages):
    (pages / "talks.txt").unlink()
    report = corpus.reparse()
    assert report.stored == 1 and len(report.failures) == 1 and "talks.txt" in report.failures[0].source
    assert len(corpus.documents()) == 2


def test_a_removed_document_stays_out_of_ingest_and_reparse(corpus, pages):
    talks = next(d for d in corpus.documents() if d["source"].endswith("talks.txt"))
    assert corpus.remove_documents([talks["id"]]) == [talks["source"]]
    assert [d["source"] for d in corpus.documents()] == [str(pages / "statements.txt")]
    report = corpus.ingest([pages])
    assert report.removed == 1 and report.added == 0
    assert corpus.reparse().documents == 1
    assert len(corpus.documents()) == 1 and corpus.search_count("Varga") == 0
    assert check(corpus.db).clean
    assert [c["action"] for c in corpus.corrections()] == ["remove"]
    with pytest.raises(QueryError, match="no document has the id 999"):
        corpus.remove_documents([999])


def test_a_merge_moves_turns_and_labels_and_survives_a_reparse(corpus):
    peskov = _speaker_of(corpus, "Dmitry Peskov")
    putin = _speaker_of(corpus, "Vladimir Putin")
    turns = {s["id"]: s["turns"] for s in corpus.speakers()}
    assert corpus.merge_persons(peskov, putin) == 1
    after = {s["id"]: s for s in corpus.speakers()}
    assert peskov not in after and after[putin]["turns"] == turns[putin] + 1
    assert "Dmitry Peskov" in after[putin]["labels"]
    corpus.reparse()
    again = {s["id"]: s for s in corpus.speakers()}
    assert peskov not in again and again[putin]["turns"] == turns[putin] + 1
    assert _speaker_of(corpus, "Dmitry Peskov") == putin
    assert check(corpus.db).clean
    with pytest.raises(QueryError, match="person: no person has the id 'nobody'"):
        corpus.merge_persons("nobody", putin)
    with pytest.raises(QueryError, match="into itself"):
        corpus.merge_persons(putin, putin)


def test_a_rename_is_kept_when_pages_are_parsed_again(corpus):
    putin = _speaker_of(corpus, "Vladimir Putin")
    assert corpus.rename_person(putin, "  Putin,  Vladimir ") == "Vladimir Putin"
    corpus.reparse()
    assert {s["id"]: s["name"] for s in corpus.speakers()}[putin] == "Putin, Vladimir"
    assert corpus.search("grow", speaker="Putin, Vladimir")
    with pytest.raises(QueryError, match="new name is empty"):
        corpus.rename_person(putin, " ")


def test_the_command_line_corrects_and_lists_corrections(tmp_path, pages):
    db = str(tmp_path / "cli.db")

    def run(*args: str):
        result = runner.invoke(app, ["--db", db, *args])
        assert "Traceback" not in result.output
        return result

    assert run("ingest", "-q", str(pages)).exit_code == 0
    assert run("person", "rename", "vladimir-putin", "V. Putin").exit_code == 0
    assert run("person", "merge", "dmitry-peskov", "vladimir-putin").exit_code == 0
    assert run("remove", "1").exit_code == 0
    listed = json.loads(run("corrections", "-f", "json").stdout)
    assert [c["action"] for c in listed] == ["rename", "merge", "remove"]
    for args, message in [
        (("remove", "99"), "document: no document has the id 99"),
        (("person", "merge", "nobody", "vladimir-putin"), "person: no person has the id 'nobody'"),
        (("person", "rename", "nobody", "X"), "person: no person has the id 'nobody'"),
        (("reparse", "99"), "document: no document has the id 99"),
    ]:
        result = run(*args)
        assert result.exit_code == 2 and message in result.output
    assert run("reparse").exit_code == 0


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("persons:\n- id: x\n", "each person is a mapping with an id and a name"),
        ("- id: x\n  name: [unclosed\n", "cannot read this data file"),
    ],
)
def test_a_bad_data_file_is_one_line_naming_it_not_a_failure_of_every_page(tmp_path, pages, content, says):
    import os

    data = tmp_path / "data"
    data.mkdir()
    (data / "persons.yaml").write_text(content, encoding="utf-8")
    result = _cli("--db", str(tmp_path / "c.db"), "ingest", "-q", str(pages), env={**os.environ, "SUMMITRY_DATA": str(data)})
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and str(data / "persons.yaml") in lines[0] and says in lines[0]
    assert "Traceback" not in result.stderr
