"""The read model of one store state (name catalog + relation index), persisted beside the store and reused while fresh.

Reading the catalog and the relation index from a 200k-claim store on disk takes seconds (0.6 s +
7.3 s measured), and `kg ask` is a new process each time; so both are saved in one file in the
store's directory, `kg-read-index.v3`, keyed by the store's state token (`Store.state()`,
which changes whenever the store's content may have changed), and read back in a fraction of that.

Safety (the file is a cache: anything wrong with it means "rebuild", never "trust"):
- Format: a magic line, a JSON header line (format version, state token, payload length and
  SHA-256) and a JSON payload (a string table and integer rows). Nothing is unpickled or
  evaluated: the payload is parsed as JSON and every row is checked (shape, types, string-table
  references in range) before use. A missing, truncated, corrupt, foreign (wrong magic or
  version), stale (other state token) or malformed file is ignored and rebuilt from the store.
- The checksum detects damage, not malice: whoever can write the store's directory can write the
  store itself, so the file is trusted exactly as far as the store is.
- Writes are atomic: the file is written to a temporary file in the same directory, fsync'ed and
  renamed over the old one, so concurrent readers (`kg serve` workers, `kg ask`) see the old file
  or the new one, never half of one. Several writers racing each write a complete file; the last
  rename wins. A directory that cannot be written (read-only media) only costs the rebuild.
- The index is saved only when the store's state after reading equals the state before, so a
  store that changed under the reader is not saved under either key.
The in-memory store persists nothing (it has no directory); an in-memory snapshot of a disk store
(`kg serve`) reads and writes the file of the store it was copied from.
"""
from __future__ import annotations

import hashlib
import json
from array import array
import os
import tempfile
import threading
from pathlib import Path

from kg.read.catalog import Catalog, CatalogData
from kg.read.relations import ARTICLE_PARTS, IndexData, RelationIndex
from kg.store import Store

FILE_NAME = "kg-read-index.v3"
_MAGIC = b"aigeo-kg read index\n"
_VERSION = 3  # 2: analysts' reviews (each reviewed claim's latest verdict, reviewer, time, note); 3: also the story
# each article carries (kg.ingest.stories)
_NONE = -1  # a missing optional string in the integer rows
_TRUE, _FALSE = -2, -3  # boolean fact values (aig:inGazetteer)
# claim columns: claim, kind, subject, object, resource, modality, article, start, attributed_to, quote, end
_CLAIM_WIDTH = 11
_RAW = {7, 10}  # the columns holding offsets, not string references


def index_file(store: Store) -> Path | None:
    """Where the read index of `store` is kept: in its directory; None for a store without one."""
    return Path(store.home) / FILE_NAME if store.home is not None else None


# ---------------------------------------------------------------- the file

def encode(state: str, catalog: CatalogData, index: IndexData) -> bytes:
    """The file's bytes: magic, header, payload (see the module docstring)."""
    strings: dict[str, int] = {}

    def ref(s: str | None) -> int:
        if s is None:
            return _NONE
        i = strings.get(s)
        if i is None:
            i = strings[s] = len(strings)
        return i

    def fact(v: object) -> int:
        return _TRUE if v is True else _FALSE if v is False else ref(str(v))

    # column by column: each is decoded by one C-speed lookup over the string table
    rows = [(*row, *index.evidence[row[0]][:2]) for row in index.claims]
    columns = list(zip(*rows)) if rows else [()] * _CLAIM_WIDTH
    claims = [list(col) if i in _RAW else [ref(v) for v in col] for i, col in enumerate(columns)]
    confidence = [index.evidence[row[0]][2] for row in index.claims]
    figures = [(c, *f) for c, fs in index.figures.items() for f in fs]
    figure_cols = list(zip(*figures)) if figures else [()] * 6
    payload = {
        "actor_names": [ref(x) for row in catalog.actor_names for x in row],
        "actor_facts": [v for iri, name, value in catalog.actor_facts for v in (ref(iri), ref(name), fact(value))],
        "resource_names": [ref(x) for row in catalog.resource_names for x in row],
        "articles": [[ref(x) for x in col] for col in zip(*((iri, *parts) for iri, parts in index.articles.items()))]
        if index.articles else [[] for _ in range(1 + len(ARTICLE_PARTS))],
        "claims": claims,
        "confidence": confidence,
        "reported_via": [ref(x) for c, vs in index.reported_via.items() for v in vs for x in (c, v)],
        "reviews": [ref(x) for c, row in index.reviews.items() for x in (c, *row)],
        "figures": [list(col) if i == 2 else [ref(v) if i != 4 else (-1 if v is None else v) for v in col]
                    for i, col in enumerate(figure_cols)],
        "stories": [ref(x) for article, story in index.stories.items() for x in (article, story)],
    }
    payload["strings"] = list(strings)  # after every ref() call
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    header = {"version": _VERSION, "state": state, "bytes": len(body), "sha256": hashlib.sha256(body).hexdigest()}
    return _MAGIC + json.dumps(header).encode("ascii") + b"\n" + body


class _Malformed(ValueError):
    pass


def decode(data: bytes, state: str) -> tuple[CatalogData, IndexData] | None:
    """The catalog rows and index rows in `data` if it is a sound file for `state`; None otherwise."""
    try:
        return _decode(data, state)
    except (_Malformed, ValueError, TypeError, KeyError, IndexError, OverflowError, UnicodeDecodeError,
            RecursionError):
        return None


def _decode(data: bytes, state: str) -> tuple[CatalogData, IndexData] | None:
    if not data.startswith(_MAGIC):
        return None  # not ours (or truncated before the header)
    nl = data.index(b"\n", len(_MAGIC))
    header = json.loads(data[len(_MAGIC):nl].decode("ascii"))
    if not isinstance(header, dict) or header.get("version") != _VERSION or header.get("state") != state:
        return None  # another format version, or another state of the store (stale)
    body = data[nl + 1:]
    if len(body) != header.get("bytes") or hashlib.sha256(body).hexdigest() != header.get("sha256"):
        return None  # truncated or damaged
    p = _Payload(json.loads(body.decode("utf-8")))
    catalog = CatalogData(
        [(p.s(a), p.s(b), p.s(c)) for a, b, c in p.rows("actor_names", 3)],
        [(p.s(a), p.s(b), p.fact(c)) for a, b, c in p.rows("actor_facts", 3)],
        [(p.s(a), p.s(b), p.s(c)) for a, b, c in p.rows("resource_names", 3)],
    )
    return catalog, _index_data(p)


def _index_data(p: "_Payload") -> IndexData:
    """The relation index's rows of a checked payload: articles, claims with their evidence, reporting
    chains, figures, reviews and stories."""
    article_cols = p.columns("articles", 1 + len(ARTICLE_PARTS), optional={1, 2, 3, 4})
    articles = {iri: tuple(parts) for iri, *parts in zip(*article_cols)}
    cols = p.columns("claims", _CLAIM_WIDTH, optional={5, 8}, raw=_RAW)
    confidence = p.raw["confidence"]
    if not isinstance(confidence, list) or len(confidence) != len(cols[0]) or not all(
            c is None or type(c) in (int, float) for c in confidence):
        raise _Malformed("confidence")
    claims = list(zip(*cols[:9]))
    evidence = {c: (q, e, None if f is None else float(f)) for c, q, e, f in zip(cols[0], cols[9], cols[10], confidence)}
    via: dict[str, list[str]] = {}
    for c, v in p.rows("reported_via", 2):
        via.setdefault(p.s(c), []).append(p.s(v))
    figures = _figures(p)
    if not evidence.keys() >= via.keys() | figures.keys():
        raise _Malformed("evidence of an unknown claim")
    # reviews: claim, verdict, reviewer, time, note (optional); of any claim kind, so not checked against evidence
    reviews = {p.s(c): (p.s(v), p.s(b), p.s(t), p.s(n, True)) for c, v, b, t, n in p.rows("reviews", 5)}
    stories = {p.s(a): p.s(b) for a, b in p.rows("stories", 2)}
    if len(stories) * 2 != len(p.raw["stories"]):
        raise _Malformed("stories: an article in two stories")
    return IndexData(articles, claims, evidence, {c: tuple(v) for c, v in via.items()},
                     {c: tuple(f) for c, f in figures.items()}, stories, reviews)


def _figures(p: "_Payload") -> dict[str, list]:
    """Figures by claim: claim, figure, value (a number), unit, year (an integer, -1 for none), raw label."""
    fcols = p.raw["figures"]
    if not isinstance(fcols, list) or len(fcols) != 6 or not all(isinstance(c, list) for c in fcols) or \
            len({len(c) for c in fcols}) > 1 or not all(type(v) in (int, float) for v in fcols[2]) or \
            not all(type(y) is int for y in fcols[4]):
        raise _Malformed("figures")
    figures: dict[str, list] = {}
    for c, fig, value, unit, y, raw in zip(*fcols):
        figures.setdefault(p.s(c), []).append((p.s(fig), float(value), p.s(unit), None if y == -1 else y, p.s(raw, True)))
    return figures


class _Payload:
    """A parsed payload and its string table, every reference checked on the way out (_Malformed)."""

    def __init__(self, raw: object):
        if not isinstance(raw, dict):
            raise _Malformed("payload")
        strings = raw["strings"]
        if not isinstance(strings, list) or not set(map(type, strings)) <= {str}:  # (C speed on ~200k strings)
            raise _Malformed("strings")
        self.raw, self.strings, self.n = raw, strings, len(strings)
        self.table = [*strings, None]  # -1 (_NONE) looks up the None at the end

    def s(self, i: int, optional: bool = False) -> str | None:
        if 0 <= i < self.n:
            return self.strings[i]
        if optional and i == _NONE:
            return None
        raise _Malformed(f"string reference {i}")

    def fact(self, i: int) -> object:
        return True if i == _TRUE else False if i == _FALSE else self.s(i)

    def rows(self, name: str, width: int) -> list[list[int]]:
        xs = self.raw[name]
        if not isinstance(xs, list) or len(xs) % width or not set(map(type, xs)) <= {int}:
            raise _Malformed(name)
        return [xs[i:i + width] for i in range(0, len(xs), width)]

    def columns(self, name: str, width: int, optional: set[int], raw: set[int] = frozenset()) -> list[list]:
        """Column-major rows: string references turned into strings (`optional` columns may hold none),
        `raw` columns kept as integers (offsets)."""
        cols = self.raw[name]
        if not isinstance(cols, list) or len(cols) != width or not all(isinstance(c, list) for c in cols):
            raise _Malformed(name)
        if len({len(c) for c in cols}) > 1:
            raise _Malformed(f"{name}: columns of unequal length")
        out = []
        for i, col in enumerate(cols):
            if not col:
                out.append([])
                continue
            array("q", col)  # every value an integer (TypeError otherwise), at C speed
            lo, hi = min(col), max(col)
            if i in raw:
                if lo < 0:
                    raise _Malformed(f"{name}: negative offset")
                out.append(col)
                continue
            if lo < (_NONE if i in optional else 0) or hi >= self.n:
                raise _Malformed(f"{name}: string reference out of range")
            out.append(list(map(self.table.__getitem__, col)))
        return out


def load(path: Path, state: str) -> tuple[CatalogData, IndexData] | None:
    """The persisted rows for `state`, or None when the file is missing, unreadable, stale or unsound."""
    try:
        data = path.read_bytes()  # one read: a rename during it cannot mix two files
    except OSError:
        return None
    return decode(data, state)


def save(path: Path, state: str, catalog: CatalogData, index: IndexData) -> bool:
    """Write the file atomically (temporary file, fsync, rename). False when the folder cannot be written."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{FILE_NAME}.", suffix=".tmp", dir=path.parent)
        os.chmod(tmp, 0o644)  # readable like the store's own files (mkstemp makes it owner-only)
        with os.fdopen(fd, "wb") as fh:
            fh.write(encode(state, catalog, index))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = None
        return True
    except OSError:
        return False
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


# ---------------------------------------------------------------- the read model

class _Auto:
    pass


AUTO = _Auto()  # the default: the file in the store's own directory, if it has one


class ReadModel:
    """The catalog and relation index of one store state, from the persisted file when it is fresh.

    The catalog is needed at once (names are resolved before anything runs), the index only by the
    questions over edges; without a fresh file each is read from the store on first use, and the
    pair is saved once both have been read.
    """

    def __init__(self, store: Store, catalog: Catalog | None = None, file: Path | None | _Auto = AUTO):
        self.store = store
        self.file = index_file(store) if isinstance(file, _Auto) else file
        state = getattr(store, "state", None)
        self.state: str | None = state() if (self.file is not None and state is not None) else None
        self._catalog = catalog
        self._index: RelationIndex | None = None
        self._index_all: RelationIndex | None = None  # rejected claims kept (and marked)
        self._index_data: IndexData | None = None
        self._lock = threading.Lock()
        self.loaded = False  # True when the file was fresh and used
        if self.state is not None:
            rows = load(self.file, self.state)
            if rows is not None:
                catalog_data, self._index_data = rows
                self._catalog = self._catalog or Catalog.from_data(catalog_data)
                self.loaded = True

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            with self._lock:
                if self._catalog is None:
                    self._catalog = Catalog.from_store(self.store)
        return self._catalog

    @property
    def index(self) -> RelationIndex:
        """The relation index, built on first use (from the file's rows when it was fresh)."""
        if self._index is None:
            catalog = self.catalog
            with self._lock:
                if self._index is None:
                    fresh = self._index_data is None
                    data = self._index_data or IndexData.read(self.store)
                    self._index = RelationIndex(data)
                    self._index_data = None  # the index holds it
                    if fresh and self.state is not None and catalog.data is not None:
                        if self.store.state() == self.state:  # unchanged while it was read
                            save(self.file, self.state, catalog.data, data)
        return self._index

    @property
    def index_with_rejected(self) -> RelationIndex:
        """The relation index over the same rows, keeping the claims an analyst rejected."""
        if self._index_all is None:
            data = self.index.data
            with self._lock:
                if self._index_all is None:
                    self._index_all = RelationIndex(data, include_rejected=True)
        return self._index_all
