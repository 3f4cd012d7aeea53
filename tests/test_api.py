"""The HTTP API on real SQLite and the real PostgreSQL, over events stored by the real pipeline."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from sitrep.api import create_app
from sitrep.api.auth import create_token, hash_token
from sitrep.records import ACLED_COLUMNS
from sitrep.store import models as m
from test_api_support import ARTICLES, KNOWN_PLACES, N_KNOWN, Filled, filled  # noqa: F401

LOOPBACK = ("127.0.0.1", 40000)


@pytest.fixture(scope="module")
def client(filled: Filled) -> TestClient:  # noqa: F811
    return TestClient(create_app(filled.url, schema=filled.schema), client=LOOPBACK)


@pytest.fixture(scope="module")
def tokens(filled: Filled) -> dict[str, str]:  # noqa: F811
    with filled.store.session() as session:
        return {
            "ann": create_token(session, "ann", "reviewer"),
            "ben": create_token(session, "ben", "reviewer"),
            "root": create_token(session, "root", "admin"),
        }


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def all_ids(client: TestClient, **params) -> list[str]:
    ids, cursor = [], None
    while True:
        page = client.get("/api/events", params={**params, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        body = page.json()
        ids += [e["event_id"] for e in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            return ids


# -- reading -------------------------------------------------------------------------------------------
def test_lists_every_stored_event(client, filled):  # noqa: F811
    body = client.get("/api/events", params={"limit": 1000}).json()
    assert body["total"] == len(filled.pipeline_event_ids) + N_KNOWN
    assert {e["event_id"] for e in body["items"]} == {*filled.pipeline_event_ids, *filled.known_event_ids}
    assert filled.pipeline_event_ids, "the pipeline found no event in the test articles"


@pytest.mark.parametrize("sort", ["event_date", "fatalities", "country", "actor2", "review_status"])
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_paging_is_stable_and_complete(client, filled, sort, order):  # noqa: F811
    # Small pages over columns with ties and NULLs: every event exactly once, in a total order.
    ids = all_ids(client, sort=sort, order=order, limit=4)
    assert len(ids) == len(set(ids)) == len(filled.pipeline_event_ids) + N_KNOWN
    assert ids == all_ids(client, sort=sort, order=order, limit=7)


def test_total_is_capped_unless_asked(client, monkeypatch):
    import sitrep.api.queries as queries

    exact = client.get("/api/events", params={"exact_total": "true", "limit": 1}).json()
    assert exact["total_exact"] and exact["total"] > 5
    original = queries.count_events
    monkeypatch.setattr(queries, "count_events", lambda session, where, cap: original(session, where, 5))
    capped = client.get("/api/events", params={"limit": 1}).json()
    assert capped["total"] == 5 and capped["total_exact"] is False
    small = client.get("/api/events", params={"country": "Fiji", "limit": 1}).json()
    assert small["total_exact"] and small["total"] == N_KNOWN // len(KNOWN_PLACES)


def test_sort_orders_values(client):
    params = {"sort": "event_date", "order": "asc", "limit": 1000}
    items = client.get("/api/events", params=params).json()["items"]
    dates = [e["event_date"] for e in items if e["event_date"]]
    assert dates == sorted(dates)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "Nigeria"}, lambda n, p: p[0] == "Nigeria"),
        ({"country": "PAK"}, lambda n, p: p[1] == "PAK"),
        ({"admin1": "Borno"}, lambda n, p: p[2] == "Borno"),
        ({"admin2": "Quetta District"}, lambda n, p: p[3] == "Quetta"),
        ({"event_type": "Protests"}, lambda n, p: p[6] == "Protests"),
        ({"sub_event_type": "Mob violence"}, lambda n, p: p[7] == "Mob violence"),
        ({"actor": "marker brigade 1"}, lambda n, p: str(n).startswith("1")),
        ({"min_fatalities": 5}, lambda n, p: n % 5 != 0 and n % 7 >= 5),
        ({"date_from": "2024-10-04", "date_to": "2024-10-07"}, lambda n, p: n in (2, 3, 4, 5)),
        ({"bbox": "60,25,75,36"}, lambda n, p: p[3] in ("Quetta", "Peshawar")),
        # A box across the antimeridian holds Fiji only.
        ({"bbox": "170,-20,-170,-10"}, lambda n, p: p[3] == "Labasa"),
        ({"q": "number 12."}, lambda n, p: n == 12),
    ],
)
def test_filters_on_known_events(client, params, expected):
    got = {i for i in all_ids(client, **params, limit=1000) if i.startswith("known-")}
    want = {f"known-{n:03d}" for n in range(N_KNOWN) if expected(n, KNOWN_PLACES[n % len(KNOWN_PLACES)])}
    assert want, "a filter case with no expected rows cannot fail"
    assert got == want


def test_full_text_searches_evidence(client, filled):  # noqa: F811
    detail = client.get(f"/api/events/{filled.pipeline_event_ids[0]}").json()
    word = detail["evidence"][0]["text"]
    found = all_ids(client, q=word.upper(), limit=1000)
    assert filled.pipeline_event_ids[0] in found
    for event_id in found:
        other = client.get(f"/api/events/{event_id}").json()
        texts = [other["event"]["notes"] or "", *(s["text"] for s in other["evidence"])]
        assert any(word.lower() in t.lower() for t in texts)


def test_filters_combine(client):
    ids = all_ids(client, country="Pakistan", event_type="Battles", min_fatalities=1)
    for event_id in ids:
        e = client.get(f"/api/events/{event_id}").json()["event"]
        assert (e["country"], e["event_type"]) == ("Pakistan", "Battles") and e["fatalities"] >= 1


def test_event_detail_has_evidence_that_points_into_the_article(client, filled):  # noqa: F811
    for event_id in filled.pipeline_event_ids:
        detail = client.get(f"/api/events/{event_id}").json()
        assert detail["event"]["event_id"] == event_id
        assert detail["sources"] and detail["evidence"]
        for span in detail["evidence"]:
            article = client.get(f"/api/articles/{span['article_id']}").json()
            assert article["text"][span["start"] : span["end"]] == span["text"]
        assert detail["sources"][0]["url"] in {a.url for a in ARTICLES}
        assert detail["merge_history"] == [] or "kept_event_id" in detail["merge_history"][0]


def test_article_by_doc_id_and_missing(client):
    article = client.get("/api/articles/api-test-quetta").json()
    assert article["title"] == ARTICLES[0].title and article["text"] == ARTICLES[0].text
    assert client.get(f"/api/articles/{article['id']}").json()["doc_id"] == "api-test-quetta"
    assert client.get("/api/articles/nope").status_code == 404
    assert client.get("/api/events/nope").status_code == 404


def test_stats_add_up(client):
    params = {"country": "Pakistan"}
    stats = client.get("/api/stats", params=params).json()
    listed = client.get("/api/events", params={**params, "limit": 1000}).json()["items"]
    assert stats["events"] == len(listed)
    assert stats["fatalities"] == sum(e["fatalities"] or 0 for e in listed)
    dated = [e for e in listed if e["event_date"]]
    assert sum(d["events"] for d in stats["per_day"]) == len(dated)
    assert sum(w["events"] for w in stats["per_week"]) == len(dated)
    assert sum(t["events"] for t in stats["per_type"]) == len(listed)
    assert {a["value"] for a in stats["per_admin1"]} == {e["admin1"] for e in listed}


def test_points_match_the_filter(client):
    data = client.get("/api/points", params={"country": "Kenya"}).json()
    listed = client.get("/api/events", params={"country": "Kenya", "limit": 1000}).json()["items"]
    assert {p[0] for p in data["points"]} == {e["event_id"] for e in listed if e["latitude"] is not None}
    assert all(data["event_types"][p[3]] == "Protests" for p in data["points"] if p[0].startswith("known-"))
    capped = client.get("/api/points", params={"limit": 2}).json()
    assert capped["truncated"] and len(capped["points"]) == 2 and capped["total"] > 2


def test_csv_export_uses_acled_column_order(client):
    response = client.get("/api/events.csv", params={"country": "Nigeria"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert tuple(rows[0][: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    total = client.get("/api/events", params={"country": "Nigeria"}).json()["total"]
    assert len(rows) - 1 == total
    assert all(row[rows[0].index("country")] == "Nigeria" for row in rows[1:])


def test_geojson_export(client):
    response = client.get("/api/events.geojson", params={"event_type": "Riots"})
    data = json.loads(response.text)
    assert data["type"] == "FeatureCollection"
    riots = [f for f in data["features"] if f["id"].startswith("known-")]
    assert len(riots) == N_KNOWN // len(KNOWN_PLACES)
    assert riots[0]["geometry"]["coordinates"] == [179.38, -16.43]
    assert riots[0]["properties"]["evidence"]["location"][0]["text"] == "Labasa"


def test_openapi_and_web_app_are_served(client):
    assert "/api/events" in client.get("/openapi.json").json()["paths"]
    docs = client.get("/docs").text
    assert "/vendor/swagger-ui/swagger-ui-bundle.js" in docs
    assert client.get("/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert 'id="map"' in client.get("/").text
    assert client.get("/vendor/world-atlas/countries-50m.json").json()["type"] == "Topology"


# -- invalid input: 4xx with a message, never 500 ------------------------------------------------------
@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "2024-13-40"},
        {"date_from": "2024-05-02", "date_to": "2024-05-01"},
        {"min_fatalities": "-1"},
        {"min_fatalities": "many"},
        {"min_fatalities": "99999999999999999999"},
        {"bbox": "1,2,3"},
        {"bbox": "a,b,c,d"},
        {"bbox": "0,80,10,95"},
        {"sort": "password"},
        {"order": "sideways"},
        {"limit": "0"},
        {"limit": "100000"},
        {"cursor": "garbage!"},
        {"review_status": "maybe"},
        {"q": "x" * 500},
    ],
)
def test_bad_query_is_a_clear_4xx(client, params):
    response = client.get("/api/events", params=params)
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["detail"]


def test_cursor_from_another_sort_is_refused(client):
    cursor = client.get("/api/events", params={"limit": 1}).json()["next_cursor"]
    response = client.get("/api/events", params={"limit": 1, "cursor": cursor, "sort": "fatalities"})
    assert response.status_code == 400 and "sort" in response.json()["detail"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    key=st.sampled_from(
        ["date_from", "country", "actor", "min_fatalities", "bbox", "q", "cursor", "sort", "limit", "admin1"]
    ),
    value=st.text(max_size=60),
)
def test_no_query_value_crashes_the_server(client, key, value):
    for path in ("/api/events", "/api/stats", "/api/points"):
        response = client.get(path, params={key: value})
        assert response.status_code < 500, (path, key, value, response.text)


# -- access ----------------------------------------------------------------------------------------------
def test_reads_need_loopback_or_the_read_token(filled, tokens):  # noqa: F811
    app = create_app(filled.url, schema=filled.schema)
    remote = TestClient(app, client=("203.0.113.9", 5555))
    assert remote.get("/api/events").status_code == 403
    assert remote.get("/api/events", headers=auth(tokens["ann"])).status_code == 200
    closed = TestClient(create_app(filled.url, read_token="s3cret", schema=filled.schema), client=LOOPBACK)
    assert closed.get("/api/events").status_code == 401
    assert closed.get("/api/events", headers=auth("wrong")).status_code == 401
    assert closed.get("/api/events", headers=auth("s3cret")).status_code == 200
    assert closed.get("/").status_code == 200  # the page itself holds no data


def test_tokens_are_stored_hashed(filled, tokens):  # noqa: F811
    with filled.store.sessions() as session:
        stored = {row.name: row.token_hash for row in session.scalars(select(m.ApiToken))}
    assert stored["ann"] == hash_token(tokens["ann"]) and tokens["ann"] not in stored.values()


# -- review and audit -------------------------------------------------------------------------------------
def test_writes_need_a_valid_token(client):
    body = {"action": "accept"}
    assert client.post("/api/events/known-001/review", json=body).status_code == 401
    forged = client.post("/api/events/known-001/review", json=body, headers=auth("sitrep_forged"))
    assert forged.status_code == 401


def test_edit_is_audited_and_revertable(client, tokens):
    before = client.get("/api/events/known-002").json()["event"]
    response = client.post(
        "/api/events/known-002/review",
        headers=auth(tokens["ann"]),
        json={
            "action": "edit",
            "changes": {"fatalities": "11", "location": "Quetta Cantonment"},
            "reason": "the hospital gave 11",
        },
    )
    assert response.status_code == 200, response.text
    after = response.json()["event"]
    assert after["fatalities"] == 11 and after["location"] == "Quetta Cantonment"
    assert after["review_status"] == "edited"
    log = {a["field"]: a for a in client.get("/api/audit", params={"event_id": "known-002"}).json()}
    assert log["fatalities"]["old"] == before["fatalities"] and log["fatalities"]["new"] == 11
    assert log["fatalities"]["who"] == "ann" and log["fatalities"]["why"] == "the hospital gave 11"
    assert log["review_status"]["new"] == "edited"

    # Another reviewer may not undo ann's edit; an admin may.
    entry = log["fatalities"]["id"]
    assert client.post(f"/api/audit/{entry}/revert", headers=auth(tokens["ben"])).status_code == 403
    undo = client.post(f"/api/audit/{entry}/revert", headers=auth(tokens["root"]), json={"reason": "wrong"})
    assert undo.status_code == 200, undo.text
    assert client.get("/api/events/known-002").json()["event"]["fatalities"] == before["fatalities"]
    assert client.post(f"/api/audit/{entry}/revert", headers=auth(tokens["root"])).status_code == 409
    entries = client.get("/api/audit", params={"event_id": "known-002"}).json()
    assert any(a["id"] == entry and a["reverted"] for a in entries)
    assert entries[0]["why"].startswith(f"revert of #{entry}") and entries[0]["who"] == "root"


def test_date_edit_round_trips(client, tokens):
    before = client.get("/api/events/known-006").json()["event"]["event_date"]
    response = client.post(
        "/api/events/known-006/review",
        headers=auth(tokens["ann"]),
        json={"action": "edit", "changes": {"event_date": "2024-09-30"}},
    )
    assert response.status_code == 200, response.text
    entry = response.json()["audit"][0]
    assert entry["new"] == "2024-09-30"
    assert client.post(f"/api/audit/{entry['id']}/revert", headers=auth(tokens["ann"])).status_code == 200
    assert client.get("/api/events/known-006").json()["event"]["event_date"] == before


def test_revert_refuses_when_a_later_change_exists(client, tokens):
    first = client.post(
        "/api/events/known-003/review",
        headers=auth(tokens["ann"]),
        json={"action": "edit", "changes": {"injuries": 4}},
    ).json()["audit"][0]["id"]
    client.post(
        "/api/events/known-003/review",
        headers=auth(tokens["ann"]),
        json={"action": "edit", "changes": {"injuries": 5}},
    )
    response = client.post(f"/api/audit/{first}/revert", headers=auth(tokens["ann"]))
    assert response.status_code == 409 and "later change" in response.json()["detail"]


def test_accept_and_reject_set_the_status(client, tokens):
    assert (
        client.post(
            "/api/events/known-004/review", headers=auth(tokens["ben"]), json={"action": "accept"}
        ).json()["event"]["review_status"]
        == "accepted"
    )
    assert (
        client.post(
            "/api/events/known-004/review", headers=auth(tokens["ben"]), json={"action": "accept"}
        ).status_code
        == 409
    )
    rejected = client.post(
        "/api/events/known-005/review",
        headers=auth(tokens["ben"]),
        json={"action": "reject", "reason": "not an event"},
    )
    assert rejected.json()["event"]["review_status"] == "rejected"
    assert "known-004" in all_ids(client, review_status="accepted")
    assert "known-004" not in all_ids(client, review_status="pending")


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"action": "edit", "changes": {"event_id": "x"}}, 422, "cannot be edited"),
        ({"action": "edit", "changes": {"fatalities": "several"}}, 422, "fatalities"),
        ({"action": "edit", "changes": {"fatalities": -3}}, 422, "between"),
        ({"action": "edit", "changes": {"latitude": 123}}, 422, "between"),
        ({"action": "edit", "changes": {"event_date": "last week"}}, 422, "event_date"),
        ({"action": "edit", "changes": {"event_type": "Skirmish"}}, 422, "not an ACLED event type"),
        ({"action": "edit", "changes": {"sub_event_type": "Peaceful protest"}}, 422, "does not belong"),
        ({"action": "edit", "changes": {}}, 422, "changes"),
        ({"action": "edit", "changes": {"admin1": "Borno"}}, 422, "nothing to change"),
        ({"action": "accept", "changes": {"fatalities": 1}}, 422, "action=edit"),
        ({"action": "approve"}, 422, "action"),
        ({"action": "accept", "extra": 1}, 422, "extra"),
    ],
)
def test_bad_reviews_are_refused_clearly(client, tokens, body, status, words):
    before = client.get("/api/events/known-007").json()["event"]
    assert before["admin1"] == "Borno"
    response = client.post("/api/events/known-007/review", headers=auth(tokens["ann"]), json=body)
    assert response.status_code == status, response.text
    assert words in json.dumps(response.json()["detail"])
    assert client.get("/api/events/known-007").json()["event"] == before


@pytest.mark.parametrize("path", ["/api/events/a%00b", "/api/articles/a%00b"])
def test_nul_in_a_path_is_a_4xx(client, path):
    assert 400 <= client.get(path).status_code < 500


def test_nul_in_an_edit_is_refused(client, tokens):
    response = client.post(
        "/api/events/known-008/review",
        headers=auth(tokens["ann"]),
        json={"action": "edit", "changes": {"location": "bad\u0000name"}},
    )
    assert response.status_code == 422 and "NUL" in response.json()["detail"]


def test_review_of_missing_event_and_bad_json(client, tokens):
    assert (
        client.post(
            "/api/events/none/review", headers=auth(tokens["ann"]), json={"action": "accept"}
        ).status_code
        == 404
    )
    response = client.post(
        "/api/events/known-001/review",
        headers={**auth(tokens["ann"]), "Content-Type": "application/json"},
        content=b"{not json",
    )
    assert response.status_code == 422
    assert client.post("/api/audit/999999/revert", headers=auth(tokens["ann"])).status_code == 404


# -- indexes: a filtered page is read off one index, never sorted in full ------------------------------
@pytest.mark.parametrize(
    ("params", "index"),
    [
        ({}, "ix_events_date_id"),
        ({"country": "Kenya"}, "ix_events_country_date"),
        ({"admin1": "Borno"}, "ix_events_admin1_date"),
        ({"review_status": "accepted"}, "ix_events_status_date"),
        # Two usable indexes: the rarer filter must drive the query.
        ({"admin1": "Borno", "sub_event_type": "Attack"}, "ix_events_admin1_date"),
        ({"event_type": "Riots", "admin2": "Labasa District"}, "ix_events_admin2_date"),
    ],
)
@pytest.mark.parametrize("filled", ["sqlite"], indirect=True)
def test_sqlite_pages_walk_an_index(filled, params, index):  # noqa: F811
    from sqlalchemy import text

    from sitrep.api.filters import EventFilter, conditions, order_by

    # Query plans are checked on SQLite only: PostgreSQL's plans depend on its table statistics.
    query = (
        select(m.Event.event_id)
        .where(*conditions(EventFilter(**params), "sqlite"))
        .order_by(*order_by(m.Event.event_date, "desc"))
        .limit(51)
    )
    sql = str(query.compile(filled.store.engine, compile_kwargs={"literal_binds": True}))
    with filled.store.engine.connect() as connection:
        plan = " ".join(row[-1] for row in connection.execute(text("EXPLAIN QUERY PLAN " + sql)))
    assert index in plan and "TEMP B-TREE" not in plan, plan


@pytest.mark.postgres
@pytest.mark.parametrize("filled", ["postgres"], indirect=True)
def test_postgres_has_trigram_indexes_for_text_search(filled):  # noqa: F811
    from sqlalchemy import text

    with filled.store.engine.connect() as connection:
        names = set(
            connection.scalars(
                text("SELECT indexname FROM pg_indexes WHERE schemaname = :s"), {"s": filled.schema}
            )
        )
    assert {"ix_events_notes_trgm", "ix_evidence_text_trgm", "ix_events_actor1_trgm"} <= names
