"""Stage 5, parse: cleaned blocks to a Document — metadata, tags, captions and ordered segments.

Segments: ``narrative`` for leads and unspoken text, ``turn`` for a speaker label and the
paragraphs that follow it up to the next label, ``omission`` (``<…>``), ``separator`` (``* * *``)
and ``caption``.
"""

from __future__ import annotations

from ..data.reference import Patterns, SiteProfile, load_reference
from ..records import Block, Document, Extracted, Segment
from .dates import find_date, parse_datetime
from .extract import url_host
from .fallback_dates import fallback_date
from .labels import load_detector
from .language import document_language
from .place import find_place
from .speakers import label_words, name_key


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
    )
    damage = [f"{text.replaced} undecodable bytes replaced"] * bool(text.replaced) + ["mojibake repaired"] * text.repaired
    if damage:  # the page was damaged or garbled: say so
        doc.sources["decoding"] = ", ".join(damage)
    doc.title = _title(doc, meta)
    _dates(doc, meta, furniture, patterns)
    doc.url = _url(page.url, meta, furniture, patterns, profile)
    if profile.site_id_pattern and doc.url:
        found = profile.site_id_pattern.search(doc.url + " " + " ".join(b.text for b in furniture))
        doc.site_id = found.group(1) if found else None
    doc.publisher = url_host(doc.url) or profile.publisher or meta.get("og:site_name")
    doc.tags = extracted.tags or _tags(furniture, patterns)
    doc.captions = [b.text for b in blocks if b.role == "caption"]
    doc.segments = parse_segments(blocks, patterns)
    leads = [s.text for s in doc.segments if s.kind == "narrative"]
    place = find_place(meta.get("place"), doc.title, leads, reference.places, patterns)
    doc.city, doc.venue = place.city, place.venue or meta.get("venue")
    if doc.venue == doc.city:
        doc.venue = None
    if place.city:
        doc.sources["city"] = place.source or "page"
    doc.language = meta.get("lang") or detect_language(doc, patterns) or profile.language
    fallback_date(doc, blocks, text.text if page.media_type == "text/html" else None, reference.places)
    return doc


def parse_segments(blocks: list[Block], patterns: Patterns) -> list[Segment]:
    """Leads, captions and the body, in page order, as segments."""
    detector = load_detector()
    segments: list[Segment] = []
    paragraphs: dict[int, list[str]] = {}  # each turn's paragraphs, by its index in segments
    current: list[str] | None = None  # the paragraphs of the turn under way
    seen: set[str] = set()
    for at, block in enumerate(blocks):
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
        if role == "body" and patterns.clock_line.match(text):
            segments.append(Segment("narrative", text.strip()))  # "[21:15:03]": the turn under way goes on
            continue
        if block.hint == "heading" and role == "body":
            segments.append(Segment("narrative", text))  # a heading inside the body ends the turn under way
            current = None
            continue
        split = detector.split(text, block.bold_prefix, seen) if role == "body" else None
        if split is not None and not split.rest and _roster(split.label, blocks, at, patterns):
            segments.append(Segment("narrative", text))  # "PARTICIPANTS:" above a name a line
            current = None
            continue
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


def _roster(label: str, blocks: list[Block], at: int, patterns: Patterns) -> bool:
    """Whether a label alone heads a list of who takes part: a roster heading, and the lines after it
    up to the next label or blank line names only (short, no sentence's end)."""
    if label.strip().rstrip(":.").casefold() not in patterns.roster_headings:
        return False
    detector = load_detector()
    names = 0
    for block in blocks[at + 1 : at + 12]:
        if block.group != blocks[at].group or detector.split(block.text) is not None:
            break
        if len(block.text.split()) > 8 or block.text.rstrip().endswith((".", "?", "!", ":")):
            return False
        names += 1
    return names > 0


def _title(doc: Document, meta: dict[str, str]) -> str | None:
    for key, source in (("title", meta.get("source:title", "page markup")), ("og:title", "meta tag"),
                        ("html_title", "html title")):
        if title := meta.get(key):
            doc.sources["title"] = source
            return " ".join(title.split())
    return None


def _dates(doc: Document, meta: dict[str, str], furniture: list[Block], patterns: Patterns) -> None:
    found = find_date(meta["date"]) if meta.get("date") else None
    published = meta.get("article:published_time")
    source = meta.get("source:date", "page markup")
    if found is None and published:
        found, source = find_date(published), "meta tag"
    if found is not None:
        doc.date = found.date
        doc.sources["date"] = source
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
        and not patterns.url.match(text) and not patterns.end.matches(text) and not patterns.soft_end.matches(text)
    )


def detect_language(doc: Document, patterns: Patterns) -> str | None:
    """The language of the document's turns, narrative and title, among the patterns' languages."""
    return document_language(doc, patterns.languages)
