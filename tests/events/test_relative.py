"""A dated page whose lead names its meeting's day relative to the page's date: "yesterday", "on
Friday", "will meet on Friday". The pages are ours."""

from __future__ import annotations

import json

import pytest

from summitry import Corpus
from summitry.events.link import relink
from summitry.events.relative import meeting_day
from summitry.events.versions import Profile


def profile(date: str, title: str, lead: str) -> Profile:
    return Profile(1, date, None, title, None, None, narrative=[lead])


@pytest.mark.parametrize(
    ("date", "title", "lead", "day"),
    [
        # 17 February 2025 is a Monday
        ("2025-02-17", "Putin and Lukashenko held talks", "Vladimir Putin and Alexander Lukashenko held talks in Sochi yesterday, the agency said.", "2025-02-16"),
        ("2025-02-17", "Путин и Лукашенко провели переговоры", "Владимир Путин и Александр Лукашенко вчера провели переговоры в Сочи, сообщает агентство.", "2025-02-16"),
        ("2025-02-17", "Putin and Lukashenko met", "Vladimir Putin and Alexander Lukashenko met in Sochi on Friday and spoke of gas prices and trade.", "2025-02-14"),
        ("2025-02-17", "Putin and Lukashenko will meet", "Vladimir Putin and Alexander Lukashenko will meet in Sochi on Friday to speak of gas prices and trade.", "2025-02-21"),
        ("2025-02-17", "Putin and Lukashenko met", "Vladimir Putin and Alexander Lukashenko met in Sochi on Monday and spoke of gas prices and trade.", None),
        ("2025-02-17", "Putin and Lukashenko met", "Vladimir Putin and Alexander Lukashenko met in Sochi today and spoke of gas prices and the Union State.", None),
        # the lead dates its meeting itself, or names two days: not read
        ("2025-02-17", "Putin and Lukashenko met", "Vladimir Putin and Alexander Lukashenko met in Sochi on 14 February, yesterday's papers said.", None),
        ("2025-02-17", "Putin and Lukashenko met", "Vladimir Putin and Alexander Lukashenko met on Friday, and will meet again on Wednesday in Minsk.", None),
    ],
)
def test_meeting_day(date, title, lead, day):
    found = meeting_day(profile(date, title, lead))
    assert (found[0].isoformat() if found else None) == day


TALKS = """Putin and Lukashenko held talks in Sochi

SOCHI, 16 February 2025. Vladimir Putin and Alexander Lukashenko held talks in Sochi on gas prices and the Union State budget, the agency said.
"""
LATER = """Putin and Lukashenko held talks

MOSCOW, 19 February 2025. Vladimir Putin and Alexander Lukashenko held talks in Sochi on Sunday, the agency said, and spoke of gas prices.
"""


def test_a_page_of_a_later_day_joins_the_meeting_its_lead_names_and_says_how(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, text in {"talks.txt": TALKS, "later.txt": LATER}.items():
        (folder / name).write_text(text, encoding="utf-8")
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.ingest([folder])

        def state() -> dict[str, tuple[str, str, str]]:
            rows = corpus.db.execute(
                """SELECT d.source, d.date, d.sources, e.event_id FROM documents d
                   JOIN event_documents e ON e.document_id = d.id"""
            )
            return {s.rsplit("/", 1)[-1]: (date, json.loads(src)["date"], event) for s, date, src, event in rows}

        linked = state()
        assert linked["later.txt"][0] == "2025-02-16" and linked["later.txt"][1].startswith("relative")
        assert linked["later.txt"][2] == linked["talks.txt"][2] == "2025-02-16-sochi"
        relink(corpus.db)
        assert state() == linked  # read once: linking again moves nothing
