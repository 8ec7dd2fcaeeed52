"""/articles/{id}/passage: the paragraph a citation's offsets point into, for the page's citation view."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from kg.read.passages import passage

from ..deps import ARTICLE_ID_PATTERN, AnswersDep, SettingsDep
from ..models import Passage

router = APIRouter(tags=["articles"])


@router.get("/articles/{id}/passage", response_model=Passage,
            summary="The paragraph around characters [start, end) of an article (a citation in its context)")
def get_passage(answers: AnswersDep, settings: SettingsDep,
                id: Annotated[str, Path(max_length=200, json_schema_extra={"pattern": ARTICLE_ID_PATTERN})],
                start: Annotated[int, Query(ge=0, le=100_000_000)],
                end: Annotated[int, Query(ge=1, le=100_000_000)]) -> Passage:
    return passage(answers, settings, id, start, end)
