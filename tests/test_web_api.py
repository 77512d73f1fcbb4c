"""JSON API: filters, analysis with corrections, exports, error envelope, roles per endpoint."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import warnings
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from kuzet.model import Article
from kuzet.store import Store
from kuzet.store import db as store_db
from kuzet.web import auth
from kuzet.web.app import create_app

with warnings.catch_warnings():
    # Starlette warns that it will move to httpx2; the client itself works as before.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'><svg onload=alert(3)>'
PASSWORD = "correct horse battery"


def _record(article: Article, country: str, admin1: str, theme: str, event: str) -> dict[str, Any]:
    doc = article.doc
    word = "Batken" if "Batken" in doc else doc.split()[0]
    start = doc.index(word)
    span = {"start": start, "end": start + len(word), "text": word}
    return {
        "id": article.id, "source": article.source, "url": article.url, "title": article.title,
        "countries": [country], "admin1": [admin1],
        "places": [{"name": word, "text": word, "start": span["start"], "end": span["end"],
                    "kind": "admin1", "country": country, "admin1": admin1, "lat": 40.0,
                    "lon": 70.5, "gazetteer_id": "g-" + admin1}],
        "country_refs": [], "actors": [],
        "themes": [{"id": theme, "score": 1.0, "evidence": [span]}],
        "events": [{"type": event, "evidence": span, "negated": False, "country": country,
                    "admin1": admin1}],
        "killed": None, "event_date": None, "pipeline_version": "0.1.0",
    }


ARTICLES = [
    ("a-border", "Clash near Batken", "Guards fired near Batken on the border.", "en", "KG", "KG-B",
     "border", "ASSAULT", datetime(2026, 5, 3, 10)),
    ("a-water", "Вода для полей", "Канал в Согде получил воду.", "ru", "TJ", "TJ-SU", "water",
     "AGREE", datetime(2026, 5, 10, 9)),
    ("a-xss", XSS, "Body " + XSS + " near Batken.", "en", "KG", "KG-B", "unrest", "PROTEST",
     datetime(2026, 5, 12, 8)),
    ("a-ar", "اشتباك قرب الحدود", "قال مسؤولون إن اشتباكا وقع قرب Batken.", "ar", "KG", "KG-B",
     "border", "ASSAULT", datetime(2026, 5, 13, 8)),
]


def build(path: Path) -> Store:
    """A small store with hand-made analyses, users of every role and one alert."""
    store = Store(str(path))
    for aid, title, text, lang, country, admin1, theme, event, published in ARTICLES:
        url = "javascript:alert(5)" if aid == "a-xss" else f"https://example.org/{aid}"
        art = Article(id=aid, title=title, text=text, language=lang, published=published,
                      url=url, source=XSS if aid == "a-xss" else "demo",
                      author=XSS if aid == "a-xss" else None, paragraphs=(text,))
        stored, _ = store.add_article(art)
        store.save_analysis(stored, _record(art, country, admin1, theme, event), "0.1.0")
    engine = store.engine

    for role in auth.ROLES:
        auth.add_user(engine, role, PASSWORD, role)
    names = sa.inspect(engine).get_table_names()
    if "alerts" in names:
        alerts = sa.Table("alerts", sa.MetaData(), autoload_with=engine)
        with store_db.writing(engine) as conn:
            conn.execute(alerts.insert().values(
                id=1, rule="spike", dimension="admin1", key="KG-B", day="2026-05-12", score=3.5,
                numbers={"count": 3, "baseline": 0.5, "note": XSS}, status="new",
                created_at=datetime(2026, 5, 12), updated_at=datetime(2026, 5, 12),
                notified=False))
            links = sa.Table("alert_links", sa.MetaData(), autoload_with=engine)
            conn.execute(links.insert().values(alert_id=1, story_id="s1", article_id="a-xss"))
    return store


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once per module (argon2 hashing is slow on purpose), copied for each test."""
    path = tmp_path_factory.mktemp("web") / "template.db"
    build(path).close()
    return path


@pytest.fixture()
def store(template_db: Path, tmp_path: Path) -> Iterator[Store]:
    shutil.copy(template_db, tmp_path / "web.db")
    s = Store(str(tmp_path / "web.db"))
    yield s
    s.close()


@pytest.fixture()
def client(store: Store) -> TestClient:
    return TestClient(create_app(store))


def token(store: Store, role: str) -> dict[str, str]:
    return {"Authorization": "Bearer " + auth.create_token(store.engine, role, "test")}


def login(client: TestClient, role: str) -> str:
    """Log in through the form; the session's CSRF token."""
    page = client.get("/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf is not None
    r = client.post("/login", data={"username": role, "password": PASSWORD,
                                    "csrf": csrf.group(1)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text)
    assert found is not None
    return found.group(1)


def has_alerts(store: Store) -> bool:
    return "alerts" in sa.inspect(store.engine).get_table_names()


@pytest.mark.parametrize("query,ids", [
    ("", {"a-border", "a-water", "a-xss", "a-ar"}),
    ("country=KG", {"a-border", "a-xss", "a-ar"}),
    ("admin1=TJ-SU", {"a-water"}),
    ("theme=border", {"a-border", "a-ar"}),
    ("event=PROTEST", {"a-xss"}),
    ("language=ru", {"a-water"}),
    ("since=2026-05-10&until=2026-05-12", {"a-water", "a-xss"}),
    ("q=Batken", {"a-border", "a-xss", "a-ar"}),
    ("q=Batken&language=ar", {"a-ar"}),
    ("country=KG&theme=unrest", {"a-xss"}),
    ("country=UZ", set()),
])
def test_article_filters(client: TestClient, store: Store, query: str, ids: set[str]) -> None:
    r = client.get(f"/api/articles?{query}", headers=token(store, "viewer"))
    assert r.status_code == 200
    body = r.json()
    assert {a["id"] for a in body["items"]} == ids and body["total"] == len(ids)


def test_pagination(client: TestClient, store: Store) -> None:
    h = token(store, "viewer")
    first = client.get("/api/articles?limit=2", headers=h).json()
    second = client.get("/api/articles?limit=2&offset=2", headers=h).json()
    assert first["total"] == 4 and len(first["items"]) == 2
    assert not {a["id"] for a in first["items"]} & {a["id"] for a in second["items"]}
    assert first["items"][0]["published"] >= first["items"][1]["published"]


@pytest.mark.parametrize("path,status", [
    ("/api/articles?limit=0", 422), ("/api/articles?since=notadate", 422),
    ("/api/articles/nope", 404), ("/api/nope", 404), ("/api/alerts/99999", 404),
    ("/api/export/secrets.txt", 422), ("/api/corrections/1", 405),
])
def test_error_envelope(client: TestClient, store: Store, path: str, status: int) -> None:
    r = client.get(path, headers=token(store, "viewer"))
    assert r.status_code == status
    err = r.json()["error"]
    assert err["status"] == status and err["code"] and err["message"]


def test_login_required(client: TestClient) -> None:
    r = client.get("/api/articles")
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"
    assert client.get("/api/health").status_code == 200
    assert client.get("/openapi.json").json()["paths"]["/api/articles"]


def test_article_and_corrections_survive_reanalysis(client: TestClient, store: Store) -> None:
    h = token(store, "analyst")
    r = client.post("/api/articles/a-border/corrections", headers=h,
                    json={"kind": "theme", "action": "remove", "value": "border"})
    assert r.status_code == 201
    client.post("/api/articles/a-border/corrections", headers=h,
                json={"kind": "place", "action": "add", "value": "g-KG-O",
                      "data": {"name": "Osh", "admin1": "KG-O", "country": "KG"}})
    client.post("/api/articles/a-border/corrections", headers=h,
                json={"kind": "event", "action": "remove", "value": "ASSAULT"})
    # a new analysis replaces the record: the corrections still apply
    art = store.get_article("a-border")
    assert art is not None
    store.save_analysis("a-border", _record(art, "KG", "KG-B", "border", "ASSAULT"), "0.2.0")
    body = client.get("/api/articles/a-border", headers=h).json()
    themes = {t["id"]: t for t in body["analysis"]["themes"]}
    assert themes["border"]["rejected"] is True
    assert "KG-O" in body["analysis"]["admin1"]
    assert all(e.get("rejected") for e in body["analysis"]["events"])
    assert [c["user"] for c in body["corrections"]] == ["analyst"] * 3
    assert body["article"]["doc"].startswith("Clash near Batken\n\n")
    # filters follow the corrected analysis
    ids = {a["id"] for a in client.get("/api/articles?theme=border", headers=h).json()["items"]}
    assert ids == {"a-ar"}
    gold = [json.loads(line) for line in
            client.get("/api/export/gold.jsonl", headers=h).text.splitlines()]
    assert len(gold) == 1
    g = gold[0]
    assert g["id"] == "a-border" and g["themes"] == [] and g["events"] == []
    assert g["admin1"] == ["KG-B", "KG-O"] and g["lang"] == "en" and g["published"] == "2026-05-03"
    assert set(g) >= {"id", "url", "text", "published", "lang", "countries", "admin1", "themes",
                      "events", "killed", "event_date", "story"}
    audit = client.get("/api/audit", headers=token(store, "admin")).json()["items"]
    assert sum(1 for a in audit if a["action"] == "correction.add") == 3


def test_exports(client: TestClient, store: Store) -> None:
    h = token(store, "viewer")
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export/articles.csv", headers=h).text)))
    assert {r["id"] for r in rows} == {a[0] for a in ARTICLES}
    xss = next(r for r in rows if r["id"] == "a-xss")
    assert xss["countries"] == "KG" and xss["events"] == "PROTEST"
    lines = client.get("/api/export/articles.jsonl?country=TJ", headers=h).text.splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["a-water"]
    geo = client.get("/api/export/places.geojson", headers=h).json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 4
    assert geo["features"][0]["geometry"]["coordinates"] == [70.5, 40.0]


def test_csv_cells_never_formulas() -> None:
    from kuzet.web.exports import safe_cell

    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and safe_cell("Osh") == "Osh"


def test_alerts_acknowledge_and_close(client: TestClient, store: Store) -> None:
    if not has_alerts(store):
        pytest.skip("signals tables (migration 0002_signals) are not installed")
    h = token(store, "analyst")
    assert client.get("/api/alerts", headers=h).json()["items"][0]["status"] == "new"
    assert client.post("/api/alerts/1/acknowledge", headers=h, json={"note": "seen"}).status_code == 200
    one = client.get("/api/alerts/1", headers=h).json()
    assert one["status"] == "acknowledged" and one["articles"][0]["id"] == "a-xss"
    assert one["history"][-1]["by"] == "analyst"
    assert client.post("/api/alerts/1/close", headers=h).json()["status"] == "closed"


def test_watchlists(client: TestClient, store: Store) -> None:
    h = token(store, "analyst")
    r = client.post("/api/watchlists", headers=h, json={"name": "Batken", "filters": {"admin1": "KG-B"}})
    assert r.status_code == 201
    assert client.get("/api/watchlists", headers=h).json()["items"][0]["name"] == "Batken"
    assert client.delete(f"/api/watchlists/{r.json()['id']}", headers=h).status_code == 200


# Every endpoint that changes something, with a valid body: a viewer is refused each one.
WRITES = [
    ("post", "/api/articles/a-border/corrections", {"kind": "theme", "action": "add", "value": "x"}),
    ("delete", "/api/corrections/1", None),
    ("post", "/api/alerts/1/acknowledge", None),
    ("post", "/api/alerts/1/close", None),
    ("post", "/api/watchlists", {"name": "w", "filters": {}}),
    ("delete", "/api/watchlists/1", None),
    ("post", "/api/users", {"username": "eve", "password": "longenough", "role": "admin"}),
    ("post", "/api/tokens", {"username": "viewer", "name": "mine"}),
]


@pytest.mark.parametrize("method,path,body", WRITES)
def test_viewer_cannot_change_anything(client: TestClient, store: Store, method: str, path: str,
                                       body: dict[str, Any] | None) -> None:
    r = client.request(method, path, headers=token(store, "viewer"), json=body)
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    csrf = login(client, "viewer")  # with a session and its CSRF token: still refused
    r = client.request(method, path, headers={"X-CSRF-Token": csrf}, json=body)
    assert r.status_code == 403


@pytest.mark.parametrize("method,path,body", WRITES[:6])
def test_session_writes_need_csrf(client: TestClient, store: Store, method: str, path: str,
                                  body: dict[str, Any] | None) -> None:
    login(client, "admin")
    r = client.request(method, path, json=body)
    assert r.status_code == 403 and "CSRF" in r.json()["error"]["message"]


@pytest.mark.parametrize("path,data", [
    ("/article/a-border/correct", {"kind": "theme", "action": "add", "value": "water"}),
    ("/alerts/1/status", {"status": "closed"}),
    ("/logout", {}),
])
def test_form_posts_without_csrf_refused(client: TestClient, path: str, data: dict[str, str]) -> None:
    login(client, "analyst")
    assert client.post(path, data=data, follow_redirects=False).status_code == 403
    assert client.post(path, data={**data, "csrf": "forged"}, follow_redirects=False).status_code == 403


def test_login_form_needs_csrf(client: TestClient) -> None:
    r = client.post("/login", data={"username": "admin", "password": PASSWORD},
                    follow_redirects=False)
    assert r.status_code == 403


def test_form_correction_with_csrf(client: TestClient) -> None:
    csrf = login(client, "analyst")
    r = client.post("/article/a-water/correct", follow_redirects=False,
                    data={"kind": "country", "action": "add", "value": "UZ", "csrf": csrf})
    assert r.status_code == 303
    page = client.get("/article/a-water").text
    assert "UZ" in page and "Corrections" in page


def test_admin_creates_users(client: TestClient, store: Store) -> None:
    h = token(store, "admin")
    r = client.post("/api/users", headers=h,
                    json={"username": "newbie", "password": "long enough", "role": "analyst"})
    assert r.status_code == 201
    assert client.post("/api/users", headers=h, json={
        "username": "newbie", "password": "long enough", "role": "analyst"}).status_code == 409
