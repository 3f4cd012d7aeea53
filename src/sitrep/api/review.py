"""Reviewing events: accept, reject or edit fields; every change goes to the audit log and can be reverted."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from sqlalchemy.orm import Session

from sitrep import records as rec
from sitrep.api.auth import Principal
from sitrep.store import models as m

# Reviewers correct what the text says; identity, provenance and the model's own score are not theirs to edit.
NOT_EDITABLE = frozenset(
    {"event_id", "doc_id", "record_type", "evidence", "confidence", "url", "title", "published"}
)
EDITABLE: tuple[str, ...] = tuple(name for name in rec.Event.model_fields if name not in NOT_EDITABLE)
STATUS_FIELD = "review_status"
RANGES: dict[str, tuple[float, float]] = {
    "latitude": (-90, 90),
    "longitude": (-180, 180),
    "time_precision": (1, 3),
    "geo_precision": (1, 3),
    "inter1": (0, 8),
    "inter2": (0, 8),
    "interaction": (0, 88),
    "fatalities": (0, 1_000_000),
    "fatalities_low": (0, 1_000_000),
    "fatalities_high": (0, 1_000_000),
    "injuries": (0, 1_000_000),
    "arrested": (0, 1_000_000),
}
MAX_TEXT = 4000
TAXONOMY = Path(__file__).resolve().parent.parent / "knowledge" / "acled_taxonomy.yaml"


class ReviewRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal["accept", "reject", "edit"]
    changes: dict[str, Any] | None = Field(None, description="field → new value (null clears it); for edit")
    reason: str | None = Field(None, max_length=2000, description="why; kept in the audit log")


class RevertRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(None, max_length=2000)


class ReviewError(ValueError):
    """A review the API refuses; `status` is the HTTP code to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@cache
def taxonomy() -> dict[str, tuple[str, ...]]:
    text = TAXONOMY.read_text(encoding="utf-8")
    return {kind: tuple(subs) for kind, subs in yaml.safe_load(text).items()}


def coerce(field: str, value: Any) -> Any:
    """The value as the contract types it, or a ReviewError saying what is wrong."""
    if field not in EDITABLE:
        raise ReviewError(422, f"{field!r} cannot be edited; editable fields: {', '.join(EDITABLE)}")
    if isinstance(value, str):
        value = value.strip()
        if "\x00" in value:
            raise ReviewError(422, f"{field}: NUL characters are not allowed")
        if value == "":
            value = None
        elif len(value) > MAX_TEXT:
            raise ReviewError(422, f"{field}: at most {MAX_TEXT} characters")
    annotation = rec.Event.model_fields[field].annotation
    try:
        value = TypeAdapter(annotation).validate_python(value)
    except ValidationError as err:
        reason = err.errors()[0]["msg"]
        raise ReviewError(422, f"{field}={value!r}: {reason}") from None
    if value is None:
        return None
    if field in RANGES:
        low, high = RANGES[field]
        if not low <= value <= high:
            raise ReviewError(422, f"{field}={value}: must lie between {low} and {high}")
    if field == "event_type" and value not in taxonomy():
        raise ReviewError(422, f"event_type {value!r} is not an ACLED event type: {', '.join(taxonomy())}")
    return value


def _check_subtype(event: m.Event) -> None:
    kinds = taxonomy()
    if event.sub_event_type is None or event.event_type is None:
        return
    if event.sub_event_type not in kinds.get(event.event_type, ()):
        raise ReviewError(
            422,
            f"sub_event_type {event.sub_event_type!r} does not belong to "
            f"{event.event_type!r}: {', '.join(kinds.get(event.event_type, ()))}",
        )


def _stored(value: Any) -> Any:
    """Audit values are JSON: dates as ISO strings."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _set(event: m.Event, field: str, value: Any) -> None:
    if field == "event_date" and isinstance(value, str):
        value = dt.date.fromisoformat(value)
    setattr(event, field, value)


def review(session: Session, event_id: str, request: ReviewRequest, who: Principal) -> list[m.AuditLog]:
    event = session.get(m.Event, event_id, with_for_update=True)
    if event is None:
        raise ReviewError(404, f"no event {event_id!r}")
    if event.merged_into is not None:
        raise ReviewError(409, f"event {event_id!r} was merged into {event.merged_into!r}; review that one")
    changes: dict[str, Any] = {}
    if request.action == "edit":
        if not request.changes:
            raise ReviewError(422, "edit needs `changes`: an object of field → new value")
        changes = {field: coerce(field, value) for field, value in request.changes.items()}
        changes = {f: v for f, v in changes.items() if _stored(getattr(event, f)) != _stored(v)}
        if not changes:
            raise ReviewError(422, "nothing to change: every value given equals the stored one")
        status = "edited"
    elif request.changes:
        raise ReviewError(422, f"{request.action} takes no `changes`; use action=edit")
    else:
        status = "accepted" if request.action == "accept" else "rejected"
    entries: list[m.AuditLog] = []
    for field, value in changes.items():
        entries.append(
            m.AuditLog(
                who=who.name,
                event_id=event_id,
                field=field,
                old=_stored(getattr(event, field)),
                new=_stored(value),
                why=request.reason,
            )
        )
        _set(event, field, value)
    _check_subtype(event)
    if event.review_status != status:
        entries.append(
            m.AuditLog(
                who=who.name,
                event_id=event_id,
                field=STATUS_FIELD,
                old=event.review_status,
                new=status,
                why=request.reason,
            )
        )
        event.review_status = status
    if not entries:
        raise ReviewError(409, f"event {event_id!r} is already {status}")
    event.updated_at = m.utcnow()
    session.add_all(entries)
    session.flush()
    return entries


def revert(session: Session, audit_id: int, request: RevertRequest, who: Principal) -> m.AuditLog:
    entry = session.get(m.AuditLog, audit_id, with_for_update=True)
    if entry is None:
        raise ReviewError(404, f"no audit entry {audit_id}")
    if who.role != "admin" and entry.who != who.name:
        raise ReviewError(403, f"only an admin or {entry.who!r} may revert entry {audit_id}")
    if entry.reverted:
        raise ReviewError(409, f"audit entry {audit_id} is already reverted")
    event = session.get(m.Event, entry.event_id, with_for_update=True)
    if event is None:
        raise ReviewError(404, f"event {entry.event_id!r} no longer exists")
    current = _stored(getattr(event, entry.field))
    if current != entry.new:
        raise ReviewError(
            409,
            f"{entry.field} changed after entry {audit_id} (now {current!r}); revert the later change first",
        )
    _set(event, entry.field, entry.old)
    event.updated_at = m.utcnow()
    entry.reverted = True
    why = f"revert of #{audit_id}" + (f": {request.reason}" if request.reason else "")
    undo = m.AuditLog(
        who=who.name, event_id=event.event_id, field=entry.field, old=current, new=entry.old, why=why
    )
    session.add(undo)
    session.flush()
    return undo
