"""Names to IRIs: actors through the labels and aliases in the store, resources through SKOS labels.

A `Catalog` reads every actor and resource name once from a store (three small queries, or the
persisted read index, kg.read.read_index) and then answers lookups from memory; an unknown name
raises NotFound with the closest known names.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from extractors.gazetteer import normalise

from kg.core.errors import NotFound, QueryError
from kg.core.namespaces import ACTOR, AIG, RES
from kg.read.records import Ref
from kg.store.queries import run_named
from kg.store import Store

_AIG = str(AIG._NS)
_WD = "http://www.wikidata.org/entity/"
# Name kinds in the order they win when two actors share a surface form.
_KIND_RANK = {"label": 0, "alias": 1, "metonym": 2, "demonym": 3, "notation": 1}
MAX_NAME_CHARS = 200


@dataclass(frozen=True)
class ActorInfo:
    iri: str
    key: str
    label: str
    type: str | None = None
    wikidata: str | None = None
    in_gazetteer: bool = False
    aliases: tuple[str, ...] = ()
    country: str | None = None  # IRIs from the gazetteer (aig:country, aig:partOf, aig:affiliation)
    part_of: str | None = None
    affiliation: str | None = None


@dataclass(frozen=True)
class ResourceInfo:
    iri: str
    key: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class CatalogData:
    """The rows a catalog is made of (what kg.read.read_index persists): actor names with their kind
    (label, alias, demonym...), actor facts (type, wikidata, gazetteer) and resource names."""

    actor_names: list[tuple[str, str, str]]
    actor_facts: list[tuple[str, str, object]]
    resource_names: list[tuple[str, str, str]]

    @classmethod
    def read(cls, store: Store) -> "CatalogData":
        return cls(
            [(str(r["actor"]), str(r["name"]), str(r["nameKind"])) for r in run_named(store, "actor_names")],
            [(str(r["actor"]), str(r["fact"]), r["value"]) for r in run_named(store, "actor_facts")],
            [(str(r["resource"]), str(r["name"]), str(r["nameKind"])) for r in run_named(store, "resource_names")],
        )


@dataclass
class _Index:
    by_name: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    def add(self, name: str, kind: str, iri: str) -> None:
        self.by_name.setdefault(normalise(name), []).append((_KIND_RANK.get(kind, 9), iri))

    def get(self, name: str) -> str | None:
        hits = self.by_name.get(normalise(name))
        return min(hits)[1] if hits else None

    def close(self, name: str, n: int = 5) -> list[str]:
        return difflib.get_close_matches(normalise(name), list(self.by_name), n=n, cutoff=0.6)


class Catalog:
    """Actors and resources a store knows, by every name they go by."""

    def __init__(self, actors: dict[str, ActorInfo], resources: dict[str, ResourceInfo],
                 actor_index: _Index, resource_index: _Index):
        self.actors = actors
        self.resources = resources
        self._actor_index = actor_index
        self._resource_index = resource_index
        self._refs: dict[str, Ref] = {}
        self._states: dict[str, str] = {}
        self.data: CatalogData | None = None  # the rows it was made of (kg.read.read_index persists them)

    @classmethod
    def from_store(cls, store: Store) -> "Catalog":
        return cls.from_data(CatalogData.read(store))

    @classmethod
    def from_data(cls, data: "CatalogData") -> "Catalog":
        names: dict[str, dict[str, object]] = {}
        actor_index = _Index()
        for iri, name, kind in data.actor_names:
            info = names.setdefault(iri, {"labels": [], "aliases": [], "type": None, "wikidata": None, "gaz": False,
                                          "country": None, "partOf": None, "affiliation": None})
            (info["labels"] if kind == "label" else info["aliases"]).append(name)
            actor_index.add(name, kind, iri)
        for iri, fact, value in data.actor_facts:
            info = names.get(iri)
            if info is None:  # an actor with no name is not in the catalog
                continue
            if fact == "type" and isinstance(value, str) and value.startswith(_AIG):
                info["type"] = value[len(_AIG):]
            elif fact == "wikidata" and isinstance(value, str):
                info["wikidata"] = value[len(_WD):]
            elif fact == "gazetteer" and value is True:
                info["gaz"] = True
            elif fact in ("country", "partOf", "affiliation") and isinstance(value, str):
                info[fact] = min(value, info[fact] or value)  # one, the same whatever the row order
        actors = {}
        for iri, info in names.items():
            key = iri[len(str(ACTOR)):]
            labels = sorted(set(info["labels"])) or [key]
            actors[iri] = ActorInfo(iri=iri, key=key, label=labels[0], type=info["type"], wikidata=info["wikidata"],
                                    in_gazetteer=bool(info["gaz"]), aliases=tuple(sorted(set(info["aliases"]))),
                                    country=info["country"], part_of=info["partOf"], affiliation=info["affiliation"])
            actor_index.add(key, "notation", iri)
            actor_index.add(key.replace("_", " "), "notation", iri)

        rnames: dict[str, dict[str, list[str]]] = {}
        resource_index = _Index()
        for iri, name, kind in data.resource_names:
            info = rnames.setdefault(iri, {"labels": [], "aliases": []})
            (info["labels"] if kind == "label" else info["aliases"]).append(name)
            resource_index.add(name, kind, iri)
        resources = {}
        for iri, info in rnames.items():
            key = iri[len(str(RES._NS)):]
            resources[iri] = ResourceInfo(iri=iri, key=key, label=(sorted(info["labels"]) or [key])[0],
                                          aliases=tuple(sorted(set(info["aliases"]))))
            resource_index.add(key.replace("_", " "), "notation", iri)
        catalog = cls(actors, resources, actor_index, resource_index)
        catalog.data = data
        return catalog

    # ---- IRIs as answers show them (immutable Refs, made once per IRI)
    def actor_ref(self, iri: str | None) -> Ref | None:
        if iri is None:
            return None
        ref = self._refs.get(iri)
        if ref is None:
            info = self.actors.get(iri)
            key = iri.rsplit("/", 1)[-1]
            ref = self._refs[iri] = Ref(info.iri, info.key, info.label) if info else Ref(iri, key, key)
        return ref

    def resource_ref(self, iri: str | None) -> Ref | None:
        if iri is None:
            return None
        ref = self._refs.get(iri)
        if ref is None:
            info = self.resources.get(iri)
            key = iri.rsplit("/", 1)[-1]
            ref = self._refs[iri] = Ref(iri, info.key if info else key, info.label if info else key)
        return ref

    # ---- roll-up to states and blocs
    def state_of(self, iri: str) -> str:
        """The state or bloc an actor belongs to, by the gazetteer (the actor itself when it belongs to none).

        A country or bloc is its own state; a government body belongs to its `aig:country`, else to what
        its `aig:partOf` chain reaches (the European Commission to the EU); a person to the state of their
        `aig:affiliation` (a minister through the ministry, a head of state directly); a company or
        organisation only through `aig:partOf` a state body (a state company), never through the country
        it is based in (Nvidia is not the United States).
        """
        state = self._states.get(iri)
        if state is None:
            state = self._states[iri] = self._state(iri, set()) or iri
        return state

    def _state(self, iri: str | None, seen: set[str]) -> str | None:
        info = self.actors.get(iri) if iri is not None else None
        if info is None or iri in seen:
            return None
        seen.add(iri)
        if info.type in ("Country", "Bloc"):
            return iri
        if info.type == "GovernmentBody":
            return info.country or self._state(info.part_of, seen)
        if info.type == "Person":
            return self._state(info.affiliation, seen)
        return self._state(info.part_of, seen)  # a company or organisation: only when a state body owns it

    # ---- labels of IRIs the queries return
    def actor_label(self, iri: str | None) -> str | None:
        if iri is None:
            return None
        info = self.actors.get(iri)
        return info.label if info else iri.rsplit("/", 1)[-1]

    def resource_label(self, iri: str | None) -> str | None:
        if iri is None:
            return None
        info = self.resources.get(iri)
        return info.label if info else iri.rsplit("/", 1)[-1]

    # ---- names the user typed
    def actor(self, name: str) -> ActorInfo:
        """The actor a name, alias, demonym, metonym, key or IRI refers to. Raises NotFound."""
        text = _checked(name, "actor")
        if text in self.actors:
            return self.actors[text]
        iri = self._actor_index.get(text)
        if iri is None:
            raise NotFound(_unknown("actor", text, self._actor_index.close(text), self._actor_display))
        return self.actors[iri]

    def resource(self, name: str) -> ResourceInfo:
        """The resource concept a label or synonym refers to ('GPUs', 'semiconductors' -> chips)."""
        text = _checked(name, "resource")
        if text in self.resources:
            return self.resources[text]
        iri = self._resource_index.get(text)
        if iri is None:
            # "advanced AI chips" -> "AI chips" -> "chips": drop qualifiers from the left
            words = text.split()
            for i in range(1, len(words)):
                iri = self._resource_index.get(" ".join(words[i:]))
                if iri:
                    break
        if iri is None and text.lower().endswith("s"):
            iri = self._resource_index.get(text[:-1])
        if iri is None:
            close = self._resource_index.close(text)
            if close:
                raise NotFound(_unknown("resource", text, close, self._resource_display))
            # no name is close ('bananas'), but the resources are few: name them all, closest first
            labels = sorted(self.resource_names(),
                            key=lambda label: -difflib.SequenceMatcher(None, normalise(text), normalise(label)).ratio())
            raise NotFound(f"unknown resource {text!r}; the known resources, closest first: {', '.join(labels)}")
        return self.resources[iri]

    def _actor_display(self, normalised: str) -> str:
        return self.actors[self._actor_index.get(normalised)].label

    def _resource_display(self, normalised: str) -> str:
        return self.resources[self._resource_index.get(normalised)].label

    def resource_names(self) -> list[str]:
        return sorted(r.label for r in self.resources.values())


def _checked(name: str, what: str) -> str:
    text = " ".join(str(name).split())
    if not text:
        raise QueryError(f"empty {what} name")
    if len(text) > MAX_NAME_CHARS:
        raise QueryError(f"{what} name longer than {MAX_NAME_CHARS} characters")
    return text


def _unknown(what: str, name: str, close: list[str], display) -> str:
    msg = f"unknown {what} {name!r}"
    if close:
        shown = []
        for c in close:
            d = display(c)
            if d not in shown:
                shown.append(d)
        msg += "; did you mean: " + ", ".join(shown) + "?"
    return msg
