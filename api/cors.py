"""CORS for every route: pages on the origins the `cors_origins` setting names may read; nothing else is relaxed."""
from __future__ import annotations

from fastapi import FastAPI
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse, Response

from kg.core.settings import Settings, cors_origin_list

from .errors import PROBLEM, problem_document

# Reads only: an editor on another origin may GET or POST a query, never PUT or DELETE anything (and
# /sparql refuses updates by any method, whatever the origin).
METHODS = ("GET", "HEAD", "POST")
# Content-Type is not CORS-safelisted for application/sparql-query, so a direct POST needs it allowed
HEADERS = ("Accept", "Content-Type")
EXPOSED = ("Content-Disposition", "Retry-After")
MAX_AGE_S = 600


class ProblemCORSMiddleware(CORSMiddleware):
    """Starlette's CORSMiddleware whose refused preflight is a problem document like every other error."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code != 400:
            return response
        detail = (f"{response.body.decode()}: this server allows GET, HEAD and POST with the headers "
                  f"{', '.join(HEADERS)} from the origins its cors_origins setting names")
        body = problem_document(400, "cors-refused", "Cross-origin request refused", detail, None)
        keep = {k: v for k, v in response.headers.items() if k.lower() not in ("content-length", "content-type")}
        return JSONResponse(body, status_code=400, media_type=PROBLEM, headers=keep)


def install(app: FastAPI, settings: Settings) -> None:
    origins = cors_origin_list(settings.cors_origins)
    app.add_middleware(ProblemCORSMiddleware, allow_origins=origins, allow_methods=METHODS, allow_headers=HEADERS,
                       expose_headers=EXPOSED, allow_credentials=False, max_age=MAX_AGE_S)
