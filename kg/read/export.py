"""Exports of the store: the network projection as GEXF 1.3 or GraphML, and RDF dumps.

GEXF is what Gephi and Gephi Lite open: node and edge attributes are declared with their types,
nodes carry `viz` colours by actor type and sizes by weighted degree, and in dynamic mode every
edge carries one spell per date on which an article reported it, so Gephi's timeline can show the
network as it was reported over time. RDF dumps are written by the store (kg.store.formats).
"""
from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter
from networkx.readwrite.graphml import GraphMLWriter

from kg import __version__
from kg.core.errors import NotFound, QueryError
from kg.core.namespaces import ARTICLE
from kg.read.answers import Answers
from kg.read.network import NetworkFilter, project
from kg.store import Store
from kg.store import formats


@dataclass(frozen=True)
class ExportFormat:
    name: str
    extension: str
    media_type: str
    rdf: str | None = None  # the RDF media type; None for the network formats

    @property
    def is_graph(self) -> bool:
        return self.rdf is None


FORMATS: dict[str, ExportFormat] = {
    "gexf": ExportFormat("gexf", "gexf", "application/gexf+xml"),
    "graphml": ExportFormat("graphml", "graphml", "application/graphml+xml"),
    "trig": ExportFormat("trig", "trig", "application/trig", formats.TRIG),
    "nquads": ExportFormat("nquads", "nq", "application/n-quads", formats.N_QUADS),
    "turtle": ExportFormat("turtle", "ttl", "text/turtle", formats.TURTLE),
    "jsonld": ExportFormat("jsonld", "jsonld", "application/ld+json", formats.JSON_LD),
}
RDF_EXTENSIONS = {f.extension: f for f in FORMATS.values() if not f.is_graph}

# Tableau 10 colours, one per actor type, so a Gephi partition by `actor_type` matches the file.
TYPE_COLOURS: dict[str, tuple[int, int, int]] = {
    "Country": (31, 119, 180),
    "Bloc": (148, 103, 189),
    "GovernmentBody": (255, 127, 14),
    "Company": (44, 160, 44),
    "Organization": (140, 86, 75),
    "Person": (227, 119, 194),
    "Product": (188, 189, 34),
    "Unspecified": (127, 127, 127),
}

_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def get_format(name: str) -> ExportFormat:
    """The export format called `name` (or by its file extension). Raises QueryError when unknown."""
    fmt = FORMATS.get(name) or RDF_EXTENSIONS.get(name) or next((f for f in FORMATS.values() if f.extension == name), None)
    if fmt is None:
        raise QueryError(f"unknown export format {name!r}; known: {', '.join(FORMATS)}")
    return fmt


def node_size(weighted_degree: float) -> float:
    """Area grows with the number of supporting claims, so hubs stand out without swamping the rest."""
    return round(4.0 + 4.0 * math.sqrt(max(weighted_degree, 0)), 2)


def _flat(value: Any) -> Any:
    """A value GEXF/GraphML writers accept: lists joined, dicts as JSON, None dropped by the caller."""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _clean(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: _flat(v) for k, v in attrs.items() if v is not None}


def gexf_graph(G: nx.MultiDiGraph, dynamic: bool = False) -> nx.MultiDiGraph:
    """The copy of a projection that is written as GEXF: flat attributes, viz, spells when dynamic."""
    H = nx.MultiDiGraph(name=G.graph.get("name", ""))
    if dynamic:
        H.graph["mode"] = "dynamic"
    for n, d in G.nodes(data=True):
        attrs = _clean(d)
        r, g, b = TYPE_COLOURS.get(d.get("actor_type", ""), TYPE_COLOURS["Unspecified"])
        attrs["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "size": node_size(d.get("weighted_degree", 0))}
        if dynamic:
            spells = _node_spells(G, n)
            if spells:
                attrs["spells"] = spells
        H.add_node(n, **attrs)
    for u, v, k, d in G.edges(keys=True, data=True):
        attrs = _clean(d)
        if dynamic and d.get("dates"):
            attrs["spells"] = [(day, day) for day in d["dates"]]
        H.add_edge(u, v, key=attrs["id"], **attrs)
    return H


def _node_spells(G: nx.MultiDiGraph, n: str) -> list[tuple[str, str]]:
    """A node is shown on the days its edges are; a node with an undated edge is always shown."""
    days: set[str] = set()
    for _, _, d in [*G.out_edges(n, data=True), *G.in_edges(n, data=True)]:
        if not d.get("dates"):
            return []
        days.update(d["dates"])
    return [(day, day) for day in sorted(days)]


class _Gexf13Writer(GEXFWriter):
    """networkx's GEXF writer, fixed for GEXF 1.3 files that Gephi and graphology read cleanly."""

    def set_version(self, version: str) -> None:
        super().set_version(version)
        # networkx (3.6) declares xsi as http://w3.org/... (no www) for 1.3: not the XSI namespace
        self.NS_XSI = _XSI

    def add_edges(self, G, graph_element):
        super().add_edges(G, graph_element)
        # GEXF 1.3's edge `kind` tells parallel edges apart: Gephi merges edges with the same source,
        # target and kind, so without it a dependency and a restriction between the same two actors
        # (or dependencies for two resources) collapse into one. The kind is relation:resource, as
        # the projection's edge keys: exactly what one edge stands for.
        edges = graph_element.find("edges")
        for edge, (_, _, d) in zip(edges if edges is not None else (), G.edges(data=True)):
            edge.set("kind", f"{d.get('relation')}:{d.get('resource')}")

    def add_attributes(self, node_or_edge, xml_obj, data, default):
        # for multigraphs networkx adds the edge key as a `networkx_key` column; our keys are the
        # edge ids already, and an extra column only clutters Gephi's data laboratory
        data.pop("key", None)
        return super().add_attributes(node_or_edge, xml_obj, data, default)


def write_gexf(G: nx.MultiDiGraph, out: IO[bytes], dynamic: bool = False) -> None:
    """Write a projection as GEXF 1.3 (see gexf_graph for what is written)."""
    writer = _Gexf13Writer(encoding="utf-8", prettyprint=True, version="1.3")
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.find("creator").text = f"aigeo-kg {__version__} (networkx {nx.__version__})"
        desc = meta.makeelement("description", {})
        desc.text = G.graph.get("name", "aigeo claims network")
        meta.append(desc)
    writer.add_graph(gexf_graph(G, dynamic))
    writer.write(out)


def graphml_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The copy written as GraphML: flat attributes, colour as #rrggbb and size as plain attributes."""
    H = nx.MultiDiGraph(name=G.graph.get("name", ""))
    for n, d in G.nodes(data=True):
        attrs = _clean(d)
        r, g, b = TYPE_COLOURS.get(d.get("actor_type", ""), TYPE_COLOURS["Unspecified"])
        attrs["color"] = f"#{r:02x}{g:02x}{b:02x}"
        attrs["size"] = node_size(d.get("weighted_degree", 0))
        H.add_node(n, **attrs)
    for u, v, k, d in G.edges(keys=True, data=True):
        attrs = _clean(d)
        # GraphML ids are XML name tokens: `russia|dependency|chips|china` becomes `russia:dependency:chips:china`
        H.add_edge(u, v, key=str(attrs.pop("id")).replace("|", ":"), **attrs)
    return H


class _GraphMLWriter(GraphMLWriter):
    """networkx's GraphML writer with key ids the GraphML schema accepts: one id per (scope, name),
    readable (`node_label`, `edge_label`), where named ids gave nodes and edges the same id `label`."""

    def get_key(self, name, attr_type, scope, default):
        keys_key = (name, attr_type, scope)
        if keys_key not in self.keys:
            self.keys[keys_key] = f"{scope}_{name}"
            key_element = self.myElement("key", id=self.keys[keys_key], **{"for": scope, "attr.name": name,
                                                                            "attr.type": attr_type})
            if default is not None:
                default_element = self.myElement("default")
                default_element.text = str(default)
                key_element.append(default_element)
            self.xml.insert(0, key_element)
        return self.keys[keys_key]


def write_graphml(G: nx.MultiDiGraph, out: IO[bytes]) -> None:
    writer = _GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(graphml_graph(G))
    writer.dump(out)


def resolve_article(store: Store, article: str) -> str:
    """The IRI of a stored article given its IRI, `article:LOCAL` or LOCAL. Raises NotFound."""
    a = article.strip()
    if a.startswith("article:"):
        a = a[len("article:"):]
    iri = a if "://" in a else str(ARTICLE) + a
    if not iri.startswith(str(ARTICLE)) or store.article_state(iri) is None:
        raise NotFound(f"no article {article!r} in the store")
    return iri


def write_rdf(store: Store, out: IO[bytes], fmt: ExportFormat, article: str | None = None) -> None:
    """Dump the whole store, or one article's named graph, in an RDF format."""
    if fmt.rdf is None:
        raise QueryError(f"{fmt.name} is not an RDF format")
    if article is None:
        store.dump(out, fmt.rdf)
        return
    iri = resolve_article(store, article)
    if formats.supports_datasets(fmt.rdf):
        # keep the graph name, so that loading the dump restores the article's own graph
        # (the store's dump of one graph writes bare triples)
        out.write(formats.serialize(store.quads(iri), fmt.rdf))
    else:
        store.dump(out, fmt.rdf, graph=iri)


@dataclass(frozen=True)
class ExportResult:
    format: ExportFormat
    nodes: int | None = None
    edges: int | None = None


def export(store: Store, fmt: ExportFormat | str, out: IO[bytes], flt: NetworkFilter | None = None,
           dynamic: bool = False, article: str | None = None, answers: Answers | None = None) -> ExportResult:
    """Write one export to a binary stream: a network (filtered by `flt`) or an RDF dump.

    `answers`: the store's read model when the caller holds one (the network is projected from it)."""
    fmt = get_format(fmt) if isinstance(fmt, str) else fmt
    if not fmt.is_graph:
        if dynamic:
            raise QueryError("--dynamic applies to the gexf format only")
        write_rdf(store, out, fmt, article)
        return ExportResult(fmt)
    flt = flt or NetworkFilter()
    if article is not None:
        flt = replace(flt, article=resolve_article(store, article))
    G = project(store, flt, answers)
    if fmt.name == "gexf":
        write_gexf(G, out, dynamic=dynamic)
    else:
        if dynamic:
            raise QueryError("--dynamic applies to the gexf format only")
        write_graphml(G, out)
    return ExportResult(fmt, G.number_of_nodes(), G.number_of_edges())


def export_bytes(store: Store, fmt: ExportFormat | str, flt: NetworkFilter | None = None,
                 dynamic: bool = False, article: str | None = None,
                 answers: Answers | None = None) -> tuple[bytes, ExportResult]:
    """The same export in memory (for the API)."""
    buf = io.BytesIO()
    result = export(store, fmt, buf, flt, dynamic, article, answers)
    return buf.getvalue(), result


def default_path(fmt: ExportFormat, flt: NetworkFilter | None = None, dynamic: bool = False,
                 article: str | None = None, folder: Path = Path("exports")) -> Path:
    """exports/graph[-KIND][-RESOURCE][-states][-dynamic].gexf, exports/dump.trig, exports/article-LOCAL.ttl..."""
    if fmt.is_graph:
        flt = flt or NetworkFilter()
        parts = ["graph", flt.kind, flt.resource, "states" if flt.roll_up else None, "dynamic" if dynamic else None]
        stem = "-".join(p for p in parts if p)
    else:
        stem = "dump"
    if article:
        stem += "-article-" + article.rstrip("/").rsplit("/", 1)[-1].removeprefix("article:")
    return folder / f"{stem}.{fmt.extension}"
