from __future__ import annotations

import pytest

from summitry.pipeline.core import process_page
from summitry.pipeline.decode import decode_text
from summitry.pipeline.read import make_page
from summitry.records import PageError

RUSSIAN = "В.Путин: Добрый день, уважаемый Александр Григорьевич! Рад вас видеть в Москве."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "utf-16", "utf-16-le", "koi8-r"])
def test_encodings(encoding):
    text = decode_text(make_page("p.txt", ((RUSSIAN + "\n") * 5).encode(encoding)))
    assert RUSSIAN in text.text


LEGACY_PAGES = {
    "cp1252": "MODERATOR: Senator, you called the plan \u201ctrigger-happy\u201d \u2014 why? It\u2019s a fair question.",
    "cp1251": RUSSIAN + " \u00abМы \u2014 союзники\u00bb, \u2014 сказал он.",
    "koi8_r": RUSSIAN,
    "cp1250": "Prezydent Łukasz Nowak: Dziękuję bardzo, panie przewodniczący. Řekl, že spolupráce pokračuje.",
    "cp1253": "Ο Πρόεδρος είπε ότι οι συνομιλίες στη Μόσχα ήταν χρήσιμες για τις δύο χώρες.",
    "gb18030": "外交部发言人毛宁：普京总统在莫斯科会见了卢卡申科总统，双方讨论了经济合作。",
    "shift_jis": "プーチン大統領はモスクワでルカシェンコ大統領と会談し、経済協力について話し合った。",
}


@pytest.mark.parametrize(("encoding", "line"), LEGACY_PAGES.items())
def test_a_page_in_a_legacy_encoding_reads_as_written(encoding, line):
    text = decode_text(make_page("p.txt", ((line + "\n") * 12).encode(encoding)))
    assert line in text.text and not text.replaced


def test_one_curly_quote_of_a_cp1252_page_is_not_damaged_utf8():
    text = decode_text(make_page("p.txt", "MODERATOR: That\u2019s all for tonight. Good night.\n".encode("cp1252")))
    assert "That\u2019s all" in text.text and text.encoding == "cp1252" and not text.replaced


def test_declared_charset_of_an_html_page():
    html = f'<html><head><meta charset="windows-1251"></head><body><p>{RUSSIAN}</p></body></html>'
    text = decode_text(make_page("p.html", html.encode("cp1251")))
    assert RUSSIAN in text.text and text.encoding == "cp1251"


def test_mojibake_is_repaired():
    broken = "Vladimir Putin: It’s good — really.".encode().decode("cp1252")
    text = decode_text(make_page("p.txt", broken.encode("utf-8")))
    assert "It’s good — really." in text.text and text.repaired


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty file"), (b"  \n\t ", "empty file"), (bytes(range(256)) * 40, "binary file")],
)
def test_pages_that_are_not_text(data, reason):
    with pytest.raises(PageError, match=reason):
        decode_text(make_page("p.bin", data))


@pytest.mark.parametrize("where", [0, 17, 40, -1])
def test_a_bad_byte_in_a_utf8_page_is_replaced_and_counted_not_a_rejection(where):
    data = ((RUSSIAN + "\n") * 5).encode("utf-8")
    position = where % len(data)
    damaged = data[:position] + b"\xff" + data[position:]
    text = decode_text(make_page("p.txt", damaged))
    assert text.encoding == "utf-8" and 1 <= text.replaced <= 3
    assert text.text.count(RUSSIAN) >= 4  # the rest of the page as it was, not read as another encoding


def test_utf16_cut_at_an_odd_byte_is_kept():
    text = decode_text(make_page("p.txt", ((RUSSIAN + "\n") * 5).encode("utf-16") + b"\x41"))
    assert RUSSIAN in text.text and text.replaced == 1


def test_a_damaged_page_says_so_in_its_sources():
    data = ("Talks\n\nMarch 3, 2025, Moscow\n\n" + RUSSIAN + "\n").encode("utf-8")
    doc = process_page(make_page("p.txt", data[:29] + b"\xfe" + data[29:]))  # between two ASCII characters
    assert doc.sources["decoding"] == "1 undecodable bytes replaced"


def test_a_page_in_another_encoding_is_not_taken_for_damaged_utf8():
    text = decode_text(make_page("p.txt", ((RUSSIAN + "\n") * 5).encode("cp1251")))
    assert text.encoding == "cp1251" and text.replaced == 0
