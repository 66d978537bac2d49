"""Commands on events: events, visits, event, compare, trace, link. Each prints a table or, with
``--format json``, JSON on standard output."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Annotated, Any, Optional

import typer
from rich.table import Table

from ..events.align import Comparison, Divergence
from ..events.link import relink
from ..events.trace import TRACE_THRESHOLD, trace
from ..queries.events import (
    EventError,
    compare_documents,
    compare_event,
    event_detail,
    list_events,
    list_visits,
    summary,
)
from .main import _fail, _open, app, console
from .options import scoped
from .output import FormatOption as ListFormatOption
from .output import check_format, emit
from .terminal import escape

FormatOption = Annotated[str, typer.Option("--format", "-f", help="table or json.")]
SinceOption = Annotated[Optional[str], typer.Option(help="From this ISO date.")]
UntilOption = Annotated[Optional[str], typer.Option(help="Up to this ISO date.")]


def _check(format: str) -> None:
    if format not in ("table", "json"):
        _fail(f"unknown format {format!r} (available: table, json)")


def _table(*names: str, title: str | None = None, show_lines: bool = False) -> Table:
    """A table whose ids, dates and scores are never wrapped."""
    table = Table(title=title, show_lines=show_lines)
    for name in names:
        table.add_column(name, no_wrap=name in ("event", "visit", "date", "doc", "score", "where"))
    return table


def _json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


@app.command()
def events(
    since: SinceOption = None,
    until: UntilOption = None,
    format: ListFormatOption = "table",
) -> None:
    """The meetings: date, place, kind, participants, number of versions."""
    check_format(format)
    with _open() as corpus:
        rows = list_events(corpus, since, until)
    for r in rows:
        r["place"] = ", ".join(x for x in (r["venue"], r["city"]) if x)
    emit(rows, format, ["id", "date", "place", "kind", "participants", "versions", "visit"], "events")


@app.command()
def visits(
    since: SinceOption = None,
    until: UntilOption = None,
    format: FormatOption = "table",
) -> None:
    """Visits: the sessions of one stay (talks, news conference, dinner) of the same persons in one
    city on consecutive days, each session an event."""
    _check(format)
    with _open() as corpus:
        rows = list_visits(corpus, since, until)
    if format == "json":
        _json(rows)
        return
    table = _table("visit", "days", "city", "participants", "sessions", show_lines=True)
    for v in rows:
        days = v["start"] if v["start"] == v["end"] else f"{v['start']} – {v['end']}"
        sessions = "\n".join(f"{s['id']}  {s['kind'] or ''}  {escape(s['title'] or '')}" for s in v["sessions"])
        sessions += "".join(f"\nwhole visit: doc {d['id']}  {escape(d['title'] or '')}" for d in v["whole"])
        table.add_row(v["id"], days, escape(v["city"] or ""), escape(", ".join(v["participants"])), sessions)
    console.print(table)
    console.print(f"{len(rows)} visits")


@app.command()
def event(event_id: Annotated[str, typer.Argument(metavar="EVENT", help="Event id (see: summitry events).")], format: FormatOption = "table") -> None:
    """One event: its documents, which is canonical, the version kind of each, and what each adds."""
    _check(format)
    with _open() as corpus:
        try:
            detail = event_detail(corpus, event_id)
        except EventError as exc:
            _fail(str(exc))
            return
    if format == "json":
        _json(detail)
        return
    place = ", ".join(x for x in (detail["venue"], detail["city"]) if x)
    console.print(f"[bold]{escape(detail['title'] or detail['id'])}[/bold]")
    console.print(f"{detail['id']}  {detail['date']}  {escape(place)}  {detail['kind'] or ''}  "
                  f"participants: {escape(', '.join(detail['participants']))}")
    table = _table("doc", "version", "publisher", "lang", "turns", "score", "what it adds")
    for d in detail["documents"]:
        version = d["version"] + (" (canonical)" if d["canonical"] else "")
        table.add_row(str(d["id"]), version, escape(d["publisher"] or ""), d["language"] or "", str(d["turns"]),
                      f"{d['score']:.2f}", escape(summary(d["adds"])))
    console.print(table)


@app.command()
def compare(
    first: Annotated[str, typer.Argument(metavar="DOC_A|EVENT", help="A document id, or an event id.")],
    second: Annotated[Optional[int], typer.Argument(metavar="[DOC_B]", help="The other document.")] = None,
    divergences: Annotated[bool, typer.Option("--divergences", "-d", help="Only the places where the versions disagree.")] = False,
    format: FormatOption = "table",
) -> None:
    """Two versions side by side, turn by turn and sentence by sentence; or an event's versions
    against its canonical text. --divergences lists only where they disagree, most important first."""
    _check(format)
    with _open() as corpus:
        try:
            if first.isdigit():
                if second is None:
                    _fail("compare needs two documents (DOC_A DOC_B) or one event (EVENT)")
                comparisons = [compare_documents(corpus, int(first), second)]  # type: ignore[arg-type]
                found = comparisons[0].divergences
            else:
                if second is not None:
                    _fail(f"compare takes one event, or two documents: {first!r} is not a document id")
                result = compare_event(corpus, first)
                comparisons, found = result.comparisons, result.divergences
        except EventError as exc:
            _fail(str(exc))
            return
    if format == "json":
        _json({"divergences": [d.as_dict() for d in found]} if divergences else
              {"comparisons": [_comparison_json(c) for c in comparisons], "divergences": [d.as_dict() for d in found]})
        return
    if not divergences:
        for c in comparisons:
            _print_comparison(c)
    _print_divergences(found)


def _comparison_json(c: Comparison) -> dict[str, Any]:
    return {
        "a": c.a, "b": c.b, "paired_turns": c.paired,
        "pairs": [
            {
                "a": [{"position": t.position, "speaker": t.speaker} for t in p.a],
                "b": [{"position": t.position, "speaker": t.speaker} for t in p.b],
                "score": round(p.score, 3),
                "sentences": [{"a": xs, "b": ys, "score": round(s, 3)} for xs, ys, s in p.sentences],
            }
            for p in c.pairs
        ],
    }


def _print_comparison(c: Comparison) -> None:
    table = _table(f"doc {c.a}", f"doc {c.b}", "score", title=f"{c.a} and {c.b}: {c.paired} turns paired", show_lines=True)
    for p in c.pairs:
        head_a = " + ".join(f"#{t.position} {t.speaker}" for t in p.a) or "—"
        head_b = " + ".join(f"#{t.position} {t.speaker}" for t in p.b) or "—"
        table.add_row(f"[bold]{escape(head_a)}[/bold]", f"[bold]{escape(head_b)}[/bold]", f"{p.score:.2f}" if p.a and p.b else "")
        if p.a and p.b:
            for xs, ys, score in p.sentences:
                table.add_row(escape(" ".join(xs)) or "[dim]—[/dim]", escape(" ".join(ys)) or "[dim]—[/dim]",
                              f"{score:.2f}" if xs and ys else "")
        else:
            text = "\n\n".join(t.text for t in (p.a or p.b))
            table.add_row(escape(text) if p.a else "[dim]—[/dim]", escape(text) if p.b else "[dim]—[/dim]", "")
    console.print(table)


def _print_divergences(found: list[Divergence]) -> None:
    table = _table("score", "kind", "where", "text", "detail", title=f"{len(found)} divergences")
    for d in found:
        where = f"{d.document}#{d.position}" + (f" vs {d.other}" if d.other is not None else "")
        table.add_row(f"{d.score:.2f}", d.kind, where, escape(d.text), escape(d.detail))
    console.print(table)


@app.command(name="trace")
def trace_command(
    quote: Annotated[str, typer.Argument(help="The quoted sentence.")],
    event: Annotated[Optional[str], typer.Option(help="Only the documents of this event.")] = None,
    threshold: Annotated[float, typer.Option(help="Lowest score of a source (0..1).")] = TRACE_THRESHOLD,
    limit: Annotated[int, typer.Option(min=0, help="At most this many sources.")] = 5,
    format: FormatOption = "table",
) -> None:
    """Where a quoted sentence comes from: the transcript turns it renders, with scores."""
    _check(format)
    if not quote.strip():
        _fail("trace needs a quoted sentence")
    with _open() as corpus:
        scoped(corpus, event=event)  # an event that is not one: one line, exit 2
        sources = trace(corpus.db, quote, event=event, threshold=threshold, limit=limit)
    if format == "json":
        _json([asdict(s) for s in sources])
        return
    if not sources:
        console.print(f"no source found (no turn scores {threshold:.2f} or more)")
        return
    table = _table("score", "doc", "event", "date", "speaker", "passage")
    for s in sources:
        table.add_row(f"{s.score:.2f}", f"{s.document}#{s.position}", s.event or "", s.date or "", escape(s.speaker or ""), escape(s.passage))
    console.print(table)


@app.command()
def link(format: FormatOption = "table") -> None:
    """Link the whole corpus to events again (documents are linked at ingest as well)."""
    _check(format)
    with _open() as corpus:
        report = relink(corpus.db)
    if format == "json":
        _json(asdict(report))
        return
    console.print(
        f"documents linked: {report.documents}  events: {report.events}  joined an event: {report.joined}  "
        f"digests: {report.digests}  without a date: {report.undated}  [{report.seconds:.1f} s]"
    )
