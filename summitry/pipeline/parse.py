"""Stage 5, parse: cleaned blocks to a Document — metadata, tags, captions and ordered segments.

Segments: ``narrative`` for leads and unspoken text, ``turn`` for a speaker label and the
paragraphs that follow it up to the next label, ``omission`` (``<…>``), ``separator`` (``* * *``)
and ``caption``.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from ..data.reference import Patterns, Places, SiteProfile, load_reference
from ..records import Block, Document, Extracted, Segment
from .dates import find_date, parse_datetime
from .extract import url_host
from .labels import load_detector
from .speakers import label_words, name_key

_CYRILLIC = re.compile("[а-яёіўА-ЯЁІЎ]")
_LATIN = re.compile("[a-zA-Z]")


def parse_document(extracted: Extracted, profile: SiteProfile | None = None) -> Document:
    """Stage entry point."""
    reference = load_reference()
    patterns = reference.patterns
    meta = extracted.meta
    text = extracted.text
    page = text.page
    if profile is None:
        profile = next((s for s in reference.sites if s.name == meta.get("profile")), reference.generic)
    blocks = extracted.blocks
    furniture = [b for b in blocks if b.role == "furniture"]
    doc = Document(
        source=page.source,
        sha256=page.sha256,
        media_type=page.media_type,
        encoding=text.encoding,
        retrieved_at=page.retrieved_at,
        title=_title(meta),
    )
    _dates(doc, meta, furniture, patterns)
    doc.city, doc.venue = _place(meta.get("place"), reference.places)
    doc.venue = doc.venue or meta.get("venue")
    doc.url = _url(page.url, meta, furniture, patterns, profile)
    if profile.site_id_pattern and doc.url:
        found = profile.site_id_pattern.search(doc.url + " " + " ".join(b.text for b in furniture))
        doc.site_id = found.group(1) if found else None
    doc.publisher = url_host(doc.url) or profile.publisher or meta.get("og:site_name")
    doc.tags = extracted.tags or _tags(furniture, patterns)
    doc.captions = [b.text for b in blocks if b.role == "caption"]
    doc.segments = parse_segments(blocks, patterns)
    if doc.venue is None:
        doc.venue = _venue([s.text for s in doc.segments if s.kind == "narrative"][:1], patterns)
        if doc.venue == doc.city:
            doc.venue = None
    if doc.city is None:
        doc.city = _city([s.text for s in doc.segments if s.kind == "narrative"][:2], reference.places)
    doc.language = meta.get("lang") or detect_language(doc, patterns) or profile.language
    return doc


def parse_segments(blocks: list[Block], patterns: Patterns) -> list[Segment]:
    """Leads, captions and the body, in page order, as segments."""
    detector = load_detector()
    segments: list[Segment] = []
    paragraphs: dict[int, list[str]] = {}  # each turn's paragraphs, by its index in segments
    current: list[str] | None = None  # the paragraphs of the turn under way
    seen: set[str] = set()
    for block in blocks:
        role, text = block.role, block.text
        if role == "caption":
            segments.append(Segment("caption", text))
            continue
        if role not in ("lead", "body"):
            continue
        if patterns.separator.match(text):
            segments.append(Segment("separator", text.strip()))
            current = None
            continue
        if patterns.omission.match(text):
            segments.append(Segment("omission", text.strip()))
            current = None
            continue
        if block.hint == "heading" and role == "body":
            segments.append(Segment("narrative", text))  # a heading inside the body ends the turn under way
            current = None
            continue
        split = detector.split(text, block.bold_prefix, seen) if role == "body" else None
        if split is not None:
            current = paragraphs[len(segments)] = [split.rest] if split.rest else []
            segments.append(Segment("turn", label=split.label))
            seen.update(name_key(w) for w in label_words(split.label))
        elif current is not None:
            current.append(text)
        else:
            segments.append(Segment("narrative", text))
    for index, parts in paragraphs.items():
        words = [p.split() for p in parts]
        segments[index].text = "\n\n".join(map(" ".join, words))
        segments[index].words = sum(map(len, words))
    for segment in segments:
        if segment.kind != "turn":
            segment.words = len(segment.text.split())
    return segments


def _title(meta: dict[str, str]) -> str | None:
    title = meta.get("title") or meta.get("og:title") or meta.get("html_title")
    return " ".join(title.split()) if title else None


def _dates(doc: Document, meta: dict[str, str], furniture: list[Block], patterns: Patterns) -> None:
    found = find_date(meta["date"]) if meta.get("date") else None
    published = meta.get("article:published_time")
    if found is None and published:
        found = find_date(published)
    if found is not None:
        doc.date = found.date
    time = meta.get("time")
    doc.time = (find_date(f"{doc.date} {time}") or found).time if time and doc.date else None
    if doc.time is None and found is not None and meta.get("date") and "T" not in meta["date"]:
        doc.time = found.time
    for block in furniture:
        if doc.published is None and (m := patterns.published.match(block.text)):
            doc.published = parse_datetime(m.group(1))
        if doc.updated is None and (m := patterns.updated.match(block.text)):
            doc.updated = parse_datetime(m.group(1))
    doc.published = doc.published or (parse_datetime(published) if published else None)
    modified = meta.get("article:modified_time")
    doc.updated = doc.updated or (parse_datetime(modified) if modified else None)


def _place(text: str | None, places: Places) -> tuple[str | None, str | None]:
    """"The Kremlin, Moscow" -> ("Moscow", "The Kremlin"); "Sochi" -> ("Sochi", None); "Beijing, China" ->
    ("Beijing", None): a country is not a venue."""
    if not text:
        return None, None
    parts = [p.strip() for p in text.split(",") if p.strip()]
    for i in range(len(parts) - 1, -1, -1):
        city = places.cities.get(parts[i].casefold())
        if city:
            venue = ", ".join(p for p in parts[:i] + parts[i + 1 :] if p.casefold() not in places.countries) or None
            return city, venue
    if len(parts) == 1:
        return parts[0], None
    return parts[-1], ", ".join(parts[:-1])


_AGENCY_DATELINE = re.compile(r"^([A-ZА-ЯЁ][A-ZА-ЯЁ\- ]{1,29}[A-ZА-ЯЁ])(?:,|\.|\s+[—–-])")
_IN_PLACE = re.compile(r"\b(?:in|at)\s+([A-ZА-ЯЁ][\w\-]+(?:\s+[A-ZА-ЯЁ][\w\-]+)?)")


def _city(leads: list[str], places: Places) -> str | None:
    """A known city in a news dateline ("BISHKEK, October 13 –") or named as where the event was."""
    for text in leads:
        match = _AGENCY_DATELINE.match(text)
        if match and (city := places.cities.get(match.group(1).strip().casefold())):
            return city
        if city := places.cities.get(text.split(",", 1)[0].strip().casefold()):
            return city  # "Tashkent, April 22 (UzA). …"
        for match in _IN_PLACE.finditer(text):
            for candidate in (match.group(1), match.group(1).split()[0]):
                if city := places.cities.get(candidate.casefold()):
                    return city
    return None


@cache
def _venue_expression(nouns: tuple[str, ...], names: tuple[str, ...]) -> re.Pattern[str]:
    nouns_part = "|".join(re.escape(n) for n in nouns)
    names_part = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(
        rf"\b(?:at|in)\s+(?:the\s+)?((?:{names_part})\b(?:\s+(?:{nouns_part}))?|(?:[A-Z][\w’'\-]+\s+){{1,4}}(?:{nouns_part}))\b"
    )


def _venue(leads: list[str], patterns: Patterns) -> str | None:
    """A venue named in the first lead: "at the Bocharov Ruchei residence", "in the Kremlin"."""
    expression = _venue_expression(patterns.venue_nouns, patterns.venue_names)
    for text in leads:
        match = expression.search(text)
        if match:
            venue = match.group(1)
            return "The Kremlin" if venue == "Kremlin" else venue
    return None


def _url(
    page_url: str | None, meta: dict[str, str], furniture: list[Block], patterns: Patterns, profile: SiteProfile
) -> str | None:
    url = page_url or meta.get("canonical") or meta.get("og:url")
    if url:
        return url
    links = [b.text for b in furniture if patterns.url.match(b.text)]
    own = [u for u in links if any(h in u for h in profile.hosts)] if profile.hosts else links
    if own or links:
        return (own or links)[0]
    for block in furniture:
        if m := patterns.direct_link.match(block.text):
            link = m.group(1)
            return link if "://" in link else f"http://{link}"
    return None


def _tags(furniture: list[Block], patterns: Patterns) -> dict[str, list[str]]:
    """Tag lists printed as a heading ("Geography") followed by list items, or by short lines that are
    not sentences (a text dump without bullets: "Tags" / "Vladimir Putin" / "Turkey")."""
    tags: dict[str, list[str]] = {}
    current: str | None = None
    for block in furniture:
        text = block.text
        if text in patterns.tag_headings:
            current = patterns.tag_headings[text]
            tags.setdefault(current, [])
        elif current and (block.hint == "list_item" or _is_tag_line(text, patterns)):
            tags[current].append(text)
        else:
            current = None
    return {k: v for k, v in tags.items() if v}


def _is_tag_line(text: str, patterns: Patterns) -> bool:
    return (
        len(text.split()) <= 5 and ":" not in text and not text.endswith((".", "!", "?"))
        and not patterns.url.match(text) and not patterns.end.search(text) and not patterns.soft_end.search(text)
    )


def detect_language(doc: Document, patterns: Patterns) -> str | None:
    """A rough language guess from the script and common words of the spoken text."""
    sample = " ".join(s.text for s in doc.segments[:6])[:1500] or (doc.title or "")
    if not sample:
        return None
    cyrillic = len(_CYRILLIC.findall(sample)) if _CYRILLIC.search(sample) else 0
    if cyrillic and cyrillic > len(_LATIN.findall(sample)):
        return "be" if sample.count("ў") + sample.count("і") > 0.01 * cyrillic else "ru"
    counts = Counter(sample.lower().split())
    scores = {lang: sum(counts[w] for w in words) for lang, words in patterns.language_words.items()}
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] else None
