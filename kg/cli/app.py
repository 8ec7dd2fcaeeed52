"""The `kg` command line: one Typer app that builds Settings and registers each command group's module."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli import ask, evaluation, ingest, inspect, network, review, serve
from kg.cli.console import fail
from kg.core.settings import Settings

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  help="Knowledge graph of AI-geopolitics claims: build it from articles, question it, export it.")


@app.callback()
def main_options(
    ctx: typer.Context,
    store_path: Annotated[Optional[Path], typer.Option(help="Store directory (KG_STORE_PATH).")] = None,
    store: Annotated[Optional[str], typer.Option(help="Store back-end: oxigraph or memory (KG_STORE).")] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy model package (KG_MODEL).")] = None,
) -> None:
    try:
        ctx.obj = Settings().with_overrides(store_path=store_path, store=store, model=model)
    except Exception as exc:  # pydantic ValidationError: a bad KG_* value
        fail(f"invalid settings: {exc}")


for _group in (ingest, inspect, ask, serve, network, evaluation, review):
    _group.register(app)


def main() -> None:
    app()


__all__ = ["app", "main"]
