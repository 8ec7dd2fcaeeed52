"""Taking articles out of the store: by the file they were read from or their IRI, or because their file is gone."""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.core.errors import InputError
from kg.ingest.reader import display_path
from kg.ingest.stories import regroup
from kg.store import Store


@dataclass(frozen=True)
class Removal:
    article: str  # the article's IRI (its graph)
    path: str  # the file it was read from, as stored


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def _root(arg: str) -> str:
    """A path argument as `kg build` stores paths (relative to the working directory when inside it)."""
    return display_path(Path(arg))


def removals(store: Store, targets: Iterable[str]) -> list[Removal]:
    """The articles `kg remove TARGET...` takes out: read from a named file, from under a named folder,
    or named by IRI. Raises InputError, naming the target, when one matches no stored article: then
    nothing is removed."""
    sources = store.article_sources()
    chosen: dict[str, Removal] = {}
    for target in targets:
        if target in sources:  # an article IRI
            found = [target]
        else:
            root = _root(target)
            found = [iri for iri, path in sources.items() if _under(path, root) or path == target]
        if not found:
            raise InputError(target, "no stored article was read from this path (nor has this IRI); nothing removed")
        for iri in found:
            chosen[iri] = Removal(iri, sources[iri])
    return sorted(chosen.values(), key=lambda r: (r.path, r.article))


def gone(store: Store, roots: Iterable[str]) -> list[Removal]:
    """Stored articles read from under `roots` whose files no longer exist (what `kg build --prune` removes).

    Only paths under the folders or files being built are considered, so building one folder never
    prunes another, and a file that exists but cannot be read keeps its article.
    """
    shown_roots = [_root(r) for r in roots]
    return sorted((Removal(iri, path) for iri, path in store.article_sources().items()
                   if any(_under(path, r) for r in shown_roots) and not os.path.lexists(path)),
                  key=lambda r: (r.path, r.article))


def remove(store: Store, chosen: Iterable[Removal], story_similarity: float) -> None:
    """Drop each article's graph (its claims, figures and metadata go with it; shared actors stay), and
    regroup the stories over the articles left (kg.ingest.stories)."""
    chosen = list(chosen)
    for r in chosen:
        store.remove_graph(r.article)
    if chosen:
        regroup(store, story_similarity)
    store.flush()
