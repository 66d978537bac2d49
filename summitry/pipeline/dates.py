"""Dates and times as pages print them: "June 9, 2023", "9 June 2023", "9 июня 2023 года",
"2023-06-09T14:30:00+03:00", "09.06.2023", "2024 жылғы 4 шілде", "2024 թ. հուլիսի 4", each with an optional
time "14:30".

Month names come from the patterns data file; the expressions are built once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from functools import cache

from ..data.reference import load_reference


@dataclass(frozen=True, slots=True)
class DateMatch:
    date: str  # ISO date
    time: str | None  # HH:MM
    start: int
    end: int


# the time after a date: "14:30", "at 14:30", "à 23h30", "в 15:14", "um 12:30 Uhr", "— 15:14"
# "… 2025 6:48 PM", with a.m. or p.m.; the time may follow a year with no space, as text copied from a page
# glues them ("April 21, 20256:48 PM")
_TIME = (r"(?:(?:,|\s*[|—–-])?\s*(?:(?:at|à|в|um|alle|a las|o)\s+)?(?P<hh>[012]?\d)[:h](?P<mm>[0-5]\d)"
         r"(?:\s?(?P<half>[ap])\.?\s?m\.?(?![\w])|\s?Uhr\b)?"
         r"(?:\s+(?:[ECMP][SD]?T|GMT|UTC|MSK|CES?T)(?:[+-]\d{1,2})?(?-i:(?![a-z0-9])))?)?")  # a zone: "21:00 ET", "6:48 PM GMT+3"


@cache
def _date_expression() -> re.Pattern[str]:
    months = sorted(load_reference().patterns.months, key=len, reverse=True)
    month = "(?P<{}>" + "|".join(re.escape(m) for m in months) + r")\.?"
    forms = [
        month.format("m1") + r"\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{4})",
        # "29 July 2023", "29th of July 2023", "29 июля 2023 года", "29 de julho de 2023", Azerbaijani "29 iyul 2023-cü il"
        r"(?P<d2>\d{1,2})(?:st|nd|rd|th|\.)?\s+(?:(?:de|of)\s+)?" + month.format("m2")
        + r",?\s+(?:de\s+)?(?P<y2>\d{4})(?:\s*(?:года|г\.|року|р\.|гады|г\.)|-(?:ci|cı|cu|cü)(?:\s+il\w*)?)?",
        # Uzbek: "2023-yil 29-iyul"
        r"(?P<y8>\d{4})-yil\w*\s+(?P<d8>\d{1,2})-" + month.format("m8"),
        r"(?P<y3>\d{4})(?P<sep>[-/.])(?P<m3>\d{1,2})(?P=sep)(?P<d3>\d{1,2})"
        r"(?:[T ](?P<th>\d{2}):(?P<tm>\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?",
        # the day first: 19.12.2022, 19-12-2022, 19/12/2022; a slash's day and month must be told apart
        r"(?P<d4>\d{1,2})(?P<sep4>[./-])(?P<m4>\d{1,2})(?P=sep4)(?P<y4>\d{4})",
        # the year first, as Kazakh prints it: "2024 жылғы 4 шілде", "2024 ж. 4 шілде"
        r"(?P<y5>\d{4})\s*(?:жылғы|жылы|ж\.)\s+(?P<d5>\d{1,2})\s+" + month.format("m5"),
        # and as Armenian prints it, the month before the day: "2024 թ. հուլիսի 4"
        r"(?P<y6>\d{4})\s*թ\.\s+" + month.format("m6") + r"\s+(?P<d6>\d{1,2})(?:-ին)?",
        # Chinese and Japanese, Korean: "2024年7月4日", "2024년 7월 4일"
        r"(?P<y7>\d{4})\s*[年년]\s*(?P<m7>\d{1,2})\s*[月월]\s*(?P<d7>\d{1,2})\s*[日일]",
    ]
    return re.compile(r"(?<![\w-])(?:" + "|".join(forms) + r")(?:(?![\w-])|(?=[012]?\d:[0-5]\d))" + _TIME, re.IGNORECASE)


_YEAR = re.compile(r"\d{4}")
_FORMS = range(1, 9)  # the numbered forms of _date_expression: groups y1 m1 d1 … y8 m8 d8


def find_date(text: str) -> DateMatch | None:
    """The first valid date in the text, with the time that follows it, if any."""
    if not _YEAR.search(text):  # every form has a four-digit year; most lines have none
        return None
    months = load_reference().patterns.months
    for match in _date_expression().finditer(text):
        g = match.groupdict()
        y, m, d = next((g[f"y{n}"], g[f"m{n}"], g[f"d{n}"]) for n in _FORMS if g[f"y{n}"] and g[f"m{n}"])
        if g["sep4"]:
            m, d = _day_and_month(g["sep4"], int(d), int(m))
            if m is None:
                continue
        if not str(m).isdigit():
            m = months.get(m.casefold())  # a name the pattern took caselessly that no form of it folds to
            if m is None:
                continue
        try:
            iso = Date(int(y), int(m), int(d)).isoformat()
        except ValueError:
            continue
        hh, mm = (g["th"], g["tm"]) if g.get("th") else (g["hh"], g["mm"])
        time = _clock(int(hh), mm, g.get("half")) if hh else None
        return DateMatch(iso, time, match.start(), match.end())
    return None


def _day_and_month(separator: str, first: int, second: int) -> tuple[int | None, int]:
    """(month, day) of a date printed with its day first: 19.12.2022 is always so; with dashes or a
    slash a day that cannot be a month tells a month-first date ("12/27/2022", "12-27-2022"), and one
    that leaves both readings (05/12/2022: day-first in Europe, month-first in the US) gives none."""
    if separator == ".":
        return second, first
    if first <= 12 < second:
        return first, second
    if second <= 12 and first <= 12 and first != second:
        return None, 0
    return second, first


def _clock(hour: int, minutes: str, half: str | None) -> str | None:
    """ "18:02"; with a.m./p.m. "6:48" p -> "18:48" (an hour past 12 is read as it is: "14:30 am Montag");
    None for an hour that is none."""
    if half and 1 <= hour <= 12:
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
    return f"{hour:02d}:{minutes}" if hour < 24 else None


# the date of a site's "Published" or "Updated" field, day first as every site that prints dots or a
# time after "à"/"um" writes it: "08.10.25, 17:45 Uhr", "08/10/2025 à 18:02"
_FIELD_DATE = re.compile(
    r"(?<![\w./])(?P<d>[0-3]?\d)(?:\.(?P<m1>[01]?\d)\.(?P<y1>\d{2})(?![\w.])|/(?P<m2>[01]?\d)/(?P<y2>\d{4})(?=\s+(?:à|um|alle|a las|в)\s))"
    r"(?:,?\s*(?:(?:à|um|alle|a las|в)\s+)?(?P<hh>[012]?\d)[:h](?P<mm>[0-5]\d)(?:\s?Uhr\b)?)?"
)


def find_field_date(text: str) -> DateMatch | None:
    """The day-first date of a "Published"/"Updated" field that find_date does not read (a year of two
    digits, a slash before a time): "Aktualisiert: 08.10.25, 17:45 Uhr", "Publié le 08/10/2025 à 18:02"."""
    match = _FIELD_DATE.search(text)
    if match is None:
        return None
    year = int(match["y1"]) + 2000 if match["y1"] else int(match["y2"])
    try:
        iso = Date(year, int(match["m1"] or match["m2"]), int(match["d"])).isoformat()
    except ValueError:
        return None
    time = _clock(int(match["hh"]), match["mm"], None) if match["hh"] else None
    return DateMatch(iso, time, match.start(), match.end())


# a time alone, bracketed or not, with seconds, a.m./p.m. and a zone abbreviation ("1:32 P.M. EST")
_TIME_ONLY = re.compile(
    r"^\s*\[?([012]?\d):([0-5]\d)(?::[0-5]\d)?(?:\s*([ap])\.?\s?m\.?)?(?:\s+[A-Z]{2,5})?\]?\s*$", re.IGNORECASE
)


def parse_time_line(text: str) -> str | None:
    """A time on a line of its own: "14:30", "[10:32]", "10:32:15", "1:32 P.M. EST" (-> "13:32")."""
    match = _TIME_ONLY.match(text)
    if not match:
        return None
    hour, half = int(match.group(1)), match.group(3)
    if half and not 1 <= hour <= 12:
        return None  # "13:00 PM" on a line of its own: no time
    return _clock(hour, match.group(2), half)


def parse_datetime(text: str) -> str | None:
    """"June 9, 2023, 14:30" -> "2023-06-09T14:30"; a date alone -> "2023-06-09"."""
    found = find_date(text)
    if found is None:
        return None
    return f"{found.date}T{found.time}" if found.time else found.date


@cache
def _day_expression() -> re.Pattern[str]:
    months = sorted(load_reference().patterns.months, key=len, reverse=True)
    month = "|".join(re.escape(m) for m in months)
    return re.compile(
        rf"(?<!\w)(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th|\.|-го|-е)?\s+(?:de\s+)?(?P<m1>{month})\.?"
        rf"|(?P<m2>{month})\.?\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?)(?!\w)"
        r"|(?<!\d)(?P<m3>[01]?\d)\s*[月월]\s*(?P<d3>[0-3]?\d)\s*[日일号號]",  # Chinese, Japanese, Korean: 7月3日
        re.IGNORECASE,
    )


def find_days(text: str) -> list[tuple[int, int, int]]:
    """The days of the year a text names, with or without their year, as (month, day, offset):
    "17 February", "17 февраля", "am 17. Februar", "22 лютага", "February 17th", "7月3日", in text order."""
    months = load_reference().patterns.months
    found = []
    for match in _day_expression().finditer(text):
        name, day = next((match.group(f"m{n}"), match.group(f"d{n}")) for n in (1, 2, 3) if match.group(f"m{n}"))
        month = int(name) if name.isdigit() else months.get(name.casefold())
        if month and _is_day_of_year(month, int(day)):
            found.append((month, int(day), match.start()))
    return found


def _is_day_of_year(month: int, day: int) -> bool:
    """A day some year has ("29 February" is; "31 February" and "7月32日" are not)."""
    try:
        Date(2000, month, day)  # a leap year
    except ValueError:
        return False
    return True


def days_mentioned(text: str) -> frozenset[tuple[int, int]]:
    """The (month, day) pairs a text names."""
    return frozenset((month, day) for month, day, _ in find_days(text))


def years_mentioned(text: str) -> frozenset[int]:
    return frozenset(int(y) for y in YEAR.findall(text))


def weekdays_mentioned(text: str) -> frozenset[int]:
    """The days of the week a text names, 0 (Monday) to 6 (Sunday): "on Friday", "во вторник", "am Freitag"."""
    return _words_named(text, load_reference().patterns.weekdays)


def is_weekday(text: str) -> bool:
    """A text that is only the name of a day of the week: "Saturday,", "Субота", "Montag,", "Среда"."""
    name, patterns = text.strip(" ,.|–—-·•").casefold(), load_reference().patterns
    return name in patterns.weekdays or name in patterns.date_line_weekdays


def relative_days_mentioned(text: str) -> frozenset[int]:
    """The days a text names relative to its page's date, as days after it: "yesterday" -1, "завтра" 1."""
    return _words_named(text, load_reference().patterns.relative_days)


_WORD = re.compile(r"\w+(?:['’]\w+)*")  # a word, its apostrophes within: "п’ятницю", "aujourd'hui"


def _words_named(text: str, names: dict[str, int]) -> frozenset[int]:
    """The values of the one-word names (casefolded) a text has among its words."""
    return frozenset(names[w] for w in _WORD.findall(text.casefold()) if w in names) if names else frozenset()


YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")  # a year a text names: 1956, 2023


def in_year_of(month: int, day: int, reference: str) -> str | None:
    """A day named without its year, in the year of a reference date (a page's publication): the latest
    such day on or before a few days after the reference ("28 December" on a page of 2 January is the
    December before)."""
    try:
        ref = Date.fromisoformat(reference[:10])
    except ValueError:
        return None
    for year in (ref.year, ref.year - 1):
        try:
            candidate = Date(year, month, day)
        except ValueError:
            continue
        if (candidate - ref).days <= _FUTURE_DAYS:
            return candidate.isoformat()
    return None


_FUTURE_DAYS = 7  # a page announces a meeting at most about a week ahead
