"""Server-rendered pages: overview, country, admin-1, article reader, alert, search, login."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kuzet.errors import KuzetError
from kuzet.web import auth, corrections, facets, labels, queries, render
from kuzet.web import signals_view as sig
from kuzet.web.app import LOGIN_COOKIE, SESSION_COOKIE, WebState, current_user, state, ui_lang
from kuzet.web.config import web_setting
from kuzet.web.deps import page_reader, writer
from kuzet.web.i18n import translator

router = APIRouter(include_in_schema=False)
PageReader = Annotated[auth.User, Depends(page_reader)]
PageAnalyst = Annotated[auth.User, Depends(writer("analyst", page=True))]
PageViewer = Annotated[auth.User, Depends(writer("viewer", page=True))]
Code = Annotated[str, Path(min_length=2, max_length=12, pattern=r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")]


def page(request: Request, name: str, status: int = 200, **values: Any) -> HTMLResponse:
    """Render template ``name`` with the common values (user, language, CSRF token)."""
    lang = ui_lang(request)
    user = current_user(request) if hasattr(request.app.state, "web") else None
    context = {"request": request, "t": translator(lang), "lang": lang, "user": user,
               "csrf": user.csrf if user else "", "countries": labels.countries(lang),
               "L": labels.Labels(lang), **values}
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, name, context, status_code=status)
    return response


def error_page(request: Request, status: int, message: str) -> Response:
    """The HTML error page."""
    return page(request, "error.html", status=status, status_code=status, message=message)


def _risk(web: WebState, days: int) -> dict[str, int]:
    """Risk level 0-4 per admin-1 unit from the signals area, or empty without it."""
    try:
        from kuzet.signals.queries import risk
    except ImportError:
        return {}
    try:
        return {str(r["key"]): int(r["level"]) for r in risk(web.store, "admin1", days=days)}
    except Exception:  # an older or partial signals schema must not take the overview down
        return {}


def _overview_data(web: WebState, country: str | None, metric: str) -> dict[str, Any]:
    end = queries.latest(web.engine)
    days = int(web_setting(web.conf, "activity_days"))
    within = ("country", country) if country else None
    counts = queries.facet_counts(web.engine, "admin1", end - timedelta(days=days))
    levels = _risk(web, days) if metric == "risk" else {}
    metric = "risk" if levels else "activity"
    shapes, box = render.map_shapes(country)

    def shade(code: str) -> int:
        if metric == "risk":
            return levels[code] + 1 if code in levels else 0
        return render.shade(counts, code)

    return {
        "shapes": [{**s, "shade": shade(s["code"]), "n": counts.get(s["code"], 0),
                    "level": levels.get(s["code"])} for s in shapes],
        "viewbox": box, "days": days, "end": end, "metric": metric,
        "themes": render.chart(queries.weekly(web.engine, "theme", end, 12, within)),
        "by_country": render.chart({k: v for k, v in queries.weekly(
            web.engine, "country", end, 12, within).items() if k in render.COUNTRY_NAMES}),
        "alerts": sig.alerts(web.engine, limit=15, key=None),
        "top_units": sorted(((n, c) for c, n in counts.items()
                             if country is None or c.startswith(country + "-")), reverse=True)[:10],
    }


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, _: PageReader,
             metric: Literal["risk", "activity"] = "risk") -> HTMLResponse:
    """Map of the six countries' admin-1 units, the alert feed and trends."""
    web = state(request)
    data = web.cached(("overview", None, metric), lambda: _overview_data(web, None, metric))
    return page(request, "overview.html", **data, country=None)


@router.get("/country/{code}", response_class=HTMLResponse)
def country(request: Request, _: PageReader, code: Code,
            metric: Literal["risk", "activity"] = "risk") -> HTMLResponse:
    """One country: its units, trends and latest articles."""
    if code not in render.COUNTRY_NAMES:
        raise HTTPException(404, "not one of the six countries")
    web = state(request)
    data = web.cached(("overview", code, metric), lambda: _overview_data(web, code, metric))
    items, total = queries.list_articles(web.engine, queries.ArticleFilter(country=code), 30)
    return page(request, "country.html", **data, country=code, items=items, total=total)


@router.get("/admin1/{code}", response_class=HTMLResponse)
def admin1(request: Request, _: PageReader, code: Code) -> HTMLResponse:
    """One admin-1 unit: trends and latest articles."""
    web = state(request)
    shapes = {s["code"]: s for s in render.map_shapes(code[:2])[0]}
    if code not in shapes:
        raise HTTPException(404, "no such admin-1 unit")
    end = queries.latest(web.engine)
    themes = web.cached(("a1themes", code), lambda: render.chart(
        queries.weekly(web.engine, "theme", end, 12, ("admin1", code))))
    items, total = queries.list_articles(web.engine, queries.ArticleFilter(admin1=code), 50)
    return page(request, "admin1.html", code=code, unit=shapes[code], themes=themes,
                items=items, total=total, alerts=sig.alerts(web.engine, key=code, limit=20))


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article(request: Request, _: PageReader, article_id: str) -> HTMLResponse:
    """The article reader: highlighted original beside the (corrected) analysis."""
    web = state(request)
    row = queries.article_row(web.engine, article_id)
    if row is None:
        raise HTTPException(404, "no such article")
    title, text = row["title"] or "", row["text"]
    doc = title + "\n\n" + text if title else text
    fixes = corrections.for_article(web.engine, article_id)
    raw = web.store.get_analysis(article_id)
    record = corrections.apply(raw, fixes) if raw is not None else {}
    names = labels.Labels(ui_lang(request))
    pieces = render.segments(doc, render.spans(record, doc, names), names)
    story, others = sig.story_of(web.engine, article_id)
    return page(request, "article.html", a=row, record=record, pieces=pieces,
                rtl=row["language"] in render.RTL, story=story, others=others, fixes=fixes,
                kinds=corrections.KINDS)


@router.post("/article/{article_id}/correct")
def correct(request: Request, user: PageAnalyst, article_id: str, kind: str = Form(...),
            action: str = Form(...),
            value: str = Form(..., max_length=200), start: int | None = Form(None)) -> Response:
    """Store a correction from the reader's form (analysts)."""
    web = state(request)
    try:
        corrections.add(web.engine, article_id, kind, action, value, user.username, start)
    except KuzetError as exc:
        raise HTTPException(422, exc.reason) from exc
    facets.refresh_article(web.engine, article_id)
    web.forget()
    auth.audit(web.engine, user.username, "correction.add", article_id,
               {"kind": kind, "action": action, "value": value, "start": start})
    return RedirectResponse(f"/article/{article_id}", status_code=303)


@router.get("/alerts/{alert_id}", response_class=HTMLResponse)
def alert(request: Request, _: PageReader, alert_id: int = Path(ge=0, le=2**62)) -> HTMLResponse:
    """An alert with the numbers and evidence behind it."""
    found = sig.alert(state(request).engine, alert_id)
    if found is None:
        raise HTTPException(404, "no such alert")
    return page(request, "alert.html", alert=found)


@router.post("/alerts/{alert_id}/status")
def alert_status(request: Request, user: PageAnalyst, alert_id: int = Path(ge=0, le=2**62),
                 status: str = Form(...), note: str = Form("", max_length=2000)) -> Response:
    """Acknowledge or close an alert from its page (analysts)."""
    web = state(request)
    if status not in ("acknowledged", "closed"):
        raise HTTPException(422, "status must be acknowledged or closed")
    if not sig.set_alert_status(web.engine, alert_id, status, user.username, note or None):
        raise HTTPException(404, "no such alert")
    auth.audit(web.engine, user.username, f"alert.{status}", str(alert_id), {"note": note})
    web.forget()
    return RedirectResponse(f"/alerts/{alert_id}", status_code=303)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, _: PageReader, q: str = Query("", max_length=200),
           country: str = Query("", max_length=12), theme: str = Query("", max_length=40),
           language: str = Query("", max_length=8), offset: int = Query(0, ge=0, le=100_000),
           sort: Literal["newest", "relevance"] = "newest") -> HTMLResponse:
    """Full-text search with filters."""
    web = state(request)
    f = queries.ArticleFilter(q=q or None, country=country or None, theme=theme or None,
                              language=language or None)
    items, total = queries.list_articles(web.engine, f, 50, offset, sort=sort) if (
        q or country or theme or language) else ([], 0)
    return page(request, "search.html", items=items, total=total, q=q, sel_country=country,
                theme=theme, language=language, offset=offset, sort=sort)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    """The login form (with a CSRF token bound to a pre-login cookie)."""
    nonce = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
    response = page(request, "login.html", login_csrf=auth.login_csrf(state(request).secret, nonce),
                    failed=request.query_params.get("failed"))
    response.set_cookie(LOGIN_COOKIE, nonce, httponly=True, samesite="strict",
                        secure=_secure(request))
    return response


def _secure(request: Request) -> bool:
    return state(request).secure or request.url.scheme == "https"


@router.post("/login")
def login(request: Request, username: str = Form(..., max_length=80),
          password: str = Form(..., max_length=1000), csrf: str = Form("", max_length=200)) -> Response:
    """Check the password (rate limited per address and user) and start a session."""
    web = state(request)
    nonce = request.cookies.get(LOGIN_COOKIE, "")
    if not nonce or not auth.csrf_ok(auth.login_csrf(web.secret, nonce), csrf):
        raise HTTPException(403, "missing or wrong CSRF token")
    key = f"{request.client.host if request.client else '?'}|{username.lower()}"
    # reserved before the (slow) password check, so parallel guesses in several worker
    # processes cannot all pass the limit at once
    if not web.limiter.attempt(key):
        return RedirectResponse("/login?failed=limit", status_code=303)
    user = auth.check_password(web.engine, username, password)
    if user is None:
        return RedirectResponse("/login?failed=1", status_code=303)
    web.limiter.succeeded(key)
    token, _ = auth.start_session(web.engine, user, web.session_hours)
    auth.audit(web.engine, user.username, "login")
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax",
                        secure=_secure(request), max_age=int(web.session_hours * 3600))
    response.delete_cookie(LOGIN_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, user: PageViewer) -> Response:
    """End the session."""
    auth.end_session(state(request).engine, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
