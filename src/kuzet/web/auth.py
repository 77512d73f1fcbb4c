"""Accounts, roles, sessions, API tokens, CSRF, login rate limiting and the audit log.

Passwords are hashed with argon2id; session cookies and API tokens are random 256-bit
values of which only the sha256 is stored, so a copy of the database grants nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from kuzet.errors import KuzetError
from kuzet.store import db
from kuzet.web.tables import api_tokens, audit_log, login_attempts, users, web_meta, web_sessions

ROLES = ("viewer", "analyst", "admin")
_RANK = {role: n for n, role in enumerate(ROLES)}
_HASHER = PasswordHasher()
# A real hash to verify against when the user does not exist, so timing does not tell
# which usernames exist.
_DUMMY = _HASHER.hash("kuzet-no-such-user")


@dataclass(frozen=True)
class User:
    """A logged-in user (by session or API token)."""

    id: int
    username: str
    role: str
    csrf: str = ""  # the session's CSRF token; empty for API tokens (no cookie to forge)

    def can(self, role: str) -> bool:
        """True when this user's role is ``role`` or above."""
        return _RANK.get(self.role, -1) >= _RANK[role]


def now() -> datetime:
    """Naive UTC now (the store keeps naive UTC timestamps)."""
    return datetime.now(UTC).replace(tzinfo=None)


def digest(token: str) -> str:
    """The stored form of a session or API token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def secret_key(engine: Engine) -> str:
    """The instance's secret key: generated on first use and kept in the database."""
    with db.writing(engine) as conn:
        found = conn.execute(sa.select(web_meta.c.value)
                             .where(web_meta.c.key == "secret_key")).scalar_one_or_none()
        if found is not None:
            return str(found)
        key = secrets.token_hex(32)
        conn.execute(web_meta.insert().values(key="secret_key", value=key))
        return key


def add_user(engine: Engine, username: str, password: str, role: str) -> int:
    """Create a user; raises KuzetError K180 for a bad role, name or password."""
    username = username.strip()
    if role not in ROLES:
        raise KuzetError("K180", username, f"role must be one of {', '.join(ROLES)}")
    if not username or len(username) > 80 or any(c.isspace() for c in username):
        raise KuzetError("K180", username, "username must be 1-80 characters without spaces")
    if len(password) < 8:
        raise KuzetError("K180", username, "password must have at least 8 characters")
    try:
        with db.writing(engine) as conn:
            return int(conn.execute(users.insert().values(
                username=username, password_hash=_HASHER.hash(password), role=role,
                active=True, created_at=now()).returning(users.c.id)).scalar_one())
    except IntegrityError as exc:
        raise KuzetError("K180", username, "a user with this name exists") from exc


def first_admin(engine: Engine) -> str | None:
    """When there is no account at all, create ``admin`` with a random password; the password."""
    with engine.connect() as conn:
        if conn.execute(sa.select(users.c.id).limit(1)).first() is not None:
            return None
    password = secrets.token_urlsafe(12)
    try:
        add_user(engine, "admin", password, "admin")
    except KuzetError:  # another process made it first
        return None
    return password


def set_password(engine: Engine, username: str, password: str) -> None:
    """Replace a user's password (and end their sessions)."""
    if len(password) < 8:
        raise KuzetError("K180", username, "password must have at least 8 characters")
    with db.writing(engine) as conn:
        uid = conn.execute(sa.select(users.c.id).where(users.c.username == username)).scalar()
        if uid is None:
            raise KuzetError("K180", username, "no such user")
        conn.execute(users.update().where(users.c.id == uid)
                     .values(password_hash=_HASHER.hash(password)))
        conn.execute(web_sessions.delete().where(web_sessions.c.user_id == uid))


def check_password(engine: Engine, username: str, password: str) -> User | None:
    """The user when ``password`` is right, else None (same work either way)."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(users).where(users.c.username == username,
                                                  users.c.active.is_(True))).first()
    try:
        _HASHER.verify(row.password_hash if row else _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return None
    return None if row is None else User(int(row.id), row.username, row.role)


def start_session(engine: Engine, user: User, hours: float) -> tuple[str, str]:
    """A new session for ``user``: (cookie value, CSRF token)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with db.writing(engine) as conn:
        conn.execute(web_sessions.delete().where(web_sessions.c.expires_at < now()))
        conn.execute(web_sessions.insert().values(
            token_hash=digest(token), user_id=user.id, csrf=csrf, created_at=now(),
            expires_at=now() + timedelta(hours=hours)))
    return token, csrf


def end_session(engine: Engine, token: str) -> None:
    """Forget a session (logout)."""
    with db.writing(engine) as conn:
        conn.execute(web_sessions.delete().where(web_sessions.c.token_hash == digest(token)))


def session_user(engine: Engine, token: str) -> User | None:
    """The user of a live session cookie, or None."""
    j = web_sessions.join(users, users.c.id == web_sessions.c.user_id)
    with engine.connect() as conn:
        row = conn.execute(sa.select(users.c.id, users.c.username, users.c.role,
                                     web_sessions.c.csrf).select_from(j).where(
            web_sessions.c.token_hash == digest(token), web_sessions.c.expires_at > now(),
            users.c.active.is_(True))).first()
    return None if row is None else User(int(row.id), row.username, row.role, row.csrf)


def create_token(engine: Engine, username: str, name: str) -> str:
    """A new API token for ``username`` (shown once; only its hash is kept)."""
    token = "kz_" + secrets.token_urlsafe(32)
    with db.writing(engine) as conn:
        uid = conn.execute(sa.select(users.c.id).where(users.c.username == username)).scalar()
        if uid is None:
            raise KuzetError("K180", username, "no such user")
        conn.execute(api_tokens.insert().values(token_hash=digest(token), user_id=uid,
                                                name=name[:120], created_at=now()))
    return token


def token_user(engine: Engine, token: str) -> User | None:
    """The user of an API token, or None."""
    j = api_tokens.join(users, users.c.id == api_tokens.c.user_id)
    with engine.connect() as conn:
        row = conn.execute(sa.select(users.c.id, users.c.username, users.c.role).select_from(j)
                           .where(api_tokens.c.token_hash == digest(token),
                                  users.c.active.is_(True))).first()
    return None if row is None else User(int(row.id), row.username, row.role)


def csrf_ok(expected: str, given: str | None) -> bool:
    """Constant-time comparison of CSRF tokens; an empty expectation never matches."""
    return bool(expected) and given is not None and hmac.compare_digest(expected, given)


def login_csrf(secret: str, nonce: str) -> str:
    """The login form's CSRF token, bound to the pre-login cookie ``nonce``."""
    return hmac.new(secret.encode(), b"login:" + nonce.encode(), hashlib.sha256).hexdigest()


def audit(engine: Engine, username: str, action: str, target: str | None = None,
          detail: dict[str, Any] | None = None) -> None:
    """Record one action of a user in the audit log."""
    with db.writing(engine) as conn:
        conn.execute(audit_log.insert().values(at=now(), username=username, action=action,
                                               target=(target or "")[:200], detail=detail))


def audit_entries(engine: Engine, limit: int = 100) -> list[dict[str, Any]]:
    """The newest audit log entries."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(audit_log).order_by(audit_log.c.id.desc())
                            .limit(limit)).all()
    return [{"at": r.at.isoformat(timespec="seconds"), "user": r.username, "action": r.action,
             "target": r.target, "detail": r.detail} for r in rows]


class LoginLimiter:
    """At most ``limit`` failed logins per key in a sliding window of ``window`` seconds.

    The attempts are rows of ``login_attempts`` in the database, so every worker process
    shares one count and a restart forgets nothing. An attempt is reserved before the
    password is checked, in one writing transaction that prunes, counts and inserts: two
    processes cannot both take the last free attempt (SQLite serialises writers with
    ``BEGIN IMMEDIATE``; PostgreSQL takes a transaction lock on the key). A right password
    then removes its key's rows, so only failures keep counting.
    """

    def __init__(self, engine: Engine, limit: int, window: float,
                 clock: Callable[[], datetime] = now) -> None:
        self.engine, self.limit, self.window = engine, limit, window
        self.clock = clock  # naive UTC; replaceable so tests move time without sleeping
        self._next_prune: datetime | None = None

    def attempt(self, key: str) -> bool:
        """Count one attempt for ``key``; False (nothing counted) when it is used up."""
        key = key[:200]
        at = self.clock()
        edge = at - timedelta(seconds=self.window)
        with db.writing(self.engine) as conn:
            if conn.dialect.name == "postgresql":
                # READ COMMITTED would let two transactions count the same rows; this lock
                # queues the attempts of one key until the holder commits.
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_lock_id(key))))
            conn.execute(login_attempts.delete().where(login_attempts.c.key == key,
                                                       login_attempts.c.attempted_at <= edge))
            used = conn.execute(sa.select(sa.func.count()).select_from(login_attempts)
                                .where(login_attempts.c.key == key)).scalar_one()
            if used >= self.limit:
                return False
            conn.execute(login_attempts.insert().values(key=key, attempted_at=at))
        self._prune(at, edge)
        return True

    def succeeded(self, key: str) -> None:
        """A right password for ``key``: forget its attempts (never another key's)."""
        with db.writing(self.engine) as conn:
            conn.execute(login_attempts.delete().where(login_attempts.c.key == key[:200]))

    def used(self, key: str) -> int:
        """Attempts of ``key`` still inside the window."""
        edge = self.clock() - timedelta(seconds=self.window)
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(login_attempts).where(
                login_attempts.c.key == key[:200],
                login_attempts.c.attempted_at > edge)).scalar_one())

    def _prune(self, at: datetime, edge: datetime) -> None:
        # Other keys' expired rows, at most once a window per process and in a transaction
        # of its own, so a flood of distinct keys cannot grow the table without bound.
        if self._next_prune is not None and at < self._next_prune:
            return
        self._next_prune = at + timedelta(seconds=self.window)
        with db.writing(self.engine) as conn:
            conn.execute(login_attempts.delete().where(login_attempts.c.attempted_at <= edge))


def _lock_id(key: str) -> int:
    """A signed 64-bit number for ``key`` (PostgreSQL advisory locks take a bigint)."""
    return int.from_bytes(hashlib.sha256(b"kuzet-login:" + key.encode()).digest()[:8], "big",
                          signed=True)
