"""API tokens: created once, shown once, stored only as a sha256 digest."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sitrep.store import models as m

ROLES = ("reviewer", "admin")
PREFIX = "sitrep_"


@dataclass(frozen=True)
class Principal:
    name: str
    role: str


class TokenError(ValueError):
    """A token request that cannot be honoured (bad role, name taken)."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, name: str, role: str) -> str:
    """Store a new token for `name` and return it; only its hash is kept, so it is shown this once."""
    name = name.strip()
    if not name or len(name) > 128:
        raise TokenError("the token name must be 1 to 128 characters")
    if role not in ROLES:
        raise TokenError(f"role {role!r}: use one of {', '.join(ROLES)}")
    if session.scalar(select(m.ApiToken).where(m.ApiToken.name == name)) is not None:
        raise TokenError(f"a token named {name!r} exists; pick another name or revoke it first")
    token = PREFIX + secrets.token_urlsafe(32)
    session.add(m.ApiToken(name=name, role=role, token_hash=hash_token(token)))
    return token


def revoke_token(session: Session, name: str) -> bool:
    row = session.scalar(select(m.ApiToken).where(m.ApiToken.name == name, m.ApiToken.revoked_at.is_(None)))
    if row is None:
        return False
    row.revoked_at = m.utcnow()
    return True


def lookup(session: Session, token: str) -> Principal | None:
    row = session.scalar(
        select(m.ApiToken).where(m.ApiToken.token_hash == hash_token(token), m.ApiToken.revoked_at.is_(None))
    )
    return None if row is None else Principal(row.name, row.role)


def bearer(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def same_secret(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
