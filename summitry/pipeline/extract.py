"""Stage 3, extract: decoded text to ordered blocks with hints.

A text dump becomes one block per line (list bullets and blank-line groups noted); one in a court
reporter's layout (numbered lines) is first read as prose (numbered_lines). An HTML page is
read with selectolax: the site profile's selectors give the title, date, place, lead, captions and
tags; navigation, share widgets, footers and comments are dropped; the article body becomes one
block per paragraph, each noting the bold text that opens it (where sites print speaker labels).
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..data.reference import SiteProfile, load_reference
from ..records import Block, Extracted, PageError, Text
from .dates import find_date
from .html_limits import check_html_limits
from .numbered_lines import unnumbered

_SPACES = re.compile(r"[ \t\r\n\f\v]+")  # not U+00A0: labels keep it as printed
_BULLETS = "•·▪●◦‣∙–-"  # the hyphen last: literal in a character class
_BULLET = re.compile(rf"^\s*[{_BULLETS}]\s+")
_LETTERS = re.compile(r"[^\W_]")
_CANONICAL = re.compile(r"""<link[^>]+rel=["']canonical["'][^>]*>""", re.I)
_HREF = re.compile(r"""href=["']([^"']+)["']""", re.I)
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3",
    "h4", "h5", "h6", "blockquote", "figure", "figcaption", "table", "tr", "td", "th", "pre",
    "address", "header", "footer", "aside", "nav", "form", "hr", "br", "body", "center",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "button", "select",
              "textarea", "input", "head", "img", "video", "audio", "picture", "canvas", "object"}
_HINTS = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
          "h6": "heading", "li": "list_item", "figcaption": "caption", "dt": "list_item",
          "dd": "list_item", "blockquote": "quote"}


def url_host(url: str | None) -> str | None:
    if not url:
        return None
    if "://" not in url:
        url = "http://" + url
    return urlparse(url).hostname


def select_profile(text: str, url: str | None) -> SiteProfile:
    """The site profile for a page: by its URL's host, else by the site's markers, else generic."""
    reference = load_reference()
    host = url_host(url)
    for profile in reference.sites:
        if profile.matches_host(host):
            return profile
    for profile in reference.sites:
        if any(marker in text for marker in profile.markers):
            return profile
    return reference.generic


def extract_blocks(text: Text) -> Extracted:
    """Stage entry point: blocks, metadata and tags of a page."""
    if text.page.media_type == "text/html":
        try:
            return _extract_html(text)
        except RecursionError:  # deeper than the block walk reaches, on a page the limits let through
            raise PageError("HTML nested too deep to read (the elements inside one another exceed the block walk)") from None
    profile = select_profile(text.text, text.page.url)
    prose = unnumbered(text.text)
    blocks = _text_blocks(prose or text.text)
    if prose is not None:  # an official transcript's headings: "ORAL ARGUMENT OF JANE DOE ON BEHALF OF …"
        for block in blocks:
            if block.text.isupper() and sum(w.isalpha() for w in block.text.split()) >= 3 and ":" not in block.text:
                block.hint = "heading"
    return Extracted(text=text, blocks=blocks, meta={"profile": profile.name})


def _text_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    add = blocks.append
    group = 0
    bullets, bullet_at = _BULLETS, _BULLET.match
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            group += 1
        elif stripped[0] in bullets and (bullet := bullet_at(line)):
            add(Block(line[bullet.end() :].strip(), "list_item", group))
        else:
            add(Block(stripped, "paragraph", group))
    return blocks


def _node_text(node: LexborNode) -> str:
    return " ".join(node.text(deep=True, separator=" ").split())


def _first(tree: LexborHTMLParser | LexborNode, selector: str | None) -> LexborNode | None:
    if not selector:
        return None
    for part in selector.split(","):
        node = tree.css_first(part.strip())
        if node is not None:
            return node
    return None


def _dated(tree: LexborHTMLParser, selector: str | None) -> LexborNode | None:
    """The first node of the selector that holds a date ("By A. Writer · 18 June 2024" does; "By A. Writer"
    does not)."""
    for part in (selector or "").split(","):
        for node in tree.css(part.strip()) if part.strip() else []:
            if find_date(node.attributes.get("datetime") or "") or find_date(_node_text(node)):
                return node
    return None


def _meta(tree: LexborHTMLParser, raw: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    html = tree.css_first("html")
    if html is not None and html.attributes.get("lang"):
        meta["lang"] = (html.attributes["lang"] or "").split("-")[0].lower()
    for node in tree.css("meta"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        if key and attrs.get("content"):
            meta.setdefault(key.lower(), (attrs.get("content") or "").strip())
    canonical = _CANONICAL.search(raw)
    if canonical and (href := _HREF.search(canonical.group(0))):
        meta["canonical"] = href.group(1)
    title = tree.css_first("title")
    if title is not None:
        meta["html_title"] = _node_text(title)
    return meta


def _extract_html(text: Text) -> Extracted:
    raw = text.text
    check_html_limits(raw)  # before the parser: its cost grows with the square of attributes and depth
    tree = LexborHTMLParser(raw)
    meta = _meta(tree, raw)
    url = text.page.url or meta.get("canonical") or meta.get("og:url")
    profile = select_profile(raw, url)
    meta["profile"] = profile.name
    selectors = profile.html
    for node in tree.css("script, style, noscript, template, svg"):
        node.decompose()
    for field in ("title", "date", "time", "place"):
        node = _dated(tree, selectors.get("date")) if field == "date" else _first(tree, selectors.get(field))
        if node is None:
            continue
        value = (node.attributes.get("datetime") if field == "date" else None) or _node_text(node)
        if value:
            meta[field] = value
            meta[f"source:{field}"] = "page markup"  # the site profile's element for it
        node.decompose()  # read once; never again as text of the body
    tags = _tags(tree, selectors.get("tags"), load_reference().patterns.tag_headings)
    blocks: list[Block] = []
    for selector, hint in (
        (selectors.get("lead"), "lead"),
        (selectors.get("captions"), "caption"),
        (selectors.get("furniture"), "furniture"),
    ):
        for node in tree.css(selector) if selector else []:
            for block in _walk(node):
                block.hint = hint
                blocks.append(block)
            node.decompose()
    if selectors.get("tags"):
        for node in tree.css(selectors["tags"]):
            node.decompose()
    body = _body(tree, selectors.get("body"))
    root = body if body is not None else tree.body  # no article container: the whole page, furniture dropped
    if selectors.get("drop") and root is not None:
        for node in root.css(selectors["drop"]):
            node.decompose()
    in_body = True if body is not None else None  # None: where the body is must be read from the text
    for block in _walk(root):
        block.in_body = in_body
        blocks.append(block)
    return Extracted(text=text, blocks=blocks, meta=meta, tags=tags)


def _body(tree: LexborHTMLParser, selector: str | None) -> LexborNode | None:
    """The article body: the first selector's node with substantial text, else any with text."""
    fallback = None
    for part in (selector or "").split(","):
        part = part.strip()
        for node in tree.css(part) if part else []:
            length = len(node.text(deep=True).strip())
            if length >= 200:
                return node
            if length and fallback is None:
                fallback = node
    return fallback


def _tags(tree: LexborHTMLParser, selector: str | None, headings: dict[str, str]) -> dict[str, list[str]]:
    """Tag lists ("Geography: Belarus", "Topics: Foreign policy") from the site's tag block."""
    tags: dict[str, list[str]] = {}
    if not selector:
        return tags
    for container in tree.css(selector):
        current = "topics"
        for item in container.css(", ".join(_TAG_ITEMS)):
            if any(n.tag in _TAG_ITEMS for n in item.traverse() if n.mem_id != item.mem_id):
                continue
            text = _node_text(item)
            head = text.split(":")[0].strip()
            links = [_node_text(a) for a in item.css("a")]
            if head in headings:
                current = headings[head]
                values = links or [v.strip() for v in text.partition(":")[2].split(",") if v.strip()]
            else:
                values = links or ([text] if text else [])
            for value in values:
                if value and value not in tags.setdefault(current, []):
                    tags[current].append(value)
    return {k: v for k, v in tags.items() if v}


_TAG_ITEMS = ("li", "p", "dd", "dt", "h2", "h3", "h4", "div")


def _walk(root: LexborNode | None) -> list[Block]:
    """Paragraph-level blocks under a node, in order; <br> splits a paragraph."""
    blocks: list[Block] = []
    if root is None:
        return blocks
    parts: list[str] = []
    state: dict[str, object] = {"bold": None, "hint": "paragraph"}

    def flush() -> None:
        if parts:
            _add_block(blocks, "".join(parts), str(state["hint"]), state["bold"])  # type: ignore[arg-type]
            parts.clear()
        state["bold"] = None

    def visit(node: LexborNode, hint: str) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                parts.append(child.text_content or "")
                continue
            if tag in _SKIP_TAGS or tag == "-comment":
                continue
            if tag == "br":
                flush()
                continue
            if tag == "tr":  # a table row is one line, its cells apart: "Revenue | 28.1 trillion | 29.1 trillion"
                flush()
                cells = (_node_text(cell) for cell in child.iter() if cell.tag in ("td", "th"))
                _add_block(blocks, " | ".join(cell for cell in cells if cell), "paragraph", None)
                continue
            if tag in _BLOCK_TAGS:
                flush()
                if (leaf := _leaf(child)) is not None:
                    _add_block(blocks, leaf[0], "links" if leaf[2] else _HINTS.get(tag, "paragraph"), leaf[1])
                    continue
                state["hint"] = _HINTS.get(tag, "paragraph")
                visit(child, state["hint"])  # type: ignore[arg-type]
                flush()
                state["hint"] = hint
                continue
            if tag in ("b", "strong") and not "".join(parts).strip():
                state["bold"] = _node_text(child)
            visit(child, hint)

    visit(root, "paragraph")
    flush()
    return blocks


def _add_block(blocks: list[Block], text: str, hint: str, bold: str | None) -> None:
    text = text.strip()
    if "  " in text or not text.isprintable():  # two C scans tell whether _SPACES has work to do
        text = _SPACES.sub(" ", text)
    if text:
        blocks.append(Block(text, hint, 0, bold))


def _leaf(node: LexborNode) -> tuple[str, str | None, bool] | None:
    """The text of an element holding no block, <br>, comment or skipped element (most paragraphs),
    read in one call, the bold text it opens with, and whether it is a row of links and nothing else
    ("<a>Фото</a> <a>Видео</a>"); None for any other element."""
    bold: str | None = None
    opening = True
    links = 0
    inside = node.traverse(include_text=True)
    next(inside)  # the element itself
    for inner in inside:
        tag = inner.tag
        if tag == "-text":
            opening = opening and not (inner.text_content or "").strip()
        elif tag in _BLOCK_TAGS or tag in _SKIP_TAGS or tag == "-comment":
            return None
        elif tag == "a":
            links += 1
        elif opening and bold is None and tag in ("b", "strong"):
            bold = _node_text(inner)
    text = node.text(deep=True)
    return text, bold, links >= 2 and _only_links(node, text)


def _only_links(node: LexborNode, text: str) -> bool:
    """Whether an element's words are all its links' words (separators between them aside)."""
    linked = sum(len(_LETTERS.findall(a.text(deep=True))) for a in node.css("a"))
    return linked > 0 and linked == len(_LETTERS.findall(text))
