"""Decoding bytes: BOMs, declarations, legacy code pages, binary rejection."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kuzet.errors import Rejected
from kuzet.text.encoding import decode

RU = "Президент провёл встречу с делегацией. Стороны обсудили вопросы водных ресурсов и границы."
AR = "أكد الوزير على أهمية التعاون الإقليمي في مجال المياه والأمن على الحدود بين الدول."
KK = "Қазақстан Республикасының Үкіметі өңірлік қауіпсіздік мәселелерін талқылады."
FR = "Le président a rencontré la délégation à Genève pour évoquer la sécurité régionale."


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (RU, "cp1251"), (RU, "koi8-r"), (RU, "utf-8"), (RU, "utf-16"),
        (AR, "cp1256"), (AR, "utf-8"), (AR, "utf-8-sig"),
        (KK, "kz1048"), (KK, "utf-8"),
        (FR, "cp1252"), (FR, "utf-8"),
    ],
)
def test_round_trip_without_declaration(text: str, codec: str) -> None:
    assert decode(text.encode(codec)) == text


@pytest.mark.parametrize(
    ("declared", "codec"), [("windows-1251", "cp1251"), ("KOI8-R", "koi8-r"), ("cp1256", "cp1256")]
)
def test_declared_charset_is_used(declared: str, codec: str) -> None:
    text = RU if codec != "cp1256" else AR
    assert decode(text.encode(codec), declared=declared) == text


def test_meta_charset_is_sniffed() -> None:
    page = f'<html><head><meta charset="koi8-r"></head><body>{RU}</body></html>'
    assert RU in decode(page.encode("koi8-r"))


def test_valid_utf8_wins_over_a_wrong_declaration() -> None:
    assert decode(RU.encode("utf-8"), declared="windows-1251") == RU


def test_output_is_nfc() -> None:
    assert decode("e\u0301".encode()) == "é"


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n...", b"PK\x03\x04zip", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"\xff\xd8\xff\xe0",
     b"\x1f\x8b\x08\x00", b"abc\x00\x01\x02def\xff\xfe\x00\x10"],
)
def test_binary_is_rejected(data: bytes) -> None:
    with pytest.raises(Rejected) as err:
        decode(data, subject="f.bin")
    assert err.value.code == "K102"
    assert err.value.subject == "f.bin"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=512), st.sampled_from([None, "utf-8", "cp1251", "bogus", "koi8-r"]))
def test_never_crashes(data: bytes, declared: str | None) -> None:
    try:
        text = decode(data, declared=declared)
    except Rejected as err:
        assert err.code == "K102"
        return
    assert "\x00" not in text
    assert unicodedata.is_normalized("NFC", text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300).filter(lambda t: "\x00" not in t))
def test_utf8_text_round_trips(text: str) -> None:
    try:
        decoded = decode(text.encode("utf-8"))
    except Rejected:
        return  # text that happens to start with a binary magic number
    assert decoded == unicodedata.normalize("NFC", text)
