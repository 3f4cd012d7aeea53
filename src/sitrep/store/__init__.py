"""The durable store: SQLAlchemy models, Alembic migrations (run on open), and repository functions.

from sitrep.store import open_store
store = open_store("sqlite:///sitrep.db")          # or "postgresql://postgres@127.0.0.1/test"
store.save_article_with_records(article, records)  # one article, one transaction
"""

from sitrep.store.engine import DEFAULT_URL, make_engine, migrate, normalise_url
from sitrep.store.repository import SavedArticle, Store, open_store

__all__ = ["DEFAULT_URL", "SavedArticle", "Store", "make_engine", "migrate", "normalise_url", "open_store"]
