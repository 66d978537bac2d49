"""Commands that fill a corpus: ingest (in this process, a pool of parser processes, or a Dask
cluster: summitry.queries.dask_ingest), load (Parquet shards that a Dask run wrote) and copy (a
corpus from SQLite to PostgreSQL or back: summitry.store.copy)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..formats.imports import corpus_imports, count_documents
from ..formats.selection import FormatError
from ..formats.shards import shard_paths
from ..pipeline.read import DEFAULT_MAX_BYTES, count_pages
from ..queries.corpus import Corpus, IngestInterrupted, IngestReport
from ..queries.dask_ingest import PAGES_PER_PARTITION, ingest_with_dask
from ..store.copy import CopyError, copy_store
from .main import _fail, _open, app, console, errors, state
from .output import FormatOption, check_format, emit
from .terminal import escape

MB = 1024 * 1024  # --max-size counts in these
# --workers auto starts a parser per core from this many pages on: below, the pool costs more than it
# saves (`summitry ingest` of 100, 300, 600 and 1,000 pages on 2 cores: even at about 250)
AUTO_WORKERS_FROM = 250


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, WARC archives, URLs or URL lists.")],
    workers: Annotated[str, typer.Option(
        metavar="auto|N", help=f"Parser processes: auto (one per core from {AUTO_WORKERS_FROM} pages on), or N (1: in this process). "
        "With --engine dask: the local cluster's workers (auto: one per core).",
    )] = "auto",
    max_size: Annotated[float, typer.Option(help="Largest page to read, in MB (of 1,048,576 bytes).")] = DEFAULT_MAX_BYTES / MB,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    engine: Annotated[str, typer.Option(
        metavar="local|dask", help="local: this machine's processes; dask: partitions of the input as Dask tasks, each writing a Parquet shard, loaded here.",
    )] = "local",
    scheduler: Annotated[Optional[str], typer.Option(
        metavar="ADDRESS", help="With --engine dask: the Dask scheduler (tcp://host:8786); none: a local cluster.",
    )] = None,
    shards: Annotated[Optional[str], typer.Option(
        metavar="DIR", help="With --engine dask: keep the shards in this folder (on a cluster: one every worker reaches).",
    )] = None,
    partition: Annotated[int, typer.Option(
        metavar="N", help="With --engine dask: page files per partition (a WARC archive or URL is one of its own).",
    )] = PAGES_PER_PARTITION,
) -> None:
    """Read, parse and store pages. Ends with a summary; failed pages are listed with their reasons."""
    max_bytes = int(max_size * MB)
    processes = _workers(workers)
    if engine not in ("local", "dask"):
        _fail(f"--engine: {engine!r} is not local or dask")
    if partition < 1:
        _fail(f"--partition: {partition} is not a number of pages (1 or more)")
    if engine != "dask" and (scheduler or shards):
        _fail("--scheduler and --shards go with --engine dask")
    dask = engine == "dask"
    # what the bar counts to: the pages of a URL list or WARC archive, the documents of a ConvoKit folder
    total = 0 if quiet and (processes or dask) else sum(_pages_in(p, max_bytes) for p in paths)
    workers_used = processes or ((os.cpu_count() or 1) if total >= AUTO_WORKERS_FROM else 1)
    ran = f"{workers_used} parser process{'' if workers_used == 1 else 'es'}"

    def run(corpus: Corpus, on_page: Callable[[str, IngestReport], None], on_wait: Callable[[], None]) -> IngestReport:
        nonlocal ran
        if not dask:
            return corpus.ingest(paths, workers=workers_used, max_bytes=max_bytes, on_page=on_page, on_wait=on_wait)
        done = ingest_with_dask(corpus, paths, scheduler, processes or None, shards, partition, max_bytes,
                                on_page=on_page, on_wait=on_wait)
        ran = f"{done.partitions} partition{'' if done.partitions == 1 else 's'} on {done.workers} Dask worker{'' if done.workers == 1 else 's'}"
        if done.shards:
            ran += f", shards in {done.shards}"
        return done.report

    report = _with_progress("ingest", total, quiet, run)
    _summary(report, ran)


@app.command()
def load(
    shards: Annotated[list[str], typer.Argument(metavar="SHARDS", help="Shards (NAME.shard folders) or folders of them.")],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Store the Parquet shards that `ingest --engine dask --shards DIR` wrote, in order, then link
    events. Loading a shard again changes nothing: pages are keyed by their bytes and source."""
    try:
        found = shard_paths(shards)
    except FormatError as exc:
        _fail(str(exc))
    report = _with_progress("load", 0, quiet, lambda corpus, on_page, on_wait: corpus.load(found, on_page, on_wait))
    _summary(report, "loaded from shards")


@app.command(name="copy")
def copy_corpus(
    source: Annotated[str, typer.Option("--from", metavar="DB", help="The corpus: a SQLite file or a postgresql:// URL.")],
    target: Annotated[str, typer.Option("--to", metavar="DB", help="Where it goes: a new SQLite file or an empty postgresql:// database.")],
    format: FormatOption = "table",
) -> None:
    """Copy a corpus from SQLite to PostgreSQL or back, every table, and check each on both sides by
    its row count and a checksum of its rows; nothing is half-written when it fails."""
    check_format(format)
    try:
        report = copy_store(source, target)
    except CopyError as exc:
        _fail(str(exc))
    rows = [{"table": table, "rows": n, "checksum": report.checksums[table]} for table, n in report.rows.items()]
    emit(rows, format, ["table", "rows", "checksum"], "tables")
    errors.print(f"copied {sum(report.rows.values()):,} rows in {len(rows)} tables; counts and checksums agree on both sides")


def _with_progress(name: str, total: int, quiet: bool,
                   run: Callable[[Corpus, Callable[[str, IngestReport], None], Callable[[], None]], IngestReport]) -> IngestReport:
    """Run an ingest or load with a progress bar; Ctrl+C keeps what was stored and exits 130."""
    with _open(create=True) as corpus:
        progress = Progress(
            SpinnerColumn(), TextColumn(f"[bold]{name}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[status]}"), TimeElapsedColumn(),
            console=errors, disable=quiet, transient=False,
        )
        with progress:
            task = progress.add_task(name, total=total or None, status="")

            def on_page(source: str, report: IngestReport) -> None:
                progress.update(task, completed=report.pages, status=f"{report.documents} documents, {len(report.failures)} failed")

            def on_wait() -> None:
                errors.print(f"waiting for another summitry process to release {escape(state.db)}…", soft_wrap=True)

            try:
                report = run(corpus, on_page, on_wait)
            except KeyboardInterrupt as exc:  # Ctrl+C: what was stored is committed (Corpus.ingest)
                progress.stop()
                stored = exc.report.documents if isinstance(exc, IngestInterrupted) else 0
                errors.print(f"interrupted; {stored} pages stored", soft_wrap=True)
                raise typer.Exit(130) from None
            progress.update(task, completed=report.pages)
    return report


def _summary(report: IngestReport, ran: str) -> None:
    """The run's summary line, then its failures (exit 1 when there are any)."""
    rate = report.pages / report.seconds if report.seconds else 0.0
    console.print(
        f"pages read: {report.pages}  documents: {report.documents} "
        f"(new {report.added}, updated {report.updated})  unchanged: {report.unchanged}  "
        + (f"removed by a correction: {report.removed}  " if report.removed else "") +
        f"turns: {report.turns}  linked to events: {report.linked}  failed: {len(report.failures)}  "
        f"[{report.seconds:.1f} s, {rate:.0f} pages/s, {ran}]"
    )
    for failure in report.failures[:50]:
        errors.print(f"[red]failed:[/red] {escape(str(failure))}")
    if len(report.failures) > 50:
        errors.print(f"… and {len(report.failures) - 50} more (summitry failures lists them all)")
    if report.failures:
        raise typer.Exit(1)
def _pages_in(path: str, max_bytes: int) -> int:
    """How many pages a path holds, for the progress bar and --workers auto: an estimate that never
    fails (a path it cannot count is one page; reading it records the failure, if any)."""
    try:
        return count_documents(path) if corpus_imports(path) else count_pages([path], max_bytes)
    except (RecursionError, ValueError, OSError, UnicodeError):
        return 1


def _workers(value: str) -> int:
    """The --workers asked for: a number of processes, or 0 for auto; one line and exit 2 otherwise."""
    if value.strip().lower() == "auto":
        return 0
    if not value.strip().isdigit() or int(value) < 1:
        _fail(f"--workers: {value!r} is not auto or a number of processes (1 or more)")
    return int(value)


