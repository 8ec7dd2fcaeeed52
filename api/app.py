"""The application factory: settings in, FastAPI app out; the store is opened for the app's lifetime."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from kg import __version__
from kg.answers import Answers
from kg.errors import StoreError
from kg.serving import ServedStore
from kg.settings import Settings

from . import errors
from .routes import actors, articles, ask, claims, figures, network, relations, sparql

def create_app(settings: Settings) -> FastAPI:
    """The API over the store `settings` name, opened read-only (a snapshot: restart after `kg build`)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.served = None
        app.state.answers = None
        app.state.store_problem = None
        try:
            app.state.served = ServedStore(settings)
            # names and the relation index are read before the first request, not during it
            answers = Answers(app.state.served.store)
            answers.index
            app.state.answers = answers
        except StoreError as exc:
            # the app still starts, so /docs works and every data route explains what is missing
            app.state.store_problem = str(exc)
        try:
            yield
        finally:
            if app.state.served is not None:
                app.state.served.close()

    app = FastAPI(
        title="aigeo-kg",
        version=__version__,
        summary="AI-geopolitics claims graph: SPARQL 1.1 Protocol endpoint and a JSON API; every relation cited.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    errors.install(app)
    for module in (sparql, ask, actors, relations, claims, figures, articles, network):
        app.include_router(module.router)
    return app
