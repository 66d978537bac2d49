"""Pair scoring: the turn structure a translation keeps (events.pairs.turn_structure)."""

from __future__ import annotations

from summitry.events.pairs import pair_score, turn_structure
from summitry.events.versions import Profile

PUTIN, LUKASHENKO = "vladimir-putin", "alexander-lukashenko"


def transcript(day: str, lengths: list[int], word: str, speakers: tuple[str, ...] = (PUTIN, LUKASHENKO)) -> Profile:
    page = Profile(1, day, "Sochi", "Talks", None, None)
    page.turns = [(speakers[i % len(speakers)], " ".join([word] * n)) for i, n in enumerate(lengths)]
    page.speakers = frozenset(speakers)
    return page


LENGTHS = [40, 12, 80, 30, 25, 60, 10, 15]


def test_a_translation_keeps_the_turn_structure():
    english = transcript("2025-03-12", LENGTHS, "word")
    russian = transcript("2025-03-13", [round(n * 1.1) for n in LENGTHS], "слово")
    assert turn_structure(english, russian) > 0.9
    score = pair_score(english, russian)  # a day apart, no word shared: the structure is the content
    assert score is not None and score > 0.55


def test_another_meeting_of_the_same_two_leaders_alternates_with_other_lengths():
    english = transcript("2025-03-12", LENGTHS, "word")
    other = transcript("2025-03-13", list(reversed(LENGTHS)), "слово")
    assert turn_structure(english, other) < 0.5
    assert pair_score(english, other) is None


def test_short_transcripts_and_other_speakers_say_nothing():
    assert turn_structure(transcript("2025-03-12", LENGTHS[:4], "a"), transcript("2025-03-12", LENGTHS[:4], "b")) == 0
    other_speakers = transcript("2025-03-12", LENGTHS, "b", speakers=("kassym-jomart-tokayev", PUTIN, PUTIN))
    assert turn_structure(transcript("2025-03-12", LENGTHS, "a"), other_speakers) < 0.8


def test_two_readouts_of_one_telephone_call_in_two_languages_are_one_event():
    """A call has no city, and two languages share few words: the day, the persons and the kind do it."""
    russian = Profile(1, "2025-04-21", None, "Путин и Эрдоган обсудили по телефону судоходство", None, None,
                      narrative=["Президенты обсудили по телефону судоходство в Черном море."])
    english = Profile(2, "2025-04-21", None, "Putin and Erdogan discuss shipping in phone call", None, None,
                      narrative=["The presidents discussed shipping in a phone call on Monday."])
    for page in (russian, english):
        page.participants = frozenset({PUTIN, "recep-tayyip-erdogan"})
    score = pair_score(russian, english)
    assert score is not None and score >= 0.55
