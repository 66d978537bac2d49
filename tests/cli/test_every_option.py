"""Every command, every option it shares with others: a bad value exits 2 with one line naming it
(issue 15, acceptance), never an empty answer. The commands and their options are read from the
command line itself, so a new command or option is tested as soon as it exists."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from summitry.cli import app

from ..conftest import EVENTS

runner = CliRunner(env={"COLUMNS": "250"})

# A bad value for each option, and what the one line must say of it.
BAD = {
    "since": ("yesterday", "'yesterday' is not a date"),
    "until": ("2023-13-01", "'2023-13-01' is not a date"),
    "speaker": ("Nobody", "'Nobody'"),
    "event": ("nosuch", "'nosuch'"),
    "publisher": ("nosuch.example", "'nosuch.example'"),
    "language": ("xx", "'xx'"),
    "kind": ("weird", "'weird'"),
    "format": ("xml", "'xml'"),
    "limit": ("-1", "--limit"),
    "by": ("century", "'century'"),
    "type": ("nonsense", "'nonsense'"),
    "within": ("menus", "'menus'"),
}
# What a command needs besides the option under test.
REQUIRED = {
    "search": ["trade"], "kwic": ["trade"], "trend": ["trade"], "keyness": ["--speaker", "Putin"],
    "show": ["1"], "trace": ["trade grew"], "mentions": [], "export": ["-o", "{tmp}/out.jsonl"],
}
SKIPPED = {"serve", "ingest", "eval"}  # a server; they read paths, tested in test_cli


def _cases() -> list[tuple[str, str]]:
    root = typer.main.get_command(app)
    cases = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        if name in SKIPPED or hasattr(command, "commands"):
            continue
        if any(p.required and p.name != "speaker" for p in command.params) and name not in REQUIRED:
            continue
        cases += [(name, p.name) for p in command.params if p.name in BAD and (name, p.name) != ("keyness", "speaker")]
    return cases


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("options") / "corpus.db"
    assert runner.invoke(app, ["--db", str(path), "ingest", "-q", str(EVENTS)]).exit_code == 0
    return path


@pytest.mark.parametrize(("command", "option"), _cases(), ids=lambda v: v)
def test_a_bad_value_of_any_option_is_one_line_and_exit_2(db, tmp_path, command, option):
    value, says = BAD[option]
    flag = "--in" if option == "within" else f"--{option}"
    required = [arg.replace("{tmp}", str(tmp_path)) for arg in REQUIRED.get(command, [])]
    result = runner.invoke(app, ["--db", str(db), command, *required, flag, value])
    assert "Traceback" not in result.output
    assert result.exit_code == 2, (command, option, result.output)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], (command, option, result.output)


def test_every_shared_filter_is_offered_where_it_makes_sense():
    root = typer.main.get_command(app)
    offered = {name: {p.name for p in command.params} for name, command in root.commands.items()}  # type: ignore[attr-defined]
    for name in ("search", "documents", "kwic", "trend", "stats", "topics", "mentions", "keyness"):
        assert {"event", "publisher", "language", "kind"} <= offered[name], name
    for name in ("search", "documents", "kwic", "trend", "stats", "topics", "mentions", "figures"):
        assert {"since", "until"} <= offered[name], name
