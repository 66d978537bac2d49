"""A comparison of two versions for one request, bounded: refused beyond MAX_COMPARE_TURNS turns a
side, and ended as soon as its client has gone or after COMPARE_SECONDS (the alignment checks its
stop at each row of its table). `summitry compare` on the command line has neither bound."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import anyio
from fastapi import HTTPException, Request

from ..events.align import AlignmentStopped, Divergence, compare, stop_when
from ..queries.events import EventError, compare_event
from .reader import has_table

MAX_COMPARE_TURNS = 10_000  # a side; about 15 s of alignment on this machine
COMPARE_SECONDS = 30.0
DISCONNECT_POLL_SECONDS = 0.25
T = TypeVar("T")


def comparison_dict(comparison: Any) -> dict[str, Any]:
    """An alignment of two versions (summitry.events.align.Comparison) as plain data."""
    def turn(t: Any) -> dict[str, Any]:
        return {"position": t.position, "person_id": t.person_id, "speaker": t.speaker, "text": t.text}

    return {
        "a": comparison.a,
        "b": comparison.b,
        "paired": comparison.paired,
        "pairs": [
            {
                "a": [turn(t) for t in pair.a],
                "b": [turn(t) for t in pair.b],
                "score": round(pair.score, 3),
                "sentences": [{"a": xs, "b": ys, "score": round(score, 3)} for xs, ys, score in pair.sentences],
            }
            for pair in comparison.pairs
        ],
        "divergences": [d.as_dict() for d in comparison.divergences],
    }


async def bounded_comparison(request: Request, a: int, b: int) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The comparison of documents a and b as plain data, with both documents; an HTTPException
    (400 same or too long, 404 missing) otherwise."""
    if a == b:
        raise HTTPException(400, f"a and b are the same document ({a}); compare two versions")

    def run(corpus: Any) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        turns = dict(corpus.db.execute("SELECT id, turns FROM documents WHERE id IN (?, ?)", (a, b)).fetchall())
        for doc_id in (a, b):
            if doc_id not in turns:
                raise HTTPException(404, f"no document {doc_id} (summitry documents lists them)")
        _within_bound(turns, f"summitry compare {a} {b}")
        docs = {doc_id: corpus.document(doc_id) for doc_id in (a, b)}
        return comparison_dict(compare(docs[a], docs[b])), docs[a], docs[b]

    return await _bounded(request, run, f"the comparison of {a} and {b}", f"summitry compare {a} {b}")


async def bounded_event_divergences(request: Request, event_id: str) -> dict[str, Any]:
    """Where the versions of one event disagree (summitry.queries.events.compare_event), unsupported
    claims first, then the most important: 404 for an unknown event, 400 when a version is too long."""

    def run(corpus: Any) -> dict[str, Any]:
        turns = dict(corpus.db.execute(
            "SELECT d.id, d.turns FROM event_documents x JOIN documents d ON d.id = x.document_id WHERE x.event_id = ?",
            (event_id,),
        ).fetchall()) if has_table(corpus.db, "event_documents") else {}
        _within_bound(turns, f"summitry compare {event_id}")
        try:
            result = compare_event(corpus, event_id)
        except EventError as exc:
            raise HTTPException(404, str(exc)) from None
        found = sorted(result.divergences, key=divergence_order)
        return {"event": event_id, "canonical": result.canonical, "compared": [c.b for c in result.comparisons],
                "items": [d.as_dict() for d in found], "total": len(found)}

    return await _bounded(request, run, f"the comparison of the versions of {event_id}", f"summitry compare {event_id}")


def divergence_order(divergence: Divergence) -> tuple[bool, float]:
    """Unsupported claims (what a readout says was said and no turn supports) first, then by score."""
    return divergence.kind != "unsupported claim", -divergence.score


def _within_bound(turns: dict[int, int], command: str) -> None:
    for doc_id, count in turns.items():
        if count > MAX_COMPARE_TURNS:
            raise HTTPException(400, f"document {doc_id} has {count:,} turns; the server compares at most "
                                     f"{MAX_COMPARE_TURNS:,} a side ({command} has no limit)")


async def _bounded(request: Request, work: Callable[[Any], T], what: str, command: str) -> T:
    """work(corpus) in a worker thread while the event loop watches the connection; stopped (400)
    when its client has gone or after COMPARE_SECONDS."""
    reader = request.app.state.reader
    gone = threading.Event()
    deadline = time.monotonic() + COMPARE_SECONDS

    def run() -> T:
        corpus = reader.corpus()
        with stop_when(lambda: gone.is_set() or time.monotonic() > deadline):
            return work(corpus)

    async def watch() -> None:
        while not await request.is_disconnected():
            await asyncio.sleep(DISCONNECT_POLL_SECONDS)
        gone.set()

    watcher = asyncio.create_task(watch())
    try:
        return await anyio.to_thread.run_sync(run)
    except AlignmentStopped:
        reason = "its client left" if gone.is_set() else f"it ran over {COMPARE_SECONDS:g} s"
        raise HTTPException(400, f"{what} was stopped: {reason} ({command} has no limit)") from None
    finally:
        watcher.cancel()
