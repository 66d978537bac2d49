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
import tempfile
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


def _folder(output: str, force: bool) -> Path:
    path = Path(output)
    if path.exists() and not path.is_dir():
        raise ExportError(f"{output}: exists and is not a folder (this format writes a folder of files)")
    if path.is_dir() and any(path.iterdir()) and not force:
        raise ExportError(f"{output}: the folder holds files already (--force writes over them)")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{output}: cannot create the folder ({exc.strerror or exc})") from None
    return path


def _database_files(corpus: Any) -> set[Path]:
    """The corpus's database file and its WAL and shared-memory files: never written over."""
    row = corpus.db.execute("SELECT file FROM pragma_database_list WHERE name = 'main'").fetchone()
    if not row or not row[0]:
        return set()
    database = Path(row[0]).resolve()
    return {database, database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")}


def _write_file(corpus: Any, output: str, selection: Selection, force: bool) -> int:
    """The JSONL file, written to a temporary file beside it and renamed over it when whole: a failed
    export leaves what was there. Never the corpus's own database; an existing file only with force."""
    target = Path(output)
    if target.resolve() in _database_files(corpus):
        raise ExportError(f"{output}: is the corpus's own database (write the export to another file)")
    if target.is_dir():
        raise ExportError(f"{output}: is a folder (jsonl writes a file)")
    if target.exists() and not force:
        raise ExportError(f"{output}: exists (--force replaces it)")
    partial = None
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=target.parent, prefix=f".{target.name}.", suffix=".partial", delete=False
        ) as out:
            partial = Path(out.name)
            count = export_jsonl(corpus, out, selection)
        os.replace(partial, target)
        return count
    except OSError as exc:
        raise ExportError(f"{output}: cannot write ({exc.strerror or exc})") from None
    finally:
        if partial is not None and partial.exists():
            partial.unlink()


def export(
    corpus: Any, format: str, output: str | os.PathLike[str], selection: Selection | None = None, force: bool = False
) -> ExportResult:
    """Write the chosen documents in one format. jsonl writes a file (- for standard output); the
    other formats write a folder, created when missing. An existing file, or a folder that holds files,
    is written over only with ``force``; the corpus's own database never. Raises ExportError with a
    one-line reason."""
    selection = selection or Selection()
    output = os.fspath(output)
    if format not in FORMATS:
        raise ExportError(f"unknown export format {format!r} (available: {', '.join(FORMATS)})")
    if format == "jsonl":
        if output == "-":
            return ExportResult(format, output, export_jsonl(corpus, sys.stdout, selection))
        return ExportResult(format, output, _write_file(corpus, output, selection, force))
    if output == "-":
        raise ExportError(f"--format {format} writes a folder: name it with -o FOLDER")
    folder = _folder(output, force)
    if format in ("csv", "parquet"):
        tables = export_tables(corpus, folder, selection, format)
        return ExportResult(format, output, tables.get("documents", 0), tables)
    if format == "convokit":
        return ExportResult(format, output, export_convokit(corpus, folder, selection))
    if format == "tei":
        return ExportResult(format, output, export_tei(corpus, folder, selection))
    return ExportResult(format, output, export_transcripts(corpus, folder, selection, format))
