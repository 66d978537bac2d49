"""A gold file: the hand-checked reading of a folder of pages, and what it judges.

Two layouts share one file format (`{"documents": {PAGE: {...}}, "same_event_groups": [[PAGE, ...]]}`):

- a transcript reading (../shared/gold/seeds.gold.json, the debates and court corpora): a document
  holds its `turns` (speaker, label as printed, word count, first and last four words), metadata
  (`title`, `date`, `time`, `city`, `venue`, `url`, `published`, `updated`, `tags`, `captions`) and
  `not_in_turns`. A metadata key given as null is judged too: the page gives none, so none must be found.
- a page reading (../shared/corpora/pages-dev): a document holds `kind` (`transcript` or `news`), and
  `date`, `city`, `language` where the page prints them; null means "not judged", and `url` and `site`
  say where the page was saved from, not what it prints.

A gold file judges a measure when one of its documents holds it (same-meeting pairs: when it lists a
group). A file that breaks the format is a GoldError naming the first thing wrong.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FIELDS = ("title", "date", "time", "city", "venue", "url", "language", "kind", "published", "updated", "tags", "captions")
PROVENANCE = ("url", "site")  # in a page reading: where the page came from
TURN_KEYS = {"speaker": str, "label": str, "words": int, "begins": str, "ends": str}


class GoldError(ValueError):
    """A gold file that cannot be used, with the reason in one line."""


@dataclass
class GoldDocument:
    name: str
    turns: list[dict[str, Any]] | None  # None: the turns are not judged
    fields: dict[str, Any]  # the fields judged, with their gold values (None: none must be found)
    not_in_turns: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str | None:
        return self.fields.get("kind")


@dataclass
class Gold:
    path: Path
    documents: dict[str, GoldDocument]
    groups: list[list[str]]

    @property
    def name(self) -> str:
        """The corpus the gold file reads: seeds.gold.json is "seeds", pages-dev/gold.json "pages-dev"."""
        stem = self.path.name.split(".")[0]
        return self.path.resolve().parent.name if stem == "gold" else stem

    @property
    def judges_turns(self) -> bool:
        return any(d.turns is not None for d in self.documents.values())

    @property
    def judges_not_in_turns(self) -> bool:
        return any(d.not_in_turns for d in self.documents.values())

    @property
    def judges_pages(self) -> bool:
        """A page reading: what kind of page each is (news pages must get no turns, no body may be lost)."""
        return any(d.kind is not None for d in self.documents.values())

    @property
    def judges_pairs(self) -> bool:
        return bool(self.groups)

    def judged_fields(self) -> list[str]:
        return [f for f in FIELDS if any(f in d.fields for d in self.documents.values())]


def _document(name: str, raw: Any) -> GoldDocument:
    if not isinstance(raw, dict):
        raise GoldError(f"document {name!r} is not an object")
    turns = raw.get("turns")
    if turns is not None:
        if not isinstance(turns, list):
            raise GoldError(f"{name}: 'turns' is not a list")
        for i, turn in enumerate(turns, 1):
            for key, kind in TURN_KEYS.items():
                if not isinstance(turn, dict) or not isinstance(turn.get(key), kind) or isinstance(turn.get(key), bool):
                    raise GoldError(f"{name}: turn {i} has no {kind.__name__} {key!r}")
    page_reading = "kind" in raw
    fields = {}
    for key in FIELDS:
        if key not in raw or (page_reading and (raw[key] is None or key in PROVENANCE)):
            continue
        fields[key] = raw[key]
    if page_reading and not isinstance(raw["kind"], str):
        raise GoldError(f"{name}: 'kind' is not a string")
    banned = raw.get("not_in_turns") or []
    if not isinstance(banned, list) or not all(isinstance(s, str) for s in banned):
        raise GoldError(f"{name}: 'not_in_turns' is not a list of strings")
    return GoldDocument(name, turns, fields, banned)


def load_gold(path: str | os.PathLike[str]) -> Gold:
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GoldError(f"{path}: no such gold file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot read the gold file ({exc})") from None
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path}: not JSON ({exc})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("documents"), dict) or not raw["documents"]:
        raise GoldError(f"{path}: not a gold file (no 'documents' object naming the pages)")
    try:
        documents = {name: _document(name, value) for name, value in raw["documents"].items()}
        groups = raw.get("same_event_groups") or []
        if not isinstance(groups, list) or not all(isinstance(g, list) for g in groups):
            raise GoldError("'same_event_groups' is not a list of lists")
        seen: set[str] = set()
        for group in groups:
            twice = seen.intersection(group)
            if twice:
                raise GoldError(f"'same_event_groups' puts {sorted(twice)[0]!r} in two groups")
            seen.update(group)
            unknown = [n for n in group if n not in documents]
            if unknown:
                raise GoldError(f"'same_event_groups' names {unknown[0]!r}, which is not one of its documents")
    except GoldError as exc:
        raise GoldError(f"{path}: {exc}") from None
    return Gold(path, documents, groups)
