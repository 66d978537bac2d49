"""The public API: exactly the names of `summitry.__all__`, each defined where the package says."""

from __future__ import annotations

import summitry

PUBLIC = [
    "AnalysisError",
    "Corpus",
    "Document",
    "EXPORT_FORMATS",
    "EventError",
    "ExportError",
    "Failure",
    "FormatError",
    "IngestReport",
    "LinkReport",
    "Page",
    "Person",
    "QueryError",
    "Segment",
    "Selection",
    "compare_documents",
    "compare_event",
    "corpus_imports",
    "evaluate",
    "event_detail",
    "export",
    "figures",
    "keyness",
    "kwic",
    "link_documents",
    "list_events",
    "mentions",
    "parse_file",
    "parse_text",
    "process_page",
    "relink",
    "speaker_stats",
    "topics",
    "trace",
    "trend",
    "analysis",
]


def test_all_is_the_public_api() -> None:
    assert summitry.__all__ == PUBLIC


def test_exported_members_are_defined_in_the_package() -> None:
    for name in summitry.__all__:
        member = getattr(summitry, name)
        if name == "EXPORT_FORMATS":
            assert isinstance(member, tuple | list | dict | frozenset | set), name
            continue
        module = member.__name__ if name == "analysis" else member.__module__
        assert module.startswith("summitry."), (name, module)
        assert not name.startswith("_")


def test_the_version_is_exposed() -> None:
    assert isinstance(summitry.__version__, str) and summitry.__version__.count(".") == 2
