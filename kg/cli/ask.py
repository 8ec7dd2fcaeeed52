"""`kg ask`: a plain question answered from the store with numbered citations."""
from __future__ import annotations

import json
import sys
from typing import Annotated, Optional

import typer

from kg.cli.console import fail, out, run_guarded, settings_of
from kg.core.errors import UnknownQuestion


def ask_command(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help='A question, e.g. "who depends on whom for chips".')],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    limit: Annotated[Optional[int], typer.Option(
        min=1, help="Most edges, figures, sources, articles or chains shown (default 20).")] = None,
    citations: Annotated[Optional[int], typer.Option(
        min=0, help="Most citations per edge or hop, its earliest (default 3).")] = None,
    include_rejected: Annotated[bool, typer.Option(
        "--include-rejected", help="Keep the claims an analyst rejected (marked REJECTED).")] = False,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", help="Judge plans as of this day (YYYY-MM-DD; default today).")] = None,
    roll_up: Annotated[bool, typer.Option(
        "--roll-up", help="Roll actors up to their state or bloc (the Biden administration and BIS under the "
                          "United States), listing the actors each edge stands for.")] = False,
) -> None:
    """Answer a plain question from the graph, with numbered citations (run with a bad question to see the forms)."""
    from kg.read.answers import Answers
    from kg.read.ask import ask
    from kg.store import open_store

    with open_store(settings_of(ctx), read_only=True) as store:
        try:
            paging = {k: v for k, v in (("limit", limit), ("citations", citations)) if v is not None}
            answer = ask(Answers(store, include_rejected=include_rejected), question, as_of=as_of, roll_up=roll_up,
                         **paging)
        except UnknownQuestion as exc:
            fail(str(exc), details=["Questions I understand:", *(f"  {form}" for form in exc.forms)])
    if as_json:
        sys.stdout.write(json.dumps(answer.to_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        out.print(answer.to_text(), highlight=False, markup=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("ask")(run_guarded(ask_command))
