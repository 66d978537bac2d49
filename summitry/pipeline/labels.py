"""Speaker labels: is the text before a paragraph's colon someone's name?

"Vladimir Putin:", "A. Lukashenko:", "В.Путин:", "President of the Republic of Belarus Alexander
Lukashenko:", "Anna Petrova, RT:", "Question:" and garbled labels that repeat the name are labels;
"Font size:", "Direct link:", "You may ask:" and "Russia and Belarus:" are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ..data.reference import Patterns, load_reference
from ..enrich.tokens import UNSPACED_LETTERS
from .speakers import Registry, label_words, load_registry, name_key

_MAX_LABEL_CHARS = 160
_MAX_LABEL_WORDS = 16
_FORBIDDEN = re.compile(r"[0-9!?;\"“”«»„<>\[\]{}/\\|=+*#@&%]")
# the capital and small letters of the scripts with case that names are printed in (Latin with its accents,
# Greek, Cyrillic with Kazakh, Ukrainian and the others, Armenian): "Қ.Тоқаев", "İlham Əliyev", "Łukasz"
_UPPER = re.escape("".join(c for c in map(chr, range(0x41, 0x590)) if c.isupper()))
_LOWER = re.escape("".join(c for c in map(chr, range(0x61, 0x590)) if c.islower()))
_CASELESS = f"[{UNSPACED_LETTERS}\uac00-\ud7af·・]"  # kana, Han, Hangul, and the dots between a name's parts
_NAME_TOKEN = re.compile(
    rf"^(?:[{_UPPER}][\w’'\-]*\.?"  # capitalised word (Mr., St.)
    rf"|(?:[{_UPPER}][{_LOWER}]?\.-?)+[{_UPPER}]?[\w’'\-]*"  # initials, glued or not: V.V.Putin, К.-Ж.Токаев, Sh.Mirziyoyev
    rf"|(?:al|el|bin|ibn|de|da|van|von|le|la)-[{_UPPER}][\w’'\-]*"  # al-Sisi
    rf"|{_CASELESS}+)$"  # a name in a script without case, written without spaces: 毛宁, 法新社记者
)
_QUOTATION = ("“", "「", "『", "\"", "‘")
_PAREN = re.compile(r"\s*\([^)]{0,60}\)")  # "(NBC)", a party's "(R)" before the comma
_LEADING_TIME = re.compile(r"\[?[0-9]{1,2}:[0-9]{2}\]?\s+")  # a live blog's "12:05 Putin: …"
# a recording's time beside a label, which is neither label nor words: "Chris Wallace: (01:20)",
# "Donald Trump (12:04):", "[00:12:31]"
_RECORDING_TIME = r"[(\[][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?[)\]]"
_TIME_AFTER_LABEL = re.compile(rf"{_RECORDING_TIME}(?:\s+|$)")
_TIME_IN_LABEL = re.compile(rf"\s*{_RECORDING_TIME}$")
# a label in capitals ended by a full stop or a dash instead of a colon: "PRESIDENT BUSH. Good morning.",
# "PUTIN — Yes.", "Q. Mr. President…" (the American Presidency Project, agency transcripts)
_CAPITALS_LABEL = re.compile(r"(Q|[A-Z][A-Z.'’\- ]*[A-Z])(?:\.\s+|\s+[—–]\s+)(?=[^\W\d_]|[\[(“\"])")


@dataclass(frozen=True, slots=True)
class LabelSplit:
    label: str  # as printed
    rest: str  # the text after the colon


_SENTENCE_BREAK = re.compile(r"[.!?…]\s+\S|[!?;]")


def _is_affiliation(text: str) -> bool:
    """What may follow a name after a comma: "RT", "Rossiya TV channel"; not a sentence."""
    return len(text.split()) <= 6 and not _SENTENCE_BREAK.search(text)


def _clean_spaces(text: str) -> str:
    return " ".join(text.split())


class LabelDetector:
    def __init__(self, patterns: Patterns, registry: Registry) -> None:
        self.patterns = patterns
        self.registry = registry
        self._titles = {name_key(w) for w in patterns.title_words}
        self._stop = set(patterns.stopwords)
        places = registry.reference.places
        self._places = set(places.countries) | set(places.cities)
        # a caseless-script name alone before the colon is a label when it is as short as a personal name
        # (毛宁, 汪文斌) or ends in a word for a reporter or a host (法新社记者: caseless_label_endings in
        # patterns.yaml), and what follows is not a quotation (他说："…")
        endings = "|".join(re.escape(w) for w in patterns.caseless_label_endings) or "(?!)"
        self._caseless_name = re.compile(rf"{_CASELESS}{{2,4}}|{_CASELESS}{{1,12}}(?:{endings})")
        # labels that name a role or an office (on any site) are labels whatever their words
        self._roles = set(registry.roles) | set(patterns.office_labels).union(
            *(site.office_labels for site in registry.reference.sites)
        )

    def split(self, text: str, bold: str | None = None, seen: set[str] | frozenset[str] = frozenset()) -> LabelSplit | None:
        """The label and the rest when the text opens with a speaker label, else None."""
        if text[:1] == "Q" and text[1:2].isspace() and text[2:].lstrip()[:1].isupper():
            return LabelSplit("Q", text[2:].strip())  # "Q    Did you raise…": a question, as the White House prints it
        if (text[:1].isdigit() or text[:1] == "[") and (stamp := _LEADING_TIME.match(text)) is not None:
            text = text[stamp.end() :]
        found = self._colon_split(text, bold, seen)
        if found is not None and (stamp := _TIME_AFTER_LABEL.match(found.rest)) is not None:
            found = LabelSplit(found.label, found.rest[stamp.end() :])
        if found is None and text[:2].isupper() and (caps := _CAPITALS_LABEL.match(text)) is not None:
            label = caps.group(1)
            if label.isupper() and self._capitals_label(label):
                return LabelSplit(label, text[caps.end() :].strip())
        return found

    def _capitals_label(self, label: str) -> bool:
        """A label in capitals without a colon must say whose it is: a role or an office ("Q", "THE
        PRESIDENT"), a known name ("PUTIN"), or a title with a name ("PRESIDENT BUSH", "MR. LAVROV"); "U.S.
        FORCES. They left." is a sentence."""
        if name_key(label) in self._roles:
            return True
        words = label_words(label)
        if any(self.registry.known_word(w) for w in words):
            return True
        keys = [name_key(w) for w in words]
        return any(k in self._titles for k in keys) and any(
            k not in self._titles and k not in self._places and len(k) > 1 for k in keys
        )

    def _colon_split(self, text: str, bold: str | None, seen: set[str] | frozenset[str]) -> LabelSplit | None:
        colon = text.find(":", 0, _MAX_LABEL_CHARS)
        while colon >= 0 and text.count("(", 0, colon) + text.count("[", 0, colon) > text.count(")", 0, colon) + text.count("]", 0, colon):
            colon = text.find(":", colon + 1, _MAX_LABEL_CHARS)  # inside brackets ("Donald Trump (12:04):")
        wide = text.find("：", 0, colon if colon >= 0 else _MAX_LABEL_CHARS)  # a full-width colon
        if wide >= 0:
            colon = wide
        elif colon < 0:
            return None
        raw = _TIME_IN_LABEL.sub("", text[:colon].lstrip())
        rest = text[colon + 1 :].strip()
        if rest.startswith("//"):
            return None
        label = _clean_spaces(raw)
        if label[:1] == "[" and label[-1:] == "]":
            label = label[1:-1].strip()  # "[Putin]:"
        if not label or self.is_field(label):
            return None
        if rest.startswith(_QUOTATION) and self._caseless_name.fullmatch(label):
            return None  # 他说："…": a quotation, not a turn
        strong = bool(bold) and _clean_spaces(bold).rstrip(":： ").strip() == label
        if self.is_label(label, strong, seen):
            return LabelSplit(raw, rest)
        return None

    def is_field(self, label: str) -> bool:
        """A page's field heading: "Font size", and a heading of several words that ends in one ("Article
        Categories", "Story Source"), not a name."""
        key = label.casefold()
        if key in self.patterns.non_labels:
            return True
        words = key.split()
        return len(words) > 1 and words[-1] in self.patterns.non_labels and name_key(words[0]) not in self._titles

    def is_label(self, label: str, strong: bool = False, seen: set[str] | frozenset[str] = frozenset()) -> bool:
        verdict = self._verdict(label, strong)
        if isinstance(verdict, bool):
            return verdict
        return any(word in seen for word in verdict)

    @lru_cache(maxsize=32768)  # noqa: B019 - the detector lives as long as the process
    def _verdict(self, label: str, strong: bool) -> bool | tuple[str, ...]:
        """True or False, or the name words that make it a label if the document used them before."""
        patterns = self.patterns
        bare = _PAREN.sub("", label)
        name_part, _, affiliation = bare.partition(",")
        if name_key(name_part) in self._roles:
            return _is_affiliation(affiliation)
        if _FORBIDDEN.search(name_part) or not _is_affiliation(affiliation):
            return False
        tokens = name_part.split()
        if not tokens or len(tokens) > _MAX_LABEL_WORDS:
            return False
        if strong:
            return any(t[:1].isupper() for t in tokens)
        if tokens[-1] in patterns.connectors:
            return False
        for token in tokens:
            if token in patterns.connectors:
                continue
            if not _NAME_TOKEN.match(token):
                return False
        words = label_words(name_part)
        names = [w for w in words if name_key(w) not in self._titles and name_key(w) not in self._places]
        names = [w for w in names if w not in patterns.connectors]
        if not names:
            # Titles alone ("Prime Minister:") count; places alone ("Russia and Belarus:") do not.
            return any(name_key(w) in self._titles for w in words) and len(tokens) <= 4 and tokens[0] != "The"
        if any(t in self._stop for t in tokens if not t.endswith(".") and name_key(t) not in self._titles):
            return False
        if len(tokens) == 1 and self._caseless_name.fullmatch(tokens[0]):
            return True
        if len(tokens) == 1:
            # One word: an initialled name ("В.Путин"), a known name, or one this document used.
            if "." in name_part and len(names) > 1:
                return True
            if any(self.registry.known_word(w) for w in names):
                return True
            return tuple(name_key(w) for w in names)
        return True


@cache
def load_detector() -> LabelDetector:
    """The label detector over the built-in reference data, built once."""
    return LabelDetector(load_reference().patterns, load_registry())
