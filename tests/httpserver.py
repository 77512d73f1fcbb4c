"""A small threaded HTTP server on 127.0.0.1 for tests of anything fetched.

Usage::

    from tests.httpserver import Route, serve

    with serve({"/a": Route(b"hello", "text/plain")}) as server:
        url = server.url("/a")
        ...
        server.requests  # [(path, headers)] in arrival order

A route may also be a callable ``(path, headers) -> Route`` for answers that depend on
the request (conditional GET, counters). Nothing here reaches beyond 127.0.0.1.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Route:
    """One canned answer."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (for timeout tests)


Handler = Route | Callable[[str, Mapping[str, str]], Route]


class LocalServer:
    """A running server: its routes, base URL and the requests it received."""

    def __init__(self, routes: dict[str, Handler]) -> None:
        self.routes = routes
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                with server._lock:
                    server.requests.append((self.path, headers))
                handler = server.routes.get(self.path)
                if handler is None:
                    route = Route(b"not found", "text/plain", 404)
                elif callable(handler):
                    route = handler(self.path, headers)
                else:
                    route = handler
                if route.delay:
                    time.sleep(route.delay)
                try:
                    self.send_response(route.status)
                    if route.content_type:
                        self.send_header("Content-Type", route.content_type)
                    for key, value in route.headers.items():
                        self.send_header(key, value)
                    if "Content-Length" not in route.headers:
                        self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout or size cap): that is the test

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str = "/") -> str:
        """The absolute URL of a path on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> int:
        """How many requests a path received."""
        with self._lock:
            return sum(1 for p, _ in self.requests if p == path)


@contextmanager
def serve(routes: dict[str, Handler]) -> Iterator[LocalServer]:
    """Run a server with these routes for the duration of the block."""
    server = LocalServer(routes)
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        server.thread.join(timeout=5)
