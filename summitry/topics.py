"""Topics: each turn scored against a taxonomy (data/topics.yaml, or a user's file).

A topic lists words and phrases. A turn's hits for a topic are how often its words occur in the turn
(a single word also matches its plural) plus how often its phrases do; its score is the topic's share of
all the turn's topic hits. Word hits come from the turn's word counts (summitry.tokens), so scoring
costs a set intersection per turn, not a scan per topic.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .records import PageError, TopicScore
from .reference import YAML_LOADER, data_dirs
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
    phrases: dict[str, tuple[tuple[str, str], ...]]  # a word of the phrase -> (" the phrase ", topic id)
    cues: frozenset[str]  # the words, and one word of each phrase: a turn without any has no topic


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
    return _load(str(path or taxonomy_path()))


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
    phrases: dict[str, list[tuple[str, str]]] = {}
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
                phrases.setdefault(max(parts, key=len), []).append((f" {' '.join(parts)} ", topic.id))
    return Taxonomy(
        path, tuple(topics), {w: tuple(dict.fromkeys(ids)) for w, ids in words.items()},
        {w: tuple(found) for w, found in phrases.items()}, frozenset(words) | frozenset(phrases),
    )


def score_topics(words: list[str], plain: str, taxonomy: Taxonomy) -> list[TopicScore]:
    """Topic scores of one turn, best first, from its words and its plain text (summitry.tokens)."""
    present = taxonomy.cues.intersection(words)
    if not present:
        return []
    hits: dict[str, int] = {}
    spaced = ""
    for word in present:
        topics = taxonomy.words.get(word, ())
        if topics:
            count = words.count(word)
            for topic in topics:
                hits[topic] = hits.get(topic, 0) + count
        for phrase, topic in taxonomy.phrases.get(word, ()):
            spaced = spaced or f" {' '.join(words)} "
            found = spaced.count(phrase)
            if found:
                hits[topic] = hits.get(topic, 0) + found
    total = sum(hits.values())
    return [TopicScore(topic, n, n / total) for topic, n in sorted(hits.items(), key=lambda item: -item[1])]


def topic_names(taxonomy: Taxonomy | None = None) -> dict[str, str]:
    return {t.id: t.name for t in (taxonomy or load_taxonomy()).topics}

