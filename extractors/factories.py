"""All spaCy registrations of the project, in one place; names carry a version."""
from __future__ import annotations

from spacy.language import Language

from .components import ActorComponent


@Language.factory("aigeo_actors_v2", assigns=["doc.spans"], requires=["doc.ents"])
def make_actor_component(nlp: Language, name: str) -> ActorComponent:
    """v2: the gazetteer is handed in at initialize (v1 read a file path from its config)."""
    return ActorComponent(nlp, name)
