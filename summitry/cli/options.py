"""The options several commands share, defined once so they read the same everywhere: the filters
(--speaker --since --until --event --publisher --language --kind), --limit and --all-versions."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..queries.corpus import Corpus, QueryError
from .output import fail

SpeakerOption = Annotated[Optional[str], typer.Option(help="Only this speaker (name, id or label).")]
SinceOption = Annotated[Optional[str], typer.Option(help="From this ISO date (YYYY-MM-DD, YYYY-MM or YYYY).")]
UntilOption = Annotated[Optional[str], typer.Option(help="Up to this ISO date (YYYY-MM-DD, YYYY-MM or YYYY).")]
EventOption = Annotated[Optional[str], typer.Option(help="Only the documents of this event (see: summitry events).")]
PublisherOption = Annotated[Optional[str], typer.Option(help="Only the documents of this publisher (a part of its name: kremlin.ru).")]
LanguageOption = Annotated[Optional[str], typer.Option(help="Only the documents in this language (its code: en, ru).")]
KindOption = Annotated[Optional[str], typer.Option(help="Only the documents of events of this kind (talks, meeting, news conference…).")]
LimitOption = Annotated[Optional[int], typer.Option(min=0, help="At most this many rows.")]
AllVersionsOption = Annotated[
    bool, typer.Option("--all-versions", help="Count every stored version of a meeting (default: each meeting once).")
]


def scoped(
    corpus: Corpus, event: str | None = None, publisher: str | None = None, language: str | None = None, kind: str | None = None
) -> Corpus:
    """The corpus, its queries reading only the documents these filters keep; a value that names
    nothing stored ends the command with its one-line reason (exit 2)."""
    try:
        return corpus.scoped(event, publisher, language, kind)
    except QueryError as exc:
        fail(str(exc))
        raise  # unreachable: fail exits
