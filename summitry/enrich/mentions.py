"""Mentions: persons, organisations, countries and places named in a turn, resolved to canonical entities.

Entities come from data files: organisations, countries and other places from data/gazetteer.yaml,
cities from data/places.yaml, persons from data/persons.yaml (full names in every listed
transliteration, given name and patronymic, and the family name alone where only one person bears
it). All their aliases make one expression shaped as a trie, so a text is scanned once whatever the
number of entities. An alias claimed by two entities is left out: it would not say which one is meant.

An optional spaCy model adds names the gazetteer lacks: set SUMMITRY_NER_MODEL to an installed model
package (for instance en_core_web_sm); nothing needs it by default.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

from ..data.reference import data_dirs, load_reference, read_yaml
from ..records import Mention, PageError, Person
from .tokens import UNSPACED_LETTERS
from .trie import trie_pattern

NER_ENV = "SUMMITRY_NER_MODEL"
NER_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place"}
_SLUG = re.compile(r"[^\w]+")
_SEPARATOR = "\0"  # between texts scanned together (find_mentions_in)
_UNSPACED = f"[{UNSPACED_LETTERS}]"
_UNSPACED_START = re.compile(_UNSPACED)


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str  # person, organisation, country, place


@dataclass(frozen=True)
class Gazetteer:
    entities: dict[str, Entity]  # id -> entity
    by_alias: dict[str, Entity]  # alias exactly as printed -> entity
    pattern: re.Pattern[str]
    # aliases of several entities ("Vladimir Vladimirovich": Putin, Makei): the one of them who speaks
    # in the document is meant, else none is
    shared: dict[str, tuple[Entity, ...]] = field(default_factory=dict)

    def lookup(self, query: str) -> Entity | None:
        """The entity a user means by an id, a name or an alias, in any case."""
        if query in self.by_alias:
            return self.by_alias[query]
        folded = query.casefold()
        for key, entity in self.entities.items():
            if key.casefold() == folded or entity.name.casefold() == folded:
                return entity
        return next((e for alias, e in self.by_alias.items() if alias.casefold() == folded), None)


def slug(text: str) -> str:
    return _SLUG.sub("-", text.casefold()).strip("-")


def _person_aliases(person: Person, family_owners: dict[str, int]) -> list[str]:
    names = [person.name, *person.aliases]
    for family in person.family:
        names += [f"{given} {family}" for given in person.given]
        if family_owners[family] == 1 and len(family) > 3:
            names.append(family)
    names += [f"{given} {patronymic}" for given in person.given for patronymic in person.patronymic]
    # forms of address in other scripts, from full names there: "Владимир Владимирович Путин", whose
    # last word is an alias of its own (the family name), gives "Владимир Владимирович"
    singles = {alias for alias in person.aliases if " " not in alias and "." not in alias}
    names += [" ".join(words[:2]) for words in (alias.split() for alias in person.aliases) if len(words) == 3 and words[2] in singles]
    return names


def _gazetteer_entries() -> list[tuple[Entity, list[str]]]:
    entries: dict[str, tuple[Entity, list[str]]] = {}
    for folder in data_dirs():
        path = folder / "gazetteer.yaml"
        if not path.exists():
            continue
        raw: dict[str, Any] = read_yaml(path) or {}
        for section, kind in (("organisations", "organisation"), ("countries", "country"), ("places", "place")):
            for item in raw.get(section) or []:
                entity = Entity(str(item["id"]), str(item["name"]), kind)
                entries[entity.id] = (entity, [entity.name, *(str(a) for a in item.get("aliases") or [])])
    return list(entries.values())


@cache
def load_gazetteer() -> Gazetteer:
    reference = load_reference()
    entries = _gazetteer_entries()
    cities: dict[str, list[str]] = {}  # read from places.yaml again: the reference keeps aliases casefolded
    for folder in data_dirs():
        path = folder / "places.yaml"
        if path.exists():
            for city, aliases in ((read_yaml(path) or {}).get("cities") or {}).items():
                cities.setdefault(city, [city]).extend(str(a) for a in aliases or [])
    taken = {e.id for e, _ in entries}
    entries += [(Entity(f"city:{slug(c)}", c, "place"), a) for c, a in cities.items() if f"city:{slug(c)}" not in taken]
    family_owners: dict[str, int] = {}
    for person in reference.persons:
        for family in person.family:
            family_owners[family] = family_owners.get(family, 0) + 1
    entries += [(Entity(p.id, p.name, "person"), _person_aliases(p, family_owners)) for p in reference.persons]
    owners: dict[str, dict[str, Entity]] = {}  # alias -> the entities it names, by id
    for entity, aliases in entries:
        for alias in {" ".join(a.split()) for a in aliases if a.strip()}:
            if alias[0].islower() and alias[0] < "\u0530":
                continue  # "bin Salman", "al-Assad": the scan looks only where a capital letter stands
            owners.setdefault(alias, {})[entity.id] = entity
    by_alias = {alias: next(iter(named.values())) for alias, named in owners.items() if len(named) == 1}
    shared = {alias: tuple(named.values()) for alias, named in owners.items() if len(named) > 1}
    # whole words: not followed by a letter, unless the name ends in a script written without spaces
    pattern = re.compile(f"(?:{trie_pattern(list(owners))})(?:(?<={_UNSPACED})|(?![\\w$]))")
    return Gazetteer({e.id: e for e, _ in entries}, by_alias, pattern, shared)


def find_mentions(text: str, present: Collection[str] = ()) -> list[Mention]:
    """The gazetteer's entities named in a text (whole words, the longest alias where aliases overlap),
    each with the spans where it is named, in order of first mention. A name several persons share
    (a form of address: "Vladimir Vladimirovich") is the one of them ``present`` holds (the ids of
    the document's speakers), and no one when none or several are."""
    return find_mentions_in([text], present)[0]


def find_mentions_in(texts: Sequence[str], present: Collection[str] = ()) -> list[list[Mention]]:
    """find_mentions of each text, all scanned in one pass: joined by a character no alias holds and the
    expression treats as the end of a text, so no match crosses from one text into the next."""
    gazetteer = load_gazetteer()
    by_alias, shared = gazetteer.by_alias, gazetteer.shared
    found: list[dict[str, Mention]] = [{} for _ in texts]
    joined = _SEPARATOR.join(texts)
    index, base, limit = 0, 0, len(texts[0]) if texts else 0  # the text being read spans joined[base:limit]
    for match in gazetteer.pattern.finditer(joined):
        start, end = match.span()
        if start and (joined[start - 1].isalnum() or joined[start - 1] == "_") and not _UNSPACED_START.match(joined, start):
            continue  # inside a word; a name in Chinese or Japanese stands inside a run of characters
        while start > limit:
            index += 1
            base = limit + 1
            limit = base + len(texts[index])
        alias = match[0]
        if alias not in by_alias and alias not in shared:
            alias = " ".join(alias.split())
        entity = by_alias.get(alias) or _present(shared.get(alias, ()), present)
        if entity is None:
            continue
        mentions = found[index]
        mention = mentions.get(entity.id)
        if mention is None:
            mentions[entity.id] = mention = Mention(entity.id, entity.name, entity.type)
        mention.spans.append((start - base, end - base))
    return [list(mentions.values()) for mentions in found]


def _present(candidates: tuple[Entity, ...], present: Collection[str]) -> Entity | None:
    meant = [entity for entity in candidates if entity.id in present]
    return meant[0] if len(meant) == 1 else None


class NerModel(Protocol):
    def pipe(self, texts: list[str]) -> Any: ...


@cache
def load_ner(name: str) -> NerModel:
    """A spaCy pipeline by package name, loaded once; a one-line PageError when it cannot be."""
    try:
        import spacy  # type: ignore[import-not-found]
    except ImportError:
        raise PageError(f"{NER_ENV}={name}: spaCy is not installed (pip install spacy, then the model)") from None
    try:
        return spacy.load(name, disable=["parser", "lemmatizer", "textcat"])  # type: ignore[no-any-return]
    except OSError as exc:
        raise PageError(f"{NER_ENV}={name}: cannot load the spaCy model ({str(exc).splitlines()[0]})") from None


def configured_ner() -> NerModel | None:
    name = os.environ.get(NER_ENV)
    return load_ner(name) if name else None


def model_mentions(texts: list[str], known: list[list[Mention]], model: NerModel) -> list[list[Mention]]:
    """Names a statistical model finds in each text where the gazetteer found none; a name the
    gazetteer knows under this spelling resolves to its entity. Returns each text's mentions, merged."""
    gazetteer = load_gazetteer()
    merged: list[list[Mention]] = []
    for doc, mentions in zip(model.pipe(texts), known, strict=True):
        taken = [span for m in mentions for span in m.spans]
        by_entity = {m.entity: m for m in mentions}
        for span in doc.ents:
            kind = NER_TYPES.get(span.label_)
            if kind is None or any(s < span.end_char and span.start_char < e for s, e in taken):
                continue
            name = " ".join(span.text.split())
            entity = gazetteer.by_alias.get(name) or Entity(f"ner:{slug(name)}", name, kind)
            mention = by_entity.setdefault(entity.id, Mention(entity.id, entity.name, entity.type))
            mention.spans.append((span.start_char, span.end_char))
        for mention in by_entity.values():
            mention.spans.sort()
        merged.append(list(by_entity.values()))
    return merged
