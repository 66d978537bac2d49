"""Score the parser against a gold file: `evaluate(gold, pages)`.

The gold's pages are ingested into a temporary corpus (summitry.Corpus, so that enrichment and linking
run as in real use), and each document is read back as the JSONL export writes it, with its turns and
its event. Then each is scored for what the gold judges: turns by word alignment (`turns`), metadata
fields and same-meeting pairs (`fields`), the gold's `not_in_turns` strings, and for a page reading,
news pages given turns and bodies lost.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..formats.export import document_record
from ..queries.corpus import Corpus
from .expectations import score_document
from .fields import (
    LOST_BODY_WORDS,
    VERDICTS,
    FieldCount,
    PairScore,
    body_words,
    field_verdict,
    predicted_kind,
    same_meeting_pairs,
)
from .gold import Gold, GoldDocument, GoldError, load_gold
from .turns import ERROR_KINDS, TurnScore, not_in_turns, score_turns

__all__ = ["DocumentScore", "EvalReport", "GoldError", "evaluate", "score_document"]


@dataclass
class DocumentScore:
    name: str
    turns_gold: int = 0
    turns_found: int = 0  # predicted turns
    turns_right: int = 0  # gold turns right by alignment (label, boundaries, consistent speaker)
    meta_right: int = 0
    meta_total: int = 0
    leaks: list[str] = field(default_factory=list)  # runs of page furniture inside a turn (quoted)
    problems: list[str] = field(default_factory=list)
    turns: TurnScore | None = None  # None: turns not judged (or no page to align with)
    fields: dict[str, str] = field(default_factory=dict)  # field -> verdict
    not_in_turns: list[str] = field(default_factory=list)  # the gold's strings found in a turn
    event: str | None = None
    absent: bool = False  # no document came out of the page
    news_with_turns: bool = False
    lost_body: bool = False


@dataclass
class EvalReport:
    documents: list[DocumentScore]
    gold: Gold | None = None
    pairs: PairScore | None = None  # None: the gold lists no same-meeting groups

    def _sum(self, name: str) -> int:
        return sum(getattr(d, name) for d in self.documents)

    @property
    def turns_right(self) -> int:
        return self._sum("turns_right")

    @property
    def turns_gold(self) -> int:
        return self._sum("turns_gold")

    @property
    def turns_found(self) -> int:
        return self._sum("turns_found")

    @property
    def meta_right(self) -> int:
        return self._sum("meta_right")

    @property
    def meta_total(self) -> int:
        return self._sum("meta_total")

    @property
    def leaks(self) -> int:
        return sum(len(d.leaks) for d in self.documents)

    @property
    def not_in_turns(self) -> int:
        return sum(len(d.not_in_turns) for d in self.documents)

    @property
    def absent(self) -> int:
        return self._sum("absent")

    @property
    def news_with_turns(self) -> int:
        return self._sum("news_with_turns")

    @property
    def lost_bodies(self) -> int:
        return self._sum("lost_body")

    def turn_totals(self) -> dict[str, int]:
        """Alignment counts summed over the documents."""
        totals = Counter({"gold": 0, "predicted": 0, "labels_found": 0, "bounds_right": 0, "right": 0, "named": 0, "inserted": 0})
        for d in self.documents:
            if d.turns is not None:
                totals.update({k: getattr(d.turns, k) for k in totals})
            else:
                totals["gold"] += d.turns_gold
        return dict(totals)

    def errors(self) -> dict[str, int]:
        """Turn errors by kind, every kind listed."""
        found = Counter(e.kind for d in self.documents if d.turns for e in d.turns.errors)
        return {kind: found[kind] for kind in ERROR_KINDS}

    def error_pages(self) -> dict[str, int]:
        """For each kind of turn error, the pages where it occurs."""
        return {kind: sum(1 for d in self.documents if d.turns and any(e.kind == kind for e in d.turns.errors)) for kind in ERROR_KINDS}

    def fields(self) -> dict[str, FieldCount]:
        """Per judged field, its verdicts over the documents (in the gold's order of fields)."""
        counts: dict[str, FieldCount] = {}
        order = self.gold.judged_fields() if self.gold else sorted({f for d in self.documents for f in d.fields})
        for name in order:
            counts[name] = FieldCount()
            for d in self.documents:
                if name in d.fields:
                    counts[name].add(d.fields[name])
        return counts

    @property
    def perfect(self) -> bool:
        return (self.turns_right == self.turns_gold and self.meta_right == self.meta_total and not self.leaks
                and not self.not_in_turns and self.news_with_turns == 0 and self.lost_bodies == 0
                and self.absent == 0 and (self.pairs is None or self.pairs.f1 == 1.0))

    def to_dict(self) -> dict[str, Any]:
        pairs = self.pairs
        return {
            "gold": str(self.gold.path) if self.gold else None,
            "corpus": self.gold.name if self.gold else None,
            "documents": len(self.documents),
            "turns": self.turn_totals() if self.gold is None or self.gold.judges_turns else None,
            "errors": self.errors() if self.gold is None or self.gold.judges_turns else None,
            "leaks": self.leaks,
            "not_in_turns": self.not_in_turns,
            "metadata": {"right": self.meta_right, "total": self.meta_total},
            "fields": {name: {v: getattr(c, v) for v in VERDICTS} | {"share": round(c.share, 4)} for name, c in self.fields().items()},
            "pairs": None if pairs is None else {
                "gold": pairs.gold, "predicted": pairs.predicted, "true": pairs.true,
                "precision": round(pairs.precision, 4), "recall": round(pairs.recall, 4), "f1": round(pairs.f1, 4),
            },
            "news_with_turns": self.news_with_turns,
            "lost_bodies": self.lost_bodies,
            "absent": self.absent,
            "per_document": [
                {"name": d.name, "turns_gold": d.turns_gold, "turns_found": d.turns_found, "turns_right": d.turns_right,
                 "meta_right": d.meta_right, "meta_total": d.meta_total, "event": d.event, "problems": d.problems}
                for d in self.documents
            ],
        }


def _score(gold: GoldDocument, record: dict[str, Any] | None, page_text: str | None, failure: str | None) -> DocumentScore:
    score = DocumentScore(gold.name, turns_gold=len(gold.turns or []))
    if record is None:
        score.absent = True
        score.problems.append(f"no document: {failure}" if failure else "no document came out of the page")
        record = {}
    predicted = record.get("turns") or []
    score.turns_found, score.event = len(predicted), record.get("event")
    if gold.turns is not None and page_text is not None:
        try:
            turns = score_turns(page_text, gold.turns, predicted)
        except GoldError as exc:
            raise GoldError(f"{gold.name}: {exc}") from None
        score.turns, score.turns_right = turns, turns.right
        score.leaks = [e.quote for e in turns.errors if e.kind == "leaked_junk"]
        score.problems += [e.describe() for e in turns.errors] + turns.boundaries
    for name, expected in gold.fields.items():
        verdict = field_verdict(name, expected, record)
        score.fields[name] = verdict
        score.meta_total += 1
        if verdict == "right":
            score.meta_right += 1
        else:
            got = predicted_kind(record, expected) if name == "kind" else record.get(name)
            score.problems.append(f"{name} {verdict}: {got!r}, gold {expected!r}")
    score.not_in_turns = not_in_turns(gold.not_in_turns, predicted)
    score.problems += [f"not_in_turns found in a turn: {s!r}" for s in score.not_in_turns]
    if gold.kind == "news" and predicted:
        score.news_with_turns = True
        score.problems.append(f"news page given {len(predicted)} turns")
    held = body_words(record)
    if gold.kind is not None and held < LOST_BODY_WORDS:  # a page that gave no document lost its body too
        score.lost_body = True
        if not score.absent:
            score.problems.append(f"body lost: {held} words")
    return score


def _read_page(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def evaluate(gold_path: str | os.PathLike[str], pages_dir: str | os.PathLike[str], workers: int = 1) -> EvalReport:
    """Ingest the pages the gold file names (found in pages_dir) into a temporary corpus and score them.
    GoldError for a gold file that cannot be used, NotADirectoryError for a missing folder."""
    gold = load_gold(gold_path)
    pages = Path(pages_dir)
    if not pages.is_dir():
        raise NotADirectoryError(f"{pages}: no such folder")
    paths = {name: pages / name for name in sorted(gold.documents)}
    present = [str(p) for p in paths.values() if p.is_file()]
    with tempfile.TemporaryDirectory(prefix="summitry-eval-") as tmp, Corpus(Path(tmp) / "eval.db") as corpus:
        ingest = corpus.ingest(present, workers=workers) if present else None
        records = {rec["source"]: rec for rec in map(document_record, corpus.iter_documents())}
    failures = {f.source: f.reason for f in (ingest.failures if ingest else [])}
    scores = []
    for name, expected in gold.documents.items():
        path = paths[name]
        failure = failures.get(str(path)) or (None if path.is_file() else "no such page in the folder")
        text = _read_page(path) if expected.turns is not None else None
        try:
            scores.append(_score(expected, records.get(str(path)), text, failure))
        except GoldError as exc:
            raise GoldError(f"{gold.path}: {exc}") from None
    pairs = None
    if gold.judges_pairs:
        pairs = same_meeting_pairs(list(gold.documents), gold.groups, {s.name: s.event for s in scores})
    return EvalReport(scores, gold, pairs)
