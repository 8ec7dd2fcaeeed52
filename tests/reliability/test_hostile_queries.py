"""Hostile SPARQL and HTTP thrown at a real `kg serve`: it stays up, answers the other clients, opens no
connection, grows no memory, changes nothing stored, and answers every hostile request with a 4xx problem.

One server (three query workers, 2 s and 256 MB per query) on the hand-made claims graph; a second
client asks ordinary questions the whole time and must get every answer; a listener on 127.0.0.1
proves no request made the server (or a worker) open a connection.
"""
from __future__ import annotations

import json
import os
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote_plus

import httpx
import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from tests.graph_fixture import build_mini_store
from tests.live_server import live_server
from tests.reliability.test_api_fuzz import store_fingerprint

pytestmark = pytest.mark.network

WORKERS, TIMEOUT_S, MEMORY_MB = 3, 2, 256
ASK = "ASK { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
HOG = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?a ?d ?g ?j LIMIT 1"


def hostile_queries(port: int) -> dict[str, str]:
    target = f"http://127.0.0.1:{port}"
    return {
        "3,000 nested braces": "SELECT * WHERE " + "{" * 3000 + "}" * 3000,
        "5,000 nested parentheses": "ASK { FILTER(" + "(" * 5000 + "true" + ")" * 5000 + ") }",
        "10,000 negations": "ASK { FILTER(" + "!" * 10000 + "true) }",
        "10,000 additions": "ASK { FILTER(" + "+".join(["1"] * 10000) + ") }",
        "SERVICE": f"SELECT * WHERE {{ SERVICE <{target}/sparql> {{ ?s ?p ?o }} }}",
        "SERVICE SILENT, lower case": f"select * {{ service silent <{target}/> {{ ?s ?p ?o }} }}",
        "SERVICE by prefix": f"PREFIX t: <{target}/>\nSELECT * {{ SERVICE t:x {{ ?s ?p ?o }} }}",
        "SERVICE by variable": f"SELECT * {{ VALUES ?e {{ <{target}/> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        "memory hog": HOG,
        "runaway": RUNAWAY,
        "update": "DROP ALL",
        "LOAD": f"LOAD <{target}/evil.ttl>",
    }


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    return build_mini_store(tmp_path_factory.mktemp("mini") / "store")


@pytest.fixture()
def listener():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    sock.settimeout(0.2)
    seen: list[object] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, addr = sock.accept()
            except OSError:
                continue
            seen.append(addr)
            conn.close()
    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield sock.getsockname()[1], seen
    stop.set()
    t.join()
    sock.close()


def _rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


def _send(client: httpx.Client, how: str, query: str) -> httpx.Response:
    if how == "get":
        return client.get("/sparql", params={"query": query})
    if how == "form":
        return client.post("/sparql", data={"query": query})
    return client.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"})


def _assert_problem(r: httpx.Response, statuses: set[int]) -> None:
    assert r.status_code in statuses, (r.status_code, r.text[:300])
    assert r.headers["content-type"] == "application/problem+json", r.headers
    assert r.json()["status"] == r.status_code and r.json()["detail"]


def test_hostile_requests_cost_the_server_nothing(mini, listener):
    port, seen = listener
    before = store_fingerprint(mini.store_path)
    env = {"KG_QUERY_WORKERS": str(WORKERS), "KG_QUERY_TIMEOUT_S": str(TIMEOUT_S),
           "KG_QUERY_MEMORY_MB": str(MEMORY_MB)}
    with live_server(mini, env=env) as base, httpx.Client(base_url=base, timeout=60) as client:
        assert _send(client, "get", ASK).status_code == 200
        rss_before = _rss_kb(base.pid)
        other: list[int] = []
        stop = threading.Event()

        def other_client():
            with httpx.Client(base_url=base, timeout=60) as c:
                while not stop.is_set():
                    other.append(_send(c, "get", ASK).status_code)
                    other.append(c.get("/actors", params={"limit": 5}).status_code)
                    time.sleep(0.05)
        bystander = threading.Thread(target=other_client)
        bystander.start()
        try:
            for name, query in hostile_queries(port).items():
                for how in ("get", "form", "direct"):
                    if name in ("memory hog", "runaway") and how != "get":
                        continue  # each costs a worker for up to 2 s: once is proof enough
                    r = _send(client, how, query)
                    _assert_problem(r, {400, 413, 422})
                    assert "retry-after" not in r.headers, name
            # as many runaways at once as there are workers but one: the bystander still gets a worker
            with ThreadPoolExecutor(WORKERS - 1) as pool:
                for r in pool.map(lambda _: _send(client, "get", RUNAWAY), range(WORKERS - 1)):
                    _assert_problem(r, {422})
            # HTTP-level errors are problems too
            big = b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * (50 * 2**20)
            _assert_problem(client.post("/sparql", content=big,
                                        headers={"Content-Type": "application/sparql-query"}), {413})
            _assert_problem(client.post("/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"}),
                            {415})
            _assert_problem(client.get("/no/such/route"), {404})
            r = client.delete("/sparql")
            _assert_problem(r, {405})
            assert set(r.headers["allow"].split(", ")) == {"GET", "POST"}
            # requests too malformed to reach the app: uvicorn's own 400, as a problem too
            for raw in (b"GARBAGE\r\n\r\n", b"GET /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"):
                with socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])), timeout=10) as k:
                    k.sendall(raw)
                    answer = b""
                    while chunk := k.recv(4096):
                        answer += chunk
                head, _, body = answer.partition(b"\r\n\r\n")
                assert head.startswith(b"HTTP/1.1 400") and b"content-type: application/problem+json" in head.lower()
                assert json.loads(body)["status"] == 400
        finally:
            stop.set()
            bystander.join()
        os.kill(base.pid, 0)  # still running
        assert _send(client, "get", ASK).status_code == 200
        assert other and set(other) == {200}, sorted(set(other))
        assert _rss_kb(base.pid) - rss_before < 100_000  # KB: the server itself did not grow
    time.sleep(0.3)
    assert seen == [], "a request made the server open a connection"
    assert store_fingerprint(mini.store_path) == before


def test_saturation_is_503_with_retry_after_and_passes(mini):
    env = {"KG_QUERY_WORKERS": "1", "KG_QUERY_TIMEOUT_S": "1"}
    with live_server(mini, env=env) as base, httpx.Client(base_url=base, timeout=60) as client:
        with ThreadPoolExecutor(12) as pool:
            answers = list(pool.map(lambda _: _send(client, "get", RUNAWAY), range(12)))
        statuses = {r.status_code for r in answers}
        assert statuses == {422, 503}, statuses
        for r in answers:
            _assert_problem(r, {422, 503})
            assert ("retry-after" in r.headers) == (r.status_code == 503)
        assert _send(client, "get", ASK).status_code == 200


NEST = st.recursive(
    st.sampled_from(["?s ?p ?o", "FILTER(true)", "BIND(1 AS ?x)", "?s ?p 'x{y('", "# }}}((( \n?s ?p ?o"]),
    lambda inner: st.one_of(
        st.builds(lambda a, n: "{ " * n + a + " }" * n, inner, st.integers(1, 4000)),
        st.builds(lambda a, b: "{ " + a + " } UNION { " + b + " }", inner, inner),
        st.builds(lambda a, n, op: "{ " + a + " FILTER(" + op * n + "true) }", inner, st.integers(0, 12000),
                  st.sampled_from(["!", "(", "-", "+"])),
        st.builds(lambda a, n: "{ " + a + " BIND(" + "+".join(["1"] * n) + " AS ?y) }", inner, st.integers(1, 12000)),
        st.builds(lambda a, kw: "{ " + a + f" {kw} <http://127.0.0.1:PORT/> {{ ?s ?p ?o }} }}", inner,
                  st.sampled_from(["SERVICE", "service silent", "SeRvIcE"])),
    ),
    max_leaves=8,
)


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=NEST, how=st.sampled_from(["get", "form", "direct"]))
def test_generated_hostile_queries_get_no_5xx_and_open_no_connection(served_hostile, body, how):
    base, port, seen = served_hostile
    query = "SELECT * WHERE { " + body.replace("PORT", str(port)) + " } LIMIT 3"
    if len(query) > 200_000:
        return
    if how == "get" and len(quote_plus(query)) > 65_000:
        how = "form"  # httpx refuses to build a URL component over 64 KiB: no GET of it can be sent
    with httpx.Client(base_url=base, timeout=60) as client:
        r = _send(client, how, query)
        assert r.status_code < 500, (r.status_code, r.text[:300])
        if r.status_code != 200:
            _assert_problem(r, {400, 413, 422})
        assert _send(client, "get", ASK).status_code == 200
    assert seen == []


@pytest.fixture(scope="module")
def served_hostile(mini):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    sock.settimeout(0.2)
    seen: list[object] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, addr = sock.accept()
            except OSError:
                continue
            seen.append(addr)
            conn.close()
    t = threading.Thread(target=accept, daemon=True)
    t.start()
    try:
        with live_server(mini, env={"KG_QUERY_TIMEOUT_S": "2", "KG_QUERY_MEMORY_MB": "256"}) as base:
            yield base, sock.getsockname()[1], seen
            os.kill(base.pid, 0)  # still up
        time.sleep(0.3)
        assert seen == [], "a generated query made the server open a connection"
    finally:
        stop.set()
        t.join()
        sock.close()
