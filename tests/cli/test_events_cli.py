"""summitry events | event | compare | trace | link, end to end, with bad inputs."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from summitry.cli import app

from ..conftest import EVENTS

runner = CliRunner(env={"COLUMNS": "250"})


def run(db, *args: str):
    result = runner.invoke(app, ["--db", str(db), *args])
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "events.db"
    assert run(path, "ingest", "-q", str(EVENTS)).exit_code == 0
    return path


def test_events_table_and_json(db):
    table = run(db, "events")
    assert table.exit_code == 0 and "2025-03-12-sochi-2" in table.output and "3 events" in table.output
    rows = json.loads(run(db, "events", "--format", "json").output)
    sochi = next(r for r in rows if r["id"] == "2025-03-12-sochi")
    assert (sochi["versions"], sochi["kind"], sochi["city"]) == (4, "meeting", "Sochi")
    assert sochi["participants"] == ["Alexander Lukashenko", "Vladimir Putin"]
    assert [r["id"] for r in json.loads(run(db, "events", "--since", "2025-03-13", "-f", "json").output)] == []


def test_event_shows_versions_and_what_each_adds(db):
    result = run(db, "event", "2025-03-12-sochi")
    assert result.exit_code == 0
    assert "official (canonical)" in result.output and "readout" in result.output
    assert "2 quotes (2 traced to turns)" in result.output
    detail = json.loads(run(db, "event", "2025-03-12-sochi", "-f", "json").output)
    assert [d["version"] for d in detail["documents"]] == ["official", "readout", "translation", "news"]


def test_compare_two_documents_side_by_side(db):
    result = run(db, "compare", "1", "3")
    assert result.exit_code == 0 and "5 turns paired" in result.output and "divergences" in result.output
    data = json.loads(run(db, "compare", "1", "3", "-f", "json").output)
    pairs = data["comparisons"][0]["pairs"]
    assert sum(1 for p in pairs if p["a"] and p["b"]) == 5
    assert all(p["sentences"] for p in pairs if p["a"] and p["b"])


def test_compare_event_divergences(db):
    result = run(db, "compare", "2025-03-12-sochi", "--divergences")
    assert result.exit_code == 0 and "unsupported claim" in result.output and "missiles" in result.output
    data = json.loads(run(db, "compare", "2025-03-12-sochi", "-d", "-f", "json").output)
    assert data["divergences"][0]["kind"] == "unsupported claim"
    assert set(data) == {"divergences"}


def test_trace_finds_a_source_or_says_none(db):
    found = run(db, "trace", "Our enterprises need a clear answer before the summer")
    assert found.exit_code == 0 and "Alexander Lukashenko" in found.output and "2025-03-12-sochi" in found.output
    sources = json.loads(run(db, "trace", "The weather is warmer here than in Minsk", "-f", "json").output)
    assert sources[0]["score"] >= 0.45 and sources[0]["document"] == 1
    none = run(db, "trace", "Pleasant ones")
    assert none.exit_code == 0 and "no source found" in none.output


def test_link_relinks_the_corpus(db):
    result = run(db, "link")
    assert result.exit_code == 0 and "documents linked: 7" in result.output and "events: 3" in result.output
    assert json.loads(run(db, "link", "-f", "json").output)["digests"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["event", "1999-01-01-nowhere"], "no event '1999-01-01-nowhere'"),
        (["compare", "1"], "compare needs two documents"),
        (["compare", "1", "99"], "no document 99"),
        (["compare", "2025-03-12-sochi", "2"], "compare takes one event, or two documents"),
        (["compare", "no-such-event", "-d"], "no event 'no-such-event'"),
        (["events", "--format", "xml"], "unknown format 'xml'"),
        (["trace", " "], "trace needs a quoted sentence"),
    ],
)
def test_bad_input_gets_one_line(db, args, message):
    result = run(db, *args)
    assert result.exit_code == 2
    assert message in result.output and len(result.output.strip().splitlines()) == 1
