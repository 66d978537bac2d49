"""Our own HTML pages in three site layouts, each read against its hand-written expectation."""

from __future__ import annotations

import pytest

from summitry import parse_file
from summitry.quality.evaluate import score_document

from ..conftest import EXAMPLES, load_expected

PAGES = sorted(EXAMPLES.glob("*.html")) + sorted(EXAMPLES.glob("*.txt"))


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_page_matches_expectation(path):
    expected = load_expected(path)
    doc = parse_file(path)
    score = score_document(path.name, expected, doc)
    assert score.problems == []
    assert doc.publisher == expected["publisher"]
    assert doc.language == expected["language"]
    assert doc.encoding.replace("_", "-") in (expected["encoding"], "cp1251" if expected["encoding"] == "windows-1251" else "")
    narrative = " ".join(s.text for s in doc.narrative)
    for phrase in expected.get("narrative_contains", []):
        assert phrase in narrative
    kinds = [s.kind for s in doc.segments]
    assert kinds.count("separator") == expected.get("separators", 0)
    assert kinds.count("omission") == expected.get("omissions", 0)
