"""Request dependencies as Annotated aliases, so route signatures read as data."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request
from pydantic import BeforeValidator

from kg.read.answers import Answers
from kg.read.values import ARTICLE_ID
from kg.core.namespaces import ARTICLE
from kg.core.errors import StoreError
from kg.read.query_pool import QueryPool
from kg.core.settings import Settings
from kg.store import Store

MAX_LIMIT = 1000
MAX_OFFSET = 1_000_000
MAX_NAME = 200


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> Store:
    served = request.app.state.served
    if served is None:
        raise StoreError(request.app.state.store_problem or "the store is not open")
    return served.store


def get_pool(request: Request) -> QueryPool:
    pool = request.app.state.pool
    if pool is None:
        raise StoreError(request.app.state.store_problem or "the store is not open")
    return pool


def get_answers(request: Request, store: Annotated[Store, Depends(get_store)],
                include_rejected: Annotated[bool, Query(description="Keep the claims an analyst rejected (marked "
                                                                    "with their review); left out by default.")] = False,
                ) -> Answers:
    # read once at start-up (app.py) and again after a review is written (routes/reviews.py)
    answers = request.app.state.answers
    if answers is None:  # an app whose store could not be opened; get_store has said why
        raise StoreError(request.app.state.store_problem or "the store is not open")
    return answers.rejected(include_rejected)


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int

    def slice(self, items: list) -> list:
        return items[self.offset:self.offset + self.limit]


def get_page(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (1-{MAX_LIMIT}).")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")] = 0,
) -> Page:
    return Page(limit, offset)


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
AnswersDep = Annotated[Answers, Depends(get_answers)]
PoolDep = Annotated[QueryPool, Depends(get_pool)]
PageDep = Annotated[Page, Depends(get_page)]

# Query parameters shared by several routes. Names are looked up in the catalog, never put in a query.
# A name holds something besides spaces (the catalog refuses a blank one; the pattern says so beforehand).
NAME_PATTERN = r"\S"
ActorName = Annotated[str | None, Query(min_length=1, max_length=MAX_NAME, pattern=NAME_PATTERN,
                                        description="Actor name, alias or key.")]
ResourceName = Annotated[str | None, Query(min_length=1, max_length=MAX_NAME, pattern=NAME_PATTERN,
                                           description="Resource label or synonym, e.g. chips, GPUs, semiconductors.")]


def _iso_day(value: object) -> object:
    """Only YYYY-MM-DD: pydantic alone would read `0` as a Unix time (1970-01-01), which no one means."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("expected a date as YYYY-MM-DD")
    return value


# a day in a query parameter: the OpenAPI `date` format, read strictly
IsoDate = Annotated[dt.date, BeforeValidator(_iso_day)]

# An article named in a request: its IRI or the local id after .../article/ (kg.read.answers checks the
# same and answers 400 with the reason; the pattern tells clients beforehand).
ARTICLE_ID_PATTERN = f"^(?:{re.escape(str(ARTICLE))})?{ARTICLE_ID.pattern}$"

