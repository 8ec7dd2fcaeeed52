"""Analysts' reviews of claims: validated, kept in their own named graph, re-attached or reported orphaned after re-extraction.

A review (verified | disputed | rejected, a note, who, when) is a PROV entity in the graph
`https://w3id.org/aigeo/graph/reviews`, keyed by the stable IRI of the claim it is about (claim IRIs
hash the article, kind, parts and evidence span: kg.ingest.ids). Re-ingesting an article replaces
only the article's graph, so reviews survive it; a claim that comes back with the same IRI keeps
its reviews as they are. A claim whose IRI changed because its evidence moved (the article was
edited around it) gets its reviews back when exactly one claim of the same article and class has
the same quote (`reconcile`, run by `kg build`); a reviewed claim that is gone is *orphaned*:
reported by `kg build`, listed by `kg review --orphans` with the quote it had, never dropped.
Several reviews per claim are kept; the latest wins. Every write replaces the reviews graph in one
all-or-nothing step (Store.replace_graph). Nothing a reviewer types reaches query text: claim ids
are checked against their format and bound as parameters.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from kg.core.errors import NotFound, QueryError
from kg.core.namespaces import AIG, CLAIM, REVIEWS_GRAPH
from kg.ingest import ids
from kg.ingest.mapping import review_quads
from kg.store import IRI, Store
from kg.store.queries import run_named

VERDICTS = ("verified", "disputed", "rejected")
MAX_NOTE = 2000
# a reviewer's name: letters (any script), digits, spaces and . _ ' @ - ; 1 to 80 characters
REVIEWER = re.compile(r"[^\W\d_][\w .'@-]{0,79}")
CLAIM_ID = re.compile(r"[0-9a-f]{20}")  # the local part of a claim IRI (kg.ingest.ids._h)
_AIG = str(AIG._NS)


@dataclass(frozen=True)
class Review:
    """One analyst's verdict on one claim, with what the claim was when reviewed."""

    iri: str
    claim: str
    verdict: str
    by: str
    time: str  # xsd:dateTime, UTC, microseconds: the order "latest wins" goes by
    note: str | None = None
    quote: str | None = None
    article: str | None = None
    kind: str | None = None  # the claim's class, local name (DependencyClaim...)


def claim_iri(ident: str) -> str:
    """A claim's IRI from its IRI or its 20-hex-digit id. Raises QueryError when malformed."""
    local = ident[len(str(CLAIM)):] if ident.startswith(str(CLAIM)) else ident
    if not CLAIM_ID.fullmatch(local):
        raise QueryError(f"malformed claim id {ident[:80]!r}: expected 20 hexadecimal digits or a claim IRI")
    return str(CLAIM) + local


def check(verdict: str, note: str | None, by: str) -> tuple[str, str | None, str]:
    """The verdict, note and reviewer as stored; QueryError for any that is not acceptable."""
    if verdict not in VERDICTS:
        raise QueryError(f"unknown verdict {verdict[:40]!r}: expected one of {', '.join(VERDICTS)}")
    note = (note or "").strip() or None
    if note is not None and (len(note) > MAX_NOTE or any(ord(ch) < 32 and ch not in "\n\t" for ch in note)):
        raise QueryError(f"a note is at most {MAX_NOTE} characters, without control characters")
    by = " ".join(str(by).split())
    if not REVIEWER.fullmatch(by):
        raise QueryError("a reviewer's name is 1-80 letters, digits, spaces or . _ ' @ - , starting with a letter")
    return verdict, note, by


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def read_reviews(store: Store, claim: str | None = None) -> list[Review]:
    """Every review (or one claim's), oldest first."""
    params = {"claim": IRI(claim)} if claim is not None else {}
    out: dict[str, Review] = {}
    for r in run_named(store, "reviews", **params):
        iri = str(r["review"])
        out.setdefault(iri, Review(iri, str(r["claim"]), str(r["verdict"]), str(r["by"]), _time(str(r["time"])),
                                   _opt(r.get("note")), _opt(r.get("quote")), _opt(r.get("article")),
                                   _opt(r.get("kind"))))
    return sorted(out.values(), key=lambda v: (v.time, v.iri))


def latest(reviews: Iterable[Review]) -> dict[str, Review]:
    """Each reviewed claim's latest review."""
    out: dict[str, Review] = {}
    for v in sorted(reviews, key=lambda v: (v.time, v.iri)):
        out[v.claim] = v
    return out


def add_review(store: Store, claim: str, verdict: str, note: str | None, by: str, time: str | None = None) -> Review:
    """Record a review of an existing claim (NotFound otherwise), all or nothing; returns it."""
    iri = claim_iri(claim)
    verdict, note, by = check(verdict, note, by)
    facts = run_named(store, "claim_facts", claim=IRI(iri))
    if not facts:
        raise NotFound(f"no claim {claim[:80]!r}")
    f = facts[0]
    kind = str(f["class"]).removeprefix(_AIG)
    time = time or now()
    review = Review(str(ids.review_iri(iri, by, time, verdict, note)), iri, verdict, by, time, note,
                    str(f["quote"]), str(f["article"]), kind)
    _write(store, [*read_reviews(store), review])
    return review


def _write(store: Store, reviews: list[Review]) -> None:
    store.replace_graph(str(REVIEWS_GRAPH), review_quads(reviews))


def orphans(store: Store) -> list[Review]:
    """Each orphaned claim's latest review (its claim is in no article graph any more), oldest first."""
    present = {str(r["claim"]) for r in run_named(store, "reviewed_claims")}
    gone = [v for v in latest(read_reviews(store)).values() if v.claim not in present]
    return sorted(gone, key=lambda v: (v.time, v.iri))


def reconcile(store: Store) -> tuple[int, int]:
    """Re-attach reviews whose claim IRI changed while its quote stayed (exactly one claim of the same
    article and class quotes it); (claims re-attached, claims still orphaned). Writes only on a change."""
    lost = orphans(store)
    if not lost:
        return 0, 0
    moved: dict[str, str] = {}
    for v in lost:
        if not (v.quote and v.article and v.kind):
            continue
        rows = run_named(store, "claims_quoting", article=IRI(v.article), quote=v.quote)
        same = {str(r["claim"]) for r in rows if str(r["class"]) == _AIG + v.kind}
        if len(same) == 1:
            moved[v.claim] = same.pop()
    if moved:
        _write(store, [replace(v, claim=moved.get(v.claim, v.claim)) for v in read_reviews(store)])
    return len(moved), len(lost) - len(moved)


def export_reviews(store: Store, path: str | Path) -> int:
    """Every review, one JSON object a line (JSON Lines), oldest first; how many."""
    reviews = read_reviews(store)
    with open(path, "w", encoding="utf-8") as fh:
        for v in reviews:
            fh.write(json.dumps(asdict(v), ensure_ascii=False) + "\n")
    return len(reviews)


def import_reviews(store: Store, path: str | Path) -> int:
    """Add the reviews of a JSON Lines file (as `export_reviews` writes it) that the store lacks, all or
    nothing; how many were new. Every line is checked; a bad one fails the import with its number."""
    have = {v.iri: v for v in read_reviews(store)}
    new = 0
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                verdict, note, by = check(str(d["verdict"]), d.get("note"), str(d["by"]))
                claim = claim_iri(str(d["claim"]))
                time = _time(str(d["time"]))
                article = d.get("article")
                if article is not None and not str(article).startswith("https://w3id.org/aigeo/article/"):
                    raise QueryError("article is not an article IRI")
                kind = d.get("kind")
                if kind is not None and not re.fullmatch(r"[A-Za-z]{1,40}", str(kind)):
                    raise QueryError("kind is not a class name")
            except (ValueError, KeyError, TypeError, QueryError) as exc:
                raise QueryError(f"{path}: line {n}: not a review ({exc})") from None
            iri = str(ids.review_iri(claim, by, time, verdict, note))
            if iri not in have:
                quote = d.get("quote")
                have[iri] = Review(iri, claim, verdict, by, time, note, str(quote)[:10_000] if quote else None,
                                   article, kind)
                new += 1
    if new:
        _write(store, list(have.values()))
    return new


def _time(value: str) -> str:
    """One spelling of a stored time (the store may write 'Z' and drop trailing zeros), so times sort as text."""
    return datetime.fromisoformat(value).astimezone(timezone.utc).isoformat(timespec="microseconds")


def _opt(v: object) -> str | None:
    return None if v is None else str(v)
