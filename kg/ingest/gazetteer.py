"""The actor gazetteer read from its Turtle file (ontology/actors.ttl) into the plain entries the extractors take."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef

from extractors.gazetteer import Gazetteer, GazetteerEntry
from kg.core.errors import ConfigError
from kg.core.namespaces import ACTOR, ACTOR_TYPE_CLASSES, AIG, OWL, RDF, SKOS, WD


def _key(iri: URIRef | None) -> str | None:
    s = str(iri) if iri is not None else ""
    return s[len(str(ACTOR)):] if s.startswith(str(ACTOR)) else None


def parse_gazetteer(path: Path) -> Gazetteer:
    """Every typed actor with a label in the Turtle file at `path`. Raises ConfigError if it cannot be read."""
    try:
        data = Path(path).read_bytes()
        g = Graph()
        g.parse(data=data, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise ConfigError(f"cannot read the gazetteer {path}: {exc}") from None
    entries = []
    for t, cls in ACTOR_TYPE_CLASSES.items():
        for s in g.subjects(RDF.type, cls):
            key, label = _key(s), g.value(s, SKOS.prefLabel)
            if key is None or label is None:
                continue
            wikidata = next((str(o)[len(str(WD)):] for o in g.objects(s, OWL.sameAs) if str(o).startswith(str(WD))), None)
            entries.append(GazetteerEntry(
                key=key,
                name=str(label),
                type=t,
                aliases=tuple(sorted(str(o) for o in g.objects(s, SKOS.altLabel))),
                demonyms=tuple(sorted(str(o) for o in g.objects(s, AIG.demonym))),
                metonyms=tuple(sorted(str(o) for o in g.objects(s, AIG.metonym))),
                wikidata=wikidata,
                country=_key(g.value(s, AIG.country)),
                part_of=_key(g.value(s, AIG.partOf)),
                affiliation=_key(g.value(s, AIG.affiliation)),
            ))
    entries.sort(key=lambda e: e.key)
    return Gazetteer(entries, digest=hashlib.sha256(data).hexdigest())


@lru_cache(maxsize=4)
def load_gazetteer(path: str | None = None) -> Gazetteer:
    """The gazetteer at `path`, by default the project's ontology/actors.ttl (parsed once per process)."""
    if path is None:
        from ontology import GAZETTEER

        path = str(GAZETTEER)
    return parse_gazetteer(Path(path))
