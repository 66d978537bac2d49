"""Events as analysts ask for them: the list of meetings, one meeting with its versions and what
each adds, and the places where its versions disagree.

    list_events(corpus); list_visits(corpus); event_detail(corpus, "2023-06-09-sochi")
    compare_documents(corpus, 1, 2); compare_event(corpus, "2023-06-09-sochi")

Beyond the pairwise divergences of ``align.compare``, an event's versions are checked together:
a claim in a document's narrative (a sentence that reports what someone said) whose key terms or
figures no turn of any version contains, and a quote in a narrative that renders no turn.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ..data.coordinates import city_coordinates
from ..events.align import Comparison, Divergence, compare, turns_of
from ..events.similarity import features, load_lexicon, persons_named, sentences
from ..events.trace import QUOTE, TRACE_THRESHOLD, best_passage, quotes
from ..events.versions import load_vocabulary, page_key
from ..store.filters import date_bound
from .corpus import Corpus

CLAIM_TERMS = ("term", "num", "month")  # what a claim must find in some turn


class EventError(ValueError):
    """An event or a document that is not in the corpus; the message is one line."""


@dataclass
class EventComparison:
    event: str
    canonical: int
    comparisons: list[Comparison]
    divergences: list[Divergence]


def _names(corpus: Corpus) -> dict[str, str]:
    return dict(corpus.db.execute("SELECT id, name FROM persons").fetchall())


def list_events(corpus: Corpus, since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
    """Every event: date, place, kind, participants (names), number of versions, canonical document.
    Events of a day whose year is unknown ("XXXX-08-22") come last, and only when no dates are asked."""
    since, until = date_bound(since, "since"), date_bound(until, "until", end=True)
    rows = corpus.db.execute(
        """SELECT e.id, e.date, e.time, e.city, e.venue, e.kind, e.title, e.participants, e.canonical_id AS canonical,
                  e.visit_id AS visit, COUNT(d.document_id) AS versions
           FROM events e JOIN event_documents d ON d.event_id = e.id
           WHERE (e.date >= ? AND e.date <= ?) OR (? AND e.date LIKE 'X%')
           GROUP BY e.id ORDER BY e.date, e.id""",
        (since or "", until or "9999", since is None and until is None),
    ).fetchall()
    names = _names(corpus)
    return [{**dict(r), "participants": [names.get(p, p) for p in json.loads(r["participants"])]} for r in rows]


def meeting_places(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The cities of these events (rows of list_events), most events first: city, events, and where it
    lies (``latitude``, ``longitude``; None for a city that cannot be placed). Events of no known city
    are left out."""
    counts: dict[str, int] = {}
    for event in events:
        if event["city"]:
            counts[event["city"]] = counts.get(event["city"], 0) + 1
    places = []
    for city, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        latitude, longitude = city_coordinates().get(city, (None, None))
        places.append({"city": city, "events": n, "latitude": latitude, "longitude": longitude})
    return places


def list_visits(corpus: Corpus, since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
    """Every visit (two sessions or more of one stay): first and last day, city, participants (names),
    its sessions in order (event id, date, kind, title, versions), and the documents that report it
    whole (``whole``: id, title, the sessions each is linked to)."""
    since, until = date_bound(since, "since"), date_bound(until, "until", end=True)
    names = _names(corpus)
    visits = [
        dict(r) for r in corpus.db.execute(
            "SELECT id, start, end, city, participants FROM visits WHERE end >= ? AND start <= ? ORDER BY start, id",
            (since or "", until or "9999"),
        )
    ]
    sessions: dict[str, list[dict[str, Any]]] = {}
    for row in corpus.db.execute(
        """SELECT e.visit_id, e.id, e.date, e.time, e.kind, e.title, COUNT(d.document_id) AS versions
           FROM events e JOIN event_documents d ON d.event_id = e.id
           WHERE e.visit_id IS NOT NULL GROUP BY e.id ORDER BY e.date, e.time, e.id"""
    ):
        visit_id, *rest = row
        sessions.setdefault(visit_id, []).append(dict(zip(("id", "date", "time", "kind", "title", "versions"), rest, strict=True)))
    whole = _whole_visit_documents(corpus)
    return [
        {**v, "participants": [names.get(p, p) for p in json.loads(v["participants"])], "sessions": sessions.get(v["id"], []),
         "whole": whole.get(v["id"], [])}
        for v in visits
    ]


def _whole_visit_documents(corpus: Corpus) -> dict[str, list[dict[str, Any]]]:
    """By visit, the documents that report it whole, not one session of it: linked to two sessions of
    it (a day's digest of the talks and the news conference), or headed as a visit ("Lukashenko's
    working visit to Russia"); with the sessions each is linked to."""
    rows = corpus.db.execute(
        """SELECT e.visit_id, d.id, d.title, group_concat(l.event_id) FROM events e
           JOIN event_documents l ON l.event_id = e.id JOIN documents d ON d.id = l.document_id
           WHERE e.visit_id IS NOT NULL GROUP BY e.visit_id, d.id ORDER BY d.id"""
    ).fetchall()
    vocabulary = load_vocabulary()
    whole: dict[str, list[dict[str, Any]]] = {}
    for visit_id, doc_id, title, events in rows:
        if "," in events or vocabulary.names_visit(title):
            whole.setdefault(visit_id, []).append({"id": doc_id, "title": title, "sessions": sorted(events.split(","))})
    return whole


def _event_row(corpus: Corpus, event_id: str) -> dict[str, Any]:
    row = corpus.db.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        raise EventError(f"no event {event_id!r} (summitry events lists them; summitry link links the corpus)")
    return dict(row)


def _document(corpus: Corpus, doc_id: int) -> dict[str, Any]:
    doc = corpus.document(doc_id)
    if doc is None:
        raise EventError(f"no document {doc_id} (summitry documents lists them)")
    return doc


def _members(corpus: Corpus, event_id: str) -> list[dict[str, Any]]:
    rows = corpus.db.execute(
        "SELECT document_id, version, score FROM event_documents WHERE event_id = ? ORDER BY document_id", (event_id,)
    ).fetchall()
    docs = []
    for doc_id, version, score in rows:
        doc = _document(corpus, doc_id)
        docs.append({**doc, "version": version, "score": score})
    return docs


def event_detail(corpus: Corpus, event_id: str) -> dict[str, Any]:
    """One event: its fields, and each document with its version kind and what it adds to the
    canonical text (turns and sentences only it has, terms only it names, quotes and claims)."""
    event = _event_row(corpus, event_id)
    names = _names(corpus)
    participants = json.loads(event["participants"])
    event["participants"] = [names.get(p, p) for p in participants]
    members = _members(corpus, event_id)
    canonical = next((d for d in members if d["id"] == event["canonical_id"]), members[0])
    with_turns = [d for d in members if d["turns"]]
    claims = unsupported_claims(members, set(participants))
    documents = []
    for doc in sorted(members, key=lambda d: (d["id"] != canonical["id"], d["id"])):
        latest = _latest_revision(doc, members) if doc["version"] == "revision" else None
        adds = _adds(doc, latest or canonical, with_turns, claims)
        if latest is not None:
            adds = {"revision_of": latest["id"], **adds}
        documents.append({
            "id": doc["id"], "title": doc["title"], "publisher": doc["publisher"], "language": doc["language"],
            "date": doc["date"], "version": doc["version"], "canonical": doc["id"] == canonical["id"],
            "score": doc["score"], "turns": doc["turns"], "words": doc["words"], "adds": adds,
        })
    return {**event, "documents": documents}


def _latest_revision(doc: dict[str, Any], members: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The latest revision of an earlier revision's page: the member of its site with its site id or URL."""
    wanted = page_key(doc["publisher"], doc["site_id"], doc["url"])
    if wanted is None:
        return None
    return next(
        (m for m in members if m["version"] != "revision" and page_key(m["publisher"], m["site_id"], m["url"]) == wanted), None
    )


def _adds(doc: dict[str, Any], canonical: dict[str, Any], with_turns: list[dict[str, Any]], claims: list[Divergence]) -> dict[str, Any]:
    """What a document adds to a base text: the canonical one, or for an earlier revision its latest."""
    adds: dict[str, Any] = {}
    if doc["id"] != canonical["id"] and doc["turns"] and canonical["turns"]:
        c = compare(canonical, doc)
        adds["paired_turns"] = c.paired
        adds["turns_changed"] = sum(1 for p in c.pairs if p.a and p.b and [t.text for t in p.a] != [t.text for t in p.b])
        adds["turns_only_here"] = sum(1 for p in c.pairs if p.b and not p.a)
        adds["turns_missing"] = sum(1 for p in c.pairs if p.a and not p.b)
        adds["sentences_only_here"] = sum(1 for p in c.pairs for xs, ys, _ in p.sentences if ys and not xs)
        adds["terms_only_here"] = sorted(
            {d.detail.split(" only in ")[0] for d in c.divergences if d.kind == "term" and d.document == doc["id"]}
        )
    narrative = [s["text"] for s in doc["segments"] if s["kind"] == "narrative"]
    found = [q for text in narrative for q in quotes(text)]
    if found:
        turns = [t.text for d in with_turns for t in turns_of(d)]
        traced = sum(1 for q in found if _traced(q, turns))
        adds["quotes"], adds["quotes_traced"] = len(found), traced
    adds["narrative_sentences"] = sum(len(sentences(t)) for t in narrative)
    adds["unsupported_claims"] = [d.text for d in claims if d.document == doc["id"]]
    return adds


def _traced(quote: str, turns: list[str]) -> bool:
    wanted = features(quote)
    return any(best_passage(wanted, t)[0] >= TRACE_THRESHOLD for t in turns)


def summary(adds: dict[str, Any]) -> str:
    """What a document adds, in a few words."""
    parts = []
    if "revision_of" in adds:
        parts.append(f"earlier revision of #{adds['revision_of']}: {adds.get('turns_changed', 0)} turns changed")
    if "paired_turns" in adds:
        parts.append(f"{adds['paired_turns']} turns paired, +{adds['turns_only_here']} turns, "
                     f"-{adds['turns_missing']} turns, +{adds['sentences_only_here']} sentences")
    if adds.get("terms_only_here"):
        parts.append("only here: " + ", ".join(adds["terms_only_here"][:6]))
    if "quotes" in adds:
        parts.append(f"{adds['quotes']} quotes ({adds['quotes_traced']} traced to turns)")
    if adds.get("narrative_sentences"):
        parts.append(f"{adds['narrative_sentences']} narrative sentences")
    if adds.get("unsupported_claims"):
        parts.append(f"{len(adds['unsupported_claims'])} unsupported claims")
    return "; ".join(parts)


def compare_documents(corpus: Corpus, a: int, b: int) -> Comparison:
    return compare(_document(corpus, a), _document(corpus, b))


def compare_event(corpus: Corpus, event_id: str) -> EventComparison:
    """The canonical text against each other version with turns, and every version's narrative
    against the turns of all: the divergences, the most important first."""
    event = _event_row(corpus, event_id)
    members = _members(corpus, event_id)
    canonical = next((d for d in members if d["id"] == event["canonical_id"]), members[0])
    comparisons = [compare(canonical, d) for d in members if d["id"] != canonical["id"] and d["turns"] and canonical["turns"]]
    divergences = [d for c in comparisons for d in c.divergences]
    divergences += unsupported_claims(members, set(json.loads(event["participants"]))) + unsourced_quotes(members)
    divergences.sort(key=lambda d: -d.score)
    return EventComparison(event_id, canonical["id"], comparisons, divergences)


def _reports_speech(sentence: str) -> bool:
    words = {w.lower() for w in re.findall(r"\w+", sentence)}
    return bool(words & load_lexicon().reporting_words)


def unsupported_claims(docs: list[dict[str, Any]], participants: set[str]) -> list[Divergence]:
    """Narrative sentences that report what someone said (or precede one that attributes them)
    whose key terms or figures are in no turn of any version. A page linked to several events (a
    digest) is checked only in its sentences about this event's participants."""
    spoken: set[str] = set()
    for doc in docs:
        for turn in turns_of(doc):
            spoken |= turn.features.terms
    if not spoken:
        return []  # no version has turns: nothing to check against
    found = []
    for doc in docs:
        for segment in doc["segments"]:
            if segment["kind"] != "narrative":
                continue
            parts = sentences(segment["text"])
            digest = len(doc.get("events") or ()) > 1
            for i, sentence in enumerate(parts):
                if not (_reports_speech(sentence) or (i + 1 < len(parts) and _reports_speech(parts[i + 1]))):
                    continue
                if digest and persons_named(sentence) - participants:
                    continue  # about another of the digest's meetings
                claim = QUOTE.sub(" ", sentence)  # quotes are traced on their own
                missing = sorted(
                    t for t in features(claim).terms - spoken if t.partition(":")[0] in CLAIM_TERMS
                )
                if missing:
                    score = 0.95 if any(t.startswith("term:") for t in missing) else 0.75
                    detail = "no turn of any version says: " + ", ".join(t.partition(":")[2] for t in missing)
                    found.append(Divergence("unsupported claim", score, doc["id"], None, segment["position"], sentence, detail))
    return found


def unsourced_quotes(docs: list[dict[str, Any]]) -> list[Divergence]:
    """Quotes in a narrative that render no turn of any version (when some version has turns)."""
    turns = [t.text for d in docs for t in turns_of(d)]
    if not turns:
        return []
    found = []
    for doc in docs:
        for segment in doc["segments"]:
            if segment["kind"] == "narrative":
                for quote in quotes(segment["text"]):
                    if not _traced(quote, turns):
                        found.append(Divergence(
                            "unsourced quote", 0.7, doc["id"], None, segment["position"], quote,
                            "no turn of any version renders this quote",
                        ))
    return found
