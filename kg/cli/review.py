"""`kg review`: record an analyst's verdict on a claim, list orphaned reviews, export and import reviews."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, Optional

import typer

from kg.cli.console import fail, out, run_guarded, settings_of


def review_command(
    ctx: typer.Context,
    claim: Annotated[Optional[str], typer.Argument(help="The claim: its id (20 hex digits) or IRI.")] = None,
    verdict: Annotated[Optional[Literal["verified", "disputed", "rejected"]], typer.Option(
        help="verified, disputed or rejected (rejected claims leave answers and exports).")] = None,
    note: Annotated[Optional[str], typer.Option(help="Why (at most 2,000 characters).")] = None,
    by: Annotated[Optional[str], typer.Option(help="Who reviews (1-80 letters, digits, spaces, . _ ' @ -).")] = None,
    orphans: Annotated[bool, typer.Option("--orphans", help="List reviews whose claims are gone.")] = False,
    export: Annotated[Optional[Path], typer.Option("--export", help="Write every review to FILE (JSON Lines).")] = None,
    import_: Annotated[Optional[Path], typer.Option("--import", help="Add the reviews of FILE (JSON Lines).")] = None,
    history: Annotated[bool, typer.Option("--history", help="Show every review of CLAIM, oldest first.")] = False,
) -> None:
    """Review a claim (kept across re-extraction in its own graph), or list, export or import reviews."""
    from kg.ingest import reviews
    from kg.store import open_store

    settings = settings_of(ctx)
    writes = claim is not None and not history or import_ is not None
    with open_store(settings, read_only=not writes, create=False) as store:  # no store yet: say so
        if orphans:
            for v in reviews.orphans(store):
                out.print(f"{v.claim}  {v.verdict} by {v.by} {v.time[:10]}{': ' + v.note if v.note else ''}\n"
                          f"    was: \u201c{v.quote or ''}\u201d ({v.article or 'article unknown'})",
                          highlight=False, markup=False, soft_wrap=True)
            return
        if export is not None:
            n = reviews.export_reviews(store, export)
            out.print(f"{n} reviews written to {export}", highlight=False, markup=False)
            return
        if import_ is not None:
            n = reviews.import_reviews(store, import_)
            out.print(f"{n} new reviews imported from {import_}", highlight=False, markup=False)
            return
        if claim is None:
            fail("name a claim to review, or give --orphans, --export FILE or --import FILE")
        if history:
            for v in reviews.read_reviews(store, reviews.claim_iri(claim)):
                out.print(f"{v.time}  {v.verdict} by {v.by}{': ' + v.note if v.note else ''}",
                          highlight=False, markup=False, soft_wrap=True)
            return
        if verdict is None or by is None:
            fail("a review needs --verdict and --by")
        v = reviews.add_review(store, claim, verdict, note, by)
    out.print(f"{v.claim}: {v.verdict} by {v.by} at {v.time}", highlight=False, markup=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("review")(run_guarded(review_command))
