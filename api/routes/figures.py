"""/figures: numbers the articles give (value, unit, year, whose), each with its citation."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ..deps import ActorName, AnswersDep, PageDep
from ..models import Figure, Page, page_of

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
