"""Article text and metadata from HTML, with trafilatura; comments and page furniture are dropped."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MIN_WORDS = 10  # less is a menu, a caption or an error page, not an article


@dataclass
class HtmlArticle:
    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    site_name: str | None = None


def html_to_article(html: str, url: str | None = None) -> HtmlArticle | None:
    """None when the page holds no article text."""
    import trafilatura
    from trafilatura.settings import set_date_params

    # The publication date comes from the page's metadata (meta tags, <time>, the URL). htmldate's
    # "extensive" search also parses dates out of the body text with dateparser, which cost seconds per
    # page in bench/ingest.py, and dates in the body are the dates stage's business anyway.
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        date_extraction_params=set_date_params(extensive=False),
    )
    if doc is None:
        return None
    data = doc if isinstance(doc, dict) else doc.as_dict()
    text = (data.get("text") or "").strip()
    if len(text.split()) < MIN_WORDS:
        return None
    published = None
    if data.get("date"):
        try:
            published = dt.date.fromisoformat(str(data["date"])[:10])
        except ValueError:
            published = None
    return HtmlArticle(
        text=text,
        title=data.get("title"),
        published=published,
        url=data.get("url") or url,
        site_name=data.get("sitename"),
    )
