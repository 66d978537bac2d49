"""Fuzz smoke: whatever a TEI file, a ConvoKit folder or a page's bytes hold, the readers give
documents or one-line failures, never another exception. About a minute in all; `fuzz/` has atheris
targets for longer runs."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitry.formats.imports import import_pages
from summitry.pipeline.decode import decode_text
from summitry.pipeline.read import make_page
from summitry.records import Document, Failure, PageError

SETTINGS = settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TAGS = st.sampled_from(["TEI", "teiHeader", "fileDesc", "titleStmt", "title", "text", "body", "div", "u", "p", "note",
                        "persName", "person", "listPerson", "date", "setting", "placeName", "seg", "xi:include"])
ATTRIBUTES = st.dictionaries(
    st.sampled_from(["who", "when", "xml:id", "href", "type", "ana", "xml:lang", "ref"]),
    st.one_of(st.text(max_size=12), st.sampled_from(["#putin", "2023-06-09", "../x.xml", "/etc/passwd", "self.xml"])),
    max_size=3,
)


def _element(depth: int = 0) -> st.SearchStrategy[str]:
    children = st.lists(_element(depth + 1), max_size=3) if depth < 4 else st.just([])
    return st.builds(
        lambda tag, attrs, text, kids: f"<{tag}{''.join(f' {k}={json.dumps(v)}' for k, v in attrs.items())}>"
        f"{text}{''.join(kids)}</{tag}>",
        TAGS, ATTRIBUTES, st.text(max_size=30).map(lambda t: t.replace("<", "&lt;").replace("&", "&amp;")), children,
    )


def _imported(path: Path) -> None:
    for _page, item in import_pages(path):
        assert isinstance(item, Document | Failure), item
        if isinstance(item, Failure):
            assert item.reason and "\n" not in item.reason


@SETTINGS
@given(_element(), st.sampled_from(["TEI", "teiCorpus"]), st.booleans())
def test_any_tei_file(inner, root, broken):
    xml = f'<?xml version="1.0"?><{root} xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude">{inner}</{root}>'
    if broken:
        xml = xml[: len(xml) // 2]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "self.xml"
        path.write_text(xml, encoding="utf-8")
        _imported(path)


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)
UTTERANCE = st.fixed_dictionaries(
    {"id": st.text(max_size=6), "speaker": st.one_of(st.text(max_size=6), JSON_VALUES), "text": st.one_of(st.text(max_size=40), JSON_VALUES)},
    optional={"conversation_id": JSON_VALUES, "timestamp": JSON_VALUES, "reply_to": JSON_VALUES, "meta": JSON_VALUES},
)


@SETTINGS
@given(st.lists(st.one_of(UTTERANCE.map(json.dumps), st.text(max_size=30)), max_size=6), JSON_VALUES, JSON_VALUES)
def test_any_convokit_folder(lines, speakers, conversations):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "utterances.jsonl").write_text("\n".join(lines), encoding="utf-8")
        (root / "speakers.json").write_text(json.dumps(speakers), encoding="utf-8")
        (root / "conversations.json").write_text(json.dumps(conversations), encoding="utf-8")
        _imported(root)


@SETTINGS
@given(st.binary(max_size=3000), st.sampled_from(["page.txt", "page.html", "page.bin"]))
def test_any_bytes_decode(data, name):
    try:
        text = decode_text(make_page(name, data))
    except PageError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(text.text, str)
