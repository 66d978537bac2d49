"""Synthetic en.kremlin.ru-like meeting transcripts (HTML pages and plain-text dumps) for benchmarks.

    python3 benchmarks/generate_pages.py OUT_DIR --pages N [--kind html|text|mixed] [--seed 0] [--manifest FILE]

Each page is 20-30 KB, unique, and depends only on the seed and its number; the manifest (JSON) gives
the number of speaker turns of every page, so that an ingest can be checked against it.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def _list(text: str) -> list[str]:
    return text.split("|")


MONTHS = _list("January|February|March|April|May|June|July|August|September|October|November|December")
MIN_BYTES, MAX_BYTES = 20_800, 29_300  # the range each page's size is drawn from
NBSP, FILLER = "\xa0", "\x00"
RUSSIA = [("Vladimir Putin", "2000", "2008-05-07"), ("Dmitry Medvedev", "2008-05-07", "2012-05-07"), ("Vladimir Putin", "2012-05-07", "2100")]
PRC = "President of the People’s Republic of China"
# code: (country, adjective, capital, [(leader, title, from, to)], [(city, venue)])
COUNTRIES: dict[str, tuple[str, str, str, list[tuple[str, str, str, str]], list[tuple[str, str]]]] = {
    "BY": ("Belarus", "Belarusian", "Minsk", [("Alexander Lukashenko", "President of the Republic of Belarus", "2000", "2100")],
           [("Minsk", "Palace of Independence"), ("Vitebsk", ""), ("Grodno", "")]),
    "KZ": ("Kazakhstan", "Kazakhstani", "Astana", [("Nursultan Nazarbayev", "President of Kazakhstan", "2000", "2019-03-20"),
           ("Kassym-Jomart Tokayev", "President of Kazakhstan", "2019-03-20", "2100")], [("Astana", "Akorda"), ("Almaty", "")]),
    "UZ": ("Uzbekistan", "Uzbekistani", "Tashkent", [("Islam Karimov", "President of Uzbekistan", "2000", "2016-09-08"),
           ("Shavkat Mirziyoyev", "President of Uzbekistan", "2016-09-08", "2100")], [("Tashkent", "Kuksaroy"), ("Samarkand", "")]),
    "CN": ("China", "Chinese", "Beijing", [("Jiang Zemin", PRC, "2000", "2003-03-15"), ("Hu Jintao", PRC, "2003-03-15", "2013-03-14"),
           ("Xi Jinping", PRC, "2013-03-14", "2100")], [("Beijing", "Great Hall of the People"), ("Shanghai", "")]),
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
GIVEN_M, GIVEN_F = _list("Ivan|Sergei|Alexei|Pavel|Andrei|Mikhail|Nikolai|Oleg|Yury|Dmitry"), _list("Anna|Olga|Yelena|Irina|Natalya|Tatyana")
FAMILY = _list("Petrovsky|Sokolov|Volkov|Lebedev|Morozov|Orlov|Belov|Kuznetsov|Gusev|Zaitsev|Romanov|Karpov|Frolov|Vinogradov")
PRESS = _list("Zhukov|Makarov|Nikitin|Tikhonov|Fedotov|Sorokin|Kovalev|Yegorov|Melnikov|Gromov|Savin|Denisov")
POSTS = _list("Minister of Industry and Trade|Minister of Energy|Minister of Agriculture|Minister of Transport|Minister of Economic "
              "Development|Minister of Finance|Minister of Construction|Deputy Prime Minister")
OUTLETS = _list("TASS|RIA Novosti|Kommersant|RT|Interfax|Rossiya TV channel|Channel One|Xinhua|Khabar TV channel|BelTA")
AREAS = _list("trade and economic cooperation|energy|agriculture|industrial cooperation|transport and logistics|the peaceful use of "
              "nuclear energy|humanitarian ties|education and science|regional security|military-technical cooperation|investment|"
              "the digital economy|healthcare|tourism|cross-border cooperation|interregional ties|mechanical engineering|pharmaceuticals"
              "|the gas sector|oil refining|grain exports|fertiliser supplies|the automotive industry|space research|information security"
              "|cultural exchanges|import substitution|microelectronics|water management|aircraft building")
ORGS = _list("the Union State|the EAEU|the Eurasian Economic Union|the CIS|the CSTO|the SCO|BRICS|the Eurasian Development Bank")
GOODS = _list("grain|fertilisers|oil products|coal|metals|timber|vegetables and fruit|sugar|cement")
PROJECTS = _list("the new grain terminal|the joint automotive plant|the gas pipeline extension|the nuclear power plant project|the new "
                 "industrial park|the joint venture in mechanical engineering|the logistics hub near {city}|the copper smelter|the "
                 "modernisation of border checkpoints|the fertiliser plant|the joint university campus|the hydropower plant")
ROUTES = _list("the North–South transport corridor|the cross-border railway line|the Northern Sea Route|the East–West route|the new motorway")
SUBJECTS = _list("We|Our governments|Our experts|The relevant ministries|Our business communities|The intergovernmental commission|"
                 "Russian companies|{adj} enterprises|Both sides|Our regions")
VERBS = _list("have agreed to expand|intend to step up|are working to strengthen|will continue to develop|pay particular attention to|"
              "are committed to deepening|have made good progress in|should focus on|are ready to expand|have a lot to do in")
WHEN = _list("last year|over the past five years|in the first half of the year|since the beginning of the year|in the first quarter|"
             "over the past year|in the last ten months")
BONDS = _list("centuries of friendship|a treaty of alliance|close humanitarian ties|a strategic partnership|a common history")
OPENERS = _list("Colleagues, good afternoon.|Mr President, friends, good afternoon.|Good afternoon, colleagues.|Dear Mr President, dear "
                "friends, welcome.|Friends, let us begin.|Good afternoon.")
SHORT = _list("Yes.|Thank you.|Exactly.|Of course.|Agreed.|Thank you very much.|Yes, certainly.|Good.|Absolutely.|That is right."
              "|Please go ahead.|I agree with you.|Yes, indeed.|Certainly.|Thank you, colleagues.|Quite so.|Go ahead, please.")
TOPICS = _list("Foreign policy|Trade and economic cooperation|Energy|Agriculture|Transport|Industry|Security|Investment|Humanitarian cooperation")
TEMPLATES = [
    "{subj} {verb} {area}.", "Bilateral trade grew by {pct} {when} and reached {money}.", "Let me say a few words about {area}.",
    "According to our statistics, mutual trade amounted to {money} {when}, which is {pct} more than a year earlier.",
    "I would like to note the contribution of {org} to {area}.", "Our agenda is very extensive: {areas3}.",
    "{subj} {verb} {area}, and I am sure that {project} will be completed on schedule.", "Investment in {project} will amount to {money}.",
    "The share of national currencies in our settlements has exceeded {pct}.", "We have a lot to discuss today, including {areas2}.",
    "I am grateful for the attention you pay to {area}.", "Of course, we will continue to coordinate our positions within {org}.",
    "There are still problems in {area}, but they can certainly be resolved.", "Exports of {goods} to {country} increased by {pct} {when}.",
    "{country} is one of our key partners in {area}.", "This is a good result, achieved thanks to the joint work of our governments.",
    "I hope that the intergovernmental commission will hold its next meeting in {city}.", "Work is underway on {project}.",
    "We have agreed to set up a working group on {area}, and it will report back before the end of the year.",
    "Our experts estimate the potential of {area} at {money}.", "Industrial production in the border regions has grown by {pct} {when}.",
    "More than {num} {adj} companies operate in our country, and their number keeps growing.", "Freight traffic along {route} rose by {pct}.",
    "The situation in the region remains complicated, and we are following it closely.", "Our countries are linked by {bond}.",
    "Our positions on most international issues are close or coincide.", "As you know, we discussed {area} in detail in {city}.",
    "We intend to sign {small} documents today, including a memorandum on {area}.", "Supplies of {goods} reached {qty} {when}.",
    "It is important that we keep the pace we have set in {area}.", "I will put it simply: without {area} there can be no real progress in {area}.",
    "The number of {adj} students at our universities has reached {small} thousand.",
    "Mutual tourist flows have grown by {pct}, and new direct flights to {city} have opened.",
    "{Org} has proven its effectiveness, and we should make better use of its potential.",
    "Our companies are ready to invest {money} in {area} over the next three years.", "I would ask the Government to keep {project} under control.",
    "We see considerable potential in {area}, especially in the regions bordering {country}.", "We can return to {area} later in a restricted format.",
    "Frankly, we expected more from {area}, and we need to analyse the reasons together.", "I fully agree with what has been said about {area}.",
    "Our colleagues from {country} have proposed a number of interesting ideas on {area}, and we are ready to consider them.",
    "Over {small} thousand jobs will be created in {city} once {project} reaches full capacity.", "The instructions on {area} have been carried out.",
]
QUESTIONS = ["How do you assess the prospects for {area}?", "What are the main results of today’s talks?", "Will {project} be completed on schedule?",
             "Does {country} plan to increase purchases of {goods}?", "How will {org} respond to the new restrictions?",
             "What is the current share of national currencies in mutual settlements?", "When will traffic along {route} begin?"]
LEADS = ["The talks focused on {areas2}.", "The parties discussed {areas3}.", "The agenda included {area} and cooperation within {org}.",
         "A package of {small} documents was signed following the talks.", "The leaders also exchanged views on {area}."]
NAV = _list("Events|Structure|Videos and Photos|Documents|Contacts|Search")
SECTIONS = {"Events": _list("News|Transcripts|Trips|Telephone conversations|Messages|Orders and instructions"),
            "Structure": _list("President|Presidential Executive Office|Security Council|State Council|Commissions and Councils"),
            "Documents": _list("Laws|Executive orders|Acts|Bills|Constitution")}
RESOURCES = _list("Telegram Channel|Rutube Channel|YouTube Channel|State Insignia|The Constitution of Russia|Address an appeal to "
                  "the President|Version for People with Disabilities|For the Media|Subscribe")
_SHORT_WORDS = re.compile(r"(?<!\S)([Aa]n?|[Tt]he|[Oo]f|[Tt]o|[Ii]n|[Oo]n|[Aa]t|[Bb]y|[Ff]or|[Aa]nd|[Oo]r|[Aa]s|I) ")


def _glue(text: str) -> str:
    """The print version's non-breaking space after short words: "President of\xa0Russia"."""
    return _SHORT_WORDS.sub("\\1" + NBSP, text)


def _date(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _compile(template: str) -> list[tuple[str, bool]]:
    """"Work is underway on {project}." -> [("Work is underway on ", False), ("project", True), (".", False)]."""
    return [(part, i % 2 == 1) for i, part in enumerate(re.split(r"\{(\w+)\}", template)) if part]


STATEMENTS, QUESTION_FORMS, LEAD_FORMS = ([_compile(t) for t in forms] for forms in (TEMPLATES, QUESTIONS, LEADS))
# Real transcripts state about 2-6 figures per 1,000 words (the seed pages: 3.2); a sentence carries a
# figure about one time in fifteen, as there.
FIGURE_SLOTS = {"pct", "num", "money", "small", "qty"}
WITH_FIGURES = [f for f in STATEMENTS if any(slot and part in FIGURE_SLOTS for part, slot in f)]
PLAIN = [f for f in STATEMENTS if f not in WITH_FIGURES]
FIGURE_SHARE = 1 / 15


@dataclass
class Speaker:
    full: str  # the label of the first turn
    short: str  # the label of later turns
    tag: str  # "Family Given", as the Persons list prints it
    garbled: str = ""  # a text dump's first label with tooltip text glued in
    russian: bool = False  # speaks of the partner country (else of Russia) as the other side
    spoken: bool = False

    def label(self, rng: random.Random, garble: bool) -> str:
        first, self.spoken = not self.spoken, True
        if first and garble and self.garbled and rng.random() < 0.15:
            return self.garbled
        return self.full if first else self.short


@dataclass
class Turn:
    label: str
    paras: list[list[str]]  # paragraphs of sentences
    grow: bool = True  # may take more sentences (not a question or a one-line reply)

    def words(self) -> int:
        return sum(s.count(" ") + 1 for para in self.paras for s in para)

    def drop(self) -> None:
        self.paras[-1].pop()
        if not self.paras[-1]:
            self.paras.pop()


Item = Turn | str  # a turn, "<…>", "* * *" or, in HTML, "@caption" of an inline photo


class Writer:
    """Sentences from the templates; the page's partner, its cities and fresh figures fill the slots."""

    def __init__(self, rng: random.Random, country: str, adj: str, cities: list[str], year: int) -> None:
        self.rnd, self.last, self.partner, self.other = (rnd := rng.random), "", (country, adj), (country, adj)

        def pick(seq: Sequence[T]) -> T:  # rng.choice, three times faster
            return seq[int(rnd() * len(seq))]

        def num(low: int, high: int) -> int:
            return low + int(rnd() * (high - low + 1))

        self.pick = pick
        orgs = [o for o in ORGS if year >= 2015 or "Eurasian E" not in o and "EAEU" not in o]
        self.slots = {
            "subj": lambda: pick(SUBJECTS).replace("{adj}", self.other[1]), "verb": lambda: pick(VERBS), "area": lambda: pick(AREAS),
            "areas2": lambda: " and ".join(rng.sample(AREAS, 2)), "areas3": lambda: "{}, {} and {}".format(*rng.sample(AREAS, 3)),
            "org": lambda: pick(orgs), "Org": lambda: (o := pick(orgs))[0].upper() + o[1:], "goods": lambda: pick(GOODS),
            "when": lambda: pick(WHEN), "bond": lambda: pick(BONDS), "city": lambda: pick(cities), "country": lambda: self.other[0],
            "project": lambda: pick(PROJECTS).replace("{city}", pick(cities)), "route": lambda: pick(ROUTES), "adj": lambda: self.other[1],
            "pct": lambda: f"{num(2, 60)}{pick(('', '', f'.{num(1, 9)}'))} percent", "num": lambda: str(num(3, 90) * 10),
            "money": lambda: pick(("US${} billion", "${} billion", "{}0 billion rubles", "1.{} trillion rubles")).format(num(2, 95)),
            "small": lambda: str(num(5, 30)), "qty": lambda: f"{num(2, 40)}.{num(1, 9)} million tonnes",
        }

    def sentence(self, forms: list[list[tuple[str, bool]]] | None = None) -> str:
        slots = self.slots
        while True:
            pool = forms or (WITH_FIGURES if self.rnd() < FIGURE_SHARE else PLAIN)
            text = "".join([slots[p]() if slot else p for p, slot in self.pick(pool)])
            if text != self.last:
                self.last = text
                return text

    def turn(self, label: str, goal: int, opener: str = "", russian: bool = True) -> Turn:
        """Statements up to about goal bytes (a one-line reply if goal is 0) and never more than ~370 words."""
        self.other = self.partner if russian else ("Russia", "Russian")
        if goal <= 0:
            return Turn(label, [[self.pick(SHORT)]], grow=False)
        paras: list[list[str]] = []
        para, size, words = ([opener], len(opener), 3) if opener else ([], 0, 0)
        while words < 345:
            sentence = self.sentence()
            if (paras or para) and size + len(sentence) > goal:
                break
            para.append(sentence)
            size, words = size + len(sentence) + 1, words + sentence.count(" ") + 1
            if len(para) > self.rnd() * 5:
                paras.append(para)
                para = []
        return Turn(label, paras + [para] if para else paras)


@dataclass
class Page:
    layout: str  # html, full (a saved full page) or print (the print version)
    code: str  # the partner country
    site_id: int
    day: date
    clock: str
    place: str  # "The Kremlin, Moscow"
    title: str
    leads: list[str]
    captions: list[str]
    tags: dict[str, list[str]]
    related: list[str]

    @property
    def url(self) -> str:
        return f"http://en.kremlin.ru/events/president/transcripts/{self.site_id}"


def _leader(code: str, iso: str) -> tuple[str, str] | None:
    return next(((n, t) for n, t, start, end in COUNTRIES[code][3] if start <= iso < end), None)


def _person(title: str, name: str, rng: random.Random, family_first: bool = False, russian: bool = False) -> Speaker:
    given, family = name.split(" ", 1)
    if family_first:  # Xi Jinping: no initials, the Persons list keeps the order
        return Speaker(f"{title} {name}", name, name, russian=russian)
    short_title = title.replace("the Republic of ", "").replace("the People’s Republic of ", "")
    garbled = f"{short_title} {name} {family} {given} {family} {given}{short_title} "
    return Speaker(f"{title} {name}", rng.choice([name, name, name, f"{given[0]}. {family}"]), f"{family} {given}", garbled, russian)


def _official(rng: random.Random) -> tuple[str, str]:
    female, family = rng.random() < 0.3, rng.choice(FAMILY)
    family = (family[:-1] + "aya" if family.endswith("y") else family + "a") if female else family
    return rng.choice(POSTS), f"{rng.choice(GIVEN_F if female else GIVEN_M)} {family}"


def plan(rng: random.Random, index: int, layout: str) -> tuple[Page, Writer, list[Speaker], str]:
    """A page's event: date, place, speakers (the Russian host first), title, leads, captions and tags."""
    day = date(2000, 6, 1) + timedelta(days=rng.randrange(8980))
    iso = day.isoformat()
    host = next(name for name, start, end in RUSSIA if start <= iso < end)
    leaders = {c: found for c in COUNTRIES if (found := _leader(c, iso))}
    event = rng.choice(["talks", "talks", "meeting", "conference", "working", "summit"])
    summit = rng.choice(["Meeting of the Supreme Eurasian Economic Council", "Informal meeting of CIS heads of state"])
    summit = "Informal meeting of CIS heads of state" if iso < "2015" else summit  # the EAEU dates from 2015
    outside = ("CN", "AZ") if "Eurasian" in summit else ("CN",)
    members = [c for c in leaders if event != "summit" or c not in outside]
    code = rng.choice(members)
    (guest, gtitle), (cname, adj, capital, _, abroad) = leaders[code], COUNTRIES[code]
    city, venue = rng.choice(RUSSIAN_PLACES if rng.random() < 0.6 else abroad)
    speakers = [Speaker(f"President of Russia {host}", host, "", russian=True), _person(gtitle, guest, rng, code == "CN")]
    title, lead = f"Russian{rng.choice('–-')}{adj} talks", f"{host} held talks with {gtitle} {guest}"
    if event == "meeting":
        title, lead = f"Meeting with {speakers[1].full.replace('the Republic of ', '')}", f"{host} met with {gtitle} {guest}"
    elif event == "conference":
        title = f"Press statements and answers to media questions following {title}"
        lead = f"Following the talks, {host} and {guest} made press statements and answered questions from journalists"
        if iso >= "2012-05-22":
            speakers.append(Speaker("Presidential Press Secretary Dmitry Peskov", "D. Peskov", "Peskov Dmitry", russian=True))
    elif event == "working":
        post, name = _official(rng)
        speakers[1], (city, venue) = _person(post, name, rng, russian=True), rng.choice(RUSSIAN_PLACES)
        title, lead = f"Meeting with {post} {name}", f"{host} had a working meeting with {post} {name}"
    elif event == "summit":
        speakers += [_person(leaders[c][1], leaders[c][0], rng) for c in members if c != code][:4]
        title, lead = summit, f"{host} took part in the {summit[0].lower()}{summit[1:]}"
    if event != "working" and rng.random() < 0.25:
        speakers.append(_person(*_official(rng), rng, russian=True))
    if city == "Astana" and "2019-03-23" <= iso < "2022-09-17":
        city = "Nur-Sultan"
    writer = Writer(rng, cname, adj, [capital, city, rng.choice(["Kazan", "Novosibirsk", "Yekaterinburg", "Vladivostok"])], day.year)
    leads = [f"{lead} in {city}." if rng.random() < 0.5 else f"{lead}."] + [writer.sentence(LEAD_FORMS) for _ in range(rng.randint(0, 3))]
    what = ["talks", "meeting", "talks in expanded format", "signing ceremony"]
    captions = [f"{rng.choice(['Before', 'During', 'After', 'At'])} the {rng.choice(what)} with {speakers[1].full}." for _ in range(5)]
    tags = {"Geography": [cname], "Topics": rng.sample(TOPICS, rng.randint(1, 3)), "Persons": [s.tag for s in speakers[1:]]}
    related = [f"Telephone conversation with {speakers[1].full}", f"Meeting with {speakers[1].full}", "Meeting with Government members",
               "Meeting with Security Council permanent members", f"Greetings on {cname}’s national holiday"]
    page = Page(layout, code, 10_000 + index * 3 + rng.randint(0, 2), day, f"{rng.randint(9, 20):02d}:{rng.choice(['00', '15', '30', '45'])}",
                f"{venue}, {city}" if venue else city, title, [" ".join(leads[:2])] + [" ".join(leads[2:])] * (len(leads) > 2),
                list(dict.fromkeys(captions[: rng.randint(1, 5)])), tags, related)
    return page, writer, speakers, event


def make_turns(rng: random.Random, writer: Writer, speakers: list[Speaker], event: str, n: int, goal: int, layout: str) -> list[Item]:
    """n turns, a quarter of them one-line replies, the others sharing about goal bytes; now and then "<…>" or "* * *"."""
    weights = [0.0 if i and rng.random() < 0.25 else min(20.0, rng.paretovariate(1.2)) for i in range(n)]  # opening statement first
    unit = max(0, goal - 45 * n) / (sum(weights) or 1.0)  # labels and markup take about 45 bytes a turn
    host, partner, items = speakers[0], speakers[1], []
    for i, weight in enumerate(weights):
        if i and rng.random() < 0.04:
            items.append(rng.choice(["<…>", "* * *"]))
        elif i and layout == "html" and rng.random() < 0.05:
            items.append("@" + rng.choice(["During the talks.", "At the meeting.", "Talks in expanded format."]))
        if event == "conference" and i >= 2:
            if i % 2 == 0 and rng.random() < 0.8:
                name, outlet = f"{rng.choice(GIVEN_M)} {rng.choice(PRESS)}", rng.choice(OUTLETS)
                label, intro = ("Question", f"Good afternoon. {name}, {outlet}.") if rng.random() < 0.6 else (f"{name}, {outlet}", "Thank you.")
                items.append(Turn(label, [[intro, writer.sentence(QUESTION_FORMS)]], grow=False))
                continue
            speaker = rng.choice([host, partner] if i % 2 else speakers[2:3] or [host])
        elif i % 2 == 0 and (event != "summit" or rng.random() < 0.7):
            speaker = host
        else:
            speaker = rng.choice(speakers[1:] + [partner] * 2)
        opener = rng.choice(OPENERS) if not speaker.spoken and weight else ""
        items.append(writer.turn(speaker.label(rng, layout == "full"), int(weight * unit), opener, speaker.russian))
    return items + ["<…>"] * (rng.random() < 0.15)


def body_html(items: list[Item], style: float, code: str) -> str:
    marks = {"<…>": "<p>&lt;…&gt;</p>", "* * *": '<p class="text-center">* * *</p>'}
    country, out = COUNTRIES[code][0], []
    for item in items:
        if isinstance(item, str):
            out.append(marks.get(item) or '<figure class="read__figure read__figure_inline"><img src="/media/events/photos/inline.jpg"'
                       f' alt="" width="640" height="427"><figcaption>{item[1:]}</figcaption></figure>')
            continue
        label = item.label.replace(" ", "&nbsp;") if style < 0.1 and len(item.label) < 24 else item.label
        head = f"<b>{label}</b>:" if style > 0.85 else f"<b>{label}:</b>"
        paras = [" ".join(p).replace(" billion", "&nbsp;billion") for p in item.paras]
        paras = [p.replace(country, f'<a href="/catalog/countries/{code}/events">{country}</a>', 1) for p in paras]
        out.append(f"<p>{head} {paras[0]}</p>" if style < 0.95 else f"<p>{head}</p>\n<p>{paras[0]}</p>")
        out.extend(f"<p>{p}</p>" for p in paras[1:])
    return "\n".join(out) + "\n"


def body_text(items: list[Item]) -> str:
    out: list[str] = []
    for item in items:
        if isinstance(item, Turn):
            out += [f"{item.label}: " + " ".join(item.paras[0]), *(" ".join(p) for p in item.paras[1:])]
        else:
            out.append(item)
    return "\n\n".join(out) + "\n\n"


def frame_html(p: Page, rng: random.Random) -> tuple[str, str]:
    """The HTML page before and after the transcript body; FILLER stands where the related news go."""
    pub, sid = f"{_date(p.day)}, {int(p.clock[:2]) + 1}:{p.clock[3:]}", p.site_id
    menu = "\n".join(f'<li class="nav__item"><a href="/{s.lower()}">{s}</a><ul class="nav__sub">' + "".join(
        f'<li><a href="/{s.lower()}/{x.lower().replace(" ", "_")}">{x}</a></li>' for x in SECTIONS.get(s, [])) + "</ul></li>" for s in NAV)
    figures = "\n".join(f'<figure class="read__figure"><img src="http://static.kremlin.ru/media/events/photos/medium/{sid}-{i}.jpg" alt=""'
                        f' width="640" height="427"><figcaption>{c}</figcaption></figure>' for i, c in enumerate(p.captions))
    tags = "\n".join(f'<li class="read__tagitem">{k}: ' + ", ".join(f'<a href="/catalog/{k.lower()}/{rng.randint(10, 999)}/events" rel="tag">'
                     f"{v}</a>" for v in vs) + "</li>" for k, vs in p.tags.items() if vs)
    top = f"""<!DOCTYPE html>
<html lang="en" prefix="og: http://ogp.me/ns#">
<head>
<meta charset="utf-8"><title>{p.title} &bull; President of Russia</title><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{p.leads[0]}"><link rel="canonical" href="{p.url}"><meta property="og:title" content="{p.title}">
<meta property="og:site_name" content="President of Russia"><meta property="og:type" content="article"><meta property="og:url" content="{p.url}">
<link rel="stylesheet" href="/static/css/kremlin.css?v={sid % 900}"><script src="/static/js/kremlin.js?v={sid % 900}" defer></script>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{p.title}","datePublished":"{p.day}T{p.clock}:00+03:00"}}</script>
<script>window.__analytics = {{counter: {sid * 7 % 10000}, section: "transcripts", path: "/events/president/transcripts/{sid}"}};</script>
</head>
<body class="page page-events">
<div class="cookie-banner" id="cookie-banner" role="dialog"><p>This website uses cookies to make browsing more convenient. <button type="button">Accept cookies</button> <a href="/about/privacy">Privacy policy</a></p></div>
<header class="header" role="banner"><div class="header__logo"><a href="/" title="President of Russia">President of Russia</a></div>
<nav class="nav" role="navigation" aria-label="Main menu"><ul class="nav__list">
{menu}
</ul><form class="search" action="/search" method="get"><input type="search" name="query" placeholder="Search the site"><button type="submit">Find</button></form></nav>
<ul class="lang-switch"><li><a href="http://kremlin.ru/">Русский</a></li><li class="is-active">English</li></ul></header>
<div class="submenu">{" ".join(f'<a href="/events/president/{x.lower()}">{x}</a>' for x in SECTIONS["Events"])}</div>
<main class="main" id="main"><article class="hentry h-entry" itemscope itemtype="http://schema.org/NewsArticle">
  <h1 class="entry-title p-name" itemprop="headline">{p.title}</h1>
  <div class="read__top_meta"><time class="read__published" datetime="{p.day}">{_date(p.day)}</time> <div class="read__time">{p.clock}</div> <div class="read__place p-location">{p.place}</div></div>
  <div class="read__lead entry-summary p-summary" itemprop="description">{"".join(f"<p>{x}</p>" for x in p.leads)}</div>
  <div class="read__gallery masha-ignore">
{figures}
  </div>
  <div class="entry-content e-content read__internal_content" itemprop="articleBody">
"""
    bottom = f"""  </div>
  <div class="read__bottommeta"><div class="read__tags masha-ignore"><ul class="read__taglist">
{tags}
  </ul></div>
  <p class="read__meta">Publication date: {pub}</p>
  <p class="read__meta">Direct link: <a href="http://en.kremlin.ru/d/{sid}">en.kremlin.ru/d/{sid}</a></p>
  <p class="read__meta read__updated">Last updated at {pub}</p></div>
  <div class="share masha-ignore"><span class="share__title">Share this</span> <a class="share__item" href="#">VKontakte</a> <a class="share__item" href="#">Telegram</a>
  <button class="share__item share__copy" type="button">Copy link</button> <a class="share__item" href="#" onclick="window.print();return false;">Print version</a></div>
</article>
<aside class="related"><h2>See also</h2><ul>
{FILLER}</ul></aside>
</main>
<footer class="footer" role="contentinfo"><ul class="footer__nav">{"".join(f'<li><a href="/about/{r.lower().replace(" ", "-")}">{r}</a></li>' for r in RESOURCES)}</ul>
<p class="footer__license">All content on this site is licensed under <a href="https://creativecommons.org/licenses/by/4.0/deed.en">Creative Commons Attribution 4.0 International</a></p>
<p class="footer__copy">Presidential Executive Office</p></footer>
<script>document.getElementById('cookie-banner').addEventListener('click', function () {{ this.hidden = true; }});</script>
</body>
</html>
"""
    return top, bottom


def frame_text(p: Page) -> tuple[str, str]:
    """A text dump before and after the transcript: the print version or the full page with its menus."""
    when, bullets = f"{_date(p.day)}, {p.place}", lambda items: "\n".join(f"  • {x}" for x in items)
    if p.layout == "print":
        top = f"View settings\n\nFont size:\nSite colours:\n\n\nOfficial website of the President of Russia\n\nДокумент {NBSP} /\n\n"
        return top + _glue(f"{p.title}\n\n{when}\n\n" + "\n\n".join(p.leads) + "\n\n"), "\n" + _glue(when)
    pub, resources = f"{_date(p.day)}, {int(p.clock[:2]) + 1}:{p.clock[3:]}", bullets(RESOURCES[:7])
    top = (f"President of Russia\n{bullets(NAV + ['Search this website'])}\nPresident of Russia\nMobile version\n\nPresident's\nwebsite\n"
           f"sections\n\n{bullets(NAV + RESOURCES[-3:] + ['Русский'])}\n\nOfficial Internet Resources\nof the President of Russia\n\n"
           f"{resources}\n\nAll content on this site is licensed under\n\nCreative Commons Attribution 4.0 International\n\nPresidential "
           f"Executive Office{p.day.year + 1}\nEvents\n\n{p.title}\n\n" + "\n\n".join(p.leads) + f"\n\n{_date(p.day)}\n{p.clock}\n{p.place}\n"
           + "\n".join(p.captions) + "\n\n")
    tags = "".join(f"{k}\n\n{bullets(vs)}\n\n" for k, vs in p.tags.items() if vs)
    bottom = (f"{tags}Publication status\n\nPublished in sections: News, Transcripts\n\nPublication date: {pub}\n\nDirect link: en.kremlin.ru/d/"
              f"{p.site_id}\n\nText version\n\nText\n{len(p.captions)}\nPhoto\n\nShare\nDirect link\n{p.url}\nShare\n"
              f"{bullets(_list('VK|Telegram|Ok|Send by email|Print'))}\nSend by email\n\nOfficial Website of the President of Russia:\n\n"
              f"{p.title}\n\n{p.url}\n\nLast updated at {pub}\n\nSee also\n\n{FILLER}\nOfficial Internet Resources\n\nof the President of "
              f"Russia\n\n{resources}\n\nPresidential Executive Office\n{p.day.year + 1}\n")
    return top, bottom


def filler(p: Page, rng: random.Random, need: int) -> str:
    """Related news, newest first, at least need bytes of them."""
    out, size, day, sid = [], 0, p.day, p.site_id
    while size < need:
        day, sid, title = day - timedelta(days=1 + int(rng.random() * 9)), sid - 1 - int(rng.random() * 30), p.related[len(out) % 5]
        out.append(f'<li class="related__item"><a href="/events/president/news/{sid}">{title}</a> <span class="related__date">'
                   f"{_date(day)}</span></li>\n" if p.layout == "html" else f"  • {title}\n    {_date(day)}\n")
        size += len(out[-1]) + 2  # a few characters take two or three bytes
    return "".join(out)


def build_page(index: int, seed: int, kind: str) -> tuple[str, str, int]:
    """The suffix, the content and the number of turns of page number index."""
    rng = random.Random(f"{seed}:{index}")
    n = int(rng.triangular(2, 40.99, 8))
    html = kind == "html" or (kind == "mixed" and rng.random() < 0.5)
    layout = "html" if html else ("print" if n >= 20 and rng.random() < 0.5 else "full")
    page, writer, speakers, event = plan(rng, index, layout)
    top, bottom = frame_html(page, rng) if html else frame_text(page)
    target = rng.randint(MIN_BYTES, MAX_BYTES)
    room = target - _size(top) - _size(bottom)
    glue = layout == "print"  # the print version: no related news to fill up with; spaces glued (4% more bytes)
    goal = int((room + 200) / 1.04) if glue else int(room * rng.uniform(0.7, 0.97))
    items = make_turns(rng, writer, speakers, event, n, goal, layout)
    turns, style = [t for t in items if isinstance(t, Turn)], rng.random()

    def render() -> str:
        return body_html(items, style, page.code) if html else body_text(items)

    body, growing = render(), [t for t in turns if t.grow]
    while glue and _size(body) < goal - 300 and growing:  # short of the goal: longer statements
        for _ in range((goal - _size(body)) // 150):
            if (turn := writer.pick(growing)).words() < 365:  # a sentence has at most ~30 words: turns stay under 400
                turn.paras[-1].append(writer.sentence())
        body, growing = render(), [t for t in growing if t.words() < 365]
    if glue and _size(body) < goal - 300:  # still short (many questions and replies): a full page instead, with related news
        page.layout, glue = "full", False
        top, bottom = frame_text(page)
        room = goal = target - _size(top) - _size(bottom)
    while _size(body) > goal and (longest := max(turns, key=Turn.words)).words() > 40:  # rare: too long
        longest.drop()
        body = render()
    body = _glue(body) if glue else body
    more = "" if glue else filler(page, rng, room - _size(body))
    return (".html" if html else ".txt"), top + body + bottom.replace(FILLER, more), len(turns)


def generate(out_dir: Path, pages: int, kind: str = "mixed", seed: int = 0, manifest: Path | None = None) -> list[Path]:
    """Write page_000001.html / .txt ... into out_dir; with manifest, a JSON file of the turns of each page."""
    if kind not in ("html", "text", "mixed"):
        raise ValueError(f"kind must be html, text or mixed, not {kind!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths, counts = [], {}
    for index in range(1, pages + 1):
        suffix, content, turns = build_page(index, seed, kind)
        paths.append(out_dir / f"page_{index:06d}{suffix}")
        paths[-1].write_text(content, encoding="utf-8")
        counts[paths[-1].name] = turns
    if manifest is not None:
        data = {"seed": seed, "kind": kind, "pages": pages, "turns": sum(counts.values()), "per_page": counts}
        Path(manifest).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write synthetic en.kremlin.ru-like transcript pages.")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--kind", choices=["html", "text", "mixed"], default="mixed")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--manifest", type=Path, help="write the number of turns of each page to this JSON file")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    paths = generate(args.out_dir, args.pages, args.kind, args.seed, args.manifest)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} pages, {size / 1e6:.1f} MB in {args.out_dir} [{time.perf_counter() - started:.1f} s]", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
