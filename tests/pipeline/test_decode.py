from __future__ import annotations

import pytest

from summitry.pipeline.decode import decode_text
from summitry.pipeline.read import make_page
from summitry.records import PageError

RUSSIAN = "В.Путин: Добрый день, уважаемый Александр Григорьевич! Рад вас видеть в Москве."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "utf-16", "utf-16-le", "koi8-r"])
def test_encodings(encoding):
    text = decode_text(make_page("p.txt", ((RUSSIAN + "\n") * 5).encode(encoding)))
    assert RUSSIAN in text.text


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
