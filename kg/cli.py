"""The `kg` command line: a thin layer that builds Settings and calls kg's public functions."""
from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .errors import InputError, KGError
from .settings import Settings, settings_table

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  help="Knowledge graph of AI-geopolitics claims: build it from articles, question it, export it.")
out = Console()
err = Console(stderr=True)


def settings_of(ctx: typer.Context) -> Settings:
    return ctx.obj


def fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(code)


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


def _with(ctx: typer.Context, **overrides: object) -> Settings:
    try:
        return settings_of(ctx).with_overrides(**overrides)
    except Exception as exc:  # pydantic ValidationError: e.g. an unknown --encoding
        errors = getattr(exc, "errors", lambda: [])()
        fail("invalid option: " + ("; ".join(f"--{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)
                                   or str(exc)))
        raise  # unreachable: fail exits


def run_guarded(fn):
    """Turn domain errors into one clear line on stderr and exit code 2."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except KGError as exc:
            fail(str(exc))

    return wrapper


@app.command()
@run_guarded
def build(
    ctx: typer.Context,
    paths: Annotated[Optional[list[str]], typer.Argument(help="Article files or folders (default: corpus/).")] = None,
    processes: Annotated[Optional[int], typer.Option("--processes", "-j", help="spaCy processes (KG_N_PROCESS).")] = None,
    force: Annotated[bool, typer.Option(help="Re-extract articles even when unchanged.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    encoding: Annotated[Optional[str], typer.Option(help="Encoding of files that are not UTF-8 (KG_ENCODING).")] = None,
    prune: Annotated[bool, typer.Option(help="Also remove stored articles read from under PATH whose files are gone.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would change; write nothing.")] = False,
) -> None:
    """Ingest articles (.txt, .md, .html) into the store, one named graph per article."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .build import build as run_build
    from .prune import gone, remove
    from .store import open_store

    settings = _with(ctx, n_process=processes, encoding=encoding)
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
        remove(store, pruned)
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
        f"{report.total_quads} triples in the store at {settings.store_path if settings.store == 'oxigraph' else 'memory'}; "
        f"{report.seconds:.1f} s",
        highlight=False,
        soft_wrap=True,  # one line even when piped (rich wraps at 80 columns off a terminal)
    )
    if not report.ok and not pruned:
        fail("nothing could be ingested", code=1)


def _dry_run_build(settings: Settings, paths: list[str], force: bool, prune: bool) -> None:
    """`kg build --dry-run`: the store is opened read-only (or not at all when there is none yet)."""
    from .build import plan
    from .errors import StoreError
    from .prune import gone
    from .store import OxigraphStore, open_store

    try:
        store = open_store(settings, read_only=True)
    except StoreError:
        if settings.store == "oxigraph" and (Path(settings.store_path) / "CURRENT").exists():
            raise
        store = OxigraphStore(None)  # no store yet: everything would be new
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


@app.command("remove")
@run_guarded
def remove_articles(
    ctx: typer.Context,
    targets: Annotated[list[str], typer.Argument(help="Article files or folders (as given to kg build), or article IRIs.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would be removed; write nothing.")] = False,
) -> None:
    """Remove articles from the store: those read from the given files or folders, or with the given IRIs."""
    from .prune import remove, removals
    from .store import open_store

    settings = settings_of(ctx)
    if settings.store == "oxigraph":
        open_store(settings, read_only=True).close()  # no store yet: say so rather than create an empty one
    with open_store(settings, read_only=dry_run) as store:
        chosen = removals(store, targets)  # every target checked before anything is removed
        if not dry_run:
            remove(store, chosen)
    verb = "would remove" if dry_run else "removed"
    for r in chosen:
        out.print(f"{verb} {r.path}: {r.article}", highlight=False, markup=False, soft_wrap=True)
    out.print(f"{len(chosen)} articles {'would be removed (dry run: nothing written)' if dry_run else 'removed'}",
              highlight=False, soft_wrap=True)


@app.command()
@run_guarded
def extract(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="One article file.")],
    format: Annotated[str, typer.Option("--format", "-f", help="json (the gold-annotation shape) or turtle.")] = "json",
    encoding: Annotated[Optional[str], typer.Option(help="Encoding of a file that is not UTF-8 (KG_ENCODING).")] = None,
) -> None:
    """Extract one article and print the records (nothing is stored)."""
    from .build import extract_file, extraction_quads

    settings = _with(ctx, encoding=encoding)
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
        from pyoxigraph import RdfFormat, serialize

        from .namespaces import PREFIXES

        triples = [q.triple for q in extraction_quads(doc, extraction, settings)]
        sys.stdout.write(serialize(triples, format=RdfFormat.TURTLE, prefixes=PREFIXES).decode("utf-8"))


@app.command()
@run_guarded
def query(
    ctx: typer.Context,
    sparql: Annotated[Optional[str], typer.Argument(help="SPARQL text (or use --file).")] = None,
    file: Annotated[Optional[Path], typer.Option("--file", "-f", help="Read the query from this file.")] = None,
    output: Annotated[str, typer.Option("--output", "-o", help="table, json or csv.")] = "table",
) -> None:
    """Run a SPARQL query over the union of all graphs, or its FROM graphs (prefixes aig:, actor:, res:... predeclared)."""
    from pyoxigraph import NamedNode, QuerySolutions, QueryTriples

    from .queries import py_value
    from .query_check import check_query
    from .store import open_store

    if output not in ("table", "json", "csv"):
        fail(f"unknown output {output!r}: use table, json or csv")
    if file is not None:
        try:
            sparql = file.read_text(encoding="utf-8")
        except OSError as exc:
            fail(f"cannot read {file}: {exc.strerror}")
    if not sparql:
        fail("give a SPARQL query as an argument or with --file")
    shape = check_query(sparql)  # what would crash the engine is refused before it runs
    with open_store(settings_of(ctx), read_only=True) as store:
        result = store.query(sparql, union=not shape.has_dataset)
        if isinstance(result, QuerySolutions):
            names = [v.value for v in result.variables]
            terms = [[sol[n] for n in names] for sol in result]
        elif isinstance(result, QueryTriples):
            names = ["subject", "predicate", "object"]
            terms = [[t.subject, t.predicate, t.object] for t in result]
        else:
            names, terms = ["result"], []
        rows = [[py_value(v) for v in r] for r in terms] if terms or names != ["result"] else [[bool(result)]]
        iris = {v.value for r in terms for v in r if isinstance(v, NamedNode)}
        labels = _iri_labels(store, iris) if output == "table" and iris else {}
    if output == "json":
        sys.stdout.write(json.dumps([dict(zip(names, r)) for r in rows], ensure_ascii=False, indent=1) + "\n")
    elif output == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(names)
        w.writerows(["" if v is None else v for v in r] for r in rows)
        sys.stdout.write(buf.getvalue())
    else:
        _print_table(names, rows, iris, labels)


def _iri_labels(store, iris: set[str]) -> dict[str, str]:
    """Labels of the actors and resources among `iris` (from the store's catalog of names)."""
    from .resolve import Catalog

    catalog = Catalog.from_store(store)
    found = {iri: catalog.actors[iri].label for iri in iris if iri in catalog.actors}
    found.update({iri: catalog.resources[iri].label for iri in iris if iri in catalog.resources})
    return found


def _print_table(names: list[str], rows: list[list[object]], iris: set[str], labels: dict[str, str]) -> None:
    """IRIs as prefixed names with their labels (`actor:russia (Russia)`); a column of IRIs is never cut
    or wrapped, whatever the width: the long free text (quotes) wraps instead."""
    from .namespaces import compact

    def shown(v: object) -> str:
        if v is None:
            return ""
        if isinstance(v, str) and v in iris:
            name, label = compact(v), labels.get(v)
            return f"{name} ({label})" if label and label != name.split(":", 1)[-1] else name
        return str(v)

    cells = [[shown(v) for v in r] for r in rows]
    table = Table(show_lines=False)
    for i, name in enumerate(names):
        column = [r[i] for r in rows]
        names_things = any(isinstance(v, str) and v in iris for v in column)
        widest = max((len(c[i]) for c in cells), default=0)
        if names_things:  # who or what: kept whole on one line
            table.add_column(name, no_wrap=True, min_width=max(widest, len(name)))
        else:
            table.add_column(name, overflow="fold")
    for c in cells:
        table.add_row(*c)
    # rich cuts a no-wrap column with an ellipsis when the table is wider than the console (80
    # columns when piped): print wider than the console rather than cut a name
    needed = sum(col.min_width + 3 for col in table.columns if col.min_width) + 12 * len(names)
    (out if needed <= out.width else Console(width=needed, file=out.file)).print(table)
    out.print(f"{len(rows)} rows", highlight=False)


@app.command()
@run_guarded
def stats(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False) -> None:
    """Counts of articles, actors, claims by kind, and triples in the store."""
    from .stats import store_stats
    from .store import open_store

    with open_store(settings_of(ctx), read_only=True) as store:
        s = store_stats(store)
    if as_json:
        sys.stdout.write(json.dumps(s, indent=1) + "\n")
        return
    table = Table("what", "count")
    for k, v in s.items():
        table.add_row(k, str(v))
    out.print(table)


@app.command()
@run_guarded
def validate(ctx: typer.Context) -> None:
    """Check the store against the SHACL shapes (ontology/shapes.ttl); exit 1 on violations."""
    from .store import open_store
    from .validate import validate_store

    with open_store(settings_of(ctx), read_only=True) as store:
        result = validate_store(store)
    if result.conforms:
        out.print("the store conforms to the shapes: no violations", highlight=False)
        return
    out.print(result.report, highlight=False, markup=False, soft_wrap=True)
    fail(f"{result.violations} SHACL violations on {len(result.focus_nodes)} nodes", code=1)


@app.command("settings")
def show_settings(ctx: typer.Context) -> None:
    """Every setting with its environment variable, current value and meaning."""
    current = settings_of(ctx)
    table = Table("setting", "environment", "value", "meaning")
    for name, env, _default, desc in settings_table():
        table.add_row(name, env, str(getattr(current, name)), desc)
    out.print(table)


# Commands that live with their own feature modules (imported here, after `app` exists, because
# they import run_guarded & co. from this module).
from . import cli_eval, cli_network, cli_query  # noqa: E402

for _module in (cli_query, cli_network, cli_eval):
    _module.register(app)


def main() -> None:
    app()


__all__ = ["app", "main", "run_guarded", "settings_of", "fail", "out", "err", "InputError"]
