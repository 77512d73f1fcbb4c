"""Polite, defensive HTTP fetching: the one place Kuzet talks to the network.

Policy (all from settings): http(s) only; every request and every redirect hop is
checked against private, loopback, link-local and reserved addresses unless
``allow_private``; robots.txt is obeyed and cached per host; one host is never hit more
often than ``host_delay`` (or its robots.txt ``Crawl-delay``, within reason); responses
are streamed and cut off past ``max_bytes``; 5xx, 429, timeouts and network errors are
retried with exponential backoff, honouring ``Retry-After`` up to a cap. Failures are
raised as :class:`~kuzet.errors.Rejected` with stable codes (K103, K120-K126).

The transport, resolver, clock and sleep are injectable so that tests never sleep long
and never leave 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import Message
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from kuzet.errors import Rejected

REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRYABLE = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0  # a server asking for more than this is treated as a refusal
MAX_CRAWL_DELAY = 30.0  # a robots.txt Crawl-delay above this would stall a whole batch
ROBOTS_MAX_BYTES = 512_000  # RFC 9309 asks crawlers to read at least 500 KiB

Resolver = Callable[[str, int], list[str]]


class HTTPRejected(Rejected):
    """An HTTP error status (K120) that keeps the status for callers that care."""

    def __init__(self, subject: str, status: int) -> None:
        super().__init__("K120", subject, f"HTTP {status}")
        self.status = status


TRANSIENT = frozenset({"K121", "K126"})


def is_transient(err: Rejected) -> bool:
    """Whether a failure may go away by itself (worth trying again on the next poll)."""
    if isinstance(err, HTTPRejected):
        return err.status in RETRYABLE
    return err.code in TRANSIENT


@dataclass(frozen=True)
class FetchPolicy:
    """The fetching settings, typed."""

    user_agent: str = "Kuzet/0.1"
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 0.5
    host_delay: float = 1.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    allow_private: bool = False
    respect_robots: bool = True

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> FetchPolicy:
        """Build the policy from loaded settings (missing keys keep their defaults)."""
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in settings.items() if k in names})

    @property
    def agent_token(self) -> str:
        """The product token robots.txt rules are matched against ("Kuzet")."""
        return (self.user_agent.split("/")[0].split() or ["*"])[0]


@dataclass(frozen=True)
class Fetched:
    """A response body (or a 304) with what later steps need from its headers."""

    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional GET."""
        return self.status == 304


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for a host."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def blocked_address(ip: str) -> bool:
    """Whether an address is private, loopback, link-local, reserved or otherwise local."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return bool(
        addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved
        or addr.is_multicast or addr.is_unspecified or not addr.is_global
    )


def _media_type(headers: httpx.Headers) -> tuple[str, str | None]:
    msg = Message()
    msg["content-type"] = headers.get("content-type", "")
    charset = msg.get_param("charset")
    return msg.get_content_type().lower(), str(charset) if isinstance(charset, str) else None


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


@dataclass
class _Robots:
    parser: RobotFileParser | None  # None = allow everything
    disallow_all: bool = False
    reason: str = ""


class Fetcher:
    """An HTTP client that applies :class:`FetchPolicy` to every request."""

    def __init__(
        self,
        policy: FetchPolicy,
        *,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.policy = policy
        self.resolver = resolver or system_resolver
        self.clock = clock
        self.sleep = sleep
        self.client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(policy.timeout),
            follow_redirects=False,  # redirects are followed by hand so every hop is checked
            headers={"User-Agent": policy.user_agent},
        )
        self._last: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}
        self._crawl_delay: dict[str, float] = {}

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, *, etag: str | None = None,
            last_modified: str | None = None, accept: str | None = None) -> Fetched:
        """GET a URL under the policy; conditional when ``etag``/``last_modified`` are given."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        return self._follow(url, headers, robots=self.policy.respect_robots,
                            max_bytes=self.policy.max_bytes)

    def _follow(self, url: str, headers: Mapping[str, str], *, robots: bool,
                max_bytes: int) -> Fetched:
        current = url
        seen = {url}
        for _hop in range(self.policy.max_redirects + 1):
            self._check_url(current, url)
            if robots:
                self._check_robots(current, url)
            status, resp_headers, body = self._request(current, headers, url, max_bytes)
            if status in REDIRECTS and "location" in resp_headers:
                nxt = urljoin(current, resp_headers["location"]).split("#", 1)[0]
                if nxt in seen:
                    raise Rejected("K122", url, f"redirect loop at {nxt}")
                seen.add(nxt)
                current = nxt
                continue
            media, charset = _media_type(resp_headers)
            return Fetched(url=url, final_url=current, status=status, content=body,
                           content_type=media, charset=charset,
                           etag=resp_headers.get("etag"),
                           last_modified=resp_headers.get("last-modified"))
        raise Rejected("K122", url, f"more than {self.policy.max_redirects} redirects")

    def _check_url(self, url: str, subject: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise Rejected("K125", subject, f"only http and https are fetched, not {url!r}")
        host = parts.hostname
        if not host:
            raise Rejected("K125", subject, f"no host in {url!r}")
        if self.policy.allow_private:
            return
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise Rejected("K125", subject, f"bad port in {url!r}") from exc
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            try:
                addresses = self.resolver(host, port)
            except (OSError, UnicodeError) as exc:
                raise Rejected("K126", subject, f"cannot resolve {host}: {exc}") from exc
        if not addresses:
            raise Rejected("K126", subject, f"cannot resolve {host}")
        for ip in addresses:
            if blocked_address(ip):
                where = f"{host} is" if ip == host else f"{host} resolves to"
                raise Rejected("K124", subject, f"{where} non-public address {ip} "
                               "(use --allow-private to permit)")

    def _wait_for_host(self, netloc: str) -> None:
        delay = max(self.policy.host_delay, self._crawl_delay.get(netloc, 0.0))
        last = self._last.get(netloc)
        if last is not None:
            wait = last + delay - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last[netloc] = self.clock()

    def _request(self, url: str, headers: Mapping[str, str], subject: str,
                 max_bytes: int) -> tuple[int, httpx.Headers, bytes]:
        netloc = urlsplit(url).netloc.lower()
        attempts = self.policy.retries + 1
        for attempt in range(attempts):
            last_try = attempt == attempts - 1
            backoff = self.policy.backoff * (2 ** attempt)
            self._wait_for_host(netloc)
            try:
                with self.client.stream("GET", url, headers=dict(headers)) as resp:
                    status = resp.status_code
                    if status in REDIRECTS or status == 304:
                        return status, resp.headers, b""
                    if status in RETRYABLE and not last_try:
                        asked = _retry_after(resp.headers.get("retry-after"))
                        if asked is not None and asked > MAX_RETRY_AFTER:
                            raise HTTPRejected(subject, status)
                        wait = backoff if asked is None else max(asked, backoff)
                    elif status >= 400:
                        raise HTTPRejected(subject, status)
                    else:
                        return status, resp.headers, self._read(resp, subject, max_bytes)
            except httpx.TimeoutException as exc:
                if last_try:
                    raise Rejected("K121", subject,
                                   f"no answer within {self.policy.timeout:g} s") from exc
                wait = backoff
            except httpx.TooManyRedirects as exc:  # pragma: no cover - redirects are manual
                raise Rejected("K122", subject, str(exc)) from exc
            except (httpx.TransportError, httpx.DecodingError) as exc:
                if last_try or isinstance(exc, httpx.UnsupportedProtocol):
                    raise Rejected("K126", subject,
                                   f"{type(exc).__name__}: {exc}".rstrip(": ")) from exc
                wait = backoff
            self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _read(self, resp: httpx.Response, subject: str, max_bytes: int) -> bytes:
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise Rejected("K103", subject, f"response of {declared} bytes exceeds {max_bytes}")
        chunks: list[bytes] = []
        size = 0
        # iter_bytes decompresses, so the cap also stops compression bombs
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise Rejected("K103", subject, f"response exceeds {max_bytes} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    # -- robots.txt -------------------------------------------------------------------

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's host lets our agent fetch it."""
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc.lower()}"
        robots = self._robots.get(key)
        if robots is None:
            robots = self._load_robots(key)
            self._robots[key] = robots
        if robots.disallow_all:
            return False
        if robots.parser is None:
            return True
        return robots.parser.can_fetch(self.policy.user_agent, url)

    def _check_robots(self, url: str, subject: str) -> None:
        if not self.allowed(url):
            robots = self._robots.get(self._robots_key(url))
            why = robots.reason if robots and robots.reason else "disallowed for " + (
                self.policy.agent_token)
            raise Rejected("K123", subject, f"{url}: {why}")

    @staticmethod
    def _robots_key(url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc.lower()}"

    def _load_robots(self, key: str) -> _Robots:
        robots_url = key + "/robots.txt"
        try:
            got = self._follow(robots_url, {}, robots=False, max_bytes=ROBOTS_MAX_BYTES)
        except HTTPRejected as err:
            # RFC 9309: 4xx means "no rules"; 5xx means "assume complete disallow"
            if err.status < 500:
                return _Robots(None)
            return _Robots(None, True, f"robots.txt unavailable (HTTP {err.status})")
        except Rejected as err:
            if err.code == "K103":
                return _Robots(None)
            return _Robots(None, True, f"robots.txt unreachable ({err.reason})")
        parser = RobotFileParser(robots_url)
        parser.parse(got.content.decode("utf-8", errors="replace").splitlines())
        delay = parser.crawl_delay(self.policy.user_agent)
        if delay is not None:
            netloc = urlsplit(key).netloc
            self._crawl_delay[netloc] = min(float(delay), MAX_CRAWL_DELAY)
        return _Robots(parser)
