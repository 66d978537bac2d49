"""Stage 11, export: the corpus in the formats analysts' tools read. Exports stream document by
document, so memory stays flat whatever the corpus size.

JSONL: one object per document (schema in README.md, "JSONL export").
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from .corpus import Corpus

JSONL_FIELDS = (
    "id", "source", "title", "date", "time", "city", "venue", "url", "site_id", "publisher", "language",
    "published", "updated", "tags", "captions",
)


def document_record(doc: dict[str, Any]) -> dict[str, Any]:
    """A stored document as the JSONL export writes it."""
    record = {key: doc[key] for key in JSONL_FIELDS}
    segments = doc["segments"]
    record["narrative"] = [s["text"] for s in segments if s["kind"] == "narrative"]
    record["turns"] = [
        {"speaker": s["speaker"], "person_id": s["person_id"], "label": s["label"], "text": s["text"], "words": s["words"]}
        for s in segments
        if s["kind"] == "turn"
    ]
    record["segments"] = [{"kind": s["kind"], "text": s["text"]} for s in segments if s["kind"] != "turn"]
    return record


def iter_jsonl(corpus: Corpus) -> Iterator[str]:
    for doc in corpus.iter_documents():
        yield json.dumps(document_record(doc), ensure_ascii=False)


def export_jsonl(corpus: Corpus, out: IO[str]) -> int:
    """Write one JSON object per line; returns the number of documents written."""
    count = 0
    for line in iter_jsonl(corpus):
        out.write(line + "\n")
        count += 1
    return count
