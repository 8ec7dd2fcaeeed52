"""/articles: the articles in the graph, and one article with its claims, figures and quoted sources."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from ..deps import ARTICLE_ID_PATTERN, ActorName, AnswersDep, PageDep
from ..models import Article, ArticleDetail, Page, page_of

router = APIRouter(tags=["articles"])


@router.get("/articles", response_model=Page[Article], summary="Articles, newest first (optionally those naming an actor)")
def list_articles(answers: AnswersDep, page: PageDep, actor: ActorName = None) -> dict[str, object]:
    return page_of(answers.articles(actor=actor), page.limit, page.offset)


@router.get("/articles/{id}", response_model=ArticleDetail, summary="One article with its claims and citations")
def get_article(answers: AnswersDep, id: Annotated[str, Path(max_length=200, json_schema_extra={
        "pattern": ARTICLE_ID_PATTERN})]) -> ArticleDetail:
    return answers.article(id)
