"""The FastAPI application: state, security headers, one error envelope, auth deps.

:func:`create_app` wires the JSON API (:mod:`kuzet.web.api`) and the server-rendered pages
(:mod:`kuzet.web.pages`) over one :class:`kuzet.store.Store`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from importlib.resources import files
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from kuzet import __version__
from kuzet.store import Store
from kuzet.web import auth, facets
from kuzet.web.config import web_setting
from kuzet.web.i18n import pick

T = TypeVar("T")
SESSION_COOKIE = "kuzet_session"
LOGIN_COOKIE = "kuzet_login"
LANG_COOKIE = "kuzet_lang"
_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
_STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                 405: "method_not_allowed", 409: "conflict", 413: "too_large",
                 422: "invalid_request", 429: "too_many_requests", 500: "internal_error"}


class LoginRequired(Exception):
    """A page needs a logged-in user: redirect to the login form."""


class WebState:
    """What every request shares: the store, secret key, limiter, caches."""

    def __init__(self, store: Store, conf: Mapping[str, Any] | None) -> None:
        self.store = store
        self.engine = store.engine
        self.conf = dict(conf or {})
        self.secret = auth.secret_key(self.engine)
        self.limiter = auth.LoginLimiter(self.engine, int(web_setting(conf, "login_attempts")),
                                         float(web_setting(conf, "login_window")))
        self.session_hours = float(web_setting(conf, "session_hours"))
        self.secure = bool(web_setting(conf, "secure_cookies"))
        self._cache: dict[Any, tuple[float, Any]] = {}
        self._lock = threading.Lock()
        self.sync()
        # Finding new analyses reads the whole analyses table (no index on analysed_at), so
        # it runs beside the requests, never inside one.
        self._every = float(web_setting(conf, "facet_sync_seconds"))
        threading.Thread(target=self._syncer, name="kuzet-facets", daemon=True).start()

    def sync(self) -> None:
        """Catch the facets up with new analyses."""
        with self._lock:
            if facets.sync(self.engine):
                self._cache.clear()

    def _syncer(self) -> None:
        while True:
            time.sleep(self._every)
            try:
                self.sync()
            except Exception:  # a busy or closed database: try again next round
                continue

    def cached(self, key: Any, make: Callable[[], T], ttl: float = 15.0) -> T:
        """``make()``, remembered for ``ttl`` seconds (aggregates of the dashboard)."""
        hit = self._cache.get(key)
        if hit is not None and time.monotonic() - hit[0] < ttl:
            return hit[1]  # type: ignore[no-any-return]
        value = make()
        self._cache[key] = (time.monotonic(), value)
        return value

    def forget(self) -> None:
        """Drop cached aggregates (after a correction)."""
        self._cache.clear()


def state(request: Request) -> WebState:
    """The shared state of the app serving ``request``."""
    return request.app.state.web  # type: ignore[no-any-return]


def envelope(status: int, message: str, details: Any = None) -> JSONResponse:
    """The one error shape of the API: ``{"error": {"status", "code", "message"}}``."""
    body: dict[str, Any] = {"status": status, "code": _STATUS_CODES.get(status, "error"),
                            "message": message}
    if details is not None:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def current_user(request: Request) -> auth.User | None:
    """The user of a Bearer token or a session cookie, or None."""
    if hasattr(request.state, "user"):
        known: auth.User | None = request.state.user
        return known
    web, user = state(request), None
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = auth.token_user(web.engine, header[7:].strip())
    elif request.cookies.get(SESSION_COOKIE):
        user = auth.session_user(web.engine, request.cookies[SESSION_COOKIE])
    request.state.user = user
    return user


def ui_lang(request: Request) -> str:
    """The UI language of this request."""
    return pick(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE),
                request.headers.get("accept-language"))


def create_app(store: Store | str, conf: Mapping[str, Any] | None = None) -> FastAPI:
    """The Kuzet web application over ``store`` (a Store or a database path/URL)."""
    from kuzet.web import api, pages

    if isinstance(store, str):
        store = Store(store)
    app = FastAPI(title="Kuzet", version=__version__, docs_url=None, redoc_url=None,
                  description="Early warning for preventive diplomacy in Central Asia: "
                              "articles, analyses, stories, events, indicators and alerts.")
    app.state.web = WebState(store, conf)
    templates = Jinja2Templates(directory=str(files("kuzet.web") / "templates"))
    templates.env.autoescape = True  # every template, whatever its suffix
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(files("kuzet.web") / "static")),
              name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = _CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        if request.url.path.startswith(("/api/", "/login")):
            response.headers.setdefault("Cache-Control", "no-store")
        lang = request.query_params.get("lang")
        if lang in ("en", "ru") and request.cookies.get(LANG_COOKIE) != lang:
            response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax")
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request):
            resp = envelope(exc.status_code, str(exc.detail))
            for k, v in (exc.headers or {}).items():
                resp.headers[k] = v
            return resp
        return pages.error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [{"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg"))}
                   for e in exc.errors()]
        if _is_api(request):
            return envelope(422, "invalid request", details)
        return pages.error_page(request, 422, "invalid request")

    @app.exception_handler(LoginRequired)
    async def login_first(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        if _is_api(request):
            return envelope(500, "internal error")
        return pages.error_page(request, 500, "internal error")

    return app
