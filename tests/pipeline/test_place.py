"""Where the meeting was: the city from the dateline, the headline, the lead or an agency dateline,
always a known one, in the languages pages are written in."""

from __future__ import annotations

import pytest

from summitry import parse_text
from summitry.data.reference import load_reference
from summitry.pipeline.place import agency_dateline, arrival_place, dateline_place, named_place, venues_named


def page(*lines: str):
    return parse_text("\n\n".join(lines))


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("The two presidents held talks in Sochi on Friday.", "Sochi"),
        ("Переговоры прошли в Москве в узком составе.", "Moscow"),
        ("Прэзідэнты сустрэліся ў Сочы.", "Sochi"),
        ("Зустріч відбулася у Мінську.", "Minsk"),
        ("Die Gespräche fanden im Kreml statt.", "Moscow"),
        ("Les deux dirigeants se sont rencontrés à Moscou.", "Moscow"),
        ("I due presidenti si sono incontrati a Mosca.", "Moscow"),
        ("Spotkanie odbyło się w Moskwie.", "Moscow"),
        ("Talks began at the Novo-Ogaryovo residence.", "Moscow"),
        ("Переговоры в Ново-Огарёве продолжились за обедом.", "Moscow"),
        ("Հանդիպումը տեղի ունեցավ Սոչիում։", "Sochi"),
        ("The leader paid a visit to Minsk last week.", "Minsk"),
        ("Our channel is live from Sochi, where the talks begin.", "Sochi"),
        ("Our correspondent is reporting from Minsk.", "Minsk"),
        ("Зеленський у Парижі зустрівся з Макроном.", "Paris"), ("Лидеры провели встречу в Абу-Даби.", "Abu Dhabi"),
        ("Переговоры прошли в Лондоне.", "London"), ("Президенти зустрілися у Ризі.", "Riga"),
        ("Встреча состоялась в Софии.", "Sofia"), ("Делегация прибыла в Дубай.", "Dubai"),
        ("A l'Elysée, le président a reçu son homologue.", "Paris"),
        ("Good evening from Minsk, and welcome to the debate.", "Minsk"),
        ("Le président chinois a reçu son homologue à Pékin.", "Beijing"), ("Os líderes reuniram-se em Pequim.", "Beijing"),
        ("Cumhurbaşkanı Erdoğan, Putin ile Soçi'de bir araya geldi.", "Sochi"), ("Liderler Ankara’da görüştü.", "Ankara"),
        ("Prezident İlham Əliyev Moskvada Putin ilə görüşüb.", "Moscow"), ("Mirziyoyev Toshkentda Putin bilan uchrashdi.", "Tashkent"),
        ("Тоқаев Астанада Путинмен кездесті.", "Astana"), ("Նախագահները հանդիպել են Մինսկում։", "Minsk"),
        ("Лидеры открыли форум в Могилёве.", "Mogilev"), ("Лидеры открыли форум в Могилеве.", "Mogilev"),
        ("Форум регионов прошёл в Ярославле.", "Yaroslavl"), ("Кіраўнікі сустрэліся ў Полацку.", "Polotsk"),
        ("Саммит пройдёт в Туркменбаши.", "Turkmenbashi"), ("Պուտինը հանդիպել է Կազանում։", "Kazan"),
    ],
)
def test_a_place_named_as_where_it_happened(text, city):
    found = named_place(text, load_reference().places)
    assert found is not None and found.city == city


@pytest.mark.parametrize(
    "text",
    ["The Kremlin said the talks were useful.", "They discussed the Minsk agreements.", "Moscow and Minsk agree.",
     "He flew back from Sochi.", "the meeting in moscow"],
)
def test_a_place_that_is_not_where_it_happened(text):
    assert named_place(text, load_reference().places) is None


@pytest.mark.parametrize(
    ("lead", "city"),
    [("MINSK (Sputnik) — The presidents met.", "Minsk"), ("Astana. July 4. KazTAG - The summit opened.", "Astana"),
     ("САНКТ-ПЕТЕРБУРГ, 23 июля. /ТАСС/. Президенты встретились.", "St Petersburg"),
     ("MOSCOU, 3 mars (AFP) - Les présidents ont parlé.", "Moscow"), ("Today the presidents met.", None)],
)
def test_agency_datelines(lead, city):
    assert agency_dateline(lead, load_reference().places) == city


def test_what_a_saved_page_leaves_between_its_leads_does_not_count_as_one():
    doc = page(
        "Presidents open the council",
        "The council is a body of the two states. It meets twice a year.",
        "/html/head/meta[@name='og:title']/@content /html/head/meta[@name='og:description']/@content",
        "https://cdn.example.org/img/2023/04/06/photo_1920x0.jpg",
        "union state",
        "Our agency is live from Sochi, where the presidents open the council.",
    )
    assert (doc.city, doc.sources["city"]) == ("Sochi", "lead")


def test_an_agency_dateline_is_where_the_story_was_filed_not_where_the_meeting_is():
    doc = page("Presidents to meet in Sochi", "Moscow, Sep 15 (Agency) The two presidents will meet on Friday.")
    assert (doc.city, doc.sources["city"]) == ("Sochi", "title")
    doc = page("Presidents to meet", "MINSK, Sep 15 (Agency) The two presidents will meet on Friday.")
    assert (doc.city, doc.sources["city"]) == ("Minsk", "agency dateline")


@pytest.mark.parametrize(
    ("text", "city", "venue"),
    [("The Kremlin, Moscow", "Moscow", "The Kremlin"), ("Sochi", "Sochi", None), ("Beijing, China", "Beijing", None),
     ("Novo-Ogaryovo", "Moscow", "Novo-Ogaryovo"), ("Zavidovo", "Zavidovo", None),
     ("Vinogradovo", None, "Vinogradovo")],
)
def test_the_dateline_place(text, city, venue):
    place = dateline_place(text, load_reference().places)
    assert (place.city, place.venue) == (city, venue)


def test_a_rubric_after_the_date_is_not_a_place_and_the_headline_after_it_is_the_title():
    doc = page("Another story entirely in the capital", "News", "29 December 2021, 15:14", "Politics",
               "Presidents begin their meeting in Minsk", "Photo: Agency", "The two presidents met on Wednesday, the agency said.")
    assert (doc.title, doc.city, doc.date, doc.time) == ("Presidents begin their meeting in Minsk", "Minsk", "2021-12-29", "15:14")
    assert doc.sources == {"title": "headline", "date": "dateline", "city": "title"}


@pytest.mark.parametrize(
    ("text", "city"),
    [("Earlier it was reported that the president had arrived in Moscow for the talks.", "Moscow"),
     ("Он прилетел в Москву накануне переговоров.", "Moscow"),
     ("Президент прибыл с официальным визитом в Астану.", "Astana"),
     ("Делегация прилетела из Москвы в Минск утром.", "Minsk"),
     ("Прэзідэнт прыляцеў у Маскву.", "Moscow"), ("Президент прибув до Мінська.", "Minsk"),
     ("The president flew to Sochi on Friday.", "Sochi"), ("Der Kanzler landete in Moskau.", "Moscow"),
     ("Le président est arrivé à Moscou.", "Moscow"), ("The delegation arrived from Moscow.", None),
     ("He arrived late and spoke about Moscow.", None)],
)
def test_the_city_someone_arrives_in(text, city):
    found = arrival_place(text, load_reference().places)
    assert (found.city if found else None) == city


def test_an_arrival_further_down_the_story_gives_the_city_when_the_leads_name_none():
    doc = page(
        "Presidents discuss the union programmes",
        "The two presidents discussed how far the union programmes have come, the agency reported.",
        "Twenty-eight programmes are almost done, one of them said.",
        "Earlier the two capitals agreed on defence for the year.",
        "The president also said he shared the approaches of his colleague.",
        "It became known before that the president had arrived in Moscow for the meeting.",
        "The presidents also discussed security, trade and matters of a military and political nature.",
    )
    assert (doc.city, doc.sources["city"]) == ("Moscow", "lead")


def test_no_city_is_guessed():
    doc = page("Presidents talk on the phone", "The two presidents spoke by telephone about trade and energy.")
    assert doc.city is None and "city" not in doc.sources


@pytest.mark.parametrize(
    ("text", "venues"),
    [
        ("a working breakfast in the Russian Museum, and thank you for St Petersburg", {"Russian Museum"}),
        ("Переговоры проходят в Русском музее", {"Russian Museum"}),
        ("ein Treffen im Russischen Museum in St. Petersburg", {"Russian Museum"}),
        ("in his Novo-Ogaryovo residence outside Moscow; talks in the Kremlin", {"Novo-Ogaryovo", "The Kremlin"}),
        ("Kremlin spokesman Dmitry Peskov said", set()),  # the Kremlin is a venue after a preposition only
        ("the museum of Russian art", set()),
    ],
)
def test_venues_named_anywhere(text, venues):
    assert venues_named(text, load_reference().places) == venues


def test_a_telephone_call_names_no_meeting_place():
    doc = page("Presidents discuss shipping in a phone call",
               "ANKARA, April 21 (Agency) - The two presidents discussed shipping in a phone call on Monday.",
               "One of them said his country was ready to host negotiations in Istanbul.")
    assert doc.city is None
    doc = page("Путин и Эрдоган обсудили по телефону судоходство",
               "Президенты обсудили по телефону судоходство. Турция готова провести переговоры в Стамбуле.")
    assert doc.city is None


def test_a_menu_row_before_the_story_does_not_hide_its_agency_dateline():
    doc = page("Leaders hold talks", "Home | World | Business | Sci-Tech | Culture | Sports",
               "Source: Agency | 2025-07-03 21:14:05 | Editor: desk",
               "ASTANA, July 3 (Agency) -- The two presidents held talks here on Thursday, agreeing to deepen ties.")
    assert (doc.city, doc.sources["city"]) == ("Astana", "agency dateline")
