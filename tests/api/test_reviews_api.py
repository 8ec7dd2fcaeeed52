"""POST /claims/{id}/reviews: writes only with the review token, validated, concurrent writes all land, the
served answers follow at once; /plans. Real HTTP app over a real on-disk store built with the real model."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from kg.cli.app import app as kg_app
from kg.core.namespaces import REVIEWS_GRAPH
from kg.core.settings import Settings
from kg.ingest.build import build
from kg.store import open_store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lifecycle"
TOKEN = "test-review-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PLAN_QUOTE = "Malaysia intends to restrict exports of chips to Myanmar by the end of 2024."


@pytest.fixture()
def store_settings(tmp_path_factory) -> Settings:
    s = Settings(store_path=tmp_path_factory.mktemp("reviews") / "store")
    with open_store(s) as store:
        assert len(build([str(FIXTURES)], s, store).ingested) == 2
    return s


def _disk(settings: Settings) -> tuple[str, int]:
    """The on-disk store's state token and the size of its reviews graph."""
    with open_store(settings, read_only=True) as store:
        return store.state(), store.quad_count(str(REVIEWS_GRAPH))


def _claim_id(client: TestClient) -> str:
    items = client.get("/claims", params={"kind": "restriction"}).json()["items"]
    (c,) = [c for c in items if c["quote"] == PLAN_QUOTE]
    return c["claim"].rsplit("/", 1)[1]


def _problem(r, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    return r.json()


def test_a_server_without_a_review_token_takes_no_writes(store_settings: Settings) -> None:
    before = _disk(store_settings)
    with TestClient(create_app(store_settings)) as client:
        claim = _claim_id(client)
        body = _problem(client.post(f"/claims/{claim}/reviews", json={"verdict": "rejected", "by": "Ana"},
                                    headers=AUTH), 403)
        assert "read-only" in body["detail"]
    assert _disk(store_settings) == before


@pytest.mark.parametrize("headers, body", [
    ({}, {"verdict": "rejected", "by": "Ana"}),
    ({"Authorization": "Bearer wrong-token-0123456789"}, {"verdict": "rejected", "by": "Ana"}),
    ({"Authorization": f"Basic {TOKEN}"}, {"verdict": "rejected", "by": "Ana"}),
    ({"Authorization": TOKEN}, {"verdict": "rejected", "by": "Ana"}),
    ({}, {"verdict": "nonsense"}),  # the token is checked before the body: nothing is learnt from it
], ids=["none", "wrong", "basic", "bare", "none-bad-body"])
def test_a_post_without_the_right_bearer_token_is_refused_and_the_store_unchanged(store_settings, headers,
                                                                                  body) -> None:
    settings = store_settings.with_overrides(review_token=TOKEN)
    before = _disk(settings)
    with TestClient(create_app(settings)) as client:
        claim = _claim_id(client)
        r = client.post(f"/claims/{claim}/reviews", json=body, headers=headers)
        _problem(r, 401)
        assert r.headers["www-authenticate"].startswith("Bearer")
        assert TOKEN not in r.text
        assert len(client.get("/claims", params={"kind": "restriction"}).json()["items"]) == 1
    assert _disk(settings) == before


def test_a_rejected_claim_leaves_the_api_and_comes_back_marked_with_the_flag(store_settings) -> None:
    settings = store_settings.with_overrides(review_token=TOKEN)
    with TestClient(create_app(settings)) as client:
        claim = _claim_id(client)
        r = client.post(f"/claims/{claim}/reviews", json={"verdict": "rejected", "note": "misread", "by": "Ana Lee"},
                        headers=AUTH)
        assert r.status_code == 201, r.text
        assert r.json()["quote"] == PLAN_QUOTE
        assert client.get("/claims", params={"kind": "restriction"}).json()["total"] == 0
        assert client.get("/restrictions").json()["total"] == 0
        assert "Malaysia" not in client.get("/ask", params={"q": "who restricts whom"}).json()["text"]
        back = client.get("/restrictions", params={"include_rejected": "true"}).json()["items"]
        assert back[0]["rejected_count"] == 1 and back[0]["claims"][0]["review"]["verdict"] == "rejected"
        asked = client.get("/ask", params={"q": "who restricts whom", "include_rejected": "true"}).json()
        assert "REJECTED by Ana Lee" in asked["text"]
        # the latest review wins
        client.post(f"/claims/{claim}/reviews", json={"verdict": "verified", "by": "Bo Chen"}, headers=AUTH)
        edge = client.get("/restrictions").json()["items"][0]
        assert edge["verified_count"] == 1 and edge["claims"][0]["review"]["by"] == "Bo Chen"
        assert [v["verdict"] for v in client.get(f"/claims/{claim}/reviews").json()] == ["rejected", "verified"]
        # the SPARQL endpoint stays read-only with a token configured
        r = client.post("/sparql", data={"update": f"DROP GRAPH <{REVIEWS_GRAPH}>"}, headers=AUTH)
        assert r.status_code == 400
    state, size = _disk(settings)
    assert size > 0  # the reviews are on disk, not only in the served snapshot


def test_two_reviews_posted_at_once_both_land(store_settings) -> None:
    settings = store_settings.with_overrides(review_token=TOKEN)
    with TestClient(create_app(settings)) as client:
        claim = _claim_id(client)
        results: list[int] = []
        start = threading.Barrier(2)

        def post(by: str) -> None:
            start.wait()
            results.append(client.post(f"/claims/{claim}/reviews", json={"verdict": "disputed", "by": by},
                                       headers=AUTH).status_code)

        threads = [threading.Thread(target=post, args=(name,)) for name in ("Ana", "Bo")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results == [201, 201]
        assert sorted(v["by"] for v in client.get(f"/claims/{claim}/reviews").json()) == ["Ana", "Bo"]


@pytest.mark.parametrize("claim, body, status", [
    ("0123456789abcdef0123", {"verdict": "verified", "by": "Ana"}, 404),
    ("not-a-claim-id-at-all", {"verdict": "verified", "by": "Ana"}, 422),
    (None, {"verdict": "fine", "by": "Ana"}, 422),
    (None, {"verdict": "verified", "by": "Ana", "note": "x" * 2001}, 422),
    (None, {"verdict": "verified", "by": "<script>"}, 422),
    (None, {"verdict": "verified", "by": "Ana", "extra": 1}, 422),
    (None, {"verdict": "verified"}, 422),
])
def test_a_review_with_bad_input_is_refused_as_problem_json(store_settings, claim, body, status) -> None:
    settings = store_settings.with_overrides(review_token=TOKEN)
    before = _disk(settings)
    with TestClient(create_app(settings)) as client:
        claim = claim or _claim_id(client)
        _problem(client.post(f"/claims/{claim}/reviews", json=body, headers=AUTH), status)
    assert _disk(settings) == before


def test_plans_lists_due_dates_and_status(store_settings) -> None:
    with TestClient(create_app(store_settings)) as client:
        page = client.get("/plans", params={"as_of": "2026-01-01"}).json()
        assert {(p["claim"]["kind"], p["due"], p["status"]) for p in page["items"]} == {
            ("dependency", "2024-12-31", "abandoned"), ("restriction", "2024-12-31", "overdue"),
            ("cooperation", "2025-12-31", "fulfilled")}
        overdue = client.get("/plans", params={"status": "overdue", "as_of": "2026-01-01",
                                               "due_before": "2025-01-01"}).json()
        assert [p["claim"]["quote"] for p in overdue["items"]] == [PLAN_QUOTE]
        _problem(client.get("/plans", params={"status": "late"}), 422)


def test_the_review_token_is_never_shown_by_kg_settings() -> None:
    shown = CliRunner().invoke(kg_app, ["settings"], env={"KG_REVIEW_TOKEN": TOKEN})
    assert shown.exit_code == 0 and TOKEN not in shown.output and "review_token" in shown.output
