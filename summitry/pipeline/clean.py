"""Stage 4, clean: give every block a role.

Roles: ``boilerplate`` (menus, settings, share lists, footers), ``title``, ``dateline``, ``lead``
(narrative before the first speaker), ``caption``, ``body`` (the transcript, from its first speaker
label to its end) and ``furniture`` (tag lists, publication date, direct link: read for metadata,
never part of the text).

The layout is found, not assumed: the dateline is the first line that is a date (with a place, a
time, or the title before it); the title is the last heading-like line before it; the body opens at
the first speaker label after it and closes at the site's furniture or a repeat of the dateline.
A known place on the line before a bare date is the dateline's place ("Beijing, China" / "April 26,
2024"); bylines ("Antony J. Blinken, Secretary of State") and one- or two-word category lines in
capitals ("REMARKS") between the title and the dateline are passed over.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data.reference import Patterns, Places, SiteProfile, load_reference
from ..records import Block, Extracted
from .dates import YEAR, DateMatch, find_date, find_days, find_field_date, is_weekday, parse_time_line
from .labels import LabelDetector, load_detector
from .title import (
    MAX_TITLE_WORDS,
    MENU_SEPARATORS,
    SENTENCE_END,
    find_title,
    first_headline,
    headline_after,
    headline_text,
    is_headline,
    words,
)

_MAX_PLACE_WORDS = 6
_DAY_LINE_AFTER_TITLE = 3  # lines between the headline and a date line without its year, either way
_STORY_WORDS = 8  # a sentence this long is the story's
_FIELD_TO_STORY = 12  # lines from a "Published"/"Updated" field to the story under it (share buttons, a caption)
_MIN_PARAGRAPH_WORDS = 20  # a list item this long, with sentences, is a paragraph, not a menu entry
_MAX_HEADLINE_REST_WORDS = 12  # what follows the colon of a headline such as "Песков: …"
_MAX_WIDGET_WORDS = 4  # a footer's share and cite links: "Cite this page", "Print", "Send by email"
_TIME_STARTS = frozenset("0123456789[")  # what a line that is only a time starts with
# Captions, footers and furniture lines are short; a longer line is speech or narrative, and is not
# worth scanning for them.
_MAX_FURNITURE_CHARS = 200


@dataclass(slots=True)
class Dateline:
    index: int  # first block of the dateline
    last: int  # last block of the dateline (date, time and place may stand on lines of their own)
    date: DateMatch
    time: str | None
    place: str | None
    title: str | None  # text before the date on the same line (third-party pages)
    text: str





def _looks_like_place(text: str) -> bool:
    text = text.strip(" ,|–—-，")
    words = text.split()
    return (
        0 < len(words) <= _MAX_PLACE_WORDS
        and text[:1].isalpha() and not text[:1].islower()  # a capital, or a letter of a script without case
        and not text.endswith(SENTENCE_END)
        and ":" not in text
    )


def _before_fields(after: str) -> str:
    """What follows a date up to the fields a site prints beside it: "27.05.2025 14:20 | Источник: ТАСС |
    Просмотров: 318" has nothing (a field is no place), "12 March 2024 | Sochi | Photo: …" Sochi."""
    parts = MENU_SEPARATORS.split(after)
    if len(parts) == 1:
        return after
    return "" if ":" in parts[0] else parts[0]


def _is_place_name(text: str, places: Places) -> bool:
    key = text.strip().casefold()
    return key in places.cities or key in places.countries


def _is_venue(text: str, patterns: Patterns) -> bool:
    """Whether a short line names a venue ("Élysée Palace", "East Room")."""
    return any(name in text for name in patterns.venue_names) or any(w in patterns.venue_nouns for w in text.split())


def _place_after(blocks: list[Block], j: int, places: Places, patterns: Patterns) -> bool:
    """Whether the line after a bare date is its place: a known city, country or venue; a section name
    ("Политика"), a heading ("Opening remarks") or a menu ("Home") is not."""
    text = blocks[j].text
    if not _looks_like_place(text) or find_date(text) is not None:
        return False
    return any(_is_place_name(part, places) for part in text.split(",")) or _is_venue(text, patterns)


def _place_before_date(before: str, places: Places) -> tuple[str | None, str] | None:
    """ "New York, 12 March 2024", "Talks with X, Cairo, July 24, 2023": (the title or None, the place) when
    the text before the date ends with a known city or country."""
    head, _, last = before.rstrip(" ,|–—-·•").rpartition(",")
    if last.strip() and _is_place_name(last, places):
        return head.strip() or None, last.strip()
    return None


def _title_before_date(before: str, line: str) -> bool:
    """A headline that ends in its date after a dash or a comma ("Case v. State — Oral Argument, March 4,
    1970", "Talks with the President | 12 May 2024"), not a sentence that ends in one ("… met on June 9,
    2023" has no mark before the date; a sentence ends with a full stop)."""
    head = before.rstrip()
    return (
        head[-1:] in (",", "—", "–", "|", "-")
        and 2 <= words(head) <= _MAX_PLACE_WORDS * 3
        and head[:1].isupper()
        and not line.rstrip().endswith(SENTENCE_END)
    )


def _story_date(blocks: list[Block], i: int) -> bool:
    """A date line of the story, under its headline or over its first sentence ("Saturday, 29 July
    2023"), not the site's clock atop the page, above its menus."""
    after = blocks[i + 1].text if i + 1 < len(blocks) else ""
    return (i > 0 and is_headline(blocks[i - 1].text)) or (after.endswith(SENTENCE_END) and words(after) >= _STORY_WORDS)


def find_dateline(blocks: list[Block], start: int, places: Places, patterns: Patterns) -> Dateline | None:
    """The page's dateline: "April 5, 2023, The Kremlin, Moscow", "June 9, 2023" / "14:30" / "Sochi",
    "New York, 12 March 2024", or a title line ending in "June 9, 2023 Sochi". A place is recognised by
    name (places.yaml, the venues of patterns.yaml), not by shape alone."""
    for i in range(start, len(blocks)):
        block = blocks[i]
        if block.hint in ("list_item", "caption"):
            continue
        # a "Published"/"Updated" field with the story under it; with none, it is the page's footer
        field = bool(patterns.published.match(block.text) or patterns.updated.match(block.text)) and any(
            b.text.endswith(SENTENCE_END) and words(b.text) >= _STORY_WORDS for b in blocks[i + 1 : i + 1 + _FIELD_TO_STORY])
        found = find_date(block.text) or (find_field_date(block.text) if field else None)
        if found is None:
            continue
        before = block.text[: found.start].strip()
        if field or (is_weekday(before) and _story_date(blocks, i)):
            before = ""  # "Updated 6:42 PM EDT, September 25, 2025", "Aktualisiert: 08.10.25" above the story; "Saturday, 29 July 2023"
        after = _before_fields(block.text[found.end :].strip(" ,|–—-·•，、"))
        if patterns.updated.match(after) or patterns.published.match(after):
            after = ""  # "April 21, 2025 6:48 PM Updated 2 hours ago"
        if ":" in before or before.endswith(SENTENCE_END) or words(before) > MAX_TITLE_WORDS:
            continue
        if after and not _looks_like_place(after):
            continue
        title: str | None = before or None
        if before and not after:
            placed = _place_before_date(before, places)
            if placed is not None:
                title, after = placed
            elif _title_before_date(before, block.text):
                title = block.text  # "Parr v. United States — Oral Argument, March 28, 1956": the date is the title's
            else:
                continue  # "… met on June 9, 2023" is a sentence, not a dateline
        line = Dateline(i, i, found, found.time, after or None, title, block.text)
        if not after:  # the time and place may follow on lines of their own
            j = i + 1
            if j < len(blocks) and (time := parse_time_line(blocks[j].text)):
                line.time, line.last, j = time, j, j + 1
            if j < len(blocks) and _place_after(blocks, j, places, patterns):
                line.place, line.last = blocks[j].text.strip(), j
        if line.last + 1 < len(blocks) and patterns.updated.match(blocks[line.last + 1].text):
            line.last += 1  # "Обновлено 13 марта 2025, 16:05" under the date: the headline comes after it
        return line
    return None


class Cleaner:
    def __init__(self, patterns: Patterns, detector: LabelDetector) -> None:
        self.p = patterns
        self.detector = detector

    def is_caption(self, block: Block, before_body: bool) -> bool:
        text = block.text
        if block.hint == "caption":
            return True
        if len(text) > _MAX_FURNITURE_CHARS:
            return False
        if self.p.credit.matches(text):
            return True
        return before_body and words(text) <= self.p.caption_max_words and self.p.caption.matches(text)

    def is_end(self, block: Block) -> bool:
        text = block.text
        return len(text) <= _MAX_FURNITURE_CHARS and (text in self.p.tag_headings or self.p.end.matches(text))

    def is_soft_end(self, block: Block) -> bool:
        """A footer line ("© 2024 …", "Share this", "Last updated: …"): the end of the body when no label
        follows it."""
        text = block.text
        return len(text) <= _MAX_FURNITURE_CHARS and (
            self.p.soft_end.matches(text) or bool(self.p.updated.match(text)) or bool(self.p.published.match(text))
        )

    def first_label(self, blocks: list[Block], start: int, stop: int | None = None) -> int | None:
        story = False  # a story's sentence came first: a label after the page's end marker is another page's
        for i in range(start, len(blocks) if stop is None else stop):
            block = blocks[i]
            if story and self.is_end(block):
                return None  # "相关新闻", "Читайте также" and the related stories' "外交部：…"
            if block.hint in ("list_item", "caption", "lead") and block.bold_prefix is None:
                continue
            if self.detector.split(block.text, block.bold_prefix) is not None:
                return i
            story = story or (block.text.endswith(SENTENCE_END) and words(block.text) >= _STORY_WORDS)
        return None


def clean_blocks(extracted: Extracted, profile: SiteProfile | None = None) -> Extracted:
    """Stage entry point: set each block's role; put the layout's title, date and place in meta."""
    reference = load_reference()
    cleaner = Cleaner(reference.patterns, load_detector())
    blocks, meta = extracted.blocks, extracted.meta
    if profile is None:
        profile = next((s for s in reference.sites if s.name == meta.get("profile")), reference.generic)

    html_body = extracted.text.page.media_type == "text/html" and any(b.in_body for b in blocks)
    first_body = next((i for i, b in enumerate(blocks) if b.in_body), 0) if html_body else 0
    dateline = None if (html_body and meta.get("date")) else find_dateline(blocks, 0, reference.places, reference.patterns)
    if dateline is not None:
        _place_before(blocks, dateline, reference.places)
        _mark_dateline(blocks, dateline, meta)
        start = dateline.last + 1
        if dateline.title is None and "title" not in meta:
            find_title(blocks, dateline.index, meta, reference.patterns, cleaner.detector)
            if not profile.captions_after_dateline and headline_after(
                blocks, dateline.index, dateline.last, dateline.place is not None, meta, reference.patterns
            ):
                start = next(i for i in range(dateline.last + 1, len(blocks)) if blocks[i].role == "title") + 1
    else:
        start = first_body
        headline = None if html_body or "title" in meta else first_headline(blocks, reference.patterns, cleaner.detector)
        if headline is not None:
            blocks[headline].role = "title"
            meta["title"], meta["source:title"] = headline_text(blocks[headline].text), "first line"
            start = headline + 1

    if html_body:
        for block in blocks:
            if block.hint in ("lead", "caption", "furniture") and not block.in_body:
                block.role = block.hint  # type: ignore[assignment]
        start = max(start, first_body)
    body_start = cleaner.first_label(blocks, start)
    while body_start is not None and _is_label_headline(cleaner, blocks, body_start):
        blocks[body_start].role = "lead"  # "Песков: переговоры завершились" heads a story: nobody speaks it
        body_start = cleaner.first_label(blocks, body_start + 1)
    body_end = len(blocks) if body_start is not None else start
    if body_start is not None:
        body_end = _body_end(cleaner, blocks, body_start, dateline)
    _mark_time_and_venue(cleaner, blocks, start, body_start if body_start is not None else len(blocks), meta)
    _location_field(cleaner, blocks, body_start if body_start is not None else len(blocks), meta)
    html = extracted.text.page.media_type == "text/html"
    _mark_before_body(cleaner, blocks, start, body_start, profile, dateline, html)
    if dateline is None and "date" not in meta:
        _keep_day_line(blocks, body_start if body_start is not None else len(blocks))
    if body_start is not None:
        for i in range(body_start, body_end):
            block = blocks[i]
            if block.text[:1] in _TIME_STARTS and parse_time_line(block.text):
                block.role = "furniture"  # a time stamp ("[10:32]") between paragraphs is not speech
            else:
                block.role = "caption" if cleaner.is_caption(block, False) else "body"
        if dateline is not None:
            for block in blocks[body_start:body_end]:
                if block.text == dateline.text and dateline.title is None:
                    block.role = "boilerplate"
    for block in blocks[body_end:]:
        if block.role == "boilerplate":
            block.role = "furniture"
    return extracted


def _mark_dateline(blocks: list[Block], line: Dateline, meta: dict[str, str]) -> None:
    for block in blocks[line.index : line.last + 1]:
        block.role = "dateline"
    if "date" not in meta:
        meta["date"], meta["source:date"] = line.date.date, "dateline"
    meta["dateline"] = line.text
    if line.time:
        meta.setdefault("time", line.time)
    if line.place:
        meta.setdefault("place", line.place)
    if line.title and "title" not in meta:
        meta["title"], meta["source:title"] = line.title, "dateline"


def _place_before(blocks: list[Block], line: Dateline, places: Places) -> None:
    """A date standing alone may have its place on the line before it: "Beijing, China" (every part of
    it a known city or country, so a short title is not taken for a place)."""
    if line.place is not None or line.title is not None or line.index == 0:
        return
    text = blocks[line.index - 1].text
    if _looks_like_place(text) and all(_is_place_name(part, places) for part in text.split(",")):
        line.place, line.index = text.strip(), line.index - 1


def _keep_day_line(blocks: list[Block], stop: int) -> None:
    """A page that prints its day without the year ("Политика, 25 сен, 21:10") keeps that line, next to
    its headline, as narrative: linking reads the day there for the page's event (events.undated)."""
    title = next((i for i, b in enumerate(blocks[:stop]) if b.role == "title"), None)
    if title is None:
        return
    for block in blocks[title + 1 : min(stop, title + 1 + _DAY_LINE_AFTER_TITLE)] + blocks[max(0, title - _DAY_LINE_AFTER_TITLE) : title]:
        if block.role in ("boilerplate", "furniture") and words(block.text) <= _MAX_PLACE_WORDS and find_days(block.text) \
                and not YEAR.search(block.text):
            block.role = "lead"
            return


def _location_field(cleaner: Cleaner, blocks: list[Block], stop: int, meta: dict[str, str]) -> None:
    """A "Location: Lancaster House, London" field above the transcript (the place on its line or the
    next): the dateline's place when the dateline names none."""
    for i, block in enumerate(blocks[:stop]):
        if len(block.text) > _MAX_FURNITURE_CHARS or (match := cleaner.p.location.match(block.text)) is None:
            continue
        value = match.group(1).strip() or (blocks[i + 1].text.strip() if i + 1 < stop else "")
        if value and _looks_like_place(value.split(",")[-1]):
            block.role = "furniture"
            if not match.group(1).strip():
                blocks[i + 1].role = "furniture"
            meta.setdefault("place", value)
        return


def _mark_time_and_venue(cleaner: Cleaner, blocks: list[Block], start: int, stop: int, meta: dict[str, str]) -> None:
    """Lines between the dateline and the transcript that are not leads: a time on its own ("1:32 P.M.
    EST") is the event's time; the date and time again ("24 July 2023 16:45") is furniture; so is a run of
    short lines that are not sentences (a menu: "Home" / "Briefing Room"), whose last venue ("East Room")
    is the event's venue when the dateline names no place."""
    runs: list[list[Block]] = [[]]
    for block in blocks[start:stop]:
        if block.role != "boilerplate" or block.hint == "caption":
            runs.append([])
            continue
        text = block.text
        if time := parse_time_line(text):
            meta.setdefault("time", time)
            block.role = "furniture"
        elif (found := find_date(text)) is not None and found.start == 0 and found.end == len(text):
            if found.time:
                meta.setdefault("time", found.time)
            block.role = "furniture"
        elif words(text) <= _MAX_PLACE_WORDS and not text.endswith(SENTENCE_END) and ":" not in text:
            runs[-1].append(block)
            continue
        runs.append([])
    for run in runs:
        venues = [b.text for b in run if _is_venue(b.text, cleaner.p)]
        if len(run) < 2 and not venues:
            continue  # one short line alone is a heading of the text ("Opening remarks")
        for block in run:
            block.role = "furniture"
        if venues and "venue" not in meta and "place" not in meta:
            meta["venue"] = venues[-1].strip()


def _mark_before_body(
    cleaner: Cleaner,
    blocks: list[Block],
    start: int,
    body_start: int | None,
    profile: SiteProfile,
    dateline: Dateline | None,
    html: bool = False,
) -> None:
    """Between the dateline and the first label: captions, separators and leads. Without any label,
    the page's text up to its furniture is narrative."""
    stop = body_start if body_start is not None else len(blocks)
    caption_group: int | None = None
    grouped = bool(blocks) and blocks[-1].group > 0  # a text dump with blank lines: they separate captions from leads
    if profile.captions_after_dateline and dateline is not None and start < stop and grouped:
        caption_group = blocks[start].group if blocks[start].group == blocks[dateline.last].group else None
    told = False  # whether any narrative came yet
    for i in range(start, stop):
        block = blocks[i]
        if block.role in ("lead", "caption", "title", "dateline", "furniture"):
            told = told or block.role == "lead"
            continue
        if body_start is None and (cleaner.is_end(block) or cleaner.is_soft_end(block)):
            if told:
                break  # no transcript: the page's text ends at its first footer line after the story
            block.role = "furniture"  # a credit line above the story ("© Agency - All rights reserved")
            continue
        if (
            body_start is None and block.hint == "list_item" and not (block.in_body or html)
            and not _is_paragraph(block.text)
        ):
            continue  # a text dump's menu (an HTML page's menus were dropped by the profile: its lists are kept)
        text = block.text
        if not any(c.isalpha() for c in text) and not (cleaner.p.separator.match(text) or cleaner.p.omission.match(text)):
            block.role = "furniture"  # a page id or a date stamp ("1432-24-07-2023"), not narrative
            continue
        if len(text) <= _MAX_FURNITURE_CHARS and (cleaner.p.published.match(text) or cleaner.p.updated.match(text)):
            block.role = "furniture"  # "Published: 2 January 2024": read for its date, not narrative
            continue
        if block.in_body is False:
            continue
        in_caption_run = caption_group is not None and block.group == caption_group and not block.in_body
        if in_caption_run or cleaner.is_caption(block, True):
            block.role = "caption"
        elif block.text == (dateline.text if dateline else None):
            continue
        else:
            block.role = "lead"
            told = True


def _body_end(cleaner: Cleaner, blocks: list[Block], body_start: int, dateline: Dateline | None) -> int:
    """Where the transcript stops: the site's furniture, or a footer line, a row of links ("Фото Видео")
    or a repeat of the dateline with no speaker label after it."""
    for i in range(body_start + 1, len(blocks)):
        block = blocks[i]
        if block.hint != "list_item" and cleaner.is_end(block) or block.in_body is False:
            return _widgets_before(cleaner, blocks, body_start, i)
        soft = cleaner.is_soft_end(block) or block.hint == "links" or (dateline is not None and block.text == dateline.text)
        if soft and cleaner.first_label(blocks, i + 1) is None:
            return _widgets_before(cleaner, blocks, body_start, i)
    return len(blocks)


def _is_label_headline(cleaner: Cleaner, blocks: list[Block], i: int) -> bool:
    """A headline that opens with a name and a colon, not a first turn: a few words that are no sentence
    ("Песков: переговоры завершились", "Cooperation and Ukraine: What Else Was Said"), with a story of
    sentences after it rather than another speaker."""
    split = cleaner.detector.split(blocks[i].text, blocks[i].bold_prefix)
    rest = split.rest if split else ""
    rest_words = rest.split()
    if not rest_words or len(rest_words) > _MAX_HEADLINE_REST_WORDS:
        return False
    titled = sum(w[:1].isupper() for w in rest_words) >= max(2, len(rest_words) - 1)
    if not (rest[-1:].isalnum() or (titled and rest.endswith("…"))):
        return False
    following = next((b for b in blocks[i + 1 :] if b.hint != "caption" and not cleaner.is_caption(b, True)), None)
    return (
        following is not None
        and following.text.endswith(SENTENCE_END)
        and cleaner.detector.split(following.text, following.bold_prefix) is None
    )


def _is_paragraph(text: str) -> bool:
    """A list item that is a paragraph of sentences, not a menu entry."""
    return words(text) >= _MIN_PARAGRAPH_WORDS and (text.endswith(SENTENCE_END) or ". " in text)


def _widgets_before(cleaner: Cleaner, blocks: list[Block], body_start: int, end: int) -> int:
    """The footer starts earlier when short lines that are not sentences stand right before its first
    marker ("Cite this page" / "Share" / "© …"): a widget's words, not the end of the last turn."""
    while end - 1 > body_start and _is_widget(cleaner, blocks[end - 1]):
        end -= 1
    return end


def _is_widget(cleaner: Cleaner, block: Block) -> bool:
    """A widget's words: a few words that are no sentence, or a menu's items in a row ("Links | Sitemap
    | Contact Us")."""
    text = block.text
    items = MENU_SEPARATORS.split(text)
    if len(items) > 1 and all(0 < words(item) <= 3 for item in items):
        return True
    return (
        words(text) <= _MAX_WIDGET_WORDS
        and text[-1:].isalnum()
        and ":" not in text
        and cleaner.detector.split(text, block.bold_prefix) is None
    )
