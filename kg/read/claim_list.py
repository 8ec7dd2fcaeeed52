"""Relation claims one by one, each a full citation, read by the `relations` named query with bound filters."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from kg.store import IRI as NamedNode  # a neutral term (kg.store.terms)

from kg.core.namespaces import AIG, CLAIM_CLASSES
from kg.read.catalog import ActorInfo, Catalog, ResourceInfo
from kg.read.edges import figure_value
from kg.read.records import Citation, FigureValue
from kg.read.values import KIND_OF_CLASS, date as day, in_range, local, modality as check_modality, opt
from kg.store.queries import run_named
from kg.store import Store

_AIG = str(AIG._NS)


def relation_claims(store: Store, catalog: Catalog, kind: str, *, subject: ActorInfo | None = None,
                    object: ActorInfo | None = None, resource: ResourceInfo | None = None,
                    modality: str | None = None, source: ActorInfo | None = None, article: str | None = None,
                    date_from: str | None = None, date_to: str | None = None) -> list[Citation]:
    """Relation claims of one kind matching every filter given (`article`: an article IRI)."""
    subj, obj, res, src = subject, object, resource, source
    lo, hi = day(date_from, "date_from"), day(date_to, "date_to")
    params: dict[str, object] = {"kind": NamedNode(str(CLAIM_CLASSES[kind]))}
    if subj:
        params["subject"] = NamedNode(subj.iri)
    if obj:
        params["object"] = NamedNode(obj.iri)
    if res:
        params["resource"] = NamedNode(res.iri)
    if modality is not None:
        params["modality"] = NamedNode(_AIG + check_modality(modality))
    if article is not None:
        params["article"] = NamedNode(article)
    rows = run_named(store, "relations", **params)
    figures = claim_figures(store, kind)
    out = fold(rows, figures, catalog)
    if src:
        out = [c for c in out if c.attributed_to and c.attributed_to.iri == src.iri]
    if lo or hi:
        out = [c for c in out if in_range(c.date, lo, hi)]
    return out


def claim_figures(store: Store, kind: str) -> dict[str, list[FigureValue]]:
    figs: dict[str, list[FigureValue]] = defaultdict(list)
    for r in run_named(store, "claim_figures", kind=NamedNode(str(CLAIM_CLASSES[kind]))):
        fv = figure_value(r)
        if fv not in figs[str(r["claim"])]:
            figs[str(r["claim"])].append(fv)
    return figs


def fold(rows: Iterable[dict[str, object]], figures: dict[str, list[FigureValue]], catalog: Catalog) -> list[Citation]:
    """One Citation per claim (OPTIONAL parts can repeat a claim over several rows)."""
    by_claim: dict[str, dict[str, object]] = {}
    via: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        c = str(r["claim"])
        by_claim.setdefault(c, r)
        v = r.get("reportedVia")
        if v and v not in via[c]:
            via[c].append(str(v))
    out = []
    for c, r in by_claim.items():
        out.append(Citation(
            claim=c,
            kind=KIND_OF_CLASS.get(str(r["kind"]), str(r["kind"])),
            subject=catalog.actor_ref(opt(r.get("subject"))),
            object=catalog.actor_ref(opt(r.get("object"))),
            resource=catalog.resource_ref(opt(r.get("resource"))),
            modality=local(r.get("modality")),
            quote=str(r["quote"]),
            start=int(r["start"]),
            end=int(r["end"]),
            article=str(r["article"]),
            title=opt(r.get("title")),
            url=opt(r.get("url")),
            publisher=opt(r.get("publisher")),
            date=opt(r.get("date")),
            attributed_to=catalog.actor_ref(opt(r.get("attributedTo"))),
            reported_via=tuple(catalog.actor_ref(v) for v in via[c]),
            confidence=float(r["confidence"]) if r.get("confidence") is not None else None,
            figures=tuple(figures.get(c, ())),
        ))
    return out
