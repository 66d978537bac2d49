"""Turn and sentence alignment, divergences, unsupported claims and quote tracing."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from summitry import Corpus
from summitry.events.align import AlignmentStopped, compare, stop_when
from summitry.events.similarity import features, sentences, similarity
from summitry.events.trace import quotes, trace
from summitry.queries.events import compare_event, event_detail

from ..conftest import doc_of


def made(doc_id: int, *turns: tuple[str, str], cut_after: int | None = None) -> dict:
    """A stored-document dict with these (person id, text) turns; an omission after turn cut_after."""
    segments = []
    for i, (person, text) in enumerate(turns):
        segments.append({"kind": "turn", "position": len(segments), "person_id": person, "speaker": person, "label": person, "text": text})
        if i == cut_after:
            segments.append({"kind": "omission", "position": len(segments), "person_id": None, "speaker": None, "label": None, "text": "<…>"})
    return {"id": doc_id, "segments": segments}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr Putin met A. Lukashenko in St. Petersburg. It went well!", ["Mr Putin met A. Lukashenko in St. Petersburg.", "It went well!"]),
        ("Trade reached US$ 4 billion. We expect more.", ["Trade reached US$ 4 billion.", "We expect more."]),
        ("“We are ready,” he said. Then he left.", ["“We are ready,” he said.", "Then he left."]),
        ("First paragraph\nSecond paragraph", ["First paragraph", "Second paragraph"]),
        ("Is it 7.5 percent? Yes.", ["Is it 7.5 percent?", "Yes."]),
    ],
)
def test_sentences(text, expected):
    assert sentences(text) == expected


def test_two_translations_of_one_sentence_are_closer_than_two_sentences_on_one_topic():
    a = features("The preparation of the relevant facilities will be finished on July 7-8.")
    b = features("As you know, on July 7-8 the preparation of the corresponding facilities will be completed.")
    c = features("The facilities for the new grain terminal were opened in May.")
    assert similarity(a, b) > 0.5 > similarity(a, c)


def test_an_insertion_and_an_omission(linked):
    c = compare(doc_of(linked, "a_official.txt"), doc_of(linked, "a_translation.txt"))
    inserted = [p for p in c.pairs if p.b and not p.a]
    omitted = [p for p in c.pairs if p.a and not p.b]
    assert [t.text.split()[0] for p in inserted for t in p.b] == ["How", "Farmers"]
    assert [t.text.split()[0] for p in omitted for t in p.a] == ["We"]
    assert all(p.a[0].person_id == p.b[0].person_id for p in c.pairs if p.a and p.b)
    assert c.paired == 5
    kinds = {(d.kind, d.detail.split(": ")[-1]) for d in c.divergences if d.kind == "unpaired turn"}
    assert ("unpaired turn", "cut (<…>) in the other version") in kinds
    assert ("unpaired turn", "no counterpart in the other version") in kinds


def test_a_split_turn_pairs_with_both_halves():
    whole = made(1, ("p", "The bridge across the river is ready. The grain terminal opens in the spring."),
                 ("l", "Thank you very much."))
    halves = made(2, ("p", "The bridge over the river is finished."), ("p", "The grain terminal will open in spring."),
                  ("l", "Thank you very much."))
    c = compare(whole, halves)
    assert [(len(p.a), len(p.b)) for p in c.pairs] == [(1, 2), (1, 1)]


def test_the_same_words_from_another_speaker_and_a_different_figure():
    a = made(1, ("p", "Trade between our countries grew by 6 percent and reached 48 billion dollars last year."))
    b = made(2, ("l", "Trade between our countries grew by 6 percent and reached 45 billion dollars last year."))
    c = compare(a, b)
    kinds = {d.kind: d for d in c.divergences}
    assert "speaker" in kinds
    figures = {d.detail for d in c.divergences if d.kind == "term"}
    assert figures == {"figure '48' only in 1", "figure '45' only in 2"}


def test_a_sentence_with_no_counterpart():
    a = made(1, ("p", "We discussed the railway bridge. We also discussed the price of gas for next winter."))
    b = made(2, ("p", "We discussed the railway bridge."))
    found = [d for d in compare(a, b).divergences if d.kind == "unpaired sentence"]
    assert [(d.document, d.text) for d in found] == [(1, "We also discussed the price of gas for next winter.")]


def test_seeds_sochi_turns_pair_one_to_one_and_the_nuclear_claim_is_listed(shared, tmp_path):
    with Corpus(tmp_path / "seeds.db") as corpus:
        corpus.ingest([shared / "seeds"])
        ids = {Path(d["source"]).name[:3]: d["id"] for d in corpus.documents()}
        c = compare(corpus.document(ids["001"]), corpus.document(ids["000"]))
        assert [(len(p.a), len(p.b)) for p in c.pairs] == [(1, 1)] * 12
        assert all(p.a[0].person_id == p.b[0].person_id for p in c.pairs)
        event = corpus.document(ids["000"])["event"]
        result = compare_event(corpus, event)
        claims = [d for d in result.divergences if d.kind == "unsupported claim"]
        assert len(claims) == 1 and "nuclear weapons" in claims[0].text and "nuclear" in claims[0].detail
        assert result.divergences[0] is claims[0]  # the most important first


def test_unsupported_claim_and_traced_quotes_of_an_event(linked):
    result = compare_event(linked, "2025-03-12-sochi")
    claims = [d for d in result.divergences if d.kind == "unsupported claim"]
    assert [(d.document, d.detail) for d in claims] == [(doc_of(linked, "a_translation.txt")["id"], "no turn of any version says: missiles")]
    assert not [d for d in result.divergences if d.kind == "unsourced quote"]
    detail = event_detail(linked, "2025-03-12-sochi")
    readout = next(d for d in detail["documents"] if d["version"] == "readout")
    assert (readout["adds"]["quotes"], readout["adds"]["quotes_traced"]) == (2, 2)
    translation = next(d for d in detail["documents"] if d["version"] == "translation")
    assert (translation["adds"]["turns_only_here"], translation["adds"]["turns_missing"]) == (2, 1)


def test_quotes_are_found_in_a_narrative():
    text = "“We are ready to expand cooperation,” the leader said. He added: \"Not now\". «Мы готовы к работе»."
    assert quotes(text) == ["We are ready to expand cooperation", "Мы готовы к работе"]


@pytest.mark.parametrize(
    ("quote", "speaker", "found"),
    [
        ("We have brought proposals on agricultural equipment and on making microelectronics jointly", "Alexander Lukashenko", True),
        ("The weather is warmer here than in Minsk", "Alexander Lukashenko", True),
        ("Trade rose by six percent last year and reached 48 billion dollars", "Vladimir Putin", True),
        ("We will deploy nuclear weapons in the summer", None, False),
        ("Pleasant ones", None, False),
    ],
)
def test_trace(linked, quote, speaker, found):
    sources = trace(linked.db, quote)
    assert bool(sources) is found
    if found:
        assert sources[0].speaker == speaker and sources[0].score >= 0.45
        assert sources[0].event == "2025-03-12-sochi"


def _long_document(doc_id: int, turns: int, seed: int) -> dict:
    """A made document of ``turns`` turns of two speakers, each turn different words."""
    rng = random.Random(seed)
    vocabulary = ["trade", "energy", "budget", "border", "treaty", "pipeline", "grain", "tariff", "summit", "security", "gas", "loan", "bank"]
    said = [
        (f"p{k % 2}", f"On item {k} we discussed " + " ".join(f"{rng.choice(vocabulary)}{rng.randrange(50)}" for _ in range(10)) + ".")
        for k in range(turns)
    ]
    return made(doc_id, *said)


def test_compare_of_two_long_documents_is_bounded():
    """Issue 14, server 4: two 4,512-turn documents took 180 s and 3 GB (a full 4,512 × 4,512 table)."""
    a = _long_document(1, 4500, seed=1)
    b = _long_document(2, 4500, seed=1)
    b["segments"] = [s for k, s in enumerate(b["segments"]) if k % 300 != 7]  # 15 turns dropped
    for position, segment in enumerate(b["segments"]):
        segment["position"] = position
        if position % 450 == 3:
            segment["text"] += " The treaty is signed."
    started = time.monotonic()
    comparison = compare(a, b)
    elapsed = time.monotonic() - started
    assert elapsed < 10, f"compare took {elapsed:.1f} s"
    assert comparison.paired == 4485
    unpaired = [d for d in comparison.divergences if d.kind == "unpaired turn"]
    assert len(unpaired) == 15 and all(d.document == 1 for d in unpaired)
    assert sum(1 for d in comparison.divergences if d.kind == "unpaired sentence") == 10


def test_long_documents_without_common_turns_still_compare_quickly():
    a, b = _long_document(1, 3000, seed=1), _long_document(2, 3000, seed=2)
    started = time.monotonic()
    comparison = compare(a, b)
    assert time.monotonic() - started < 20
    assert len(comparison.pairs) >= 3000


def test_an_alignment_stops_when_its_caller_says_so():
    """A server's time limit or a client that has gone ends a long alignment at its next row."""
    a, b = _long_document(1, 2000, seed=1), _long_document(2, 2000, seed=2)
    looks = 0

    def after_a_few_rows() -> bool:
        nonlocal looks
        looks += 1
        return looks > 50

    started = time.monotonic()
    with pytest.raises(AlignmentStopped), stop_when(after_a_few_rows):
        compare(a, b)
    assert time.monotonic() - started < 2 and looks == 51
    assert compare(made(1, ("p0", "Good day.")), made(2, ("p0", "Good day."))).paired == 1  # no stop outside the block
