"""`kg build`, `kg remove` and `kg extract`: the CLI commands that read articles and write the store."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.console import err, fail, out, run_guarded, settings_of, with_options
from kg.core.settings import Settings


def build(
    ctx: typer.Context,
    paths: Annotated[Optional[list[str]], typer.Argument(help="Article files or folders (default: corpus/).")] = None,
    processes: Annotated[Optional[int], typer.Option("--processes", "-j", help="spaCy processes (KG_N_PROCESS).")] = None,
    force: Annotated[bool, typer.Option(help="Re-extract articles even when unchanged.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    encoding: Annotated[Optional[str], typer.Option(help="Encoding of files that are not UTF-8 (KG_ENCODING).")] = None,
    prune: Annotated[bool, typer.Option(help="Also remove stored articles read from under PATH whose files are gone.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would change; write nothing.")] = False,
    dask: Annotated[Optional[str], typer.Option(
        "--dask", metavar="ADDRESS",
        help="Extract on a Dask cluster: tcp://HOST:PORT of its scheduler, or local:N (KG_DASK_SCHEDULER).")] = None,
) -> None:
    """Ingest articles (.txt, .md, .html) into the store, one named graph per article."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from kg.ingest.prune import gone, remove
    from kg.store import open_store

    settings = with_options(ctx, n_process=processes, encoding=encoding, dask_scheduler=dask)
    if settings.dask_scheduler:
        from kg.ingest.dask_build import build_on_dask as run_build
    else:
        from kg.ingest.build import build as run_build
    paths = paths or ["corpus"]
    if dry_run:
        _dry_run_build(settings, paths, force, prune)
        return
    with open_store(settings) as store:
        if quiet or not sys.stderr.isatty():
            report = run_build(paths, settings, store, force=force)
        else:
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          console=err, transient=True) as bar:
                task = bar.add_task("building", total=None)
                report = run_build(paths, settings, store, force=force,
                                   on_start=lambda total: bar.update(task, total=total),
                                   on_progress=lambda path, status: bar.advance(task))
        pruned = gone(store, paths) if prune else []
        remove(store, pruned, settings.story_similarity)
        if pruned:  # a removed article's reviewed claims are orphaned too
            from kg.ingest.reviews import reconcile

            moved, report.reviews_orphaned = reconcile(store)
            report.reviews_reattached += moved
        total_quads = store.quad_count() if pruned else report.total_quads
    for s in report.skipped:
        err.print(f"skipped {s.path}: {s.reason}", highlight=False, markup=False, soft_wrap=True)
    for w in report.warnings:
        err.print(f"warning {w.path}: {w.reason}", highlight=False, markup=False, soft_wrap=True)
    for r in pruned:
        out.print(f"removed {r.path} (file gone): {r.article}", highlight=False, markup=False, soft_wrap=True)
    report.total_quads = total_quads
    out.print(
        f"{len(report.ingested)} articles ingested, {len(report.unchanged)} unchanged, {len(report.skipped)} skipped "
        f"of {report.files} files; {report.claims} claims, {report.quads_written} triples written, "
        f"{report.total_quads} triples in the store at {_where(settings)}; "
        f"{report.seconds:.1f} s",
        highlight=False,
        soft_wrap=True,  # one line even when piped (rich wraps at 80 columns off a terminal)
    )
    if report.reviews_reattached:
        out.print(f"{report.reviews_reattached} reviews re-attached to their claims (same quote, new offsets)",
                  highlight=False, soft_wrap=True)
    if report.reviews_orphaned:
        err.print(f"{report.reviews_orphaned} reviews orphaned: their claims are gone from the store "
                  "(`kg review --orphans` lists them)", highlight=False, soft_wrap=True)
    if not report.ok and not pruned:
        fail("nothing could be ingested", code=1)


def _dry_run_build(settings: Settings, paths: list[str], force: bool, prune: bool) -> None:
    """`kg build --dry-run`: the store is opened read-only (or not at all when there is none yet)."""
    from kg.ingest.build import plan
    from kg.core.errors import NoStore
    from kg.ingest.prune import gone
    from kg.store import memory_store, open_store

    try:
        store = open_store(settings, read_only=True)
    except NoStore:  # (a server that cannot be reached is an error, not an empty store)
        store = memory_store()  # no store yet: everything would be new
    with store:
        result = plan(paths, settings, store, force=force)
        pruned = gone(store, paths) if prune else []
    for s in result.skipped:
        err.print(f"would skip {s.path}: {s.reason}", highlight=False, markup=False, soft_wrap=True)
    for w in result.warnings:
        err.print(f"warning {w.path}: {w.reason}", highlight=False, markup=False, soft_wrap=True)
    for label, items in (("would add", result.new), ("would replace", result.changed)):
        for path in items:
            out.print(f"{label} {path}", highlight=False, markup=False, soft_wrap=True)
    for r in pruned:
        out.print(f"would remove {r.path} (file gone): {r.article}", highlight=False, markup=False, soft_wrap=True)
    out.print(f"dry run: {len(result.new)} to add, {len(result.changed)} to replace, {len(result.unchanged)} unchanged, "
              f"{len(result.skipped)} to skip, {len(pruned)} to remove of {result.files} files; nothing written",
              highlight=False, soft_wrap=True)


def remove_articles(
    ctx: typer.Context,
    targets: Annotated[list[str], typer.Argument(help="Article files or folders (as given to kg build), or article IRIs.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would be removed; write nothing.")] = False,
) -> None:
    """Remove articles from the store: those read from the given files or folders, or with the given IRIs."""
    from kg.ingest.prune import remove, removals
    from kg.store import open_store

    settings = settings_of(ctx)
    with open_store(settings, read_only=dry_run, create=False) as store:  # no store yet: say so
        chosen = removals(store, targets)  # every target checked before anything is removed
        if not dry_run:
            remove(store, chosen, settings.story_similarity)
    verb = "would remove" if dry_run else "removed"
    for r in chosen:
        out.print(f"{verb} {r.path}: {r.article}", highlight=False, markup=False, soft_wrap=True)
    out.print(f"{len(chosen)} articles {'would be removed (dry run: nothing written)' if dry_run else 'removed'}",
              highlight=False, soft_wrap=True)


def extract(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="One article file.")],
    format: Annotated[str, typer.Option("--format", "-f", help="json (the gold-annotation shape) or turtle.")] = "json",
    encoding: Annotated[Optional[str], typer.Option(help="Encoding of a file that is not UTF-8 (KG_ENCODING).")] = None,
) -> None:
    """Extract one article and print the records (nothing is stored)."""
    from kg.ingest.build import extract_file, extraction_quads

    settings = with_options(ctx, encoding=encoding)
    if format not in ("json", "turtle"):
        fail(f"unknown format {format!r}: use json or turtle")
    doc, extraction = extract_file(str(file), settings)
    if format == "json":
        from extractors.contract import to_contract

        data = to_contract(extraction)
        data["id"] = file.stem
        data["text_file"] = file.name
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    else:
        from kg.store.formats import TURTLE, serialize

        triples = [q.triple for q in extraction_quads(doc, extraction, settings)]
        sys.stdout.write(serialize(triples, TURTLE).decode("utf-8"))


def register(app: typer.Typer) -> None:
    app.command("build")(run_guarded(build))
    app.command("remove")(run_guarded(remove_articles))
    app.command("extract")(run_guarded(extract))


def _where(settings) -> str:
    return {"oxigraph": str(settings.store_path), "virtuoso": settings.virtuoso_url}.get(settings.store, "memory")
