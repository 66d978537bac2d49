"""Every documented command that lists something, run with --format json (export: jsonl), gives
output that parses (issue 15, acceptance). The commands are those of the README's command reference,
so a command documented there is run here."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summitry.cli import app
from summitry.cli.reference import END, START

from ..conftest import EVENTS

runner = CliRunner(env={"COLUMNS": "250"})
README = Path(__file__).resolve().parents[2] / "README.md"
# What a command needs to run, beyond --format ({event}: an event of the corpus).
ARGUMENTS = {
    "show": ["1"], "search": ["trade"], "kwic": ["trade"], "collocates": ["trade"], "trend": ["trade"], "keyness": ["--speaker", "Putin"],
    "event": ["{event}"], "compare": ["{event}"], "trace": ["trade grew"], "reparse": ["1"], "export": ["-o", "-"],
}


def _documented() -> list[str]:
    text = README.read_text(encoding="utf-8")
    reference = text[text.index(START) : text.index(END)]
    return [m[1] for m in re.finditer(r"^- \*\*`summitry ([a-z]+(?: [a-z]+)?)[^`]*`\*\*.*`--format", reference, re.MULTILINE)]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("documented") / "corpus.db"
    assert runner.invoke(app, ["--db", str(path), "ingest", "-q", str(EVENTS)]).exit_code == 0
    return path


def test_the_reference_documents_the_lists():
    assert {"documents", "search", "speakers", "failures", "events", "show", "kwic"} <= set(_documented())


@pytest.mark.parametrize("command", _documented())
def test_a_documented_command_gives_json_that_parses(db, command, request):
    event = json.loads(runner.invoke(app, ["--db", str(db), "events", "-f", "json"]).stdout)[0]["id"]
    arguments = [a.replace("{event}", event) for a in ARGUMENTS.get(command, [])]
    if command == "copy":  # a server to copy to (skips without one)
        arguments = ["--from", str(db), "--to", request.getfixturevalue("postgres_db")]
    as_json = "jsonl" if command == "export" else "json"
    result = runner.invoke(app, ["--db", str(db), *command.split(), *arguments, "--format", as_json])
    assert result.exit_code == 0, (command, result.output)
    if as_json == "jsonl":
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        assert rows
    else:
        assert json.loads(result.stdout) is not None
