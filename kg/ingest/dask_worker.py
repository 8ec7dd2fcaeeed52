"""What runs on a Dask worker: a batch of articles extracted and mapped to N-Quads shards, each on its own budget.

The worker loads the spaCy pipeline once per process (`get_extractor` is cached) and runs the same
extraction and the same mapping as `kg build`, so every IRI is the one a local build mints. One
article's failure (an extraction error, a mapping error) is reported for that article alone.

spaCy cannot be stopped from outside, and a Dask task runs in a worker thread where no timer signal
reaches it: the batch is extracted in a thread of its own while the task thread watches it. When no
article comes out within the time budget, or the worker process grows past the memory budget, the
task returns at once: what was done, and the articles not yet answered (`unanswered`: the client
sends each again alone, so only the one that runs over alone is skipped, as `kg build` does) with
`stuck` set, and the client restarts this worker, since the runaway thread holds a core until then.
"""
from __future__ import annotations

import os
import queue
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime

import psutil

from kg import __version__
from kg.ingest.build import claim_count, fingerprint, get_extractor, in_stored_text
from kg.ingest.mapping import ArticleInfo, article_quads
from kg.ingest.signature import story_fields
from kg.ingest.reader import SourceDoc
from kg.ingest.shards import to_nquads

TICK_S = 0.25
_LOAD = threading.Lock()  # two task threads of one worker must not load the model twice at once
_RUN = threading.Lock()  # one extraction at a time per process: a spaCy pipeline is not shared between threads
_stuck = threading.Event()  # a runaway extraction still runs in this process: it takes no more work


@dataclass(frozen=True)
class Job:
    """One article to extract: its text and metadata as read by the client, and the graph it goes to."""

    doc: SourceDoc
    iri: str


@dataclass(frozen=True)
class Pipeline:
    """What the client built with, and the worker must build with too."""

    model: str
    relations: str
    fingerprint: str
    started: datetime
    batch_size: int
    timeout_s: float
    memory_mb: float


@dataclass
class BatchResult:
    """(path, N-Quads shard, claims) per article done; (path, reason) per article failed; the paths of the
    articles not answered when the batch ran over its budget, and whether this worker now needs a restart."""

    done: list[tuple[str, bytes, int]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)
    stuck: bool = False
    worker: str | None = None


_END = object()


def extract_batch(jobs: list[Job], pipeline: Pipeline) -> BatchResult:
    """The Dask task: extract and map `jobs`; never raises for one article's failure."""
    result = BatchResult(worker=_worker_address())
    if _stuck.is_set():  # a runaway extraction from an earlier task holds this process until it is restarted
        result.unanswered, result.stuck = [j.doc.path for j in jobs], True
        return result
    with _LOAD:
        extractor = get_extractor(pipeline.model, pipeline.relations)
    worker_fp = fingerprint(extractor)
    if worker_fp != pipeline.fingerprint:
        reason = (f"the Dask worker's pipeline differs from this one (fingerprint {worker_fp}, expected "
                  f"{pipeline.fingerprint}): install the same aigeo-kg version, model and gazetteer on every worker")
        result.failed = [(j.doc.path, reason) for j in jobs]
        return result
    by_path = {j.doc.path: j for j in jobs}
    outcomes: queue.Queue = queue.Queue()
    threading.Thread(target=_extract, args=(extractor, jobs, pipeline, outcomes), daemon=True).start()
    answered: set[str] = set()
    reason, runaway = _watch(outcomes, pipeline, lambda path, outcome: _answer(
        result, by_path[path], outcome, pipeline, extractor.gazetteer, answered))
    if reason is not None:
        if runaway:
            _stuck.set()
            result.stuck = True
        left = [j.doc.path for j in jobs if j.doc.path not in answered]
        if len(jobs) == 1:
            result.failed.extend((path, f"{reason}; its old graph, if any, stays") for path in left)
        else:
            result.unanswered = left
    return result


def _extract(extractor, jobs: list[Job], pipeline: Pipeline, outcomes: queue.Queue) -> None:
    """The extraction thread: every outcome (an Extraction or an exception) into `outcomes`, then _END."""
    try:
        with _RUN:
            items = ((j.doc.path, j.doc.text, j.doc.meta) for j in jobs)
            for path, extraction in extractor.extract_many(items, n_process=1, batch_size=pipeline.batch_size,
                                                           on_error=lambda path, exc: outcomes.put((path, exc))):
                outcomes.put((path, extraction))
    except Exception as exc:  # the whole stream broke: every article not answered gets this reason
        outcomes.put((None, exc))
    finally:
        outcomes.put(_END)


def _watch(outcomes: queue.Queue, pipeline: Pipeline, answer) -> tuple[str | None, bool]:
    """Hand each article's outcome to `answer` until the stream ends: (None, False); breaks: (the reason,
    False); or runs over the budget: (the reason, True: the extraction thread still runs)."""
    process = psutil.Process(os.getpid())
    base = process.memory_info().rss
    last = time.monotonic()
    while True:
        try:
            item = outcomes.get(timeout=TICK_S)
        except queue.Empty:
            if process.memory_info().rss - base > pipeline.memory_mb * 2**20:
                return f"extraction needed more than {pipeline.memory_mb:g} MB (KG_ARTICLE_MEMORY_MB)", True
            if time.monotonic() - last > pipeline.timeout_s:
                return f"extraction took longer than {pipeline.timeout_s:g} s (KG_ARTICLE_TIMEOUT_S)", True
            continue
        if item is _END:
            return None, False
        path, outcome = item
        if path is None:
            return f"extraction failed: {type(outcome).__name__}: {outcome}", False
        answer(path, outcome)
        last = time.monotonic()


def _answer(result: BatchResult, job: Job, outcome, pipeline: Pipeline, gazetteer, answered: set[str]) -> None:
    """One article's outcome into the result: its shard, or its failure with the reason."""
    answered.add(job.doc.path)
    if isinstance(outcome, Exception):
        result.failed.append((job.doc.path, str(outcome)))
        return
    try:
        extraction = in_stored_text(outcome, job.doc)
        info = ArticleInfo(iri=job.iri, content_hash=job.doc.content_hash, source_path=job.doc.path,
                           fingerprint=pipeline.fingerprint, software_version=__version__, started=pipeline.started,
                           **story_fields(job.doc.text, job.doc.meta.publisher))
        shard = to_nquads(article_quads(extraction, info, gazetteer))
    except Exception as exc:  # one article's mapping failure costs that article alone
        result.failed.append((job.doc.path, f"could not be mapped: {type(exc).__name__}: {exc}"))
        return
    result.done.append((job.doc.path, shard, claim_count(extraction)))


def _worker_address() -> str | None:
    try:
        from distributed import get_worker

        return get_worker().address
    except ValueError:  # not inside a Dask worker (called directly)
        return None
