"""The title is the page's headline: never a date line, a price, a credit, markup, a footer or a label."""

from __future__ import annotations

import pytest

from summitry import parse_text


def page(*lines: str):
    return parse_text("\n\n".join(lines))


STORY = "The two presidents met on Friday to discuss trade, energy and the common market, the agency said."


@pytest.mark.parametrize(
    "junk",
    ["Tue. Jun 25th, 2024", "Tuesday, September 26, 2023", "3.69 BYN", "USD 1.02", "Фото: Агентство",
     "![Leaders meet](image.jpg)", "© 2024 The Agency - All rights reserved", "2020-2-5 13:55 |",
     "name of the agency", "Source: the agency and its partners", "Jane Roe, Press Secretary:"],
)
def test_a_junk_line_is_not_the_title(junk):
    doc = page(junk, "Presidents meet to discuss trade", STORY)
    assert doc.title == "Presidents meet to discuss trade"
    assert doc.sources["title"] in ("first line", "headline")  # "headline": after a date line taken as the dateline


def test_a_page_that_opens_with_its_story_has_no_title_and_keeps_the_sentence():
    doc = page(STORY, "A second paragraph of the story, which goes on about the talks.")
    assert doc.title is None
    assert doc.narrative[0].text == STORY


@pytest.mark.parametrize("headline", ['"We do not only drink tea": the president arrives', "Песков: переговоры завершились"])
def test_a_headline_with_a_colon_is_a_headline_not_a_label(headline):
    doc = page(headline, STORY)
    assert doc.title == headline and doc.turns == []


def test_a_date_line_before_the_dateline_is_not_the_title():
    doc = page("Tue. Jun 25th, 2024", "Moscow, 27 December 2022", STORY)
    assert (doc.title, doc.date, doc.city) == (None, "2022-12-27", "Moscow")


def test_the_headline_right_above_the_story_beats_menu_lines_above_it():
    """Logos' alt texts, edition names and rubrics stand higher up; the headline stands above the story."""
    doc = page("Bandeira portuguesa", "English Edition", "NEWS", "Presidents of two neighbours to meet on the coast", STORY)
    assert doc.title == "Presidents of two neighbours to meet on the coast"


def test_a_long_line_above_the_story_is_its_lead_not_its_headline():
    lead = ("The presidents of the two neighbouring countries continue their informal talks on the island in the "
            "north of the country, the agency has learned")
    doc = page("Presidents continue informal talks on the island", lead, STORY)
    assert doc.title == "Presidents continue informal talks on the island"


def test_an_agency_headline_under_its_date_updated_line_and_rubric_with_a_subheading_and_photo_after_it():
    doc = parse_text("\n".join([
        "Агентство", "Новости", "Политика", "Прямой эфир", "Подписаться",
        "13 марта 2025, 15:22", "Обновлено 13 марта 2025, 16:05", "Политика",
        "Президенты обсудили в Кремле развитие союзных программ",
        "Главы государств поручили правительствам за месяц согласовать оставшиеся вопросы по энергетике",
        "Президенты на встрече в Кремле", "© Иван Иванов/Агентство",
        "МОСКВА, 13 марта. /Агентство/. Президенты двух стран провели в четверг переговоры в Кремле, сообщил их пресс-секретарь.",
    ]))
    assert (doc.title, doc.date, doc.time, doc.city) == ("Президенты обсудили в Кремле развитие союзных программ", "2025-03-13", "15:22", "Moscow")


def test_a_date_line_with_the_sites_fields_beside_it():
    doc = parse_text("\n".join([
        "Городской вестник", "Новости", "Главная → Политика", "Президенты провели переговоры в Ташкенте",
        "27.05.2025 14:20 | Источник: Агентство | Просмотров: 318",
        "ТАШКЕНТ, 27 мая. /Агентство/. Президенты двух стран во вторник провели переговоры в Ташкенте.",
        "Другие новости раздела:", "26.05.2025", "В городе открылся форум по логистике",
    ]))
    assert (doc.title, doc.date, doc.time, doc.city) == ("Президенты провели переговоры в Ташкенте", "2025-05-27", "14:20", "Tashkent")


def test_a_wire_storys_headline_above_its_photo_byline_and_updated_line():
    doc = parse_text("\n".join([
        "Skip to main content", "Agency Logo", "Menu", "World", "Politics", "POLITICS",
        "President hosts visiting leader at the palace, presses him on energy purchases",
        "The president meets the visiting leader at the palace, Thursday, Sept. 25, 2025. (Agency Photo/Jane Roe)",
        "By  JOHN DOE", "Updated 6:42 PM EDT, September 25, 2025", "Share", "Copy Link copied",
        "WASHINGTON (Agency) — The president welcomed the visiting leader on Thursday, praising him as a reliable partner.",
    ]))
    assert (doc.title, doc.date, doc.city) == (
        "President hosts visiting leader at the palace, presses him on energy purchases", "2025-09-25", "Washington")


def test_a_headline_below_menus_above_its_subheading_and_credit_with_a_date_without_its_year():
    doc = parse_text("\n".join([
        "Агентство", "Новости", "Политика", "Экономика", "Бизнес", "Технологии и медиа", "Финансы", "Недвижимость",
        "Авто", "Спорт", "Стиль", "Тренды", "USD ЦБ 83,41", "Подписка", "Политика,  25 сен, 21:10", "14 562",
        "Президенты провели переговоры и пообещали договориться по поставкам",
        "Глава государства назвал коллегу «жестким, но надежным партнером» и призвал отказаться от закупок нефти",
        "Фото: Агентство",
        "Президенты двух стран провели в столице переговоры, сообщила пресс-служба. Встреча длилась два часа.",
    ]))
    assert doc.title == "Президенты провели переговоры и пообещали договориться по поставкам"


def test_a_posts_headline_without_the_symbol_it_opens_with():
    doc = parse_text("\n".join([
        "Channel", "Download", "Политика Сейчас", "58 214 subscribers", "View in Channel",
        "⚡️ Президенты завершили переговоры в Кремле", "",
        "Общение продолжалось почти четыре часа: сначала в расширенном составе, затем один на один.",
    ]))
    assert doc.title == "Президенты завершили переговоры в Кремле"


def test_a_headline_with_a_colon_under_its_updated_field_kicker_and_widgets():
    doc = parse_text("\n".join([
        "Landbote", "Startseite", "Lokales", "Politik", "Anmelden", "Politik", "Aktualisiert: 08.10.25, 17:45 Uhr",
        "Deutsch-französische Beziehungen", 'Kanzler empfängt Präsidenten: "Europa muss schneller werden"',
        "Kanzler und Präsident wollen Rüstungsprojekte bündeln – beim Kampfjet bleibt vieles offen",
        "Artikel vorlesen", "Teilen", "Der Kanzler und der Präsident vor dem Kanzleramt. Foto: Jane Doe/dpa",
        "Berlin (dpa) - Der Kanzler und der Präsident wollen die europäische Rüstungsindustrie stärker bündeln, sagten sie.",
        "Lesen Sie auch", "Bundestag debattiert über ein Gesetz", "07.10.2025",
    ]))
    assert (doc.title, doc.date, doc.time, doc.city) == (
        'Kanzler empfängt Präsidenten: "Europa muss schneller werden"', "2025-10-08", "17:45", "Berlin")


def test_a_headline_above_its_subheading_above_the_date():
    doc = parse_text("\n".join([
        "Агентство", "Новини", "Політика", "Головна > Політика",
        "Президент у Парижі зустрівся з колегою: про що домовилися",
        "Президенти обговорили посилення ППО та спільне виробництво", "16 червня 2025, 20:15", "Фото: Офіс",
        "Президент у понеділок у Парижі провів зустріч із колегою. Про це він повідомив у своєму каналі.",
    ]))
    assert (doc.title, doc.date, doc.city) == ("Президент у Парижі зустрівся з колегою: про що домовилися", "2025-06-16", "Paris")


def test_a_wire_storys_glued_date_and_photo_credit_under_its_headline():
    doc = parse_text("\n".join([
        "Agency home", "World", "Business", "Europe", "Leaders discuss shipping in phone call, spokesman says", "By Agency",
        "April 21, 20256:48 PM GMT+3Updated 2 hours ago",
        "The two leaders attend a meeting in the south of the country, September 4, 2023. REUTERS/File Photo Purchase Licensing Rights",
        "MOSCOW, April 21 (Agency) - The two leaders discussed the safety of shipping in a phone call on Monday, the spokesman said.",
        "Read Next", "Wheat futures climb as risks weigh on supply", "April 21, 2025",
    ]))
    assert (doc.title, doc.date, doc.time) == ("Leaders discuss shipping in phone call, spokesman says", "2025-04-21", "18:48")


def test_a_government_sites_fields_give_the_place_and_leave_the_title_alone():
    doc = parse_text("\n".join([
        "Cookies on the site", "Skip to main content", "Menu", "Speech",
        "PM remarks at the leaders' press conference: 20 March 2025",
        "The Prime Minister spoke at a press conference following the leaders' meeting.",
        "From:", "Prime Minister's Office and The Rt Hon Jane Doe MP", "Published", "20 March 2025",
        "Location:", "Lancaster House, London", "",
        "PRIME MINISTER: Good afternoon. Today I have hosted leaders from across Europe here at Lancaster House.",
        "JOURNALIST: Thank you, Prime Minister. How many countries are prepared to help?",
    ]))
    assert (doc.title, doc.date, doc.city, doc.venue) == (
        "PM remarks at the leaders' press conference: 20 March 2025", "2025-03-20", "London", "Lancaster House")


def test_a_broadcasters_aired_line_is_the_date():
    doc = parse_text("\n".join([
        "Network", "Transcripts", "LIVE EVENT/SPECIAL", "Debate in Columbus, Ohio", "Aired March 3, 2024 - 21:00   ET",
        "THIS IS A RUSH TRANSCRIPT. THIS COPY MAY NOT BE IN ITS FINAL FORM AND MAY BE UPDATED.", "",
        "ANNA REYES, NETWORK ANCHOR: Good evening from Minsk and welcome to the debate.",
    ]))
    assert (doc.title, doc.date, doc.time) == ("Debate in Columbus, Ohio", "2024-03-03", "21:00")


@pytest.mark.parametrize(
    "day_line",
    ["Saturday, 29 July 2023", "Субота, 29 ліпеня 2023", "Суббота, 29 июля 2023 года", "Samstag, 29.07.2023, 15:44",
     "Cumartesi, 29 Temmuz 2023", "CUMARTESİ, 29 TEMMUZ 2023", "sábado, 29 de julho de 2023",
     "Среда, 29 июля 2023"],
)
def test_a_date_line_with_its_weekday_under_the_headline_dates_the_story_and_is_no_title(day_line):
    doc = parse_text(
        f"Лукашэнка прыбыў у Санкт-Пецярбург на сустрэчу з Пуціным\n\n{day_line}\n\n"
        "Аляксандр Лукашэнка прыбыў з працоўным візітам у Санкт-Пецярбург, дзе адбудзецца яго сустрэча з Пуціным."
    )
    assert doc.title == "Лукашэнка прыбыў у Санкт-Пецярбург на сустрэчу з Пуціным"
    assert (doc.date, doc.sources["date"]) == ("2023-07-29", "dateline")
    assert day_line not in " ".join(s.text for s in doc.segments)


@pytest.mark.parametrize(
    ("heading", "title"),
    [("Главное по теме", "Путин и Лукашенко провели переговоры в Сочи"),  # a list's heading: the headline is above
     ("Путин и Лукашенко договорились о цене газа", "Путин и Лукашенко договорились о цене газа")],  # key points
)
def test_a_short_line_over_a_list_of_points_is_the_lists_heading_not_the_headline(heading, title):
    doc = parse_text(
        "Новости\nМир\nПолитика\n\nПутин и Лукашенко провели переговоры в Сочи\nВчера в 19:30 · 12 источников\n"
        f"{heading}\n• Цена газа сохранится на уровне прошлого года\n• Стороны обсудили интеграцию\n"
        "Президенты России и Беларуси Владимир Путин и Александр Лукашенко провели переговоры в Сочи и договорились о цене газа."
    )
    assert doc.title == title


@pytest.mark.parametrize("line", ["Stand: 27.12.2022 14:05 Uhr", "27/12/2022 14:05", "2022.12.27 14:05"])
def test_a_broadcasters_as_of_line_and_dates_with_slashes_or_the_year_first_date_the_page(line):
    doc = parse_text(f"Putin empfängt Lukaschenko\n\n{line}\n\n"
                     "Wladimir Putin und Alexander Lukaschenko haben sich in Sotschi getroffen. Sie sprachen über Gas.")
    assert (doc.title, doc.date, doc.time) == ("Putin empfängt Lukaschenko", "2022-12-27", "14:05")
