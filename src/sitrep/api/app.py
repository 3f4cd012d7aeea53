"""The FastAPI app: JSON API under /api, the single-page web app at /, OpenAPI at /docs."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError, OperationalError

from sitrep.api import queries
from sitrep.api.auth import Principal, bearer, is_loopback, lookup, same_secret
from sitrep.api.filters import SORTABLE, EventFilter, event_filter
from sitrep.api.review import EDITABLE, RevertRequest, ReviewError, ReviewRequest, revert, review
from sitrep.store import Store, open_store

WEB = Path(__file__).resolve().parent.parent / "web"
MAX_PAGE = 1000
MAX_POINTS = 200_000
FACET_TTL_S = 30.0
COUNT_CAP = 10_000


def create_app(db_url: str, read_token: str | None = None, *, schema: str | None = None) -> FastAPI:
    """An app over the store at `db_url`. Reads are open to loopback clients unless `read_token` is set,
    in which case every read needs it (or any valid API token) as a bearer token. Writes always need an
    API token with the reviewer or admin role."""
    store = open_store(db_url, schema=schema)
    app = FastAPI(
        title="sitrep",
        summary="Conflict events read from news, coded the ACLED way, with evidence and review.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store

    def principal(request: Request) -> Principal | None:
        token = bearer(request.headers.get("authorization"))
        if token is None:
            return None
        with store.sessions() as session:
            return lookup(session, token)

    def reader(request: Request) -> None:
        token = bearer(request.headers.get("authorization"))
        if read_token is not None:
            if token is not None and (same_secret(token, read_token) or principal(request) is not None):
                return
            raise HTTPException(
                401,
                "reads need a bearer token (the server was started with --read-token)",
                headers={"WWW-Authenticate": "Bearer"},
            )
        host = request.client.host if request.client else None
        if not is_loopback(host) and principal(request) is None:
            raise HTTPException(
                403,
                "reads are open to loopback clients only; start the server with "
                "--read-token to serve other hosts",
            )

    def writer(request: Request) -> Principal:
        if bearer(request.headers.get("authorization")) is None:
            raise HTTPException(
                401,
                "this needs an API token: Authorization: Bearer <token> "
                "(create one with `sitrep token create NAME --role reviewer`)",
                headers={"WWW-Authenticate": "Bearer"},
            )
        who = principal(request)
        if who is None:
            raise HTTPException(401, "unknown or revoked API token", headers={"WWW-Authenticate": "Bearer"})
        if who.role not in ("reviewer", "admin"):
            raise HTTPException(403, f"role {who.role!r} may not review")
        return who

    @app.exception_handler(ReviewError)
    def _review_error(_request: Request, err: ReviewError) -> JSONResponse:
        return JSONResponse({"detail": str(err)}, status_code=err.status)

    @app.exception_handler(DataError)
    def _bad_value(_request: Request, err: DataError) -> JSONResponse:
        # The database refused a value that validation let through (e.g. a NUL byte in a path): the
        # client's input, so a 400 that names the problem.
        return JSONResponse({"detail": f"the database cannot use this value: {err.orig}"}, status_code=400)

    @app.exception_handler(OperationalError)
    def _busy(_request: Request, err: OperationalError) -> JSONResponse:
        # A locked or unreachable database is the server's state, not the client's fault: say so, retryable.
        return JSONResponse({"detail": f"the database is unavailable: {err.orig}"}, status_code=503)

    read = [Depends(reader)]
    facet_cache: dict[str, Any] = {"value": None, "at": 0.0}

    @app.get("/api/events", dependencies=read, tags=["events"])
    def list_events(
        f: EventFilter = Depends(event_filter),
        sort: Literal[SORTABLE] = Query("event_date"),  # type: ignore[valid-type]
        order: Literal["asc", "desc"] = Query("desc"),
        limit: int = Query(50, ge=1, le=MAX_PAGE),
        cursor: str | None = Query(None, max_length=2000, description="next_cursor of the previous page"),
        exact_total: bool = Query(
            False, description=f"count every match; by default counting stops at {COUNT_CAP} (total_exact)"
        ),
    ) -> Response:
        """Events matching the filter, `limit` a page, ordered by (`sort`, event_id): pages never overlap."""
        with store.sessions() as session:
            cap = None if exact_total else COUNT_CAP
            return fast_json(queries.list_events(session, f, sort, order, limit, cursor, count_cap=cap))

    @app.get("/api/events.csv", dependencies=read, tags=["exports"])
    def export_csv(f: EventFilter = Depends(event_filter)) -> StreamingResponse:
        """The filter's events as CSV, ACLED's columns first in ACLED's order, then sitrep's."""
        return StreamingResponse(
            _stream(store, queries.export_csv, f),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="sitrep-events.csv"'},
        )

    @app.get("/api/events.geojson", dependencies=read, tags=["exports"])
    def export_geojson(f: EventFilter = Depends(event_filter)) -> StreamingResponse:
        """The filter's events as GeoJSON features (events without coordinates have no geometry)."""
        return StreamingResponse(
            _stream(store, queries.export_geojson, f),
            media_type="application/geo+json",
            headers={"Content-Disposition": 'attachment; filename="sitrep-events.geojson"'},
        )

    @app.get("/api/events/{event_id}", dependencies=read, tags=["events"])
    def get_event(event_id: str) -> dict[str, Any]:
        """One event with its evidence spans, its sources, its merge history and its audit log."""
        with store.sessions() as session:
            found = queries.get_event(session, event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id!r}")
        found["editable_fields"] = list(EDITABLE)
        return found

    @app.get("/api/articles/{article_id}", dependencies=read, tags=["articles"])
    def get_article(article_id: str) -> dict[str, Any]:
        """An article by its numeric id or its doc_id; evidence offsets point into its `text`."""
        with store.sessions() as session:
            found = queries.get_article(session, article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return found

    @app.get("/api/stats", dependencies=read, tags=["events"])
    def stats(f: EventFilter = Depends(event_filter)) -> Response:
        """Counts and fatalities for the filter: total, per day, per week (Mondays), per type, per admin1."""
        with store.sessions() as session:
            return fast_json(queries.stats(session, f))

    @app.get("/api/points", dependencies=read, tags=["events"])
    def points(
        f: EventFilter = Depends(event_filter), limit: int = Query(100_000, ge=1, le=MAX_POINTS)
    ) -> Response:
        """Compact map points [event_id, latitude, longitude, type index, fatalities], newest first."""
        with store.sessions() as session:
            return fast_json(queries.points(session, f, limit))

    @app.get("/api/facets", dependencies=read, tags=["events"])
    def facets() -> dict[str, Any]:
        """The values the filter panel offers: countries, admin1 names, event types and sub-event types."""
        # Distinct values over the whole table cost a scan of four indexes; they change only when events
        # are added or edited, so a page load may reuse them for a short while.
        now = time.monotonic()
        if facet_cache["value"] is None or now - facet_cache["at"] > FACET_TTL_S:
            with store.sessions() as session:
                facet_cache.update(value=queries.facets(session), at=now)
        return facet_cache["value"]

    @app.post("/api/events/{event_id}/review", tags=["review"])
    def post_review(event_id: str, body: ReviewRequest, who: Principal = Depends(writer)) -> dict[str, Any]:
        """Accept, reject, or edit fields of an event. Each change is written to the audit log."""
        with store.session() as session:
            entries = review(session, event_id, body, who)
            facet_cache["value"] = None
            result = {"event_id": event_id, "audit": [queries.audit_dict(a) for a in entries]}
        with store.sessions() as session:
            result["event"] = queries.get_event(session, event_id)["event"]
        return result

    @app.get("/api/audit", dependencies=read, tags=["review"])
    def audit(event_id: str | None = None, limit: int = Query(200, ge=1, le=5000)) -> list[dict[str, Any]]:
        """The audit log, newest first, optionally for one event."""
        with store.sessions() as session:
            return queries.audit_entries(session, event_id, limit)

    @app.post("/api/audit/{audit_id}/revert", tags=["review"])
    def post_revert(
        audit_id: int, body: RevertRequest | None = None, who: Principal = Depends(writer)
    ) -> dict[str, Any]:
        """Undo one audit entry (a reviewer their own, an admin any); the undo is itself audited."""
        with store.session() as session:
            entry = revert(session, audit_id, body or RevertRequest(), who)
            return queries.audit_dict(entry)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        # Swagger UI from the vendored copy: FastAPI's default loads it from a CDN, which fails offline.
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="sitrep API",
            swagger_js_url="/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/vendor/swagger-ui/favicon-32x32.png",
        )

    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, Any]:
        return {"ok": True, "database": store.dialect}

    app.mount("/", StaticFiles(directory=WEB, html=True), name="web")
    return app


def fast_json(data: Any) -> Response:
    """The queries already return plain JSON types; FastAPI's generic encoder would walk every value of
    a 50,000-point answer again, which takes seconds."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(body, media_type="application/json")


def _stream(store: Store, produce: Any, f: EventFilter) -> Iterator[str]:
    # The session lives as long as the response streams, not as long as the handler.
    with store.sessions() as session:
        yield from produce(session, f)
