"""Reference data: patterns, site profiles, places and the person registry, loaded once.

Everything lives in YAML files under ``summitry/data``. Users add their own with the
``SUMMITRY_DATA`` environment variable (a folder laid out like ``summitry/data``): its
``persons.yaml`` entries are added to the registry, its ``sites/*.yaml`` profiles to the
site profiles, and its ``patterns.yaml`` lists extend the built-in lists.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..records import Person, Role

DATA_ENV = "SUMMITRY_DATA"


@dataclass(frozen=True)
class SiteProfile:
    """What is known about one site: how to recognise it and where its parts are."""

    name: str
    publisher: str | None
    language: str | None
    hosts: tuple[str, ...]
    markers: tuple[str, ...]
    site_id_pattern: re.Pattern[str] | None
    captions_after_dateline: bool
    html: dict[str, str | None]
    office_labels: dict[str, str] = field(default_factory=dict)  # label key -> the office (a role in persons.yaml)

    def matches_host(self, host: str | None) -> bool:
        return bool(host) and host.lower() in self.hosts


@dataclass(frozen=True)
class Patterns:
    months: dict[str, int]
    weekdays: dict[str, int]  # name (casefolded) -> 0 (Monday) .. 6 (Sunday)
    date_line_weekdays: dict[str, int]  # and those only a date line's weekday (they are other words too)
    relative_days: dict[str, int]  # "yesterday" -> -1: days after a page's date
    non_labels: frozenset[str]
    role_labels: dict[str, str]
    press_outlets: dict[str, str]  # the outlets of press_labels (casefolded) -> their name as listed: "reuters" -> "Reuters"
    office_labels: dict[str, str]  # label key ("sg") -> the office it names on any site
    connectors: frozenset[str]
    stopwords: frozenset[str]
    title_words: frozenset[str]
    office_words: frozenset[str]  # title words and connectors, casefolded: what a byline's office is made of
    separator: re.Pattern[str]
    omission: re.Pattern[str]
    clock_line: re.Pattern[str]
    caption: LinePatterns
    caption_max_words: int
    credit: LinePatterns
    byline: LinePatterns
    tag_headings: dict[str, str]
    end: LinePatterns
    soft_end: LinePatterns
    published: re.Pattern[str]
    location: re.Pattern[str]
    updated: re.Pattern[str]
    direct_link: re.Pattern[str]
    url: re.Pattern[str]
    venue_nouns: tuple[str, ...]
    venue_names: tuple[str, ...]
    telephone_words: tuple[str, ...]  # lower case: "по телефону", "phone call"
    languages: tuple[str, ...]  # ISO 639-1 codes the language identifier chooses among; empty: all it knows
    name_suffixes: tuple[str, ...] = ()  # "Jr.", "III": after a comma, still part of a name
    roster_headings: frozenset[str] = frozenset()  # casefolded: "participants", "moderators"
    caseless_label_endings: tuple[str, ...] = ()  # 记者, 主持人: what a label in a caseless script may end in


@dataclass(frozen=True)
class Venue:
    name: str
    city: str | None
    after_preposition: bool  # counts only after a preposition of place ("in the Kremlin")


@dataclass(frozen=True)
class Places:
    cities: dict[str, str]  # alias (casefolded) -> canonical city
    countries: frozenset[str]  # casefolded
    venues: dict[str, Venue] = field(default_factory=dict)  # form (casefolded) -> venue
    locatives: dict[str, str] = field(default_factory=dict)  # a form meaning "in the city" (casefolded) -> city
    prepositions: frozenset[str] = frozenset()  # of place, casefolded
    articles: frozenset[str] = frozenset()
    arrivals: frozenset[str] = frozenset()  # verbs of arriving, casefolded
    arrival_prepositions: frozenset[str] = frozenset()  # of direction, after a verb of arriving only


@dataclass(frozen=True)
class Reference:
    patterns: Patterns
    places: Places
    sites: tuple[SiteProfile, ...]
    generic: SiteProfile
    persons: tuple[Person, ...] = field(default=())


class _UniqueKeysLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (libyaml's when PyYAML has it: ten times faster) that refuses a key given twice in
    one mapping: YAML keeps the last, and the first's entries would be lost without a word."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)  # type: ignore[no-untyped-call]
            if isinstance(key, (str, int, float, bool)) and key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} is given twice (line {key_node.start_mark.line + 1})")
            seen.add(key)
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]


YAML_LOADER = _UniqueKeysLoader


class DataFileError(ValueError):
    """A data file (built in, or in a SUMMITRY_DATA folder) that cannot be used: the message names it
    and the reason. Not a page's fault: it stops the command rather than failing every page."""


def read_yaml(path: Path) -> Any:
    """A data file, parsed."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=YAML_LOADER)  # noqa: S506 - a safe loader
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataFileError(f"{path}: cannot read this data file ({' '.join(str(exc).split())})") from None


@contextmanager
def _data_file(path: Path) -> Iterator[None]:
    """Entries of the wrong shape in a data file raise DataFileError naming it."""
    try:
        yield
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        if isinstance(exc, DataFileError):
            raise
        raise DataFileError(f"{path}: an entry is not what this file holds ({exc.__class__.__name__}: {exc})") from None


def data_dirs() -> list[Path]:
    dirs = [Path(str(resources.files("summitry") / "data"))]
    extra = os.environ.get(DATA_ENV)
    if extra:
        dirs.extend(Path(p) for p in extra.split(os.pathsep) if p)
    return dirs


def _anchored(pattern: str) -> bool:
    """Whether a pattern can only match at the start of the text: it opens with "^" and has no
    alternative outside parentheses or a character class that could match elsewhere."""
    if not pattern.startswith("^"):
        return False
    depth, in_class, escaped = 0, False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return False
    return True


class LinePatterns:
    """Patterns tested against one line. Those anchored at its start are tried together with one
    ``match`` (which looks at the start only); the others with one ``search``. One expression of all
    of them would be tried at every position of the line: twenty times slower on a long line. Phrases
    ("all rights reserved") are found anywhere in the line whatever their case, by substring tests of
    the lower-cased line, which cost a sixth of a case-insensitive expression."""

    __slots__ = ("_anchored", "_floating", "_phrases")

    def __init__(self, items: list[str], phrases: list[str] | None = None) -> None:
        anchored = [p[1:] for p in items if _anchored(p)]
        floating = [p for p in items if not _anchored(p)]
        self._anchored = re.compile("|".join(f"(?:{p})" for p in anchored)).match if anchored else None
        self._floating = re.compile("|".join(f"(?:{p})" for p in floating)).search if floating else None
        self._phrases = tuple(dict.fromkeys(str(p).lower() for p in phrases or ()))

    def matches(self, text: str) -> bool:
        """Whether one of the patterns or phrases is in the line."""
        if self._anchored and self._anchored(text):
            return True
        if self._floating and self._floating(text):
            return True
        if self._phrases:
            lowered = text.lower()
            for phrase in self._phrases:  # a loop, not any(): no generator per line
                if phrase in lowered:
                    return True
        return False


def _patterns(raw: dict[str, Any]) -> Patterns:
    return Patterns(
        months=_caseless(raw["months"]),
        weekdays=_caseless(raw.get("weekdays") or {}),
        date_line_weekdays=_caseless(raw.get("date_line_weekdays") or {}),
        relative_days={k.casefold(): int(v) for k, v in (raw.get("relative_days") or {}).items()},
        non_labels=frozenset(x.casefold() for x in raw["non_labels"]),
        role_labels={k.casefold(): v for k, v in raw["role_labels"].items()}
        | {str(outlet).casefold(): "journalist" for outlet in raw.get("press_labels") or []},
        press_outlets={str(outlet).casefold(): str(outlet) for outlet in raw.get("press_labels") or []},
        office_labels=office_labels(raw.get("office_labels")),
        connectors=frozenset(raw["label_connectors"]),
        stopwords=frozenset(raw["label_stopwords"]),
        title_words=frozenset(raw["title_words"]),
        office_words=frozenset(w.casefold() for w in (*raw["title_words"], *raw["label_connectors"])),
        separator=re.compile(raw["separator_pattern"]),
        omission=re.compile(raw["omission_pattern"]),
        clock_line=re.compile(raw["clock_line_pattern"]),
        caption=LinePatterns(raw["caption_patterns"]),
        caption_max_words=int(raw["caption_max_words"]),
        credit=LinePatterns(raw["credit_patterns"]),
        byline=LinePatterns(raw["byline_patterns"]),
        tag_headings=dict(raw["tag_headings"]),
        end=LinePatterns(raw["end_patterns"]),
        soft_end=LinePatterns(raw["soft_end_patterns"], raw.get("soft_end_phrases")),
        published=re.compile(raw["published_pattern"]),
        location=re.compile(raw["location_pattern"]),
        updated=re.compile(raw["updated_pattern"]),
        direct_link=re.compile(raw["direct_link_pattern"]),
        url=re.compile(raw["url_pattern"]),
        venue_nouns=tuple(raw["venue_nouns"]),
        venue_names=tuple(raw["venue_names"]),
        telephone_words=tuple(str(word).lower() for word in raw.get("telephone_words") or ()),
        languages=tuple(dict.fromkeys(str(code) for code in raw.get("languages") or ())),
        name_suffixes=tuple(str(suffix) for suffix in raw.get("name_suffixes") or ()),
        roster_headings=frozenset(str(word).casefold() for word in raw.get("roster_headings") or ()),
        caseless_label_endings=tuple(str(word) for word in raw.get("caseless_label_endings") or ()),
    )


def _caseless(names: dict[str, Any]) -> dict[str, int]:
    """Names by every casefolded form a page can give them, capitals of Turkic alphabets included:
    "MAYIS" is "mayıs" and "EKİM" is "ekim" (their capitals fold to other letters than their small ones)."""
    forms: dict[str, int] = {}
    for name, value in names.items():
        folded = name.casefold()
        for form in (folded, name.upper().casefold(), folded.replace("i", "i\u0307")):
            forms.setdefault(form, int(value))
    return forms


def merge_patterns(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, list) and isinstance(base.get(key), list):
            merged[key] = base[key] + value
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = {**base[key], **value}
        else:
            merged[key] = value
    return merged


def _site(raw: dict[str, Any]) -> SiteProfile:
    pattern = raw.get("site_id_pattern")
    return SiteProfile(
        name=raw["name"],
        publisher=raw.get("publisher"),
        language=raw.get("language"),
        hosts=tuple(h.lower() for h in raw.get("hosts") or ()),
        markers=tuple(raw.get("markers") or ()),
        site_id_pattern=re.compile(pattern) if pattern else None,
        captions_after_dateline=bool(raw.get("captions_after_dateline")),
        html=dict(raw.get("html") or {}),
        office_labels=office_labels(raw.get("office_labels")),
    )


def office_labels(raw: dict[str, str] | None) -> dict[str, str]:
    """Office labels keyed as labels are compared: "The President" -> "the president"."""
    return {" ".join(k.casefold().replace(".", " ").split()): str(v) for k, v in (raw or {}).items()}


def _person(raw: dict[str, Any]) -> Person:
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("name"):
        raise ValueError(f"each person is a mapping with an id and a name, not {str(raw)[:60]!r}")
    def strings(key: str) -> list[str]:
        value = raw.get(key) or []
        return [str(v) for v in (value if isinstance(value, list) else [value])]

    return Person(
        id=str(raw["id"]),
        name=str(raw["name"]),
        given=strings("given"),
        family=strings("family"),
        patronymic=strings("patronymic"),
        aliases=strings("aliases"),
        country=raw.get("country"),
        roles=[
            Role(str(r["role"]), _iso(r.get("from")), _iso(r.get("to"))) for r in raw.get("roles") or []
        ],
    )


_MIN_DECLINED = 4  # letters of a surname whose case forms are made ("Си" and "Ли" are left alone)


def _with_case_forms(person: Person, rules: list[dict[str, Any]]) -> Person:
    """The person with the case forms of each one-word Cyrillic alias among its aliases (patterns.yaml,
    cyrillic_surname_endings): "Эрдоган" -> "Эрдогана", "Эрдогану", "Эрдоганом"…"""
    endings = [(str(rule["after"]), [str(f) for f in rule["forms"]]) for rule in rules]
    known = {alias.casefold() for alias in person.aliases}
    made = [form for alias in person.aliases if len(alias) >= _MIN_DECLINED and alias.isalpha()
            for form in _case_forms(alias, endings, {})]
    extra = [form for form in dict.fromkeys(made) if form.casefold() not in known]
    return replace(person, aliases=[*person.aliases, *extra]) if extra else person


def _iso(value: Any) -> str | None:
    return None if value is None else str(value)


@cache
def load_reference() -> Reference:
    """All reference data, built-in plus the folders named by SUMMITRY_DATA; loaded once."""
    raw_patterns: dict[str, Any] = {}
    cities: dict[str, str] = {}
    countries: set[str] = set()
    venues: dict[str, Venue] = {}
    locatives: dict[str, str] = {}
    prepositions: set[str] = set()
    articles: set[str] = set()
    arrivals: set[str] = set()
    arrival_prepositions: set[str] = set()
    sites: dict[str, SiteProfile] = {}
    persons: dict[str, Person] = {}
    for folder in data_dirs():
        if (folder / "patterns.yaml").exists():
            with _data_file(folder / "patterns.yaml"):
                raw_patterns = merge_patterns(raw_patterns, read_yaml(folder / "patterns.yaml") or {})
        if (folder / "places.yaml").exists():
            with _data_file(folder / "places.yaml"):
                _read_places(read_yaml(folder / "places.yaml") or {}, cities, countries, venues, locatives, prepositions, articles,
                             arrivals, arrival_prepositions)
        for path in sorted((folder / "sites").glob("*.yaml")):
            with _data_file(path):
                profile = _site(read_yaml(path))
            sites[profile.name] = profile
        if (folder / "persons.yaml").exists():
            with _data_file(folder / "persons.yaml"):
                for entry in read_yaml(folder / "persons.yaml") or []:
                    person = _person(entry)
                    persons[person.id] = person
    generic = sites.pop("generic")
    with _data_file(data_dirs()[0] / "patterns.yaml"):
        patterns = _patterns(raw_patterns)
    return Reference(
        patterns=patterns,
        places=Places(cities, frozenset(countries), venues, locatives, frozenset(prepositions), frozenset(articles),
                      frozenset(arrivals), frozenset(arrival_prepositions)),
        sites=tuple(sites.values()),
        generic=generic,
        persons=tuple(_with_case_forms(person, raw_patterns.get("cyrillic_surname_endings") or []) for person in persons.values()),
    )


_CYRILLIC_CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщ")


def _case_forms(name: str, endings: list[tuple[str, list[str]]], softening: dict[str, str]) -> list[str]:
    """The forms of a city's Cyrillic name after a preposition (places.yaml, cyrillic_case_endings):
    "лондон" -> "лондоне", "лондоні", "лондона"…; "рига" -> "риге", "ригу", "ризі"; none for a name
    with a space, in another script, or ending in a vowel that does not decline ("сочи")."""
    if " " in name or not name[-1:] or not ("\u0400" <= name[-1] <= "\u04ff"):
        return []
    for ending, forms in endings:
        if (name.endswith(ending) and ending) or (not ending and name[-1] in _CYRILLIC_CONSONANTS):
            stem = name[: len(name) - len(ending)]
            made = [stem + form for form in forms]
            return [next((f[: -len(k)] + v for k, v in softening.items() if f.endswith(k)), f) for f in made]
    return []


def _script(letter: str) -> str | None:
    """The script of a letter, as locative_endings (places.yaml) names them."""
    if letter.isascii() or "\u00c0" <= letter <= "\u024f" or letter == "ə":
        return "latin"
    if "\u0400" <= letter <= "\u04ff":
        return "cyrillic"
    return "armenian" if "\u0530" <= letter <= "\u058f" else None


def _locative_forms(name: str, endings: dict[str, list[str]]) -> list[str]:
    """A one-word city name with each case ending of its script that means "in the city": "ankara'da",
    "toshkentda", "астанада", "մինսկում"."""
    if " " in name or not name[-1:].isalpha():
        return []
    return [name + ending for ending in endings.get(_script(name[-1]) or "", [])]


def _read_places(
    places: dict[str, Any], cities: dict[str, str], countries: set[str], venues: dict[str, Venue],
    locatives: dict[str, str], prepositions: set[str], articles: set[str], arrivals: set[str],
    arrival_prepositions: set[str],
) -> None:
    for section in ("cities", "city_forms"):
        for name, aliases in (places.get(section) or {}).items():
            for alias in [name, *(aliases or [])]:
                cities[alias.casefold()] = name
                cities.setdefault(alias.casefold().replace("ё", "е"), name)
    endings = [(rule["after"], rule["forms"]) for rule in places.get("cyrillic_case_endings") or []]
    softening = places.get("cyrillic_softening") or {}
    for key, name in list(cities.items()):
        for form in _case_forms(key, endings, softening):
            cities.setdefault(form, name)
    for name, forms in (places.get("locative_forms") or {}).items():
        locatives.update((form.casefold(), name) for form in forms)
    for key, name in list(cities.items()):
        for form in _locative_forms(key, places.get("locative_endings") or {}):
            locatives.setdefault(form, name)
    for entry in places.get("venues") or []:
        venue = Venue(entry["name"], entry.get("city"), bool(entry.get("after_preposition")))
        venues.update((form.casefold(), venue) for form in [entry["name"], *entry.get("forms", [])])
    prepositions.update(w.casefold() for w in places.get("locative_prepositions") or [])
    articles.update(w.casefold() for w in places.get("place_articles") or [])
    arrivals.update(w.casefold() for w in places.get("arrival_verbs") or [])
    arrival_prepositions.update(w.casefold() for w in places.get("arrival_prepositions") or [])
    countries.update(c.casefold() for c in places.get("countries") or [])

