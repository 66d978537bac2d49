"""Score the parser against a gold file (the layout of ../shared/gold/seeds.gold.json).

A turn is right when its speaker and label match, its word count is within the tolerance and its
first and last four words are the gold's. Metadata fields are compared after normalising spaces
and typographic quotes. Strings the gold lists as ``not_in_turns`` must appear in no turn.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..pipeline.core import parse_file
from ..records import Document, PageError

WORD_TOLERANCE = 2
META_FIELDS = ("title", "date", "time", "city", "venue", "url")
EXTRA_FIELDS = ("published", "updated", "tags", "captions")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})


def _norm(value: object) -> object:
    if isinstance(value, str):
        return " ".join(value.translate(_QUOTES).split())
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items() if v}
    return value


def _edge_words(text: str) -> tuple[str, str]:
    words = text.replace("\u00a0", " ").split()
    return " ".join(words[:4]), " ".join(words[-4:])


@dataclass
class DocumentScore:
    name: str
    turns_gold: int = 0
    turns_found: int = 0
    turns_right: int = 0
    meta_right: int = 0
    meta_total: int = 0
    leaks: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class EvalReport:
    documents: list[DocumentScore]

    @property
    def turns_right(self) -> int:
        return sum(d.turns_right for d in self.documents)

    @property
    def turns_gold(self) -> int:
        return sum(d.turns_gold for d in self.documents)

    @property
    def meta_right(self) -> int:
        return sum(d.meta_right for d in self.documents)

    @property
    def meta_total(self) -> int:
        return sum(d.meta_total for d in self.documents)

    @property
    def leaks(self) -> int:
        return sum(len(d.leaks) for d in self.documents)

    @property
    def perfect(self) -> bool:
        return self.turns_right == self.turns_gold and self.meta_right == self.meta_total and not self.leaks


def score_document(name: str, gold: dict, doc: Document) -> DocumentScore:
    score = DocumentScore(name, turns_gold=len(gold.get("turns", [])), turns_found=len(doc.turns))
    for i, expected in enumerate(gold.get("turns", [])):
        if i >= len(doc.turns):
            score.problems.append(f"turn {i + 1}: missing")
            continue
        turn = doc.turns[i]
        begins, ends = _edge_words(turn.text)
        wrong = []
        if turn.speaker != expected["speaker"]:
            wrong.append(f"speaker {turn.speaker!r} != {expected['speaker']!r}")
        if _norm(turn.label) != _norm(expected["label"]):
            wrong.append(f"label {turn.label!r} != {expected['label']!r}")
        if abs(turn.words - expected["words"]) > WORD_TOLERANCE:
            wrong.append(f"words {turn.words} != {expected['words']}")
        if _norm(begins) != _norm(expected["begins"]):
            wrong.append(f"begins {begins!r} != {expected['begins']!r}")
        if _norm(ends) != _norm(expected["ends"]):
            wrong.append(f"ends {ends!r} != {expected['ends']!r}")
        if wrong:
            score.problems.append(f"turn {i + 1}: " + "; ".join(wrong))
        else:
            score.turns_right += 1
    if len(doc.turns) > score.turns_gold:
        score.problems.append(f"{len(doc.turns) - score.turns_gold} turns more than the gold")
    for key in META_FIELDS + EXTRA_FIELDS:
        if key not in gold:
            continue
        score.meta_total += 1
        if _norm(getattr(doc, key)) == _norm(gold[key]):
            score.meta_right += 1
        else:
            score.problems.append(f"{key}: {getattr(doc, key)!r} != {gold[key]!r}")
    for text in gold.get("not_in_turns", []):
        if any(text in t.text or _norm(text) in _norm(t.text) for t in doc.turns):  # type: ignore[operator]
            score.leaks.append(text)
            score.problems.append(f"leak into a turn: {text!r}")
    return score


def evaluate(gold_path: str | os.PathLike[str], pages_dir: str | os.PathLike[str]) -> EvalReport:
    """Parse each page the gold file names (found in pages_dir) and score it."""
    with open(gold_path, encoding="utf-8") as handle:
        gold = json.load(handle)
    scores = []
    for name, expected in gold["documents"].items():
        path = Path(pages_dir) / name
        try:
            doc = parse_file(path)
        except (OSError, PageError) as exc:
            score = DocumentScore(name, turns_gold=len(expected.get("turns", [])))
            score.problems.append(f"cannot parse: {exc}")
            scores.append(score)
            continue
        scores.append(score_document(name, expected, doc))
    return EvalReport(scores)
