"""What the command line prints for people: text from pages, never a terminal's commands.

A page (its title, a turn, a speaker's label, a file name, the reason it failed) may hold escape
sequences (ESC, CSI, OSC) and other control characters that a terminal would obey: recolour, move
the cursor, retitle the window, write to the clipboard. The command line shows them as escapes
instead (ESC as ``\\x1b``), whether it prints to a terminal, a pipe or a file; newlines and tabs stay.
Two layers: ``escape`` for each value put into console markup (before layout, so widths stay
right), and consoles (``safe_console``) that make any control character left in the text they
render visible, for values printed without it. Their own styling is untouched: it is added after
the text is rendered. JSON output (``--json``) needs none of this: JSON escapes control characters.
"""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console, ConsoleOptions, ConsoleRenderable, RenderHook, RenderResult
from rich.markup import escape as escape_markup
from rich.segment import Segment

# C0 but tab and newline, DEL, C1 (U+0080–U+009F: CSI and OSC among them as single characters)
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible_controls(text: str) -> str:
    """The text with each control character other than newline and tab written as an escape."""
    return CONTROL_CHARACTERS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def escape(text: str) -> str:
    """A value for console markup: its markup escaped and its control characters made visible."""
    return escape_markup(visible_controls(text))


class _VisibleControls:
    """A renderable rendered with the control characters of its text made visible."""

    def __init__(self, renderable: ConsoleRenderable) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for segment in console.render(self.renderable, options):
            if segment.control or not CONTROL_CHARACTERS.search(segment.text):
                yield segment  # rich's own cursor and screen commands are segments with control set
            else:
                yield Segment(visible_controls(segment.text), segment.style)


class VisibleControlsHook(RenderHook):
    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [_VisibleControls(renderable) for renderable in renderables]


def safe_console(stderr: bool = False, **options: Any) -> Console:
    """A console whose printed text cannot command the terminal (see the module's docstring);
    options go to rich's Console."""
    console = Console(stderr=stderr, **options)
    console.push_render_hook(VisibleControlsHook())
    return console
