"""Hostile corpora coming in through `ingest`: each is one recorded failure naming the file, and the
other paths of the batch are read (issue 14)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from summitry import Corpus
from summitry.cli import app

from ..conftest import EXAMPLES

TEI = 'xmlns="http://www.tei-c.org/ns/1.0"'
XI = 'xmlns:xi="http://www.w3.org/2001/XInclude"'


def tei_text(body: str, declaration: str = '<?xml version="1.0" encoding="utf-8"?>') -> str:
    return f'{declaration}<TEI {TEI} {XI}><teiHeader/><text><body>{body}</body></text></TEI>'


def ingest_with_a_good_page(tmp_path, hostile) -> tuple[list[str], list[dict]]:
    """Ingest the hostile path and a good page in one batch: the failed lines, the stored failures."""
    db = tmp_path / "c.db"
    result = CliRunner(env={"COLUMNS": "250"}).invoke(
        app, ["--db", str(db), "ingest", "-q", str(hostile), str(EXAMPLES / "kremlin_talks.html")]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    with Corpus(db) as corpus:
        assert corpus.stats()["documents"] == 1  # the good page is read
        failures = corpus.failures()
    return [line for line in result.output.splitlines() if line.startswith("failed:")], failures


def test_a_tei_file_nested_50000_deep_is_a_recorded_failure(tmp_path):
    deep = tmp_path / "deep.xml"
    deep.write_text(tei_text("<div>" * 50_000 + "</div>" * 50_000), encoding="utf-8")
    failed, failures = ingest_with_a_good_page(tmp_path, deep)
    assert len(failed) == 1 and "nested too deep" in failed[0] and str(deep) in failed[0]
    assert "nested too deep" in failures[0]["reason"]


def test_a_tei_file_declaring_an_unknown_encoding_is_a_recorded_failure(tmp_path):
    odd = tmp_path / "odd.xml"
    odd.write_text(tei_text("<u>Hello</u>", '<?xml version="1.0" encoding="x-nonsense"?>'), encoding="utf-8")
    failed, failures = ingest_with_a_good_page(tmp_path, odd)
    assert len(failed) == 1 and "x-nonsense" in failed[0] and str(odd) in failed[0]
    assert "x-nonsense" in failures[0]["reason"]


def test_a_convokit_corpus_nested_100000_deep_is_a_recorded_failure(tmp_path):
    folder = tmp_path / "ck"
    folder.mkdir()
    deep_meta = "[" * 100_000 + "]" * 100_000
    line = json.dumps({"id": "u1", "conversation_id": "u1", "text": "Hi.", "speaker": "s", "reply-to": None, "timestamp": None})
    (folder / "utterances.jsonl").write_text(line[:-1] + f', "meta": {deep_meta}}}\n', encoding="utf-8")
    (folder / "speakers.json").write_text("{}", encoding="utf-8")
    failed, failures = ingest_with_a_good_page(tmp_path, folder)
    assert len(failed) == 1 and "nested too deep" in failed[0] and str(folder) in failed[0]
    assert "nested too deep" in failures[0]["reason"]


def tei_corpus(*hrefs: str) -> str:
    includes = "".join(f'<xi:include href="{href}"/>' for href in hrefs)
    return f'<?xml version="1.0" encoding="utf-8"?><teiCorpus {TEI} {XI}><teiHeader/>{includes}</teiCorpus>'


@pytest.mark.parametrize(
    ("hrefs", "reason"),
    [
        (["self.xml"], "includes itself"),
        (["other.xml"], "includes itself"),  # self.xml -> other.xml -> self.xml
        (["/etc/passwd"], "refuses to include an absolute path"),
        (["../outside.xml"], "outside its folder"),
        (["sub/../../outside.xml"], "outside its folder"),
        (["http://example.org/x.xml"], "refuses to include a URL"),
        (["file:///etc/passwd"], "refuses to include a URL"),
    ],
)
def test_a_tei_xinclude_is_confined_to_the_files_folder(tmp_path, hrefs, reason):
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (tmp_path / "outside.xml").write_text(tei_text("<u>Outside</u>"), encoding="utf-8")
    (folder / "other.xml").write_text(tei_corpus("self.xml"), encoding="utf-8")
    root = folder / "self.xml"
    root.write_text(tei_corpus(*hrefs), encoding="utf-8")
    failed, failures = ingest_with_a_good_page(tmp_path, root)
    assert len(failed) == 1 and reason in failed[0] and str(root) in failed[0]
    assert reason in failures[0]["reason"]


def test_a_tei_header_including_its_own_file_is_a_recorded_failure(tmp_path):
    root = tmp_path / "one.xml"
    header = '<teiHeader><profileDesc><particDesc><xi:include href="one.xml"/></particDesc></profileDesc></teiHeader>'
    root.write_text(tei_text("<u>Hi</u>").replace("<teiHeader/>", header), encoding="utf-8")
    failed, _ = ingest_with_a_good_page(tmp_path, root)
    assert len(failed) == 1 and "includes itself" in failed[0]
