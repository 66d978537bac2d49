"""Jinja2 templates (autoescaped) and the filters they use."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from ..queries.snippets import match_pattern
from .search import MARKS

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
SPEAKER_COLOURS = 8  # CSS classes speaker-0 … speaker-7


def highlight(snippet: str | None) -> Markup:
    """A snippet with its match marks as <mark> elements; everything else escaped."""
    text = str(escape(snippet or ""))
    return Markup(text.replace(MARKS[0], "<mark>").replace(MARKS[1], "</mark>"))


def marked(text: str | None, q: str | None) -> Markup:
    """A text escaped, the words of a search query in it (match_pattern) as <mark> elements."""
    escaped = str(escape(text or ""))
    pattern = match_pattern(q) if q else None
    if pattern is None:
        return Markup(escaped)
    return Markup(pattern.sub(lambda m: f"<mark>{m.group()}</mark>", escaped))


def with_query(path: str, params: dict[str, Any] | None = None, **more: Any) -> str:
    """path?params, leaving out empty values."""
    values = {k: v for k, v in {**(params or {}), **more}.items() if v not in (None, "")}
    return f"{path}?{urlencode(values, doseq=True)}" if values else path


def place(row: dict[str, Any]) -> str:
    return ", ".join(x for x in (row.get("venue"), row.get("city")) if x)


def thousands(value: int | float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if isinstance(value, int) or float(value).is_integer() else f"{value:,.2f}"


def web_link(url: str | None) -> str | None:
    """The URL when it is a web address (never javascript: or data:)."""
    if not url:
        return None
    return url if urlsplit(url).scheme in ("http", "https") else None


def speaker_classes(segments: list[dict[str, Any]]) -> dict[str | None, str]:
    """One colour class per speaker, in order of first appearance."""
    classes: dict[str | None, str] = {}
    for segment in segments:
        if segment["kind"] == "turn" and segment["person_id"] not in classes:
            classes[segment["person_id"]] = f"speaker-{len(classes) % SPEAKER_COLOURS}"
    return classes


templates.env.filters.update(highlight=highlight, marked=marked, place=place, thousands=thousands, web_link=web_link)
templates.env.globals.update(with_query=with_query)


def page(request: Request, name: str, **context: Any) -> Response:
    """A template rendered for a request, told whether the server takes uploads (the nav shows it)."""
    context.setdefault("allow_upload", request.app.state.allow_upload)
    return templates.TemplateResponse(request, name, context)
