"""summitry.cli.terminal: text from pages printed with its control characters made visible, so that
it cannot command the terminal (issue 14, server other findings: escape sequences)."""

from __future__ import annotations

import io
import re

from rich.table import Table
from rich.text import Text

from summitry.cli.terminal import escape, safe_console, visible_controls

HOSTILE = "Talks \x1b]0;pwned\x07 \x1b[2J\x1b[31mred\x9b31m\x00\x7f\rdone"


def test_control_characters_become_escapes_but_newlines_and_tabs_stay():
    assert visible_controls(HOSTILE) == "Talks \\x1b]0;pwned\\x07 \\x1b[2J\\x1b[31mred\\x9b31m\\x00\\x7f\\rdone".replace("\\r", "\\x0d")
    assert visible_controls("a\tb\nc — «ü»") == "a\tb\nc — «ü»"


def test_escape_also_escapes_markup():
    assert escape("[bold]\x1b[0m") == "\\[bold]\\x1b[0m"


RAW = ("\x1b[2J", "\x1b]0;", "\x9b", "\x07", "\x00", "\x7f")  # what a terminal would obey


def _without_styling(printed: str) -> str:
    return re.sub("\x1b\\[[0-9;]*m", "", printed)


def _printed(*renderables: object) -> str:
    out = io.StringIO()
    console = safe_console(file=out, force_terminal=True, color_system="standard", width=200)
    console.print(*renderables)
    return out.getvalue()


def test_a_console_keeps_its_own_styling_and_shows_the_page_s_escapes():
    printed = _printed(f"[red]{escape(HOSTILE)}[/red]")
    assert "\x1b[31m" in printed  # rich's red
    assert not [raw for raw in RAW if raw in printed]
    assert "Talks \\x1b]0;pwned\\x07 \\x1b[2J" in _without_styling(printed)


def test_text_that_missed_escape_is_made_visible_by_the_console():
    table = Table("title")
    table.add_row(Text(HOSTILE))
    for printed in (_printed(table), _printed(Text(HOSTILE)), _printed(HOSTILE)):
        assert not [raw for raw in RAW if raw in printed]
        assert "\\x1b[2J\\x1b[31mred\\x9b31m" in _without_styling(printed)
