"""`kg serve`: the SPARQL endpoint and the JSON API over the store, started by the app's import string."""
from __future__ import annotations

import os
from typing import Annotated, Optional

import typer

from kg.cli.console import err, run_guarded, settings_of

APP_FACTORY = "api.app:create_app"  # api sits above kg: named, never imported


def serve_command(
    ctx: typer.Context,
    host: Annotated[Optional[str], typer.Option(help="Address to listen on (KG_HOST).")] = None,
    port: Annotated[Optional[int], typer.Option(min=1, max=65535, help="Port to listen on (KG_PORT).")] = None,
) -> None:
    """Serve the SPARQL endpoint and the JSON API (a snapshot of the store: restart after `kg build`)."""
    import uvicorn

    settings = settings_of(ctx).with_overrides(host=host, port=port)
    # the app is named by import string and built by its factory from the environment, so nothing in
    # kg imports api (the layers point one way); the options given here reach it through KG_* variables
    os.environ.update(settings.as_environment())
    how = ("copied into memory at start" if settings.serve_snapshot == "memory" and settings.store == "oxigraph"
           else "read in place")
    where = settings.virtuoso_url if settings.store == "virtuoso" else settings.store_path
    err.print(f"serving {where} ({how}; KG_SERVE_SNAPSHOT) on http://{settings.host}:{settings.port} "
              f"(SPARQL at /sparql, API docs at /docs)", highlight=False)
    uvicorn.run(APP_FACTORY, factory=True, host=settings.host, port=settings.port, log_level="info", http="api.protocol:ProblemH11Protocol")


def register(app: typer.Typer) -> None:
    app.command("serve")(run_guarded(serve_command))
