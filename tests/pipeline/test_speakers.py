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
