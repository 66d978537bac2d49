"""The README's command reference is the command line's own (issue 15, acceptance): written from it by
``python -m summitry.cli.reference README.md``, and compared here so the two cannot drift."""

from __future__ import annotations

from pathlib import Path

from summitry.cli.reference import END, START, command_reference

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_holds_the_command_reference_of_this_command_line():
    text = README.read_text(encoding="utf-8")
    written = text[text.index(START) : text.index(END) + len(END)]
    assert written == command_reference(), "run: python -m summitry.cli.reference README.md"


def test_the_reference_names_every_command_and_option():
    reference = command_reference()
    for expected in ("summitry search [OPTIONS] QUERY", "summitry person merge MERGED KEPT", "`--in TEXT`", "`--db TEXT`"):
        assert expected in reference
