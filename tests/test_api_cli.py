"""`sitrep token` and `sitrep serve`: tokens shown once and stored hashed; no open reads off loopback."""

from __future__ import annotations

from sqlalchemy import select
from typer.testing import CliRunner

from sitrep.api.auth import hash_token
from sitrep.cli import app
from sitrep.store import models as m
from sitrep.store import open_store

runner = CliRunner()


def test_token_create_prints_once_and_stores_the_hash(tmp_path):
    db = f"sqlite:///{tmp_path / 'sitrep.db'}"
    result = runner.invoke(app, ["token", "create", "dana", "--role", "admin", "--db", db])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[-1]
    assert token.startswith("sitrep_") and len(token) > 40
    store = open_store(db)
    with store.sessions() as session:
        row = session.scalar(select(m.ApiToken).where(m.ApiToken.name == "dana"))
    store.close()
    assert row.role == "admin" and row.token_hash == hash_token(token) and token not in row.token_hash

    again = runner.invoke(app, ["token", "create", "dana", "--db", db])
    assert again.exit_code == 2 and "exists" in again.output
    bad_role = runner.invoke(app, ["token", "create", "eve", "--role", "owner", "--db", db])
    assert bad_role.exit_code == 2 and "reviewer, admin" in bad_role.output


def test_token_revoke(tmp_path):
    db = f"sqlite:///{tmp_path / 'sitrep.db'}"
    token = runner.invoke(app, ["token", "create", "fay", "--db", db]).stdout.strip().splitlines()[-1]
    assert runner.invoke(app, ["token", "revoke", "fay", "--db", db]).exit_code == 0
    assert runner.invoke(app, ["token", "revoke", "fay", "--db", db]).exit_code == 1

    from fastapi.testclient import TestClient

    from sitrep.api import create_app

    client = TestClient(create_app(db), client=("127.0.0.1", 1))
    response = client.post(
        "/api/events/x/review", json={"action": "accept"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401 and "revoked" in response.json()["detail"]


def test_serve_refuses_open_reads_off_loopback(tmp_path):
    result = runner.invoke(app, ["serve", "--host", "0.0.0.0", "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 2 and "--read-token" in result.output


def test_serve_reports_an_unusable_database(tmp_path):
    result = runner.invoke(app, ["serve", "--db", "nosuchdriver://x"])
    assert result.exit_code == 2 and "Cannot open the database" in result.output
