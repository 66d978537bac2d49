"""A comparison of two versions for one request, bounded: refused beyond MAX_COMPARE_TURNS turns a
side, and ended as soon as its client has gone or after COMPARE_SECONDS (the alignment checks its
stop at each row of its table). `summitry compare` on the command line has neither bound."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import anyio
from fastapi import HTTPException, Request

from ..events.align import AlignmentStopped, compare, stop_when

MAX_COMPARE_TURNS = 10_000  # a side; about 15 s of alignment on this machine
COMPARE_SECONDS = 30.0
DISCONNECT_POLL_SECONDS = 0.25


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
    (400 same or too long, 404 missing) otherwise. Runs in a worker thread while the event loop
    watches the connection."""
    if a == b:
        raise HTTPException(400, f"a and b are the same document ({a}); compare two versions")
    reader = request.app.state.reader
    gone = threading.Event()
    deadline = time.monotonic() + COMPARE_SECONDS

    def run() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        corpus = reader.corpus()
        turns = dict(corpus.db.execute("SELECT id, turns FROM documents WHERE id IN (?, ?)", (a, b)).fetchall())
        for doc_id in (a, b):
            if doc_id not in turns:
                raise HTTPException(404, f"no document {doc_id} (summitry documents lists them)")
            if turns[doc_id] > MAX_COMPARE_TURNS:
                raise HTTPException(400, f"document {doc_id} has {turns[doc_id]:,} turns; the server compares at most "
                                         f"{MAX_COMPARE_TURNS:,} a side (summitry compare {a} {b} has no limit)")
        docs = {doc_id: corpus.document(doc_id) for doc_id in (a, b)}
        with stop_when(lambda: gone.is_set() or time.monotonic() > deadline):
            return comparison_dict(compare(docs[a], docs[b])), docs[a], docs[b]

    async def watch() -> None:
        while not await request.is_disconnected():
            await asyncio.sleep(DISCONNECT_POLL_SECONDS)
        gone.set()

    watcher = asyncio.create_task(watch())
    try:
        return await anyio.to_thread.run_sync(run)
    except AlignmentStopped:
        reason = "its client left" if gone.is_set() else f"it ran over {COMPARE_SECONDS:g} s"
        raise HTTPException(400, f"the comparison of {a} and {b} was stopped: {reason} "
                                 f"(summitry compare {a} {b} has no limit)") from None
    finally:
        watcher.cancel()
