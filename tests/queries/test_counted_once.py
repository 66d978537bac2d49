"""Each meeting counted once: an invented meeting stored three times (the original, a reprint with one
word changed, a Russian version) counts once in every analysis, and every time with all_versions."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from summitry import analysis
from summitry.cli import app
from summitry.queries.corpus import Corpus

ORIGINAL = """Talks with President of Belarus

March 3, 2022, Moscow

Vladimir Putin held talks with President of Belarus Alexander Lukashenko in Sochi.

Vladimir Putin: Good afternoon. Our trade reached US$40 billion last year, and the grain terminal in Sochi is ready.

Alexander Lukashenko: Thank you. The tractor plant grew by 12 percent.
"""
REPRINT = ORIGINAL.replace("Good afternoon.", "Good afternoon, friends.")
RUSSIAN = """Переговоры с Президентом Белоруссии

3 марта 2022 года, Москва

Владимир Путин провёл переговоры с Президентом Белоруссии Александром Лукашенко в Сочи.

Владимир Путин: Добрый день. Наш товарооборот достиг 40 миллиардов долларов, зерновой терминал в Сочи готов.

Александр Лукашенко: Спасибо. Тракторный завод вырос на 12 процентов.
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("once")
    for name, text in (("a.txt", ORIGINAL), ("b.txt", REPRINT), ("c.txt", RUSSIAN)):
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / "c.db"
    with Corpus(path) as corpus:
        corpus.ingest([folder])
        (versions,) = corpus.db.execute("SELECT COUNT(*) FROM event_documents").fetchone()
        assert versions == 3, "the three pages are one meeting"
    return path


@pytest.fixture
def corpus(db):
    with Corpus(db) as corpus:
        yield corpus


@pytest.mark.parametrize(
    "count, once, every",
    [
        (lambda c, a: len(analysis.mentions(c, "Sochi", all_versions=a)), 1, 3),
        (lambda c, a: len(analysis.figures(c, unit="percent", all_versions=a)), 1, 3),
        (lambda c, a: len(analysis.kwic(c, "Sochi", all_versions=a)), 1, 2),  # the English word: one version per language
        (lambda c, a: len(analysis.kwic(c, "Сочи", all_versions=a)), 1, 1),
        (lambda c, a: sum(r["hits"] for r in analysis.trend(c, "grain", all_versions=a)), 1, 2),
        (lambda c, a: sum(r["turns"] for r in analysis.speaker_stats(c, all_versions=a)), 2, 6),
        (lambda c, a: sum(r["hits"] for r in analysis.topics(c, all_versions=a)) > 0, True, True),
        (lambda c, a: len(c.search("Sochi", all_versions=a)), 1, 2),
        (lambda c, a: c.search_count("Sochi OR Сочи", all_versions=a), 2, 3),
        (lambda c, a: sum(r["turns"] for r in c.speakers(all_versions=a)), 2, 6),
    ],
)
def test_each_meeting_counts_once_unless_all_versions(corpus, count, once, every):
    assert count(corpus, False) == once
    assert count(corpus, True) == every


def test_topics_by_meeting_are_meetings(corpus):
    by_meeting = analysis.topics(corpus, by="meeting")
    assert {row["event"] for row in by_meeting} == {"2022-03-03-moscow"}
    by_document = analysis.topics(corpus, by="document", all_versions=True)
    assert len({row["document"] for row in by_document}) == 3


def test_keyness_counts_the_words_of_one_version(corpus):
    once = {r["term"]: r["count"] for r in analysis.keyness(corpus, "Putin", min_count=1, min_log_likelihood=0)}
    every = {r["term"]: r["count"] for r in analysis.keyness(corpus, "Putin", min_count=1, min_log_likelihood=0, all_versions=True)}
    assert once["terminal"] == 1 and every["terminal"] == 2


@pytest.mark.parametrize(
    "args, says",
    [
        (["mentions", "Sochi"], "each meeting counted once, from its canonical version: 2 other versions left out"),
        (["kwic", "Sochi"], "each meeting counted once per language: 1 other version left out"),
        (["kwic", "Sochi", "--all-versions"], "every stored version of a meeting counted"),
        (["search", "Sochi"], "1 of 1 hits (each meeting once per language; --all-versions adds 1 in other versions"),
    ],
)
def test_the_command_line_says_how_meetings_were_counted(db, args, says):
    result = CliRunner(env={"COLUMNS": "250"}).invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    assert says in result.output


def test_json_output_stays_json_with_the_note_on_standard_error(db):
    result = CliRunner().invoke(app, ["--db", str(db), "figures", "--format", "json"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 2


@pytest.mark.parametrize("term", ["grain\x00terminal", "grain \x00terminal", "\x00"])
def test_control_characters_in_a_term_split_words(corpus, term):
    if term == "\x00":
        with pytest.raises(analysis.AnalysisError):
            analysis.trend(corpus, term)
    else:
        assert sum(r["hits"] for r in analysis.trend(corpus, term)) == 1


def _repeats(db) -> dict[str, int]:
    rows = db.execute(
        "SELECT d.language, d.source, x.repeats FROM event_documents x JOIN documents d ON d.id = x.document_id"
    )
    return {f"{language}:{source.rsplit('/', 1)[-1]}": repeats for language, source, repeats in rows}


def test_the_linker_marks_the_versions_that_repeat_a_meeting(corpus):
    # the canonical text counts; the reprint repeats it in its language; the Russian version counts
    # for Russian words only
    assert sorted(_repeats(corpus.db).values()) == [0, 1, 3]
    assert _repeats(corpus.db)["ru:c.txt"] == 1


def test_the_migration_marks_stored_events_as_the_linker_does(db, tmp_path):
    from summitry.store.migrations import MIGRATIONS, _statements

    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    with Corpus(copy) as corpus:
        linked = _repeats(corpus.db)
        corpus.db.execute("UPDATE event_documents SET repeats = 0")
        script = dict(MIGRATIONS)["0006_counted_once"]
        for statement in _statements(script):
            if statement.startswith("UPDATE"):
                corpus.db.execute(statement)
        assert _repeats(corpus.db) == linked


def test_a_counted_version_replaced_is_linked_again_and_still_counted_once(tmp_path):
    for name, text in (("a.txt", ORIGINAL), ("b.txt", REPRINT), ("c.txt", RUSSIAN)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.ingest([tmp_path])
        (tmp_path / "c.txt").write_text(RUSSIAN.replace("Добрый день.", "Добрый день, друзья."), encoding="utf-8")
        corpus.ingest([tmp_path])
        assert sorted(_repeats(corpus.db).values()) == [0, 1, 3]
        assert len(analysis.kwic(corpus, "друзья")) == 1
        assert len(analysis.mentions(corpus, "Sochi")) == 1


def test_a_counted_version_removed_leaves_its_event_to_be_linked_again(db, tmp_path):
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    with Corpus(copy) as corpus:
        (doc_id,) = corpus.db.execute("SELECT document_id FROM event_documents WHERE repeats = 1").fetchone()
        corpus.db.execute("DELETE FROM pages WHERE id = (SELECT page_id FROM documents WHERE id = ?)", (doc_id,))
        assert corpus.db.execute("SELECT canonical_id FROM events").fetchone()[0] is None
        assert len(analysis.kwic(corpus, "Sochi")) == 2  # nothing left uncounted until the next link


def test_a_speaker_page_counts_each_meeting_once(db):
    from fastapi.testclient import TestClient

    from summitry.web import create_app

    with Corpus(db) as corpus:
        person = max(corpus.speakers(), key=lambda s: s["turns"])
        every = {s["id"]: s for s in corpus.speakers(all_versions=True)}[person["id"]]
    assert every["turns"] > person["turns"]
    with TestClient(create_app(db)) as client:
        page = client.get(f"/speakers/{person['id']}")
        assert page.status_code == 200
        assert f"{person['turns']} turns" in page.text and "each meeting counted once" in page.text
        api = client.get(f"/api/speakers/{person['id']}").json()
        assert api["turns"] == person["turns"]


@pytest.mark.parametrize("about", ["\x00", "grain\x00", "\x1f"])
def test_control_characters_in_what_figures_are_about_split_words(corpus, about):
    everything = analysis.figures(corpus, all_versions=True)
    found = analysis.figures(corpus, about=about, all_versions=True)
    assert found == everything if not about.strip("\x00\x1f") else found == analysis.figures(corpus, about="grain", all_versions=True)
