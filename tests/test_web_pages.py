"""Pages: escaping of hostile article fields, RTL, Russian UI, headers, cookies, login rate
limit, the `kuzet user` commands, and the pure helpers behind the reader and the map."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from kuzet.cli import cli
from kuzet.store import Store
from kuzet.web import auth, corrections, render
from tests.test_web_api import PASSWORD, XSS, TestClient, login, store, template_db  # noqa: F401


@pytest.fixture()
def client(store: Store) -> TestClient:  # noqa: F811
    return TestClient(create_app_for(store))


def create_app_for(s: Store):  # type: ignore[no-untyped-def]
    from kuzet.web.app import create_app

    return create_app(s)


@pytest.mark.parametrize("path", ["/article/a-xss", "/", "/admin1/KG-B", "/country/KG",
                                  "/search?q=Batken", "/alerts/1",
                                  "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E"])
def test_hostile_text_is_escaped(client: TestClient, path: str) -> None:
    login(client, "viewer")
    r = client.get(path)
    assert r.status_code in (200, 404)
    html = r.text
    assert "<script>alert" not in html and "<img src=x" not in html and "<svg onload" not in html
    assert 'href="javascript:' not in html
    if path == "/article/a-xss":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_reader_marks_and_rtl(client: TestClient) -> None:
    login(client, "viewer")
    html = client.get("/article/a-ar").text
    assert 'dir="rtl"' in html and 'class="k-event k-place k-theme"' in html
    assert 'dir="rtl"' not in client.get("/article/a-border").text.split("<aside")[0]


def test_russian_ui_and_headers(client: TestClient) -> None:
    login(client, "viewer")
    r = client.get("/?lang=ru")
    assert "Обзор" in r.text and '<html lang="ru">' in r.text
    assert "Обзор" in client.get("/").text  # the choice is remembered in a cookie
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert r.headers["x-frame-options"] == "DENY"
    assert "<script>" not in r.text  # only external scripts: the CSP forbids inline ones


def test_session_cookie_flags(client: TestClient) -> None:
    page = client.get("/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf is not None
    r = client.post("/login", data={"username": "viewer", "password": PASSWORD,
                                    "csrf": csrf.group(1)}, follow_redirects=False)
    cookie = r.headers["set-cookie"].lower()
    assert "kuzet_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie


def test_login_rate_limit(client: TestClient) -> None:
    page = client.get("/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf is not None
    data = {"username": "admin", "password": "wrong password", "csrf": csrf.group(1)}
    for _ in range(5):
        assert client.post("/login", data=data, follow_redirects=False).headers[
            "location"] == "/login?failed=1"
    # now even the right password is refused for this user from this address
    r = client.post("/login", data={**data, "password": PASSWORD}, follow_redirects=False)
    assert r.headers["location"] == "/login?failed=limit"


def test_user_commands(tmp_path: Path) -> None:
    db = str(tmp_path / "u.db")
    runner = CliRunner()
    r = runner.invoke(cli, ["user", "add", "--db", db, "--role", "analyst", "ann"],
                      input="s3cret-pass\ns3cret-pass\n", obj={})
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["user", "add", "--db", db, "ann"], input="s3cret-pass\ns3cret-pass\n",
                      obj={})
    assert r.exit_code != 0 and "exists" in r.output
    r = runner.invoke(cli, ["user", "token", "--db", db, "ann"], obj={})
    assert r.exit_code == 0 and r.output.startswith("kz_")
    with Store(db) as s:
        user = auth.token_user(s.engine, r.output.strip())
        assert user is not None and user.role == "analyst"
        assert auth.check_password(s.engine, "ann", "s3cret-pass") is not None
        assert auth.check_password(s.engine, "ann", "wrong") is None


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70)),
                                      max_size=6))
def test_segments_rebuild_the_document(doc: str, cuts: list[tuple[int, int]]) -> None:
    items = [{"start": a, "end": b, "name": "p"} for a, b in cuts]
    found = render.spans({"places": items}, doc)
    pieces = render.segments(doc, found)
    assert "".join(p["text"] for p in pieces) == doc
    for s, e, *_ in found:
        assert 0 <= s < e <= len(doc)


@pytest.mark.parametrize("fix,field,expect", [
    ({"kind": "theme", "action": "remove", "value": "border"}, "themes", [True]),
    ({"kind": "theme", "action": "add", "value": "water"}, "themes", [None, None]),
    ({"kind": "country", "action": "remove", "value": "KG"}, "countries", []),
    ({"kind": "place", "action": "remove", "value": "g-KG-B", "start": 999}, "places", [None]),
    ({"kind": "place", "action": "remove", "value": "g-KG-B"}, "admin1", []),
])
def test_apply_corrections(fix: dict[str, object], field: str, expect: list[object]) -> None:
    record = {"countries": ["KG"], "admin1": ["KG-B"],
              "places": [{"name": "Batken", "gazetteer_id": "g-KG-B", "admin1": "KG-B",
                          "country": "KG", "start": 0, "end": 6}],
              "themes": [{"id": "border", "score": 1.0, "evidence": []}], "events": []}
    out = corrections.apply(record, [{**fix, "user": "u"}])
    got = out[field]
    if field in ("themes", "places"):
        got = [x.get("rejected") for x in got]
    assert got == expect
    assert record["themes"][0].get("rejected") is None  # the stored record is left alone


def test_map_shapes_cover_six_countries() -> None:
    shapes, box = render.map_shapes()
    codes = {s["code"][:2] for s in shapes}
    assert codes >= {"KZ", "KG", "TJ", "TM", "UZ", "AF"} and box.startswith("0 0 860")
    assert render.shade({"A": 10, "B": 1}, "A") == 5 and render.shade({"A": 10}, "C") == 0


def test_first_admin_only_once(tmp_path: Path) -> None:
    with Store(str(tmp_path / "f.db")) as s:

        password = auth.first_admin(s.engine)
        assert password and auth.check_password(s.engine, "admin", password) is not None
        assert auth.first_admin(s.engine) is None
