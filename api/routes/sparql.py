"""/sparql: the SPARQL 1.1 Protocol query operation (GET, form POST, direct POST), read-only."""
from __future__ import annotations

from enum import Enum
from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import APIRouter, Header, Query, Request, Response

from kg.core.errors import QueryError, RequestTooLarge, UnsupportedFormat, UpdateNotAllowed
from kg.read.sparql import FORMAT_NAMES, FORMAT_VALUES, accept_of_format, prepare

from ..deps import PoolDep

router = APIRouter(tags=["sparql"])

_DOC = ("SPARQL 1.1 query (prefixes aig: actor: res: prov: dcterms: schema: skos: predeclared). The default "
        "graph is the union of all graphs unless the query has FROM / FROM NAMED or the request gives "
        "default-graph-uri / named-graph-uri (which then replace the query's). SELECT/ASK answer as JSON, XML, "
        "CSV or TSV, CONSTRUCT/DESCRIBE as Turtle, N-Triples, JSON-LD, RDF/XML, N-Quads or TriG, chosen by Accept "
        "or by the `format` parameter (" + ", ".join(FORMAT_NAMES) + ", or a media type), which overrides Accept. "
        "Updates and SERVICE are refused; queries nested too deeply are refused before they run.")
_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"
_UPDATE = "application/sparql-update"
MAX_BODY = 200_000
_Format = Enum("Format", {name: name for name in FORMAT_VALUES}, type=str)
_GRAPH_PARAMS = ("default-graph-uri", "named-graph-uri")


async def _answer(pool, params: list[tuple[str, str]], accept: str | None) -> Response:
    names = [k for k, _ in params]
    if "update" in names:
        raise UpdateNotAllowed("SPARQL updates are not accepted: this endpoint is read-only")
    queries = [v for k, v in params if k == "query"]
    if len(queries) > 1:
        raise QueryError("more than one `query` parameter: send exactly one")
    query = queries[0] if queries else None
    if query is None or not query.strip():
        raise QueryError("missing the `query` parameter: send ?query=... or a POST body")
    formats = [v for k, v in params if k == "format"]
    if formats:
        accept = accept_of_format(formats)
    graphs = {key: [v for k, v in params if k == key] for key in _GRAPH_PARAMS}
    given = any(graphs.values())
    prepared = prepare(query, accept, graphs["default-graph-uri"] if given else None,
                       graphs["named-graph-uri"] if given else None)
    body, media_type = await pool.run(prepared)
    return Response(content=body, media_type=media_type, headers={"Vary": "Accept"})


@router.get("/sparql", summary="SPARQL query (GET)", description=_DOC)
async def sparql_get(
    pool: PoolDep,
    request: Request,
    query: Annotated[str | None, Query(description="The SPARQL query (required: see api/openapi.py).")] = None,
    default_graph_uri: Annotated[list[str] | None, Query(alias="default-graph-uri",
                                                         description="Graphs whose merge is the default graph.")] = None,
    named_graph_uri: Annotated[list[str] | None, Query(alias="named-graph-uri",
                                                       description="Graphs GRAPH may match.")] = None,
    format: Annotated[list[_Format] | None, Query(description="Answer format, overriding Accept.")] = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,  # documented by the responses
) -> Response:
    # the parameters above document the protocol in OpenAPI; they are read here with their repeats
    return await _answer(pool, list(request.query_params.multi_items()), accept)


_FORM_FIELDS = {
    "type": "object", "required": ["query"], "additionalProperties": False,
    "properties": {
        "query": {"type": "string", "minLength": 1, "description": "The SPARQL query."},
        "default-graph-uri": {"type": "array", "items": {"type": "string"}},
        "named-graph-uri": {"type": "array", "items": {"type": "string"}},
        "format": {"type": "array", "items": {"type": "string", "enum": list(FORMAT_VALUES)}},
    },
}
# the body is read by hand (size-limited, two content types): OpenAPI learns its shape from here
_POST_BODY = {"requestBody": {"required": True, "content": {
    _FORM: {"schema": _FORM_FIELDS,
            "encoding": {"default-graph-uri": {"explode": True}, "named-graph-uri": {"explode": True},
                         "format": {"explode": True}}},
    _DIRECT: {"schema": {"type": "string", "minLength": 1, "description": "The SPARQL query."}},
}}}


@router.post("/sparql", summary="SPARQL query (POST form or application/sparql-query)", description=_DOC,
             openapi_extra=_POST_BODY)
async def sparql_post(
    pool: PoolDep,
    request: Request,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,  # documented by the responses
    content_type: Annotated[str | None, Header(include_in_schema=False)] = None,  # by the request body
) -> Response:
    media = (content_type or "").split(";")[0].strip().lower()
    if media == _UPDATE:
        raise UpdateNotAllowed("SPARQL updates are not accepted: this endpoint is read-only")
    if media not in (_DIRECT, _FORM):
        raise UnsupportedFormat(f"unsupported content type {media or '(none)'!r}: send {_FORM} with query=... "
                                f"or {_DIRECT}")
    raw = await _read_body(request, MAX_BODY)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise QueryError("the request body is not UTF-8") from None
    params = list(request.query_params.multi_items())
    if media == _DIRECT:
        # the query is the body; graph and format parameters come in the URL
        params = [(k, v) for k, v in params if k in (*_GRAPH_PARAMS, "format")] + [("query", text)]
    else:
        params = parse_qsl(text, keep_blank_values=True)
    return await _answer(pool, params, accept)


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, refused as soon as it passes `limit` bytes (never read whole first)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise RequestTooLarge(f"request body larger than {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestTooLarge(f"request body larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
