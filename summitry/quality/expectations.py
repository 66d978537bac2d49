"""One parsed Document against a hand-written expectation (examples/pages/*.expected.json), turn by turn
in page order: there is no page text to align with (the examples include HTML), so turn i of the
expectation is compared with turn i of the document. A turn is right when its speaker and label are
the expectation's, its word count is within 2 and its first and last four words are the same.
Metadata fields compare as in `fields`; the expectation's `not_in_turns` must appear in no turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..records import Document
from .fields import field_verdict, normalise
from .turns import EDGE_WORDS, WORD_TOLERANCE, not_in_turns, words

META_FIELDS = ("title", "date", "time", "city", "venue", "url", "published", "updated", "tags", "captions")


@dataclass
class ExpectationScore:
    name: str
    turns_gold: int = 0
    turns_found: int = 0
    turns_right: int = 0
    meta_right: int = 0
    meta_total: int = 0
    not_in_turns: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def score_document(name: str, expected: dict[str, Any], doc: Document) -> ExpectationScore:
    gold_turns = expected.get("turns", [])
    score = ExpectationScore(name, turns_gold=len(gold_turns), turns_found=len(doc.turns))
    for i, gold in enumerate(gold_turns):
        if i >= len(doc.turns):
            score.problems.append(f"turn {i + 1}: missing")
            continue
        turn = doc.turns[i]
        got = words(turn.text)
        wrong = []
        if turn.speaker != gold["speaker"]:
            wrong.append(f"speaker {turn.speaker!r} != {gold['speaker']!r}")
        if normalise(turn.label) != normalise(gold["label"]):
            wrong.append(f"label {turn.label!r} != {gold['label']!r}")
        if abs(turn.words - gold["words"]) > WORD_TOLERANCE:
            wrong.append(f"words {turn.words} != {gold['words']}")
        for edge, have in (("begins", got[:EDGE_WORDS]), ("ends", got[-EDGE_WORDS:])):
            if normalise(" ".join(have)) != normalise(gold[edge]):
                wrong.append(f"{edge} {' '.join(have)!r} != {gold[edge]!r}")
        if wrong:
            score.problems.append(f"turn {i + 1}: " + "; ".join(wrong))
        else:
            score.turns_right += 1
    if len(doc.turns) > score.turns_gold:
        score.problems.append(f"{len(doc.turns) - score.turns_gold} turns more than the expectation")
    record = {key: getattr(doc, key) for key in META_FIELDS}
    for key in META_FIELDS:
        if key not in expected:
            continue
        score.meta_total += 1
        verdict = field_verdict(key, expected[key], record)
        if verdict == "right":
            score.meta_right += 1
        else:
            score.problems.append(f"{key} {verdict}: {record[key]!r} != {expected[key]!r}")
    turns = [{"text": t.text} for t in doc.turns]
    score.not_in_turns = not_in_turns(expected.get("not_in_turns", []), turns)
    score.problems += [f"leak into a turn: {s!r}" for s in score.not_in_turns]
    return score
