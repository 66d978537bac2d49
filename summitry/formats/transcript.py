"""Markdown and HTML: a readable transcript per document (metadata on top, then the turns with
their speakers, narrative and captions set apart), plus an index page listing them.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

from .selection import Selection, iter_selected

SPEAKER_COLOURS = ("#1f5f99", "#a3341f", "#2d7a3a", "#7a4b99", "#99701f", "#1f8a8a", "#8a1f5f", "#505050")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^([#>+\-=]|\d+[.)])")
STYLE = """body{font:16px/1.55 Georgia,serif;max-width:46em;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.5em;line-height:1.25}dl.meta{color:#555;font-size:.9em}dl.meta dt{font-weight:bold;float:left;
clear:left;width:7em}dl.meta dd{margin-left:8em}.narrative{font-style:italic}.caption{color:#666;font-size:.9em}
.omission,.separator{color:#888;text-align:center}.turn .speaker{font-weight:bold}"""


def document_stem(doc: dict[str, Any]) -> str:
    """The file name (without suffix) of a document's transcript: its date and id."""
    return f"{doc['date'] or 'undated'}-doc-{doc['id']}"


def metadata_lines(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, value) pairs shown on top of a transcript, in reading order, only those present."""
    when = " ".join(x for x in (doc.get("date"), doc.get("time")) if x)
    where = ", ".join(x for x in (doc.get("venue"), doc.get("city")) if x)
    pairs = [
        ("Date", when), ("Place", where), ("Publisher", doc.get("publisher")), ("Source", doc.get("url") or doc.get("source")),
        ("Event", doc.get("event")), ("Version", doc.get("version")), ("Language", doc.get("language")),
        ("Published", doc.get("published")), ("Updated", doc.get("updated")),
    ]
    pairs += [(group.capitalize(), ", ".join(values)) for group, values in (doc.get("tags") or {}).items() if values]
    return [(name, str(value)) for name, value in pairs if value]


def _md(text: str) -> str:
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return "\\" + escaped if _MD_LINE_START.match(escaped) else escaped


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()] or [text]


def markdown_transcript(doc: dict[str, Any]) -> str:
    lines = [f"# {_md(doc.get('title') or '(untitled)')}", ""]
    lines += [f"- **{name}:** {_md(value)}" for name, value in metadata_lines(doc)]
    for segment in doc["segments"]:
        kind, paragraphs = segment["kind"], [_md(p) for p in _paragraphs(segment["text"])]
        lines.append("")
        if kind == "turn":
            name = _md(segment["speaker"] or segment["label"] or "?")
            lines.append(f"**{name}:** " + "\n\n".join(paragraphs))
        elif kind == "narrative":
            lines.append("\n\n".join(f"*{p}*" for p in paragraphs))
        elif kind == "caption":
            lines.append(f"> Photo: {paragraphs[0]}")
        elif kind == "separator":
            lines.append("* * *")
        else:  # omission
            lines.append(_md(segment["text"]))
    return "\n".join(lines) + "\n"


def html_transcript(doc: dict[str, Any]) -> str:
    title = escape(doc.get("title") or "(untitled)")
    colours: dict[str, str] = {}
    body = [f"<h1>{title}</h1>", '<dl class="meta">']
    for name, value in metadata_lines(doc):
        shown = f'<a href="{escape(value)}">{escape(value)}</a>' if value.startswith(("http://", "https://")) else escape(value)
        body.append(f"<dt>{escape(name)}</dt><dd>{shown}</dd>")
    body.append("</dl>")
    for segment in doc["segments"]:
        kind, paragraphs = segment["kind"], [escape(p) for p in _paragraphs(segment["text"])]
        if kind == "turn":
            colour = colours.setdefault(segment["person_id"] or "", SPEAKER_COLOURS[len(colours) % len(SPEAKER_COLOURS)])
            name = escape(segment["speaker"] or segment["label"] or "?")
            label = escape(segment["label"] or "")
            first, *rest = paragraphs
            body.append(
                f'<div class="turn" style="color:{colour}"><p><span class="speaker" title="{label}">{name}:</span> {first}</p>'
                + "".join(f"<p>{p}</p>" for p in rest) + "</div>"
            )
        else:
            prefix = "Photo: " if kind == "caption" else ""
            body += [f'<p class="{kind}">{prefix}{p}</p>' for p in paragraphs]
    language = escape(doc.get("language") or "und")
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{STYLE}</style></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def export_transcripts(corpus: Any, out_dir: Path, selection: Selection, kind: str) -> int:
    """One transcript file per document (.md or .html) and an index of them; returns documents written."""
    suffix = "md" if kind == "markdown" else "html"
    render = markdown_transcript if kind == "markdown" else html_transcript
    count = 0
    with open(out_dir / f"index.{suffix}", "w", encoding="utf-8") as index:
        index.write("# Transcripts\n\n" if kind == "markdown" else f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Transcripts</title><style>{STYLE}</style></head>\n<body><h1>Transcripts</h1><ul>\n')
        for doc in iter_selected(corpus, selection):
            name = f"{document_stem(doc)}.{suffix}"
            (out_dir / name).write_text(render(doc), encoding="utf-8")
            title = doc.get("title") or "(untitled)"
            date = doc.get("date") or "undated"
            if kind == "markdown":
                index.write(f"- {date}: [{_md(title)}]({name})\n")
            else:
                index.write(f'<li>{escape(date)}: <a href="{escape(name)}">{escape(title)}</a></li>\n')
            count += 1
        if kind != "markdown":
            index.write("</ul></body></html>\n")
    return count
