"""ConvoKit corpus directories, out and in (the layout ConvoKit 5 dumps and loads with
``Corpus(filename=DIR)``):

- ``speakers.json``: persons, meta name, origin, country, aliases, roles;
- ``conversations.json``: documents, meta title, date, time, city, venue, publisher, url, site_id,
  language, published, updated, source, tags, captions, event, version, and ``segments`` (the
  document's other segments — narrative, captions, omissions — with their positions);
- ``utterances.jsonl``: turns, each replying to the turn before it in its document, timestamped
  with the event's date (and time) in Unix seconds plus the turn's index, so time order is turn
  order; meta label (as printed), position, words;
- ``corpus.json`` and ``index.json`` (the meta types seen, as ConvoKit writes them).

Ids: a conversation is ``doc-<document id>``, an utterance ``doc-<document id>.<position>``.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from ..records import Document, Person, Role, Segment
from .selection import FormatError, Selection, iter_selected, persons_by_id

CONVERSATION_FIELDS = (
    "title", "date", "time", "city", "venue", "publisher", "url", "site_id", "language", "published", "updated",
    "source", "tags", "captions", "event", "version",
)
DOCUMENT_FIELDS = ("title", "date", "time", "city", "venue", "publisher", "url", "site_id", "language", "published", "updated")
RESERVED_META = frozenset({"ai_meta", "is_ai", "has_ai"})  # ConvoKit 5 gives these keys a meaning of its own
UNKNOWN_SPEAKER = "unknown"


def conversation_id(doc_id: int) -> str:
    return f"doc-{doc_id}"


def timestamp(date: str | None, time: str | None, index: int) -> int | None:
    """Unix seconds of the event's date and time (UTC; midnight without a time) plus index."""
    if not date:
        return None
    try:
        moment = datetime.fromisoformat(f"{date[:10]}T{time or '00:00'}").replace(tzinfo=timezone.utc)
    except ValueError:
        return None
    return int(moment.timestamp()) + index


class MetaIndex:
    """The types of each meta key, in the order first seen, as ConvoKit records them in index.json."""

    def __init__(self) -> None:
        self.types: dict[str, list[str]] = {}

    def add(self, meta: dict[str, Any]) -> dict[str, Any]:
        for key, value in meta.items():
            seen = self.types.setdefault(key, [])
            if value is not None and str(type(value)) not in seen:
                seen.append(str(type(value)))
        return meta


class _JsonObjectWriter:
    """Writes one JSON object entry by entry, so a large mapping never sits in memory."""

    def __init__(self, out: IO[str]) -> None:
        self.out, self.first = out, True
        out.write("{")

    def add(self, key: str, value: Any) -> None:
        self.out.write(("" if self.first else ", ") + json.dumps(key) + ": " + json.dumps(value, ensure_ascii=False))
        self.first = False

    def close(self) -> None:
        self.out.write("}")


def export_convokit(corpus: Any, out_dir: Path, selection: Selection) -> int:
    """Write a ConvoKit corpus directory; returns the number of conversations (documents) written."""
    index = {kind: MetaIndex() for kind in ("utterances", "speakers", "conversations", "overall")}
    speaker_ids: set[str] = set()
    count = 0
    with open(out_dir / "utterances.jsonl", "w", encoding="utf-8") as utterances, open(
        out_dir / "conversations.json", "w", encoding="utf-8"
    ) as conversations_file:
        conversations = _JsonObjectWriter(conversations_file)
        for doc in iter_selected(corpus, selection):
            cid = conversation_id(doc["id"])
            meta = {key: doc.get(key) for key in CONVERSATION_FIELDS if key in doc}
            meta["segments"] = [
                {"position": s["position"], "kind": s["kind"], "text": s["text"]} for s in doc["segments"] if s["kind"] != "turn"
            ]
            conversations.add(cid, {"meta": index["conversations"].add(meta), "vectors": []})
            previous = None
            for i, turn in enumerate(s for s in doc["segments"] if s["kind"] == "turn"):
                uid = f"{cid}.{turn['position']}"
                speaker = turn["person_id"] or UNKNOWN_SPEAKER
                speaker_ids.add(speaker)
                record = {
                    "id": uid, "conversation_id": cid, "text": turn["text"], "speaker": speaker,
                    "meta": index["utterances"].add({"label": turn["label"], "position": turn["position"], "words": turn["words"]}),
                    "reply-to": previous, "timestamp": timestamp(doc.get("date"), doc.get("time"), i), "vectors": [],
                }
                utterances.write(json.dumps(record, ensure_ascii=False) + "\n")
                previous = uid
            count += 1
        conversations.close()
    persons = persons_by_id(corpus.db, speaker_ids)
    with open(out_dir / "speakers.json", "w", encoding="utf-8") as speakers_file:
        speakers = _JsonObjectWriter(speakers_file)
        for sid in sorted(speaker_ids):
            person = persons.get(sid, {"name": None, "origin": None, "country": None, "aliases": [], "roles": []})
            meta = {key: person[key] for key in ("name", "origin", "country", "aliases", "roles")}
            speakers.add(sid, {"meta": index["speakers"].add(meta), "vectors": []})
        speakers.close()
    overall = {"name": "summitry", "filters": {k: v for k, v in vars(selection).items() if v is not None}}
    (out_dir / "corpus.json").write_text(json.dumps(index["overall"].add(overall), ensure_ascii=False), encoding="utf-8")
    index_json = {f"{kind}-index": meta.types for kind, meta in index.items()}
    (out_dir / "index.json").write_text(json.dumps({**index_json, "version": 1, "vectors": []}), encoding="utf-8")
    return count


# reading ------------------------------------------------------------------------------------------


def is_convokit_dir(path: Path) -> bool:
    """A folder with ConvoKit's utterance and speaker files."""
    def has(*names: str) -> bool:
        return any((path / name).is_file() for name in names)

    return path.is_dir() and has("utterances.jsonl", "utterances.json") and has("speakers.json", "users.json")


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise FormatError(f"{path}: not a ConvoKit file ({exc})") from None


def _meta(entry: Any) -> dict[str, Any]:
    """An entry of speakers.json / conversations.json: {"meta": {...}, "vectors": [...]} or, in older
    corpora, the meta itself."""
    if isinstance(entry, dict) and isinstance(entry.get("meta"), dict):
        return entry["meta"]
    return entry if isinstance(entry, dict) else {}


def _utterance_offsets(path: Path) -> dict[str, list[int]]:
    """Byte offsets of each conversation's utterances, in file order (one pass; lines are checked)."""
    offsets: dict[str, list[int]] = {}
    with open(path, "rb") as handle:
        for number, line in enumerate(iter(handle.readline, b""), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                cid = str(record.get("conversation_id") or record.get("root") or record["id"])
            except (ValueError, KeyError, AttributeError):
                raise FormatError(f"{path}: line {number} is not a ConvoKit utterance") from None
            offsets.setdefault(cid, []).append(handle.tell() - len(line))
    return offsets


def count_conversations(path: Path) -> int:
    """How many conversations (documents) a ConvoKit folder holds, from one pass over its utterances."""
    jsonl = path / "utterances.jsonl"
    if jsonl.is_file():
        return len(_utterance_offsets(jsonl))
    listed = _load_json(path / "utterances.json")
    return len({str(r.get("conversation_id") or r.get("root") or r.get("id")) for r in listed if isinstance(r, dict)})


def _person(speaker_id: str, meta: dict[str, Any]) -> Person:
    roles = [
        Role(str(r.get("role")), r.get("from"), r.get("to"))
        for r in meta.get("roles") or []
        if isinstance(r, dict) and r.get("role")
    ]
    aliases = [a for a in meta.get("aliases") or [] if isinstance(a, str)]
    name = meta.get("name") if isinstance(meta.get("name"), str) else speaker_id
    return Person(speaker_id, name, aliases=aliases, country=meta.get("country"), roles=roles, origin=meta.get("origin") or "imported")


def _turn(record: dict[str, Any], person: Person) -> tuple[int | None, Segment]:
    meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
    text = str(record.get("text") or "")
    words = meta.get("words")
    segment = Segment(
        "turn", text, label=meta.get("label") or person.name,
        person_id=person.id, speaker=person.name, words=words if isinstance(words, int) else len(text.split()),
    )
    position = meta.get("position")
    return (position if isinstance(position, int) else None), segment


def _document(source: str, meta: dict[str, Any], turns: list[tuple[int | None, Segment]], first_time: Any) -> Document:
    doc = Document(source=source, sha256="", media_type="application/x-convokit", encoding="utf-8")
    for key in DOCUMENT_FIELDS:
        if isinstance(meta.get(key), str):
            setattr(doc, key, meta[key])
    if isinstance(meta.get("tags"), dict):
        doc.tags = {k: [str(x) for x in v] for k, v in meta["tags"].items() if isinstance(v, list)}
    if doc.date is None and isinstance(first_time, (int, float)):
        with contextlib.suppress(OverflowError, OSError, ValueError):  # a timestamp no calendar has: no date
            doc.date = datetime.fromtimestamp(first_time, timezone.utc).date().isoformat()
    others = [
        (s["position"], Segment(s["kind"], s["text"]))
        for s in meta.get("segments") or []
        if isinstance(s, dict) and isinstance(s.get("position"), int) and isinstance(s.get("text"), str)
        and s.get("kind") in ("narrative", "omission", "separator", "caption")
    ]
    if all(position is not None for position, _ in turns) and others:
        ordered = sorted([*turns, *others], key=lambda pair: pair[0])  # type: ignore[arg-type, return-value]
    else:
        ordered = [*turns, *others]
    doc.segments = [segment for _, segment in ordered]
    captions = meta.get("captions")
    doc.captions = [str(c) for c in captions] if isinstance(captions, list) else [s.text for s in doc.segments if s.kind == "caption"]
    return doc


def _conversation_records(path: Path) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """(conversation id, its utterance records in file order), one conversation in memory at a time."""
    jsonl = path / "utterances.jsonl"
    if jsonl.is_file():
        offsets = _utterance_offsets(jsonl)
        with open(jsonl, "rb") as handle:
            for cid, places in offsets.items():
                records = []
                for place in places:
                    handle.seek(place)
                    records.append(json.loads(handle.readline()))
                yield cid, records
        return
    listed = _load_json(path / "utterances.json")  # older corpora: one JSON list
    if not isinstance(listed, list) or not all(isinstance(r, dict) for r in listed):
        raise FormatError(f"{path / 'utterances.json'}: not a list of utterances")
    grouped: dict[str, list[dict[str, Any]]] = {}
    for record in listed:
        grouped.setdefault(str(record.get("conversation_id") or record.get("root") or record.get("id")), []).append(record)
    yield from grouped.items()


def read_convokit(path: Path) -> Iterator[Document]:
    """Each conversation of a ConvoKit corpus directory as a Document (turns, speakers as persons).
    The whole utterance file is checked before the first document is yielded."""
    speakers = _load_json(path / "speakers.json" if (path / "speakers.json").is_file() else path / "users.json")
    conversations = _load_json(path / "conversations.json") if (path / "conversations.json").is_file() else {}
    if not isinstance(speakers, dict) or not isinstance(conversations, dict):
        raise FormatError(f"{path}: speakers.json and conversations.json must hold JSON objects")
    persons: dict[str, Person] = {}
    seen: set[str] = set()
    for cid, records in _conversation_records(path):
        turns, doc_persons = [], {}
        for record in records:
            speaker_id = str(record.get("speaker") or record.get("user") or UNKNOWN_SPEAKER)
            if speaker_id not in persons:
                persons[speaker_id] = _person(speaker_id, _meta(speakers.get(speaker_id)))
            doc_persons[speaker_id] = persons[speaker_id]
            turns.append(_turn(record, persons[speaker_id]))
        first_time = next((r.get("timestamp") for r in records if r.get("timestamp") is not None), None)
        doc = _document(f"{path}#{cid}", _meta(conversations.get(cid)), turns, first_time)
        doc.persons = doc_persons
        seen.add(cid)
        yield doc
    for cid, entry in conversations.items():  # documents with no turns (readouts) that summitry wrote
        meta = _meta(entry)
        if cid not in seen and meta.get("segments"):
            yield _document(f"{path}#{cid}", meta, [], None)
