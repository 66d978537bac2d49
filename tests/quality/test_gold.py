"""Quality gate: the parser against the hand-checked reading of the seed pages in ../shared."""

from __future__ import annotations

from summitry.quality.evaluate import evaluate


def test_seed_pages_match_the_gold(shared):
    report = evaluate(shared / "gold" / "seeds.gold.json", shared / "seeds")
    problems = [f"{d.name}: {p}" for d in report.documents for p in d.problems]
    assert problems == []
    assert report.turns_gold == 52
    assert report.turns_right == 52
    assert report.meta_right == report.meta_total
    assert report.leaks == 0
    assert report.not_in_turns == 0
    assert set(report.errors().values()) == {0}
    assert all(c.right == c.total for c in report.fields().values())
    assert report.pairs is not None and report.pairs.f1 == 1.0
