"""FastAPI dependencies: who is asking, may they, and did their form carry the CSRF token."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request

from kuzet.web import auth
from kuzet.web.app import LoginRequired, current_user


def reader(request: Request) -> auth.User:
    """Any logged-in user (API): 401 otherwise."""
    user = current_user(request)
    if user is None:
        raise HTTPException(401, "log in or send an API token",
                            headers={"WWW-Authenticate": "Bearer"})
    return user


def page_reader(request: Request) -> auth.User:
    """Any logged-in user (pages): redirect to the login form otherwise."""
    user = current_user(request)
    if user is None:
        raise LoginRequired()
    return user


async def check_csrf(request: Request, user: auth.User) -> None:
    """Refuse a cookie-authenticated write without the session's CSRF token."""
    if not user.csrf:  # API token: not sent by browsers on their own, nothing to forge
        return
    given = request.headers.get("x-csrf-token")
    if given is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get("csrf")
        given = value if isinstance(value, str) else None
    if not auth.csrf_ok(user.csrf, given):
        raise HTTPException(403, "missing or wrong CSRF token")


def writer(role: str, page: bool = False) -> Callable[[Request], Awaitable[auth.User]]:
    """A dependency: a user of ``role`` or above whose request carries the CSRF token."""

    async def dependency(request: Request) -> auth.User:
        user = page_reader(request) if page else reader(request)
        if not user.can(role):
            raise HTTPException(403, f"needs the {role} role")
        await check_csrf(request, user)
        return user

    return dependency


def role(name: str) -> Callable[[Request], auth.User]:
    """A dependency for reads that need ``name`` or above (no CSRF: nothing changes)."""

    def dependency(request: Request) -> auth.User:
        user = reader(request)
        if not user.can(name):
            raise HTTPException(403, f"needs the {name} role")
        return user

    return dependency
