"""Neighbours and related posts, computed once all articles are known."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Sequence

RELATED_COUNT = 3


def _keys(article) -> tuple[frozenset[str], str]:
    # Plain strings: Pelican's Tag and Category hash and compare by slug, which is slow in bulk.
    return frozenset(str(t) for t in getattr(article, "tags", [])), str(article.category)


# Scanning every pair is quadratic; a large blog only compares a post with the most recent posts
# of each of its tags and its category, which is where the best matches are found anyway.
SCAN_PER_GROUP = 200


class RelatedIndex:
    """Posts by tag and by category, newest first, to find related posts without comparing all pairs."""

    def __init__(self, candidates: Sequence):
        self.keys = {id(a): _keys(a) for a in candidates}
        self.posts = {id(a): a for a in candidates}
        groups: dict[tuple, list] = {}
        for other in sorted(candidates, key=lambda a: a.date, reverse=True):
            tags, category = self.keys[id(other)]
            for tag in tags:
                groups.setdefault(("tag", other.lang, tag), []).append(id(other))
            groups.setdefault(("category", other.lang, category), []).append(id(other))
        self.groups = {key: members[:SCAN_PER_GROUP] for key, members in groups.items()}

    def related(self, article) -> list:
        """Shared tags weigh twice as much as a shared category; the newer post wins a tie."""
        tags, category = self.keys.get(id(article)) or _keys(article)
        # Counted by Counter.update (in C): a tag's members twice, the category's once. The order
        # posts are first counted in is kept, and breaks a tie of score and date, as before.
        scores: Counter[int] = Counter()
        for tag in tags:
            members = self.groups.get(("tag", article.lang, tag), ())
            scores.update(members)
            scores.update(members)
        scores.update(self.groups.get(("category", article.lang, category), ()))
        scores.pop(id(article), None)
        if not scores:
            return []
        # Only posts scoring at least the third best score can be among the best (in their order).
        least = heapq.nlargest(RELATED_COUNT, scores.values())[-1]
        contenders = [i for i, score in scores.items() if score >= least]
        posts = self.posts
        best = heapq.nlargest(RELATED_COUNT, contenders, key=lambda i: (scores[i], posts[i].date))
        return [posts[i] for i in best]


_last: tuple[tuple, dict] = ((), {})  # the live preview's previous build: its signature and result


def related_by_post(candidates: Sequence) -> dict[int, list]:
    """id(post) -> its related posts. The live preview rebuilds many times in one process, and
    saving a post's text changes no tag, category or date, so the previous answer is reused."""
    global _last
    signature = tuple((a.source_path, a.lang, a.date, _keys(a)) for a in candidates)
    by_source = {a.source_path: a for a in candidates}
    if signature != _last[0]:
        index = RelatedIndex(candidates)
        _last = (signature, {a.source_path: [o.source_path for o in index.related(a)] for a in candidates})
    return {id(a): [by_source[source] for source in _last[1][a.source_path]] for a in candidates}


def related_posts(article, candidates: Sequence) -> list:
    return RelatedIndex(candidates).related(article)


def attach_neighbours(articles: Sequence) -> None:
    """Set newer_article/older_article within one language, newest first."""
    by_lang: dict[str, list] = {}
    for article in sorted(articles, key=lambda a: a.date, reverse=True):
        by_lang.setdefault(article.lang, []).append(article)
    for ordered in by_lang.values():
        for i, article in enumerate(ordered):
            article.newer_article = ordered[i - 1] if i > 0 else None
            article.older_article = ordered[i + 1] if i + 1 < len(ordered) else None
