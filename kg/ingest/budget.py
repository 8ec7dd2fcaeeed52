"""A per-article time and memory budget around a stream of extractions: the article past it is skipped.

spaCy and the extractors cannot be stopped from outside, and one pathological article (a 1.7 MB
single line grows the build by ~250 MB a second, to 2 GB in 10 s; a 5 MB one once took 12 minutes
and 2.6 GB) must not hold up or sink a build. The stream of extractions is pulled under an
interval timer (SIGALRM every 0.25 s, so only in the main thread) that watches the time since
the last article came out and the memory this process and its extraction workers gained since
(resident set sizes): past either budget it kills the workers (so nothing waits for them) and
raises ArticleOverBudget in the main thread. Articles are batched together, so the one that ran
over is not known for sure: every article fed but not yet answered is then extracted again alone,
each with the full budget, and only the one that runs over alone is skipped. Extraction then goes
on with the rest of the stream.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

Item = tuple[Any, str, Any]  # (key, text, meta), as Extractor.extract_many takes them
Extract = Callable[[Iterable[Item], bool], Iterator[tuple[Any, Any]]]  # (items, alone) -> (key, extraction)


TICK_S = 0.25
_PAGE = os.sysconf("SC_PAGE_SIZE")


class ArticleOverBudget(Exception):
    """No article came out of extraction within the time budget, or extraction outgrew the memory budget."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Budget:
    seconds: float
    megabytes: float


class _Fed:
    """The article stream as extraction pulls it, remembering what was fed and not yet answered."""

    def __init__(self, source: Iterator[Item]):
        self.source = source
        self.pending: deque[Item] = deque()
        self.reading = False  # inside the source (reading files, the store): never interrupted there

    def __iter__(self) -> "_Fed":
        return self

    def __next__(self) -> Item:
        self.reading = True
        try:
            item = next(self.source)
        finally:
            self.reading = False
        self.pending.append(item)
        return item

    def answered(self, key: Any) -> None:
        for i, item in enumerate(self.pending):
            if item[0] is key:
                del self.pending[i]
                return


def within_budget(extract: Extract, source: Iterator[Item], budget: Budget | None,
                  on_skip: Callable[[Item, str], None]) -> tuple[Iterator[tuple[Any, Any]], Callable[[Any], None]]:
    """(the extractions of `source`, a callback for keys that failed) with every article held to `budget`.

    `extract(items, alone)` runs extraction (`alone`: in this process, one article); `on_skip`
    gets each article skipped and the reason. Without a budget, or off the main thread, the
    stream is extraction as is.
    """
    fed = _Fed(source)
    if budget is None or threading.current_thread() is not threading.main_thread():
        return extract(fed, False), fed.answered
    return _watched(extract, fed, budget, on_skip), fed.answered


def _watched(extract: Extract, fed: _Fed, budget: Budget,
             on_skip: Callable[[Item, str], None]) -> Iterator[tuple[Any, Any]]:
    stream = extract(fed, False)
    while True:
        try:
            with _watch(budget, fed):
                key, extraction = next(stream)
        except StopIteration:
            return
        except ArticleOverBudget:
            suspects = list(fed.pending)
            fed.pending.clear()
            for item in suspects:
                gc.collect()  # what the stopped extraction held
                try:
                    with _watch(budget, None):
                        results = list(extract([item], True))
                except ArticleOverBudget as exc:
                    on_skip(item, exc.reason)
                    continue
                yield from results
            stream = extract(fed, False)
            continue
        fed.answered(key)
        yield key, extraction


@contextmanager
def _watch(budget: Budget, fed: _Fed | None) -> Iterator[None]:
    """Raise ArticleOverBudget in this thread once `budget` is spent (not while `fed` reads input)."""
    started = time.monotonic()
    base: dict[int, int] = {os.getpid(): _rss(os.getpid())}  # per process: memory when first seen
    limit = budget.megabytes * 2**20

    def tick(signum: int, frame: object) -> None:
        if fed is not None and fed.reading:
            return  # reading input: checked again at the next tick
        workers = multiprocessing.active_children()
        grown = 0
        for pid in (os.getpid(), *(w.pid for w in workers if w.pid is not None)):
            rss = _rss(pid)
            grown += max(0, rss - base.setdefault(pid, rss))
        if grown > limit:
            reason = f"extraction needed more than {budget.megabytes:g} MB (KG_ARTICLE_MEMORY_MB)"
        elif time.monotonic() - started > budget.seconds:
            reason = f"extraction took longer than {budget.seconds:g} s (KG_ARTICLE_TIMEOUT_S)"
        else:
            return
        signal.setitimer(signal.ITIMER_REAL, 0)
        for worker in workers:  # extraction workers: nothing may wait for them
            worker.kill()
        raise ArticleOverBudget(reason)

    previous = signal.signal(signal.SIGALRM, tick)
    signal.setitimer(signal.ITIMER_REAL, TICK_S, TICK_S)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _rss(pid: int) -> int:
    """Resident bytes of a process (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0
