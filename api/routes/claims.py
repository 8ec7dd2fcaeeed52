"""/claims: relation claims one by one, each a citation (filter by kind, actor, resource, article)."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from kg.core.namespaces import KINDS, MODALITIES

from ..deps import ARTICLE_ID_PATTERN, ActorName, AnswersDep, PageDep, ResourceName
from ..models import Citation, Page, page_of

router = APIRouter(tags=["claims"])


@router.get("/claims", response_model=Page[Citation], summary="Relation claims with their citations")
def list_claims(
    answers: AnswersDep,
    page: PageDep,
    kind: Annotated[Literal[KINDS] | None, Query()] = None,
    subject: ActorName = None,
    object: ActorName = None,
    resource: ResourceName = None,
    modality: Annotated[Literal[MODALITIES] | None, Query()] = None,
    article: Annotated[str | None, Query(max_length=200, description="Article id or IRI.",
                                         json_schema_extra={"pattern": ARTICLE_ID_PATTERN})] = None,
) -> dict[str, object]:
    items = []
    for k in ([kind] if kind else KINDS):
        items += answers.claims(k, subject=subject, object=object, resource=resource, modality=modality,
                                article=article)
    return page_of(items, page.limit, page.offset)
