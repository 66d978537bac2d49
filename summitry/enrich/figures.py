"""Figures stated in a turn: money, percentages, quantities with units, counts with their noun, ranges,
and dates resolved against the event's date.

Every figure holds a digit, so one expression finds the numbers and what follows them (a range, a
scale word, a unit, a month); what stands before a number (a qualifier, a currency sign, a month) and
what the figure measures are read with string operations on the few words around it. Units,
currencies, scales, qualifiers and measure words are data (data/figures.yaml).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from ..data.reference import data_dirs, load_reference, merge_patterns, read_yaml
from ..records import Figure
from .tokens import plain_words
from .trie import trie_pattern

_NUMBER = r"[0-9][0-9]*(?:,[0-9]{3}(?![0-9]))*(?:[\u00a0\u202f\u2009][0-9]{3}(?![0-9]))*(?:[.,][0-9]+)?"
_SPACES = re.compile(r"[\u00a0\u202f\u2009]")
_THOUSANDS = re.compile(r",[0-9]{3}(?![0-9])")
_YEAR_AFTER = re.compile(r",?[ \u00a0]+((?:1[89]|20)[0-9][0-9])(?![0-9])")
_NEXT_WORDS = re.compile(r"[ \u00a0]+([^\W\d_][\w’'\-]*)(?:[ \u00a0]+([^\W\d_][\w’'\-]*))?(?:[ \u00a0]+([^\W\d_][\w’'\-]*))?")
_NEAR = 160  # characters on each side of a figure looked at for what it measures
_SENTENCE_END = re.compile(r"[.!?…\n][.!?…\"»”’')\]]*(?=\s)")  # near enough to read what a figure measures
_DIGITS = "0123456789"
_END_MARKS = frozenset(".!?…\n\"»”’')]")  # what a sentence end is made of: a scan starts outside a run of them


@dataclass(frozen=True)
class FigureRules:
    """The compiled expression and lookup tables built from data/figures.yaml."""

    number: re.Pattern[str]  # a number and what follows it
    currency_before: dict[str, tuple[tuple[str, str], ...]]  # last character -> (as printed, code), longest first
    currency_after: dict[str, str]  # lower case -> code
    scales: dict[str, int]  # lower case -> factor
    units: dict[str, str]  # lower case -> unit ("currency" for currency words)
    qualifiers: dict[str, str]  # lower case, one to three words -> canonical
    qualifier_ends: frozenset[str]  # the last words of the qualifiers
    measures: dict[str, str]  # lower-case word -> measure
    rate_measures: frozenset[str]  # measures of percentages only ("growth")
    months: dict[str, int]
    stop_words: frozenset[str]
    plurals: frozenset[str]


def _alternation(words: Any) -> str:
    return trie_pattern(sorted({" ".join(str(w).split()) for w in words}))


@cache
def load_figure_rules() -> FigureRules:
    raw: dict[str, Any] = {}
    for folder in data_dirs():
        if (folder / "figures.yaml").exists():
            raw = merge_patterns(raw, read_yaml(folder / "figures.yaml") or {})
    before: dict[str, list[tuple[str, str]]] = {}
    for code, forms in raw["currencies"].items():
        for form in forms.get("before") or []:
            before.setdefault(form[-1], []).append((form, code))
    currency_after = {w.lower(): code for code, forms in raw["currencies"].items() for w in forms.get("after") or []}
    units = {w.lower(): "percent" for w in raw["percent"]}
    units.update({w.lower(): "percentage points" for w in raw["percentage_points"]})
    units.update({w.lower(): unit for unit, forms in raw["units"].items() for w in forms})
    units.update({w: "currency" for w in currency_after})
    scales = {k.lower(): int(float(v)) for k, v in raw["scales"].items()}
    months = load_reference().patterns.months
    number = re.compile(
        rf"""(?P<num>{_NUMBER})
        (?:[ \u00a0]*(?:[–—-]|[ \u00a0]to[ \u00a0])[ \u00a0]*(?:{_alternation(f for fs in before.values() for f, _ in fs)})?
           [ \u00a0]?(?P<num2>{_NUMBER}))?
        (?:[ \u00a0]*(?P<scale>{_alternation(scales)})(?!\w))?
        (?:[ \u00a0]*(?P<unit>{_alternation(units)})(?!\w)
         |[ \u00a0]+(?P<month>{_alternation(months)})(?!\w)(?:,?[ \u00a0]+(?P<year>(?:1[89]|20)[0-9][0-9])(?![0-9]))?)?""",
        re.IGNORECASE | re.VERBOSE,
    )
    qualifiers = {" ".join(k.lower().split()): v for k, v in raw["qualifiers"].items()}
    return FigureRules(
        number=number,
        currency_before={c: tuple(sorted(fs, key=lambda f: -len(f[0]))) for c, fs in before.items()},
        currency_after=currency_after,
        scales=scales,
        units=units,
        qualifiers=qualifiers,
        qualifier_ends=frozenset(q.split()[-1] for q in qualifiers if q),
        measures={w.lower(): m for m, words in raw["measures"].items() for w in words},
        rate_measures=frozenset(raw["rate_measures"]),
        months=months,
        stop_words=frozenset(w.lower() for w in raw["count_stop_words"]),
        plurals=frozenset(w.lower() for w in raw["irregular_plurals"]),
    )


def find_figures(text: str, event_date: str | None = None, plain: str | None = None) -> list[Figure]:
    """The figures of a turn's text; dates without a year are resolved against the event's date.
    ``plain``: the text lower-cased with word breaks as spaces (summitry.enrich.tokens.plain_words), if at hand."""
    found: list[Figure] = []
    # str.find looks for a character much faster than an expression can: most turns hold no digit at all
    first = min((at for at in map(text.find, _DIGITS) if at >= 0), default=-1)
    if first < 0:
        return found
    rules = load_figure_rules()
    taken = 0  # the end of the last figure: the year of "April 5, 2011" is not a figure of its own
    for match in rules.number.finditer(text, first):
        start = match.start()
        if start < taken or (start and (text[start - 1].isalnum() or text[start - 1] in "_.,-/")):
            continue  # inside a word or a code: "COVID-19", "Su-35", "A320"
        figure = _figure(text, match, rules, event_date)
        if figure is not None:
            found.append(figure)
            taken = figure.end
    if found:
        if plain is None or len(plain) != len(text):
            plain = plain_words(text)
        ends: list[int] | None = None  # where the sentences end, found when a figure needs more than its own
        for figure in found:
            if figure.kind != "date":
                figure.measure = _measure_near(text, plain, figure, rules)
                if figure.measure is None:
                    ends = ends if ends is not None else [m.end() for m in _SENTENCE_END.finditer(text)]
                    figure.measure = _measure_before(plain, figure, ends, rules)
    return found


def _number(text: str, scale: int = 1) -> float:
    """ "1,500" -> 1500, "42,5" -> 42.5 (a decimal comma), "1\u00a0500" -> 1500; times the scale."""
    if text.isdigit():
        return float(int(text) * scale)
    text = _SPACES.sub("", text)
    if "," in text and not _THOUSANDS.search(text):
        text = text.replace(",", ".")
    return round(float(text.replace(",", "")) * scale, 6)  # 1.1 * 1e9 is 1100000000.0000002


@dataclass
class _Before:
    """What stands right before a number."""

    start: int  # where the figure begins (the qualifier or currency sign, else the number)
    qualifier: str | None = None
    currency: str | None = None  # code
    month: str | None = None  # as printed


def _before(text: str, start: int, rules: FigureRules) -> _Before:
    window = text[max(0, start - 40) : start]
    head = window.rstrip(" \u00a0")
    found = _Before(start)
    for form, code in rules.currency_before.get(head[-1:], ()):
        if head.endswith(form) and not head[-len(form) - 1 : -len(form)].isalnum():
            found.currency, found.start = code, start - len(window) + len(head) - len(form)
            head = head[: -len(form)].rstrip(" \u00a0")
            break
    else:
        if head == window:  # the number follows a sign or a bracket, not a word
            return found
    words = head[-32:].split()
    if not found.currency and words:
        last = words[-1].rstrip(".")
        if last.lower() in rules.months:
            found.month = last
            found.start = start - len(window) + head.rfind(words[-1])
            return found
    if not words or words[-1].lower() not in rules.qualifier_ends:
        return found
    for size in (3, 2, 1):
        key = " ".join(words[-size:]).lower()
        if len(words) >= size and key in rules.qualifiers:
            found.qualifier = rules.qualifiers[key]
            found.start = start - len(window) + head.rfind(words[-size])
            break
    return found


def _figure(text: str, match: re.Match[str], rules: FigureRules, event_date: str | None) -> Figure | None:
    start, end = match.start(), match.end("num2") if match["num2"] else match.end("num")
    context = _before(text, start, rules)
    if match["month"] or context.month:
        return _date_figure(text, match, context, rules, event_date)
    if match["scale"]:
        end = match.end("scale")
    unit_word = " ".join(match["unit"].lower().split()) if match["unit"] else None
    unit = rules.units.get(unit_word) if unit_word else None
    kind, noun = "quantity", None
    if context.currency or unit == "currency":
        kind, unit = "money", context.currency or rules.currency_after[unit_word or ""]
    elif unit in ("percent", "percentage points"):
        kind = "percent"
    elif unit is None:
        noun, end = _counted_noun(text, end, rules)
        if noun is None and not match["scale"]:
            return None  # a bare number: a year, an ordinal, a page number
        kind, unit = "count", "count"
    if unit_word:
        end = match.end("unit")
    scale = rules.scales[match["scale"].lower()] if match["scale"] else 1
    return Figure(
        kind=kind,
        text=text[context.start : end],
        value=_number(match["num"], scale),
        value_to=_number(match["num2"], scale) if match["num2"] else None,
        unit=unit,
        start=context.start,
        end=end,
        qualifier=context.qualifier,
        noun=noun,
    )


def _counted_noun(text: str, end: int, rules: FigureRules) -> tuple[str | None, int]:
    """The noun after a count ("28 Union programmes"): up to three words before a function word,
    ending at the last plural-looking one."""
    words = _NEXT_WORDS.match(text, end)
    if not words:
        return None, end
    best: tuple[str | None, int] = (None, end)
    for i in range(1, 4):
        word = words[i]
        if word is None or word.lower() in rules.stop_words:
            break
        if _plural(word.lower(), rules):
            best = (text[words.start(1) : words.end(i)], words.end(i))
    return best


def _plural(word: str, rules: FigureRules) -> bool:
    return word in rules.plurals or (
        len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous"))
    )


def _date_figure(
    text: str, match: re.Match[str], context: _Before, rules: FigureRules, event_date: str | None
) -> Figure | None:
    month_word = match["month"] or context.month or ""
    if month_word.isascii() and not month_word[0].isupper():
        return None  # "may 5" is not a date; English month names are capitalised
    month = rules.months.get(month_word.lower().rstrip("."))
    days = [d for d in (match["num"], match["num2"]) if d is not None]
    if month is None or not all(d.isdigit() for d in days):
        return None
    start, end = match.start(), match.end("num2") if match["num2"] else match.end("num")
    year_text = match["year"]
    if match["month"]:
        end = match.end("year") if year_text else match.end("month")
    else:
        start = context.start
        after = _YEAR_AFTER.match(text, end)
        if after:
            year_text, end = after[1], after.end()
    year = int(year_text) if year_text else None
    dates = [_resolve(month, int(d), year, event_date) for d in days]
    return Figure(
        kind="date", text=text[start:end], value=None, unit="date", start=start, end=end,
        dates=[d for d in dates if d],
    )


def _resolve(month: int, day: int, year: int | None, event_date: str | None) -> str | None:
    """An ISO date; without a year, the one nearest the event's date (a date said in June about
    "July 7" is next month, one said in January about "December 28" was last month)."""
    candidates = []
    if year is not None:
        years = [year]
    elif event_date:
        try:
            event = date.fromisoformat(event_date[:10])
        except ValueError:
            return None
        years = [event.year - 1, event.year, event.year + 1]
    else:
        return None
    for y in years:
        try:
            candidates.append(date(y, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    if year is None:
        candidates.sort(key=lambda d: abs((d - event).days))
    return candidates[0].isoformat()


def _sentence_around(text: str, offset: int, last: int) -> tuple[int, int]:
    """The last sentence end at or before an offset (0 if none; when it is more than _NEAR characters
    before the offset, some position that is too) and the first end after the offset (``last`` if none):
    a scan from just before the offset, not from the start of the text."""
    scan = max(0, offset - _NEAR)
    while scan and text[scan - 1] in _END_MARKS:  # a sentence end is found from where its run begins
        scan -= 1
    low = 0
    for end in _SENTENCE_END.finditer(text, scan):
        if end.end() > offset:
            return low, end.end()
        low = end.end()
    return low, last


def _measure_near(text: str, plain: str, figure: Figure, rules: FigureRules) -> str | None:
    """The measure word nearest the figure in its sentence (rates only for percentages). ``plain``: the
    turn's text as plain words."""
    low, high = _sentence_around(text, figure.start, len(plain))
    measures, rates = rules.measures, rules.rate_measures
    percent = figure.kind == "percent"
    best: tuple[int, str] | None = None
    near = (plain[max(low, figure.start - _NEAR) : figure.start], plain[figure.end : min(high, figure.end + _NEAR)])
    for side, words in enumerate((near[0].split(), near[1].split())):
        if measures.keys().isdisjoint(words):
            continue
        for distance, word in enumerate(reversed(words) if side == 0 else words):
            measure = measures.get(word)
            if measure and (percent or measure not in rates):
                if best is None or distance < best[0]:
                    best = (distance, measure)
                break
    return best[1] if best else None


def _measure_before(plain: str, figure: Figure, ends: list[int], rules: FigureRules) -> str | None:
    """The last measure word of the two sentences before the figure's (rates never). ``ends``: where the
    turn's sentences end."""
    index = bisect_right(ends, figure.start)
    low = ends[index - 1] if index else 0
    earlier = ends[index - 3] if index >= 3 else 0
    measures, rates = rules.measures, rules.rate_measures
    for word in reversed(plain[earlier:low].split()):
        measure = measures.get(word)
        if measure and measure not in rates:
            return measure
    return None
