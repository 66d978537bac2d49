"""Undated pages: linked to the dated event whose day they name, with its participants and city; never
guessed when two events fit. The pages are ours: a dated agency report and undated retellings."""

from __future__ import annotations

import json

import pytest

from summitry import Corpus

DATED = """Putin and Lukashenko hold talks in Sochi

SOCHI, 17 February 2025. Vladimir Putin and Alexander Lukashenko held talks in Sochi on Monday, the agency said.
"""
UNDATED_RU = """Путин и Лукашенко провели переговоры

Владимир Путин и Александр Лукашенко 17 февраля провели переговоры в Сочи, сообщает агентство.
"""
UNDATED_DE = """Putin empfängt Lukaschenko

Am 17. Februar trafen sich Wladimir Putin und Alexander Lukaschenko in Sotschi, meldet die Agentur.
"""
OTHER_CITY = """Putin and Lukashenko

Vladimir Putin and Alexander Lukashenko met in Minsk on 17 February, the agency said.
"""
OTHER_DAY = """Putin and Lukashenko

Vladimir Putin and Alexander Lukashenko will meet in Sochi on 18 February, the agency said.
"""
PESKOV_PARAGRAPH = """Putin and Lukashenko met in Sochi

SOCHI, 17 February 2025. Vladimir Putin and Alexander Lukashenko met in Sochi on Monday, the agency said.

Earlier, Dmitry Peskov said that the talks would be detailed.
"""


def ingest(tmp_path, pages: dict[str, str]) -> Corpus:
    folder = tmp_path / "pages"
    folder.mkdir(parents=True)
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    corpus = Corpus(tmp_path / "c.db")
    corpus.ingest([folder])
    return corpus


def events_of(corpus: Corpus) -> dict[str, str | None]:
    rows = corpus.db.execute(
        """SELECT d.source, e.event_id FROM documents d LEFT JOIN event_documents e ON e.document_id = d.id"""
    )
    return {source.rsplit("/", 1)[-1]: event for source, event in rows}


def test_undated_pages_in_other_languages_join_the_event_of_the_day_they_name(tmp_path):
    with ingest(tmp_path, {"a.txt": DATED, "b.txt": UNDATED_RU, "c.txt": UNDATED_DE}) as corpus:
        linked = events_of(corpus)
        assert linked["a.txt"] == linked["b.txt"] == linked["c.txt"] == "2025-02-17-sochi"
        date, sources = corpus.db.execute("SELECT date, sources FROM documents WHERE source LIKE '%b.txt'").fetchone()
        assert date == "2025-02-17" and json.loads(sources)["date"].startswith("event")


@pytest.mark.parametrize("page", [OTHER_CITY, OTHER_DAY])
def test_an_undated_page_of_another_city_or_day_stays_apart(tmp_path, page):
    with ingest(tmp_path, {"a.txt": DATED, "b.txt": page}) as corpus:
        linked = events_of(corpus)
        assert linked["b.txt"] is None


def test_an_undated_page_is_not_guessed_between_two_years(tmp_path):
    dated_2024 = DATED.replace("2025", "2024")
    with ingest(tmp_path, {"a.txt": DATED, "a2.txt": dated_2024, "b.txt": UNDATED_RU}) as corpus:
        assert events_of(corpus)["b.txt"] is None
    named_year = UNDATED_RU.replace("17 февраля", "17 февраля 2024 года")
    with ingest(tmp_path / "second", {"a.txt": DATED, "a2.txt": dated_2024, "b.txt": named_year}) as corpus:
        assert events_of(corpus)["b.txt"] == "2024-02-17-sochi"


def test_a_spokesman_named_in_a_news_page_does_not_make_it_a_digest(tmp_path):
    with ingest(tmp_path, {"a.txt": PESKOV_PARAGRAPH}) as corpus:
        assert [e for (e,) in corpus.db.execute("SELECT id FROM events")] == ["2025-02-17-sochi"]
