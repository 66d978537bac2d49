"""A small invented corpus for the export and import tests: three documents stored directly (no
parsing), with every kind of segment, persons with dated roles, text that needs escaping, a
Cyrillic document, a readout with no turns and a speaker id that is not an XML name."""

from __future__ import annotations

from pathlib import Path

from summitry import Corpus, Document, Person, Segment
from summitry.pipeline.read import make_page
from summitry.records import Role

PETROV = Person(
    "ivan-petrov", "Ivan Petrov", aliases=["И.Петров", "Ivan Ivanovich"], country="XX",
    roles=[Role("Prime Minister of Freedonia", "2008-05-08", "2012-05-07"), Role("President of Freedonia", "2012-05-07", None)],
)
FIREFLY = Person("rufus-firefly", "Rufus Firefly", origin="auto")
SECOND = Person("2nd-speaker", "Second Speaker", origin="auto")


def turn(person: Person, label: str, *paragraphs: str) -> Segment:
    text = "\n\n".join(paragraphs)
    return Segment("turn", text, label=label, person_id=person.id, speaker=person.name, words=len(text.split()))


def other(kind: str, text: str) -> Segment:
    return Segment(kind, text, words=len(text.split()))  # type: ignore[arg-type]


def documents() -> list[Document]:
    talks = Document(
        source="pages/talks.html", sha256="", media_type="text/html", title="Talks with the President of Freedonia & Sylvania",
        date="2022-03-04", time="11:30", city="Riverton", venue="Lake House", publisher="news.example.org",
        url="https://news.example.org/talks/1?a=1&b=2", site_id="1", language="en", published="2022-03-04T12:00",
        tags={"geography": ["Freedonia"], "topics": ["Trade & transport"]}, captions=["Before the talks."],
        segments=[
            other("narrative", "The two presidents met at the\xa0Lake House."),
            other("caption", "Before the talks."),
            turn(PETROV, "President of Freedonia Ivan Petrov", "Good afternoon, Mr Firefly.", "Trade grew by 5% < 10% & more, says <the> report."),
            turn(FIREFLY, "R. Firefly:", "Thank you. *Really* [good] _news_."),
            other("omission", "<…>"),
            turn(PETROV, "I. Petrov", "We agreed on the \"road map\"."),
            other("separator", "* * *"),
            turn(SECOND, "Question", "# Is this a heading? 1. No."),
        ],
        persons={p.id: p for p in (PETROV, FIREFLY, SECOND)},
    )
    meeting = Document(
        source="pages/meeting.txt", sha256="", media_type="text/plain", title="Встреча с Президентом Фридонии",
        date="2023-01-02", city="Москва", publisher="kremlin.example.ru", language="ru",
        segments=[turn(PETROV, "И.Петров", "Добрый день."), turn(FIREFLY, "Р.Файрфлай", "Спасибо.")],
        persons={p.id: p for p in (PETROV, FIREFLY)},
    )
    readout = Document(
        source="pages/readout.html", sha256="", media_type="text/html", title="Telephone conversation",
        date="2023-05-06", publisher="gov.example.by", language="en",
        segments=[other("narrative", "The presidents spoke by telephone.")],
    )
    return [talks, meeting, readout]


def build(db: Path) -> Corpus:
    """A corpus database holding the invented documents (ids 1, 2, 3)."""
    corpus = Corpus(db)
    for doc in documents():
        page = make_page(doc.source, doc.title.encode("utf-8"), doc.media_type)
        doc.sha256 = page.sha256
        corpus.store.add(page, doc)
    return corpus


def comparable(doc: dict) -> dict:
    """A stored document as the JSONL export writes it, without what an import changes (id, source)."""
    from summitry.formats.export import document_record

    record = document_record(doc)
    for key in ("id", "source", "event", "version"):
        record.pop(key, None)
    return record
