"""Dates our patterns do not read: dateparser on short lines in the page's language, htmldate on HTML,
the URL and the file name, each marked with where it came from."""

from __future__ import annotations

import pytest

from summitry import parse_text
from summitry.pipeline.core import parse_file
from summitry.pipeline.fallback_dates import date_in_name


def test_a_date_in_a_language_our_patterns_do_not_know_is_read_by_dateparser():
    story = "Liderii celor două țări s-au întâlnit. Întâlnirea a durat două ore, a anunțat agenția."
    doc = parse_text("\n\n".join(["Politică", "17 februarie 2023", story]))
    assert (doc.date, doc.sources["date"]) == ("2023-02-17", "dateparser")


def test_a_page_our_patterns_read_does_not_ask_dateparser():
    doc = parse_text("\n\n".join(["Talks", "17 February 2023", "The presidents met, the agency said."]))
    assert doc.sources["date"] == "dateline"


@pytest.mark.parametrize(
    ("name", "date"),
    [("https://news.example/20230406/talks-1109192234.html", "2023-04-06"), ("https://x.example/2021/02/22/talks/", "2021-02-22"),
     ("talks-2024-05-17.html", "2024-05-17"), ("https://x.example/news/1109192234.html", None),
     ("000_00dc86cf20210315.txt", None), ("2023-13-01.txt", None)],
)
def test_a_date_in_a_url_or_a_file_name(name, date):
    assert date_in_name(name) == date


def test_the_file_name_is_the_last_resort(tmp_path):
    path = tmp_path / "talks-2024-05-17.txt"
    path.write_text("Presidents meet\n\nThe two presidents met on Friday, the agency said.\n", encoding="utf-8")
    doc = parse_file(path)
    assert (doc.date, doc.sources["date"]) == ("2024-05-17", "file name")


def test_an_html_page_dated_only_in_its_markup_is_read_by_htmldate(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-03-05T10:00:00Z"}'
        "</script></head><body><h1>Presidents meet</h1><p>The two presidents met, the agency said.</p></body></html>",
        encoding="utf-8",
    )
    doc = parse_file(path)
    assert doc.date == "2024-03-05" and doc.sources["date"] in ("htmldate", "meta tag")


def test_no_date_is_made_up():
    doc = parse_text("Presidents meet\n\nThe two presidents met on Friday, the agency said.")
    assert doc.date is None and "date" not in doc.sources


@pytest.mark.parametrize(
    ("lead", "date", "source"),
    [("SOCHI, 17 February 2025. The presidents met.", "2025-02-17", "agency dateline"),
     ("САНКТ-ПЕТЕРБУРГ, 23 июля 2024. /ТАСС/. Президенты встретились.", "2024-07-23", "agency dateline")],
)
def test_an_agency_dateline_dates_the_story(lead, date, source):
    doc = parse_text("Presidents meet\n\n" + lead)
    assert (doc.date, doc.sources["date"]) == (date, source)


def test_a_dateline_without_its_year_takes_the_year_of_publication():
    doc = parse_text("Presidents meet\n\nMINSK, December 28. /TASS/. The presidents met.\n\nPublished: 2 January 2024")
    assert (doc.date, doc.sources["date"]) == ("2023-12-28", "agency dateline, in the year of publication")
    undated = parse_text("Presidents meet\n\nMINSK, December 28. /TASS/. The presidents met.")
    assert undated.date is None


def test_a_dateline_without_its_year_takes_the_year_of_the_date_atop_the_page():
    """A news site's clock ("Tuesday, September 26, 2023") is the day the page was shown: the story's
    dateline gives the day, the clock the year."""
    doc = parse_text(
        "Tuesday, September 26, 2023\n\nEnglish Edition\n\nPresidents to meet on the coast\n\n"
        "Moscow, Sep 15 (Agency) The presidents will meet on Friday, the spokesman said."
    )
    assert (doc.date, doc.sources["date"]) == ("2023-09-15", "agency dateline, in the year of the page's top date")
    assert doc.title == "Presidents to meet on the coast"


@pytest.mark.parametrize(
    ("dateline", "lead", "city"),
    [
        ("4 Temmuz 2024, Ankara", "Cumhurbaşkanı konuğunu kabul etti. Liderler ticareti görüştü.", "Ankara"),
        ("Bakı, 4 iyul 2024", "Prezident qonağı qəbul edib. Ticarət müzakirə olunub.", "Baku"),
        ("4 de julho de 2024, Moscou", "O presidente recebeu o convidado. Eles discutiram o comércio.", "Moscow"),
        ("2024 წლის 4 ივლისი, თბილისი", "პრეზიდენტი შეხვდა სტუმარს. განიხილეს ვაჭრობა.", "Tbilisi"),
        ("2024-yil 4-iyul, Toshkent", "Prezident mehmonni qabul qildi. Savdo muhokama qilindi.", "Tashkent"),
    ],
)
def test_a_dateline_in_another_language_gives_its_place_too_and_is_no_narrative(dateline, lead, city):
    """Read by the patterns' month names (Turkish, Azerbaijani, Portuguese, Uzbek) or by dateparser (Georgian)."""
    doc = parse_text("\n\n".join(["Talks of the two presidents", dateline, lead]))
    assert doc.date == "2024-07-04" and doc.sources["date"] in ("dateline", "dateparser")
    assert (doc.city, doc.sources["city"]) == (city, "dateline")
    assert [s.text for s in doc.segments if s.kind == "narrative"] == [lead]


def test_a_kazakh_date_with_the_year_first_is_read_by_our_patterns():
    doc = parse_text("Президенттер кездесті\n\n2024 жылғы 4 шілде, Астана\n\nЕкі ел арасындағы сауда өсті. Президенттер келіссөз жүргізді.")
    assert (doc.date, doc.sources["date"], doc.city) == ("2024-07-04", "dateline", "Astana")
