"""ConvoKit export: the files as ConvoKit 5 writes them, loaded by the real ConvoKit, and a round trip
back in through `ingest`."""

from __future__ import annotations

import json

import pytest

from summitry import Corpus
from summitry.formats.convokit import RESERVED_META, timestamp
from summitry.formats.export import export

from ..invented_corpus import build, comparable


@pytest.fixture
def corpus(tmp_path):
    with build(tmp_path / "c.db") as c:
        yield c


def load(folder):
    return (
        [json.loads(line) for line in (folder / "utterances.jsonl").read_text(encoding="utf-8").splitlines()],
        json.loads((folder / "conversations.json").read_text(encoding="utf-8")),
        json.loads((folder / "speakers.json").read_text(encoding="utf-8")),
        json.loads((folder / "index.json").read_text(encoding="utf-8")),
    )


def test_files_hold_turns_documents_and_persons(corpus, tmp_path):
    assert export(corpus, "convokit", tmp_path / "ck").documents == 3
    utterances, conversations, speakers, index = load(tmp_path / "ck")
    assert [u["id"] for u in utterances] == ["doc-1.2", "doc-1.3", "doc-1.5", "doc-1.7", "doc-2.0", "doc-2.1"]
    assert [u["reply-to"] for u in utterances] == [None, "doc-1.2", "doc-1.3", "doc-1.5", None, "doc-2.0"]
    assert list(utterances[0]) == ["id", "conversation_id", "text", "speaker", "meta", "reply-to", "timestamp", "vectors"]
    assert utterances[1]["meta"] == {"label": "R. Firefly:", "position": 3, "words": 5}
    assert [u["timestamp"] for u in utterances[:2]] == [1646393400, 1646393401]  # 2022-03-04 11:30 UTC, then +1 s
    talks = conversations["doc-1"]["meta"]
    assert (talks["date"], talks["city"], talks["venue"], talks["publisher"]) == ("2022-03-04", "Riverton", "Lake House", "news.example.org")
    assert [s["kind"] for s in talks["segments"]] == ["narrative", "caption", "omission", "separator"]
    assert "doc-3" in conversations  # the readout: a document without turns
    assert speakers["ivan-petrov"]["meta"]["roles"][1] == {"role": "President of Freedonia", "from": "2012-05-07", "to": None}
    assert index["version"] == 1 and index["vectors"] == []
    assert index["utterances-index"] == {"label": ["<class 'str'>"], "position": ["<class 'int'>"], "words": ["<class 'int'>"]}
    assert index["conversations-index"]["tags"] == ["<class 'dict'>"] and index["conversations-index"]["time"] == ["<class 'str'>"]
    for meta in [*(c["meta"] for c in conversations.values()), *(s["meta"] for s in speakers.values()), *(u["meta"] for u in utterances)]:
        assert not RESERVED_META & set(meta)


@pytest.mark.parametrize(
    ("date", "time", "index", "expected"),
    [("2023-06-09", None, 0, 1686268800), ("2023-06-09", "15:00", 2, 1686322802), (None, None, 0, None), ("June 2023", None, 0, None)],
)
def test_timestamps_come_from_the_event_date(date, time, index, expected):
    assert timestamp(date, time, index) == expected


def test_convokit_loads_the_export(corpus, tmp_path, monkeypatch):
    convokit = pytest.importorskip("convokit")
    monkeypatch.setenv("HOME", str(tmp_path))  # ConvoKit writes its config file there
    export(corpus, "convokit", tmp_path / "ck")
    loaded = convokit.Corpus(filename=str(tmp_path / "ck"))
    assert len(loaded.get_utterance_ids()) == 6 and len(loaded.get_speaker_ids()) == 3
    assert len(loaded.get_conversation_ids()) == 2  # ConvoKit leaves out a conversation without utterances
    conversation = loaded.get_conversation("doc-1")
    assert [u.id for u in conversation.get_chronological_utterance_list()] == ["doc-1.2", "doc-1.3", "doc-1.5", "doc-1.7"]
    assert loaded.get_speaker("ivan-petrov").meta["name"] == "Ivan Petrov"


def test_convokit_loads_the_seeds_export(shared, tmp_path, monkeypatch):
    convokit = pytest.importorskip("convokit")
    monkeypatch.setenv("HOME", str(tmp_path))
    with Corpus(tmp_path / "seeds.db") as seeds:
        assert not seeds.ingest([shared / "seeds"]).failures
        export(seeds, "convokit", tmp_path / "ck")
    loaded = convokit.Corpus(filename=str(tmp_path / "ck"))
    assert len(loaded.get_utterance_ids()) == 52
    assert len(loaded.get_speaker_ids()) == 2
    assert len(loaded.get_conversation_ids()) == 5
    assert {loaded.get_speaker(s).meta["name"] for s in loaded.get_speaker_ids()} == {"Vladimir Putin", "Alexander Lukashenko"}


def test_round_trip_gives_the_same_documents_turns_and_speakers(corpus, tmp_path):
    export(corpus, "convokit", tmp_path / "ck")
    with Corpus(tmp_path / "back.db") as back:
        report = back.ingest([tmp_path / "ck"])
        assert (report.added, report.failures) == (3, [])
        assert [comparable(d) for d in back.iter_documents()] == [comparable(d) for d in corpus.iter_documents()]
        assert [(s["id"], s["name"], s["roles"]) for s in back.speakers()] == [(s["id"], s["name"], s["roles"]) for s in corpus.speakers()]
        again = back.ingest([tmp_path / "ck"])
        assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
