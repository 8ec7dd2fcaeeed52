"""`kg build`: read article files, extract them in one streaming spaCy pass, write one graph each."""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import lru_cache

from extractors.gazetteer import Gazetteer
from extractors.metadata import find_metadata
from extractors.model import ModelFileError, RelationModel
from extractors.nlp import ModelNotFound, load_nlp
from extractors.pipeline import Extractor
from extractors.records import Evidence, Extraction

from kg import __version__
from kg.ingest import ids
from kg.ingest.gazetteer import load_gazetteer
from kg.ingest.budget import Budget, within_budget
from kg.core.errors import ConfigError, InputError
from kg.ingest.due_dates import DueDates
from kg.ingest.reviews import reconcile
from kg.ingest.mapping import ArticleInfo, article_quads, gazetteer_quads, ontology_quads
from kg.core.namespaces import ACTORS_GRAPH, ONTOLOGY_GRAPH
from kg.ingest.reader import Skipped, SourceDoc, discover, read_article
from kg.ingest.signature import story_fields
from kg.ingest.stories import regroup
from kg.core.settings import Settings
from kg.store import Store


# RocksDB keeps written quads in memory until a flush: flushing every few hundred articles keeps
# a long build's memory flat (measured: +445 MB over 480k quads without, +76 MB with; tests/bench).
FLUSH_EVERY = 250


@dataclass
class BuildReport:
    files: int = 0
    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Skipped] = field(default_factory=list)  # ingested, with something left out (a date not read)
    claims: int = 0
    quads_written: int = 0
    total_quads: int = 0
    stories: int = 0  # independent stories among all stored articles (kg.ingest.stories)
    seconds: float = 0.0
    reviews_reattached: int = 0  # reviewed claims whose IRI changed, found again by their quote
    reviews_orphaned: int = 0  # reviewed claims gone from the store (`kg review --orphans` lists them)

    @property
    def ok(self) -> bool:
        """Something usable came out: at least one article is in the store now."""
        return bool(self.ingested or self.unchanged)


@lru_cache(maxsize=4)
def get_extractor(model: str, relations: str = "learned") -> Extractor:
    """The spaCy pipeline is loaded once per process, model and way of deciding relations, with the
    project's gazetteer (read once: `extractor.gazetteer` is the one every caller uses)."""
    gazetteer = load_gazetteer()
    try:
        return Extractor(load_nlp(model, gazetteer), gazetteer,
                         relation_model=RelationModel.shipped() if relations == "learned" else None)
    except (ModelNotFound, ModelFileError) as exc:
        raise ConfigError(str(exc)) from None


def fingerprint(extractor: Extractor) -> str:
    """What produced a graph: software, model, gazetteer, relation decision and due-date rules. A change
    re-extracts every article."""
    gazetteer = extractor.gazetteer
    relations = extractor.relation_model.digest if extractor.relation_model is not None else "rules"
    parts = f"{__version__}|{extractor.model_name}|{extractor.model_version}|{gazetteer.digest}|{relations}"
    parts += f"|{DueDates.shipped().digest}"
    return hashlib.sha256(parts.encode()).hexdigest()[:16]


def ensure_static_graphs(store: Store, gazetteer: Gazetteer) -> None:
    """The ontology and the actors gazetteer, each in its own graph, refreshed when they change."""
    onto_quads = ontology_quads()
    for graph, quads in ((str(ONTOLOGY_GRAPH), onto_quads), (str(ACTORS_GRAPH), gazetteer_quads(gazetteer))):
        if store.quad_count(graph) != len(quads):
            store.replace_graph(graph, quads)


def build(
    paths: Iterable[str],
    settings: Settings,
    store: Store,
    on_progress: Callable[[str, str], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    force: bool = False,
) -> BuildReport:
    """Ingest every article under `paths`. Bad files are reported and skipped; nothing stored is lost.

    Unchanged articles (same text, same pipeline) are left alone, so a re-run writes nothing;
    a changed article replaces exactly its own graph in one transaction.
    """
    t0 = time.perf_counter()
    report = BuildReport()
    progress = on_progress or (lambda path, status: None)
    files, extractor, fp, started = start(paths, settings, store, report, progress, on_start)
    gazetteer = extractor.gazetteer

    def readable() -> Iterator[tuple[tuple[SourceDoc, str, list[str]], str, object]]:
        for status, doc, iri, stale in classified(files, settings, store, gazetteer, fp, force, report.skipped,
                                                  report.warnings):
            if status == "skipped":
                progress(str(doc), "skipped")
            elif status == "unchanged":
                report.unchanged.append(doc.path)
                progress(doc.path, "unchanged")
            else:
                yield (doc, iri, stale), doc.text, doc.meta

    def failed(key: tuple[SourceDoc, str, list[str]], exc: Exception) -> None:
        # one article's extraction failure must not cost the others; its old graph stays
        answered(key)
        report.skipped.append(Skipped(key[0].path, str(exc)))
        progress(key[0].path, "skipped")

    def over_budget(item, reason: str) -> None:
        path = item[0][0].path
        report.skipped.append(Skipped(path, f"{reason}; its old graph, if any, stays"))
        progress(path, "skipped")

    def extract(items, alone: bool):
        return extractor.extract_many(items, n_process=1 if alone else settings.n_process,
                                      batch_size=settings.batch_size, on_error=failed)

    budget = Budget(settings.article_timeout_s, settings.article_memory_mb)
    extractions, answered = within_budget(extract, readable(), budget, over_budget)
    for (doc, iri, stale), extraction in extractions:
        extraction = in_stored_text(extraction, doc)
        info = ArticleInfo(iri=iri, content_hash=doc.content_hash, source_path=doc.path, fingerprint=fp,
                           software_version=__version__, started=started, **story_fields(doc.text, doc.meta.publisher))
        write_article(store, report, doc.path, iri, stale, lambda: article_quads(extraction, info, gazetteer),
                      claim_count(extraction), progress)
    return finish(store, report, t0, settings)


def start(paths: Iterable[str], settings: Settings, store: Store, report: BuildReport,
          progress: Callable[[str, str], None], on_start: Callable[[int], None] | None,
          ) -> tuple[list, Extractor, str, datetime]:
    """What every build does before extracting (here or on a cluster): the files found (missing ones
    reported), the pipeline and its fingerprint, the static graphs refreshed, the run's start time."""
    files, missing = discover(paths)
    report.files = len(files) + len(missing)
    if on_start is not None:  # the number of files is known only once the folders are walked
        on_start(report.files)
    report.skipped.extend(missing)
    for s in missing:
        progress(s.path, "skipped")
    extractor = get_extractor(settings.model, settings.relations)
    ensure_static_graphs(store, extractor.gazetteer)
    return files, extractor, fingerprint(extractor), datetime.now(timezone.utc).replace(microsecond=0)


def write_article(store: Store, report: BuildReport, path: str, iri: str, stale: list[str],
                  make_quads: Callable[[], list], claims: int, progress: Callable[[str, str], None]) -> None:
    """One article's graph replaced all-or-nothing (its stale graphs dropped) and counted in the report.
    A failure costs that article alone and leaves its old graph."""
    try:
        quads = make_quads()
        store.replace_graph(iri, quads, drop=stale)
    except Exception as exc:  # one article's failure must not cost the others; its old graph stays
        report.skipped.append(Skipped(path, f"could not be stored: {type(exc).__name__}: {exc}"))
        progress(path, "skipped")
        return
    report.ingested.append(path)
    report.claims += claims
    report.quads_written += len(quads)
    progress(path, "ingested")
    if len(report.ingested) % FLUSH_EVERY == 0:
        store.flush()


def finish(store: Store, report: BuildReport, t0: float, settings: Settings) -> BuildReport:
    """The stories regrouped over every stored article, reviews re-attached or counted orphaned, the store
    flushed and the report's totals filled."""
    report.stories = len(regroup(store, settings.story_similarity))
    report.reviews_reattached, report.reviews_orphaned = reconcile(store)
    store.flush()
    report.total_quads = store.quad_count()
    report.seconds = time.perf_counter() - t0
    return report


def classified(files, settings: Settings, store: Store, gazetteer: Gazetteer, fp: str, force: bool,
               skipped: list[Skipped], warnings: list[Skipped]):
    """Each file read and judged against the store: ("new"|"changed"|"unchanged", doc, iri, stale graphs),
    or ("skipped", path, None, []) with the reason added to `skipped`. Writes nothing."""
    max_bytes = int(settings.max_file_mb * 1_000_000)
    seen_hash: dict[str, str] = {}
    seen_iri: dict[str, str] = {}
    for f in files:
        try:
            doc = read_with_metadata(f, max_bytes, gazetteer, settings.encoding)
        except InputError as exc:
            skipped.append(Skipped(exc.path, exc.reason))
            yield "skipped", f, None, []
            continue
        warnings.extend(Skipped(doc.path, w) for w in doc.warnings)
        iri = str(ids.article_iri(doc.meta.url, doc.content_hash))
        if doc.content_hash in seen_hash or iri in seen_iri:
            first = seen_hash.get(doc.content_hash) or seen_iri.get(iri)
            skipped.append(Skipped(doc.path, f"duplicate of {first} (same text or URL)"))
            yield "skipped", doc.path, None, []
            continue
        seen_hash[doc.content_hash] = doc.path
        seen_iri[iri] = doc.path
        stale = [g for g in store.articles_from_path(doc.path) if g != iri]
        state = store.article_state(iri)
        if not force and not stale and state == (doc.content_hash, fp):
            yield "unchanged", doc, iri, stale
        else:
            yield ("new" if state is None and not stale else "changed"), doc, iri, stale


@dataclass
class BuildPlan:
    """What `kg build` would do, found without extracting or writing anything."""

    files: int = 0
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Skipped] = field(default_factory=list)


def plan(paths: Iterable[str], settings: Settings, store: Store, force: bool = False) -> BuildPlan:
    """The articles a build would add, replace, leave alone or skip (a dry run: the store is only read)."""
    result = BuildPlan()
    files, missing = discover(paths)
    result.files = len(files) + len(missing)
    result.skipped.extend(missing)
    extractor = get_extractor(settings.model, settings.relations)
    gazetteer, fp = extractor.gazetteer, fingerprint(extractor)
    for status, doc, _iri, _stale in classified(files, settings, store, gazetteer, fp, force, result.skipped,
                                                result.warnings):
        if status != "skipped":
            {"new": result.new, "changed": result.changed, "unchanged": result.unchanged}[status].append(doc.path)
    return result


def claim_count(ex: Extraction) -> int:
    return len(ex.relations) + len(ex.figures) + len(ex.attributions)


def read_with_metadata(path, max_bytes: int, gazetteer: Gazetteer, encoding: str | None = None) -> SourceDoc:
    """Read a file and complete its metadata from the text before its IRI is minted.

    A plain-text article whose URL is only in an "Original url:" line is then keyed by that URL,
    like one with front matter, so a changed text replaces its graph and a copy is a duplicate.
    """
    doc = read_article(path, max_bytes, encoding)
    return replace(doc, meta=find_metadata(doc.text, doc.meta, gazetteer))


def extract_file(path: str, settings: Settings) -> tuple[SourceDoc, Extraction]:
    """Read and extract one file (for `kg extract`). Raises InputError or ConfigError."""
    extractor = get_extractor(settings.model, settings.relations)
    doc = read_with_metadata(path, int(settings.max_file_mb * 1_000_000), extractor.gazetteer, settings.encoding)
    return doc, in_stored_text(extractor.extract(doc.text, doc.meta), doc)


def in_stored_text(ex: Extraction, doc: SourceDoc) -> Extraction:
    """The extraction with every offset moved from the text a reader sees into the stored file text.

    Only Markdown differs: its quotes stay as a reader sees them ("Nvidia"), while their offsets
    span the Markdown that shows them ("[Nvidia](https://...)").
    """
    if doc.rendered is None:
        return ex
    span = doc.rendered.to_source

    def moved(ev: Evidence) -> Evidence:
        return replace(ev, start=span(ev.start, ev.end)[0], end=span(ev.start, ev.end)[1])

    def point(i: int) -> int:
        return span(i, i + 1)[0]

    return replace(
        ex,
        actors=tuple(replace(a, mentions=tuple(span(s, e) for s, e in a.mentions)) for a in ex.actors),
        relations=tuple(replace(r, evidence=moved(r.evidence)) for r in ex.relations),
        figures=tuple(replace(f, evidence=moved(f.evidence)) for f in ex.figures),
        attributions=tuple(replace(a, evidence=moved(a.evidence), cue_starts=tuple(point(i) for i in a.cue_starts))
                           for a in ex.attributions),
    )


def extraction_quads(doc: SourceDoc, extraction: Extraction, settings: Settings):
    """The quads `kg build` would write for this article (for `kg extract --format turtle`)."""
    extractor = get_extractor(settings.model, settings.relations)
    fp = fingerprint(extractor)
    iri = str(ids.article_iri(doc.meta.url, doc.content_hash))
    info = ArticleInfo(iri=iri, content_hash=doc.content_hash, source_path=doc.path, fingerprint=fp,
                       software_version=__version__, started=datetime.now(timezone.utc).replace(microsecond=0),
                       **story_fields(doc.text, doc.meta.publisher))
    return article_quads(extraction, info, extractor.gazetteer)
