"""The application factory: settings in, FastAPI app out; the store is opened for the app's lifetime."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from fastapi import FastAPI

from kg import __version__
from kg.read.answers import Answers
from kg.core.errors import StoreError
from kg.read.query_pool import QueryPool
from kg.store.serving import ServedStore
from kg.core.settings import Settings

from . import cors, errors, openapi
from .routes import (actors, articles, ask, catalog, claims, docs, figures, network, page, passages, plans, relations,
                     reviews, sparql)

RETRY_OPEN_S = 2.0  # how often a server whose store could not be opened tries again


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API over the store `settings` name, opened read-only (a snapshot: restart after `kg build`).

    When the store cannot be opened at start (a build holds it, or there is none yet) the app starts
    anyway, every data route answers 503 with the reason, and the store is tried again every
    RETRY_OPEN_S seconds until it opens. Without `settings` they come from the `KG_*` environment
    (how `kg serve` builds the app by its import string).
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.served = None
        app.state.answers = None
        app.state.pool = None
        app.state.store_problem = None
        retry = None
        try:
            _open(app, settings)
        except StoreError as exc:
            # the app still starts, so /docs works and every data route explains what is missing
            app.state.store_problem = f"{exc} (trying again every {RETRY_OPEN_S:g} s)"
            retry = asyncio.create_task(_open_when_possible(app, settings))
        try:
            yield
        finally:
            if retry is not None:
                retry.cancel()
                with suppress(asyncio.CancelledError):
                    await retry
            if app.state.pool is not None:
                app.state.pool.close()
            if app.state.served is not None:
                app.state.served.close()

    app = FastAPI(
        title="aigeo-kg",
        version=__version__,
        summary="AI-geopolitics claims graph: SPARQL 1.1 Protocol endpoint and a JSON API; every relation cited.",
        lifespan=lifespan,
        docs_url=None,  # served from local files by routes/docs.py: no CDN
        redoc_url=None,
    )
    app.state.settings = settings
    errors.install(app)
    openapi.document(app)
    cors.install(app, settings)
    for module in (sparql, ask, catalog, actors, relations, claims, figures, passages, articles, network, plans, reviews):
        app.include_router(module.router)
    docs.install(app)
    page.install(app)
    return app


def _opened(settings: Settings) -> tuple[ServedStore, Answers]:
    """The snapshot and its read model; raises StoreError."""
    served = ServedStore(settings)
    try:
        answers = Answers(served.store)
        answers.warm()  # names and the relation index are read (or loaded) before the first request
    except BaseException:
        served.close()
        raise
    return served, answers


def _open(app: FastAPI, settings: Settings) -> None:
    _publish(app, *_opened(settings), settings)


def _publish(app: FastAPI, served: ServedStore, answers: Answers, settings: Settings) -> None:
    # the query workers are forked from here: on the event loop's thread, with the store idle
    app.state.pool = QueryPool(served.store, settings)
    app.state.served, app.state.answers, app.state.store_problem = served, answers, None


async def _open_when_possible(app: FastAPI, settings: Settings) -> None:
    loop = asyncio.get_running_loop()
    while True:
        await asyncio.sleep(RETRY_OPEN_S)
        try:
            served, answers = await loop.run_in_executor(None, _opened, settings)
        except StoreError as exc:
            app.state.store_problem = f"{exc} (trying again every {RETRY_OPEN_S:g} s)"
            continue
        _publish(app, served, answers, settings)
        return
