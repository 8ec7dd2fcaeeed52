"""Query worker processes (kg.read.query_pool): a crash, a runaway or a memory hog costs one worker, never the caller."""
from __future__ import annotations

import asyncio
import resource
import socket
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from kg.core.errors import KGError, Overloaded, QueryError, QueryTimeout, QueryTooCostly
from kg.read.query_pool import QueryPool
from kg.store.serving import ServedStore
from kg.read.sparql import Prepared, prepare
from tests.graph_fixture import build_mini_store

ASK = "ASK { ?s ?p ?o }"
JSON = "application/sparql-results+json"
# billions of rows before the first one: runs until stopped
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
# an ORDER BY over a four-way cartesian product must hold every row: memory grows by ~GB/s
HOG = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?a ?d ?g ?j LIMIT 1"


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    return build_mini_store(tmp_path_factory.mktemp("mini") / "store")


@pytest.fixture(scope="module")
def served(mini):
    s = ServedStore(mini)  # the in-memory snapshot `kg serve` uses by default
    yield s
    s.close()


def _run(served, settings, *texts: str | Prepared, **overrides):
    """Results (or the KGError) of each query, sent all at once to one pool."""
    async def main():
        chosen = settings.with_overrides(**overrides)
        pool = QueryPool(served.store, chosen)
        try:
            jobs = [pool.run(t if isinstance(t, Prepared) else prepare(t, None)) for t in texts]
            results = await asyncio.gather(*jobs, return_exceptions=True)
            # a killed worker is gone once the zygote reaps it, which a loaded machine may delay a little
            deadline = time.monotonic() + 5
            while len(_children(pool.zygote_pid)) > chosen.query_workers and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            return results, _children(pool.zygote_pid)
        finally:
            pool.close()
    return asyncio.run(main())


def _children(pid: int) -> list[int]:
    """Living children of `pid` (a killed one waiting to be reaped is not)."""
    with open(f"/proc/{pid}/task/{pid}/children") as f:
        pids = [int(p) for p in f.read().split()]
    return [p for p in pids if _state(p) not in ("Z", "X", None)]


def _state(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def _unchecked(text: str) -> Prepared:
    """A query as if kg.read.query_check had let it through."""
    return Prepared(text, "SELECT", JSON)


def test_a_query_that_crashes_the_engine_costs_its_worker_and_nothing_else(served, mini):
    crash = _unchecked("SELECT * WHERE " + "{" * 5000 + "}" * 5000)
    (first, after), _ = _run(served, mini, crash, ASK, query_workers=1)
    assert isinstance(first, QueryTooCostly)
    assert after[0] == b'{"head":{},"boolean":true}'


def test_a_query_past_its_memory_limit_is_stopped_and_this_process_does_not_grow(served, mini):
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    (result,), _ = _run(served, mini, HOG, query_memory_mb=200, query_timeout_s=60)
    assert isinstance(result, QueryTooCostly) and not isinstance(result, QueryTimeout)
    assert time.monotonic() - started < 30
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before < 50_000  # KB


def test_a_query_past_its_time_limit_is_stopped_and_its_worker_killed(served, mini):
    started = time.monotonic()
    (result, after), children = _run(served, mini, SLOW, ASK, query_workers=1, query_timeout_s=0.5)
    assert isinstance(result, QueryTimeout) and "0.5 s" in str(result)
    assert time.monotonic() - started < 5
    assert after[1] == JSON
    assert len(children) == 1  # the killed worker is gone, its replacement answered ASK


@pytest.fixture()
def listener():
    """A TCP listener on 127.0.0.1 that records every connection made to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)
    seen: list[object] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, addr = sock.accept()
            except (socket.timeout, OSError):
                continue
            seen.append(addr)
            conn.close()
    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield sock.getsockname()[1], seen
    stop.set()
    t.join()
    sock.close()


def test_a_worker_cannot_open_a_connection_even_for_a_service_the_checks_missed(served, mini, listener):
    port, seen = listener
    service = _unchecked(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}")
    (result, after), _ = _run(served, mini, service, ASK)
    assert isinstance(result, QueryError) and not isinstance(result, QueryTooCostly)
    assert after[1] == JSON
    time.sleep(0.3)
    assert seen == []


def test_a_query_waits_for_a_busy_worker_instead_of_being_refused(served, mini):
    (slow, fast), _ = _run(served, mini, SLOW, ASK, query_workers=1, query_timeout_s=1)
    assert isinstance(slow, QueryTimeout)
    assert fast[1] == JSON


def test_only_a_saturated_pool_answers_overloaded(served, mini):
    results, _ = _run(served, mini, *[SLOW] * 10, query_workers=1, query_timeout_s=0.5)
    kinds = {type(r) for r in results}
    assert kinds <= {QueryTimeout, Overloaded}
    assert Overloaded in kinds and QueryTimeout in kinds
    assert all("retry later" in str(r) for r in results if isinstance(r, Overloaded))


NESTS = st.recursive(
    st.sampled_from(["?s ?p ?o", "FILTER(true)", "BIND(1 AS ?x)", "FILTER(!(?x > -1))"]),
    lambda inner: st.one_of(
        st.builds(lambda a: "{ " + a + " }", inner),
        st.builds(lambda a, b: "{ " + a + " } UNION { " + b + " }", inner, inner),
        st.builds(lambda a: "OPTIONAL { " + a + " }", inner),
        st.builds(lambda a, n: "{ " + a + " FILTER(" + "(" * n + "true" + ")" * n + ") }", inner, st.integers(0, 80)),
        st.builds(lambda a, n: "{ " + a + " FILTER(" + "!" * n + "true) }", inner, st.integers(0, 40)),
        st.builds(lambda a, n: "{ " + a + " BIND(" + "+".join(["1"] * n) + " AS ?y) }", inner, st.integers(1, 3000)),
    ),
    max_leaves=60,
)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(body=NESTS, wrap=st.integers(0, 4000))
def test_whatever_passes_the_checks_never_takes_a_worker_down(served, mini, body, wrap):
    text = "SELECT * WHERE { " + "{ " * wrap + body + " }" * wrap + " } LIMIT 5"
    try:
        prepared = prepare(text, None)
    except QueryError:
        return  # refused before running: the other half of the property
    (result,), _ = _run(served, mini, prepared, query_timeout_s=10)
    assert not isinstance(result, QueryTooCostly), result
    assert not isinstance(result, KGError) or isinstance(result, QueryError)


def test_workers_on_a_store_read_from_disk_open_it_themselves_and_survive_a_crash(mini):
    served = ServedStore(mini.with_overrides(serve_snapshot="disk"))
    try:
        crash = _unchecked("SELECT * WHERE " + "{" * 5000 + "}" * 5000)
        (first, after), _ = _run(served, mini.with_overrides(serve_snapshot="disk"), crash, ASK, query_workers=1)
        assert isinstance(first, QueryTooCostly)
        assert after[0] == b'{"head":{},"boolean":true}'
    finally:
        served.close()


def test_an_idle_worker_killed_from_outside_is_replaced_without_an_error(served, mini):
    import os
    import signal

    async def main():
        pool = QueryPool(served.store, mini.with_overrides(query_workers=1))
        try:
            first = await pool.run(prepare(ASK, None))
            (idle,) = _children(pool.zygote_pid)
            os.kill(idle, signal.SIGKILL)  # as the kernel's OOM killer would
            deadline = time.monotonic() + 5
            while idle in _children(pool.zygote_pid) and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            return first, await pool.run(prepare(ASK, None))
        finally:
            pool.close()

    first, second = asyncio.run(main())
    assert first == second
