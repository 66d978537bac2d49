"""The quality gate: the measures a gold file judges, and floors they must not fall below.

A floor is NAME=VALUE. A share (turns, names, a field, meta, pairs_*) must be at least its floor (a
fraction, 0.95, or a percentage, 95%); a count (leaks, the turn error kinds, not_in_turns, false_turns,
lost_bodies, absent, FIELD_wrong) must be at most its floor. A `date` or `city` floor also fails when
a value is false (wrong, or found where the gold has none) unless `date_wrong` / `city_wrong` allows
that many. A floors file (YAML) is a mapping of floors, or of corpora to their floors: the gold's corpus
picks its section (seeds.gold.json: `seeds`, pages-dev/gold.json: `pages-dev`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .evaluate import EvalReport, evaluate
from .fields import PairScore
from .gold import FIELDS, Gold, GoldError, load_gold
from .turns import ERROR_KINDS

__all__ = ["FloorError", "GateResult", "GoldError", "Measure", "measures", "run_gate", "unmet_floors"]

STRICT_FIELDS = ("date", "city")  # a false value fails the field's floor
SHARES = ("turns", "names", *FIELDS, "meta", "pairs_f1", "pairs_precision", "pairs_recall")
COUNTS = ("leaks", *ERROR_KINDS, "not_in_turns", "false_turns", "lost_bodies", "absent", *(f"{f}_wrong" for f in FIELDS))
FLOOR_NAMES = SHARES + COUNTS


class FloorError(ValueError):
    """A floor that cannot be checked (unknown name, not a number, not judged by the gold)."""


@dataclass
class Measure:
    name: str
    value: float
    detail: str = ""
    shown: bool = True  # in the table (FIELD_wrong measures are in their field's row)

    @property
    def is_share(self) -> bool:
        return self.name in SHARES

    def formatted(self) -> str:
        return f"{self.value:.3f}" if self.is_share else str(int(self.value))


def _share(right: int, total: int) -> float:
    return right / total if total else 0.0


def measures(report: EvalReport) -> dict[str, Measure]:
    """What the report's gold judges, by floor name, in the order the table shows them."""
    gold = report.gold
    found: list[Measure] = []
    if gold is None or gold.judges_turns:
        t = report.turn_totals()
        found.append(Measure("turns", _share(t["right"], t["gold"]), f"{t['right']}/{t['gold']} right; labels found {t['labels_found']}, "
                             f"boundaries right {t['bounds_right']}, predicted {t['predicted']}"))
        found.append(Measure("names", _share(t["named"], t["gold"]), f"{t['named']}/{t['gold']} right with the gold's speaker name"))
        pages = report.error_pages()
        for kind, count in report.errors().items():
            name = "leaks" if kind == "leaked_junk" else kind
            what = "runs of page furniture in a turn, " if name == "leaks" else ""
            found.append(Measure(name, count, f"{what}on {pages[kind]} pages"))
    if gold is None or gold.judges_not_in_turns:
        found.append(Measure("not_in_turns", report.not_in_turns, "the gold's strings found in a turn"))
    fields = report.fields()
    for name, c in fields.items():
        found.append(Measure(name, c.share, f"{c.right}/{c.total} right, {c.wrong} wrong, {c.missing} missing, {c.extra} extra"))
        found.append(Measure(f"{name}_wrong", c.false_values, shown=False))
    if fields:
        found.append(Measure("meta", _share(report.meta_right, report.meta_total), f"{report.meta_right}/{report.meta_total} metadata fields right"))
    if gold is not None and gold.judges_pages:
        found.append(Measure("false_turns", report.news_with_turns, "news pages given turns"))
        found.append(Measure("lost_bodies", report.lost_bodies, "documents with fewer than 20 words"))
    if gold is not None and gold.judges_pairs:
        p = report.pairs or PairScore()
        pairs = f"P {p.precision:.2f} R {p.recall:.2f}; gold pairs {p.gold}, predicted {p.predicted}, both {p.true}"
        found += [Measure("pairs_f1", p.f1, pairs), Measure("pairs_precision", p.precision, pairs, shown=False),
                  Measure("pairs_recall", p.recall, pairs, shown=False)]
    found.append(Measure("absent", report.absent, "pages that gave no document", shown=report.absent > 0))
    return {m.name: m for m in found}


def parse_floor(text: str) -> tuple[str, float]:
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep:
        raise FloorError(f"floor {text!r}: write NAME=VALUE, e.g. turns=0.95")
    return name, _value(name, value.strip())


def _value(name: str, value: Any) -> float:
    if name not in FLOOR_NAMES:
        raise FloorError(f"unknown floor {name!r} (known: {', '.join(FLOOR_NAMES)})")
    try:
        number = float(value[:-1]) / 100 if isinstance(value, str) and value.endswith("%") else float(value)
    except (TypeError, ValueError):
        raise FloorError(f"floor {name}: {value!r} is not a number") from None
    if number != number or number < 0:  # NaN or negative
        raise FloorError(f"floor {name}: {value!r} is not a number of 0 or more")
    return number


def load_floors(path: str | os.PathLike[str], corpus: str) -> dict[str, float]:
    """The floors a file sets for one corpus (its section) or for any (a flat mapping)."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise FloorError(f"{path}: cannot read the floors file ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        raise FloorError(f"{path}: not YAML ({' '.join(str(exc).split())})") from None
    if not isinstance(raw, dict):
        raise FloorError(f"{path}: not a mapping of floors")
    if raw and all(isinstance(v, dict) for v in raw.values()):
        if corpus not in raw:
            raise FloorError(f"{path}: no section {corpus!r} (sections: {', '.join(map(str, raw))})")
        raw = raw[corpus] or {}
    try:
        return {str(name): _value(str(name), value) for name, value in raw.items()}
    except FloorError as exc:
        raise FloorError(f"{path}: {exc}") from None


def read_floors(gold: Gold, floors_file: str | os.PathLike[str] | None = None, floors: list[str] | None = None) -> dict[str, float]:
    """The file's floors for the gold's corpus, then NAME=VALUE floors on top."""
    found = load_floors(floors_file, gold.name) if floors_file else {}
    found.update(parse_floor(text) for text in floors or [])
    return found


def unmet_floors(table: dict[str, Measure], floors: dict[str, float]) -> list[str]:
    """One line per floor not met; FloorError for a floor on something the gold does not judge."""
    unmet = []
    for name, floor in floors.items():
        if name not in table:
            raise FloorError(f"floor {name}: the gold does not judge it")
        measure = table[name]
        if measure.is_share and measure.value < floor - 1e-9:
            unmet.append(f"floor not met: {name} {measure.formatted()} < {floor:g}")
        elif not measure.is_share and measure.value > floor:
            unmet.append(f"floor not met: {name} {measure.formatted()} > {floor:g}")
        if measure.is_share and name in STRICT_FIELDS and f"{name}_wrong" not in floors:
            false = int(table[f"{name}_wrong"].value)
            if false:
                unmet.append(f"floor not met: {name} has {false} false values (wrong, or where the gold has none); "
                             f"allow them with {name}_wrong={false}")
    return unmet


@dataclass
class GateResult:
    report: EvalReport
    measures: dict[str, Measure]
    floors: dict[str, float]
    unmet: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.report.to_dict(),
            "measures": {m.name: round(m.value, 4) for m in self.measures.values()},
            "floors": self.floors,
            "unmet": self.unmet,
        }


def run_gate(gold_path: str | os.PathLike[str], pages_dir: str | os.PathLike[str], floors: list[str] | None = None,
             floors_file: str | os.PathLike[str] | None = None, workers: int = 1) -> GateResult:
    """Score the folder against its gold and check the floors (read and checked first against what the
    gold judges, so that a bad floor fails before the pages are read)."""
    gold = load_gold(gold_path)
    chosen = read_floors(gold, floors_file, floors)
    unmet_floors(measures(EvalReport([], gold)), chosen)
    report = evaluate(gold_path, pages_dir, workers=workers)
    table = measures(report)
    return GateResult(report, table, chosen, unmet_floors(table, chosen))
