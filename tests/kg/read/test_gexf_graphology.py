"""The GEXF export loads in graphology-gexf, the parser Gephi Lite uses (installed from npm, run with Node)."""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kg.read.export import TYPE_COLOURS, node_size, write_gexf
from kg.read.network import NetworkFilter, project
from kg.store import open_store
from kg.store.oxigraph import OxigraphStore

from tests.graph_fixture import fill

# Reads a GEXF file with graphology-gexf and prints the graph it built as JSON.
PARSE_JS = """
const fs = require('fs');
const Graph = require('graphology');
const gexf = require('graphology-gexf');
const g = gexf.parse(Graph, fs.readFileSync(process.argv[2], 'utf8'));
const out = {type: g.type, multi: g.multi, order: g.order, size: g.size, nodes: {}, edges: {}};
g.forEachNode((n, a) => { out.nodes[n] = a; });
g.forEachEdge((e, a, s, t) => { out.edges[e] = {source: s, target: t, attributes: a}; });
process.stdout.write(JSON.stringify(out));
"""


@pytest.fixture(scope="session")
def graphology(tmp_path_factory) -> Path:
    """A directory with graphology and graphology-gexf installed from npm (once per session)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("node and npm are needed to run graphology-gexf (not on PATH)")
    root = tmp_path_factory.mktemp("graphology")
    try:
        proc = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--silent", "graphology", "graphology-gexf"],
                              cwd=root, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        pytest.skip("npm install of graphology-gexf timed out (offline?)")
    if proc.returncode != 0 or not (root / "node_modules" / "graphology-gexf").is_dir():
        pytest.skip(f"npm install of graphology-gexf failed (offline?): {proc.stderr.strip()[-300:]}")
    (root / "parse.js").write_text(PARSE_JS, encoding="utf-8")
    return root


def parse_with_graphology(root: Path, gexf: Path) -> dict:
    proc = subprocess.run(["node", str(root / "parse.js"), str(gexf)], cwd=root, capture_output=True, text=True,
                          timeout=60, env={**os.environ, "NODE_PATH": str(root / "node_modules")})
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def network():
    s = OxigraphStore(None)
    fill(s)
    return project(s)


@pytest.mark.parametrize("dynamic", [False, True], ids=["static", "dynamic"])
def test_graphology_reads_every_node_and_edge_with_attributes(graphology, network, tmp_path, dynamic: bool) -> None:
    path = tmp_path / "net.gexf"
    with path.open("wb") as fh:
        write_gexf(network, fh, dynamic=dynamic)
    g = parse_with_graphology(graphology, path)
    assert (g["order"], g["size"]) == (network.number_of_nodes(), network.number_of_edges())
    assert g["type"] == "directed"
    assert g["multi"], "Russia depends on China for two resources: parallel edges"
    for key, d in network.nodes(data=True):
        a = g["nodes"][key]
        assert (a["label"], a["actor_type"], a["claims"], a["weighted_degree"]) == \
            (d["label"], d["actor_type"], d["claims"], d["weighted_degree"])
        assert a.get("wikidata") == d.get("wikidata")
        r, gr, b = TYPE_COLOURS[d["actor_type"]]
        assert a["color"] == f"rgba({r},{gr},{b},1.0)"
        assert a["size"] == node_size(d["weighted_degree"])
    for u, v, d in network.edges(data=True):
        e = g["edges"][d["id"]]
        assert (e["source"], e["target"]) == (u, v)
        for k in ("weight", "relation", "resource", "sources", "claims", "asserted", "negated", "quote", "article"):
            assert e["attributes"][k] == d[k], (d["id"], k)
        assert e["attributes"].get("first_date") == d.get("first_date")


@pytest.mark.slow
def test_graphology_reads_the_seed_chips_export(graphology, seed_store_settings, tmp_path) -> None:
    path = tmp_path / "chips.gexf"
    with open_store(seed_store_settings, read_only=True) as s:
        G = project(s, NetworkFilter(resource="chips"))
    buf = io.BytesIO()
    write_gexf(G, buf, dynamic=True)
    path.write_bytes(buf.getvalue())
    g = parse_with_graphology(graphology, path)
    assert (g["order"], g["size"]) == (G.number_of_nodes(), G.number_of_edges())
    rc = [e for e in g["edges"].values()
          if (e["source"], e["target"]) == ("russia", "china") and e["attributes"]["relation"] == "dependency"]
    assert rc and rc[0]["attributes"]["weight"] >= 1 and rc[0]["attributes"]["sources"] >= 1
