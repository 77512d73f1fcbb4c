"""The JSON API under ``/api``: articles, analyses, stories, events, indicators, alerts,
sources, watchlists, corrections, users, and exports (CSV, JSON Lines, GeoJSON)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from kuzet import __version__
from kuzet.errors import KuzetError
from kuzet.store import db
from kuzet.web import auth, corrections, exports, facets, queries
from kuzet.web import signals_view as sig
from kuzet.web.app import state
from kuzet.web.deps import reader, role, writer
from kuzet.web.tables import watchlists

_ERR = {"model": dict[str, Any], "description": "error envelope"}
router = APIRouter(prefix="/api", tags=["api"],
                   responses={401: _ERR, 403: _ERR, 404: _ERR, 422: _ERR})
ShortStr = Annotated[str | None, Query(max_length=200)]
Id = Annotated[int, Path(ge=0, le=2**62)]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


def article_filter(
    since: date | None = None, until: date | None = None, country: ShortStr = None,
    admin1: ShortStr = None, theme: ShortStr = None, language: ShortStr = None,
    source: ShortStr = None, event: ShortStr = None, q: ShortStr = None,
) -> queries.ArticleFilter:
    """Article filters from the query string (``until`` is inclusive)."""
    return queries.ArticleFilter(
        since=datetime.combine(since, time()) if since else None,
        until=datetime.combine(until, time.max) if until else None,
        country=country, admin1=admin1, theme=theme, language=language, source=source,
        event=event, q=q)


Filters = Annotated[queries.ArticleFilter, Depends(article_filter)]
Reader = Annotated[auth.User, Depends(reader)]
Analyst = Annotated[auth.User, Depends(writer("analyst"))]
Admin = Annotated[auth.User, Depends(writer("admin"))]
AdminReader = Annotated[auth.User, Depends(role("admin"))]


class CorrectionIn(BaseModel):
    """A correction: mark a finding wrong (remove) or add a missing one."""

    kind: Literal["place", "country", "actor", "theme", "event"]
    action: Literal["remove", "add"]
    value: str = Field(min_length=1, max_length=200)
    start: int | None = Field(None, ge=0, le=10_000_000)
    end: int | None = Field(None, ge=0, le=10_000_000)
    data: dict[str, str | int | float | None] = Field(default_factory=dict)


class StatusIn(BaseModel):
    """An optional note with an alert's change of status."""

    note: str | None = Field(None, max_length=2000)


class WatchlistIn(BaseModel):
    """A named set of filters to watch."""

    name: str = Field(min_length=1, max_length=200)
    filters: dict[str, str] = Field(default_factory=dict)


class UserIn(BaseModel):
    """A new account."""

    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=8, max_length=1000)
    role: Literal["viewer", "analyst", "admin"]


class TokenIn(BaseModel):
    """A new API token for a user."""

    username: str = Field(min_length=1, max_length=80)
    name: str = Field(min_length=1, max_length=120)


@router.get("/health")
def health() -> dict[str, Any]:
    """Liveness: no login needed."""
    return {"status": "ok", "version": __version__}


@router.get("/articles")
def list_articles(request: Request, _: Reader, f: Filters,
                  limit: Limit = 50, offset: Offset = 0,
                  sort: Literal["newest", "relevance"] = "newest",
) -> dict[str, Any]:
    """Articles, newest first (or best match first for ``q`` with ``sort=relevance``),
    filtered and paginated (``total`` is capped at 1,001)."""
    web = state(request)
    items, total = queries.list_articles(web.engine, f, limit, offset, sort=sort)
    return {"total": total, "total_is_exact": total is not None and total <= queries.COUNT_CAP,
            "limit": limit, "offset": offset, "items": items}


def _article(request: Request, article_id: str) -> dict[str, Any]:
    web = state(request)
    row = queries.article_row(web.engine, article_id)
    if row is None:
        raise HTTPException(404, "no such article")
    record = web.store.get_analysis(article_id)
    fixes = corrections.for_article(web.engine, article_id)
    story, others = sig.story_of(web.engine, article_id)
    title, text = row["title"] or "", row["text"]
    article = {k: queries.jsonable(v) for k, v in row.items()
               if k not in {"pk", "source_id", "paragraphs", "boilerplate_removed"}}
    article["doc"] = title + "\n\n" + text if title else text
    return {"article": article,
            "analysis": corrections.apply(record, fixes) if record is not None else None,
            "corrections": fixes, "story": story, "other_reports": others}


@router.get("/articles/{article_id}")
def get_article(request: Request, _: Reader, article_id: str) -> dict[str, Any]:
    """One article with its analysis (corrections applied) and its story's other reports."""
    return _article(request, article_id)


@router.post("/articles/{article_id}/corrections", status_code=201)
def add_correction(request: Request, user: Analyst, article_id: str, body: CorrectionIn) -> dict[str, Any]:
    """Mark a finding wrong or add a missing one (analysts)."""
    web = state(request)
    try:
        cid = corrections.add(web.engine, article_id, body.kind, body.action, body.value,
                              user.username, body.start, body.end, body.data)
    except KuzetError as exc:
        raise HTTPException(404 if "no stored" in exc.reason else 422, exc.reason) from exc
    facets.refresh_article(web.engine, article_id)
    web.forget()
    auth.audit(web.engine, user.username, "correction.add", article_id, body.model_dump())
    return {"id": cid}


@router.delete("/corrections/{correction_id}")
def withdraw_correction(request: Request, user: Analyst, correction_id: Id) -> dict[str, Any]:
    """Withdraw a correction (analysts)."""
    web = state(request)
    article_id = corrections.withdraw(web.engine, correction_id)
    if article_id is None:
        raise HTTPException(404, "no such correction")
    facets.refresh_article(web.engine, article_id)
    web.forget()
    auth.audit(web.engine, user.username, "correction.withdraw", str(correction_id))
    return {"withdrawn": correction_id}


@router.get("/stories")
def list_stories(request: Request, _: Reader, limit: Limit = 50,
                 offset: Offset = 0,
) -> dict[str, Any]:
    """Stories (reports of one incident), most recent first."""
    return {"items": sig.stories(state(request).engine, limit, offset)}


@router.get("/events")
def list_events(request: Request, _: Reader, type: ShortStr = None, country: ShortStr = None,
                admin1: ShortStr = None, since: date | None = None, until: date | None = None,
                limit: Limit = 50, offset: Offset = 0,
) -> dict[str, Any]:
    """Events of stories (and imported ground truth), newest first."""
    return {"items": sig.events(state(request).engine, type, country, admin1,
                                since.isoformat() if since else None,
                                until.isoformat() if until else None, limit, offset)}


@router.get("/indicators")
def list_indicators(request: Request, _: Reader, dimension: ShortStr = None, key: ShortStr = None,
                    period: ShortStr = None, weeks: int = Query(12, ge=1, le=104)) -> dict[str, Any]:
    """Indicator series: the signals area's rows and weekly article counts per facet."""
    web = state(request)
    kind = dimension if dimension in facets.KINDS else "theme"
    series = web.cached(("weekly", kind, weeks), lambda: queries.weekly(
        web.engine, kind, queries.latest(web.engine), weeks))
    if key:
        series = {k: v for k, v in series.items() if k == key}
    return {"rows": sig.indicators(web.engine, dimension, key, period),
            "weekly_articles": {"kind": kind, "weeks": weeks, "series": series}}


@router.get("/alerts")
def list_alerts(request: Request, _: Reader, status: ShortStr = None, dimension: ShortStr = None,
                key: ShortStr = None, limit: Limit = 50,
                offset: Offset = 0,
) -> dict[str, Any]:
    """Alerts, newest first."""
    return {"items": sig.alerts(state(request).engine, status, dimension, key, limit, offset)}


@router.get("/alerts/{alert_id}")
def get_alert(request: Request, _: Reader, alert_id: Id) -> dict[str, Any]:
    """One alert with the numbers, articles and history behind it."""
    found = sig.alert(state(request).engine, alert_id)
    if found is None:
        raise HTTPException(404, "no such alert")
    return found


def _set_status(request: Request, alert_id: int, status: str, note: str | None,
                user: auth.User) -> dict[str, Any]:
    web = state(request)
    if not sig.set_alert_status(web.engine, alert_id, status, user.username, note):
        raise HTTPException(404, "no such alert")
    auth.audit(web.engine, user.username, f"alert.{status}", str(alert_id), {"note": note})
    web.forget()
    return {"id": alert_id, "status": status}


@router.post("/alerts/{alert_id}/acknowledge")
def acknowledge(request: Request, user: Analyst, alert_id: Id,
                body: StatusIn | None = None) -> dict[str, Any]:
    """Acknowledge an alert (analysts)."""
    return _set_status(request, alert_id, "acknowledged", body.note if body else None, user)


@router.post("/alerts/{alert_id}/close")
def close(request: Request, user: Analyst, alert_id: Id,
          body: StatusIn | None = None) -> dict[str, Any]:
    """Close an alert (analysts)."""
    return _set_status(request, alert_id, "closed", body.note if body else None, user)


@router.get("/sources")
def list_sources(request: Request, _: Reader) -> dict[str, Any]:
    """Sources and their article counts."""
    web = state(request)
    return {"items": web.cached("sources", lambda: queries.sources(web.engine))}


@router.get("/watchlists")
def list_watchlists(request: Request, _: Reader) -> dict[str, Any]:
    """Watchlists (named filters)."""
    with state(request).engine.connect() as conn:
        rows = conn.execute(sa.select(watchlists).order_by(watchlists.c.id)).all()
    return {"items": [queries.row_dict(r) for r in rows]}


@router.post("/watchlists", status_code=201)
def add_watchlist(request: Request, user: Analyst, body: WatchlistIn) -> dict[str, Any]:
    """Create a watchlist (analysts)."""
    web = state(request)
    with db.writing(web.engine) as conn:
        wid = conn.execute(watchlists.insert().values(
            name=body.name, filters=body.filters, username=user.username,
            created_at=auth.now()).returning(watchlists.c.id)).scalar_one()
    auth.audit(web.engine, user.username, "watchlist.add", str(wid), body.model_dump())
    return {"id": int(wid)}


@router.delete("/watchlists/{watchlist_id}")
def delete_watchlist(request: Request, user: Analyst, watchlist_id: Id) -> dict[str, Any]:
    """Delete a watchlist (analysts)."""
    web = state(request)
    with db.writing(web.engine) as conn:
        done = conn.execute(watchlists.delete().where(watchlists.c.id == watchlist_id)).rowcount
    if not done:
        raise HTTPException(404, "no such watchlist")
    auth.audit(web.engine, user.username, "watchlist.delete", str(watchlist_id))
    return {"deleted": watchlist_id}


@router.post("/users", status_code=201)
def add_user(request: Request, user: Admin, body: UserIn) -> dict[str, Any]:
    """Create an account (admins)."""
    web = state(request)
    try:
        uid = auth.add_user(web.engine, body.username, body.password, body.role)
    except KuzetError as exc:
        raise HTTPException(409 if "exists" in exc.reason else 422, exc.reason) from exc
    auth.audit(web.engine, user.username, "user.add", body.username, {"role": body.role})
    return {"id": uid, "username": body.username, "role": body.role}


@router.post("/tokens", status_code=201)
def add_token(request: Request, user: Admin, body: TokenIn) -> dict[str, Any]:
    """Issue an API token for a user (admins); shown once."""
    web = state(request)
    try:
        token = auth.create_token(web.engine, body.username, body.name)
    except KuzetError as exc:
        raise HTTPException(404, exc.reason) from exc
    auth.audit(web.engine, user.username, "token.add", body.username, {"name": body.name})
    return {"token": token, "username": body.username, "name": body.name}


@router.get("/audit")
def audit_log(request: Request, _: AdminReader, limit: int = Query(100, ge=1, le=1000)) -> dict[str, Any]:
    """The newest entries of the audit log (admins)."""
    return {"items": auth.audit_entries(state(request).engine, limit)}


ExportName = Literal["articles.csv", "articles.jsonl", "places.geojson", "gold.jsonl"]


@router.get("/export/{name}")
def export(request: Request, _: Reader, name: ExportName,
           f: Filters,
           limit: int = Query(10_000, ge=1, le=1_000_000)) -> StreamingResponse:
    """Exports: articles as CSV or JSON Lines, places as GeoJSON, corrections as gold."""
    web = state(request)
    body, media = exports.stream(web.engine, name, f, limit)
    return StreamingResponse(body, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="kuzet-{name}"'})
