"""Language identification: short paragraphs about meetings, written for these tests, in the languages
the pages come in; the close ones (Russian, Belarusian, Ukrainian, Kazakh) told apart."""

from __future__ import annotations

import pytest
from py3langid.langid import MODEL_DIR, MODEL_FILE
from py3langid.modelio import load_model

import summitry
from summitry.data.reference import load_reference
from summitry.pipeline.language import (
    QUICK_SAMPLE_CHARS,
    SAMPLE_CHARS,
    _full_identifier,
    _load_model_arrays,
    _unpacked_model_path,
    document_language,
    identify_language,
    sample_text,
)
from summitry.records import Document, Segment

PARAGRAPHS = {
    "ru": "Президенты обсудили ход выполнения союзных программ и договорились встретиться снова в начале осени. "
    "На переговорах в расширенном составе речь шла о торговле, энергетике и совместных проектах в "
    "промышленности. Стороны отметили, что товарооборот между странами за первое полугодие заметно вырос.",
    "be": "Прэзідэнты абмеркавалі, як выконваюцца саюзныя праграмы, і дамовіліся зноў сустрэцца ў пачатку "
    "восені. На перамовах у пашыраным складзе гаворка ішла пра гандаль, энергетыку і сумесныя праекты ў "
    "прамысловасці. Бакі адзначылі, што тавараабарот паміж краінамі за першае паўгоддзе прыкметна вырас.",
    "uk": "Президенти обговорили, як виконуються спільні програми, і домовилися знову зустрітися на початку "
    "осені. На переговорах у розширеному складі йшлося про торгівлю, енергетику та спільні проєкти в "
    "промисловості. Сторони зазначили, що товарообіг між країнами за перше півріччя помітно зріс.",
    "kk": "Президенттер бірлескен бағдарламалардың орындалу барысын талқылап, күздің басында қайта кездесуге "
    "келісті. Кеңейтілген құрамдағы келіссөздерде сауда, энергетика және өнеркәсіптегі бірлескен жобалар "
    "туралы сөз болды. Тараптар тауар айналымы бірінші жартыжылдықта айтарлықтай өскенін атап өтті.",
    "pl": "Prezydenci omówili realizację wspólnych programów i umówili się na kolejne spotkanie na początku "
    "jesieni. Podczas rozmów w poszerzonym składzie mówiono o handlu, energetyce i wspólnych projektach "
    "przemysłowych. Obie strony podkreśliły, że obroty handlowe wyraźnie wzrosły w pierwszym półroczu.",
    "de": "Die Präsidenten besprachen die Umsetzung der gemeinsamen Programme und vereinbarten, sich Anfang "
    "Herbst erneut zu treffen. Bei den Gesprächen im erweiterten Format ging es um Handel, Energie und "
    "gemeinsame Industrieprojekte. Beide Seiten stellten fest, dass der Warenaustausch deutlich gewachsen ist.",
    "fr": "Les présidents ont fait le point sur la mise en œuvre des programmes communs et sont convenus de se "
    "revoir au début de l'automne. Lors des entretiens en format élargi, il a été question du commerce, de "
    "l'énergie et de projets industriels communs. Les deux parties ont noté une nette hausse des échanges.",
    "en": "The presidents reviewed how the joint programmes are being carried out and agreed to meet again "
    "early in the autumn. The talks in an expanded format covered trade, energy and shared industrial "
    "projects. Both sides noted that trade between the two countries grew markedly in the first half of the year.",
}
LANGUAGES = load_reference().patterns.languages


@pytest.mark.parametrize(("language", "text"), sorted(PARAGRAPHS.items()))
def test_a_paragraph_in_each_language(language, text):
    assert identify_language(text, LANGUAGES) == language


@pytest.mark.parametrize(("language", "text"), sorted(PARAGRAPHS.items()))
def test_a_paragraph_among_all_the_model_knows(language, text):
    assert identify_language(text) == language


@pytest.mark.parametrize(("language", "text"), sorted(PARAGRAPHS.items()))
def test_a_single_sentence(language, text):
    first = text.split(". ")[0]
    assert identify_language(first, LANGUAGES) == language


def test_english_menu_words_around_a_russian_body():
    page = "\n".join(["Home News Events Photo Video Search Menu", "Share Print Send by e-mail", PARAGRAPHS["ru"],
                      "Subscribe Contact us Privacy policy All rights reserved"])
    assert identify_language(page, LANGUAGES) == "ru"


@pytest.mark.parametrize("text", ["", "   \n\t ", "12:30 14.02.2024 * * * <…>", "Лукашенко", "Q:", "https://example.org/12"])
def test_no_language_without_text(text):
    assert identify_language(text, LANGUAGES) is None


def test_the_document_is_its_turns_narrative_and_title_not_its_captions():
    segments = [Segment("caption", "Photo: press service of the President, all rights reserved")]
    segments += [Segment("narrative", PARAGRAPHS["be"][:150]), Segment("turn", PARAGRAPHS["be"][150:], label="А. Лукашэнка")]
    doc = Document(source="p.txt", sha256="", media_type="text/plain", title="Сустрэча прэзідэнтаў", segments=segments)
    assert document_language(doc, LANGUAGES) == "be"


def test_a_document_with_nothing_to_read_has_no_language():
    doc = Document(source="p.txt", sha256="", media_type="text/plain", segments=[Segment("separator", "* * *")])
    assert document_language(doc, LANGUAGES) is None
    doc.segments.append(Segment("caption", PARAGRAPHS["en"]))  # a caption is not what the document says
    assert document_language(doc, LANGUAGES) is None


def test_a_parsed_page_gets_its_language():
    page = f"Переговоры в Минске\n\n{PARAGRAPHS['uk']}\n\n{PARAGRAPHS['uk']}\n"
    assert summitry.parse_text(page, "page.txt").language == "uk"


def test_a_long_text_is_sampled_from_several_places():
    text = " ".join(["початок"] * 2000 + ["середина"] * 2000 + ["кінець"] * 2000)
    sample = sample_text([text], SAMPLE_CHARS)
    assert len(sample) <= SAMPLE_CHARS
    assert all(word in sample for word in ("початок", "середина", "кінець"))
    assert all(len(word) > 4 for word in sample.split())  # no word cut in two
    assert sample_text(["short", "text"], QUICK_SAMPLE_CHARS) == "short\ntext"


def test_the_candidate_languages_are_data_the_model_knows():
    model = _full_identifier()
    assert set(PARAGRAPHS) <= set(LANGUAGES) <= set(model.labels)


def test_a_code_the_model_does_not_know_is_ignored_with_a_warning():
    with pytest.warns(UserWarning, match="xx-unknown"):
        assert identify_language(PARAGRAPHS["de"], ("de", "en", "xx-unknown")) == "de"


def _same_arrays(got: tuple, want: tuple) -> bool:
    return all(list(g) == list(w) if not hasattr(g, "shape") else (g == w).all() for g, w in zip(got, want, strict=True))


def test_the_unpacked_model_is_kept_in_the_cache_and_loads_the_same(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMITRY_CACHE", str(tmp_path / "cache"))
    wheel = load_model(MODEL_DIR / MODEL_FILE)
    assert _same_arrays(_load_model_arrays(), wheel)  # the first load unpacks the wheel's copy...
    assert _unpacked_model_path().is_file()  # ...and keeps it
    assert _same_arrays(_load_model_arrays(), wheel)  # the second reads the cache


def test_a_damaged_cache_is_passed_over_and_replaced(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMITRY_CACHE", str(tmp_path))
    _unpacked_model_path().write_bytes(b"PK\x03\x04 not a whole archive")
    assert _same_arrays(_load_model_arrays(), load_model(MODEL_DIR / MODEL_FILE))
    assert _unpacked_model_path().stat().st_size > 1_000_000


def test_a_cache_that_cannot_be_written_is_passed_over(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SUMMITRY_CACHE", str(blocker / "cache"))
    assert _load_model_arrays()[2] == load_model(MODEL_DIR / MODEL_FILE)[2]
