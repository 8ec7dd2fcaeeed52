"""The `kg ask` and `kg serve` commands (registered on the `kg` app by kg.cli)."""
from __future__ import annotations

import json
import sys
from typing import Annotated, Optional

import typer

from .cli import err, out, run_guarded, settings_of
from .errors import UnknownQuestion


def ask_command(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help='A question, e.g. "who depends on whom for chips".')],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    limit: Annotated[Optional[int], typer.Option(
        min=1, help="Most edges, figures, sources, articles or chains shown (default 20).")] = None,
    citations: Annotated[Optional[int], typer.Option(
        min=0, help="Most citations per edge or hop, its earliest (default 3).")] = None,
) -> None:
    """Answer a plain question from the graph, with numbered citations (run with a bad question to see the forms)."""
    from .answers import Answers
    from .ask import ask
    from .store import open_store

    with open_store(settings_of(ctx), read_only=True) as store:
        try:
            paging = {k: v for k, v in (("limit", limit), ("citations", citations)) if v is not None}
            answer = ask(Answers(store), question, **paging)
        except UnknownQuestion as exc:
            err.print(f"[bold red]error:[/] {exc}", highlight=False)
            err.print("Questions I understand:", highlight=False)
            for form in exc.forms:
                err.print(f"  {form}", highlight=False, markup=False)
            raise typer.Exit(2)
    if as_json:
        sys.stdout.write(json.dumps(answer.to_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        out.print(answer.to_text(), highlight=False, markup=False, soft_wrap=True)


def serve_command(
    ctx: typer.Context,
    host: Annotated[Optional[str], typer.Option(help="Address to listen on (KG_HOST).")] = None,
    port: Annotated[Optional[int], typer.Option(min=1, max=65535, help="Port to listen on (KG_PORT).")] = None,
) -> None:
    """Serve the SPARQL endpoint and the JSON API (a snapshot of the store: restart after `kg build`)."""
    import uvicorn

    from api.app import create_app

    settings = settings_of(ctx).with_overrides(host=host, port=port)
    app = create_app(settings)
    how = ("copied into memory at start" if settings.serve_snapshot == "memory" and settings.store == "oxigraph"
           else "read in place")
    err.print(f"serving {settings.store_path} ({how}; KG_SERVE_SNAPSHOT) on http://{settings.host}:{settings.port} "
              f"(SPARQL at /sparql, API docs at /docs)", highlight=False)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info", http="api.protocol:ProblemH11Protocol")


def register(app: typer.Typer) -> None:
    app.command("ask")(run_guarded(ask_command))
    app.command("serve")(run_guarded(serve_command))

