"""Stage 11, export: the corpus in the formats analysts' tools read. Exports stream document by
document (or chunk of rows by chunk), so memory stays flat whatever the corpus size.

    jsonl     one object per document, one per line (schema in README.md, "JSONL export")
    csv       a folder: one table per record kind (summitry/data/export_tables.yaml)
    parquet   the same tables as Parquet files
    convokit  a ConvoKit corpus folder (summitry.formats.convokit)
    tei       a folder of Parla-CLARIN TEI files and their teiCorpus root (summitry.formats.tei)
    markdown  a folder of readable transcripts, one per document, and an index
    html      the same as HTML pages
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .convokit import export_convokit
from .selection import ExportError, Selection, iter_selected
from .tables import export_tables
from .tei import export_tei
from .transcript import export_transcripts

FORMATS = ("jsonl", "csv", "parquet", "convokit", "tei", "markdown", "html")
JSONL_FIELDS = (
    "id", "source", "title", "date", "time", "city", "venue", "url", "site_id", "publisher", "language",
    "published", "updated", "tags", "captions", "sources",
)
OPTIONAL_FIELDS = ("event", "version")  # present once documents are linked to events


@dataclass
class ExportResult:
    format: str
    output: str
    documents: int
    tables: dict[str, int] = field(default_factory=dict)  # csv/parquet: rows written per table

    def __str__(self) -> str:
        written = ", ".join(f"{name} {rows}" for name, rows in self.tables.items())
        return f"{self.documents} documents written to {self.output}" + (f" (rows: {written})" if written else "")


def document_record(doc: dict[str, Any]) -> dict[str, Any]:
    """A stored document as the JSONL export writes it."""
    record = {key: doc[key] for key in JSONL_FIELDS}
    record.update({key: doc[key] for key in OPTIONAL_FIELDS if key in doc})
    segments = doc["segments"]
    record["narrative"] = [s["text"] for s in segments if s["kind"] == "narrative"]
    record["turns"] = [
        {"speaker": s["speaker"], "person_id": s["person_id"], "label": s["label"], "text": s["text"], "words": s["words"]}
        for s in segments
        if s["kind"] == "turn"
    ]
    record["segments"] = [{"kind": s["kind"], "text": s["text"]} for s in segments if s["kind"] != "turn"]
    return record


def iter_jsonl(corpus: Any, selection: Selection | None = None) -> Iterator[str]:
    for doc in iter_selected(corpus, selection or Selection()):
        yield json.dumps(document_record(doc), ensure_ascii=False)


def export_jsonl(corpus: Any, out: IO[str], selection: Selection | None = None) -> int:
    """Write one JSON object per line; returns the number of documents written."""
    count = 0
    for line in iter_jsonl(corpus, selection):
        out.write(line + "\n")
        count += 1
    return count


def _folder(output: str) -> Path:
    path = Path(output)
    if path.exists() and not path.is_dir():
        raise ExportError(f"{output}: exists and is not a folder (this format writes a folder of files)")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{output}: cannot create the folder ({exc.strerror or exc})") from None
    return path


def export(corpus: Any, format: str, output: str | os.PathLike[str], selection: Selection | None = None) -> ExportResult:
    """Write the chosen documents in one format. jsonl writes a file (- for standard output); the
    other formats write a folder, created when missing. Raises ExportError with a one-line reason."""
    selection = selection or Selection()
    output = os.fspath(output)
    if format not in FORMATS:
        raise ExportError(f"unknown export format {format!r} (available: {', '.join(FORMATS)})")
    if format == "jsonl":
        if output == "-":
            return ExportResult(format, output, export_jsonl(corpus, sys.stdout, selection))
        with open(output, "w", encoding="utf-8") as out:
            return ExportResult(format, output, export_jsonl(corpus, out, selection))
    if output == "-":
        raise ExportError(f"--format {format} writes a folder: name it with -o FOLDER")
    folder = _folder(output)
    if format in ("csv", "parquet"):
        tables = export_tables(corpus, folder, selection, format)
        return ExportResult(format, output, tables.get("documents", 0), tables)
    if format == "convokit":
        return ExportResult(format, output, export_convokit(corpus, folder, selection))
    if format == "tei":
        return ExportResult(format, output, export_tei(corpus, folder, selection))
    return ExportResult(format, output, export_transcripts(corpus, folder, selection, format))
