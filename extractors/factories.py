"""All spaCy registrations of the project, in one place; names carry a version."""
from __future__ import annotations

from spacy.language import Language

from .actors import SPAN_KEY, ActorTagger
from .gazetteer import load_gazetteer


@Language.factory(
    "aigeo_actors_v1",
    assigns=["doc.spans"],
    requires=["doc.ents"],
    default_config={"gazetteer_path": None},
)
def make_actor_tagger(nlp: Language, name: str, gazetteer_path: str | None) -> ActorTagger:
    return ActorTagger(nlp, load_gazetteer(gazetteer_path))
