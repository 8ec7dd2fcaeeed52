"""`kg query`, `kg stats`, `kg validate` and `kg settings`: the CLI commands that look into the store and the setup."""
from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from kg.cli.console import fail, out, run_guarded, settings_of
from kg.core.settings import settings_table


def query(
    ctx: typer.Context,
    sparql: Annotated[Optional[str], typer.Argument(help="SPARQL text (or use --file).")] = None,
    file: Annotated[Optional[Path], typer.Option("--file", "-f", help="Read the query from this file.")] = None,
    output: Annotated[str, typer.Option("--output", "-o", help="table, json or csv.")] = "table",
) -> None:
    """Run a SPARQL query over the union of all graphs, or its FROM graphs (prefixes aig:, actor:, res:... predeclared)."""
    from kg.store.queries import py_value
    from kg.read.query_check import check_query
    from kg.store import IRI, Solutions, Triples, open_store

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
        if isinstance(result, Solutions):
            names = list(result.variables)
            terms = [list(row) for row in result]
        elif isinstance(result, Triples):
            names = ["subject", "predicate", "object"]
            terms = [[t.subject, t.predicate, t.object] for t in result]
        else:
            names, terms = ["result"], []
        rows = [[py_value(v) for v in r] for r in terms] if terms or names != ["result"] else [[bool(result)]]
        iris = {v.value for r in terms for v in r if isinstance(v, IRI)}
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
    from kg.read.catalog import Catalog

    catalog = Catalog.from_store(store)
    found = {iri: catalog.actors[iri].label for iri in iris if iri in catalog.actors}
    found.update({iri: catalog.resources[iri].label for iri in iris if iri in catalog.resources})
    return found


def _print_table(names: list[str], rows: list[list[object]], iris: set[str], labels: dict[str, str]) -> None:
    """IRIs as prefixed names with their labels (`actor:russia (Russia)`); a column of IRIs is never cut
    or wrapped, whatever the width: the long free text (quotes) wraps instead."""
    from kg.core.namespaces import compact

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


def stats(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False) -> None:
    """Counts of articles, actors, claims by kind, and triples in the store."""
    from kg.read.stats import store_stats
    from kg.store import open_store

    with open_store(settings_of(ctx), read_only=True) as store:
        s = store_stats(store)
    if as_json:
        sys.stdout.write(json.dumps(s, indent=1) + "\n")
        return
    table = Table("what", "count")
    for k, v in s.items():
        table.add_row(k, str(v))
    out.print(table)


def validate(ctx: typer.Context) -> None:
    """Check the store against the SHACL shapes (ontology/shapes.ttl); exit 1 on violations."""
    from kg.store import open_store
    from kg.read.validate import validate_store

    with open_store(settings_of(ctx), read_only=True) as store:
        result = validate_store(store)
    if result.conforms:
        out.print("the store conforms to the shapes: no violations", highlight=False)
        return
    out.print(result.report, highlight=False, markup=False, soft_wrap=True)
    fail(f"{result.violations} SHACL violations on {len(result.focus_nodes)} nodes", code=1)


def show_settings(ctx: typer.Context) -> None:
    """Every setting with its environment variable, current value and meaning."""
    current = settings_of(ctx)
    table = Table("setting", "environment", "value", "meaning")
    for name, env, _default, desc in settings_table():
        table.add_row(name, env, str(getattr(current, name)), desc)
    out.print(table)


def register(app: typer.Typer) -> None:
    app.command("query")(run_guarded(query))
    app.command("stats")(run_guarded(stats))
    app.command("validate")(run_guarded(validate))
    app.command("settings")(show_settings)
