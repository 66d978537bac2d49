"""Alignment of two versions of one event: turns paired, then sentences within paired turns.

A monotonic dynamic programme (Needleman-Wunsch) over the turns of two documents: a pair scores
by content similarity (``similarity.similarity``, which survives two translations of one speech)
plus agreement of speakers; a turn may stay unpaired (an insertion, or an omission, often marked
``<…>``), and two consecutive turns of one speaker may pair with one turn (merges and splits).
The same programme pairs the sentences of two paired turns.

Divergences between the two versions: a turn or a sentence with no counterpart, a figure, date,
name or key term present in one version of a passage and not in the other, and a different speaker
for the same words.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from .similarity import TextFeatures, features, sentences, similarity

PAIR_COST = 0.3  # subtracted from a pair's similarity (plus the speaker term)
MERGE_COST = 0.1  # extra cost of pairing two units with one
SAME_SPEAKER, OTHER_SPEAKER = 0.25, -0.5
TURN_GAP = -0.15  # an unpaired turn (free next to a cut the other version marks)
SENTENCE_PAIR_COST, SENTENCE_GAP = 0.2, -0.1
DIFFERENT_WORDS = 0.15  # turns paired by position and speaker whose words agree less than this
TERM_WEIGHTS = {"term": 1.0, "num": 0.8, "month": 0.7, "place": 0.5, "person": 0.3}
TERM_NAMES = {"term": "key term", "num": "figure", "month": "month", "place": "place", "person": "person"}
MIN_SENTENCE_WORDS = 4  # shorter unpaired sentences ("Thank you.") are not divergences
FULL_ALIGNMENT_CELLS = 250_000  # up to this many unit pairs (500 × 500) the alignment is exact
BLOCK_UNITS = 120  # beyond: anchored, and exact within blocks of at most this many units a side,
BLOCK_CELL_BUDGET = 50_000  # fewer for long sequences, so that about this many pairs are scored
MIN_BLOCK_UNITS = 10
MIN_ANCHOR_WORDS = 3  # an anchor turn says at least this much


_STOP: ContextVar[Callable[[], bool] | None] = ContextVar("summitry_alignment_stop", default=None)


class AlignmentStopped(Exception):
    """An alignment ended early: the stop its caller gave (stop_when) said so."""


@contextmanager
def stop_when(should_stop: Callable[[], bool]) -> Iterator[None]:
    """Alignments in this block look at ``should_stop()`` at each row of their table, and raise
    AlignmentStopped when it is true (a server's time limit, a client that has gone)."""
    token = _STOP.set(should_stop)
    try:
        yield
    finally:
        _STOP.reset(token)


def _check_stop() -> None:
    stop = _STOP.get()
    if stop is not None and stop():
        raise AlignmentStopped("the alignment was stopped")


@dataclass
class Turn:
    position: int  # segment position in its document
    person_id: str | None
    speaker: str
    text: str
    cut_before: bool = False  # an omission marker (<…>) right before this turn
    cut_after: bool = False

    @property
    def features(self) -> TextFeatures:
        return features(self.text)


@dataclass
class Pair:
    """Units paired by the alignment: one or two on each side; an empty side is a gap."""

    a: list[int]
    b: list[int]
    score: float


@dataclass
class TurnPair:
    a: list[Turn]
    b: list[Turn]
    score: float
    sentences: list[tuple[list[str], list[str], float]] = field(default_factory=list)


@dataclass
class Divergence:
    kind: str  # unpaired turn, unpaired sentence, term, speaker, unsupported claim, unsourced quote
    score: float  # 0..1: how much it matters
    document: int  # the version where the text is
    other: int | None  # the version that lacks it (None: no version)
    position: int | None  # segment position in `document`
    text: str
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("kind", "score", "document", "other", "position", "text", "detail")}


@dataclass
class Comparison:
    a: int
    b: int
    pairs: list[TurnPair]
    divergences: list[Divergence]

    @property
    def paired(self) -> int:
        return sum(1 for p in self.pairs if p.a and p.b)


Gap = Callable[[bool, int, int], float]


def align(
    a: Sequence[Any], b: Sequence[Any], score: Callable[[list[Any], list[Any]], float | None], gap: Gap
) -> list[Pair]:
    """Best monotonic alignment of two sequences. ``score(xs, ys)`` values pairing one or two units
    of ``a`` with one or two of ``b`` (None: not allowed); ``gap(in_a, i, j)`` values leaving
    ``a[i]`` unpaired at ``b[j]`` (in_a) or ``b[j]`` unpaired at ``a[i]``."""
    n, m = len(a), len(b)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, float]]] = [[(0, 0, 0.0)] * (m + 1) for _ in range(n + 1)]
    moves = ((1, 1), (2, 1), (1, 2))
    for i in range(n + 1):
        _check_stop()
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options = []
            if i:
                options.append((best[i - 1][j] + gap(True, i - 1, j), 1, 0, 0.0))
            if j:
                options.append((best[i][j - 1] + gap(False, i, j - 1), 0, 1, 0.0))
            for di, dj in moves:
                if i >= di and j >= dj:
                    value = score(list(a[i - di : i]), list(b[j - dj : j]))
                    if value is not None:
                        options.append((best[i - di][j - dj] + value, di, dj, value))
            total, di, dj, value = max(options, key=lambda o: o[0])
            best[i][j], back[i][j] = total, (di, dj, value)
    pairs: list[Pair] = []
    i, j = n, m
    while i or j:
        di, dj, value = back[i][j]
        pairs.append(Pair(list(range(i - di, i)), list(range(j - dj, j)), value))
        i, j = i - di, j - dj
    return pairs[::-1]


def bounded_align(
    a: Sequence[Any], b: Sequence[Any], score: Callable[[list[Any], list[Any]], float | None], gap: Gap,
    anchors: Sequence[tuple[int, int]] = (),
) -> list[Pair]:
    """``align``, exact up to FULL_ALIGNMENT_CELLS unit pairs; beyond, time and memory stay about
    linear: ``anchors`` (index pairs in increasing order on both sides) are paired as they are, and
    the spans between them are aligned in blocks of at most BLOCK_UNITS units a side."""
    if len(a) * len(b) <= FULL_ALIGNMENT_CELLS:
        return align(a, b, score, gap)
    block_units = max(MIN_BLOCK_UNITS, min(BLOCK_UNITS, BLOCK_CELL_BUDGET // max(len(a), len(b))))
    pairs: list[Pair] = []
    start_a = start_b = 0
    for anchor_a, anchor_b in [*anchors, (len(a), len(b))]:
        spans = (start_a, anchor_a), (start_b, anchor_b)
        pairs.extend(_align_in_blocks(a, b, score, gap, *spans, block_units))
        if anchor_a < len(a):
            value = score([a[anchor_a]], [b[anchor_b]])
            pairs.append(Pair([anchor_a], [anchor_b], 0.0 if value is None else value))
        start_a, start_b = anchor_a + 1, anchor_b + 1
    return pairs


def _align_in_blocks(
    a: Sequence[Any], b: Sequence[Any], score: Callable[[list[Any], list[Any]], float | None], gap: Gap,
    span_a: tuple[int, int], span_b: tuple[int, int], block_units: int,
) -> list[Pair]:
    """The span ``a[span_a]`` against ``b[span_b]``, cut into matching blocks by proportion."""
    length_a, length_b = span_a[1] - span_a[0], span_b[1] - span_b[0]
    blocks = max(1, -(-max(length_a, length_b) // block_units))
    pairs: list[Pair] = []
    for block in range(blocks):
        first_a = span_a[0] + length_a * block // blocks
        first_b = span_b[0] + length_b * block // blocks
        last_a = span_a[0] + length_a * (block + 1) // blocks
        last_b = span_b[0] + length_b * (block + 1) // blocks

        def shifted_gap(in_a: bool, i: int, j: int, first_a: int = first_a, first_b: int = first_b) -> float:
            return gap(in_a, i + first_a, j + first_b)

        for pair in align(a[first_a:last_a], b[first_b:last_b], score, shifted_gap):
            pairs.append(Pair([i + first_a for i in pair.a], [j + first_b for j in pair.b], pair.score))
    return pairs


def turn_anchors(a: list[Turn], b: list[Turn]) -> list[tuple[int, int]]:
    """Turns no alignment would pair otherwise: the same speaker and words, found once in each
    version; of these, the longest run in the same order in both."""

    def key(turn: Turn) -> tuple[str | None, str]:
        return turn.person_id, " ".join(turn.text.lower().split())

    count_a, count_b = Counter(map(key, a)), Counter(map(key, b))
    index_b = {key(t): j for j, t in enumerate(b) if count_b[key(t)] == 1}
    candidates = [
        (i, index_b[key(t)]) for i, t in enumerate(a)
        if count_a[key(t)] == 1 and key(t) in index_b and len(t.text.split()) >= MIN_ANCHOR_WORDS
    ]
    # longest increasing run of b-indices (candidates are in a-order): patience sorting
    tails: list[int] = []  # tails[k]: b-index ending the best run of length k + 1
    tail_index: list[int] = []  # the candidate behind each tail
    previous: list[int] = [-1] * len(candidates)
    for index, (_, j) in enumerate(candidates):
        k = bisect_left(tails, j)
        previous[index] = tail_index[k - 1] if k else -1
        if k == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[k], tail_index[k] = j, index
    run: list[tuple[int, int]] = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        run.append(candidates[index])
        index = previous[index]
    return run[::-1]


def _speaker_term(xs: list[Turn], ys: list[Turn]) -> float | None:
    people_x = {t.person_id for t in xs}
    people_y = {t.person_id for t in ys}
    if len(people_x) > 1 or len(people_y) > 1:
        return None  # merges and splits stay within one speaker
    x, y = next(iter(people_x)), next(iter(people_y))
    if x is None or y is None:
        return 0.0
    return SAME_SPEAKER if x == y else OTHER_SPEAKER


def _turn_score(xs: list[Turn], ys: list[Turn]) -> float | None:
    speaker = _speaker_term(xs, ys)
    if speaker is None:
        return None
    content = similarity(features(" ".join(t.text for t in xs)), features(" ".join(t.text for t in ys)))
    cost = PAIR_COST + MERGE_COST * (len(xs) + len(ys) - 2)
    # the same words from another speaker still pair (and are reported), if they are the same words
    return content + speaker - cost if speaker >= 0 or content >= 0.6 else None


def _turn_gap(a: list[Turn], b: list[Turn]) -> Gap:
    def gap(in_a: bool, i: int, j: int) -> float:
        other, k = (b, j) if in_a else (a, i)
        cut = (k < len(other) and other[k].cut_before) or (k > 0 and other[k - 1].cut_after)
        return 0.0 if cut else TURN_GAP

    return gap


def _sentence_gap(in_a: bool, i: int, j: int) -> float:
    return SENTENCE_GAP


def _sentence_score(xs: list[str], ys: list[str]) -> float:
    content = similarity(features(" ".join(xs)), features(" ".join(ys)))
    return content - SENTENCE_PAIR_COST - MERGE_COST * (len(xs) + len(ys) - 2)


def turns_of(doc: dict[str, Any]) -> list[Turn]:
    """The turns of a stored document (Corpus.document), with the cuts around them."""
    turns: list[Turn] = []
    cut = False
    for segment in doc["segments"]:
        if segment["kind"] == "omission":
            cut = True
            if turns:
                turns[-1].cut_after = True
        elif segment["kind"] == "turn":
            name = segment.get("speaker") or segment.get("label") or "?"
            turns.append(Turn(segment["position"], segment["person_id"], name, segment["text"], cut_before=cut))
            cut = False
    return turns


def compare(doc_a: dict[str, Any], doc_b: dict[str, Any]) -> Comparison:
    """Pair the turns of two stored documents, then the sentences of each pair; list divergences."""
    a, b = turns_of(doc_a), turns_of(doc_b)
    pairs: list[TurnPair] = []
    for pair in bounded_align(a, b, _turn_score, _turn_gap(a, b), turn_anchors(a, b)):
        _check_stop()
        turn_pair = TurnPair([a[i] for i in pair.a], [b[j] for j in pair.b], pair.score)
        if turn_pair.a and turn_pair.b:
            sa = [s for t in turn_pair.a for s in sentences(t.text)]
            sb = [s for t in turn_pair.b for s in sentences(t.text)]
            if len(sa) == 1 and len(sb) == 1:  # the turn is the sentence
                turn_pair.sentences = [(sa, sb, _sentence_score(sa, sb))]
            else:
                turn_pair.sentences = [
                    ([sa[i] for i in p.a], [sb[j] for j in p.b], p.score)
                    for p in bounded_align(sa, sb, _sentence_score, _sentence_gap)
                ]
        pairs.append(turn_pair)
    comparison = Comparison(doc_a["id"], doc_b["id"], pairs, [])
    comparison.divergences = sorted(_divergences(comparison), key=lambda d: -d.score)
    return comparison


def _divergences(c: Comparison) -> list[Divergence]:
    found: list[Divergence] = []
    for index, pair in enumerate(c.pairs):
        _check_stop()
        if not (pair.a and pair.b):
            found.extend(_unpaired_turn(c, pair, index))
            continue
        first_a, first_b = pair.a[0], pair.b[0]
        text_a, text_b = (features(" ".join(t.text for t in ts)) for ts in (pair.a, pair.b))
        if min(len(text_a.stems), len(text_b.stems)) >= 5 and similarity(text_a, text_b) < DIFFERENT_WORDS:
            found.append(Divergence(
                "different words", 0.6, c.a, c.b, first_a.position, first_a.text,
                f"paired by place and speaker with {c.b}#{first_b.position}, but says something else",
            ))
            continue
        if first_a.person_id and first_b.person_id and first_a.person_id != first_b.person_id:
            found.append(Divergence(
                "speaker", 0.9, c.a, c.b, first_a.position, first_a.text,
                f"{first_a.speaker} in {c.a}, {first_b.speaker} in {c.b}",
            ))
        for xs, ys, _ in pair.sentences:
            if xs and ys:
                continue
            text = " ".join(xs or ys)
            if len(text.split()) >= MIN_SENTENCE_WORDS:
                doc, other, turn = (c.a, c.b, first_a) if xs else (c.b, c.a, first_b)
                weight = min(1.0, len(features(text).stems) / 12)
                found.append(Divergence("unpaired sentence", round(0.3 + 0.3 * weight, 3), doc, other, turn.position, text))
        found.extend(_term_differences(c, pair))
    return found


def _unpaired_turn(c: Comparison, pair: TurnPair, index: int) -> list[Divergence]:
    turn = (pair.a or pair.b)[0]
    doc, other = (c.a, c.b) if pair.a else (c.b, c.a)
    # a cut marked in the other version next to this place explains the gap
    side = "b" if pair.a else "a"
    neighbours = [getattr(p, side) for p in c.pairs[max(0, index - 1) : index + 2]]
    cut = any(t.cut_before or t.cut_after for ts in neighbours for t in ts) or _cut_at_end(c, side, index)
    weight = min(1.0, len(turn.features.stems) / 15)
    score = (0.2 if cut else 0.5) + 0.3 * weight
    detail = "cut (<…>) in the other version" if cut else "no counterpart in the other version"
    return [Divergence("unpaired turn", round(score, 3), doc, other, turn.position, turn.text, f"{turn.speaker}: {detail}")]


def _cut_at_end(c: Comparison, side: str, index: int) -> bool:
    """The other version's last turn is followed by a cut, and this gap comes after it."""
    last = _last_with_turns(c, side)
    return last is not None and last < index and getattr(c.pairs[last], side)[-1].cut_after


def _last_with_turns(c: Comparison, side: str) -> int | None:
    """The index of the last pair with turns on ``side`` (found once per comparison and side)."""
    cache: dict[str, int | None] = c.__dict__.setdefault("_last_with_turns", {})
    if side not in cache:
        cache[side] = next((k for k in range(len(c.pairs) - 1, -1, -1) if getattr(c.pairs[k], side)), None)
    return cache[side]


def _term_differences(c: Comparison, pair: TurnPair) -> list[Divergence]:
    terms_a = set().union(*(t.features.terms for t in pair.a))
    terms_b = set().union(*(t.features.terms for t in pair.b))
    found = []
    for terms, others, turns, doc, other in ((terms_a, terms_b, pair.a, c.a, c.b), (terms_b, terms_a, pair.b, c.b, c.a)):
        for term in sorted(terms - others):
            kind, _, value = term.partition(":")
            sentence = next(
                (s for t in turns for s in sentences(t.text) if term in features(s).terms), turns[0].text
            )
            found.append(Divergence(
                "term", TERM_WEIGHTS.get(kind, 0.5) * 0.8, doc, other, turns[0].position, sentence,
                f"{TERM_NAMES.get(kind, kind)} {value!r} only in {doc}",
            ))
    return found
