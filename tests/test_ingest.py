"""The ingest job end to end, with the real pipeline, on real SQLite and the real PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlalchemy as sa

from sitrep.ingest.runner import Ingestor
from sitrep.ingest.web import Fetcher
from sitrep.store import models as m
from sitrep.store import open_store

STORY = (
    "KANDURI, Nigeria, March 2 (Example News) - Gunmen killed five villagers and burned dozens of homes "
    "in an attack on the village of Kanduri in Borno State on Monday, police said.\n"
    "The attackers arrived on motorcycles at dawn and opened fire on residents, a police spokesman said. "
    "Survivors fled to the nearby town of Bama.\n"
    "No group has claimed responsibility for the attack."
)
OTHER = (
    "Police fired tear gas at hundreds of students protesting against fee increases outside the "
    "university in Zomba, Malawi, on Thursday, witnesses said. Several students were arrested."
)
FRENCH = (
    "Des hommes armés ont tué cinq villageois et incendié des dizaines de maisons lors d'une attaque "
    "contre le village de Kanduri lundi, a indiqué la police. Les assaillants sont arrivés à moto."
)


def _page(body: str, outlet: str, headline: str, extra: str = "") -> str:
    """The same story in a different outlet's page furniture."""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n"))
    return (
        f"<html><head><title>{headline} | {outlet}</title><meta property='og:site_name' content='{outlet}'>"
        f"</head><body><header><a href='/'>{outlet}</a><nav><a href='/world'>World</a>"
        f" <a href='/sport'>Sport</a></nav></header>"
        f"<main><article><h1>{headline}</h1>{paragraphs}{extra}</article></main>"
        f"<aside><h3>Most read</h3><ul><li>Cup final tickets sold out</li><li>Markets rally</li></ul></aside>"
        f"<footer>(c) 2026 {outlet}. All rights reserved.</footer></body></html>"
    )


def _rows(store, table) -> int:
    with store.engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(table.__table__)).scalar()


def _all_counts(store) -> dict[str, int]:
    tables = (
        m.Article,
        m.ArticleCluster,
        m.Mention,
        m.Event,
        m.Evidence,
        m.EventSource,
        m.AggregateRow,
        m.IngestLog,
    )
    return {t.__tablename__: _rows(store, t) for t in tables}


def _folder(root: Path) -> Path:
    folder = root / "news"
    folder.mkdir()
    (folder / "kanduri-wire.html").write_text(_page(STORY, "Example News", "Five killed in Kanduri"))
    (folder / "kanduri-copy.html").write_text(
        _page(
            STORY,
            "Daily Courier",
            "Gunmen kill five in Borno village",
            "<p>Reporting by our correspondent.</p>",
        )
    )
    (folder / "zomba.txt").write_text(OTHER)
    (folder / "kanduri-fr.txt").write_text(FRENCH)
    (folder / "empty.txt").write_text("")
    row = {
        "id": "ok-row",
        "text": "A roadside bomb destroyed an army truck near Gao on Sunday, killing two soldiers.",
    }
    (folder / "broken.jsonl").write_text(json.dumps(row) + "\n{oops\n")
    return folder


def test_ingest_a_folder_then_again_adds_nothing(store, pipeline, tmp_path):
    folder = _folder(tmp_path)
    counts = Ingestor(store, pipeline=pipeline).ingest([str(folder)])
    assert counts.articles == 5 and counts.rejected == 2
    assert (counts.extracted, counts.duplicates, counts.unsupported) == (3, 1, 1)
    assert counts.events >= 1
    before = _all_counts(store)
    assert before["articles"] == 5 and before["ingest_log"] == 2

    again = Ingestor(store, pipeline=pipeline).ingest([str(folder)])
    assert again.articles == 0 and again.events == 0 and again.unchanged == 5
    assert _all_counts(store) == before


def test_copies_are_clustered_extracted_once_and_recorded_as_sources(store, pipeline, tmp_path):
    folder = _folder(tmp_path)
    Ingestor(store, pipeline=pipeline).ingest([str(folder)])
    with store.sessions() as session:
        wire = session.scalar(sa.select(m.Article).where(m.Article.doc_id.endswith("kanduri-wire.html")))
        copy = session.scalar(sa.select(m.Article).where(m.Article.doc_id.endswith("kanduri-copy.html")))
        # Files are read in name order, so the copy page comes first and is the one extracted.
        assert copy.status == m.EXTRACTED and wire.status == m.DUPLICATE
        assert wire.cluster_id == copy.cluster_id and wire.n_events == 0
        assert session.scalar(sa.select(sa.func.count()).where(m.Mention.article_id == wire.id)) == 0
        linked = session.scalars(
            sa.select(m.EventSource.event_id).where(m.EventSource.article_id == wire.id)
        ).all()
        own = session.scalars(sa.select(m.Mention.event_id).where(m.Mention.article_id == copy.id)).all()
        assert linked and set(linked) <= set(own)
        french = session.scalar(sa.select(m.Article).where(m.Article.doc_id.endswith("kanduri-fr.txt")))
        assert (french.status, french.language, french.n_events) == (m.UNSUPPORTED_LANGUAGE, "fr", 0)
        assert french.text == FRENCH
        reasons = dict(session.execute(sa.select(m.IngestLog.source, m.IngestLog.reason)).all())
    assert any(s.endswith("empty.txt") and r == "empty file" for s, r in reasons.items())
    assert any(s.endswith("broken.jsonl:2") and r.startswith("line is not JSON") for s, r in reasons.items())


def test_every_stored_evidence_span_points_into_its_article(store, pipeline, tmp_path):
    Ingestor(store, pipeline=pipeline).ingest([str(_folder(tmp_path))])
    with store.sessions() as session:
        rows = session.execute(sa.select(m.Evidence, m.Article.text).join(m.Article)).all()
    assert rows
    for evidence, text in rows:
        assert text[evidence.start : evidence.end] == evidence.text


class _News(BaseHTTPRequestHandler):
    requests: list[tuple[str, str | None]] = []

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        _News.requests.append((self.path, self.headers.get("If-None-Match")))
        base = f"http://{self.headers['Host']}"
        if self.path == "/feed.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            links = "".join(f"<item><title>t{i}</title><link>{base}/a/{i}</link></item>" for i in range(3))
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>{links}</channel></rss>'
            ctype, extra = "application/rss+xml", {"ETag": '"v1"'}
        elif self.path == "/a/0":
            body, ctype, extra = _page(STORY, "Example News", "Five killed"), "text/html", {}
        elif self.path == "/a/1":
            body, ctype, extra = _page(OTHER, "Example News", "Students protest"), "text/html", {}
        else:
            self.send_response(404)
            self.end_headers()
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        for name, value in extra.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def news_server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _News)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_feed_is_ingested_then_polled_with_a_conditional_get(store, pipeline, news_server):
    feed = f"{news_server}/feed.xml"
    first = Ingestor(store, pipeline=pipeline, fetcher=Fetcher(allow_private=True)).ingest([feed])
    assert first.articles == 2 and first.rejected == 1  # /a/2 is a 404
    assert store.feed_state(feed).etag == '"v1"'
    before = _all_counts(store)
    _News.requests.clear()
    second = Ingestor(store, pipeline=pipeline, fetcher=Fetcher(allow_private=True)).ingest([feed])
    assert second.feeds_not_modified == 1 and second.articles == 0
    assert ("/feed.xml", '"v1"') in _News.requests and not any(p.startswith("/a/") for p, _ in _News.requests)
    assert _all_counts(store) == before


def test_urls_on_loopback_are_refused_and_logged_without_allow_private(store, news_server):
    counts = Ingestor(store).ingest([f"{news_server}/a/0"])
    assert counts.rejected == 1 and counts.articles == 0
    with store.sessions() as session:
        [reason] = session.scalars(sa.select(m.IngestLog.reason)).all()
    assert "non-public address 127.0.0.1" in reason


@pytest.mark.slow
def test_sigkill_mid_run_then_rerun_leaves_no_partial_rows_and_finishes(store_url, tmp_path):
    url, schema = store_url
    if schema:  # the CLI takes a plain URL: point PostgreSQL's search_path at the test schema
        url = f"{url}?options=-csearch_path%3D{schema}"
        open_store(url.split("?")[0], schema=schema).close()
    rows = tmp_path / "many.jsonl"
    with rows.open("w") as handle:
        for i in range(160):
            handle.write(json.dumps({"id": f"doc-{i}", "text": _varied_story(i)}) + "\n")
    command = [sys.executable, "-m", "sitrep", "ingest", str(rows), "--db", url, "--quiet"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, env=env)
    store = open_store(url)
    try:
        deadline = time.monotonic() + 300
        while _rows(store, m.Article) < 20 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert process.poll() is None, "the run ended before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait()
        partial = _rows(store, m.Article)
        assert 0 < partial < 160
        _assert_consistent(store)
        subprocess.run(command, env=env, check=True)
        assert _rows(store, m.Article) == 160
        _assert_consistent(store)
        finished = _all_counts(store)
        subprocess.run(command, env=env, check=True)
        assert _all_counts(store) == finished
    finally:
        store.close()
        if process.poll() is None:
            process.kill()


SENTENCES = (
    "Gunmen killed {n} villagers in an attack on {place} on Monday, police said.",
    "Soldiers clashed with rebels near {place} on Tuesday, leaving {n} fighters dead.",
    "A roadside bomb struck a bus outside {place}, killing {n} passengers.",
    "Police arrested {n} opposition activists in {place} after a rally on Friday.",
    "Hundreds of traders marched through {place} to protest against new taxes.",
    "An air strike hit a market in {place}, medics said, and {n} people died.",
    "Residents of {place} said the attackers set fire to {n} houses before fleeing.",
    "The governor of the region visited {place} and promised more troops.",
    "Militants abducted {n} farmers working in fields near {place} at dawn.",
    "A grenade thrown into a bar in {place} wounded {n} customers late on Saturday.",
)


def _varied_story(i: int) -> str:
    import random

    pick = random.Random(i)
    places = ["Kanduri", "Bama", "Dara", "Tamba", "Kelo", "Zomba", "Sabha", "Nema", "Orsk", "Pesh"]
    chosen = pick.sample(SENTENCES, 3)
    return (
        " ".join(s.format(n=pick.randint(2, 40), place=pick.choice(places)) for s in chosen)
        + f" (report {i})"
    )


def _assert_consistent(store) -> None:
    """Every article's recorded event count matches its stored mentions; no mention lacks an article."""
    with store.engine.connect() as connection:
        mismatched = connection.execute(
            sa.text(
                "SELECT count(*) FROM articles a WHERE a.n_events != "
                "(SELECT count(*) FROM mentions x WHERE x.article_id = a.id)"
            )
        ).scalar()
        orphans = connection.execute(
            sa.text(
                "SELECT count(*) FROM mentions x LEFT JOIN articles a ON a.id = x.article_id "
                "WHERE a.id IS NULL"
            )
        ).scalar()
    assert (mismatched, orphans) == (0, 0)


def test_watch_polls_again_and_only_asks_for_changes(news_server, tmp_path):
    from typer.testing import CliRunner

    from sitrep.cli import app

    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# local test feed\n{news_server}/feed.xml\n")
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    _News.requests.clear()
    args = ["watch", str(feeds), "--every", "1s", "--rounds", "2", "--db", db, "--allow-private"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    feed_requests = [etag for path, etag in _News.requests if path == "/feed.xml"]
    assert feed_requests == [None, '"v1"']
    assert [p for p, _ in _News.requests].count("/a/0") == 1
    store = open_store(db)
    assert _rows(store, m.Article) == 2
    store.close()


def test_watch_interval_parsing():
    import typer

    from sitrep.cli.ingest import parse_every

    assert parse_every("15m") == 900 and parse_every("90s") == 90 and parse_every("1h") == 3600
    assert parse_every("2") == 120
    for bad in ("", "fast", "-5m", "0s"):
        with pytest.raises(typer.BadParameter):
            parse_every(bad)


def test_a_malformed_feed_file_is_logged_and_the_next_source_still_ingested(store, pipeline, tmp_path):
    broken = tmp_path / "saved.rss"
    broken.write_text('<?xml version="1.0"?><rss version="2.0"><channel><item><title>cut off</ti')
    story = tmp_path / "story.txt"
    story.write_text(OTHER)
    counts = Ingestor(store, pipeline=pipeline).ingest([str(broken), str(story)])
    assert (counts.rejected, counts.articles) == (1, 1)
    with store.sessions() as session:
        [(source, reason)] = session.execute(sa.select(m.IngestLog.source, m.IngestLog.reason)).all()
    assert source == str(broken) and reason.startswith("malformed feed XML")
