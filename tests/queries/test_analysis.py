"""The analyses over an invented corpus: figures, mentions, topics, kwic, keyness (a constructed case
with a known answer), trends, speaker statistics, re-enrichment, and the command line's formats."""

from __future__ import annotations

import csv
import io
import json
import math
import re

import pytest
from typer.testing import CliRunner

from summitry import analysis
from summitry.cli import app

PAGES = {
    "a.txt": """Talks with President of Belarus

March 3, 2022, Moscow

Vladimir Putin held talks with President of Belarus Alexander Lukashenko.

Vladimir Putin: Good afternoon, colleagues. Our trade reached US$40 billion last year, and Western sanctions changed nothing.

Alexander Lukashenko: Good afternoon, colleagues. Our tractor plants need orders. Every tractor counts, and the tractor is our pride.

Vladimir Putin: The Union State is moving forward, and the EAEU helps.
""",
    "b.txt": """Meeting with President of Belarus

May 10, 2023, Minsk

Vladimir Putin met with President of Belarus Alexander Lukashenko.

Alexander Lukashenko: Colleagues, the potato harvest grew by almost 12 percent. A tractor for every farm, a potato on every table.

Vladimir Putin: Colleagues, Russian investors invested US$4 billion in Belarus. The Eurasian Economic Union is strong.

Alexander Lukashenko: The tractor and the potato, colleagues. We outlined 28 Union programmes. Potato and tractor again.
""",
    "c.txt": """Conversation with President of Belarus

February 1, 2024, Sochi

Vladimir Putin had a conversation with President of Belarus Alexander Lukashenko.

Vladimir Putin: Colleagues, sanctions did not work. New sanctions will not work either. Gas supplies go on.

Alexander Lukashenko: Colleagues, the Union State stands. On February 15 our experts meet again.
""",
}


@pytest.fixture
def pages(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def filled(corpus, pages):
    report = corpus.ingest([pages])
    assert (report.added, report.failures) == (3, [])
    return corpus


def test_figures_carry_value_unit_qualifier_measure_speaker_date_sentence_and_source(filled):
    rows = analysis.figures(filled, unit="USD")
    assert [(r["value"], r["unit"], r["measure"], r["speaker"], r["date"]) for r in rows] == [
        (40e9, "USD", "trade", "Vladimir Putin", "2022-03-03"),
        (4e9, "USD", "investment", "Vladimir Putin", "2023-05-10"),
    ]
    assert rows[0]["sentence"] == "Our trade reached US$40 billion last year, and Western sanctions changed nothing."
    assert rows[0]["source"].endswith("a.txt") and rows[0]["qualifier"] is None
    percent = analysis.figures(filled, unit="percent")
    assert [(r["value"], r["qualifier"], r["speaker"]) for r in percent] == [(12, "almost", "Alexander Lukashenko")]
    assert [r["text"] for r in analysis.figures(filled, about="trade")] == ["US$40 billion"]
    assert [(r["value"], r["noun"]) for r in analysis.figures(filled, kind="count")] == [(28, "Union programmes")]
    assert [r["dates"] for r in analysis.figures(filled, kind="date")] == [["2024-02-15"]]


@pytest.mark.parametrize("about", ["trade", "TRADE", "trad", "Western sanctions", "sanction", "investment", "nothing at all", "$"])
def test_figures_about_a_word_are_those_a_scan_of_every_sentence_finds(filled, about):
    """The full-text index narrows `about` (any case, a word's beginning, a phrase, the measure)
    to what reading every figure's sentence would keep."""
    every = analysis.figures(filled)
    word = re.compile(rf"\b{re.escape(about)}", re.IGNORECASE)
    expected = [r["text"] for r in every if r["measure"] == about.lower() or word.search(r["sentence"])]
    assert [r["text"] for r in analysis.figures(filled, about=about)] == expected
    assert expected or about in ("nothing at all", "$")


def test_mentions_through_aliases_name_who_and_where(filled):
    union = analysis.mentions(filled, "EAEU")
    assert [(r["text"], r["speaker"], r["date"]) for r in union] == [
        ("EAEU", "Vladimir Putin", "2022-03-03"),
        ("Eurasian Economic Union", "Vladimir Putin", "2023-05-10"),
    ]
    assert union[1]["sentence"] == "The Eurasian Economic Union is strong."
    assert {r["speaker"] for r in analysis.mentions(filled, "union state")} == {"Vladimir Putin", "Alexander Lukashenko"}
    assert [r["entity"] for r in analysis.mentions(filled, type="country")] == ["BY"]
    with pytest.raises(analysis.AnalysisError, match="no entity matches 'Atlantis'"):
        analysis.mentions(filled, "Atlantis")


def test_topic_shares_by_meeting_and_by_year(filled):
    by_year = analysis.topics(filled, by="year")
    shares: dict[str, float] = {}
    for row in by_year:
        shares[row["year"]] = shares.get(row["year"], 0) + row["share"]
    assert shares == pytest.approx({"2022": 1, "2023": 1, "2024": 1}, abs=1e-3)
    year_2024 = {r["topic"]: r for r in by_year if r["year"] == "2024"}
    assert year_2024["sanctions"]["hits"] == 2 and year_2024["sanctions"]["name"] == "Sanctions"
    meetings = analysis.topics(filled, by="meeting")
    assert {r["title"] for r in meetings} == {
        "Talks with President of Belarus", "Meeting with President of Belarus", "Conversation with President of Belarus",
    }
    assert any(r["topic"] == "agriculture" for r in analysis.topics(filled, speaker="Lukashenko"))


def test_kwic_lines_have_context_speaker_and_date(filled):
    lines = analysis.kwic(filled, "Union State", width=20)
    assert [(r["left"], r["match"], r["right"], r["speaker"]) for r in lines] == [
        ("The", "Union State", "is moving forward, a", "Vladimir Putin"),
        ("Colleagues, the", "Union State", "stands. On February", "Alexander Lukashenko"),
    ]
    assert len(analysis.kwic(filled, "sanction*")) == 3
    assert analysis.kwic(filled, "tractor", speaker="Putin") == []


def test_log_likelihood_and_log_ratio_match_the_formulas():
    assert analysis.log_likelihood(10, 0, 100, 100) == pytest.approx(20 * math.log(2))
    assert analysis.log_ratio(10, 0, 100, 100) == pytest.approx(math.log2(20))
    assert analysis.log_likelihood(5, 5, 100, 100) == pytest.approx(0)


def test_keyness_finds_the_words_one_speaker_uses_and_the_other_never_does(filled):
    rows = analysis.keyness(filled, "Lukashenko", vs="Putin", min_count=3)
    assert [r["term"] for r in rows[:2]] == ["tractor", "potato"]
    tractor = rows[0]
    assert (tractor["count"], tractor["ref_count"]) == (6, 0) and tractor["log_ratio"] > 3
    assert "colleagues" not in {r["term"] for r in rows}  # both say it as often: not distinctive
    assert [r["term"] for r in analysis.keyness(filled, "Putin", min_count=3)] == ["sanctions"]
    with pytest.raises(analysis.QueryError, match="speaker: no one matches 'Nobody'"):
        analysis.keyness(filled, "Nobody")


def test_trend_counts_hits_per_year_and_per_speaker_relative_to_words_said(filled):
    rows = analysis.trend(filled, "sanctions")
    assert [(r["year"], r["hits"]) for r in rows] == [("2022", 1), ("2023", 0), ("2024", 2)]
    assert rows[2]["per_10k"] == pytest.approx(2 / rows[2]["words"] * 1e4, abs=1e-3)
    per_speaker = analysis.trend(filled, "tractor", per_speaker=True)
    assert {(r["year"], r["speaker"]): r["hits"] for r in per_speaker if r["hits"]} == {
        ("2022", "Alexander Lukashenko"): 3, ("2023", "Alexander Lukashenko"): 3,
    }
    assert [r["hits"] for r in analysis.trend(filled, "Union State", by="month")] == [1, 0, 1]


def test_speaker_statistics_overall_and_per_meeting(filled):
    overall = {r["speaker"]: r for r in analysis.speaker_stats(filled)}
    assert overall["Vladimir Putin"]["turns"] == 4 and overall["Alexander Lukashenko"]["turns"] == 4
    assert sum(r["word_share"] for r in overall.values()) == pytest.approx(1, abs=1e-3)
    per_document = analysis.speaker_stats(filled, by="document")
    assert {(r["document"], r["speaker"]): r["turn_share"] for r in per_document}[(1, "Vladimir Putin")] == pytest.approx(2 / 3, abs=1e-3)


def test_speaker_statistics_per_event_count_each_meeting_once(linked):
    """Three pages of one meeting (official, readout, translation) are one meeting: its canonical version."""
    per_event = analysis.speaker_stats(linked, by="event")
    sochi = {r["speaker"]: r for r in per_event if r["event"] == "2025-03-12-sochi"}
    official = {r["speaker"]: r for r in analysis.speaker_stats(linked, by="document") if r["document"] == sochi["Vladimir Putin"]["document"]}
    assert set(sochi) == {"Vladimir Putin", "Alexander Lukashenko"}
    assert {name: (r["turns"], r["words"]) for name, r in sochi.items()} == {name: (r["turns"], r["words"]) for name, r in official.items()}
    assert sum(r["turn_share"] for r in sochi.values()) == pytest.approx(1)
    assert analysis.speaker_stats(linked, by="meeting") == per_event
    with pytest.raises(analysis.AnalysisError, match="choose overall, event or document"):
        analysis.speaker_stats(linked, by="year")  # type: ignore[arg-type]


def test_a_replaced_page_takes_its_words_out_of_keyness(filled, pages):
    (pages / "b.txt").write_text(PAGES["b.txt"].replace("tractor", "harvester"), encoding="utf-8")
    assert filled.ingest([pages]).updated == 1
    rows = {r["term"]: r for r in analysis.keyness(filled, "Lukashenko", vs="Putin", min_count=1)}
    assert rows["tractor"]["count"] == 3 and rows["harvester"]["count"] == 3


def test_enrich_again_after_the_taxonomy_changes(filled, tmp_path, monkeypatch):
    before = analysis.figures(filled)
    taxonomy = tmp_path / "farm.yaml"
    taxonomy.write_text("topics:\n  - id: farm\n    name: Farming\n    words: [tractor, potato]\n", encoding="utf-8")
    monkeypatch.setenv("SUMMITRY_TOPICS", str(taxonomy))
    assert filled.store.reenrich() == 3
    assert {r["topic"] for r in analysis.topics(filled, by="year")} == {"farm"}
    assert analysis.figures(filled) == before
    assert [r["term"] for r in analysis.keyness(filled, "Lukashenko", vs="Putin", min_count=3)][:2] == ["tractor", "potato"]


# the command line ---------------------------------------------------------------------------
runner = CliRunner(env={"COLUMNS": "200"})


def cli(db, *args: str):
    result = runner.invoke(app, ["--db", str(db), *args])
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def db(tmp_path, pages):
    path = tmp_path / "cli.db"
    assert cli(path, "ingest", "-q", str(pages)).exit_code == 0
    return path


def test_figures_json_has_the_fields_the_issue_names(db):
    result = cli(db, "figures", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {"value", "unit", "qualifier", "measure", "speaker", "date", "sentence", "source"} <= set(rows[0])
    assert {(r["value"], r["unit"]) for r in rows} >= {(40e9, "USD"), (12, "percent"), (4e9, "USD"), (28, "count")}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["figures", "--unit", "USD", "--about", "trade"], "US$40 billion"),
        (["mentions", "EAEU"], "Eurasian Economic Union"),
        (["topics", "--by", "year"], "Sanctions"),
        (["kwic", "Union State", "--width", "30"], "Union State"),
        (["keyness", "--speaker", "Lukashenko", "--vs", "Putin"], "tractor"),
        (["trend", "sanctions", "--by", "year", "--per-speaker"], "Vladimir Putin"),
        (["stats"], "Alexander Lukashenko"),
    ],
)
@pytest.mark.parametrize("format", ["table", "csv", "json"])
def test_every_command_in_every_format(db, args, expected, format):
    result = cli(db, *args, "--format", format)
    assert result.exit_code == 0, result.output
    assert expected in result.stdout
    if format == "json":
        assert isinstance(json.loads(result.stdout), list)
    elif format == "csv":
        assert len(list(csv.DictReader(io.StringIO(result.stdout)))) >= 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["figures", "--format", "xml"], "unknown format 'xml'"),
        (["keyness", "--speaker", "Nobody"], "speaker: no one matches 'Nobody'"),
        (["mentions", "Atlantis"], "no entity matches 'Atlantis'"),
        (["trend", "!!!"], "nothing to look for"),
        (["topics", "--by", "decade"], "choose meeting, document or year"),
        (["enrich", "--topics", "/no/such/file.yaml"], "cannot read"),
    ],
)
def test_bad_input_gets_one_line_and_exit_2(db, args, message):
    result = cli(db, *args)
    assert result.exit_code == 2
    assert message in result.output and len(result.output.strip().splitlines()) == 1


def test_enrich_command_reruns_the_stage(db):
    result = cli(db, "enrich", "-q")
    assert result.exit_code == 0, result.output
    assert "documents enriched: 3" in result.stdout


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: analysis.figures(c, kind="weird"), "kind: 'weird' is not one of"),
        (lambda c: analysis.figures(c, since="yesterday"), "since: 'yesterday' is not a date"),
        (lambda c: analysis.mentions(c, type="nonsense"), "type: 'nonsense' is not one of"),
        (lambda c: analysis.kwic(c, "trade", speaker="Nobody"), "speaker: no one matches 'Nobody'"),
        (lambda c: c.search("trade", speaker="Nobody"), "speaker: no one matches 'Nobody'"),
        (lambda c: c.search("trade", until="2023-13"), "until: '2023-13' is not a date"),
    ],
)
def test_bad_values_through_the_python_api_are_errors_not_empty_answers(filled, call, message):
    with pytest.raises(analysis.QueryError, match=message):
        call(filled)
