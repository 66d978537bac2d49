from __future__ import annotations

import pytest

from summitry.speakers import SpeakerResolver, load_registry


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
