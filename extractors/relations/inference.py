"""What the relations of an article imply together: unnamed restrictors dropped or carried, implicit
targets and resources filled, subsumed readings pruned, figures linked."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from ..actors import ActorIndex
from ..lexicon import provides
from ..records import FOREIGN, Figure, Relation


def _fill_flows(rels: list[Relation], unnamed: set[int], named: Callable[[], list[tuple[int, str]]]) -> list[Relation]:
    """A flow whose sentence names no resource ("cut its dependence on X") is of the specific resource the
    article last named before it, or failing that of the one it names most. `named` gives (offset,
    resource) of the article's sentences naming one, computed only when some flow needs it."""
    if not unnamed:
        return rels
    specific = named()
    usual = Counter(res for _, res in specific).most_common(1)
    out = []
    for i, r in enumerate(rels):
        if i in unnamed:
            before = [res for start, res in specific if start < r.evidence.start]
            res = before[-1] if before else usual[0][0] if usual else None
            r = replace(r, resource=res) if res else r
        out.append(r)
    return out


def _drop_unnamed_restrictors(rels: list[Relation], groups: list[tuple[int, frozenset[int]]]) -> list[Relation | None]:
    """An unnamed restriction inside a sentence that names who restricts the same target is the same
    measure ("prevent X from evading sanctions") unless the two are coordinated ("sanctions and U.S.
    controls"); it is dropped. Returns the list with dropped items as None (positions are kept)."""
    out: list[Relation | None] = []
    for i, r in enumerate(rels):
        if r.kind == "restriction" and r.subject is None:
            if any(q.kind == "restriction" and q.subject is not None and q.evidence.start == r.evidence.start
                   and (r.object is None or q.object == r.object)
                   and (q.modality, q.attributed_to) == (r.modality, r.attributed_to)
                   and not (groups[j][0] == groups[i][0] and groups[j][1] & groups[i][1])
                   for j, q in enumerate(rels)):
                out.append(None)
                continue
        out.append(r)
    return out


def _carry_restrictors(rels: list[Relation | None], generic: set[int], focus: list[str]) -> list[Relation | None]:
    """A specific measure whose clause names no restrictor ("the rules aim at preventing X...", "X has
    been restricted from buying...") is the measure of the restrictor the article last named; before
    any is named, of the one it names most. Broad "sanctions" stay unnamed: they are a regime, not
    one actor's measure."""
    named = [r.subject for r in rels if r is not None and r.kind == "restriction" and r.subject is not None
             and r.object != FOREIGN]
    dominant = Counter(named).most_common(1)[0][0] if named else None
    out: list[Relation | None] = []
    last: str | None = None
    last_resource: str | None = None
    last_inward: str | None = None  # who last kept foreign goods out of its own market
    for i, r in enumerate(rels):
        if r is not None and r.kind == "restriction":
            if r.subject is not None:
                if r.object == FOREIGN:
                    last_inward = r.subject
                else:
                    last, last_resource = r.subject, r.resource
            elif i not in generic and r.object is not None:  # "the restrictions have hurt sales" names no one
                # "foreign" is relative to the restrictor: an unnamed one keeping foreign goods out is
                # the one that did so before, else the country the article is about
                who = (last_inward or (focus[0] if focus else None)) if r.object == FOREIGN else (last or dominant)
                if who is not None and who != r.object:
                    r = replace(r, subject=who, confidence=min(r.confidence, 0.6))
                    if r.object != FOREIGN and who == last and last_resource and _specificity(r.resource) < 2:
                        # the same measure: "the rules ... preventing X from accessing technology"
                        r = replace(r, resource=last_resource)
        out.append(r)
    return out


def _focus_countries(index: ActorIndex) -> list[str]:
    """The article's countries, most mentioned first (the implicit target of its restrictions)."""
    countries = [a for a in index.actors() if a.type == "Country"]
    countries.sort(key=lambda a: -len(a.mentions))
    return [a.key for a in countries]


def _provided(rels: list[Relation], type_of: Callable[[str | None], str | None]) -> list[Relation]:
    """Only dependencies whose provider's type may give their resource (data: provider_resources): a government
    body funds; the chips it licenses come from their makers and shippers."""
    return [r for r in rels if r.kind != "dependency" or provides(type_of(r.object), r.resource)]


def _prune(rels: list[Relation]) -> list[Relation]:
    """Within one sentence, drop what a more specific relation subsumes: the same pair with a generic
    resource, or an unnamed ("foreign") supplier when the sentence names the supplier."""
    def subsumed(r: Relation) -> bool:
        for q in rels:
            if q is r or q.kind != r.kind or q.evidence.start != r.evidence.start:
                continue
            same_pair = q.subject == r.subject and q.object == r.object
            if r.kind != "dependency" and same_pair and _specificity(r.resource) < _specificity(q.resource):
                return True
            if r.kind == "cooperation" and same_pair and r.resource == q.resource and rels.index(q) < rels.index(r):
                return True
            if (r.kind == "dependency" and r.object == FOREIGN and q.object != FOREIGN
                    and q.subject == r.subject and q.resource == r.resource):
                return True
        return False

    seen: set[tuple] = set()
    keep = []
    for r in rels:
        # a repeated sentence (a title printed twice) is one claim, cited at its first occurrence
        # within a sentence, a reported plan and an asserted fact with the same key are two claims
        key = (r.kind, r.subject, r.object, r.resource, r.evidence.text, r.modality, r.attributed_to)
        if key in seen or subsumed(r):
            continue
        seen.add(key)
        keep.append(r)
    return keep


def _specificity(resource: str) -> int:
    return {"other": 0, "ai_technology": 1}.get(resource, 2)


def home_country(index: ActorIndex, key: str | None, countries: list[str]) -> str | None:
    """The country a government body belongs to ("Chinese government", China's commerce ministry)."""
    if key is None:
        return None
    entry = index.gazetteer.get(key)
    if entry is not None and entry.country:
        return entry.country
    return next((c for c in countries if key.startswith(c + "_")), None)


def _fill_restrictions(rels: list[Relation | None], generic: set[int], focus: list[str],
                       home: Callable[[str | None], str | None] = lambda k: None,
                       listings: frozenset[int] | set[int] = frozenset()) -> list[Relation]:
    """Restrictions whose sentence leaves the target or the resource implicit take the article's usual
    ones: an article about export controls on China says "the restrictions" and means on China's chips.
    The implicit target is the article's most mentioned country other than the restrictor; broad
    sanctions and listings keep the resource `other`; a restriction with no possible target is dropped; a
    state's curbs in an article about that state name no target."""
    resources = Counter(r.resource for r in rels if r and r.kind == "restriction" and _specificity(r.resource) == 2)
    # failing a measure that names one, the resource the article's flows are about ("the deal stands in
    # contrast to earlier export restrictions" in an article about chip shipments)
    resources = resources or Counter(r.resource for r in rels if r and _specificity(r.resource) == 2)
    usual_resource = resources.most_common(1)[0][0] if resources else None
    out = []
    for i, r in enumerate(rels):
        if r is None:
            continue
        if r.kind == "restriction" and r.subject is None and r.object is None and i not in generic:
            continue  # "the restrictions have hampered ...": neither side named, nothing to record
        if r.kind == "restriction":
            if r.resource == "other":
                same_sentence = [q.resource for q in rels if q and q.kind == "restriction"
                                 and q.evidence.start == r.evidence.start and q.resource != "other"]
                if same_sentence:
                    r = replace(r, resource=same_sentence[0])
                elif i not in generic and i not in listings and usual_resource:
                    r = replace(r, resource=usual_resource, confidence=min(r.confidence, 0.6))
            if r.object is None:
                target = next((k for k in focus if k != r.subject), None)
                if focus and focus[0] == home(r.subject):
                    # an article about a state's own measures: its curbs on its own exports name nobody
                    target = None
                    out.append(r)
                    continue
                if target is None:
                    continue
                r = replace(r, object=target, confidence=0.5)
        out.append(r)
    return out


def with_figures(relations: list[Relation], figures: list[Figure]) -> list[Relation]:
    """Each relation linked to the figures stated inside its evidence ("exports to X fell 39%": the 39%
    is the relation's figure), by index into the article's figures."""
    out = []
    for r in relations:
        linked = tuple(i for i, f in enumerate(figures)
                       if r.evidence.start <= f.evidence.start and f.evidence.end <= r.evidence.end
                       or f.evidence.start <= r.evidence.start and r.evidence.end <= f.evidence.end)
        out.append(replace(r, figures=linked) if linked else r)
    return out
