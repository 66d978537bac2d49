"""Figures: every form of number the enrich stage reads, with unit, qualifier, measure and dates."""

from __future__ import annotations

import json

import pytest

from summitry import parse_file
from summitry.enrich.figures import find_figures


def only(text: str, event_date: str | None = "2023-06-09"):
    found = find_figures(text, event_date)
    assert len(found) == 1, [f.text for f in found]
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "printed", "kind", "value", "unit", "qualifier"),
    [
        ("Our trade reached US$45 billion last year.", "US$45 billion", "money", 45e9, "USD", None),
        ("By their count it was almost US$50 billion.", "almost US$50 billion", "money", 50e9, "USD", "almost"),
        ("The loan is worth $1.5 bn in all.", "$1.5 bn", "money", 1.5e9, "USD", None),
        ("Turnover came to 42.5 billion dollars.", "42.5 billion dollars", "money", 42.5e9, "USD", None),
        ("They invested 4 billion US dollars here.", "4 billion US dollars", "money", 4e9, "USD", None),
        ("The plant costs €3 million.", "€3 million", "money", 3e6, "EUR", None),
        ("Товарооборот составил 42,5 млрд рублей.", "42,5 млрд рублей", "money", 42.5e9, "RUB", None),
        ("Sales rose by 12 percent this year.", "12 percent", "percent", 12, "percent", None),
        ("Almost 80 percent of them are done.", "Almost 80 percent", "percent", 80, "percent", "almost"),
        ("Inflation stayed at about 3.5% all year.", "about 3.5%", "percent", 3.5, "percent", "about"),
        ("Harvests reached 2.5 million tonnes.", "2.5 million tonnes", "quantity", 2.5e6, "tonnes", None),
        ("We outlined 28 Union programmes together.", "28 Union programmes", "count", 28, "count", None),
        ("More than 300 Belarusian companies work here.", "More than 300 Belarusian companies", "count", 300, "count", "more than"),
        ("Some 1,500 students came.", "Some 1,500 students", "count", 1500, "count", "about"),
    ],
)
def test_each_form_of_figure(sentence, printed, kind, value, unit, qualifier):
    figure = only(sentence)
    assert (figure.text, figure.kind, figure.value, figure.unit, figure.qualifier) == (printed, kind, value, unit, qualifier)
    assert sentence[figure.start : figure.end] == printed


def test_counts_keep_their_noun_and_ranges_their_upper_end():
    assert only("We outlined 28 Union programmes – and more.").noun == "Union programmes"
    assert only("Growth will be 5–7 percent.").value_to == 7
    money = only("Prices went from $3 to $4 billion.")
    assert (money.value, money.value_to) == (3e9, 4e9)


@pytest.mark.parametrize(
    "sentence",
    ["In 2023 we met twice.", "COVID-19 hit us all.", "The Su-35 flew at the show.", "Page 12, line 4.", "We may 5 times."],
)
def test_bare_numbers_years_and_codes_are_not_figures(sentence):
    assert find_figures(sentence, "2023-06-09") == []


@pytest.mark.parametrize(
    ("sentence", "event_date", "dates"),
    [
        ("As you know, on July 7–8, the work will be done.", "2023-06-09", ["2023-07-07", "2023-07-08"]),
        ("As you know, on July 7-8, the work will be done.", "2023-06-09", ["2023-07-07", "2023-07-08"]),
        ("We met on 7–8 July in Minsk.", "2023-06-09", ["2023-07-07", "2023-07-08"]),
        ("We spoke on December 28 about it.", "2024-01-10", ["2023-12-28"]),
        ("The treaty of April 5, 2011 still holds.", "2023-06-09", ["2011-04-05"]),
    ],
)
def test_dates_in_speech_are_resolved_against_the_event_date(sentence, event_date, dates):
    figure = only(sentence, event_date)
    assert (figure.kind, figure.unit, figure.value, figure.dates) == ("date", "date", None, dates)


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("Mutual trade amounted to US$42.5 billion.", "trade"),
        ("Russian investors invested US$4 billion in the economy.", "investment"),
        ("The state loan of $2 billion was repaid.", "loan"),
        ("Trade grew by almost 8 percent and exceeded US$4 billion.", "growth"),  # the percentage
        ("Our trade grew a lot. In absolute terms this is impressive. It is US$45 billion.", "trade"),
    ],
)
def test_what_a_figure_measures_comes_from_its_sentence(text, measure):
    assert find_figures(text, "2023-06-09")[0].measure == measure


def test_money_is_never_growth_even_beside_a_growth_word():
    figures = find_figures("Trade grew by almost 8 percent and exceeded US$4 billion.", "2023-06-09")
    assert [(f.unit, f.measure) for f in figures] == [("percent", "growth"), ("USD", "trade")]


def test_the_seed_figures_are_found_with_value_unit_and_speaker(shared):
    gold = json.loads((shared / "gold" / "seeds.gold.json").read_text(encoding="utf-8"))
    docs = {name: parse_file(shared / "seeds" / name) for name in {f["doc"] for f in gold["figures"]}}
    for expected in gold["figures"]:
        found = [
            (f.text, f.value, f.unit, turn.speaker)
            for turn in docs[expected["doc"]].turns
            for f in turn.figures
        ]
        assert (expected["text"], float(expected["value"]), expected["unit"], expected["speaker"]) in found, expected
    counts = [f for turn in docs["002_70b41862cd742c5a.txt"].turns for f in turn.figures if f.kind == "count"]
    assert {(f.text, f.value, f.noun) for f in counts} == {("28 Union programmes", 28, "Union programmes")}


@pytest.mark.parametrize("name", ["000_00dc86cf2edbb3d1.txt", "001_3af79274a3307788.txt"])
def test_the_seed_dates_july_7_8_resolve_to_two_days(shared, name):
    doc = parse_file(shared / "seeds" / name)
    dates = [f.dates for turn in doc.turns for f in turn.figures if f.kind == "date"]
    assert ["2023-07-07", "2023-07-08"] in dates
