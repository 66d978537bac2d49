"""CSV and Parquet: one table per record kind (documents, events, persons, utterances, figures,
mentions), with the columns listed in summitry/data/export_tables.yaml.

Rows stream from one SQL cursor, FETCH_ROWS at a time; Parquet is written in row groups of
CHUNK_ROWS, so memory holds one row group whatever the corpus size.
"""

from __future__ import annotations

import csv
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import yaml

from ..data.reference import YAML_LOADER
from .selection import Selection, table_columns, table_exists

if TYPE_CHECKING:
    import pyarrow as pa

CHUNK_ROWS = 50_000  # rows per Parquet row group
FETCH_ROWS = 5_000  # rows per database fetch
_BASE_COLUMN = re.compile(r"\bt\.\"?(\w+)")  # the base table's columns an expression reads


def _arrow() -> ModuleType:
    """pyarrow, imported when a table is first written as Parquet (it takes a tenth of a second)."""
    import pyarrow

    return pyarrow


def _arrow_type(name: str) -> pa.DataType:
    pa = _arrow()
    return {"string": pa.string, "int64": pa.int64, "float64": pa.float64, "bool": pa.bool_}[name]()


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string, int64, float64 or bool (Arrow's names)
    sql: str  # the expression that reads it ("NULL" when the database lacks it)


@dataclass(frozen=True)
class TableSpec:
    name: str
    table: str
    rows: str
    order: str
    joins: str
    extra: bool
    columns: tuple[tuple[str, str, str | None, tuple[str, ...]], ...]  # name, type, expression, requires


@cache
def table_specs() -> tuple[TableSpec, ...]:
    """The export tables, as the data file lists them."""
    raw = yaml.load(  # noqa: S506 - a safe loader
        resources.files("summitry").joinpath("data/export_tables.yaml").read_text(encoding="utf-8"), Loader=YAML_LOADER
    )
    specs = []
    for name, spec in raw.items():
        columns = []
        for entry in spec["columns"]:
            expression = entry[2] if len(entry) > 2 else None
            options = entry[3] if len(entry) > 3 else {}
            columns.append((entry[0], entry[1], expression, tuple(options.get("requires", ()))))
        specs.append(
            TableSpec(name, spec["table"], spec["rows"], spec["order"], spec.get("joins", ""), bool(spec.get("extra")), tuple(columns))
        )
    return tuple(specs)


def _arrow_type_name(declared: str) -> str:
    declared = declared.upper()
    if "INT" in declared:
        return "int64"
    if any(word in declared for word in ("REAL", "FLOA", "DOUB", "NUMERIC", "DECIMAL")):
        return "float64"
    return "string"


def resolve_columns(db: sqlite3.Connection, spec: TableSpec) -> list[Column]:
    """The spec's columns as this database can fill them, then (extra: true) the base table's others."""
    present = dict(table_columns(db, spec.table))
    columns = []
    for name, type_name, expression, requires in spec.columns:
        sql = expression or f't."{name}"'
        if any(not table_exists(db, table) for table in requires) or not set(_BASE_COLUMN.findall(sql)) <= present.keys():
            sql = "NULL"
        columns.append(Column(name, type_name, sql))
    if spec.extra:
        read = {c.name for c in columns} | {n for c in columns for n in _BASE_COLUMN.findall(c.sql)}
        columns += [Column(n, _arrow_type_name(t), f't."{n}"') for n, t in present.items() if n not in read]
    return columns


Selected = tuple[str, list[Any]]  # a SELECT of the chosen document ids and its parameters


def iter_chunks(db: sqlite3.Connection, spec: TableSpec, columns: list[Column], selected: Selected) -> Iterator[list[tuple[Any, ...]]]:
    """The table's rows as plain tuples, FETCH_ROWS at a time."""
    select = ", ".join(f"{c.sql} AS \"{c.name}\"" for c in columns)
    subquery, params = selected
    rows = spec.rows.format(selected=subquery)
    cursor = db.cursor()
    cursor.row_factory = None
    cursor.execute(f"SELECT {select} FROM {spec.table} t {spec.joins} WHERE {rows} ORDER BY {spec.order}", params * spec.rows.count("{selected}"))
    while chunk := cursor.fetchmany(FETCH_ROWS):
        yield chunk


def arrow_schema(columns: list[Column]) -> pa.Schema:
    pa = _arrow()
    return pa.schema([pa.field(c.name, _arrow_type(c.type)) for c in columns])


def _arrow_column(values: list[Any], type_name: str) -> pa.Array:
    pa = _arrow()
    try:
        return pa.array(values, type=_arrow_type(type_name))
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # SQLite keeps what it is given: coerce stray values
        if type_name == "string":
            return pa.array([v if v is None or isinstance(v, str) else str(v) for v in values], type=pa.string())
        return pa.array([_number(v, type_name) for v in values], type=_arrow_type(type_name))


def _number(value: Any, type_name: str) -> Any:
    try:
        return None if value is None else (int(value) if type_name == "int64" else float(value))
    except (TypeError, ValueError):
        return None


def write_parquet_table(path: Path, db: sqlite3.Connection, spec: TableSpec, selected: Selected) -> int:
    """Rows become Arrow batches as they are fetched (compact: no Python objects kept), and every
    CHUNK_ROWS of them one row group."""
    import pyarrow.parquet as pq

    pa = _arrow()
    columns = resolve_columns(db, spec)
    schema = arrow_schema(columns)
    count, pending, batches = 0, 0, []
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for chunk in iter_chunks(db, spec, columns, selected):
            arrays = [_arrow_column([row[i] for row in chunk], c.type) for i, c in enumerate(columns)]
            batches.append(pa.RecordBatch.from_arrays(arrays, schema=schema))
            pending += len(chunk)
            if pending >= CHUNK_ROWS:
                writer.write_table(pa.Table.from_batches(batches, schema=schema), row_group_size=CHUNK_ROWS)
                count, pending, batches = count + pending, 0, []
        if batches:
            writer.write_table(pa.Table.from_batches(batches, schema=schema), row_group_size=CHUNK_ROWS)
    return count + pending


def write_csv_table(path: Path, db: sqlite3.Connection, spec: TableSpec, selected: Selected) -> int:
    columns = resolve_columns(db, spec)
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([c.name for c in columns])
        for chunk in iter_chunks(db, spec, columns, selected):
            writer.writerows(chunk)
            count += len(chunk)
    return count


def export_tables(corpus: Any, out_dir: Path, selection: Selection, kind: str) -> dict[str, int]:
    """Write <table>.csv or <table>.parquet for each record kind the database holds; rows per table."""
    db = corpus.db
    selected = selection.subquery(db)
    writer = write_parquet_table if kind == "parquet" else write_csv_table
    counts = {}
    for spec in table_specs():
        if table_exists(db, spec.table):
            counts[spec.name] = writer(out_dir / f"{spec.name}.{kind}", db, spec, selected)
    return counts
