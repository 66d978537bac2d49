"""What every command prints through: the consoles, the one-line error, and lists of rows as a table,
CSV, JSON or JSON Lines (``--format``), so that a list reads the same from every command."""

from __future__ import annotations

import csv
import json
import sys
from typing import Annotated, Any

import typer
from rich.table import Table

from .terminal import escape, safe_console

console = safe_console()  # page text printed cannot command the terminal (cli.terminal)
errors = safe_console(stderr=True)

FORMATS = ("table", "csv", "json", "jsonl")
FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, csv, json or jsonl.")]


def fail(message: str, code: int = 2) -> None:
    """One line on standard error naming what is wrong, and exit (2: a bad value)."""
    errors.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)  # one line, however long
    raise typer.Exit(code)


def check_format(format: str) -> None:
    if format not in FORMATS:
        fail(f"unknown format {format!r} (available: {', '.join(FORMATS)})")


def cell(value: Any) -> str:
    """A value as a table shows it."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1e5 else f"{value:g}"
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)


def emit(rows: list[dict[str, Any]], format: str, columns: list[str], what: str, total: int | None = None) -> None:
    """Rows as a table (the given columns) with their count on standard error ("3 of 55 documents"
    when ``total`` says more exist), or CSV / JSON / JSON Lines with every field."""
    if format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif format == "jsonl":
        sys.stdout.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    elif format == "csv":
        if rows:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows({k: _csv_value(v) for k, v in r.items()} for r in rows)
    else:
        table = Table(*columns)
        for row in rows:
            table.add_row(*(escape(cell(row.get(c))) for c in columns))
        console.print(table)
    if format == "table" or total is not None and total > len(rows):
        errors.print(f"{len(rows)} of {total} {what}" if total is not None else f"{len(rows)} {what}")


def _csv_value(value: Any) -> Any:
    """A list as its items joined by ";", a record (a role, tags) as JSON."""
    if isinstance(value, list):
        return ";".join(json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else str(v) for v in value)
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value
