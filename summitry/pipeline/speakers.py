"""Stage 6, speakers: raw labels to persons.

A label resolves through the registry (``data/persons.yaml``): exact aliases first, then family
names whose other name parts agree (given names, initials, patronymics, in any listed
transliteration). Within a document a short label refers to the person a fuller one named earlier
("D. Peskov" after "Presidential Press Secretary Dmitry Peskov"). A speaker the registry does not
know becomes a new person; a label is never matched to a person whose names contradict it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

from ..data.reference import Reference, load_reference
from ..records import Document, Person

# Glued words ("AlexanderPresident") are split where a capital follows three lower-case letters; a
# name's own inner capital after a short prefix stays: McGee, MacArthur, DeBlasio, DuMont, LaRouche.
_CAMEL = re.compile(r"(?<=[a-zа-яёі]{3})(?=[A-ZА-ЯЁІ])")
_PAREN = re.compile(r"\s*\([^)]*\)\s*")
_WORD = re.compile(r"[^\W\d_][\w’'\-]*", re.UNICODE)


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Compare names without case, accents, dots or spacing: "V.Putin" == "v putin"."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.replace("ё", "е").replace("Ё", "Е"))
        text = "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'")
    return " ".join(text.casefold().replace(".", " ").split())


def slug(text: str) -> str:
    """A person's id from a name: its words in lower case, joined by hyphens, in whatever script it is
    written ("vladimir-putin", "łukasz-nowak", "նիկոլ-փաշինյան", "毛宁")."""
    return re.sub(r"[\W_]+", "-", name_key(text)).strip("-") or "unknown"


@lru_cache(maxsize=32768)
def _label_words(label: str) -> tuple[str, ...]:
    label = _PAREN.sub(" ", label).split(",")[0]
    return tuple(_WORD.findall(_CAMEL.sub(" ", label.replace(".", ". "))))


def label_words(label: str) -> list[str]:
    """The words of a label, with glued words split ("AlexanderPresident") and asides dropped."""
    return list(_label_words(label))


@dataclass
class Registry:
    """The persons known, with indexes over their names; unknown speakers are added as they come."""

    reference: Reference
    persons: dict[str, Person] = field(default_factory=dict)
    by_alias: dict[str, set[str]] = field(default_factory=dict)
    by_family: dict[str, set[str]] = field(default_factory=dict)
    _names: dict[str, set[str]] = field(default_factory=dict)  # person id -> name words (keys)
    _name_parts: dict[str, tuple[set[str], set[str], set[str]]] = field(default_factory=dict)  # id -> family, given, other
    not_names: frozenset[str] = frozenset()  # keys of title words, connectors and places
    roles: dict[str, str] = field(default_factory=dict)  # role labels by name key ("неизвестный", "moderatrice")
    outlets: dict[str, str] = field(default_factory=dict)  # news outlets' labels by name key -> the outlet's name

    def __post_init__(self) -> None:
        patterns, places = self.reference.patterns, self.reference.places
        self.roles = {name_key(label): role for label, role in patterns.role_labels.items()}
        self.outlets = {name_key(label): outlet for label, outlet in patterns.press_outlets.items()}
        self.not_names = frozenset(
            {name_key(w) for w in (*patterns.title_words, *patterns.connectors)}
            | set(places.countries)
            | set(places.cities)
        )

    def add(self, person: Person) -> Person:
        if person.id in self.persons:
            return self.persons[person.id]
        self.persons[person.id] = person
        self._names[person.id] = {
            word for part in (*person.given, *person.family, *person.patronymic) for word in name_key(part).split()
        }
        if person.origin != "registry":
            # Persons created for unknown speakers are not indexed: a page must parse the same
            # whichever pages this process happened to read before it.
            return person
        for form in self._forms(person):
            self.by_alias.setdefault(name_key(form), set()).add(person.id)
        for family in person.family:
            self.by_family.setdefault(name_key(family), set()).add(person.id)
        return person

    @staticmethod
    def _forms(person: Person) -> list[str]:
        forms = [person.name, *person.aliases]
        for family in person.family:
            for given in person.given:
                forms += [f"{given} {family}", f"{family} {given}", f"{given[0]}. {family}"]
                for patronymic in person.patronymic:
                    forms += [f"{given} {patronymic}", f"{given} {patronymic} {family}",
                              f"{given[0]}. {patronymic[0]}. {family}"]
        return forms

    def holder(self, office: str, date: str | None) -> Person | None:
        """The one registry person who held an office (a role) on a date."""
        if not date:
            return None
        held = [p for p in self.reference.persons if office in p.roles_on(date)]
        return self.persons.get(held[0].id) if len(held) == 1 else None

    def known_word(self, word: str) -> bool:
        """Whether a single word names a known person (a family name or a one-word alias)."""
        key = name_key(word)
        return key in self.by_family or key in self.by_alias

    def compatible(self, person_id: str, words: list[str]) -> bool:
        """The name words of a label fit the person: family names anywhere; of the rest, the first
        is a given name (or its initial) and the others given names or patronymics ("Heydar Aliyev"
        is not Ilham Heydar oglu Aliyev)."""
        parts = self._name_parts.get(person_id)
        if parts is None:
            person = self.persons.get(person_id)
            if person is None:
                return False
            given = self._keys(person.given)
            parts = self._name_parts[person_id] = (self._keys(person.family), given, given | self._keys(person.patronymic))
        family, given, other = parts
        rest = [w for w in words if w not in family]
        for i, word in enumerate(rest):
            allowed = given if i == 0 else other
            if word in allowed or (len(word) <= 2 and any(n.startswith(word) for n in allowed)):
                continue
            return False
        return True

    @staticmethod
    def _keys(names: list[str]) -> set[str]:
        return {word for name in names for word in name_key(name).split()}


@cache
def load_registry() -> Registry:
    reference = load_reference()
    registry = Registry(reference)
    for person in reference.persons:
        registry.add(person)
    return registry


class SpeakerResolver:
    """Resolves the labels of one document, in order, remembering whom earlier labels named."""

    def __init__(self, registry: Registry, date: str | None = None, offices: dict[str, str] | None = None) -> None:
        self.registry = registry
        self.date = date
        self.offices = offices or {}  # office labels in force on the document's site (label key -> office)
        self.seen: dict[str, Person] = {}  # label key -> person
        self.order: list[Person] = []

    def seen_words(self) -> set[str]:
        """Name words of the persons this document has named so far."""
        return {w for p in self.order for w in self.registry._names.get(p.id, set())}

    def name_words(self, label: str) -> list[str]:
        """The keys of a label's words that may be names: not titles, connectors or places, and not
        abbreviations ("NATO Secretary General Mark Rutte"; in a label all in capitals every word is).
        A title word after a given name alone is a family name: "John King", "John Chancellor"."""
        not_names = self.registry.not_names
        words = label_words(label)
        mixed = not all(word.isupper() for word in words)
        keys = [
            key for word in words
            if (key := name_key(word)) not in not_names
            and not ("-" in key and all(part in not_names for part in key.split("-")))  # "Secretary-General"
            and not (mixed and len(word) > 1 and word.isupper())
        ]
        if len(words) == 2 and len(keys) == 1 and keys[0] == name_key(words[0]) and words[1][:1].isupper():
            keys.append(name_key(words[1]))
        # a connector before one name word is part of the name: "Al Gore", "De Gaulle", "AL GORE"
        if len(words) == 2 and keys == [name_key(words[1])] and name_key(words[0]) in self.registry.reference.patterns.connectors:
            keys.insert(0, name_key(words[0]))
        return keys

    def resolve(self, label: str) -> Person:
        key = name_key(" ".join(label.split()))
        if key in self.seen:
            return self.seen[key]
        person = self._resolve(label)
        if person not in self.order:
            self.order.append(person)
            self.seen.clear()  # a short label read before may now fit two persons of the page
        self.seen[key] = person
        return person

    def _resolve(self, label: str) -> Person:
        registry = self.registry
        head = name_key(_PAREN.sub(" ", label).split(",")[0])
        words = self.name_words(label)
        local = self._named_before(words or head.split())
        if local is not None:  # the name this page printed wins over the registry and over an outlet's name
            return local
        office = self.offices.get(head)
        if office and (holder := registry.holder(office, self.date)):
            return holder
        outlet = registry.outlets.get(head)
        if outlet:  # a journalist of that outlet ("Reuters: …"): each outlet's questions apart from another's
            return registry.add(Person(id=f"role-journalist-{slug(outlet)}", name=outlet, origin="role"))
        role = registry.roles.get(head)
        if role:
            return registry.add(Person(id=f"role-{role}", name=role.capitalize(), origin="role"))
        stripped = " ".join(words)
        for candidate_key in (name_key(label.split(",")[0]), stripped):
            ids = registry.by_alias.get(candidate_key, set())
            if len(ids) == 1:
                return registry.persons[next(iter(ids))]
        candidates = {
            pid
            for word in words
            for pid in registry.by_family.get(word, set()) | registry.by_alias.get(word, set())
        }
        fitting = [pid for pid in candidates if registry.compatible(pid, words)]
        chosen = self._choose(fitting)
        if chosen:
            return chosen
        return registry.add(self._new_person(label, words))

    def _named_before(self, words: list[str]) -> Person | None:
        """The person of this document whose fuller name a short label repeats ("CLINTON" after "Hillary
        Clinton", "D. Peskov" after "Dmitry Peskov"); a person flagged as ambiguous when two fit ("KING" on
        a page with John King and Steve King)."""
        if not words:
            return None
        fitting = [
            p for p in self.order
            if p.origin not in ("role", "ambiguous") and self.registry.compatible(p.id, words)
        ]
        if len(fitting) <= 1:
            return fitting[0] if fitting else None
        shared = " ".join(words).title()
        return self.registry.add(Person(
            id=f"ambiguous-{slug(shared)}", name=f"{shared} (ambiguous: {' or '.join(p.name for p in fitting)})",
            origin="ambiguous",
        ))

    def _choose(self, ids: list[str]) -> Person | None:
        if len(ids) == 1:
            return self.registry.persons[ids[0]]
        persons = [self.registry.persons[i] for i in ids]
        for narrowed in (
            [p for p in persons if p in self.order],
            [p for p in persons if self.date and p.roles_on(self.date)],
        ):
            if len(narrowed) == 1:
                return narrowed[0]
        return None

    def _new_person(self, label: str, words: list[str]) -> Person:
        """A person for an unknown speaker, named by the first run of name words in the label
        (a garbled label that repeats the name gives the name once)."""
        original = label_words(label)
        keys = [name_key(w) for w in original]
        particles = self.registry.reference.patterns.connectors
        run: list[int] = []
        for i, key in enumerate(keys):
            if key not in words:
                # a particle inside the name stays: "Charles Van Fremd", "Luis de Guindos"
                if run and original[i].casefold() in particles and i + 1 < len(keys) and keys[i + 1] in words:
                    run.append(i)
                    continue
                if run:
                    break
                continue
            if any(keys[j] == key for j in run):
                break
            run.append(i)
        if run:
            span = original[run[0] : run[-1] + 1]
            if all(word.isupper() for word in span):  # "SECRETARY PRICE": a name in capitals is written as a name
                span = [_capitalised(word) for word in span]
            span = [f"{word}." if len(word) <= 2 and f"{word}." in label else word for word in span]  # "П. Зарубин"
            name = " ".join(span) + self._suffix(label, original[run[-1]])
        else:
            span, name = [], " ".join(_PAREN.sub(" ", label).split(",")[0].split())
        family = len(span) - 1
        while family > 1 and span[family - 1].casefold() in particles:
            family -= 1
        return Person(id=slug(name), name=name, given=span[:family], family=[" ".join(span[family:])] if span else [],
                      origin="auto")


    def _suffix(self, label: str, last: str) -> str:
        """", Jr." when the label's name, ending in ``last``, is followed by a comma and a generational
        suffix (name_suffixes in patterns.yaml), written as the list writes it; "" otherwise."""
        head, comma, rest = label.partition(",")
        if not comma or not head.rstrip().endswith(last):
            return ""
        written = rest.split()[0].rstrip(".,:").casefold() if rest.split() else ""
        return next((f", {suffix}" for suffix in self.registry.reference.patterns.name_suffixes
                     if suffix.rstrip(".").casefold() == written), "")


def _capitalised(word: str) -> str:
    """A name printed in capitals, written as a name: PRICE → Price, O'DONNELL → O'Donnell, MCGEE → McGee."""
    word = word.title()
    return "Mc" + word[2].upper() + word[3:] if word.startswith("Mc") and len(word) > 4 else word


def resolve_speakers(document: Document, registry: Registry | None = None) -> Document:
    """Stage entry point: fill each turn's person and canonical speaker name."""
    registry = registry or load_registry()
    reference = registry.reference
    site = next((s for s in reference.sites if s.publisher == document.publisher or s.matches_host(document.publisher)), None)
    offices = {**reference.patterns.office_labels, **(site.office_labels if site else {})}
    resolver = SpeakerResolver(registry, document.date, offices)
    for segment in document.turns:
        person = resolver.resolve(segment.label or "")
        segment.person_id = person.id
        segment.speaker = person.name
        document.persons[person.id] = person
    return document
