"""/dependencies, /restrictions, /cooperations: claims grouped into edges, each with its citations."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from kg.core.namespaces import MODALITIES
from kg.read.records import EdgePage

from .. import deps
from ..deps import ActorName, AnswersDep, PageDep, ResourceName
from ..models import Edge, Page, page_of

router = APIRouter(tags=["relations"])

Modality = Annotated[Literal[MODALITIES] | None, Query()]
Source = Annotated[str | None, Query(min_length=1, max_length=200, pattern=deps.NAME_PATTERN,
                                     description="Actor the claims are attributed to.")]
DateFrom = Annotated[deps.IsoDate | None, Query(description="Articles dated on or after (YYYY-MM-DD).")]
DateTo = Annotated[deps.IsoDate | None, Query(description="Articles dated on or before (YYYY-MM-DD).")]
Since = Annotated[deps.IsoDate | None, Query(description="Articles dated on or after (YYYY-MM-DD): date_from by "
                                                         "another name (both given, the later counts).")]
Until = Annotated[deps.IsoDate | None, Query(description="Articles dated on or before (YYYY-MM-DD): date_to by "
                                                         "another name (both given, the earlier counts).")]
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


def _since(date_from: dt.date | None, since: dt.date | None) -> str | None:
    """`since` is `date_from` by the name `kg ask` and the network routes use; both given, the later wins."""
    return _iso(max((d for d in (date_from, since) if d), default=None))


def _until(date_to: dt.date | None, until: dt.date | None) -> str | None:
    return _iso(min((d for d in (date_to, until) if d), default=None))


@router.get("/dependencies", response_model=Page[Edge], summary="Who depends on whom, for what")
def dependencies(answers: AnswersDep, page: PageDep, resource: ResourceName = None, dependent: ActorName = None,
                 provider: ActorName = None, modality: Modality = None, source: Source = None,
                 date_from: DateFrom = None, date_to: DateTo = None, citations: Citations = None,
                 roll_up: RollUp = False, since: Since = None, until: Until = None) -> dict[str, object]:
    return _page(answers.edge_page("dependency", subject=dependent, object=provider, resource=resource,
                                   modality=modality, source=source, date_from=_since(date_from, since),
                                   date_to=_until(date_to, until), limit=page.limit, offset=page.offset,
                                   citations=citations, roll_up=roll_up), page)


@router.get("/restrictions", response_model=Page[Edge], summary="Who restricts whom, for what")
def restrictions(answers: AnswersDep, page: PageDep, resource: ResourceName = None, restrictor: ActorName = None,
                 target: ActorName = None, modality: Modality = None, source: Source = None,
                 date_from: DateFrom = None, date_to: DateTo = None, citations: Citations = None,
                 roll_up: RollUp = False, since: Since = None, until: Until = None) -> dict[str, object]:
    return _page(answers.edge_page("restriction", subject=restrictor, object=target, resource=resource,
                                   modality=modality, source=source, date_from=_since(date_from, since),
                                   date_to=_until(date_to, until), limit=page.limit, offset=page.offset,
                                   citations=citations, roll_up=roll_up), page)


@router.get("/cooperations", response_model=Page[Edge], summary="Who cooperates with whom (either direction)")
def cooperations(answers: AnswersDep, page: PageDep, actor: ActorName = None, partner: ActorName = None,
                 resource: ResourceName = None, modality: Modality = None, source: Source = None,
                 date_from: DateFrom = None, date_to: DateTo = None, citations: Citations = None,
                 roll_up: RollUp = False, since: Since = None, until: Until = None) -> dict[str, object]:
    return _page(answers.edge_page("cooperation", subject=actor, object=partner, resource=resource,
                                   modality=modality, source=source, date_from=_since(date_from, since),
                                   date_to=_until(date_to, until), limit=page.limit, offset=page.offset,
                                   citations=citations, symmetric=True, roll_up=roll_up),
                 page)
