"""/ask: a plain question answered with numbered citations (the same as `kg ask --json`)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from kg.read.ask import DEFAULT_CITATIONS, DEFAULT_LIMIT, MAX_QUESTION_CHARS, ask, examples, question_pattern

from ..deps import AnswersDep
from ..models import AskAnswer

router = APIRouter(tags=["ask"])


@router.get("/ask", response_model=AskAnswer, summary="Answer a question such as 'who depends on whom for chips'")
def ask_question(
    answers: AnswersDep,
    # the pattern documents the question forms (any case and spacing); the route itself answers a
    # question outside them with 400 and the forms it understands
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUESTION_CHARS, examples=examples()[:3],
                            description="The question, in one of the forms: " + "; ".join(examples()) + ".",
                            json_schema_extra={"pattern": question_pattern()})],
    limit: Annotated[int, Query(ge=1, le=1000, description="Most edges, figures, sources, articles or chains "
                                                          "shown, best supported first.")] = DEFAULT_LIMIT,
    citations: Annotated[int, Query(ge=0, le=1000, description="Most citations per edge or hop (its earliest); "
                                                              "counts always cover every claim.")] = DEFAULT_CITATIONS,
    roll_up: Annotated[bool, Query(description="Roll actors up to their state or bloc (`kg ask --roll-up`).")] = False,
) -> AskAnswer:
    answer = ask(answers, q, limit=limit, citations=citations, roll_up=roll_up)
    return AskAnswer(text=answer.to_text(), **answer.to_dict())
