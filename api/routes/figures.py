"""/figures: numbers the articles give (value, unit, year, whose), each with its citation, and their clusters."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from kg.read.figure_clusters import DEFAULT_TOLERANCE

from ..deps import ActorName, AnswersDep, PageDep
from ..models import Figure, FigureCluster, Page, page_of

router = APIRouter(tags=["figures"])


@router.get("/figures", response_model=Page[Figure], summary="Figures by actor, unit and year")
def list_figures(
    answers: AnswersDep,
    page: PageDep,
    actor: ActorName = None,
    unit: Annotated[str | None, Query(min_length=1, max_length=40, description="percent, USD, RUB, rank...")] = None,
    year: Annotated[int | None, Query(ge=1000, le=2999)] = None,
) -> dict[str, object]:
    return page_of(answers.figures(actor=actor, unit=unit, year=year), page.limit, page.offset)


@router.get("/figures/clusters", response_model=Page[FigureCluster],
            summary="Figures about the same quantity across articles: do the sources agree?")
def figure_clusters(
    answers: AnswersDep,
    page: PageDep,
    actor: ActorName = None,
    conflicting: Annotated[bool | None, Query(description="Only the clusters whose values conflict (true), or only "
                                                          "the others (false).")] = None,
    tolerance: Annotated[float, Query(ge=0, lt=1, description="How far apart (relative to the largest) values may be "
                                                              "and still agree.")] = DEFAULT_TOLERANCE,
) -> dict[str, object]:
    return page_of(answers.figure_clusters(actor=actor, conflicting=conflicting, tolerance=tolerance),
                   page.limit, page.offset)
