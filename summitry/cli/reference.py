"""The README's command reference, written from the command line itself so the two cannot drift:
each command's usage, the first sentence of its help, and its options with the values they take.

    python -m summitry.cli.reference            # print it
    python -m summitry.cli.reference README.md  # write it between the README's markers

A test compares the README with what this writes (tests/cli/test_reference.py).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import typer

from . import app

START = "<!-- command reference: written by `python -m summitry.cli.reference README.md` -->"
END = "<!-- end of the command reference -->"


def _commands(group: typer.core.TyperGroup, path: str) -> Iterator[tuple[str, typer.core.TyperCommand]]:
    for name in group.list_commands(typer.Context(group)):
        command = group.commands[name]
        if isinstance(command, typer.core.TyperGroup):
            yield from _commands(command, f"{path} {name}")
        else:
            yield f"{path} {name}", command  # type: ignore[misc]


def _summary(command: typer.core.TyperCommand) -> str:
    text = " ".join((command.help or "").split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def _option(param: typer.core.TyperOption, ctx: typer.Context) -> str:
    value = param.display_type_rich(ctx)
    return f"`{'/'.join(param.opts)}{' ' + value if value else ''}`"


def command_reference() -> str:
    """The reference as Markdown: one entry per command, in the order ``summitry --help`` lists them."""
    root = typer.main.get_command(app)
    root_options = [_option(p, typer.Context(root)) for p in root.params if isinstance(p, typer.core.TyperOption)]
    lines = [START, "", f"Before or after any command: {', '.join(root_options)}.", ""]
    for path, command in _commands(root, "summitry"):  # type: ignore[arg-type]
        ctx = typer.Context(command, info_name=path.split()[-1])
        arguments = [p._usage_display_name() for p in command.params if isinstance(p, typer.core.TyperArgument)]  # type: ignore[attr-defined]
        options = [_option(p, ctx) for p in command.params if isinstance(p, typer.core.TyperOption)]
        usage = " ".join([path, *(["[OPTIONS]"] if options else []), *arguments])
        lines.append(f"- **`{usage}`**: {_summary(command)}" + (f" Options: {', '.join(options)}." if options else ""))
    return "\n".join([*lines, "", END])


def write_reference(readme: Path) -> bool:
    """Put the reference between the README's markers; whether the file changed."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.index(START), text.index(END) + len(END)
    updated = text[:start] + command_reference() + text[end:]
    if updated != text:
        readme.write_text(updated, encoding="utf-8")
    return updated != text


if __name__ == "__main__":
    if len(sys.argv) > 1:
        changed = write_reference(Path(sys.argv[1]))
        print(f"{sys.argv[1]}: {'command reference written' if changed else 'command reference up to date'}")
    else:
        print(command_reference())
