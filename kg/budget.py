"""A per-article time budget around a stream of extractions: the article past it is skipped, the rest go on.

spaCy and the extractors cannot be stopped from outside, and one pathological article (a 5 MB
single line once took 12 minutes and 2.6 GB) must not hold up or sink a build. The stream of
extractions is pulled under an interval timer (SIGALRM, so only in the main thread): when no
article comes out within the budget, the timer raises ArticleTimeout in the main thread (after
killing the extraction worker processes, if any, so nothing waits for them). Articles are batched
together, so the one that ran out is not known for sure: every article fed but not yet answered
is then extracted again alone, each with the full budget, and only the one that runs out alone
is skipped. Extraction then goes on with the rest of the stream.
"""
from __future__ import annotations

import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

Item = tuple[Any, str, Any]  # (key, text, meta), as Extractor.extract_many takes them
Extract = Callable[[Iterable[Item], bool], Iterator[tuple[Any, Any]]]  # (items, alone) -> (key, extraction)


class ArticleTimeout(Exception):
    """No article came out of extraction within the budget."""


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


def within_budget(extract: Extract, source: Iterator[Item], budget_s: float | None,
                  on_timeout: Callable[[Item], None]) -> tuple[Iterator[tuple[Any, Any]], Callable[[Any], None]]:
    """(the extractions of `source`, a callback for keys that failed) with every article held to `budget_s`.

    `extract(items, alone)` runs extraction (`alone`: in this process, one article); `on_timeout`
    gets each article skipped for its time. Without a budget, or off the main thread, the stream
    is extraction as is.
    """
    fed = _Fed(source)
    if budget_s is None or threading.current_thread() is not threading.main_thread():
        return extract(fed, False), fed.answered
    return _watched(extract, fed, budget_s, on_timeout), fed.answered


def _watched(extract: Extract, fed: _Fed, budget_s: float,
             on_timeout: Callable[[Item], None]) -> Iterator[tuple[Any, Any]]:
    stream = extract(fed, False)
    while True:
        try:
            with _alarm(budget_s, fed):
                key, extraction = next(stream)
        except StopIteration:
            return
        except ArticleTimeout:
            suspects = list(fed.pending)
            fed.pending.clear()
            for item in suspects:
                try:
                    with _alarm(budget_s, None):
                        results = list(extract([item], True))
                except ArticleTimeout:
                    on_timeout(item)
                    continue
                yield from results
            stream = extract(fed, False)
            continue
        fed.answered(key)
        yield key, extraction


@contextmanager
def _alarm(seconds: float, fed: _Fed | None) -> Iterator[None]:
    def expired(signum: int, frame: object) -> None:
        if fed is not None and fed.reading:
            signal.setitimer(signal.ITIMER_REAL, 0.05)  # reading input: interrupt once it is done
            return
        for worker in multiprocessing.active_children():  # extraction workers: nothing may wait for them
            worker.kill()
        raise ArticleTimeout()

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
