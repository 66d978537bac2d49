"""The conventions every command shares, set once on the root group: the root's options (--db)
accepted after the command too, and help that names values (TEXT, N, PATH...) rather than Python
types (``<str>``, ``<bool>``, ``{doc}``)."""

from __future__ import annotations

import sys
from typing import Any

import typer


class PlainArgument(typer.core.TyperArgument):
    """An argument shown by its name: ``DOC``, ``[DOC]``, ``PATHS...``."""

    @property
    def display_name_raw(self) -> str:
        return (self.metavar or self.name or "value").upper()

    def _usage_display_name(self) -> str:
        name = self.display_name_raw + ("..." if self.nargs != 1 else "")
        return name if self.required or name.startswith("[") else f"[{name}]"

    def display_type_rich(self, ctx: typer.Context) -> str | None:
        return None


class PlainOption(typer.core.TyperOption):
    """An option shown with the kind of value it takes (N, DATE, TEXT, its choices), a flag with none."""

    def display_type_rich(self, ctx: typer.Context) -> str | None:
        if self.is_flag:
            return None
        if self.metavar is not None:
            return self.metavar
        label = self.display_type(ctx).strip("<>").removeprefix("list[").removesuffix("]")
        if label == "str":
            return "DATE" if self.name in ("since", "until") else "TEXT"
        return VALUE_NAMES.get(label, label)


VALUE_NAMES = {"int": "N", "int range": "N", "float": "NUMBER", "float range": "NUMBER", "Path": "PATH", "path": "PATH", "file": "PATH", "directory": "PATH"}


class PlainCommand(typer.core.TyperCommand):
    """A command whose --help option, made when first asked for, is shown as a flag too."""

    def get_help_option(self, ctx: typer.Context) -> typer.core.TyperOption | None:
        return plain_option(super().get_help_option(ctx))


class PlainGroup(typer.core.TyperGroup):
    """A group of commands (summitry person …) whose --help option is shown as a flag too."""

    def get_help_option(self, ctx: typer.Context) -> typer.core.TyperOption | None:
        return plain_option(super().get_help_option(ctx))


def plain_option(option: typer.core.TyperOption | None) -> typer.core.TyperOption | None:
    if option is not None:
        option.__class__ = PlainOption
    return option


def plain_help(command: typer.core.TyperCommand | typer.core.TyperGroup) -> None:
    """Show every parameter of the command, and of its subcommands, by plain names in the help."""
    if type(command) is typer.core.TyperCommand:
        command.__class__ = PlainCommand
    elif type(command) is typer.core.TyperGroup:
        command.__class__ = PlainGroup
    for param in command.params:
        if isinstance(param, typer.core.TyperArgument):
            param.__class__ = PlainArgument
        elif isinstance(param, typer.core.TyperOption):
            param.__class__ = PlainOption
    for sub in getattr(command, "commands", {}).values():
        plain_help(sub)


class RootOptionsAnywhere(typer.core.TyperGroup):
    """The root's options (--db) accepted after the command too, as sqlite-utils and datasette users
    type them: ``summitry ingest pages --db my.db`` is read as ``summitry --db my.db ingest pages``.
    What follows a ``--`` is left alone."""

    moved = ("--db",)
    first = ("ingest", "load")  # what a new user runs first leads the help, whichever module adds it

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        plain_help(self)

    def list_commands(self, ctx: typer.Context) -> list[str]:
        names = super().list_commands(ctx)
        return [n for n in self.first if n in names] + [n for n in names if n not in self.first]

    def get_help_option(self, ctx: typer.Context) -> typer.core.TyperOption | None:
        return plain_option(super().get_help_option(ctx))

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line; a value or a usage it cannot take (a --limit that is not a number,
        a missing argument, an unknown command) is one line on standard error naming it, and exit 2,
        as every other bad value is."""
        if not kwargs.get("standalone_mode", True):
            return super().main(*args, **kwargs)
        try:
            code = super().main(*args, **{**kwargs, "standalone_mode": False})
        except typer.Abort:
            sys.stderr.write("aborted\n")
            sys.exit(1)
        except typer.TyperException as exc:  # click's errors: a bad value, a missing argument, no such command
            if type(exc).__name__ == "NoArgsIsHelpError":  # no command given: the help
                exc.show()  # type: ignore[attr-defined]
                sys.exit(exc.exit_code)  # type: ignore[attr-defined]
            context = getattr(exc, "ctx", None)
            where = context.command_path if context is not None else "summitry"
            message = " ".join(exc.format_message().split())  # type: ignore[attr-defined]
            sys.stderr.write(f"error: {message} (see: {where} --help)\n")
            sys.exit(getattr(exc, "exit_code", 2))
        sys.exit(code if isinstance(code, int) else 0)

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        front: list[str] = []  # the root's options, and the command line up to the command's name
        rest: list[str] = []  # the command's name and what follows it
        at = 0
        while at < len(args):
            arg = args[at]
            if arg == "--":
                rest += args[at:]
                break
            if arg.split("=", 1)[0] in self.moved:
                takes = 1 if "=" in arg else 2  # --db=X or --db X
                front += args[at : at + takes]
                at += takes
                continue
            (rest if rest or not arg.startswith("-") else front).append(arg)
            at += 1
        return super().parse_args(ctx, front + rest)
