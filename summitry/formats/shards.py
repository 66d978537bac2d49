"""Parquet shards: what the pure stages made of a partition of pages (read → decode → … → enrich),
written where a store can load it later (``summitry load``, summitry.queries.shards).

A shard is a folder of five Parquet tables, keyed by the page's place in the shard (``page``) and a
segment's place in its document (``position``):

- ``documents``: one row per page read: the page (source, sha256, media type, when, size), the
  document's metadata, or ``failure``, the reason the page gave no document;
- ``segments``: turns, narrative, captions… in order, with label, speaker and words;
- ``figures``, ``mentions``, ``topics``: the enrichment rows of each segment.

A shard is written under a temporary name and renamed when whole, so a worker killed while writing
leaves no shard, and the partition written again (a retry) gives the same shard. Reading a shard
gives back the pages and documents it was made of, as the store takes them.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, fields
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..records import Document, Failure, Figure, Mention, Page, Person, Role, Segment, TopicScore
from .selection import FormatError

if TYPE_CHECKING:
    import pyarrow as pa

SHARD_SUFFIX = ".shard"
TABLES = ("documents", "segments", "figures", "mentions", "topics")


@cache
def schemas() -> dict[str, pa.Schema]:
    """The five tables' Arrow schemas (pyarrow is imported when a shard is first written or read)."""
    import pyarrow as pa

    text, integer, real = pa.string(), pa.int32(), pa.float64()
    key = [("page", integer), ("position", integer)]
    return {
        "documents": pa.schema([
            ("page", integer), ("source", text), ("sha256", text), ("media_type", text), ("retrieved_at", text),
            ("page_url", text), ("size", pa.int64()), ("failure", text), *[(name, text) for name in _SCALARS],
            ("captions", pa.list_(text)),
            # mappings as JSON: their keys differ from page to page
            ("tags", text), ("sources", text), ("persons", text), ("speaker_words", text),
        ]),
        "segments": pa.schema([*key, ("kind", text), ("text", text), ("label", text), ("person_id", text),
                               ("speaker", text), ("words", integer)]),
        "figures": pa.schema([*key, ("kind", text), ("text", text), ("value", real), ("unit", text), ("start", integer),
                              ("end", integer), ("value_to", real), ("qualifier", text), ("measure", text), ("noun", text),
                              ("dates", pa.list_(text))]),
        "mentions": pa.schema([*key, ("entity", text), ("name", text), ("type", text), ("spans", pa.list_(pa.list_(integer)))]),
        "topics": pa.schema([*key, ("topic", text), ("hits", integer), ("score", real)]),
    }


_SCALARS = ("title", "date", "time", "city", "venue", "publisher", "url", "site_id", "language", "published", "updated", "encoding")
_SEGMENT_FIELDS = ("kind", "text", "label", "person_id", "speaker", "words")


def write_shard(results: Iterable[tuple[Page, Document | Failure]], folder: str | os.PathLike[str], name: str) -> Path:
    """Write the pages and what they gave as the shard ``folder/name.shard``, whole or not at all;
    returns its path. A shard of that name written before (by an earlier try) is kept as it is."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    final = Path(folder) / f"{name}{SHARD_SUFFIX}"
    if final.exists():  # an earlier try finished it: the pages need not be parsed again
        return final
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    for number, (page, result) in enumerate(results):
        _add_rows(rows, number, page, result)
    Path(folder).mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=folder))
    try:
        for table, schema in schemas().items():
            pq.write_table(pa.Table.from_pylist(rows[table], schema=schema), partial / f"{table}.parquet", compression="zstd")
        os.replace(partial, final)
    except OSError:
        if not final.exists():
            raise
    finally:
        shutil.rmtree(partial, ignore_errors=True)  # another try renamed its shard first, or this one failed
    return final


def _add_rows(rows: dict[str, list[dict[str, Any]]], number: int, page: Page, result: Document | Failure) -> None:
    document: dict[str, Any] = {
        "page": number, "source": page.source, "sha256": page.sha256, "media_type": page.media_type,
        "retrieved_at": page.retrieved_at, "page_url": page.url, "size": page.size,
    }
    if isinstance(result, Failure):
        rows["documents"].append({**document, "source": result.source, "failure": result.reason})
        return
    document.update({name: getattr(result, name) for name in _SCALARS})
    document.update(
        captions=result.captions, tags=json.dumps(result.tags, ensure_ascii=False),
        sources=json.dumps(result.sources, ensure_ascii=False),
        persons=json.dumps({pid: asdict(person) for pid, person in result.persons.items()}, ensure_ascii=False),
        speaker_words=json.dumps(result.speaker_words, ensure_ascii=False),
    )
    rows["documents"].append(document)
    for position, segment in enumerate(result.segments):
        key = {"page": number, "position": position}
        rows["segments"].append({**key, **{name: getattr(segment, name) for name in _SEGMENT_FIELDS}})
        rows["figures"].extend({**key, **asdict(figure)} for figure in segment.figures)
        rows["mentions"].extend({**key, **asdict(mention)} for mention in segment.mentions)
        rows["topics"].extend({**key, **asdict(topic)} for topic in segment.topics)


def shard_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The shards named, and those inside the folders named, in order of name. A path that is neither
    raises FormatError naming it."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.name.endswith(SHARD_SUFFIX) and path.is_dir():
            found.append(path)
        elif path.is_dir() and (inside := sorted(p for p in path.glob(f"*{SHARD_SUFFIX}") if p.is_dir())):
            found.extend(inside)
        else:
            raise FormatError(f"{path}: not a shard ({SHARD_SUFFIX} folder) or a folder of shards")
    return found


def read_shard(shard: str | os.PathLike[str]) -> Iterator[tuple[Page, Document | Failure]]:
    """The pages of a shard in the order they were written, each with its document or failure.
    A shard that cannot be read raises FormatError naming it."""
    tables = {table: _table(Path(shard), table) for table in TABLES}
    children: dict[str, dict[int, list[dict[str, Any]]]] = {}
    for table in ("segments", "figures", "mentions", "topics"):
        grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in tables[table]:
            grouped[row.pop("page")].append(row)
        children[table] = grouped
    for row in tables["documents"]:
        page = Page(row["source"], b"", row["media_type"], row["sha256"], row["retrieved_at"], row["page_url"], row["size"])
        if row["failure"] is not None:
            yield page, Failure(row["source"], row["failure"])
            continue
        yield page, _document(row, {table: rows.get(row["page"], []) for table, rows in children.items()})


def _table(shard: Path, table: str) -> list[dict[str, Any]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = schemas()[table]
    try:  # ParquetFile rather than read_table: without the datasets layer, a tenth of the memory
        with pq.ParquetFile(shard / f"{table}.parquet") as opened:
            read = opened.read(use_threads=False)
        if not read.schema.equals(schema):
            read = read.select(schema.names).cast(schema)
    except (OSError, KeyError, pa.ArrowException) as exc:
        raise FormatError(f"{shard}: cannot read its {table} table ({' '.join(str(exc).split())})") from None
    return read.to_pylist()


def _document(row: dict[str, Any], children: dict[str, list[dict[str, Any]]]) -> Document:
    enrichment: dict[str, dict[int, list[Any]]] = {table: defaultdict(list) for table in ("figures", "mentions", "topics")}
    for item in children["figures"]:
        enrichment["figures"][item.pop("position")].append(Figure(**item))
    for item in children["mentions"]:
        position = item.pop("position")
        enrichment["mentions"][position].append(Mention(**{**item, "spans": [tuple(span) for span in item["spans"]]}))
    for item in children["topics"]:
        enrichment["topics"][item.pop("position")].append(TopicScore(**item))
    segments = [
        Segment(**{name: item[name] for name in _SEGMENT_FIELDS}, figures=enrichment["figures"].get(item["position"], []),
                mentions=enrichment["mentions"].get(item["position"], []), topics=enrichment["topics"].get(item["position"], []))
        for item in sorted(children["segments"], key=lambda item: item["position"])
    ]
    persons = {pid: _person(entry) for pid, entry in json.loads(row["persons"]).items()}
    return Document(
        source=row["source"], sha256=row["sha256"], media_type=row["media_type"],
        **{name: row[name] for name in _SCALARS}, captions=row["captions"], segments=segments,
        tags=json.loads(row["tags"]), sources=json.loads(row["sources"]), retrieved_at=row["retrieved_at"],
        persons=persons, speaker_words={pid: Counter(words) for pid, words in json.loads(row["speaker_words"]).items()},
    )


def _person(entry: dict[str, Any]) -> Person:
    known = {f.name for f in fields(Person)}
    return Person(**{**{k: v for k, v in entry.items() if k in known}, "roles": [Role(**r) for r in entry.get("roles", [])]})
