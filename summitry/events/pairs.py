"""Whether two dated documents report one event, and how well: the score linking joins a document to
an event by (``events.link``)."""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from .similarity import document_similarity, jaccard
from .versions import Profile

NEXT_DAY_CONTENT = 0.35  # a day apart, texts must be at least this similar
SAME_PAGE = 0.8  # Jaccard of shingles above which two pages of one site are the same page
STRUCTURE_TURNS = 6  # turns both transcripts need before their structure says anything
STRUCTURE_SHARES = 0.5  # sum of the differences of turn-length shares at which structure counts for nothing


def participant_overlap(a: frozenset[str], b: frozenset[str]) -> float | None:
    """Shared persons over the smaller set, halved when each side has someone the other lacks
    (Putin with Lukashenko is not Putin with Tokayev); None when either side names no one."""
    if not a or not b:
        return None
    overlap = len(a & b) / min(len(a), len(b))
    return overlap / 2 if (a - b) and (b - a) else overlap


def pair_score(a: Profile, b: Profile) -> float | None:
    """How well two documents fit one event, 0..1; None when they cannot be one event."""
    if a.day is None or b.day is None or abs(a.day - b.day) > 1:
        return None
    family_a, family_b = a.family, b.family
    by_phone = a.by_phone or b.by_phone
    if by_phone and family_a and family_b and family_a != family_b:
        return None
    if a.city and b.city and a.city != b.city and not by_phone:
        return None
    overlap = participant_overlap(a.participants, b.participants)
    if overlap == 0.0:
        return None
    content = max(document_similarity(a.shingles, b.shingles), turn_structure(a, b))
    if a.day != b.day and content < NEXT_DAY_CONTENT:
        return None
    # one city, or two telephone calls (which have none): the same place
    place = 1.0 if (a.city and a.city == b.city) or (a.by_phone and b.by_phone) else 0.5
    kind = 0.5 if not (family_a and family_b) else float(family_a == family_b)
    return 0.3 * (0.3 if overlap is None else overlap) + 0.2 * place + 0.1 * kind + 0.4 * content


def same_page(a: Profile, b: Profile) -> bool:
    """Two pages of one site are one page (two revisions of it): the same site id, or (without ids) the
    same URL or near-duplicate text."""
    if a.site_id and b.site_id:
        return a.site_id == b.site_id
    if a.url and b.url and a.url == b.url:
        return True
    return jaccard(a.shingles, b.shingles) >= SAME_PAGE


def turn_structure(a: Profile, b: Profile) -> float:
    """0..1: how alike two transcripts are in the turns' order of speakers and relative lengths, which
    a translation keeps in any language (the words themselves it does not). The speakers are the
    registry persons (others count as one unknown speaker); a turn's length is its share of the
    transcript's characters, compared turn by turn when both have as many turns. Two meetings of the
    same two leaders alternate too, but not with the same lengths."""
    if min(len(a.turns), len(b.turns)) < STRUCTURE_TURNS:
        return 0.0
    speakers_a = [p if p in a.speakers else "?" for p, _ in a.turns]
    speakers_b = [p if p in b.speakers else "?" for p, _ in b.turns]
    order = Levenshtein.normalized_similarity(speakers_a, speakers_b)
    if len(a.turns) != len(b.turns):
        return order * 0.5  # a turn split or merged: the order alone, which alternation often gives
    total_a = sum(len(t) for _, t in a.turns) or 1
    total_b = sum(len(t) for _, t in b.turns) or 1
    apart = sum(abs(len(x) / total_a - len(y) / total_b) for (_, x), (_, y) in zip(a.turns, b.turns, strict=True))
    return order * max(0.0, 1 - apart / STRUCTURE_SHARES)
