"""/sparql: the SPARQL 1.1 Protocol query operation (GET, form POST, direct POST), read-only."""
from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Header, Query, Request, Response

from kg.errors import QueryError, UpdateNotAllowed
from kg.sparql import run_protocol_query

from ..deps import SettingsDep, StoreDep

router = APIRouter(tags=["sparql"])

_DOC = ("SPARQL 1.1 query over the union of all graphs (prefixes aig: actor: res: prov: dcterms: schema: skos: "
        "predeclared). SELECT/ASK answer as JSON, XML, CSV or TSV, CONSTRUCT/DESCRIBE as Turtle, N-Triples, "
        "JSON-LD, RDF/XML, N-Quads or TriG, chosen by Accept. Updates are refused.")
_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"
_UPDATE = "application/sparql-update"
MAX_BODY = 200_000


def _answer(store, settings, query: str | None, accept: str | None) -> Response:
    if query is None or not query.strip():
        raise QueryError("missing the `query` parameter: send ?query=... or a POST body")
    body, media_type = run_protocol_query(store, query, accept, settings.query_timeout_s, settings.max_results)
    return Response(content=body, media_type=media_type, headers={"Vary": "Accept"})


@router.get("/sparql", summary="SPARQL query (GET)", description=_DOC)
def sparql_get(
    store: StoreDep,
    settings: SettingsDep,
    request: Request,
    query: Annotated[str | None, Query(description="The SPARQL query.")] = None,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    _refuse_dataset(dict(request.query_params))
    if "update" in request.query_params:
        raise UpdateNotAllowed("SPARQL updates are not accepted: this endpoint is read-only")
    return _answer(store, settings, query, accept)


@router.post("/sparql", summary="SPARQL query (POST form or application/sparql-query)", description=_DOC)
async def sparql_post(
    store: StoreDep,
    settings: SettingsDep,
    request: Request,
    accept: Annotated[str | None, Header()] = None,
    content_type: Annotated[str | None, Header()] = None,
) -> Response:
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise QueryError(f"request body larger than {MAX_BODY} bytes")
    media = (content_type or "").split(";")[0].strip().lower()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise QueryError("the request body is not UTF-8") from None
    if media == _DIRECT:
        query = text
    elif media == _FORM:
        form = {k: v[-1] for k, v in parse_qs(text, keep_blank_values=True).items()}
        if "update" in form:
            raise UpdateNotAllowed("SPARQL updates are not accepted: this endpoint is read-only")
        _refuse_dataset(form)
        query = form.get("query")
    elif media == _UPDATE:
        raise UpdateNotAllowed("SPARQL updates are not accepted: this endpoint is read-only")
    else:
        raise QueryError(f"unsupported content type {media or '(none)'!r}: send {_FORM} with query=... "
                         f"or {_DIRECT}")
    # the heavy part runs in a worker thread with its own deadline (kg.sparql)
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_answer, store, settings, query, accept)


def _refuse_dataset(params: dict[str, str]) -> None:
    for key in ("default-graph-uri", "named-graph-uri"):
        if key in params:
            raise QueryError(f"`{key}` is not supported: the default graph is the union of all graphs; "
                             "use GRAPH or FROM in the query")
