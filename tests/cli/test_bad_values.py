"""A value the command line cannot understand is one line naming it and what is accepted, exit 2;
never an empty answer (issue 15, item 6)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from summitry.cli import app

from ..conftest import EVENTS

runner = CliRunner(env={"COLUMNS": "250"})


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("bad-values") / "corpus.db"
    assert runner.invoke(app, ["--db", str(path), "ingest", "-q", str(EVENTS)]).exit_code == 0
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "trade", "--since", "yesterday"], "since: 'yesterday' is not a date"),
        (["search", "trade", "--since", "2023-13-01"], "since: '2023-13-01' is not a date"),
        (["search", "trade", "--until", "soon"], "until: 'soon' is not a date"),
        (["search", "trade", "--speaker", "Nobody"], "speaker: no one matches 'Nobody'"),
        (["events", "--since", "bogus"], "since: 'bogus' is not a date"),
        (["visits", "--until", "bogus"], "until: 'bogus' is not a date"),
        (["export", "--event", "nosuch"], "--event: no event has the id 'nosuch'"),
        (["export", "--speaker", "Nobody"], "--speaker: no one matches 'Nobody'"),
        (["export", "--since", "2023-02-30"], "--since: '2023-02-30' is not a date"),
        (["figures", "--kind", "weird"], "kind: 'weird' is not one of money, percent"),
        (["figures", "--since", "later"], "since: 'later' is not a date"),
        (["mentions", "--type", "nonsense"], "type: 'nonsense' is not one of person, organisation"),
        (["mentions", "--speaker", "Nobody"], "speaker: no one matches 'Nobody'"),
        (["kwic", "trade", "--until", "x"], "until: 'x' is not a date"),
        (["topics", "--since", "x"], "since: 'x' is not a date"),
    ],
)
def test_bad_value_is_one_line_and_exit_2(db, args, message):
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert message in result.output and len(result.output.strip().splitlines()) == 1


def test_a_speaker_close_to_a_known_one_is_suggested(db):
    speakers = runner.invoke(app, ["--db", str(db), "speakers"]).output
    assert "Putin" in speakers
    result = runner.invoke(app, ["--db", str(db), "search", "trade", "--speaker", "Puttin"])
    assert result.exit_code == 2 and "did you mean" in result.output and "Putin" in result.output


@pytest.mark.parametrize("command", [["documents"], ["search", "trade"], ["events"], ["speakers"]])
def test_a_mistyped_db_is_an_error_and_is_not_created(tmp_path, command):
    path = tmp_path / "typo.db"
    result = runner.invoke(app, ["--db", str(path), *command])
    assert result.exit_code == 2 and "no database there" in result.output
    assert not path.exists()
