"""The one place IRIs are minted: the same input always gives the same IRI."""
from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit, urlunsplit

from rdflib.term import URIRef

from extractors.gazetteer import slugify

from kg.core.namespaces import ACTOR, ARTICLE, CLAIM, RES, REVIEW, RUN, STORY


def _h(*parts: object, n: int = 20) -> str:
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:n]


def content_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_url(url: str) -> str:
    """Scheme and host lower-cased, fragment and trailing slash dropped: one article, one key."""
    parts = urlsplit(url.strip())
    path = re.sub(r"/+$", "", parts.path) or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def article_iri(url: str | None, text_hash: str) -> URIRef:
    """From the URL when the article has one (so a changed text replaces it), else from its content."""
    if url:
        return ARTICLE["u" + _h(normalise_url(url))]
    return ARTICLE["h" + text_hash.removeprefix("sha256:")[:20]]


def actor_iri(key: str) -> URIRef:
    return ACTOR[key if re.fullmatch(r"[a-z0-9_]+", key) else slugify(key)]


def resource_iri(resource: str) -> URIRef:
    return getattr(RES, resource)


def claim_iri(article: URIRef, kind: str, subject: str | None, obj: str | None, resource: str | None,
              start: int, end: int) -> URIRef:
    return CLAIM[_h(article, kind, subject, obj, resource, start, end)]


def figure_iri(article: URIRef, value: float, unit: str, start: int, end: int, raw: str) -> URIRef:
    return CLAIM[_h(article, "figure", repr(float(value)), unit, start, end, raw)]


def attribution_iri(article: URIRef, source: str, start: int, end: int) -> URIRef:
    return CLAIM[_h(article, "attribution", source, start, end)]


def run_iri(article: URIRef, fingerprint: str) -> URIRef:
    return RUN[_h(article, fingerprint)]


def review_iri(claim: str, by: str, time: str, verdict: str, note: str | None) -> URIRef:
    return REVIEW[_h(claim, by, time, verdict, note)]


def story_iri(origin: str) -> URIRef:
    """A story is named after its origin article (the earliest of the articles carrying it)."""
    return STORY[str(origin).rsplit("/", 1)[-1]]
