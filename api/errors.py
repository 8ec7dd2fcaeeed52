"""The one place kg's domain errors (and request validation errors) become RFC 9457 problem+json."""
from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from kg.core.errors import (
    ConfigError,
    InputError,
    KGError,
    NotAuthenticated,
    NotFound,
    Overloaded,
    QueryError,
    QueryTimeout,
    QueryTooCostly,
    RequestTooLarge,
    ResultTooLarge,
    StoreError,
    UnknownQuestion,
    UnsupportedFormat,
    UpdateNotAllowed,
    WriteRefused,
)
from kg.read.sparql import NotAcceptable

PROBLEM = "application/problem+json"
TYPE_BASE = "https://w3id.org/aigeo/problem/"

# Most specific first: the first class an error is an instance of decides its status and title.
STATUS: list[tuple[type[KGError], int, str, str]] = [
    (UpdateNotAllowed, 400, "update-not-allowed", "Updates are not accepted"),
    (UnknownQuestion, 400, "unknown-question", "Question not understood"),
    (NotAcceptable, 406, "not-acceptable", "No acceptable representation"),
    (QueryTimeout, 422, "query-timeout", "Query time limit exceeded"),
    (QueryTooCostly, 422, "query-too-costly", "Query stopped by its resource limits"),
    (ResultTooLarge, 422, "result-too-large", "Result larger than the limit"),
    (RequestTooLarge, 413, "request-too-large", "Request body too large"),
    (UnsupportedFormat, 415, "unsupported-media-type", "Unsupported media type"),
    (QueryError, 400, "bad-query", "Bad query or parameter"),
    (NotFound, 404, "not-found", "Not found"),
    (InputError, 400, "bad-input", "Bad input"),
    (NotAuthenticated, 401, "not-authenticated", "Authentication required"),
    (WriteRefused, 403, "read-only", "This server takes no writes"),
    (StoreError, 503, "store-unavailable", "Store unavailable"),
    (Overloaded, 503, "overloaded", "All query workers busy"),
    (ConfigError, 500, "configuration", "Server misconfigured"),
    (KGError, 500, "internal", "Internal error"),
]


def problem_document(status: int, slug: str, title: str, detail: str, instance: str | None, **extra: object) -> dict:
    """The RFC 9457 body every error answer carries (also below the app: api/protocol.py)."""
    body = {"type": TYPE_BASE + slug, "title": title, "status": status, "detail": detail, **extra}
    if instance is not None:
        body["instance"] = instance
    return body


def problem(request: Request, status: int, slug: str, title: str, detail: str, **extra: object) -> JSONResponse:
    body = problem_document(status, slug, title, detail, request.url.path, **extra)
    headers = {"Retry-After": "5"} if status == 503 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


async def kg_error(request: Request, exc: KGError) -> JSONResponse:
    for cls, status, slug, title in STATUS:
        if isinstance(exc, cls):
            extra: dict[str, object] = {}
            if isinstance(exc, UnknownQuestion):
                extra["forms"] = exc.forms
            if isinstance(exc, NotAcceptable):
                extra["acceptable"] = exc.offered
            response = problem(request, status, slug, title, str(exc), **extra)
            if isinstance(exc, NotAuthenticated):
                response.headers["WWW-Authenticate"] = 'Bearer realm="aigeo-kg reviews"'
            return response
    raise exc  # unreachable: KGError is last in STATUS


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = []
    for e in exc.errors():
        where = ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body"))
        errors.append({"parameter": where, "message": e.get("msg", "")})
    detail = "; ".join(f"{e['parameter']}: {e['message']}" for e in errors) or "invalid request"
    return problem(request, 422, "invalid-parameter", "Invalid parameter", detail, errors=errors)


async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    slug = {404: "not-found", 405: "method-not-allowed", 413: "request-too-large",
            415: "unsupported-media-type"}.get(exc.status_code, "http")
    response = problem(request, exc.status_code, slug, _reason(exc.status_code), str(exc.detail))
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    if exc.status_code == 405:
        # Starlette names the methods of the first route on the path only (GET of GET /sparql)
        response.headers["Allow"] = ", ".join(_allowed_methods(request))
    return response


def _allowed_methods(request: Request) -> list[str]:
    from starlette.routing import Match

    routes = request.app.router.routes
    return [m for m in ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")
            if any(r.matches({**request.scope, "method": m})[0] == Match.FULL for r in routes)]


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    # a bug, not a bad request: say so in the same shape; the traceback goes to the server's log
    return problem(request, 500, "internal", "Internal error", "the server failed to answer this request")


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def install(app: FastAPI) -> None:
    app.add_exception_handler(KGError, kg_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)
