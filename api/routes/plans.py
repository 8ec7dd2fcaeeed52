"""/plans: planned claims and target figures with their due dates and status (open, overdue, fulfilled, abandoned)."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from ..deps import AnswersDep, IsoDate, PageDep
from ..models import Page, Plan, page_of

router = APIRouter(tags=["plans"])


@router.get("/plans", response_model=Page[Plan], summary="Plans by due date, with their status")
def list_plans(
    answers: AnswersDep,
    page: PageDep,
    due_before: Annotated[IsoDate | None, Query(description="Only plans due on or before this day.")] = None,
    status: Annotated[Literal["open", "overdue", "fulfilled", "abandoned"] | None, Query()] = None,
    as_of: Annotated[IsoDate | None, Query(description="The day plans are judged on (default today).")] = None,
) -> dict[str, object]:
    found = answers.plans(
        due_before=due_before.isoformat() if due_before else None, status=status,
        as_of=as_of.isoformat() if as_of else None)
    return page_of(found, page.limit, page.offset)
