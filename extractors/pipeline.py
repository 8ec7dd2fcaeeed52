"""Article text -> Extraction: paragraph-sized docs through nlp.pipe, then the record builders."""
from __future__ import annotations

import multiprocessing
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .actors import index_actors
from .attributions import extract_attributions
from .candidates import read_candidates
from .figures import attribute_figures, extract_figures
from .gazetteer import Gazetteer
from .lexicon import read_json
from .metadata import find_metadata
from .model import RelationModel
from .nlp import model_id
from .records import ArticleMeta, Evidence, Extraction, Figure
from .relations import extract_relations, innermost_attribution, with_figures

_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
# Paragraphs longer than this are cut at a sentence end (or space): spaCy's memory grows with doc size.
MAX_PARAGRAPH_CHARS = 10_000
# With n_process > 1, articles go to the workers in chunks of about this many characters (a long article
# alone): per-chunk overhead is a few percent of CPU at this size, and small chunks keep both workers busy
# to the end (measured on 80 short articles: 1.54 x one process with 1,000 chars, 1.27 x with 8,000).
CHUNK_CHARS = 2_000
CHUNK_MAX_ARTICLES = 8
IN_FLIGHT_PER_PROCESS = 3  # chunks queued per worker: keeps workers fed while memory stays bounded


class ExtractionFailed(RuntimeError):
    """One article could not be extracted; the message names the underlying error."""


def paragraphs(text: str) -> list[tuple[str, int]]:
    """(paragraph, offset) pairs covering the non-blank text; text[offset:offset+len(p)] == p."""
    out: list[tuple[str, int]] = []
    pos = 0
    for m in [*_BLANK_LINE.finditer(text), None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            start = pos + chunk.index(stripped)
            outlet, stripped, start = _without_dateline(stripped, start)
            out.extend(outlet)
            for piece, piece_start in _headings_apart(stripped, start):
                out.extend(_cut(piece, piece_start))
        if m:
            pos = m.end()
    return out


@lru_cache(maxsize=1)
def _layout() -> tuple[int, float, tuple[str, ...]]:
    d = read_json("layout.json")
    return d["heading_max_words"], d["heading_max_share_of_longest_line"], tuple(d["sentence_end"])


@lru_cache(maxsize=1)
def _dateline() -> re.Pattern[str]:
    return re.compile(read_json("layout.json")["dateline"])


def _without_dateline(para: str, offset: int) -> tuple[list[tuple[str, int]], str, int]:
    """A paragraph without the dateline that opens it ("SEOUL - Merlion said ..." -> "Merlion said ..."),
    and the dateline's outlet as a piece of its own ("LIMA (Andeswire) - ..." -> "Andeswire"), if any."""
    m = _dateline().match(para)
    if m is None or m.end() >= len(para):
        return [], para, offset
    outlet = [(m.group("outlet"), offset + m.start("outlet"))] if m.group("outlet") else []
    return outlet, para[m.end():], offset + m.end()


def _is_heading(line: str, nxt: str, longest: int) -> bool:
    """A short capitalised line without final punctuation, followed by a capitalised line
    ("US restrictions slowing production"): a title, which the parser would otherwise glue to the next
    sentence as its subject. Hard-wrapped prose has lines of similar length, so a heading must also be
    much shorter than the paragraph's longest line."""
    max_words, max_share, sentence_end = _layout()
    words = line.split()
    return (0 < len(words) <= max_words and not line.rstrip().endswith(sentence_end)
            and line.strip()[:1].isupper() and nxt.strip()[:1].isupper() and len(line) < max_share * longest)


def _headings_apart(para: str, offset: int) -> Iterator[tuple[str, int]]:
    """Split heading lines out of a paragraph into their own pieces; offsets stay exact."""
    lines = para.split("\n")
    if len(lines) == 1:
        yield para, offset
        return
    pos, block_start = 0, 0
    longest = max(len(ln) for ln in lines)
    for n, line in enumerate(lines):
        end = pos + len(line)
        if n < len(lines) - 1 and _is_heading(line, lines[n + 1], longest):
            yield from _stripped(para[block_start:pos], offset + block_start)
            yield from _stripped(para[pos:end], offset + pos)
            block_start = end + 1
        pos = end + 1
    yield from _stripped(para[block_start:], offset + block_start)


def _stripped(piece: str, offset: int) -> Iterator[tuple[str, int]]:
    s = piece.strip()
    if s:
        yield s, offset + piece.index(s)


def _cut(para: str, offset: int) -> Iterator[tuple[str, int]]:
    while len(para) > MAX_PARAGRAPH_CHARS:
        window = para[:MAX_PARAGRAPH_CHARS]
        cut = max(window.rfind(". "), window.rfind("\n"))
        if cut < MAX_PARAGRAPH_CHARS // 2:
            cut = window.rfind(" ")
        if cut < MAX_PARAGRAPH_CHARS // 2:
            cut = MAX_PARAGRAPH_CHARS - 1
        yield para[: cut + 1], offset
        offset += cut + 1
        para = para[cut + 1:]
    if para:
        yield para, offset


class Extractor:
    """Runs the spaCy pipeline over articles and builds their extraction records."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer,
                 relation_model: RelationModel | None = None, keep_candidates: bool = False):
        """`gazetteer` is the one `nlp`'s actor tagger was initialised with (extractors.nlp.load_nlp);
        `relation_model` decides among the relation candidates (None: the rule frames alone decide);
        `keep_candidates` keeps every candidate in `Extraction.extra["candidates"]` (for training)."""
        self.nlp = nlp
        self.gazetteer = gazetteer
        self.model_name, self.model_version = model_id(nlp)
        self.relation_model = relation_model
        self.keep_candidates = keep_candidates

    def extract(self, text: str, meta: ArticleMeta | None = None) -> Extraction:
        """One article's records. `meta` is taken as complete (kg reads it once, from the file and the
        text, before the article's IRI is minted); None: it is found in the text."""
        return next(self.extract_many([(None, text, meta)]))[1]

    def extract_many(
        self,
        items: Iterable[tuple[Any, str, ArticleMeta | None]],
        n_process: int = 1,
        batch_size: int = 64,
        on_error: Callable[[Any, ExtractionFailed], None] | None = None,
    ) -> Iterator[tuple[Any, Extraction]]:
        """Extract a stream of (key, text, meta) articles, yielding (key, Extraction) in input order.

        Memory stays flat however many articles there are: the stream is consumed lazily. With
        n_process > 1 the articles are extracted (parse and records) in forked worker processes and
        only the records come back. An article that fails is passed to `on_error` and not yielded;
        without `on_error` the failure is raised.
        """
        if n_process > 1 and "fork" in multiprocessing.get_all_start_methods():
            yield from self._parallel(items, n_process, batch_size, on_error)
        else:  # no fork (Windows, macOS default): workers would have to re-load the model, so stay in-process
            yield from self._serial(items, batch_size, on_error)

    def _serial(
        self,
        items: Iterable[tuple[Any, str, ArticleMeta | None]],
        batch_size: int,
        on_error: Callable[[Any, ExtractionFailed], None] | None,
    ) -> Iterator[tuple[Any, Extraction]]:
        """In-process: paragraphs of all articles are streamed through one `nlp.pipe`."""
        pending: dict[int, tuple[Any, str, ArticleMeta | None, int]] = {}

        def feed() -> Iterator[tuple[str, tuple[int, int, int]]]:
            for seq, (key, text, meta) in enumerate(items):
                paras = paragraphs(text) or [(text, 0)]
                pending[seq] = (key, text, meta, len(paras))
                for i, (para, offset) in enumerate(paras):
                    yield para, (seq, i, offset)

        current: list[tuple[Doc, int]] = []
        for doc, (seq, i, offset) in self.nlp.pipe(feed(), as_tuples=True, batch_size=batch_size):
            current.append((doc, offset))
            key, text, meta, count = pending[seq]
            if i == count - 1:
                del pending[seq]
                paras, current = current, []
                try:
                    extraction = self.assemble(text, meta, paras)
                except Exception as exc:
                    if on_error is None:
                        raise
                    on_error(key, _failure(exc))
                    continue
                yield key, extraction

    def _parallel(
        self,
        items: Iterable[tuple[Any, str, ArticleMeta | None]],
        n_process: int,
        batch_size: int,
        on_error: Callable[[Any, ExtractionFailed], None] | None,
    ) -> Iterator[tuple[Any, Extraction]]:
        """Chunks of articles to a pool of forked workers, a bounded number in flight, results in order.

        Fork, not spawn: the workers inherit the loaded model and gazetteer instead of re-loading them.
        The keys never leave this process (they may hold anything); workers see (text, meta) only.
        """
        in_flight: deque[tuple[list[Any], Future]] = deque()
        chunks = _chunks(iter(items))
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(n_process, mp_context=ctx, initializer=_init_worker, initargs=(self,)) as pool:
            for chunk in chunks:
                keys = [key for key, _, _ in chunk]
                work = [(text, meta) for _, text, meta in chunk]
                in_flight.append((keys, pool.submit(_extract_chunk, work, batch_size)))
                if len(in_flight) >= n_process * IN_FLIGHT_PER_PROCESS:
                    yield from _deliver(*in_flight.popleft(), on_error)
            while in_flight:
                yield from _deliver(*in_flight.popleft(), on_error)

    def assemble(self, text: str, meta: ArticleMeta | None, paras: list[tuple[Doc, int]]) -> Extraction:
        """Build the records of one article from its paragraph docs (pure)."""
        meta = meta if meta is not None else find_metadata(text, ArticleMeta(), self.gazetteer)
        index = index_actors(paras, self.gazetteer)
        attributions = extract_attributions(paras, index, text)
        ref_year = int(meta.date[:4]) if meta.date and meta.date[:4].isdigit() else None
        figures = _verbatim_figures(text, extract_figures(paras, index, text, ref_year=ref_year))
        figures = attribute_figures(figures, attributions)
        relations = extract_relations(paras, index, attributions, figures, text)
        candidates = []
        if self.relation_model is not None or self.keep_candidates:
            candidates = read_candidates(paras, index, relations,
                                         lambda tok, offset: innermost_attribution(attributions, tok, offset))
            if self.relation_model is not None:
                relations = self.relation_model.decide(candidates, relations)
        relations = with_figures(relations, figures)
        extraction = Extraction(
            text=text,
            meta=meta,
            actors=index.actors(),
            relations=tuple(r for r in relations if _verbatim(text, r.evidence)),
            figures=tuple(figures),
            attributions=tuple(a for a in attributions if _verbatim(text, a.evidence)),
            model_name=self.model_name,
            model_version=self.model_version,
        )
        if self.keep_candidates:
            extraction.extra["candidates"] = candidates
        return extraction


def _verbatim_figures(text: str, figures: list[Figure]) -> list[Figure]:
    """The figures whose evidence is verbatim, with equivalence links renumbered accordingly."""
    keep = [i for i, f in enumerate(figures) if _verbatim(text, f.evidence)]
    new = {old: i for i, old in enumerate(keep)}
    return [replace(figures[i], equivalent_to=new.get(figures[i].equivalent_to)) for i in keep]


def _verbatim(text: str, ev: Evidence) -> bool:
    """Integrity guard: evidence must be exactly the text at its offsets."""
    return 0 <= ev.start < ev.end <= len(text) and text[ev.start:ev.end] == ev.text


def _failure(exc: BaseException) -> ExtractionFailed:
    return ExtractionFailed(f"extraction failed: {type(exc).__name__}: {exc}")


_Item = tuple[Any, str, ArticleMeta | None]


def _chunks(items: Iterator[_Item]) -> Iterator[list[_Item]]:
    """Consecutive articles, up to CHUNK_CHARS of text (at least one article) per chunk."""
    chunk: list[_Item] = []
    size = 0
    for item in items:
        chunk.append(item)
        size += len(item[1])
        if size >= CHUNK_CHARS or len(chunk) >= CHUNK_MAX_ARTICLES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _deliver(
    keys: list[Any], future: Future, on_error: Callable[[Any, ExtractionFailed], None] | None
) -> Iterator[tuple[Any, Extraction]]:
    """The results of one chunk, in order; failures go to on_error (or are raised)."""
    try:
        results = future.result()
    except BrokenProcessPool as exc:  # a worker died (killed, out of memory): the pool cannot go on
        raise ExtractionFailed(f"an extraction worker process died ({exc}); "
                               f"{len(keys)} articles of this chunk were not extracted") from exc
    for key, result in zip(keys, results, strict=True):
        if isinstance(result, Extraction):
            yield key, result
        elif on_error is None:
            raise ExtractionFailed(result)
        else:
            on_error(key, ExtractionFailed(result))


_worker: Extractor | None = None  # the forked worker's copy of the parent's Extractor


def _init_worker(extractor: Extractor) -> None:
    global _worker
    _worker = extractor


def _extract_chunk(work: list[tuple[str, ArticleMeta | None]], batch_size: int) -> list[Extraction | str]:
    """In a worker: the Extraction of each (text, meta), or the message of its failure.

    Messages, not exceptions, come back: an exception may not pickle. If spaCy itself fails on the
    chunk, the articles are retried one by one so that only the culprit fails.
    """
    assert _worker is not None, "worker not initialised"
    failed: dict[int, str] = {}

    def note(seq: int, exc: ExtractionFailed) -> None:
        failed[seq] = str(exc)

    items = [(seq, text, meta) for seq, (text, meta) in enumerate(work)]
    try:
        done = dict(_worker._serial(items, batch_size, note))
    except Exception:
        done = {}
        for item in items:
            try:
                done.update(_worker._serial([item], batch_size, note))
            except Exception as exc:
                failed[item[0]] = str(_failure(exc))
    return [done[seq] if seq in done else failed[seq] for seq in range(len(work))]
