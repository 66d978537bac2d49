"""Topics: scores per utterance from the taxonomy, plurals and phrases, and a user's own taxonomy."""

from __future__ import annotations

import pytest

from summitry.enrich.tokens import plain_words
from summitry.enrich.topics import TOPICS_ENV, load_taxonomy, score_topics
from summitry.records import PageError


def scores(text: str, taxonomy=None) -> dict[str, tuple[int, float]]:
    plain = plain_words(text)
    return {s.topic: (s.hits, s.score) for s in score_topics(plain.split(), plain, taxonomy or load_taxonomy())}


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Western sanctions and new restrictions hurt everyone.", "sanctions"),
        ("Gas supplies through the pipeline continue.", "energy"),
        ("The grain harvest was large and farmers are pleased.", "agriculture"),
        ("Our military cooperation and collective security matter.", "security"),
        ("We remember the Great Patriotic War and honour every veteran.", "history"),
        ("Mutual trade and investment keep growing.", "economy"),
        ("Our cosmonauts and satellites: space research goes on.", "science"),
    ],
)
def test_each_topic_is_found_by_its_words(text, topic):
    found = scores(text)
    assert max(found, key=lambda t: found[t][0]) == topic


def test_scores_are_shares_of_the_turns_topic_hits():
    found = scores("Sanctions, sanctions and gas.")
    assert found == {"sanctions": (2, 2 / 3), "energy": (1, 1 / 3)}
    assert scores("Thank you, colleagues.") == {}


def test_a_users_taxonomy_replaces_the_built_in_one(tmp_path, monkeypatch):
    path = tmp_path / "mine.yaml"
    path.write_text("topics:\n  - id: bees\n    name: Beekeeping\n    words: [bee, honey, hive keeping]\n", encoding="utf-8")
    monkeypatch.setenv(TOPICS_ENV, str(path))
    taxonomy = load_taxonomy()
    assert [t.id for t in taxonomy.topics] == ["bees"]
    assert scores("Bees make honey; hive-keeping is an art. Trade too.", taxonomy) == {"bees": (3, 1.0)}


@pytest.mark.parametrize(
    ("content", "reason"),
    [("topics: [unclosed", "not valid YAML"), ("colours: [red]", "expected `topics:`"), (None, "cannot read")],
)
def test_a_bad_taxonomy_file_gets_a_one_line_reason(tmp_path, content, reason):
    path = tmp_path / "bad.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(PageError, match=reason) as raised:
        load_taxonomy(path)
    assert "\n" not in str(raised.value)
