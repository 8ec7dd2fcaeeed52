"""The actor gazetteer as plain lookup tables for the extractors (its entries are handed in; kg reads them from ontology/actors.ttl)."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import read_json

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
    affiliation: str | None = None  # a person's office or employer (roll-up of leaders to their state)


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

    def __init__(self, entries: Iterable[GazetteerEntry], digest: str = ""):
        entries = list(entries)
        self.entries = {e.key: e for e in entries}
        self.digest = digest
        self.names: dict[str, str] = {}
        self.demonyms: dict[str, str] = {}
        self.metonyms: dict[str, str] = {}
        self.reordered = {e.key: order for e in entries if (order := _other_order(e))}
        for e in entries:
            for n in self._names_of(e):
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

    def _names_of(self, e: GazetteerEntry) -> tuple[str, ...]:
        """An entry's names: its label, its aliases and its name the other way round, if any."""
        return (e.name, *e.aliases, *self.reordered.get(e.key, ()))

    def surface_forms(self) -> list[tuple[str, str, str]]:
        """(surface, key, kind) for every form, kind in name, demonym, metonym."""
        out = []
        for e in self.entries.values():
            out += [(n, e.key, "name") for n in self._names_of(e)]
            out += [(n, e.key, "demonym") for n in e.demonyms]
            out += [(n, e.key, "metonym") for n in e.metonyms]
        return out


def _other_order(e: GazetteerEntry) -> tuple[str, ...]:
    """A person of a country whose names English texts write in either order ("Fumio Kishida", "Kishida Fumio"):
    the two-word name the other way round (`name_order_countries` of data/actors.json)."""
    words = e.name.split()
    if e.type != "Person" or len(words) != 2 or e.country not in _name_order_countries():
        return ()
    return (f"{words[1]} {words[0]}",)


@lru_cache(maxsize=1)
def _name_order_countries() -> frozenset[str]:
    return frozenset(read_json("actors.json")["name_order_countries"])
