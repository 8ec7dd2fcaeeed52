"""/articles/{id}/passage: the paragraph a citation's offsets point into, for the page's citation view."""
from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from kg.read.passages import passage

from ..deps import ARTICLE_ID_PATTERN, AnswersDep, SettingsDep

router = APIRouter(tags=["articles"])


class Passage(BaseModel):
    article: str
    start: int
    end: int
    span: str = Field(description="The article's characters [start, end): for a citation, its verbatim quote.")
    paragraph: str = Field(description="The paragraph holding the span (at most 1,500 characters either side).")
    paragraph_start: int = Field(description="Offset of the paragraph's first character in the article's text.")


@router.get("/articles/{id}/passage", response_model=Passage,
            summary="The paragraph around characters [start, end) of an article (a citation in its context)")
def get_passage(answers: AnswersDep, settings: SettingsDep,
                id: Annotated[str, Path(max_length=200, json_schema_extra={"pattern": ARTICLE_ID_PATTERN})],
                start: Annotated[int, Query(ge=0, le=100_000_000)],
                end: Annotated[int, Query(ge=1, le=100_000_000)]) -> Passage:
    return Passage(**asdict(passage(answers, settings, id, start, end)))
