"""Commands for what was said: figures, mentions, topics, kwic, collocates, frequencies, keyness, trend, stats, and enrich to run
the enrich stage again over the stored turns. Every query command takes --format table|csv|json, and
counts each meeting once unless --all-versions (summitry.queries.analysis says how); each says which,
on standard error."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..enrich.topics import load_taxonomy
from ..queries import analysis
from ..queries.corpus import Corpus
from ..records import PageError
from ..store.filters import CountOnce, once_unless, repeated_versions
from .main import _fail, _open, app, console, errors
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
from .output import FormatOption, check_format, emit
from .terminal import escape

_COUNTED = {"event": "each meeting counted once, from its canonical version", "language": "each meeting counted once per language"}


def _run(
    format: str, query: Callable[[Corpus], list[dict[str, Any]]], once: CountOnce | None = None, **scope: str | None
) -> list[dict[str, Any]]:
    """The query's rows, over the documents the scope keeps (event, publisher, language, kind); says on
    standard error how meetings were counted (``once``: per event or per language, None: every
    version; see summitry.store.filters.counted_once)."""
    check_format(format)
    with _open() as corpus:
        try:
            rows = query(scoped(corpus, **scope))
            repeats = repeated_versions(corpus.db, once) if once else 0
        except analysis.AnalysisError as exc:
            _fail(str(exc))
        except sqlite3.OperationalError as exc:
            _fail(f"cannot run this query ({exc})")
    if not rows:  # an empty answer says where else to look: readouts have no turns
        errors.print("[dim]nothing found in what the speakers said (turns); "
                     "summitry search --in all also reads readouts, captions and titles[/dim]")
    if once is None:
        errors.print("[dim]every stored version of a meeting counted[/dim]")
    elif repeats:
        versions = "version" if repeats == 1 else "versions"
        errors.print(f"[dim]{_COUNTED[once]}: {repeats} other {versions} left out (--all-versions counts them)[/dim]")
    return rows



@app.command()
def figures(
    unit: Annotated[Optional[str], typer.Option(help="USD, EUR, RUB, percent, tonnes, count, date…")] = None,
    about: Annotated[Optional[str], typer.Option(help="What it measures (trade, investment…) or a word of its sentence.")] = None,
    kind: Annotated[Optional[str], typer.Option(help="money, percent, quantity, count or date.")] = None,
    speaker: SpeakerOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = None,
    event: EventOption = None,
    publisher: PublisherOption = None,
    language: LanguageOption = None,
    format: FormatOption = "table",
    all_versions: AllVersionsOption = False,
) -> None:
    """Stated figures: value, unit, what it measures, qualifier, speaker, date, sentence."""
    rows = _run(
        format, lambda c: analysis.figures(c, unit, about, kind, speaker, since, until, limit, all_versions),
        once_unless(all_versions, "event"),
        event=event, publisher=publisher, language=language,
    )
    emit(rows, format, ["date", "speaker", "text", "value", "unit", "qualifier", "measure", "sentence"], "figures")


@app.command()
def mentions(
    entity: Annotated[Optional[str], typer.Argument(help="An id, a name or an alias: EAEU, Union State, Minsk, Putin.")] = None,
    type: Annotated[Optional[str], typer.Option(help="person, organisation, country or place.")] = None,
    speaker: SpeakerOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = None,
    event: EventOption = None,
    publisher: PublisherOption = None,
    language: LanguageOption = None,
    kind: KindOption = None,
    format: FormatOption = "table",
    all_versions: AllVersionsOption = False,
) -> None:
    """Who mentions an entity, when, in which sentence."""
    rows = _run(
        format, lambda c: analysis.mentions(c, entity, type, speaker, since, until, limit, all_versions),
        once_unless(all_versions, "event"),
        event=event, publisher=publisher, language=language, kind=kind,
    )
    emit(rows, format, ["date", "speaker", "name", "text", "sentence"], "mentions")


@app.command()
def topics(
    by: Annotated[str, typer.Option(help="meeting (an event, or a document linked to none), document or year.")] = "meeting",
    speaker: SpeakerOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    event: EventOption = None,
    publisher: PublisherOption = None,
    language: LanguageOption = None,
    kind: KindOption = None,
    format: FormatOption = "table",
    all_versions: AllVersionsOption = False,
) -> None:
    """Topic share by meeting, by document or by year."""
    rows = _run(
        format, lambda c: analysis.topics(c, by, speaker, since, until, all_versions),  # type: ignore[arg-type]
        once_unless(all_versions, "event"),
        event=event, publisher=publisher, language=language, kind=kind,
    )
    place = {"meeting": ["event", "document", "date", "title"], "document": ["document", "date", "title"]}.get(by, ["year"])
    emit(rows, format, [*place, "name", "hits", "utterances", "share"], "rows")


@app.command()
def kwic(
    query: Annotated[str, typer.Argument(help='A word or phrase; a trailing * for prefixes: "Union State", sanction*.')],
    width: Annotated[int, typer.Option(help="Characters of context on each side.")] = 60,
    speaker: SpeakerOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[Optional[int], typer.Option(min=0, help="At most this many lines.")] = 200,
    event: EventOption = None,
    publisher: PublisherOption = None,
    language: LanguageOption = None,
    kind: KindOption = None,
    format: FormatOption = "table",
    all_versions: AllVersionsOption = False,
) -> None:
    """Concordance: each occurrence with its context, speaker, date and document."""
    rows = _run(
        format, lambda c: analysis.kwic(c, query, width, speaker, since, until, limit, all_versions),
        once_unless(all_versions, "language"),
        event=event, publisher=publisher, language=language, kind=kind,
    )
    if format == "table":
        table = Table("doc", "date", "speaker", "left", "match", "right", box=None)
        for r in rows:
            table.add_row(
                str(r["document"]), r["date"] or "", escape(r["speaker"] or ""), escape(r["left"]),
                f"[bold yellow]{escape(r['match'])}", escape(r["right"]),
            )
        console.print(table)
        errors.print(f"{len(rows)} lines")
    else:
        emit(rows, format, [], "lines")


StopwordsOption = Annotated[bool, typer.Option("--stopwords", help="Keep stopwords (data/stopwords.yaml), left out by default.")]


@app.command()
def collocates(
    query: Annotated[str, typer.Argument(help='A word or phrase; a trailing * for prefixes: "Union State", sanction*.')],
    window: Annotated[int, typer.Option(min=1, max=20, help="Words on each side that count as near.")] = 5,
    min_count: Annotated[int, typer.Option(min=1, help="Words near it fewer times are left out.")] = 2,
    speaker: SpeakerOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[Optional[int], typer.Option(min=0, help="At most this many words.")] = 50,
    event: EventOption = None,
    publisher: PublisherOption = None,
    language: LanguageOption = None,
    kind: KindOption = None,
    stopwords: StopwordsOption = False,
    format: FormatOption = "table",
    all_versions: AllVersionsOption = False,
) -> None:
    """The words said near a word or phrase, most strongly attracted first: log-likelihood and log ratio."""
    rows = _run(
        format,
        lambda c: analysis.collocates(c, query, window, speaker, since, until, limit, min_count, stopwords, all_versions),
        once_unless(all_versions, "language"),
        event=event, publisher=publisher, language=language, kind=kind,
    )
    emit(rows, format, ["term", "count", "total", "log_likelihood", "log_ratio"], "words")


@app.command()
def frequencies(
    speaker: SpeakerOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[Optional[int], typer.Option(min=0, help="At most this many words.")] = 50,
    event: EventOption = None,
    publisher: PublisherOption = None,
    language: LanguageOption = None,
    kind: KindOption = None,
    stopwords: StopwordsOption = False,
    format: FormatOption = "table",
    all_versions: AllVersionsOption = False,
) -> None:
    """The words said most often, with their share per 10,000 words."""
    rows = _run(
        format, lambda c: analysis.frequencies(c, speaker, since, until, stopwords, all_versions),
        once_unless(all_versions, "language"),
        event=event, publisher=publisher, language=language, kind=kind,
    )
    emit(rows[:limit], format, ["rank", "term", "count", "per_10k"], "words", len(rows))


@app.command()
def keyness(
    speaker: Annotated[str, typer.Option(help="The speaker whose words are looked at.")],
    vs: Annotated[Optional[str], typer.Option(help="Against this speaker (default: everyone else).")] = None,
    limit: Annotated[Optional[int], typer.Option(min=0, help="At most this many words.")] = 30,
    min_count: Annotated[int, typer.Option(help="Words said fewer times are left out.")] = 3,
    min_ll: Annotated[float, typer.Option(help="Least log-likelihood kept (3.84: p < 0.05; 0: all).")] = 3.84,
    stopwords: StopwordsOption = False,
    event: EventOption = None,
    publisher: PublisherOption = None,
    language: LanguageOption = None,
    kind: KindOption = None,
    format: FormatOption = "table",
    all_versions: AllVersionsOption = False,
) -> None:
    """Words distinctive of one speaker against another: log-likelihood and log ratio."""
    rows = _run(
        format, lambda c: analysis.keyness(c, speaker, vs, limit, min_count, min_ll, all_versions, stopwords),
        once_unless(all_versions, "language"),
        event=event, publisher=publisher, language=language, kind=kind,
    )
    emit(rows, format, ["term", "count", "ref_count", "per_10k", "ref_per_10k", "log_likelihood", "log_ratio"], "words")


@app.command()
def trend(
    term: Annotated[str, typer.Argument(help='A word or phrase; a trailing * for prefixes.')],
    by: Annotated[str, typer.Option(help="year or month.")] = "year",
    per_speaker: Annotated[bool, typer.Option("--per-speaker", help="One row per speaker and period.")] = False,
    speaker: SpeakerOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    event: EventOption = None,
    publisher: PublisherOption = None,
    language: LanguageOption = None,
    kind: KindOption = None,
    format: FormatOption = "table",
    all_versions: AllVersionsOption = False,
) -> None:
    """Relative frequency of a word or phrase over time (per 10,000 words)."""
    rows = _run(
        format, lambda c: analysis.trend(c, term, by, per_speaker, speaker, all_versions, since, until),  # type: ignore[arg-type]
        once_unless(all_versions, "language"),
        event=event, publisher=publisher, language=language, kind=kind,
    )
    emit(rows, format, [by, *(["speaker"] if per_speaker else []), "hits", "words", "per_10k"], "rows")


@app.command()
def stats(
    by: Annotated[str, typer.Option(help="overall, event (each meeting once, from its canonical version) or document.")] = "overall",
    since: SinceOption = None,
    until: UntilOption = None,
    event: EventOption = None,
    publisher: PublisherOption = None,
    language: LanguageOption = None,
    kind: KindOption = None,
    format: FormatOption = "table",
    all_versions: AllVersionsOption = False,
) -> None:
    """Share of turns and words per speaker, overall, per event or per document."""
    rows = _run(
        format, lambda c: analysis.speaker_stats(c, by, all_versions, since, until),  # type: ignore[arg-type]
        None if by == "document" else once_unless(all_versions, "event"),
        event=event, publisher=publisher, language=language, kind=kind,
    )
    place = {"event": ["event", "document", "date"], "meeting": ["event", "document", "date"], "document": ["document", "date"]}.get(by, [])
    emit(rows, format, [*place, "speaker", "turns", "words", "turn_share", "word_share"], "rows")


@app.command()
def enrich(
    topics: Annotated[Optional[str], typer.Option("--topics", help="A taxonomy file of your own (YAML, like data/topics.yaml); SUMMITRY_TOPICS names one too.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Run the enrich stage again over the stored turns (after the data files changed); pages are not read again."""
    try:
        taxonomy = load_taxonomy(Path(topics) if topics else None)
    except PageError as exc:
        _fail(str(exc))
        return
    started = time.monotonic()
    with _open() as corpus:
        progress = Progress(TextColumn("[bold]enrich"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=errors, disable=quiet)
        with progress:
            task = progress.add_task("enrich", total=None)
            try:
                count = corpus.store.reenrich(lambda done, total: progress.update(task, completed=done, total=total), taxonomy)
            except PageError as exc:
                _fail(str(exc))
                return
        figures_, mentions_ = (
            corpus.db.execute(f"SELECT COUNT(*) FROM {view}").fetchone()[0] for view in ("figures", "mentions")
        )
    console.print(f"documents enriched: {count}  figures: {figures_}  mentions: {mentions_}  [{time.monotonic() - started:.1f} s]")
