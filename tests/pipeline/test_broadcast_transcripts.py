"""Transcripts as broadcasters and archives print them: labels with a party's mark ("SMITH (R), GOVERNOR
OF OHIO:"), a broadcast's clock on a line of its own, a list of participants above the first turn, and a
footer of menu items. Written for this project in those layouts."""

from __future__ import annotations

from summitry import parse_text


def turns(text: str) -> list[tuple[str, str]]:
    return [(s.label or "", s.text) for s in parse_text(text).segments if s.kind == "turn"]


def test_a_partys_mark_inside_a_label_and_a_clock_line_between_turns():
    page = "\n\n".join([
        "Network Transcripts", "Debate in Columbus, Ohio", "Aired March 3, 2024 - 21:00 ET", "[21:00:05]",
        "ANNA REYES, NETWORK ANCHOR: Good evening and welcome to the debate in Columbus.",
        "MARK ELLISON (R), GOVERNOR OF OHIO: Thank you, Anna. It is good to be here tonight.",
        "[21:04:10]",
        "CLARA DUVAL (D), STATE SENATOR: Thank you. Let me start with the price of groceries.",
        "REYES: Governor, your response.",
    ])
    assert turns(page) == [
        ("ANNA REYES, NETWORK ANCHOR", "Good evening and welcome to the debate in Columbus."),
        ("MARK ELLISON (R), GOVERNOR OF OHIO", "Thank you, Anna. It is good to be here tonight."),
        ("CLARA DUVAL (D), STATE SENATOR", "Thank you. Let me start with the price of groceries."),
        ("REYES", "Governor, your response."),
    ]


def test_a_list_of_participants_is_no_turn_but_a_moderator_on_a_line_of_their_own_is():
    page = "\n".join([
        "Debate in Columbus, Ohio", "March 3, 2024", "PARTICIPANTS:", "Governor Mark Ellison (R)",
        "State Senator Clara Duval (D)", "MODERATORS:", "Anna Reyes (Network)", "",
        "MS. REYES: Good evening and welcome to the debate in Columbus.", "GOVERNOR ELLISON: Thank you, Anna.",
        "MODERATOR:", "We begin with the economy. Governor, two minutes.",
    ])
    assert turns(page) == [("MS. REYES", "Good evening and welcome to the debate in Columbus."),
                           ("GOVERNOR ELLISON", "Thank you, Anna."),
                           ("MODERATOR", "We begin with the economy. Governor, two minutes.")]


def test_a_footer_of_menu_items_and_a_citation_widget_are_not_the_last_turns():
    page = "\n".join([
        "Press briefing", "July 3, 2025", "Spokesperson: Good afternoon. I have no announcements today.",
        "Reporter: Will the minister travel next week?", "Spokesperson: We will release information in due course.",
        "Cite this page", "APA", "MLA", "Links | Sitemap | Contact Us",
    ])
    assert turns(page)[-1] == ("Spokesperson", "We will release information in due course.")
