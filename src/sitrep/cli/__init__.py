"""The `sitrep` command line. Each sub-module registers the commands of one stage."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="sitrep",
    help="Read news, write conflict-event data (ACLED codebook): geocoded, deduplicated, auditable.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _root() -> None:
    """Read news, write conflict-event data (ACLED codebook): geocoded, deduplicated, auditable."""


# One module per stage; each defines register(app).
_COMMAND_MODULES = (
    "extract",
    "evaluate",
    "ingest",
    "merge",
    "serve",
    "gazetteer",
    "train",
    "spark",
    "demo",
)

for _name in _COMMAND_MODULES:
    try:
        _module = importlib.import_module(f"sitrep.cli.{_name}")
    except ModuleNotFoundError as _err:
        if _err.name != f"sitrep.cli.{_name}":
            raise
        continue
    _module.register(app)


def main() -> None:
    app()
