from __future__ import annotations

import json
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "pages"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def load_expected(path: Path) -> dict:
    return json.loads(path.with_suffix("").with_suffix(".expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "gold" / "seeds.gold.json").exists():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture
def corpus(tmp_path):
    from summitry import Corpus

    with Corpus(tmp_path / "test.db") as c:
        yield c
