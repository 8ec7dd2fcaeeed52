"""/actors: actors the articles mention, and one actor's profile (every claim about it, both directions)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from ..deps import MAX_LIMIT, MAX_NAME, AnswersDep, PageDep
from ..models import Actor, Page, Profile, page_of

router = APIRouter(tags=["actors"])


@router.get("/actors", response_model=Page[Actor], summary="Actors mentioned by the articles, most mentioned first")
def list_actors(
    answers: AnswersDep,
    page: PageDep,
    type: Annotated[str | None, Query(max_length=40, description="Country, Company, Organization...")] = None,
    name: Annotated[str | None, Query(max_length=MAX_NAME, description="Part of a label or alias.")] = None,
) -> dict[str, object]:
    return page_of(answers.actors(type=type, name=name), page.limit, page.offset)


@router.get("/actors/{id}", response_model=Profile, summary="An actor (key, name or alias) with the claims about it")
def get_actor(
    answers: AnswersDep,
    id: Annotated[str, Path(max_length=MAX_NAME)],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Most edges of each kind and direction (best "
                                "supported first), figures and statements (earliest first); the edge routes "
                                "page the rest.")] = 50,
    citations: Annotated[int | None, Query(ge=0, le=1000, description="Most citations per edge (its earliest; "
                                           "default: all).")] = None,
) -> Profile:
    return answers.profile(id, limit=limit, citations=citations)
