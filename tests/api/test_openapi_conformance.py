"""/openapi.json describes what the server does: schemathesis against a live kg serve finds no mismatch."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.live_server import live_server

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
CONFIG = Path(__file__).with_name("schemathesis.toml")


@pytest.fixture(scope="module")
def spec(client: TestClient) -> dict:
    return client.get("/openapi.json").json()


def test_every_operation_declares_its_errors_as_problem_json(spec) -> None:
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            for status in ("400", "404", "422", "500", "503"):
                content = op["responses"][status]["content"]
                assert list(content) == ["application/problem+json"], (method, path, status)
    assert "HTTPValidationError" not in spec["components"]["schemas"]


def test_the_sparql_endpoint_requires_a_query_and_declares_negotiation_and_body_limits(spec) -> None:
    get, post = spec["paths"]["/sparql"]["get"], spec["paths"]["/sparql"]["post"]
    query = next(p for p in get["parameters"] if p["name"] == "query")
    assert query["required"] and query["schema"]["minLength"] == 1
    assert post["requestBody"]["required"]
    assert set(post["requestBody"]["content"]) == {"application/x-www-form-urlencoded", "application/sparql-query"}
    assert {"406"} <= set(get["responses"]) and {"406", "413", "415"} <= set(post["responses"])


def test_the_ask_question_is_described_by_the_forms_it_understands(spec, client) -> None:
    import re

    q = next(p for p in spec["paths"]["/ask"]["get"]["parameters"] if p["name"] == "q")
    pattern = re.compile(q["schema"]["pattern"])
    for question, understood in [("who depends on whom for chips", True), ("WHO  restricts China?", True),
                                 ("what is the meaning of life", False), ("0", False)]:
        assert bool(pattern.match(question)) == understood, question
        status = client.get("/ask", params={"q": question}).status_code
        assert (status != 400) == understood, (question, status)


@pytest.mark.network
def test_schemathesis_finds_no_mismatch_against_a_live_server(mini_settings, tmp_path) -> None:
    with live_server(mini_settings) as base:
        run = subprocess.run(
            [str(SCHEMATHESIS), "--config-file", str(CONFIG), "run", f"{base}/openapi.json",
             "--checks", "all", "--phases", "examples,coverage,fuzzing", "--max-examples", "15", "--seed", "1",
             "--workers", "1", "--request-timeout", "20", "--no-color",
             "--report-dir", str(tmp_path)],
            capture_output=True, text=True, timeout=420, cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-8000:] + run.stderr[-2000:]
    assert "No issues found" in run.stdout or " passed" in run.stdout, run.stdout[-2000:]
