"""Stage 2, decode: a Page's bytes to text.

UTF-8 first (the common case, and the fast one), then byte-order marks, the charset an HTML page
declares, and charset detection for the rest (Russian pages in cp1251 exist). Mojibake is repaired
with ftfy only when its tell-tale sequences appear, so clean pages pay nothing for it. A page that is
UTF-8 but for a few damaged bytes (at most ``MAX_DAMAGE`` of them, or ``MIN_DAMAGE``), or UTF-16 cut at an odd byte, is
kept with those bytes replaced by U+FFFD, and the document says how many (``sources["decoding"]``).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..records import Page, PageError, Text

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# UTF-8 read as cp1251/latin-1 leaves these pairs behind (Ð¿, Ñ‚, â€™, Ã©…).
_MOJIBAKE = re.compile("[ÐÑ][\u0080-\u00bf\u0400-\u045f‘’“”•–—™‚„†‡…‰‹›]|â€|Ã[\u0080-\u00bf]")
_MOJIBAKE_HINTS = ("Ð", "Ñ", "â€", "Ã")
_ASCII_OR_REPLACED = re.compile("[\x00-\x7f\ufffd]+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
MAX_DAMAGE = 0.001  # the share of a UTF-8 page's bytes that may be damaged and the page still UTF-8...
MIN_DAMAGE = 4  # ...or this many replacements, whatever its size (a bad byte inside a letter makes up to three)


def _control_share(text: str, data: bytes, single_byte_ascii: bool) -> float:
    """The share of control characters (other than tab, newlines, form feed) at the start of a
    page; counted on the bytes when the encoding keeps ASCII as one byte (fast), else on the text."""
    if single_byte_ascii:
        sample = data[:20000]
        return (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / max(len(sample), 1)
    sample = text[:20000]
    return len(_CONTROL.findall(sample)) / max(len(sample), 1)


def _strip_bom(data: bytes) -> tuple[bytes, str | None]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :], name
    return data, None


def _guess_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: NULs in every other byte."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.1 * half and even < 0.01 * half:
        return "utf-16-le"
    if even > 0.1 * half and odd < 0.01 * half:
        return "utf-16-be"
    return None


# The single-byte encodings pages are saved in, the commonest first (a tie goes to the earlier one).
_SINGLE_BYTE = ("cp1252", "cp1251", "koi8_r", "cp1250", "cp1253", "cp1254", "cp1257", "koi8_u", "cp866")
_MULTI_BYTE = ("gb", "big5", "shift_jis", "euc_", "cp932", "cp949", "cp950", "iso2022", "hz", "johab")
_COMMON_SYMBOLS = frozenset("©®™°№€£¥₽×±§¶·")


def _detect(data: bytes) -> str | None:
    """The legacy encoding of a page that is not UTF-8. charset_normalizer is trusted for the
    multi-byte encodings of East Asian scripts; otherwise its guess competes with the common
    single-byte encodings on how plausible each one's text is (charset_normalizer alone reads an
    English cp1252 page's curly quotes as cp850's "ô" and "ö", or as Mac Roman's letters)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    guess = best.encoding if best else None
    if guess and guess.startswith(_MULTI_BYTE):
        return guess
    sample = data[:20_000]
    scored: list[tuple[int, int, str]] = []
    for rank, encoding in enumerate((*_SINGLE_BYTE, *([guess] if guess and guess not in _SINGLE_BYTE else []))):
        text = _decode_with(sample, encoding)
        if text is not None:
            scored.append((_implausible(text), rank, encoding))
    return min(scored)[2] if scored else guess


def _implausible(text: str) -> int:
    """How many characters of a decoded text a real page would hardly hold: controls, combining
    marks, an uncommon symbol, a symbol or number sign touching a letter ("£ukasz", "przewodnicz¹cy":
    cp1250 read as cp1252), a letter of another script than the letter before it, or a capital after a
    small letter inside a word (cp1251 read as koi8-r)."""
    bad = 0
    previous = " "
    for i, char in enumerate(text):
        if char < "\x80":
            previous = char
            continue
        category = unicodedata.category(char)[0]
        if category == "C" and char != "\xad":
            bad += 2
        elif category == "L":
            if previous.isalpha() and (_script(previous) != _script(char) or (char.isupper() and previous.islower())):
                bad += 1
        elif category in "SN":
            touching = previous.isalpha() or text[i + 1 : i + 2].isalpha()
            bad += touching or char not in _COMMON_SYMBOLS
        elif category == "M":
            bad += 1
        previous = char
    return bad


def _script(char: str) -> str:
    """The script of a letter, as the first word of its Unicode name (LATIN, CYRILLIC, CJK…)."""
    return unicodedata.name(char, "?").split(" ", 1)[0]


def _decode_with(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_text(page: Page) -> Text:
    """Stage entry point. Raises PageError for empty and binary pages."""
    data = page.data
    if not data.strip():
        raise PageError("empty file")
    body, encoding = _strip_bom(data)
    if encoding is None:
        encoding = _guess_utf16(body)
    replaced = 0
    text = _decode_with(body, encoding) if encoding else None
    if text is None and encoding:  # UTF-16 or -32 cut short or damaged: kept, the damage counted
        text = body.decode(encoding, errors="replace")
        replaced = text.count("\ufffd")
    if text is None:
        if b"\x00" in body[:8000]:
            raise PageError("binary file (not a text or HTML page)")
        for guess in (lambda: "utf-8", lambda: _declared(body)):
            candidate = guess()
            if candidate and (text := _decode_with(body, candidate)) is not None:
                encoding = candidate
                break
        if text is None and (damaged := _damaged_utf8(body)) is not None:
            (text, replaced), encoding = damaged, "utf-8"
        if text is None and (candidate := _detect(body)) and (text := _decode_with(body, candidate)) is not None:
            encoding = candidate
    if text is None:
        raise PageError("cannot decode the file as text in any known encoding")
    ascii_compatible = not (encoding or "").startswith(("utf-16", "utf-32"))
    if _control_share(text, body, ascii_compatible) > 0.01:
        raise PageError("binary file (not a text or HTML page)")
    repaired = False
    if any(hint in text for hint in _MOJIBAKE_HINTS) and _MOJIBAKE.search(text):
        import ftfy

        fixed = ftfy.fix_text(text, normalization=None, uncurl_quotes=False, fix_line_breaks=False)
        repaired = fixed != text
        text = fixed
    return Text(page=page, text=text, encoding=codecs.lookup(encoding or "utf-8").name, repaired=repaired, replaced=replaced)


def _damaged_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 with a few bad bytes (a cut download, a flipped bit), with the number replaced; None when
    more than ``MAX_DAMAGE`` of it is not UTF-8, or when nothing but its bad bytes goes beyond ASCII
    (one curly quote of a cp1252 page): another encoding."""
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode())
    if not _ASCII_OR_REPLACED.sub("", text):  # not one character of UTF-8 beyond ASCII: another encoding's bytes
        return None
    return (text, replaced) if replaced <= max(MIN_DAMAGE, int(len(data) * MAX_DAMAGE)) else None


def _declared(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "ignore") if match else None
