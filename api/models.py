"""Response models: the JSON shapes of the API, derived from kg.read's records rather than re-declared.

The records themselves (frozen dataclasses in kg.read.records, kg.read.analysis, kg.read.passages,
kg.read.catalog) are the response models: pydantic reads stdlib dataclasses, their docstrings and
their attribute docstrings (`__pydantic_config__` asks for them), so the OpenAPI document says what
the records say and a field added to a record appears in the API without a second declaration.
Only what the API adds around them lives here: pages, the numbered citations and text of /ask,
problem details.
"""
from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field
from pydantic.dataclasses import dataclass as pydantic_dataclass

from kg.read import records
from kg.read.analysis import Chokepoint, Exposed, Hop, Impact
from kg.read.ask import MAX_COUNTED
from kg.read.catalog import ResourceInfo
from kg.read.figure_clusters import FigureCluster
from kg.read.passages import Passage

T = TypeVar("T")

Ref = records.Ref
FigureValue = records.FigureValue
Citation = records.Citation
Edge = records.Edge
Figure = records.Figure
Statement = records.Statement
Actor = records.Actor
Profile = records.Profile
Article = records.Article
ArticleDetail = records.ArticleDetail
Plan = records.Plan
ReviewMark = records.ReviewMark
Resource = ResourceInfo


class Page(BaseModel, Generic[T]):
    total: int = Field(description="Items matching the filters, over all pages.")
    limit: int
    offset: int
    items: list[T]


@pydantic_dataclass(frozen=True, kw_only=True)
class NumberedCitation(records.Citation):
    """A citation of an /ask answer with the number [n] its lines refer to it by."""

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


class QuestionForm(BaseModel):
    form: str
    example: str


class Problem(BaseModel):
    """RFC 9457 problem details (served as application/problem+json)."""

    type: str
    title: str
    status: int
    detail: str
    instance: str


def page_of(items: list, limit: int, offset: int, total: int | None = None) -> dict[str, object]:
    """One page of `items` (kg records), with the total before slicing (or `total` when kg paged already)."""
    return {"total": len(items) if total is None else total, "limit": limit, "offset": offset,
            "items": items[offset:offset + limit] if total is None else items}


__all__ = ["Actor", "Article", "ArticleDetail", "AskAnswer", "Chokepoint", "Citation", "Edge", "Exposed", "Figure", "FigureCluster",
           "FigureCluster", "FigureValue", "Hop", "Impact", "NumberedCitation", "Page", "Passage", "Problem", "Profile",
           "QuestionForm", "Ref", "Resource", "Statement", "page_of"]
