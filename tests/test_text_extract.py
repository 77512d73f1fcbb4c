"""HTML, plain text and records to articles."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kuzet.errors import Rejected
from kuzet.text.extract import canonical, content_hash, from_html, from_plain, from_record
from kuzet.text.layout import split_paragraphs

BODY = "".join(
    f"<p>Paragraph {i}: the commission on the Zarafshan river met again to review the water "
    f"allocation schedule and the state of the canals in the region.</p>" for i in range(4)
)
PAGE = (
    '<html><head><meta property="og:url" content="https://site.kz/a/1?utm_medium=x#top">'
    '<meta property="og:title" content="Commission meets again">'
    f"</head><body><article><h1>Commission meets again</h1>{BODY}<p>Поделиться</p>"
    "</article></body></html>"
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://Site.KZ/news/1?utm_source=tg&id=5#comments", "https://site.kz/news/1?id=5"),
        ("https://site.kz/news/1?fbclid=abc", "https://site.kz/news/1"),
        ("https://site.kz", "https://site.kz/"),
        (None, None),
    ],
)
def test_canonical(url: str | None, expected: str | None) -> None:
    assert canonical(url) == expected


def test_from_html() -> None:
    article = from_html(PAGE, url="https://site.kz/a/1?utm_source=rss")
    assert article.title == "Commission meets again"
    assert article.canonical_url == "https://site.kz/a/1"
    assert len(article.paragraphs) == 4
    assert article.duplicates_removed == 1  # the h1 repeating the title
    assert article.boilerplate_removed == ("Поделиться",)
    assert article.language == "en" and article.script == "Latn"
    assert len(article.id) == 16 and len(article.content_hash) == 64
    assert article.doc.startswith(article.title + "\n\n")


def test_meta_wins() -> None:
    meta = {"title": "Feed title", "published": "2024-02-03T04:05", "id": "feed-1",
            "language": "ru", "author": "A. B."}
    article = from_html(PAGE, meta=meta)
    assert (article.title, article.id, article.language, article.author) == (
        "Feed title", "feed-1", "ru", "A. B.")
    assert article.published == datetime(2024, 2, 3, 4, 5)


@pytest.mark.parametrize(
    ("html", "code"),
    [("", "K101"), ("   ", "K101"), ("<html><body><nav>Home</nav></body></html>", "K110")],
)
def test_html_rejections(html: str, code: str) -> None:
    with pytest.raises(Rejected) as err:
        from_html(html, url="https://x.org/")
    assert err.value.code == code


def test_plain_layout_and_ids_are_stable() -> None:
    text = ("Border post reopens\n05.03.2024 10:00\nBy Dana Ospanova\nPrint\n"
            "The border post between the two countries reopened on Monday after repairs.\n"
            "Traffic resumed in the afternoon, officials said.\n")
    a, b = from_plain(text), from_plain(text)
    assert a.id == b.id and a.content_hash == content_hash(a.text)
    assert a.title == "Border post reopens"
    assert a.author == "Dana Ospanova"
    assert a.published == datetime(2024, 3, 5, 10, 0)
    assert a.boilerplate_removed == ("Print",)
    assert len(a.paragraphs) == 2


def test_a_first_body_line_is_not_a_byline() -> None:
    text = "Short headline here\nSomeone Important\nThe body starts here and goes on for a while."
    article = from_plain(text)
    assert article.author is None
    assert article.paragraphs[0] == "Someone Important"


def test_record_keeps_id_url_published() -> None:
    article = from_record({"id": "n1", "url": "https://x.org/n?utm_campaign=a",
                           "published": "2022-09-21", "text": "Title line here\nBody text."})
    assert (article.id, article.url) == ("n1", "https://x.org/n?utm_campaign=a")
    assert article.canonical_url == "https://x.org/n"
    assert article.published == datetime(2022, 9, 21)


@pytest.mark.parametrize(
    ("record", "code"), [({"id": "x", "text": ""}, "K101"), ({"id": "x", "text": 5}, "K111")]
)
def test_record_rejections(record: dict[str, object], code: str) -> None:
    with pytest.raises(Rejected) as err:
        from_record(record)
    assert err.value.code == code


def test_hard_wrapped_text_is_joined() -> None:
    para = ("This is a long line of an e-mail style text that was wrapped at seventy\n"
            "characters by the mail client so that it fits a narrow terminal window.\n")
    paragraphs = split_paragraphs(para + "\n" + para + "\n" + para)
    assert len(paragraphs) == 3 and "\n" not in paragraphs[0]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_plain_offsets_hold(text: str) -> None:
    try:
        article = from_plain(text)
    except Rejected as err:
        assert err.code in {"K101", "K110"}
        return
    assert article.doc[article.body_offset:] == article.text
    assert all(p in article.text for p in article.paragraphs)
