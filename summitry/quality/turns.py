"""Turns scored by word alignment: the page's words, tagged from the gold, aligned with the predicted turns.

The page is split into words (spaces of any kind; typographic apostrophes read as '). From the gold, each
word is the label of gold turn i (the "LABEL:" words at the start of a line, found in page order), the
text of gold turn i (its `words` words, from `begins` to `ends`), or junk (menus, title, dateline,
footers). The predicted turns are split the same way, label words ("LABEL:") then text words, and the two
word sequences are aligned (difflib's matching blocks, found by `matching`; words compared in lower
case without surrounding punctuation). Every page
word then knows which predicted turn took it and as what (label or text), or that no turn took it.

A gold turn is right when its label was found (its label words went mostly to a predicted label), that
predicted turn has the right boundaries (word count within 2, the same first and last four words) and its
speaker is consistent: the first turn of a gold speaker fixes the name it gets; a later turn with another
name is `inconsistent`, one whose name was first given to another gold speaker is `conflated`. Other errors:

  missed_label    the gold label's words are inside a predicted turn's text (merged into the turn before)
  merged_nolabel  the gold turn's text went into an earlier predicted turn, its label into no turn
  false_label     a predicted label made of a gold turn's text words (splits that gold turn)
  split           a gold turn's text spread over several predicted turns without a false label
  dropped_text    more than 2 words of a gold turn's text in no predicted turn
  leaked_junk     a run of junk words (page furniture) inside a predicted turn's text

This is the method of ../shared/tools/turn_errors.py; on the same export the counts are the same.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .gold import GoldError
from .matching import matching_blocks

ERROR_KINDS = (
    "missed_label", "merged_nolabel", "false_label", "split", "dropped_text", "leaked_junk", "inconsistent", "conflated",
)
WORD_TOLERANCE = 2
EDGE_WORDS = 4
DROPPED_MIN = 3  # fewer dropped words than this are not an error (a stray mark, a bracket)
JUNK, LABEL, TEXT = 0, 1, 2
_SPACES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u00a0": " "})
_EDGE_PUNCTUATION = ".,;:!?\"'()[]"


def words(text: str | None) -> list[str]:
    """The scorer's words: split on any space, typographic apostrophes as '."""
    return (text or "").translate(_SPACES).split()


def _key(word: str) -> str:
    return word.lower().strip(_EDGE_PUNCTUATION)


def _quote(tokens: list[str], most: int = 12) -> str:
    return " ".join(tokens[:most]) + (" …" if len(tokens) > most else "")


@dataclass
class TurnError:
    kind: str
    gold_turn: int | None  # 0-based, None for leaked junk
    pred_turn: int | None
    words: int = 0  # dropped_text, leaked_junk: how many words
    quote: str = ""
    gold_label: str = ""
    pred_label: str = ""
    pred_speaker: str = ""
    other: str = ""  # inconsistent: the name the gold speaker got first; conflated: the speaker it was first given to

    def describe(self) -> str:
        """One line naming the error: where, its kind, what happened, the words concerned."""
        pred = f"predicted turn {(self.pred_turn or 0) + 1} ({self.pred_label})"
        where = f"turn {self.gold_turn + 1} ({self.gold_label})" if self.gold_turn is not None else pred
        what = {
            "missed_label": f"its label is in the text of {pred}",
            "merged_nolabel": f"merged into {pred}, its label in no turn",
            "false_label": f"{self.pred_label!r} taken for a label splits it",
            "split": f"spread over predicted turns {self.other}",
            "dropped_text": f"{self.words} words in no turn",
            "leaked_junk": f"{self.words} words of page furniture in its text",
            "inconsistent": f"speaker {self.pred_speaker!r}, where its first turn got {self.other!r}",
            "conflated": f"speaker {self.pred_speaker!r}, a name first given to {self.other!r}",
        }[self.kind]
        return f"{where}: {self.kind}: {what}" + (f": «{self.quote}»" if self.quote else "")


@dataclass
class TurnScore:
    gold: int = 0  # gold turns
    predicted: int = 0  # predicted turns
    labels_found: int = 0  # gold turns whose label was found
    bounds_right: int = 0  # ... with the right boundaries
    right: int = 0  # ... and a consistent speaker
    named: int = 0  # right turns whose speaker is the gold's name
    inserted: int = 0  # predicted text words that are not on the page
    errors: list[TurnError] = field(default_factory=list)
    boundaries: list[str] = field(default_factory=list)  # label found, boundaries wrong: what differs
    names: dict[str, Counter[str]] = field(default_factory=dict)  # gold speaker -> predicted names, turn counts


@dataclass
class TaggedPage:
    tokens: list[str]
    roles: list[int]  # JUNK, LABEL or TEXT
    turns: list[int]  # the gold turn a LABEL or TEXT word belongs to (-1 for junk)


def tag_page(text: str, gold_turns: list[dict[str, Any]]) -> TaggedPage:
    """Each word of the page tagged from the gold; GoldError when a gold turn is not on the page."""
    tokens: list[str] = []
    line_start: list[bool] = []
    for line in text.split("\n"):
        line_words = words(line)
        tokens.extend(line_words)
        line_start.extend(k == 0 for k in range(len(line_words)))
    roles = [JUNK] * len(tokens)
    owner = [-1] * len(tokens)
    pos = 0
    for i, turn in enumerate(gold_turns):
        label, begins, ends = words(turn["label"] + ":"), words(turn["begins"]), words(turn["ends"])
        start = next(
            (
                p
                for p in range(pos, len(tokens) - len(label) + 1)
                if line_start[p]
                and tokens[p : p + len(label)] == label
                and tokens[p + len(label) : p + len(label) + len(begins)] == begins
            ),
            None,
        )
        if start is None:
            raise GoldError(f"gold turn {i + 1} ({turn['label']}: {turn['begins']} …) is not on the page after turn {i}")
        first, end = start + len(label), start + len(label) + turn["words"]
        if end > len(tokens) or tokens[end - len(ends) : end] != ends:
            raise GoldError(f"gold turn {i + 1} ({turn['label']}) does not end with {turn['ends']!r} after {turn['words']} words")
        for k in range(start, first):
            roles[k], owner[k] = LABEL, i
        for k in range(first, end):
            roles[k], owner[k] = TEXT, i
        pos = end
    return TaggedPage(tokens, roles, owner)


def _predicted_tokens(turns: list[dict[str, Any]]) -> tuple[list[str], list[tuple[int, int]]]:
    tokens: list[str] = []
    tags: list[tuple[int, int]] = []
    for j, turn in enumerate(turns):
        for role, text in ((LABEL, str(turn.get("label") or "") + ":"), (TEXT, turn.get("text"))):
            found = words(text)
            tokens.extend(found)
            tags.extend([(role, j)] * len(found))
    return tokens, tags


def _align(page: list[str], predicted: list[str], tags: list[tuple[int, int]]) -> tuple[list[tuple[int, int] | None], int]:
    """For each page word, (role, predicted turn) of the predicted word aligned to it, or None; and the
    number of predicted text words aligned to no page word."""
    assign: list[tuple[int, int] | None] = [None] * len(page)
    used = [False] * len(predicted)
    for a, b, n in matching_blocks([_key(w) for w in page], [_key(w) for w in predicted]):
        assign[a : a + n] = tags[b : b + n]
        used[b : b + n] = [True] * n
    inserted = sum(1 for b, tag in enumerate(tags) if tag[0] == TEXT and not used[b])
    return assign, inserted


def score_turns(page_text: str, gold_turns: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> TurnScore:
    """One document's turns against the gold's, by alignment (predicted: the JSONL export's `turns`)."""
    page = tag_page(page_text, gold_turns)
    tokens, tags = _predicted_tokens(predicted)
    assign, inserted = _align(page.tokens, tokens, tags)
    score = TurnScore(gold=len(gold_turns), predicted=len(predicted), inserted=inserted)
    label_words: dict[int, list[int]] = {i: [] for i in range(len(gold_turns))}
    text_words: dict[int, list[int]] = {i: [] for i in range(len(gold_turns))}
    for k, (role, i) in enumerate(zip(page.roles, page.turns, strict=True)):
        if role == LABEL:
            label_words[i].append(k)
        elif role == TEXT:
            text_words[i].append(k)

    def error(kind: str, i: int | None, j: int | None, **details: Any) -> None:
        gold_label = gold_turns[i]["label"] if i is not None else ""
        pred_label = str(predicted[j].get("label")) if j is not None else ""
        score.errors.append(TurnError(kind, i, j, gold_label=gold_label, pred_label=pred_label, **details))

    label_of: dict[int, int] = {}  # gold turn -> the predicted turn whose label it is
    for i in range(len(gold_turns)):
        went_to = Counter(assign[k] for k in label_words[i]).most_common(1)[0][0]
        holders = Counter(tag[1] for k in text_words[i] if (tag := assign[k]) and tag[0] == TEXT)
        text = [page.tokens[k] for k in text_words[i]]
        if went_to is not None and went_to[0] == LABEL:
            label_of[i] = went_to[1]
        elif went_to is not None:
            error("missed_label", i, went_to[1], quote=_quote([page.tokens[k] for k in label_words[i]] + text))
        elif holders:
            j = holders.most_common(1)[0][0]
            if j in label_of.values():  # the label of an earlier gold turn
                error("merged_nolabel", i, j, quote=_quote(text))
        false_labels = sorted({tag[1] for k in text_words[i] if (tag := assign[k]) and tag[0] == LABEL})
        for j in false_labels:
            error("false_label", i, j, quote=_quote(words(predicted[j].get("label") or "") + [":"] + words(predicted[j].get("text"))))
        if len(holders) > 1 and not false_labels:
            error("split", i, None, other=", ".join(str(j + 1) for j in sorted(holders)), quote=_quote(text))
        dropped = [page.tokens[k] for k in text_words[i] if assign[k] is None]
        if len(dropped) >= DROPPED_MIN:
            error("dropped_text", i, None, words=len(dropped), quote=_quote(dropped))
    for run in _junk_in_turns(page, assign):
        error("leaked_junk", None, assign[run[0]][1], words=len(run), quote=_quote([page.tokens[k] for k in run]))  # type: ignore[index]
    consistent = _speakers(gold_turns, predicted, label_of, score, error)
    for i, j in label_of.items():
        got, gold = words(predicted[j].get("text")), gold_turns[i]
        wrong = _boundary_errors(got, gold)
        if wrong:
            score.boundaries.append(f"turn {i + 1} ({gold['label']}): boundaries: " + "; ".join(wrong))
            continue
        score.bounds_right += 1
        if consistent[i]:
            score.right += 1
            score.named += str(predicted[j].get("speaker")) == gold["speaker"]
    score.labels_found = len(label_of)
    score.errors.sort(key=lambda e: (e.gold_turn if e.gold_turn is not None else e.pred_turn or 0, ERROR_KINDS.index(e.kind)))
    return score


def _junk_in_turns(page: TaggedPage, assign: list[tuple[int, int] | None]) -> list[list[int]]:
    """Runs of consecutive junk words of the page that went into a predicted turn's text."""
    runs: list[list[int]] = []
    run: list[int] = []
    for k, tag in enumerate(assign):
        if tag is not None and tag[0] == TEXT and page.roles[k] == JUNK:
            run.append(k)
        elif run:
            runs.append(run)
            run = []
    return runs + [run] if run else runs


def _speakers(gold_turns: list[dict[str, Any]], predicted: list[dict[str, Any]], label_of: dict[int, int],
              score: TurnScore, error: Any) -> dict[int, bool]:
    """Which found turns have a consistent speaker; inconsistent and conflated ones are errors."""
    name_of: dict[str, str] = {}  # gold speaker -> the predicted name its first found turn got
    speaker_of: dict[str, str] = {}  # predicted name -> the gold speaker it was first given to
    consistent: dict[int, bool] = {}
    for i in sorted(label_of):
        j = label_of[i]
        gold, got = gold_turns[i]["speaker"], str(predicted[j].get("speaker"))
        score.names.setdefault(gold, Counter())[got] += 1
        first_name, first_speaker = name_of.setdefault(gold, got), speaker_of.setdefault(got, gold)
        consistent[i] = first_name == got and first_speaker == gold
        if first_name != got:
            error("inconsistent", i, j, pred_speaker=got, other=first_name)
        elif first_speaker != gold:
            error("conflated", i, j, pred_speaker=got, other=first_speaker)
    return consistent


def _boundary_errors(got: list[str], gold: dict[str, Any]) -> list[str]:
    wrong = []
    if abs(len(got) - gold["words"]) > WORD_TOLERANCE:
        wrong.append(f"{len(got)} words, not {gold['words']}")
    if got[:EDGE_WORDS] != words(gold["begins"]):
        wrong.append(f"begins {' '.join(got[:EDGE_WORDS])!r}, not {gold['begins']!r}")
    if got[-EDGE_WORDS:] != words(gold["ends"]):
        wrong.append(f"ends {' '.join(got[-EDGE_WORDS:])!r}, not {gold['ends']!r}")
    return wrong


def not_in_turns(banned: list[str], predicted: list[dict[str, Any]]) -> list[str]:
    """The gold's `not_in_turns` strings found in the turns' text (read as words, joined by one space)."""
    text = " ".join(" ".join(words(t.get("text"))) for t in predicted)
    return [s for s in banned if s in text]
