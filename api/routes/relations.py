"""/dependencies, /restrictions, /cooperations: claims grouped into edges, each with its citations."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from kg.read.records import EdgePage

from .. import deps
from ..deps import ActorName, AnswersDep, PageDep, ResourceName
from ..models import Edge, Page, page_of

router = APIRouter(tags=["relations"])

Modality = Annotated[Literal["asserted", "planned", "hedged", "negated"] | None, Query()]
Source = Annotated[str | None, Query(min_length=1, max_length=200, description="Actor the claims are attributed to.")]
DateFrom = Annotated[deps.IsoDate | None, Query(description="Articles dated on or after (YYYY-MM-DD).")]
DateTo = Annotated[deps.IsoDate | None, Query(description="Articles dated on or before (YYYY-MM-DD).")]
Citations = Annotated[int | None, Query(ge=0, le=1000, description="Most citations per edge, its earliest first "
                                         "(default: all); claim and source counts always cover every claim.")]
RollUp = Annotated[bool, Query(description="Roll each side's actors up to their state or bloc (the Biden "
                                           "administration and BIS under the United States); each edge lists "
                                           "the actors it stands for in subject_members / object_members.")]


def _page(edges: EdgePage, page: deps.Page) -> dict[str, object]:
    # kg pages the edges itself (only the page's citations are read from the store)
    return page_of(edges.edges, page.limit, page.offset, total=edges.total)


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


@router.get("/dependencies", response_model=Page[Edge], summary="Who depends on whom, for what")
def dependencies(answers: AnswersDep, page: PageDep, resource: ResourceName = None, dependent: ActorName = None,
                 provider: ActorName = None, modality: Modality = None, source: Source = None,
                 date_from: DateFrom = None, date_to: DateTo = None, citations: Citations = None,
                 roll_up: RollUp = False) -> dict[str, object]:
    return _page(answers.edge_page("dependency", subject=dependent, object=provider, resource=resource,
                                   modality=modality, source=source, date_from=_iso(date_from),
                                   date_to=_iso(date_to), limit=page.limit, offset=page.offset,
                                   citations=citations, roll_up=roll_up), page)


@router.get("/restrictions", response_model=Page[Edge], summary="Who restricts whom, for what")
def restrictions(answers: AnswersDep, page: PageDep, resource: ResourceName = None, restrictor: ActorName = None,
                 target: ActorName = None, modality: Modality = None, source: Source = None,
                 date_from: DateFrom = None, date_to: DateTo = None, citations: Citations = None,
                 roll_up: RollUp = False) -> dict[str, object]:
    return _page(answers.edge_page("restriction", subject=restrictor, object=target, resource=resource,
                                   modality=modality, source=source, date_from=_iso(date_from),
                                   date_to=_iso(date_to), limit=page.limit, offset=page.offset,
                                   citations=citations, roll_up=roll_up), page)


@router.get("/cooperations", response_model=Page[Edge], summary="Who cooperates with whom (either direction)")
def cooperations(answers: AnswersDep, page: PageDep, actor: ActorName = None, partner: ActorName = None,
                 resource: ResourceName = None, modality: Modality = None, source: Source = None,
                 date_from: DateFrom = None, date_to: DateTo = None, citations: Citations = None,
                 roll_up: RollUp = False) -> dict[str, object]:
    return _page(answers.edge_page("cooperation", subject=actor, object=partner, resource=resource,
                                   modality=modality, source=source, date_from=_iso(date_from),
                                   date_to=_iso(date_to), limit=page.limit, offset=page.offset,
                                   citations=citations, symmetric=True, roll_up=roll_up),
                 page)
