"""The clean stage's reading of a page's layout: title, dateline, place, bylines, where the body ends."""

from __future__ import annotations

import pytest

from summitry import parse_text


def layout(*lines: str):
    return parse_text("\n".join(lines))


@pytest.mark.parametrize(
    ("place", "city", "venue"),
    [("Beijing, China", "Beijing", None), ("MINSK, BELARUS", "Minsk", None), ("Brussels, Belgium", "Brussels", None),
     ("Sochi", "Sochi", None)],
)
def test_a_known_place_on_the_line_before_a_bare_date_is_the_dateline_place(place, city, venue):
    doc = layout("Talks on trade", place, "May 4, 2024", "Jane Roe: Good morning.")
    assert (doc.title, doc.date, doc.city, doc.venue) == ("Talks on trade", "2024-05-04", city, venue)
    assert [t.text for t in doc.turns] == ["Good morning."]


def test_a_short_title_before_a_bare_date_is_not_taken_for_a_place():
    doc = layout("Menu", "Meeting with students", "May 4, 2024", "Jane Roe: Good morning.")
    assert (doc.title, doc.city) == ("Meeting with students", None)


@pytest.mark.parametrize(
    "furniture",
    [["REMARKS"], ["PRESS BRIEFING", "John Doe, Spokesperson"], ["Jane Q. Roe, Deputy Secretary of State"]],
)
def test_bylines_and_category_lines_between_title_and_date_are_passed_over(furniture):
    doc = layout("Remarks to the press on the summit", *furniture, "May 4, 2024", "Jane Roe: Good morning.")
    assert doc.title == "Remarks to the press on the summit"
    assert not any(line in " ".join(s.text for s in doc.segments) for line in furniture)


@pytest.mark.parametrize(
    "ending",
    [["###", "Tags", "Office of the Spokesperson"], ["Опубликован в разделах: Новости", "Новости"], ["Поделиться", "Телеграм"]],
)
def test_end_marks_close_the_last_turn(ending):
    doc = layout("Talks on trade", "May 4, 2024", "Jane Roe: Good morning.", "We begin.", *ending)
    assert [t.text for t in doc.turns] == ["Good morning.\n\nWe begin."]
    assert [s.kind for s in doc.segments] == ["turn"]


def test_an_end_mark_followed_by_a_label_is_a_separator_in_the_transcript():
    doc = layout("Talks on trade", "May 4, 2024", "Jane Roe: Good morning.", "###", "John Doe: Thank you.")
    assert [s.kind for s in doc.segments] == ["turn", "separator", "turn"]
