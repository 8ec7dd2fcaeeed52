"""/questions and /resources: what the ask box can suggest (question forms, resource names)."""
from __future__ import annotations

from fastapi import APIRouter

from kg.read.ask import question_forms

from ..deps import AnswersDep
from ..models import QuestionForm, Resource

router = APIRouter(tags=["ask"])


@router.get("/questions", response_model=list[QuestionForm], summary="The question forms /ask understands, "
            "each with an example")
def list_questions() -> list[QuestionForm]:
    return [QuestionForm(form=f.form, example=f.example) for f in question_forms()]


@router.get("/resources", response_model=list[Resource], summary="Resources (SKOS concepts) with their synonyms")
def list_resources(answers: AnswersDep) -> list[Resource]:
    return sorted(answers.catalog.resources.values(), key=lambda r: r.label.lower())
