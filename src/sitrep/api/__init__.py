"""The HTTP API and the web app it serves: `create_app(db_url, read_token=None)`."""

from sitrep.api.app import create_app

__all__ = ["create_app"]
