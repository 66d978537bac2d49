"""Where the meeting was: a document's city and venue, and where on the page they were read.

In order of trust:
1. the dateline's place ("April 5, 2023, The Kremlin, Moscow"; "Sochi" on the line after the date);
2. a place named in the headline or the first lead: a known residence ("Novo-Ogaryovo"), or a known
   city or venue after a preposition of place ("kick off in Sochi", "в Кремле", "у Мінску", "im Kreml",
   "visit to Minsk"), or a form that means "in the city" by itself (Armenian "Սոչիում");
3. an agency dateline opening the story ("MINSK (Sputnik) —", "Astana. July 4. KazTAG",
   "САНКТ-ПЕТЕРБУРГ, 23 июля. /ТАСС/."): where the story was filed, so it comes after what the story says;
4. a place named in the next leads;
5. a city someone arrives in, in the story's first paragraphs ("До этого Лукашенко прилетел в Москву").

Steps 2 to 5 are skipped when the headline or the first lead says the leaders spoke by telephone.

A city is always a known one (places.yaml, in every language it lists): a rubric ("Политика"), a
byline or a menu line is never taken for a city. Nothing is guessed when nothing is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..data.reference import Patterns, Places
from .title import MENU_SEPARATORS
from .title import words as layout_words

_WORD = re.compile(r"[^\W\d_][\w’'\-]*")
_MAX_SPAN = 4  # words in a place name ("Great Hall of the People" is five, but "Great Hall" is not a form)
_AGENCY_DATELINE = re.compile(r"\s*([^,.(/—–\n]{2,40}?)\s*(?:,|\.|\(|/|—|–|\s-\s)")
_LEADS = 3  # narrative paragraphs read after the headline
_ROW_ITEM_WORDS = 4
_ARRIVAL_LEADS = 8  # narrative paragraphs read for a verb of arriving
_ARRIVAL_GAP = 4  # words between the verb and its preposition ("прибыл с официальным визитом в")


_HAN = re.compile("[\u4e00-\u9fff]")
_AGENCY_HEAD = 40  # characters where an agency's dateline stands
_ELIDED = re.compile(r"^[lLdD][’'](?=[^\W\d_])")  # French "l'Elysée", "d'Astana": the name after the article


def _words(text: str) -> list[str]:
    return [_ELIDED.sub("", word) for word in _WORD.findall(text)]


@dataclass(frozen=True, slots=True)
class Place:
    city: str | None = None
    venue: str | None = None
    source: str | None = None  # dateline, agency dateline, title, lead


def dateline_place(text: str | None, places: Places) -> Place:
    """"The Kremlin, Moscow" -> Moscow at The Kremlin; "Sochi" -> Sochi; "Beijing, China" -> Beijing (a
    country is not a venue); "Zavidovo" (no city known) -> the venue Zavidovo, no city."""
    if not text:
        return Place()
    parts = [p.strip() for p in text.replace("，", ",").split(",") if p.strip()]  # a full-width comma too
    for i in range(len(parts) - 1, -1, -1):
        city = places.cities.get(parts[i].casefold())
        if city:
            venue = ", ".join(p for p in parts[:i] + parts[i + 1 :] if p.casefold() not in places.countries) or None
            return Place(city, venue, "dateline")
    for part in parts:
        venue = places.venues.get(part.casefold())
        if venue is not None:
            return Place(venue.city, part, "dateline")
    named = ", ".join(p for p in parts if p.casefold() not in places.countries)
    return Place(None, named or None, "dateline" if named else None)


def agency_dateline(text: str, places: Places) -> str | None:
    """The city an agency's story opens with: "MINSK (Sputnik) — …", "Tashkent, April 22 (UzA). …",
    "新华社阿斯塔纳7月3日电" (a Chinese wire's agency, city, date and 电)."""
    if _HAN.search(text[:_AGENCY_HEAD]) and (unspaced := _unspaced_places(places)) and (wire := unspaced[0].match(text)):
        return places.cities.get(wire.group(1))
    match = _AGENCY_DATELINE.match(text)
    if match is None:
        return None
    return places.cities.get(match.group(1).strip().casefold())


def _unspaced_places(places: Places) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """Expressions for cities written in Han inside a run of characters: a Chinese wire's dateline, and
    a city after 在 ("at"), 于 or 抵达 ("arrived in"); None when the gazetteer has no Han names."""
    return _unspaced_expressions(tuple(sorted((key for key in places.cities if _HAN.search(key)), key=len, reverse=True)))


@cache
def _unspaced_expressions(names: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    if not names:
        return None
    alternatives = "|".join(map(re.escape, names))
    return (
        re.compile(rf"^\s*(?:[\u4e00-\u9fff]{{1,4}}(?:社|网|台))?({alternatives})\d{{1,2}}月\d{{1,2}}日电"),
        re.compile(rf"(?:在|于|抵达|到访)({alternatives})"),
    )


def named_place(text: str, places: Places) -> Place | None:
    """The first known place the text names as where something is: a residence, or a city or venue
    after a preposition of place, or a city in a locative form; in Han, a city after 在 ("在阿斯塔纳")."""
    if _HAN.search(text) and (unspaced := _unspaced_places(places)) is not None and (found := unspaced[1].search(text)):
        return Place(places.cities[found.group(1)])
    words = _words(text)
    keys = [w.casefold() for w in words]
    for i, key in enumerate(keys):
        if key in places.prepositions or (i and f"{keys[i - 1]} {key}" in places.prepositions):
            j = i + 1
            if j < len(keys) and keys[j] in places.articles:
                j += 1
            found = _place_at(words, keys, j, places, after_preposition=True)
        else:
            found = _place_at(words, keys, i, places, after_preposition=False)
        if found is not None:
            return found
    return None


def arrival_place(text: str, places: Places) -> Place | None:
    """The known city a verb of arriving leads to: "arrived on Monday in Minsk", "прилетел в Москву",
    "flew to Sochi"; "из Москвы в Минск" gives Minsk (where the preposition of place is)."""
    words = _words(text)
    keys = [w.casefold() for w in words]
    for i, key in enumerate(keys):
        if key not in places.arrivals:
            continue
        for j in range(i + 1, min(i + 2 + _ARRIVAL_GAP, len(keys))):
            if keys[j] in places.prepositions or keys[j] in places.arrival_prepositions:
                k = j + 1 + (j + 1 < len(keys) and keys[j + 1] in places.articles)
                found = _place_at(words, keys, k, places, after_preposition=True)
                if found is not None and found.city:
                    return found
    return None


def venues_named(text: str, places: Places) -> frozenset[str]:
    """Every known venue a text names, wherever it names it ("a breakfast in the Russian Museum", "в
    Ново-Огарёве"): names that survive translation, which linking compares. A venue that counts only
    after a preposition of place ("in the Kremlin", not "the Kremlin's spokesman") needs one before it."""
    words = _words(text)
    keys = [w.casefold() for w in words]
    found: set[str] = set()
    for i, word in enumerate(words):
        if not word[:1].isupper():
            continue
        for n in range(min(_MAX_SPAN, len(words) - i), 0, -1):
            venue = places.venues.get(" ".join(keys[i : i + n]))
            if venue is not None:
                if not venue.after_preposition or _after_preposition(keys, i, places):
                    found.add(venue.name)
                break
    return frozenset(found)


def _after_preposition(keys: list[str], i: int, places: Places) -> bool:
    """Whether the word at i follows a preposition of place, with an article between or not."""
    j = i - 1 if i and keys[i - 1] not in places.articles else i - 2
    return j >= 0 and (keys[j] in places.prepositions or (j > 0 and f"{keys[j - 1]} {keys[j]}" in places.prepositions))


def _place_at(words: list[str], keys: list[str], i: int, places: Places, after_preposition: bool) -> Place | None:
    if i >= len(words) or not words[i][:1].isupper():
        return None
    for n in range(min(_MAX_SPAN, len(words) - i), 0, -1):
        key = " ".join(keys[i : i + n])
        venue = places.venues.get(key)
        if venue is not None and (after_preposition or not venue.after_preposition):
            return Place(venue.city, venue.name)
        if after_preposition and (city := places.cities.get(key)):
            return Place(city)
        if city := places.locatives.get(key):
            return Place(city)
    return None


def find_place(dateline: str | None, title: str | None, leads: list[str], places: Places, patterns: Patterns) -> Place:
    """Stage helper of parse: the document's city and venue, and where they were read. An agency's
    dateline says where the story was filed, so the place the headline or the first lead names comes
    first ("Moscow, Sep 15 (Prensa Latina) Putin will meet Lukashenko in Sochi")."""
    leads = [lead for lead in leads if _prose(lead)]
    place = dateline_place(dateline, places)
    venue = place.venue or lead_venue(leads[:1], patterns)
    if place.city:
        return Place(place.city, venue, place.source)
    if _by_telephone(" ".join([title or "", *leads[:1]]), patterns):
        return Place(None, venue, place.source)  # a call: what the story names is no meeting place
    filed = next((city for lead in leads[:2] if (city := agency_dateline(lead, places))), None)
    steps = [("title", title), ("lead", leads[0] if leads else None), ("agency dateline", filed),
             *(("lead", lead) for lead in leads[1:_LEADS])]
    for source, text in steps:
        if text is None:
            continue
        if source == "agency dateline":
            return Place(text, venue, source)
        found = named_place(text, places)
        if found is not None and found.city:
            return Place(found.city, venue or found.venue, source)
    for lead in leads[:_ARRIVAL_LEADS]:
        if (found := arrival_place(lead, places)) is not None:
            return Place(found.city, venue or found.venue, "lead")
    return Place(None, venue, place.source)


def _by_telephone(text: str, patterns: Patterns) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in patterns.telephone_words)


def _prose(text: str) -> bool:
    """Whether a paragraph reads as sentences, not as what a saved page leaves between its leads: an
    image address, a path of the page's markup ("/html/head/meta[@name='og:title']"), a lone tag
    ("belarus"), a row of menu items or fields. Four words at least, and few tokens that are addresses or paths."""
    tokens = text.split()
    addresses = sum(1 for t in tokens if "/" in t or "@" in t)
    items = MENU_SEPARATORS.split(text)
    if len(items) > 1 and all(len(item.split()) <= _ROW_ITEM_WORDS for item in items):
        return False  # a menu's or the site's fields' row: "Home | China | World", "Source: Xinhua | 2025-07-03"
    return layout_words(text) >= 4 and addresses * 5 <= len(tokens)  # Chinese counts a word per two characters


@cache
def _venue_expression(nouns: tuple[str, ...], names: tuple[str, ...]) -> re.Pattern[str]:
    nouns_part = "|".join(re.escape(n) for n in nouns)
    names_part = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(
        rf"\b(?:at|in)\s+(?:the\s+)?((?:{names_part})\b(?:\s+(?:{nouns_part}))?|(?:[A-Z][\w’'\-]+\s+){{1,4}}(?:{nouns_part}))\b"
    )


def lead_venue(leads: list[str], patterns: Patterns) -> str | None:
    """A venue named in a lead: "at the Bocharov Ruchei residence", "in the Kremlin"."""
    expression = _venue_expression(patterns.venue_nouns, patterns.venue_names)
    for text in leads:
        match = expression.search(text)
        if match:
            venue = match.group(1)
            return "The Kremlin" if venue == "Kremlin" else venue
    return None
