"""Parla-CLARIN TEI out: one file per document (a <TEI> with its own header and listPerson) and a
<teiCorpus> root holding the corpus header (every speaker in listPerson, with dated roles) and the
documents themselves, so each file validates against the Parla-CLARIN schema on its own.

In a document: the title, the source URL, site id, publisher and publication dates in sourceDesc;
the date, time, city and venue in setting; the page's tags as keywords; then the body in page
order: the raw label as printed in <note type="speaker"> before each <u who="#person">, its
paragraphs as <seg>, omissions as <gap>, narrative, captions and separators as typed <note>s.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from .selection import ExportError, Selection, iter_selected, persons_by_id
from .transcript import document_stem

TEI_NS = "http://www.tei-c.org/ns/1.0"
ROOT_FILE = "corpus.xml"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_W3C_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")  # a year, a month or a day
_W3C_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?")
_NCNAME = re.compile(r"[^\W\d][\w.\-]*")
_LANGUAGE = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*")
NOTE_KINDS = ("narrative", "caption", "separator")


def text(value: Any) -> str:
    return escape(_NOT_XML.sub("", str(value)))


def attr(value: Any) -> str:
    return quoteattr(_NOT_XML.sub("", str(value)))


def w3c(value: str | None, time: str | None = None) -> str | None:
    """An ISO date or date-time in the form TEI's @when takes, or None when it is not one."""
    if not value:
        return None
    if time and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) and re.fullmatch(r"\d{2}:\d{2}", time):
        value = f"{value}T{time}"
    if _W3C_DATETIME.fullmatch(value):
        return value if value.count(":") == 2 else value + ":00"
    return value if _W3C_DATE.fullmatch(value) else None


def person_xml_id(person_id: str) -> str:
    """A person id as an xml:id (an NCName); ids that are not one are escaped."""
    if _NCNAME.fullmatch(person_id):
        return person_id
    return "_" + re.sub(r"[^\w.\-]", "_", person_id)


def list_person(persons: list[dict[str, Any]], indent: str) -> str:
    lines = [f"{indent}<listPerson>"]
    for person in persons:
        xml_id = person_xml_id(person["id"])
        lines.append(f"{indent}  <person xml:id={attr(xml_id)}>")
        lines.append(f"{indent}    <persName>{text(person['name'])}</persName>")
        lines += [f'{indent}    <persName type="alias">{text(a)}</persName>' for a in person["aliases"]]
        if xml_id != person["id"]:
            lines.append(f'{indent}    <idno type="summitry">{text(person["id"])}</idno>')
        if person.get("country"):
            lines.append(f"{indent}    <nationality>{text(person['country'])}</nationality>")
        for role in person["roles"]:
            dates = "".join(f" {key}={attr(w3c(role.get(key)))}" for key in ("from", "to") if w3c(role.get(key)))
            lines.append(f"{indent}    <affiliation{dates}>{text(role['role'])}</affiliation>")
        lines.append(f'{indent}    <note type="origin">{text(person["origin"])}</note>')
        lines.append(f"{indent}  </person>")
    lines.append(f"{indent}</listPerson>")
    return "\n".join(lines)


def _date_element(kind: str | None, value: str | None, time: str | None = None) -> str:
    when = w3c(value, time)
    typed = f" type={attr(kind)}" if kind else ""
    shown = " ".join(x for x in (value, time) if x)
    return f"<date{typed}{f' when={attr(when)}' if when else ''}>{text(shown)}</date>"


def _header(doc: dict[str, Any], persons: list[dict[str, Any]] | None) -> list[str]:
    title = text(doc.get("title") or "(untitled)")
    bibl = [f"<title>{title}</title>"]
    if doc.get("publisher"):
        bibl.append(f"<publisher>{text(doc['publisher'])}</publisher>")
    if doc.get("url"):
        bibl.append(f'<idno type="URI">{text(doc["url"])}</idno>')
    if doc.get("site_id"):
        bibl.append(f'<idno type="site">{text(doc["site_id"])}</idno>')
    bibl += [_date_element(key, doc[key]) for key in ("published", "updated") if doc.get(key)]
    setting = [f'<name type="{key}">{text(doc[key])}</name>' for key in ("city", "venue") if doc.get(key)]
    if doc.get("date"):
        setting.append(_date_element(None, doc["date"], doc.get("time")))
    meeting = f"\n        <meeting n={attr(doc['event'])}/>" if doc.get("event") else ""
    lines = [
        "  <teiHeader>",
        "    <fileDesc>",
        f"      <titleStmt>\n        <title>{title}</title>{meeting}\n      </titleStmt>",
        "      <publicationStmt><p>Exported by summitry from a published transcript.</p></publicationStmt>",
        "      <sourceDesc>",
        "        <bibl>" + "".join(bibl) + "</bibl>",
        "      </sourceDesc>",
        "    </fileDesc>",
        "    <profileDesc>",
        "      <settingDesc><setting>" + "".join(setting) + "</setting></settingDesc>",
    ]
    if persons:
        lines += ["      <particDesc>", list_person(persons, "        "), "      </particDesc>"]
    terms = [f"<term type={attr(group)}>{text(value)}</term>" for group, values in (doc.get("tags") or {}).items() for value in values]
    if terms:
        lines.append("      <textClass><keywords>" + "".join(terms) + "</keywords></textClass>")
    lines += ["    </profileDesc>", "  </teiHeader>"]
    return lines


def _body(doc: dict[str, Any]) -> list[str]:
    lines = ["  <text>", "    <body>", '      <div type="debateSection">']
    for segment in doc["segments"]:
        kind = segment["kind"]
        if kind == "turn":
            if segment["label"]:
                lines.append(f'        <note type="speaker">{text(segment["label"])}</note>')
            who = f" who={attr('#' + person_xml_id(segment['person_id']))}" if segment["person_id"] else ""
            segs = "".join(f"<seg>{text(p)}</seg>" for p in segment["text"].split("\n\n") if p) or "<seg/>"
            utterance_id = attr(f"doc-{doc['id']}.{segment['position']}")
            lines.append(f"        <u{who} xml:id={utterance_id}>{segs}</u>")
        elif kind == "omission":
            lines.append(f'        <gap reason="editorial"><desc>{text(segment["text"])}</desc></gap>')
        else:
            note_type = kind if kind in NOTE_KINDS else "narrative"
            lines.append(f"        <note type={attr(note_type)}>{text(segment['text'])}</note>")
    return [*lines, "      </div>", "    </body>", "  </text>"]


def tei_document(doc: dict[str, Any], persons: list[dict[str, Any]] | None, root: bool = True) -> str:
    """One document as a <TEI> element; with persons, its header lists them (a file of its own)."""
    namespace = f' xmlns="{TEI_NS}"' if root else ""
    language = f" xml:lang={attr(doc['language'])}" if _LANGUAGE.fullmatch(doc.get("language") or "") else ""
    xml_id = attr(f"doc-{doc['id']}")
    lines = [f"<TEI{namespace} xml:id={xml_id}{language}>", *_header(doc, persons), *_body(doc), "</TEI>"]
    return "\n".join(lines) + "\n"


def _corpus_header(out: IO[str], corpus: Any, selection: Selection) -> None:
    db = corpus.db
    subquery, params = selection.subquery(db)
    documents = db.execute(f"SELECT COUNT(*) FROM ({subquery})", params).fetchone()[0]
    turns = f"FROM segments WHERE kind = 'turn' AND document_id IN ({subquery})"
    utterances = db.execute(f"SELECT COUNT(*) {turns}", params).fetchone()[0]
    ids = [row[0] for row in db.execute(f"SELECT DISTINCT person_id {turns}", params)]
    persons = sorted(persons_by_id(db, ids).values(), key=lambda p: p["id"])
    out.write(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<teiCorpus xmlns="{TEI_NS}" xml:id="summitry-corpus">\n'
        "  <teiHeader>\n    <fileDesc>\n      <titleStmt><title>A corpus of meeting transcripts (summitry)</title></titleStmt>\n"
        f'      <extent><measure unit="texts" quantity="{documents}">{documents} texts</measure>'
        f'<measure unit="utterances" quantity="{utterances}">{utterances} utterances</measure></extent>\n'
        "      <publicationStmt><p>Exported by summitry.</p></publicationStmt>\n"
        "      <sourceDesc><p>Published transcripts; each text names its source in its own header.</p></sourceDesc>\n"
        "    </fileDesc>\n    <profileDesc>\n      <particDesc>\n"
        f"{list_person(persons, '        ')}\n      </particDesc>\n    </profileDesc>\n  </teiHeader>\n"
    )


def export_tei(corpus: Any, out_dir: Path, selection: Selection) -> int:
    """Write one TEI file per document and the teiCorpus root (corpus.xml); returns documents written."""
    if not selection.document_ids(corpus.db):
        raise ExportError("no documents to export: a TEI corpus needs at least one (check the filters)")
    count = 0
    with open(out_dir / ROOT_FILE, "w", encoding="utf-8") as root:
        _corpus_header(root, corpus, selection)
        for doc in iter_selected(corpus, selection):
            ids = {s["person_id"] for s in doc["segments"] if s["kind"] == "turn"}
            persons = sorted(persons_by_id(corpus.db, ids).values(), key=lambda p: p["id"])
            single = f'<?xml version="1.0" encoding="UTF-8"?>\n{tei_document(doc, persons)}'
            (out_dir / f"{document_stem(doc)}.xml").write_text(single, encoding="utf-8")
            root.write(tei_document(doc, None, root=False))
            count += 1
        root.write("</teiCorpus>\n")
    return count
