"""A date for a page our own date patterns found none on, each marked with where it came from.

In order:
0. an agency's dateline at the head of the story: "SOCHI, 17 February 2025. …" — ``"agency dateline"``;
   "MINSK, February 4. /TASS/." in the year of the page's publication (its published date or its URL's)
   — ``"agency dateline, in the year of publication"``, else in the year of a full date atop the page
   (a news site's clock, "Tuesday, September 26, 2023": the day the page was shown, not the story's)
   — ``"agency dateline, in the year of the page's top date"``;
1. a short line near the top that dateparser reads as a full date in the page's language ("17 ақпан
   2023", "2023 թ. փետրվարի 17") — ``sources["date"] = "dateparser"``;
2. for an HTML page, htmldate's reading of its markup (time elements, JSON-LD, meta tags) —
   ``"htmldate"``;
3. the page's URL ("/20230406/", "/2023/04/06/") — ``"url"``; then its file name — ``"file name"``.

These libraries cost milliseconds a page (dateparser: about 20 ms a line once loaded, 0.6 s to load), so
they run only when the patterns of summitry.pipeline.dates found nothing: pages those patterns read pay
nothing. Both are imported at first use.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date as Date

from ..data.reference import Places
from ..records import Block, Document
from .dates import YEAR, find_date, find_days, in_year_of
from .place import agency_dateline, dateline_place

_AGENCY_HEAD_CHARS = 80  # where an agency's dateline stands in its first paragraph
_AGENCY_LEADS = 2  # the paragraphs it may open: the first, or the one after a headline left in the story
_CANDIDATE_LINES = 20  # the top of the page, where datelines stand
_MAX_LINE_WORDS = 12
# dates in URLs and file names: 20230406, 2023-04-06, 2023/04/06, 2023_04_06
_COMPACT = re.compile(r"(?<![0-9A-Za-z])((?:19|20)\d{2})([-/_]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?![0-9A-Za-z])")


def fallback_date(doc: Document, blocks: list[Block], raw_html: str | None, places: Places) -> None:
    """Stage helper of parse: fill doc.date (and sources["date"]) when it is still empty."""
    if doc.date is not None:
        return
    top: list[tuple[str, str, str] | None] = []  # what dateparser reads atop the page: read once, when first asked

    def top_date() -> str | None:
        if not top:
            top.append(_from_lines(blocks, doc.language))
        return top[0][0] if top[0] else None

    found, source = _agency_date(doc, top_date, places)
    if found is None:
        found, source = top_date(), "dateparser"
    if found is None and raw_html is not None:
        found, source = _from_html(raw_html, doc.url), "htmldate"
    if found is None and doc.url:
        found, source = date_in_name(doc.url), "url"
    if found is None:
        found, source = date_in_name(os.path.basename(doc.source)), "file name"
    if found is not None:
        doc.date = found
        doc.sources["date"] = source
    if source == "dateparser" and top and top[0]:
        _dateline(doc, *top[0][1:], places)


def _dateline(doc: Document, line: str, piece: str, places: Places) -> None:
    """The line dateparser read the date on is the page's dateline: its place ("4 Temmuz 2024, Ankara")
    is the document's when nothing said one, and the line is no narrative."""
    if doc.city is None and piece != line:
        place = dateline_place(line.replace(piece, ",").strip(" ,"), places)
        if place.city:
            doc.city, doc.venue = place.city, doc.venue or place.venue
            doc.sources["city"] = "dateline"
    doc.segments = [s for s in doc.segments if not (s.kind == "narrative" and s.text == line)]


def _agency_date(doc: Document, top_date: Callable[[], str | None], places: Places) -> tuple[str | None, str]:
    """The date of an agency's dateline, and how it was had: "SOCHI, 17 February 2025. …"; "MINSK,
    February 4. /TASS/. …" in the year the page was published, or of the date atop the page."""
    leads = [s.text for s in doc.segments if s.kind == "narrative"][:_AGENCY_LEADS]
    lead = next((text for text in leads if agency_dateline(text, places) is not None), None)
    if lead is None:
        return None, ""
    head = lead[:_AGENCY_HEAD_CHARS]
    found = find_date(head)
    if found is not None and found.start <= _AGENCY_HEAD_CHARS // 2:
        return found.date, "agency dateline"
    days = find_days(head)
    if not days or days[0][2] > _AGENCY_HEAD_CHARS // 2:
        return None, ""
    reference = doc.published or (date_in_name(doc.url) if doc.url else None)
    if reference:
        return in_year_of(days[0][0], days[0][1], reference), "agency dateline, in the year of publication"
    top = top_date()
    if top:
        return in_year_of(days[0][0], days[0][1], top), "agency dateline, in the year of the page's top date"
    return None, ""


def date_in_name(name: str) -> str | None:
    """An ISO date written in a URL or a file name, when it is a real calendar date."""
    for match in _COMPACT.finditer(name):
        year, _, month, day = match.groups()
        try:
            return Date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            continue
    return None


def _candidates(blocks: list[Block]) -> list[str]:
    lines = []
    for block in blocks[:_CANDIDATE_LINES]:
        text = block.text
        if len(text.split()) <= _MAX_LINE_WORDS and YEAR.search(text) and any(c.isalpha() for c in text):
            lines.append(text)
    return lines


def _from_lines(blocks: list[Block], language: str | None) -> tuple[str, str, str] | None:
    """The first full date dateparser reads on a short line atop the page: (ISO date, the line, the piece read)."""
    lines = _candidates(blocks)
    if not lines:
        return None
    parser = _parser(language)
    for text in lines:
        for piece in _pieces(text):
            data = parser.get_date_data(piece)
            if data.date_obj is not None and data.period == "day":
                return data.date_obj.date().isoformat(), text, piece
    return None


def _pieces(text: str) -> list[str]:
    """The line, its parts between separators ("Politics | 17 ақпан 2023 | 14:05"), and what stands
    before and after each comma ("4 Temmuz 2024, Ankara", "Ankara, 4 Temmuz 2024": a dateline's date
    without its place)."""
    parts = [p.strip() for p in re.split(r"\s[|•·—–]\s|\s{2,}", text)]
    commas = text.split(",")
    parts += [",".join(commas[:i]).strip() for i in range(len(commas) - 1, 0, -1)]
    parts += [",".join(commas[i:]).strip() for i in range(1, len(commas))]
    return list(dict.fromkeys(p for p in [text, *parts] if YEAR.search(p)))


_PARSERS: dict[str | None, object] = {}


def _parser(language: str | None):  # noqa: ANN202 - dateparser's DateDataParser
    if language not in _PARSERS:
        from dateparser.date import DateDataParser

        settings = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_TIME_AS_PERIOD": False}
        languages = [language, "en"] if language and language != "en" else ["en"]
        try:
            _PARSERS[language] = DateDataParser(languages=languages, settings=settings)
        except ValueError:  # a language dateparser does not know
            _PARSERS[language] = DateDataParser(languages=["en"], settings=settings)
    return _PARSERS[language]


def _from_html(raw_html: str, url: str | None) -> str | None:
    from htmldate import find_date

    try:
        return find_date(raw_html, url=url, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        return None
