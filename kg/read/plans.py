"""The lifecycle of plans: planned claims and target figures with their due dates, fulfilled, abandoned, overdue or open.

A plan's due date is computed at mapping time (kg.ingest.due_dates) and stored as `aig:dueDate`.
Its status is decided here, at read time, against the rest of the graph and a day ("as of",
default today): a later article (a later date) asserting the same edge (kind, subject, object,
resource), published by the day asked about, fulfils a planned relation, one negating it abandons it; otherwise it is overdue once its
due date has passed, else open. A figure's target has no edge to be settled by: open or overdue.
Later claims are read from the relation index, so a rejected claim settles nothing.
"""
from __future__ import annotations

import datetime as _dt

from kg.core.errors import QueryError
from kg.read.catalog import Catalog
from kg.read.edges import Edges, review_mark
from kg.read.records import Citation, FigureValue, Plan
from kg.read.values import KIND_OF_CLASS, date as day, opt, year
from kg.store.queries import run_named
from kg.store import Store

STATUSES = ("open", "overdue", "fulfilled", "abandoned")


def plans(store: Store, catalog: Catalog, edges: Edges, *, due_before: str | None = None,
          status: str | None = None, as_of: str | None = None) -> list[Plan]:
    """Plans due on or before `due_before` (all when None) in `status` (any when None), as of a day."""
    today = day(as_of, "as_of") or _dt.date.today().isoformat()
    until = day(due_before, "due_before")
    if status is not None and status not in STATUSES:
        raise QueryError(f"unknown plan status {status[:40]!r}; known: {', '.join(STATUSES)}")
    index = edges.index
    out: list[Plan] = []
    seen: set[str] = set()
    for r in run_named(store, "plans"):
        iri, due = str(r["claim"]), str(r["due"])[:10]
        if iri in seen or (until is not None and due > until):
            continue
        seen.add(iri)
        kind = KIND_OF_CLASS.get(str(r["class"]))
        if kind is not None:
            try:
                key = index.claim(kind, iri)
            except KeyError:  # rejected (left out of the index) or incomplete: no plan to show
                continue
            cite = edges.citations(kind, [iri])[0]
            figure = None
            found, settled = _settled(index, key, today)
            settled_by = edges.citations(kind, [settled.claim])[0] if settled is not None else None
        else:
            review = index.reviews.get(iri)
            if review is not None and review[0] == "rejected" and not index.include_rejected:
                continue
            cite = _figure_citation(r, iri, catalog, review_mark(review))
            figure = FigureValue(iri, float(r["value"]), str(r["unit"]), year(r.get("year")), opt(r.get("raw"))) \
                if r.get("value") is not None else None
            found, settled_by = None, None
        state = found or ("overdue" if due < today else "open")
        if status is None or state == status:
            out.append(Plan(cite, due, state, settled_by, figure))
    return out


def _settled(index, key, today: str):
    """("fulfilled" | "abandoned", the later claim, published by `today`, that settles it), or (None, None)."""
    if not key.date:
        return None, None  # an undated plan cannot be followed by anything
    same = index.select(key.kind, subject=key.subject, object=key.object, resource=key.resource)
    if key.kind == "cooperation":  # symmetric: the later article may name the parties the other way round
        same = [*same, *index.select(key.kind, subject=key.object, object=key.subject, resource=key.resource)]
    later = [k for k in same if k.date and key.date < k.date <= today and k.modality in ("asserted", "negated")]
    if not later:
        return None, None
    first = min(later, key=lambda k: k.order())
    return ("fulfilled" if first.modality == "asserted" else "abandoned"), first


def _figure_citation(r: dict[str, object], iri: str, catalog: Catalog, review) -> Citation:
    return Citation(
        claim=iri, kind="figure", subject=catalog.actor_ref(opt(r.get("subject"))), object=None, resource=None,
        modality=None, quote=str(r["quote"]), start=int(r["start"]), end=int(r["end"]), article=str(r["article"]),
        title=opt(r.get("title")), url=opt(r.get("url")), publisher=opt(r.get("publisher")), date=opt(r.get("date")),
        attributed_to=catalog.actor_ref(opt(r.get("attributedTo"))), review=review)
