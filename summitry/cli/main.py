"""The command line's root: the Typer app, its shared options and errors, and the corpus commands
(documents, show, search, speakers, failures, export, migrate, check, eval). The other command modules
add theirs to the same `app`; summitry.cli imports them all."""

from __future__ import annotations

import json
import re
import shlex
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table
from rich.text import Text

from ..data.reference import DataFileError
from ..formats import ExportError, Selection
from ..formats.export import FORMATS as EXPORT_FORMATS
from ..formats.export import export as export_corpus
from ..quality.gate import FloorError, GoldError, run_gate
from ..queries.corpus import Corpus, QueryError
from ..store.check import check as check_database
from ..store.check import repair as repair_database
from ..store.filters import repeated_versions
from ..store.sqlite import DB_ENV, DEFAULT_DB, BatchLost, migrate_database
from ..version import __version__
from .conventions import RootOptionsAnywhere
from .options import (
    AllVersionsOption,
    EventOption,
    KindOption,
    LanguageOption,
    LimitOption,
    PublisherOption,
    SinceOption,
    SpeakerOption,
    UntilOption,
    scoped,
)
from .output import FormatOption, check_format, console, emit, errors, fail
from .terminal import escape, visible_controls

app = typer.Typer(
    cls=RootOptionsAnywhere, add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
    help="Meeting transcripts in, a searchable corpus out.",
)
EVAL_PROBLEMS = 12  # problems listed without --verbose
SPEAKER_STYLES = ["cyan", "magenta", "green", "yellow", "blue", "red", "bright_cyan", "bright_magenta"]


class State:
    db: str = DEFAULT_DB


state = State()


def _print_version(asked: bool) -> None:
    if asked:
        console.print(f"summitry {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    db: Annotated[str, typer.Option("--db", envvar=DB_ENV, help="The corpus database (SQLite); before or after the command.")] = DEFAULT_DB,
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    state.db = db


@contextmanager
def _open(create: bool = False) -> Iterator[Corpus]:
    """The corpus of --db, closed after the block; a value the queries cannot use (QueryError) ends
    the command with its one-line reason. Only ingest (create=True) may create the database."""
    if not create and not Path(state.db).exists():
        _fail(f"{state.db}: no database there (summitry ingest creates one; --db or SUMMITRY_DB names another)")
    try:
        corpus = Corpus(state.db)
    except sqlite3.Error as exc:
        _fail(f"{state.db}: cannot open the database ({exc}){_damage_hint(exc)}")
        raise  # unreachable
    with corpus:
        try:
            yield corpus
        except QueryError as exc:
            _fail(str(exc))


def _damage_hint(exc: BaseException) -> str:
    """What to do with a database whose pages are damaged."""
    if "malformed" not in str(exc):
        return ""
    return f"; the file is damaged: `sqlite3 {shlex.quote(str(state.db))} .recover` saves the rows it can read"


_fail = fail


@app.command()
def documents(
    limit: LimitOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    event: EventOption = None,
    publisher: PublisherOption = None,
    language: LanguageOption = None,
    kind: KindOption = None,
    format: FormatOption = "table",
) -> None:
    """The documents: id, date, place, title, publisher, turns, event."""
    check_format(format)
    with _open() as corpus:
        view = scoped(corpus, event, publisher, language, kind)
        rows = view.documents(limit=limit, since=since, until=until)
        total = view.documents_count(since=since, until=until)
    for r in rows:
        r["place"] = ", ".join(x for x in (r["venue"], r["city"]) if x)
    emit(rows, format, ["id", "date", "place", "title", "publisher", "turns", "event"], "documents", total)


@app.command()
def show(
    doc: Annotated[int, typer.Argument(help="Document id (see: summitry documents).")],
    format: FormatOption = "table",
) -> None:
    """The clean transcript: metadata on top, one colour per speaker; or (csv, json, jsonl) its
    segments with the document's id, or (json) the whole document."""
    check_format(format)
    with _open() as corpus:
        record = corpus.document(doc)
    if record is None:
        _fail(f"no document {doc} in {state.db}")
        return
    if format == "json":
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    if format != "table":
        emit([{"document": doc, **segment} for segment in record["segments"]], format, [], "segments")
        return
    console.print(f"[bold]{escape(record['title'] or '(untitled)')}[/bold]")
    when = " ".join(x for x in (record["date"], record["time"]) if x)
    where = ", ".join(x for x in (record["venue"], record["city"]) if x)
    console.print(f"{when}  {escape(where)}  [dim]{escape(record['publisher'] or '')}  {escape(record['url'] or record['source'])}[/dim]")
    for group, values in record["tags"].items():
        console.print(f"[dim]{group.capitalize()}: {escape(', '.join(values))}[/dim]")
    colours: dict[str, str] = {}
    for segment in record["segments"]:
        kind, text = segment["kind"], escape(segment["text"])
        if kind == "turn":
            style = colours.setdefault(segment["person_id"] or "", SPEAKER_STYLES[len(colours) % len(SPEAKER_STYLES)])
            console.print(f"\n[bold {style}]{escape(segment['speaker'] or segment['label'] or '?')}:[/bold {style}] [{style}]{text}[/{style}]")
        elif kind == "caption":
            console.print(f"[dim italic]  [photo] {text}[/dim italic]")
        elif kind == "narrative":
            console.print(f"\n[italic]{text}[/italic]")
        else:
            console.print(f"\n[dim]{text}[/dim]")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words, "a phrase", prefix*, AND/OR/NOT.')],
    speaker: SpeakerOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    event: EventOption = None,
    publisher: PublisherOption = None,
    language: LanguageOption = None,
    kind: KindOption = None,
    limit: Annotated[int, typer.Option(min=0, help="At most this many hits.")] = 20,
    stem: Annotated[bool, typer.Option("--stem", help="Also find the other forms of each word (sanction: sanctions).")] = False,
    all_versions: Annotated[bool, typer.Option("--all-versions", help="Every version of a meeting, not one per language.")] = False,
    within: Annotated[str, typer.Option("--in", help="turns (what was said), narrative (readouts, leads, captions), titles, or all.")] = "turns",
    format: FormatOption = "table",
) -> None:
    """Turns that match, best first, with speaker, date and a snippet; or what was written around them
    (--in narrative, titles, all). Each meeting once per language (its canonical version, else the
    first stored), unless --all-versions."""
    check_format(format)
    asked = {"speaker": speaker, "since": since, "until": until, "stem": stem, "within": within}
    with _open() as opened:
        corpus = scoped(opened, event, publisher, language, kind)
        hits = corpus.search(query, limit=limit, marks=("\x02", "\x03"), all_versions=all_versions, **asked)
        total = corpus.search_count(query, all_versions=all_versions, **asked)
        everywhere = total if all_versions else corpus.search_count(query, all_versions=True, **asked)
        written = 0 if within != "turns" or speaker else corpus.search_count(
            query, all_versions=all_versions, **{**asked, "within": "all"}) - total
    counted = "every version of a meeting" if all_versions else "each meeting once per language"
    others = f"; --all-versions adds {everywhere - total} in other versions" if everywhere > total else ""
    others += f"; --in all adds {written} in narrative and titles" if written > 0 else ""
    if format != "table":
        for h in hits:
            h["snippet"] = re.sub("[\x02\x03]", "", h["snippet"])
        emit(hits, format, [], f"hits ({counted}{others})", total)
        return
    table = Table("doc", "date", "speaker", "snippet", *(["in"] if within != "turns" else []))
    for h in hits:
        snippet = Text()
        for i, part in enumerate(re.split("[\x02\x03]", h["snippet"])):
            snippet.append(visible_controls(part), style="bold yellow" if i % 2 else "")
        where = f"{h['document']}#{h['position']}" if h["position"] is not None else str(h["document"])
        table.add_row(where, h["date"] or "", escape(h["speaker"] or ""), snippet, *([h["part"]] if within != "turns" else []))
    console.print(table)
    console.print(f"{len(hits)} of {total} hits ({counted}{others})")
    if not hits and not stem:
        console.print("[dim]--stem also finds the other forms of each word (sanction: sanctions)[/dim]")


@app.command()
def speakers(
    limit: LimitOption = None,
    event: EventOption = None,
    publisher: PublisherOption = None,
    language: LanguageOption = None,
    kind: KindOption = None,
    all_versions: AllVersionsOption = False,
    format: FormatOption = "table",
) -> None:
    """Persons who speak in the corpus: the labels seen, documents, turns and words, each meeting
    counted once (its canonical version) unless --all-versions."""
    check_format(format)
    with _open() as corpus:
        rows = scoped(corpus, event, publisher, language, kind).speakers(all_versions)
        left_out = 0 if all_versions else repeated_versions(corpus.db, "event")
    if format == "table":
        for r in rows:
            r["labels seen"] = r["labels"][:6]
    emit(rows[:limit], format, ["id", "name", "labels seen", "documents", "turns", "words"], "speakers", len(rows))
    if left_out:
        versions = "version" if left_out == 1 else "versions"
        errors.print(f"[dim]each meeting counted once, from its canonical version: {left_out} other {versions} left out (--all-versions counts them)[/dim]")


@app.command()
def failures(
    limit: LimitOption = None,
    format: FormatOption = "table",
) -> None:
    """Pages that could not be read or parsed, with the reason."""
    check_format(format)
    with _open() as corpus:
        rows = corpus.failures()
    if format == "table":  # one line each, as the ingest printed them
        for row in rows[:limit]:
            console.print(f"{escape(row['source'])}: {escape(row['reason'])}", soft_wrap=True)
        errors.print(f"{len(rows[:limit])} of {len(rows)} failures")
        return
    emit(rows[:limit], format, [], "failures", len(rows))


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help=", ".join(EXPORT_FORMATS))] = "jsonl",
    output: Annotated[str, typer.Option("--output", "-o", help="jsonl: a file, - for standard output; the others: a folder.")] = "-",
    speaker: Annotated[Optional[str], typer.Option(help="Only documents where this person speaks (name, id or label).")] = None,
    since: Annotated[Optional[str], typer.Option(help="Only documents from this ISO date.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Only documents up to this ISO date.")] = None,
    event: EventOption = None,
    publisher: PublisherOption = None,
    language: LanguageOption = None,
    kind: KindOption = None,
    force: Annotated[bool, typer.Option("--force", help="Write over an existing file, or into a folder that holds files.")] = False,
) -> None:
    """Write the corpus out: JSONL, CSV or Parquet tables, a ConvoKit corpus, Parla-CLARIN TEI, or
    Markdown/HTML transcripts. Filters choose documents; each is written whole."""
    with _open() as corpus:
        try:
            selection = Selection(speaker, since, until, event, publisher, language, kind)
            result = export_corpus(corpus, format, output, selection, force=force)
        except ExportError as exc:
            _fail(str(exc))
            return
        except OSError as exc:
            _fail(f"{exc.filename or output}: cannot write ({exc.strerror or exc})")
            return
    errors.print(str(result))


@app.command(name="migrate")
def migrate_command() -> None:
    """Apply the schema migrations the database lacks. Commands that write apply them on opening;
    a read-only server (summitry serve) never does, and asks for this instead."""
    if not Path(state.db).is_file():
        _fail(f"{state.db}: no database there (summitry ingest creates one)")
    try:
        applied = migrate_database(state.db)
    except sqlite3.Error as exc:
        _fail(f"{state.db}: cannot migrate ({exc})")
        return
    if applied:
        console.print(f"{escape(state.db)}: applied {', '.join(applied)}")
    else:
        console.print(f"{escape(state.db)}: up to date (every migration applied)")


@app.command(name="check")
def check_command(
    repair: Annotated[bool, typer.Option("--repair", help="Mend what is found: index missing turns again, rebuild the index, fix counts.")] = False,
) -> None:
    """Find drift between the stored rows and the full-text index (turns without index rows, index rows
    without turns, counts that differ) and SQLite's own integrity problems, one line each; exit 1 when
    drift is found and not repaired."""
    if not Path(state.db).is_file():
        _fail(f"{state.db}: no database there (summitry ingest creates one)")
    with _open() as corpus:
        report = repair_database(corpus.db) if repair else check_database(corpus.db)
    for line in report.repairs:
        console.print(f"{escape(state.db)}: repaired: {line}", soft_wrap=True)
    for line in report.findings:
        console.print(f"{escape(state.db)}: {escape(line)}", soft_wrap=True)
    if report.findings:
        if not repair:
            errors.print("summitry check --repair mends it", soft_wrap=True)
        raise typer.Exit(1)
    if not report.repairs:
        console.print(f"{escape(state.db)}: ok, no drift found")


@app.command(name="eval")
def eval_command(
    gold: Annotated[Path, typer.Argument(help="Gold file (JSON, like shared/gold/seeds.gold.json).")],
    pages: Annotated[Path, typer.Argument(help="Folder holding the pages the gold file names.")],
    floor: Annotated[Optional[list[str]], typer.Option("--floor", help="NAME=VALUE: a measure's floor (repeatable), e.g. turns=0.95, leaks=0.")] = None,
    floors: Annotated[Optional[Path], typer.Option("--floors", help="YAML file of floors, one section per corpus.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The report as JSON.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every problem.")] = False,
) -> None:
    """Score the parser against a gold file (turns by word alignment, metadata, same-meeting pairs);
    exit 1 when a floor is not met."""
    try:
        result = run_gate(gold, pages, floor, floors)
    except (GoldError, FloorError, NotADirectoryError) as exc:
        _fail(str(exc))
        return
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
        for line in result.unmet:
            errors.print(escape(line))
        raise typer.Exit(1 if result.unmet else 0)
    report = result.report
    table = Table("measure", "value", "floor", "detail", title=f"{report.gold.name if report.gold else gold}: {len(report.documents)} pages")
    for m in result.measures.values():
        if m.shown:
            table.add_row(m.name, m.formatted(), f"{result.floors[m.name]:g}" if m.name in result.floors else "", escape(m.detail))
    console.print(table)
    problems = [f"{d.name}: {p}" for d in report.documents for p in d.problems]
    shown = problems if verbose else problems[:EVAL_PROBLEMS]
    for line in shown:
        console.print(escape(line), soft_wrap=True)
    if len(problems) > len(shown):
        console.print(f"… {len(problems) - len(shown)} more problems (--verbose lists them all)")
    console.print("score: " + ("perfect" if report.perfect else "below gold"))
    for line in result.unmet:
        console.print(escape(line), soft_wrap=True)
    raise typer.Exit(1 if result.unmet else 0)


def run() -> None:
    """Entry point: no traceback for a bad input, one line instead."""
    try:
        app()
    except KeyboardInterrupt:
        errors.print("interrupted; what was stored before is kept")
        sys.exit(130)
    except (BatchLost, DataFileError) as exc:
        errors.print(f"error: {escape(str(exc))}", soft_wrap=True)
        sys.exit(2)
    except sqlite3.DatabaseError as exc:
        errors.print(escape(f"error: database {state.db}: {exc}{_damage_hint(exc)}"), soft_wrap=True)
        sys.exit(2)
    except OSError as exc:
        errors.print(f"error: {exc}")
        sys.exit(2)
