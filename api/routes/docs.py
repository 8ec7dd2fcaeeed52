"""/docs and /redoc: Swagger UI and ReDoc from files served here (fastapi-offline's copies), never from a CDN."""
from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/assets/docs"
# the package's static folder: swagger-ui-bundle.js, swagger-ui.css, redoc.standalone.js, favicon.png
ASSET_DIR = str(files("fastapi_offline").joinpath("static"))

# Nothing on these pages may load from elsewhere: ReDoc's bundle draws its sidebar logo from its CDN, which
# this refuses before any request leaves (the image then hides itself), so the pages behave the same offline.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' blob:; worker-src 'self' blob:; "
       "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'")

router = APIRouter(include_in_schema=False)


def _local_only(response: HTMLResponse) -> HTMLResponse:
    response.headers["Content-Security-Policy"] = CSP
    return response


@router.get("/docs")
def swagger_ui() -> HTMLResponse:
    return _local_only(get_swagger_ui_html(
        openapi_url="/openapi.json", title="aigeo-kg API", oauth2_redirect_url="/docs/oauth2-redirect",
        swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js", swagger_css_url=f"{ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS}/favicon.png",
        # the default validator badge would ask a third-party server about our schema
        swagger_ui_parameters={"validatorUrl": None}))


@router.get("/docs/oauth2-redirect")
def swagger_ui_redirect() -> HTMLResponse:
    return get_swagger_ui_oauth2_redirect_html()


@router.get("/redoc")
def redoc() -> HTMLResponse:
    return _local_only(get_redoc_html(
        openapi_url="/openapi.json", title="aigeo-kg API", redoc_js_url=f"{ASSETS}/redoc.standalone.js",
        redoc_favicon_url=f"{ASSETS}/favicon.png", with_google_fonts=False))


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.mount(ASSETS, StaticFiles(directory=ASSET_DIR), name="docs-assets")
