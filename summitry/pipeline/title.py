"""The page's headline, for the clean stage: which line is the title.

A title is a headline: a line of words that is not a sentence, a date line ("Tue. Jun 25th, 2024"), a
price ("3.69 BYN"), a photo credit ("Фото: Администрация президента РФ"), an image's markup, a footer or
a speaker's label line. Layouts put it before the dateline (the nearest such line), after it (a news
agency's section, date, headline, story), or first on the page.
"""

from __future__ import annotations

import re
import unicodedata

from ..data.reference import Patterns
from ..enrich.tokens import UNSPACED_LETTERS
from ..records import Block
from .dates import find_date
from .labels import LabelDetector, load_detector

SENTENCE_END = (".", "!", "?", "…", ".»", ".”", "!”", "?”", "。", "！", "？")
MAX_TITLE_WORDS = 30
_FIRST_LINES = 12  # where a page without a dateline may print its headline
_STORY_LINES = 60  # where its story may begin, below menus
_FIELD_NAME_CHARS = 12  # where a field row's colon stands
_FIELD_ROW_WORDS = 12
_FIELD_NAME_WORDS = 3
_WIDGET_WORDS = 3  # a share or listen button's words between a headline and its story
_MIN_HEADLINE_WORDS = 5  # a headline above a subheading: fewer words are a menu's item
_BETWEEN_HEADLINE_AND_STORY = 6  # lines: a subheading, a caption and its credit, a byline, the site's fields
_HEADLINE_ABOVE_WORDS = 16  # a line above the story longer than this is its lead, stripped of its full stop
_PRICE = re.compile(r"^\W*[0-9][0-9.,\s]*\s*(?:[A-Z]{3}|[$€£₽])\W*$|^\W*(?:[A-Z]{3}|[$€£₽])\s*[0-9][0-9.,\s]*$")
_MARKUP = ("![", "[!", "<", "{", "|")
_RUBRIC_WORDS = 2  # a section name between the date and the headline ("Политика", "World News")


_UNSPACED = re.compile(f"[{UNSPACED_LETTERS}]")
MENU_SEPARATORS = re.compile(r"\s+[|·•]\s+")  # between a menu's items or a site's fields on one line


def words(text: str) -> int:
    """How many words a line holds, for the layout's rules: the runs between spaces, and in Chinese and
    Japanese, written without spaces, a word for every two characters (about their average length)."""
    found = len(text.split())
    return found if text.isascii() else found + len(_UNSPACED.findall(text)) // 2


def headline_text(text: str) -> str:
    """A headline without the symbols a post may open with ("⚡️ Путин и …", "🔴 LIVE: …")."""
    start = 0
    while start < len(text) and (unicodedata.category(text[start])[0] in "SZ" or unicodedata.category(text[start]) in ("Mn", "Cf")):
        start += 1
    return text[start:] if start and text[start:].strip() else text


def is_headline(text: str, detector: LabelDetector | None = None) -> bool:
    """A line that may be a headline: a few words, opening with a capital (or a letter of a script without
    case: 外交部…), not a sentence; with a colon only when a detector is given and says what stands before
    it is no speaker's label ("Merz empfängt Macron: „Europa …“" is a headline, "Vladimir Putin: Thank you" a turn)."""
    text = headline_text(text)
    first = text[:1]
    colon = ":" in text or "：" in text
    return (3 <= words(text) <= MAX_TITLE_WORDS and first.isalpha() and not first.islower()
            and not text.endswith(SENTENCE_END)
            and (not colon or (detector is not None and words(text.partition(":")[0]) >= 3 and detector.split(text) is None)))


def is_junk_title(text: str, patterns: Patterns, detector: LabelDetector) -> bool:
    """A line that is never the title: a date line, a price, a credit, markup, a footer or a label line."""
    if text.startswith(_MARKUP) or _PRICE.match(text) or patterns.credit.matches(text) or "©" in text:
        return True
    if patterns.soft_end.matches(text) or patterns.end.matches(text) or text.endswith(":"):
        return True
    letters = [w for w in text.split() if w[:1].isalpha()]
    unspaced = not text.isascii() and _UNSPACED.match(text) is not None  # 外交部发言人…: one run, many words
    opening = text[:1].isupper() or text[:1].isdigit() or text[:1] in "\"«“„'" or unspaced
    if (len(letters) < 2 and not unspaced) or not opening:
        return True  # "2020-2-5 13:55 |", "name of Prensa Latina": no headline
    field, colon, _ = text.partition(":")
    if colon and detector.is_field(field.strip()):
        return True  # "Source: …", "Photo: …"
    if is_date_line(text):
        return True
    split = detector.split(text)
    return split is not None and (not split.rest or text.endswith(SENTENCE_END) or words(split.rest) > 12)


def is_date_line(text: str) -> bool:
    """A line that is mostly a date: "Tuesday, September 26, 2023", "Субота, 29 ліпеня 2023"."""
    found = find_date(text)
    return found is not None and found.end - found.start >= 0.5 * len(text.strip(" ,.|–—-"))


def headline_after(
    blocks: list[Block], first: int, last: int, has_place: bool, meta: dict[str, str], patterns: Patterns
) -> bool:
    """A news agency prints its section, then the date, then the headline, then the story ("Russian
    Politics & Diplomacy" / "3 MAR 2024, 14:05" / "Putin says …" / "MOSCOW, March 3. …"): a headline-like
    line right after a bare dateline (``first``..``last``), followed by a sentence, is the title when what
    stood right before the date is shorter (a section name), or stood higher up, across menu lines (another
    story's headline). A rubric of a word or two may stand between the date
    and the headline ("Политика"). Returns whether it took the title."""
    after = last + 1
    if has_place or after >= len(blocks):
        return False
    rubric = None
    if words(blocks[after].text) <= _RUBRIC_WORDS and not blocks[after].text.endswith(SENTENCE_END):
        rubric, after = blocks[after], after + 1
    if after >= len(blocks) or not is_headline(blocks[after].text, load_detector()) or _is_credit(blocks[after].text, patterns):
        return False
    story = _story_after(blocks, after, patterns)
    if story >= len(blocks):
        return False
    if not blocks[story].text.endswith(SENTENCE_END) or words(blocks[story].text) <= words(blocks[after].text):
        return False
    at = next((i for i in range(first) if blocks[i].role == "title"), None)
    before = blocks[at] if at is not None else None
    adjacent = at is not None and all(b.role == "furniture" for b in blocks[at + 1 : first])
    shorter = before is not None and words(before.text) >= words(blocks[after].text)
    if shorter and (adjacent or words(blocks[after].text) < _MIN_HEADLINE_WORDS):
        return False  # a title above the date, longer than the line after it ("Copy Link"): that line is no headline
    if before is not None:
        before.role = "boilerplate"
    if rubric is not None:
        rubric.role = "furniture"
    blocks[after].role = "title"
    meta["title"], meta["source:title"] = blocks[after].text, "headline"
    return True


def _story_after(blocks: list[Block], headline: int, patterns: Patterns) -> int:
    """Where the story starts after a headline: past a subheading longer than the headline that is no
    sentence ("Президенты поручили правительствам … по энергетике и логистике"), and a photo's caption and
    credit ("Владимир Путин и Александр Лукашенко" / "© Сергей Карпенко/ТАСС")."""
    story = headline + 1
    if story < len(blocks) and not blocks[story].text.endswith(SENTENCE_END) and words(blocks[story].text) > words(blocks[headline].text):
        story += 1  # the subheading
    while story < len(blocks):
        text = blocks[story].text
        following = blocks[story + 1].text if story + 1 < len(blocks) else ""
        if blocks[story].hint == "caption" or _is_credit(text, patterns):
            story += 1  # a photo's credit
        elif words(text) <= _WIDGET_WORDS and not text.endswith(SENTENCE_END):
            story += 1  # a widget: "Artikel vorlesen", "Teilen"
        elif _is_credit(following, patterns) and not text.endswith(SENTENCE_END) and words(text) <= patterns.caption_max_words:
            story += 1  # the caption above its credit
        else:
            break
    return story


def _is_field_name(text: str) -> bool:
    """A field's name alone on its line: "From:", "Location:", "Delivered on:"."""
    return text.endswith((":", "：")) and words(text) <= _FIELD_NAME_WORDS


def _is_field_row(text: str) -> bool:
    """A row of the site's fields or buttons: a short name and a colon ("分享到：微信　微博", "Source: Agency |
    2025-07-03"), not a headline."""
    colon = max(text.find(":", 0, _FIELD_NAME_CHARS), text.find("：", 0, _FIELD_NAME_CHARS))
    return colon > 0 and words(text) <= _FIELD_ROW_WORDS


def _is_credit(text: str, patterns: Patterns) -> bool:
    return text.startswith("©") or patterns.credit.matches(text)


def is_byline(text: str, patterns: Patterns) -> bool:
    """ "Antony J. Blinken, Secretary of State": a name, a comma, and an office made of title words; or a
    writer's byline ("By JANE DOE", "Par AFP")."""
    if patterns.byline.matches(text):
        return True
    name, comma, office = text.partition(",")
    office_words = office.replace(",", " ").split()
    return bool(comma and office_words) and len(name.split()) <= 5 and all(
        w.casefold() in patterns.office_words for w in office_words
    )


def find_title(blocks: list[Block], dateline_index: int, meta: dict[str, str], patterns: Patterns,
               detector: LabelDetector) -> None:
    """The nearest line before the dateline that reads like a title; sentences skipped on the way
    are leads (some layouts print the lead between the title and the date), bylines and category
    lines in capitals are furniture, date lines and credits are passed over."""
    skipped: list[Block] = []
    for i in range(dateline_index - 1, -1, -1):
        block = blocks[i]
        text = block.text
        if block.hint == "list_item":
            break
        if (text.isupper() and words(text) <= 2) or is_byline(text, patterns):
            block.role = "furniture"
            continue
        if text.endswith(SENTENCE_END) and words(text) > 3:
            skipped.append(block)
            continue
        if is_junk_title(text, patterns, detector) or (i and _is_field_name(blocks[i - 1].text)):
            continue  # (the value of a field on the line above: "From:" / "Prime Minister's Office")
        if words(text) <= MAX_TITLE_WORDS and len(text) > 3:
            higher = blocks[i - 1] if i else None
            if higher is not None and higher.hint != "list_item" and higher.text != text and words(higher.text) >= _MIN_HEADLINE_WORDS \
                    and is_headline(higher.text, detector) and not is_junk_title(higher.text, patterns, detector):
                skipped.append(block)  # a headline above its subheading: the subheading is a lead
                block, text = higher, higher.text
            block.role = "title"
            meta["title"], meta["source:title"] = text, "headline"
            for lead in skipped:
                lead.role = "lead"
            return
        break


def first_headline(blocks: list[Block], patterns: Patterns, detector: LabelDetector) -> int | None:
    """A page without a dateline: the headline right above its story, when a line that reads like one
    stands there (menus, logos' alt texts and edition names come higher up: "Bandera inglesa" / "English
    Edition" / "NEWS" / "Presidents of Russia and Belarus to meet in Sochi" / "Moscow, Sep 15 …"), a
    subheading, a photo's credit, a byline or a line of the site's fields ("Политика, 25 сен, 21:10",
    "14 562") between them; else its first line that reads like a headline, among its first lines; None
    when the story comes first."""
    story = next((i for i, block in enumerate(blocks[:_STORY_LINES]) if block.hint not in ("list_item", "caption")
                  and (words(block.text) > MAX_TITLE_WORDS or (block.text.endswith(SENTENCE_END) and words(block.text) > 3))), None)
    first = None
    for i, block in enumerate(blocks[: min(_FIRST_LINES, len(blocks) if story is None else story)]):
        if block.hint not in ("list_item", "caption") and len(block.text) > 3 and words(block.text) >= 2 \
                and not is_junk_title(block.text, patterns, detector):
            first = i
            break
    if story is None:
        return first
    above = _headline_above(blocks, story, patterns, detector)
    return above if above is not None else first


def _headline_above(blocks: list[Block], story: int, patterns: Patterns, detector: LabelDetector) -> int | None:
    """The headline standing right above a story's first sentence, past what may come between them."""
    subheading = False
    for i in range(story - 1, max(-1, story - 1 - _BETWEEN_HEADLINE_AND_STORY), -1):
        text = blocks[i].text
        if blocks[i].hint in ("caption", "list_item") or is_byline(text, patterns) or _is_field_row(text) or is_date_line(text) or (
                is_junk_title(text, patterns, detector) and not is_headline(text)) or (
                blocks[i + 1].hint == "list_item" and words(text) < _MIN_HEADLINE_WORDS):
            continue  # (a short line right above a list is its heading: "Главное по теме" / "• …")
        if is_headline(text) and words(text) <= _HEADLINE_ABOVE_WORDS:
            higher = blocks[i - 1].text if i else ""
            if not subheading and is_headline(higher) and _MIN_HEADLINE_WORDS <= words(higher) < words(text):
                return i - 1  # a headline above its subheading
            return i
        if is_headline(text) and not subheading:
            subheading = True
            continue
        return None
    return None
