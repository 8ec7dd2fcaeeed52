"""`kg export`, `kg chokepoints` and `kg impact`: the network commands of the CLI."""
from __future__ import annotations

import json
import sys
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from kg.cli.console import err, out, run_guarded, settings_of
from kg.core.errors import QueryError

ResourceOpt = Annotated[Optional[str], typer.Option("--resource", "-r", help="Only this resource (chips, compute, ...).")]
SinceOpt = Annotated[Optional[str], typer.Option(help="Only claims from articles dated on or after this day (YYYY-MM-DD).")]
UntilOpt = Annotated[Optional[str], typer.Option(help="Only claims from articles dated on or before this day (YYYY-MM-DD).")]
SupportOpt = Annotated[int, typer.Option("--min-support", help="Drop edges backed by fewer claims.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def _day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"--{name} {value!r} is not a date (YYYY-MM-DD)") from None


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _filter(answers, resource, kind, since, until, min_support):
    """The network filter the options describe; a resource may be named by a label or synonym (GPUs)."""
    from kg.read.network import NetworkFilter, resource_key

    return NetworkFilter(resource=resource_key(answers.store, resource, answers.catalog) if resource else None, kind=kind,
                         since=_day(since, "since"), until=_day(until, "until"), min_support=min_support)


def export(
    ctx: typer.Context,
    format: Annotated[str, typer.Option("--format", "-f", help="gexf, graphml, trig, nquads, turtle or jsonld.")] = "gexf",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write; '-' for stdout (default: under exports/).")] = None,
    dynamic: Annotated[bool, typer.Option(help="GEXF with edge spells from the articles' dates (Gephi timeline).")] = False,
    resource: ResourceOpt = None,
    kind: Annotated[Optional[str], typer.Option(help="Only this relation: dependency, restriction or cooperation.")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_support: SupportOpt = 1,
    article: Annotated[Optional[str], typer.Option(help="Only this article (its IRI, or the local name after article/).")] = None,
    include_rejected: Annotated[bool, typer.Option(
        "--include-rejected", help="Keep the claims an analyst rejected (counted in a 'rejected' edge attribute).")] = False,
    roll_up: Annotated[bool, typer.Option("--roll-up", help="Actors rolled up to their state or bloc; each edge "
                                          "lists the actors it stands for (subject_members, object_members).")] = False,
) -> None:
    """Export the network (GEXF for Gephi, GraphML) or dump the store or one article as RDF."""
    from kg.read.answers import Answers
    from kg.read.export import default_path, export as run_export, get_format
    from kg.store import open_store

    fmt = get_format(format)
    if not fmt.is_graph and (resource or kind or since or until or min_support != 1 or roll_up):
        raise QueryError("--resource, --kind, --since, --until, --min-support and --roll-up apply to gexf and "
                         "graphml only")
    with open_store(settings_of(ctx), read_only=True) as store:
        answers = Answers(store, include_rejected=include_rejected) if fmt.is_graph else None
        flt = replace(_filter(answers, resource, kind, since, until, min_support), roll_up=roll_up) if answers else None
        target = output or default_path(fmt, flt, dynamic, article)
        if str(target) == "-":
            run_export(store, fmt, sys.stdout.buffer, flt, dynamic, article, answers)
            sys.stdout.buffer.flush()
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        try:
            with tmp.open("wb") as fh:
                result = run_export(store, fmt, fh, flt, dynamic, article, answers)
            tmp.replace(target)  # a failed export leaves no half-written file behind
        finally:
            tmp.unlink(missing_ok=True)
    size = target.stat().st_size
    what = f"{result.nodes} nodes, {result.edges} edges" if fmt.is_graph else "RDF dump"
    out.print(f"wrote {target} ({fmt.name}, {what}, {size:,} bytes)", highlight=False)


def chokepoints(
    ctx: typer.Context,
    resource: ResourceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_support: SupportOpt = 1,
    limit: Annotated[int, typer.Option(help="Show at most this many providers (0: all).")] = 20,
    as_json: JsonOpt = False,
) -> None:
    """Rank providers by how much of the dependency network runs through them."""
    from kg.read.analysis import chokepoints as rank
    from kg.read.answers import Answers
    from kg.store import open_store

    with open_store(settings_of(ctx), read_only=True) as store:
        answers = Answers(store)
        result = rank(store, _filter(answers, resource, "dependency", since, until, min_support), limit=limit or None,
                      answers=answers)
    if as_json:
        sys.stdout.write(json.dumps([asdict(c) for c in result], ensure_ascii=False, indent=1) + "\n")
        return
    if not result:
        err.print(f"no dependencies{' for ' + resource if resource else ''} in the store", highlight=False)
        return
    table = Table("#", "provider", "reach", "betweenness", "direct", "all", "claims", "direct dependents",
                  caption="direct/all: actors depending on it directly / directly or through a chain")
    for i, c in enumerate(result, 1):
        table.add_row(str(i), c.label, f"{c.reach:.2f}", f"{c.betweenness:.2f}", str(c.direct_dependents),
                      str(c.transitive_dependents), str(c.support), ", ".join(c.dependents))
    out.print(table)


def impact(
    ctx: typer.Context,
    actor: Annotated[str, typer.Argument(help="The actor that falls away: a name, alias, key or IRI.")],
    resource: ResourceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_support: SupportOpt = 1,
    as_json: JsonOpt = False,
) -> None:
    """List every actor that depends on ACTOR directly or transitively, with the citation of each hop."""
    from kg.read.analysis import impact as run_impact
    from kg.read.answers import Answers
    from kg.store import open_store

    with open_store(settings_of(ctx), read_only=True) as store:
        answers = Answers(store)
        result = run_impact(store, actor, _filter(answers, resource, "dependency", since, until, min_support),
                            answers=answers)
    if as_json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n")
        return
    scope = f" for {resource}" if resource else ""
    if not result.exposed:
        out.print(f"nothing in the store depends on {result.label}{scope}", highlight=False)
        return
    n = len(result.exposed)
    out.print(f"{_n(n, 'actor')} depend{'s' if n == 1 else ''} on {result.label}{scope}:", highlight=False)
    for e in result.exposed:
        how = "directly" if e.distance == 1 else f"through {e.distance - 1} intermediar{'y' if e.distance == 2 else 'ies'}"
        out.print(f"\n[bold]{e.label}[/] ({e.actor_type}), {how}", highlight=False)
        for h in e.path:
            said = f", according to {h.attributed_to}" if h.attributed_to else ""
            out.print(f"  {h.dependent_label} → {h.provider_label} ({', '.join(h.resources)}; "
                      f"{_n(h.claims, 'claim')}, {_n(h.sources, 'article')}, "
                      f"{h.stories} independent stor{'y' if h.stories == 1 else 'ies'}{said})",
                      highlight=False, markup=False)
            out.print(f"    “{h.quote}”", highlight=False, markup=False)
            out.print(f"    {h.title or 'untitled'} · {h.url or h.article}", highlight=False, markup=False)


def register(app: typer.Typer) -> None:
    for fn in (export, chokepoints, impact):
        app.command(fn.__name__)(run_guarded(fn))


__all__ = ["register"]
