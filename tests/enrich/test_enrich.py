"""The enrich stage's fast paths give what the plain ways of computing the same things give: word breaks,
mentions scanned over many texts at once, topic hits, sentence bounds, the stored JSON and the word tallies."""

from __future__ import annotations

import json
import random
from bisect import bisect_right
from collections import Counter

import pytest

from summitry.enrich.document import enrich_document
from summitry.enrich.figures import _NEAR, _SENTENCE_END, _sentence_around
from summitry.enrich.mentions import find_mentions, find_mentions_in
from summitry.enrich.tokens import WORD_BREAKS, plain_words, tokens
from summitry.enrich.topics import load_taxonomy, score_topics
from summitry.records import Document, Segment
from summitry.store.enrichment import TermTally, _json_each

PIECES = ["Putin", "В.Путин", "EAEU", "Union State", "Minsk", "trade", "union  state", "Union\nState", "–", "’", "«",
          "»", "5", "$4 billion", ". ", "!\n\n", "\0", "\u00a0", "İ", "Kelvin\u212a", "sanctions", "a", " ", "..."]


def random_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) + rng.choice(["", " "]) for _ in range(rng.randint(0, 30))) for _ in range(count)]


@pytest.mark.parametrize("text", ["Plain ASCII, with 12 digits.", "Trade – “up” 5%", "Торговля выросла на 5%", "İstanbul\u00ad"])
def test_word_breaks_are_the_same_on_any_text(text):
    assert plain_words(text) == text.lower().translate(WORD_BREAKS)


def test_mentions_scanned_together_are_those_of_each_text():
    texts = ["Putin met", "Lukashenko in Minsk.", "", "Union\0State and the EAEU", "Vladimir", "Putin", *random_texts(1, 40)]
    assert [[(m.entity, m.spans) for m in found] for found in find_mentions_in(texts)] == [
        [(m.entity, m.spans) for m in find_mentions(text)] for text in texts
    ]
    assert find_mentions_in([]) == []


def reference_topics(words: list[str], taxonomy) -> dict[str, int]:
    """Topic hits the plain way: every topic word counted in the words, every phrase in the spaced text."""
    hits: Counter[str] = Counter()
    spaced = f" {' '.join(words)} "
    for word, topics in taxonomy.words.items():
        for topic in topics:
            hits[topic] += words.count(word)
    for found in taxonomy.phrases.values():
        for phrase, topic, _ in found:
            hits[topic] += spaced.count(phrase)
    return {topic: n for topic, n in hits.items() if n}


@pytest.mark.parametrize("seed", range(5))
def test_topic_hits_are_the_counts_of_words_and_phrases(seed):
    taxonomy = load_taxonomy()
    rng = random.Random(seed)
    vocabulary = ["union", "state", "trade", "trades", "nuclear", "weapons", "power", "plant", "oil", "refining", "the"]
    for _ in range(50):
        text = " ".join(rng.choice(vocabulary) + rng.choice([" ", ",", "\n", ""]) for _ in range(rng.randint(0, 25)))
        words = plain_words(text).split()
        scores = score_topics(words, plain_words(text), taxonomy)
        assert {s.topic: s.hits for s in scores} == reference_topics(words, taxonomy)
        assert [s.hits for s in scores] == sorted((s.hits for s in scores), reverse=True)


def test_tied_topics_come_in_a_fixed_order():
    taxonomy = load_taxonomy()
    words = plain_words("Oil and sanctions, sanctions and oil.").split()
    assert [s.topic for s in score_topics(words, "", taxonomy)] == [s.topic for s in score_topics(words, "", taxonomy)]


def test_sentence_bounds_found_near_a_figure_are_those_of_a_full_scan():
    rng = random.Random(3)
    marks = [".", "!", "?", "…", "\n", '"', "»", "”", "’", "'", ")", "]", " ", "A", "b", "5", "\n\n", ". ", "a" * 200]
    for _ in range(300):
        text = "".join(rng.choice(marks) for _ in range(rng.randint(0, 60)))
        ends = [m.end() for m in _SENTENCE_END.finditer(text)]
        for offset in range(0, len(text) + 1, 7):
            index = bisect_right(ends, offset)
            low, high = _sentence_around(text, offset, len(text))
            assert max(low, offset - _NEAR) == max(ends[index - 1] if index else 0, offset - _NEAR), (text, offset)
            assert high == (ends[index] if index < len(ends) else len(text)), (text, offset)


@pytest.mark.parametrize(
    "values",
    [
        [],
        [None, [["money", "$4 billion", 4e9, None, "USD", None, "trade", None, None, 3]], {"economy": 2}],
        [[["x", "Name", "person", [0, 4]]], None, {"a": 1, "b\u00e9": 2}],
        [["a, \"\\u0000\\u0001\", b"], "\0\1", [["\0\1", "quote \" and \\"]], {"\0\1": 1}],  # the cut itself
    ],
)
def test_json_of_many_values_is_that_of_each(values):
    assert _json_each(values) == [None if v is None else json.dumps(v) for v in values]


def test_word_tallies_add_counts_and_lists_and_take_out_replaced_words():
    tally = TermTally()
    tally.add({"a": Counter({"trade": 2, "oil": 1}), "b": ["gas", "gas"]})
    tally.add({"a": Counter({"trade": 1, "gas": 3})})
    tally.add({"a": ["oil"]}, removed=True)
    tally.merge()
    assert tally.added == {"a": Counter({"trade": 3, "gas": 3, "oil": 1}), "b": Counter({"gas": 2})}
    assert tally.removed == {"a": Counter({"oil": 1})}


def test_each_speaker_word_is_counted_once_per_time_said():
    texts = ["Trade grew by 5 percent, trade!", "Минск и торговля.", "Oil – and gas’s price", "No speaker here."]
    people = ["p1", "p2", "p1", None]
    doc = Document(source="x", sha256="", media_type="", segments=[
        Segment("turn", text, person_id=person) for text, person in zip(texts, people, strict=True)
    ])
    enrich_document(doc)
    assert doc.speaker_words == {
        "p1": Counter(tokens(texts[0]) + tokens(texts[2])),
        "p2": Counter(tokens(texts[1])),
    }
