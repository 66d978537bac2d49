"""Stopwords: the words too common in speech to tell a speaker or a subject apart (``stopwords.yaml``,
one list per language, plus those of each SUMMITRY_DATA folder); loaded once."""

from __future__ import annotations

from functools import cache

from .reference import DataFileError, data_dirs, read_yaml


@cache
def load_stopwords() -> dict[str, frozenset[str]]:
    """The stopwords of each language, by ISO 639-1 code."""
    found: dict[str, set[str]] = {}
    for folder in data_dirs():
        path = folder / "stopwords.yaml"
        if not path.exists():
            continue
        raw = read_yaml(path) or {}
        if not isinstance(raw, dict) or not all(isinstance(words, list) for words in raw.values()):
            raise DataFileError(f"{path}: each language's stopwords are a list (en: [a, the, …])")
        for language, words in raw.items():
            found.setdefault(str(language), set()).update(str(w).lower() for w in words)
    return {language: frozenset(words) for language, words in found.items()}


def all_stopwords() -> frozenset[str]:
    """The stopwords of every language at once (a corpus mixes them; the lists hardly overlap)."""
    return frozenset().union(*load_stopwords().values())
