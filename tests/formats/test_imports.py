"""Corpora from other tools coming in through `ingest`: ConvoKit corpus folders and Parla-CLARIN /
ParlaMint TEI files (inline texts or XIncluded ones), told apart from ordinary pages; bad ones fail
in one line and lose nothing already stored."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from summitry import Corpus
from summitry.cli import app
from summitry.formats.imports import corpus_imports

from ..conftest import EXAMPLES

TEI = 'xmlns="http://www.tei-c.org/ns/1.0"'
XI = 'xmlns:xi="http://www.w3.org/2001/XInclude"'


def write_convokit(folder, utterances, speakers=None, conversations=None):
    folder.mkdir()
    (folder / "utterances.jsonl").write_text("".join(json.dumps(u) + "\n" for u in utterances), encoding="utf-8")
    (folder / "speakers.json").write_text(json.dumps(speakers or {}), encoding="utf-8")
    if conversations is not None:
        (folder / "conversations.json").write_text(json.dumps(conversations), encoding="utf-8")
    return folder


def utterance(uid, conversation, speaker, text, reply_to=None, timestamp=None):
    return {"id": uid, "conversation_id": conversation, "text": text, "speaker": speaker, "meta": {}, "reply-to": reply_to, "timestamp": timestamp, "vectors": []}


FOREIGN_UTTERANCES = [  # two conversations, interleaved, as some ConvoKit corpora are
    utterance("a1", "a1", "mara", "Shall we begin?", timestamp=1700000000),
    utterance("b1", "b1", "olek", "Hello there.", timestamp=1700090000),
    utterance("a2", "a1", "olek", "Yes, let us begin.\n\nFirst, the budget.", "a1", 1700000010),
    utterance("a3", "a1", "mara", "Agreed.", "a2", 1700000020),
]
FOREIGN_SPEAKERS = {"mara": {"meta": {"name": "Mara Vell"}, "vectors": []}, "olek": {"meta": {}, "vectors": []}}

PARLAMINT_PERSONS = f"""<?xml version="1.0" encoding="UTF-8"?>
<listPerson {TEI}>
  <person xml:id="VellMara"><persName><surname>Vell</surname><forename>Mara</forename></persName>
    <affiliation role="member" ref="#party.Green" from="2010-01-01" to="2014-12-31"/></person>
</listPerson>"""
PARLAMINT_TEXT = f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI {TEI} xml:id="Sitting-2015-03-01" xml:lang="en">
  <teiHeader><fileDesc><titleStmt><title type="main">Sitting of 1 March 2015</title></titleStmt>
    <publicationStmt><p>x</p></publicationStmt><sourceDesc><bibl><title>Minutes</title>
    <idno type="URI">https://parliament.example.org/2015-03-01</idno><date when="2015-03-01"/></bibl></sourceDesc></fileDesc>
  </teiHeader>
  <text><body><div type="debateSection">
    <head>Budget</head>
    <note type="speaker">
      MARA VELL:
    </note>
    <u who="#VellMara" xml:id="u1">
      <seg>The budget is late. <note>(Noise.)</note> Very late.</seg>
      <seg>We object.</seg>
    </u>
    <u who="#NewSpeaker" xml:id="u2"><seg>Noted.</seg></u>
    <incident><desc>Applause.</desc></incident>
    <gap reason="inaudible"/>
  </div></body></text>
</TEI>"""
PARLAMINT_ROOT = f"""<?xml version="1.0" encoding="UTF-8"?>
<teiCorpus {TEI} {XI} xml:id="Invented-Parliament">
  <teiHeader><fileDesc><titleStmt><title>Invented parliament</title></titleStmt></fileDesc>
    <profileDesc><particDesc><xi:include href="persons.xml"/></particDesc></profileDesc></teiHeader>
  <xi:include href="texts/sitting.xml"/>
</teiCorpus>"""


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda p: write_convokit(p / "ck", FOREIGN_UTTERANCES, FOREIGN_SPEAKERS), "convokit"),
        (lambda p: _write(p / "one.xml", PARLAMINT_TEXT), "tei"),
        (lambda p: _write(p / "root.xml", PARLAMINT_ROOT), "tei"),
        (lambda p: _write(p / "other.xml", "<?xml version='1.0'?><rss><channel/></rss>"), None),
        (lambda p: _write(p / "page.html", "<html><body><TEI></body></html>"), None),
        (lambda p: EXAMPLES, None),
        (lambda p: p / "missing.xml", None),
    ],
)
def test_corpus_imports_tells_corpora_from_pages(tmp_path, make, kind):
    assert corpus_imports(make(tmp_path)) == kind


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_foreign_convokit_corpus_comes_in(tmp_path):
    folder = write_convokit(tmp_path / "ck", FOREIGN_UTTERANCES, FOREIGN_SPEAKERS)
    with Corpus(tmp_path / "c.db") as corpus:
        report = corpus.ingest([folder])
        assert (report.added, report.turns, report.failures) == (2, 4, [])
        first = corpus.document(1)
        assert first["source"] == f"{folder}#a1" and first["date"] == "2023-11-14"  # from the first timestamp
        turns = [(s["person_id"], s["speaker"], s["label"], s["text"], s["words"]) for s in first["segments"]]
        assert turns == [
            ("mara", "Mara Vell", "Mara Vell", "Shall we begin?", 3),
            ("olek", "olek", "olek", "Yes, let us begin.\n\nFirst, the budget.", 7),
            ("mara", "Mara Vell", "Mara Vell", "Agreed.", 1),
        ]
        assert corpus.search("budget")[0]["speaker"] == "olek"
        assert corpus.ingest([folder]).unchanged == 2


def test_a_parlamint_root_with_xincluded_texts_and_persons_comes_in(tmp_path):
    _write(tmp_path / "persons.xml", PARLAMINT_PERSONS)
    _write(tmp_path / "texts" / "sitting.xml", PARLAMINT_TEXT)
    root = _write(tmp_path / "root.xml", PARLAMINT_ROOT)
    with Corpus(tmp_path / "c.db") as corpus:
        report = corpus.ingest([root])
        assert (report.added, report.failures) == (1, [])
        doc = corpus.document(1)
        assert (doc["title"], doc["date"], doc["url"], doc["language"]) == (
            "Sitting of 1 March 2015", "2015-03-01", "https://parliament.example.org/2015-03-01", "en",
        )
        segments = [(s["kind"], s["label"], s["person_id"], s["text"]) for s in doc["segments"]]
        assert segments == [
            ("narrative", None, None, "Budget"),
            ("turn", "MARA VELL:", "VellMara", "The budget is late. Very late.\n\nWe object."),
            ("turn", "NewSpeaker", "NewSpeaker", "Noted."),
            ("narrative", None, None, "Applause."),
            ("omission", None, None, "<…>"),
        ]
        mara = next(s for s in corpus.speakers() if s["id"] == "VellMara")
        assert mara["name"] == "Mara Vell" and mara["roles"] == [{"role": "member #party.Green", "from": "2010-01-01", "to": "2014-12-31"}]
        assert corpus.ingest([root]).unchanged == 1


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: write_convokit(p / "ck", FOREIGN_UTTERANCES[:1]) and (p / "ck" / "utterances.jsonl").open("a").write("{broken\n") and p / "ck",
         "line 2 is not a ConvoKit utterance"),
        (lambda p: write_convokit(p / "ck", FOREIGN_UTTERANCES, conversations=[1, 2]), "must hold JSON objects"),
        (lambda p: _write(p / "cut.xml", PARLAMINT_TEXT[:400]), "not well-formed XML"),
        (lambda p: _write(p / "root.xml", PARLAMINT_ROOT), "cannot read the included file"),
    ],
)
def test_a_bad_corpus_fails_in_one_line_and_loses_nothing(tmp_path, make, reason):
    db = tmp_path / "c.db"
    runner = CliRunner(env={"COLUMNS": "250"})
    assert runner.invoke(app, ["--db", str(db), "ingest", "-q", str(EXAMPLES / "kremlin_talks.html")]).exit_code == 0
    result = runner.invoke(app, ["--db", str(db), "ingest", "-q", str(make(tmp_path))])
    assert result.exit_code == 1 and "Traceback" not in result.output
    failed = [line for line in result.output.splitlines() if line.startswith("failed:")]
    assert len(failed) == 1 and reason in failed[0]
    with Corpus(db) as corpus:
        assert corpus.stats()["documents"] == 1 and reason in corpus.failures()[0]["reason"]


def test_count_documents_counts_what_an_import_reads(tmp_path):
    from summitry.formats.imports import count_documents, import_pages

    folder = write_convokit(tmp_path / "ck", FOREIGN_UTTERANCES, FOREIGN_SPEAKERS)
    text = _write(tmp_path / "sitting.xml", PARLAMINT_TEXT)
    for path in (folder, text):
        assert count_documents(path) == len(list(import_pages(path)))
    assert count_documents(folder) == 2


def test_the_progress_bar_counts_to_the_documents_of_a_convokit_folder(tmp_path):
    folder = write_convokit(tmp_path / "ck", FOREIGN_UTTERANCES, FOREIGN_SPEAKERS)
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "c.db"), "ingest", str(folder)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "2/2" in result.output and "1/1" not in result.output
