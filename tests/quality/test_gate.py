"""The quality gate: each corpus in ../shared against its floors (tests/quality/floors.yaml), and the
scorer's measures on small pages and gold files of our own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from summitry.cli import app
from summitry.quality.evaluate import evaluate
from summitry.quality.fields import field_verdict, same_meeting_pairs
from summitry.quality.gate import FLOOR_NAMES, FloorError, measures, parse_floor, run_gate, unmet_floors
from summitry.quality.gold import GoldError
from summitry.quality.turns import score_turns

FLOORS = Path(__file__).with_name("floors.yaml")
CORPORA = {
    "seeds": ("gold/seeds.gold.json", "seeds"),
    "pages-dev": ("corpora/pages-dev/gold.json", "corpora/pages-dev/pages"),
    "debates-dev": ("corpora/debates-dev/gold.json", "corpora/debates-dev/pages"),
    "scotus-dev": ("corpora/scotus-dev/gold.json", "corpora/scotus-dev/pages"),
}
LAYOUTS = Path(__file__).parents[1] / "fixtures"
OWN_CORPORA = {"layouts-news": ("layouts-news/gold.json", "layouts-news/pages")}  # written for this project
runner = CliRunner(env={"COLUMNS": "250"})


@pytest.mark.parametrize("corpus", list(OWN_CORPORA))
def test_each_of_our_own_corpora_holds_its_floors(corpus):
    gold, pages = OWN_CORPORA[corpus]
    result = run_gate(LAYOUTS / gold, LAYOUTS / pages, floors_file=FLOORS)
    assert result.report.gold.name == corpus and result.floors
    assert result.unmet == []


@pytest.mark.parametrize("corpus", list(CORPORA))
def test_each_corpus_holds_its_floors(shared, corpus):
    gold, pages = CORPORA[corpus]
    result = run_gate(shared / gold, shared / pages, floors_file=FLOORS)
    assert result.report.gold.name == corpus
    assert result.floors, f"floors.yaml has no floors for {corpus}"
    assert result.unmet == []


def test_the_cli_gate_on_the_seeds(shared):
    result = runner.invoke(app, ["eval", str(shared / CORPORA["seeds"][0]), str(shared / "seeds"), "--floors", str(FLOORS)])
    assert result.exit_code == 0, result.output
    assert "52/52 right" in result.output and "34/34" in result.output and "floor not met" not in result.output


def test_the_floors_file_names_known_measures_only():
    sections = yaml.safe_load(FLOORS.read_text(encoding="utf-8"))
    assert set(sections) == set(CORPORA) | set(OWN_CORPORA)
    for floors in sections.values():
        assert set(floors) <= set(FLOOR_NAMES)


# A page of our own: a heading and a menu, three turns, a footer.
TURNS = [
    ("Anna Berg", "Good morning to everyone. We have three items on the list today, and the first is the new quay."),
    ("Tomas Vidal", "Thank you, Anna. The quay will open in May if the weather holds."),
    ("Anna Berg", "Then we move on to the second item, the ferry timetable."),
]
PAGE = (
    "Freedonia Harbour Council\nMenu | Home | About | Contact\nMeeting of the Harbour Council\nMarch 12, 2024\n\n"
    + "\n\n".join(f"{label}: {text}" for label, text in TURNS)
    + "\n\nShare this page\nAll rights reserved\n"
)
NEWS = ("Riverton Daily\nThe ferry will run every hour from May, the Harbour Council decided on Tuesday. The council met "
        "and agreed on the new timetable after a short debate about the winter months.\n")


def gold_turn(label: str, text: str, speaker: str | None = None) -> dict:
    words = text.split()
    return {"speaker": speaker or label, "label": label, "words": len(words), "begins": " ".join(words[:4]), "ends": " ".join(words[-4:])}


GOLD_TURNS = [gold_turn(label, text) for label, text in TURNS]


def predicted(*turns: tuple[str | None, str | None, str]) -> list[dict]:
    return [{"label": label, "speaker": speaker, "text": text} for label, speaker, text in turns]


RIGHT = [(label, label, text) for label, text in TURNS]
(T1, T2, T3) = (text for _, text in TURNS)


def test_right_turns_are_right():
    score = score_turns(PAGE, GOLD_TURNS, predicted(*RIGHT))
    assert (score.right, score.named, score.labels_found, score.bounds_right, score.errors) == (3, 3, 3, 3, [])


def test_names_are_compared_as_a_partition():
    renamed = predicted(("Anna Berg", "Berg", T1), ("Tomas Vidal", "Vidal", T2), ("Anna Berg", "Berg", T3))
    score = score_turns(PAGE, GOLD_TURNS, renamed)
    assert (score.right, score.named, score.errors) == (3, 0, [])


@pytest.mark.parametrize(
    ("kind", "turns", "gold_turn"),
    [
        ("missed_label", [("Anna Berg", "Anna Berg", f"{T1} Tomas Vidal: {T2}"), RIGHT[2]], 1),
        ("merged_nolabel", [("Anna Berg", "Anna Berg", f"{T1} {T2}"), RIGHT[2]], 1),
        ("false_label", [RIGHT[0], ("Tomas Vidal", "Tomas Vidal", "Thank you,"),
                         ("Anna. The quay", "Quay", "will open in May if the weather holds."), RIGHT[2]], 1),
        ("split", [RIGHT[0], ("Tomas Vidal", "Tomas Vidal", "Thank you, Anna. The quay"),
                   (None, None, "will open in May if the weather holds."), RIGHT[2]], 1),
        ("dropped_text", [RIGHT[0], ("Tomas Vidal", "Tomas Vidal", "Thank you, Anna. The quay will open in May."), RIGHT[2]], 1),
        ("leaked_junk", [RIGHT[0], RIGHT[1], ("Anna Berg", "Anna Berg", f"{T3} Share this page")], None),
        ("inconsistent", [RIGHT[0], RIGHT[1], ("Anna Berg", "A. Berg", T3)], 2),
        ("conflated", [RIGHT[0], ("Tomas Vidal", "Anna Berg", T2), RIGHT[2]], 1),
    ],
)
def test_each_kind_of_error_is_found(kind, turns, gold_turn):
    score = score_turns(PAGE, GOLD_TURNS, predicted(*turns))
    found = [e for e in score.errors if e.kind == kind]
    assert len(found) == 1, [e.describe() for e in score.errors]
    assert found[0].gold_turn == gold_turn
    assert f": {kind}: " in found[0].describe()
    assert score.right < 3


def test_leaked_junk_counts_its_words_and_quotes_them():
    score = score_turns(PAGE, GOLD_TURNS, predicted(RIGHT[0], RIGHT[1], ("Anna Berg", "Anna Berg", f"{T3} Share this page All rights reserved")))
    (leak,) = score.errors
    assert (leak.kind, leak.words, leak.quote, leak.pred_turn) == ("leaked_junk", 6, "Share this page All rights reserved", 2)


def test_a_gold_turn_not_on_the_page_is_a_gold_error():
    with pytest.raises(GoldError, match="turn 2"):
        score_turns(PAGE, [GOLD_TURNS[0], gold_turn("Tomas Vidal", "Words this page never prints.")], [])


@pytest.mark.parametrize(
    ("name", "gold", "record", "verdict"),
    [
        ("date", "2024-03-12", {"date": "2024-03-12"}, "right"),
        ("date", "2024-03-12", {"date": "2024-03-13"}, "wrong"),
        ("date", "2024-03-12", {"date": None}, "missing"),
        ("date", None, {"date": "2024-03-12"}, "extra"),
        ("time", None, {"time": None}, "right"),
        ("city", "St Petersburg", {"city": "Saint-Petersburg"}, "right"),
        ("city", "Riverton", {"city": "riverton"}, "right"),
        ("title", "Freedonia’s “harbour”", {"title": "Freedonia's  \"harbour\""}, "right"),
        ("language", "en", {"language": "en-GB"}, "right"),
        ("language", "uk", {"language": "be"}, "wrong"),
        ("kind", "news", {"turns": []}, "right"),
        ("kind", "news", {"turns": [{"text": "Hello."}]}, "wrong"),
        ("kind", "transcript", {"turns": [{"text": "Hello."}]}, "right"),
        ("tags", {"geography": ["Freedonia"]}, {"tags": {"geography": ["Freedonia"], "topics": []}}, "right"),
    ],
)
def test_field_verdicts(name, gold, record, verdict):
    assert field_verdict(name, gold, record) == verdict


def test_same_meeting_pairs():
    pairs = same_meeting_pairs(["a", "b", "c", "d"], [["a", "b", "c"]], {"a": "e1", "b": "e1", "c": "e2", "d": "e2"})
    assert (pairs.gold, pairs.predicted, pairs.true) == (3, 2, 1)
    assert (pairs.precision, round(pairs.recall, 3), round(pairs.f1, 3)) == (0.5, 0.333, 0.4)
    assert same_meeting_pairs(["a", "b"], [["a", "b"]], {"a": None, "b": None}).f1 == 0.0


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "harbour.txt").write_text(PAGE, encoding="utf-8")
    (pages / "ferry.txt").write_text(NEWS, encoding="utf-8")
    (pages / "brief.txt").write_text("Riverton Daily\nFerry news.\n", encoding="utf-8")
    return pages


def write_gold(path: Path, documents: dict, groups: list | None = None) -> Path:
    path.write_text(json.dumps({"documents": documents, "same_event_groups": groups or []}), encoding="utf-8")
    return path


@pytest.fixture
def transcript_gold(tmp_path: Path) -> Path:
    """harbour.txt read right except the title (wrong) and the venue (the page prints none: missing)."""
    harbour = {"title": "Minutes of the Council", "date": "2024-03-12", "time": None, "venue": "Lake House",
               "turns": GOLD_TURNS, "not_in_turns": ["Share this page"]}
    return write_gold(tmp_path / "harbour.gold.json", {"harbour.txt": harbour})


def test_evaluate_scores_turns_and_fields(folder, transcript_gold):
    report = evaluate(transcript_gold, folder)
    (doc,) = report.documents
    assert (report.turns_gold, report.turns_right, report.leaks, report.not_in_turns) == (3, 3, 0, 0)
    assert doc.fields == {"title": "wrong", "date": "right", "time": "right", "venue": "missing"}
    assert (report.meta_right, report.meta_total) == (2, 4)
    assert any(p.startswith("title wrong") for p in doc.problems) and any(p.startswith("venue missing") for p in doc.problems)
    table = measures(report)
    assert table["turns"].value == 1.0 and table["title"].value == 0.0 and table["meta"].value == 0.5
    assert "pairs_f1" not in table and "false_turns" not in table  # not judged by this gold


def test_evaluate_a_page_reading(folder, tmp_path):
    gold = write_gold(tmp_path / "gold.json", {
        "harbour.txt": {"kind": "transcript", "date": "2024-03-12", "language": "en", "url": "https://example.org/h"},
        "ferry.txt": {"kind": "news", "date": None, "language": "en"},
        "brief.txt": {"kind": "news", "language": "en"},
    }, groups=[["harbour.txt", "ferry.txt"]])
    report = evaluate(gold, folder)
    by_name = {d.name: d for d in report.documents}
    assert by_name["harbour.txt"].fields == {"date": "right", "language": "right", "kind": "right"}  # url: where it was saved from
    assert by_name["ferry.txt"].fields == {"language": "right", "kind": "right"}  # a null date is not judged here
    assert (report.news_with_turns, report.lost_bodies) == (0, 1)
    assert by_name["brief.txt"].lost_body and report.pairs is not None and report.pairs.gold == 1
    table = measures(report)
    assert {"date", "language", "kind", "false_turns", "lost_bodies", "pairs_f1"} <= set(table) and "turns" not in table


def test_floors_are_checked():
    table = {"turns": _measure("turns", 0.9), "leaks": _measure("leaks", 2), "date": _measure("date", 1.0),
             "date_wrong": _measure("date_wrong", 0), "city": _measure("city", 0.8), "city_wrong": _measure("city_wrong", 1)}
    assert unmet_floors(table, {"turns": 0.9, "leaks": 2, "date": 1.0}) == []
    assert unmet_floors(table, {"turns": 0.95, "leaks": 1}) == ["floor not met: turns 0.900 < 0.95", "floor not met: leaks 2 > 1"]
    (city,) = unmet_floors(table, {"city": 0.5})
    assert "city has 1 false values" in city  # a wrong city fails the floor ...
    assert unmet_floors(table, {"city": 0.5, "city_wrong": 1}) == []  # ... unless allowed
    with pytest.raises(FloorError, match="does not judge"):
        unmet_floors(table, {"pairs_f1": 0.5})
    assert parse_floor("turns=95%") == ("turns", 0.95)


def _measure(name: str, value: float):
    from summitry.quality.gate import Measure

    return Measure(name, value)


def test_cli_floors_unmet_exit_1_one_line_each(folder, transcript_gold):
    result = runner.invoke(app, ["eval", str(transcript_gold), str(folder), "--floor", "title=1", "--floor", "venue=0.5", "--floor", "turns=1"])
    assert result.exit_code == 1, result.output
    unmet = [line for line in result.output.splitlines() if line.startswith("floor not met")]
    assert unmet == ["floor not met: title 0.000 < 1", "floor not met: venue 0.000 < 0.5"]
    assert "3/3 right" in result.output and "title wrong" in result.output


def test_cli_floors_file_and_json(folder, transcript_gold, tmp_path):
    floors = tmp_path / "floors.yaml"
    floors.write_text("# floors only go up\nharbour:\n  turns: 1.0\n  leaks: 0\n  date: 1.0\nother:\n  turns: 0.1\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(transcript_gold), str(folder), "--floors", str(floors), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["corpus"] == "harbour" and report["floors"] == {"turns": 1.0, "leaks": 0.0, "date": 1.0}
    assert report["measures"]["turns"] == 1.0 and report["turns"]["right"] == 3 and report["unmet"] == []
    assert report["errors"] == dict.fromkeys(report["errors"], 0) and "missed_label" in report["errors"]
    assert report["fields"]["venue"]["missing"] == 1


def test_cli_a_wrong_date_fails_its_floor_unless_allowed(folder, tmp_path):
    gold = write_gold(tmp_path / "gold.json", {"harbour.txt": {"date": "2024-03-13"}})
    failed = runner.invoke(app, ["eval", str(gold), str(folder), "--floor", "date=0"])
    assert failed.exit_code == 1 and "date has 1 false values" in failed.output
    allowed = runner.invoke(app, ["eval", str(gold), str(folder), "--floor", "date=0", "--floor", "date_wrong=1"])
    assert allowed.exit_code == 0, allowed.output


@pytest.mark.parametrize(
    ("make", "extra", "message"),
    [
        (lambda d: d / "absent.json", [], "no such gold file"),
        (lambda d: _text(d / "g.json", "{not json"), [], "not JSON"),
        (lambda d: _text(d / "g.json", '{"about": "no documents"}'), [], "not a gold file"),
        (lambda d: _text(d / "g.json", '{"documents": {"harbour.txt": {"turns": [{"label": "Anna Berg"}]}}}'), [], "turn 1 has no"),
        (lambda d: write_gold(d / "g.json", {"harbour.txt": {"turns": [gold_turn("Tomas Vidal", "Never printed here.")]}}), [], "is not on the page"),
        (lambda d: write_gold(d / "g.json", {"harbour.txt": {}}, [["harbour.txt", "gone.txt"]]), [], "not one of its documents"),
        (lambda d: write_gold(d / "g.json", {"harbour.txt": {"title": "x"}}), ["--floor", "bogus=1"], "unknown floor 'bogus'"),
        (lambda d: write_gold(d / "g.json", {"harbour.txt": {"title": "x"}}), ["--floor", "title=high"], "is not a number"),
        (lambda d: write_gold(d / "g.json", {"harbour.txt": {"title": "x"}}), ["--floor", "title"], "NAME=VALUE"),
        (lambda d: write_gold(d / "g.json", {"harbour.txt": {"title": "x"}}), ["--floor", "pairs_f1=0.5"], "does not judge"),
        (lambda d: write_gold(d / "g.json", {"harbour.txt": {"title": "x"}}), ["--floors", "FLOORS"], "no section 'g'"),
    ],
)
def test_cli_bad_inputs_exit_2_with_one_line(folder, tmp_path, make, extra, message):
    (tmp_path / "floors.yaml").write_text("seeds:\n  turns: 1\n", encoding="utf-8")
    gold = make(tmp_path)
    extra = [str(tmp_path / "floors.yaml") if a == "FLOORS" else a for a in extra]
    result = runner.invoke(app, ["eval", str(gold), str(folder), *extra])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr, result.stderr


def test_cli_a_missing_folder_exits_2(transcript_gold, tmp_path):
    result = runner.invoke(app, ["eval", str(transcript_gold), str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "no such folder" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def _text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
