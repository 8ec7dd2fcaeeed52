"""The output contract: an Extraction in the shape of shared/eval/GOLD_FORMAT.md, plus ids and offsets."""
from __future__ import annotations

from .records import FOREIGN, Extraction

_REL_FIELDS = {
    "dependency": ("dependencies", "dependent", "provider", "resource"),
    "restriction": ("restrictions", "restrictor", "target", "resource"),
    "cooperation": ("cooperations", "a", "b", "topic"),
}


def to_contract(ex: Extraction) -> dict:
    def name(key: str | None) -> str | None:
        if key is None:
            return None
        if key == FOREIGN:
            return "foreign"
        actor = ex.actor(key)
        return actor.name if actor else key

    out: dict = {
        "source": {
            "url": ex.meta.url, "title": ex.meta.title, "publisher": ex.meta.publisher,
            "author": ex.meta.author, "date": ex.meta.date,
        },
        "actors": [
            {"id": a.key, "name": a.name, "type": a.type, "aliases": list(a.aliases),
             "wikidata": a.wikidata, "in_gazetteer": a.in_gazetteer, "mentions": len(a.mentions)}
            for a in ex.actors
        ],
        "dependencies": [], "restrictions": [], "cooperations": [],
        "figures": [], "attributions": [],
    }
    for r in ex.relations:
        section, s_field, o_field, res_field = _REL_FIELDS[r.kind]
        out[section].append({
            s_field: name(r.subject), o_field: name(r.object), res_field: r.resource,
            "evidence": r.evidence.text, "start": r.evidence.start, "end": r.evidence.end,
            "attributed_to": name(r.attributed_to), "via": [name(k) for k in r.chain],
            "modality": r.modality, "trigger": r.trigger, "confidence": r.confidence,
        })
    for i, f in enumerate(ex.figures):
        out["figures"].append({
            "value": f.value, "unit": f.unit, "evidence": f.evidence.text,
            "start": f.evidence.start, "end": f.evidence.end, "raw": f.raw,
            "about": f.about, "year": f.year, "subject": name(f.subject),
            "attributed_to": name(f.attributed_to), "equivalent_to": f.equivalent_to, "index": i,
        })
    for a in ex.attributions:
        out["attributions"].append({
            "source": name(a.source), "evidence": a.evidence.text,
            "start": a.evidence.start, "end": a.evidence.end,
            "via": [name(k) for k in a.chain], "cue": a.cue,
        })
    return out
