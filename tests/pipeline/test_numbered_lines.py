"""A text dump in a court reporter's layout (numbered lines, a header and footer on every page) reads
as prose: its turns are those of the same transcript written out plainly."""

from __future__ import annotations

import textwrap

from summitry import parse_text
from summitry.pipeline.numbered_lines import unnumbered

TURNS = [
    ("CHIEF JUSTICE MARSH", "We will hear argument next in Case 24-101, Harbor Freight Lines versus Delacroix. Mr. Ortega."),
    ("MR. ORTEGA", "Mr. Chief Justice, and may it please the Court: the question in this case is whether a carrier that "
     "never touched the cargo can be held to the bill of lading that another carrier issued. The court of appeals said "
     "yes, and in doing so it read the statute's definition of a receiving carrier out of the text."),
    ("JUSTICE ABERNATHY", "Counsel, suppose the second carrier knew about the bill and accepted its terms?"),
    ("MR. ORTEGA", "Then, Your Honor, it would be bound by contract, not by the statute --"),
    ("JUSTICE ABERNATHY", "And that is the distinction you would have us draw?"),
    ("MR. ORTEGA", "It is. The statute speaks to the carrier that receives the property for transportation, and that "
     "is a question of fact about who took the goods into its care. Nothing in the record shows that my client did."),
    ("JUSTICE LINDQVIST", "Well, what about the interline agreement? Doesn't that make the two carriers one for the "
     "purpose of the shipment?"),
    ("MR. ORTEGA", "No. An interline agreement divides the revenue; it does not merge the obligations of the carriers "
     "that sign it, and this Court said as much sixty years ago."),
    ("CHIEF JUSTICE MARSH", "Thank you, counsel. Ms. Whitcombe."),
]


def court_reporter_page(turns: list[tuple[str, str]], width: int = 58, lines_a_page: int = 25) -> str:
    lines = [piece for label, words in turns for piece in textwrap.wrap(f"{label}: {words}", width)]
    pages = []
    for number, start in enumerate(range(0, len(lines), lines_a_page), start=1):
        body = "\n".join(f"{i:>2}   {line}" for i, line in enumerate(lines[start : start + lines_a_page], start=1))
        pages.append(f"Official - Subject to Final Review\n\n{number}\n\n{body}\n\nHeritage Reporting Corporation\n")
    return "\n".join(pages)


def test_the_layout_reads_as_one_paragraph_a_turn():
    text = unnumbered(court_reporter_page(TURNS, lines_a_page=10))
    assert text is not None
    assert text.split("\n\n") == [f"{label}: {words}" for label, words in TURNS]


def test_its_turns_are_the_plain_transcripts_turns():
    plain = parse_text("\n\n".join(f"{label}: {words}" for label, words in TURNS))
    numbered = parse_text(court_reporter_page(TURNS, lines_a_page=10))
    turns = [(s.label, s.text) for s in numbered.segments if s.kind == "turn"]
    assert turns == [(s.label, s.text) for s in plain.segments if s.kind == "turn"] and len(turns) == len(TURNS)
    assert not any("Reporting" in s.text or "Subject to Final Review" in s.text for s in numbered.segments)


def test_an_argument_heading_in_capitals_is_no_part_of_the_turn_before_it():
    turns = [TURNS[0], ("ORAL ARGUMENT OF DANIEL ORTEGA ON BEHALF OF THE PETITIONER", ""), *TURNS[1:3]]
    lines = []
    for label, words in turns:
        lines += textwrap.wrap(f"{label}: {words}" if words else label, 40)
    page = "\n".join(f"Official - Subject to Final Review\n{n}\n" + "\n".join(
        f"{i:>2}   {line}" for i, line in enumerate(lines[start : start + 10], start=1))
        for n, start in enumerate(range(0, len(lines), 10), start=1))
    doc = parse_text(page)
    assert [s.label for s in doc.segments if s.kind == "turn"] == ["CHIEF JUSTICE MARSH", "MR. ORTEGA", "JUSTICE ABERNATHY"]
    assert doc.segments[[s.label for s in doc.segments].index("CHIEF JUSTICE MARSH")].text.endswith("Mr. Ortega.")
    assert any(s.kind == "narrative" and s.text == "ORAL ARGUMENT OF DANIEL ORTEGA ON BEHALF OF THE PETITIONER" for s in doc.segments)


def test_pages_that_only_open_lines_with_numbers_are_left_as_they_are():
    ranking = "\n".join(f"{i} Country number {i} exported goods worth {i * 3} billion" for i in range(1, 30))
    assert unnumbered(ranking) is None  # counts once up, never starts again: a list, not pages
    assert unnumbered("Moscow, 4 July\n" * 30) is None
