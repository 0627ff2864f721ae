"""The articles and pages a build writes: what may reach the output, and nothing else.

Pelican reads drafts and planned posts in every build; whether it writes them depends on the
settings (the preview shows them under /utkast/, a public build has DRAFT_SAVE_AS = ""), and an
item that is not written has an empty save_as. Asking each item keeps that rule in one place.
"""

from __future__ import annotations

# Every list of articles and pages that Pelican's generators keep.
CONTENT_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
                 "drafts_translations", "pages", "hidden_pages", "draft_pages", "draft_translations")


def written_items(generators) -> list:
    """Every article and page this build writes to the output."""
    return [item for generator in generators for name in CONTENT_LISTS
            for item in getattr(generator, name, []) if item.save_as]
