"""spaCy components whose rules are handed in at `initialize` rather than read from files by the component."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .actors import ActorTagger
from .gazetteer import Gazetteer


class ActorComponent:
    """Marks actor mentions (see ActorTagger) with the gazetteer given to `initialize`.

    Follows spaCy's pattern for data a component needs: the caller reads the gazetteer and hands
    its entries in; the extractors never read ontology files themselves.
    """

    def __init__(self, nlp: Language, name: str = "aigeo_actors"):
        self.nlp = nlp
        self.name = name
        self.tagger: ActorTagger | None = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None, gazetteer: Gazetteer) -> None:
        self.tagger = ActorTagger(nlp or self.nlp, gazetteer)

    def __call__(self, doc: Doc) -> Doc:
        if self.tagger is None:
            raise ValueError(f"the {self.name} component has no gazetteer: call its initialize(gazetteer=...) first")
        return self.tagger(doc)
