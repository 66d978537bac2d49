"""Reading the data files (summitry.data.reference): a key given twice is refused, not silently dropped."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import summitry
from summitry.data.reference import DataFileError, read_yaml

DATA = Path(summitry.__file__).parent / "data"


@pytest.mark.parametrize("path", sorted(DATA.rglob("*.yaml")), ids=lambda p: str(p.relative_to(DATA)))
def test_no_built_in_data_file_gives_a_key_twice(path):
    read_yaml(path)  # raises DataFileError on a key given twice


def test_a_key_given_twice_is_an_error_naming_the_file_the_key_and_its_line(tmp_path):
    path = tmp_path / "places.yaml"
    path.write_text("city_forms:\n  Beijing: [Pékin]\n  Minsk: [Mińsk]\n  Beijing: [北京]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"places\.yaml: cannot read .*the key 'Beijing' is given twice \(line 4\)"):
        read_yaml(path)


def test_a_data_folder_with_a_key_given_twice_stops_the_ingest_with_one_line(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "places.yaml").write_text("cities:\n  Testgrad: []\n  Testgrad: [Тестград]\n", encoding="utf-8")
    (tmp_path / "page.txt").write_text("Talks\n\nThe presidents met in Minsk and discussed trade.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from summitry.cli import run; sys.argv[0] = 'summitry'; run()", "--db", str(tmp_path / "c.db"), "ingest", "-q", str(tmp_path / "page.txt")],
        capture_output=True, text=True, env={**os.environ, "SUMMITRY_DATA": str(tmp_path / "data")}, check=False,
    )
    assert result.returncode != 0
    assert "places.yaml" in result.stderr and "'Testgrad' is given twice" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
