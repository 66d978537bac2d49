from __future__ import annotations

import pytest

from summitry import parse_text
from summitry.pipeline.speakers import SpeakerResolver, load_registry, resolve_speakers
from summitry.records import Document, Segment


def resolve(*labels: str, date: str | None = "2023-06-09") -> list[str]:
    resolver = SpeakerResolver(load_registry(), date)
    return [resolver.resolve(label).id for label in labels]


@pytest.mark.parametrize(
    ("label", "person"),
    [
        ("Vladimir Putin", "vladimir-putin"),
        ("President of Russia Vladimir Putin", "vladimir-putin"),
        ("V. Putin", "vladimir-putin"),
        ("В.Путин", "vladimir-putin"),
        ("President Putin", "vladimir-putin"),
        ("A. Lukashenko", "alexander-lukashenko"),
        ("Aleksandr Lukashenko", "alexander-lukashenko"),
        ("Alyaksandr Lukashenka", "alexander-lukashenko"),
        ("А.Лукашенко", "alexander-lukashenko"),
        ("President of the Republic of Belarus Alexander Lukashenko", "alexander-lukashenko"),
        ("President of Belarus Alexander Lukashenko Lukashenko Alexander Lukashenko AlexanderPresident of Belarus ", "alexander-lukashenko"),
        ("Sh. Mirziyoyev", "shavkat-mirziyoyev"),
        ("Xi Jinping", "xi-jinping"),
        ("President of the People’s Republic of China Xi Jinping", "xi-jinping"),
        ("V. V. Putin", "vladimir-putin"),
    ],
)
def test_registry_labels(label, person):
    assert resolve(label) == [person]


def test_roles_change_over_time():
    putin = load_registry().persons["vladimir-putin"]
    assert any("Prime Minister" in r for r in putin.roles_on("2010-01-01"))
    assert any("President" in r for r in putin.roles_on("2023-06-09"))


@pytest.mark.parametrize(
    ("label", "not_person"),
    [("Viktor Lukashenko", "alexander-lukashenko"), ("Heydar Aliyev", "ilham-aliyev"), ("Aliyev Heydar", "ilham-aliyev")],
)
def test_a_contradicting_given_name_is_another_person(label, not_person):
    """A father's name as patronymic (Ilham Heydar oglu Aliyev) does not make the father the son."""
    assert resolve(label)[0] != not_person


def test_unknown_speakers_become_persons_and_short_forms_follow_them():
    ids = resolve("Deputy Minister of Energy Oleg Varnavin", "O. Varnavin", "Varnavin")
    assert ids == ["oleg-varnavin"] * 3
    assert load_registry().persons["oleg-varnavin"].origin == "auto"


def test_the_same_unknown_name_in_two_documents_is_one_person():
    assert resolve("Anna Petrova, RT") == resolve("Anna Petrova")


def test_role_labels_are_anonymous_persons():
    assert resolve("Question", "Question (retranslated)") == ["role-question", "role-question"]


@pytest.mark.parametrize(
    ("label", "date", "person"),
    [
        ("SECRETARY BLINKEN", "2024-04-26", "antony-blinken"),
        ("Secretary of State Marco Rubio", "2025-03-01", "marco-rubio"),
        ("FOREIGN MINISTER WANG", "2024-04-26", "wang-yi"),
        ("Premier Li Qiang", "2024-06-01", "li-qiang"),
        ("NATO Secretary General Mark Rutte", "2025-01-01", "mark-rutte"),
        ("UN Secretary-General Antonio Guterres", "2024-10-22", "antonio-guterres"),
        ("JD Vance", "2025-02-14", "jd-vance"),
    ],
)
def test_labels_in_capitals_and_with_offices(label, date, person):
    assert resolve(label, date=date) == [person]


def test_an_unknown_name_in_capitals_is_written_as_a_name():
    resolver = SpeakerResolver(load_registry(), "2019-05-02")
    price, neil = resolver.resolve("MR. PRICE"), resolver.resolve("MS. O’NEIL-SMITH")
    assert (price.id, price.name, neil.name) == ("price", "Price", "O’Neil-Smith")
    assert resolver.resolve("MR PRICE") is price
    assert resolver.resolve("П.Зарубин").name == "П. Зарубин"  # an initial keeps its dot


@pytest.mark.parametrize(
    ("publisher", "date", "label", "person"),
    [
        ("whitehouse.gov", "2024-03-04", "THE PRESIDENT", "joseph-biden"),
        ("www.whitehouse.gov", "2025-03-04", "THE PRESIDENT", "donald-trump"),
        ("whitehouse.gov", "2016-03-04", "The Vice President", "joseph-biden"),
        ("un.org", "2024-03-12", "Secretary-General", "antonio-guterres"),
        (None, "2024-03-12", "SG", "antonio-guterres"),
    ],
)
def test_an_office_label_is_whoever_held_the_office_that_day(publisher, date, label, person):
    doc = Document(source="x", sha256="", media_type="", date=date, publisher=publisher, segments=[Segment("turn", "Hi.", label=label)])
    assert resolve_speakers(doc).turns[0].person_id == person


def test_an_office_label_of_one_site_means_nothing_special_on_another():
    doc = Document(source="x", sha256="", media_type="", date="2024-03-04", publisher="en.kremlin.ru",
                   segments=[Segment("turn", "Hi.", label="THE PRESIDENT")])
    assert resolve_speakers(doc).turns[0].person_id != "joseph-biden"
    undated = parse_text("Remarks\nSG: Good afternoon.")
    assert undated.turns[0].person_id != "antonio-guterres"  # no date: no office holder


@pytest.mark.parametrize(
    ("labels", "names"),
    [
        # the page's own full name wins over a registry person who shares the family name
        (["Hillary Clinton", "CLINTON", "Clinton"], ["Hillary Clinton"] * 3),
        (["Pamela Harris", "HARRIS"], ["Pamela Harris"] * 2),
        (["Gary Johnson", "JOHNSON"], ["Gary Johnson"] * 2),
        # ... and over a news outlet's name
        (["Michael Bloomberg", "BLOOMBERG"], ["Michael Bloomberg"] * 2),
        # name particles and inner capitals stay
        (["Charles Van Fremd", "FREMD"], ["Charles Van Fremd"] * 2),
        (["Bill DeBlasio", "DEBLASIO"], ["Bill DeBlasio"] * 2),
        (["Frank McGee", "MCGEE"], ["Frank McGee"] * 2),
        (["Edward C. DuMont", "DUMONT"], ["Edward C. DuMont"] * 2),
        (["Josh McElveen", "MCELVEEN"], ["Josh McElveen"] * 2),
        (["Norah O'Donnell", "O'DONNELL"], ["Norah O'Donnell"] * 2),
        # a surname that is also a title
        (["Steve King", "KING"], ["Steve King"] * 2),
        (["John Chancellor"], ["John Chancellor"]),
        # a registry person when the page's name agrees with it
        (["Bill Clinton", "CLINTON"], ["Bill Clinton"] * 2),
        (["Vladimir Putin", "V.Putin", "PUTIN"], ["Vladimir Putin"] * 3),
        # a connector before a single name is a given name or a particle, not a title: the name keeps it
        (["Al Testman", "TESTMAN", "Testman"], ["Al Testman"] * 3),
        (["AL TESTMAN", "TESTMAN"], ["Al Testman"] * 2),
        # a generational suffix after a comma is part of the name; anything else after a comma is an aside
        (["Chief Justice Jonas P. Testwell, Jr.", "TESTWELL", "JUSTICE TESTWELL"], ["Jonas P. Testwell, Jr."] * 3),
        (["Mr. Owen B. Testcase, III", "MR. TESTCASE"], ["Owen B. Testcase, III"] * 2),
        (["JONAS TESTWELL, JR.", "TESTWELL"], ["Jonas Testwell, Jr."] * 2),
        (["Ivan Testov, Minister of Testing", "TESTOV"], ["Ivan Testov"] * 2),
    ],
)
def test_the_name_the_page_prints_wins(labels, names):
    resolver = SpeakerResolver(load_registry(), "2016-09-26")
    assert [resolver.resolve(label).name for label in labels] == names


def test_a_short_label_two_persons_of_the_page_share_is_flagged_not_guessed():
    resolver = SpeakerResolver(load_registry(), "2016-09-26")
    first, _, short = (resolver.resolve(label) for label in ("John King", "Steve King", "KING"))
    assert first.name == "John King"
    assert short.origin == "ambiguous" and short.id == "ambiguous-king"
    assert "John King" in short.name and "Steve King" in short.name


def test_a_capitals_name_is_written_as_a_name():
    resolver = SpeakerResolver(load_registry(), "2016-09-26")
    assert [resolver.resolve(label).name for label in ("MCCAIN", "JANE ROE-SMITH")] == ["McCain", "Jane Roe-Smith"]


@pytest.mark.parametrize(
    ("label", "role"),
    [("Unknown", "role-unknown"), ("UNIDENTIFIED MALE", "role-unknown"), ("Voiceover", "role-announcer"),
     ("Announcer", "role-announcer"), ("crowd", "role-audience"), ("Moderator", "role-moderator"),
     ("Interpreter", "role-interpreter"), ("Protesters", "role-protester"), ("Неизвестный", "role-unknown"),
     ("Modératrice", "role-moderator"), ("Frage", "role-question"), ("Pregunta", "role-question")],
)
def test_generic_speakers_are_roles_not_new_persons(label, role):
    assert resolve(label) == [role]


def test_generic_labels_open_turns():
    doc = parse_text("\n".join([
        "A debate", "May 4, 2024",
        "Jane Roe: Good evening.", "Voiceover: Live from the hall.", "UNKNOWN: Yes.", "crowd: (booing)",
        "MCGEE: Thank you.",
    ]))
    assert [t.label for t in doc.turns] == ["Jane Roe", "Voiceover", "UNKNOWN", "crowd"]
    assert doc.turns[-1].text.endswith("MCGEE: Thank you.")  # an unknown one-word surname the page never named
