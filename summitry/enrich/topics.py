"""Topics: each turn scored against a taxonomy (data/topics.yaml, or a user's file).

A topic lists words and phrases. A turn's hits for a topic are how often its words occur in the turn
(a single word also matches its plural) plus how often its phrases do; its score is the topic's share of
all the turn's topic hits. Word hits come from the turn's words (summitry.enrich.tokens) filtered in C by the set
of the taxonomy's words, so scoring costs one pass over the words, not a scan per topic; a phrase is
looked for only when all its words are there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from pathlib import Path

import yaml

from ..data.reference import DATA_ENV, YAML_LOADER, data_dirs
from ..records import PageError, TopicScore
from .tokens import tokens

TOPICS_ENV = "SUMMITRY_TOPICS"


@dataclass(frozen=True)
class Topic:
    id: str
    name: str


@dataclass(frozen=True)
class Taxonomy:
    source: str  # the file it was read from
    topics: tuple[Topic, ...]
    words: dict[str, tuple[str, ...]]  # word -> topic ids
    phrases: dict[str, tuple[tuple[str, str, frozenset[str]], ...]]  # its longest word -> (" the phrase ", topic id, its words)
    cues: frozenset[str]  # the words, and one word of each phrase: a turn without any has no topic
    scanned: frozenset[str] = frozenset()  # the cues and every word of every phrase: what a turn is filtered by


def _plurals(word: str) -> list[str]:
    if word.endswith(("s", "x", "ch", "sh")):
        return [word + "es"] if not word.endswith("s") else []
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return [word[:-1] + "ies"]
    return [word + "s"]


def taxonomy_path() -> Path:
    """The taxonomy in force: SUMMITRY_TOPICS, else topics.yaml of the last SUMMITRY_DATA folder holding
    one, else the built-in one."""
    named = os.environ.get(TOPICS_ENV)
    if named:
        return Path(named)
    return [d / "topics.yaml" for d in data_dirs() if (d / "topics.yaml").exists()][-1]


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    if path is None:  # the one in force, looked up once for each setting of the variables (not per page)
        return _in_force(os.environ.get(TOPICS_ENV), os.environ.get(DATA_ENV))
    return _load(str(path))


@cache
def _in_force(named: str | None, data: str | None) -> Taxonomy:
    return _load(str(taxonomy_path()))


@cache
def _load(path: str) -> Taxonomy:
    try:
        with open(path, encoding="utf-8") as handle:
            raw = yaml.load(handle, Loader=YAML_LOADER)  # noqa: S506 - a safe loader
    except OSError as exc:
        raise PageError(f"taxonomy {path}: cannot read ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        raise PageError(f"taxonomy {path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    items = raw.get("topics") if isinstance(raw, dict) else None
    if not isinstance(items, list) or not all(isinstance(t, dict) and t.get("id") and t.get("words") for t in items):
        raise PageError(f"taxonomy {path}: expected `topics:`, a list of entries with `id`, `name` and `words`")
    topics: list[Topic] = []
    words: dict[str, list[str]] = {}
    phrases: dict[str, list[tuple[str, str, frozenset[str]]]] = {}
    for item in items:
        topic = Topic(str(item["id"]), str(item.get("name") or item["id"]))
        topics.append(topic)
        for entry in item["words"]:
            lowered = str(entry).lower()
            parts = tokens(lowered)
            if len(parts) == 1 and parts[0] == lowered:
                for form in [lowered, *_plurals(lowered)]:
                    words.setdefault(form, []).append(topic.id)
            elif parts:
                phrases.setdefault(max(parts, key=len), []).append((f" {' '.join(parts)} ", topic.id, frozenset(parts)))
    cues = frozenset(words) | frozenset(phrases)
    return Taxonomy(
        path, tuple(topics), {w: tuple(dict.fromkeys(ids)) for w, ids in words.items()},
        {w: tuple(found) for w, found in phrases.items()}, cues,
        cues.union(*(parts for found in phrases.values() for _, _, parts in found)),
    )


def score_topics(words: list[str], plain: str, taxonomy: Taxonomy) -> list[TopicScore]:
    """Topic scores of one turn, best first (ties in the order their words first occur, topics only phrases
    found last), from its words and its plain text (summitry.enrich.tokens)."""
    found = list(filter(taxonomy.scanned.__contains__, words))  # the few words that matter, picked in C
    if not found:
        return []
    hits: dict[str, int] = {}
    topics_of = taxonomy.words.get
    for word in found:
        for topic in topics_of(word, ()):
            hits[topic] = hits.get(topic, 0) + 1
    phrases = taxonomy.phrases
    if not phrases.keys().isdisjoint(found):
        seen = set(found)
        spaced = ""
        for key in sorted(phrases.keys() & seen):
            for phrase, topic, parts in phrases[key]:
                if parts <= seen:  # all its words are there: look for them side by side
                    spaced = spaced or f" {' '.join(words)} "
                    count = spaced.count(phrase)
                    if count:
                        hits[topic] = hits.get(topic, 0) + count
    total = sum(hits.values())
    return [TopicScore(topic, n, n / total) for topic, n in sorted(hits.items(), key=itemgetter(1), reverse=True)]


def topic_names(taxonomy: Taxonomy | None = None) -> dict[str, str]:
    return {t.id: t.name for t in (taxonomy or load_taxonomy()).topics}

