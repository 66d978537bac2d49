"""Metadata fields and same-meeting pairs, scored on the JSONL export's record of a document.

A field's verdict: `right`, `wrong` (another value), `missing` (none found) or `extra` (a value found
where the gold says the page gives none). Titles, venues, URLs and times compare after normalising
spaces and typographic quotes; cities also ignore case, hyphens and "Saint"/"St."; a language compares
its first two letters (ISO 639-1); `kind` is `transcript` for a document with turns and `news` for one
without (another kind compares with the document's version kind). A body is lost when the document
holds fewer than 20 words.

Same-meeting pairs: every pair of the gold's pages is a gold pair when one group holds both, and a
predicted pair when both documents have the same event; precision, recall and F1 over the pairs.
This is the method of ../shared/tools/score_pages.py; on the same export the figures are the same.
"""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass
from typing import Any

VERDICTS = ("right", "wrong", "missing", "extra")
LOST_BODY_WORDS = 20
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})


def normalise(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.translate(_QUOTES).split())
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items() if v}
    return value


def _city(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).casefold().replace("saint", "st").replace("st.", "st")
    return " ".join(text.replace("-", " ").split())


def predicted_kind(record: dict[str, Any], gold_kind: str) -> str | None:
    if gold_kind in ("transcript", "news"):
        return "transcript" if record.get("turns") else "news"
    return record.get("version")


def field_verdict(name: str, gold: Any, record: dict[str, Any]) -> str:
    """The verdict on one field of one document (record: the document as the JSONL export writes it)."""
    got = predicted_kind(record, gold) if name == "kind" else record.get(name)
    if not gold:
        return "extra" if got and normalise(got) else "right"
    if not got or not normalise(got):
        return "missing"
    if name == "city":
        same = _city(got) == _city(gold)
    elif name == "language":
        same = str(got)[:2] == gold
    else:
        same = normalise(got) == normalise(gold)
    return "right" if same else "wrong"


@dataclass
class FieldCount:
    right: int = 0
    wrong: int = 0
    missing: int = 0
    extra: int = 0

    def add(self, verdict: str) -> None:
        setattr(self, verdict, getattr(self, verdict) + 1)

    @property
    def total(self) -> int:
        return self.right + self.wrong + self.missing + self.extra

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 0.0

    @property
    def false_values(self) -> int:
        """Values that are there and not the gold's: wrong ones, and ones where the gold has none."""
        return self.wrong + self.extra


def body_words(record: dict[str, Any]) -> int:
    """Words the document holds: its segments (narrative, captions, …) and turns."""
    parts = [s.get("text") or "" for s in record.get("segments") or []] + [t.get("text") or "" for t in record.get("turns") or []]
    return sum(len(p.split()) for p in parts)


@dataclass
class PairScore:
    gold: int = 0  # pairs of pages the gold puts in one group
    predicted: int = 0  # pairs of pages given the same event
    true: int = 0  # both

    @property
    def precision(self) -> float:
        return self.true / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def same_meeting_pairs(names: list[str], groups: list[list[str]], events: dict[str, str | None]) -> PairScore:
    """Pairwise agreement of the gold's groups with the documents' events (events: page name -> event id)."""
    group = {name: k for k, members in enumerate(groups) for name in members}
    score = PairScore()
    for x, y in itertools.combinations(sorted(names), 2):
        in_gold = x in group and group.get(x) == group.get(y)
        linked = bool(events.get(x)) and events.get(x) == events.get(y)
        score.gold += in_gold
        score.predicted += linked
        score.true += in_gold and linked
    return score
