"""The OpenAPI document describes exactly what the server answers and refuses (checked by schemathesis)."""
from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from .errors import PROBLEM

# What an operation answers besides its success, all as application/problem+json: every data route
# may refuse a parameter (400, 422), not find a name (404), lack its store (503) or fail (500); the
# SPARQL endpoint also negotiates formats (406) and limits POST bodies (413, 415).
_PROBLEMS = {400: "Bad query or parameter", 404: "Unknown actor, resource, article or route",
             422: "Invalid parameter, or a query stopped by its limits", 500: "Internal error",
             503: "Store unavailable or all query workers busy (Retry-After)"}
_MORE_PROBLEMS = {("/claims/{claim_id}/reviews", "post"): {
                      401: "No review token, or not the right one (WWW-Authenticate: Bearer)",
                      403: "This server takes no writes (started without KG_REVIEW_TOKEN)"},
                  ("/sparql", "get"): {406: "No acceptable representation"},
                  ("/sparql", "post"): {406: "No acceptable representation", 413: "Request body too large",
                                        415: "Unsupported media type"}}


def _problem_schema() -> dict:
    return {
        "type": "object", "description": "RFC 9457 problem details", "required": ["type", "title", "status", "detail"],
        "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                       "detail": {"type": "string"}, "instance": {"type": "string"},
                       "errors": {"type": "array", "items": {"type": "object"}},
                       "forms": {"type": "array", "items": {"type": "string"}},
                       "acceptable": {"type": "array", "items": {"type": "string"}}},
    }


# Parameters a route reads by hand (to refuse them with the SPARQL protocol's 400 and its reason),
# which a request must nevertheless carry: the document says so.
_REQUIRED_BY_HAND = {("/sparql", "get"): {"query"}}


def document(app: FastAPI) -> None:
    """Make /openapi.json say what the server does: every error status as problem+json (FastAPI
    documents only 422, and as application/json), and the parameters the server requires."""

    def openapi() -> dict:
        if app.openapi_schema is None:
            spec = get_openapi(title=app.title, version=app.version, summary=app.summary,
                               description=app.description, routes=app.routes)
            spec.setdefault("components", {}).setdefault("schemas", {})["Problem"] = _problem_schema()
            for name in ("HTTPValidationError", "ValidationError"):
                spec["components"]["schemas"].pop(name, None)
            for path, operations in spec.get("paths", {}).items():
                for method, op in operations.items():
                    for param in op.get("parameters", []):
                        if param["name"] in _REQUIRED_BY_HAND.get((path, method), ()):
                            param["required"] = True
                            schema = param.get("schema", {})
                            schema.pop("anyOf", None)
                            param["schema"] = {**schema, "type": "string", "minLength": 1}
                    statuses = {**_PROBLEMS, **_MORE_PROBLEMS.get((path, method), {})}
                    for status, description in statuses.items():
                        op.setdefault("responses", {})[str(status)] = {
                            "description": description,
                            "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi
