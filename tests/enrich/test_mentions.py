"""Mentions: gazetteer aliases and abbreviations resolved to canonical entities; the optional model."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from summitry.enrich.mentions import find_mentions, load_gazetteer, model_mentions


def entities(text: str) -> list[tuple[str, str, str]]:
    return [(m.entity, m.type, text[s:e]) for m in find_mentions(text) for s, e in m.spans]


@pytest.mark.parametrize(
    ("text", "entity", "kind", "printed"),
    [
        ("Our partners in the EAEU agree.", "eaeu", "organisation", "EAEU"),
        ("Within the Eurasian Economic Union we trade freely.", "eaeu", "organisation", "Eurasian Economic Union"),
        ("The ЕАЭС was founded in 2015.", "eaeu", "organisation", "ЕАЭС"),
        ("The CSTO met in Yerevan.", "csto", "organisation", "CSTO"),
        ("We build the Union State step by step.", "union-state", "organisation", "Union State"),
        ("The Supreme State Council will meet.", "supreme-state-council", "organisation", "Supreme State Council"),
        ("NATO keeps expanding.", "nato", "organisation", "NATO"),
        ("Relations with the Republic of Belarus are close.", "BY", "country", "Republic of Belarus"),
        ("The talks took place in Minsk.", "city:minsk", "place", "Minsk"),
        ("As Lukashenka said yesterday.", "alexander-lukashenko", "person", "Lukashenka"),
        ("В.Путин отметил важность встречи.", "vladimir-putin", "person", "В.Путин"),
        ("Alexander Grigoryevich, thank you.", "alexander-lukashenko", "person", "Alexander Grigoryevich"),
    ],
)
def test_aliases_resolve_to_one_canonical_entity(text, entity, kind, printed):
    assert (entity, kind, printed) in entities(text)


def test_the_longest_alias_wins_and_repeats_are_gathered():
    found = find_mentions("The Supreme State Council of the Union State met; the Supreme State Council of the Union State agreed.")
    assert [(m.entity, len(m.spans)) for m in found] == [("supreme-state-council", 2)]


@pytest.mark.parametrize(
    "text",
    [
        "It is US$45 billion.",  # "US" before "$" is a currency, not the United States
        "The NATOX company and CISCO are not organisations of ours.",  # inside longer words
        "Aliyev spoke first.",  # two persons bear the name: it says nothing alone
        "the union state of things",  # aliases are matched as printed
    ],
)
def test_no_mention_where_none_is_meant(text):
    assert find_mentions(text) == []


def test_the_gazetteer_lookup_takes_ids_names_and_aliases_in_any_case():
    gazetteer = load_gazetteer()
    assert {gazetteer.lookup(q).id for q in ("EAEU", "eaeu", "Eurasian Economic Union", "ЕАЭС")} == {"eaeu"}
    assert gazetteer.lookup("nothing of the kind") is None


class FakeModel:
    """Stands for a spaCy pipeline: .pipe(texts) gives docs with .ents (start_char, end_char, label_, text)."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def pipe(self, texts):
        for text in texts:
            ents = []
            for name, label in self.names.items():
                at = text.find(name)
                if at >= 0:
                    ents.append(SimpleNamespace(start_char=at, end_char=at + len(name), label_=label, text=name))
            yield SimpleNamespace(ents=ents)


def test_a_model_adds_names_the_gazetteer_lacks_without_doubling_those_it_knows():
    text = "Zorbania and the EAEU signed with Acme Holdings; Minsk hosted."
    known = [find_mentions(text)]
    model = FakeModel({"Zorbania": "GPE", "EAEU": "ORG", "Acme Holdings": "ORG", "Tuesday": "DATE"})
    (merged,) = model_mentions([text], known, model)
    assert sorted((m.entity, m.type, len(m.spans)) for m in merged) == [
        ("city:minsk", "place", 1), ("eaeu", "organisation", 1),
        ("ner:acme-holdings", "organisation", 1), ("ner:zorbania", "place", 1),
    ]
