from __future__ import annotations

import pytest

from summitry.data.reference import load_reference
from summitry.pipeline.labels import LabelDetector
from summitry.pipeline.speakers import load_registry


@pytest.fixture(scope="module")
def detector() -> LabelDetector:
    return LabelDetector(load_reference().patterns, load_registry())


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("Vladimir Putin: Thank you.", "Vladimir Putin"),
        ("A. Lukashenko: Thank you.", "A. Lukashenko"),
        ("В.Путин: Добрый день.", "В.Путин"),
        ("President of the Republic of Belarus Alexander Lukashenko: Yes.", "President of the Republic of Belarus Alexander Lukashenko"),
        ("President of\u00a0Russia Vladimir\u00a0Putin: Good.", "President of\u00a0Russia Vladimir\u00a0Putin"),
        (
            "President of Belarus Alexander Lukashenko Lukashenko Alexander Lukashenko AlexanderPresident of Belarus : Do.",
            "President of Belarus Alexander Lukashenko Lukashenko Alexander Lukashenko AlexanderPresident of Belarus ",
        ),
        ("Question: Mr President, a question.", "Question"),
        ("Question (retranslated): Good afternoon.", "Question (retranslated)"),
        ("Anna Petrova, RT: Thank you.", "Anna Petrova, RT"),
        ("Sh. Mirziyoyev: Thank you.", "Sh. Mirziyoyev"),
        ("Xi Jinping: Dear friend.", "Xi Jinping"),
        ("Dmitry Peskov: Colleagues.", "Dmitry Peskov"),
        ("Putin: Yes.", "Putin"),
        ("К.-Ж.Токаев: Спасибо.", "К.-Ж.Токаев"),
        ("SG: Good afternoon.", "SG"),
        ("THE PRESIDENT: Thank you.", "THE PRESIDENT"),
        ("Q    Thank you, Mr. President. Did you raise it?", "Q"),
        ("Q Mr. President, are you going?", "Q"),
        ("PRESIDENT BUSH. Good morning.", "PRESIDENT BUSH"),
        ("Q. Mr. President, did you?", "Q"),
        ("MR. LAVROV. We agree.", "MR. LAVROV"),
        ("PUTIN — Yes, we agree.", "PUTIN"),
        ("QUESTION — What about gas?", "QUESTION"),
        ("[Putin]: Also the power plant.", "[Putin]"),
        ("12:05 Putin: Good afternoon.", "Putin"),
        ("Reuters: The US has announced new controls.", "Reuters"),
        ("Shenzhen TV: A question.", "Shenzhen TV"),
        ("Пытанне: Ці будуць новыя прадпрыемствы?", "Пытанне"),
        # names in the other letters of Latin and Cyrillic: Kazakh, Azerbaijani, Turkish, Polish, French
        ("Қ.Тоқаев: Құрметті әріптесім, қош келдіңіз.", "Қ.Тоқаев"),
        ("İlham Əliyev: Xoş gəlmisiniz.", "İlham Əliyev"),
        ("Şevket Çelik: Hoş geldiniz.", "Şevket Çelik"),
        ("Łukasz Nowak: Witam państwa.", "Łukasz Nowak"),
        ("Éric Dupont: Merci beaucoup.", "Éric Dupont"),
        ("Ш.Мирзиёев: Ҳурматли дўстим.", "Ш.Мирзиёев"),
    ],
)
def test_labels(detector, line, label):
    split = detector.split(line)
    assert split is not None
    assert split.label == label


@pytest.mark.parametrize(
    "line",
    [
        "Font size:",
        "Site colours:",
        "Direct link: en.kremlin.ru/d/71326",
        "Publication date: June 9, 2023, 14:30",
        "You may ask: “Where are we and where is Antarctica?”",
        "The following thought occurred to me: What other country could do this?",
        "Russia and Belarus: a new era",
        "In General: we agreed.",
        "Again: even the working class.",
        "We have three priorities: energy, transport and trade.",
        "http://en.kremlin.ru/events/president/transcripts/71326",
        "14:30",
        "Tomorrow: the summit.",
        "Smith: yes.",  # one unknown word is not enough
        "Mr President, friends, good afternoon. Our agenda is very extensive: energy and trade.",
        "Quite so.",
        "Q and A session",
        "U.S. FORCES. They left.",
        "OK. Let us go.",
        "A. We agree.",
    ],
)
def test_not_labels(detector, line):
    assert detector.split(line) is None


def test_a_bold_prefix_makes_an_unusual_label(detector):
    line = "Representative of the press service: Good afternoon."
    assert detector.split(line) is None
    assert detector.split(line, bold="Representative of the press service:") is not None


def test_a_single_surname_seen_earlier_in_the_document_is_a_label(detector):
    assert detector.split("Varnavin: We agree.") is None
    assert detector.split("Varnavin: We agree.", seen={"varnavin"}) is not None


@pytest.mark.parametrize(
    ("line", "label", "rest"),
    [("Chris Wallace: (01:20) Good evening from Cleveland.", "Chris Wallace", "Good evening from Cleveland."),
     ("Donald Trump: (12:04)", "Donald Trump", ""), ("Joe Biden (12:05): Here's the deal.", "Joe Biden", "Here's the deal."),
     ("Moderator [00:12:31]: Next question.", "Moderator", "Next question."),
     ("Frank McGee (NBC): Good evening.", "Frank McGee (NBC)", "Good evening.")],
)
def test_a_recording_time_beside_a_label_is_neither_label_nor_words(detector, line, label, rest):
    split = detector.split(line)
    assert split is not None and (split.label, split.rest) == (label, rest)


def test_a_transcript_with_recording_times_reads_its_turns():
    from summitry import parse_text

    doc = parse_text("\n\n".join([
        "First debate of the season", "Chris Wallace: (00:01)", "Good evening and welcome to the first debate.",
        "Donald Trump: (00:09)", "Thank you very much, Chris.", "Joe Biden (00:12):", "Thank you, it's good to be here.",
    ]))
    turns = [(s.label, s.text) for s in doc.segments if s.kind == "turn"]
    assert turns == [("Chris Wallace", "Good evening and welcome to the first debate."),
                     ("Donald Trump", "Thank you very much, Chris."), ("Joe Biden", "Thank you, it's good to be here.")]
