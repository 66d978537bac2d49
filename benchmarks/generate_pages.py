"""Synthetic en.kremlin.ru-like transcript pages (HTML and plain-text dumps) for benchmarks.

    python3 benchmarks/generate_pages.py OUT_DIR --pages N [--kind html|text|mixed] [--seed 0] [--manifest FILE]

Every page is 20-30 KB, unique and deterministic for its seed and index; the manifest records how
many speaker turns each page holds, so an ingest can be checked against it.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

MONTHS = "January February March April May June July August September October November December".split()
NBSP = "\xa0"
MIN_BYTES, MAX_BYTES = 20_600, 29_400  # each page's target size is drawn from this range
# Russian side by date; partners as (name, title, from, to); cities as (city, venue).
RUSSIA = [("Vladimir Putin", "2000-01-01", "2008-05-07"), ("Dmitry Medvedev", "2008-05-07", "2012-05-07"),
          ("Vladimir Putin", "2012-05-07", "2100-01-01")]
COUNTRIES: dict[str, tuple[str, str, str, list[tuple[str, str, str, str]], list[tuple[str, str]]]] = {
    "BY": ("Belarus", "Belarusian", "Minsk", [("Alexander Lukashenko", "President of the Republic of Belarus", "2000", "2100")],
           [("Minsk", "Palace of Independence"), ("Vitebsk", ""), ("Grodno", "")]),
    "KZ": ("Kazakhstan", "Kazakhstani", "Astana", [("Nursultan Nazarbayev", "President of Kazakhstan", "2000", "2019-03-20"),
           ("Kassym-Jomart Tokayev", "President of Kazakhstan", "2019-03-20", "2100")], [("Astana", "Akorda"), ("Almaty", "")]),
    "UZ": ("Uzbekistan", "Uzbekistani", "Tashkent", [("Islam Karimov", "President of Uzbekistan", "2000", "2016-09-08"),
           ("Shavkat Mirziyoyev", "President of Uzbekistan", "2016-09-08", "2100")], [("Tashkent", "Kuksaroy"), ("Samarkand", "")]),
    "CN": ("China", "Chinese", "Beijing", [("Jiang Zemin", "President of the People’s Republic of China", "2000", "2003-03-15"),
           ("Hu Jintao", "President of the People’s Republic of China", "2003-03-15", "2013-03-14"),
           ("Xi Jinping", "President of the People’s Republic of China", "2013-03-14", "2100")],
           [("Beijing", "Great Hall of the People"), ("Shanghai", "")]),
    "AZ": ("Azerbaijan", "Azerbaijani", "Baku", [("Heydar Aliyev", "President of Azerbaijan", "2000", "2003-10-31"),
           ("Ilham Aliyev", "President of Azerbaijan", "2003-10-31", "2100")], [("Baku", "")]),
    "AM": ("Armenia", "Armenian", "Yerevan", [("Robert Kocharyan", "President of Armenia", "2000", "2008-04-09"),
           ("Serzh Sargsyan", "President of Armenia", "2008-04-09", "2018-05-08"),
           ("Nikol Pashinyan", "Prime Minister of Armenia", "2018-05-08", "2100")], [("Yerevan", "")]),
    "KG": ("Kyrgyzstan", "Kyrgyz", "Bishkek", [("Almazbek Atambayev", "President of Kyrgyzstan", "2011-12-01", "2017-11-24"),
           ("Sooronbay Jeenbekov", "President of Kyrgyzstan", "2017-11-24", "2020-10-15"),
           ("Sadyr Japarov", "President of Kyrgyzstan", "2021-01-28", "2100")], [("Bishkek", ""), ("Cholpon-Ata", "")]),
}
RUSSIAN_PLACES = [("Moscow", "The Kremlin"), ("Moscow", "The Kremlin"), ("Moscow Region", "Novo-Ogaryovo"),
                  ("Sochi", "Bocharov Ruchei"), ("St Petersburg", "Konstantinovsky Palace"), ("Kazan", ""), ("Valdai", "")]
GIVEN = "Ivan Sergei Alexei Pavel Andrei Mikhail Nikolai Oleg Yury Dmitry Anna Olga Yelena Irina Natalya Tatyana".split()
FAMILY = "Petrovsky Sokolov Volkov Lebedev Morozov Orlov Belov Kuznetsov Gusev Zaitsev Romanov Karpov Frolov Vinogradov".split()
POSTS = ["Minister of Industry and Trade", "Minister of Energy", "Minister of Agriculture", "Minister of Transport",
         "Minister of Economic Development", "Minister of Finance", "Minister of Construction", "Deputy Prime Minister"]
OUTLETS = "TASS,RIA Novosti,Kommersant,RT,Interfax,Rossiya TV channel,Channel One,Xinhua,Khabar TV channel,BelTA".split(",")
AREAS = ("trade and economic cooperation|energy|agriculture|industrial cooperation|transport and logistics|the peaceful use "
         "of nuclear energy|humanitarian ties|education and science|regional security|military-technical cooperation|investment"
         "|the digital economy|healthcare|tourism|cross-border cooperation|interregional ties|mechanical engineering|"
         "pharmaceuticals|the gas sector|oil refining|grain exports|fertiliser supplies|the automotive industry|space research"
         "|information security|cultural exchanges|import substitution|microelectronics|water management|aircraft building").split("|")
ORGS = ("the Union State|the EAEU|the Eurasian Economic Union|the CIS|the CSTO|the SCO|BRICS|the Eurasian Development Bank|"
        "the intergovernmental commission").split("|")
GOODS = "grain|fertilisers|machinery|oil products|natural gas|vegetables|metals|timber|pharmaceuticals|buses and trucks|electricity".split("|")
PROJECTS = ("the new grain terminal|the joint automotive plant|the North–South transport corridor|the gas pipeline extension|the "
            "nuclear power plant project|the new industrial park|the joint venture in mechanical engineering|the logistics hub near "
            "{city}|the modernisation of border checkpoints|the cross-border railway line|the copper smelter|the fertiliser plant").split("|")
SUBJECTS = ("We|Our governments|Our experts|The relevant ministries|Our business communities|The intergovernmental commission|"
            "Russian companies|{adj} enterprises|Both sides|Our regions").split("|")
VERBS = ("have agreed to expand|intend to step up|are working to strengthen|will continue to develop|pay particular attention to|"
         "are committed to deepening|have made good progress in|should focus on|are ready to expand|have a lot to do in").split("|")
WHEN = ("last year|over the past five years|in the first half of the year|since the beginning of the year|in the first quarter|"
        "over the past year|in the last ten months").split("|")
BONDS = "centuries of friendship|a treaty of alliance|close humanitarian ties|a strategic partnership|common history".split("|")
TEMPLATES = [
    "{subj} {verb} {area}.", "Bilateral trade grew by {pct} {when} and reached {money}.",
    "According to our statistics, mutual trade amounted to {money} {when}, which is {pct} more than a year earlier.",
    "I would like to note the contribution of {org} to {area}.", "Our agenda is very extensive: {area}, {area} and {area}.",
    "{subj} {verb} {area}, and I am sure that {project} will be completed on schedule.",
    "The share of national currencies in our settlements has exceeded {pct}.", "Investment in {project} will amount to {money}.",
    "We have a lot to discuss today, including {area} and {area}.", "I am grateful for the attention you pay to {area}.",
    "Of course, we will continue to coordinate our positions within {org}.",
    "There are still problems in {area}, but they can certainly be resolved.", "Exports of {goods} to {country} increased by {pct} {when}.",
    "{country} is one of our key partners in {area}.", "This is a good result, achieved thanks to the joint work of our governments.",
    "I hope that the intergovernmental commission will hold its next meeting in {city}.",
    "We have agreed to set up a working group on {area}, and it will report back before the end of the year.",
    "Let me say a few words about {area}.", "Our experts estimate the potential of {area} at {money}.",
    "More than {num} {adj} companies operate in Russia, and their number keeps growing.",
    "The situation in the region remains complicated, and we are following it closely.",
    "Our positions on most international issues are close or coincide.",
    "We intend to sign {small} documents today, including a memorandum on {area}.", "In {city}, work is underway on {project}.",
    "Production has grown by {pct} {when}.", "As you know, we discussed {area} in detail in {city}.",
    "It is important that we keep the pace we have set in {area}.",
    "I will put it simply: without {area} there can be no real progress in {area}.",
    "Supplies of {goods} reached {qty} {when}.", "{country} and Russia are linked by {bond}.",
    "The number of students from {country} at Russian universities has reached {num} thousand.",
    "Mutual tourist flows have grown by {pct}, and new direct flights to {city} have opened.",
    "{Org} has proven its effectiveness, and we should make better use of its potential.",
    "Our companies are ready to invest {money} in {area} over the next three years.",
    "I would ask the Government to pay special attention to {project}.",
    "We see considerable potential in {area}, especially in the regions bordering {country}.",
    "The volume of freight carried along {project} has increased by {pct}.",
    "Frankly, we expected more from {area}, and we need to analyse the reasons together.",
]
QUESTIONS = ["How do you assess the prospects for {area}?", "What are the main results of today’s talks?",
             "Will {project} be completed on schedule?", "Does {country} plan to increase supplies of {goods}?",
             "How will {org} respond to the new restrictions?", "What is the current level of trade in national currencies?"]
SHORT = ("Yes.|Thank you.|Exactly.|Of course.|Agreed.|Thank you very much.|Yes, certainly.|Good.|Absolutely.|That is right."
         "|Please go ahead.|I agree with you.|Yes, indeed.|Certainly.|Thank you, colleagues.").split("|")
TOPICS = "Foreign policy|Trade and economic cooperation|Energy|Agriculture|Transport|Industry|Security|Investment|Humanitarian cooperation".split("|")


@dataclass
class Speaker:
    full: str  # label at the first turn
    short: str  # label at later turns
    tag: str = ""  # "Family Given" for the Persons list; empty for anonymous roles
    spoken: bool = False

    def label(self) -> str:
        first, self.spoken = not self.spoken, True
        return self.full if first else self.short


@dataclass
class Turn:
    label: str
    paras: list[list[str]] = field(default_factory=list)

    def words(self) -> int:
        return sum(len(s.split()) for p in self.paras for s in p)


class Writer:
    """Sentences from the templates, with the page's partner, cities and figures in the slots."""

    def __init__(self, rng: random.Random, country: str, adj: str, cities: list[str]) -> None:
        self.rng, self.country, self.adj, self.cities = rng, country, adj, cities
        choice = rng.choice
        self.slots = {
            "subj": lambda: choice(SUBJECTS).replace("{adj}", adj), "verb": lambda: choice(VERBS), "area": lambda: choice(AREAS),
            "org": lambda: choice(ORGS), "Org": lambda: choice(ORGS).capitalize(), "goods": lambda: choice(GOODS),
            "when": lambda: choice(WHEN), "bond": lambda: choice(BONDS), "city": lambda: choice(cities),
            "project": lambda: choice(PROJECTS).replace("{city}", choice(cities)), "country": lambda: country, "adj": lambda: adj,
            "pct": lambda: f"{rng.randint(2, 60)}{choice(('', '', f'.{rng.randint(1, 9)}'))} percent",
            "money": lambda: choice(("US${} billion", "${} billion", "{}0 billion rubles", "{} trillion rubles")).format(rng.randint(2, 95)),
            "num": lambda: str(rng.randint(3, 90) * 10), "small": lambda: str(rng.randint(5, 30)),
            "qty": lambda: f"{rng.randint(2, 40)}.{rng.randint(1, 9)} million tonnes",
        }
        self.compiled = [[(p, i % 2 == 1) for i, p in enumerate(re.split(r"\{(\w+)\}", t))] for t in TEMPLATES]

    def sentence(self, templates: list[list[tuple[str, bool]]] | None = None) -> str:
        parts = self.rng.choice(templates or self.compiled)
        return "".join(self.slots[p]() if slot else p for p, slot in parts)

    def turn(self, label: str, words: int, opener: str = "") -> Turn:
        rng, turn = self.rng, Turn(label)
        if words <= 3 and not opener:
            turn.paras.append([rng.choice(SHORT)])
            return turn
        para: list[str] = [opener] if opener else []
        count = len(opener.split())
        while count < words:
            sentence = self.sentence()
            count += len(sentence.split())
            para.append(sentence)
            if len(para) >= rng.randint(1, 5):
                turn.paras.append(para)
                para = []
        if para:
            turn.paras.append(para)
        return turn


def _date_text(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


@dataclass
class Page:
    index: int
    layout: str  # html, full (saved full page), print (print version)
    site_id: int
    day: date
    clock: str
    place: str  # "The Kremlin, Moscow"
    city: str
    title: str
    leads: list[str]
    captions: list[str]
    tags: dict[str, list[str]]
    items: list[Turn | str] = field(default_factory=list)  # turns, "<…>" and "* * *"

    @property
    def url(self) -> str:
        return f"http://en.kremlin.ru/events/president/transcripts/{self.site_id}"


def plan(rng: random.Random, index: int, kind: str) -> tuple[Page, Writer, list[Speaker], str]:
    """The page's event: date, place, speakers, title, leads and captions (the turns come later)."""
    day = date(2000, 6, 1) + timedelta(days=rng.randrange(8980))
    iso = day.isoformat()
    host_name = next(name for name, start, end in RUSSIA if start <= iso < end)
    codes = [c for c, v in COUNTRIES.items() if any(s <= iso < e for _, _, s, e in v[3])]
    code = rng.choice(codes)
    cname, adj, capital, leaders, abroad = COUNTRIES[code]
    guest, gtitle = next((n, t) for n, t, s, e in leaders if s <= iso < e)
    at_home = rng.random() < 0.6
    city, venue = rng.choice(RUSSIAN_PLACES if at_home else abroad)
    if city == "Astana" and "2019-03-23" <= iso < "2022-09-17":
        city = "Nur-Sultan"
    host = Speaker(f"President of Russia {host_name}", host_name, " ".join(host_name.split()[::-1]))
    gfirst, glast = guest.split(" ", 1)
    partner = Speaker(f"{gtitle} {guest}", rng.choice([guest, guest, f"{gfirst[0]}. {glast}"]), f"{glast} {gfirst}")
    speakers, event = [host, partner], rng.choice(["talks", "talks", "meeting", "conference", "working", "summit"])
    title = f"Russian–{adj} talks" if rng.random() < 0.5 else f"Russian-{adj} talks"
    lead = f"{host_name} held talks with {gtitle} {guest}"
    if event == "meeting":
        title, lead = f"Meeting with {gtitle.replace('the Republic of ', '')} {guest}", f"{host_name} met with {gtitle} {guest}"
    elif event == "conference":
        title, lead = f"Press statements and answers to media questions following {title}", f"{host_name} and {guest} answered questions from journalists"
        speakers.append(Speaker("Question", "Question"))
        if iso >= "2012-05-22":
            speakers.append(Speaker("Presidential Press Secretary Dmitry Peskov", "D. Peskov", "Peskov Dmitry"))
    elif event == "working":
        given, family, post = rng.choice(GIVEN), rng.choice(FAMILY), rng.choice(POSTS)
        speakers[1] = Speaker(f"{post} {given} {family}", rng.choice([f"{given} {family}", f"{given[0]}. {family}"]), f"{family} {given}")
        title, lead = f"Meeting with {post} {given} {family}", f"{host_name} had a working meeting with {post} {given} {family}"
        city, venue = rng.choice(RUSSIAN_PLACES)
    elif event == "summit":
        others = [c for c in codes if c != code and c != "CN"][:4]
        for c in others:
            n, t = next((n, t) for n, t, s, e in COUNTRIES[c][3] if s <= iso < e)
            speakers.append(Speaker(f"{t} {n}", n, " ".join(n.split(" ", 1)[::-1])))
        title = rng.choice(["Meeting of the Supreme Eurasian Economic Council", "Informal meeting of CIS heads of state"])
        if "Eurasian" in title and iso < "2015-01-01":
            title = "Meeting of the Supreme State Council of the Union State"
        lead = f"{host_name} took part in the {title[0].lower()}{title[1:]}"
    if rng.random() < 0.25 and event != "working":
        given, family, post = rng.choice(GIVEN), rng.choice(FAMILY), rng.choice(POSTS)
        speakers.append(Speaker(f"{post} {given} {family}", f"{given} {family}", f"{family} {given}"))
    where = f"{venue}, {city}" if venue else city
    writer = Writer(rng, cname, adj, [capital, city, rng.choice(["Kazan", "Novosibirsk", "Yekaterinburg", "Vladivostok"])])
    leads = [f"{lead} in {city}." if rng.random() < 0.5 else f"{lead}.", *[writer.sentence() for _ in range(rng.randint(0, 3))]]
    captions = [f"{rng.choice(['Before', 'During', 'After', 'At'])} the {rng.choice(['talks', 'meeting', 'talks in expanded format', 'ceremony'])} with {gtitle} {guest}."
                for _ in range(rng.randint(1, 5))]
    tags = {"Geography": [cname], "Topics": rng.sample(TOPICS, rng.randint(1, 3)), "Persons": [s.tag for s in speakers[1:] if s.tag]}
    page = Page(index, "html", 10_000 + index * 3 + rng.randint(0, 2), day, f"{rng.randint(9, 20)}:{rng.choice(['00', '15', '30', '45'])}",
                where, city, title, [" ".join(leads[:2]), " ".join(leads[2:])] if len(leads) > 2 else leads, captions, tags)
    return page, writer, speakers, event


def make_turns(rng: random.Random, writer: Writer, speakers: list[Speaker], event: str, n: int, budget_words: int) -> list[Turn | str]:
    """n turns whose lengths (1-370 words each) add up to about budget_words; "<…>" and "* * *" between some."""
    lengths = [rng.randint(1, 3) if rng.random() < 0.25 else int(rng.paretovariate(1.2) * 25) for _ in range(n)]
    long_total = sum(w for w in lengths if w > 3) or 1
    scale = max(0.0, budget_words - sum(w for w in lengths if w <= 3)) / long_total
    lengths = [w if w <= 3 else max(4, min(370, int(w * scale))) for w in lengths]
    order = []
    host, other = speakers[0], speakers[1]
    roles = [s for s in speakers if s.full == "Question"]
    for i in range(n):
        if event == "conference" and i >= 2 and roles:
            order.append(roles[0] if i % 2 == 0 else rng.choice([host, other]))
        elif event == "summit" and i % 2 == 1:
            order.append(rng.choice(speakers[1:]))
        else:
            order.append(rng.choice(speakers[1:]) if i % 2 else host)
    items: list[Turn | str] = []
    for i, (speaker, words) in enumerate(zip(order, lengths)):
        if i and rng.random() < 0.04:
            items.append(rng.choice(["<…>", "* * *"]))
        label = speaker.label()
        if speaker.full == "Question":
            outlet = rng.choice(OUTLETS)
            label = rng.choice(["Question", "Question", f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}, {outlet}"])
            turn = Turn(label, [[f"Good afternoon. {outlet}.", writer.sentence(writer.question_templates)]])
        else:
            opener = "Colleagues, friends," if i == 0 and words > 3 else ""
            turn = writer.turn(label, words, opener)
        items.append(turn)
    if rng.random() < 0.2:
        items.append("<…>")
    return items


def render_html(page: Page, body: str, filler: str) -> str:
    ...
