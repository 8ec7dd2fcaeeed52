"""`kg build --dask`: articles extracted in batches on a Dask cluster; each graph written here, all-or-nothing.

The client does what `kg build` does before extraction (reads and classifies every file by content
hash and pipeline fingerprint: unchanged articles never leave this machine), sends the articles
to extract in batches (`kg.ingest.dask_worker.extract_batch`), and writes each returned N-Quads
shard as one graph replacement, as `kg build` does. A bounded number of batches is in flight, so a
million articles are never all in memory.

Nothing is lost on the way: a task whose worker dies is run again on another worker by the
scheduler; a task that raises is retried (RETRIES); a batch that kept killing its workers is split
and each article sent alone, so only the culprit is reported; articles a worker could not answer
within the budget are sent alone again (and that worker restarted). Every article that could not be
done ends in the report with the reason, as with `kg build`.
"""
from __future__ import annotations

import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from kg.core.errors import ConfigError
from kg.core.settings import Settings
from kg.ingest.build import BuildReport, classified, finish, start, write_article
from kg.ingest.dask_worker import BatchResult, Job, Pipeline, extract_batch
from kg.ingest.reader import Skipped
from kg.ingest.shards import from_nquads
from kg.store import Store

RETRIES = 3  # a task that raises (not one article: the whole batch) is run again this often
MOST_ATTEMPTS = 3  # an article sent back unanswered (its worker stuck on another) more often is reported
CONNECT_TIMEOUT_S = 30
WORKERS_TIMEOUT_S = 120  # how long to wait for the first worker to join the scheduler


@contextmanager
def connect(address: str) -> Iterator[object]:
    """A `distributed.Client` for a scheduler address (`tcp://host:port`, `tls://host:port`), or for a
    LocalCluster of N worker processes on 127.0.0.1 (`local:N`, `local`: one per core), closed on exit."""
    from distributed import Client, LocalCluster

    if address == "local" or address.startswith("local:"):
        workers = int(address.partition(":")[2] or os.cpu_count() or 1)
        # no dashboard, and the scheduler's HTTP server (health, metrics) on a free port, not 8787
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                          ) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT_S)
    except OSError as exc:  # refused, unreachable, timed out
        raise ConfigError(f"cannot reach the Dask scheduler at {address} (KG_DASK_SCHEDULER): {exc}") from None
    with client:
        yield client


def build_on_dask(
    paths: Iterable[str],
    settings: Settings,
    store: Store,
    on_progress: Callable[[str, str], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    force: bool = False,
) -> BuildReport:
    """`kg.ingest.build.build` with the extraction on the cluster `settings.dask_scheduler` names."""
    if not settings.dask_scheduler:
        raise ConfigError("no Dask scheduler given: --dask ADDRESS or KG_DASK_SCHEDULER")
    t0 = time.perf_counter()
    report = BuildReport()
    progress = on_progress or (lambda path, status: None)
    files, extractor, fp, started = start(paths, settings, store, report, progress, on_start)
    pipeline = Pipeline(model=settings.model, relations=settings.relations, fingerprint=fp, started=started,
                        batch_size=settings.batch_size, timeout_s=settings.article_timeout_s,
                        memory_mb=settings.article_memory_mb)
    todo: dict[str, tuple[Job, list[str]]] = {}  # path -> (job, stale graphs), for the articles in flight

    def to_extract() -> Iterator[Job]:
        for status, doc, iri, stale in classified(files, settings, store, extractor.gazetteer, fp, force,
                                                  report.skipped, report.warnings):
            if status == "skipped":
                progress(str(doc), "skipped")
            elif status == "unchanged":
                report.unchanged.append(doc.path)
                progress(doc.path, "unchanged")
            else:
                job = Job(doc=doc, iri=iri)
                todo[doc.path] = (job, stale)
                yield job

    with connect(settings.dask_scheduler) as client:
        _Run(client, pipeline, store, report, progress, todo).go(_batches(to_extract(), settings.dask_batch))
    return finish(store, report, t0, settings)


def _batches(jobs: Iterator[Job], size: int) -> Iterator[list[Job]]:
    batch: list[Job] = []
    for job in jobs:
        batch.append(job)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Run:
    """One build's traffic with the cluster: a window of batches in flight, each result written as it lands."""

    def __init__(self, client, pipeline: Pipeline, store: Store, report: BuildReport,
                 progress: Callable[[str, str], None], todo: dict[str, tuple[Job, list[str]]]):
        self.client, self.pipeline, self.store, self.report = client, pipeline, store, report
        self.progress, self.todo = progress, todo
        self.again: deque[list[Job]] = deque()  # batches to send before new ones (articles sent alone)
        self.attempts: Counter[str] = Counter()
        self.batch_of: dict[str, list[Job]] = {}

    def go(self, batches: Iterator[list[Job]]) -> None:
        from distributed import as_completed

        try:
            self.client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_S)
        except TimeoutError:
            raise ConfigError(f"no Dask worker joined the scheduler within {WORKERS_TIMEOUT_S} s") from None
        # two batches per worker thread: one running, one waiting, so no worker idles between tasks
        window = max(2, 2 * sum(self.client.nthreads().values()))
        pool = as_completed()
        self._fill(pool, batches, window)
        for future in pool:
            jobs = self.batch_of.pop(future.key)
            result, error = outcome(future)
            if error is None:
                self._landed(result)
            else:
                self._failed(jobs, error)
            future.release()
            self._fill(pool, batches, window)

    def _fill(self, pool, batches: Iterator[list[Job]], window: int) -> None:
        while pool.count() < window:
            jobs = self.again.popleft() if self.again else next(batches, None)
            if jobs is None:
                return
            future = self.client.submit(extract_batch, jobs, self.pipeline, retries=RETRIES, pure=False)
            self.batch_of[future.key] = jobs
            pool.add(future)

    def _landed(self, result: BatchResult) -> None:
        for path, shard, claims in result.done:
            job, stale = self.todo.pop(path)
            write_article(self.store, self.report, path, job.iri, stale, lambda: from_nquads(shard), claims,
                          self.progress)
        for path, reason in result.failed:
            self._skip(path, reason)
        if result.stuck and result.worker:
            self._restart(result.worker)
        for path in result.unanswered:
            self.attempts[path] += 1
            if self.attempts[path] > MOST_ATTEMPTS:
                self._skip(path, "its Dask workers kept running over the budget on other articles")
            else:
                self.again.append([self.todo[path][0]])

    def _failed(self, jobs: list[Job], exc: BaseException) -> None:
        from distributed import KilledWorker

        if isinstance(exc, KilledWorker) and len(jobs) > 1:
            self.again.extend([job] for job in jobs)  # which article kills its worker: each is sent alone
            return
        for job in jobs:
            self._skip(job.doc.path, f"failed on the Dask cluster: {type(exc).__name__}: {exc}")

    def _skip(self, path: str, reason: str) -> None:
        self.todo.pop(path, None)
        self.report.skipped.append(Skipped(path, reason))
        self.progress(path, "skipped")

    def _restart(self, worker: str) -> None:
        """A worker whose runaway extraction still holds a core is restarted by its nanny, else retired."""
        try:
            self.client.restart_workers([worker])
        except Exception:
            try:
                self.client.retire_workers([worker], close_workers=True)
            except Exception as exc:
                self.report.warnings.append(Skipped(worker, f"a runaway extraction holds this Dask worker "
                                                            f"and it could not be restarted: {exc}"))


def outcome(future) -> tuple[object, BaseException | None]:
    """A finished task's (result, None), or (None, what ended it). A result lost with its worker (one restarted
    after a runaway, while this task's answer waited there to be read) is no failure: the scheduler computes it
    again, and this waits for it."""
    error = None if future.status == "finished" else _error_of(future)
    if error is not None:
        return None, error
    try:
        return future.result(), None
    except BaseException as exc:  # lost again, or cancelled: the scheduler went away
        return None, exc


def _error_of(future) -> BaseException | None:
    """What ended a future that did not finish (an error, or its cancellation: the scheduler went away); None when
    it finished after all (waited for)."""
    try:
        return future.exception()
    except BaseException as exc:  # a cancelled future raises CancelledError here
        return exc
