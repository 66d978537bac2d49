"""Undated pages: linked to the dated event whose day they name, with its participants and city; never
guessed when two events fit. The pages are ours: a dated agency report and undated retellings."""

from __future__ import annotations

import json

import pytest

import summitry
from summitry import Corpus

DATED = """Putin and Lukashenko hold talks in Sochi

SOCHI, 17 February 2025. Vladimir Putin and Alexander Lukashenko held talks in Sochi on Monday, the agency said.
"""
UNDATED_RU = """Путин и Лукашенко провели переговоры

Владимир Путин и Александр Лукашенко 17 февраля провели переговоры в Сочи, сообщает агентство.
"""
UNDATED_DE = """Putin empfängt Lukaschenko

Am 17. Februar trafen sich Wladimir Putin und Alexander Lukaschenko in Sotschi, meldet die Agentur.
"""
UNDATED_ZH = """普京同卢卡申科举行会谈

新华社索契2月17日电 俄罗斯总统普京17日在索契同白俄罗斯总统卢卡申科举行会谈。
"""
UNDATED_KO = """푸틴 대통령, 루카셴코 대통령과 회담

블라디미르 푸틴 러시아 대통령과 루카셴코 대통령이 2월 17일 소치에서 회담했다.
"""
OTHER_CITY = """Putin and Lukashenko

Vladimir Putin and Alexander Lukashenko met in Minsk on 17 February, the agency said.
"""
OTHER_DAY = """Putin and Lukashenko

Vladimir Putin and Alexander Lukashenko will meet in Sochi on 18 February, the agency said.
"""
PESKOV_PARAGRAPH = """Putin and Lukashenko met in Sochi

SOCHI, 17 February 2025. Vladimir Putin and Alexander Lukashenko met in Sochi on Monday, the agency said.

Earlier, Dmitry Peskov said that the talks would be detailed.
"""


def ingest(tmp_path, pages: dict[str, str]) -> Corpus:
    folder = tmp_path / "pages"
    folder.mkdir(parents=True)
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    corpus = Corpus(tmp_path / "c.db")
    corpus.ingest([folder])
    return corpus


def events_of(corpus: Corpus) -> dict[str, str | None]:
    rows = corpus.db.execute(
        """SELECT d.source, e.event_id FROM documents d LEFT JOIN event_documents e ON e.document_id = d.id"""
    )
    return {source.rsplit("/", 1)[-1]: event for source, event in rows}


def test_undated_pages_in_other_languages_join_the_event_of_the_day_they_name(tmp_path):
    with ingest(tmp_path, {"a.txt": DATED, "b.txt": UNDATED_RU, "c.txt": UNDATED_DE}) as corpus:
        linked = events_of(corpus)
        assert linked["a.txt"] == linked["b.txt"] == linked["c.txt"] == "2025-02-17-sochi"
        date, sources = corpus.db.execute("SELECT date, sources FROM documents WHERE source LIKE '%b.txt'").fetchone()
        assert date == "2025-02-17" and json.loads(sources)["date"].startswith("event")


@pytest.mark.parametrize("page", [UNDATED_ZH, UNDATED_KO])
def test_an_undated_page_in_chinese_or_korean_joins_the_event_of_the_day_it_names(tmp_path, page):
    with ingest(tmp_path, {"a.txt": DATED, "b.txt": page}) as corpus:  # names inside runs of characters, 2月17日
        assert events_of(corpus)["b.txt"] == "2025-02-17-sochi"


def test_an_undated_page_naming_a_day_no_year_has_is_stored_and_left_unlinked(tmp_path):
    page = "Путин и Лукашенко\n\nВладимир Путин и Александр Лукашенко встретились 31 февраля в Сочи."
    with ingest(tmp_path, {"a.txt": DATED, "b.txt": page}) as corpus:
        assert events_of(corpus)["b.txt"] is None


@pytest.mark.parametrize("page", [OTHER_CITY, OTHER_DAY])
def test_an_undated_page_of_another_city_or_day_stays_apart(tmp_path, page):
    with ingest(tmp_path, {"a.txt": DATED, "b.txt": page}) as corpus:
        linked = events_of(corpus)
        assert linked["b.txt"] is None


def test_an_undated_page_is_not_guessed_between_two_years(tmp_path):
    dated_2024 = DATED.replace("2025", "2024").replace(" on Monday", "")  # 17 February 2024 was a Saturday
    with ingest(tmp_path, {"a.txt": DATED, "a2.txt": dated_2024, "b.txt": UNDATED_RU}) as corpus:
        assert events_of(corpus)["b.txt"] is None
    named_year = UNDATED_RU.replace("17 февраля", "17 февраля 2024 года")
    with ingest(tmp_path / "second", {"a.txt": DATED, "a2.txt": dated_2024, "b.txt": named_year}) as corpus:
        assert events_of(corpus)["b.txt"] == "2024-02-17-sochi"


def test_a_spokesman_named_in_a_news_page_does_not_make_it_a_digest(tmp_path):
    with ingest(tmp_path, {"a.txt": PESKOV_PARAGRAPH}) as corpus:
        assert [e for (e,) in corpus.db.execute("SELECT id FROM events")] == ["2025-02-17-sochi"]


# The evidence an undated page gives (summitry.events.undated): weekdays, venues, neighbouring days.
FRIDAY_TALKS = """Putin and Lukashenko hold talks at Novo-Ogaryovo

MOSCOW, 21 March 2025. Vladimir Putin and Alexander Lukashenko held talks at the Novo-Ogaryovo residence today.
"""
OTHER_FRIDAY = """Putin and Lukashenko meet in the Kremlin

MOSCOW, 14 March 2025. Vladimir Putin and Alexander Lukashenko met in the Kremlin today, the agency said.
"""
ON_FRIDAY_AT_THE_RESIDENCE = """Lukashenko visits Putin

Alexander Lukashenko met Vladimir Putin in Moscow on Friday, at his Novo-Ogaryovo residence outside the city.
"""
ON_FRIDAY_IN_THE_KREMLIN = """Lukashenko visits Putin

Alexander Lukashenko met Vladimir Putin in Moscow on Friday, in the Kremlin.
"""
THE_EVE = """Lukashenko flies to Moscow

Alexander Lukashenko told reporters on 20 March that he would see Vladimir Putin at Novo-Ogaryovo.
"""
MUSEUM_TRANSCRIPT = """Meeting with Alexander Lukashenko

Moscow, 10 June 2025

Vladimir Putin and Alexander Lukashenko had breakfast in the Russian Museum.

Vladimir Putin: Mr Lukashenko, thank you for coming to the Russian Museum this morning.

Alexander Lukashenko: Thank you for St Petersburg.
"""
MUSEUM_REPORT_DE = """Putin und Lukaschenko im Russischen Museum

Am Dienstag, dem 10. Juni, trafen sich Wladimir Putin und Alexander Lukaschenko im Russischen Museum in St. Petersburg.
"""


@pytest.mark.parametrize("page", [ON_FRIDAY_AT_THE_RESIDENCE, THE_EVE])
def test_a_weekday_or_the_eve_at_a_venue_both_name_is_evidence(tmp_path, page):
    with ingest(tmp_path, {"a.txt": FRIDAY_TALKS, "a2.txt": OTHER_FRIDAY, "b.txt": page}) as corpus:
        linked = events_of(corpus)
        assert linked["b.txt"] == linked["a.txt"] == "2025-03-21-moscow"
        assert linked["a2.txt"] != linked["a.txt"]


def test_a_weekday_in_the_kremlin_is_no_date(tmp_path):
    """The Kremlin, Moscow and "on Friday" fit both meetings, and many more: not guessed."""
    with ingest(tmp_path, {"a.txt": FRIDAY_TALKS, "a2.txt": OTHER_FRIDAY, "b.txt": ON_FRIDAY_IN_THE_KREMLIN}) as corpus:
        assert events_of(corpus)["b.txt"] is None


def test_a_venue_both_name_outweighs_a_reprints_filing_city(tmp_path):
    """The transcript's reprint says "Moscow" above a breakfast in St Petersburg's Russian Museum; the
    German report, undated but for "Tuesday, 10 June", names the museum and the city."""
    with ingest(tmp_path, {"a.txt": MUSEUM_TRANSCRIPT, "b.txt": MUSEUM_REPORT_DE}) as corpus:
        linked = events_of(corpus)
        assert linked["a.txt"] is not None and linked["b.txt"] == linked["a.txt"]


# Undated pages no dated event fits: one meeting when they name the same day in the same city.
AUGUST_EN = """Lukashenko and Putin meet in Sochi

Alexander Lukashenko and Vladimir Putin met in Sochi on 22 August and agreed to meet again soon.
"""
AUGUST_RU = """Лукашенко и Путин договорились о новой встрече

На переговорах в Сочи 22 августа Владимир Путин и Александр Лукашенко договорились о новой встрече.
"""
AUGUST_BE = """Пуцін і Лукашэнка дамовіліся сустрэцца зноў

Уладзімір Пуцін і Аляксандр Лукашэнка на перамовах у Сочы 22 жніўня дамовіліся пра новую сустрэчу.
"""
AUGUST_MINSK = """Lukashenko and Putin in Minsk

Alexander Lukashenko and Vladimir Putin met in Minsk on 22 August, the agency said.
"""


def test_undated_pages_of_one_day_and_city_are_one_meeting_of_unknown_year(tmp_path):
    pages = {"en.txt": AUGUST_EN, "ru.txt": AUGUST_RU, "be.txt": AUGUST_BE, "minsk.txt": AUGUST_MINSK}
    with ingest(tmp_path, pages) as corpus:
        linked = events_of(corpus)
        assert linked["en.txt"] == linked["ru.txt"] == linked["be.txt"] == "XXXX-08-22-sochi"
        assert linked["minsk.txt"] is None  # another city, and alone
        listed = {e["id"]: e for e in summitry.list_events(corpus)}
        assert listed["XXXX-08-22-sochi"]["date"] == "XXXX-08-22" and listed["XXXX-08-22-sochi"]["versions"] == 3
        assert "XXXX-08-22-sochi" not in {e["id"] for e in summitry.list_events(corpus, since="2000-01-01")}
        dates = [tuple(r) for r in corpus.db.execute("SELECT DISTINCT date FROM documents WHERE source NOT LIKE '%minsk.txt'")]
        assert dates == [(None,)]  # the pages' own dates stay unknown


def test_a_later_undated_page_joins_the_meeting_of_unknown_year(tmp_path):
    with ingest(tmp_path, {"en.txt": AUGUST_EN, "ru.txt": AUGUST_RU}) as corpus:
        later = tmp_path / "later"
        later.mkdir()
        (later / "be.txt").write_text(AUGUST_BE, encoding="utf-8")
        corpus.ingest([later])
        linked = events_of(corpus)
        assert linked["be.txt"] == linked["en.txt"] == "XXXX-08-22-sochi"
        assert [e for (e,) in corpus.db.execute("SELECT id FROM events")] == ["XXXX-08-22-sochi"]


def test_two_undated_pages_naming_a_day_but_no_place_stay_apart(tmp_path):
    first = "Putin and Lukashenko\n\nVladimir Putin and Alexander Lukashenko spoke on 22 August.\n"
    second = "Lukashenko and Putin\n\nAlexander Lukashenko said he would call Vladimir Putin on 22 August.\n"
    with ingest(tmp_path, {"a.txt": first, "b.txt": second}) as corpus:
        assert set(events_of(corpus).values()) == {None}


def test_two_meetings_of_the_same_leaders_a_day_apart_stay_apart(tmp_path):
    talks = "Putin and Lukashenko hold talks\n\nSOCHI, 17 February 2025. Vladimir Putin and Alexander Lukashenko held talks on gas prices and the Union State budget.\n"
    hockey = "Putin and Lukashenko play hockey\n\nSOCHI, 18 February 2025. Vladimir Putin and Alexander Lukashenko played a hockey match at the Shayba arena.\n"
    with ingest(tmp_path, {"a.txt": talks, "b.txt": hockey}) as corpus:
        linked = events_of(corpus)
        assert linked["a.txt"] == "2025-02-17-sochi" and linked["b.txt"] == "2025-02-18-sochi"


FILED_ELSEWHERE = """Lukashenko plans to meet Putin on 9 March

MINSK, 5 March. /Agency/. Alexander Lukashenko plans to meet Vladimir Putin on 9 March, he told reporters at a factory.
"""
MET_IN_SOCHI = """Lukashenko told of the talks

Alexander Lukashenko told how his talks with Vladimir Putin on 9 March in Sochi went: they spoke over breakfast.
"""
MET_IN_SOCHI_HY = """Լուկաշենկոն պատմել է բանակցությունների մասին

Լուկաշենկոն պատմել է, թե ինչպես է անցել հանդիպումը Պուտինի հետ մարտի 9-ին Սոչիում:
"""


def test_an_agency_s_filing_city_does_not_keep_undated_pages_of_one_meeting_apart(tmp_path):
    """MINSK is where the agency wrote the story; the meeting it announces for 9 March was in Sochi."""
    pages = {"filed.txt": FILED_ELSEWHERE, "sochi.txt": MET_IN_SOCHI, "hy.txt": MET_IN_SOCHI_HY}
    with ingest(tmp_path, pages) as corpus:
        linked = events_of(corpus)
        assert linked["filed.txt"] == linked["sochi.txt"] == linked["hy.txt"] == "XXXX-03-09-sochi"


def test_a_page_naming_a_day_in_passing_does_not_join_a_meeting_of_another_city(tmp_path):
    passing = """Putin and Lukashenko\n\nVladimir Putin and Alexander Lukashenko met in Minsk, the agency said.\n\n""" + (
        "The two presidents spoke of trade, gas prices, the Union State budget and the harvest. " * 6
        + "They will meet again on 9 March."
    )
    with ingest(tmp_path, {"sochi.txt": MET_IN_SOCHI, "minsk.txt": passing}) as corpus:
        linked = events_of(corpus)
        assert linked["sochi.txt"] is None and linked["minsk.txt"] is None


ANNOUNCED = """Putin and Lukashenko will meet in Russia

MOSCOW, 5 March 2024. Vladimir Putin and Alexander Lukashenko will meet in Russia, the Kremlin spokesman said. The place will be named later.
"""
MET = """Putin and Lukashenko held talks in Sochi

SOCHI, 7 March 2024. Vladimir Putin and Alexander Lukashenko held talks in Sochi, the agency said.
"""
MET_AGAIN = """Putin and Lukashenko met in Moscow

MOSCOW, 10 March 2024. Vladimir Putin and Alexander Lukashenko met in the Kremlin, the agency said.
"""


def test_a_page_announcing_a_meeting_joins_the_one_of_the_week_after(tmp_path):
    with ingest(tmp_path, {"announced.txt": ANNOUNCED, "met.txt": MET}) as corpus:
        linked = events_of(corpus)
        assert linked["announced.txt"] == linked["met.txt"] == "2024-03-07-sochi"
        (sources,) = corpus.db.execute("SELECT sources FROM documents WHERE source LIKE '%announced.txt'").fetchone()
        assert json.loads(sources)["event"].startswith("announced")
        (date,) = corpus.db.execute("SELECT date FROM documents WHERE source LIKE '%announced.txt'").fetchone()
        assert date == "2024-03-05"  # the page's own date stays


def test_a_page_announcing_a_meeting_stays_apart_when_two_meetings_follow(tmp_path):
    with ingest(tmp_path, {"announced.txt": ANNOUNCED, "met.txt": MET, "again.txt": MET_AGAIN}) as corpus:
        linked = events_of(corpus)
        assert linked["announced.txt"] not in {linked["met.txt"], linked["again.txt"]}
        assert linked["announced.txt"] is not None  # linked by its own date, as before


def test_a_page_announcing_a_meeting_joins_one_of_unknown_year(tmp_path):
    pages = {"announced.txt": ANNOUNCED, "filed.txt": FILED_ELSEWHERE, "sochi.txt": MET_IN_SOCHI}
    with ingest(tmp_path, pages) as corpus:
        linked = events_of(corpus)
        assert linked["announced.txt"] == linked["filed.txt"] == linked["sochi.txt"] == "XXXX-03-09-sochi"


def test_a_page_that_prints_its_day_without_the_year_above_the_story_joins_that_days_event(tmp_path):
    dated = "\n".join([
        "Presidents meet in Minsk", "By JOHN DOE", "Updated 6:42 PM, September 25, 2025",
        "MINSK (Agency) — President Vladimir Putin welcomed President Alexander Lukashenko on Thursday for talks on trade.",
    ])
    undated = "\n".join([
        "Агентство", "Новости", "Политика", "Экономика", "Подписка", "Политика,  25 сен, 21:10", "14 562",
        "Путин и Лукашенко провели переговоры в Минске",
        "Президенты обсудили торговлю и пообещали договориться о поставках в ближайшее время",
        "Фото: Агентство",
        "Президент России Владимир Путин провел в Минске переговоры с Александром Лукашенко. Встреча длилась три часа.",
    ])
    with ingest(tmp_path, {"a.txt": dated, "b.txt": undated}) as corpus:
        linked = events_of(corpus)
        assert linked["a.txt"] == linked["b.txt"] == "2025-09-25-minsk"
