from __future__ import annotations

from collections.abc import Iterator, Mapping

import httpx
import pytest

from kuzet.errors import Rejected
from kuzet.ingest.fetch import Fetcher, FetchPolicy, blocked_address, is_transient
from tests.httpserver import LocalServer, Route, serve


class FakeClock:
    """A monotonic clock that only moves when the fetcher sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def _retry_counter(path: str, headers: Mapping[str, str]) -> Route:
    _retry_counter.calls += 1  # type: ignore[attr-defined]
    if _retry_counter.calls < 3:  # type: ignore[attr-defined]
        return Route(b"busy", "text/plain", 503, {"Retry-After": "1"})
    return Route(b"<p>finally</p>")


def _conditional(path: str, headers: Mapping[str, str]) -> Route:
    if headers.get("if-none-match") == '"v1"':
        return Route(b"", "", 304, {"ETag": '"v1"'})
    return Route(b"<rss/>", "application/rss+xml", 200,
                 {"ETag": '"v1"', "Last-Modified": "Mon, 02 Jun 2025 10:00:00 GMT"})


ROUTES = {
    "/robots.txt": Route(b"User-agent: *\nDisallow: /private/\n", "text/plain"),
    "/page": Route("<p>Привет</p>".encode(), "text/html; charset=UTF-8"),
    "/cp1251": Route("<p>Привет</p>".encode("cp1251"), "text/html; charset=windows-1251"),
    "/private/secret": Route(b"<p>no</p>"),
    "/loop-a": Route(b"", "", 302, {"Location": "/loop-b"}),
    "/loop-b": Route(b"", "", 302, {"Location": "/loop-a"}),
    "/r1": Route(b"", "", 301, {"Location": "/r2"}),
    "/r2": Route(b"", "", 302, {"Location": "/r3"}),
    "/r3": Route(b"", "", 302, {"Location": "/page"}),
    "/big": Route(b"x" * 5000, "text/plain"),
    "/slow": Route(b"late", "text/plain", delay=1.5),
    "/err500": Route(b"oops", "text/plain", 500),
    "/err404": Route(b"gone", "text/plain", 404),
    "/too-busy": Route(b"later", "text/plain", 503, {"Retry-After": "3600"}),
    "/retry": _retry_counter,
    "/feed": _conditional,
}


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with serve(dict(ROUTES)) as srv:
        yield srv


def _fetcher(clock: FakeClock | None = None, **overrides: object) -> Fetcher:
    base: dict[str, object] = {"allow_private": True, "retries": 2, "backoff": 0.01,
                               "host_delay": 0.0, "timeout": 5.0, "max_bytes": 1000,
                               "max_redirects": 5}
    base.update(overrides)
    clock = clock or FakeClock()
    return Fetcher(FetchPolicy.from_settings(base), clock=clock, sleep=clock.sleep)


def test_get_sends_user_agent_and_reads_charset(server: LocalServer) -> None:
    with _fetcher(user_agent="KuzetTest/9 (+x)") as f:
        got = f.get(server.url("/cp1251"))
    assert got.status == 200
    assert got.charset == "windows-1251"
    assert got.content.decode("cp1251") == "<p>Привет</p>"
    ua = [h["user-agent"] for p, h in server.requests if p == "/cp1251"]
    assert ua[-1] == "KuzetTest/9 (+x)"


@pytest.mark.parametrize(
    ("path", "code", "overrides"),
    [
        ("/private/secret", "K123", {}),
        ("/loop-a", "K122", {}),
        ("/r1", "K122", {"max_redirects": 2}),
        ("/big", "K103", {}),
        ("/err404", "K120", {}),
        ("/err500", "K120", {}),
        ("/too-busy", "K120", {}),
        ("/slow", "K121", {"timeout": 0.2, "retries": 0}),
    ],
)
def test_failures_have_stable_codes(server: LocalServer, path: str, code: str,
                                    overrides: dict[str, object]) -> None:
    with _fetcher(**overrides) as f, pytest.raises(Rejected) as info:
        f.get(server.url(path))
    assert info.value.code == code
    assert info.value.subject == server.url(path)


def test_redirects_followed_within_limit(server: LocalServer) -> None:
    with _fetcher() as f:
        got = f.get(server.url("/r1"))
    assert got.final_url == server.url("/page")
    assert "Привет" in got.content.decode()


def test_5xx_retried_with_backoff_and_retry_after(server: LocalServer) -> None:
    _retry_counter.calls = 0  # type: ignore[attr-defined]
    clock = FakeClock()
    with _fetcher(clock, retries=3) as f:
        got = f.get(server.url("/retry"))
    assert got.content == b"<p>finally</p>"
    assert server.hits("/retry") >= 3
    assert clock.sleeps == [1.0, 1.0]  # Retry-After (1 s) beats the tiny backoff


def test_500_retried_then_given_up(server: LocalServer) -> None:
    before = server.hits("/err500")
    clock = FakeClock()
    with _fetcher(clock, retries=2, backoff=0.5) as f, pytest.raises(Rejected) as info:
        f.get(server.url("/err500"))
    assert is_transient(info.value)
    assert server.hits("/err500") - before == 3
    assert clock.sleeps == [0.5, 1.0]  # exponential backoff


def test_conditional_get_gives_304(server: LocalServer) -> None:
    with _fetcher() as f:
        first = f.get(server.url("/feed"))
        second = f.get(server.url("/feed"), etag=first.etag, last_modified=first.last_modified)
    assert first.etag == '"v1"' and first.last_modified
    assert second.not_modified and second.content == b""
    last = [h for p, h in server.requests if p == "/feed"][-1]
    assert last["if-none-match"] == '"v1"'
    assert last["if-modified-since"] == first.last_modified


def test_loopback_refused_without_allow_private(server: LocalServer) -> None:
    with _fetcher(allow_private=False) as f, pytest.raises(Rejected) as info:
        f.get(server.url("/page"))
    assert info.value.code == "K124"


def test_robots_ignored_when_not_respected(server: LocalServer) -> None:
    with _fetcher(respect_robots=False) as f:
        assert f.get(server.url("/private/secret")).content == b"<p>no</p>"


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "gopher://a/",
                                 "javascript:alert(1)", "http:///nohost"])
def test_only_http_schemes(url: str) -> None:
    with _fetcher() as f, pytest.raises(Rejected) as info:
        f.get(url)
    assert info.value.code == "K125"


@pytest.mark.parametrize(
    ("ip", "blocked"),
    [("127.0.0.1", True), ("10.1.2.3", True), ("192.168.0.1", True), ("172.16.5.4", True),
     ("169.254.169.254", True), ("0.0.0.0", True), ("::1", True), ("fe80::1%eth0", True),
     ("::ffff:127.0.0.1", True), ("100.64.0.1", True), ("240.0.0.1", True),
     ("8.8.8.8", False), ("2a00:1450:4001::1", False)],
)
def test_blocked_address(ip: str, blocked: bool) -> None:
    assert blocked_address(ip) is blocked


def _mock(handler_log: list[str]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        handler_log.append(str(request.url))
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        if request.url.path == "/hop":
            return httpx.Response(302, headers={"Location": "http://internal.test/x"})
        return httpx.Response(200, text="<p>ok</p>", headers={"Content-Type": "text/html"})
    return httpx.MockTransport(handler)


def _resolver(host: str, port: int) -> list[str]:
    return {"news.test": ["93.184.216.34"], "internal.test": ["10.0.0.7"]}.get(host, [])


def test_every_redirect_hop_is_checked() -> None:
    log: list[str] = []
    clock = FakeClock()
    policy = FetchPolicy(allow_private=False, host_delay=0.0)
    with Fetcher(policy, transport=_mock(log), resolver=_resolver, clock=clock,
                 sleep=clock.sleep) as f:
        assert f.get("http://news.test/page").status == 200
        with pytest.raises(Rejected) as info:
            f.get("http://news.test/hop")
    assert info.value.code == "K124"
    assert "10.0.0.7" in info.value.reason
    assert not any("internal.test" in u for u in log)  # refused before any request


def test_unresolvable_host() -> None:
    policy = FetchPolicy(allow_private=False)
    with Fetcher(policy, transport=_mock([]), resolver=_resolver) as f, \
            pytest.raises(Rejected) as info:
        f.get("http://nowhere.test/")
    assert info.value.code == "K126"


def test_host_delay_uses_the_clock_not_real_time() -> None:
    log: list[str] = []
    clock = FakeClock()
    policy = FetchPolicy(allow_private=False, host_delay=2.0)
    with Fetcher(policy, transport=_mock(log), resolver=_resolver, clock=clock,
                 sleep=clock.sleep) as f:
        f.get("http://news.test/a")
        f.get("http://news.test/b")
    # robots.txt, /a, /b: two waits of the full host delay (the fake clock never advances)
    assert clock.sleeps == [2.0, 2.0]
    assert log == ["http://news.test/robots.txt", "http://news.test/a", "http://news.test/b"]


def test_robots_crawl_delay_and_server_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "slow.test" and request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: kuzet\nCrawl-delay: 5\n")
        if request.url.path == "/robots.txt":
            return httpx.Response(503)
        return httpx.Response(200, text="ok")

    clock = FakeClock()
    policy = FetchPolicy(allow_private=True, host_delay=1.0, retries=0)
    with Fetcher(policy, transport=httpx.MockTransport(handler), clock=clock,
                 sleep=clock.sleep) as f:
        f.get("http://slow.test/a")
        f.get("http://slow.test/b")
        assert clock.sleeps[-1] == 5.0
        with pytest.raises(Rejected) as info:
            f.get("http://down.test/a")  # robots.txt 5xx: assume complete disallow
    assert info.value.code == "K123"


def test_size_cap_without_content_length() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(200, content=iter([b"z" * 400] * 10))

    policy = FetchPolicy(allow_private=True, host_delay=0.0, max_bytes=1000)
    with Fetcher(policy, transport=httpx.MockTransport(handler)) as f, \
            pytest.raises(Rejected) as info:
        f.get("http://stream.test/endless")
    assert info.value.code == "K103"
