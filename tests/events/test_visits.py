"""Visits: the sessions of one stay grouped (summitry.events.visits). Pages written for this test: one
official site's pages of a two-day visit (talks, then a news conference, then a visit the next day),
and a meeting of the same persons in another city a week later."""

from __future__ import annotations

from summitry import Corpus, relink
from summitry.queries.events import list_events, list_visits

PAGE = """{title}

{day}, Sochi

{lead}

Vladimir Putin: {first}

Ivan Testov: {second}

Direct link: http://en.kremlin.ru/events/president/news/{site_id}
"""
TALKS = PAGE.format(
    title="Russian-Testland talks", day="March 12, 2025", site_id="71001",
    lead="Vladimir Putin held talks with President of Testland Ivan Testov.",
    first="Welcome to Sochi. Our trade grew by 12 percent last year.", second="Thank you for the invitation.",
)
NEWS_CONFERENCE = PAGE.format(
    title="News conference following Russian-Testland talks", day="March 12, 2025", site_id="71002",
    lead="Vladimir Putin and Ivan Testov made statements for the press and answered journalists' questions.",
    first="We have signed agreements on energy and on a new bridge across the river.", second="I agree, the bridge matters most.",
)
NEXT_DAY = PAGE.format(
    title="Visit to the Sirius Educational Centre", day="March 13, 2025", site_id="71003",
    lead="Vladimir Putin and Ivan Testov visited the Sirius Educational Centre and met its pupils.",
    first="Here the most gifted children study mathematics and music.", second="Our schools would like to take part.",
)
A_WEEK_LATER = PAGE.format(
    title="Telephone-free meeting in Moscow", day="March 20, 2025", site_id="71004",
    lead="Vladimir Putin met Ivan Testov again, in Moscow this time.",
    first="Good afternoon, it is a pleasure to see you in Moscow.", second="Thank you, a short visit this time.",
).replace("Sochi", "Moscow")


def test_a_two_day_visit_with_talks_and_a_news_conference_is_one_visit_of_three_sessions(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, text in {"1.txt": TALKS, "2.txt": NEWS_CONFERENCE, "3.txt": NEXT_DAY, "4.txt": A_WEEK_LATER}.items():
        (folder / name).write_text(text, encoding="utf-8")
    with Corpus(tmp_path / "c.db") as corpus:
        report = corpus.ingest([folder])
        assert not report.failures
        visits = list_visits(corpus)
        assert len(visits) == 1
        visit = visits[0]
        assert (visit["start"], visit["end"], visit["city"]) == ("2025-03-12", "2025-03-13", "Sochi")
        assert [s["date"] for s in visit["sessions"]] == ["2025-03-12", "2025-03-12", "2025-03-13"]
        assert "Vladimir Putin" in visit["participants"]
        by_id = {e["id"]: e for e in list_events(corpus)}
        assert len(by_id) == 4  # each session is an event of its own: one official page each
        alone = [e for e in by_id.values() if e["city"] == "Moscow"]
        assert len(alone) == 1 and alone[0]["visit"] is None
        relink(corpus.db)
        assert [v["sessions"] for v in list_visits(corpus)] == [visit["sessions"]]  # the same after relinking


WORKING_VISIT = """Ivan Testov's working visit to Russia

March 12, 2025, Sochi

President of Testland Ivan Testov arrived in Sochi on a working visit and held talks with Vladimir Putin on trade and a new bridge.
"""


def test_a_page_reporting_a_whole_visit_is_listed_with_the_visit(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    pages = {"1.txt": TALKS, "2.txt": NEWS_CONFERENCE, "3.txt": NEXT_DAY, "whole.txt": WORKING_VISIT}
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.ingest([folder])
        (visit,) = list_visits(corpus)
        whole = {d["title"] for d in visit["whole"]}
        assert whole == {"Ivan Testov's working visit to Russia"}  # the Sirius page is one session
