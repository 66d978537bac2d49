"""Commands that change what is stored, with the current data or by an analyst's hand: reparse,
remove, person merge, person rename, and corrections (the list of them); and who may write through
the web server: token create|revoke|list, and audit (the writes made). Every correction is recorded
in the database (summitry.store.corrections), so a reparse or a later ingest keeps it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Annotated, Optional, TypeVar

import typer

from ..store.tokens import TokenError, audit_log, create_token, list_tokens, revoke_token
from .main import _fail, _open, app, console, errors
from .output import FormatOption, check_format, emit
from .terminal import escape

T = TypeVar("T")
person_app = typer.Typer(help="Correct a person: merge two into one, or rename one.", no_args_is_help=True)
app.add_typer(person_app, name="person")


@app.command()
def reparse(
    docs: Annotated[Optional[list[int]], typer.Argument(help="Document ids (default: every document).")] = None,
    workers: Annotated[int, typer.Option(help="Parser processes (1: parse in this process).")] = 1,
    format: FormatOption = "table",
) -> None:
    """Parse stored documents' pages again with the current data (persons, places, patterns, site
    profiles, SUMMITRY_DATA) and list what changed, field by field; corrections are kept."""
    check_format(format)
    with _open() as corpus:
        report = corpus.reparse(docs or None, workers=workers)
    emit(report.changes, format, ["document", "field", "before", "after", "source"], "changes")
    changed = report.changed
    errors.print(
        f"reparsed {report.stored} of {report.documents} documents: {changed} changed, "
        f"{report.stored - changed} the same, {len(report.failures)} could not be read again (kept as stored) "
        f"[{report.seconds:.1f} s]",
        soft_wrap=True,
    )
    for failure in report.failures[:50]:
        errors.print(f"[red]failed:[/red] {escape(str(failure))}", soft_wrap=True)
    if report.failures:
        raise typer.Exit(1)


@app.command()
def remove(
    docs: Annotated[list[int], typer.Argument(help="Document ids (see: summitry documents).")],
) -> None:
    """Remove documents from the corpus, recorded: ingesting or reparsing their pages leaves them out."""
    with _open() as corpus:
        sources = corpus.remove_documents(docs)
    for source in sources:
        console.print(f"removed {escape(source)}", soft_wrap=True)


@person_app.command("merge")
def merge(
    merged: Annotated[str, typer.Argument(help="The id of the person to merge (see: summitry speakers).")],
    kept: Annotated[str, typer.Argument(help="The id of the person who keeps the turns.")],
) -> None:
    """Give every turn, label and mention of one person to another and drop the first, recorded."""
    with _open() as corpus:
        turns = corpus.merge_persons(merged, kept)
    console.print(f"merged {escape(merged)} into {escape(kept)}: {turns} turns moved")


@person_app.command("rename")
def rename(
    person: Annotated[str, typer.Argument(help="The person's id (see: summitry speakers).")],
    name: Annotated[str, typer.Argument(help="The name to give.")],
) -> None:
    """Give a person another name, recorded: pages parsed again keep it."""
    with _open() as corpus:
        old = corpus.rename_person(person, name)
    console.print(f"renamed {escape(person)}: {escape(old)} → {escape(' '.join(name.split()))}")


@app.command("corrections")
def list_corrections(format: FormatOption = "table") -> None:
    """The recorded corrections (remove, merge, rename), oldest first."""
    check_format(format)
    with _open() as corpus:
        rows = corpus.corrections()
    emit(rows, format, ["id", "at", "action", "subject", "value"], "corrections")


token_app = typer.Typer(help="API tokens: who may upload through `summitry serve --allow-upload`.", no_args_is_help=True)
app.add_typer(token_app, name="token")


@token_app.command("create")
def token_create(name: Annotated[str, typer.Option("--name", help="Who or what uses it (one name per token).")]) -> None:
    """Make a token and print it, the only time it is shown: the database keeps its hash alone. Once a
    token exists, every upload to the server must bring one (Authorization: Bearer TOKEN)."""
    token = _token_change(lambda db: create_token(db, name))
    console.print(token, soft_wrap=True, highlight=False)
    errors.print(f"token {escape(name)!r} made: keep it now, it is not shown again", soft_wrap=True)


@token_app.command("revoke")
def token_revoke(name: Annotated[str, typer.Argument(help="The token's name (see: summitry token list).")]) -> None:
    """Revoke a token: the server refuses it from now on."""
    _token_change(lambda db: revoke_token(db, name))
    console.print(f"revoked {escape(name)}")


def _token_change(change: Callable[[sqlite3.Connection], T]) -> T:
    """A change to the tokens, in a transaction of its own; its TokenError as one line and exit 2."""
    with _open() as corpus:
        try:
            return corpus.store.correct(change)
        except TokenError as exc:
            _fail(str(exc))
            raise  # unreachable: _fail exits


@token_app.command("list")
def token_list(format: FormatOption = "table") -> None:
    """The tokens: name, when made, when revoked (never the tokens themselves)."""
    check_format(format)
    with _open() as corpus:
        rows = list_tokens(corpus.db)
    emit(rows, format, ["name", "created", "revoked"], "tokens")


@app.command("audit")
def audit(
    limit: Annotated[Optional[int], typer.Option(min=0, help="At most this many rows.")] = 50,
    format: FormatOption = "table",
) -> None:
    """The writes made through the web server, newest first: when, who (the token's name), what."""
    check_format(format)
    with _open() as corpus:
        rows = audit_log(corpus.db, limit)
    emit(rows, format, ["at", "who", "action", "detail"], "writes")
