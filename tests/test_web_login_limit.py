"""Login rate limit kept in the database: shared by worker processes, survives a restart,
slides with a (fake) clock, and one address's success never clears another's failures."""

from __future__ import annotations

import re
import shutil
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from kuzet.store import Store
from kuzet.web import auth, tables
from kuzet.web.app import create_app
from tests.test_store_backends import BACKENDS, backend_url
from tests.test_web_api import PASSWORD, template_db  # noqa: F401

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's note about httpx2, as in test_web_api
    from fastapi.testclient import TestClient

LIMIT, WINDOW = 5, 300.0  # the defaults of login_attempts and login_window


class Clock:
    """A settable naive-UTC clock for the limiter (no sleeping in tests)."""

    def __init__(self) -> None:
        self.at = datetime(2026, 5, 1, 12)

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture()
def db_path(template_db: Path, tmp_path: Path) -> Path:  # noqa: F811
    shutil.copy(template_db, tmp_path / "web.db")
    return tmp_path / "web.db"


@pytest.fixture()
def stores(db_path: Path) -> Iterator[list[Store]]:
    """Two stores over one database file: two app instances, as two worker processes."""
    opened = [Store(str(db_path)), Store(str(db_path))]
    yield opened
    for s in opened:
        s.close()


def post_login(client: TestClient, password: str, username: str = "admin") -> str:
    """Submit the login form; where it redirects."""
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert found is not None
    r = client.post("/login", data={"username": username, "password": password,
                                    "csrf": found.group(1)}, follow_redirects=False)
    assert r.status_code == 303
    return str(r.headers["location"])


def test_two_app_instances_share_the_limit(stores: list[Store]) -> None:
    first, second = (TestClient(create_app(s)) for s in stores)
    for n in range(LIMIT):  # the failures alternate between the two "workers"
        assert post_login((first, second)[n % 2], "wrong password") == "/login?failed=1"
    # each instance alone saw fewer than the limit, yet both refuse the right password
    assert post_login(first, PASSWORD) == "/login?failed=limit"
    assert post_login(second, PASSWORD) == "/login?failed=limit"


def test_a_restart_remembers_the_attempts(db_path: Path) -> None:
    with Store(str(db_path)) as s:
        client = TestClient(create_app(s))
        for _ in range(LIMIT):
            assert post_login(client, "wrong password") == "/login?failed=1"
    with Store(str(db_path)) as s:  # a new process on the same database
        assert post_login(TestClient(create_app(s)), PASSWORD) == "/login?failed=limit"


@pytest.mark.parametrize("later,outcome", [
    (timedelta(0), "/login?failed=limit"),
    (timedelta(seconds=WINDOW - 1), "/login?failed=limit"),
    (timedelta(seconds=WINDOW + 1), "/"),
])
def test_limit_resets_after_the_window(stores: list[Store], later: timedelta,
                                       outcome: str) -> None:
    app = create_app(stores[0])
    clock = Clock()
    app.state.web.limiter.clock = clock
    client = TestClient(app)
    for _ in range(LIMIT):
        assert post_login(client, "wrong password") == "/login?failed=1"
    clock.at += later
    assert post_login(client, PASSWORD) == outcome


def test_sliding_window_forgets_only_old_failures(stores: list[Store]) -> None:
    limiter = auth.LoginLimiter(stores[0].engine, LIMIT, WINDOW, clock := Clock())
    for _ in range(LIMIT - 1):
        assert limiter.attempt("k")
    clock.at += timedelta(seconds=WINDOW - 10)
    assert limiter.attempt("k")  # the fifth, later than the others
    assert not limiter.attempt("k")
    clock.at += timedelta(seconds=20)  # the first four expired, the fifth has not
    assert limiter.used("k") == 1
    assert limiter.attempt("k")


def test_success_keeps_other_addresses_counters(stores: list[Store]) -> None:
    app = create_app(stores[0])
    attacker = TestClient(app, client=("203.0.113.7", 40000))
    owner = TestClient(app, client=("198.51.100.2", 40001))
    for _ in range(LIMIT - 1):
        assert post_login(attacker, "wrong password") == "/login?failed=1"
    assert post_login(owner, PASSWORD) == "/"  # the same user, from another address
    limiter = app.state.web.limiter
    assert limiter.used("203.0.113.7|admin") == LIMIT - 1
    assert limiter.used("198.51.100.2|admin") == 0  # a success clears its own key only
    assert post_login(attacker, "wrong password") == "/login?failed=1"
    assert post_login(attacker, PASSWORD) == "/login?failed=limit"
    # the audit log still records the login
    assert [e["action"] for e in auth.audit_entries(stores[0].engine)
            if e["user"] == "admin"][:1] == ["login"]


def test_other_users_are_not_limited(stores: list[Store]) -> None:
    client = TestClient(create_app(stores[0]))
    for _ in range(LIMIT):
        post_login(client, "wrong password")
    assert post_login(client, PASSWORD, username="viewer") == "/"


def test_old_rows_are_pruned(stores: list[Store]) -> None:
    engine = stores[0].engine
    limiter = auth.LoginLimiter(engine, LIMIT, WINDOW, clock := Clock())
    for n in range(50):  # a flood of distinct keys
        limiter.attempt(f"10.0.0.{n}|x")
    clock.at += timedelta(seconds=2 * WINDOW)
    limiter.attempt("10.0.1.1|x")
    with engine.connect() as conn:
        keys = conn.execute(sa.select(tables.login_attempts.c.key)).scalars().all()
    assert keys == ["10.0.1.1|x"]



@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from backend_url(request.param, tmp_path)


def test_parallel_attempts_never_pass_the_limit(backend: str) -> None:
    """Many attempts at once over separate engines (as worker processes): exactly the limit."""
    stores = [Store(backend), Store(backend)]
    try:
        limiters = [auth.LoginLimiter(s.engine, LIMIT, WINDOW) for s in stores]
        with ThreadPoolExecutor(max_workers=8) as pool:
            allowed = list(pool.map(lambda n: limiters[n % 2].attempt("1.2.3.4|admin"),
                                    range(4 * LIMIT)))
        assert sum(allowed) == LIMIT
        assert limiters[0].used("1.2.3.4|admin") == LIMIT
    finally:
        for s in stores:
            s.close()
