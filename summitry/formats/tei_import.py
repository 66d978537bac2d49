"""Parla-CLARIN / ParlaMint TEI in: a <TEI> file, or a <teiCorpus> holding its texts inline or
through XInclude (ParlaMint's root files), to Documents with turns and persons.

Read with iterparse, one <TEI> at a time, so a large corpus file never sits in memory whole. What
summitry's own TEI export writes comes back as it was; other corpora map as well as they can: a
<u> is a turn (its <seg>s the paragraphs, the <note type="speaker"> before it the label), a <gap>
an omission, captions and separators typed <note>s, and other notes, heads and incidents narrative.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from ..records import Document, Person, Role, Segment
from .selection import FormatError

TEI_NS = "{http://www.tei-c.org/ns/1.0}"
XINCLUDE = "{http://www.w3.org/2001/XInclude}include"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_INCLUDE_DEPTH = 4
INLINE_SKIPPED = frozenset({"note", "vocal", "kinesic", "incident", "gap", "pause"})  # inside a <seg>
_SPACES = re.compile(r"[ \t\r\n]+")  # XML whitespace; non-breaking spaces are text


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _squash(value: str | None) -> str:
    return _SPACES.sub(" ", value or "").strip()


def _text(element: ET.Element, skipped: frozenset[str] = frozenset()) -> str:
    """The element's text, without the subtrees of skipped tags (their tails are kept)."""
    parts = [element.text or ""]
    for child in element:
        if local(child.tag) not in skipped:
            parts.append(_text(child, skipped))
        parts.append(child.tail or "")
    return "".join(parts)


def is_tei_file(path: Path) -> bool:
    """A file whose root element is <TEI> or <teiCorpus>."""
    if not path.is_file():
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return re.search(rb"<(?:\w+:)?(?:TEI|teiCorpus)[\s>]", head) is not None


def _find(element: ET.Element, *path: str) -> ET.Element | None:
    """The first descendant along a path of local names (any namespace prefix)."""
    for name in path:
        found = next((e for e in element.iter() if e is not element and local(e.tag) == name), None)
        if found is None:
            return None
        element = found
    return element


def _all(element: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in element.iter() if local(e.tag) == name]


def _person(element: ET.Element) -> Person:
    xml_id = element.get(XML_ID) or ""
    own_id = next((_squash(i.text) for i in _all(element, "idno") if i.get("type") == "summitry"), None)
    names = _all(element, "persName")
    main = next((n for n in names if n.get("type") != "alias"), None)
    if main is not None and any(local(c.tag) in ("forename", "surname") for c in main):
        parts = [_squash(_text(c)) for c in main if local(c.tag) == "forename"]
        parts += [_squash(_text(c)) for c in main if local(c.tag) == "surname"]
        name = " ".join(p for p in parts if p)
    else:
        name = _squash(_text(main)) if main is not None else ""
    roles = []
    for affiliation in _all(element, "affiliation"):
        role = _squash(_text(affiliation)) or " ".join(x for x in (affiliation.get("role"), affiliation.get("ref")) if x)
        if role:
            roles.append(Role(role, affiliation.get("from"), affiliation.get("to")))
    nationality = _find(element, "nationality")
    origin = next((_squash(n.text) for n in _all(element, "note") if n.get("type") == "origin"), None)
    return Person(
        id=own_id or xml_id, name=name or own_id or xml_id,
        aliases=[_squash(_text(n)) for n in names if n.get("type") == "alias"],
        country=(_squash(nationality.text) or nationality.get("key")) if nationality is not None else None,
        roles=roles, origin=origin or "imported",
    )


def _persons(header: ET.Element, base: Path, depth: int, chain: tuple[Path, ...] = ()) -> dict[str, Person]:
    """Persons listed in a header, also those in listPerson files it XIncludes; keyed by xml:id."""
    chain = chain or (base.resolve(),)
    found = {e.get(XML_ID, ""): _person(e) for e in _all(header, "person") if e.get(XML_ID)}
    for include in header.iter(XINCLUDE):
        if include.get("href") and depth < MAX_INCLUDE_DEPTH:
            target = _included(base, include.get("href", ""), chain)
            try:
                found.update(_persons(ET.parse(target).getroot(), target, depth + 1, (*chain, target)))
            except (ET.ParseError, OSError) as exc:
                raise FormatError(f"{target}: cannot read the included file ({exc})") from None
    return found


_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _included(base: Path, href: str, chain: tuple[Path, ...]) -> Path:
    """The file an XInclude names, kept inside the folder of the first TEI file read (chain[0]):
    a URL, an absolute path, a path escaping that folder or one already being read (a file that
    includes itself, or a cycle) is a FormatError."""
    root = chain[0]
    if _URL_SCHEME.match(href):
        raise FormatError(f"{root}: refuses to include a URL ({href}); includes must be files beside it")
    if Path(href).is_absolute():
        raise FormatError(f"{root}: refuses to include an absolute path ({href}); includes must be files beside it")
    target = (base.resolve().parent / href).resolve()
    if not target.is_relative_to(root.parent):
        raise FormatError(f"{root}: refuses to include {href}, outside its folder {root.parent}")
    if target in chain:
        raise FormatError(f"{root}: includes itself ({base.name} includes {href})")
    return target


def _when(value: str | None) -> tuple[str | None, str | None]:
    """(date, time) of a @when."""
    if not value or not re.match(r"\d{4}-\d{2}-\d{2}", value):
        return None, None
    return value[:10], (value[11:16] if len(value) >= 16 and value[10] == "T" else None)


def _value(element: ET.Element | None) -> str | None:
    return (_squash(_text(element)) or None) if element is not None else None


def _header_fields(doc: Document, header: ET.Element) -> None:
    title_stmt = _find(header, "titleStmt")
    titles = _all(title_stmt, "title") if title_stmt is not None else []
    doc.title = _value(next((t for t in titles if t.get("type") == "main"), titles[0] if titles else None))
    bibl = _find(header, "sourceDesc", "bibl")
    if bibl is not None:
        doc.publisher = _value(_find(bibl, "publisher"))
        for idno in _all(bibl, "idno"):
            kind = (idno.get("type") or "").lower()
            if kind in ("uri", "url") and not doc.url:
                doc.url = _squash(idno.text) or None
            elif kind == "site":
                doc.site_id = _squash(idno.text) or None
        for date in _all(bibl, "date"):
            if date.get("type") in ("published", "updated"):
                setattr(doc, date.get("type", ""), _squash(date.text) or date.get("when"))
            elif doc.date is None:
                doc.date, doc.time = _when(date.get("when"))
    setting = _find(header, "settingDesc", "setting")
    if setting is not None:
        for name in _all(setting, "name") + _all(setting, "placeName") + _all(setting, "settlement"):
            kind = name.get("type") or "city"
            if kind in ("city", "venue") and getattr(doc, kind) is None:
                setattr(doc, kind, _value(name))
        date = _find(setting, "date")
        if date is not None and _when(date.get("when"))[0]:
            doc.date, doc.time = _when(date.get("when"))
    for term in _all(header, "term") if _find(header, "textClass") is not None else []:
        doc.tags.setdefault(term.get("type") or "keywords", []).append(_squash(_text(term)))


def _segments(body: ET.Element, persons: dict[str, Person], doc: Document) -> None:
    label: str | None = None
    for element in body:
        kind = local(element.tag)
        if kind == "u":
            who = (element.get("who") or "").split()
            ref = who[0].lstrip("#") if who else ""
            person = persons.get(ref) or (Person(ref, ref, origin="imported") if ref else None)
            segs = [e for e in element if local(e.tag) == "seg"]
            paragraphs = [_squash(_text(s, INLINE_SKIPPED)) for s in segs] or [_squash(_text(element, INLINE_SKIPPED))]
            paragraphs = [p for p in paragraphs if p]
            text = "\n\n".join(paragraphs)
            if person is not None:
                doc.persons[person.id] = person
            doc.segments.append(Segment(
                "turn", text, label=label or (person.name if person else None),
                person_id=person.id if person else None, speaker=person.name if person else None, words=len(text.split()),
            ))
            label = None
        elif kind == "note" and element.get("type") == "speaker":
            raw = _text(element)  # as printed; only a pretty-printed (multi-line) note is squashed
            label = (_squash(raw) if "\n" in raw else raw) or None
        elif kind in ("note", "head", "p", "gap", "incident", "kinesic", "vocal", "desc"):
            text = _squash(_text(element))
            note_type = element.get("type")
            segment_kind = "omission" if kind == "gap" else note_type if note_type in ("caption", "separator") else "narrative"
            if segment_kind == "omission" and not text:
                text = "<…>"
            if text:
                doc.segments.append(Segment(segment_kind, text, words=len(text.split())))
        elif kind not in ("listEvent", "fw", "pb", "lb", "milestone", "anchor", "timeline"):
            _segments(element, persons, doc)  # div and other containers


def tei_document(
    element: ET.Element, path: Path, inherited: dict[str, Person], chain: tuple[Path, ...] = ()
) -> Document:
    xml_id = element.get(XML_ID)
    doc = Document(source=f"{path}#{xml_id}" if xml_id else str(path), sha256="", media_type="application/tei+xml", encoding="utf-8")
    doc.language = element.get(XML_LANG)
    header = next((e for e in element if local(e.tag) == "teiHeader"), None)
    persons = dict(inherited)
    if header is not None:
        _header_fields(doc, header)
        persons.update(_persons(header, path, 0, chain or (path.resolve(),)))
    text = next((e for e in element if local(e.tag) == "text"), None)
    body = _find(text, "body") if text is not None else None
    if body is not None:
        _segments(body, persons, doc)
    doc.captions = [s.text for s in doc.segments if s.kind == "caption"]
    return doc


def read_tei(
    path: Path, inherited: dict[str, Person] | None = None, depth: int = 0, chain: tuple[Path, ...] = ()
) -> Iterator[Document]:
    """Each <TEI> of a TEI or teiCorpus file as a Document, in file order; chain holds the files
    being read (the first one's folder confines XIncludes)."""
    persons = dict(inherited or {})
    chain = (*chain, path.resolve()) if chain else (path.resolve(),)
    stack: list[str] = []
    try:
        for event, element in ET.iterparse(path, events=("start", "end")):
            name = local(element.tag)
            if event == "start":
                if not stack and name not in ("TEI", "teiCorpus"):
                    raise FormatError(f"{path}: not a TEI file (its root is <{name}>, not <TEI> or <teiCorpus>)")
                stack.append(name)
                continue
            stack.pop()
            if name == "TEI":
                yield tei_document(element, path, persons, chain)
                element.clear()
            elif name == "teiHeader" and stack == ["teiCorpus"]:
                persons.update(_persons(element, path, depth, chain))
                element.clear()
            elif element.tag == XINCLUDE and stack == ["teiCorpus"] and depth < MAX_INCLUDE_DEPTH:
                target = _included(path, element.get("href", ""), chain)
                yield from read_tei(target, persons, depth + 1, chain)
    except ET.ParseError as exc:
        raise FormatError(f"{path}: not well-formed XML ({exc})") from None
    except LookupError as exc:  # expat: an <?xml encoding="..."?> Python does not know
        raise FormatError(f"{path}: declares an encoding Python cannot decode ({exc})") from None
    except OSError as exc:
        raise FormatError(f"{exc.filename or path}: cannot read ({exc.strerror or exc})") from None
