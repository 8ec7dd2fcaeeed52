"""`kg ask`: plain questions matched against documented forms (kg/data/questions.json), answered with citations."""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from importlib.resources import files

from kg.read.answers import Answers
from kg.read.figure_clusters import FigureCluster
from kg.read.periods import period_pattern as _period_pattern, time_phrase
from kg.read.records import Chain, Citation, Edge, Figure, Profile, SourceGroup
from kg.core.errors import QueryError, UnknownQuestion

MAX_QUESTION_CHARS = 500
DEFAULT_LIMIT = 20  # edges, figures, sources, articles or chains shown
DEFAULT_CITATIONS = 3  # citations per edge or hop (its earliest); counts always cover every claim
MAX_COUNTED = 100_000  # chains are counted up to this many (a large graph has hundreds of millions)
_ARROW = {"dependency": "→", "restriction": "⊣", "cooperation": "↔"}


@dataclass(frozen=True)
class QuestionForm:
    form: str
    example: str
    pattern: re.Pattern


@dataclass(frozen=True)
class Parsed:
    form: str
    actor: str | None = None
    resource: str | None = None
    when: str | None = None  # a year or a day (the "due" form)
    date_from: str | None = None  # from a time phrase ("since 2024", "in 2023", "before 2022"), inclusive
    date_to: str | None = None


@dataclass
class Answer:
    """A readable answer: lines that cite by number, the citations, and the typed results behind them."""

    question: str
    form: str
    heading: str
    lines: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    results: list[object] = field(default_factory=list)
    total: int | None = None  # how many results match, when more exist than are shown
    _numbers: dict[str, int] = field(default_factory=dict, repr=False)

    def cite(self, c: Citation) -> int:
        n = self._numbers.get(c.claim)
        if n is None:
            self.citations.append(c)
            n = self._numbers[c.claim] = len(self.citations)
        return n

    def refs(self, cites) -> str:
        return "".join(f"[{self.cite(c)}]" for c in cites)

    def to_dict(self) -> dict[str, object]:
        return {
            "question": self.question,
            "form": self.form,
            "heading": self.heading,
            "total": self.total if self.total is not None else len(self.results),
            "lines": self.lines,
            "results": [asdict(r) for r in self.results],
            "citations": [{"n": i, **asdict(c)} for i, c in enumerate(self.citations, 1)],
        }

    def to_text(self) -> str:
        out = [self.heading, ""]
        out += [f"  {line}" for line in self.lines] or ["  (nothing in the graph answers this)"]
        if self.citations:
            out += ["", "Citations"]
            out += [format_citation(i, c) for i, c in enumerate(self.citations, 1)]
        return "\n".join(out)


@lru_cache(maxsize=1)
def question_forms() -> tuple[QuestionForm, ...]:
    data = json.loads(files("kg.read").joinpath("data", "questions.json").read_text(encoding="utf-8"))
    return tuple(QuestionForm(d["form"], d["example"], re.compile(d["pattern"], re.IGNORECASE)) for d in data)


def examples() -> list[str]:
    return [f.example for f in question_forms()]


def parse_question(question: str) -> Parsed:
    """The form and the names a question contains. Raises UnknownQuestion with the forms understood."""
    text = " ".join(str(question).split())
    if len(text) > MAX_QUESTION_CHARS:
        raise QueryError(f"question longer than {MAX_QUESTION_CHARS} characters")
    text = text.rstrip("?!. ").strip()
    # a closing time phrase ("since 2024") belongs to relation questions; elsewhere its words are a name's
    stripped, (date_from, date_to) = time_phrase(text)
    if stripped != text:
        p = _match(stripped)
        if p is not None and p.form in _EDGE_FORMS:
            return replace(p, date_from=date_from, date_to=date_to)
    p = _match(text)
    if p is None:
        raise UnknownQuestion(f"cannot understand the question {text[:120]!r}", examples())
    return p


def _match(text: str) -> Parsed | None:
    for f in question_forms():
        m = f.pattern.match(text)
        if m:
            g = m.groupdict()
            actor, resource = _clean(g.get("actor")), _clean(g.get("resource"))
            if g.get("actor") is not None and actor is None:
                continue  # an actor of only quotes names no one
            return Parsed(f.form, actor, resource, _clean(g.get("when")))
    return None


# What a name in a question must hold once the question is read (see parse_question): an actor
# something other than spaces, the trailing ?!. and the quotes _clean strips; a resource something
# other than spaces and the trailing ?!. (one of only quotes is no resource, and the question stands).
_NAMES = {"actor": r"""[\s\S]*?[^\s?!.'"][\s\S]*?""", "resource": r"[\s\S]*?[^\s?!.][\s\S]*?",
          "when": r"[\s\S]*?[^\s?!.][\s\S]*?"}


def question_pattern() -> str:
    """A regular expression in ECMAScript syntax (for JSON Schema's `pattern`) matching exactly the
    questions parse_question understands: any case, any run of whitespace, trailing ?!. allowed."""
    alternatives = []
    for f in question_forms():
        p = f.pattern.pattern.removeprefix("^").removesuffix("$")
        parts = re.split(r"\(\?P<(\w+)>\.\+\??\)", p)  # words, name, words, name, words
        for i in range(0, len(parts), 2):
            parts[i] = re.sub(r"[A-Za-z]", lambda m: f"[{m.group().lower()}{m.group().upper()}]",
                              parts[i]).replace(" ", r"\s+")
        for i in range(1, len(parts), 2):
            parts[i] = f"({_NAMES[parts[i]]})"
        alternatives.append("".join(parts) + (_period_pattern() if f.form in _EDGE_FORMS else ""))
    return r"^\s*(?:" + "|".join(alternatives) + r")[\s?!.]*$"


def _clean(name: str | None) -> str | None:
    if name is None:
        return None
    name = name.strip(" '\"")
    return name or None


# relation question forms: (claim kind, the side the question's actor fills, heading, both directions)
_EDGE_FORMS = {
    "dependencies": ("dependency", None, "Who depends on whom{res}", False),
    "depends_on": ("dependency", "subject", "What {actor} depends on{res}", False),
    "dependents_of": ("dependency", "object", "Who depends on {actor}{res}", False),
    "restrictions": ("restriction", None, "Who restricts whom{res}", False),
    "restricted_by": ("restriction", "object", "Who restricts {actor}{res}", False),
    "restricts": ("restriction", "subject", "Whom {actor} restricts{res}", False),
    "cooperations": ("cooperation", "subject", "Who cooperates with {actor}{res}", True),
}


def ask(answers: Answers, question: str, *, limit: int = DEFAULT_LIMIT,
        citations: int | None = DEFAULT_CITATIONS, as_of: str | None = None, roll_up: bool = False) -> Answer:
    """Answer a question from the graph: the `limit` best supported results, each edge or hop with its
    `citations` earliest citations (None: all); plans are judged as of `as_of` (default today); `roll_up`
    groups relation edges' actors under their state or bloc. Raises UnknownQuestion, or NotFound for unknown
    names."""
    if limit < 1:
        raise QueryError("limit must be at least 1")
    if citations is not None and citations < 0:
        raise QueryError("citations must be 0 or more")
    p = parse_question(question)
    # names are resolved before anything runs, so an unknown one fails with its close matches
    actor = answers.catalog.actor(p.actor) if p.actor else None
    resource = answers.catalog.resource(p.resource) if p.resource else None
    res_txt = f" for {resource.label}" if resource else ""
    a = Answer(question=question, form=p.form, heading="")
    if p.form in _EDGE_FORMS:
        kind, role, heading, symmetric = _EDGE_FORMS[p.form]
        if roll_up and actor is not None:  # asked about a ministry, answered about its state
            actor = answers.catalog.actors[answers.catalog.state_of(actor.iri)]
        page = answers.edge_page(kind, resource=resource, limit=limit, citations=citations, symmetric=symmetric,
                                 roll_up=roll_up, date_from=p.date_from, date_to=p.date_to,
                                 **({role: actor} if role else {}))
        a.heading = heading.format(actor=actor.label if actor else "", res=res_txt) + _period(p)
        if roll_up:
            a.heading += " (actors rolled up to states and blocs)"
        _edge_lines(a, page.edges)
        _shown(a, page.total, "edge")
    elif p.form == "figures":
        figs = answers.figures(actor=actor, limit=limit + 1)
        a.heading = f"Figures about {actor.label}"
        _figure_lines(a, figs[:limit])
        _shown(a, None if len(figs) <= limit else answers.figure_count(actor=actor), "figure")
    elif p.form in ("figure_conflicts", "figure_clusters"):
        conflicting = True if p.form == "figure_conflicts" else None
        found = answers.figure_clusters(actor=actor, conflicting=conflicting)
        a.heading = (f"Figures that disagree about {actor.label}" if conflicting
                     else f"Figures about {actor.label} across articles")
        _cluster_lines(a, found[:limit])
        _shown(a, len(found), "cluster")
    elif p.form == "sources":
        groups = answers.sources_about(actor)
        a.heading = f"Who said or reported something about {actor.label}"
        _source_lines(a, groups[:limit], citations)
        _shown(a, len(groups), "source")
    elif p.form == "articles":
        arts = answers.articles(actor=actor)
        a.heading = f"Articles that mention {actor.label}"
        a.results = list(arts[:limit])
        for art in a.results:
            claims = sum(art.claim_counts.values())
            a.lines.append(f"{art.title or art.article} — {art.publisher or 'unknown publisher'}, "
                           f"{art.date or 'undated'}; {_count(claims, 'claim')}. {art.url or ''}".rstrip())
        _shown(a, len(arts), "article")
    elif p.form == "chains":
        chains = answers.dependency_chains(resource, limit=limit + 1, citations=citations)
        a.heading = f"Dependency chains for {resource.label}"
        _chain_lines(a, chains[:limit])
        total = None if len(chains) <= limit else answers.chain_count(resource, at_most=MAX_COUNTED)
        _shown(a, total, "chain", at_least=total is not None and total > MAX_COUNTED)
    elif p.form == "profile":
        _profile_lines(a, answers.profile(actor, limit=limit, citations=citations))
    elif p.form in ("due", "overdue"):
        _plans(a, answers, p, limit, as_of)
    return a


def _plans(a: Answer, answers: Answers, p: Parsed, limit: int, as_of: str | None) -> None:
    """Plans due by a year or day, or those overdue (as of `as_of`), each with its status and citation."""
    if p.form == "due":
        until = _due_limit(p.when or "")
        found = answers.plans(due_before=until, as_of=as_of)
        a.heading = f"Plans due by {until}"
    else:
        found = answers.plans(status="overdue", as_of=as_of)
        a.heading = f"Plans overdue as of {as_of or 'today'}"
    a.results = list(found[:limit])
    for plan in a.results:
        c = plan.claim
        if plan.figure is not None:
            what = f"{plan.figure.raw or _number(plan.figure.value, plan.figure.unit)} (target)"
        else:
            what = f"{c.subject.label} {_ARROW[c.kind]} {c.object.label} ({c.resource.label})"
        settled = f" by {a.refs([plan.settled_by])}" if plan.settled_by is not None else ""
        a.lines.append(f"{what} — due {plan.due} {a.refs([c])}: {plan.status}{settled}")
    _shown(a, len(found), "plan")


def _due_limit(when: str) -> str:
    """The last day a "due by" question covers: a year means its 31 December, a day itself."""
    import datetime as _dt

    text = when.strip()
    if re.fullmatch(r"(?:1|2)\d{3}", text):
        return f"{text}-12-31"
    try:
        return _dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise QueryError(f"cannot read {text[:40]!r} as a year (2027) or a day (2027-06-30)") from None


def _shown(a: Answer, total: int | None, noun: str, at_least: bool = False) -> None:
    """Finish the heading with the count, and say how to see more when only the first results are shown.

    `at_least`: counting stopped early and the true total exceeds `total - 1`."""
    shown = len(a.results)
    total = shown if total is None else total
    over = ""
    if at_least:
        total, over = total - 1, "over "
    a.total = total
    a.heading += f": {over}{_count(total, noun)}"
    if total > shown:
        a.heading += f" (the first {shown} shown)"
        a.lines.append(f"… and {over}{total - shown:,} more {noun}s: ask again with a higher limit "
                       "(`kg ask --limit`, /ask?limit=)")


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _edge_line(a: Answer, e: Edge) -> str:
    extra = ""
    if e.attributed_sources:
        extra += "; according to " + ", ".join(s.label for s in e.attributed_sources)
    if e.modalities and e.modalities != ("asserted",):
        extra += "; " + "/".join(e.modalities)
    if e.verified_count:
        extra += f"; {e.verified_count} verified"
    if e.rejected_count:
        extra += f"; {e.rejected_count} rejected"
    cited = a.refs(e.claims)
    if len(e.claims) < e.claim_count:
        cited += f" (the first {len(e.claims)} cited)" if e.claims else " (citations not asked for)"
    return (f"{e.subject.label}{_members(e.subject, e.subject_members)} {_ARROW[e.kind]} "
            f"{e.object.label}{_members(e.object, e.object_members)} ({e.resource.label}) — "
            f"{_count(e.claim_count, 'claim')}, {_sources(e.source_count, e.story_count)}{extra} {cited}")


def _period(p: Parsed) -> str:
    """' (articles dated 2023-01-01 to 2023-12-31)': the time phrase of a question, as read."""
    if not (p.date_from or p.date_to):
        return ""
    if p.date_from and p.date_to:
        return f" (articles dated {p.date_from} to {p.date_to})"
    return f" (articles dated {'from ' + p.date_from if p.date_from else 'until ' + p.date_to})"


def _members(side, members) -> str:
    """' [Biden administration, BIS]': the actors a rolled-up side stands for, unless only itself."""
    if not members or [m.iri for m in members] == [side.iri]:
        return ""
    return " [" + ", ".join(m.label for m in members) + "]"


def _sources(articles: int, stories: int) -> str:
    """'4 articles, 2 independent stories': a story republished by several outlets is one source."""
    return f"{_count(articles, 'article')}, {stories:,} independent stor{'y' if stories == 1 else 'ies'}"


def _edge_lines(a: Answer, edges: list[Edge]) -> None:
    a.results = list(edges)
    a.lines += [_edge_line(a, e) for e in edges]


def _figure_lines(a: Answer, figs: list[Figure]) -> None:
    a.results = list(figs)
    for f in figs:
        about = f" — {f.about}" if f.about else ""
        year = f" ({f.year})" if f.year else ""
        a.lines.append(f"{f.raw or _number(f.value, f.unit)}{year}{about} {a.refs([f.citation])}")


def _cluster_lines(a: Answer, clusters: list[FigureCluster]) -> None:
    """'Russia, 2023 (percent of its chips from China) — conflict (spread 3.4%): 88 percent [1]; 85 percent [2]'."""
    a.results = list(clusters)
    for c in clusters:
        spread = f" (spread {c.spread:.1%})" if c.spread is not None else ""
        values = "; ".join(
            f"{v.figure.raw or _number(v.figure.value, v.figure.unit)}"
            f"{'' if v.figure.unit == c.unit or v.normalised is None else ' = ' + _number(round(v.normalised, 2), c.unit)}"
            f" {a.refs([v.figure.citation])}" for v in c.values)
        what = f" ({c.description})" if c.description else ""
        a.lines.append(f"{c.subject.label}{', ' + str(c.year) if c.year else ''}{what} — {c.status}{spread}, "
                       f"{_count(c.source_count, 'article')}: {values}")


def _source_lines(a: Answer, groups: list[SourceGroup], citations: int | None) -> None:
    a.results = list(groups)
    for g in groups:
        parts = []
        if g.claims:
            parts.append(_count(len(g.claims), "claim"))
        if g.statements:
            parts.append(_count(len(g.statements), "passage"))
        cites = [*g.claims, *(s.citation for s in g.statements)]
        shown = cites if citations is None else cites[:citations]
        more = f" (the first {len(shown)} cited)" if len(shown) < len(cites) else ""
        a.lines.append(f"{g.source.label}: {', '.join(parts)} {a.refs(shown)}{more}")


def _chain_lines(a: Answer, chains: list[Chain]) -> None:
    a.results = list(chains)
    for c in chains:
        # each arrow carries the citations of its own hop
        parts = [c.actors[0].label]
        for hop, actor in zip(c.hops, c.actors[1:]):
            parts.append(f"→{a.refs(hop.claims)} {actor.label}")
        a.lines.append(" ".join(parts) + f" ({c.resource.label})")


def _profile_lines(a: Answer, p: Profile) -> None:
    a.heading = (f"{p.actor.label} ({p.actor.type or 'actor'}"
                 f"{', Wikidata ' + p.actor.wikidata if p.actor.wikidata else ''}): "
                 f"mentioned in {_count(p.actor.article_count, 'article')}")
    a.results = [p]
    for e in (*p.outgoing, *p.incoming):
        a.lines.append(_edge_line(a, e))
    for f in p.figures:
        a.lines.append(f"figure: {f.raw or _number(f.value, f.unit)}{' (' + str(f.year) + ')' if f.year else ''} "
                       f"{a.refs([f.citation])}")
    for s in p.statements:
        a.lines.append(f"quoted as a source ({s.cue or 'attributed'}) {a.refs([s.citation])}")


def _number(value: float, unit: str) -> str:
    v = int(value) if value == int(value) else value
    return f"{v} {unit}"


def format_citation(n: int, c: Citation) -> str:
    """[n] title, publisher, date, URL; then the verbatim quote, offsets, attribution, modality."""
    head = ", ".join(x for x in (f"\u201c{c.title}\u201d" if c.title else c.article, c.publisher, c.date) if x)
    if c.url:
        head += f". {c.url}"
    detail = [f"characters {c.start}\u2013{c.end}"]
    if c.attributed_to:
        via = "".join(f" via {v.label}" for v in c.reported_via)
        detail.append(f"attributed to {c.attributed_to.label}{via}")
    if c.modality:
        detail.append(c.modality)
    for f in c.figures:
        detail.append(f"{f.raw or _number(f.value, f.unit)}{' in ' + str(f.year) if f.year else ''}")
    if c.review is not None:
        detail.append(f"{c.review.verdict.upper()} by {c.review.by} {c.review.time[:10]}"
                      f"{': ' + c.review.note if c.review.note else ''}")
    return f"[{n}] {head}\n    \u201c{c.quote}\u201d ({'; '.join(detail)})"
