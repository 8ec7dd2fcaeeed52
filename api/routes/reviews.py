"""/claims/{id}/reviews: an analyst's verdict on a claim (POST, with the review token) and a claim's review history."""
from __future__ import annotations

import hmac
from dataclasses import asdict
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, ConfigDict, Field

from kg.core.errors import NotAuthenticated, StoreError, WriteRefused
from kg.core.namespaces import REVIEWS_GRAPH
from kg.ingest import reviews
from kg.read.answers import Answers

from ..deps import SettingsDep, StoreDep

router = APIRouter(tags=["reviews"])

ClaimId = Annotated[str, Path(min_length=20, max_length=20, pattern=r"^[0-9a-f]{20}$",
                              description="The claim's id: the 20 hexadecimal digits after .../claim/.")]


class ReviewIn(BaseModel):
    """A verdict on a claim."""

    model_config = ConfigDict(extra="forbid")

    verdict: Literal["verified", "disputed", "rejected"]
    note: str | None = Field(None, max_length=reviews.MAX_NOTE, description="Why (at most 2,000 characters).")
    by: str = Field(min_length=1, max_length=80, pattern=r"^[^\W\d_][\w .'@-]{0,79}$",
                    description="Who reviews: letters, digits, spaces and . _ ' @ -, starting with a letter.")


class ReviewOut(BaseModel):
    iri: str
    claim: str
    verdict: str
    by: str
    time: str
    note: str | None = None
    quote: str | None = None
    article: str | None = None
    kind: str | None = None


def require_review_token(request: Request, settings: SettingsDep) -> None:
    """Writes need the configured token as `Authorization: Bearer ...`; without a token configured, none
    are taken. Runs before the body is read, so a refused request changes nothing and learns nothing."""
    if settings.review_token is None:
        raise WriteRefused("this server is read-only: start it with KG_REVIEW_TOKEN set to accept reviews")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    expected = settings.review_token.get_secret_value().encode()
    # compare_digest on bytes takes time independent of where they differ
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected):
        raise NotAuthenticated("a review needs the server's review token as 'Authorization: Bearer TOKEN'")


@router.post("/claims/{claim_id}/reviews", response_model=ReviewOut, status_code=201,
             dependencies=[Depends(require_review_token)],
             summary="Review a claim: verified, disputed or rejected (needs the review token)")
def post_review(request: Request, claim_id: ClaimId, review: ReviewIn) -> ReviewOut:
    app = request.app
    served = app.state.served
    if served is None:
        raise StoreError(app.state.store_problem or "the store is not open")
    def reread() -> None:
        # the snapshot changed: answers are read again (the read index is keyed by the new state), before
        # the next write, so the answers published last are those of the last write
        answers = Answers(served.store)
        answers.warm()
        app.state.answers = answers

    done = served.write(lambda store: reviews.add_review(store, claim_id, review.verdict, review.note, review.by),
                        [str(REVIEWS_GRAPH)], then=reread)
    return ReviewOut(**asdict(done))


@router.get("/claims/{claim_id}/reviews", response_model=list[ReviewOut],
            summary="Every review of a claim, oldest first (the last one counts)")
def claim_reviews(store: StoreDep, claim_id: ClaimId) -> list[ReviewOut]:
    return [ReviewOut(**asdict(v)) for v in reviews.read_reviews(store, reviews.claim_iri(claim_id))]
