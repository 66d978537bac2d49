"""What a page says about when, in words that survive translation: the days of the year it names
("17 February", "17 февраля", "am 17. Februar", "22 лютага", "February 17th") and the years it names.

An undated page that names the day of a dated event with the same participants in the same city is
linked to that event (summitry.events.link); a day named without its year is all a page may give.
"""

from __future__ import annotations

import re
from functools import cache

from ..data.reference import load_reference

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@cache
def _day_expression() -> re.Pattern[str]:
    months = sorted(load_reference().patterns.months, key=len, reverse=True)
    month = "|".join(re.escape(m) for m in months)
    return re.compile(
        rf"(?<!\w)(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th|\.|-го|-е)?\s+(?:de\s+)?(?P<m1>{month})\.?"
        rf"|(?P<m2>{month})\.?\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?)(?!\w)",
        re.IGNORECASE,
    )


def days_mentioned(text: str) -> frozenset[tuple[int, int]]:
    """The (month, day) pairs a text names."""
    months = load_reference().patterns.months
    found = set()
    for match in _day_expression().finditer(text):
        name, day = (match.group("m1"), match.group("d1")) if match.group("m1") else (match.group("m2"), match.group("d2"))
        month, number = int(months[name.casefold()]), int(day)
        if 1 <= number <= 31:
            found.add((month, number))
    return frozenset(found)


def years_mentioned(text: str) -> frozenset[int]:
    return frozenset(int(y) for y in _YEAR.findall(text))
