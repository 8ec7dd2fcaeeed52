"""/export, /chokepoints and /impact: network exports (GEXF, GraphML), RDF dumps and dependency analysis."""
from __future__ import annotations

from datetime import date
from dataclasses import replace
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel

from kg.core.namespaces import KINDS
from kg.read.analysis import chokepoints, impact
from kg.read.export import default_path, export_bytes, get_format
from kg.read.network import NetworkFilter, resource_key

from ..deps import IsoDate, MAX_NAME, AnswersDep
from ..models import Chokepoint, Impact

router = APIRouter(tags=["network"])

RdfExt = Literal["trig", "nq", "ttl", "jsonld"]


# ---- shared parameters

class NetworkParams(BaseModel):
    resource: str | None
    since: date | None
    until: date | None
    min_support: int


def network_params(
    resource: Annotated[str | None, Query(min_length=1, max_length=MAX_NAME,
                                          description="Resource key, label or synonym (chips, GPUs...).")] = None,
    since: Annotated[IsoDate | None, Query(description="Only claims from articles dated on or after this day.")] = None,
    until: Annotated[IsoDate | None, Query(description="Only claims from articles dated on or before this day.")] = None,
    min_support: Annotated[int, Query(ge=1, le=10_000, description="Drop edges backed by fewer claims.")] = 1,
) -> NetworkParams:
    return NetworkParams(resource=resource, since=since, until=until, min_support=min_support)


NetworkDep = Annotated[NetworkParams, Depends(network_params)]
KindParam = Annotated[Literal[KINDS] | None,
                      Query(description="Only this relation kind.")]
RollUpParam = Annotated[bool, Query(description="Actors rolled up to their state or bloc; each edge lists the "
                                                "actors it stands for (subject_members, object_members).")]
ArticleParam = Annotated[str | None, Query(min_length=1, max_length=MAX_NAME,
                                           description="Only this article: its IRI or local name.")]


def _filter(p: NetworkParams, answers, kind: str | None = None) -> NetworkFilter:
    resource = resource_key(answers.store, p.resource, answers.catalog) if p.resource else None
    return NetworkFilter(resource=resource, kind=kind, since=p.since, until=p.until, min_support=p.min_support)


def _download(answers, fmt_name: str, flt: NetworkFilter | None = None, dynamic: bool = False,
              article: str | None = None) -> Response:
    fmt = get_format(fmt_name)
    data, _ = export_bytes(answers.store, fmt, flt, dynamic, article, answers)
    name = default_path(fmt, flt, dynamic, article).name
    return Response(data, media_type=fmt.media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})


# ---- routes

@router.get("/export/graph.gexf", response_class=Response, summary="The network as GEXF 1.3 for Gephi",
            responses={200: {"content": {"application/gexf+xml": {}}}})
def export_gexf(answers: AnswersDep, params: NetworkDep, kind: KindParam = None,
                dynamic: Annotated[bool, Query(description="Edge spells from the articles' dates (Gephi timeline).")] = False,
                article: ArticleParam = None, roll_up: RollUpParam = False) -> Response:
    return _download(answers, "gexf", replace(_filter(params, answers, kind), roll_up=roll_up), dynamic, article)


@router.get("/export/graph.graphml", response_class=Response, summary="The network as GraphML",
            responses={200: {"content": {"application/graphml+xml": {}}}})
def export_graphml(answers: AnswersDep, params: NetworkDep, kind: KindParam = None,
                   article: ArticleParam = None, roll_up: RollUpParam = False) -> Response:
    return _download(answers, "graphml", replace(_filter(params, answers, kind), roll_up=roll_up), False, article)


@router.get("/export/dump.{ext}", response_class=Response, summary="The whole store (or one article) as RDF",
            responses={200: {"content": {f.media_type: {} for f in map(get_format, ("trig", "nq", "ttl", "jsonld"))}}})
def export_dump(answers: AnswersDep, ext: RdfExt, article: ArticleParam = None) -> Response:
    return _download(answers, ext, article=article)


@router.get("/export/articles/{article}/dump.{ext}", response_class=Response,
            summary="One article's named graph as RDF")
def export_article_dump(answers: AnswersDep, ext: RdfExt, article: Annotated[str, Path(
        max_length=MAX_NAME, description="The article's local name (or article:LOCAL).",
        json_schema_extra={"pattern": r"^(?:article:)?[A-Za-z0-9_-]{1,100}$"})]) -> Response:
    return _download(answers, ext, article=article)


@router.get("/chokepoints", response_model=list[Chokepoint],
            summary="Providers ranked by how much of the dependency network runs through them")
def get_chokepoints(answers: AnswersDep, params: NetworkDep,
                    limit: Annotated[int, Query(ge=1, le=1000, description="Most providers to return.")] = 20,
                    ) -> list[Chokepoint]:
    return chokepoints(answers.store, _filter(params, answers, "dependency"), limit, answers=answers)


@router.get("/impact/{actor}", response_model=Impact,
            summary="Every actor that depends on ACTOR directly or transitively, each hop cited")
def get_impact(answers: AnswersDep, params: NetworkDep,
               actor: Annotated[str, Path(min_length=1, max_length=MAX_NAME, description="Actor name, alias or key.")],
               ) -> Impact:
    return impact(answers.store, actor, _filter(params, answers, "dependency"), answers=answers)
