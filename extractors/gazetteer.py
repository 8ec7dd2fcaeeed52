"""The actor gazetteer (ontology/actors.ttl) as plain lookup tables for the extractors."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF, SKOS

_AIG = Namespace("https://w3id.org/aigeo/ontology#")
_ACTOR = "https://w3id.org/aigeo/actor/"
_WD = "http://www.wikidata.org/entity/"
ACTOR_TYPES = ("Country", "Bloc", "GovernmentBody", "Company", "Organization", "Person", "Product")


@dataclass(frozen=True)
class GazetteerEntry:
    key: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    wikidata: str | None = None
    country: str | None = None
    part_of: str | None = None


def slugify(name: str) -> str:
    """Stable identifier for an actor name: ASCII, lower case, underscores."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    s = re.sub(r"^(the)\s+", "", s.strip(), flags=re.I)
    s = re.sub(r"['\u2019]s\b", "", s)
    s = re.sub(r"[^A-Za-z0-9]+", "_", s).strip("_").lower()
    if not s:  # a name with no ASCII letters still needs a stable key
        s = "x" + hashlib.sha1(name.encode()).hexdigest()[:12]
    return s[:80]


def normalise(surface: str) -> str:
    """Lookup form of a surface string: case-folded, 'the' and possessive dropped, spaces folded."""
    s = surface.replace("\u2019", "'").strip()
    s = re.sub(r"^(the)\s+", "", s, flags=re.I)
    s = re.sub(r"'s?$", "", s)
    return " ".join(s.split()).casefold()


class Gazetteer:
    """Entries by key, and every surface form (label, alias, demonym, metonym) to its entry."""

    def __init__(self, entries: list[GazetteerEntry], digest: str = ""):
        self.entries = {e.key: e for e in entries}
        self.digest = digest
        self.names: dict[str, str] = {}
        self.demonyms: dict[str, str] = {}
        self.metonyms: dict[str, str] = {}
        for e in entries:
            for n in (e.name, *e.aliases):
                self.names.setdefault(normalise(n), e.key)
            for n in e.demonyms:
                self.demonyms.setdefault(normalise(n), e.key)
            for n in e.metonyms:
                self.metonyms.setdefault(normalise(n), e.key)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def get(self, key: str) -> GazetteerEntry | None:
        return self.entries.get(key)

    def lookup(self, surface: str) -> GazetteerEntry | None:
        """The entry a name, metonym or demonym refers to, if any."""
        n = normalise(surface)
        key = self.names.get(n) or self.metonyms.get(n) or self.demonyms.get(n)
        return self.entries.get(key) if key else None

    def surface_forms(self) -> list[tuple[str, str, str]]:
        """(surface, key, kind) for every form, kind in name, demonym, metonym."""
        out = []
        for e in self.entries.values():
            out += [(n, e.key, "name") for n in (e.name, *e.aliases)]
            out += [(n, e.key, "demonym") for n in e.demonyms]
            out += [(n, e.key, "metonym") for n in e.metonyms]
        return out


def _local(iri: URIRef | None) -> str | None:
    if iri is None:
        return None
    s = str(iri)
    return s[len(_ACTOR):] if s.startswith(_ACTOR) else None


def parse_gazetteer(path: Path) -> Gazetteer:
    data = Path(path).read_bytes()
    g = Graph()
    g.parse(data=data, format="turtle")
    entries = []
    for t in ACTOR_TYPES:
        for s in g.subjects(RDF.type, _AIG[t]):
            key = _local(s)
            label = g.value(s, SKOS.prefLabel)
            if key is None or label is None:
                continue
            wd = next((str(o)[len(_WD):] for o in g.objects(s, OWL.sameAs) if str(o).startswith(_WD)), None)
            entries.append(GazetteerEntry(
                key=key,
                name=str(label),
                type=t,
                aliases=tuple(sorted(str(o) for o in g.objects(s, SKOS.altLabel))),
                demonyms=tuple(sorted(str(o) for o in g.objects(s, _AIG.demonym))),
                metonyms=tuple(sorted(str(o) for o in g.objects(s, _AIG.metonym))),
                wikidata=wd,
                country=_local(g.value(s, _AIG.country)),
                part_of=_local(g.value(s, _AIG.partOf)),
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
