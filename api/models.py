"""Pydantic response models: the JSON shapes of the API (built from kg.read.answers records)."""
from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from kg.read.ask import MAX_COUNTED

T = TypeVar("T")


class _Model(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Ref(_Model):
    iri: str
    key: str
    label: str


class FigureValue(_Model):
    iri: str
    value: float
    unit: str
    year: int | None = None
    raw: str | None = None


class Citation(_Model):
    """One claim with its evidence: article, verbatim quote, character offsets, attribution, modality."""

    claim: str
    kind: str
    subject: Ref | None = None
    object: Ref | None = None
    resource: Ref | None = None
    modality: str | None = None
    quote: str
    start: int
    end: int
    article: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    date: str | None = None
    attributed_to: Ref | None = None
    reported_via: list[Ref] = []
    confidence: float | None = None
    figures: list[FigureValue] = []


class Edge(_Model):
    """Claims that one actor depends on / restricts / cooperates with another for one resource."""

    kind: str
    subject: Ref
    object: Ref
    resource: Ref
    claims: list[Citation]
    claim_count: int
    source_count: int = Field(description="Distinct articles that support the edge.")
    attributed_sources: list[Ref] = []
    modalities: list[str] = []


class Figure(_Model):
    figure: str
    value: float
    unit: str
    year: int | None = None
    raw: str | None = None
    about: str | None = None
    subject: Ref | None = None
    citation: Citation


class Statement(_Model):
    attribution: str
    source: Ref
    cue: str | None = None
    citation: Citation


class Actor(_Model):
    iri: str
    key: str
    label: str
    type: str | None = None
    wikidata: str | None = None
    in_gazetteer: bool
    aliases: list[str] = []
    article_count: int


class Profile(_Model):
    actor: Actor
    outgoing: list[Edge]
    incoming: list[Edge]
    figures: list[Figure]
    statements: list[Statement]


class Article(_Model):
    article: str
    id: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    creator: str | None = None
    date: str | None = None
    source_path: str | None = None
    claim_counts: dict[str, int] = {}


class ArticleDetail(_Model):
    article: Article
    mentions: list[Ref]
    claims: list[Citation]
    figures: list[Figure]
    statements: list[Statement]


class Page(BaseModel, Generic[T]):
    total: int = Field(description="Items matching the filters, over all pages.")
    limit: int
    offset: int
    items: list[T]


class NumberedCitation(Citation):
    n: int


class AskAnswer(BaseModel):
    question: str
    form: str = Field(description="The question form that matched.")
    heading: str
    total: int = Field(description=f"How many results match (chains are counted up to {MAX_COUNTED:,}; the heading "
                                   "says 'over' beyond); `results` holds the first `limit` of them.")
    lines: list[str] = Field(description="The readable answer; [n] refers to citations.")
    text: str = Field(description="Heading, lines and citations as `kg ask` prints them.")
    results: list[dict[str, Any]]
    citations: list[NumberedCitation]


class Problem(BaseModel):
    """RFC 9457 problem details (served as application/problem+json)."""

    type: str
    title: str
    status: int
    detail: str
    instance: str


def page_of(model: type[_Model], items: list, limit: int, offset: int) -> Page:
    """One page of `items` (kg records) as `model`s, with the total before slicing."""
    return Page[model](total=len(items), limit=limit, offset=offset,
                       items=[model.model_validate(i) for i in items[offset:offset + limit]])
