"""/questions and /resources: what the ask box can suggest (question forms, resource names)."""
from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from kg.read.ask import question_forms

from ..deps import AnswersDep

router = APIRouter(tags=["ask"])


class QuestionForm(BaseModel):
    form: str
    example: str


class Resource(BaseModel):
    iri: str
    key: str
    label: str
    aliases: list[str]


@router.get("/questions", response_model=list[QuestionForm], summary="The question forms /ask understands, "
            "each with an example")
def list_questions() -> list[QuestionForm]:
    return [QuestionForm(form=f.form, example=f.example) for f in question_forms()]


@router.get("/resources", response_model=list[Resource], summary="Resources (SKOS concepts) with their synonyms")
def list_resources(answers: AnswersDep) -> list[Resource]:
    return sorted((Resource(iri=r.iri, key=r.key, label=r.label, aliases=list(r.aliases))
                   for r in answers.catalog.resources.values()), key=lambda r: r.label.lower())
