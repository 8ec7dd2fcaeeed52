"""Actor mentions: gazetteer phrase matches merged with spaCy NER, resolved to stable keys."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .gazetteer import Gazetteer, slugify
from .records import Actor

SPAN_KEY = "aig_actors"
# spaCy NER labels that can name an actor the gazetteer lacks, and the actor type they suggest
NER_TYPES = {"GPE": "Country", "ORG": "Organization", "PERSON": "Person", "PRODUCT": "Product"}


class ActorTagger:
    """Marks actor mentions in `doc.spans[SPAN_KEY]`: label = actor type, kb_id = actor key.

    Gazetteer forms win over NER on overlap; NER entities the gazetteer lacks are kept with a
    slug key. The span's `id_` says how it was found: name, demonym, metonym or ner.
    """

    def __init__(self, nlp: Language, gazetteer: Gazetteer, span_key: str = SPAN_KEY):
        self.gazetteer = gazetteer
        self.span_key = span_key
        # Short or upper-case forms ("US", "AI", "SMIC") are matched case-sensitively; the rest on
        # lower case, so that "the kremlin" and "The Kremlin" both hit.
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._kind: dict[str, tuple[str, str]] = {}
        exact, lower = {}, {}
        for surface, key, kind in gazetteer.surface_forms():
            label = f"{key}|{kind}"
            self._kind[label] = (key, kind)
            case_sensitive = len(surface) <= 4 or surface.isupper()
            target = exact if case_sensitive else lower
            target.setdefault(label, []).append(surface)
        for table, matcher in ((exact, self.exact), (lower, self.lower)):
            for label, forms in table.items():
                matcher.add(label, list(nlp.tokenizer.pipe(sorted(set(forms)))))

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for matcher in (self.exact, self.lower):
            for match_id, start, end in matcher(doc):
                key, kind = self._kind[doc.vocab.strings[match_id]]
                entry = self.gazetteer.get(key)
                spans.append(Span(doc, start, end, label=entry.type, kb_id=key, span_id=kind))
        for ent in doc.ents:
            etype = NER_TYPES.get(ent.label_)
            if etype is None:
                continue
            ent = _trim(ent)
            if ent is None:
                continue
            hit = self.gazetteer.lookup(ent.text)
            if hit is not None:
                spans.append(Span(doc, ent.start, ent.end, label=hit.type, kb_id=hit.key, span_id="name"))
            else:
                spans.append(Span(doc, ent.start, ent.end, label=etype, kb_id=slugify(ent.text), span_id="ner"))
        doc.spans[self.span_key] = filter_spans(spans)
        return doc


def _trim(ent: Span) -> Span | None:
    """Drop a leading determiner and a trailing possessive from an NER span."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and doc[end - 1].tag_ == "POS":
        end -= 1
    if start >= end or not any(t.is_alpha for t in doc[start:end]):
        return None
    return Span(doc, start, end, label=ent.label_)


@dataclass
class ActorIndex:
    """Article-level view of the actors: every mention's key, and the actor records."""

    gazetteer: Gazetteer
    mentions: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)  # (para, token) -> (key, kind)
    _actors: dict[str, dict] = field(default_factory=dict)

    def add(self, para: int, span: Span, offset: int) -> None:
        key, kind = span.kb_id_, span.id_
        for t in span:
            self.mentions[(para, t.i)] = (key, kind)
        rec = self._actors.setdefault(key, {"type": span.label_, "surfaces": [], "mentions": []})
        rec["surfaces"].append(span.text)
        rec["mentions"].append((offset + span.start_char, offset + span.end_char))

    def key_at(self, para: int, token_i: int) -> str | None:
        hit = self.mentions.get((para, token_i))
        return hit[0] if hit else None

    def kind_at(self, para: int, token_i: int) -> str | None:
        hit = self.mentions.get((para, token_i))
        return hit[1] if hit else None

    def actors(self) -> tuple[Actor, ...]:
        out = []
        for key, rec in self._actors.items():
            entry = self.gazetteer.get(key)
            name = entry.name if entry else _best_surface(rec["surfaces"])
            aliases = sorted({s for s in rec["surfaces"] if s != name})
            out.append(Actor(
                key=key,
                name=name,
                type=entry.type if entry else rec["type"],
                aliases=tuple(aliases),
                wikidata=entry.wikidata if entry else None,
                in_gazetteer=entry is not None,
                mentions=tuple(rec["mentions"]),
            ))
        out.sort(key=lambda a: a.mentions[0] if a.mentions else (0, 0))
        return tuple(out)


def _best_surface(surfaces: list[str]) -> str:
    """The longest form the text uses for an actor outside the gazetteer."""
    return max(surfaces, key=lambda s: (len(s), s))


def index_actors(paras: list[tuple[Doc, int]], gazetteer: Gazetteer) -> ActorIndex:
    index = ActorIndex(gazetteer)
    for p, (doc, offset) in enumerate(paras):
        for span in doc.spans.get(SPAN_KEY, []):
            index.add(p, span, offset)
    return index
