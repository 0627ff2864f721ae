"""The articles and pages a build writes: what may reach the output, and nothing else.

Pelican reads drafts and planned posts in every build; whether it writes them depends on the
settings (the preview shows them under /utkast/, a public build has DRAFT_SAVE_AS = ""), and an
item that is not written has an empty save_as. Asking each item keeps that rule in one place.
"""

from __future__ import annotations

# Every list of articles and pages that Pelican's generators keep.
CONTENT_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
                 "drafts_translations", "pages", "hidden_pages", "draft_pages", "draft_translations")


# Pelican formats save_as from the settings on every access; several plugins ask for every item,
# so each build remembers the answer in its own context (new each build), by item.
WRITTEN = "written_content"


def written_items(generators) -> list:
    """Every article and page this build writes to the output."""
    found = []
    for generator in generators:
        known = generator.context.setdefault(WRITTEN, {})
        for name in CONTENT_LISTS:
            for item in getattr(generator, name, []):
                if id(item) not in known:
                    known[id(item)] = (item, bool(item.save_as))  # the item too, so its id stays its own
                if known[id(item)][1]:
                    found.append(item)
    return found
