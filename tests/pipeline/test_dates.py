from __future__ import annotations

import pytest

from summitry.pipeline.dates import (
    days_mentioned,
    find_date,
    find_field_date,
    is_weekday,
    parse_datetime,
    parse_time_line,
    weekdays_mentioned,
)


@pytest.mark.parametrize(
    ("text", "date", "time"),
    [
        ("June 9, 2023", "2023-06-09", None),
        ("April 5, 2023, The Kremlin, Moscow", "2023-04-05", None),
        ("15 March 2024", "2024-03-15", None),
        ("29 января 2024 года, Санкт-Петербург", "2024-01-29", None),
        ("2023-10-13T09:12:00+03:00", "2023-10-13", "09:12"),
        ("June 9, 2023, 14:30", "2023-06-09", "14:30"),
        ("09.06.2023", "2023-06-09", None),
        ("Sept. 1, 2022", "2022-09-01", None),
        ("2024 жылғы 4 шілде, Астана", "2024-07-04", None),  # Kazakh: the year first
        ("4 шілде 2024 жыл", "2024-07-04", None),
        ("2024 թ. հուլիսի 4, Երևան", "2024-07-04", None),  # Armenian: the year, the month, the day
        ("2023 թ. փետրվարի 17-ին", "2023-02-17", None),
        # Turkish in capitals: I is the capital of ı, İ of i ("MAYIS" is "mayıs", "EKİM" is "ekim")
        ("29 MAYIS 2023", "2023-05-29", None),
        ("1 EKİM 2023, ANKARA", "2023-10-01", None),
        ("SALI, 1 KASIM 2022", "2022-11-01", None),
        # the day first with a slash or dashes, the year first with dots; a day over 12 tells the order
        ("Pubblicato il: 27/12/2022 – 14:05", "2022-12-27", "14:05"), ("12/27/2022", "2022-12-27", None),
        ("27-12-2022", "2022-12-27", None), ("05/05/2022", "2022-05-05", None), ("2022.12.27", "2022-12-27", None),
        ("05/12/2022 or 27/12/2022", "2022-12-27", None),
        # months abbreviated in Ukrainian, Belarusian, German and Italian; "the 27th of"
        ("27 груд. 2022", "2022-12-27", None), ("27 снеж. 2022", "2022-12-27", None), ("27 Dez. 2022", "2022-12-27", None),
        ("27 dic. 2022, 14:05", "2022-12-27", "14:05"), ("27 верес. 2022", "2022-09-27", None),
        ("Tuesday 27th of December 2022", "2022-12-27", None),  # the first reads either way: the next is taken
        ("29 ARALIK 2023 12:40", "2023-12-29", "12:40"),
    ],
)
def test_find_date(text, date, time):
    found = find_date(text)
    assert found is not None
    assert (found.date, found.time) == (date, time)


@pytest.mark.parametrize("text", ["February 30, 2023", "no date here", "version 2023", "05/12/2022", "1-2-2023", "12.27.2022",
                                  "31/02/2022"])
def test_no_date(text):
    assert find_date(text) is None


def test_time_and_datetime():
    assert parse_time_line("14:30") == "14:30"
    assert parse_time_line("at 14:30 sharp") is None
    assert parse_datetime("Last updated at June 9, 2023, 21:41") == "2023-06-09T21:41"


@pytest.mark.parametrize(
    ("line", "time"),
    [("14:30", "14:30"), ("[10:32]", "10:32"), ("10:32:15", "10:32"), ("1:32 P.M. EST", "13:32"),
     ("11:12 A.M. CEST", "11:12"), ("12:05 p.m.", "12:05"), ("12:30 AM", "00:30"),
     ("25:00", None), ("13:00 PM", None), ("Home", None)],
)
def test_a_time_on_a_line_of_its_own(line, time):
    assert parse_time_line(line) == time


@pytest.mark.parametrize(
    ("text", "weekdays"),
    [
        ("On Friday, February 17, Putin will meet Lukashenko", {4}),
        ("Переговоры во вторник, 27 декабря, и в пятницу", {1, 4}),
        ("Am Dienstag, dem 27. Dezember", {1}),
        ("Les présidents se sont rencontrés vendredi", {4}),
        ("Спатканне ў пятніцу", {4}),
        ("Նախագահները հանդիպել են ուրբաթ օրը", {4}),
        ("окружающая среда и Fridays for Future", set()),
        ("CUMARTESİ günü Ankara'da, SALI İstanbul'da", {5, 1}),  # "среда" is also "environment": not listed
    ],
)
def test_weekdays_mentioned(text, weekdays):
    assert weekdays_mentioned(text) == weekdays


@pytest.mark.parametrize(
    ("text", "weekday"),
    [("Saturday,", True), ("Sexta-feira,", True), ("CUMARTESİ", True), ("Субота", True), ("Среда", True), ("segunda", False),
     ("feira", False), ("Saturday 29", False)],
)
def test_a_weekday_alone(text, weekday):
    assert is_weekday(text) is weekday


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Meeting on 17 February in Sochi", {(2, 17)}),
        ("Встреча 27 декабря в Русском музее", {(12, 27)}),
        ("Сустрэча 22 лютага", {(2, 22)}),
        ("Am 18. Februar trafen sich die Präsidenten", {(2, 18)}),
        ("հանդիպումը փետրվարի 7-ին Սոչիում", {(2, 7)}),  # Armenian: the month first, in the genitive
        ("新华社阿斯塔纳7月3日电 7月3日上午", {(7, 3)}),  # Chinese and Japanese: inside a run of characters
        ("7월 3일 서울에서", {(7, 3)}),  # Korean
        ("13月40日 and 2025", set()),
        ("31 февраля и 30 February, 2月30日", set()),  # no year has them (a typo on a real page crashed linking)
        ("29 февраля", {(2, 29)}),
    ],
)
def test_days_mentioned(text, days):
    assert days_mentioned(text) == days


@pytest.mark.parametrize(
    ("text", "date", "time"),
    [("April 21, 20256:48 PM GMT+3Updated 2 hours ago", "2025-04-21", "18:48"),
     ("September 25, 2025 at 6:42 p.m. EDT", "2025-09-25", "18:42"), ("8. Oktober 2025, 17:45 Uhr", "2025-10-08", "17:45"),
     ("5. Mai 2024 um 14:30 am Montag", "2024-05-05", "14:30")],
)
def test_a_time_with_its_half_of_the_day_or_glued_to_the_year(text, date, time):
    found = find_date(text)
    assert found is not None and (found.date, found.time) == (date, time)


@pytest.mark.parametrize(
    ("text", "date", "time"),
    [("Aktualisiert: 08.10.25, 17:45 Uhr", "2025-10-08", "17:45"), ("Publié le 08/10/2025 à 18:02 - Modifié le", "2025-10-08", "18:02")],
)
def test_the_day_first_date_of_a_sites_field(text, date, time):
    found = find_field_date(text)
    assert found is not None and (found.date, found.time) == (date, time)
    assert find_field_date("Updated 10/08/2025") is None  # month first or day first: not said
