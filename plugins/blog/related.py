"""Neighbours and related posts, computed once all articles are known."""

from __future__ import annotations

from collections.abc import Sequence

RELATED_COUNT = 3


def score(a, b) -> int:
    """Shared tags weigh twice as much as a shared category."""
    shared_tags = len(set(getattr(a, "tags", [])) & set(getattr(b, "tags", [])))
    return 2 * shared_tags + (1 if a.category == b.category else 0)


def related_posts(article, candidates: Sequence) -> list:
    scored = [
        (score(article, other), other.date, other)
        for other in candidates
        if other is not article and other.lang == article.lang
    ]
    scored = [item for item in scored if item[0] > 0]
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [other for _, _, other in scored[:RELATED_COUNT]]


def attach_neighbours(articles: Sequence) -> None:
    """Set newer_article/older_article within one language, newest first."""
    by_lang: dict[str, list] = {}
    for article in sorted(articles, key=lambda a: a.date, reverse=True):
        by_lang.setdefault(article.lang, []).append(article)
    for ordered in by_lang.values():
        for i, article in enumerate(ordered):
            article.newer_article = ordered[i - 1] if i > 0 else None
            article.older_article = ordered[i + 1] if i + 1 < len(ordered) else None
