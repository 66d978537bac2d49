"""Text features for comparing versions of one event.

Two translations of one speech share few exact words, so texts are compared by what survives
translation: content words cut to a common stem, figures, dates, names (persons from the registry,
places from the gazetteer) and key terms (concepts from ``data/lexicon.yaml``, each with the ways
versions write it). Shingles (pairs of content stems, neighbours and one apart) measure how much
of two documents' wording is shared: near-duplicates (reprints) share most, two translations of one
speech many, two talks on one topic few.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from rapidfuzz import fuzz

from ..data.reference import data_dirs, load_reference, read_yaml
from ..enrich.mentions import find_mentions
from ..enrich.tokens import UNSPACED_LETTERS
from ..pipeline.speakers import load_registry, name_key

_UNSPACED = re.compile(f"[{UNSPACED_LETTERS}]")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:[’'\-][^\W\d_]+)*|[%$]")
_WORDS = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)?")
_SENTENCE_END = re.compile(r"([.!?…]+[»”\"')\]]*)\s+(?=[\"“«(\[]?[A-ZА-ЯЁ0-9])")
_LAST_WORD = re.compile(r"(\S+?)[.!?…]+[»”\"')\]]*$")
_SUFFIXES = ("ing", "ed", "es", "s", "ly")
STEM_LENGTH = 6


@dataclass(frozen=True)
class Lexicon:
    abbreviations: frozenset[str]
    function_words: frozenset[str]
    stopwords: frozenset[str]  # function words and words too common in the genre
    number_words: dict[str, int]
    weak_number_words: frozenset[str]
    terms: dict[tuple[str, ...], str]  # surface form (lower-case words) -> concept
    term_starts: frozenset[str]  # first words of the surface forms
    term_prefixes: tuple[tuple[str, str], ...]  # word prefix -> concept
    longest_term: int
    months: dict[str, int]
    reporting_words: frozenset[str]


@cache
def load_lexicon() -> Lexicon:
    """``data/lexicon.yaml``, extended by the lexicon.yaml of each SUMMITRY_DATA folder; loaded once."""
    raw: dict[str, Any] = {}
    for folder in data_dirs():
        if (folder / "lexicon.yaml").exists():
            for key, value in (read_yaml(folder / "lexicon.yaml") or {}).items():
                if isinstance(value, list):
                    raw[key] = [*raw.get(key, []), *value]
                elif isinstance(value, dict):
                    raw[key] = {**raw.get(key, {}), **value}
    terms: dict[tuple[str, ...], str] = {}
    prefixes: list[tuple[str, str]] = []
    for concept, forms in raw["key_terms"].items():
        for form in forms:
            form = str(form).lower()
            if form.endswith("*"):
                prefixes.append((form[:-1], concept))
            else:
                terms[tuple(_TOKEN.findall(form)) or (form,)] = concept
    function_words = frozenset(str(w).lower() for w in raw["stopwords"])
    return Lexicon(
        abbreviations=frozenset(str(w).lower().rstrip(".") for w in raw["abbreviations"]),
        function_words=function_words,
        stopwords=function_words | {str(w).lower() for w in raw["domain_stopwords"]},
        number_words={str(k).lower(): int(v) for k, v in raw["number_words"].items()},
        weak_number_words=frozenset(str(w).lower() for w in raw["weak_number_words"]),
        terms=terms,
        term_starts=frozenset(k[0] for k in terms),
        term_prefixes=tuple(prefixes),
        longest_term=max((len(k) for k in terms), default=1),
        months=load_reference().patterns.months,
        reporting_words=frozenset(str(w).lower() for w in raw["reporting_words"]),
    )


def sentences(text: str) -> list[str]:
    """Split a text into sentences: at . ! ? … before a capital, a digit or a quote, not after an
    abbreviation ("Mr", "St", "US$") or an initial ("A. Lukashenko"); paragraphs always end one."""
    abbreviations = load_lexicon().abbreviations
    out: list[str] = []
    for paragraph in text.split("\n"):
        paragraph = paragraph.strip()
        start = 0
        for match in _SENTENCE_END.finditer(paragraph):
            piece = paragraph[start : match.end(1)]
            last = _LAST_WORD.search(piece)
            word = last.group(1).lower() if last else ""
            if match.group(1).startswith(".") and (word in abbreviations or (len(word) == 1 and word.isalpha())):
                continue
            out.append(piece.strip())
            start = match.end()
        if paragraph[start:].strip():
            out.append(paragraph[start:].strip())
    return out


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem that two translations share: lower case, a common ending dropped, cut to six
    letters ("deploying", "deployment" -> "deploy")."""
    word = word.lower().replace("’", "'").removesuffix("'s")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:STEM_LENGTH]


@dataclass(frozen=True)
class TextFeatures:
    """What a text says, in forms that survive translation."""

    text: str
    words: tuple[str, ...]  # lower-case words, in order
    stems: frozenset[str]  # content words (no stopwords), stemmed
    terms: frozenset[str]  # "num:7", "month:7", "term:nuclear", "person:vladimir-putin", "place:Minsk"

    @property
    def signature(self) -> frozenset[str]:
        return self.stems | self.terms


@lru_cache(maxsize=2048)
def features(text: str) -> TextFeatures:
    lexicon = load_lexicon()
    tokens = _TOKEN.findall(text)
    words = tuple(t.lower() for t in tokens)
    return TextFeatures(text, words, frozenset(_content_stems(words, lexicon)), frozenset(_terms(tokens, words, lexicon)))


def _content_stems(words: tuple[str, ...] | list[str], lexicon: Lexicon) -> list[str]:
    return [s for s in map(_content_stem, words) if s]


@lru_cache(maxsize=65536)
def _content_stem(word: str) -> str | None:
    """The stem of a lower-case word that carries content (None for stopwords, numbers, short words)."""
    if len(word) < 3 or word[0].isdigit() or word in load_lexicon().stopwords:
        return None
    return stem(word)


def _pairs(content: list[str]) -> frozenset[str]:
    joined = set(map(" ".join, zip(content, content[1:], strict=False)))
    joined.update(map(" ".join, zip(content, content[2:], strict=False)))
    names = _name_stems()
    at_name = [i for i, word in enumerate(content) if word in names]
    for i in at_name:  # a pair of two name stems is the same string wherever it stands: drop it
        for j in (i + 1, i + 2):
            if j < len(content) and content[j] in names:
                joined.discard(f"{content[i]} {content[j]}")
    return frozenset(joined)


@cache
def _name_stems() -> frozenset[str]:
    """The stems of the registry persons' names, of cities and of months: "vladim putin" and "sochi
    februa" (a dateline) are in every report of Putin in Sochi in February, so pairs of two such stems
    are no evidence that two pages render the same words."""
    reference = load_reference()
    names = [part for p in reference.persons for part in (*p.given, *p.family, *p.patronymic)]
    words = [w for name in (*names, *reference.places.cities, *reference.patterns.months) for w in name.split()]
    return frozenset(s for s in map(_content_stem, (w.lower() for w in words)) if s)


def shingles(text: str) -> frozenset[str]:
    """Pairs of content stems, neighbours and one apart, but for pairs of two name stems: what
    ``document_similarity`` compares."""
    return _pairs(_content_stems(_WORDS.findall(text.lower()), load_lexicon()))


def _terms(tokens: list[str], words: tuple[str, ...], lexicon: Lexicon) -> set[str]:
    terms: set[str] = set()
    prefixes = tuple(prefix for prefix, _ in lexicon.term_prefixes)
    numbers = [i for i, w in enumerate(words) if w[0].isdigit()]
    for i in numbers:
        terms.add("num:" + _number(words[i]))
    for i, word in enumerate(words):
        value = lexicon.number_words.get(word)
        if value is not None and word not in lexicon.weak_number_words:
            terms.add(f"num:{value}")
        month = lexicon.months.get(word)
        if month is not None and len(word) > 3 and any(abs(i - j) <= 2 for j in numbers):
            terms.add(f"month:{month}")
        if word.startswith(prefixes):
            terms.update("term:" + concept for prefix, concept in lexicon.term_prefixes if word.startswith(prefix))
        if word in lexicon.term_starts:
            for n in range(min(lexicon.longest_term, len(words) - i), 0, -1):
                concept = lexicon.terms.get(words[i : i + n])
                if concept:
                    terms.add("term:" + concept)
                    break
    terms |= _names(tokens)
    return terms


def _number(token: str) -> str:
    if re.fullmatch(r"\d{1,3}(,\d{3})+", token):
        return token.replace(",", "")
    return token.replace(",", ".").rstrip("0").rstrip(".") if re.search(r"[.,]\d+$", token) else token


def _names(tokens: list[str]) -> set[str]:
    """Persons (registry names, aliases and family names) and places (cities, countries) named."""
    registry = load_registry()
    places = load_reference().places
    starts = _name_starts(len(registry.by_alias), len(registry.by_family))
    found: set[str] = set()
    i = 0
    while i < len(tokens):
        first = tokens[i][:1]
        if not first.isalpha() or first.islower() or name_key(tokens[i]).partition(" ")[0] not in starts:  # (Korean has no capitals)
            i += 1
            continue
        for n in (3, 2, 1):
            key = name_key(" ".join(tokens[i : i + n]))
            persons = registry.by_alias.get(key) or (registry.by_family.get(key) if n == 1 else None)
            if persons and len(persons) == 1:
                found.add("person:" + next(iter(persons)))
                break
            if key in places.cities:
                found.add("place:" + places.cities[key])
                break
            if key in places.countries:
                found.add("place:" + key)
                break
        else:
            n = 1
        i += n
    return found


@lru_cache(maxsize=4)
def _name_starts(aliases: int, families: int) -> frozenset[str]:
    """The first words of every name _names looks up (a word that starts none starts no name); the
    sizes of the registry's indexes key the cache, so names added later count."""
    registry = load_registry()
    places = load_reference().places
    keys = [*registry.by_alias, *registry.by_family, *places.cities, *places.countries]
    return frozenset(key.partition(" ")[0] for key in keys)


def persons_named(text: str) -> frozenset[str]:
    """Ids of the registry persons a text names; in a text in Chinese or Japanese, whose names stand
    inside runs of characters ("习近平同托卡耶夫举行会谈"), those the mention finder finds there too."""
    named = frozenset(t[7:] for t in _names(_TOKEN.findall(text)) if t.startswith("person:"))
    if _UNSPACED.search(text):
        named |= {m.entity for m in find_mentions(text) if m.type == "person"}
    return named


def similarity(a: TextFeatures, b: TextFeatures) -> float:
    """0..1: how likely two texts say the same thing, even in two different translations. Dice over
    stems, figures, names and terms; short texts ("Yes.", "Thank you.") by their words."""
    sa, sb = a.signature, b.signature
    if min(len(a.stems), len(b.stems)) >= 3:
        return 2 * len(sa & sb) / (len(sa) + len(sb))
    if not a.words or not b.words:
        return 0.0
    by_words = fuzz.ratio(" ".join(a.words), " ".join(b.words)) / 100
    dice = 2 * len(sa & sb) / (len(sa) + len(sb)) if sa and sb else 0.0
    return max(dice, by_words * 0.9)


def document_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """0..1: how likely two documents render the same event's words, from their ``shingles``:
    pairs of content stems in the order both keep. Two translations of one speech share many, two
    talks on one topic few; a short report is measured by the share of its pairs in the longer text."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    dice = 2 * shared / (len(a) + len(b))
    contained = shared / min(len(a), len(b))
    return min(1.0, 3 * max(dice, contained / 2))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared shingles over all: 1.0 for the same text, near it for a reprint."""
    return len(a & b) / len(a | b) if a or b else 0.0


def coverage(part: TextFeatures, whole: TextFeatures) -> float:
    """0..1: the share of a short text's stems and terms found in a longer one (a quote in a turn)."""
    signature = part.signature
    return len(signature & whole.signature) / len(signature) if signature else 0.0
