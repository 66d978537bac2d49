"""The clean stage's reading of a page's layout: title, dateline, place, bylines, where the body ends."""

from __future__ import annotations

import pytest

from summitry import parse_text
from summitry.pipeline.core import parse_file


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


@pytest.mark.parametrize(
    ("lines", "title", "city"),
    [
        (["Press encounter on the Middle East", "New York, 12 March 2024"], "Press encounter on the Middle East", "New York"),
        (["Remarks at a news conference with the Foreign Minister of Egypt, Cairo, July 24, 2023"],
         "Remarks at a news conference with the Foreign Minister of Egypt", "Cairo"),
        (["Встреча с Министром иностранных дел Индии, Москва, 15 марта 2024 года"], "Встреча с Министром иностранных дел Индии", "Moscow"),
    ],
)
def test_a_place_before_the_date(lines, title, city):
    doc = layout(*lines, "Jane Roe: Good morning.")
    assert (doc.title, doc.city, doc.date is not None) == (title, city, True)


def test_a_sentence_ending_in_a_date_is_not_a_dateline():
    doc = layout("Talks on trade", "The leaders met on June 9, 2023", "Jane Roe: Good morning.")
    assert doc.date is None


def test_menus_times_venues_and_ids_between_the_dateline_and_the_transcript():
    doc = layout(
        "Remarks in a joint press conference", "March 4, 2024", "Home", "Briefing Room", "Speeches and Remarks",
        "East Room", "1:32 P.M. EST", "1432-04-03-2024", "Jane Roe: Good afternoon.", "John Doe: Thank you.",
    )
    assert (doc.title, doc.time, doc.city, doc.venue) == ("Remarks in a joint press conference", "13:32", None, "East Room")
    assert [s.kind for s in doc.segments] == ["turn", "turn"]


def test_a_heading_before_the_transcript_stays_narrative():
    doc = layout("Talks on trade", "May 4, 2024", "Opening remarks", "Jane Roe: Good morning.")
    assert [(s.kind, s.text) for s in doc.segments][0] == ("narrative", "Opening remarks")


def test_time_stamps_between_paragraphs_are_not_speech():
    doc = layout("Talks on trade", "May 4, 2024, Sochi", "[10:32]", "Jane Roe:", "Good morning.", "[10:41]",
                 "We begin.", "10:55", "John Doe: Thank you.")
    assert doc.time == "10:32"
    assert [t.text for t in doc.turns] == ["Good morning.\n\nWe begin.", "Thank you."]


def test_a_page_without_a_transcript_ends_at_its_footer():
    doc = layout("Agreement on water", "May 4, 2024", "The two governments agreed on water sharing.",
                 "Related: Drought hits farms", "Поделиться", "© 2024 Steppe Daily")
    assert [s.text for s in doc.segments] == ["The two governments agreed on water sharing."]


def parse_html(folder, body: str):
    """A page of ours with a menu before the given body, written to a file and parsed."""
    page = folder / "page.html"
    page.write_text(f"<html><head><title>T</title></head><body><nav><ul><li>Home</li><li>News</li></ul></nav>{body}</body></html>")
    return parse_file(page)


def test_html_without_an_article_container_keeps_every_turn(tmp_path):
    doc = parse_html(tmp_path, (
        "<h1>Press statements</h1><p>May 16, 2024 · Beijing</p>"
        "<p><strong>Xi Jinping:</strong> Welcome.</p><p>Trade grew.</p><p><b>Vladimir Putin:</b> Thank you.</p>"
        "<table><tr><th>Indicator</th><th>2023</th></tr><tr><td>Revenue</td><td>29.1 trillion</td></tr></table>"
    ))
    assert (doc.title, doc.date, doc.city) == ("Press statements", "2024-05-16", "Beijing")
    assert [(t.speaker, t.text) for t in doc.turns] == [
        ("Xi Jinping", "Welcome.\n\nTrade grew."),
        ("Vladimir Putin", "Thank you.\n\nIndicator | 2023\n\nRevenue | 29.1 trillion"),
    ]


def test_an_html_page_without_a_transcript_keeps_its_lists(tmp_path):
    doc = parse_html(tmp_path, (
        "<h1>Talks held</h1><p>April 22, 2024, Astana</p><p>The parties signed these documents:</p>"
        "<ul><li>An agreement on the border;</li><li>A programme of cultural cooperation.</li></ul>"
    ))
    assert [s.text for s in doc.segments] == [
        "The parties signed these documents:", "An agreement on the border;", "A programme of cultural cooperation."
    ]


def test_a_news_agency_headline_after_the_date_is_the_title():
    doc = layout(
        "AGENCY", "Russian Politics & Diplomacy", "3 MAR 2024, 14:05", "Putin says Russia ready to expand energy ties",
        "MOSCOW, March 3. /AGENCY/. Russia is ready to increase gas supplies, the President said on Sunday.",
        "Tags", "Vladimir Putin", "Turkey",
    )
    assert (doc.title, doc.date, doc.time, doc.city) == ("Putin says Russia ready to expand energy ties", "2024-03-03", "14:05", "Moscow")
    assert doc.tags == {"topics": ["Vladimir Putin", "Turkey"]}
    assert [s.kind for s in doc.segments] == ["narrative"]


def test_a_date_in_a_byline(tmp_path):
    doc = parse_html(tmp_path, (
        "<article><h1>Water sharing agreed</h1><p class='byline'>By A. Writer</p>"
        "<p class='meta'>By A. Writer · 18 June 2024, 09:15</p><p>BISHKEK — The two presidents agreed.</p></article>"
    ))
    assert (doc.date, doc.time, doc.city) == ("2024-06-18", "09:15", "Bishkek")


def test_a_heading_inside_the_body_ends_the_turn(tmp_path):
    doc = parse_html(tmp_path, (
        "<article><h1>Working trip</h1><p>August 1, 2024, Kazan</p><p>Vladimir Putin: Good.</p>"
        "<h3>Meeting with plant workers</h3><p>The President toured the shop.</p><p>Vladimir Putin: Friends.</p></article>"
    ))
    assert [(s.kind, s.text) for s in doc.segments] == [
        ("turn", "Good."), ("narrative", "Meeting with plant workers"), ("narrative", "The President toured the shop."),
        ("turn", "Friends."),
    ]


def test_news_outlets_as_labels_are_journalists():
    doc = layout("Regular press conference", "April 22, 2024", "Reuters: What is your response?", "Mao Ning: We oppose it.")
    assert [(t.person_id, t.speaker) for t in doc.turns] == [("role-journalist-reuters", "Reuters"), ("mao-ning", "Mao Ning")]


@pytest.mark.parametrize(
    ("headline", "date"),
    [("Roe v. Doe — Oral Argument, March 4, 1970", "1970-03-04"),
     ("Talks with the Prime Minister | 12 May 2024", "2024-05-12"),
     ("Press conference following the talks – 3 June 2021", "2021-06-03")],
)
def test_a_headline_ending_in_its_date_is_the_title_and_the_date(headline, date):
    doc = layout("Menu", "Search", "", headline, "", "Jane Roe: Good morning.", "John Doe: Good morning.")
    assert (doc.title, doc.date) == (headline, date)
    assert [t.speaker for t in doc.turns] == ["Jane Roe", "John Doe"]


@pytest.mark.parametrize("line", ["The leaders met in the capital on March 4, 1970", "We spoke on March 4, 1970."])
def test_a_sentence_ending_in_a_date_is_not_a_title(line):
    doc = layout("Meeting notes", line, "Jane Roe: Good morning.")
    assert doc.date is None


@pytest.mark.parametrize("widgets", [["Cite this page"], ["Print", "Send by email"], ["Cite this page", "Share"]])
def test_short_widget_lines_before_a_footer_are_not_speech(widgets):
    doc = layout("Talks on trade", "May 4, 2024", "Jane Roe: Good morning.", "", "Thank you, all of you.", "",
                 *widgets, "Share", "© 2024 The Site. All rights reserved")
    assert doc.turns[-1].text.endswith("Thank you, all of you.")
    assert not any(w in doc.turns[-1].text for w in widgets)


@pytest.mark.parametrize(
    "headline",
    ["Песков: переговоры завершились", "Cooperation and Ukraine: What Else Was Discussed", "Jane Roe: talks are over"],
)
def test_a_headline_with_a_name_and_a_colon_is_not_a_turn(headline):
    doc = layout("News", headline, "The two presidents met on Friday, the agency said.", "They spoke for an hour.")
    assert doc.turns == []


def test_a_first_turn_without_a_full_stop_is_still_a_turn():
    doc = layout("Talks on trade", "May 4, 2024", "Jane Roe: Good morning", "John Doe: Good morning, Jane.")
    assert [t.speaker for t in doc.turns] == ["Jane Roe", "John Doe"]


@pytest.mark.parametrize("field", ["Article Categories:", "Post Tags: trade, energy", "Story Source: the agency"])
def test_a_field_heading_at_the_end_of_a_story_is_not_a_label(field):
    doc = layout("Presidents meet", "The two presidents met on Friday, the agency said.", field, "Leave a Reply")
    assert doc.turns == []


@pytest.mark.parametrize("line", ["Last updated: 4 March 2025, 10:00", "Published: 3 March 2025", "Обновлено: 4 марта 2025"])
def test_a_publication_time_after_the_last_turn_ends_it(line):
    doc = parse_text(
        "Talks\n\nMarch 3, 2025, Moscow\n\nVladimir Putin: Welcome to Moscow.\n\nIvan Testov: Thank you.\n\n" + line + "\n"
    )
    assert doc.segments[-1].text == "Thank you."
    assert (doc.updated or doc.published or "").startswith("2025-03-0")


def test_a_row_of_links_after_the_last_turn_ends_the_transcript():
    from summitry.pipeline.core import process_page
    from summitry.pipeline.read import make_page

    html = ("<html><body><article><h1>Answers to journalists' questions</h1><div class='text'>"
            "<p><strong>Question:</strong> What would you wish the people of the two countries?</p>"
            "<p><strong>A.Lukashenko:</strong> Peace and prosperity. Thank you.</p></div>"
            "<div class='media'><a href='/p'>Photo</a> <a href='/v'>Video</a></div></article></body></html>")
    doc = process_page(make_page("p.html", html.encode()))
    assert doc.turns[-1].text == "Peace and prosperity. Thank you."
