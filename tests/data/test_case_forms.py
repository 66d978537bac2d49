"""The case forms of Cyrillic city names and surnames, made from the registries' names by the rules in
places.yaml and patterns.yaml."""

from __future__ import annotations

import pytest

from summitry.data.reference import load_reference


@pytest.mark.parametrize(
    ("form", "city"),
    [("лондоне", "London"), ("лондоні", "London"), ("ризі", "Riga"), ("ригу", "Riga"), ("софии", "Sofia"),
     ("дубае", "Dubai"), ("тель-авиве", "Tel Aviv"), ("абу-даби", "Abu Dhabi"), ("сочи", "Sochi")],
)
def test_a_citys_forms_after_a_preposition(form, city):
    assert load_reference().places.cities.get(form) == city


def test_a_surnames_case_forms_are_the_persons_aliases():
    persons = {p.id: p for p in load_reference().persons}
    assert {"Эрдогана", "Эрдоганом", "Эрдогану"} <= set(persons["recep-tayyip-erdogan"].aliases)
    assert {"Трампа", "Трампом"} <= set(persons["donald-trump"].aliases)
    assert not any(alias.startswith("Лукашенко") and alias != "Лукашенко" for alias in persons["alexander-lukashenko"].aliases)
