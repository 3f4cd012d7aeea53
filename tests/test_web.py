"""The web app in Debian's Chromium, over a real server and a store filled by the real pipeline."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from sitrep.api import create_app
from sitrep.api.auth import create_token
from sitrep.store import open_store
from test_api_support import fill

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "screenshot.png"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """uvicorn in a thread: the browser talks to the same app `sitrep serve` runs."""

    def __init__(self, app) -> None:
        import uvicorn

        self.port = free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        self.thread.start()
        for _ in range(200):
            if self.server.started:
                return self
            time.sleep(0.05)
        raise RuntimeError("the test server did not start")

    def __exit__(self, *_exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def site(tmp_path_factory, pipeline) -> Iterator[tuple[str, str]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'sitrep.db'}"
    store = open_store(url)
    fill(store, pipeline)
    with store.session() as session:
        token = create_token(session, "carol", "reviewer")
    store.close()
    with Server(create_app(url)) as server:
        yield server.url, token


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1500, "height": 950})
    # The app must work offline: any request that leaves the machine fails the test.
    outside: list[str] = []
    context.route(
        lambda u: not u.startswith(("http://127.0.0.1", "data:")),
        lambda r: (outside.append(r.request.url), r.abort()),
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not errors, errors
    assert not outside, outside


def ready(page) -> None:
    page.wait_for_function("document.body.dataset.ready === '1' && !document.body.dataset.loading")


def basemap(page) -> int:
    """The number of country shapes drawn from the vendored world-atlas file."""
    page.wait_for_function("Number(document.body.dataset.basemap) > 0")
    return int(page.evaluate("document.body.dataset.basemap"))


def test_map_timeline_and_table_load(site, page):
    base, _ = site
    page.goto(base + "/")
    ready(page)
    api = httpx.get(base + "/api/points", params={"limit": 100000}).json()
    assert page.evaluate("document.body.dataset.points") == str(len(api["points"]))
    assert basemap(page) > 200  # every country of world-atlas, offline
    assert page.locator(".leaflet-overlay-pane canvas, .leaflet-overlay-pane svg").count() >= 1
    markers = page.locator(".leaflet-marker-pane .cluster-icon").all_inner_texts()
    # Clusters plus single markers (drawn on the canvas) account for every point.
    assert sum(int(n) for n in markers) <= len(api["points"]) and markers
    total = httpx.get(base + "/api/events").json()["total"]
    assert page.locator("#events tbody tr[data-id]").count() == min(50, total)
    assert page.locator("#timeline rect.bar").count() > 0
    assert page.locator("#summary").inner_text() == f"{total} events"


def test_filter_open_event_evidence_and_review(site, page):
    base, token = site
    page.goto(base + "/")
    ready(page)

    # Filter on a type the pipeline read from the test articles.
    listed = httpx.get(base + "/api/events", params={"limit": 1000}).json()["items"]
    detail_ids = [e["event_id"] for e in listed if not e["event_id"].startswith("known-")]
    assert detail_ids, "the pipeline found no event in the test articles"
    target = httpx.get(f"{base}/api/events/{detail_ids[0]}").json()
    kind = target["event"]["event_type"]
    page.select_option("select[name=event_type]", kind)
    page.click("#filters button[type=submit]")
    ready(page)
    assert parse_qs(urlparse(page.url).query)["event_type"] == [kind]
    types = page.locator("#events tbody tr[data-id] td:nth-child(2)").all_inner_texts()
    assert types and all(t.strip().endswith(kind) for t in types)

    # Open the event: the article text is shown with every evidence span highlighted.
    page.click(f"#events tbody tr[data-id='{detail_ids[0]}']")
    page.wait_for_selector("#article-text mark.evidence")
    article_id = target["evidence"][0]["article_id"]
    article = httpx.get(f"{base}/api/articles/{article_id}").json()
    assert page.locator("#article-text").inner_text() == article["text"]
    marked = "".join(page.locator("#article-text mark.evidence").all_inner_texts())
    for span in target["evidence"]:
        if span["article_id"] == article_id:
            assert span["text"] in marked or all(part in marked for part in span["text"].split())
    # Clicking a field with evidence lights up exactly its spans.
    field = target["evidence"][0]["field"]
    page.click(f".fields tr[data-field='{field}'] a.show-evidence") if page.locator(
        f".fields tr[data-field='{field}'] a.show-evidence"
    ).count() else page.click(".fields tr.has-evidence a.show-evidence")
    active = page.locator("#article-text mark.evidence.active").all_inner_texts()
    assert active and all(a in article["text"] for a in active)
    assert page.locator(".sources a[href]").first.get_attribute("href") == article["url"]
    assert parse_qs(urlparse(page.url).query)["event"] == [detail_ids[0]]

    # A review needs the token; the change shows in the audit log with who and why.
    page.fill("#token", token)
    page.dispatch_event("#token", "change")
    page.wait_for_selector("#article-text mark.evidence")
    page.select_option("#edit-field", "fatalities")
    page.fill("#edit-value", "31")
    page.fill("#edit-reason", "hospital figures")
    page.click(".review button[data-action=edit]")
    page.wait_for_selector("#audit tbody tr[data-audit] >> text=hospital figures")
    row = page.locator("#audit tbody tr[data-audit]").filter(has_text="fatalities").first.inner_text()
    assert "carol" in row and "31" in row
    assert page.locator("#event-status").inner_text() == "edited"
    stored = httpx.get(f"{base}/api/events/{detail_ids[0]}").json()
    assert stored["event"]["fatalities"] == 31 and stored["audit"][0]["who"] == "carol"

    # Revert from the page puts the old value back.
    page.locator("#audit tbody tr[data-audit]").filter(has_text="fatalities").locator("button.revert").click()
    page.wait_for_selector("#audit tbody tr.reverted")
    assert (
        httpx.get(f"{base}/api/events/{detail_ids[0]}").json()["event"]["fatalities"]
        == target["event"]["fatalities"]
    )

    # The URL alone brings the same view back.
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)
    ready(page)
    page.wait_for_selector("#article-text mark.evidence")
    assert page.input_value("select[name=event_type]") == kind
    assert page.locator("#event-page").is_visible()


def test_timeline_brush_filters_by_date(site, page):
    base, _ = site
    page.goto(base + "/?country=Pakistan")
    ready(page)
    box = page.locator("#timeline").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 3, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.4, y, steps=5)
    page.mouse.up()
    ready(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["country"] == ["Pakistan"] and "date_from" in query and "date_to" in query
    listed = httpx.get(base + "/api/events", params={k: v[0] for k, v in query.items()}).json()["total"]
    assert page.locator("#summary").inner_text() == f"{listed} events"
    assert page.locator("#timeline rect.brush").count() >= 1
    page.click("#clear-brush")
    ready(page)
    assert "date_from" not in parse_qs(urlparse(page.url).query)


def test_sorting_the_table(site, page):
    base, _ = site
    page.goto(base + "/")
    ready(page)
    page.click("#events th[data-sort=fatalities]")
    page.wait_for_selector("#events th.sorted-desc[data-sort=fatalities]")
    page.wait_for_function("document.querySelector('#events tbody tr[data-id]') !== null")
    values = [int(v) for v in page.locator("#events tbody td.num").all_inner_texts() if v.strip()]
    assert values == sorted(values, reverse=True)
    assert parse_qs(urlparse(page.url).query)["sort"] == ["fatalities"]


def test_screenshot_for_the_readme(site, page):
    base, _ = site
    page.goto(base + "/")
    ready(page)
    rows = page.locator("#events tbody tr[data-id]").filter(has_not_text="Marker Brigade")
    # The richest event for the picture: a bombing has evidence for type, toll, actors and claim.
    bombing = rows.filter(has_text="Suicide bomb")
    (bombing if bombing.count() else rows).first.click()
    page.wait_for_selector("#article-text mark.evidence")
    page.locator(".fields tr.has-evidence a.show-evidence").first.click()
    page.locator("#article-text").scroll_into_view_if_needed()
    basemap(page)
    shot = page.screenshot()
    assert len(shot) > 10_000
    SCREENSHOT.parent.mkdir(exist_ok=True)
    if shutil.disk_usage(SCREENSHOT.parent).free > 50_000_000:
        SCREENSHOT.write_bytes(shot)
