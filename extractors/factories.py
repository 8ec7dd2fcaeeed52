"""All spaCy registrations of the project, in one place; names carry a version."""
from __future__ import annotations

from spacy.language import Language

from .attribute_table import AttributeTable, compile_ruler
from .components import ActorComponent
from .lemma_memo import LemmaMemo, memoisable


class NotCovered(ValueError):
    """The component a stand-in is asked to replace is one it does not reproduce exactly."""


@Language.factory("aigeo_actors_v2", assigns=["doc.spans"], requires=["doc.ents"])
def make_actor_component(nlp: Language, name: str) -> ActorComponent:
    """v2: the gazetteer is handed in at initialize (v1 read a file path from its config)."""
    return ActorComponent(nlp, name)


@Language.factory("aigeo_attribute_table_v1", assigns=["token.pos", "token.morph", "token.lemma", "token.tag", "token.dep"])
def make_attribute_table(nlp: Language, name: str, source: str = "attribute_ruler") -> AttributeTable:
    """The pipeline's attribute_ruler (the component named `source`) compiled to table look-ups."""
    table = compile_ruler(nlp.get_pipe(source))
    if table is None:
        raise NotCovered(f"the {source} component is no attribute ruler, or has patterns the table does not cover")
    return table


@Language.factory("aigeo_lemma_memo_v1", assigns=["token.lemma"], requires=["token.pos"])
def make_lemma_memo(nlp: Language, name: str, source: str = "lemmatizer") -> LemmaMemo:
    """The pipeline's rule lemmatizer (the component named `source`), each form lemmatised once."""
    lemmatizer = nlp.get_pipe(source)
    if not memoisable(lemmatizer):
        raise NotCovered(f"the {source} component is no rule lemmatizer")
    return LemmaMemo(lemmatizer)
