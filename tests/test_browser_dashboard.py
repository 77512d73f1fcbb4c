"""End to end in headless Chromium: log in, overview on the demo database, map → country →
article → alert, XSS payloads that must never run, and no request leaving the machine.

Screenshots go to test-artifacts/. Skips cleanly without /usr/bin/chromium or Playwright.
"""

from __future__ import annotations

import importlib.util
import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from kuzet import settings
from kuzet.model import Article
from kuzet.store import Store
from kuzet.web import auth

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
PASSWORD = "browser test password"
XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
    pytest.mark.skipif(importlib.util.find_spec("playwright") is None,
                       reason="needs Playwright for Python (pip install playwright)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _add_xss_article(store: Store) -> str:
    text = f"Unrest in Osh {XSS} was reported. <a href=\"javascript:alert(3)\">x</a>"
    art = Article(id="xss-article", title="Title " + XSS, text=text, language="en",
                  published=datetime(2026, 7, 30, 12), url="javascript:alert(4)",
                  source="Src " + XSS, author=XSS, paragraphs=(text,))
    stored, _ = store.add_article(art)
    doc = art.doc
    start = doc.index("Osh")
    store.save_analysis(stored, {
        "id": stored, "countries": ["KG"], "admin1": ["KG-O"],
        "places": [{"name": "Osh <b>" + XSS, "text": "Osh", "start": start, "end": start + 3,
                    "kind": "city", "country": "KG", "admin1": "KG-O", "lat": 40.5,
                    "lon": 72.8, "gazetteer_id": XSS}],
        "actors": [], "country_refs": [],
        "themes": [{"id": "unrest" + XSS, "score": 1.0,
                    "evidence": [{"start": start, "end": len(doc), "text": doc[start:]}]}],
        "events": [], "killed": None, "event_date": None, "pipeline_version": "0.1.0",
    }, "0.1.0")
    return stored


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from kuzet import demo
    from kuzet.web.app import create_app

    path = tmp_path_factory.mktemp("browser") / "demo.db"
    demo.run(str(path), settings.load())
    store = Store(str(path))

    auth.add_user(store.engine, "analyst", PASSWORD, "analyst")
    _add_xss_article(store)
    app = create_app(store)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            ws="none", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.dialogs = []  # any dialog means a payload ran (or a script misbehaved)
    p.outside = []  # requests that leave 127.0.0.1
    p.on("dialog", lambda d: (p.dialogs.append(d.message), d.dismiss()))
    p.on("request", lambda r: None if r.url.startswith((server, "data:", "about:"))
         else p.outside.append(r.url))
    p.goto(server + "/login")
    p.fill("input[name=username]", "analyst")
    p.fill("input[name=password]", PASSWORD)
    p.click("#login-button")
    p.wait_for_url(server + "/")
    yield p
    context.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_map_country_article_alert(page: Any, server: str) -> None:
    assert page.locator("svg.map path").count() >= 60
    assert page.locator("svg.map path.q0").count() < page.locator("svg.map path").count()
    assert page.locator("#alerts ul.alerts li a").count() > 0
    assert page.locator(".chart polyline").count() >= 2
    shot(page, "1-overview")
    page.click("#map a[href='/admin1/KG-B']")
    page.wait_for_url(server + "/admin1/KG-B")
    page.click("a[href='/country/KG']")
    page.wait_for_url(server + "/country/KG")
    assert page.locator("svg.map path").count() >= 5
    shot(page, "2-country")
    page.locator("table.list a").first.click()
    page.wait_for_url(server + "/article/**")
    assert page.locator("#doc mark").count() > 0
    shot(page, "3-article")
    page.goto(server + "/")
    page.locator("#alerts ul.alerts li a").first.click()
    page.wait_for_url(server + "/alerts/**")
    assert page.locator("table.numbers tr").count() > 0
    page.click("button[value=acknowledged]")
    page.wait_for_load_state()
    assert page.locator("#alert-status").inner_text() == "acknowledged"
    shot(page, "4-alert")
    assert page.dialogs == [] and page.outside == []


def test_overview_says_what_happened(page: Any, server: str) -> None:
    first = page.locator("#alerts ul.alerts li a").first.inner_text()
    assert "conflict stories" in first or "Relations" in first or "Watchlist" in first
    assert "·" not in first and "admin1" not in first
    assert "Map: last 30 days" in page.locator("#map h2").inner_text()
    page.goto(server + "/?lang=ru")
    assert "Карта: последние 30 дней" in page.locator("#map h2").inner_text()
    assert "сюжет" in page.locator("#alerts ul.alerts").inner_text()
    assert "Таджикистан" in page.locator("p.countries").inner_text()
    shot(page, "7-overview-ru")
    page.goto(server + "/?lang=en")


def test_rtl_reader(page: Any, server: str) -> None:
    page.goto(server + "/search?language=ar")
    page.locator("table.list a").first.click()
    page.wait_for_url(server + "/article/**")
    assert page.locator("article.original").get_attribute("dir") == "rtl"
    shot(page, "5-article-rtl")


@pytest.mark.parametrize("path", ["/article/xss-article", "/search?q=Osh", "/admin1/KG-O",
                                  "/search?q=%3Cscript%3Ealert(9)%3C/script%3E", "/?lang=ru"])
def test_xss_never_runs(page: Any, server: str, path: str) -> None:
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    assert page.dialogs == []
    assert page.evaluate("document.querySelectorAll('img[src=x], script:not([src])').length") == 0
    if path.startswith("/article/"):
        assert XSS in page.locator("h2 + p.meta").inner_text() or XSS in page.inner_text("body")
        page.click("a[href='javascript:alert(4)']", timeout=500) if page.locator(
            "a[href^='javascript:']").count() else None
        assert page.dialogs == []
        shot(page, "6-xss-article")
    assert page.outside == []
